"""``clusterbench validate``: check every data file and every cross-reference, collecting all problems.

The checks run are listed in :data:`CHECKS`, in order; each returns the problems it found (an empty
list when all is well) and never raises for bad data.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core import paths
from ..core.errors import Problem, UserError
from . import assessments, competition, employment, files, geo, indicators, load, stip


def _collect(fn, *args) -> tuple[object, list[Problem]]:
    try:
        return fn(*args), []
    except UserError as exc:
        return None, exc.problems


def check_sources() -> list[Problem]:
    """The source table: every ``data/sources/*.yaml`` file parses, validates and defines each id once."""
    return _collect(load.load_sources)[1]


def check_countries() -> list[Problem]:
    """Country files: each validates, is named after its country, cites known sources and STIP codes."""
    problems: list[Problem] = []
    sources = _collect(load.load_sources)[0] or {}
    for iso3 in load.known_countries():
        path = load.country_file(iso3)
        cf, errs = _collect(load.load_country, iso3)
        problems += errs
        if cf is None:
            continue
        rel = paths.relative(path)
        if path.stem != cf.country:
            problems.append(Problem(rel, f"file is named {path.stem} but says country {cf.country}", "country"))
        used = [("summary_sources", s) for s in cf.summary_sources]
        used += [(f"key_facts.{f.id}.source", f.source) for f in cf.key_facts]
        for p in cf.programmes:
            used += [(f"programmes.{p.id}.sources", s) for s in p.sources]
            used += [(f"programmes.{p.id}.{type(i).__name__.lower()}.source", i.source) for i in p.sourced_items()]
            used += [(f"programmes.{p.id}.lessons.source", lsn.source) for lsn in p.lessons]
            used += [(f"programmes.{p.id}.open_questions.source", q.source) for q in p.open_questions if q.source]
            for code in [*p.target_groups, *p.instruments, *p.themes]:
                if code not in stip.codes(stip.prefix_of(code)):
                    problems.append(Problem(rel, f"{code} is not a STIP 2021 code", f"programmes.{p.id}"))
        used += [(f"open_questions.{q.id}.source", q.source) for q in cf.open_questions if q.source]
        for fieldname, sid in used:
            if sources and sid not in sources:
                problems.append(Problem(rel, f"source id {sid!r} is not in data/sources/", fieldname))
    return problems


def check_tables() -> list[Problem]:
    """Curated tables: each has a valid sidecar whose columns match the CSV and whose source is known."""
    problems: list[Problem] = []
    sources = _collect(load.load_sources)[0] or {}
    for csv_path in sorted(paths.TABLES_DIR.glob("*.csv")):
        res, errs = _collect(load.load_table, csv_path.stem)
        problems += errs
        if res and sources and res[0].source not in sources:
            problems.append(
                Problem(
                    paths.relative(load.table_meta_path(csv_path)),
                    f"source id {res[0].source!r} is not in data/sources/",
                    "source",
                )
            )
    return problems


def check_sidecars() -> list[Problem]:
    """Every data file other than YAML has a provenance sidecar ``<file>.meta.yaml``."""
    problems = []
    for p in sorted(paths.DATA.rglob("*")):
        if p.is_file() and p.suffix in {".csv", ".geojson", ".json"} and not paths.sidecar(p).exists():
            problems.append(Problem(paths.relative(p), "no provenance sidecar (<file>.meta.yaml)"))
    return problems


def check_comparison() -> list[Problem]:
    """Benchmark dimensions and assessments: cross-checked, and one assessment per programme and dimension."""
    problems: list[Problem] = []
    try:
        dims = [d.id for d in assessments.load_dimensions()]
        done = {(a.programme, a.dimension) for a in assessments.load_assessments()}
        rel = paths.relative(assessments.assessments_path())
        for p in load.load_programmes():
            missing = [d for d in dims if (p.id, d) not in done]
            if missing:
                problems.append(
                    Problem(
                        rel,
                        f"programme {p.id!r} has no assessment on {', '.join(missing)} "
                        "(add one, with score: null if the evidence is not enough)",
                    )
                )
    except UserError as exc:
        problems += exc.problems
    return problems


def check_indicators() -> list[Problem]:
    """World Bank indicator series: each CSV matches its sidecar and has numeric years and values."""
    problems: list[Problem] = []
    for csv_path in sorted(paths.INDICATORS_DIR.glob("*.csv")):
        problems += _collect(indicators.read_series, csv_path.stem)[1]
    return problems


def check_competition() -> list[Problem]:
    """Criteria files, the example sheet, and the facts and region codes the competition brief needs."""
    return competition.check_data()


def check_geo() -> list[Problem]:
    """Boundaries and the 2017-to-today crosswalk read, and every 2017 unit of the crosswalk is on the map."""
    problems: list[Problem] = []
    cw, errs = _collect(geo.crosswalk)
    problems += errs
    g17, errs = _collect(geo.boundaries, geo.GEO_2017, None)
    problems += errs
    problems += _collect(geo.boundaries, geo.GEO_CURRENT, None)[1]
    if cw is not None and g17 is not None:
        missing = sorted(set(cw.iso_3166_2_2017) - set(g17.iso_3166_2_2017))
        if missing:
            problems.append(
                Problem(
                    paths.relative(paths.GEO_DIR / geo.CROSSWALK),
                    f"2017 codes not among the units of {geo.GEO_2017}: {missing}",
                    "iso_3166_2_2017",
                )
            )
    return problems


def check_employment() -> list[Problem]:
    """Regional employment tables read with the columns the mapping measures need."""
    problems: list[Problem] = []
    for csv_path in sorted(paths.EMPLOYMENT_DIR.glob("*.csv")):
        problems += _collect(employment.load_employment, csv_path.stem)[1]
    return problems


#: Every check ``clusterbench validate`` runs, in order, with what it covers.
CHECKS: list[tuple[str, Callable[[], list[Problem]]]] = [
    ("source table", check_sources),
    ("country files", check_countries),
    ("curated tables", check_tables),
    ("provenance sidecars", check_sidecars),
    ("dimensions and assessments", check_comparison),
    ("indicator series", check_indicators),
    ("boundaries and crosswalk", check_geo),
    ("employment tables", check_employment),
    ("competition criteria and sheet", check_competition),
]


def validate_all() -> list[Problem]:
    """Every problem in the data, check by check (a fresh read: nothing is served from a cache)."""
    files.clear()
    problems: list[Problem] = []
    for _, check in CHECKS:
        problems += check()
    return problems
