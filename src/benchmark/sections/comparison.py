"""Sections of the comparison brief (focal country against peers); each returns something displayable.

A notebook calls ``ctx = comparison.prepare(focal, peers, dimensions, lang=lang)`` once, then one
section per cell. Computations live in ``benchmark.analysis.compare`` (pure); this module presents.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..analysis import compare
from ..core.errors import UserError
from ..core.text import check_lang, percent, t
from ..inputs import assessments as assess_io
from ..inputs import indicators, load
from ..inputs import key_messages as written_messages
from ..inputs.countries import country_name, names_list
from ..inputs.schemas import (
    Assessment,
    BriefMessages,
    Dimension,
    Fact,
    OpenQuestion,
    Programme,
    Recommendation,
    Source,
    TableMeta,
    text_of,
)
from . import country as country_brief
from . import key_messages as km
from . import timelines
from .citations import (
    Citer,
    badge,
    cite_ids,
    cited_by,
    day,
    financing_text,
    notes_section,
    num,
    significant,
    source_list,
)
from .display import Chart, ChartData, Html, esc, new_figure, table_html

#: One colour per country position (focal first), colour-blind safe (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
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
    sector_tables: tuple[tuple[str, str, TableMeta, object], ...] = ()  # (country, name, sidecar, DataFrame)
    country_sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    cite: Citer = field(default_factory=lambda: Citer([]))
    second: Mapping[tuple[str, str], Assessment] = field(default_factory=dict)
    recommendations: tuple[Recommendation, ...] = ()
    evidence_kinds: Mapping[str, object] = field(default_factory=dict)
    written: BriefMessages | None = None  # the analyst's key messages for this brief, if any

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
        """The colour of a country in every chart of the brief."""
        return PALETTE[self.countries.index(country) % len(PALETTE)]

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


def prepare(focal: str, peers, dimensions=None, lang: str = "en") -> ComparisonContext:
    """Check the brief's parameters and load what it compares (once); a bad parameter is reported here."""
    check_lang(lang)
    f, ps, dims = scope(focal, peers, dimensions)
    countries = [f, *ps]
    cfs = {c: load.load_country(c) for c in countries}
    progs = {c: tuple(cfs[c].programmes) for c in countries}
    prog_ids = {p.id for c in countries for p in progs[c]}
    dim_ids = {d.id for d in dims}
    assessments = {
        (a.programme, a.dimension): a
        for a in assess_io.load_assessments(countries)
        if a.programme in prog_ids and a.dimension in dim_ids
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
    second = {
        (a.programme, a.dimension): a
        for a in assess_io.load_second_assessments(countries)
        if a.programme in prog_ids and a.dimension in dim_ids
    }
    recs = tuple(r for r in assess_io.load_recommendations(f) if r.dimension in dim_ids and set(r.peers) <= set(ps))
    written = written_messages.for_brief(written_messages.brief_key("compare", f, *ps))
    extra = dict(second=second, recommendations=recs, evidence_kinds=assess_io.evidence_kinds(), written=written)
    args = (f, ps, dims, progs, lang, assessments, citable, sources, sector_tables, country_sources)
    ctx = ComparisonContext(*args, **extra)
    first = km.sources_of(messages(ctx))  # the key messages come first: their sources are numbered first
    return ComparisonContext(*args, Citer([*first, *cited_sources(ctx)]), **extra)


# --- key messages ---------------------------------------------------------------------------------

#: The key messages name at most this many dimensions (the largest gaps first).
MAX_GAP_MESSAGES = 3
#: ... and cite at most this many pieces of evidence for each.
MAX_EVIDENCE = 3


def _first_sentence(text: str) -> str:
    """The first sentence of a rationale (what the practice is; the rest argues the level)."""
    import re

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
                ),
            ),
        )
    ]
    dims = {d.id: d for d in ctx.dimensions}
    progs = {p.id: p for p in ctx.all_programmes}
    of = {c: [p.id for p in ctx.programmes[c]] for c in ctx.countries}
    m = ctx.matrix()
    trailing = sorted((g for g in ctx.gaps() if g.gap and g.gap > 0), key=lambda g: -g.gap)
    for g in trailing[:MAX_GAP_MESSAGES]:
        best = progs[g.best_peer.programme]
        peer = country_name(best.country, lang)
        a = ctx.assessments[(best.id, g.dimension)]
        own = ctx.assessments.get((g.focal.programme, g.dimension)) if g.focal.programme else None
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
                        programme=_label(best, lang),
                        peer_score=g.best_peer.score,
                    )
                    + " "
                    + t("compare.key_practice", lang, peer=peer, practice=_first_sentence(text_of(a.rationale, lang))),
                    *evidence[:MAX_EVIDENCE],
                    " " + confidence + "; " + firm + ".",
                ),
            )
        )
    if not trailing:
        out.append(km.Message("", (t("compare.key_no_gap", lang, focal=fname),)))
    return out


def key_messages(ctx: ComparisonContext) -> Html:
    """Key messages first: where the focal country trails its best peer most, the practice, evidence and certainty."""
    note = esc(t("compare.key_note", ctx.lang)) if ctx.written is None else ""
    return km.section(messages(ctx), ctx.cite, ctx.lang, ctx.written, note=note)


# --- citations ------------------------------------------------------------------------------------


def cited_sources(ctx: ComparisonContext) -> list[str]:
    """Source ids the comparison brief cites, in order of first use (the numbering of its source list)."""
    ids: list[str] = []
    for c in ctx.countries:
        ids.extend(ctx.country_sources[c])
    for d in ctx.dimensions:
        ids.extend(d.sources)
    for a in ctx.assessments.values():
        ids.extend(cited_by(a.cites, ctx.citable, ctx.sources))
    for _, _, meta, _ in ctx.sector_tables:
        ids.append(meta.source)
    for r in ctx.recommendations:
        ids.extend(cited_by(r.cites, ctx.citable, ctx.sources))
    return list(OrderedDict.fromkeys(ids))


def _cite_list(ids: list[str], ctx: ComparisonContext) -> str:
    """Assessment citations: a source as [n]; a fact as its label and value [n]; an open question as such."""
    return cite_ids(ids, ctx.citable, ctx.sources, ctx.cite, ctx.lang)


# --- helpers --------------------------------------------------------------------------------------


def _h2(key: str, lang: str, **fmt) -> str:
    return f"<h2>{esc(t(f'compare.{key}', lang, **fmt))}</h2>"


def _label(p: Programme, lang: str) -> str:
    """A short programme label: the first part of its title (before a dash, bracket or colon)."""
    title = text_of(p.title, lang)
    for sep in (" — ", " (", ": "):
        head = title.split(sep)[0]
        if 12 <= len(head) < len(title):
            return head
    return title


def _short(p: Programme, lang: str, width: int = 40) -> str:
    """A short programme label for chart axes, wrapped to ``width`` (at most three lines)."""
    return "\n".join(textwrap.wrap(_label(p, lang), width)[:3])


def _num(v: float, digits: int = 1, lang: str = "en") -> str:
    if abs(v) >= 100:
        return num(v, lang, 0)
    if abs(v) >= 1:
        return num(v, lang, digits)
    return significant(v, lang, max(digits, 2))


def _na(lang: str, reason: str | None = None) -> str:
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
    assessors = sorted({a.assessor for a in cells})
    dates = sorted({a.date for a in cells})
    when = (day(dates[0], lang) + (f" – {day(dates[-1], lang)}" if dates[-1] != dates[0] else "")) if dates else ""
    body = (
        _h2("intro", lang)
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
    )
    if cells:
        body += (
            f'<div class="cb-assessment"><b>{esc(t("compare.judgement_label", lang))}.</b> '
            f"{esc(t('compare.assessed_by', lang, assessors=', '.join(assessors), dates=when.rstrip('.')))}</div>"
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
            f"<small>{esc(_label(progs[i], lang))}</small></th>"
            for i in idx
        )
        rows = []
        for label in labels:
            cells = []
            for i in idx:
                v = columns[i].get(label)
                if v is None:
                    v = _na(lang) if label == fin_label else dash
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
    return Html(_h2("side_by_side", lang) + f"<p>{esc(t('compare.side_by_side_intro', lang))}</p>" + "".join(tables))


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
        _h2("dimensions", lang)
        + f"<p>{esc(t('compare.dimensions_intro', lang))}</p>"
        + table_html(head, rows, escape=False, classes="cb-table cb-dims")
    )


def _row_label(p: Programme, lang: str) -> str:
    return f"{p.country} · {_short(p, lang, 38)}"


def heatmap(ctx: ComparisonContext) -> Html:
    """Heatmap of scores (programmes x dimensions), with the same numbers as a table; missing cells grey."""
    import matplotlib as mpl
    import numpy as np

    sc, lang = ctx, ctx.lang
    m = ctx.matrix()
    progs = sc.all_programmes
    dims = list(sc.dimensions)
    fig, ax = new_figure(1.1 * len(dims) + 3.8, 0.62 * len(progs) + 1.6)
    cmap = mpl.colormaps["Blues"]
    norm = mpl.colors.Normalize(vmin=-1, vmax=4.5)  # keeps 0 visibly tinted, 4 dark
    for i, p in enumerate(progs):
        for j, d in enumerate(dims):
            cell = m[p.id][d.id]
            if cell.state == "scored":
                colour, text, ink = cmap(norm(cell.score)), str(cell.score), ("white" if cell.score >= 3 else "#1f2328")
            else:
                colour, ink = GREY, "#57606a"
                text = t("compare.not_scored", lang) if cell.state == "unscored" else t("compare.not_assessed", lang)
            ax.add_patch(
                mpl.patches.Rectangle(
                    (j, i),
                    1,
                    1,
                    facecolor=colour,
                    edgecolor="white",
                    linewidth=2,
                    hatch="//" if cell.state == "missing" else None,
                )
            )
            ax.text(
                j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=11, color=ink, gid=f"score-{p.id}-{d.id}"
            )
    ax.set_xlim(0, len(dims))
    ax.set_ylim(len(progs), 0)
    ax.set_xticks(
        np.arange(len(dims)) + 0.5,
        ["\n".join(textwrap.wrap(text_of(d.name, lang), 14, break_long_words=False)) for d in dims],
        fontsize=8,
    )
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(progs)) + 0.5, [_row_label(p, lang) for p in progs], fontsize=8)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    # a rule between countries
    edge = 0
    for c in sc.countries[:-1]:
        edge += len(sc.programmes[c])
        ax.axhline(edge, color="#1f2328", linewidth=1.2)
    alt = t("compare.heatmap_alt", lang, n_prog=len(progs), n_dim=len(dims))
    data = ChartData(
        f"scores-{sc.focal}",
        [t("compare.programme", lang), *[text_of(d.name, lang) for d in dims]],
        [
            [
                f"{country_name(p.country, lang)} · {text_of(p.title, lang)}",
                *[m[p.id][d.id].score if m[p.id][d.id].score is not None else "" for d in dims],
            ]
            for p in progs
        ],
        lang=lang,
        table=False,
    )
    chart = Chart.from_figure(fig, alt=alt, caption=esc(t("compare.heatmap_caption", lang)))

    # the same numbers as a table (screen readers, tests, copy-paste)
    head = [t("compare.programme", lang)] + [text_of(d.name, lang) for d in dims]
    rows = []
    for p in progs:
        cells = [f"{esc(country_name(p.country, lang))} · {esc(text_of(p.title, lang))}"]
        for d in dims:
            cell = m[p.id][d.id]
            attrs = f'data-programme="{esc(p.id)}" data-dimension="{esc(d.id)}" data-state="{cell.state}"'
            if cell.state == "scored":
                cells.append(f'<td class="num" {attrs} data-score="{cell.score}">{cell.score}</td>')
            else:
                key = "not_scored_long" if cell.state == "unscored" else "not_assessed_long"
                cells.append(f'<td class="cb-missing" {attrs}>{esc(t("compare." + key, lang))}</td>')
        rows.append('<tr><th scope="row">' + cells[0] + "</th>" + "".join(cells[1:]) + "</tr>")
    thead = "".join(f"<th>{esc(h)}</th>" for h in head)
    table = (
        f"<details><summary>{esc(t('compare.heatmap_table', lang))}</summary>"
        f'<div class="cb-compare-wrap"><table class="cb-table cb-scores"><thead><tr>{thead}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{data.link()}</details>"
    )
    return Html(
        _h2("heatmap", lang)
        + f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}.</div>'
        + chart._repr_html_()
        + table
    )


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


def rationales(ctx: ComparisonContext) -> Html:
    """Every assessment: score, confidence, what the level requires, rationale, evidence with statuses, review."""
    sc, lang = ctx, ctx.lang
    m = ctx.matrix()
    by_pair = ctx.assessments
    parts = [
        _h2("rationales", lang),
        f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}. '
        f"{esc(t('compare.rationales_intro', lang))}</div>",
    ]
    head = [
        t("compare.programme", lang),
        t("compare.score", lang),
        t("compare.confidence", lang),
        t("compare.level_requires", lang),
        t("compare.rationale", lang),
        t("compare.evidence", lang),
        t("compare.assessor", lang),
    ]
    for d in sc.dimensions:
        rows = []
        for p in sc.all_programmes:
            a = by_pair.get((p.id, d.id))
            cell = m[p.id][d.id]
            label = f"{esc(country_name(p.country, lang))} · {esc(_label(p, lang))}"
            if a is None:
                rows.append(
                    [
                        label,
                        f'<span class="cb-na">{esc(t("compare.not_assessed_long", lang))}</span>',
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
                continue
            score = (
                str(cell.score)
                if cell.score is not None
                else f'<span class="cb-na">{esc(t("compare.not_scored_long", lang))}</span>'
            )
            second = ctx.second.get((p.id, d.id))
            review = t(f"compare.review_{a.review}", lang)
            if second is not None:
                review = t(
                    "compare.second_scored",
                    lang,
                    score=second.score if second.score is not None else "–",
                    assessor=second.assessor,
                )
            who = f"{esc(a.assessor)}, {day(a.date, lang)}<br><small>{esc(review)}</small>"
            rows.append(
                [
                    label,
                    score,
                    _confidence(a, lang) if cell.score is not None else "",
                    _requirement(d, cell.score, ctx),
                    esc(text_of(a.rationale, lang)),
                    _cite_list(a.cites, ctx),
                    who,
                ]
            )
        parts.append(
            f'<h3 id="dim-{esc(d.id)}">{esc(text_of(d.name, lang))}</h3>' + table_html(head, rows, escape=False)
        )
    return Html("".join(parts))


def strength(ctx: ComparisonContext) -> Html:
    """How firm the scores are: confidence, a second assessor's agreement, and how much each gap rests on one score."""
    sc, lang = ctx, ctx.lang
    fname = country_name(sc.focal, lang)
    scored = [a for a in ctx.assessments.values() if a.score is not None]
    counts = {level: sum(a.confidence == level for a in scored) for level in ("high", "medium", "low")}
    parts = [
        _h2("strength", lang),
        f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}.</div>',
        "<p>" + esc(t("compare.strength_confidence", lang, n=len(scored), **counts)) + "</p>",
    ]
    awaiting = sum(a.review == "awaiting_second_assessor" for a in ctx.assessments.values())
    pairs = [
        (a.score, ctx.second[k].score)
        for k, a in ctx.assessments.items()
        if k in ctx.second and a.score is not None and ctx.second[k].score is not None
    ]
    if not ctx.second:
        parts.append(
            "<p>" + esc(t("compare.strength_no_second", lang, n=len(ctx.assessments), awaiting=awaiting)) + "</p>"
        )
    else:
        kappa = compare.weighted_kappa(pairs)
        shown = "–" if kappa is None else num(kappa, lang, 2)
        parts.append("<p>" + esc(t("compare.strength_kappa", lang, n=len(pairs), kappa=shown)) + "</p>")
        progs = {p.id: p for p in sc.all_programmes}
        dims = {d.id: d for d in sc.dimensions}
        rows = []
        for (pid, did), a in ctx.assessments.items():
            b = ctx.second.get((pid, did))
            if b is None or a.score == b.score:
                continue
            rows.append(
                [
                    f"{esc(country_name(progs[pid].country, lang))} · {esc(_label(progs[pid], lang))}",
                    esc(text_of(dims[did].name, lang)),
                    f"{a.score if a.score is not None else '–'} ({esc(a.assessor)})",
                    f"{b.score if b.score is not None else '–'} ({esc(b.assessor)})",
                ]
            )
        if rows:
            head = [t(f"compare.{k}", lang) for k in ("programme", "dimension", "first_assessor", "second_assessor")]
            parts.append(f"<h3>{esc(t('compare.disagreements', lang))}</h3>" + table_html(head, rows, escape=False))
        else:
            parts.append("<p>" + esc(t("compare.no_disagreements", lang)) + "</p>")
    # how much each gap rests on single scores
    of = {c: [p.id for p in sc.programmes[c]] for c in sc.countries}
    m = ctx.matrix()
    rows = []
    for g in ctx.gaps():
        d = next(x for x in sc.dimensions if x.id == g.dimension)
        rng = compare.gap_range(m, sc.focal, list(sc.peers), of, g.dimension)
        if g.gap is None or rng is None:
            rows.append([esc(text_of(d.name, lang)), _na(lang), ""])
            continue
        lo, hi = rng
        firm = t("compare.gap_firm", lang) if lo == hi == g.gap else t("compare.gap_moves", lang, lo=lo, hi=hi)
        rows.append([esc(text_of(d.name, lang)), f"{g.gap:+d}" if g.gap else "0", esc(firm)])
    head = [t("compare.dimension", lang), t("compare.gap_table_gap", lang), t("compare.gap_if_one_moves", lang)]
    parts.append(
        f"<h3>{esc(t('compare.gap_sensitivity', lang, focal=fname))}</h3>"
        f"<p>{esc(t('compare.gap_sensitivity_intro', lang))}</p>" + table_html(head, rows, escape=False)
    )
    return Html("".join(parts))


def gap_chart(ctx: ComparisonContext) -> Html:
    """Focal country against the best peer on each dimension (dumbbell chart and table)."""
    sc, lang = ctx, ctx.lang
    gs = ctx.gaps()
    names = {p.id: p for p in sc.all_programmes}
    fname = country_name(sc.focal, lang)
    fig, ax = new_figure(8.5, 0.55 * len(gs) + 1.4)
    for i, g in enumerate(gs):
        if g.gap is None:
            ax.text(
                2,
                i,
                t("compare.not_available", lang),
                ha="center",
                va="center",
                fontsize=8,
                color="#8c959f",
                style="italic",
            )
            if g.focal.score is not None:
                ax.plot([g.focal.score], [i], "o", color=sc.colour(sc.focal), markersize=9)
            continue
        b = g.best_peer
        ax.plot([g.focal.score, b.score], [i, i], color="#8c959f", linewidth=2, zorder=1)
        ax.plot([b.score], [i], "D", color=sc.colour(b.country), markersize=11, zorder=2)
        ax.plot([g.focal.score], [i], "o", color=sc.colour(sc.focal), markersize=7, zorder=3)
        label = f"{b.country} {b.score}" + (f" (+{g.gap})" if g.gap > 0 else f" ({g.gap})" if g.gap < 0 else " (=)")
        ax.text(4.3, i, label, va="center", fontsize=8, color="#1f2328", gid=f"gap-{g.dimension}")
    dims = {d.id: d for d in sc.dimensions}
    ax.set_yticks(
        range(len(gs)), ["\n".join(textwrap.wrap(text_of(dims[g.dimension].name, lang), 28)) for g in gs], fontsize=8
    )
    ax.set_ylim(len(gs) - 0.5, -0.5)
    ax.set_xlim(-0.3, 5.2)
    ax.set_xticks(range(0, 5))
    ax.set_xlabel(t("compare.gap_xlabel", lang))
    ax.grid(axis="x", color="#eaeef2")
    ax.set_axisbelow(True)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", color=sc.colour(sc.focal), label=fname)]
    handles += [
        Line2D([], [], marker="D", linestyle="", color=sc.colour(c), label=country_name(c, lang)) for c in sc.peers
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.45, -0.12 - 0.4 / max(len(gs), 1)),
        ncol=min(len(handles), 5),
        fontsize=8,
        frameon=False,
    )
    data = ChartData(
        f"gaps-{sc.focal}",
        [
            t("compare.gap_table_dimension", lang),
            t("compare.gap_table_focal", lang, focal=fname),
            t("compare.gap_table_best", lang),
            t("compare.score", lang),
            t("compare.gap_table_gap", lang),
        ],
        [
            [
                text_of(dims[g.dimension].name, lang),
                g.focal.score if g.focal.score is not None else "",
                country_name(g.best_peer.country, lang) if g.best_peer else "",
                g.best_peer.score if g.best_peer else "",
                g.gap if g.gap is not None else "",
            ]
            for g in gs
        ],
        lang=lang,
        table=False,
    )
    chart = Chart.from_figure(
        fig, alt=t("compare.gap_alt", lang, focal=fname), caption=esc(t("compare.gap_caption", lang)), data=data
    )
    rows = []
    for g in gs:
        f = (
            f"{g.focal.score} ({esc(_label(names[g.focal.programme], lang))})"
            if g.focal.score is not None
            else _na(lang)
        )
        b = (
            (
                f"{g.best_peer.score} — {esc(country_name(g.best_peer.country, lang))}, "
                f"{esc(_label(names[g.best_peer.programme], lang))}"
            )
            if g.best_peer
            else _na(lang)
        )
        gap = _na(lang) if g.gap is None else f"{g.gap:+d}" if g.gap else "0"
        rows.append([esc(text_of(dims[g.dimension].name, lang)), f, b, f'<span data-gap="{g.dimension}">{gap}</span>'])
    head = [
        t("compare.gap_table_dimension", lang),
        t("compare.gap_table_focal", lang, focal=fname),
        t("compare.gap_table_best", lang),
        t("compare.gap_table_gap", lang),
    ]
    return Html(
        _h2("gaps", lang, focal=fname)
        + f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}.</div>'
        + chart._repr_html_()
        + table_html(head, rows, escape=False)
    )


def timeline(ctx: ComparisonContext) -> Html:
    """All programmes and their phases on one time axis, coloured by country, drawn no further than dated."""
    sc, lang = ctx, ctx.lang
    periods = []
    for p in sc.all_programmes:
        periods.append(timelines.Period(_row_label(p, lang), p.start_year, p.end_year, sc.colour(p.country)))
        for ph in p.phases:
            periods.append(
                timelines.Period("   " + text_of(ph.name, lang), ph.start, ph.end, sc.colour(p.country), phase=True)
            )
    fig = timelines.draw(periods, [], lang, width=10, label_width=46)
    lo = min(p.start for p in periods)
    hi = timelines.last_dated_year(periods)
    alt = t("compare.timeline_alt", lang, countries=names_list(sc.countries, lang), start=lo, end=hi)
    chart = Chart.from_figure(
        fig,
        alt=alt,
        caption=esc(t("compare.timeline_caption", lang)),
        data=timelines.data(periods, f"timeline-{sc.focal}", lang),
    )
    return Html(_h2("timeline", lang) + chart._repr_html_())


def _reason(c: compare.Converted, lang: str) -> str:
    """Why a financing entry has no US$ amount, in words."""
    if c.reason is None:
        return ""
    if c.reason.startswith("compare."):
        return t(c.reason, lang)
    cur = c.financing.currency if c.financing else ""
    return t(f"compare.reason_{c.reason}", lang, currency=cur, year=c.year if c.year is not None else "")


def _per(fin, lang: str) -> str:
    return t(f"compare.per_{fin.per}", lang)


def _scope(fin, lang: str) -> str:
    return t(f"compare.scope_{fin.scope}", lang)


def financing(ctx: ComparisonContext) -> Html:
    """Financing in US$ compared like with like: annual budgets apart from multi-year totals and whole loans.

    Each amount says what it covers and per what; a share of GDP is given for annual amounts only;
    conflicting claims of one amount are one range with every source; per-unit amounts stay in the table.
    """
    sc, lang = ctx, ctx.lang
    cite = ctx.cite
    rates = indicators.fx_rates()
    gdp = indicators.gdp_usd()
    conv = [c for p in sc.all_programmes for c in compare.convert_financing(p, rates, gdp)]
    progs = {p.id: p for p in sc.all_programmes}
    rows = []
    for c in conv:
        p = progs[c.programme]
        fin = c.financing
        why = _reason(c, lang)
        note = f'<br><span class="cb-na">{esc(why)}</span>' if why else ""
        first = [esc(country_name(p.country, lang)), esc(_label(p, lang))]
        if fin is None:
            rows.append(first + [_na(lang, why) + note, "", "", "", "", _na(lang, why), "", ""])
            continue
        year = str(c.year) if c.year is not None else _na(lang, why)
        rate = f"{significant(c.rate, lang, 6)} {esc(fin.currency)}" if c.rate is not None else ""
        if c.usd is None:
            usd = _na(lang, why)
        else:
            usd = f'<span data-usd="{c.usd:.6f}">{_num(c.usd / 1e6, 2, lang)}</span>'  # the Per column says per what
        if c.pct_gdp is not None:
            pct = num(c.pct_gdp, lang, 4)
        elif fin.per == "year" and c.usd is not None:
            pct = _na(lang)
        else:
            pct = f'<span class="cb-na" title="{esc(t("compare.fin_pct_annual_only", lang))}">–</span>'
        per = esc(_per(fin, lang)) + (f" ({esc(text_of(fin.per_unit, lang))})" if fin.per_unit else "")
        status = "" if fin.status.value == "verified" else " " + badge(fin.status, lang)
        rows.append(
            first
            + [
                esc(financing_text(fin, lang)) + note,
                esc(_scope(fin, lang)),
                per,
                year,
                rate,
                usd,
                pct,
                " ".join(cite(s) for s in fin.all_sources) + status,
            ]
        )
    head = [
        t(f"compare.fin_{k}", lang)
        for k in ("country", "programme", "stated", "scope", "per", "year", "rate", "usd", "pct", "source")
    ]
    table = table_html(
        head,
        rows,
        escape=False,
        caption=esc(t("compare.source_line", lang, citation=indicators.citations(indicators.FX, indicators.GDP))),
    )
    chart = _financing_chart(ctx, conv, progs)
    unit_only = [p for p in sc.all_programmes if p.financing and all(f.per == "unit" for f in p.financing)]
    notes = ""
    if unit_only:
        names = ", ".join(f"{country_name(p.country, lang)} · {_label(p, lang)}" for p in unit_only)
        notes = f'<p class="cb-na">{esc(t("compare.fin_unit_only_note", lang, names=names))}</p>'
    return Html(
        _h2("financing", lang)
        + f"<p>{esc(t('compare.financing_intro', lang))}</p>"
        + table
        + (chart._repr_html_() if chart else "")
        + notes
    )


def _financing_chart(ctx: ComparisonContext, conv: list, progs: dict) -> Chart | None:
    """Two panels that are never read against each other: annual budgets, and totals or whole loans."""
    sc, lang = ctx, ctx.lang
    items = compare.amounts(conv)
    annual = [a for a in items if a.per == "year"]
    totals = [a for a in items if a.per == "total"]
    panels = [(k, v) for k, v in (("annual", annual), ("totals", totals)) if v]
    if not panels:
        return None
    import matplotlib.pyplot as plt

    ratios = [len(v) + 1.2 for _, v in panels]
    with plt.rc_context({"figure.dpi": 100}):
        fig, axes = new_figure(
            10, 0.42 * sum(ratios) + 1.2, nrows=len(panels), squeeze=False, gridspec_kw={"height_ratios": ratios}
        )
    for ax, (kind, group) in zip(axes[:, 0], panels):
        top = max(a.high for a in group) / 1e6
        labels = []
        for i, a in enumerate(group):
            p = progs[a.programme]
            fin = a.items[0].financing
            year = a.year if a.year is not None else t("compare.fin_no_year", lang)
            labels.append(f"{p.country} · {_short(p, lang, 30)} · {year}\n{_scope(fin, lang)}")
            colour = sc.colour(a.country)
            ax.barh(i, a.low / 1e6, color=colour, height=0.6)
            text = _num(a.low / 1e6, 2, lang)
            if a.is_range:
                ax.barh(
                    i,
                    (a.high - a.low) / 1e6,
                    left=a.low / 1e6,
                    color="white",
                    edgecolor=colour,
                    hatch="////",
                    height=0.6,
                )
                disagree = t("compare.fin_sources_disagree", lang)
                text = f"{_num(a.low / 1e6, 2, lang)}–{_num(a.high / 1e6, 2, lang)} ({disagree})"
            if a.low_pct is not None:
                pct = (
                    num(a.low_pct, lang, 4)
                    if not a.is_range
                    else f"{num(a.low_pct, lang, 4)}–{num(a.high_pct, lang, 4)}"
                )
                text += f"  ·  {pct}% {t('compare.fin_of_gdp', lang)}"
            ax.text(a.high / 1e6 + top * 0.02, i, text, va="center", fontsize=7)
        ax.set_yticks(range(len(group)), labels, fontsize=7)
        ax.set_ylim(len(group) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.9)
        ax.set_title(t(f"compare.fin_panel_{kind}", lang), loc="left", fontsize=9)
        ax.set_xlabel(t(f"compare.fin_axis_{kind}", lang), fontsize=8)
        ax.grid(axis="x", color="#eaeef2")
        ax.set_axisbelow(True)
    fig.tight_layout()
    caption = (
        esc(t("compare.fin_chart_caption", lang))
        + " "
        + esc(t("compare.source_line", lang, citation=indicators.citations(indicators.FX, indicators.GDP)))
    )
    rows = []
    for kind, group in panels:
        for a in group:
            fin = a.items[0].financing
            rows.append(
                [
                    country_name(a.country, lang),
                    _label(progs[a.programme], lang),
                    t(f"compare.fin_panel_{kind}", lang),
                    _scope(fin, lang),
                    a.year if a.year is not None else "",
                    round(a.low / 1e6, 3),
                    round(a.high / 1e6, 3),
                    "" if a.low_pct is None else round(a.low_pct, 4),
                    "" if a.high_pct is None else round(a.high_pct, 4),
                ]
            )
    cols = [t(f"compare.fin_{k}", lang) for k in ("country", "programme", "per", "scope", "year")] + [
        t("compare.fin_data_usd_low", lang),
        t("compare.fin_data_usd_high", lang),
        t("compare.fin_data_pct_low", lang),
        t("compare.fin_data_pct_high", lang),
    ]
    data = ChartData(f"financing-{sc.focal}", cols, rows, lang=lang)
    return Chart.from_figure(fig, alt=t("compare.fin_chart_alt", lang), caption=caption, data=data)


def sector_mix(ctx: ComparisonContext) -> Html:
    """Sector mix as shares where a source counts clusters by sector; other programmes' sectors listed."""
    sc, lang = ctx, ctx.lang
    cite = ctx.cite
    parts = [_h2("sectors", lang), f"<p>{esc(t('compare.sectors_intro', lang))}</p>"]
    charted = False
    for c in sc.countries:
        for _c, _name, meta, df in [x for x in sc.sector_tables if x[0] == c]:
            label_col, value_col = meta.columns[0].name, meta.columns[-1].name
            counts = OrderedDict((str(k), float(v)) for k, v in zip(df[label_col], df[value_col]))
            sh = compare.shares(counts)
            if not sh:
                continue
            charted = True
            fig, ax = new_figure(8, 0.3 * len(sh) + 1.3)
            vals = [100 * v for v in sh.values()]
            ax.barh(range(len(sh)), vals, color=sc.colour(c))
            for i, v in enumerate(vals):
                ax.text(v + 0.5, i, percent(v / 100, lang, 1), va="center", fontsize=7)
            ax.set_yticks(range(len(sh)), list(sh), fontsize=8)
            ax.set_ylim(len(sh) - 0.5, -0.5)
            ax.set_xlabel(t("compare.sectors_xlabel", lang))
            total = sum(counts.values())
            ax.set_title(
                f"{country_name(c, lang)}: {text_of(meta.title, lang)} (n = {num(total, lang, 0)})",
                loc="left",
                fontsize=9,
            )
            src = sc.sources[meta.source]
            caption = (
                esc(t("compare.source_line", lang, citation=src.title))
                + " "
                + cite(meta.source)
                + " "
                + badge(meta.status, lang)
            )
            data = ChartData(
                f"sectors-{c}",
                [
                    text_of(meta.columns[0].description, lang),
                    t("compare.sectors_count", lang),
                    t("compare.sectors_xlabel", lang),
                ],
                [
                    [k, int(counts[k]) if counts[k].is_integer() else counts[k], round(100 * v, 1)]
                    for k, v in sh.items()
                ],
                lang=lang,
            )
            parts.append(
                Chart.from_figure(fig, alt=text_of(meta.title, lang), caption=caption, data=data)._repr_html_()
            )
    if not charted:
        parts.append(f'<p class="cb-na">{esc(t("compare.sectors_none", lang))}</p>')
    items = []
    for p in sc.all_programmes:
        if p.main_sectors:
            sectors = "; ".join(text_of(s, lang) for s in p.main_sectors)
            items.append(
                f"<li><b>{esc(country_name(p.country, lang))} · {esc(_label(p, lang))}</b>: "
                f"{esc(sectors)} {' '.join(cite(s) for s in p.sources)}</li>"
            )
        else:
            items.append(f"<li><b>{esc(country_name(p.country, lang))} · {esc(_label(p, lang))}</b>: {_na(lang)}</li>")
    parts.append(f"<h3>{esc(t('compare.sectors_listed', lang))}</h3><ul>{''.join(items)}</ul>")
    return Html("".join(parts))


#: Context indicators: (locale key, series for the values, series cited).
CONTEXT = [
    ("ind_gdppc", None, (indicators.GDP, indicators.POPULATION)),
    ("ind_rnd", indicators.RND, (indicators.RND,)),
    ("ind_hightech", indicators.HIGHTECH, (indicators.HIGHTECH,)),
    ("ind_industry", indicators.INDUSTRY, (indicators.INDUSTRY,)),
]


def context_indicators(ctx: ComparisonContext) -> Html:
    """A panel of country indicators over time for the focal country and its peers, each with its source."""
    from matplotlib import ticker as mpl_ticker

    sc, lang = ctx, ctx.lang
    parts = [_h2("context", lang), f"<p>{esc(t('compare.context_intro', lang))}</p>"]
    for key, name, cited in CONTEXT:
        data = indicators.gdp_per_capita(sc.countries) if name is None else indicators.series(name, sc.countries)
        fig, ax = new_figure(8, 3.4)
        for c in sc.countries:
            pts = dict(data[c])
            if not pts:
                continue
            xs = list(range(min(pts), max(pts) + 1))
            ys = [pts.get(x, float("nan")) for x in xs]  # a year without data is a gap in the line
            ax.plot(
                xs,
                ys,
                linewidth=2.6 if c == sc.focal else 1.4,
                color=sc.colour(c),
                label=country_name(c, lang),
            )
            alone = [x for x in pts if x - 1 not in pts and x + 1 not in pts]  # a year between gaps: a dot
            if alone:
                ax.plot(alone, [pts[x] for x in alone], "o", markersize=3, color=sc.colour(c))
        ax.set_title(t(f"compare.{key}", lang), loc="left")
        ax.yaxis.set_major_formatter(
            mpl_ticker.FuncFormatter(lambda v, _: num(v, lang, 0) if abs(v) >= 1000 else num(v, lang))
        )
        ax.xaxis.set_major_locator(mpl_ticker.MaxNLocator(integer=True))
        ax.grid(color="#eaeef2")
        ax.set_axisbelow(True)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        caption = esc(t("compare.source_line", lang, citation=indicators.citations(*cited)))
        if name is None:
            caption = esc(t("compare.ind_gdppc_note", lang)) + " " + caption
        caveats = [cv for n in cited for cv in indicators.read_series(n)[0].caveats]
        if caveats and name is not None:
            caption += f" <i>{esc(t('compare.ind_caveats', lang))}</i> " + " ".join(esc(cv) for cv in caveats)
        alt = t("compare.ind_alt", lang, indicator=t(f"compare.{key}", lang), countries=names_list(sc.countries, lang))
        years = sorted({y for c in sc.countries for y in data[c]})
        table = ChartData(
            f"{key}-{sc.focal}",
            [t("compare.indicator_year", lang), *[country_name(c, lang) for c in sc.countries]],
            [[y, *[round(data[c][y], 4) if y in data[c] else "" for c in sc.countries]] for y in years],
            lang=lang,
        )
        parts.append(Chart.from_figure(fig, alt=alt, caption=caption, data=table)._repr_html_())
    return Html("".join(parts))


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
    parts = [_h2("lessons", lang, focal=fname)]
    if not ctx.recommendations:
        parts.append(f"<p>{esc(t('compare.recommendations_none', lang, focal=fname))}</p>")
        return Html("".join(parts))
    parts.append(f'<div class="cb-assessment">{esc(t("compare.recommendations_intro", lang, focal=fname))}</div>')
    for r in ctx.recommendations:
        d = dims[r.dimension]
        g = gaps.get(r.dimension)
        if g is not None and g.gap is not None and g.best_peer is not None:
            best = progs[g.best_peer.programme]
            gap = t(
                "compare.recommendation_gap",
                lang,
                focal=fname,
                score=g.focal.score,
                gap=g.gap,
                peer=country_name(best.country, lang),
                programme=_label(best, lang),
                peer_score=g.best_peer.score,
            )
        else:
            gap = t("compare.recommendation_no_gap", lang)
        status = t(f"compare.recommendation_{r.status}", lang)
        parts.append(
            f'<div class="cb-recommendation" id="rec-{esc(r.id)}"><h3>{esc(text_of(d.name, lang))}</h3>'
            f'<p class="cb-gap">{esc(gap)}</p><p><b>{esc(text_of(r.text, lang))}</b></p>'
            f"<p><i>{esc(t('compare.recommendation_evidence', lang))}</i> {_cite_list(r.cites, ctx)}</p>"
            f'<p class="cb-meta-line">'
            f"{esc(t('compare.recommendation_by', lang, author=r.author, date=day(r.date, lang), status=status))}"
            "</p></div>"
        )
    return Html("".join(parts))


def notes(ctx: ComparisonContext) -> Html:
    """The notes and quotes behind the brief's figures, numbered as their markers."""
    return notes_section(ctx.cite, ctx.sources, ctx.lang)


def sources(ctx: ComparisonContext) -> Html:
    """The numbered list of every source the comparison brief cites."""
    return source_list(ctx.cite.order, ctx.sources, ctx.lang, heading=t("compare.sources", ctx.lang))
