"""User-facing errors: what file, which field, what was wrong. The CLI prints them without a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with one input file."""

    file: str
    reason: str
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f" [{self.field}]" if self.field else ""
        return f"{where}{what}: {self.reason}"


class UserError(Exception):
    """A mistake in the user's input (data, parameters, command line). Exit code 2, no traceback."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        items: list[Problem] | list[Problem | str] = [problems] if isinstance(problems, (Problem, str)) else problems
        self.problems = [p if isinstance(p, Problem) else Problem(file="", reason=p) for p in items]
        super().__init__("\n".join(str(p).lstrip(": ") for p in self.problems))


class DataError(UserError):
    """A data file does not validate."""

    @classmethod
    def one(cls, file: Path | str, reason: str, field: str | None = None, line: int | None = None) -> DataError:
        """A DataError with one problem in ``file`` (shown relative to the project root)."""
        from .paths import relative

        return cls(Problem(file=relative(Path(file)), reason=reason, field=field, line=line))


def unique(problems: list[Problem]) -> list[Problem]:
    """Problems in order, each once (a union type, or two checks, can report one mistake twice)."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.file, p.line, p.field, p.reason)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
