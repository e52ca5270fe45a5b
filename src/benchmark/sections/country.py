"""Sections of the country brief: :func:`prepare` turns the parameters into a context; each section fills one part.

A notebook calls ``ctx = country.prepare(country, programme, lang=lang)`` once, then one section per
cell (``country.overview(ctx)``, ``country.at_a_glance(ctx)``, ...). Each returns something displayable.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..core.errors import UserError
from ..core.text import check_lang, t
from ..inputs import geo, load, regional
from ..inputs import key_messages as written_messages
from ..inputs.countries import country_name
from ..inputs.schemas import (
    BriefMessages,
    CountryFile,
    Fact,
    OpenQuestion,
    Programme,
    Source,
    TableMeta,
    text_of,
)
from ..inputs.stip import label_of
from . import key_messages as km
from . import timelines
from .citations import (
    Citable,
    Citer,
    badge,
    day,
    fact_value,
    financing_text,
    notes_section,
    num,
    source_list,
    sourced,
    table_labels,
    ul,
)
from .display import Chart, ChartData, Html, esc, new_figure, table_html

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class CountryContext:
    """Everything a country brief shows, loaded and checked once: the country file, its tables and sources."""

    country: str
    programme: str | None
    lang: str
    data: CountryFile
    programmes: tuple[Programme, ...]
    tables: tuple[tuple[str, TableMeta, pd.DataFrame], ...]  # (name, sidecar, DataFrame) of the country's tables
    sources: Mapping[str, Source]
    cite: Citer
    written: BriefMessages | None = None  # the analyst's key messages for this brief, if any

    @property
    def name(self) -> str:
        """The country's name in the brief's language."""
        return country_name(self.country, self.lang)

    def facts(self) -> list[tuple[Programme | None, Fact]]:
        """The key facts in scope: the country's, then each programme's (with the programme)."""
        out: list[tuple[Programme | None, Fact]] = [(None, f) for f in self.data.key_facts]
        for p in self.programmes:
            out.extend((p, f) for f in p.key_facts)
        return out

    def open_questions(self) -> list[OpenQuestion]:
        """What is not yet known: the country's open questions, then the programmes'."""
        return list(self.data.open_questions) + [q for p in self.programmes for q in p.open_questions]


def _select(cf: CountryFile, programme: str | None) -> tuple[Programme, ...]:
    if programme is None:
        return tuple(cf.programmes)
    found = tuple(p for p in cf.programmes if p.id == programme)
    if not found:
        raise UserError(
            f"unknown programme {programme!r} for {cf.country}; known: " + ", ".join(p.id for p in cf.programmes)
        )
    return found


def cited_sources(cf: CountryFile, programmes: tuple[Programme, ...], tables) -> list[str]:
    """Source ids a country brief cites, in order of first use (the numbering of the source list)."""
    ids: list[str] = list(cf.summary_sources)
    ids.extend(s for f in cf.key_facts for s in f.all_sources)
    ids.extend(meta.source for _, meta, _ in tables)
    if cf.country == regional.COUNTRY:  # the regional specialisation section: BNS tables, ECO method, boundaries
        from .regional_findings import cited_sources as regional_sources

        ids.extend([*regional_sources(), geo.GEO_SOURCE])
    ids.extend(q.source for q in cf.open_questions if q.source)
    for p in programmes:
        ids.extend(p.sources)
        ids.extend(s for i in p.sourced_items() for s in i.all_sources)
        ids.extend(lsn.source for lsn in p.lessons)
        ids.extend(q.source for q in p.open_questions if q.source)
    return list(OrderedDict.fromkeys(ids))


def prepare(country: str, programme: str | None = None, lang: str = "en") -> CountryContext:
    """Check the brief's parameters and load what it shows (once); a bad parameter is reported here.

    Raises:
        UserError: unknown country code or programme id, or a data file that does not validate.
    """
    check_lang(lang)
    iso3 = load.country_code(country)
    cf = load.load_country(iso3)
    programmes = _select(cf, programme)
    tables = tuple((name, *load.load_table(name)) for name in load.tables_for(iso3))
    written = written_messages.for_brief(written_messages.brief_key("country", iso3, programme=programme))
    ctx = CountryContext(iso3, programme, lang, cf, programmes, tables, load.load_sources(), Citer([]), written)
    first = km.sources_of(messages(ctx))  # the key messages come first: their sources are numbered first
    return replace(ctx, cite=Citer([*first, *cited_sources(cf, programmes, tables)]))


# --- key messages ---------------------------------------------------------------------------------

#: At most this many headline figures in the key messages (the first page holds about five messages).
MAX_HEADLINES = 4


def _when_of(f: Fact) -> tuple[int, int]:
    """Sort key of a dated fact: (year, day of year); undated facts first."""
    if f.date:
        return f.date.year, f.date.timetuple().tm_yday
    return (f.year or 0), 0


def headline_facts(ctx: CountryContext) -> list[Fact]:
    """The facts the key messages lead with: those marked ``headline``, else the first settled numbers."""
    facts = [f for _, f in ctx.facts()]
    marked = [f for f in facts if f.headline]
    if marked:
        return marked[:MAX_HEADLINES]
    settled = [
        f
        for f in facts
        if isinstance(f.value, (int, float))
        and f.status.value in ("verified", "secondary")
        and not f.conflict
        and f.unit  # a count or an amount, not a bare year
    ]
    return settled[:3]


def messages(ctx: CountryContext) -> list[km.Message]:
    """The key messages: the analyst's for this brief, or findings drawn from the data (at most five).

    Generated, by the rules of ``docs/key_messages.md``, each a finding with what it means and the claims
    that carry it: which programmes state a budget; how much of the evidence is verified; where sources
    disagree; what is not known that blocks an evaluation; and the regional findings (Kazakhstan).
    """
    lang = ctx.lang
    if ctx.written is not None:
        citable: dict[str, Citable] = {f.id: ("fact", f) for _, f in ctx.facts()}
        citable.update({q.id: ("open_question", q) for q in ctx.open_questions()})
        return km.from_analyst(ctx.written, citable, ctx.sources, lang)
    found = [_budget_message(ctx)]
    if ctx.country == regional.COUNTRY:  # the regional section's first findings (sections.regional_findings)
        from .regional_findings import key_messages as regional_messages

        found += regional_messages(lang, ctx.sources)
    found += [_open_message(ctx), _conflict_message(ctx), _evidence_message(ctx)]
    return [m for m in found if m is not None][: km.MAX_MESSAGES]


def _budget_message(ctx: CountryContext) -> km.Message | None:
    """Rule 1: which programmes state a budget, the first one's amount; without budgets no cost can be compared."""
    lang, progs = ctx.lang, ctx.programmes
    budgeted = [(p, p.financing[0]) for p in progs if p.financing]
    if not progs:
        return None
    one = "_one" if len(progs) == 1 else ""  # a country with one programme: no "all 1 programmes", no "others"
    if not budgeted:
        so = t(f"brief.km_budget_so{one}", lang, country=ctx.name)
        return km.Message(t(f"brief.km_budget_none{one}", lang, n=len(progs)), (so,))
    p, fin = budgeted[0]
    key = f"brief.km_budget_all{one}" if len(budgeted) == len(progs) else "brief.km_budget_some"
    lead = t(key, lang, k=len(budgeted), n=len(progs), amount=_amount(fin, lang))
    lead += " " + t("brief.km_budget_for", lang, programme=short_title(p, lang))
    so = "brief.km_budget_all_so" if len(budgeted) == len(progs) else "brief.km_budget_so"
    return km.Message(lead, (fin, " " + t(so, lang, country=ctx.name)))


def _amount(fin, lang: str) -> str:
    """A budget in a sentence: the amount in millions with its currency, year and what it pays for."""
    if fin.display or fin.amount is None:  # its first clause, with the bracket it opened closed
        first = financing_text(fin, lang).split(";")[0]
        return first + ")" * (first.count("(") - first.count(")"))
    amount = t("brief.km_amount", lang, amount=num(fin.amount / 1e6, lang), currency=fin.currency)
    year = f" ({fin.year_start})" if fin.year_start else ""
    return f"{amount}{year}, {t(f'compare.scope_{fin.scope}', lang)}"


def short_title(p: Programme, lang: str, width: int = 70) -> str:
    """A programme's title for a sentence: its name, before the dash that starts a description ("Territorial
    Clusters in Kazakhstan — cluster work of the World Bank-funded …"). A name longer than ``width`` drops its
    bracketed part, then is cut at a word (never inside a hyphenated one: "World Bank- …")."""
    name = text_of(p.title, lang).split(" — ", 1)[0]
    if len(name) > width and name.find("(") > 0:  # too long: without its bracketed part, not cut inside it
        name = name[: name.index("(")].rstrip()
    return textwrap.shorten(name, width, placeholder=" …", break_on_hyphens=False)


def _evidence_message(ctx: CountryContext) -> km.Message | None:
    """Rule 2: how many figures are verified in a primary source; the secondary ones to confirm before quoting."""
    lang = ctx.lang
    facts = [f for _, f in ctx.facts() if f.status.value != "illustrative"]
    if not facts:
        return None
    verified = sum(f.status.value == "verified" and not f.conflict for f in facts)
    secondary = [f for f in facts if f.status.value == "secondary" and not f.conflict]
    lead = t("brief.km_evidence", lang, v=verified, n=len(facts), s=len(secondary))
    if not secondary:
        return km.Message(lead, (t("brief.km_evidence_all_so", lang),))
    first = next((f for f in secondary if f.headline), secondary[0])
    return km.Message(
        lead,
        (
            t("brief.km_evidence_example", lang, label=text_of(first.label, lang)),
            first,
            t("brief.km_evidence_so", lang),
        ),
    )


def _conflict_message(ctx: CountryContext) -> km.Message | None:
    """Rule 3: the figures on which sources disagree, the first with both readings; quote both until settled."""
    lang = ctx.lang
    groups: OrderedDict[str, list[Fact]] = OrderedDict()
    for _, f in ctx.facts():
        if f.conflict:
            groups.setdefault(f.conflict, []).append(f)
    pairs = [fs for fs in groups.values() if len(fs) >= 2]
    if not pairs:
        return None
    a, b = pairs[0][:2]
    lead = t("brief.km_conflict_one" if len(pairs) == 1 else "brief.km_conflict", lang, n=len(pairs))
    return km.Message(
        lead,
        (
            fact_value(a, lang),
            a,
            " " + t("brief.km_or", lang) + " " + fact_value(b, lang),
            b,
            " — " + text_of(a.label, lang) + ". " + t("brief.km_conflict_so", lang),  # a label may have brackets
        ),
    )


def _open_message(ctx: CountryContext) -> km.Message | None:
    """Rule 4: what is not known; until it is, the programme's selection and results cannot be evaluated."""
    lang, qs = ctx.lang, ctx.open_questions()
    if not qs:
        return None
    lead = t("brief.km_open", lang, n=len(qs))
    return km.Message(lead, (text_of(qs[0].question, lang), qs[0], " " + t("brief.km_open_so", lang, country=ctx.name)))


def key_messages(ctx: CountryContext) -> Html:
    """Key messages first: what the policy is, where it stands, its headline figures, what is not yet known."""
    return km.section(messages(ctx), ctx.cite, ctx.lang, ctx.written)


def overview(ctx: CountryContext) -> Html:
    """Overview: the country's summary with its sources."""
    lang, cite = ctx.lang, ctx.cite
    refs = " ".join(cite(s) for s in ctx.data.summary_sources)
    return Html(f"<h2>{esc(t('brief.overview', lang))}</h2><p>{esc(text_of(ctx.data.summary, lang))} {refs}</p>")


def glance_rows(p: Programme, cite: Citer, lang: str = "en") -> list[tuple[str, str]]:
    """The 'policy at a glance' fields of one programme as (label, HTML) rows."""
    level = (
        t("brief.level_national", lang)
        if p.level == "national"
        else t("brief.level_regional", lang, region=text_of(p.region, lang))
    )
    period = f"{p.start_year}–{p.end_year}" if p.end_year else f"{p.start_year}– ({t('brief.end_unknown', lang)})"
    phases = (
        "<ul>"
        + "".join(
            f"<li><b>{esc(text_of(ph.name, lang))}</b> ({_years(ph.start, ph.end)}): {esc(text_of(ph.focus, lang))}"
            f"{sourced(ph, cite, lang)}</li>"
            for ph in p.phases
        )
        + "</ul>"
        if p.phases
        else ""
    )
    financing = (
        "<ul>"
        + "".join(f"<li>{esc(financing_text(f, lang))}{sourced(f, cite, lang)}</li>" for f in p.financing)
        + "</ul>"
        if p.financing
        else f'<span class="cb-na">{esc(t("brief.not_available", lang))}</span>'
    )
    results = (
        "<ul>" + "".join(f"<li>{esc(text_of(r.text, lang))}{sourced(r, cite, lang)}</li>" for r in p.results) + "</ul>"
        if p.results
        else ""
    )
    rows = [
        ("field_title", esc(text_of(p.title, lang))),
        ("field_country", esc(country_name(p.country, lang)) + f" · {esc(level)}"),
        ("field_managing_authorities", ul(p.managing_authorities, lang)),
        ("field_operators", ul(p.operators, lang)),
        ("field_beneficiaries", ul(p.beneficiaries, lang)),
        ("field_target_groups", esc("; ".join(label_of(c, lang) for c in p.target_groups))),
        ("field_launch", esc(fact_value(p.launch, lang)) + sourced(p.launch, cite, lang)),
        ("field_period", esc(period)),
        ("field_phases", phases),
        ("field_objectives", ul(p.objectives, lang)),
        ("field_action_lines", ul(p.action_lines, lang)),
        ("field_instruments", esc("; ".join(label_of(c, lang) for c in p.instruments))),
        ("field_financing", financing),
        ("field_main_sectors", ul(p.main_sectors, lang)),
        ("field_results", results),
        ("field_notes", ul(p.notes, lang)),
        ("field_sources", " ".join(cite(s) for s in sorted(p.sources, key=cite.sort_key))),
        ("field_as_of", esc(as_of(p, lang))),
    ]
    return [(t(f"brief.{k}", lang), v) for k, v in rows if v]


def as_of(p: Programme, lang: str = "en") -> str:
    """How current a card is: the latest date (or year) among its facts ('' when none is dated)."""
    dated = [f for f in (p.launch, *p.key_facts) if f.date or f.year]
    if not dated:
        return ""
    return _when(max(dated, key=_when_of), lang)


def at_a_glance(ctx: CountryContext) -> Html:
    """'Policy at a glance' table for each programme of the country (or one programme)."""
    lang, cite = ctx.lang, ctx.cite
    parts = []
    for p in ctx.programmes:
        rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in glance_rows(p, cite, lang))
        parts.append(
            f"<h2>{esc(t('brief.at_a_glance', lang, programme=text_of(p.title, lang)))}</h2>"
            f'<table class="cb-glance" id="prog-{esc(p.id)}"><tbody>{rows}</tbody></table>'
        )
    return Html("".join(parts))


def milestones(ctx: CountryContext) -> list[tuple[timelines.Milestone, Fact]]:
    """The country's dated facts marked as milestones, in date order, each with its fact."""
    out = []
    for _, f in ctx.facts():
        if f.milestone is None:
            continue
        when = f.date.year + (f.date.timetuple().tm_yday - 1) / 366 if f.date else f.year
        if when is not None:
            out.append((timelines.Milestone(when, text_of(f.milestone, ctx.lang)), f))
    return sorted(out, key=lambda mf: mf[0].year)


def timeline(ctx: CountryContext) -> Html:
    """The country's programmes and phases, drawn no further than their sources date them, and its milestones."""
    lang = ctx.lang
    periods = []
    for p in ctx.programmes:
        periods.append(timelines.Period(text_of(p.title, lang), p.start_year, p.end_year, "#0b5394"))
        for ph in p.phases:
            periods.append(timelines.Period("   " + text_of(ph.name, lang), ph.start, ph.end, "#4a90c8", phase=True))
    marks = milestones(ctx)
    fig = timelines.draw(periods, [m for m, _ in marks], lang, milestone_label=t("brief.milestones", lang))
    alt = t("brief.timeline_alt", lang, country=ctx.name)
    # the caption explains what the chart shows: open bars and numbered diamonds only where there are some
    caption = [t("brief.timeline_caption", lang)]
    if any(p.end is None for p in periods):
        caption.append(t("brief.timeline_caption_open", lang))
    if marks:
        caption.append(t("brief.timeline_caption_milestones", lang))
    chart = Chart.from_figure(
        fig,
        alt=alt,
        caption=esc(" ".join(caption)),
        data=timelines.data(periods, f"timeline-{ctx.country}", lang),
    )
    key = ""
    if marks:
        items = "".join(
            f"<li><b>{esc(m.label)}</b> ({esc(_when(f, lang))}){sourced(f, ctx.cite, lang)}</li>" for m, f in marks
        )
        key = f'<ol class="cb-milestones">{items}</ol>'
    return Html(f"<h2>{esc(t('brief.timeline', lang))}</h2>{chart._repr_html_()}{key}")


def _when(f: Fact, lang: str = "en") -> str:
    return day(f.date, lang) if f.date else str(f.year) if f.year else ""


def _years(start: int, end: int | None) -> str:
    return str(start) if end is None or end == start else f"{start}–{end}"


def figure_tables(ctx: CountryContext) -> Html:
    """Charts of the curated tables about the country (clusters by sector, applications by region)."""
    lang, cite, sources = ctx.lang, ctx.cite, ctx.sources
    parts = [f"<h2>{esc(t('brief.tables', lang))}</h2>"]
    if not ctx.tables:
        parts.append(f'<p class="cb-na">{esc(t("brief.no_tables", lang))}</p>')
    for _name, meta, df in ctx.tables:
        label_col, value_col = meta.columns[0].name, meta.columns[-1].name
        values = df[value_col].astype(float)
        labels = table_labels(meta, df, label_col, lang)
        fig, ax = new_figure(8, 0.32 * len(df) + 1.2)
        ax.barh(range(len(df)), values, color="#0b5394")
        for i, v in enumerate(values):
            ax.text(v + values.max() * 0.01, i, num(v, lang), va="center", fontsize=8)
        # long names (Kazakh region names) wrap, so the chart keeps its width and its type size in print
        ax.set_yticks(range(len(df)), [textwrap.fill(str(x), 28) for x in labels], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(text_of(meta.unit, lang))
        if all(float(v).is_integer() for v in values):
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        title = t("brief.table_title", lang, title=text_of(meta.title, lang), total=num(values.sum(), lang))
        ax.set_title(textwrap.fill(title, 70), loc="left")
        src = sources[meta.source]
        ref = cite(meta.source)
        notes = " ".join(esc(text_of(n, lang)) for n in meta.notes)
        source_line = esc(t("brief.table_caption", lang, source=src.title_for(lang), notes=""))
        caption = f"{source_line}{ref} {badge(meta.status, lang)} {notes}"
        data = ChartData(
            _name,
            [
                text_of(meta.columns[0].description, lang),
                f"{text_of(meta.columns[-1].description, lang)} ({text_of(meta.unit, lang)})",
            ],
            [[lab, int(v) if float(v).is_integer() else v] for lab, v in zip(labels, values)],
            cells=[[esc(lab), num(v, lang)] for lab, v in zip(labels, values)],
            lang=lang,
        )
        parts.append(Chart.from_figure(fig, alt=text_of(meta.title, lang), caption=caption, data=data)._repr_html_())
    return Html("".join(parts))


def key_figures(ctx: CountryContext) -> Html:
    """Key figures with date, status and source; conflicting figures shown together, not as settled."""
    lang, cite = ctx.lang, ctx.cite
    facts = ctx.facts()
    rows = []
    groups: OrderedDict[str, list[Fact]] = OrderedDict()
    for _, f in facts:
        if f.conflict:
            groups.setdefault(f.conflict, []).append(f)
            continue
        when = _when(f, lang)
        rows.append(
            [
                esc(text_of(f.label, lang)),
                esc(fact_value(f, lang)),
                f'<span class="cb-date">{esc(when)}</span>',
                badge(f.status, lang),
                cite.claim(f, lang, status=False).strip(),
            ]
        )
    head = [t(f"brief.{k}", lang) for k in ("kf_figure", "kf_value", "kf_when", "kf_status", "kf_source")]
    html = f"<h2>{esc(t('brief.key_figures', lang))}</h2>" + table_html(head, rows, escape=False)
    if groups:
        html += f"<h3>{esc(t('brief.conflicts', lang))}</h3><p>{esc(t('brief.conflict_intro', lang))}</p>"
        for gid, fs in groups.items():
            items = "".join(
                f"<li><b>{esc(fact_value(f, lang))}</b> — {esc(text_of(f.label, lang))}"
                f"{' (' + esc(text_of(f.note, lang)) + ')' if f.note else ''} "
                f"{' '.join(cite(x) for x in f.all_sources)}</li>"
                for f in fs
            )
            html += f'<div class="cb-conflict" id="conflict-{esc(gid)}"><ul>{items}</ul></div>'
    return Html(html)


def open_questions(ctx: CountryContext) -> Html:
    """What is not yet known: facts looked for and not found, with what is known so far."""
    lang, cite = ctx.lang, ctx.cite
    qs = ctx.open_questions()
    if not qs:
        return Html("")
    items = []
    for q in qs:
        known = ""
        if q.known:
            ref = f" {cite(q.source)}" if q.source else ""
            known = f"<br><i>{esc(t('brief.known_so_far', lang))}</i> {esc(text_of(q.known, lang))}{ref}"
        items.append(f'<li id="open-{esc(q.id)}">{esc(text_of(q.question, lang))}{known}</li>')
    return Html(
        f'<h2>{esc(t("brief.open_questions", lang))}</h2><div class="cb-open">'
        f"<p>{esc(t('brief.open_intro', lang))}</p><ul>{''.join(items)}</ul></div>"
    )


def lessons(ctx: CountryContext) -> Html:
    """Lessons learned from the country's programmes, with sources."""
    lang, cite = ctx.lang, ctx.cite
    items = [
        f"<li><b>{esc(text_of(lsn.title, lang))}.</b> {esc(text_of(lsn.text, lang))} {cite(lsn.source)}</li>"
        for p in ctx.programmes
        for lsn in p.lessons
    ]
    if not items:
        return Html("")
    return Html(f"<h2>{esc(t('brief.lessons', lang))}</h2><ol>{''.join(items)}</ol>")


def notes(ctx: CountryContext) -> Html:
    """The notes and quotes behind the brief's figures, numbered as their markers."""
    return notes_section(ctx.cite, ctx.sources, ctx.lang)


def sources(ctx: CountryContext) -> Html:
    """The numbered list of every source the country brief cites."""
    return source_list(ctx.cite.order, ctx.sources, ctx.lang)
