"""Which data text has no translation yet: ``clusterbench validate --lang ru`` lists each field, file and line.

Every text field of the data (a :data:`~benchmark.inputs.schemas.Text`) is plain English or a mapping
``{en: ..., ru: ..., kk: ...}``. A brief in Russian shows a field without ``ru`` in English, marked as
untranslated (see :func:`~benchmark.inputs.schemas.text_of`); this module finds those fields before a
reader does.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from ..core import paths
from ..core.errors import Problem
from . import assessments, load
from . import criteria_schemas as cs
from . import schemas as s


def _text_kind(annotation) -> str | None:
    """'one', 'list' or 'dict' when a field holds Text (alone, in a list, as mapping values); else None."""
    if annotation == s.Text:
        return "one"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if set(rest) == set(typing.get_args(s.Text)):
            return "one"
        return next((k for a in rest if (k := _text_kind(a))), None)
    if origin is list and args and _text_kind(args[0]) == "one":
        return "list"
    if origin is dict and len(args) == 2 and _text_kind(args[1]) == "one":
        return "dict"
    return None


def texts(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, s.Text]]:
    """Every text field of ``model`` and the records inside it, with its location (``("programmes", 0, "title")``)."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        kind = _text_kind(field.annotation)
        if kind == "one" and value is not None:
            yield (*loc, name), value
        elif kind == "list":
            yield from (((*loc, name, i), v) for i, v in enumerate(value))
        elif kind == "dict":
            yield from (((*loc, name, k), v) for k, v in value.items())
        elif isinstance(value, BaseModel):
            yield from texts(value, (*loc, name))
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    yield from texts(v, (*loc, name, i))


def _files() -> Iterator[tuple[Path, BaseModel]]:
    """Each data file with text fields, parsed and checked as the briefs read it."""
    for iso3 in load.known_countries():
        yield load.country_file(iso3), load.load_country(iso3)
    yield paths.DIMENSIONS_FILE, assessments._read_dimensions(paths.DIMENSIONS_FILE)
    for iso3 in assessments.assessed_countries():
        yield assessments.assessments_file(iso3), assessments.load_file(iso3)
    for path, model in (
        (assessments.recommendations_path(), s.RecommendationsFile),
        (paths.DATA / "key_messages.yaml", s.KeyMessagesFile),
    ):
        if path.exists():
            yield path, load.load_yaml_model(model, path)
    for path in sorted(paths.COMPETITION_DIR.glob("criteria_*.yaml")):
        yield path, load.load_yaml_model(cs.CriteriaSet, path)
    for path in sorted(paths.COMPETITION_DIR.glob("*.csv.meta.yaml")):
        yield path, load.load_yaml_model(cs.ScoringSheetMeta, path)
    for csv_path in sorted(paths.TABLES_DIR.glob("*.csv")):
        yield load.table_meta_path(csv_path), load.load_table(csv_path.stem)[0]


def missing(lang: str) -> list[Problem]:
    """Every text field without a ``lang`` version, with its file, field and line (English needs none).

    Raises:
        UserError: a data file that does not validate (translations are checked on valid data only).
    """
    if lang == "en":
        return []
    out = []
    for path, model in _files():
        _, node = load.read_yaml(path)
        rel = paths.relative(path)
        for loc, text in texts(model):
            if s.language_neutral(text):
                continue
            if isinstance(text, str) or not typing.cast("dict[str, str]", text).get(lang):
                out.append(Problem(rel, f"no {lang} text", field=load._field(loc), line=load.line_of(node, loc)))
    return out
