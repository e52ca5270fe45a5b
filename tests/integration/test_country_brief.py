"""Render the KAZ, JPN and RUS briefs and check what an analyst would check in each."""

from __future__ import annotations

import re

import nbformat
import pytest

from benchmark.inputs import load
from benchmark.sections.citations import fact_value

pytestmark = pytest.mark.slow

EXTERNAL = re.compile(r"<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)


def _html(rendered_briefs, iso3):
    return rendered_briefs[iso3].read_text(encoding="utf-8")


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_brief_shows_every_programme_and_section(rendered_briefs, iso3):
    """Each programme of the country has its 'policy at a glance' table, plus timeline, key figures, sources."""
    html = _html(rendered_briefs, iso3)
    for p in load.load_country(iso3).programmes:
        assert f'id="prog-{p.id}"' in html, p.id
    for heading in ("Timeline of programmes and phases", "Key figures", "Sources"):
        assert re.search(rf'<h2[^>]*><span class="cb-num">\d+</span> {heading}</h2>', html), heading
    regional_map = 1 if iso3 == "KAZ" else 0  # Kazakhstan's regional specialisation has a map
    assert html.count("<svg") == 1 + len(load.tables_for(iso3)) + regional_map  # timeline, one chart per table


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_brief_is_offline_and_shows_no_code_or_errors(rendered_briefs, iso3):
    """No script, stylesheet or image from the network; no input code; no error output; no prompts."""
    html = _html(rendered_briefs, iso3)
    assert not EXTERNAL.search(html)
    assert "<script" not in html
    assert (
        "Traceback" not in html
        and 'class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr"' not in html
    )
    assert "from benchmark import" not in html and "brief.at_a_glance(" not in html
    assert "In&nbsp;[" not in html and "Out[" not in html


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_every_cited_source_is_listed(rendered_briefs, iso3):
    """Every [n] citation links to an entry of the brief's own source list, and every listed source is cited."""
    html = _html(rendered_briefs, iso3)
    cited = set(re.findall(r'href="#src-([a-z0-9_]+)"', html))
    listed = set(re.findall(r'<li id="src-([a-z0-9_]+)"', html))
    assert cited and cited == listed
    sources = load.load_sources()
    for sid in listed:
        assert sources[sid].title in html.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_key_figures_from_data_appear(rendered_briefs, iso3):
    """Every key figure in the data appears in the brief as the data states it, with its source."""
    html = _html(rendered_briefs, iso3)
    cf = load.load_country(iso3)
    facts = list(cf.key_facts) + [f for p in cf.programmes for f in p.key_facts]
    assert facts
    for f in facts:
        value = fact_value(f).replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")
        assert value in html, f.id


def test_kazakhstan_seed_figures_exact(rendered_briefs):
    """The seed's figures appear exactly: 21 applications by region, 18 valid, US$40 m, 30 months."""
    html = _html(rendered_briefs, "KAZ")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "(total 21)" in text
    for needle in ("18", "40,000,000", "30"):
        assert needle in text
    assert 'class="cb-conflict"' in html  # 21 applications vs "23 groups" shown as a conflict
    assert "Not yet known" in text  # the six pilot clusters are OPEN


def test_japan_seed_figures_exact(rendered_briefs):
    """Japan's card: 86 clusters by sector (JETRO 2015 per the seed), 16.6 billion yen, the three terms."""
    text = re.sub(r"<[^>]+>", " ", _html(rendered_briefs, "JPN"))
    assert "(total 86)" in text
    assert "16.6 billion" in text or "16,6 billion" in text.lower()
    for years in ("2001–2005", "2006–2010", "2011–2020"):
        assert years in text


def test_executed_notebook_records_parameters(rendered_briefs):
    """The executed notebook saved beside the HTML records the parameters it ran with."""
    executed = rendered_briefs["RUS"].parent / "notebooks" / "country-RUS.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata["papermill"]["parameters"]["country"] == "RUS"


def test_header_shows_build_date_and_versions(rendered_briefs):
    """The header names the build date, the version of the data the brief read, and the workbook version."""
    html = _html(rendered_briefs, "KAZ")
    executed = nbformat.read(rendered_briefs["KAZ"].parent / "notebooks" / "country-KAZ.ipynb", as_version=4)
    assert executed.cells  # the executed notebook is kept beside the HTML, in notebooks/
    version = re.search(r'<dd class="cb-data-version">([0-9a-f]{12})</dd>', html).group(1)
    # the version is a fingerprint of the files this brief read (a change elsewhere in data/ leaves it alone)
    from benchmark.inputs import files
    from benchmark.sections import country, regions

    files.reset_reads()
    ctx = country.prepare("KAZ")
    for section in (
        country.overview,
        country.at_a_glance,
        country.timeline,
        country.figure_tables,
        regions.specialisation,
        country.key_figures,
        country.open_questions,
        country.lessons,
        country.sources,
    ):
        section(ctx)
    read = files.files_read()
    assert "data/countries/KAZ.yaml" in read and "data/countries/JPN.yaml" not in read
    assert version == load.data_version(read)
    assert re.search(r'<dd class="cb-built">\d{4}-\d\d-\d\d \d\d:\d\d UTC</dd>', html)


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_every_card_says_as_of_when(rendered_briefs, iso3):
    """Each programme card shows how current it is: the latest date among its launch and key facts."""
    html = _html(rendered_briefs, iso3)
    for p in load.load_country(iso3).programmes:
        dates = [f.date.isoformat() if f.date else str(f.year) for f in (p.launch, *p.key_facts) if f.date or f.year]
        latest = max(dates, key=lambda d: (d[:4], d))  # a year alone sorts before the dates of that year
        card = html[html.index(f'id="prog-{p.id}"') :]
        card = card[: card.index("</table>")]
        assert re.search(rf"As of \(latest dated fact\)</th><td>{re.escape(latest)}</td>", card), (p.id, latest)
