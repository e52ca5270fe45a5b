"""``clusterbench validate``: check every data file and every cross-reference, collecting all problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import load, paths
from .errors import Problem, UserError

#: Extra checks registered by feature modules; each returns a list of problems (empty when fine).
CHECKS: list[Callable[[], list[Problem]]] = []


def register(check: Callable[[], list[Problem]]) -> Callable[[], list[Problem]]:
    """Add a whole-repository data check (used as a decorator by feature modules)."""
    CHECKS.append(check)
    return check


def _collect(fn, *args) -> tuple[object, list[Problem]]:
    try:
        return fn(*args), []
    except UserError as exc:
        return None, exc.problems


def check_core() -> list[Problem]:
    """Sources, country files, tables, and that every source id and STIP code resolves."""
    from . import stip

    problems: list[Problem] = []
    sources, errs = _collect(load.load_sources)
    problems += errs
    sources = sources or {}
    for iso3 in load.known_countries():
        path = load.country_file(iso3)
        cf, errs = _collect(load.load_country, iso3)
        problems += errs
        if cf is None:
            continue
        if path.stem != cf.country:
            problems.append(Problem(paths.relative(path), f"file is named {path.stem} but says country {cf.country}",
                                    "country"))
        used = [("summary_sources", s) for s in cf.summary_sources]
        used += [(f"key_facts.{f.id}.source", f.source) for f in cf.key_facts]
        for p in cf.programmes:
            used += [(f"programmes.{p.id}.sources", s) for s in p.sources]
            used += [(f"programmes.{p.id}.{type(i).__name__.lower()}.source", i.source) for i in p.sourced_items()]
            used += [(f"programmes.{p.id}.lessons.source", lsn.source) for lsn in p.lessons]
            used += [(f"programmes.{p.id}.open_questions.source", q.source) for q in p.open_questions if q.source]
            for code in [*p.target_groups, *p.instruments, *p.themes]:
                prefix = "".join(ch for ch in code if ch.isalpha())
                if code not in stip.codes(prefix):
                    problems.append(Problem(paths.relative(path), f"{code} is not a STIP 2021 code",
                                            f"programmes.{p.id}"))
        for fieldname, sid in used:
            if sid not in sources:
                problems.append(Problem(paths.relative(path), f"source id {sid!r} is not in data/sources/", fieldname))
    for csv_path in sorted(paths.TABLES_DIR.glob("*.csv")):
        res, errs = _collect(load.load_table, csv_path.stem)
        problems += errs
        if res and res[0].source not in sources:
            problems.append(Problem(paths.relative(load.table_meta_path(csv_path)),
                                    f"source id {res[0].source!r} is not in data/sources/", "source"))
    return problems


def check_sidecars() -> list[Problem]:
    """Every data file other than YAML has a provenance sidecar ``<file>.meta.yaml``."""
    problems = []
    for p in sorted(paths.DATA.rglob("*")):
        if p.is_file() and p.suffix in {".csv", ".geojson", ".json"} and not Path(str(p) + ".meta.yaml").exists():
            problems.append(Problem(paths.relative(p), "no provenance sidecar (<file>.meta.yaml)"))
    return problems


def validate_all() -> list[Problem]:
    """Every problem in the data, in file order."""
    _import_feature_checks()
    problems = check_core() + check_sidecars()
    for check in CHECKS:
        problems += check()
    return problems


def _import_feature_checks() -> None:
    """Import feature modules so their @register checks are known (missing modules are skipped)."""
    import importlib

    for name in ("compare", "competition", "mapping"):
        try:
            importlib.import_module(f"benchmark.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"benchmark.{name}":
                raise
