"""The citation kit every brief uses: numbered citations, status badges, fact values, the source list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..core.text import date as long_date
from ..core.text import number, phrases, t
from ..inputs.schemas import (
    UNTRANSLATED,
    Fact,
    Financing,
    OpenQuestion,
    Source,
    Sourced,
    Status,
    TableMeta,
    Text,
    in_lang,
    text_of,
)
from .display import Html, esc


class Citer:
    """Numbers sources consistently within one brief: ``cite("wb_2015_pad")`` -> ``[3]``, linked to the list.

    ``order`` is the brief's numbered source list. An id outside it (a user's file citing an unknown
    source, say) is shown as ``[id]`` without a link rather than stopping the brief.
    """

    def __init__(self, order: Iterable[str]):
        self.order = list(dict.fromkeys(order))
        self._index = {sid: i for i, sid in enumerate(self.order)}
        self._notes: dict[int, tuple[int, Sourced]] = {}

    def claim(self, item: Sourced, lang: str = "en", status: bool = True) -> str:
        """Every source of a claim as [n], its status when not verified, and a link to its note and quote.

        The note (a caveat, a translation) and the quote (the source's words) are listed in the brief's
        "Notes on the figures" (:func:`notes_section`), numbered in the order claims appear.
        """
        out = " " + " ".join(self(s) for s in item.all_sources)
        if status and item.status is not Status.verified:
            out += " " + badge(item.status, lang)
        if item.note or item.quote or any(s.quote or s.note for s in item.also):
            first = id(item) not in self._notes
            n = self.footnote(item)
            anchor = f' id="fnref-{n}"' if first else ""  # the note links back to the first mention
            out += f' <sup class="cb-fn"><a href="#fn-{n}"{anchor}>{esc(t("brief.note_marker", lang, n=n))}</a></sup>'
        return out

    def footnote(self, item: Sourced) -> int:
        """The number of ``item``'s note in the brief (registered on first use)."""
        key = id(item)
        if key not in self._notes:
            self._notes[key] = (len(self._notes) + 1, item)
        return self._notes[key][0]

    def notes(self) -> list[tuple[int, Sourced]]:
        """The notes registered so far, in number order."""
        return sorted(self._notes.values(), key=lambda x: x[0])

    def number(self, source_id: str) -> int | None:
        """The source's number in the list (1-based), or None when the brief does not list it."""
        i = self._index.get(source_id)
        return None if i is None else i + 1

    def plain(self, source_id: str) -> str:
        """The citation as text (for chart captions drawn inside SVG)."""
        n = self.number(source_id)
        return f"[{n}]" if n else f"[{source_id}]"

    def __call__(self, source_id: str) -> str:
        n = self.number(source_id)
        if n is None:
            return f'<span class="cb-src">[{esc(source_id)}]</span>'
        return f'<a class="cb-src" href="#src-{esc(source_id)}">[{n}]</a>'

    def sort_key(self, source_id: str) -> int:
        """Position of a source in the list (unknown ids last), for ordering citations."""
        return self._index.get(source_id, len(self.order))


def badge(status: Status | str, lang: str = "en") -> str:
    """A small coloured label with a fact's status."""
    s = status.value if isinstance(status, Status) else status
    return f'<span class="cb-status cb-status-{s}">{esc(t(f"brief.status_{s}", lang))}</span>'


def sourced(item: Sourced, cite: Citer, lang: str) -> str:
    """Every citation of a claim, its status unless verified, and a link to its note (see :meth:`Citer.claim`)."""
    return cite.claim(item, lang)


def claim_label(item: Sourced, lang: str) -> str:
    """What a claim is about, in words (a fact's label, a phase's name, what an amount covers, a result)."""
    for attr in ("label", "name", "covers", "text"):
        value = getattr(item, attr, None)
        if value:
            return text_of(value, lang)
    return ""


#: A fact or an open question an analyst may cite by id, with its kind ("fact" or "open_question").
Citable = tuple[str, Fact | OpenQuestion]


def cite_ids(
    ids: Iterable[str],
    citable: Mapping[str, Citable],
    sources: Mapping[str, Source],
    cite: Citer,
    lang: str = "en",
) -> str:
    """Citations of ids an analyst wrote: a source as [n]; a fact as its label and value [n] with its status;
    an open question as such. ``citable`` maps fact and open-question ids to ``(kind, record)``."""
    ids = list(ids)
    parts = []
    fact_sources = {citable[c][1].source for c in ids if c in citable and citable[c][1].source}
    for c in ids:
        if c in sources:
            if c not in fact_sources:  # already cited beside a fact of this list: no bare "[5]; [5]"
                parts.append(cite(c))
        elif c in citable:
            _kind, rec = citable[c]
            if isinstance(rec, Fact):
                parts.append(f"{esc(text_of(rec.label, lang))}: {esc(fact_value(rec, lang))}{cite.claim(rec, lang)}")
            else:
                ref = f" {cite(rec.source)}" if rec.source else ""
                parts.append(
                    f'<span class="cb-na">{esc(t("compare.open_question_prefix", lang))} '
                    f"{esc(text_of(rec.question, lang))}</span>{ref}"
                )
        else:
            parts.append(esc(c))
    return "; ".join(parts)


def cited_by(ids: Iterable[str], citable: Mapping[str, Citable], sources: Mapping[str, Source]) -> list[str]:
    """The source ids behind ``ids`` (sources themselves, and the sources of the facts and questions named)."""
    out: list[str] = []
    for c in ids:
        if c in sources:
            out.append(c)
        elif c in citable:
            rec = citable[c][1]
            out.extend(getattr(rec, "all_sources", [rec.source] if getattr(rec, "source", None) else []))
    return out


def _unquoted(quote: str) -> str:
    """A quote without the quotation marks its source put around it (the page adds its language's own)."""
    q = quote.strip()
    for left, right in ("«»", '""', "“”", "„“"):
        if len(q) > 1 and q[0] == left and q[-1] == right and q.count(left) == 1:
            return q[1:-1]
    return q


def notes_section(cite: Citer, sources: Mapping[str, Source], lang: str = "en") -> Html:
    """The notes and quotes behind the figures, numbered as their markers in the brief ('' when none)."""
    items = []
    for n, item in cite.notes():
        bits = [f"<b>{esc(claim_label(item, lang))}</b>"]
        gloss = in_lang(getattr(item, "quote_translated", None) or {}, lang)
        worded = getattr(item, "quote_language", None)
        quotes: list[tuple[str, str | None, Any, str | None, str | None]] = [
            (item.source, item.quote, None, gloss, worded)
        ]
        quotes += [(s.source, s.quote, s.note, in_lang(s.quote_translated, lang), s.quote_language) for s in item.also]
        for sid, quote, part, glossed, worded in quotes:
            if quote:
                src = sources.get(sid)
                said_in = worded or (src.language if src else None)
                lang_attr = f' lang="{esc(said_in)}"' if said_in else ""
                said = f" [{esc(glossed)}]" if glossed and said_in != lang else ""
                bits.append(f"<q{lang_attr}>{esc(_unquoted(quote))}</q>{said} {cite(sid)}")
            if part:
                bits.append(f"{esc(text_of(part, lang))} {cite(sid)}")
        if item.note:
            bits.append(esc(text_of(item.note, lang)))
        items.append(f'<li id="fn-{n}" value="{n}">{" — ".join(bits)} <a href="#fnref-{n}" class="cb-back">↩</a></li>')
    if not items:
        return Html("")
    return Html(
        f"<h2>{esc(t('brief.notes', lang))}</h2><p>{esc(t('brief.notes_intro', lang))}</p>"
        f'<ol class="cb-notes">{"".join(items)}</ol>'
    )


def ul(items: list[Text], lang: str) -> str:
    """An HTML list of text fields ('' for none)."""
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{esc(text_of(i, lang))}</li>" for i in items) + "</ul>"


def num(value: float | int, lang: str = "en", digits: int | None = None) -> str:
    """A number as the briefs print it in ``lang``: thousands separated, no trailing zeros (1,234.5 or 1 234,5)."""
    return number(value, lang, digits)


def significant(value: float, lang: str = "en", figures: int = 3) -> str:
    """A small number to ``figures`` significant digits in ``lang`` (``0.0017``, ``0,0017``)."""
    if not value:
        return "0"
    text = f"{value:.{figures}g}"
    if "e" in text:
        text = f"{value:.{figures + 6}f}".rstrip("0")
    return text.replace(".", decimal_symbol(lang)) if "." in text else text


def decimal_symbol(lang: str) -> str:
    """The decimal separator of ``lang`` (``.`` or ``,``)."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(lang)


def day(value, lang: str = "en") -> str:
    """A date as a brief shows it: ISO in English (unambiguous to every reader), written out in Russian and Kazakh."""
    return value.isoformat() if lang == "en" else long_date(value, lang)


def fact_value(f: Fact, lang: str = "en") -> str:
    """How a fact's value is printed: its ``display`` text, else the number with its unit."""
    if f.display:
        return text_of(f.display, lang)
    if f.date and str(f.value) == f.date.isoformat():
        return day(f.date, lang)
    is_year = isinstance(f.value, int) and not f.unit and 1800 <= f.value <= 2100
    v = str(f.value) if is_year or not isinstance(f.value, (int, float)) else num(f.value, lang)
    return f"{v} {text_of(f.unit, lang)}" if f.unit else v


def financing_text(fin: Financing, lang: str = "en") -> str:
    """One financing entry as text: amount, currency, years, what it covers."""
    if fin.display:
        amount = text_of(fin.display, lang)
    elif fin.amount is None:
        amount = t("brief.not_available", lang)
    else:
        amount = f"{num(fin.amount, lang)} {fin.currency}"
    years = ""
    if fin.year_start:
        years = f"{fin.year_start}" + (f"–{fin.year_end}" if fin.year_end and fin.year_end != fin.year_start else "")
    # an amount per unit whose display says per what (e.g. "per applicant") needs no "each" after it
    per = "" if fin.per == "total" or (fin.per == "unit" and fin.display) else " " + t(f"brief.per_{fin.per}", lang)
    bits = [amount + per, years, text_of(fin.covers, lang)]
    return "; ".join(b for b in bits if b)


def source_title(source: Source, lang: str = "en") -> str:
    """A source's title as HTML: in its own language (marked as such for screen readers and the language
    checks), followed by its translation into ``lang`` in brackets where the data give one."""
    original = esc(source.title)
    if source.language != lang:
        original = f'<span lang="{esc(source.language)}">{original}</span>'
    translated = in_lang(source.title_translated, lang) if source.language != lang else None
    return f"{original} [{esc(translated)}]" if translated else original


def publisher_html(source: Source, lang: str = "en") -> str:
    """A source's publisher as HTML in ``lang``; a name kept in Latin script (no name given in ``lang``) is
    marked as the language it is written in, so a reader and a screen reader take it as a name in its own form."""
    name = esc(source.publisher_for(lang))
    own = not isinstance(source.publisher, str) and lang in source.publisher
    if lang == "en" or own or any("\u0400" <= ch <= "\u04ff" for ch in name):
        return name
    written = source.language if source.language not in ("ru", "kk") else "en"
    return f'<span lang="{esc(written)}">{name}</span>'


def licence_text(licence: str, lang: str = "en") -> str:
    """A source's licence line as HTML in ``lang``: each of its "; "-separated parts translated where
    ``locales/<lang>/licences.yaml`` knows it, else kept in English and marked so."""
    if lang == "en":
        return esc(licence)
    known = phrases("licences", lang)
    parts = [known.get(part.strip()) for part in licence.split(";")]
    return "; ".join(
        esc(mine) if mine else f'<span lang="en">{esc(part.strip())}</span>'
        for mine, part in zip(parts, licence.split(";"))
    )


def table_labels(meta: TableMeta, df, label_col: str, lang: str = "en") -> list[str]:
    """A curated table's row labels in ``lang``: a region by its 2017 code's name, others from the sidecar's
    ``labels`` (the English of the source, marked [EN], where the sidecar has none)."""
    if "iso_3166_2_2017" in df.columns:
        from ..inputs.regional import names_2017

        names = names_2017(lang)
        return [names.get(code, label) for code, label in zip(df["iso_3166_2_2017"], df[label_col])]
    if lang == "en":
        return [str(label) for label in df[label_col]]
    return [in_lang(meta.labels.get(str(x), {}), lang) or f"{UNTRANSLATED} {x}" for x in df[label_col]]


def sentences(parts: Iterable[str]) -> str:
    """Parts joined as sentences ("A. B."), without a second full stop after a part that ends in one
    (a Russian date ends in "г.", an abbreviation in ".")."""
    out = ""
    for part in parts:
        if out:
            out += " " if out.endswith(".") else ". "
        out += part
    return out if out.endswith(".") else out + "."


def source_list(
    ids: Iterable[str], sources: Mapping[str, Source], lang: str = "en", heading: str | None = None
) -> Html:
    """A numbered list of sources (title, publisher, year, URL, access date, licence)."""
    items = []
    for sid in ids:
        s = sources[sid]
        bits = [f"<b>{source_title(s, lang)}</b>", publisher_html(s, lang)]
        if s.year:
            bits.append(str(s.year) + (f" ({esc(text_of(s.year_note, lang))})" if s.year_note else ""))
        if s.url:
            bits.append(f'<a class="cb-url" href="{esc(s.url)}">{esc(s.url)}</a>')
        if s.date_accessed:
            bits.append(f"{esc(t('brief.accessed', lang))} {day(s.date_accessed, lang)}")
        bits.append(f"{esc(t('brief.licence', lang))}: {licence_text(s.licence, lang)}")
        items.append(f'<li id="src-{esc(sid)}">{sentences(bits)}</li>')
    heading = heading if heading is not None else t("brief.sources", lang)
    return Html(f'<h2>{esc(heading)}</h2><ol class="cb-sources">{"".join(items)}</ol>')
