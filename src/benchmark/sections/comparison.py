"""Sections of the comparison brief (focal country against peers); each returns something displayable.

A notebook calls ``ctx = comparison.prepare(focal, peers, dimensions, lang=lang)`` once, then one
section per cell: the key messages, the cards, the dimensions and the judgements are here; the charts are
in :mod:`benchmark.sections.comparison_figures`. Computations live in ``benchmark.analysis.compare``.
"""

from __future__ import annotations

import re
import textwrap
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis import compare
from ..core.errors import UserError
from ..core.text import check_lang, t
from ..inputs import assessments as assess_io
from ..inputs import key_messages as written_messages
from ..inputs import load
from ..inputs.countries import country_name, names_list
from ..inputs.schemas import (
    Adjudication,
    Assessment,
    BriefMessages,
    Dimension,
    Fact,
    OpenQuestion,
    Programme,
    Recommendation,
    Source,
    TableMeta,
    Text,
    text_of,
)
from . import country as country_brief
from . import key_messages as km
from .citations import (
    Citer,
    cite_ids,
    cited_by,
    day,
    notes_section,
    num,
    significant,
    source_list,
)
from .display import Html, colorblind, esc, table_html

if TYPE_CHECKING:
    import pandas as pd

GREY = "#d0d7de"


# --- the context ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonContext:
    """What a comparison covers, loaded and checked once: countries, programmes, dimensions, assessments."""

    focal: str
    peers: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    programmes: dict[str, tuple[Programme, ...]]
    lang: str = "en"
    assessments: Mapping[tuple[str, str], Assessment] = field(default_factory=dict)
    citable: Mapping[str, tuple[str, Fact | OpenQuestion]] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    sector_tables: tuple[tuple[str, str, TableMeta, pd.DataFrame], ...] = ()  # (country, name, sidecar, DataFrame)
    country_sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cite: Citer = field(default_factory=lambda: Citer([]))
    second: Mapping[tuple[str, str], Assessment] = field(default_factory=dict)
    recommendations: tuple[Recommendation, ...] = ()
    evidence_kinds: Mapping[str, Text] = field(default_factory=dict)
    written: BriefMessages | None = None  # the analyst's key messages for this brief, if any
    period: str = "present"  # "present": present or latest regimes; "launch": each programme in its first years
    history: tuple[Programme, ...] = ()  # the focal country's programmes outside the period (shown as history)
    first: Mapping[tuple[str, str], Assessment] = field(default_factory=dict)  # assessor A's scores, unadjudicated
    adjudications: Mapping[tuple[str, str], Adjudication] = field(default_factory=dict)
    history_assessments: Mapping[tuple[str, str], Assessment] = field(default_factory=dict)

    @property
    def countries(self) -> list[str]:
        """Focal first, then the peers in the order given."""
        return [self.focal, *self.peers]

    @property
    def all_programmes(self) -> list[Programme]:
        """Every programme, grouped by country in the order of :attr:`countries`."""
        return [p for c in self.countries for p in self.programmes[c]]

    @property
    def dimension_ids(self) -> list[str]:
        """Ids of the dimensions compared."""
        return [d.id for d in self.dimensions]

    def colour(self, country: str) -> str:
        """The colour of a country in every chart of the brief (seaborn's colour-blind palette)."""
        palette = colorblind()
        return palette[self.countries.index(country) % len(palette)]

    def matrix(self):
        """The score matrix of the scope's programmes and dimensions (see ``compare.score_matrix``)."""
        return compare.score_matrix(self.assessments.values(), [p.id for p in self.all_programmes], self.dimension_ids)

    def gaps(self) -> list[compare.Gap]:
        """Focal country against the best peer on each dimension."""
        of = {c: [p.id for p in self.programmes[c]] for c in self.countries}
        return compare.gaps(self.matrix(), self.focal, list(self.peers), of, self.dimension_ids)


def _codes(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return [str(v) for v in value]


def scope(focal: str, peers, dimensions=None) -> tuple[str, tuple[str, ...], tuple[Dimension, ...]]:
    """Check and normalise the brief's parameters (codes, peers distinct from the focal, dimension ids).

    Raises:
        UserError: an unknown country code or dimension id, no peer, or the focal country as a peer.
    """
    f = load.country_code(focal)
    ps: list[str] = []
    for code in _codes(peers):
        c = load.country_code(code)
        if c == f:
            raise UserError(f"peer {code!r} is the focal country itself")
        if c not in ps:
            ps.append(c)
    if not ps:
        raise UserError("give at least one peer country (e.g. --peers JPN RUS)")
    dims = assess_io.load_dimensions(_codes(dimensions) or None)
    return f, tuple(ps), tuple(dims)


#: The periods a comparison can show (``data/assessments/<ISO3>.yaml``, ``periods``).
PERIODS = ("present", "launch")


def in_period(country: str, programmes: tuple[Programme, ...], period: str) -> tuple[Programme, ...]:
    """The country's programmes a comparison of ``period`` shows (all of them when the period is not given)."""
    ids = assess_io.periods(country).get(period)
    return programmes if not ids else tuple(p for p in programmes if p.id in ids)


def prepare(focal: str, peers, dimensions=None, lang: str = "en", period: str = "present") -> ComparisonContext:
    """Check the brief's parameters and load what it compares (once); a bad parameter is reported here.

    ``period`` "present" (default) compares the focal country's present regime with the peers' present or
    latest regimes, the focal country's earlier programmes shown as history; "launch" compares each
    programme in its first years.
    """
    check_lang(lang)
    if period not in PERIODS:
        raise UserError(f"unknown period {period!r}; use one of: {', '.join(PERIODS)}")
    f, ps, dims = scope(focal, peers, dimensions)
    countries = [f, *ps]
    cfs = {c: load.load_country(c) for c in countries}
    progs = {c: in_period(c, tuple(cfs[c].programmes), period) for c in countries}
    history = tuple(p for p in cfs[f].programmes if p not in progs[f]) if period == "present" else ()
    prog_ids = {p.id for c in countries for p in progs[c]}
    dim_ids = {d.id for d in dims}

    def pairs(items, ids=prog_ids) -> dict[tuple[str, str], Assessment]:
        return {(a.programme, a.dimension): a for a in items if a.programme in ids and a.dimension in dim_ids}

    final = assess_io.final_assessments(countries)
    assessments = pairs(final)
    history_assessments = pairs(final, {p.id for p in history})
    first_scores = pairs(assess_io.load_assessments(countries))
    second = pairs(assess_io.load_second_assessments(countries))
    adjudications = {
        (j.programme, j.dimension): j
        for j in (assess_io.load_adjudications() if second else [])
        if (j.programme, j.dimension) in first_scores
    }
    citable = assess_io.fact_index(countries)
    sources = load.load_sources()
    country_sources = {}
    for c in countries:
        tables = tuple((name, *load.load_table(name)) for name in load.tables_for(c))
        country_sources[c] = tuple(country_brief.cited_sources(cfs[c], progs[c], tables))
    sector_tables = tuple(
        (c, name, *load.load_table(name)) for c in countries for name in load.tables_for(c, kind="sectors")
    )
    recs = tuple(r for r in assess_io.load_recommendations(f) if r.dimension in dim_ids and set(r.peers) <= set(ps))
    written = written_messages.for_brief(written_messages.brief_key("compare", f, *ps))
    kinds = assess_io.evidence_kinds()

    def context(cite: Citer) -> ComparisonContext:
        return ComparisonContext(
            f,
            ps,
            dims,
            progs,
            lang,
            assessments,
            citable,
            sources,
            sector_tables,
            country_sources,
            cite,
            second=second,
            recommendations=recs,
            evidence_kinds=kinds,
            written=written,
            period=period,
            history=history,
            first=first_scores,
            adjudications=adjudications,
            history_assessments=history_assessments,
        )

    ctx = context(Citer([]))
    first = km.sources_of(messages(ctx))  # the key messages come first: their sources are numbered first
    return context(Citer([*first, *cited_sources(ctx)]))


# --- key messages ---------------------------------------------------------------------------------

#: The key messages name at most this many dimensions (the largest gaps first).
MAX_GAP_MESSAGES = 3
#: ... and cite at most this many pieces of evidence for each.
MAX_EVIDENCE = 3


def _first_sentence(text: str) -> str:
    """The first sentence of a rationale (what the practice is; the rest argues the level)."""

    # a sentence ends at . ! or ? before a capital (Latin or Cyrillic, Kazakh letters too), a quote or a bracket
    return re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"“(])", text.strip(), maxsplit=1)[0]


def messages(ctx: ComparisonContext) -> list[km.Message]:
    """The key messages: the analyst's for this brief, or generated from the assessments.

    Generated: what is compared and how firm the scores are; then the dimensions where the focal
    country trails its best peer most, each with the peer's practice, its evidence and the confidence.
    """
    lang = ctx.lang
    if ctx.written is not None:
        return km.from_analyst(ctx.written, ctx.citable, ctx.sources, lang)
    fname = country_name(ctx.focal, lang)
    scored = [a for a in ctx.assessments.values() if a.score is not None]
    high = sum(a.confidence == "high" for a in scored)
    out = [
        km.Message(
            t("compare.key_scope_lead", lang),
            (
                t(
                    "compare.key_scope",
                    lang,
                    focal=fname,
                    peers=names_list(list(ctx.peers), lang),
                    n=len(ctx.dimensions),
                    scored=len(scored),
                    high=high,
                )
                + (" " + t("compare.key_scope_so", lang) if scored and 2 * high < len(scored) else ""),
            ),
        )
    ]
    dims = {d.id: d for d in ctx.dimensions}
    progs = {p.id: p for p in ctx.all_programmes}
    of = {c: [p.id for p in ctx.programmes[c]] for c in ctx.countries}
    m = ctx.matrix()
    trailing = sorted((g for g in ctx.gaps() if g.gap and g.gap > 0), key=lambda g: -(g.gap or 0))
    for g in trailing[:MAX_GAP_MESSAGES]:
        best_peer = g.best_peer
        if best_peer is None or best_peer.programme is None:
            continue  # never: a positive gap has a scored best peer
        best = progs[best_peer.programme]
        peer = country_name(best.country, lang)
        a = ctx.assessments[(best.id, g.dimension)]
        own = ctx.assessments.get((g.focal.programme, g.dimension)) if g.focal.programme else None
        evidence: list[Fact | OpenQuestion | Source]
        evidence = [ctx.citable[c][1] for c in a.cites if c in ctx.citable and ctx.citable[c][0] == "fact"]
        evidence += [ctx.sources[c] for c in a.cites if c in ctx.sources]
        lo, hi = compare.gap_range(m, ctx.focal, list(ctx.peers), of, g.dimension) or (g.gap, g.gap)
        firm = t("compare.key_gap_firm", lang) if lo == hi else t("compare.key_gap_moves", lang, lo=lo, hi=hi)
        confidence = t("compare.key_confidence", lang, peer=peer, level=t(f"compare.confidence_{a.confidence}", lang))
        if own is not None:
            confidence += t(
                "compare.key_confidence_focal", lang, focal=fname, level=t(f"compare.confidence_{own.confidence}", lang)
            )
        out.append(
            km.Message(
                text_of(dims[g.dimension].name, lang) + ":",
                (
                    t(
                        "compare.key_gap",
                        lang,
                        focal=fname,
                        score=g.focal.score,
                        peer=peer,
                        programme=programme_label(best, lang),
                        peer_score=best_peer.score,
                    )
                    + " "
                    + t("compare.key_practice", lang, peer=peer, practice=_first_sentence(text_of(a.rationale, lang))),
                    *evidence[:MAX_EVIDENCE],
                    " " + confidence + "; " + firm + ". " + _gap_meaning(ctx, g.dimension, fname, peer),
                ),
            )
        )
    unscored = _unscored_message(ctx, fname, dims)
    out += unscored
    if not trailing:
        so = "compare.key_no_gap_so_open" if unscored else "compare.key_no_gap_so"
        out.append(km.Message("", (t("compare.key_no_gap", lang, focal=fname) + " " + t(so, lang, focal=fname),)))
    return out


def _gap_meaning(ctx: ComparisonContext, dimension: str, fname: str, peer: str) -> str:
    """What a gap means for the focal country: where it has most to learn, and whether a recommendation answers it."""
    answered = any(r.dimension == dimension for r in ctx.recommendations)
    key = "compare.key_gap_so_recommended" if answered else "compare.key_gap_so"
    return t(key, ctx.lang, focal=fname, peer=peer)


def has_gap(ctx: ComparisonContext) -> bool:
    """Whether the focal country trails its best peer on any dimension where both are scored."""
    return any(g.gap and g.gap > 0 for g in ctx.gaps())


def _unscored_message(ctx: ComparisonContext, fname: str, dims: Mapping) -> list[km.Message]:
    """Where the focal country cannot be compared: the dimensions it is unscored on while a peer is scored,
    with the open questions its assessments name as what is missing (a finding, and what would close it)."""
    lang = ctx.lang
    open_dims = [g for g in ctx.gaps() if g.focal.score is None and g.best_peer and g.best_peer.score is not None]
    if not open_dims:
        return []
    missing: list[Fact | OpenQuestion | Source] = []
    for g in open_dims:
        own = ctx.assessments.get((g.focal.programme, g.dimension)) if g.focal.programme else None
        for c in own.cites if own else ():
            item = ctx.citable.get(c)
            if item and item[0] != "fact" and item[1] not in missing:
                missing.append(item[1])
    labels = [text_of(dims[g.dimension].name, lang).lower() for g in open_dims]
    names = ", ".join(labels[:-1]) + f" {t('compare.and', lang)} " + labels[-1] if len(labels) > 1 else labels[0]
    text = t("compare.key_unscored", lang, focal=fname, n=len(open_dims), total=len(ctx.dimensions), dims=names)
    return [km.Message(t("compare.key_unscored_lead", lang), (text, *missing[:MAX_EVIDENCE]))]


def key_messages(ctx: ComparisonContext) -> Html:
    """Key messages first: where the focal country trails its best peer most, the practice, evidence and certainty."""
    note_key = "compare.key_note" if has_gap(ctx) else "compare.key_note_no_gap"
    note = esc(t(note_key, ctx.lang)) if ctx.written is None else ""
    block = km.section(messages(ctx), ctx.cite, ctx.lang, ctx.written, note=note)
    return Html(block.body + recommendations_in_brief(ctx))


def recommendations_in_brief(ctx: ComparisonContext) -> str:
    """The recommendations in one line each (their first sentence), linked to the full text further on."""
    lang = ctx.lang
    if not ctx.recommendations:
        return ""
    dims = {d.id: d for d in ctx.dimensions}
    items = []
    for r in ctx.recommendations:
        text = text_of(r.text, lang).strip()
        first = _first_sentence(text)
        items.append(
            f'<li class="cb-rec"><b>'
            f"{esc(text_of(dims[r.dimension].name, lang))}:</b> {esc(first)} "
            f'<a href="#rec-{esc(r.id)}">{esc(t("compare.recommendation_more", lang))}</a></li>'
        )
    title = esc(t("compare.recommendations_brief", lang))
    return f'<div class="cb-key cb-key-recs"><p class="cb-key-label"><b>{title}</b></p><ul>{"".join(items)}</ul></div>'


# --- citations ------------------------------------------------------------------------------------


def cited_sources(ctx: ComparisonContext) -> list[str]:
    """Source ids the comparison brief cites, in order of first use (the numbering of its source list).

    Exactly what its sections cite: each programme's fields side by side (launch, phases, financing,
    results, its sources), the dimensions' origins, the assessments' evidence (the earlier programmes'
    too, shown as history), the adjudications, the sector tables and the recommendations. The source list
    holds these and nothing else.
    """
    ids: list[str] = []
    for p in ctx.all_programmes:
        ids.extend(s for item in (p.launch, *p.phases, *p.financing, *p.results) for s in item.all_sources)
        ids.extend(p.sources)
    for d in ctx.dimensions:
        ids.extend(d.sources)
    for a in [*ctx.assessments.values(), *ctx.history_assessments.values()]:
        ids.extend(cited_by(a.cites, ctx.citable, ctx.sources))
    for j in ctx.adjudications.values():
        ids.extend(cited_by(j.cites, ctx.citable, ctx.sources))
    for _, _, meta, _ in ctx.sector_tables:
        ids.append(meta.source)
    for r in ctx.recommendations:
        ids.extend(cited_by(r.cites, ctx.citable, ctx.sources))
    return list(OrderedDict.fromkeys(ids))


def _cite_list(ids: list[str], ctx: ComparisonContext) -> str:
    """Assessment citations: a source as [n]; a fact as its label and value [n]; an open question as such."""
    return cite_ids(ids, ctx.citable, ctx.sources, ctx.cite, ctx.lang)


# --- helpers --------------------------------------------------------------------------------------


def section_heading(key: str, lang: str, **fmt) -> str:
    """A section's ``<h2>`` from the comparison's catalogue."""
    return f"<h2>{esc(t(f'compare.{key}', lang, **fmt))}</h2>"


def programme_label(p: Programme, lang: str) -> str:
    """A short programme label: the first part of its title (before a dash, bracket or colon)."""
    title = text_of(p.title, lang)
    for sep in (" — ", " (", ": "):
        head = title.split(sep)[0]
        if 12 <= len(head) < len(title):
            return head
    return title


def short_label(p: Programme, lang: str, width: int = 40) -> str:
    """A short programme label for chart axes, wrapped to ``width`` (at most three lines)."""
    return "\n".join(textwrap.wrap(programme_label(p, lang), width)[:3])


def money(v: float, digits: int = 1, lang: str = "en") -> str:
    """An amount in millions as the tables show it: no decimals from 100, ``digits`` from 1, else significant."""
    if abs(v) >= 100:
        return num(v, lang, 0)
    if abs(v) >= 1:
        return num(v, lang, digits)
    return significant(v, lang, max(digits, 2))


def unavailable(lang: str, reason: str | None = None) -> str:
    """'not available' in grey, with the reason as its tooltip."""
    title = f' title="{esc(reason)}"' if reason else ""
    return f'<span class="cb-na"{title}>{esc(t("compare.not_available", lang))}</span>'


# --- sections -------------------------------------------------------------------------------------


def introduction(ctx: ComparisonContext) -> Html:
    """What is compared, how scores and gaps are read, and who assessed (analyst judgement)."""
    sc, lang = ctx, ctx.lang
    cells = [
        a
        for (pid, did), a in ctx.assessments.items()
        if did in sc.dimension_ids and pid in {p.id for p in sc.all_programmes}
    ]
    roles = {"first": 0, "blind_second": 1, "adjudicator": 2}
    known = assess_io.load_assessors()
    ids = sorted({a.assessor for a in cells}, key=lambda i: (roles.get(getattr(known.get(i), "role", ""), 3), i))
    assessors = [assess_io.assessor_name(i, lang) for i in ids]
    dates = sorted({a.date for a in cells})
    when = (day(dates[0], lang) + (f" – {day(dates[-1], lang)}" if dates[-1] != dates[0] else "")) if dates else ""
    body = (
        section_heading("intro", lang)
        + "<p>"
        + esc(
            t(
                "compare.intro_text",
                lang,
                focal=country_name(sc.focal, lang),
                peers=names_list(list(sc.peers), lang),
                n=len(sc.dimensions),
            )
        )
        + "</p>"
        + f"<p>{esc(t('compare.intro_rules', lang))}</p>"
        + f"<p>{esc(t(f'compare.period_{sc.period}', lang, focal=country_name(sc.focal, lang)))}</p>"
    )
    if cells:
        body += (
            f'<div class="cb-assessment"><b>{esc(t("compare.judgement_label", lang))}.</b> '
            f"{esc(t('compare.assessed_by', lang, assessors='; '.join(assessors), dates=when.rstrip('.')))}</div>"
        )
    return Html(body)


#: The side-by-side comparison shows at most this many programmes per table (readable at 1024 px and on A4).
GROUP = 3


def side_by_side(ctx: ComparisonContext) -> Html:
    """The 'policy at a glance' fields of all programmes side by side, in tables of at most three programmes.

    However many peers, every programme's fields stay readable on a 1024 px screen and on A4 portrait:
    the programmes are laid out in groups (focal country first), each a table with the fields as rows.
    """
    sc, lang = ctx, ctx.lang
    cite = ctx.cite
    progs = sc.all_programmes
    columns = [OrderedDict(country_brief.glance_rows(p, cite, lang)) for p in progs]
    title_label = t("brief.field_title", lang)
    labels: list[str] = []
    for col in columns:
        for k in col:
            if k not in labels and k != title_label:  # the title heads its column
                labels.append(k)
    fin_label = t("brief.field_financing", lang)
    if fin_label not in labels:
        labels.append(fin_label)
    dash = f'<span class="cb-na">{esc(t("compare.not_in_data", lang))}</span>'
    tables = []
    groups = [list(range(i, min(i + GROUP, len(progs)))) for i in range(0, len(progs), GROUP)]
    for g, idx in enumerate(groups, start=1):
        head = f'<th scope="col" class="cb-field">{esc(t("compare.field", lang))}</th>' + "".join(
            f'<th scope="col" id="col-{esc(progs[i].id)}">{esc(country_name(progs[i].country, lang))}<br>'
            f"<small>{esc(programme_label(progs[i], lang))}</small></th>"
            for i in idx
        )
        rows = []
        for label in labels:
            cells = []
            for i in idx:
                v = columns[i].get(label)
                if v is None:
                    v = unavailable(lang) if label == fin_label else dash
                cells.append(f"<td>{v}</td>")
            rows.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
        caption = (
            f"<caption>{esc(t('compare.side_by_side_group', lang, n=g, of=len(groups)))}</caption>"
            if len(groups) > 1
            else ""
        )
        width = f' style="--cols: {len(idx)}"'
        tables.append(
            f'<table class="cb-glance cb-compare"{width}>{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return Html(
        section_heading("side_by_side", lang) + f"<p>{esc(t('compare.side_by_side_intro', lang))}</p>" + "".join(tables)
    )


def dimensions_table(ctx: ComparisonContext) -> Html:
    """The benchmark dimensions: question, 0-4 scale, evidence expected and where each comes from."""
    sc, lang = ctx, ctx.lang
    cite = ctx.cite
    rows = []
    for d in sc.dimensions:
        name = f"<b>{esc(text_of(d.name, lang))}</b>"
        if d.low and d.high:
            name += f"<br><small>{esc(text_of(d.low, lang))} ↔ {esc(text_of(d.high, lang))}</small>"
        scale = '<ol start="0">' + "".join(f"<li>{esc(text_of(lv.meaning, lang))}</li>" for lv in d.scale) + "</ol>"
        evidence = "<ul>" + "".join(f"<li>{esc(text_of(e, lang))}</li>" for e in d.evidence) + "</ul>"
        origin = esc(text_of(d.origin, lang)) + " " + " ".join(cite(s) for s in d.sources)
        rows.append([name, esc(text_of(d.question, lang)), scale, evidence, origin])
    head = [
        t("compare.dimensions", lang),
        t("compare.dim_question", lang),
        t("compare.dim_scale", lang),
        t("compare.dim_evidence", lang),
        t("compare.dim_origin", lang),
    ]
    return Html(
        section_heading("dimensions", lang)
        + f"<p>{esc(t('compare.dimensions_intro', lang))}</p>"
        + table_html(head, rows, escape=False, classes="cb-table cb-dims")
    )


def row_label(p: Programme, lang: str) -> str:
    """A programme's label on a chart row: its country code and short title."""
    return f"{p.country} · {short_label(p, lang, 38)}"


def _requirement(d: Dimension, score: int | None, ctx: ComparisonContext) -> str:
    """What a score at this level needs the cited evidence to show, in words."""
    if score is None:
        return ""
    kinds = d.scale[score].requires
    if not kinds:
        return esc(t("compare.requires_nothing", ctx.lang))
    return "; ".join(esc(text_of(ctx.evidence_kinds.get(k, k), ctx.lang)) for k in kinds)


def _confidence(a: Assessment, lang: str) -> str:
    word = esc(t(f"compare.confidence_{a.confidence}", lang))
    return f'<span class="cb-confidence cb-confidence-{a.confidence}">{word}</span>'


def lessons(ctx: ComparisonContext) -> Html:
    """What the focal country can learn: the analysts' recommendations, each with the gap it answers and its evidence.

    Recommendations are data written by analysts (``data/recommendations.yaml``), never generated; where
    none is written yet the brief says so plainly.
    """
    sc, lang = ctx, ctx.lang
    fname = country_name(sc.focal, lang)
    dims = {d.id: d for d in sc.dimensions}
    gaps = {g.dimension: g for g in ctx.gaps()}
    progs = {p.id: p for p in sc.all_programmes}
    parts = [section_heading("lessons", lang, focal=fname)]
    if not ctx.recommendations:
        parts.append(f"<p>{esc(t('compare.recommendations_none', lang, focal=fname))}</p>")
        return Html("".join(parts))
    authors = "; ".join(dict.fromkeys(assess_io.assessor_name(r.author, lang) for r in ctx.recommendations))
    drafts = sum(r.status == "draft" for r in ctx.recommendations)
    status = (
        t("compare.recommendations_all_drafts", lang)
        if drafts == len(ctx.recommendations)
        else t("compare.recommendations_some_drafts", lang, n=drafts, total=len(ctx.recommendations))
        if drafts
        else t("compare.recommendations_reviewed", lang)
    )
    parts.append(
        f'<div class="cb-assessment">{esc(t("compare.recommendations_intro", lang, focal=fname))} '
        f"{esc(t('compare.recommendations_written_by', lang, authors=authors))} {esc(status)}</div>"
    )
    for r in ctx.recommendations:
        d = dims[r.dimension]
        g = gaps.get(r.dimension)
        if g is not None and g.gap is not None and g.best_peer is not None and g.best_peer.programme is not None:
            best = progs[g.best_peer.programme]
            gap = t(
                "compare.recommendation_gap",
                lang,
                focal=fname,
                score=g.focal.score,
                gap=g.gap,
                peer=country_name(best.country, lang),
                programme=programme_label(best, lang),
                peer_score=g.best_peer.score,
            )
        elif (
            g is not None
            and g.focal.score is None
            and g.best_peer is not None
            and g.best_peer.score is not None
            and g.best_peer.programme is not None
        ):
            best = progs[g.best_peer.programme]
            gap = t(
                "compare.recommendation_focal_unscored",
                lang,
                focal=fname,
                peer=country_name(best.country, lang),
                programme=programme_label(best, lang),
                peer_score=g.best_peer.score,
            )
        else:
            gap = t("compare.recommendation_no_gap", lang)
        parts.append(
            f'<div class="cb-recommendation" id="rec-{esc(r.id)}"><h3>{esc(text_of(d.name, lang))}</h3>'
            f'<p class="cb-gap">{esc(gap)}</p><p><b>{esc(text_of(r.text, lang))}</b></p>'
            f"<p><i>{esc(t('compare.recommendation_evidence', lang))}</i> {_cite_list(r.cites, ctx)}</p>"
            f'<p class="cb-meta-line">{esc(day(r.date, lang))}</p></div>'
        )
    return Html("".join(parts))


def notes(ctx: ComparisonContext) -> Html:
    """The notes and quotes behind the brief's figures, numbered as their markers."""
    return notes_section(ctx.cite, ctx.sources, ctx.lang)


def sources(ctx: ComparisonContext) -> Html:
    """The numbered list of every source the comparison brief cites."""
    return source_list(ctx.cite.order, ctx.sources, ctx.lang, heading=t("compare.sources", ctx.lang))
