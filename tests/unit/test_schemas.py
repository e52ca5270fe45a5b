"""The schema accepts a well-formed programme card and rejects malformed ones with a useful reason."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from benchmark.inputs.schemas import CountryFile, Fact, Programme, Source, text_of

FACT = {"id": "launch", "label": "Launch", "value": 2001, "source": "meti_page", "status": "verified"}
CARD = {
    "id": "jpn_test",
    "title": "Industrial Cluster Project",
    "country": "JPN",
    "level": "national",
    "managing_authorities": ["METI"],
    "beneficiaries": ["Regional SMEs"],
    "launch": FACT,
    "start_year": 2001,
    "end_year": 2020,
    "phases": [{"name": "First term", "start": 2001, "end": 2005, "source": "meti_page", "status": "verified"}],
    "objectives": ["Chain reactions of innovation"],
    "financing": [
        {
            "amount": 16.6e9,
            "currency": "JPY",
            "scope": "programmes",
            "covers": "both programmes",
            "source": "seed",
            "status": "secondary",
        }
    ],
    "sources": ["meti_page"],
}


def test_valid_card_is_accepted():
    """A complete card loads; an analyst's ordinary card must not be refused."""
    p = Programme.model_validate(CARD)
    assert p.phases[0].end == 2005
    assert p.financing[0].currency == "JPY"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda c: c.pop("managing_authorities"), "managing_authorities"),
        (lambda c: c.update(level="federal"), "level"),
        (lambda c: c.update(country="Japan"), "country"),
        (lambda c: c.update(end_year=1999), "end_year"),
        (lambda c: c.update(objectivs=["typo"]), "objectivs"),
        (lambda c: c["launch"].update(status="probably"), "status"),
        (lambda c: c["launch"].pop("source"), "source"),
        (lambda c: c["phases"][0].update(start=2006), "phase ends"),
        (lambda c: c["financing"][0].update(amount=-1), "amount"),
        (lambda c: c["financing"][0].update(currency="yen"), "currency"),
        (lambda c: c.update(target_groups=["SMEs"]), "target_groups"),
        (lambda c: c["launch"].update(status="conflicting"), "conflict"),
    ],
)
def test_invalid_card_is_rejected(change, field):
    """Each kind of mistake in a card is refused, and the error names the field or the reason."""
    card = copy.deepcopy(CARD)
    change(card)
    with pytest.raises(ValidationError) as exc:
        Programme.model_validate(card)
    assert field in str(exc.value)


def test_country_file_rejects_programme_of_other_country():
    """A Japanese card pasted into the Russian file is caught."""
    with pytest.raises(ValidationError, match="has country JPN"):
        CountryFile.model_validate({"country": "RUS", "summary": "x", "summary_sources": ["s"], "programmes": [CARD]})


def test_source_url_must_be_web_address():
    """A source with a malformed URL is refused (a brief would print a dead link)."""
    with pytest.raises(ValidationError, match="url"):
        Source.model_validate({"id": "a_2017_x", "title": "T", "publisher": "P", "licence": "L", "url": "www.x.kz"})


def test_text_field_carries_translations():
    """Text fields accept per-language text; a missing language shows the English, marked, never silently."""
    f = Fact.model_validate({**FACT, "label": {"en": "Launch", "ru": "Запуск"}})
    assert text_of(f.label, "ru") == "Запуск"
    assert text_of(f.label, "en") == "Launch"
    assert text_of(f.label, "kk") == "[EN] Launch"
    assert text_of("Launch", "ru") == "[EN] Launch"
