"""``clusterbench validate``: check every data file and every cross-reference, collecting all problems.

The checks run are listed in :data:`CHECKS`, in order; each returns the problems it found (an empty
list when all is well) and never raises for bad data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..core import paths
from ..core.errors import Problem, UserError
from . import (
    assessments,
    benchmark_files,
    commentary,
    competition,
    employment,
    files,
    geo,
    indicators,
    key_messages,
    load,
    regional,
    settings,
    stip,
)
from .checksums import check_all as check_checksums
from .messages import did_you_mean

T = TypeVar("T")


def _collect(fn: Callable[..., T], *args: Any) -> tuple[T | None, list[Problem]]:
    try:
        return fn(*args), []
    except UserError as exc:
        return None, exc.problems


def check_sources() -> list[Problem]:
    """The source table: every ``data/sources/*.yaml`` file parses, validates and defines each id once."""
    return _collect(load.load_sources)[1]


def _walk(data, loc: tuple = ()):
    """Every (location, key, value) of a parsed YAML document, depth first, in file order."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield loc + (k,), k, v
            yield from _walk(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, loc + (i,))


#: Keys whose values are source ids, and keys whose values are STIP codes.
SOURCE_KEYS = ("source", "sources", "summary_sources")
STIP_KEYS = ("target_groups", "instruments", "themes")


def references(path, known_sources: set[str] | None) -> list[Problem]:
    """Source ids and STIP codes of one YAML file that resolve to nothing, each with its line and field."""
    data, node = load.read_yaml(path)
    rel = paths.relative(path)
    problems = []
    for loc, key, value in _walk(data):
        values = value if isinstance(value, list) else [value]
        if key in SOURCE_KEYS and known_sources is not None:
            for i, v in enumerate(values):
                if isinstance(v, str) and v not in known_sources:
                    where = loc + ((i,) if isinstance(value, list) else ())
                    problems.append(
                        Problem(
                            rel,
                            f"source id {v!r} is not in data/sources/*.yaml"
                            f"{did_you_mean(v, known_sources)}; add the source there or "
                            "correct the id",
                            load._field(where),
                            load.line_of(node, where),
                        )
                    )
        elif key in STIP_KEYS:
            for i, v in enumerate(values):
                if isinstance(v, str) and v not in stip.codes(stip.prefix_of(v) or "PI"):
                    where = loc + (i,)
                    problems.append(
                        Problem(
                            rel,
                            f"{v!r} is not a STIP 2021 code (see data/reference/stip_2021/)"
                            f"{did_you_mean(v, stip.codes(stip.prefix_of(v) or 'PI'))}",
                            load._field(where),
                            load.line_of(node, where),
                        )
                    )
    return problems


def _misnamed_country_files() -> list[Problem]:
    out = []
    for p in sorted(paths.COUNTRIES_DIR.glob("*")):
        if p.suffix.lower() in (".yaml", ".yml") and (p.suffix != ".yaml" or not load.is_country_file(p)):
            out.append(
                Problem(
                    paths.relative(p),
                    f"a country file is named after its ISO 3166-1 alpha-3 code in "
                    f"capitals with .yaml: rename it to {p.stem.upper()[:3]}.yaml "
                    "(it is not read until then)",
                )
            )
    return out


def check_countries() -> list[Problem]:
    """Country files: each validates, is named after its country, and cites known sources and STIP codes.

    Ids of programmes, facts and open questions are unique across all country files.
    """
    problems: list[Problem] = _misnamed_country_files()
    sources, errs = _collect(load.load_sources)
    known = set(sources) if sources else None
    ids: dict[str, str] = {}
    for iso3 in load.known_countries():
        path = load.country_file(iso3)
        rel = paths.relative(path)
        cf, errs = _collect(load.load_country, iso3)
        problems += errs
        try:
            problems += references(path, known)
        except UserError:
            pass  # a file that does not parse is reported once, by load_country above
        if cf is None:
            continue
        if path.stem != cf.country:
            problems.append(
                Problem(
                    rel,
                    f"the file is named {path.stem}.yaml but says country {cf.country}: rename "
                    f"the file to {cf.country}.yaml or correct `country`",
                    "country",
                )
            )
        data, node = load.read_yaml(path)
        here: set[str] = set()
        for loc, key, value in _walk(data):
            if key != "id" or not isinstance(value, str):
                continue
            if value in here:
                problems.append(
                    Problem(
                        rel,
                        f"id {value!r} is used twice in this file; ids of programmes, facts "
                        "and open questions must be unique: rename one",
                        load._field(loc),
                        load.line_of(node, loc),
                    )
                )
            here.add(value)
            if value in ids and ids[value] != rel:
                problems.append(
                    Problem(
                        rel,
                        f"id {value!r} is also used in {ids[value]}: ids of programmes, facts "
                        "and open questions must be unique across all country files; rename "
                        "this one",
                        load._field(loc),
                        load.line_of(node, loc),
                    )
                )
            ids.setdefault(value, rel)
    # A source table that cannot be read is reported once, by check_sources: no follow-on here.
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
    """Every data file other than YAML has a sidecar ``<file>.meta.yaml`` whose provenance and checksum match it."""
    return check_checksums()


def check_comparison() -> list[Problem]:
    """Benchmark dimensions and each country's assessments: cross-checked, one per programme and dimension."""
    problems: list[Problem] = []
    try:
        dims = [d.id for d in assessments.load_dimensions()]
    except UserError as exc:
        return exc.problems
    for p in sorted(paths.ASSESSMENTS_DIR.glob("*")):
        shared = (assessments.assessors_path().name, assessments.adjudications_path().name)
        if p.suffix.lower() in (".yaml", ".yml") and not load.is_country_file(p) and p.name not in shared:
            problems.append(
                Problem(
                    paths.relative(p),
                    f"an assessments file is named after its country's ISO 3166-1 "
                    f"alpha-3 code in capitals: rename it to {p.stem.upper()[:3]}.yaml",
                )
            )
    for iso3 in load.known_countries():
        path = assessments.assessments_file(iso3)
        rel = paths.relative(path)
        if not path.exists():
            problems.append(
                Problem(
                    rel,
                    f"no assessments for {iso3}: `clusterbench new country {iso3}` writes one "
                    "with every programme and dimension 'not scored'",
                )
            )
            continue
        try:
            parsed = assessments.load_file(iso3)
            programmes = [p.id for p in load.load_country(iso3).programmes]
        except UserError as exc:
            problems += exc.problems
            continue
        done = {(a.programme, a.dimension) for a in parsed.assessments}
        for pid in programmes:
            missing = [d for d in dims if (pid, d) not in done]
            if missing:
                problems.append(
                    Problem(
                        rel,
                        f"programme {pid!r} has no assessment on {', '.join(missing)} "
                        "(add one, with score: null if the evidence is not enough)",
                    )
                )
    try:
        assessments.load_assessors()
        for iso3 in assessments.assessed_countries():
            assessments.load_blind(iso3)
        assessments.load_adjudications()
        assessments.load_recommendations()
    except UserError as exc:
        problems += exc.problems
    for iso3 in assessments.assessed_countries():
        if iso3 not in load.known_countries():
            problems.append(
                Problem(
                    paths.relative(assessments.assessments_file(iso3)),
                    f"there is no data/countries/{iso3}.yaml for these assessments",
                )
            )
    return problems


def check_indicators() -> list[Problem]:
    """World Bank indicator series: each CSV matches its sidecar and has numeric years and values."""
    problems: list[Problem] = []
    for csv_path in sorted(paths.INDICATORS_DIR.glob("*.csv")):
        problems += _collect(indicators.read_series, csv_path.stem)[1]
    return problems


def check_regional() -> list[Problem]:
    """Kazakhstan's regional tables: every row checked, regions add up to the country, sections to the GRP; the
    traded/local classification and the caveats read and cite known sources."""
    from . import regional_notes

    return regional.check_data() + regional_notes.check_data()


def check_competition() -> list[Problem]:
    """Criteria files, the example sheet, and the facts and region codes the competition brief needs."""
    return competition.check_data()


def check_geo() -> list[Problem]:
    """Boundaries and the 2017-to-today crosswalk read, and every 2017 unit of the crosswalk is on the map."""
    problems: list[Problem] = []
    cw, errs = _collect(geo.crosswalk)
    problems += errs
    g17, errs = _collect(geo.check_boundaries, geo.GEO_2017)  # structure only: no geopandas before a brief
    problems += errs
    problems += _collect(geo.check_boundaries, geo.GEO_CURRENT)[1]
    if cw is not None and g17 is not None:
        missing = sorted(set(cw.iso_3166_2_2017) - set(g17))
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
    ("provenance sidecars and checksums", check_sidecars),
    ("dimensions, assessments and recommendations", check_comparison),
    ("key messages", key_messages.check_all),
    ("indicator series", check_indicators),
    ("boundaries and crosswalk", check_geo),
    ("employment tables", check_employment),
    ("Kazakhstan's regional statistics", check_regional),
    ("competition criteria and sheet", check_competition),
    ("commentary", commentary.check_all),
    ("benchmark definitions", benchmark_files.check_all),
    ("workbook settings", settings.check_all),
]


def validate_all(skip: tuple[str, ...] = ()) -> list[Problem]:
    """Every problem in the data, check by check, each once (a fresh read: nothing is served from a cache).

    A file that cannot be read is reported once; checks that depend on it say so in one line instead
    of repeating a consequence for every file.
    """
    files.clear()
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for name, check in CHECKS:
        if name in skip:
            continue
        for p in check():
            key = (p.file, p.line, p.field, p.reason)
            if key not in seen:
                seen.add(key)
                problems.append(p)
    return problems


def _of_other_countries(problem: Problem, countries: set[str]) -> bool:
    """True for a problem in the country or assessments file of a country the brief does not show."""
    parts = problem.file.replace("\\", "/").split("/")
    if len(parts) == 3 and parts[0] == "data" and parts[1] in ("countries", "assessments"):
        stem = parts[2].rsplit(".", 1)[0]
        return load.is_country_file(paths.DATA / parts[1] / parts[2]) and stem not in countries
    return False


#: The checks whose files every brief reads (its sources, country cards, tables, key messages, commentary, the
#: workbook's settings that name its issuer),
#: and the benchmark files (a bad one is reported by every command, as `validate` reports it).
_EVERY_BRIEF = (
    check_sources,
    check_countries,
    check_tables,
    check_sidecars,
    key_messages.check_all,
    commentary.check_all,
    benchmark_files.check_all,
    settings.check_all,
)
#: The further checks each kind of brief needs: the files it reads beyond those (from the build's record).
BRIEF_CHECKS: dict[str, tuple[Callable[[], list[Problem]], ...]] = {
    "country": _EVERY_BRIEF,
    "country-KAZ": (*_EVERY_BRIEF, check_geo, check_regional),
    "comparison": (*_EVERY_BRIEF, check_comparison, check_indicators),
    "competition": (*_EVERY_BRIEF, check_geo, check_regional, check_competition),
}


def refuse_bad_data(countries: list[str] | None = None, benchmarks: bool = True, brief: str | None = None) -> None:
    """Run the checks of ``validate`` before a brief's kernel executes anything; refuse with its messages.

    ``countries``: the countries a brief shows; problems in another country's own files (its card, its
    assessments) do not stop it. ``None`` (a build): every problem counts. ``benchmarks=False`` (a build,
    which reports a bad benchmark file itself and builds the others): benchmark files are not checked here.
    ``brief``: a key of :data:`BRIEF_CHECKS`, to run only the checks of the files that kind of brief reads
    (a country brief does not wait for the competition's sheets); ``None``: every check.

    Raises:
        UserError: the problems, each once, exactly as ``clusterbench validate`` prints them (exit code 2).
    """
    skip = [] if benchmarks else ["benchmark definitions"]
    if brief is not None:
        skip += [name for name, check in CHECKS if check not in BRIEF_CHECKS[brief]]
    problems = validate_all(skip=tuple(skip))
    if countries is not None:
        keep = {str(c).strip().upper() for c in countries}
        problems = [p for p in problems if not _of_other_countries(p, keep)]
    if problems:
        raise UserError(problems)
