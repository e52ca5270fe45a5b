"""Render the comparison brief KAZ vs JPN RUS DEU and check what an analyst would check."""

from __future__ import annotations

import csv
import html as htmllib
import re
import shutil
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = re.compile(r"<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)
TD = re.compile(r"<td\b[^>]*\bdata-programme=[^>]*>")
ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
SVG_CELL = re.compile(r'<g id="score-([a-z0-9_]+?)-([a-z_]+)">(.*?)</g>', re.S)  # a label may take two lines
CHANGED = ("kaz_wb_territorial_clusters", "governance")  # the test changes its shipped score by one


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """The brief rendered from a copy of data/, then re-rendered after one score is changed in that copy."""
    from benchmark.core import paths
    from benchmark.inputs import files
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import KernelSession, render_notebook

    tmp = tmp_path_factory.mktemp("comparison")
    root = tmp / "project"
    shutil.copytree(ROOT / "data", root / "data")
    # the launch period shows every programme the tests below check (the 2017 pilot among them); the default
    # period (present regimes, the pilot as history) is rendered once more for the tests that read it
    params = {"focal": "KAZ", "peers": ["JPN", "RUS", "DEU"], "lang": "en", "period": "launch"}
    with pytest.MonkeyPatch.context() as mp:
        data_dir, repo = paths.DATA, paths.ROOT
        for name in paths.PROJECT_PATHS:
            old = getattr(paths, name)
            if old == data_dir or data_dir in old.parents:
                mp.setattr(paths, name, root / old.relative_to(repo))
        mp.setattr(paths, "ROOT", root)
        files.clear()
        title = brief_title("comparison.ipynb", params)
        nb = ROOT / "notebooks" / "comparison.ipynb"
        with KernelSession() as session:
            before = render_notebook(nb, params, tmp / "before.html", title=title, session=session)
            data = root / "data" / "assessments" / "KAZ.yaml"
            text = data.read_text(encoding="utf-8")
            head = f"  - programme: {CHANGED[0]}\n    dimension: {CHANGED[1]}\n    score: "
            shipped = int(re.search(re.escape(head) + r"(\d)\n", text).group(1))
            changed = shipped - 1 if shipped > 0 else 1
            data.write_text(text.replace(f"{head}{shipped}\n", f"{head}{changed}\n"), encoding="utf-8")
            after = render_notebook(nb, params, tmp / "after.html", title=title, session=session)
            data.write_text(text, encoding="utf-8")
            present = render_notebook(
                nb, {**params, "period": "present"}, tmp / "present.html", title=title, session=session
            )
        files.clear()
    return {
        "before": before.output.read_text(encoding="utf-8"),
        "after": after.output.read_text(encoding="utf-8"),
        "present": present.output.read_text(encoding="utf-8"),
        "scores": (shipped, changed),
        "files": before.files_read,
        "data": [
            a
            for c in ("KAZ", "JPN", "RUS", "DEU")
            for a in yaml.safe_load((ROOT / "data" / "assessments" / f"{c}.yaml").read_text())["assessments"]
        ],
    }


def _sections_of(html: str) -> dict[str, str]:
    parts = re.split(r'<h2[^>]*>(?:<span class="cb-num">[^<]+</span> )?([^<]+)</h2>', html)
    return {htmllib.unescape(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _text(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _section(html: str, heading: str) -> str:
    return _sections_of(html)[heading]


def _table_cells(html: str) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(programme, dimension) -> (state, score) from the heatmap's companion table (attribute order may vary)."""
    out = {}
    for tag in TD.findall(html):
        a = dict(ATTR.findall(tag))
        out[(a["data-programme"], a["data-dimension"])] = (a["data-state"], a.get("data-score"))
    return out


def test_offline_no_code_no_errors(briefs):
    """The brief loads nothing from the network, shows no code and no error output."""
    html = briefs["before"]
    assert not EXTERNAL.search(html)
    assert "<script" not in html.lower()
    assert "Traceback" not in html and "vnd.jupyter.stderr" not in html and "Warning" not in html
    assert "comparison.heatmap(" not in html and "from benchmark import" not in html


def test_heatmap_values_equal_assessment_data(briefs):
    """Every heatmap cell (SVG text and table) shows the score in data/assessments/, greyed where null."""
    html = briefs["before"]
    want = {(a["programme"], a["dimension"]): a["score"] for a in briefs["data"]}
    cells = _table_cells(html)
    progs = {p for p, _ in cells}
    assert {p.split("_")[0] for p in progs} == {"kaz", "jpn", "rus", "deu"}
    assert len(cells) == len(progs) * 9
    for key, (state, score) in cells.items():
        expected = want[key]
        if expected is None:
            assert state == "unscored" and score is None, key
        else:
            assert state == "scored" and int(score) == expected, key
    svg = {(p, d): " ".join(re.findall(r"<text[^>]*>([^<]+)</text>", v)) for p, d, v in SVG_CELL.findall(html)}
    assert len(svg) == len(cells)
    for key, value in svg.items():
        assert value == (str(want[key]) if want[key] is not None else "no score"), key


def test_scores_are_labelled_as_judgement(briefs):
    """Scores are presented as analyst judgement, with the assessor and date, never as measurement."""
    html = briefs["before"]
    assert html.count("Analyst judgement, not measurement") >= 4
    from benchmark.inputs import assessments

    first = assessments.assessor_name("analyst_team_a", "en")
    section = _section(html, "Assessments and their evidence")
    assert first in section
    # who assessed, and that the scores await review, is said once for the section, not on every row
    assert section.count(first) == 1 and section.count("awaiting a second assessor") == 0


def test_changing_one_score_changes_only_that_cell(briefs):
    """Editing one score in data/assessments/KAZ.yaml and re-rendering changes that cell and no other."""
    from benchmark.inputs import assessments

    shipped, changed = briefs["scores"]
    before, after = _table_cells(briefs["before"]), _table_cells(briefs["after"])
    assert before[CHANGED] == ("scored", str(shipped)) and after[CHANGED] == ("scored", str(changed))
    assert {k: v for k, v in before.items() if k != CHANGED} == {k: v for k, v in after.items() if k != CHANGED}
    # a country's score is its best programme's: the key messages follow the best score, before and after the edit
    others = [
        a.score
        for a in assessments.load_file("KAZ").assessments
        if a.dimension == CHANGED[1] and a.programme != CHANGED[0] and a.score is not None
    ]
    key_before = _text(_section(briefs["before"], "Key messages"))
    key_after = _text(_section(briefs["after"], "Key messages"))
    assert f"Governance: Kazakhstan scores {max([shipped, *others])}" in key_before
    assert f"Governance: Kazakhstan scores {max([changed, *others])}" in key_after


def _financings(iso3: str, currency: str, per: str) -> list:
    """The financing lines of a country file in ``currency`` counted ``per`` total or year, with a year and amount."""
    from benchmark.inputs import load

    return [
        f
        for p in load.load_country(iso3).programmes
        for f in p.financing
        if f.currency == currency and f.per == per and f.year_start and f.amount
    ]


def _indicator(name: str, column: str, key: str, year: int) -> float:
    with open(ROOT / "data" / "indicators" / name, newline="") as fh:
        return next(float(r["value"]) for r in csv.DictReader(fh) if r[column] == key and r["year"] == str(year))


def _row_in_usd(rows: list[str], usd: float) -> str:
    """The financing row whose US$ value is ``usd`` (to 1e-9)."""
    for row in rows:
        found = re.search(r'data-usd="([0-9.]+)"', row)
        if found and float(found.group(1)) == pytest.approx(usd, rel=1e-9):
            return row
    raise AssertionError(f"no financing row worth US${usd:,.0f}")


def test_usd_amounts_use_the_shipped_rate_of_the_year_shown(briefs):
    """Germany's total in US$ equals the amount in DEU.yaml over the shipped EUR rate of its year, shown with it."""
    fin = _financings("DEU", "EUR", "total")[0]
    rate = _indicator("fx_official_lcu_per_usd.csv", "currency", "EUR", fin.year_start)
    rows = re.findall(r"<tr>(.*?)</tr>", _section(briefs["before"], "Financing in a common unit"), re.S)
    row = _row_in_usd(rows, fin.amount / rate)
    assert f'<td><span class="num">{fin.year_start}</span></td>' in row or f">{fin.year_start}<" in row


def test_gdp_share_only_for_annual_amounts_and_of_the_same_year(briefs):
    """Japan's yearly budget is its US$ value over the same year's GDP; Germany's total gets no share."""
    rows = re.findall(r"<tr>(.*?)</tr>", _section(briefs["before"], "Financing in a common unit"), re.S)
    yearly = _financings("JPN", "JPY", "year")
    assert yearly
    for fin in yearly:
        rate = _indicator("fx_official_lcu_per_usd.csv", "currency", "JPY", fin.year_start)
        gdp = _indicator("gdp_current_usd_wdi2026.csv", "iso3", "JPN", fin.year_start)
        annual = _row_in_usd(rows, fin.amount / rate)
        assert f"<td>{100 * fin.amount / rate / gdp:.4f}</td>" in annual, fin.year_start
    total_fin = _financings("DEU", "EUR", "total")[0]
    eur = _indicator("fx_official_lcu_per_usd.csv", "currency", "EUR", total_fin.year_start)
    total = _row_in_usd(rows, total_fin.amount / eur)
    assert "a year" not in total and re.search(r"<td><span class=\"cb-na\"[^>]*>–</span></td>", total)


def test_whole_loan_is_never_drawn_beside_annual_budgets(briefs):
    """The US$40 m loan (all components, several years) sits in the totals panel, apart from annual budgets."""
    section = _section(briefs["before"], "Financing in a common unit")
    data = re.search(r'<details class="cb-data">(.*?)</details>', section, re.S).group(1)  # the chart's numbers
    rows = [
        [_text(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)] for r in re.findall(r"<tr>(.*?)</tr>", data, re.S)
    ]
    rows = [r for r in rows if r]
    loan = [r for r in rows if "a whole loan" in r[3]]
    assert loan and all(r[2].startswith("Totals") for r in loan), loan
    assert any("Territorial Clusters in Kazakhstan" in r[1] for r in loan)
    assert all("whole loan" not in r[3] for r in rows if r[2].startswith("Annual"))


def test_missing_budget_shows_not_available(briefs):
    """A programme without a known budget (Kazakhstan's SPIID clusters) is listed as 'not available', never 0."""
    section = _section(briefs["before"], "Financing in a common unit")
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", section, re.S) if "State Programme" in r)
    assert "not available" in row and "data-usd" not in row


def test_sections_and_sources(briefs):
    """The brief has its sections, context charts with source lines, and ends with the sources list."""
    html = briefs["before"]
    for heading in (
        "Policies side by side",
        "Benchmark dimensions",
        "Scores by programme and dimension",
        "Kazakhstan against the best peer",
        "Programmes on one time axis",
        "Financing in a common unit",
        "Sector mix",
        "Country context",
        "What Kazakhstan can learn",
        "Sources",
    ):
        assert heading in _sections_of(html), heading
    context = _section(html, "Country context")
    assert context.count("<svg") == 4 and context.count("Source: World Bank (2026)") == 4
    sources = _section(html, "Sources")
    assert (
        'id="src-kidi_2017_news_digest_2"' in sources
        and 'id="src-ivorytower_2013_cluster_initiative_greenbook_2"' in sources
    )
    # every [n] link points at an entry of the list, and every entry of the list is cited in the brief
    for page in (html, briefs["present"]):
        listed = set(re.findall(r'<li id="src-([a-z0-9_]+)"', _section(page, "Sources")))
        cited = set(re.findall(r'href="#src-([a-z0-9_]+)"', page))
        assert cited <= listed, sorted(cited - listed)
        assert listed <= cited, sorted(listed - cited)


def test_default_brief_compares_present_regimes_with_the_pilot_as_history(briefs):
    """By default Kazakhstan's present regime is a column of scores, and the 2017 pilot is a history section."""
    html = briefs["present"]
    cells = _table_cells(html)
    assert {p for p, _ in cells if p.startswith("kaz_")} == {"kaz_order_367_territorial_clusters"}
    assert "Kazakhstan earlier: the programmes before the present regime" in _sections_of(html)
    assert "kaz_wb_territorial_clusters" not in {p for p, _ in cells}


def test_inputs_are_recorded(briefs):
    """The build knows the brief's inputs: assessments, dimensions and the exchange-rate series."""
    files = briefs["files"]
    for name in (
        "data/assessments/KAZ.yaml",
        "data/dimensions.yaml",
        "data/indicators/fx_official_lcu_per_usd.csv",
        "data/countries/DEU.yaml",
    ):
        assert name in files, name


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_gap_chart_names_the_best_peer_as_its_legend_does(lang):
    """Beside each scored dimension the chart names the best peer in the reader's language, as its legend does
    ("Russia 1 (−1)", with a minus sign), not by its ISO code ("RUS 1 (-1)")."""
    from benchmark.inputs.countries import country_name
    from benchmark.sections import comparison
    from benchmark.sections import comparison_figures as cf

    ctx = comparison.prepare("KAZ", ["JPN", "RUS"], lang=lang)
    gaps = ctx.gaps()
    fig = cf._gap_figure(ctx, gaps, {d.id: d for d in ctx.dimensions}, country_name("KAZ", lang))
    labels = {x.get_gid(): x.get_text() for x in fig.axes[0].texts if (x.get_gid() or "").startswith("gap-")}
    scored = [g for g in gaps if g.gap is not None and g.best_peer is not None]
    assert scored and len(labels) == len(scored)
    for g in scored:
        label = labels[f"gap-{g.dimension}"]
        assert label.startswith(country_name(g.best_peer.country, lang) + " ") and "-" not in label, label
