"""Kazakhstan's regions in the briefs: quotients an analyst can recompute from the shipped table, on the right borders.

The KAZ brief (2017 and 2025) shows location quotients of value added by region and section; the test
recomputes some from the CSV with the standard library (the regions flagged in_national_sum add up to the
country) and compares them with the numbers in the brief's table. The competition brief shows the applicant
regions' profiles and says that the applications' sectors are not known.
"""

from __future__ import annotations

import csv
import html as htmllib
import re
from collections import defaultdict

import pytest

from benchmark.core import paths
from benchmark.inputs import competition, regional

pytestmark = pytest.mark.slow

CSV = paths.REGIONAL_DIR / regional.GVA_FILE


def lq_from_csv(year: int, unit: str, section: str) -> float:
    """The location quotient of value added of one unit (BNS code, e.g. KRG) and section, from the CSV alone."""
    cell, region, by_section, total = 0.0, 0.0, defaultdict(float), 0.0
    national = {}
    with CSV.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["year"] != str(year) or r["row_type"] != "section":
                continue
            v = float(r["value"])
            if r["in_national_sum"] == "national":
                national[r["activity_code"]] = v
                continue
            if r["in_national_sum"] != "TRUE":
                continue  # memo rows (Shymkent and Turkistan in 2015-2017) are inside South Kazakhstan
            by_section[r["activity_code"]] += v
            total += v
            if r["source_region_code"] == unit:
                region += v
                cell += v if r["activity_code"] == section else 0.0
    # the regions add up to the national row, so either gives the same denominator
    assert abs(by_section[section] - national[section]) < 0.05
    return (cell / region) / (by_section[section] / total)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def lq_table(html: str) -> dict[str, dict[str, str]]:
    """The brief's location-quotient table as {region: {section: text}}."""
    table = re.search(r'<table class="cb-lq">(.*?)</table>', html, re.S).group(1)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    sections = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)][1:]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S):
        name = _text(re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1))
        out[name] = dict(zip(sections, (_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))))
    return out


def section_html(html: str, heading: str) -> str:
    """The HTML from an h2 heading to the next h2."""
    # the heading as written, or with its apostrophes and quotes as character references (as html.escape writes them)
    written = "|".join(re.escape(h) for h in {heading, htmllib.escape(heading)})
    start = re.search(rf'<h2[^>]*>(<span class="cb-num">[^<]+</span> )?(?:{written})</h2>', html).start()
    end = html.find("<h2", start + 5)
    return html[start : end if end > 0 else None]


def _placed_sheet(path):
    """Two applications scored on every default criterion, each with its 2017 region and OKED section."""
    rows = ["application,expert,criterion,score,region,oked_section"]
    for app, score, region, section in (("Steel North", 5, "KZ-KAR", "C"), ("Oil West", 3, "KZ-ATY", "B")):
        for expert in ("Ana", "Bek"):
            for c in competition.load_criteria("default").criteria:
                rows.append(f"{app},{expert},{c.id},{score},{region},{section}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> dict[str, str]:
    """The KAZ brief with 2025 figures, the example competition brief and one with a placed sheet (one kernel)."""
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import KernelSession, render_notebook

    out = tmp_path_factory.mktemp("regional")
    sheet = _placed_sheet(out / "placed.csv")
    jobs = {
        "kaz2025": ("country_brief.ipynb", {"country": "KAZ", "year": 2025}),
        "competition": ("kz_competition.ipynb", {"n_draws": 200}),
        "placed": ("kz_competition.ipynb", {"scores": str(sheet), "n_select": 1, "n_draws": 200}),
    }
    result = {}
    with KernelSession() as session:
        for key, (nb, params) in jobs.items():
            r = render_notebook(
                paths.NOTEBOOKS / nb, params, out / f"{key}.html", title=brief_title(nb, params), session=session
            )
            result[key] = r.output.read_text(encoding="utf-8")
    return result


@pytest.mark.parametrize("unit, name, section", [("KRG", "Karaganda region", "C"), ("ATY", "Atyrau region", "B")])
def test_kaz_2017_quotients_can_be_recomputed_from_the_table(rendered_briefs, unit, name, section):
    """The quotient in the brief's table is the one an analyst computes from the shipped CSV (2 decimals)."""
    table = lq_table(rendered_briefs["KAZ"].read_text(encoding="utf-8"))
    assert table[name][section] == f"{lq_from_csv(2017, unit, section):.2f}"


def test_kaz_2017_is_on_the_16_units_of_2017(rendered_briefs):
    """2017: sixteen rows, South Kazakhstan whole; Shymkent and Turkistan are named as memo rows, not measured."""
    html = rendered_briefs["KAZ"].read_text(encoding="utf-8")
    table = lq_table(html)
    from benchmark.inputs import regional

    assert set(table) == set(regional.names_2017().values()) and "South Kazakhstan region" in table
    assert not any("Shymkent" in r or "Turkistan" in r for r in table)
    regional_part = _text(section_html(html, "Regional specialisation"))
    assert "memo items" in regional_part and "Shymkent" in regional_part
    for words in ("top 10%", "LQ of 2 or more", "at least 5%", "European Cluster Observatory", "million tenge"):
        assert words in regional_part, words


def test_kaz_2017_cites_the_bureau_of_national_statistics(rendered_briefs):
    """The regional numbers cite the BNS table, listed in the brief's sources with its URL."""
    html = rendered_briefs["KAZ"].read_text(encoding="utf-8")
    part = section_html(html, "Regional specialisation")
    assert 'href="#src-bns_2026_gva_by_region_oked_section"' in part
    assert '<li id="src-bns_2026_gva_by_region_oked_section">' in html
    assert "stat.gov.kz/api/iblock/element/5927" in html


def test_other_countries_have_no_regional_section(rendered_briefs):
    """Japan's brief has no regional section and does not list the Kazakh statistics among its sources."""
    html = rendered_briefs["JPN"].read_text(encoding="utf-8")
    assert "Regional specialisation" not in html and "bns_2026" not in html


def test_kaz_2025_is_on_todays_20_units(renders):
    """2025: today's twenty units, quotients recomputable, and the brief says which are not like for like."""
    html = renders["kaz2025"]
    table = lq_table(html)
    from benchmark.inputs import regional

    assert set(table) == set(regional.unit_names(2025).values())  # today's units, from the shipped crosswalk
    assert {"Ulytau", "Abai", "Zhetysu", "Shymkent city"} <= set(table)
    assert table["Ulytau"]["C"] == f"{lq_from_csv(2025, 'ULT', 'C'):.2f}"
    assert table["Atyrau"]["B"] == f"{lq_from_csv(2025, 'ATY', 'B'):.2f}"
    assert "T" in next(iter(table.values()))  # households as employers, published from 2025
    text = _text(section_html(html, "Regional specialisation"))
    assert "not like for like" in text and "today's 20 units" in text
    assert "Country brief: Kazakhstan, regional figures for 2025" in html


def test_change_since_2017_is_on_the_borders_of_2017(rendered_briefs):
    """The change table has the 16 units of 2017 in both years (today's units added back), as shares."""
    html = rendered_briefs["KAZ"].read_text(encoding="utf-8")
    start = html.index("What changed from 2017 to 2025")
    body = html[start : html.index("</table>", start)]
    rows = re.findall(r'<th scope="row">(.*?)</th>', body)
    from benchmark.inputs import regional

    assert set(rows) == set(regional.names_2017().values()) and "Abai" not in rows
    shares = [float(x) for x in re.findall(r'<td class="num">([\d.]+)%</td>', body)]
    assert abs(sum(shares[0::2]) - 100) < 0.5 and abs(sum(shares[1::2]) - 100) < 0.5  # 2017 and 2025 columns


def test_competition_profiles_say_the_sectors_are_not_known(renders):
    """Each applicant region has its 2017 profile; the brief says the applications' sectors are not known."""
    part = section_html(renders["competition"], "The applicant regions' specialisation in 2017")
    text = _text(part)
    assert "The sectors of the 2017 applications are not known" in text
    for name in ("Almaty city", "Karaganda region", "Pavlodar region", "Mangistau region", "South Kazakhstan region"):
        assert f'<th scope="row">{name}</th>' in part, name
    assert "Each application's region and section" not in renders["competition"]  # the example sheet names none


def test_competition_shows_an_applications_region_and_section_when_the_sheet_names_them(renders):
    """A sheet naming KZ-KAR / C shows Karaganda's manufacturing quotient of 2017 beside the application's score."""
    part = section_html(renders["placed"], "Each application's region and section")
    row = re.search(r"<tr><th scope=\"row\">Steel North</th>(.*?)</tr>", part, re.S).group(1)
    assert f"{lq_from_csv(2017, 'KRG', 'C'):.2f}" in row and "Karaganda region" in row and "C Manufacturing" in row


# --- traded sections, thresholds, caveats, findings ----------------------------------------


def _kinds() -> dict[str, str]:
    from benchmark.inputs import regional_notes

    with (paths.REGIONAL_DIR / regional_notes.CLASSES_FILE).open(encoding="utf-8", newline="") as fh:
        return {r["section"]: r["kind"] for r in csv.DictReader(fh)}


def test_kaz_gambling_zone_cells_carry_their_caveat(rendered_briefs):
    """Almaty and Akmola regions' R cells are marked † in the quotient table, with the gambling-zone text and law."""
    from benchmark.inputs import regional_notes

    html = rendered_briefs["KAZ"].read_text(encoding="utf-8")
    part = section_html(html, "Regional specialisation")
    table = lq_table(html)
    names = regional.names_2017("en")
    zones = [c for c in regional_notes.caveats() if c.kind == "gambling_zone"]
    assert {names[c.region_2017] for c in zones} == {"Almaty region", "Akmola region"}
    for c in zones:
        name = names[c.region_2017]
        assert table[name][c.section].endswith("†"), name
        assert _text(f"† {name}, {c.section}: {c.notes['en']}") in _text(part)
    assert 'href="#src-adilet_2007_law_on_gambling_business"' in part


def test_kaz_no_local_section_is_starred_or_strongest(rendered_briefs):
    """The lists of starred cells and the change table name traded or mixed sections only (the classification file)."""
    kinds = _kinds()
    from benchmark.core.text import t

    # the starred cells and the change since 2017 are in the annex of regional tables
    part = section_html(rendered_briefs["KAZ"].read_text(encoding="utf-8"), t("regions.detail_heading", year=2017))
    start = part.index("Traded specialisation with critical mass")
    starred = part[start : part.index("What changed from")]
    letters = re.findall(r"<td>([A-U]) [^<]+</td>", starred)
    assert letters and all(kinds[s] != "local" for s in letters), letters
    traded, mixed = starred.split("<h4>Mixed sections")
    assert all(kinds[s] == "traded" for s in re.findall(r"<td>([A-U]) [^<]+</td>", traded))
    assert all(kinds[s] == "mixed" for s in re.findall(r"<td>([A-U]) [^<]+</td>", mixed))
    change = part[part.index("What changed from") : part.index("</table>", part.index("What changed from"))]
    assert all(kinds[s] == "traded" for s in re.findall(r"<td>([A-U]) ", change))


def test_kaz_states_thresholds_and_their_sensitivity(rendered_briefs):
    """The method names both size thresholds and the starred count at half and double them, as computed."""
    from benchmark.sections import regional_findings

    text = _text(section_html(rendered_briefs["KAZ"].read_text(encoding="utf-8"), "Regional specialisation"))
    sens = regional_findings.sensitivity(2017)
    assert "at least 3% of the region's value added" in text and "at least 5% of Kazakhstan's value added" in text
    assert f"Sensitivity: {sens[1.0]} cells have two or three stars at these thresholds; {sens[0.5]} at half" in text
    assert f"and {sens[2.0]} at double" in text


def test_kaz_key_messages_lead_with_the_regional_findings(rendered_briefs):
    """The brief's key messages quote the regional section's first finding, and the section ends with its findings."""
    from benchmark.sections import regional_findings

    html = rendered_briefs["KAZ"].read_text(encoding="utf-8")
    found = regional_findings.findings()
    assert 0 < len(found) <= regional_findings.MAX_FINDINGS
    key = _text(html[html.index("Key messages") : html.index("Contents")])
    assert _text(found[0].text["en"]).rstrip(".") in key
    findings = _text(section_html(html, "Regional specialisation").split("<h3>Findings</h3>")[1])
    for f in found:
        assert _text(f.text["en"]) in findings


def test_competition_says_which_applicant_regions_had_a_traded_specialisation(renders):
    """The competition brief counts the applicant regions with a starred traded specialisation (as the shipped
    applications table and value added give them) and names the specialised regions that sent nothing."""
    from benchmark.inputs import load
    from benchmark.sections import regional_findings

    _, apps = load.load_table(competition.APPLICATIONS_TABLE)
    counts = {c: int(n) for c, n in zip(apps["iso_3166_2_2017"], apps["applications"])}
    match = regional_findings.applicant_match(counts)
    applied = int((match["applications"] > 0).sum())
    matched = int((match["group"] == "matched").sum())
    names = regional.names_2017("en")
    html = renders["competition"]
    part = _text(section_html(html, "The applicant regions' specialisation in 2017"))
    assert f"{matched} of the {applied} applicant regions had a traded specialisation with two or three stars" in part
    silent = part.split("Regions with one that sent no application: ")[1].split(". This compares")[0]
    for code in match.index[match["group"] == "no_application"]:
        assert names[code] in silent, code
    key = _text(html[html.index("Key messages") : html.index("Contents")])
    assert f"{matched} of the {applied} regions that applied in 2017" in key
