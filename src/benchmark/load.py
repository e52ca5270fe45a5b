"""Load and validate data files; every failure names the file, the field, the line and the reason."""

from __future__ import annotations

import csv
import functools
import hashlib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import paths
from .errors import DataError, Problem
from .schemas import CountryFile, Fact, OpenQuestion, Programme, Source, TableMeta

M = TypeVar("M", bound=BaseModel)

#: libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """1-based line of the YAML node at pydantic location ``loc`` (as deep as it can get)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
        line = node.start_mark.line + 1
    return line


def _field(loc: tuple) -> str:
    out = ""
    for k in loc:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file, returning the data and its node tree (for line numbers)."""
    paths.record_read(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError.one(path, "file not found") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()  # one parse gives the data and the line of every node
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = f"not valid YAML: {getattr(exc, 'problem', None) or exc}"
        raise DataError.one(path, reason, line=mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()


def validate(model: type[M], data: Any, path: Path, node: yaml.Node | None = None, prefix: tuple = ()) -> M:
    """Validate ``data`` against ``model``; on failure raise a DataError naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = prefix + tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
            reason = err["msg"]
            if err["type"] == "extra_forbidden":
                reason = "unknown field (check the spelling against the schema in the README)"
            problems.append(
                Problem(file=paths.relative(path), field=_field(loc) or None, line=_line_of(node, loc), reason=reason)
            )
        raise DataError(problems) from None


def load_yaml_model(model: type[M], path: Path) -> M:
    """Read and validate one YAML file as ``model``."""
    data, node = read_yaml(path)
    return validate(model, data, path, node)


# --- sources --------------------------------------------------------------------------------------


def _stamp(path: Path) -> tuple:
    """Identity of a file's current content for cache keys: (mtime, size); a missing file has none."""
    try:
        st = Path(path).stat()
        return (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (None, None)


def _sources(path: Path) -> dict[str, Source]:
    return _sources_at(path, _stamp(path))


@functools.lru_cache(maxsize=64)
def _sources_at(path: Path, stamp: tuple) -> dict[str, Source]:
    data, node = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise DataError.one(path, "expected a mapping with a 'sources' list", field="sources")
    out: dict[str, Source] = {}
    for i, item in enumerate(data["sources"]):
        src = validate(Source, item, path, node, prefix=("sources", i))
        if src.id in out:
            raise DataError.one(path, f"duplicate source id {src.id!r}", field=f"sources[{i}].id",
                                line=_line_of(node, ("sources", i, "id")))
        out[src.id] = src
    return out


def load_sources() -> dict[str, Source]:
    """The source table, by id: every ``data/sources/*.yaml`` file together (ids are unique across them)."""
    out: dict[str, Source] = {}
    origin: dict[str, str] = {}
    for path in sorted(paths.SOURCES_DIR.glob("*.yaml")):
        paths.record_read(path)
        for sid, src in _sources(path).items():
            if sid in out and out[sid] != src:  # the same source cited by two files is fine if they agree
                raise DataError.one(path, f"source id {sid!r} is defined differently in {origin[sid]}; "
                                          "keep one definition", field="sources.id")
            out[sid] = src
            origin.setdefault(sid, paths.relative(path))
    return out


# --- countries and programmes ---------------------------------------------------------------------


def country_file(iso3: str) -> Path:
    """Path of a country's data file."""
    return paths.COUNTRIES_DIR / f"{iso3}.yaml"


def known_countries() -> list[str]:
    """ISO3 codes that have a country file."""
    return sorted(p.stem for p in paths.COUNTRIES_DIR.glob("*.yaml"))


def _country(path: Path) -> CountryFile:
    return _country_at(path, _stamp(path))


@functools.lru_cache(maxsize=64)
def _country_at(path: Path, stamp: tuple) -> CountryFile:
    return load_yaml_model(CountryFile, path)


def load_country(iso3: str) -> CountryFile:
    """A country's validated data. Unknown codes raise a UserError that lists the known ones."""
    from .countries import check_iso3

    iso3 = check_iso3(iso3)
    path = country_file(iso3)
    paths.record_read(path)
    return _country(path)


def load_programmes(countries: list[str] | None = None) -> list[Programme]:
    """All programmes of the given countries (default: every country with data)."""
    return [p for c in (countries or known_countries()) for p in load_country(c).programmes]


def facts_by_id(countries: list[str] | None = None) -> dict[str, "Fact"]:
    """Every fact of the countries (default: all), by id: key facts and launch dates, country and programmes."""
    out = {}
    for iso3 in countries or known_countries():
        cf = load_country(iso3)
        out.update({f.id: f for f in cf.key_facts})
        for p in cf.programmes:
            out.update({f.id: f for f in [p.launch, *p.key_facts]})
    return out


def open_questions_by_id(countries: list[str] | None = None) -> dict[str, "OpenQuestion"]:
    """Every open question of the countries (default: all), by id."""
    out = {}
    for iso3 in countries or known_countries():
        cf = load_country(iso3)
        out.update({q.id: q for q in cf.open_questions})
        for p in cf.programmes:
            out.update({q.id: q for q in p.open_questions})
    return out


# --- tables ---------------------------------------------------------------------------------------


def table_meta_path(csv_path: Path) -> Path:
    """The sidecar path of a CSV table."""
    return csv_path.with_name(csv_path.name + ".meta.yaml")


def _table(path: Path) -> tuple[TableMeta, list[dict[str, str]]]:
    return _table_at(path, _stamp(path), _stamp(table_meta_path(path)))


@functools.lru_cache(maxsize=64)
def _table_at(path: Path, stamp: tuple, meta_stamp: tuple) -> tuple[TableMeta, list[dict[str, str]]]:
    meta_path = table_meta_path(path)
    if not meta_path.exists():
        raise DataError.one(path, f"no metadata sidecar ({meta_path.name}); every table needs one")
    meta = load_yaml_model(TableMeta, meta_path)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        want = [c.name for c in meta.columns]
        if header != want:
            raise DataError.one(path, f"columns are {header}, the sidecar declares {want}", line=1)
        rows = list(reader)
    return meta, rows


def load_table(name: str):
    """A curated table from ``data/tables/<name>.csv`` as (meta, DataFrame)."""
    import pandas as pd

    path = paths.TABLES_DIR / f"{name}.csv"
    paths.record_read(path)
    paths.record_read(table_meta_path(path))
    meta, rows = _table(path)
    return meta, pd.DataFrame(rows, columns=[c.name for c in meta.columns])


def tables_for(iso3: str, kind: str | None = None) -> list[str]:
    """Names of the curated tables about ``iso3`` (optionally of one kind)."""
    out = []
    for csv_path in sorted(paths.TABLES_DIR.glob("*.csv")):
        paths.record_read(csv_path)
        paths.record_read(table_meta_path(csv_path))
        meta, _ = _table(csv_path)
        if meta.country == iso3 and (kind is None or meta.kind == kind):
            out.append(csv_path.stem)
    return out


# --- versions -------------------------------------------------------------------------------------


def data_version() -> str:
    """A short content hash of everything under ``data/``: two builds with equal hashes used equal data."""
    h = hashlib.sha256()
    for p in sorted(paths.DATA.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(paths.DATA).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def clear_caches() -> None:
    """Forget cached file contents (after data files change in a long-lived process)."""
    _sources_at.cache_clear()
    _country_at.cache_clear()
    _table_at.cache_clear()
