"""A Russian or Kazakh chart labels a programme in the reader's language; the original name stays in the table."""

from __future__ import annotations

import re

import pytest

from benchmark.inputs import load
from benchmark.inputs.schemas import text_of
from benchmark.sections.timelines import chart_name

#: A Latin-script word that is not an acronym (an acronym such as METI is how a reader looks a body up).
WORD = re.compile(r"\b(?=[A-Za-zÀ-ÿ]*[a-zà-ÿ])[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'\-]+")


def titles(lang: str) -> list[str]:
    """Every programme's and phase's name in ``lang``, as the timelines label them."""
    out = []
    for iso3 in load.known_countries():
        for p in load.load_country(iso3).programmes:
            out += [text_of(p.title, lang), *(text_of(ph.name, lang) for ph in p.phases)]
    return out


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_chart_labels_leave_out_the_originals_latin_words(lang):
    """A Russian label would run on with "(Spitzencluster-Wettbewerb)" or "(Knowledge Cluster Initiative, MEXT)"."""
    bracketed = [n for n in titles(lang) if re.search(r"\([^()]*[a-zà-ÿ]", n)]
    assert bracketed, "the data no longer gives any original name in brackets: nothing to check"
    for name in bracketed:
        label = chart_name(name, lang)
        assert not WORD.findall(label), (name, label)
        assert re.search(r"[\u0400-\u04ff]", label), (name, label)  # the name in the reader's language stays


def test_acronyms_and_the_readers_words_stay_and_english_is_untouched():
    """A label would lose METI, a year or the Russian words of an aside, or an English label would be cut."""
    assert chart_name("Проект (Industrial Cluster Project, METI; политика кластеров)", "ru") == (
        "Проект (METI; политика кластеров)"
    )
    assert chart_name("Программа (2013–2020)", "ru") == "Программа (2013–2020)"
    assert chart_name("Knowledge Cluster Initiative (MEXT)", "en") == "Knowledge Cluster Initiative (MEXT)"


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_label_cut_to_three_lines_says_so(lang):
    """A long name drawn on three lines would silently lose its last words ("… тізілім және мемлекеттік")."""
    import matplotlib.pyplot as plt

    from benchmark.sections.timelines import Period, draw

    names = titles(lang)
    fig = draw([Period(name, 2001 + i, 2002 + i, "#0b5394") for i, name in enumerate(names)], [], lang)
    try:
        drawn = [x.get_text() for x in fig.axes[0].get_yticklabels()]
    finally:
        plt.close(fig)
    cut = 0
    for name, label in zip(names, drawn, strict=True):  # compared without spaces: lines break at hyphens too
        whole, shown = re.sub(r"\s", "", chart_name(name, lang)), re.sub(r"\s", "", label)
        if shown != whole:
            cut += 1
            assert shown.endswith("…") and whole.startswith(shown[:-1]), (chart_name(name, lang), label)
    assert cut or lang == "en", "no name is long enough to be cut: nothing checked"
