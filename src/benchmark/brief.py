"""Sections of the country brief: each function fills one section and returns something displayable."""

from __future__ import annotations

from collections import OrderedDict

from . import load
from .countries import country_name
from .display import Chart, Html, esc, new_figure, table_html, year_axis
from .schemas import CountryFile, Fact, Financing, Programme, Sourced, Status, Text, text_of
from .text import t


# --- citation helpers -----------------------------------------------------------------------------


def cited_sources(country: str, programme: str | None = None) -> list[str]:
    """Source ids a country brief cites, in order of first use (the numbering of the source list)."""
    cf = load.load_country(country)
    ids: list[str] = list(cf.summary_sources)
    for f in cf.key_facts:
        ids.append(f.source)
    for name in load.tables_for(country):
        ids.append(load.load_table(name)[0].source)
    for q in cf.open_questions:
        if q.source:
            ids.append(q.source)
    for p in _programmes(cf, programme):
        ids.extend(p.sources)
        ids.extend(i.source for i in p.sourced_items())
        ids.extend(lsn.source for lsn in p.lessons)
        ids.extend(q.source for q in p.open_questions if q.source)
    return list(OrderedDict.fromkeys(ids))


def _programmes(cf: CountryFile, programme: str | None) -> list[Programme]:
    if programme is None:
        return list(cf.programmes)
    found = [p for p in cf.programmes if p.id == programme]
    if not found:
        from .errors import UserError

        raise UserError(f"unknown programme {programme!r} for {cf.country}; known: "
                        + ", ".join(p.id for p in cf.programmes))
    return found


class Citer:
    """Numbers sources consistently within one brief: ``cite("wb_2015_pad")`` -> ``[3]``, linked to the list.

    ``order`` is the brief's numbered source list. An id outside it (a user's file citing an unknown
    source, say) is shown as ``[id]`` without a link rather than stopping the brief.
    """

    def __init__(self, order: list[str]):
        self.order = list(order)

    @classmethod
    def for_country(cls, country: str, programme: str | None = None) -> "Citer":
        """The citer of a country brief."""
        return cls(cited_sources(country, programme))

    def plain(self, source_id: str) -> str:
        """The citation as text (for chart captions drawn inside SVG)."""
        return f"[{self.order.index(source_id) + 1}]" if source_id in self.order else f"[{source_id}]"

    def __call__(self, source_id: str) -> str:
        if source_id not in self.order:
            return f'<span class="cb-src">[{esc(source_id)}]</span>'
        n = self.order.index(source_id) + 1
        return f'<a class="cb-src" href="#src-{esc(source_id)}">[{n}]</a>'


def badge(status: Status | str, lang: str = "en") -> str:
    """A small coloured label with a fact's status."""
    s = status.value if isinstance(status, Status) else status
    return f'<span class="cb-status cb-status-{s}">{esc(t(f"brief.status_{s}", lang))}</span>'


def _sourced(item: Sourced, cite: Citer, lang: str) -> str:
    """Citation, status label and (for not fully verified facts) a caveat."""
    out = f" {cite(item.source)}"
    if item.status is not Status.verified:
        out += " " + badge(item.status, lang)
    return out


def _ul(items: list[Text], lang: str) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{esc(text_of(i, lang))}</li>" for i in items) + "</ul>"


def _num(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def fact_value(f: Fact, lang: str = "en") -> str:
    """How a fact's value is printed: its ``display`` text, else the number with its unit."""
    if f.display:
        return text_of(f.display, lang)
    is_year = isinstance(f.value, int) and not f.unit and 1800 <= f.value <= 2100
    v = str(f.value) if is_year or not isinstance(f.value, (int, float)) else _num(f.value)
    return f"{v} {f.unit}" if f.unit else v


def financing_text(fin: Financing, lang: str = "en") -> str:
    """One financing entry as text: amount, currency, years, what it covers."""
    if fin.display:
        amount = text_of(fin.display, lang)
    elif fin.amount is None:
        amount = t("brief.not_available", lang)
    else:
        amount = f"{_num(fin.amount)} {fin.currency}"
    years = ""
    if fin.year_start:
        years = f"{fin.year_start}" + (f"–{fin.year_end}" if fin.year_end and fin.year_end != fin.year_start else "")
    per = "" if fin.per == "total" else " " + t(f"brief.per_{fin.per}", lang)
    bits = [amount + per, years, text_of(fin.covers, lang)]
    return "; ".join(b for b in bits if b)


# --- sections -------------------------------------------------------------------------------------


def title(country: str, lang: str = "en") -> str:
    """The brief's title."""
    return t("brief.title", lang, country=country_name(country, lang))


def overview(country: str, lang: str = "en") -> Html:
    """Overview: the country's summary with its sources."""
    cf = load.load_country(country)
    cite = Citer.for_country(country)
    refs = " ".join(cite(s) for s in cf.summary_sources)
    return Html(f"<h2>{esc(t('brief.overview', lang))}</h2><p>{esc(text_of(cf.summary, lang))} {refs}</p>")


def glance_rows(p: Programme, cite: Citer, lang: str = "en") -> list[tuple[str, str]]:
    """The 'policy at a glance' fields of one programme as (label, HTML) rows."""
    from .stip import label_of

    level = t("brief.level_national", lang) if p.level == "national" else \
        t("brief.level_regional", lang, region=text_of(p.region, lang))
    period = f"{p.start_year}–{p.end_year}" if p.end_year else f"{p.start_year}– ({t('brief.end_unknown', lang)})"
    phases = "<ul>" + "".join(
        f"<li><b>{esc(text_of(ph.name, lang))}</b> ({_years(ph.start, ph.end)}): {esc(text_of(ph.focus, lang))}"
        f"{_sourced(ph, cite, lang)}</li>" for ph in p.phases) + "</ul>" if p.phases else ""
    financing = "<ul>" + "".join(
        f"<li>{esc(financing_text(f, lang))}{_sourced(f, cite, lang)}</li>" for f in p.financing
    ) + "</ul>" if p.financing else f'<span class="cb-na">{esc(t("brief.not_available", lang))}</span>'
    results = "<ul>" + "".join(
        f"<li>{esc(text_of(r.text, lang))}{_sourced(r, cite, lang)}</li>" for r in p.results) + "</ul>" \
        if p.results else ""
    rows = [
        ("field_title", esc(text_of(p.title, lang))),
        ("field_country", esc(country_name(p.country, lang)) + f" · {esc(level)}"),
        ("field_managing_authorities", _ul(p.managing_authorities, lang)),
        ("field_operators", _ul(p.operators, lang)),
        ("field_beneficiaries", _ul(p.beneficiaries, lang)),
        ("field_target_groups", esc("; ".join(label_of(c) for c in p.target_groups))),
        ("field_launch", esc(fact_value(p.launch, lang)) + _sourced(p.launch, cite, lang)),
        ("field_period", esc(period)),
        ("field_phases", phases),
        ("field_objectives", _ul(p.objectives, lang)),
        ("field_action_lines", _ul(p.action_lines, lang)),
        ("field_instruments", esc("; ".join(label_of(c) for c in p.instruments))),
        ("field_financing", financing),
        ("field_main_sectors", _ul(p.main_sectors, lang)),
        ("field_results", results),
        ("field_notes", _ul(p.notes, lang)),
        ("field_sources", " ".join(cite(s) for s in sorted(p.sources, key=cite.order.index))),
    ]
    return [(t(f"brief.{k}", lang), v) for k, v in rows if v]


def at_a_glance(country: str, programme: str | None = None, lang: str = "en") -> Html:
    """'Policy at a glance' table for each programme of the country (or one programme)."""
    cf = load.load_country(country)
    cite = Citer.for_country(country, programme)
    parts = []
    for p in _programmes(cf, programme):
        rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in glance_rows(p, cite, lang))
        parts.append(f"<h2>{esc(t('brief.at_a_glance', lang, programme=text_of(p.title, lang)))}</h2>"
                     f'<table class="cb-glance" id="prog-{esc(p.id)}"><tbody>{rows}</tbody></table>')
    return Html("".join(parts))


def timeline(country: str, programme: str | None = None, lang: str = "en") -> Chart:
    """A timeline chart of the country's programmes and their phases."""
    cf = load.load_country(country)
    progs = _programmes(cf, programme)
    rows: list[tuple[str, int, int, bool]] = []  # label, start, end, is_phase
    for p in progs:
        rows.append((text_of(p.title, lang), p.start_year, p.end_year or _open_end(p), False))
        for ph in p.phases:
            rows.append(("   " + text_of(ph.name, lang), ph.start, ph.end or ph.start, True))
    fig, ax = new_figure(9, 0.45 * len(rows) + 1.2)
    for i, (label, start, end, is_phase) in enumerate(rows):
        ax.barh(i, end - start + 1, left=start, height=0.6 if not is_phase else 0.4,
                color="#9ecae1" if is_phase else "#0b5394")
        ax.text(end + 1.2, i, _years(start, end), va="center", fontsize=8, color="#59636e")
    ax.set_yticks(range(len(rows)), [_wrap(r[0], 48) for r in rows], fontsize=8)
    ax.invert_yaxis()
    lo = min(r[1] for r in rows)
    hi = max(r[2] for r in rows)
    year_axis(ax, lo, hi, t("brief.timeline_xlabel", lang), room=6)
    alt = t("brief.timeline_alt", lang, country=country_name(country, lang))
    chart = Chart.from_figure(fig, alt=alt, caption=esc(t("brief.timeline_caption", lang)))
    return _titled(t("brief.timeline", lang), chart)


def _years(start: int, end: int | None) -> str:
    return str(start) if end is None or end == start else f"{start}–{end}"


def _open_end(p: Programme) -> int:
    ends = [ph.end or ph.start for ph in p.phases]
    return max([p.start_year, *ends])


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _titled(heading: str, chart: Chart) -> Html:
    return Html(f"<h2>{esc(heading)}</h2>{chart._repr_html_()}")


def figure_tables(country: str, lang: str = "en") -> Html:
    """Charts of the curated tables about the country (clusters by sector, applications by region)."""
    names = load.tables_for(country)
    cite = Citer.for_country(country)
    sources = load.load_sources()
    parts = [f"<h2>{esc(t('brief.tables', lang))}</h2>"]
    if not names:
        parts.append(f'<p class="cb-na">{esc(t("brief.no_tables", lang))}</p>')
    for name in names:
        meta, df = load.load_table(name)
        label_col, value_col = meta.columns[0].name, meta.columns[-1].name
        values = df[value_col].astype(float)
        labels = df[label_col].tolist()
        fig, ax = new_figure(8, 0.32 * len(df) + 1.2)
        ax.barh(range(len(df)), values, color="#0b5394")
        for i, v in enumerate(values):
            ax.text(v + values.max() * 0.01, i, _num(v), va="center", fontsize=8)
        ax.set_yticks(range(len(df)), labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(meta.unit)
        if all(float(v).is_integer() for v in values):
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(t("brief.table_title", lang, title=text_of(meta.title, lang), total=_num(values.sum())),
                     loc="left")
        src = sources[meta.source]
        ref = cite(meta.source)
        notes = " ".join(esc(text_of(n, lang)) for n in meta.notes)
        caption = (f"{esc(t('brief.table_caption', lang, source=src.title, notes=''))}{ref} "
                   f"{badge(meta.status, lang)} {notes}")
        parts.append(Chart.from_figure(fig, alt=text_of(meta.title, lang), caption=caption)._repr_html_())
    return Html("".join(parts))


def _all_facts(cf: CountryFile, programme: str | None) -> list[tuple[Programme | None, Fact]]:
    out: list[tuple[Programme | None, Fact]] = [(None, f) for f in cf.key_facts]
    for p in _programmes(cf, programme):
        out.extend((p, f) for f in p.key_facts)
    return out


def key_figures(country: str, programme: str | None = None, lang: str = "en") -> Html:
    """Key figures with date, status and source; conflicting figures shown together, not as settled."""
    cf = load.load_country(country)
    cite = Citer.for_country(country, programme)
    facts = _all_facts(cf, programme)
    rows = []
    groups: OrderedDict[str, list[Fact]] = OrderedDict()
    for _, f in facts:
        if f.conflict:
            groups.setdefault(f.conflict, []).append(f)
            continue
        when = f.date.isoformat() if f.date else (str(f.year) if f.year else "")
        rows.append([esc(text_of(f.label, lang)), esc(fact_value(f, lang)), f'<span class="cb-date">{esc(when)}</span>',
                     badge(f.status, lang), cite(f.source)])
    head = [t(f"brief.{k}", lang) for k in ("kf_figure", "kf_value", "kf_when", "kf_status", "kf_source")]
    html = f"<h2>{esc(t('brief.key_figures', lang))}</h2>" + table_html(head, rows, escape=False)
    if groups:
        html += f"<h3>{esc(t('brief.conflicts', lang))}</h3><p>{esc(t('brief.conflict_intro', lang))}</p>"
        for gid, fs in groups.items():
            items = "".join(
                f"<li><b>{esc(fact_value(f, lang))}</b> — {esc(text_of(f.label, lang))}"
                f"{' (' + esc(text_of(f.note, lang)) + ')' if f.note else ''} {cite(f.source)}</li>" for f in fs)
            html += f'<div class="cb-conflict" id="conflict-{esc(gid)}"><ul>{items}</ul></div>'
    return Html(html)


def open_questions(country: str, programme: str | None = None, lang: str = "en") -> Html:
    """What is not yet known: facts looked for and not found, with what is known so far."""
    cf = load.load_country(country)
    cite = Citer.for_country(country, programme)
    qs = list(cf.open_questions) + [q for p in _programmes(cf, programme) for q in p.open_questions]
    if not qs:
        return Html("")
    items = []
    for q in qs:
        known = ""
        if q.known:
            ref = f" {cite(q.source)}" if q.source else ""
            known = f"<br><i>{esc(t('brief.known_so_far', lang))}</i> {esc(text_of(q.known, lang))}{ref}"
        items.append(f'<li id="open-{esc(q.id)}">{esc(text_of(q.question, lang))}{known}</li>')
    return Html(f"<h2>{esc(t('brief.open_questions', lang))}</h2><div class=\"cb-open\">"
                f"<p>{esc(t('brief.open_intro', lang))}</p><ul>{''.join(items)}</ul></div>")


def lessons(country: str, programme: str | None = None, lang: str = "en") -> Html:
    """Lessons learned from the country's programmes, with sources."""
    cf = load.load_country(country)
    cite = Citer.for_country(country, programme)
    items = [f"<li><b>{esc(text_of(lsn.title, lang))}.</b> {esc(text_of(lsn.text, lang))} {cite(lsn.source)}</li>"
             for p in _programmes(cf, programme) for lsn in p.lessons]
    if not items:
        return Html("")
    return Html(f"<h2>{esc(t('brief.lessons', lang))}</h2><ol>{''.join(items)}</ol>")


def source_list(ids: list[str], lang: str = "en") -> Html:
    """A numbered list of sources (title, publisher, year, URL, access date, licence)."""
    sources = load.load_sources()
    items = []
    for sid in ids:
        s = sources[sid]
        bits = [f"<b>{esc(s.title)}</b>", esc(s.publisher)]
        if s.year:
            bits.append(str(s.year) + (f" ({esc(s.year_note)})" if s.year_note else ""))
        if s.url:
            bits.append(f'<a href="{esc(s.url)}">{esc(s.url)}</a>')
        if s.date_accessed:
            bits.append(f"{esc(t('brief.accessed', lang))} {s.date_accessed.isoformat()}")
        bits.append(f"{esc(t('brief.licence', lang))}: {esc(s.licence)}")
        items.append(f'<li id="src-{esc(sid)}">{". ".join(bits)}.</li>')
    return Html(f"<h2>{esc(t('brief.sources', lang))}</h2><ol class=\"cb-sources\">{''.join(items)}</ol>")


def sources(country: str, programme: str | None = None, lang: str = "en") -> Html:
    """The numbered list of every source the country brief cites."""
    return source_list(cited_sources(country, programme), lang)
