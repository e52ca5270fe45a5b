"""``clusterbench schema``: ``docs/schema.md`` written from the models, so the documented schema is the enforced one.

Every record of every data file, each field with whether it is required, its format and what it is for
(the field's docstring in ``inputs/schemas.py``). A test fails when the committed file is not current.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from pathlib import Path

from pydantic import BaseModel

from ..core import paths
from . import criteria_schemas as cs
from . import schemas as s
from . import settings

#: The records, in reading order, with where they are found.
RECORDS: list[tuple[type[BaseModel], str]] = [
    (s.Source, "`data/sources/*.yaml`, under `sources:`"),
    (s.CountryFile, "`data/countries/<ISO3>.yaml` (the whole file)"),
    (s.Programme, "a country file's `programmes:`"),
    (s.Fact, "`launch`, `key_facts` of a programme or a country"),
    (s.Support, "`also` of any sourced record"),
    (s.Phase, "a programme's `phases`"),
    (s.Financing, "a programme's `financing`"),
    (s.Result, "a programme's `results`"),
    (s.Lesson, "a programme's `lessons`"),
    (s.OpenQuestion, "`open_questions` of a programme or a country"),
    (s.TableMeta, "`data/tables/<name>.csv.meta.yaml`"),
    (s.Column, "a table sidecar's `columns`"),
    (s.Sidecar, "`data/**/<file>.meta.yaml` beside every CSV, GeoJSON or JSON data file"),
    (s.Provenance, "`provenance` of every data file's sidecar"),
    (s.DimensionsFile, "`data/dimensions.yaml`"),
    (s.Dimension, "`dimensions` of data/dimensions.yaml"),
    (s.ScaleLevel, "a dimension's `scale`"),
    (s.AssessmentsFile, "`data/assessments/<ISO3>.yaml`"),
    (s.Assessment, "`assessments` and `second_assessments` of an assessments file"),
    (s.AssessorsFile, "`data/assessments/assessors.yaml`"),
    (s.Assessor, "`assessors` of data/assessments/assessors.yaml"),
    (s.BlindAssessmentsFile, "`data/assessments/blind/<ISO3>.yaml` (a blind second assessment)"),
    (s.AdjudicationsFile, "`data/assessments/adjudications.yaml` (optional)"),
    (s.Adjudication, "`adjudications` of data/assessments/adjudications.yaml"),
    (s.RecommendationsFile, "`data/recommendations.yaml`"),
    (s.Recommendation, "`recommendations` of data/recommendations.yaml"),
    (s.KeyMessagesFile, "`data/key_messages.yaml` (optional)"),
    (s.BriefMessages, "`briefs` of data/key_messages.yaml"),
    (s.KeyMessage, "a brief's `messages`"),
    (cs.CriteriaSet, "`data/competition/criteria_*.yaml` or a user's criteria file"),
    (cs.Criterion, "a criteria set's `criteria`"),
    (cs.CriterionScale, "a criterion's `scale`"),
    (cs.ScoringSheetMeta, "`<sheet>.csv.meta.yaml` beside a scoring sheet (optional)"),
    (s.BenchmarkFile, "`benchmarks/<id>.yaml`"),
    (s.BriefSpec, "a benchmark's `briefs`"),
    (settings.WorkbookSettings, "`workbook.yaml` at the project's root (optional)"),
]

_NAMES = {m: m.__name__ for m, _ in RECORDS}


def _type(ann) -> str:
    """A field's type in words."""
    if ann is s.Text or ann == s.Text:
        return "text (or `{en, ru, kk}` translations)"
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin is typing.Annotated:
        base, *meta = args
        if any(getattr(m, "func", None) is s._iso3166 for m in meta):
            return "ISO 3166-1 alpha-3 code, e.g. NOR"
        if any(getattr(m, "func", None) is s._iso4217 for m in meta):
            return "ISO 4217 currency code, e.g. NOK"
        pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None) or next(
            (mm.pattern for m in meta for mm in getattr(m, "metadata", []) if getattr(mm, "pattern", None)), None
        )
        if pattern == s.SNAKE_ID:
            return "id (lower case, digits, underscores)"
        if pattern:
            return f"text matching `{pattern}`"
        lo = next((getattr(m, "ge", None) for m in meta if getattr(m, "ge", None) is not None), None)
        hi = next((getattr(m, "le", None) for m in meta if getattr(m, "le", None) is not None), None)
        if lo is not None and hi is not None:
            return f"{_type(base)} from {lo} to {hi}"
        return _type(base)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if set(args) == set(typing.get_args(s.Text)):
            return "text (or `{en, ru, kk}` translations)"
        parts = [_type(a) for a in args if a is not type(None)]
        text = " or ".join(dict.fromkeys(parts))
        return text + (" or null" if type(None) in args else "")
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"mapping of {_type(args[0])} to {_type(args[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if isinstance(ann, type):
        if issubclass(ann, BaseModel):
            return f"[{ann.__name__}](#{ann.__name__.lower()})"
        if issubclass(ann, enum.Enum):
            return "one of " + ", ".join(f"`{m.value}`" for m in ann)
        return {
            str: "text",
            int: "whole number",
            float: "number",
            bool: "true or false",
            dt.date: "date YYYY-MM-DD",
            typing.Any: "any value",
        }.get(ann, ann.__name__)
    return str(ann)


def markdown() -> str:
    """The schema of every data record as Markdown."""
    out = [
        "# Data schema",
        "",
        "Written by `clusterbench schema` from the models in `src/benchmark/inputs/schemas.py` (the competition's "
        "criteria and sheets: `criteria_schemas.py`; the workbook's settings: `settings.py`); do not edit by hand. "
        "Every record refuses unknown fields. "
        "Text fields take plain English or translations "
        "`{en: ..., ru: ..., kk: ...}` (English required). Dates are written YYYY-MM-DD; years as 2017; country "
        "codes ISO 3166-1 alpha-3 in capitals (KAZ); currencies ISO 4217 (KZT); ids in lower case with "
        'underscores. YAML reads `no`, `yes`, `on` and `off` as true or false: quote them (`"NO"`).',
        "",
        "| record | where |",
        "|---|---|",
        *[f"| [{m.__name__}](#{m.__name__.lower()}) | {where} |" for m, where in RECORDS],
        "",
    ]
    for model, where in RECORDS:
        doc = " ".join((model.__doc__ or "").split()).replace("``", "`")
        out += [
            f"## {model.__name__}",
            "",
            f"{doc} Found in {where}.",
            "",
            "| field | required | format | what it is |",
            "|---|---|---|---|",
        ]
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else "no"
            desc = " ".join((field.description or "").split()).replace("|", "\\|").replace("``", "`")
            ann = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
            out.append(f"| `{name}` | {required} | {_type(ann)} | {desc} |")
        out.append("")
    return "\n".join(out)


def write(path: Path | None = None) -> Path:
    """Write ``docs/schema.md`` (or ``path``) and return where."""
    path = path or paths.ROOT / "docs" / "schema.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(), encoding="utf-8")
    return path
