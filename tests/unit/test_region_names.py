"""Kazakhstan's regions and OKED sections named in English, Russian and Kazakh, from the shipped files.

English names stay the statistics' own (the crosswalk, the BNS table); Russian and Kazakh come from the boundary
files in full forms ("Акмолинская область", "Ақмола облысы"). Expected names are read from the data files and
the catalogues here, never typed in, except where the test is about one official name.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
import yaml

from benchmark.core import paths
from benchmark.core.text import t
from benchmark.inputs import geo, regional
from benchmark.sections import mapping, regions

CYRILLIC_WORDS = re.compile(r"^[\u0400-\u04ff\s\-()]+$")


def features(name: str) -> list[dict]:
    doc = json.loads((paths.GEO_DIR / name).read_text(encoding="utf-8"))
    return [f["properties"] for f in doc["features"]]


def crosswalk() -> list[dict]:
    with (paths.GEO_DIR / geo.CROSSWALK).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def gva_rows() -> list[dict]:
    with regional.gva_path().open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def catalogue(lang: str) -> dict:
    path = paths.PACKAGE / "core" / "locales" / lang / "regions.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_english_names_are_unchanged():
    """An English brief names the units and sections as before: the crosswalk's and the BNS table's names."""
    cw = crosswalk()
    assert regional.names_2017() == {r["iso_3166_2_2017"]: r["region_2017"] for r in cw}
    assert regional.unit_names(2017) == regional.names_2017()
    current = {r["region_iso_3166_2"]: r["region_en"] for r in gva_rows() if r["year"] == "2025"}
    assert regional.unit_names(2025) == {c: current[c] for c in regional.unit_names(2025)}
    sections = {r["activity_code"]: r["activity_name_en"] for r in gva_rows() if r["row_type"] == "section"}
    assert regional.section_names() == sections


def test_russian_names_of_todays_units_are_the_boundary_files_in_full_form():
    """A Russian brief writes "Акмолинская область" and "город Астана", built from the file's name_ru."""
    names = regional.unit_names(2025, "ru")
    assert set(names) == {r["current_iso_3166_2"] for r in crosswalk() if r["current_iso_3166_2"]}  # today's units
    own = {k.removeprefix("unit_") for k in catalogue("ru") if re.fullmatch(r"unit_KZ-\d\d", str(k))}
    for p in features(geo.GEO_CURRENT):
        code = p["iso_3166_2"]
        if code in own:
            continue
        key = "regions.unit_city" if p["unit_type"] == "city" else "regions.unit_region"
        assert names[code] == t(key, "ru", name=p["name_ru"]), code


def test_official_russian_names_replace_the_boundary_files_where_they_differ():
    """The 2022 decree's "область Абай" and the city's "Шымкент", as the BNS table writes them, not geokz's forms."""
    names = regional.unit_names(2025, "ru")
    bns = {r["region_iso_3166_2"]: r["region"] for r in gva_rows() if r["year"] == "2025"}
    for code in ("KZ-10", "KZ-33", "KZ-62", "KZ-79"):
        core = bns[code].removeprefix("г. ").strip()
        assert core in names[code].split(), (code, names[code], bns[code])
    assert names["KZ-79"] == "город Шымкент" and names["KZ-10"] == "область Абай"


def test_kazakh_names_are_kazakh_and_in_full_form():
    """A Kazakh brief writes "Ақмола облысы" and "Астана қаласы", with Kazakh letters only (no Latin "i")."""
    names = regional.unit_names(2025, "kk")
    by_code = {p["iso_3166_2"]: p for p in features(geo.GEO_CURRENT)}
    assert set(names) == set(by_code)
    for code, name in names.items():
        assert CYRILLIC_WORDS.match(name), name
        ending = "қаласы" if by_code[code]["unit_type"] == "city" else "облысы"
        assert name.endswith(" " + ending), name
    assert names["KZ-59"] == "Солтүстік Қазақстан облысы"  # the file writes a Latin "i" in Солтүстiк


def test_2017_units_in_russian_come_from_the_2017_boundary_file():
    """The 2017 units in Russian are the 2017 file's names, the same as the crosswalk's region_2017_ru."""
    names = regional.names_2017("ru")
    assert names == {p["iso_3166_2_2017"]: p["name_ru"] for p in features(geo.GEO_2017)}
    assert names == {r["iso_3166_2_2017"]: r["region_2017_ru"] for r in crosswalk()}


def test_2017_units_in_kazakh_are_todays_where_the_unit_is_the_same():
    """Akmola of 2017 is today's Ақмола облысы; South Kazakhstan, gone since 2018, is named from the catalogue."""
    names = regional.names_2017("kk")
    today = regional.unit_names(2025, "kk")
    same = {r["iso_3166_2_2017"]: r["current_iso_3166_2"] for r in crosswalk() if r["relation"] == "same"}
    assert set(names) == {r["iso_3166_2_2017"] for r in crosswalk()}  # the units of 2017
    for code, name in names.items():
        if code in same:
            assert name == today[same[code]]
        else:
            assert name == t(f"regions.unit_2017_{code}", "kk") and CYRILLIC_WORDS.match(name), code
    assert names["KZ-YUZ"] == "Оңтүстік Қазақстан облысы"


def test_section_names_per_language():
    """OKED sections: Russian from the BNS table, Kazakh from the catalogue, one per section of the table."""
    rows = [r for r in gva_rows() if r["row_type"] == "section"]
    assert regional.section_names("ru") == {r["activity_code"]: r["activity_name"] for r in rows}
    kk = regional.section_names("kk")
    assert set(kk) == {r["activity_code"] for r in rows}
    english = regional.section_names()
    assert all(kk[s] != english[s] and CYRILLIC_WORDS.match(kk[s].replace(",", "").replace(";", "")) for s in kk)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_catalogue_names_repeat_the_data(lang):
    """The catalogue's English and Russian unit and section names (kept for parity with Kazakh) are the data's."""
    cat = catalogue(lang)
    rows = [r for r in gva_rows() if r["row_type"] == "section"]
    column = "activity_name_en" if lang == "en" else "activity_name"
    for r in rows:
        assert cat[f"oked_{r['activity_code']}"] == r[column]
    column = "region_2017" if lang == "en" else "region_2017_ru"
    for r in crosswalk():
        key = f"unit_2017_{r['iso_3166_2_2017']}"
        if key in cat:
            assert cat[key] == r[column], key
    if lang == "en":
        bns = {r["region_iso_3166_2"]: r["region_en"] for r in gva_rows() if r["year"] == "2025"}
        for key in (k for k in cat if re.fullmatch(r"unit_KZ-\d\d", str(k))):
            assert cat[key] == bns[key.removeprefix("unit_")], key


def test_value_added_and_memo_rows_carry_the_names_of_their_language():
    """The training table and the 2017 borders note name regions and sections in the reader's language."""
    va = mapping.kaz_value_added(2017, lang="ru")
    assert set(va["region"]) == set(regional.names_2017("ru").values())
    assert set(va["sector"]) <= set(regional.section_names("ru").values())
    memo = regional.memo_rows(2017, "kk")
    assert set(memo["name"]) == {regional.unit_names(2025, "kk")[c] for c in memo["code"]}


@pytest.mark.parametrize(
    "name, lang, others, short",
    [
        ("Karaganda region", "en", [], "Karaganda"),
        ("Almaty Region", "en", ["Almaty city"], "Almaty Region"),
        ("Карагандинская область", "ru", [], "Карагандинская"),
        ("область Абай", "ru", [], "Абай"),
        ("город Алматы", "ru", [], "город Алматы"),
        ("Алматы облысы", "kk", ["Алматы қаласы"], "Алматы облысы"),
        ("Қарағанды облысы", "kk", ["Алматы қаласы"], "Қарағанды"),
    ],
)
def test_map_labels_drop_the_word_for_region_unless_it_tells_two_units_apart(name, lang, others, short):
    """On a map "Карагандинская", but "Алматы облысы" beside "Алматы қаласы"."""
    assert geo.short_name(name, lang, [name, *others]) == short


def test_kazakh_names_sort_in_the_kazakh_alphabet():
    """Ақмола before Алматы (қ before л), Ұлытау after Түркістан, as a Kazakh reader looks them up."""
    names = ["Ұлытау облысы", "Алматы облысы", "Түркістан облысы", "Ақмола облысы", "Абай облысы"]
    assert sorted(names, key=geo.sort_key("kk")) == [
        "Абай облысы",
        "Ақмола облысы",
        "Алматы облысы",
        "Түркістан облысы",
        "Ұлытау облысы",
    ]


@pytest.mark.parametrize(
    "value, lang, digits, text",
    [(2.675, "en", 2, "2.67"), (2.675, "ru", 2, "2,67"), (1234.56, "en", 1, "1,234.6"), (1234.56, "kk", 1, "1 234,6")],
)
def test_figures_round_as_python_rounds_in_every_language(value, lang, digits, text):
    """A quotient reads as an analyst's f"{lq:.2f}" gives it, with the language's separators."""
    assert regions._fixed(value, lang, digits).replace("\xa0", " ") == text
