"""Load and validate data files; every failure names the file, the field, the line and the reason."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..core import paths
from ..core.errors import DataError, Problem, UserError, unique
from . import files
from .countries import country_name, is_iso3
from .messages import explain
from .schemas import CountryFile, Fact, OpenQuestion, Programme, Source, TableMeta

M = TypeVar("M", bound=BaseModel)


def line_of(node: yaml.Node | None, loc: tuple) -> int | None:
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
    """Parse a YAML file, returning the data and its node tree (for line numbers); parsed once per content."""
    return files.yaml_document(path)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the record at ``loc`` inside ``model`` (for "did you mean" on an unknown field)."""
    import typing

    current: Any = model
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        fields = getattr(current, "model_fields", {})
        if key not in fields:
            return []
        ann = fields[key].annotation
        candidates = [ann, *typing.get_args(ann)]
        nxt = None
        for c in candidates:
            for inner in [c, *typing.get_args(c)]:
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    nxt = inner
        if nxt is None:
            return []
        current = nxt
    return list(getattr(current, "model_fields", {}))


def _union_tags() -> set[str]:
    """Names pydantic puts into an error's location for each member of a union (``str``, ``Source`` ...)."""
    from . import schemas

    return {n for n, v in vars(schemas).items() if isinstance(v, type) and issubclass(v, BaseModel)}


def _is_union_tag(key: object, models: set[str]) -> bool:
    if not isinstance(key, str):
        return False
    return key in models or key in ("str", "int", "float", "bool", "date", "datetime", "none") or "[" in key


def _strip(loc: tuple, models: set[str]) -> tuple:
    return tuple(
        x for x in loc if not (isinstance(x, str) and x.startswith("function-")) and not _is_union_tag(x, models)
    )


def _union_site(loc: tuple, models: set[str]) -> tuple | None:
    """The location of the union an error comes from (the field before the first member tag), or None."""
    for i, x in enumerate(loc):
        if _is_union_tag(x, models):
            return _strip(loc[:i], models)
    return None


def _plain_errors(model: type[BaseModel], errors: Sequence[Mapping[str, Any]]) -> list[dict]:
    """One error per mistake: a union's members collapsed into one, a misspelt required key into one.

    Pydantic reports a value that fits no member of ``float | int | str`` once per member, and a key
    ``sorce`` as both unknown and ``source`` missing; an analyst made one mistake each time.
    """
    models = _union_tags()
    # A union whose member fits the value's kind (a {en: ..} mapping for a text) reports that member's
    # own errors deeper down: those are the mistake, the other members' "expected a text" are noise.
    sites = [_union_site(err["loc"], models) for err in errors]
    deeper = {
        site
        for site, err in zip(sites, errors, strict=True)
        if site is not None and len(_strip(err["loc"], models)) > len(site)
    }
    errors = [
        err
        for site, err in zip(sites, errors, strict=True)
        if not (site in deeper and len(_strip(err["loc"], models)) == len(site))
    ]
    by_loc: dict[tuple, dict] = {}
    for err in errors:
        loc = tuple(
            x
            for x in err["loc"]
            if not (isinstance(x, str) and x.startswith("function-")) and not _is_union_tag(x, models)
        )
        if loc not in by_loc:  # the first member's explanation stands for the union
            by_loc[loc] = {**err, "loc": loc}
    out = list(by_loc.values())
    extras = {e["loc"]: e for e in out if e["type"] == "extra_forbidden"}
    merged: set[tuple] = set()
    for e in out:
        if e["type"] != "missing" or not e["loc"]:
            continue
        parent, name = e["loc"][:-1], e["loc"][-1]
        candidates = [loc for loc in extras if loc[:-1] == parent and loc not in merged]
        close = difflib.get_close_matches(str(name), [str(c[-1]) for c in candidates], n=1, cutoff=0.6)
        if close:
            loc = next(c for c in candidates if str(c[-1]) == close[0])
            merged.add(loc)
            e["typo"] = close[0]
            e["line_loc"] = loc
    return [e for e in out if e["loc"] not in merged]


def validate(model: type[M], data: Any, path: Path, node: yaml.Node | None = None, prefix: tuple = ()) -> M:
    """Validate ``data`` against ``model``; on failure raise a DataError naming every bad field in plain words.

    Each mistake gives one problem (see :func:`_plain_errors`).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in _plain_errors(model, exc.errors()):
            inner = err["loc"]
            loc = prefix + inner
            reason = explain(err, _fields_at(model, inner) if err["type"] == "extra_forbidden" else None)
            line = line_of(node, prefix + err.get("line_loc", inner))
            problems.append(Problem(file=paths.relative(path), field=_field(loc) or None, line=line, reason=reason))
        raise DataError(unique(problems)) from None


def load_yaml_model(model: type[M], path: Path) -> M:
    """Read and validate one YAML file as ``model`` (once per content of the file)."""

    def build() -> M:
        data, node = read_yaml(path)
        return validate(model, data, path, node)

    return files.cached(f"model:{model.__module__}.{model.__qualname__}", path, build)


# --- sources --------------------------------------------------------------------------------------


def _read_sources_file(path: Path) -> dict[str, Source]:
    data, node = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise DataError.one(path, "expected a mapping with a 'sources' list", field="sources")
    out: dict[str, Source] = {}
    for i, item in enumerate(data["sources"]):
        src = validate(Source, item, path, node, prefix=("sources", i))
        if src.id in out:
            raise DataError.one(
                path,
                f"duplicate source id {src.id!r}",
                field=f"sources[{i}].id",
                line=line_of(node, ("sources", i, "id")),
            )
        out[src.id] = src
    return out


def sources_files() -> list[Path]:
    """The files of the source table, ``data/sources/*.yaml``, in name order."""
    return sorted(paths.SOURCES_DIR.glob("*.yaml"))


def load_sources() -> dict[str, Source]:
    """The source table, by id: every ``data/sources/*.yaml`` file together (ids are unique across them)."""
    out: dict[str, Source] = {}
    origin: dict[str, Path] = {}
    for path in sources_files():
        for sid, src in files.cached("sources", path, partial(_read_sources_file, path)).items():
            if sid in out and out[sid] != src:  # the same source cited by two files is fine if they agree
                raise DataError.one(
                    path,
                    f"source id {sid!r} is defined differently in {paths.relative(origin[sid])}; keep one definition",
                    field="sources.id",
                )
            out[sid] = src
            origin.setdefault(sid, path)
    return out


# --- countries and programmes ---------------------------------------------------------------------


def country_file(iso3: str) -> Path:
    """Path of a country's data file."""
    return paths.COUNTRIES_DIR / f"{iso3}.yaml"


def is_country_file(path: Path) -> bool:
    """True for a file named like ``NOR.yaml``: three capital letters (a file named otherwise is not read)."""
    return path.suffix == ".yaml" and len(path.stem) == 3 and path.stem.isalpha() and path.stem.isupper()


def known_countries() -> list[str]:
    """ISO3 codes that have a country file (``data/countries/<ISO3>.yaml``)."""
    return sorted(p.stem for p in paths.COUNTRIES_DIR.glob("*.yaml") if is_country_file(p))


def country_code(code: object) -> str:
    """Normalise ``code`` and check it names a country with data; else list the known codes.

    Raises:
        UserError: the code has no country file (the message lists the countries with data).
    """
    iso3 = str(code).strip().upper()
    known = known_countries()
    if iso3 not in known:
        listed = ", ".join(f"{c} ({country_name(c)})" for c in known)
        hint = "" if is_iso3(iso3) else " It is not an ISO 3166-1 alpha-3 code."
        raise UserError(f"unknown country code {code!r}.{hint} Countries with data: {listed}")
    return iso3


def load_country(iso3: str) -> CountryFile:
    """A country's validated data. Unknown codes raise a UserError that lists the known ones."""
    return load_yaml_model(CountryFile, country_file(country_code(iso3)))


def load_programmes(countries: list[str] | None = None) -> list[Programme]:
    """All programmes of the given countries (default: every country with data)."""
    return [p for c in (countries if countries is not None else known_countries()) for p in load_country(c).programmes]


def facts_by_id(countries: list[str] | None = None) -> dict[str, Fact]:
    """Every fact of the countries (default: all), by id: key facts and launch dates, country and programmes."""
    out = {}
    for iso3 in countries if countries is not None else known_countries():
        cf = load_country(iso3)
        out.update({f.id: f for f in cf.key_facts})
        for p in cf.programmes:
            out.update({f.id: f for f in [p.launch, *p.key_facts]})
    return out


def open_questions_by_id(countries: list[str] | None = None) -> dict[str, OpenQuestion]:
    """Every open question of the countries (default: all), by id."""
    out = {}
    for iso3 in countries if countries is not None else known_countries():
        cf = load_country(iso3)
        out.update({q.id: q for q in cf.open_questions})
        for p in cf.programmes:
            out.update({q.id: q for q in p.open_questions})
    return out


# --- tables ---------------------------------------------------------------------------------------


def table_meta_path(csv_path: Path) -> Path:
    """The sidecar path of a CSV table."""
    return paths.sidecar(csv_path)


def _read_table(path: Path) -> tuple[TableMeta, list[dict[str, str]]]:
    meta_path = table_meta_path(path)
    if not meta_path.exists():
        raise DataError.one(path, f"no metadata sidecar ({meta_path.name}); every table needs one")
    meta = load_yaml_model(TableMeta, meta_path)
    header, rows = files.csv_rows(path)
    want = [c.name for c in meta.columns]
    if header != want:
        raise DataError.one(path, f"columns are {header}, the sidecar declares {want}", line=1)
    return meta, rows


def _table(path: Path) -> tuple[TableMeta, list[dict[str, str]]]:
    return files.cached("table", [path, table_meta_path(path)], lambda: _read_table(path))


def load_table(name: str):
    """A curated table from ``data/tables/<name>.csv`` as (meta, DataFrame)."""
    import pandas as pd

    meta, rows = _table(paths.TABLES_DIR / f"{name}.csv")
    return meta, pd.DataFrame(rows, columns=[c.name for c in meta.columns])


def tables_for(iso3: str, kind: str | None = None) -> list[str]:
    """Names of the curated tables about ``iso3`` (optionally of one kind)."""
    out = []
    for csv_path in sorted(paths.TABLES_DIR.glob("*.csv")):
        meta, _ = _table(csv_path)
        if meta.country == iso3 and (kind is None or meta.kind == kind):
            out.append(csv_path.stem)
    return out


# --- versions -------------------------------------------------------------------------------------


def data_version(files_read: list[str] | None = None) -> str:
    """A short content hash of data: of the given files (a brief's inputs), or of everything under ``data/``.

    Two briefs with equal versions read equal data; a brief's version changes only when a file it read changes.
    """
    h = hashlib.sha256()
    if files_read is None:
        chosen = sorted(p for p in paths.DATA.rglob("*") if p.is_file())
    else:
        chosen = sorted({(paths.ROOT / f).resolve() for f in files_read})
    for p in chosen:
        try:
            h.update(paths.relative(p).encode())
            h.update(p.read_bytes())
        except (FileNotFoundError, IsADirectoryError):
            h.update(b"missing")
    return h.hexdigest()[:12]
