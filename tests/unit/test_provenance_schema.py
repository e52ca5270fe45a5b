"""The provenance block's rules: a reason where a URL or date is missing, a script where a file is rebuilt."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from benchmark.inputs.provenance import Provenance

BASE = {"licence": "CC BY 4.0", "made": "copied", "made_from": "../shared/data/x.csv", "sha256": "0" * 64}


@pytest.mark.parametrize(
    "fields, fragment",
    [
        ({"retrieved": "2026-11-27"}, "origin_missing"),
        ({"origin_url": "https://example.org", "origin_missing": "none", "retrieved": "2026-11-27"}, "not both"),
        ({"origin_url": "https://example.org"}, "retrieved_missing"),
        ({"origin_url": "https://example.org", "retrieved": "2026-11-27", "made": "derived"}, "needs script"),
        ({"origin_url": "https://example.org", "retrieved": "2026-11-27", "made_from": None}, "needs made_from"),
        ({"origin_url": "https://example.org", "retrieved": "2026-11-27", "sha256": "abc"}, "sha256"),
    ],
)
def test_incomplete_provenance_is_refused_with_what_to_add(fields, fragment):
    """A sidecar without a URL and no reason, no date and no reason, or no script for a rebuilt file is refused."""
    with pytest.raises(ValidationError, match=fragment):
        Provenance.model_validate({**BASE, **fields})


def test_unknown_origin_and_date_are_accepted_with_their_reasons():
    """A transcribed table from a document without a web address validates when it says why."""
    prov = Provenance.model_validate(
        {**BASE, "made": "transcribed", "origin_missing": "no web address", "retrieved_missing": "seed document"}
    )
    assert prov.origin_url is None and prov.retrieved is None
