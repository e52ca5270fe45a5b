"""The competition's inputs: selection criteria, weight overrides and expert scoring sheets, read and checked.

A criteria set is YAML (``data/competition/criteria_*.yaml`` or a user's file); a scoring sheet is a CSV
with one row per application, expert and criterion (``data/competition/example_scores.csv`` or a user's
sheet), which may also name each application's region (the 2017 unit's ISO 3166-2 code) and OKED section.
Every problem names the file, the CSV line(s) and the field. The scoring itself is in
``benchmark.analysis.scoring``; what the brief shows is in ``benchmark.sections.competition``.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, SupportsFloat

import numpy as np
import pandas as pd

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import files, geo, regional
from .criteria_schemas import CriteriaSet, ScoringSheetMeta
from .load import load_yaml_model

#: The columns a scoring sheet must have, and the ones it may have besides.
SHEET_COLUMNS = ("application", "expert", "criterion", "score")
OPTIONAL_COLUMNS = ("comment", "note", "region", "oked_section")
#: The optional columns that place an application: its region (the ISO 3166-2 code of the 2017 unit, e.g.
#: KZ-KAR) and its OKED section (A-S), for the brief's region-section specialisation of each application.
REGION_COLUMN, SECTION_COLUMN = "region", "oked_section"
#: Parameter values that name the shipped files.
DEFAULT_CRITERIA = "default"
EXAMPLE_SCORES = "example"
#: At most this many problems are listed for one bad sheet (then "... and N more").
MAX_PROBLEMS = 40


# --- criteria -------------------------------------------------------------------------------------


def criteria_path(criteria: str | Path = DEFAULT_CRITERIA) -> Path:
    """The criteria file named by the ``criteria`` parameter ('default' or a path to a YAML file)."""
    if str(criteria) == DEFAULT_CRITERIA:
        return paths.COMPETITION_DIR / "criteria_default.yaml"
    return _user_path(criteria, "criteria file")


def load_criteria(criteria: str | Path | CriteriaSet = DEFAULT_CRITERIA) -> CriteriaSet:
    """The criteria set: the shipped default (drawn from guidance, not the official rule) or a user file."""
    if isinstance(criteria, CriteriaSet):
        return criteria
    return load_yaml_model(CriteriaSet, criteria_path(criteria))


def weights_of(criteria: CriteriaSet, weights: dict | None = None) -> pd.Series:
    """Criterion weights rescaled to sum to 1, after applying ``weights`` overrides ({criterion id: weight}).

    Raises:
        UserError: an override names an unknown criterion, is not a number, is negative, or all are zero.
    """
    w = {c.id: float(c.weight) for c in criteria.criteria}
    problems = []
    for key, value in (weights or {}).items():
        if key not in w:
            hint = _did_you_mean(str(key), list(w))
            problems.append(
                Problem("weights", f"unknown criterion {key!r}{hint}; criteria: {', '.join(w)}", field=str(key))
            )
            continue
        try:
            v = float(value)
        except (TypeError, ValueError):
            problems.append(Problem("weights", f"weight {value!r} is not a number", field=str(key)))
            continue
        if not math.isfinite(v) or v < 0:
            problems.append(Problem("weights", f"weight {value!r} must be a number >= 0", field=str(key)))
            continue
        w[key] = v
    if problems:
        raise UserError(problems)
    total = sum(w.values())
    if total <= 0:
        raise UserError(Problem("weights", "all weights are zero: at least one criterion must count"))
    return pd.Series({k: v / total for k, v in w.items()}, name="weight")


# --- scoring sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringSheet:
    """A validated scoring sheet: every expert scored every application on every criterion, once."""

    path: Path
    frame: pd.DataFrame  # columns application, expert, criterion, score, line
    applications: tuple[str, ...]
    experts: tuple[str, ...]
    criteria: tuple[str, ...]
    meta: ScoringSheetMeta | None = None
    regions: Mapping[str, str] = field(default_factory=dict)  # application -> 2017 region code, where given
    sections: Mapping[str, str] = field(default_factory=dict)  # application -> OKED section letter, where given

    @property
    def illustrative(self) -> bool:
        """True when the sheet is invented for training (its sidecar says so)."""
        return bool(self.meta and self.meta.illustrative)

    def renamed(self, names: Mapping[str, str]) -> ScoringSheet:
        """The same sheet with applications and experts renamed as ``names`` says (others unchanged)."""
        frame = self.frame.assign(
            application=self.frame["application"].map(lambda x: names.get(x, x)),
            expert=self.frame["expert"].map(lambda x: names.get(x, x)),
        )
        return dataclasses.replace(
            self,
            frame=frame,
            applications=tuple(names.get(x, x) for x in self.applications),
            experts=tuple(names.get(x, x) for x in self.experts),
            regions={names.get(k, k): v for k, v in self.regions.items()},
            sections={names.get(k, k): v for k, v in self.sections.items()},
        )

    def cube(self) -> np.ndarray:
        """Scores as an array [application, expert, criterion] in the sheet's orders."""
        idx = pd.MultiIndex.from_product([self.applications, self.experts, self.criteria])
        s = self.frame.set_index(["application", "expert", "criterion"])["score"].reindex(idx)
        return s.to_numpy(dtype=float).reshape(len(self.applications), len(self.experts), len(self.criteria))


def scores_path(scores: str | Path = EXAMPLE_SCORES) -> Path:
    """The sheet named by the ``scores`` parameter ('example' or a path to a CSV file)."""
    if str(scores) == EXAMPLE_SCORES:
        return paths.COMPETITION_DIR / "example_scores.csv"
    return _user_path(scores, "scoring sheet")


def _user_path(value: str | Path, what: str) -> Path:
    """Resolve a user-given path: as given (absolute or from the working directory), else from the root.

    Raises:
        UserError: nothing there, or a folder where a file is expected.
    """
    p = Path(str(value)).expanduser()
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, paths.ROOT / p]
    for c in candidates:
        if c.is_file():
            return c.resolve()
        if c.is_dir():
            raise UserError(Problem(str(value), f"this is a folder; give the {what} file inside it (a .csv or .yaml)"))
    raise UserError(Problem(str(value), f"{what} not found (looked in: {', '.join(str(c) for c in candidates)})"))


def _did_you_mean(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _lines(lines: list[int]) -> str:
    """'line 4' / 'lines 4, 9' / 'lines 4-11, 20' from a list of CSV line numbers."""
    lines = sorted(set(lines))
    runs: list[list[int]] = []  # consecutive lines
    for n in lines:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}" if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(parts)


def _read_meta(path: Path) -> ScoringSheetMeta | None:
    meta_path = paths.sidecar(path)
    if not meta_path.exists():
        return None
    return load_yaml_model(ScoringSheetMeta, meta_path)


def load_scoring_sheet(
    scores: str | Path = EXAMPLE_SCORES, criteria: str | Path | CriteriaSet = DEFAULT_CRITERIA
) -> ScoringSheet:
    """Read and check a scoring sheet (CSV: application, expert, criterion, score).

    Every problem names the CSV line(s): a missing score, a score outside the criterion's scale, an
    unknown criterion (or application, when the sidecar lists them), duplicate rows, an expert who
    left out a criterion or an application. A bad sheet is refused, never ranked.

    Raises:
        DataError: the sheet is not valid; ``problems`` lists each with its file and line.
    """
    cs = load_criteria(criteria)
    path = scores_path(scores)
    deps = [path, paths.sidecar(path), paths.GEO_DIR / geo.CROSSWALK]  # the crosswalk checks region codes
    if not isinstance(criteria, CriteriaSet):
        deps.append(criteria_path(criteria))
    key = "sheet:" + hashlib.sha256(cs.model_dump_json().encode()).hexdigest()
    return files.cached(key, deps, lambda: _read_sheet(path, cs))


@dataclass
class _SheetCheck:
    """What the steps of reading one scoring sheet share: the names its sidecar knows, the scales, the problems."""

    path: Path
    cs: CriteriaSet
    meta: ScoringSheetMeta | None
    problems: list[Problem] = field(default_factory=list)
    #: (application, expert, criterion) a row with a misspelt criterion stands for: its mistake is reported once,
    #: on its own line, not again as a missing score.
    stand_in: set[tuple[str, str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rel = paths.relative(self.path)
        self.scale = {c.id: c.scale for c in self.cs.criteria}
        self.known_apps = list(self.meta.applications) if self.meta and self.meta.applications else None
        self.known_experts = list(self.meta.experts) if self.meta and self.meta.experts else None

    def bad(self, reason: str, line: int | None, field: str | None = None) -> None:
        """Note one problem of the sheet."""
        self.problems.append(Problem(file=self.rel, reason=reason, field=field, line=line))


def _read_sheet(path: Path, cs: CriteriaSet) -> ScoringSheet:
    check = _SheetCheck(path, cs, _read_meta(path))
    reader, header, delimiter = _open_sheet(path)
    col = {name: header.index(name) for name in SHEET_COLUMNS}
    where = _Placement(header)
    records = []
    for row in reader:
        record = _read_row(check, row, reader.line_num, header, col, delimiter, where)
        if record is not None:
            records.append(record)
    frame = pd.DataFrame(records, columns=["application", "expert", "criterion", "score", "line", "ok", "key_ok"])
    if frame.empty:
        raise DataError.one(path, "the sheet has a header but no scores", line=2)
    keyed = frame[frame.key_ok]  # rows whose application, expert and criterion are all known
    _check_duplicates(check, keyed)
    apps, experts, crits = _check_complete(check, keyed)
    for problem in where.problems():
        check.bad(*problem)
    _refuse_if_bad(check)
    frame = frame.drop(columns=["ok", "key_ok"]).reset_index(drop=True)
    return ScoringSheet(
        path=path,
        frame=frame,
        applications=tuple(apps),
        experts=tuple(experts),
        criteria=tuple(crits),
        meta=check.meta,
        regions=where.given(REGION_COLUMN, apps),
        sections=where.given(SECTION_COLUMN, apps),
    )


def _open_sheet(path: Path) -> tuple[Any, list[str], str]:
    """A CSV reader past the sheet's header, the header (lower case) and the delimiter (``;`` from Excel)."""
    text = files.csv_text(path, "scoring sheet")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in many locales writes ';'
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    raw = next(reader, None)
    if not raw:
        raise DataError.one(path, f"the sheet is empty; expected a header row {','.join(SHEET_COLUMNS)}", line=1)
    header = [h.strip().lower() for h in raw]
    missing = [c for c in SHEET_COLUMNS if c not in header]
    unknown = [h for h in header if h not in SHEET_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        reason = f"header is {header}; it needs the columns {list(SHEET_COLUMNS)}"
        if unknown:
            reason += f" and may also have {list(OPTIONAL_COLUMNS)}; unknown: {unknown}"
        raise DataError.one(path, reason, field="header", line=1)
    return reader, header, delimiter


def _read_row(
    check: _SheetCheck,
    row: list[str],
    line: int,
    header: list[str],
    col: dict[str, int],
    delimiter: str,
    where: _Placement,
) -> tuple | None:
    """One scored row as (application, expert, criterion, score, line, ok, key_ok); None for a blank or short row."""
    if not any(cell.strip() for cell in row):
        return None  # blank line
    if len(row) != len(header):
        check.bad(f"has {len(row)} fields, the header has {len(header)}", line)
        return None
    app, expert, crit, raw = (row[col[c]].strip() for c in SHEET_COLUMNS)
    where.read(row, app, line)
    ok = _check_names(check, app, expert, crit, line)
    score, score_ok = _read_score(check, app, expert, crit, raw, line, delimiter)
    key_ok = bool(
        app
        and expert
        and crit in check.scale
        and (check.known_apps is None or app in check.known_apps)
        and (check.known_experts is None or expert in check.known_experts)
    )
    return (app, expert, crit, score, line, ok and score_ok, key_ok)


def _check_names(check: _SheetCheck, app: str, expert: str, crit: str, line: int) -> bool:
    """True when the row's application, expert and criterion are given and known."""
    ok = True
    for name, value in (("application", app), ("expert", expert), ("criterion", crit)):
        if not value:
            check.bad(f"{name} is empty", line, name)
            ok = False
    if crit and crit not in check.scale:
        close = difflib.get_close_matches(crit, list(check.scale), n=1, cutoff=0.6)
        if close:
            check.stand_in.add((app, expert, close[0]))
        check.bad(
            f"unknown criterion {crit!r}{_did_you_mean(crit, list(check.scale))}; the criteria set "
            f"{check.cs.id!r} has: {', '.join(check.scale)}",
            line,
            "criterion",
        )
        ok = False
    known_apps, known_experts = check.known_apps, check.known_experts
    if app and known_apps is not None and app not in known_apps:
        check.bad(
            f"unknown application {app!r}{_did_you_mean(app, known_apps)}; the sheet's sidecar lists "
            f"{len(known_apps)} applications",
            line,
            "application",
        )
        ok = False
    if expert and known_experts is not None and expert not in known_experts:
        check.bad(
            f"unknown expert {expert!r}{_did_you_mean(expert, known_experts)}; the sidecar lists: "
            f"{', '.join(known_experts)}",
            line,
            "expert",
        )
        ok = False
    return ok


def _read_score(
    check: _SheetCheck, app: str, expert: str, crit: str, raw: str, line: int, delimiter: str
) -> tuple[float | None, bool]:
    """The row's score (a decimal comma read in a ``;`` sheet) and whether it is a number on the criterion's scale."""
    if not raw:
        check.bad(f"missing score (application {app!r}, expert {expert!r}, criterion {crit!r})", line, "score")
        return None, False
    try:
        score = float(raw.replace(",", ".") if delimiter == ";" else raw)
    except ValueError:
        check.bad(f"score {raw!r} is not a number", line, "score")
        return None, False
    if not math.isfinite(score):
        check.bad(f"score {raw!r} is not a finite number", line, "score")
        return score, False
    if crit in check.scale and not (check.scale[crit].min <= score <= check.scale[crit].max):
        sc = check.scale[crit]
        check.bad(
            f"score {raw} is outside the scale of criterion {crit!r} ({sc.min:g} to {sc.max:g})",
            line,
            "score",
        )
        return score, False
    return score, True


def _check_duplicates(check: _SheetCheck, keyed: pd.DataFrame) -> None:
    """The same application, expert and criterion more than once (even with equal scores): each line named."""
    dup = keyed[keyed.duplicated(["application", "expert", "criterion"], keep=False)]
    for (app, expert, crit), grp in dup.groupby(["application", "expert", "criterion"], sort=False):
        lines = grp.line.tolist()
        for ln in lines:
            check.bad(
                f"duplicate row: application {app!r}, expert {expert!r}, criterion {crit!r} is scored "
                f"on {_lines(lines)}; keep one",
                ln,
            )


def _check_complete(check: _SheetCheck, keyed: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Every expert scores every application on every criterion; returns the applications, experts and criteria."""
    seen_apps = list(dict.fromkeys(keyed.application))
    if check.known_apps:
        for a in check.known_apps:
            if a not in seen_apps:
                check.bad(f"application {a!r} is listed in the sidecar but has no scores", None, "application")
        apps = [a for a in check.known_apps if a in seen_apps]
    else:
        apps = seen_apps
    experts = list(dict.fromkeys(keyed.expert))
    crits = list(check.scale)
    scored_crits = set(keyed.criterion)
    present = set(zip(keyed.application, keyed.expert, keyed.criterion))
    rows_of: dict[tuple[str, str], list[int]] = {}
    app_lines: dict[str, list[int]] = {}
    for a, e, ln in zip(keyed.application, keyed.expert, keyed.line):
        rows_of.setdefault((a, e), []).append(ln)
        app_lines.setdefault(a, []).append(ln)
    for c in crits:
        if c not in scored_crits:
            check.bad(f"criterion {c!r} of the criteria set {check.cs.id!r} has no scores at all", None, "criterion")
    complete = len(present) == len(apps) * len(experts) * len(scored_crits)
    for app in [] if complete else apps:
        _check_application_complete(check, app, apps, experts, crits, scored_crits, present, rows_of, app_lines)
    return apps, experts, crits


def _check_application_complete(
    check: _SheetCheck,
    app: str,
    apps: list[str],
    experts: list[str],
    crits: list[str],
    scored_crits: set[str],
    present: set[tuple[str, str, str]],
    rows_of: dict[tuple[str, str], list[int]],
    app_lines: dict[str, list[int]],
) -> None:
    """The experts who left out one application, or some of its criteria, each named with the lines they did score."""
    scored_by = [e for e in experts if (app, e) in rows_of]
    absent = [e for e in experts if (app, e) not in rows_of]
    if absent:
        hint = ""
        if len(scored_by) < len(absent):  # scored by few: maybe a misspelt name
            close = _did_you_mean(app, [a for a in apps if a != app])
            hint = f"; is {app!r} a typo{close}?" if close else ""
        who = ", ".join(repr(e) for e in absent)
        check.bad(
            f"missing scores: expert{'s' if len(absent) > 1 else ''} {who} did not score application "
            f"{app!r} (scored by {', '.join(repr(e) for e in scored_by)} on {_lines(app_lines[app])}){hint}",
            min(app_lines[app]),
            "expert",
        )
    for e in scored_by:
        lacking = [
            c for c in crits if (app, e, c) not in present and c in scored_crits and (app, e, c) not in check.stand_in
        ]
        if lacking:
            check.bad(
                f"missing score: expert {e!r} did not score application {app!r} on "
                f"{', '.join(repr(c) for c in lacking)} (their other scores for it are on "
                f"{_lines(rows_of[(app, e)])})",
                min(rows_of[(app, e)]),
                "score",
            )


def _refuse_if_bad(check: _SheetCheck) -> None:
    """Raise every problem found, in line order, at most MAX_PROBLEMS of them (then how many more)."""
    if not check.problems:
        return
    problems = sorted(check.problems, key=lambda p: p.line or 0)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [Problem(check.rel, f"... and {more} more problems")]
    raise DataError(problems)


class _Placement:
    """The optional region and OKED section columns of a sheet: each value checked, one value per application."""

    def __init__(self, header: list[str]):
        self.index = {c: header.index(c) for c in (REGION_COLUMN, SECTION_COLUMN) if c in header}
        self.seen: dict[str, dict[str, dict[str, list[int]]]] = {c: {} for c in self.index}
        self.wrong: dict[tuple[str, str], list[int]] = {}  # (column, value) -> lines of a value that is refused
        self._codes: dict[str, str] | None = None

    def _names(self) -> dict[str, str]:
        """2017 code -> name of the 16 units of 2017 (read only when the sheet has a region column)."""
        if self._codes is None:
            self._codes = regional.names_2017()
        return self._codes

    def read(self, row: list[str], app: str, line: int) -> None:
        """Note one row's region and section (an empty cell is no value)."""
        for column, i in self.index.items():
            value = row[i].strip().upper()
            if not value:
                continue
            ok = value in self._names() if column == REGION_COLUMN else value in regional.SECTIONS_2017
            if not ok:
                self.wrong.setdefault((column, row[i].strip()), []).append(line)
            elif app:
                self.seen[column].setdefault(app, {}).setdefault(value, []).append(line)

    def _region_problem(self, given: str) -> str:
        names = self._names()
        code = given.upper()
        today = regional.current_to_2017().get(code)
        if today:
            return (
                f"region {code!r} is a code of today's regions; the 2017 applications are placed on the 16 units "
                f"of 2017: write {today} ({names[today]})"
            )
        by_name = {n.lower(): c for c, n in names.items()}
        hint = by_name.get(given.lower()) or by_name.get(f"{given.lower()} region")
        hint = f" (did you mean {hint}?)" if hint else _did_you_mean(code, list(names))
        return (
            f"unknown region {given!r}{hint}; write the ISO 3166-2 code of the 2017 unit, e.g. KZ-KAR for Karaganda "
            f"region; the codes are {', '.join(sorted(names))}"
        )

    @staticmethod
    def _section_problem(given: str) -> str:
        return (
            f"unknown OKED section {given!r}; write one letter from A to S (e.g. C for manufacturing), the sections "
            "with value added by region in 2017"
        )

    def problems(self) -> list[tuple[str, int, str]]:
        """(reason, line, field): each refused value once, with its lines; applications given two values."""
        out = []
        for (column, value), lines in self.wrong.items():
            reason = self._region_problem(value) if column == REGION_COLUMN else self._section_problem(value)
            out.append((f"{reason} ({_lines(lines)})" if len(lines) > 1 else reason, min(lines), column))
        for column, by_app in self.seen.items():
            for app, values in by_app.items():
                if len(values) > 1:
                    listed = " and ".join(f"{v} ({_lines(lines)})" for v, lines in values.items())
                    first = min(min(lines) for lines in values.values())
                    out.append((f"application {app!r} is given {column} {listed}; give one", first, column))
        return out

    def given(self, column: str, apps: list[str]) -> dict[str, str]:
        """Application -> its value in ``column`` (applications without one are left out)."""
        by_app = self.seen.get(column, {})
        return {a: next(iter(by_app[a])) for a in apps if a in by_app and len(by_app[a]) == 1}


def check_parameters(n_select: object, n_draws: object = 1, weight_range: object = 0.0) -> None:
    """Refuse a number to select, number of draws or weight range that the engine cannot use.

    Raises:
        UserError: naming the parameter and what it must be.
    """
    problems = []
    if isinstance(n_select, bool) or not isinstance(n_select, (int, np.integer)) or n_select < 1:
        problems.append(Problem("n_select", f"number to select must be a whole number >= 1, got {n_select!r}"))
    if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or n_draws < 1:
        problems.append(Problem("n_draws", f"number of draws must be a whole number >= 1, got {n_draws!r}"))
    try:
        ok = isinstance(weight_range, SupportsFloat | str) and 0 <= float(weight_range) < 1
    except (TypeError, ValueError):
        ok = False
    if not ok:
        problems.append(
            Problem("weight_range", f"weight range must be >= 0 and < 1 (0.5 = ±50%), got {weight_range!r}")
        )
    if problems:
        raise UserError(problems)


# --- what the competition brief needs from the rest of the data -----------------------------------

#: The country of the competition.
COUNTRY = "KAZ"
#: The curated table of applications by region (the seed digest's list).
APPLICATIONS_TABLE = "kaz_applications_by_region_2017"
#: The funnel: fact ids in data/countries/KAZ.yaml (facts of the same conflict group are shown together).
FUNNEL = {
    "received": "kaz_2017_applications_received_digest",
    "valid": "kaz_2017_valid_applications",
    "selected": "kaz_2017_pilot_clusters_target",
}
#: The open question "which six clusters?" and the facts known about it.
WHICH_SIX_QUESTION = "kaz_pilot_clusters_2017"
WHICH_SIX_KNOWN = ("kaz_almaty_region_tourism_cluster",)
#: The official rules of the selection, as facts: the order that approved them, its repeal, and what replaced it;
#: and the open question on their criteria. The comparison's assessment of selection cites the same facts.
RULES_FACTS = (
    "kaz_selection_rules_order_1212",
    "kaz_selection_rules_order_1212_repealed",
    "kaz_order_367_register_2022",
)
RULES_QUESTION = "kaz_selection_criteria_2017"
#: Sources of the agreement statistics.
METHOD_SOURCES = ("kendall_1939_problem_of_m_rankings", "legendre_2005_kendall_w_revisited")


def check_data() -> list[Problem]:
    """Criteria files, the example sheet, the funnel's fact ids and the applications' region codes."""
    from . import geo
    from .load import country_file, facts_by_id, load_sources, load_table, open_questions_by_id

    problems: list[Problem] = []
    try:
        known = set(load_sources())
    except UserError as exc:
        return exc.problems
    for path in sorted(paths.COMPETITION_DIR.glob("criteria_*.yaml")):
        try:
            cs = load_criteria(path)
        except UserError as exc:
            problems += exc.problems
            continue
        for i, c in enumerate(cs.criteria):
            for s in c.sources:
                if s not in known:
                    problems.append(
                        Problem(paths.relative(path), f"unknown source id {s!r}", field=f"criteria[{i}].sources")
                    )
        problems += [
            Problem(paths.relative(path), f"unknown source id {s!r}", field="sources")
            for s in cs.sources
            if s not in known
        ]
    try:
        load_scoring_sheet(EXAMPLE_SCORES, DEFAULT_CRITERIA)
    except UserError as exc:
        problems += exc.problems
    try:
        facts, questions = facts_by_id([COUNTRY]), open_questions_by_id([COUNTRY])
        kaz = paths.relative(country_file(COUNTRY))
        for fid in [*FUNNEL.values(), *WHICH_SIX_KNOWN, *RULES_FACTS]:
            if fid not in facts:
                problems.append(Problem(kaz, f"the competition brief needs fact {fid!r}"))
        for qid in (WHICH_SIX_QUESTION, RULES_QUESTION):
            if qid not in questions:
                problems.append(Problem(kaz, f"the competition brief needs open question {qid!r}"))
        _, df = load_table(APPLICATIONS_TABLE)
        codes = set(geo.crosswalk().iso_3166_2_2017)
        for code in sorted(set(df.iso_3166_2_2017) - codes):
            problems.append(
                Problem(
                    paths.relative(paths.TABLES_DIR / f"{APPLICATIONS_TABLE}.csv"),
                    f"{code!r} is not a 2017 region code of {geo.CROSSWALK}",
                    field="iso_3166_2_2017",
                )
            )
    except UserError as exc:
        problems += exc.problems
    return problems
