"""Analysts' own key messages (``data/key_messages.yaml``), checked like any other claim.

Every brief opens with key messages. The workbook generates them from the data; an analyst who wants
to say it differently writes messages for that brief here, each citing the facts, open questions or
sources behind it. A cited id that does not exist fails with the file, line and reason, as in the
country files.
"""

from __future__ import annotations

from pathlib import Path

from ..core import paths
from ..core.errors import DataError, Problem
from . import files, load
from .assessments import citable_ids
from .messages import did_you_mean
from .naming import brief_key as brief_key  # the name messages are filed under: the build's own naming
from .schemas import BriefMessages, KeyMessagesFile


def key_messages_path() -> Path:
    """``data/key_messages.yaml`` (optional: without it every brief's messages are generated)."""
    return paths.DATA / "key_messages.yaml"


def countries_of(brief: str) -> list[str]:
    """The countries a brief's messages may cite: ``compare-KAZ-vs-JPN-RUS`` -> KAZ, JPN, RUS."""
    if brief.startswith("country-"):
        return [brief.split("-")[1]]
    if brief.startswith("compare-"):
        focal, peers = brief[len("compare-") :].split("-vs-")
        return [focal, *peers.split("-")]
    return ["KAZ"]  # the competition brief is about Kazakhstan's 2017 call


def _check(parsed: KeyMessagesFile, path: Path, node, only: str | None) -> list[Problem]:
    rel = paths.relative(path)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(parsed.briefs):

        def bad(fld: tuple, reason: str, i=i) -> None:
            loc = ("briefs", i, *fld)
            problems.append(Problem(rel, reason, field=load._field(loc), line=load.line_of(node, loc)))

        if entry.brief in seen:
            bad(("brief",), f"{entry.brief!r} has messages twice (also entry {seen[entry.brief] + 1}); keep one")
        seen.setdefault(entry.brief, i)
        if only is not None and entry.brief != only:
            continue
        countries = countries_of(entry.brief)
        unknown = [c for c in countries if c not in load.known_countries()]
        for c in unknown:
            bad(("brief",), f"no data/countries/{c}.yaml for {c}, named in {entry.brief!r}")
        if unknown:
            continue
        cites = citable_ids(countries)
        for j, m in enumerate(entry.messages):
            for k, c in enumerate(m.cites):
                if c not in cites:
                    bad(
                        ("messages", j, "cites", k),
                        f"{c!r} is neither a source id nor a fact or open-question id of "
                        f"{', '.join(countries)}{did_you_mean(c, cites)}",
                    )
    return problems


def _parsed(only: str | None = None) -> KeyMessagesFile | None:
    path = key_messages_path()
    if not path.exists():
        files.record(path)  # a file added later must rebuild the briefs it would change
        return None
    data, node = load.read_yaml(path)
    parsed = files.cached("model:key_messages", path, lambda: load.validate(KeyMessagesFile, data, path, node))
    problems = _check(parsed, path, node, only)
    if problems:
        raise DataError(problems)
    return parsed


def for_brief(brief: str) -> BriefMessages | None:
    """The analyst's messages for ``brief`` (its file name without language), or None to generate them.

    Raises:
        DataError: the file does not validate, or a message of this brief cites an unknown id.
    """
    parsed = _parsed(brief)
    if parsed is None:
        return None
    return next((b for b in parsed.briefs if b.brief == brief), None)


def check_all() -> list[Problem]:
    """Every problem in the key messages file (for ``clusterbench validate``)."""
    try:
        _parsed()
    except DataError as exc:
        return exc.problems
    return []
