"""What the regional tables need read beside them: traded, local or mixed sections, and known special cases.

Two small tables in ``data/regional/``, each with its provenance sidecar, read once through ``inputs.files`` and
checked row by row (every problem names the file, the line and the column):

* **the classification** (:data:`CLASSES_FILE`): each OKED section (A-U) as ``traded``, ``local`` or ``mixed``,
  with the reason and the sources of the convention it follows (an assessment of the workbook);
* **the caveats** (:data:`CAVEATS_FILE`): a region and a section that a reader must not take at face value
  (a gambling zone set by law, a change between years that is not like for like), with their sources and
  their text in English, Russian and Kazakh.

The measures that use them are ``benchmark.analysis.mapping`` (:func:`~benchmark.analysis.mapping.screen`);
what the briefs show is ``benchmark.sections.regions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import files

#: The two tables.
CLASSES_FILE = "oked_sections_traded_local.csv"
CAVEATS_FILE = "kz_region_section_caveats.csv"
#: The three kinds of section (the cluster-mapping convention, with "mixed" where both parts are large).
TRADED, MIXED, LOCAL = "traded", "mixed", "local"
KINDS = (TRADED, MIXED, LOCAL)
#: The kinds of caveat.
CAVEAT_KINDS = ("gambling_zone", "share_change", "dominant_enterprise")
#: The languages each caveat is written in.
LANGS = ("en", "ru", "kk")
#: The placeholders a ``share_change`` note may use (filled from the value-added table).
SHARE_FIELDS = ("start", "end", "share_start", "share_end")

CLASS_COLUMNS = ("section", "kind", "reason", "sources")
CAVEAT_COLUMNS = ("id", "region_2017", "region_current", "section", "kind", "sources", *(f"note_{x}" for x in LANGS))

_SECTION = re.compile(r"^[A-U]$")
_CODE = re.compile(r"^KZ-([A-Z]{3}|\d\d)$")


def classes_path() -> Path:
    """The classification table."""
    return paths.REGIONAL_DIR / CLASSES_FILE


def caveats_path() -> Path:
    """The caveats table."""
    return paths.REGIONAL_DIR / CAVEATS_FILE


@dataclass(frozen=True)
class Caveat:
    """A known special case of one region and section (see the module docstring)."""

    id: str
    region_2017: str
    region_current: str
    section: str
    kind: str
    sources: tuple[str, ...]
    notes: dict[str, str]
    line: int

    def applies(self, region: str, section: str) -> bool:
        """Whether the caveat is about ``region`` (a 2017 or a current code) and ``section``."""
        return section == self.section and region in (self.region_2017, self.region_current)

    def note(self, lang: str, **shares: object) -> str:
        """The note in ``lang`` (English when ``lang`` has none), its placeholders filled from ``shares``."""
        text = self.notes.get(lang) or self.notes["en"]
        return text.format(**shares) if self.kind == "share_change" else text


def _rows(path: Path, columns: tuple[str, ...], what: str) -> list[dict[str, str]]:
    files.require(path, what)
    sidecar = paths.sidecar(path)
    if not sidecar.exists():
        raise DataError.one(path, f"no provenance sidecar ({sidecar.name}); every table needs one")
    files.record(sidecar)
    header, rows = files.csv_rows(path)
    missing = [c for c in columns if c not in header]
    if missing:
        need = ", ".join(columns)
        raise DataError.one(path, f"missing column(s) {', '.join(missing)}; the table needs {need}", line=1)
    return rows


def _read_classes() -> dict[str, str]:
    path = classes_path()
    rel = paths.relative(path)
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for i, r in enumerate(_rows(path, CLASS_COLUMNS, "section classification"), start=2):
        s = r["section"].strip()
        if not _SECTION.fullmatch(s):
            problems.append(Problem(rel, f"{s!r} is not an OKED section letter (A ... U)", "section", i))
        elif s in out:
            problems.append(Problem(rel, f"section {s} is classified twice", "section", i))
        if r["kind"] not in KINDS:
            problems.append(Problem(rel, f"kind {r['kind']!r} must be one of {', '.join(KINDS)}", "kind", i))
        if not r["reason"].strip():
            problems.append(Problem(rel, f"section {s} has no reason; say why it is {r['kind']}", "reason", i))
        if not _ids(r["sources"]):
            problems.append(Problem(rel, f"section {s} cites no source", "sources", i))
        out[s] = r["kind"]
    if problems:
        raise DataError(problems)
    return out


def _ids(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(";") if x.strip())


def _read_caveats() -> list[Caveat]:
    path = caveats_path()
    rel = paths.relative(path)
    problems: list[Problem] = []
    out: list[Caveat] = []
    seen: set[str] = set()
    for i, r in enumerate(_rows(path, CAVEAT_COLUMNS, "caveats table"), start=2):
        if not r["id"] or r["id"] in seen:
            problems.append(Problem(rel, f"id {r['id']!r} is empty or used twice", "id", i))
        seen.add(r["id"])
        for col in ("region_2017", "region_current"):
            if r[col] and not _CODE.fullmatch(r[col]):
                problems.append(Problem(rel, f"{r[col]!r} is not an ISO 3166-2 code of a Kazakh unit", col, i))
        if not (r["region_2017"] or r["region_current"]):
            problems.append(Problem(rel, "give region_2017, region_current or both", "region_2017", i))
        if not _SECTION.fullmatch(r["section"]):
            problems.append(Problem(rel, f"{r['section']!r} is not an OKED section letter (A ... U)", "section", i))
        if r["kind"] not in CAVEAT_KINDS:
            problems.append(Problem(rel, f"kind {r['kind']!r} must be one of {', '.join(CAVEAT_KINDS)}", "kind", i))
        if not _ids(r["sources"]):
            problems.append(Problem(rel, "a caveat needs a source; leave out what no source says", "sources", i))
        notes = {x: r[f"note_{x}"].strip() for x in LANGS if r[f"note_{x}"].strip()}
        if "en" not in notes:
            problems.append(Problem(rel, "the caveat has no English note", "note_en", i))
        for lang, text in notes.items():
            used = set(re.findall(r"{(\w+)}", text))
            wrong = used - set(SHARE_FIELDS) if r["kind"] == "share_change" else used
            if wrong:
                problems.append(Problem(rel, f"unknown placeholder(s) {', '.join(sorted(wrong))}", f"note_{lang}", i))
        out.append(
            Caveat(
                r["id"], r["region_2017"], r["region_current"], r["section"], r["kind"], _ids(r["sources"]), notes, i
            )
        )
    if problems:
        raise DataError(problems)
    return out


def _deps(path: Path) -> list[Path]:
    return [path, paths.sidecar(path)]


def section_kinds() -> dict[str, str]:
    """Each OKED section's kind (``traded``, ``mixed`` or ``local``), by letter.

    Raises:
        DataError: the table is missing or a row does not validate (file, line and column named).
    """
    return dict(files.cached("regional:kinds", _deps(classes_path()), _read_classes))


def reasons() -> dict[str, str]:
    """Why each section has its kind (the classification's ``reason``), by letter."""
    _, rows = files.csv_rows(classes_path())
    return {r["section"]: r["reason"] for r in rows}


def caveats() -> list[Caveat]:
    """The known special cases, in the order of the table."""
    return list(files.cached("regional:caveats", _deps(caveats_path()), _read_caveats))


def caveat_for(region: str, section: str) -> Caveat | None:
    """The caveat on ``region`` (a 2017 or current code) and ``section``, if there is one."""
    return next((c for c in caveats() if c.applies(region, section)), None)


def check_data() -> list[Problem]:
    """Both tables read and pass their checks; every section of the value-added table is classified; every
    cited source is in data/sources/."""
    from .load import load_sources

    problems: list[Problem] = []
    cited: list[tuple[str, str, int | None]] = []
    try:
        kinds = section_kinds()
        _, rows = files.csv_rows(classes_path())
        cited += [(s, paths.relative(classes_path()), i) for i, r in enumerate(rows, 2) for s in _ids(r["sources"])]
        missing = sorted(set("ABCDEFGHIJKLMNOPQRST") - set(kinds))
        if missing:
            problems.append(Problem(paths.relative(classes_path()), f"sections not classified: {', '.join(missing)}"))
    except UserError as exc:
        problems += exc.problems
    try:
        cited += [(s, paths.relative(caveats_path()), c.line) for c in caveats() for s in c.sources]
    except UserError as exc:
        problems += exc.problems
    try:
        known = load_sources()
    except UserError:
        return problems
    for sid, rel, line in cited:
        if sid not in known:
            problems.append(Problem(rel, f"source {sid!r} is not in data/sources/*.yaml", "sources", line))
    return problems
