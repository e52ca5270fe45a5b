"""What a reader sees in a brief is for readers: no data ids, reference-sheet ids, repository paths or commands."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from benchmark.inputs import load

pytestmark = pytest.mark.slow

#: Things a reader should never meet, with why.
PATTERNS = {
    "a reference-sheet id (e.g. A1, KZ25, JP12)": re.compile(r"\b(?:KZ|JP|RU|A|P|W|L|H|B)\d{1,2}[a-z]?\b"),
    "a path of this repository": re.compile(
        r"\bdata/(?:countries|sources|tables|assessments|competition|geo|employment|indicators|reference|regional)\b"
        r"|\bdata/\w+\.yaml\b|\bsrc/benchmark\b|\bshared/(?:data|reference|seed)\b|\bnotebooks/|\breports/"
        r"|\w+\.ipynb\b"
    ),
    "a text template's placeholder left unfilled (e.g. {country})": re.compile(r"\{[a-z_]+\}"),
    "a command line": re.compile(r"\bclusterbench\b|\.venv\b|\bpython -m\b|\bmake (?:briefs|test)\b|\bpip install\b"),
}


def internal_ids() -> set[str]:
    """Ids of the data a reader never needs: facts, programmes, open questions, sources, criteria, conflicts."""
    ids = set(load.load_sources())
    for iso3 in load.known_countries():
        cf = load.load_country(iso3)
        ids |= {f.id for f in cf.key_facts} | {q.id for q in cf.open_questions}
        for p in cf.programmes:
            ids |= {p.id, p.launch.id} | {f.id for f in p.key_facts} | {q.id for q in p.open_questions}
            ids |= {i.conflict for i in p.sourced_items() if i.conflict}
        ids |= {f.conflict for f in cf.key_facts if f.conflict}
    # Criterion codes (critical_mass ...) are left out on purpose: the competition brief shows them as the
    # codes a commission writes in its scoring sheet.
    return {i for i in ids if "_" in i}  # one-word ids ("governance") are ordinary words


def visible_text(page: str) -> str:
    """The text a reader sees: tags and styles removed, chart text (SVG) kept, entities decoded, web links dropped.

    Web addresses of sources are what a reader needs to find them, so they are not scanned.
    """
    page = re.sub(r"<style\b.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\b(?:https?://|www\.|github\.com/)\S+", " ", htmllib.unescape(page))


@pytest.fixture(scope="module")
def rendered(shipped_briefs) -> dict[str, str]:
    return {f"{name}.html": visible_text(p.read_text(encoding="utf-8")) for name, p in shipped_briefs.items()}


def test_no_internal_ids_in_any_brief(rendered):
    """A reader meets 'the 2017 digest', never kaz_2017_valid_applications or kidi_2017_news_digest_2."""
    ids = internal_ids()
    found = {}
    for name, text in rendered.items():
        words = set(re.findall(r"\b[a-z][a-z0-9_]*_[a-z0-9_]+\b", text))
        hits = sorted(words & ids)
        if hits:
            found[name] = hits
    assert found == {}


@pytest.mark.parametrize("what", list(PATTERNS))
def test_no_reference_ids_paths_or_commands_in_any_brief(rendered, what):
    """Reference-sheet numbers, file paths and build commands are notes for analysts, not for a brief's readers."""
    found = {}
    for name, text in rendered.items():
        hits = sorted({m.group(0) for m in PATTERNS[what].finditer(text)})
        if hits:
            found[name] = hits
    assert found == {}, what
