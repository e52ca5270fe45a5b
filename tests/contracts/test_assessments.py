"""Whole-repository checks of the comparison data: dimensions, assessments, peer cards, indicator sidecars."""

from __future__ import annotations

import csv

import pytest
import yaml

from benchmark.core import paths
from benchmark.core.errors import DataError
from benchmark.inputs import assessments, indicators, load
from benchmark.inputs.schemas import SCALE_MAX, SCALE_MIN, text_of


def raw_assessments() -> list[dict]:
    out = []
    for iso3 in assessments.assessed_countries():
        path = assessments.assessments_file(iso3)
        out += yaml.safe_load(path.read_text(encoding="utf-8"))["assessments"]
    return out


def test_every_programme_is_assessed_on_every_dimension():
    """Each programme has an entry for each dimension (a score or an explicit null): nothing greyed by accident."""
    dims = [d.id for d in assessments.load_dimensions()]
    pairs = {(a["programme"], a["dimension"]) for a in raw_assessments()}
    missing = [(p.id, d) for p in load.load_programmes() for d in dims if (p.id, d) not in pairs]
    assert missing == []


def test_scores_within_scale_or_explicitly_null():
    """Every score in the file is an integer from 0 to 4, or null (assessed, not enough evidence)."""
    for a in raw_assessments():
        s = a["score"]
        assert s is None or (isinstance(s, int) and SCALE_MIN <= s <= SCALE_MAX), a


def test_rationales_cite_resolvable_ids():
    """Every rationale cites at least one fact, open question or source that exists in data/."""
    known = assessments.citable_ids()
    for a in raw_assessments():
        assert a["cites"], a
        assert text_of(a["rationale"]).strip(), a
        assert a["assessor"] and a["date"], a
        for c in a["cites"]:
            assert c in known, (a["programme"], a["dimension"], c)


def test_linked_lessons_exist():
    """A lesson linked to an assessment is one of that programme's recorded lessons."""
    progs = {p.id: p for p in load.load_programmes()}
    for a in raw_assessments():
        titles = {text_of(lsn.title, "en") for lsn in progs[a["programme"]].lessons}
        assert set(a.get("lessons", [])) <= titles, a


def test_dimensions_have_full_scale_and_sources():
    """Each dimension has a question, five levels 0-4 with meanings, expected evidence and resolvable sources."""
    sources = load.load_sources()
    dims = assessments.load_dimensions()
    assert len(dims) >= 9
    for d in dims:
        assert [lv.score for lv in d.scale] == list(range(SCALE_MIN, SCALE_MAX + 1))
        assert all(text_of(lv.meaning).strip() for lv in d.scale)
        assert text_of(d.question).endswith("?")
        assert d.evidence and all(s in sources for s in d.sources)


def test_validate_reports_no_comparison_problems():
    """`clusterbench validate` runs the comparison check and it finds nothing in the shipped data."""
    from benchmark.inputs import validate

    assert validate.check_comparison in [check for _, check in validate.CHECKS]
    assert validate.check_comparison() == []


def test_unknown_programme_in_assessments_names_file_and_line(project_copy):
    """A typo in a programme id is reported with the file, the field and the line, not silently greyed."""
    path = project_copy / "data" / "assessments" / "DEU.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines, 1) if line.strip() == "- programme: deu_spitzencluster")
    lines[n - 1] = lines[n - 1].replace("deu_spitzencluster", "deu_spitzen_cluster")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        assessments.load_assessments()
    p = exc.value.problems[0]
    assert p.file == "data/assessments/DEU.yaml" and p.line == n and "deu_spitzen_cluster" in p.reason
    assert "did you mean 'deu_spitzencluster'" in p.reason


def test_score_out_of_scale_is_rejected(project_copy):
    """A score of 5 on the 0-4 scale is a data error, not a darker cell."""
    path = next(
        p
        for p in sorted((project_copy / "data" / "assessments").glob("*.yaml"))
        if "    score: 4\n" in p.read_text(encoding="utf-8")
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    score: 4\n", "    score: 5\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        assessments.load_assessments([path.stem])
    assert exc.value.problems[0].field.endswith("score")


@pytest.mark.parametrize("iso3,region", [("DEU", None), ("FRA", None), ("ESP", "Basque Country"), ("KOR", None)])
def test_peer_cards_exist_and_can_be_peers(iso3, region):
    """Germany, France, the Basque Country and Korea have cards, so each can be chosen as a peer."""
    from benchmark.sections import comparison

    cf = load.load_country(iso3)
    (p,) = cf.programmes
    assert (p.level == "regional") == (region is not None)
    if region:
        assert text_of(p.region) == region
    _, peers, _ = comparison.scope("KAZ", [iso3])
    assert peers == (iso3,)


def test_peer_cards_cite_peer_sources():
    """The peer cards' sources are in data/sources/peers.yaml (and dimension sources in compare.yaml)."""
    peers = {s["id"] for s in yaml.safe_load((paths.SOURCES_DIR / "peers.yaml").read_text())["sources"]}
    for iso3 in ("DEU", "FRA", "ESP", "KOR"):
        p = load.load_country(iso3).programmes[0]
        assert set(p.sources) <= peers
        assert {i.source for i in p.sourced_items()} <= peers


def test_indicator_copies_match_their_sidecars():
    """Each indicator CSV in data/indicators has its sidecar, declares its columns and cites the World Bank."""
    names = sorted(p.stem for p in paths.INDICATORS_DIR.glob("*.csv"))
    assert {
        indicators.FX,
        indicators.GDP,
        indicators.RND,
        indicators.HIGHTECH,
        indicators.INDUSTRY,
        indicators.POPULATION,
    } <= set(names)
    for name in names:
        meta, rows = indicators.read_series(name)
        assert meta.file == f"{name}.csv"
        assert "World Bank" in meta.citation_full
        with open(indicators.csv_path(name), newline="", encoding="utf-8") as fh:
            assert len(list(csv.DictReader(fh))) == len(rows)


def test_fx_has_one_euro_rate_per_year_and_no_euro_before_1999():
    """DEU, FRA and ESP share one EUR rate a year from 1999; earlier years are DEM/FRF/ESP only."""
    _, rows = indicators.read_series(indicators.FX)
    eur: dict[int, set[str]] = {}
    for r in rows:
        if r["currency"] == "EUR":
            eur.setdefault(r["year"], set()).add(r["value"])
    assert min(eur) == 1999
    assert all(len(v) == 1 for v in eur.values())


def test_comparison_notebook_declares_what_the_cli_passes():
    """`clusterbench compare` passes focal, peers, dimensions, period and lang; the notebook declares exactly those."""
    from benchmark.publish.execute import declared_parameters

    declared = declared_parameters(paths.NOTEBOOKS / "comparison.ipynb")
    assert set(declared) == {"focal", "peers", "dimensions", "period", "lang"}
    assert declared["period"]["default"] == '"present"'
    assert declared["focal"]["default"] == '"KAZ"' and declared["peers"]["default"] == '["JPN", "RUS"]'
