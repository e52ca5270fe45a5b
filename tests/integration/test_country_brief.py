"""Render the KAZ, JPN and RUS briefs and check what an analyst would check in each."""

from __future__ import annotations

import re

import nbformat
import pytest

from benchmark.inputs import load
from benchmark.inputs.schemas import text_of
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
        assert re.search(rf'<h2[^>]*><span class="cb-num">[^<]+</span> {heading}</h2>', html), heading
    regional_map = 1 if iso3 == "KAZ" else 0  # Kazakhstan's regional specialisation has a map
    assert html.count("<svg") == 1 + len(load.tables_for(iso3)) + regional_map  # timeline, one chart per table


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_brief_is_offline_and_shows_no_code_or_errors(rendered_briefs, iso3):
    """No script, stylesheet or image from the network; no input code; no error output; no prompts."""
    html = _html(rendered_briefs, iso3)
    assert not EXTERNAL.search(html)
    assert "<script" not in html
    assert "Traceback" not in html and 'data-mime-type="application/vnd.jupyter.stderr"' not in html
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


def _shown_beside(html: str, label: str) -> list[str]:
    """Texts of the key-figures rows and conflict entries that name ``label`` (a figure is shown beside its label)."""
    import html as html_lib

    def plain(fragment: str) -> str:
        return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()

    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [plain(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        if cells and cells[0] == label:
            found.append(" | ".join(cells))
    for item in re.findall(r'<div class="cb-conflict"[^>]*><ul>(.*?)</ul>', html, re.S):
        found += [plain(li) for li in re.findall(r"<li>(.*?)</li>", item, re.S) if label in plain(li)]
    return found


def test_kazakhstan_seed_figures_exact(rendered_briefs, digest_number):
    """The digest's figures (applications received and valid, the project's months) sit beside their own labels.

    A deliberate pin to the seed digest: the numbers are read from it, and the data must state them as printed.
    """
    html = _html(rendered_briefs, "KAZ")
    text = re.sub(r"<[^>]+>", " ", html)
    facts = load.facts_by_id(["KAZ"])
    printed = {
        "kaz_2017_applications_received_digest": digest_number(r"received (\d+) applications"),
        "kaz_2017_valid_applications": digest_number(r"valid applications presented to the call was (\d+)"),
        "kaz_wb_project_duration": digest_number(r"total period of (\d+) months"),
    }
    for fact_id, number in printed.items():
        fact = facts[fact_id]
        assert fact.value == number, fact_id
        shown = _shown_beside(html, text_of(fact.label))
        assert any(fact_value(fact) in s for s in shown) and str(number) in fact_value(fact), (fact_id, shown)
    received = printed["kaz_2017_applications_received_digest"]
    assert f"(total {received})" in text  # the applications-by-region chart adds up to the digest's total
    loan = next(f for p in load.load_country("KAZ").programmes for f in p.financing if f.currency == "USD")
    assert f"{loan.amount:,.0f} USD" in text  # the World Bank loan as the financing data states it
    assert 'class="cb-conflict"' in html  # 21 applications vs "23 groups" shown as a conflict
    assert "Not yet known" in text  # the six pilot clusters are OPEN


def test_japan_seed_figures_exact(rendered_briefs, seed_digest):
    """Japan's card: the JETRO clusters by sector, 16.6 billion yen and the three terms, as the digest prints them.

    A deliberate pin to the seed digest: the years of the terms and the financing are read from it.
    """
    text = re.sub(r"<[^>]+>", " ", _html(rendered_briefs, "JPN"))
    clusters = load.load_table("jpn_clusters_by_sector_2015")[1]
    assert f"(total {int(clusters.clusters.astype(int).sum())})" in text
    billions = re.search(r"Financing\s+(\d+)[,.](\d) Billion Japanese Yen", seed_digest)
    assert billions, "the digest's financing line was not found"
    assert f"{billions.group(1)}.{billions.group(2)} billion" in text
    terms = re.findall(r"Term - Industrial Cluster [A-Za-z ]+Period \((\d{4})-(\d{4})\)", seed_digest)
    assert len(terms) == 3
    for start, end in terms:
        assert f"{start}–{end}" in text


def test_executed_notebook_records_parameters(rendered_briefs):
    """The executed notebook saved beside the HTML records the parameters it ran with."""
    executed = rendered_briefs["RUS"].parent / "notebooks" / "country-RUS.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata["papermill"]["parameters"]["country"] == "RUS"


def test_header_shows_build_date_and_versions(rendered_briefs, tmp_path):
    """The header names the build date, the version of the data the brief read, and the workbook version."""
    html = _html(rendered_briefs, "KAZ")
    executed = nbformat.read(rendered_briefs["KAZ"].parent / "notebooks" / "country-KAZ.ipynb", as_version=4)
    assert executed.cells  # the executed notebook is kept beside the HTML, in notebooks/
    version = re.search(r'<dd class="cb-data-version"><code>([0-9a-f]{12})</code></dd>', html).group(1)
    # the version is a fingerprint of the files this brief read (a change elsewhere in data/ leaves it alone):
    # render the brief again and take the files the build records for it
    from benchmark.core import paths
    from benchmark.publish.render import render_notebook

    result = render_notebook(paths.NOTEBOOKS / "country_brief.ipynb", {"country": "KAZ"}, tmp_path / "country-KAZ.html")
    read = result.files_read
    assert "data/countries/KAZ.yaml" in read and "data/countries/JPN.yaml" not in read
    assert version == load.data_version(read)
    assert version != load.data_version()  # not a fingerprint of all of data/
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


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_timeline_caption_explains_only_what_its_chart_draws(lang):
    """The caption speaks of numbered diamonds only where the country has dated events, and of bars that fade
    out only where some programme or phase has no stated end."""
    from html import unescape

    from benchmark.core.text import t
    from benchmark.sections import country

    for iso3 in load.known_countries():
        ctx = country.prepare(iso3, None, lang=lang)
        caption = unescape(re.search(r"<figcaption>(.*?)</figcaption>", country.timeline(ctx).body, re.S).group(1))
        open_ended = any(p.end_year is None or any(ph.end is None for ph in p.phases) for p in ctx.programmes)
        assert (t("brief.timeline_caption_milestones", lang) in caption) == bool(country.milestones(ctx)), iso3
        assert (t("brief.timeline_caption_open", lang) in caption) == open_ended, iso3
