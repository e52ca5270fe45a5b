"""Translations of the fixed text: Russian for every catalogue, Kazakh for what briefs and the index show.

A missing key would put English into a Russian or Kazakh brief; a changed placeholder would break the
brief (a KeyError while it is built) or drop a figure from the sentence. Names starting with "_" are notes
for translators and reviewers (``_review``, ``_source``), never text.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from benchmark.core import text

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "src" / "benchmark" / "core" / "locales"
COUNTRIES = ROOT / "data" / "countries"
STIP_DIR = ROOT / "data" / "reference" / "stip_2021"
#: The catalogues a Kazakh brief and the index read; training may fall back to English in Kazakh.
KAZAKH_GROUPS = ("brief", "compare", "competition", "build", "pdf", "regions")
#: Catalogues that are not translations of an English one (STIP labels; each language's own answer words;
#: names in the genitive; licence phrases of the source table; indicator notes, with their countries).
OWN_GROUPS = ("stip", "training_answers", "cases", "licences", "indicators")
#: Country-file fields that hold STIP codebook codes.
STIP_FIELDS = ("target_groups", "instruments", "themes")


def raw(lang: str, group: str) -> dict:
    """A catalogue as written, notes included; {} when the file does not exist."""
    path = LOCALES / lang / f"{group}.yaml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def texts(lang: str, group: str) -> dict:
    """A catalogue's texts: every name that does not start with "_"."""
    return {k: v for k, v in raw(lang, group).items() if not str(k).startswith("_")}


def english_groups() -> list[str]:
    return sorted(p.stem for p in (LOCALES / "en").glob("*.yaml"))


def translated_files() -> list[tuple[str, str]]:
    return [(p.parent.name, p.stem) for lang in ("ru", "kk") for p in sorted((LOCALES / lang).glob("*.yaml"))]


def fields(value: str) -> set[tuple[str, str, str | None]]:
    """The placeholders of a text with their format spec and conversion: {(name, spec, conversion)}.

    A name in another case (``{peer_gen}``, see ``core.text.t``) counts as the name itself.
    """
    found = {(name, spec or "", conv) for _, name, spec, conv in string.Formatter().parse(value) if name is not None}
    return {(name.removesuffix("_gen"), spec, conv) for name, spec, conv in found}


def stip_codes_used() -> set[str]:
    """Every STIP code a programme in data/countries/*.yaml names."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in STIP_FIELDS and isinstance(value, list):
                    found.update(str(v) for v in value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(COUNTRIES.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def missing_and_extra(lang: str, group: str) -> tuple[list[str], list[str]]:
    english, translated = texts("en", group), texts(lang, group)
    return sorted(set(english) - set(translated)), sorted(set(translated) - set(english))


@pytest.mark.parametrize("group", english_groups())
def test_every_english_text_has_a_russian_translation(group):
    """A Russian brief, index or handout shows no English heading, label or message."""
    assert (LOCALES / "ru" / f"{group}.yaml").exists(), f"no Russian catalogue locales/ru/{group}.yaml"
    missing, extra = missing_and_extra("ru", group)
    assert not missing, f"locales/ru/{group}.yaml lacks {missing}"
    assert not extra, f"locales/ru/{group}.yaml has keys English does not: {extra}"


@pytest.mark.parametrize("group", KAZAKH_GROUPS)
def test_every_text_of_a_brief_and_the_index_has_a_kazakh_translation(group):
    """A Kazakh brief and the index show no English heading, label or caption."""
    if not (LOCALES / "en" / f"{group}.yaml").exists():
        pytest.skip(f"locales/en/{group}.yaml is not in this tree yet")
    assert (LOCALES / "kk" / f"{group}.yaml").exists(), f"no Kazakh catalogue locales/kk/{group}.yaml"
    missing, extra = missing_and_extra("kk", group)
    assert not missing, f"locales/kk/{group}.yaml lacks {missing}"
    assert not extra, f"locales/kk/{group}.yaml has keys English does not: {extra}"


@pytest.mark.parametrize(("lang", "group"), [f for f in translated_files() if f[1] not in OWN_GROUPS])
def test_translations_keep_the_placeholders_of_english(lang, group):
    """Every figure and name the English sentence shows is in the translation too, with the same format."""
    english = texts("en", group)
    if not english:
        pytest.skip(f"locales/en/{group}.yaml is not in this tree yet")
    wrong = []
    for key, value in texts(lang, group).items():
        if not isinstance(value, str) or not value.strip():
            wrong.append(f"{key}: not a text ({value!r})")
        elif key in english and fields(value) != fields(english[key]):
            wrong.append(f"{key}: {sorted(fields(value))} instead of {sorted(fields(english[key]))}")
    assert not wrong, f"locales/{lang}/{group}.yaml:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("lang", "group"), translated_files())
def test_terms_marked_for_review_are_keys_of_their_catalogue(lang, group):
    """The reviewer's list of uncertain terms names texts that exist, so none is overlooked."""
    review = raw(lang, group).get("_review", [])
    assert isinstance(review, list), f"locales/{lang}/{group}.yaml: _review must be a list of keys"
    unknown = sorted(set(map(str, review)) - set(texts(lang, group)))
    assert not unknown, f"locales/{lang}/{group}.yaml: _review names keys that are not in the file: {unknown}"


def test_notes_for_reviewers_are_never_shown_as_text():
    """A "_review" list or "_source" note never appears in a brief in place of a heading."""
    text.clear_cache()
    for lang, group in translated_files():
        for name in raw(lang, group):
            if str(name).startswith("_"):
                assert not text.has(f"{group}.{name}", lang)
                with pytest.raises(KeyError):
                    text.t(f"{group}.{name}", lang)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_stip_labels_cover_every_code_in_the_country_files(lang):
    """Target groups, instruments and themes of every programme card read in Russian and Kazakh."""
    labels = raw(lang, "stip")
    assert labels, f"no locales/{lang}/stip.yaml"
    assert "_source" in labels, f"locales/{lang}/stip.yaml must say the labels are the workbook's own translation"
    used = stip_codes_used()
    assert used, "no STIP code found in data/countries/*.yaml: has the field name changed?"
    missing = sorted(used - set(texts(lang, "stip")))
    assert not missing, f"locales/{lang}/stip.yaml lacks labels for {missing}"
    empty = sorted(k for k, v in texts(lang, "stip").items() if not isinstance(v, str) or not v.strip())
    assert not empty, f"locales/{lang}/stip.yaml: labels that are not text: {empty}"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_stip_labels_are_for_real_codebook_codes(lang):
    """A mistyped code in the catalogue would leave the real code untranslated."""
    known = set()
    for path in STIP_DIR.glob("*.csv"):
        known.update(line.split(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()[1:] if line)
    unknown = sorted(set(texts(lang, "stip")) - known)
    assert not unknown, f"locales/{lang}/stip.yaml: not STIP 2021 codes: {unknown}"


def test_answer_words_are_lists_and_name_one_answer_each():
    """A participant's answer word is never read as two different answers of one exercise, in any language."""
    langs = sorted(p.parent.name for p in LOCALES.glob("*/training_answers.yaml"))
    for lang in langs:
        words = texts(lang, "training_answers")
        bad = sorted(k for k, v in words.items() if not isinstance(v, list) or not all(isinstance(w, str) for w in v))
        assert not bad, f"locales/{lang}/training_answers.yaml: not a list of words: {bad}"
    keys = {k for lang in langs for k in texts(lang, "training_answers") if not k.startswith("rubric_")}
    owner: dict[tuple[str, str], str] = {}
    clashes = []
    for key in sorted(keys):
        for word in text.words(f"training_answers.{key}"):
            first = owner.setdefault((key.split("_")[0], word), key)
            if first != key:
                clashes.append(f"{word!r}: {first} and {key}")
    assert not clashes, f"locales/*/training_answers.yaml: a word names two answers: {clashes}"
