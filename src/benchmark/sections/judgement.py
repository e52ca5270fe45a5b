"""The judgement sections of the comparison brief: the assessments, how firm they are, and the history.

Each takes the context of :func:`benchmark.sections.comparison.prepare`. Who assessed is said once per
section (a role and an organisation, ``data/assessments/assessors.yaml``), not on every row; where a blind
second assessor scored the same pair, the row shows both scores and, for disagreements of two levels or
more, the adjudicated one. The agreement figures come from :mod:`benchmark.analysis.agreement`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import agreement as ag
from ..analysis import compare
from ..core.text import t
from ..inputs import assessments as assess_io
from ..inputs.countries import country_name
from ..inputs.schemas import Assessment, text_of
from .citations import day, num
from .comparison import (
    ComparisonContext,
    _cite_list,
    _confidence,
    _requirement,
    programme_label,
    section_heading,
    unavailable,
)
from .display import Html, esc, table_html

# --- data (for the sections and the key-messages helper) -------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """Who assessed the comparison's pairs and how far two assessors agree."""

    first: tuple[str, ...]
    """Ids of the assessors whose scores the brief shows (before adjudication)."""
    second: tuple[str, ...]
    """Ids of the blind second assessors (empty: one assessor only)."""
    per_dimension: dict[str, ag.Agreement]
    """Agreement per dimension id (empty with one assessor)."""
    overall: ag.Agreement | None
    """Agreement over every pair both scored (None with one assessor)."""
    adjudicated: tuple[tuple[str, str], ...]
    """Pairs with an adjudication (two or more levels apart, or one scored and one not)."""
    unadjudicated: tuple[tuple[str, str], ...]
    """Pairs two or more levels apart still without one."""
    one_apart: tuple[tuple[str, str], ...]
    """Pairs one level apart (the first assessor's score stands)."""
    scored_once: tuple[tuple[str, str], ...] = ()
    """Pairs one assessor scored and the other left unscored, not adjudicated (the first assessor's stands)."""


def judgement(ctx: ComparisonContext) -> Judgement:
    """The assessors, their agreement per dimension and overall, and the disagreements.

    Agreement is measured over every pair the blind second assessor scored (all the programmes the
    workbook compares, not only this brief's), so that each dimension rests on more than a handful of
    pairs; the disagreements listed are those of this brief's programmes.
    """
    first = tuple(dict.fromkeys(a.assessor for a in ctx.first.values()))
    second = tuple(dict.fromkeys(a.assessor for a in ctx.second.values()))
    if not ctx.second:
        return Judgement(first, (), {}, None, (), (), ())
    everything = ag.paired(
        {(a.programme, a.dimension): a.score for a in assess_io.load_assessments()},
        {(b.programme, b.dimension): b.score for b in assess_io.load_second_assessments()},
    )
    dims = set(ctx.dimension_ids)
    per, overall = ag.by_group({k: v for k, v in everything.items() if k[1] in dims})
    items = ag.paired(
        {k: a.score for k, a in ctx.first.items() if k in ctx.assessments},
        {k: b.score for k, b in ctx.second.items()},
    )
    order = {d: i for i, d in enumerate(ctx.dimension_ids)}
    per = dict(sorted(per.items(), key=lambda kv: order.get(kv[0], len(order))))
    far = ag.to_adjudicate(items)
    near = tuple(k for k, (a, b) in items.items() if a is not None and b is not None and abs(a - b) == 1)
    once = tuple(k for k, (a, b) in items.items() if (a is None) != (b is None) and k not in ctx.adjudications)
    return Judgement(
        first,
        second,
        per,
        overall,
        tuple(k for k in items if k in ctx.adjudications),
        tuple(k for k in far if k not in ctx.adjudications),
        near,
        once,
    )


def focal_unscored(ctx: ComparisonContext) -> list[tuple[str, int]]:
    """Dimensions where the focal country has no score but a peer has: (dimension id, the best peer's score).

    The gap there is not measured; it says how much of the comparison the focal country's evidence leaves open.
    """
    return [
        (g.dimension, g.best_peer.score)
        for g in ctx.gaps()
        if g.focal.score is None and g.best_peer is not None and g.best_peer.score is not None
    ]


def names(ids, lang: str) -> str:
    """Assessors' roles and organisations, joined."""
    return "; ".join(assess_io.assessor_name(i, lang) for i in ids)


def who_line(ctx: ComparisonContext) -> str:
    """One sentence on who assessed: one assessor (awaiting a second), or two with the blind protocol."""
    lang, j = ctx.lang, judgement(ctx)
    if not j.second:
        return t("compare.one_assessor", lang, assessor=names(j.first, lang))
    adjudicators = tuple(dict.fromkeys(x.adjudicator for x in ctx.adjudications.values()))
    out = t("compare.two_assessors", lang, first=names(j.first, lang), second=names(j.second, lang))
    if adjudicators:
        out += " " + t("compare.adjudicated_by", lang, adjudicator=names(adjudicators, lang))
    return out


def _score(v: int | None) -> str:
    return "–" if v is None else str(v)


def scores_cell(ctx: ComparisonContext, key: tuple[str, str], shown: Assessment) -> str:
    """A row's score: the score the brief uses, and both assessors' where they differ."""
    lang = ctx.lang
    main = (
        str(shown.score)
        if shown.score is not None
        else f'<span class="cb-na">{esc(t("compare.not_scored_long", lang))}</span>'
    )
    a, b = ctx.first.get(key), ctx.second.get(key)
    if a is None or b is None or a.score == b.score:
        return main
    if key in ctx.adjudications:
        note = t("compare.score_adjudicated", lang, a=_score(a.score), b=_score(b.score))
    elif a.score is not None and b.score is not None and abs(a.score - b.score) == 1:
        note = t("compare.score_one_apart", lang, a=_score(a.score), b=_score(b.score))
    else:
        note = t("compare.score_differ", lang, a=_score(a.score), b=_score(b.score))
    return f"{main}<br><small>{esc(note)}</small>"


# --- sections ---------------------------------------------------------------------------------------


def rationales(ctx: ComparisonContext) -> Html:
    """Every assessment: score (both assessors' where they differ), confidence, what the level requires, evidence."""
    lang = ctx.lang
    m = ctx.matrix()
    parts = [
        section_heading("rationales", lang),
        f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}. '
        f"{esc(t('compare.rationales_intro', lang))} {esc(who_line(ctx))}</div>",
    ]
    head = [
        t("compare.programme", lang),
        t("compare.score", lang),
        t("compare.confidence", lang),
        t("compare.level_requires", lang),
        t("compare.rationale", lang),
        t("compare.evidence", lang),
        t("compare.date", lang),
    ]
    for d in ctx.dimensions:
        rows = []
        for p in ctx.all_programmes:
            a = ctx.assessments.get((p.id, d.id))
            label = f"{esc(country_name(p.country, lang))} · {esc(programme_label(p, lang))}"
            if a is None:
                rows.append(
                    [label, f'<span class="cb-na">{esc(t("compare.not_assessed_long", lang))}</span>'] + [""] * 5
                )
                continue
            cell = m[p.id][d.id]
            rows.append(
                [
                    label,
                    scores_cell(ctx, (p.id, d.id), a),
                    _confidence(a, lang) if cell.score is not None else "",
                    _requirement(d, cell.score, ctx),
                    esc(text_of(a.rationale, lang)),
                    _cite_list(a.cites, ctx),
                    day(a.date, lang),
                ]
            )
        parts.append(
            f'<h3 id="dim-{esc(d.id)}">{esc(text_of(d.name, lang))}</h3>' + table_html(head, rows, escape=False)
        )
    return Html("".join(parts))


def _share(v: float | None, lang: str) -> str:
    return "–" if v is None else num(100 * v, lang, 0) + " %"


def _kappa(a: ag.Agreement, lang: str) -> str:
    if a.kappa is None:
        return "–"
    out = num(a.kappa, lang, 2)
    if a.low is not None and a.high is not None:
        out += f" ({num(a.low, lang, 2)} – {num(a.high, lang, 2)})"
    return out


def _agreement_row(label: str, a: ag.Agreement, lang: str) -> list[str]:
    return [esc(label), str(a.n), _share(a.exact, lang), _share(a.adjacent, lang), _kappa(a, lang), str(a.one_unscored)]


def strength(ctx: ComparisonContext) -> Html:
    """How firm the scores are: confidence, the two assessors' agreement and adjudications, and each gap's range."""
    lang = ctx.lang
    fname = country_name(ctx.focal, lang)
    scored = [a for a in ctx.assessments.values() if a.score is not None]
    counts = {level: sum(a.confidence == level for a in scored) for level in ("high", "medium", "low")}
    parts = [
        section_heading("strength", lang),
        f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}.</div>',
        "<p>" + esc(t("compare.strength_confidence", lang, n=len(scored), **counts)) + "</p>",
        "<p>" + esc(who_line(ctx)) + "</p>",
    ]
    j = judgement(ctx)
    dims = {d.id: d for d in ctx.dimensions}
    progs = {p.id: p for p in ctx.all_programmes}
    if j.overall is not None:
        head = [t(f"compare.agreement_{k}", lang) for k in ("dimension", "n", "exact", "adjacent", "kappa", "unscored")]
        rows = [_agreement_row(text_of(dims[d].name, lang), a, lang) for d, a in j.per_dimension.items()]
        rows.append(_agreement_row(t("compare.agreement_overall", lang), j.overall, lang))
        n_prog = len({b.programme for b in assess_io.load_second_assessments()})
        parts.append(
            f"<h3>{esc(t('compare.agreement_heading', lang))}</h3>"
            f"<p>{esc(t('compare.agreement_intro', lang, programmes=n_prog))}</p>"
            + table_html(head, rows, escape=False)
            + f"<p>{esc(t('compare.agreement_caveat', lang))}</p>"
        )
        rows = []
        for key in j.adjudicated:
            adj = ctx.adjudications[key]
            pid, did = key
            shown = "–" if adj.score is None else str(adj.score)
            rows.append(
                [
                    f"{esc(country_name(progs[pid].country, lang))} · {esc(programme_label(progs[pid], lang))}",
                    esc(text_of(dims[did].name, lang)),
                    _score(adj.first),
                    _score(adj.second),
                    shown,
                    esc(text_of(adj.reason, lang)) + " " + _cite_list(adj.cites, ctx),
                ]
            )
        for key in j.unadjudicated:
            pid, did = key
            rows.append(
                [
                    f"{esc(country_name(progs[pid].country, lang))} · {esc(programme_label(progs[pid], lang))}",
                    esc(text_of(dims[did].name, lang)),
                    _score(ctx.first[key].score),
                    _score(ctx.second[key].score),
                    _score(ctx.first[key].score),
                    f'<span class="cb-na">{esc(t("compare.adjudication_pending", lang))}</span>',
                ]
            )
        head = [t(f"compare.adjudication_{k}", lang) for k in ("programme", "dimension", "a", "b", "score", "reason")]
        parts.append(f"<h3>{esc(t('compare.adjudications_heading', lang))}</h3>")
        if rows:
            parts.append(table_html(head, rows, escape=False))
        else:
            parts.append(f"<p>{esc(t('compare.adjudications_none', lang))}</p>")
        parts.append(f"<p>{esc(t('compare.one_apart_line', lang, n=len(j.one_apart), once=len(j.scored_once)))}</p>")
    # how much each gap rests on single scores
    of = {c: [p.id for p in ctx.programmes[c]] for c in ctx.countries}
    m = ctx.matrix()
    rows = []
    for g in ctx.gaps():
        d = dims[g.dimension]
        rng = compare.gap_range(m, ctx.focal, list(ctx.peers), of, g.dimension)
        if g.gap is None or rng is None:
            rows.append([esc(text_of(d.name, lang)), unavailable(lang), ""])
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


def history(ctx: ComparisonContext) -> Html:
    """The focal country's earlier programmes on the same scales, as history (not counted in the gaps).

    Empty when the comparison is of the launch period, or the focal country has no earlier programme.
    """
    lang = ctx.lang
    if not ctx.history:
        return Html("")
    fname = country_name(ctx.focal, lang)
    head = [t("compare.dimension", lang)] + [programme_label(p, lang) for p in ctx.history]
    rows = []
    for d in ctx.dimensions:
        row = [esc(text_of(d.name, lang))]
        for p in ctx.history:
            a = ctx.history_assessments.get((p.id, d.id))
            if a is None:
                row.append(f'<span class="cb-na">{esc(t("compare.not_assessed_long", lang))}</span>')
                continue
            score = scores_cell(ctx, (p.id, d.id), a)
            row.append(f"{score} {_confidence(a, lang) if a.score is not None else ''}<br>{_cite_list(a.cites, ctx)}")
        rows.append(row)
    years = ", ".join(f"{p.start_year}–{p.end_year}" if p.end_year else f"{p.start_year}–" for p in ctx.history)
    return Html(
        section_heading("history", lang, focal=fname)
        + f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}. '
        f"{esc(t('compare.history_intro', lang, focal=fname, years=years))}</div>"
        + table_html([esc(h) for h in head], rows, escape=False)
    )
