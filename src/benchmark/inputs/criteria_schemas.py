"""What valid selection criteria and expert scoring sheets of the competition brief are (pydantic v2 models).

Split from :mod:`.schemas`, whose base records and field types they use; ``clusterbench schema`` documents
them in ``docs/schema.md`` with the others.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .provenance import Provenance
from .schemas import Id, Strict, Text


class CriterionScale(Strict):
    """The range experts score a criterion on (``min`` = worst, ``max`` = best)."""

    min: float
    """The worst score."""
    max: float
    """The best score."""
    labels: dict[int, Text] = {}
    """Optional meaning of some levels, e.g. {1: weak, 5: excellent}."""

    @model_validator(mode="after")
    def _ordered(self):
        if not self.max > self.min:
            raise ValueError(f"scale max ({self.max}) must be greater than min ({self.min})")
        return self


class Criterion(Strict):
    """One selection criterion: what experts judge, how much it counts, and where it comes from."""

    id: Id
    """The id used in the scoring sheet's ``criterion`` column."""
    name: Text
    """Short name."""
    description: Text
    """What the experts judge."""
    weight: float = Field(gt=0)
    """Relative weight; weights are rescaled to sum to 1 when scoring."""
    scale: CriterionScale
    """The range scores are given on."""
    sources: list[str] = []
    """Source ids the criterion is drawn from."""
    basis: Text | None = None
    """How the criterion follows from its sources, in words."""


class CriteriaSet(Strict):
    """A selection methodology as data (``data/competition/criteria_*.yaml``), editable by users."""

    id: Id
    """Unique id."""
    title: Text
    """Its name."""
    status: Literal["default", "official", "user"]
    """default (drawn from guidance, not the official rule), official, or user."""
    note: Text
    """What the set is and where it comes from."""
    sources: list[str] = []
    """Source ids of the set as a whole."""
    criteria: list[Criterion] = Field(min_length=1)
    """The criteria."""

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
    """The sheet's name."""
    illustrative: bool
    """True: invented for training, labelled so on every chart and table."""
    description: Text
    """What the sheet holds."""
    generated_by: str | None = None
    """The script that made it, if generated."""
    seed: int | None = None
    """The random seed of a generated sheet."""
    date: dt.date | None = None
    """When it was made."""
    producer: str | None = None
    """Who made it."""
    license: str | None = None
    """Its licence."""
    criteria_set: Id | None = None
    """The id of the criteria set it scores."""
    applications: list[str] = []
    """If given, any other application name in the sheet is an error."""
    experts: list[str] = []
    """If given, any other expert name in the sheet is an error."""
    notes: list[Text] = []
    """Caveats."""
    provenance: Provenance | None = None
    """Origin, licence, how the sheet was made and its checksum (required for the sheets shipped in data/)."""
