"""The one place that says what valid workbook data is (pydantic v2 models)."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Languages a text field may carry. English is required; the others come later.
LANGUAGES = ("en", "ru", "kk")

#: A text field: plain English, or a mapping of language code to text (``{en: ..., ru: ...}``).
Text = str | dict[Literal["en", "ru", "kk"], str]

SNAKE_ID = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=SNAKE_ID, min_length=2, max_length=80)]
ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


def text_of(text: Text | None, lang: str = "en") -> str:
    """Return ``text`` in ``lang``, falling back to English; '' for None."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("en", "")


class Strict(BaseModel):
    """Base for all records: unknown fields are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Status(str, Enum):
    """How far a fact has been checked."""

    verified = "verified"  # read in a primary or official source; quote given
    secondary = "secondary"  # read in a secondary source (news re-post, mirror, the seed digest)
    conflicting = "conflicting"  # sources disagree; shown beside the other claims of its group


class Source(Strict):
    """One entry of the source table (``data/sources.yaml``)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
    title: str
    publisher: str
    year: int | None = Field(None, ge=1900, le=2100)
    year_note: str | None = None  # e.g. "year inferred from the text"
    url: str | None = None
    date_accessed: dt.date | None = None
    language: str = "en"
    licence: str
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _url_is_web(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://", v):
            raise ValueError("url must start with http:// or https://")
        return v


class Sourced(Strict):
    """Anything that states a number or a dated claim: where it comes from and how sure it is."""

    source: str
    status: Status
    quote: str | None = None
    note: Text | None = None
    conflict: Id | None = None  # facts sharing a conflict id are shown together as a conflict

    @model_validator(mode="after")
    def _conflict_needs_group(self):
        if self.status is Status.conflicting and not self.conflict:
            raise ValueError("a conflicting fact needs a 'conflict' id naming its group")
        return self


class Fact(Sourced):
    """A key figure or dated claim shown in a brief."""

    id: Id
    label: Text
    value: float | int | str
    unit: str | None = None
    date: dt.date | None = None
    year: int | None = None
    approximate: bool = False  # "about", "more than": shown with the qualifier in ``display``
    display: Text | None = None  # how the brief prints it, e.g. "more than 300"


class Phase(Sourced):
    """A named period of a programme."""

    name: Text
    start: int = Field(ge=1950, le=2100)
    end: int | None = Field(None, ge=1950, le=2100)
    focus: Text | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.end is not None and self.end < self.start:
            raise ValueError(f"phase ends ({self.end}) before it starts ({self.start})")
        return self


class Financing(Sourced):
    """An amount of money and what it pays for."""

    amount: float | None = Field(None, ge=0)  # None: the card names financing without an amount
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    year_start: int | None = Field(None, ge=1950, le=2100)
    year_end: int | None = Field(None, ge=1950, le=2100)
    per: Literal["total", "year", "unit"] = "total"
    covers: Text
    display: Text | None = None


class Result(Sourced):
    """A reported result of a programme."""

    text: Text
    value: float | int | None = None
    unit: str | None = None
    year: int | None = None


class Lesson(Strict):
    """A lesson learned, with its source (claims, not numbers, so no status)."""

    title: Text
    text: Text
    source: str


class OpenQuestion(Strict):
    """A fact that was looked for and not found: the brief says it is not yet known."""

    id: Id
    question: Text
    known: Text | None = None  # what is known so far
    source: str | None = None  # where the partial answer comes from


class Programme(Strict):
    """A policy programme card, after the seed's 'policy at a glance'."""

    id: Id
    title: Text
    country: ISO3
    level: Literal["national", "regional"]
    region: Text | None = None
    managing_authorities: list[Text] = Field(min_length=1)
    operators: list[Text] = []
    beneficiaries: list[Text] = Field(min_length=1)
    target_groups: list[Annotated[str, Field(pattern=r"^TG\d+$")]] = []
    instruments: list[Annotated[str, Field(pattern=r"^PI\d+$")]] = []
    themes: list[Annotated[str, Field(pattern=r"^TH\d+$")]] = []
    launch: Fact
    start_year: int = Field(ge=1950, le=2100)
    end_year: int | None = Field(None, ge=1950, le=2100)
    phases: list[Phase] = []
    objectives: list[Text] = Field(min_length=1)
    action_lines: list[Text] = []
    financing: list[Financing] = []
    main_sectors: list[Text] = []
    results: list[Result] = []
    key_facts: list[Fact] = []
    lessons: list[Lesson] = []
    open_questions: list[OpenQuestion] = []
    sources: list[str] = Field(min_length=1)  # sources of the card's descriptive text
    notes: list[Text] = []  # caveats on the card as a whole (e.g. a source's joint card split across programmes)

    @model_validator(mode="after")
    def _years_ordered(self):
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        return self

    def sourced_items(self) -> list[Sourced]:
        """Every fact-bearing item of the card (for source checks)."""
        return [self.launch, *self.phases, *self.financing, *self.results, *self.key_facts]


class CountryFile(Strict):
    """One ``data/countries/<ISO3>.yaml``: a country and its programmes."""

    country: ISO3
    summary: Text
    summary_sources: list[str] = Field(min_length=1)
    programmes: list[Programme] = Field(min_length=1)
    key_facts: list[Fact] = []
    open_questions: list[OpenQuestion] = []

    @model_validator(mode="after")
    def _programmes_belong(self):
        for p in self.programmes:
            if p.country != self.country:
                raise ValueError(f"programme {p.id!r} has country {p.country}, file is {self.country}")
        ids = [p.id for p in self.programmes]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate programme ids: {sorted(dupes)}")
        return self


class Column(Strict):
    """One column of a tabular series."""

    name: str
    description: str
    unit: str | None = None


class TableMeta(Strict):
    """The sidecar of a curated table ``data/tables/<name>.csv.meta.yaml``."""

    title: Text
    kind: Literal["sectors", "applications_by_region", "series", "other"]
    country: ISO3 | None = None
    programme: str | None = None
    year: int | None = None
    unit: str
    source: str
    status: Status
    quote: str | None = None
    notes: list[Text] = []
    columns: list[Column] = Field(min_length=1)


# --- comparison: benchmark dimensions and analyst assessments --------------------------------------

#: The assessment scale: every dimension is scored from SCALE_MIN to SCALE_MAX.
SCALE_MIN, SCALE_MAX = 0, 4


class ScaleLevel(Strict):
    """One level of a dimension's 0-4 scale and what it means."""

    score: int = Field(ge=SCALE_MIN, le=SCALE_MAX)
    meaning: Text


class Dimension(Strict):
    """A benchmark dimension (``data/dimensions.yaml``): the question it answers and how it is scored."""

    id: Id
    name: Text
    question: Text
    low: Text | None = None  # what a 0 looks like, in two words (e.g. "centralised")
    high: Text | None = None  # what a 4 looks like (e.g. "decentralised")
    scale: list[ScaleLevel]
    evidence: list[Text] = Field(min_length=1)  # what an assessor looks for
    origin: Text  # where the dimension comes from, in words
    sources: list[str] = Field(min_length=1)  # source ids of that origin

    @model_validator(mode="after")
    def _full_scale(self):
        got = [lvl.score for lvl in self.scale]
        want = list(range(SCALE_MIN, SCALE_MAX + 1))
        if got != want:
            raise ValueError(f"scale must list the levels {want} in order, got {got}")
        return self


class DimensionsFile(Strict):
    """``data/dimensions.yaml``."""

    note: Text | None = None
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        ids = [d.id for d in self.dimensions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate dimension ids: {dupes}")
        return self


class Assessment(Strict):
    """An analyst's judgement of one programme on one dimension: a score (or an explicit 'not scored')."""

    programme: Id
    dimension: Id
    score: int | None = Field(None, ge=SCALE_MIN, le=SCALE_MAX)  # None: looked at, not enough evidence
    rationale: Text
    cites: list[str] = Field(min_length=1)  # fact ids, open-question ids or source ids in data/
    lessons: list[str] = []  # English titles of the programme's lessons that bear on this dimension
    assessor: str
    date: dt.date


class AssessmentsFile(Strict):
    """``data/assessments.yaml``: analyst judgement, never measurement."""

    note: Text | None = None
    assessments: list[Assessment] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_per_pair(self):
        seen: set[tuple[str, str]] = set()
        for a in self.assessments:
            key = (a.programme, a.dimension)
            if key in seen:
                raise ValueError(f"two assessments of programme {a.programme!r} on dimension {a.dimension!r}")
            seen.add(key)
        return self


# --- competition: selection criteria and expert scoring sheets -------------------------------------


class CriterionScale(Strict):
    """The range experts score a criterion on (``min`` = worst, ``max`` = best)."""

    min: float
    max: float
    labels: dict[int, Text] = {}  # optional meaning of some levels, e.g. {1: "weak", 5: "excellent"}

    @model_validator(mode="after")
    def _ordered(self):
        if not self.max > self.min:
            raise ValueError(f"scale max ({self.max}) must be greater than min ({self.min})")
        return self


class Criterion(Strict):
    """One selection criterion: what experts judge, how much it counts, and where it comes from."""

    id: Id
    name: Text
    description: Text
    weight: float = Field(gt=0)  # relative; weights are rescaled to sum to 1 when scoring
    scale: CriterionScale
    sources: list[str] = []  # source ids the criterion is drawn from
    basis: Text | None = None  # how the criterion follows from its sources, in words


class CriteriaSet(Strict):
    """A selection methodology as data (``data/competition/criteria_*.yaml``), editable by users."""

    id: Id
    title: Text
    status: Literal["default", "official", "user"]  # 'default': drawn from guidance, not the official rule
    note: Text
    sources: list[str] = []
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        ids = [c.id for c in self.criteria]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate criterion ids: {dupes}")
        return self


class ScoringSheetMeta(Strict):
    """Optional sidecar of a scoring sheet (``<sheet>.csv.meta.yaml``): what it is and who made it."""

    title: Text
    illustrative: bool  # True: invented for training, labelled so on every chart and table
    description: Text
    generated_by: str | None = None  # e.g. the script that made it
    seed: int | None = None
    date: dt.date | None = None
    producer: str | None = None
    license: str | None = None
    criteria_set: Id | None = None
    applications: list[str] = []  # if given, any other application name in the sheet is an error
    experts: list[str] = []  # if given, any other expert name in the sheet is an error
    notes: list[Text] = []
