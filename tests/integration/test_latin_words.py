"""A Russian or Kazakh reader meets no English words and no English number forms, outside what is marked as such.

Every Russian and Kazakh brief of the shipped benchmarks is rendered as the build renders it (one kernel,
shared with the other tests that read every brief); its visible text (text nodes, SVG chart labels,
tooltips) is read as a reader reads it: what an element marks as English (``lang="en"``: an original
title, a quotation), web addresses and e-mail are left out, and what is left is checked against the
reviewed allow-list ``latin_allowed.yaml`` (acronyms, OKED/NACE section letters, proper names kept in
their original form, each with its reason).
"""

from __future__ import annotations

import re

import pytest
from latin_words import _WORD, ALLOW_FILE, LINK, allowed, foreign_words, is_allowed, latin_words, report, visible_texts

#: The Russian and Kazakh briefs of the shipped benchmarks: every one is read.
LANGUAGES = ("ru", "kk")


def _reader_briefs() -> list[str]:
    from benchmark.publish.benchmarks import all_benchmarks, load_benchmark

    names = {j.name for f in all_benchmarks() for j in load_benchmark(f) if j.lang in LANGUAGES}
    return sorted(names)


#: Latin-script words (and English number forms) allowed in any Russian or Kazakh brief outside the allow-list:
#: none. The count was 248 to 6 223 per brief before the issue "Every word in the reader's language" and is 0
#: since 7 December 2026. Never raise it: a new English word in a Russian or Kazakh brief fails this test with
#: the word and where it is; translate it.
CEILING = 0


@pytest.fixture(scope="module")
def pages(shipped_briefs) -> dict[str, str]:
    """Every Russian and Kazakh brief, as the build renders it (shared with the other tests that read every brief)."""
    return {name: shipped_briefs[name].read_text(encoding="utf-8") for name in _reader_briefs()}


@pytest.mark.slow
@pytest.mark.parametrize("key", _reader_briefs())
def test_russian_and_kazakh_briefs_show_no_english_words(pages, key):
    """A Russian or Kazakh reader would meet English labels, captions or notes the language files do not cover."""
    lang = key.rsplit("-", 1)[1]
    found = foreign_words(pages[key], lang)
    assert len(found) <= CEILING, (
        f"{key}: {len(found)} Latin-script words outside the allow-list (ceiling {CEILING}); "
        f'translate them or mark a genuine original title or quotation with lang="en":\n{report(found)}'
    )


#: Number forms that are not Russian or Kazakh: a decimal point, a doubled «г.», an ISO date.
_ENGLISH_NUMBERS = {
    "a decimal point (write a decimal comma)": re.compile(r"(?<![\d.\w])\d+\.\d+(?![\d.])"),
    "«г..» (one full stop after «г.»)": re.compile(r"г\.\."),
    "an ISO date (write the date in words)": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
}
#: Numberings that look like decimals and are not: a version after a name (Greenbook 2.0, CC BY 4.0, geokz 1.0.2)
#: or closing a title in quotation marks («… жасыл кітап 2.0»).
_VERSION = re.compile(r"[A-Za-z]\s+\d+(?:\.\d+)+|\s\d+\.\d+»")
#: A text about the World Bank project's sub-component 2.2 numbers it as the project's documents do.
_SUBCOMPONENT = re.compile(r"компонент|component")


@pytest.mark.slow
@pytest.mark.parametrize("key", _reader_briefs())
def test_numbers_and_dates_are_written_as_the_language_writes_them(pages, key):
    """A Russian or Kazakh reader would meet 1217.79, «2017 г..» or 2026-11-30 instead of 1 218 or a date in words."""
    lang = key.rsplit("-", 1)[1]
    found = []
    for text, section, element in visible_texts(pages[key], lang):
        plain = _VERSION.sub(" ", LINK.sub(" ", text))
        if _SUBCOMPONENT.search(plain):
            plain = re.sub(r"\b2\.2\b", " ", plain)
        for what, pattern in _ENGLISH_NUMBERS.items():
            found += [f"{m.group(0)!r} ({what}) in §{section} / {element}" for m in pattern.finditer(plain)]
    assert len(found) <= CEILING, f"{key}: {len(found)} English number forms:\n" + "\n".join(found)


# --- the reader itself, on pages typed here --------------------------------------------------------------


def test_words_marked_english_links_and_scripts_are_not_counted():
    """An original title marked lang="en", a web address or a script would be counted as untranslated text."""
    page = (
        '<html lang="ru"><head><title>Обзор</title><style>.a{color:red}</style></head><body>'
        '<h2>Источники</h2><p>Доклад <cite lang="en">Cluster Policy Review</cite>, см. https://example.org/x '
        "или info@example.org; METI, раздел C.</p><script>var x = 1;</script></body></html>"
    )
    assert [w.word for w in latin_words(page, "ru")] == ["METI", "C"]
    assert foreign_words(page, "ru") == []


def test_chart_labels_and_tooltips_are_counted_with_their_origin():
    """English left in a chart's labels or a tooltip would pass unseen, or be reported without where it is."""
    page = (
        '<html lang="kk"><body><h2>Өңірлер</h2><figure><svg><text x="1">Kostanay oblysy</text></svg>'
        '<span title="not found">б/ж</span></figure></body></html>'
    )
    found = foreign_words(page, "kk")
    assert [w.word for w in found] == ["Kostanay", "oblysy", "not", "found"]
    assert all(w.section == "Өңірлер" for w in found)
    assert "text" in found[0].element and "[title]" in found[2].element


def test_allow_list_gives_a_reason_for_each_entry_and_holds_no_ordinary_words():
    """The allow-list would quietly grow into a list of untranslated words, or keep a word nobody can explain."""
    allow = allowed()
    assert set(allow) == {"letters", "units", "names", "phrases"}, ALLOW_FILE
    for group, entries in allow.items():
        for word, reason in (entries or {}).items():
            assert isinstance(reason, str) and len(reason.split()) >= 3, f"{group}.{word}: give the reason"
            if group == "phrases":
                several = len(str(word).split()) >= 2 or len(_WORD.findall(str(word))) >= 2  # Clusters4Future
                assert several, f"phrases.{word}: a name of several words"
            if group == "names" and not word[:1].isupper():  # a name in lower case is a software package's
                assert "software package" in reason, f"names.{word}: a proper name starts with a capital"
    assert is_allowed("OKED", allow) and is_allowed("C", allow) and not is_allowed("region", allow)
