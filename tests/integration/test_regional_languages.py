"""Kazakhstan's regions in Russian and Kazakh briefs: region and section names of the reader's language, its numbers.

The KAZ brief is rendered in Russian (2017) and Kazakh (2017 and 2025), the competition brief in Russian, with
one kernel. The names a reader should find are read from the boundary files (``name_ru``, ``name_kk``) and the
crosswalk, the quotients recomputed from the BNS table, never typed in here.
"""

from __future__ import annotations

import csv
import html as htmllib
import json
import re
from collections import defaultdict

import pytest

from benchmark.core import paths
from benchmark.core.text import t
from benchmark.inputs import geo, regional

pytestmark = pytest.mark.slow
KAZAKH_LETTERS = set("ӘҒҚҢӨҰҮҺІәғқңөұүһі")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, render_brief) -> dict[str, str]:
    from benchmark.publish.render import KernelSession

    tmp = tmp_path_factory.mktemp("regional-languages")
    jobs = {
        "kaz-ru": ("country_brief.ipynb", {"country": "KAZ", "lang": "ru"}),
        "kaz-kk": ("country_brief.ipynb", {"country": "KAZ", "lang": "kk"}),
        "kaz-kk-2025": ("country_brief.ipynb", {"country": "KAZ", "lang": "kk", "year": 2025}),
        "competition-ru": ("kz_competition.ipynb", {"lang": "ru", "n_draws": 200}),
    }
    with KernelSession() as session:
        return {key: render_brief(tmp / f"{key}.html", nb, params, session) for key, (nb, params) in jobs.items()}


def features(name: str) -> list[dict]:
    doc = json.loads((paths.GEO_DIR / name).read_text(encoding="utf-8"))
    return [f["properties"] for f in doc["features"]]


def crosswalk() -> list[dict]:
    with (paths.GEO_DIR / geo.CROSSWALK).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def lq_from_csv(year: int, unit: str, section: str) -> float:
    """The location quotient of value added of one unit (BNS code) and section, from the CSV alone."""
    cell, region, by_section, total = 0.0, 0.0, defaultdict(float), 0.0
    with regional.gva_path().open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["year"] != str(year) or r["row_type"] != "section" or r["in_national_sum"] != "TRUE":
                continue
            v = float(r["value"])
            by_section[r["activity_code"]] += v
            total += v
            if r["source_region_code"] == unit:
                region += v
                cell += v if r["activity_code"] == section else 0.0
    return (cell / region) / (by_section[section] / total)


def _text(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section_html(page: str, heading: str) -> str:
    """The HTML from an h2 heading to the next h2."""
    # the heading as written, or with its apostrophes and quotes as character references (as html.escape writes them)
    written = "|".join(re.escape(h) for h in {heading, htmllib.escape(heading)})
    start = re.search(rf'<h2[^>]*>(<span class="cb-num">[^<]+</span> )?(?:{written})</h2>', page).start()
    end = page.find("<h2", start + 5)
    return page[start : end if end > 0 else None]


def svg_texts(fragment: str) -> list[str]:
    """The texts drawn in the first chart of ``fragment``."""
    svg = re.search(r"<svg\b.*?</svg>", fragment, re.S).group(0)
    return [_text(x) for x in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def drawn_text(fragment: str) -> str:
    """The texts of the first chart of ``fragment`` as one line, as a reader reads them: a name a map label
    breaks after its hyphen ("Восточно-" over "Казахстанская") is read whole."""
    return re.sub(r"-\s+", "-", " ".join(svg_texts(fragment)))


def lq_table(fragment: str) -> dict[str, dict[str, str]]:
    """The location-quotient table as {region: {section: text}}."""
    table = re.search(r'<table class="cb-lq">(.*?)</table>', fragment, re.S).group(1)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    sections = [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)][1:]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S):
        name = _text(re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1))
        out[name] = dict(zip(sections, (_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))))
    return out


def test_russian_kaz_brief_names_the_2017_regions_in_russian_with_a_decimal_comma(pages):
    """The Russian quotient table has the 16 units as the 2017 boundary file names them, and "2,76", not "2.76"."""
    part = section_html(pages["kaz-ru"], t("regions.heading", "ru"))
    table = lq_table(part)
    by_code = {p["iso_3166_2_2017"]: p["name_ru"] for p in features(geo.GEO_2017)}
    assert set(table) == set(by_code.values())
    karaganda = by_code["KZ-KAR"]
    assert table[karaganda]["C"] == f"{lq_from_csv(2017, 'KRG', 'C'):.2f}".replace(".", ",")
    text = _text(part)
    assert t("regions.oked_C", "ru") in text  # the section key names manufacturing in Russian
    alt = htmllib.unescape(re.search(r'aria-label="(.*?)"', part).group(1))
    assert karaganda in alt and re.search(r"\d,\d\d", alt)


def test_kazakh_kaz_brief_map_names_regions_in_kazakh(pages):
    """The Kazakh map of 2017 labels each region that is the same unit today with today's Kazakh name."""
    part = section_html(pages["kaz-kk"], t("regions.heading", "kk"))
    drawn = drawn_text(part)
    kazakh = {p["iso_3166_2"]: p for p in features(geo.GEO_CURRENT)}
    same = [r["current_iso_3166_2"] for r in crosswalk() if r["relation"] == "same"]
    regions_ = [kazakh[c]["name_kk"] for c in same if kazakh[c]["unit_type"] == "region"]
    regions_ = [n for n in regions_ if not re.search("[A-Za-z]", n)]  # North Kazakhstan's Latin i: see 2025
    assert regions_ and all(name in drawn for name in regions_), [n for n in regions_ if n not in drawn]
    assert KAZAKH_LETTERS & set(drawn)
    assert re.search(r"\b[A-T] \d,\d\b", drawn)  # "C 2,8": section and quotient with a decimal comma
    assert t("regions.oked_C", "kk") in drawn  # the legend


def test_kazakh_2025_brief_names_todays_20_units_in_kazakh(pages):
    """2025 in Kazakh: 20 rows named "... облысы" / "... қаласы", the map labelled in Kazakh letters only."""
    part = section_html(pages["kaz-kk-2025"], t("regions.heading", "kk"))
    rows = set(lq_table(part))
    assert rows == set(regional.unit_names(2025, "kk").values())  # today's units, named as the boundary files do
    assert all(r.endswith((" облысы", " қаласы")) for r in rows), rows
    drawn = drawn_text(part)
    for p in features(geo.GEO_CURRENT):
        if p["unit_type"] == "region" and not re.search("[A-Za-z]", p["name_kk"]):
            assert p["name_kk"] in drawn, p["name_kk"]
    assert "Солтүстік Қазақстан" in drawn  # Kazakh і, not the file's Latin i
    assert not re.search(r"[\u0400-\u04ff]i|i[\u0400-\u04ff]", drawn)


def test_russian_competition_brief_names_regions_in_russian(pages):
    """Chart, map, the regions of 2017 and today and the profiles name regions as the Russian boundary files do."""
    page = pages["competition-ru"]
    names = {p["iso_3166_2_2017"]: p["name_ru"] for p in features(geo.GEO_2017)}
    apps = {}
    with (paths.TABLES_DIR / "kaz_applications_by_region_2017.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            apps[r["iso_3166_2_2017"]] = int(r["applications"])
    applied = [c for c, n in apps.items() if n > 0]

    by_region = section_html(page, t("competition.by_region", "ru"))
    data = _text(re.search(r'<details class="cb-data">(.*?)</details>', by_region, re.S).group(1))
    assert all(names[c] in data for c in applied), [names[c] for c in applied if names[c] not in data]
    assert all(names[c] in " ".join(svg_texts(by_region)) for c in applied)  # the bars' labels

    drawn = drawn_text(section_html(page, t("competition.map", "ru")))
    for name in names.values():
        assert name.removesuffix(" область") in drawn, name

    then_now = _text(section_html(page, t("competition.then_now", "ru")))
    assert all(f"{name} ({c})" in then_now for c, name in names.items())
    today = {p["iso_3166_2"]: p["name_ru"] for p in features(geo.GEO_CURRENT)}
    assert f"KZ-55 {today['KZ-55']} область" in then_now

    profiles = section_html(page, t("regions.profiles_heading", "ru"))
    rows = re.findall(r'<th scope="row">(.*?)</th>', profiles)
    assert set(rows) == {names[c] for c in applied}
    assert re.search(r"КЛ \d,\d\d", _text(profiles)) and re.search(r"\d,\d\s?%", _text(profiles))
