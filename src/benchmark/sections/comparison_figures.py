"""The comparison brief's charts: the scores as a heatmap and against the best peer, programmes on one
time axis, financing in a common unit, the sector mix and World Bank context indicators.

Each section takes the comparison's prepared context (:func:`benchmark.sections.comparison.prepare`);
the arithmetic (currency conversion, amounts and ranges, shares) is ``benchmark.analysis.compare``.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict

from ..analysis import compare
from ..core.text import percent, t
from ..inputs import indicators
from ..inputs.countries import country_name, names_list
from ..inputs.schemas import text_of
from . import indicator_notes, timelines
from .citations import badge, financing_text, num, significant, table_labels
from .comparison import (
    GREY,
    ComparisonContext,
    money,
    programme_label,
    row_label,
    section_heading,
    short_label,
    unavailable,
)
from .display import Chart, ChartData, Html, esc, new_figure, series_style, table_html


def heatmap(ctx: ComparisonContext) -> Html:
    """Heatmap of scores (programmes x dimensions), with the same numbers as a table; missing cells grey."""
    lang = ctx.lang
    m = ctx.matrix()
    progs = ctx.all_programmes
    dims = list(ctx.dimensions)
    fig = _heatmap_figure(ctx, m, progs, dims)
    alt = t("compare.heatmap_alt", lang, n_prog=len(progs), n_dim=len(dims))
    data = ChartData(
        f"scores-{ctx.focal}",
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

    table = _scores_table(ctx, m, progs, dims, data)
    return Html(
        section_heading("heatmap", lang)
        + f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}.</div>'
        + chart._repr_html_()
        + table
    )


def _heatmap_figure(ctx: ComparisonContext, m, progs, dims):
    """The heatmap itself: a cell per programme and dimension, its score or why it has none, countries ruled apart."""
    import matplotlib as mpl
    import numpy as np

    lang = ctx.lang
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
                text = "\n".join(text.split())  # "no score" on two lines: it fits its cell
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
                j + 0.5,
                i + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=11 if "\n" not in text else 9,
                color=ink,
                gid=f"score-{p.id}-{d.id}",
            )
    ax.set_xlim(0, len(dims))
    ax.set_ylim(len(progs), 0)
    ax.set_xticks(
        np.arange(len(dims)) + 0.5,
        ["\n".join(textwrap.wrap(text_of(d.name, lang), 14, break_long_words=False)) for d in dims],
        fontsize=8,
    )
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(progs)) + 0.5, [row_label(p, lang) for p in progs], fontsize=8)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    # a rule between countries
    edge = 0
    for c in ctx.countries[:-1]:
        edge += len(ctx.programmes[c])
        ax.axhline(edge, color="#1f2328", linewidth=1.2)
    return fig


def _scores_table(ctx: ComparisonContext, m, progs, dims, data: ChartData) -> str:
    """The heatmap's numbers as a table (screen readers, tests, copy-paste), folded under the chart."""
    lang = ctx.lang
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
                key = "not_scored" if cell.state == "unscored" else "not_assessed"
                long = "not_scored_long" if cell.state == "unscored" else "not_assessed_long"
                cells.append(
                    f'<td class="cb-missing" {attrs} title="{esc(t("compare." + long, lang))}">'
                    f"{esc(t('compare.' + key, lang))}</td>"
                )
        rows.append('<tr><th scope="row">' + cells[0] + "</th>" + "".join(cells[1:]) + "</tr>")
    thead = "".join(f"<th>{esc(h)}</th>" for h in head)
    table = (
        f"<details><summary>{esc(t('compare.heatmap_table', lang))}</summary>"
        f'<div class="cb-compare-wrap"><table class="cb-table cb-scores"><thead><tr>{thead}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="cb-src">{esc(t("compare.scores_table_key", lang))}</p>{data.link()}</details>'
    )
    return table


def gap_chart(ctx: ComparisonContext) -> Html:
    """Focal country against the best peer on each dimension (dumbbell chart and table)."""
    sc, lang = ctx, ctx.lang
    gs = ctx.gaps()
    names = {p.id: p for p in sc.all_programmes}
    fname = country_name(sc.focal, lang)
    dims = {d.id: d for d in sc.dimensions}
    fig = _gap_figure(ctx, gs, dims, fname)
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
    rows = _gap_rows(ctx, gs, dims, names)
    head = [
        t("compare.gap_table_dimension", lang),
        t("compare.gap_table_focal", lang, focal=fname),
        t("compare.gap_table_best", lang),
        t("compare.gap_table_gap", lang),
    ]
    return Html(
        section_heading("gaps", lang, focal=fname)
        + f'<div class="cb-assessment">{esc(t("compare.judgement_label", lang))}.</div>'
        + chart._repr_html_()
        + table_html(head, rows, escape=False)
    )


def _gap_figure(ctx: ComparisonContext, gs, dims: dict, fname: str):
    """The dumbbell chart: the focal country's score and the best peer's on each dimension, the gap labelled."""
    sc, lang = ctx, ctx.lang
    fig, ax = new_figure(8.5, 0.55 * len(gs) + 1.4)
    for i, g in enumerate(gs):
        b = g.best_peer
        if g.gap is None or b is None:
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
        ax.plot([g.focal.score, b.score], [i, i], color="#8c959f", linewidth=2, zorder=1)
        ax.plot([b.score], [i], "D", color=sc.colour(b.country), markersize=11, zorder=2)
        ax.plot([g.focal.score], [i], "o", color=sc.colour(sc.focal), markersize=7, zorder=3)
        gap = "=" if g.gap == 0 else f"{'+' if g.gap > 0 else '−'}{abs(g.gap)}"  # a minus sign, not a hyphen
        label = f"{country_name(b.country, lang)} {b.score} ({gap})"  # the peer's name, as the legend gives it
        ax.text(4.3, i, label, va="center", fontsize=8, color="#1f2328", gid=f"gap-{g.dimension}")
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
    return fig


def _gap_rows(ctx: ComparisonContext, gs, dims: dict, names: dict) -> list[list[str]]:
    """The gap table's rows: each dimension, the focal country's score and programme, the best peer's, the gap."""
    lang = ctx.lang
    rows = []
    for g in gs:
        focal, peer = g.focal, g.best_peer
        f = (
            f"{focal.score} ({esc(programme_label(names[focal.programme], lang))})"
            if focal.score is not None and focal.programme is not None
            else unavailable(lang)
        )
        best = (
            (
                f"{peer.score} — {esc(country_name(peer.country, lang))}, "
                f"{esc(programme_label(names[peer.programme], lang))}"
            )
            if peer and peer.programme is not None
            else unavailable(lang)
        )
        gap = unavailable(lang) if g.gap is None else f"{g.gap:+d}" if g.gap else "0"
        rows.append(
            [esc(text_of(dims[g.dimension].name, lang)), f, best, f'<span data-gap="{g.dimension}">{gap}</span>']
        )
    return rows


def timeline(ctx: ComparisonContext) -> Html:
    """All programmes and their phases on one time axis, coloured by country, drawn no further than dated."""
    sc, lang = ctx, ctx.lang
    periods = []
    for p in sc.all_programmes:
        periods.append(timelines.Period(row_label(p, lang), p.start_year, p.end_year, sc.colour(p.country)))
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
    return Html(section_heading("timeline", lang) + chart._repr_html_())


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
        first = [esc(country_name(p.country, lang)), esc(programme_label(p, lang))]
        if fin is None:
            rows.append(first + [unavailable(lang, why) + note, "", "", "", "", unavailable(lang, why), "", ""])
            continue
        year = str(c.year) if c.year is not None else unavailable(lang, why)
        rate = f"{significant(c.rate, lang, 6)} {esc(fin.currency)}" if c.rate is not None else ""
        if c.usd is None:
            usd = unavailable(lang, why)
        else:
            usd = f'<span data-usd="{c.usd:.6f}">{money(c.usd / 1e6, 2, lang)}</span>'  # the Per column says per what
        if c.pct_gdp is not None:
            pct = num(c.pct_gdp, lang, 4)
        elif fin.per == "year" and c.usd is not None:
            pct = unavailable(lang)
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
        caption=indicator_notes.source_line((indicators.FX, indicators.GDP), lang),
    )
    chart = _financing_chart(ctx, conv, progs)
    unit_only = [p for p in sc.all_programmes if p.financing and all(f.per == "unit" for f in p.financing)]
    notes = ""
    if unit_only:
        names = ", ".join(f"{country_name(p.country, lang)} · {programme_label(p, lang)}" for p in unit_only)
        notes = f'<p class="cb-na">{esc(t("compare.fin_unit_only_note", lang, names=names))}</p>'
    return Html(
        section_heading("financing", lang)
        + f"<p>{esc(t('compare.financing_intro', lang))}</p>"
        + table
        + (chart._repr_html_() if chart else "")
        + notes
    )


def _financing_chart(ctx: ComparisonContext, conv: list, progs: dict) -> Chart | None:
    """Two panels that are never read against each other: annual budgets, and totals or whole loans."""
    lang = ctx.lang
    items = compare.amounts(conv)
    annual = [a for a in items if a.per == "year"]
    totals = [a for a in items if a.per == "total"]
    panels = [(k, v) for k, v in (("annual", annual), ("totals", totals)) if v]
    if not panels:
        return None
    import matplotlib

    ratios = [len(v) + 1.2 for _, v in panels]
    with matplotlib.rc_context({"figure.dpi": 100}):
        fig, axes = new_figure(
            7, 0.5 * sum(ratios) + 1.2, nrows=len(panels), squeeze=False, gridspec_kw={"height_ratios": ratios}
        )
    for ax, (kind, group) in zip(axes[:, 0], panels):
        _financing_panel(ctx, ax, kind, group, progs)
    fig.tight_layout()
    caption = (
        esc(t("compare.fin_chart_caption", lang))
        + " "
        + indicator_notes.source_line((indicators.FX, indicators.GDP), lang)
    )
    data = _financing_data(ctx, panels, progs)
    return Chart.from_figure(fig, alt=t("compare.fin_chart_alt", lang), caption=caption, data=data)


def _financing_panel(ctx: ComparisonContext, ax, kind: str, group: list, progs: dict) -> None:
    """One panel of the financing chart: a bar per amount (hatched where sources disagree), its value and % of GDP."""
    sc, lang = ctx, ctx.lang
    top = max(a.high for a in group) / 1e6
    labels = []
    for i, a in enumerate(group):
        p = progs[a.programme]
        fin = a.items[0].financing
        year = a.year if a.year is not None else t("compare.fin_no_year", lang)
        labels.append(f"{p.country} · {short_label(p, lang, 24)} · {year}\n{_scope(fin, lang)}")
        colour = sc.colour(a.country)
        ax.barh(i, a.low / 1e6, color=colour, height=0.6)
        text = money(a.low / 1e6, 2, lang)
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
            text = f"{money(a.low / 1e6, 2, lang)}–{money(a.high / 1e6, 2, lang)}\n({disagree})"
        if a.low_pct is not None:
            pct = (
                num(a.low_pct, lang, 4)
                if not a.is_range or a.high_pct is None
                else f"{num(a.low_pct, lang, 4)}–{num(a.high_pct, lang, 4)}"
            )
            text += f"\n{pct}% {t('compare.fin_of_gdp', lang)}"  # on a line of its own: the chart fits A4
        ax.text(a.high / 1e6 + top * 0.02, i, text, va="center", fontsize=7)
    ax.set_yticks(range(len(group)), labels, fontsize=7)
    ax.set_ylim(len(group) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.9)
    ax.set_title(textwrap.fill(t(f"compare.fin_panel_{kind}", lang), 60), loc="left", fontsize=9)
    ax.set_xlabel(textwrap.fill(t(f"compare.fin_axis_{kind}", lang), 60), fontsize=8)
    ax.grid(axis="x", color="#eaeef2")
    ax.set_axisbelow(True)


def _financing_data(ctx: ComparisonContext, panels: list, progs: dict) -> ChartData:
    """The financing chart's data: each amount in million USD and in % of GDP, low and high where sources differ."""
    lang = ctx.lang
    rows = []
    for kind, group in panels:
        for a in group:
            fin = a.items[0].financing
            rows.append(
                [
                    country_name(a.country, lang),
                    programme_label(progs[a.programme], lang),
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
    return ChartData(f"financing-{ctx.focal}", cols, rows, lang=lang)


def sector_mix(ctx: ComparisonContext) -> Html:
    """Sector mix as shares where a source counts clusters by sector; other programmes' sectors listed."""
    sc, lang = ctx, ctx.lang
    cite = ctx.cite
    parts = [section_heading("sectors", lang), f"<p>{esc(t('compare.sectors_intro', lang))}</p>"]
    charted = False
    for c in sc.countries:
        for _c, _name, meta, df in [x for x in sc.sector_tables if x[0] == c]:
            label_col, value_col = meta.columns[0].name, meta.columns[-1].name
            counts = OrderedDict((k, float(v)) for k, v in zip(table_labels(meta, df, label_col, lang), df[value_col]))
            sh = compare.shares(counts)
            if not sh:
                continue
            charted = True
            fig, ax = new_figure(8, 0.3 * len(sh) + 1.3)
            vals = [100 * v for v in sh.values()]
            ax.barh(range(len(sh)), vals, color=sc.colour(c))
            for i, v in enumerate(vals):
                ax.text(v + 0.5, i, percent(v / 100, lang, 1), va="center", fontsize=7)
            ax.set_yticks(range(len(sh)), [textwrap.fill(k, 42) for k in sh], fontsize=8)  # wrapped: fits A4
            ax.set_ylim(len(sh) - 0.5, -0.5)
            ax.set_xlabel(t("compare.sectors_xlabel", lang))
            total = sum(counts.values())
            ax.set_title(
                textwrap.fill(f"{country_name(c, lang)}: {text_of(meta.title, lang)} (n = {num(total, lang, 0)})", 70),
                loc="left",
                fontsize=9,
            )
            src = sc.sources[meta.source]
            caption = (
                esc(t("compare.source_line", lang, citation=src.title_for(lang)))
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
                f"<li><b>{esc(country_name(p.country, lang))} · {esc(programme_label(p, lang))}</b>: "
                f"{esc(sectors)} {' '.join(cite(s) for s in p.sources)}</li>"
            )
        else:
            name = f"{esc(country_name(p.country, lang))} · {esc(programme_label(p, lang))}"
            items.append(f"<li><b>{name}</b>: {unavailable(lang)}</li>")
    parts.append(f"<h3>{esc(t('compare.sectors_listed', lang))}</h3><ul>{''.join(items)}</ul>")
    return Html("".join(parts))


#: Context indicators: (locale key, series for the values, series cited).
CONTEXT = [
    ("ind_gdppc", None, (indicators.GDP, indicators.POPULATION)),
    ("ind_rnd", indicators.RND, (indicators.RND,)),
    ("ind_hightech", indicators.HIGHTECH, (indicators.HIGHTECH,)),
    ("ind_industry", indicators.INDUSTRY, (indicators.INDUSTRY,)),
]


def _indicator_line(ax, pts: dict, colour: str, i: int, name: str, focal: bool, gid: str) -> None:
    """One country's line: its colour, marker and dash (apart in grey too), and its name at the line's end."""
    if not pts:
        return
    xs = list(range(min(pts), max(pts) + 1))
    ys = [pts.get(x, float("nan")) for x in xs]  # a year without data is a gap in the line
    style = series_style(i)
    ax.plot(
        xs,
        ys,
        linewidth=2.6 if focal else 1.4,
        color=colour,
        label=name,
        markersize=4,
        markevery=max(1, len(xs) // 6),
        gid=f"series-{gid}",
        **style,
    )
    alone = [x for x in pts if x - 1 not in pts and x + 1 not in pts]  # a year between gaps: a marker
    if alone:
        ax.plot(alone, [pts[x] for x in alone], style["marker"], markersize=4, color=colour)
    last = max(pts)
    ax.annotate(name, (last, pts[last]), xytext=(4, 0), textcoords="offset points", va="center", color="#1f2328")


def context_indicators(ctx: ComparisonContext) -> Html:
    """A panel of country indicators over time for the focal country and its peers, each with its source."""
    from matplotlib import ticker as mpl_ticker

    sc, lang = ctx, ctx.lang
    parts = [section_heading("context", lang), f"<p>{esc(t('compare.context_intro', lang))}</p>"]
    for key, name, cited in CONTEXT:
        data = indicators.gdp_per_capita(sc.countries) if name is None else indicators.series(name, sc.countries)
        fig, ax = new_figure(8, 3.4)
        for i, c in enumerate(sc.countries):
            _indicator_line(ax, dict(data[c]), sc.colour(c), i, country_name(c, lang), c == sc.focal, c)
        ax.set_title(t(f"compare.{key}", lang), loc="left")
        ax.yaxis.set_major_formatter(
            mpl_ticker.FuncFormatter(lambda v, _: num(v, lang, 0) if abs(v) >= 1000 else num(v, lang))
        )
        ax.xaxis.set_major_locator(mpl_ticker.MaxNLocator(integer=True))
        ax.grid(color="#eaeef2")
        ax.set_axisbelow(True)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        caption = indicator_notes.source_line(cited, lang)
        if name is None:
            caption = esc(t("compare.ind_gdppc_note", lang)) + " " + caption
        caveats = [cv for n in cited for cv in indicator_notes.caveats(n, sc.countries, lang)]
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
