"""The seed digest's figures are in the shipped data exactly as printed (read through benchmark.load).

Expected values are typed from the digest (shared/seed/territorial-clusters-news-digest-2017-07.txt),
not from the data files, so a typo in the data fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from benchmark.inputs import load
from benchmark.inputs.schemas import text_of

SEED = "kidi_2017_news_digest_2"

# "there were received 21 applications: Almaty (4), South-Kazakhstan region (1), Akmola region (2),
# East Kazakhstan region (3), Mangistau region (1), Kostanay region (2), Pavlodar region (3),
# Karaganda region (2), Almaty region (1), West-Kazakhstan region (1), Zhambyl region (1)."
DIGEST_APPLICATIONS = {
    "Almaty": 4,
    "South-Kazakhstan region": 1,
    "Akmola region": 2,
    "East Kazakhstan region": 3,
    "Mangistau region": 1,
    "Kostanay region": 2,
    "Pavlodar region": 3,
    "Karaganda region": 2,
    "Almaty region": 1,
    "West-Kazakhstan region": 1,
    "Zhambyl region": 1,
}

# "List of Japanese clusters" (Source: JETRO (2015). Industrial Cluster Information)
DIGEST_JAPAN_SECTORS = {
    "Electronics": 19,
    "Life Science": 18,
    "Automobile and transport Equipment": 17,
    "Environment and Energy": 12,
    "Food Manufacturing": 9,
    "Other": 4,
    "ICT": 3,
    "Aircraft": 2,
    "Service": 1,
    "Tourism": 1,
}


def _programme(iso3: str, pid: str):
    progs = {p.id: p for p in load.load_country(iso3).programmes}
    assert pid in progs, f"{iso3} has no programme {pid!r} (has {sorted(progs)})"
    return progs[pid]


def _fact(iso3: str, fid: str):
    cf = load.load_country(iso3)
    facts = {f.id: f for f in cf.key_facts}
    for p in cf.programmes:
        facts.update({f.id: f for f in [p.launch, *p.key_facts]})
    assert fid in facts, f"{iso3} has no key fact {fid!r}"
    return facts[fid]


# --- Kazakhstan -----------------------------------------------------------------------------------


def test_kaz_applications_by_region_are_the_digests():
    """The applications map/table would show wrong regional counts if a region or number drifted from the digest."""
    meta, df = load.load_table("kaz_applications_by_region_2017")
    got = {r.region_2017: int(r.applications) for r in df.itertuples()}
    assert got == DIGEST_APPLICATIONS
    assert sum(got.values()) == 21
    assert meta.source == SEED and meta.status.value == "secondary"
    assert meta.kind == "applications_by_region" and meta.country == "KAZ" and meta.year == 2017


def test_kaz_almaty_city_and_region_are_kept_apart():
    """The map would merge Almaty city's 4 applications into Almaty region if the two codes were confused."""
    _, df = load.load_table("kaz_applications_by_region_2017")
    codes = dict(zip(df.region_2017, df.iso_3166_2_2017))
    assert codes["Almaty"] == "KZ-ALA"  # city, per the crosswalk note
    assert codes["Almaty region"] == "KZ-ALM"
    assert len(set(codes.values())) == 11, "two printed regions share a code"


def test_kaz_applications_total_conflicts_with_23_groups():
    """The brief would show 21 applications as settled instead of beside the project site's '23 groups of …'."""
    received = _fact("KAZ", "kaz_2017_applications_received_digest")
    groups = _fact("KAZ", "kaz_2017_groups_smeproject")
    _, df = load.load_table("kaz_applications_by_region_2017")
    assert received.value == 21 == df.applications.astype(int).sum()
    assert received.source == SEED
    assert groups.value == 23
    assert received.status.value == groups.status.value == "conflicting"
    assert received.conflict == groups.conflict


def test_kaz_valid_applications_is_18():
    """The brief would misreport the number of valid applications to the 2017 call."""
    valid = _fact("KAZ", "kaz_2017_valid_applications")
    assert valid.value == 18
    assert valid.source == SEED and valid.status.value == "secondary"


def test_kaz_world_bank_loan_is_40_million_dollars_for_the_whole_project():
    """The financing line would misstate the World Bank loan or pass it off as the cluster sub-component's budget."""
    prog = _programme("KAZ", "kaz_wb_territorial_clusters")
    usd = [f for f in prog.financing if f.currency == "USD"]
    assert len(usd) == 1
    loan = usd[0]
    assert loan.amount == 40_000_000
    assert loan.per == "total" and loan.year_start == 2015
    assert "whole" in text_of(loan.covers).lower()


def test_kaz_pilot_clusters_stay_an_open_question():
    """The brief would present candidate regions as selected pilot clusters."""
    cf = load.load_country("KAZ")
    questions = {q.id: q for q in cf.open_questions}
    assert "kaz_pilot_clusters_2017" in questions
    for fid in ("kaz_candidates_akmola_2016", "kaz_candidates_kostanay_2016"):
        assert "candidate" in text_of(_fact("KAZ", fid).label).lower()


# --- Japan ----------------------------------------------------------------------------------------


def test_jpn_clusters_by_sector_are_the_digests():
    """The Japanese sector chart would show wrong bars if a sector count drifted from the digest's JETRO table."""
    meta, df = load.load_table("jpn_clusters_by_sector_2015")
    got = {r.sector: int(r.clusters) for r in df.itertuples()}
    assert got == DIGEST_JAPAN_SECTORS
    assert sum(got.values()) == 86
    assert meta.source == SEED and meta.status.value == "secondary" and meta.year == 2015
    assert _fact("JPN", "jpn_clusters_by_sector_jetro_2015").value == 86


def test_jpn_joint_card_financing_is_16_6_billion_yen_once():
    """The brief would double-count or misdate the joint METI/MEXT card's 16.6 billion yen."""
    joint = [
        f for p in load.load_country("JPN").programmes for f in p.financing if f.source == SEED and f.currency == "JPY"
    ]
    assert len(joint) == 1, "the joint card's amount must be recorded once, not per programme"
    fin = joint[0]
    assert fin.amount == pytest.approx(16.6e9)
    assert fin.year_start is None and fin.year_end is None  # the card prints no year
    covers = text_of(fin.covers).lower()
    assert "meti" in covers and "mext" in covers


def test_jpn_joint_card_results_are_the_digests():
    """The results line would misquote 'about 10,200 regional SMEs' or 'more than 560 universities'."""
    values = {
        r.value
        for p in load.load_country("JPN").programmes
        for r in p.results
        if r.source == SEED and r.value is not None
    }
    assert {10200, 560} <= values


# --- all three countries --------------------------------------------------------------------------


def test_every_conflict_has_at_least_two_claims():
    """A conflict badge would appear with nothing to compare it with."""
    for iso3 in ("KAZ", "JPN", "RUS"):
        cf = load.load_country(iso3)
        items = list(cf.key_facts) + [i for p in cf.programmes for i in p.sourced_items()]
        groups = Counter(i.conflict for i in items if i.conflict)
        lonely = [g for g, n in groups.items() if n < 2]
        assert not lonely, f"{iso3}: conflict groups with one claim: {lonely}"


def test_every_source_id_in_the_starter_countries_resolves():
    """A fact's citation would print as a bare id instead of a source."""
    sources = load.load_sources()
    for iso3 in ("KAZ", "JPN", "RUS"):
        cf = load.load_country(iso3)
        used = set(cf.summary_sources) | {f.source for f in cf.key_facts}
        used |= {q.source for q in cf.open_questions if q.source}
        for p in cf.programmes:
            used |= set(p.sources) | {i.source for i in p.sourced_items()} | {lsn.source for lsn in p.lessons}
            used |= {q.source for q in p.open_questions if q.source}
        missing = sorted(used - set(sources))
        assert not missing, f"{iso3}: unknown source ids {missing}"
    assert sources[SEED].title == "Territorial Clusters in Kazakhstan, News Digest, Issue No. 2, July 2017"
