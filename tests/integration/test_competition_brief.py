"""Render the competition brief for the example sheet and for a user's sheet; check what an analyst checks."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from benchmark.inputs import competition, load
from benchmark.publish.names import brief_title

pytestmark = pytest.mark.slow

EXTERNAL = re.compile(r"<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)
LABEL = "ILLUSTRATIVE DATA, for training"


def _user_sheet(path):
    """Four applications scored by three experts on every default criterion: North 5s, South 4s, East 3s, West 2s."""
    rows = ["application,expert,criterion,score"]
    for app, s in (("Cluster North", 5), ("Cluster South", 4), ("Cluster East", 3), ("Cluster West", 2)):
        for e in ("Ana", "Bek", "Dana"):
            for c in competition.load_criteria("default").criteria:
                rows.append(f"{app},{e},{c.id},{s}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """The example brief (default parameters) and a user-sheet brief, rendered with one kernel."""
    from benchmark.core import paths
    from benchmark.publish.render import KernelSession, render_notebook

    out = tmp_path_factory.mktemp("competition")
    sheet = _user_sheet(out / "my_scores.csv")
    nb = paths.NOTEBOOKS / "kz_competition.ipynb"
    with KernelSession() as session:
        example = render_notebook(
            nb, {}, out / "example.html", title=brief_title("kz_competition.ipynb", {}), session=session
        )
        user = render_notebook(
            nb,
            {"scores": str(sheet), "n_select": 2, "weights": {"critical_mass": 30}, "n_draws": 200},
            out / "user.html",
            title=brief_title("kz_competition.ipynb", {}),
            session=session,
        )
    return {
        "example": example.output.read_text(encoding="utf-8"),
        "user": user.output.read_text(encoding="utf-8"),
        "example_files": example.files_read,
    }


def _sections(html: str) -> dict[str, str]:
    parts = re.split(r'<h2[^>]*>(?:<span class="cb-num">[^<]+</span> )?([^<]+)</h2>', html)
    return {htmllib.unescape(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _text(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("which", ["example", "user"])
def test_brief_is_offline_without_code_or_errors(briefs, which):
    """No network resource, no input code, no error or warning output, and four inline charts."""
    html = briefs[which]
    assert not EXTERNAL.search(html)
    assert "Traceback" not in html and "stderr" not in html and "Warning" not in html
    assert "competition.ranking(" not in html and "from benchmark import" not in html
    assert html.count("<svg") == 4  # bar chart, map, funnel, sensitivity


def test_example_brief_labels_illustrative_scores_everywhere(briefs):
    """Every scores-based section (ranking, agreement, sensitivity chart) says the data are illustrative."""
    sec = _sections(briefs["example"])
    for heading in ("Ranking and selection", "Where the experts agree and disagree", "How robust is the shortlist?"):
        assert LABEL in _text(sec[heading]), heading
    assert LABEL in sec["How robust is the shortlist?"].split("<svg", 1)[1]  # inside the chart itself
    assert "Application A" in sec["Ranking and selection"]


def test_example_brief_reports_the_tie_and_the_outlier(briefs):
    """The example's tie at the cut-off is reported for the commission, and expert 4 is flagged."""
    sec = _sections(briefs["example"])
    ranking = _text(sec["Ranking and selection"])
    assert "tied at the cut-off" in ranking and "commission has to decide" in ranking
    agreement = _text(sec["Where the experts agree and disagree"])
    assert "Kendall's W" in agreement and "Expert 4" in agreement and "outlier" in agreement


def test_region_counts_and_2017_boundaries(briefs, digest_number):
    """The chart and map show the applications by region as the data (and the digest) give them, on 2017 borders."""
    from benchmark.inputs import regional

    sec = _sections(briefs["example"])
    bar = _text(sec["Applications by region"])
    _, df = load.load_table(competition.APPLICATIONS_TABLE)
    total = int(df.applications.astype(int).sum())
    assert total == digest_number(r"received (\d+) applications")  # a deliberate pin to the seed digest
    assert f"{total} in total" in bar
    alt = htmllib.unescape(re.search(r'aria-label="([^"]*)"', sec["Applications on the map of 2017"]).group(1))
    names = regional.names_2017()
    counts = dict(zip(df.iso_3166_2_2017, df.applications.astype(int)))
    for code, name in names.items():  # every unit of 2017, with 0 where no application came from
        assert f"{name}: {counts.get(code, 0)}" in alt, name
    mapsec = _text(sec["Applications on the map of 2017"])
    assert "boundaries of 2017" in mapsec and "CC BY 4.0" in mapsec and "geokz" in mapsec
    assert "KZ-61" in _text(sec["The regions of 2017 and today"])  # today's Turkestan region, from pycountry


def test_funnel_shows_counts_with_sources_and_the_conflict(briefs):
    """Received vs '23 groups of …' shown as a conflict; the valid count; at least the target; which ones is open."""
    from benchmark.sections.citations import fact_value

    funnel = _text(_sections(briefs["example"])["From applications to pilots: the funnel"])
    facts = load.facts_by_id(["KAZ"])
    for fact_id in (
        "kaz_2017_applications_received_digest",
        "kaz_2017_valid_applications",
        "kaz_2017_pilot_clusters_target",
    ):
        assert fact_value(facts[fact_id]) in funnel, fact_id
    assert "Sources disagree on the number received" in funnel and "23 groups of" in funnel
    assert "conflicting" in funnel
    assert "Which clusters were selected" in funnel and "Almaty region" in funnel and "tourism" in funnel


def test_criteria_are_labelled_default_and_sources_listed(briefs):
    """The brief says the criteria are a default, not the official rule, and lists every source it cites."""
    html = briefs["example"]
    assert "DEFAULT criteria, not the official rule" in _text(html)
    cited = set(re.findall(r'href="#src-([a-z0-9_]+)"', html))
    listed = set(re.findall(r'<li id="src-([a-z0-9_]+)"', html))
    assert cited and cited <= listed
    sources = load.load_sources()
    assert {"eco_2011_cluster_mapping_methodology", "kidi_2017_news_digest_2", "rodionov_2024_geokz"} <= listed
    assert all(s in sources for s in listed)


def test_example_brief_records_its_inputs(briefs):
    """The build knows the brief's inputs: the sheet, its sidecar, the criteria and the boundaries."""
    files = set(briefs["example_files"])
    assert {
        "data/competition/example_scores.csv",
        "data/competition/example_scores.csv.meta.yaml",
        "data/competition/criteria_default.yaml",
        "data/geo/kaz_admin1_2017.geojson",
        "data/tables/kaz_applications_by_region_2017.csv",
    } <= files


def test_user_sheet_brief(briefs):
    """A user's sheet is ranked as scored, weights shown as overridden, and not labelled illustrative."""
    html = briefs["user"]
    text = _text(html)
    assert LABEL not in text
    sec = _sections(html)
    ranking = _text(sec["Ranking and selection"])
    assert "Top 2 by the mean: Cluster North, Cluster South." in ranking
    assert "tied at the cut-off" not in ranking
    assert "(default 15%)" in _text(sec["Selection criteria and weights"])  # critical_mass overridden
    assert "my_scores.csv" in _text(sec["About this brief"])
