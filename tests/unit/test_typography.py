"""Numbers and sentences as each language writes them (hand-checked inputs)."""

import pytest

from benchmark.core.text import figure
from benchmark.sections.citations import sentences


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (487.535, "en", "488"),
        (1217.7914, "ru", "1\xa0218"),
        (0.0105, "ru", "0,0105"),
        (0.00133, "kk", "0,0013"),
        (-3.25, "ru", "\u22123,25"),
        (-3.25, "en", "-3.25"),
        (2006, "ru", "2006"),
        (40_000_000, "ru", "40\xa0000\xa0000"),
        (2.0, "ru", "2"),
        (None, "ru", ""),
    ],
)
def test_figure_rounds_and_writes_as_the_language_does(value, lang, expected):
    """A table's number in a Russian brief has a decimal comma, a real minus and no 13 digits of noise."""
    assert figure(value, lang) == expected


def test_sentences_never_double_a_full_stop():
    """A Russian source entry ending in a date ("27 ноября 2026 г.") is not followed by "..": no «г..»."""
    assert sentences(["Заголовок", "дата обращения: 27 ноября 2026 г.", "лицензия: CC BY 4.0"]) == (
        "Заголовок. дата обращения: 27 ноября 2026 г. лицензия: CC BY 4.0."
    )
    assert sentences(["A", "B."]) == "A. B."


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_country_with_data_has_its_genitive(lang):
    """«Практика Японии», not «Практика страны Япония»: each country the workbook covers has its genitive form."""
    import yaml

    from benchmark.core import paths
    from benchmark.core.text import LOCALES
    from benchmark.inputs.countries import country_name

    forms = yaml.safe_load((LOCALES / lang / "cases.yaml").read_text(encoding="utf-8"))["genitive"]
    names = [country_name(p.stem, lang) for p in sorted(paths.COUNTRIES_DIR.glob("*.yaml"))]
    assert [n for n in names if n not in forms] == []


def test_a_translation_can_ask_for_a_name_in_the_genitive():
    """A Russian sentence puts the peer's name in the genitive; English is untouched by it."""
    from benchmark.core.text import t

    russian = t("compare.key_practice", "ru", peer="Япония", practice="X.")
    assert "Японии" in russian and "Япония" not in russian and "страны" not in russian
    assert "Japan" in t("compare.key_practice", "en", peer="Japan", practice="X.")


def test_english_country_names_read_in_a_sentence_without_an_article():
    """ "Kazakhstan against Japan and Russia": a name that needs "the" ("Russian Federation", "Republic of Korea")
    read as a slip wherever a brief writes a country's name into a sentence."""
    import re

    from benchmark.core import paths
    from benchmark.inputs.countries import country_name

    names = [country_name(p.stem, "en") for p in sorted(paths.COUNTRIES_DIR.glob("*.yaml"))]
    assert names and not [n for n in names if re.search(r"\b(Federation|Republic|Kingdom|States|of)\b", n)]
