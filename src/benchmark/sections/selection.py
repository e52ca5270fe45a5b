"""The competition brief's selection workbench: criteria and weights, the ranking, how far the experts agree,
and how robust the shortlist is to the weights.

Each section takes the competition's prepared context (:func:`benchmark.sections.competition.prepare`);
the arithmetic is ``benchmark.analysis.scoring``.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd

from ..analysis import scoring
from ..analysis.scoring import Selection
from ..core.text import number, percent
from ..inputs import competition as inputs
from ..inputs.competition import METHOD_SOURCES, RULES_FACTS, RULES_QUESTION
from ..inputs.schemas import text_of
from .citations import fact_value
from .competition import (
    COLOURS,
    MAX_LISTED,
    OUTLIER_RHO,
    CompetitionContext,
    illustrative_banner,
    name_list,
    paragraph,
    phrase,
    score_text,
    section_heading,
    titled,
    weight_text,
)
from .display import RC, Chart, ChartData, Html, esc, new_figure, table_html

# --- criteria -------------------------------------------------------------------------------------


def criteria_table(ctx: CompetitionContext) -> Html:
    """The selection criteria with their (possibly overridden) weights, scales and sources."""
    cs, lang, cite = ctx.criteria, ctx.lang, ctx.cite
    w = ctx.weights
    base = inputs.weights_of(cs, None)
    rows = []
    for c in cs.criteria:
        weight = weight_text(w[c.id], lang)
        if abs(w[c.id] - base[c.id]) > 1e-12:
            weight += " " + phrase("criteria_weight_changed", lang, default=weight_text(base[c.id], lang))
        scale = f"{c.scale.min:g}–{c.scale.max:g}"
        if c.scale.labels:
            scale += " (" + "; ".join(f"{k} = {text_of(v, lang)}" for k, v in sorted(c.scale.labels.items())) + ")"
        srcs = " ".join(cite(s) for s in c.sources)
        basis = f"<br><small>{esc(text_of(c.basis, lang))}</small>" if c.basis else ""
        rows.append(
            [
                f"<b>{esc(text_of(c.name, lang))}</b><br><small>{esc(phrase('criteria_id', lang))}: "
                f"<code>{esc(c.id)}</code></small>",
                esc(text_of(c.description, lang)),
                weight,
                esc(scale),
                srcs + basis,
            ]
        )
    header = [
        phrase(k, lang)
        for k in ("criteria_name", "criteria_description", "criteria_weight", "criteria_scale", "criteria_sources")
    ]
    note = (
        f'<p class="cb-note"><b>{esc(phrase("criteria_default_note", lang))}</b></p>'
        if cs.status == "default"
        else paragraph(text_of(cs.note, lang))
    )
    return titled(section_heading("criteria", lang), _official_rules(ctx), note, table_html(header, rows, escape=False))


def _official_rules(ctx: CompetitionContext) -> str:
    """What is known of the official rules: the order that approved them, its repeal, what replaced it, and
    that their criteria were not found (the same facts the comparison's assessment of selection cites)."""
    lang = ctx.lang
    items = []
    for fid in RULES_FACTS:
        f = ctx.facts.get(fid)
        if f is not None:
            items.append(
                f"<li>{esc(text_of(f.label, lang))}: <b>{esc(fact_value(f, lang))}</b>{ctx.cite.claim(f, lang)}</li>"
            )
    q = ctx.questions.get(RULES_QUESTION)
    if q is not None:
        known = f" {esc(text_of(q.known, lang))}" + (f" {ctx.cite(q.source)}" if q.source else "") if q.known else ""
        items.append(
            f'<li><span class="cb-status cb-status-open">{esc(phrase("funnel_open", lang))}</span> '
            f"{esc(text_of(q.question, lang))}{known}</li>"
        )
    if not items:
        return ""
    return f"<h3>{esc(phrase('rules_heading', lang))}</h3><ul>{''.join(items)}</ul>"


# --- ranking --------------------------------------------------------------------------------------


def ranking(ctx: CompetitionContext) -> Html:
    """Ranking by the mean and by the median, the top ``n_select`` with ties reported."""
    sheet, lang, n_select = ctx.sheet, ctx.lang, ctx.n_select
    mean = ctx.scores("mean")
    median = ctx.scores("median")
    sel = scoring.select_top(mean, n_select)
    msel = scoring.select_top(median, n_select)
    r_mean, r_med = scoring.rank(mean), scoring.rank(median)
    order = sorted(sheet.applications, key=lambda a: (r_mean[a], -median[a], a))
    rest: list[str] = []
    if len(order) > MAX_LISTED:
        # the contenders: everyone up to the cut-off and its ties, the median's picks, and the next ten
        keep = set(sel.selected) | set(sel.tied) | set(msel.selected) | set(msel.tied)
        cut = len(sel.selected) + len(sel.tied) + 10
        shown = [a for i, a in enumerate(order) if i < cut or a in keep]
        rest = [a for a in order if a not in set(shown)]
        order = shown
    rows = []
    for a in order:
        status = "selected" if a in sel.selected else "tied" if a in sel.tied else "out"
        mark = phrase(f"status_{status}", lang)
        cls = {"selected": "<b>{}</b>", "tied": "<b>⚠ {}</b>", "out": "{}"}[status]
        rows.append(
            [
                str(r_mean[a]),
                esc(a),
                score_text(mean[a], lang=lang),
                str(r_med[a]),
                score_text(median[a], lang=lang),
                cls.format(esc(mark)),
            ]
        )
    header = [
        phrase(k, lang)
        for k in (
            "ranking_rank_mean",
            "ranking_application",
            "ranking_score_mean",
            "ranking_rank_median",
            "ranking_score_median",
        )
    ]
    header.append(phrase("ranking_status", lang, n=n_select))
    caption = esc(phrase("illustrative_short", lang)) if sheet.illustrative else ""
    parts: list[str | Chart] = [illustrative_banner(ctx), paragraph(phrase("ranking_method", lang))]
    parts.append(_selection_text(sel, len(sheet.applications), lang))
    mset, sset = set(msel.selected) | set(msel.tied), set(sel.selected) | set(sel.tied)
    if mset == sset and not msel.tied and not sel.tied:
        parts.append(paragraph(phrase("median_same", lang, n=n_select)))
    else:
        tie = phrase("median_tie", lang, tied=name_list(msel.tied, lang), seats=msel.seats_left) if msel.tied else ""
        diff = sorted(mset ^ sset)
        parts.append(
            paragraph(
                phrase(
                    "median_differs",
                    lang,
                    n=n_select,
                    names=name_list(msel.selected, lang),
                    tie=tie,
                    diff=name_list(diff, lang),
                )
            )
        )
    if rest:
        lo, hi = min(mean[a] for a in rest), max(mean[a] for a in rest)
        rows.append(
            [
                f"{r_mean[rest[0]]}–{r_mean[rest[-1]]}",
                f"<i>{esc(phrase('ranking_more', lang, n=len(rest)))}</i>",
                f"{score_text(lo, lang=lang)}–{score_text(hi, lang=lang)}",
                "",
                "",
                "",
            ]
        )
    parts.append(table_html(header, rows, caption=caption, escape=False))
    if rest:
        parts.append(_score_distribution(ctx, mean, sel))
    return titled(section_heading("ranking", lang), *parts)


def _score_distribution(ctx: CompetitionContext, mean: pd.Series, sel: Selection) -> Chart:
    """Histogram of every application's weighted score, with the cut-off of the top n marked."""
    import matplotlib

    lang = ctx.lang
    counts, edges = np.histogram(mean.to_numpy(), bins=40)
    with matplotlib.rc_context(RC):
        fig, ax = new_figure(8, 2.8)
        ax.stairs(counts, edges, fill=True, color=COLOURS["out"])
        if sel.cutoff is not None:
            ax.axvline(sel.cutoff, color=COLOURS["selected"], linestyle="--", linewidth=1.2)
        ax.set_xlabel(phrase("ranking_score_mean", lang))
        ax.set_ylabel(phrase("ranking_distribution_ylabel", lang))
        ax.set_title(phrase("ranking_distribution_title", lang, count=len(mean), n=ctx.n_select), loc="left")
    caption = esc(phrase("illustrative_short", lang)) if ctx.illustrative else ""
    alt = phrase(
        "ranking_distribution_alt",
        lang,
        count=len(mean),
        n=ctx.n_select,
        cutoff=score_text(sel.cutoff, lang=lang) if sel.cutoff is not None else "–",
    )
    data = ChartData(
        "score-distribution",
        [
            phrase("ranking_distribution_from", lang),
            phrase("ranking_distribution_to", lang),
            phrase("ranking_distribution_ylabel", lang),
        ],
        [[round(a, 2), round(b, 2), int(n)] for a, b, n in zip(edges[:-1], edges[1:], counts)],
        lang=lang,
    )
    return Chart.from_figure(fig, alt=alt, caption=caption, data=data)


def _selection_text(sel: Selection, count: int, lang: str) -> str:
    if sel.n >= count:
        return paragraph(phrase("selection_all", lang, count=count, n=sel.n))
    if sel.resolved:
        return paragraph(phrase("selection_clear", lang, n=sel.n, names=name_list(sel.selected, lang)))
    text = phrase(
        "selection_tie",
        lang,
        n=sel.n,
        names=name_list(sel.selected, lang) if sel.selected else phrase("none", lang),
        k=len(sel.tied),
        cutoff=score_text(sel.cutoff, lang=lang) if sel.cutoff is not None else "",
        seats=sel.seats_left,
        tied=name_list(sel.tied, lang),
    )
    return f'<p class="cb-conflict cb-tie">{esc(text)}</p>'


# --- agreement ------------------------------------------------------------------------------------


def _reading(w: float, lang: str) -> str:
    if not math.isfinite(w):
        return phrase("agreement_undefined", lang)
    key = (
        "agreement_strong"
        if w >= 0.7
        else "agreement_moderate"
        if w >= 0.5
        else "agreement_weak"
        if w >= 0.3
        else "agreement_none"
    )
    return phrase(key, lang)


def agreement(ctx: CompetitionContext) -> Html:
    """Kendall's W per criterion and for the weighted total; each expert against the rest of the panel."""
    cs, sheet, lang, cite = ctx.criteria, ctx.sheet, ctx.lang, ctx.cite
    names = {c.id: text_of(c.name, lang) for c in cs.criteria}
    parts = [illustrative_banner(ctx), paragraph(phrase("agreement_intro", lang))]
    if len(sheet.experts) < 2 or len(sheet.applications) < 2:
        parts.append(paragraph(phrase("agreement_undefined", lang)))
        return titled(section_heading("agreement", lang), *parts)
    table = scoring.concordance(ctx.panel, ctx.weights)
    rows = []
    for cid, r in table.iterrows():
        name = phrase("agreement_total", lang) if cid == "_total" else names[cid]
        w = "–" if not math.isfinite(r.w) else number(r.w, lang, 2)
        p = "–" if not math.isfinite(r.p) else ("< " + number(0.001, lang, 3) if r.p < 0.001 else number(r.p, lang, 3))
        cell = f"<b>{esc(name)}</b>" if cid == "_total" else esc(name)
        rows.append([cell, w, p, esc(_reading(r.w, lang))])
    header = [phrase(k, lang) for k in ("agreement_criterion", "agreement_w", "agreement_p", "agreement_reading")]
    caption = (
        (esc(phrase("illustrative_short", lang)) + ". " if sheet.illustrative else "")
        + esc(phrase("agreement_caption", lang))
        + " "
        + " ".join(cite(s) for s in METHOD_SOURCES)
    )
    parts.append(table_html(header, rows, caption=caption, escape=False))
    rho = scoring.expert_consistency(ctx.panel, ctx.weights)
    erows = []
    for e, v in rho.items():
        flag = phrase("experts_flag", lang) if math.isfinite(v) and v < OUTLIER_RHO else ""
        erows.append(
            [esc(e), "–" if not math.isfinite(v) else number(v, lang, 2), f"<b>{esc(flag)}</b>" if flag else ""]
        )
    parts.append(section_heading("experts_heading", lang, level=3))
    parts.append(paragraph(phrase("experts_intro", lang)))
    parts.append(
        table_html(
            [phrase("experts_expert", lang), phrase("experts_rho", lang), ""],
            erows,
            caption=esc(phrase("illustrative_short", lang)) if sheet.illustrative else "",
            escape=False,
        )
    )
    return titled(section_heading("agreement", lang), *parts)


# --- sensitivity ----------------------------------------------------------------------------------


def sensitivity_chart(ctx: CompetitionContext) -> Html:
    """How often each application makes the shortlist when the weights vary at random (seeded)."""
    sheet, lang, n_select = ctx.sheet, ctx.lang, ctx.n_select
    seed, n_draws = ctx.seed, ctx.n_draws
    full = ctx.sensitivity
    res, never = _contenders(full)
    pct = number(ctx.weight_range * 100, lang)
    title_ = phrase("sensitivity_title", lang, draws=n_draws, n=n_select)
    if sheet.illustrative:
        title_ = f"{title_}\n{phrase('illustrative_label', lang)}"
    fig = _sensitivity_figure(res, title_, lang, n_select)
    items = "; ".join(f"{a}: {percent(s, lang)}" for a, s in zip(res.index, res.selected))
    caption = esc(
        phrase("sensitivity_caption", lang, pct=pct, draws=n_draws, seed=seed, method=phrase("method_mean", lang))
    )
    if sheet.illustrative:
        caption = esc(phrase("illustrative_short", lang)) + ". " + caption
    chart = Chart.from_figure(
        fig,
        alt=phrase("sensitivity_alt", lang, draws=n_draws, n=n_select, items=items),
        caption=caption,
        data=_sensitivity_data(full, lang, n_select),
    )
    robust = [a for a, s in full.selected.items() if s >= 0.95]
    fragile = [a for a, s in (full.selected + full.tied).items() if 0.05 <= s and full.selected[a] < 0.95]
    parts = [
        illustrative_banner(ctx),
        paragraph(phrase("sensitivity_intro", lang, pct=pct, draws=n_draws, seed=seed, n=n_select)),
        chart,
        paragraph(phrase("sensitivity_robust", lang, names=name_list(robust, lang))),
        paragraph(phrase("sensitivity_fragile", lang, names=name_list(fragile, lang))),
    ]
    if len(full) > len(res):
        parts.append(
            paragraph(phrase("sensitivity_others", lang, shown=len(res), count=len(full), never=never, n=n_select))
        )
    return titled(section_heading("sensitivity", lang), *parts)


def _contenders(full: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The applications the chart shows, and how many never made the shortlist in any draw.

    With more than :data:`MAX_LISTED` applications, only the contenders are charted (most often shortlisted
    first, then in their base order); the rest never made the top n in any draw.
    """
    if len(full) <= MAX_LISTED:
        return full, 0
    share = full.selected + full.tied
    res = full[share > 0].assign(_share=share[share > 0]).sort_values(["_share", "base_rank"], ascending=[False, True])
    return res.head(MAX_LISTED).drop(columns="_share").sort_values("base_rank", kind="stable"), int((share == 0).sum())


def _sensitivity_figure(res: pd.DataFrame, title_: str, lang: str, n_select: int):
    """Bars of how often each application is shortlisted (hatched: a tie at the cut), with a legend."""
    import matplotlib
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    labels = list(res.index)
    with matplotlib.rc_context(RC):
        fig, ax = new_figure(8, 0.3 * len(labels) + 1.6)
        y = np.arange(len(labels))[::-1]
        colours = [
            COLOURS["selected"] if s == "yes" else COLOURS["tied"] if s == "tied" else COLOURS["out"]
            for s in res.in_base
        ]
        ax.barh(y, res.selected, color=colours)
        has_tie = res.tied.to_numpy() > 0
        tie_style = {"color": "white", "edgecolor": COLOURS["tied"], "hatch": "////"}
        if has_tie.any():
            ax.barh(y[has_tie], res.tied[has_tie], left=res.selected[has_tie], **tie_style)
        for yi, s, tt in zip(y, res.selected, res.tied):
            label = percent(s, lang) + (f" (+{percent(tt, lang)})" if tt else "")
            ax.text(s + tt + 0.01, yi, label, va="center", fontsize=8)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 1.12)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(v, lang)))
        ax.set_xlabel(textwrap.fill(phrase("sensitivity_xlabel", lang, n=n_select), 70))  # wrapped: fits A4
        ax.set_title(textwrap.fill(title_, 70), loc="left")
        handles = [
            Patch(color=COLOURS[k], label=textwrap.fill(phrase(f"sensitivity_legend_{k}", lang, n=n_select), 45))
            for k in ("selected", "tied", "out")
        ]
        if has_tie.any():
            label = textwrap.fill(phrase("sensitivity_legend_draw_tied", lang), 45)
            handles.append(Patch(facecolor="white", edgecolor=COLOURS["tied"], hatch="////", label=label))
        ax.legend(handles=handles, loc="lower right", fontsize=7.5, frameon=False)
    return fig


def _sensitivity_data(full: pd.DataFrame, lang: str, n_select: int) -> ChartData:
    """The data behind the sensitivity chart: every application, its base result and its shares of draws."""
    return ChartData(
        "shortlist-sensitivity",
        [
            phrase("ranking_application", lang),
            phrase("sensitivity_data_base", lang, n=n_select),
            phrase("sensitivity_data_selected", lang, n=n_select),
            phrase("sensitivity_data_tied", lang),
        ],
        [
            [a, phrase(f"sensitivity_base_{b}", lang), round(float(s), 3), round(float(tt), 3)]
            for a, b, s, tt in zip(full.index, full.in_base, full.selected, full.tied)
        ],
        lang=lang,
        table=len(full) <= MAX_LISTED,
    )
