"""Briefs in Russian and Kazakh, checked as their readers would: headings, numbers, dates and data in their language.

The Kazakhstan country brief is rendered in Russian and Kazakh, and the comparison with Japan and Russia
in Russian, with one kernel. What the reader should find is read from the catalogues and the data,
never typed in here.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from benchmark.core.text import t
from benchmark.inputs import load
from benchmark.inputs.schemas import UNTRANSLATED, text_of

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
KAZAKH_LETTERS = set("ӘҒҚҢӨҰҮҺІәғқңөұүһі")


@pytest.fixture(scope="module")
def pages(tmp_path_factory, render_brief) -> dict[str, str]:
    from benchmark.publish.render import KernelSession

    tmp = tmp_path_factory.mktemp("languages")
    with KernelSession() as session:
        return {
            "kaz-ru": render_brief(
                tmp / "kaz-ru.html", "country_brief.ipynb", {"country": "KAZ", "lang": "ru"}, session
            ),
            "kaz-kk": render_brief(
                tmp / "kaz-kk.html", "country_brief.ipynb", {"country": "KAZ", "lang": "kk"}, session
            ),
            "compare-ru": render_brief(
                tmp / "compare-ru.html",
                "comparison.ipynb",
                {"focal": "KAZ", "peers": ["JPN", "RUS"], "lang": "ru"},
                session,
            ),
        }


def _text(page: str) -> str:
    """What a reader reads in the brief's language: sources' own words (quotes, source titles) left out."""
    body = re.sub(r"<(style|svg|q)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<ol class="cb-sources">.*?</ol>', " ", body, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _svg_text(page: str) -> str:
    return " ".join(htmllib.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", page, re.S))).split())


@pytest.mark.parametrize("key, lang", [("kaz-ru", "ru"), ("kaz-kk", "kk"), ("compare-ru", "ru")])
def test_page_declares_its_language_and_its_headings_are_in_it(pages, key, lang):
    page = pages[key]
    assert f'<html lang="{lang}">' in page
    text = _text(page)
    own = ("compare.side_by_side", "compare.heatmap") if key.startswith("compare") else ("brief.key_figures",)
    for k in ("brief.key_messages", "brief.sources", *own):
        assert t(k, lang) in text, k
        assert t(k, lang) != t(k, "en")  # a translation, not the English fallback


def test_russian_kazakhstan_brief_shows_russian_data_numbers_and_dates(pages):
    text = _text(pages["kaz-ru"])
    cf = load.load_country("KAZ")
    assert text_of(cf.summary, "ru")[:60] in text  # the country's summary as written in Russian
    assert text_of(cf.programmes[0].title, "ru") in text
    assert not re.search(r"\d,\d{3},\d{3}", text)  # no English thousands separators ...
    assert re.search(r"\d\u00a0\d{3}\u00a0\d{3}", pages["kaz-ru"])  # ... but Russian ones (40 000 000)
    assert re.search(
        r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}", text
    )
    assert UNTRANSLATED not in text.split(t("brief.untranslated_note", "ru", marker=UNTRANSLATED))[0]


def test_russian_comparison_is_russian_in_its_charts_too(pages):
    svg = _svg_text(pages["compare-ru"])
    assert "Казахстан" in svg and "Япония" in svg  # country names in the charts
    assert not re.search(r"[A-Za-z]{4,} [a-z]{4,} [a-z]{4,}", svg.replace("Knowledge Cluster", ""))  # no English prose
    text = _text(pages["compare-ru"])
    for key in ("brief.key_messages", "compare.side_by_side", "compare.heatmap", "compare.rationales"):
        assert t(key, "en") not in text, key  # no English heading left


def test_kazakh_brief_draws_kazakh_letters_in_its_charts(pages):
    assert KAZAKH_LETTERS & set(_svg_text(pages["kaz-kk"]))
    assert t("brief.key_messages", "kk") in _text(pages["kaz-kk"])


def test_a_missing_translation_shows_english_marked_and_validate_names_it(project_copy):
    """Remove the Russian of one fact label: the brief shows the English with [EN]; validate --lang lists it."""
    from benchmark.inputs import files, translations
    from benchmark.sections import country

    path = project_copy / "data" / "countries" / "KAZ.yaml"
    text = path.read_text(encoding="utf-8")
    fact = load.facts_by_id(["KAZ"])["kaz_2017_valid_applications"]
    english, russian = fact.label["en"], fact.label["ru"]
    lines = text.splitlines(keepends=True)
    at = next(
        i for i, ln in enumerate(lines) if ln.strip() == f"en: {english}" and lines[i + 1].strip() == f"ru: {russian}"
    )
    del lines[at + 1]
    path.write_text("".join(lines), encoding="utf-8")
    files.clear()
    block = country.key_figures(country.prepare("KAZ", lang="ru"))
    assert f"{UNTRANSLATED} {english}" in htmllib.unescape(block.body)
    missing = [p for p in translations.missing("ru") if p.file.endswith("KAZ.yaml")]
    assert len(missing) == 1 and missing[0].line is not None and "label" in missing[0].field


def test_make_briefs_builds_the_kazakh_comparison_with_its_pdf():
    """A Kazakh reader would find no Kazakh comparison of Kazakhstan with Japan and Russia in reports/."""
    from benchmark.publish.benchmarks import all_benchmarks, load_benchmark

    jobs = {j.name: j for f in all_benchmarks() for j in load_benchmark(f)}
    kazakh = [j for j in jobs.values() if j.notebook == "comparison.ipynb" and j.params.get("lang") == "kk"]
    assert [(j.params["focal"], list(j.params["peers"])) for j in kazakh] == [("KAZ", ["JPN", "RUS"])]
    assert "pdf" in kazakh[0].formats
