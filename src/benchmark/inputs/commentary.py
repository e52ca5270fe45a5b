"""Analysts' commentary for one brief: ``data/commentary/<brief>.md`` (``<brief>.ru.md`` in Russian), checked like data.

A commentary file is Markdown an analyst writes and edits in JupyterLab, named after the brief it
belongs to (the brief's file name without language, as for key messages: ``country-POL``,
``compare-KAZ-vs-JPN-RUS``, ``kz-competition``). It opens with a front matter that says who wrote it
and when::

    ---
    author: A. Analyst
    date: 2026-12-01
    ---
    Poland's programme ...

``country-POL.md`` is shown in the brief in English (and, marked as English, in the other languages
when there is no translation); ``country-POL.ru.md`` in the Russian brief, ``country-POL.kk.md`` in
the Kazakh one. Every problem is named with its file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import files, load
from .messages import did_you_mean, suggest_date

#: The languages a commentary can be written in (``<brief>.<lang>.md``; no suffix is English).
LANGUAGES = ("en", "ru", "kk")
#: The fields of the front matter.
FIELDS = ("author", "date", "title")
_NAME = re.compile(r"^(?P<brief>(country|compare|kz-competition)[A-Za-z0-9_-]*?)(\.(?P<lang>[a-z]{2}))?\.md$")


@dataclass(frozen=True)
class Commentary:
    """One brief's commentary in one language."""

    brief: str
    lang: str
    author: str
    date: dt.date
    title: str | None
    body: str  # Markdown
    path: Path


def folder() -> Path:
    """``data/commentary/``."""
    return paths.DATA / "commentary"


def path_of(brief: str, lang: str = "en") -> Path:
    """The file of ``brief``'s commentary in ``lang``: ``country-POL.md``, ``country-POL.ru.md``."""
    return folder() / (f"{brief}.md" if lang == "en" else f"{brief}.{lang}.md")


def _countries_of(brief: str) -> list[str]:
    from .key_messages import countries_of

    try:
        return countries_of(brief)
    except ValueError:
        return []


def read(path: Path) -> Commentary:
    """One commentary file, checked: its name, its front matter (author, date) and a text after it.

    Raises:
        DataError: the file's name, front matter or text is wrong (file and line named).
    """
    brief, lang = _brief_of(path)
    front, lines, end = _front_matter(path)
    rel = paths.relative(path)
    problems, author, date, title = _fields(rel, front, lines[:end])
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        problems.append(
            Problem(rel, "no commentary after the front matter: write it below the second ---", line=end + 2)
        )
    if problems or not isinstance(date, dt.date):
        raise DataError(problems)
    return Commentary(brief, lang, str(author).strip(), date, title, body, path)


def _brief_of(path: Path) -> tuple[str, str]:
    """The brief and language a commentary file's name gives; a DataError when no brief has that name."""
    m = _NAME.match(path.name)
    if not m or (m["lang"] or "en") not in LANGUAGES:
        raise DataError.one(
            path,
            "a commentary file is named after its brief, with an optional language: country-POL.md, "
            "country-POL.ru.md, compare-KAZ-vs-JPN-RUS.md or kz-competition.kk.md (languages: en, ru, kk)",
        )
    brief, lang = m["brief"], m["lang"] or "en"
    known = load.known_countries()
    countries = _countries_of(brief)
    bad = [c for c in countries if c not in known] or ([] if countries else [brief])
    if bad:
        raise DataError.one(
            path,
            f"no brief is named {brief!r}: {bad[0]!r} is not a country with data{did_you_mean(bad[0], known)} "
            f"(countries with data: {', '.join(known)})",
        )
    if brief.rsplit("-", 1)[-1] in LANGUAGES:
        base, code = brief.rsplit("-", 1)
        raise DataError.one(
            path, f"the language goes after a dot: name the file {base}.{code}.md (or {base}.md for English)"
        )
    if brief.startswith("country-") and brief.count("-") >= 2:
        rest = brief.split("-", 2)[2]
        try:
            programmes = [p.id for p in load.load_country(countries[0]).programmes]
        except UserError:  # the country file's own problem is reported once, by its check
            programmes = [rest]
        if rest not in programmes:
            raise DataError.one(
                path,
                f"no brief is named {brief!r}: after the country comes one of its programme ids"
                f"{did_you_mean(rest, programmes)} (a country brief for another year shows the country's "
                f"commentary, {brief.split('-', 2)[0]}-{countries[0]}.md)",
            )
    return brief, lang


def _front_matter(path: Path) -> tuple[dict, list[str], int]:
    """The front matter (between two lines ---), the file's lines and the index of the closing ---."""
    text = files.read_text(path, "commentary file").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise DataError.one(
            path,
            "a commentary starts with its front matter: a line ---, author: ..., date: YYYY-MM-DD, a line ---",
            line=1,
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise DataError.one(
            path, "the front matter is not closed: add a line --- after author and date", line=1
        ) from None
    try:
        front = yaml.safe_load("\n".join(lines[1:end])) or {}
    except (ValueError, OverflowError) as exc:
        raise DataError.one(
            path, f"a value in the front matter cannot be read: {exc}; write dates as 2026-12-01", line=2
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError.one(
            path,
            f"the front matter is not `name: value` lines: {getattr(exc, 'problem', exc)}",
            line=(mark.line + 2) if mark else 2,
        ) from None
    if not isinstance(front, dict):
        raise DataError.one(path, "the front matter is `name: value` lines: author: ..., date: YYYY-MM-DD", line=2)
    return front, lines, end


def _fields(rel: str, front: dict, head: list[str]):
    """(problems, author, date, title) of the front matter; ``head``: the file's lines up to the closing ---."""
    problems: list[Problem] = []

    def line_of(key: str) -> int:
        return next((i + 1 for i in range(1, len(head)) if head[i].split(":", 1)[0].strip() == key), 1)

    typos: dict[str, str] = {}  # a misspelt field named once, with the field it likely means
    for key in front:
        if key not in FIELDS:
            close = [f for f in FIELDS if f not in front and did_you_mean(str(key), [f])]
            if close:
                typos[close[0]] = str(key)
            hint = f" (did you mean {close[0]!r}?)" if close else did_you_mean(str(key), FIELDS)
            problems.append(
                Problem(
                    rel,
                    f"unknown field `{key}`{hint}; the fields are author, date and title (optional)",
                    str(key),
                    line_of(str(key)),
                )
            )
    author = front.get("author")
    if "author" not in typos and (not isinstance(author, str) or not author.strip()):
        problems.append(
            Problem(
                rel,
                "required field `author` is missing or empty: write who wrote the commentary",
                "author",
                line_of("author") if "author" in front else 2,
            )
        )
    date = front.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            hit = suggest_date(date)
            problems.append(
                Problem(
                    rel,
                    f"found {date!r}; expected a date written year-month-day, such as 2026-12-01"
                    + (f" (did you mean {hit}?)" if hit else ""),
                    "date",
                    line_of("date"),
                )
            )
            date = None
    elif not isinstance(date, dt.date) and "date" in front:
        problems.append(
            Problem(
                rel,
                f"found {date!r}; expected a date written year-month-day, such as 2026-12-01",
                "date",
                line_of("date"),
            )
        )
        date = None
    elif "date" not in front and "date" not in typos:
        problems.append(
            Problem(
                rel, "required field `date` is missing: write the date of the commentary, such as 2026-12-01", "date", 2
            )
        )
    title = front.get("title")
    if title is not None and not isinstance(title, str):
        problems.append(Problem(rel, f"found {title!r}; expected a text", "title", line_of("title")))
    return problems, author, date, title


def for_brief(brief: str, lang: str = "en") -> Commentary | None:
    """The commentary ``brief`` shows in ``lang``: its own language's file, else the English one, else None.

    Both files are recorded as read, so a build rebuilds the brief when one is written or changed.

    Raises:
        DataError: the file it would show has a problem.
    """
    for code in dict.fromkeys([lang, "en"]):
        path = path_of(brief, code)
        if not path.is_file():
            files.record(path)
            continue
        return files.cached("commentary", path, partial(read, path))
    return None


def check_all() -> list[Problem]:
    """Every file in ``data/commentary/`` (for ``clusterbench validate``); other files there are named too."""
    if not folder().is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder().iterdir()):
        if path.name.startswith(".") or path.name.lower() in ("readme.md",):
            continue
        try:
            read(path)
        except UserError as exc:
            problems += exc.problems
    return problems
