"""``clusterbench new``: commented skeletons of a new country's data that pass ``validate`` at once.

``new_country("NOR")`` writes ``data/countries/NOR.yaml`` (a summary and one programme card),
``data/sources/nor.yaml`` (one source entry to fill) and ``data/assessments/NOR.yaml`` (every dimension
"not scored"). ``new_programme("NOR", "nor_arena")`` adds a programme card and its assessments. Every
value to replace is marked ``TO FILL``; the placeholder figures carry the status ``illustrative``, so a
brief rendered before they are replaced says they are not real.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..core import paths
from ..core.errors import UserError
from . import assessments, files, load
from .countries import country_name, is_iso3
from .schemas import SNAKE_ID

#: The marker of every value an analyst must replace.
TO_FILL = "TO FILL"


def _source_id(iso3: str) -> str:
    return f"{iso3.lower()}_todo_first_source"


def _programme_block(iso3: str, pid: str, source_id: str) -> str:
    return f"""
  # --- {pid} {"-" * max(1, 92 - len(pid))}
  - id: {pid}
    title: "{TO_FILL}: the programme's name, e.g. Norwegian Innovation Clusters"
    country: {iso3}
    level: national  # national, or regional (then add `region: <name>`)
    managing_authorities:
      - "{TO_FILL}: the ministry or agency that runs it"
    operators: []  # the implementing agency, if another body runs it day to day
    beneficiaries:
      - "{TO_FILL}: who receives support (e.g. cluster organisations and their member firms)"
    target_groups: []  # STIP 2021 codes TG.., see data/reference/stip_2021/target_groups.csv
    instruments: []  # STIP 2021 codes PI.., see data/reference/stip_2021/policy_instruments.csv
    themes: []  # STIP 2021 codes TH.., see data/reference/stip_2021/themes.csv
    launch:  # a fact: the act or call that launched the programme
      id: {pid}_launch
      label: "{TO_FILL}: what launched the programme"
      value: "{TO_FILL}"  # a date (2002-01-01), a year (2002) or a short text
      year: {dt.date.today().year}  # {TO_FILL}: the year the source gives
      source: {source_id}
      status: illustrative  # verified (primary source), secondary, conflicting, illustrative
      quote: null  # the source's own words that carry the figure
    start_year: {dt.date.today().year}  # {TO_FILL}: the first year of the programme
    end_year: null  # only if a source states the end
    phases: []  # name, start, end (null if not stated), focus, source, status
    objectives:
      - "{TO_FILL}: an objective as the source states it"
    action_lines: []
    financing: []  # amount (a number), currency (NOK), year_start, year_end, per, scope, covers, source, status
    main_sectors: []
    results: []  # text, value, unit, year, source, status
    key_facts: []  # id, label, value, unit, date or year, source, status, quote, note
    lessons: []  # title, text, source
    open_questions: []  # id, question, known, source
    sources: [{source_id}]  # the sources of the card's descriptive text
    notes: []
"""


def _first_assessor() -> str:
    """The id of the first assessor in ``data/assessments/assessors.yaml`` (assessment files must name a
    listed assessor; a placeholder would fail validation)."""
    known = assessments.load_assessors() if assessments.assessors_path().exists() else {}
    firsts = [a.id for a in known.values() if a.role == "first"]
    return (firsts or list(known) or [f"{TO_FILL}: your name or team"])[0]


def _assessment_entries(pid: str, source_id: str, dims: list[str]) -> str:
    today = dt.date.today().isoformat()
    who = _first_assessor()
    out = []
    for d in dims:
        out.append(f"""  - programme: {pid}
    dimension: {d}
    score: null  # not scored yet: 0-4 against the scale in data/dimensions.yaml
    rationale: "Not assessed yet."
    cites: [{source_id}]  # fact ids, open-question ids or source ids that support the score
    assessor: "{who}"  # an assessor id from data/assessments/assessors.yaml
    date: {today}
""")
    return "".join(out)


def _check_new_id(pid: str, iso3: str) -> None:
    if not re.match(SNAKE_ID, pid):
        raise UserError(
            f"programme id {pid!r}: use lower-case letters, digits and underscores, starting with a "
            f"letter, e.g. {iso3.lower()}_innovation_clusters"
        )
    if not pid.startswith(iso3.lower() + "_"):
        raise UserError(f"programme id {pid!r}: start it with the country code, e.g. {iso3.lower()}_{pid}")
    taken = {p.id for c in load.known_countries() for p in load.load_country(c).programmes}
    if pid in taken:
        raise UserError(f"programme id {pid!r} is already used; choose another")


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise UserError(f"{paths.relative(path)} already exists; nothing was written")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_country(code: str, programme: str | None = None) -> list[Path]:
    """Write the skeleton of a new country: its card, a sources file and its assessments (all "not scored").

    Raises:
        UserError: the code is not ISO 3166-1 alpha-3, or the country already has files.
    """
    iso3 = str(code).strip().upper()
    if not (len(iso3) == 3 and is_iso3(iso3)):
        raise UserError(f"{code!r} is not an ISO 3166-1 alpha-3 country code; use a code such as NOR (Norway)")
    card, sources, scores = (
        load.country_file(iso3),
        paths.SOURCES_DIR / f"{iso3.lower()}.yaml",
        assessments.assessments_file(iso3),
    )
    for p in (card, sources, scores):
        if p.exists():
            raise UserError(
                f"{paths.relative(p)} already exists; to add a programme run `clusterbench new programme {iso3} <id>`"
            )
    pid = programme or f"{iso3.lower()}_cluster_programme"
    _check_new_id(pid, iso3)
    sid = _source_id(iso3)
    dims = [d.id for d in assessments.load_dimensions()]
    name = country_name(iso3)
    written = [
        _write_new(
            sources,
            f"""# Sources cited by data/countries/{iso3}.yaml: one entry per document.
# id: <publisher>_<year>_<slug> in lower case (e.g. regjeringen_2021_cluster_evaluation).
sources:
  - id: {sid}
    title: "{TO_FILL}: the document's title"
    publisher: "{TO_FILL}: who published it"
    year: {dt.date.today().year}  # {TO_FILL}: the year of the document (or remove and give year_note)
    url: null  # https://...
    date_accessed: {dt.date.today().isoformat()}  # the day you read it
    language: en  # the document's language (en, ru, kk, de ...)
    licence: "terms of the publisher; short quotation"  # or the licence it states, e.g. CC BY 4.0
""",
        ),
        _write_new(
            card,
            f"""# {name}: cluster policy programmes. Every figure cites a source in data/sources/{iso3.lower()}.yaml.
# Replace every {TO_FILL}; placeholder figures carry status `illustrative` until you replace them.
# The fields of each record, which are required and their formats: docs/schema.md.
country: {iso3}
summary: >-
  {TO_FILL}: two to four sentences on {name}'s cluster policy: which programmes, since when, run by whom.
summary_sources: [{sid}]

programmes:
{_programme_block(iso3, pid, sid)}
key_facts: []  # country-level facts: id, label, value, unit, date or year, source, status, quote, note

open_questions: []  # what was looked for and not found: id, question, known, source
""",
        ),
        _write_new(
            scores,
            f"""# Analyst assessments of {name}'s programmes: one per programme and dimension of
# data/dimensions.yaml. ANALYST JUDGEMENT, NOT MEASUREMENT. Score 0-4 against the dimension's scale, or
# leave `score: null` where the evidence is not enough.
country: {iso3}
assessments:
{_assessment_entries(pid, sid, dims)}""",
        ),
    ]
    return written


def _insert_before_next_top_level_key(text: str, after_key: str, block: str) -> str:
    """Insert ``block`` at the end of the top-level list ``after_key`` (before the next top-level key)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{after_key}:")), None)
    if start is None:
        raise UserError(f"no top-level `{after_key}:` found")
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[A-Za-z_]", lines[i])), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    if lines and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end]) + block.rstrip("\n") + "\n" + "".join(lines[end:])


def new_programme(code: str, pid: str) -> list[Path]:
    """Add a programme card skeleton to an existing country, and its assessments (all "not scored")."""
    iso3 = load.country_code(code)
    _check_new_id(pid, iso3)
    card, scores = load.country_file(iso3), assessments.assessments_file(iso3)
    cf = load.load_country(iso3)
    sid = cf.programmes[0].sources[0] if cf.programmes else _source_id(iso3)
    card.write_text(
        _insert_before_next_top_level_key(
            card.read_text(encoding="utf-8"), "programmes", _programme_block(iso3, pid, sid)
        ),
        encoding="utf-8",
    )
    dims = [d.id for d in assessments.load_dimensions()]
    if scores.exists():
        scores.write_text(
            _insert_before_next_top_level_key(
                scores.read_text(encoding="utf-8"), "assessments", _assessment_entries(pid, sid, dims)
            ),
            encoding="utf-8",
        )
    else:
        _write_new(scores, f"country: {iso3}\nassessments:\n{_assessment_entries(pid, sid, dims)}")
    return [card, scores]


def placeholders() -> list[str]:
    """Files under data/ that still contain the ``TO FILL`` marker, with how many (a reminder, not an error)."""
    out = []
    for p in sorted(paths.DATA.rglob("*.yaml")):
        n = p.read_text(encoding="utf-8", errors="replace").count(TO_FILL)
        if n:
            out.append(f"{paths.relative(p)}: {n} value{'s' if n > 1 else ''} marked {TO_FILL}")
    return out


# --- renaming a programme -------------------------------------------------------------------------


def _id_pattern(old: str) -> re.Pattern:
    """``old`` as an id or the start of an id made from it (``old_launch``, the skeleton's launch fact),
    never the middle or the end of another id."""
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(old)}(?![A-Za-z0-9])")


def _files_naming_ids() -> list[Path]:
    """Every file that can name a programme: data YAML (countries, assessments, recommendations, key
    messages, table sidecars), benchmark definitions and commentary."""
    found = [p for p in sorted(paths.DATA.rglob("*.yaml")) if p.is_file()]
    found += sorted(paths.BENCHMARKS.glob("*.yaml")) if paths.BENCHMARKS.is_dir() else []
    commentary = paths.DATA / "commentary"
    found += sorted(commentary.glob("*.md")) if commentary.is_dir() else []
    return found


def rename_programme(old: str, new: str, write: bool = True) -> list[str]:
    """Change the programme id ``old`` to ``new`` everywhere it is used; the changes, one line each.

    Covers the programme card, assessments (first and second assessor), recommendations, key messages
    (brief names such as ``country-KAZ-<id>``), table sidecars, benchmark parameters and commentary (its
    text and a file named after the programme's brief). Ids made from it (``<old>_launch``) follow, with
    every reference to them. With ``write=False`` nothing is written. When
    the card already says ``new`` (renamed by hand), the references still saying ``old`` are renamed.

    Raises:
        UserError: ``old`` is not a programme id, or ``new`` is not a valid id or is already used.
    """
    known = {p.id: p for p in load.load_programmes()}
    finishing = old not in known and new in known  # the card was renamed by hand: rename the rest
    if old not in known and not finishing:
        from .messages import did_you_mean

        raise UserError(f"no programme {old!r}{did_you_mean(old, list(known))}; programmes: {', '.join(sorted(known))}")
    if not re.fullmatch(SNAKE_ID, new) or not 2 <= len(new) <= 80:
        raise UserError(
            f"programme id {new!r}: lower-case letters, digits and underscores, starting with a letter "
            "(such as nor_arena)"
        )
    if not finishing and (new in known or new in load.facts_by_id()) or new in load.open_questions_by_id():
        raise UserError(f"{new!r} is already an id in the data: choose another")
    pattern = _id_pattern(old)
    changes: list[str] = []
    for path in _files_naming_ids():
        text = files.read_text(path)
        lines = text.splitlines(keepends=True)
        out = []
        for i, line in enumerate(lines, start=1):
            changed = pattern.sub(new, line)
            if changed != line:
                changes.append(f"{paths.relative(path)}:{i}: {line.strip()}  ->  {changed.strip()}")
            out.append(changed)
        target = path.with_name(pattern.sub(new, path.name)) if path.suffix == ".md" else path
        if target != path:
            changes.append(f"{paths.relative(path)} renamed to {target.name}")
        if write and (target != path or out != lines):
            target.write_text("".join(out), encoding="utf-8")
            if target != path:
                path.unlink()
    if write:
        files.clear()
    return changes
