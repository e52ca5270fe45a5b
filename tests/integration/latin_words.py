"""Latin-script words a Russian or Kazakh reader meets in a brief, each with where it came from.

The visible text of a page is its HTML text nodes, the text of its SVG charts (``<text>``) and the
``title``, ``alt`` and ``aria-label`` attributes a pointer or a screen reader shows; ``<script>``,
``<style>`` and ``<code>`` are not read, nor anything inside an element marked as another language
(``lang="en"``: an original title or a quotation marked as such). Web addresses and e-mail are what a reader
needs to find a source, so they are not counted either. What is left is checked against the reviewed
allow-list (``latin_allowed.yaml``: proper names in their original form, with a reason each).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

ALLOW_FILE = Path(__file__).with_name("latin_allowed.yaml")

#: Elements that are never text for a reader.
_HIDDEN = {"script", "style", "code", "head"}
#: Elements without an end tag (HTML) and SVG shapes that close themselves.
_VOID = {"br", "img", "meta", "link", "input", "hr", "col", "wbr", "source", "area", "base", "embed", "param", "track"}
_ATTRS = ("title", "alt", "aria-label")
LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:kz|ru|com|org|net|gov|int|jp|eu|de|fr|es|kr|uk|by|info|tv)(?:/\S*)?"
    r"|\b[a-z0-9]+(?:-[a-z0-9]+){3,}\b"  # the slug of a web address quoted alone (kazakhstan-gotov-dat-3-mlrd-...)
)
#: A Latin-script word, accented letters included (pôles, Süd), so a French or German word is read whole.
_L = "A-Za-zÀ-ÖØ-öø-ÿ"
_WORD = re.compile(rf"[{_L}](?:[{_L}'’\-]*[{_L}])?")


@dataclass(frozen=True)
class Word:
    """One Latin-script word and its origin: the section (last heading) and the element it sits in."""

    word: str
    section: str
    element: str
    context: str


class _Reader(HTMLParser):
    def __init__(self, own_lang: str):
        super().__init__(convert_charrefs=True)
        self.own = own_lang
        self.stack: list[tuple[str, str, bool]] = []  # tag, label, hidden
        self.heading = ""
        self.in_heading: list[str] | None = None
        self.texts: list[tuple[str, str, str]] = []  # text, section, element

    def _hidden(self) -> bool:
        return any(h for _, _, h in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        lang = a.get("lang", "")
        hidden = tag in _HIDDEN or (lang not in ("", self.own) and not lang.startswith(self.own + "-"))
        label = tag + (f"#{a['id']}" if a.get("id") else "") + (f".{a['class'].split()[0]}" if a.get("class") else "")
        if not hidden and not self._hidden():
            for name in _ATTRS:
                if a.get(name):
                    self.texts.append((a[name], self.heading, f"{label}[{name}]"))
        if tag in _VOID or tag == "html":
            return
        self.stack.append((tag, label, hidden))
        if tag in ("h1", "h2", "h3", "h4"):
            self.in_heading = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4") and self.in_heading is not None:
            self.heading = re.sub(r"\s+", " ", "".join(self.in_heading)).strip()[:80]
            self.in_heading = None
        if not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._hidden():
            return
        if self.in_heading is not None:
            self.in_heading.append(data)
        if data.strip():
            element = " > ".join(label for _, label, _ in self.stack[-3:])
            self.texts.append((data, self.heading, element))


def visible_texts(page: str, lang: str) -> list[tuple[str, str, str]]:
    """(text, section, element) for every piece of text a reader of a ``lang`` page sees."""
    reader = _Reader(lang)
    reader.feed(page)
    reader.close()
    return reader.texts


def latin_words(page: str, lang: str, phrases: list[str] = ()) -> Iterator[Word]:
    """Every Latin-script word in the visible text of ``page``, web addresses, e-mail and ``phrases`` left out."""
    for text, section, element in visible_texts(page, lang):
        plain = LINK.sub(" ", text)
        for phrase in phrases:
            plain = plain.replace(phrase, " ")
        for m in _WORD.finditer(plain):
            context = re.sub(r"\s+", " ", plain[max(0, m.start() - 40) : m.end() + 40]).strip()
            yield Word(m.group(0), section, element, context)


def allowed() -> dict[str, object]:
    """The reviewed allow-list: words, section letters and units with the reason each is kept in Latin script."""
    return yaml.safe_load(ALLOW_FILE.read_text(encoding="utf-8"))


def is_allowed(word: str, allow: dict[str, object]) -> bool:
    """True for an acronym (two capitals or more), an OKED/NACE section letter, a unit or a listed proper name."""
    bare = word.strip("'’-")
    if len(bare) >= 2 and bare.replace("-", "").isupper():
        return True  # an acronym: OECD, METI, NACE, [EN]
    names = allow.get("names") or {}
    return bare in (allow.get("letters") or {}) or bare in (allow.get("units") or {}) or bare in names


def foreign_words(page: str, lang: str) -> list[Word]:
    """The Latin-script words of ``page`` that the allow-list does not explain (its phrases taken out first)."""
    allow = allowed()
    phrases = sorted(allow.get("phrases") or {}, key=len, reverse=True)
    return [w for w in latin_words(page, lang, phrases) if not is_allowed(w.word, allow)]


def report(found: list[Word], limit: int = 400) -> str:
    """Each word with its origin, grouped by section and element, for a failing test's message."""
    lines = []
    for w in found[:limit]:
        lines.append(f"  {w.word!r:24} in §{w.section or '(top)'} / {w.element}: …{w.context}…")
    more = f"\n  … and {len(found) - limit} more" if len(found) > limit else ""
    return "\n".join(lines) + more
