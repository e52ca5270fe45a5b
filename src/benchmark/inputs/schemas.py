"""The one place that says what valid workbook data is (pydantic v2 models).

Each field's docstring is its documentation: ``clusterbench schema`` writes ``docs/schema.md`` from these
models (a test keeps it current), so the schema an analyst reads cannot drift from the one enforced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any, Literal, TypeGuard, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .provenance import Provenance

#: Languages a text field may carry. English is required; the others are optional, field by field.
LANGUAGES = ("en", "ru", "kk")
#: Shown before English text that has no translation in the brief's language.
UNTRANSLATED = "[EN]"

#: A text field: plain English, or a mapping of language code to text (``{en: ..., ru: ...}``).
Text = str | dict[Literal["en", "ru", "kk"], str]

SNAKE_ID = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=SNAKE_ID, min_length=2, max_length=80)]


def _iso3166(code: str) -> str:
    import pycountry

    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(
            f"{code!r} is not an ISO 3166-1 alpha-3 country code; use a code such as NOR (Norway) or KAZ (Kazakhstan)"
        )
    return code


def _iso4217(code: str) -> str:
    import pycountry

    if pycountry.currencies.get(alpha_3=code) is None and code not in LEGACY_CURRENCIES:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code; use a code such as NOK, EUR or USD")
    return code


#: Currencies replaced by the euro, still found in older sources (ISO 4217 lists them as withdrawn).
LEGACY_CURRENCIES = ("DEM", "FRF", "ESP")

ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso3166)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso4217)]


def language_neutral(text: Text) -> TypeGuard[str]:
    """True for text every language writes the same: a currency or other code in capitals, or a % sign."""
    return isinstance(text, str) and (text == "%" or bool(re.fullmatch(r"[A-Z]{2,5}", text)))


def in_lang(texts: Mapping[Any, str], lang: str) -> str | None:
    """The text of language ``lang`` in a mapping of language code to text (None where it has none)."""
    return texts.get(lang)


def text_of(text: Text | None, lang: str = "en") -> str:
    """Return ``text`` in ``lang``; '' for None.

    Without a ``lang`` version the English is returned with a visible marker (``[EN] ...``), never
    silently: ``clusterbench validate --lang ru`` lists those fields.
    """
    if text is None:
        return ""
    english = text if isinstance(text, str) else text.get("en", "")
    if lang == "en":
        return english
    translated = None if isinstance(text, str) else cast("dict[str, str]", text).get(lang)
    if translated is None and language_neutral(text):
        return text
    return translated or f"{UNTRANSLATED} {english}"


class Strict(BaseModel):
    """Base for all records: unknown fields are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Status(str, Enum):
    """How far a fact has been checked."""

    verified = "verified"  # read in a primary or official source; quote given
    secondary = "secondary"  # read in a secondary source (news re-post, mirror, the seed digest)
    conflicting = "conflicting"  # sources disagree; shown beside the other claims of its group
    illustrative = "illustrative"  # entered as an example (training, a template), not a real figure


# --- sources and sourced claims -------------------------------------------------------------------


class Source(Strict):
    """One document of the source table (``data/sources/*.yaml``)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
    """Unique id, written ``<publisher>_<year>_<slug>`` in lower case (``undated`` for an unknown year)."""
    title: str
    """The document's title, in its own language (``language``): a Russian act under its official Russian
    title. Where a document has no title (a news item cut off, a page), a short description in its language."""
    title_translated: dict[Literal["en", "ru", "kk"], str] = {}
    """The title in the languages of the briefs, where the document is in another: shown after the original
    title in brackets, in a brief of that language."""
    publisher: Text
    """Who published it (organisation, newspaper, ministry): its name as the organisation writes it, with the
    names it uses in other languages where it has them (``{en: World Bank, ru: Всемирный банк}``)."""
    year: int | None = Field(None, ge=1900, le=2100)
    """Year of the document; null when unknown (then say why in ``year_note``)."""
    year_note: Text | None = None
    """Why the year is missing or inferred, e.g. "year inferred from the text" (``{en, ru, kk}`` like any text)."""
    url: str | None = None
    """Web address, starting with http:// or https://; null for a document without one."""
    date_accessed: dt.date | None = None
    """The day the document was read, YYYY-MM-DD."""
    language: str = "en"
    """The document's language (ISO 639-1: en, ru, kk, de ...)."""
    licence: str
    """Licence or terms of use, e.g. "CC BY 4.0" or "terms of the publisher; short quotation"."""
    note: str | None = None
    """Anything a reader of the source list should know (a mirror copy, a cut-off text)."""

    def title_for(self, lang: str) -> str:
        """The title a caption shows in ``lang``: its translation where the document is in another language
        and one is given, else the original title."""
        return (in_lang(self.title_translated, lang) if self.language != lang else None) or self.title

    def publisher_for(self, lang: str) -> str:
        """The publisher's name in ``lang`` where the data give one, else as written (a proper name)."""
        if isinstance(self.publisher, str):
            return self.publisher
        return in_lang(self.publisher, lang) or self.publisher.get("en") or next(iter(self.publisher.values()))

    def short_citation(self, lang: str) -> str:
        """ "Title (publisher, year)" in ``lang``, for a caption."""
        year = f", {self.year}" if self.year else ""
        return f"{self.title_for(lang)} ({self.publisher_for(lang)}{year})"

    @field_validator("url")
    @classmethod
    def _url_is_web(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://", v):
            raise ValueError("url must start with http:// or https://")
        return v


class Support(Strict):
    """A further source that carries part of a claim (the claim's main source is its ``source``)."""

    source: str
    """Source id from ``data/sources/*.yaml``."""
    quote: str | None = None
    """The source's own words for its part of the claim."""
    quote_translated: dict[Literal["en", "ru", "kk"], str] = {}
    """The quote in the languages of the briefs, where the source is in another: shown after it in brackets."""
    quote_language: str | None = None
    """The quote's language where it is not the source's (the words of a translation of the document), e.g. ``en``."""
    note: Text | None = None
    """Which part of the claim this source carries, e.g. "the link to Porter's project"."""


class Sourced(Strict):
    """Anything that states a number or a dated claim: where it comes from and how sure it is."""

    source: str
    """Source id of the document that carries the claim."""
    status: Status
    """verified (read in a primary source), secondary (read in a secondary source), conflicting (sources
    disagree; give ``conflict``), illustrative (an example, not a real figure)."""
    quote: str | None = None
    """The source's key phrase, in its own language (translate it in ``note``)."""
    quote_translated: dict[Literal["en", "ru", "kk"], str] = {}
    """The quote in the languages of the briefs, where the source is in another: shown after it in brackets."""
    quote_language: str | None = None
    """The quote's language where it is not the source's (the words of a translation of the document), e.g. ``en``."""
    note: Text | None = None
    """A caveat or translation the reader should see; shown in the brief's notes on the figures."""
    conflict: Id | None = None
    """Id of the group of disagreeing claims; claims sharing it are shown together."""
    also: list[Support] = []
    """Further sources, each carrying part of the claim; the brief cites every one."""

    @model_validator(mode="after")
    def _conflict_needs_group(self):
        if self.status is Status.conflicting and not self.conflict:
            raise ValueError("a conflicting fact needs a 'conflict' id naming its group")
        return self

    @property
    def all_sources(self) -> list[str]:
        """The main source, then the supporting ones."""
        return [self.source, *(s.source for s in self.also)]


class Fact(Sourced):
    """A key figure or dated claim shown in a brief."""

    id: Id
    """Unique id across all country files, e.g. ``kaz_2017_valid_applications``."""
    label: Text
    """What the figure is, in words a reader understands."""
    value: float | int | str
    """The figure: a number, a date (YYYY-MM-DD) or a short text."""
    unit: Text | None = None
    """Unit of a number, e.g. applications, months, USD (a currency code or % needs no translation)."""
    date: dt.date | None = None
    """The date the fact refers to, YYYY-MM-DD."""
    year: int | None = None
    """The year the fact refers to (when no exact date)."""
    approximate: bool = False
    """True for "about" or "more than" figures (say how in ``display``)."""
    display: Text | None = None
    """How the brief prints the value, e.g. "more than 300"."""
    evidence: list[Id] = []
    """What the fact shows for the dimensions' scales: kinds from ``evidence_kinds`` in data/dimensions.yaml."""
    milestone: Text | None = None
    """A short label to show this dated fact as a milestone on the country's timeline, e.g. "Order 367"."""
    headline: bool = False
    """True: one of the country's headline figures, shown in its brief's key messages (keep it to three or four)."""


class Phase(Sourced):
    """A named period of a programme."""

    name: Text
    """The phase's name as the source gives it."""
    start: int = Field(ge=1950, le=2100)
    """First year."""
    end: int | None = Field(None, ge=1950, le=2100)
    """Last year; null when no source states it (drawn open, never at a guessed year)."""
    focus: Text | None = None
    """What the phase is about."""

    @model_validator(mode="after")
    def _ordered(self):
        if self.end is not None and self.end < self.start:
            raise ValueError(f"phase ends ({self.end}) before it starts ({self.start})")
        return self


class Financing(Sourced):
    """An amount of money, what it covers and per what: the brief compares only like with like."""

    amount: float | None = Field(None, ge=0)
    """The amount as a number (no words); null when the source names financing without an amount."""
    currency: Currency
    """ISO 4217 code, e.g. KZT, USD, EUR."""
    year_start: int | None = Field(None, ge=1950, le=2100)
    """First year the amount applies to (its exchange rate is that year's)."""
    year_end: int | None = Field(None, ge=1950, le=2100)
    """Last year of a multi-year amount."""
    per: Literal["total", "year", "unit"] = "total"
    """total (for the whole period), year (an annual amount) or unit (per cluster, per applicant ...)."""
    per_unit: Text | None = None
    """For ``per: unit``: per what, e.g. "per cluster over five years"."""
    scope: Literal["whole_loan", "programme", "programmes", "component", "clusters"]
    """What the amount pays for: a whole loan (all components), one programme, several programmes together,
    one component, or the clusters only."""
    covers: Text
    """What the amount covers, in words."""
    display: Text | None = None
    """How the brief prints the amount, e.g. "16.6 billion yen"."""


class Result(Sourced):
    """A reported result of a programme."""

    text: Text
    """The result as the source reports it."""
    value: float | int | None = None
    """The number in it, if any."""
    unit: str | None = None
    """Unit of the number."""
    year: int | None = None
    """Year of the result."""


class Lesson(Strict):
    """A lesson learned, with its source (a claim of the source, not a figure, so it has no status)."""

    title: Text
    """A short title, e.g. "Decentralisation"."""
    text: Text
    """The lesson as the source states it."""
    source: str
    """Source id."""


class OpenQuestion(Strict):
    """A fact that was looked for and not found: the brief says it is not yet known."""

    id: Id
    """Unique id across all country files."""
    question: Text
    """The question, e.g. "Which six pilot clusters were selected?"."""
    known: Text | None = None
    """What is known so far."""
    source: str | None = None
    """Source id of the partial answer."""


class Programme(Strict):
    """A policy programme card, after the seed's "policy at a glance"."""

    id: Id
    """Unique id, starting with the country code, e.g. ``kaz_spiid_territorial_clusters``."""
    title: Text
    """The programme's name."""
    country: ISO3
    """The country's ISO 3166-1 alpha-3 code (the file's)."""
    level: Literal["national", "regional"]
    """national, or regional (then give ``region``)."""
    region: Text | None = None
    """The region of a regional programme."""
    managing_authorities: list[Text] = Field(min_length=1)
    """Ministries or agencies responsible."""
    operators: list[Text] = []
    """Implementing agencies that run it day to day."""
    beneficiaries: list[Text] = Field(min_length=1)
    """Who receives support."""
    target_groups: list[Annotated[str, Field(pattern=r"^TG\d+$")]] = []
    """STIP 2021 target-group codes (data/reference/stip_2021/target_groups.csv)."""
    instruments: list[Annotated[str, Field(pattern=r"^PI\d+$")]] = []
    """STIP 2021 policy-instrument codes (policy_instruments.csv)."""
    themes: list[Annotated[str, Field(pattern=r"^TH\d+$")]] = []
    """STIP 2021 theme codes (themes.csv)."""
    launch: Fact
    """The act or call that launched the programme, as a fact."""
    start_year: int = Field(ge=1950, le=2100)
    """First year."""
    end_year: int | None = Field(None, ge=1950, le=2100)
    """Last year, only if a source states it; null draws the programme open ("end not stated")."""
    phases: list[Phase] = []
    """Named periods, within the programme's years."""
    objectives: list[Text] = Field(min_length=1)
    """Objectives as the sources state them."""
    action_lines: list[Text] = []
    """What the programme does."""
    financing: list[Financing] = []
    """Amounts with what they cover and per what."""
    main_sectors: list[Text] = []
    """Sectors the programme focuses on."""
    results: list[Result] = []
    """Reported results."""
    key_facts: list[Fact] = []
    """Further figures and dated claims."""
    lessons: list[Lesson] = []
    """Lessons learned, with sources."""
    open_questions: list[OpenQuestion] = []
    """What was looked for and not found."""
    sources: list[str] = Field(min_length=1)
    """Sources of the card's descriptive text."""
    notes: list[Text] = []
    """Caveats on the card as a whole."""

    @model_validator(mode="after")
    def _years_ordered(self):
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        for i, ph in enumerate(self.phases):
            name = text_of(ph.name)
            if ph.start < self.start_year:
                raise ValueError(
                    f"phases[{i}] ({name!r}) starts in {ph.start}, before the programme's start_year "
                    f"{self.start_year}; correct one of the two"
                )
            if self.end_year is not None and (ph.end or ph.start) > self.end_year:
                raise ValueError(
                    f"phases[{i}] ({name!r}) ends in {ph.end or ph.start}, after the programme's "
                    f"end_year {self.end_year}; correct one of the two"
                )
        return self

    def sourced_items(self) -> list[Sourced]:
        """Every fact-bearing item of the card (for source checks)."""
        return [self.launch, *self.phases, *self.financing, *self.results, *self.key_facts]


class CountryFile(Strict):
    """One ``data/countries/<ISO3>.yaml``: a country and its programmes."""

    country: ISO3
    """ISO 3166-1 alpha-3 code, the same as the file name."""
    summary: Text
    """Two to six sentences on the country's cluster policy."""
    summary_sources: list[str] = Field(min_length=1)
    """Source ids of the summary."""
    programmes: list[Programme] = Field(min_length=1)
    """The programme cards."""
    key_facts: list[Fact] = []
    """Country-level figures and dated claims."""
    open_questions: list[OpenQuestion] = []
    """Country-level questions not yet answered."""

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
    """The CSV header."""
    description: Text
    """What the column holds."""
    unit: Text | None = None
    """Unit of its numbers."""


class TableMeta(Strict):
    """The sidecar of a curated table ``data/tables/<name>.csv.meta.yaml``."""

    title: Text
    """The table's title in the brief."""
    kind: Literal["sectors", "applications_by_region", "series", "other"]
    """What the table counts (sectors are charted as shares in comparisons)."""
    country: ISO3 | None = None
    """The country it is about."""
    programme: str | None = None
    """The programme it is about."""
    year: int | None = None
    """The year of the figures."""
    unit: Text
    """Unit of the values."""
    source: str
    """Source id."""
    status: Status
    """Status of the figures."""
    quote: str | None = None
    """The source's key phrase."""
    notes: list[Text] = []
    """Caveats shown under the chart."""
    columns: list[Column] = Field(min_length=1)
    """The CSV's columns, in order."""
    labels: dict[str, dict[Literal["ru", "kk"], str]] = {}
    """The first column's values in other languages, as the brief shows them (``Electronics: {ru: Электроника}``);
    the CSV keeps the source's own words. Region names are translated from their ISO 3166-2 codes instead."""
    provenance: Provenance
    """Where the figures come from, how the CSV was made and its checksum."""


class Sidecar(BaseModel):
    """What every data file's sidecar ``<file>.meta.yaml`` has, whatever else it describes (other fields are kept)."""

    model_config = ConfigDict(extra="allow", frozen=True, use_attribute_docstrings=True)

    title: Text
    """What the file holds."""
    provenance: Provenance
    """Origin, retrieval date, licence, how the file was made, its SHA-256."""


# --- comparison: benchmark dimensions, analyst assessments, recommendations -----------------------

#: The assessment scale: every dimension is scored from SCALE_MIN to SCALE_MAX.
SCALE_MIN, SCALE_MAX = 0, 4


class ScaleLevel(Strict):
    """One level of a dimension's 0-4 scale: what it means and the evidence a score at this level needs."""

    score: int = Field(ge=SCALE_MIN, le=SCALE_MAX)
    """The level, 0 to 4."""
    meaning: Text
    """What a programme at this level looks like."""
    requires: list[Id] = []
    """Evidence kinds (``evidence_kinds``) the cited facts must show for a score at this level."""


class Dimension(Strict):
    """A benchmark dimension (``data/dimensions.yaml``): the question it answers and how it is scored."""

    id: Id
    """Unique id, e.g. ``governance``."""
    name: Text
    """Short name."""
    question: Text
    """The question the dimension answers."""
    low: Text | None = None
    """What a 0 looks like, in two words (e.g. "centralised")."""
    high: Text | None = None
    """What a 4 looks like (e.g. "decentralised")."""
    scale: list[ScaleLevel]
    """The five levels 0-4, in order."""
    evidence: list[Text] = Field(min_length=1)
    """What an assessor looks for."""
    origin: Text
    """Where the dimension comes from, in words."""
    sources: list[str] = Field(min_length=1)
    """Source ids of that origin."""

    @model_validator(mode="after")
    def _full_scale(self):
        got = [lvl.score for lvl in self.scale]
        want = list(range(SCALE_MIN, SCALE_MAX + 1))
        if got != want:
            raise ValueError(f"scale must list the levels {want} in order, got {got}")
        return self


class DimensionsFile(Strict):
    """``data/dimensions.yaml``: the benchmark dimensions and the kinds of evidence their scales require."""

    note: Text | None = None
    """A note shown with the dimensions."""
    evidence_kinds: dict[Id, Text] = {}
    """The kinds of evidence scale levels may require, each described (facts name them in ``evidence``)."""
    dimensions: list[Dimension] = Field(min_length=1)
    """The dimensions, in the order the briefs show them."""

    @model_validator(mode="after")
    def _unique(self):
        ids = [d.id for d in self.dimensions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate dimension ids: {dupes}")
        for d in self.dimensions:
            for lvl in d.scale:
                unknown = [k for k in lvl.requires if k not in self.evidence_kinds]
                if unknown:
                    raise ValueError(
                        f"dimension {d.id!r} level {lvl.score} requires unknown evidence kinds "
                        f"{unknown}; describe them under evidence_kinds"
                    )
        return self


class Assessment(Strict):
    """An analyst's judgement of one programme on one dimension: a score (or an explicit "not scored")."""

    programme: Id
    """The programme's id."""
    dimension: Id
    """The dimension's id."""
    score: int | None = Field(None, ge=SCALE_MIN, le=SCALE_MAX)
    """0 to 4 against the dimension's scale; null when looked at but the evidence is not enough."""
    confidence: Literal["high", "medium", "low"] = "low"
    """How sure the assessor is that the evidence supports the level: high, medium or low."""
    rationale: Text
    """Why this level, in a few sentences."""
    cites: list[str] = Field(min_length=1)
    """Fact ids, open-question ids (of the same country) or source ids that support the score."""
    lessons: list[str] = []
    """English titles of the programme's lessons that bear on this dimension."""
    assessor: str
    """Who scored it: an assessor id of ``data/assessments/assessors.yaml`` (a role and an organisation)."""
    date: dt.date
    """When, YYYY-MM-DD."""
    review: Literal["awaiting_second_assessor", "reviewed"] = "awaiting_second_assessor"
    """Whether a second assessor has scored the same pair independently."""


class Assessor(Strict):
    """Who scores or adjudicates: a role and an organisation, named in every language of the briefs."""

    id: Id
    """The id assessments, recommendations and adjudications give as their assessor or author."""
    name: Text
    """Role and organisation, e.g. "Workbook analyst team, assessor A (first assessment)"; en, ru and kk."""
    role: Literal["first", "blind_second", "adjudicator"]
    """First assessor, blind second assessor, or the adjudicator of their disagreements."""


class AssessorsFile(Strict):
    """``data/assessments/assessors.yaml``: the assessors the assessment files name."""

    assessors: list[Assessor] = Field(min_length=1)
    """Every assessor, adjudicator and recommendation author."""


class BlindAssessmentsFile(Strict):
    """``data/assessments/blind/<ISO3>.yaml``: a blind second assessor's scores, kept apart from the first.

    Written from the evidence pack alone (the protocol is in ``docs/comparison.md``), committed before the
    two sets were compared.
    """

    country: ISO3
    """The country whose programmes were scored (the file's name)."""
    assessor: str
    """The blind assessor's id (``assessors.yaml``)."""
    date: dt.date
    """When the scores were handed in."""
    blind: Literal[True]
    """The assessor scored without seeing the first assessor's scores."""
    note: Text | None = None
    """How the scores were made (the pack they came from)."""
    assessments: list[Assessment] = []
    """One per programme and dimension."""


class Adjudication(Strict):
    """The settled score of a pair the two assessors scored two or more levels apart, with the reason."""

    programme: Id
    """The programme's id."""
    dimension: Id
    """The dimension's id."""
    first: int | None = Field(None, ge=SCALE_MIN, le=SCALE_MAX)
    """The first assessor's score that was adjudicated (checked against the file, so a later change shows)."""
    second: int | None = Field(None, ge=SCALE_MIN, le=SCALE_MAX)
    """The blind second assessor's score that was adjudicated."""
    score: int | None = Field(None, ge=SCALE_MIN, le=SCALE_MAX)
    """The adjudicated score the brief shows (null: not scored)."""
    reason: Text
    """Why, in a sentence or two."""
    cites: list[str] = Field(min_length=1)
    """The evidence the adjudicated score rests on (fact, open-question or source ids)."""
    adjudicator: str
    """Who adjudicated (an assessor id)."""
    date: dt.date
    """When."""


class AdjudicationsFile(Strict):
    """``data/assessments/adjudications.yaml``: the adjudicated disagreements of the two assessors."""

    adjudications: list[Adjudication] = []
    """One per adjudicated programme and dimension."""


class AssessmentsFile(Strict):
    """``data/assessments/<ISO3>.yaml``: one country's assessments, analyst judgement, never measurement.

    ``assessments`` are the scores the briefs show; ``second_assessments`` are an independent second
    assessor's scores of the same programmes and dimensions, used to measure agreement.
    """

    country: ISO3
    """The country whose programmes are assessed (the file's name)."""
    note: Text | None = None
    """A note on the set."""
    assessments: list[Assessment] = []
    """One per programme and dimension: the scores the briefs show."""
    second_assessments: list[Assessment] = []
    """A second assessor's independent scores of the same pairs (for agreement)."""
    periods: dict[Literal["present", "launch"], list[Id]] = {}
    """Which programmes a comparison shows for each period: ``present`` (the present or latest regime, the
    default) and ``launch`` (each programme in its first years). A period not given shows every programme."""

    @model_validator(mode="after")
    def _one_per_pair(self):
        for name, items in (("assessments", self.assessments), ("second_assessments", self.second_assessments)):
            seen: set[tuple[str, str]] = set()
            for a in items:
                key = (a.programme, a.dimension)
                if key in seen:
                    raise ValueError(
                        f"two entries in {name} for programme {a.programme!r} on dimension {a.dimension!r}: keep one"
                    )
                seen.add(key)
        return self


class Recommendation(Strict):
    """Advice for the focal country, kept as data: the gap it answers and the peer evidence behind it."""

    id: Id
    """Unique id."""
    focal: ISO3
    """The country the advice is for."""
    dimension: Id
    """The dimension whose gap it answers."""
    text: Text
    """The recommendation, addressed to the reader who acts on it."""
    peers: list[ISO3] = Field(min_length=1)
    """The peer countries whose practice it draws on."""
    cites: list[str] = Field(min_length=1)
    """Fact ids, open-question ids or source ids of the peer evidence."""
    author: str
    """Who wrote it."""
    date: dt.date
    """When, YYYY-MM-DD."""
    status: Literal["draft", "reviewed"] = "draft"
    """draft until someone other than the author has reviewed it."""


class RecommendationsFile(Strict):
    """``data/recommendations.yaml``: the analysts' recommendations (none is generated by the workbook)."""

    recommendations: list[Recommendation] = []
    """The recommendations, in the order the briefs show them."""


# --- key messages written by analysts -------------------------------------------------------------

#: The briefs key messages can be written for: their file names without the language (``reports/<name>.html``).
#: A country brief for another year (``country-KAZ-2025``) shows the messages of ``country-KAZ``.
BRIEF_NAME = (
    r"^(country-[A-Z]{3}(-[a-z][a-z0-9_]*)?|compare-[A-Z]{3}-vs-[A-Z]{3}(-[A-Z]{3})*|kz-competition(-[A-Za-z0-9_-]+)?)$"
)


class KeyMessage(Strict):
    """One message a brief opens with, written by an analyst, with the evidence behind it."""

    text: Text
    """The message: one or two sentences a reader can act on, e.g. "Kazakhstan's 2017 call drew 21 applications"."""
    cites: list[str] = Field(min_length=1)
    """Fact ids, open-question ids or source ids behind the message; the brief shows each with its source and status."""


class BriefMessages(Strict):
    """The key messages of one brief, replacing those the workbook generates from the data."""

    brief: Annotated[str, Field(pattern=BRIEF_NAME)]
    """The brief's file name without the language: country-KAZ, compare-KAZ-vs-JPN-RUS, kz-competition."""
    messages: list[KeyMessage] = Field(min_length=1, max_length=6)
    """One to six messages, most important first (the first page of the brief holds about five)."""
    author: str
    """Who wrote them."""
    date: dt.date
    """When, YYYY-MM-DD."""


class KeyMessagesFile(Strict):
    """``data/key_messages.yaml``: analysts' own key messages for some briefs (the others' are generated)."""

    briefs: list[BriefMessages] = []
    """One entry per brief."""


# --- benchmark definitions ------------------------------------------------------------------------


class BriefSpec(Strict):
    """One brief, or a grid of briefs (every combination of the grid's values), from one notebook."""

    notebook: str
    """A notebook in notebooks/, e.g. country_brief.ipynb."""
    parameters: dict[str, Any] = {}
    """Parameters passed to every brief of this entry."""
    grid: dict[str, list[Any]] = {}
    """Parameters with several values: one brief per combination."""
    languages: list[Literal["en", "ru", "kk"]] | None = None
    """The languages of these briefs, when not the benchmark's ``languages``, e.g. [en, ru, kk]."""


class BenchmarkFile(Strict):
    """``benchmarks/<id>.yaml``: a benchmarking exercise, a focal country, its peers and the briefs to build."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Lower-case id with hyphens, the file's name."""
    title: str
    """The heading of its briefs on the index page."""
    focal: ISO3
    """The focal country."""
    peers: list[ISO3] = []
    """Its peers."""
    briefs: list[BriefSpec] = Field(min_length=1)
    """The briefs to build; file names and titles come from the workbook, one per brief."""
    formats: list[Literal["html", "pdf"]] = ["html"]
    """``[html]`` (the default) or ``[html, pdf]``: also print every brief to an A4 PDF beside its HTML."""
    languages: list[Literal["en", "ru", "kk"]] = Field(["en"], min_length=1)
    """The languages every brief is written in, each its own file (``country-KAZ-ru.html``), e.g. [en, ru]."""

    @field_validator("formats")
    @classmethod
    def _html_first(cls, formats: list[str]) -> list[str]:
        if "html" not in formats:
            raise ValueError("formats must include html: a brief's PDF is printed from its HTML")
        return formats

    @model_validator(mode="after")
    def _peers_differ(self):
        if self.focal in self.peers:
            raise ValueError(f"focal country {self.focal} is also listed as a peer")
        return self
