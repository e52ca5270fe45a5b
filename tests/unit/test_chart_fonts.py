"""Charts draw Russian and Kazakh text: every letter has a glyph in the charts' font (no missing-glyph boxes)."""

from __future__ import annotations

import warnings

import pytest

from benchmark.sections.display import RC, Chart, new_figure

KAZAKH = "Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і"
RUSSIAN = "Территориальные кластеры: заявки по регионам, 2017 г. Ёё Щщ Ъъ"


def test_the_chart_font_is_named_and_ships_with_the_workbook():
    from matplotlib import font_manager

    assert RC["font.sans-serif"][0] == "DejaVu Sans"
    path = font_manager.findfont(font_manager.FontProperties(family=RC["font.sans-serif"]), fallback_to_default=False)
    assert "DejaVuSans" in path


@pytest.mark.parametrize("text", [KAZAKH, RUSSIAN])
def test_a_chart_with_kazakh_and_russian_letters_draws_every_glyph(text):
    """Matplotlib warns 'Glyph ... missing from font' when it cannot draw a letter: here that fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a failure, not a warning
        fig, ax = new_figure(6, 2)
        ax.set_title(text)
        ax.barh([0, 1], [3, 5])
        ax.set_yticks([0, 1], [text[:9], text[-9:]])
        fig.canvas.draw()  # lays the text out with the font, as the PNG backend would
        chart = Chart.from_figure(fig, alt=text)
    assert text.split()[0] in chart.svg


def test_the_glyph_check_would_catch_a_missing_letter():
    """The same check fails on a letter no font here has (so the tests above can fail)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = new_figure(2, 1)
        ax.set_title("\U0001d11e")  # musical G clef: not in DejaVu Sans
        with pytest.raises(UserWarning, match="missing from"):
            fig.canvas.draw()
    import matplotlib.pyplot as plt

    plt.close(fig)
