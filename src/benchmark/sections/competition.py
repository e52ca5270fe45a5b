"""Sections of the 2017 competition brief: applications, the funnel, scoring, agreement and robustness.

A notebook calls ``ctx = competition.prepare(criteria, weights, scores, n_select, ...)`` once: it reads
and checks the criteria, the weights and the scoring sheet, and loads the applications and the facts
the brief shows. Each section then takes that context and returns something displayable with its
heading. The arithmetic is ``benchmark.analysis.scoring``; the inputs are ``benchmark.inputs.competition``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import scoring
from ..analysis.scoring import Panel, Selection
from ..core import paths
from ..core.errors import DataError
from ..core.text import check_lang, number, percent, t
from ..inputs import competition as inputs
from ..inputs import geo, load, regional
from ..inputs import key_messages as written_messages
from ..inputs.competition import (
    APPLICATIONS_TABLE,
    COUNTRY,
    DEFAULT_CRITERIA,
    EXAMPLE_SCORES,
    FUNNEL,
    METHOD_SOURCES,
    RULES_FACTS,
    RULES_QUESTION,
    WHICH_SIX_KNOWN,
    WHICH_SIX_QUESTION,
    ScoringSheet,
)
from ..inputs.schemas import BriefMessages, CriteriaSet, Fact, OpenQuestion, Source, TableMeta, text_of
from . import key_messages as km
from .citations import Citer, badge, fact_value, notes_section, source_list
from .display import RC, Chart, ChartData, Html, esc, new_figure, table_html


def panel_of(sheet: ScoringSheet, criteria: CriteriaSet) -> Panel:
    """The scoring engine's view of a checked sheet: the score array with each criterion's scale."""
    scales = {c.id: c.scale for c in criteria.criteria}
    return Panel(
        sheet.applications,
        sheet.experts,
        sheet.criteria,
        sheet.cube(),
        tuple(scales[c].min for c in sheet.criteria),
        tuple(scales[c].max for c in sheet.criteria),
    )


@dataclass(frozen=True)
class CompetitionContext:
    """Everything the competition brief shows, read and checked once."""

    criteria: CriteriaSet
    overrides: Mapping[str, float] | None  # the user's weight overrides (None: the file's weights)
    weights: pd.Series  # criterion id -> weight, summing to 1
    sheet: ScoringSheet
    panel: Panel
    n_select: int
    seed: int
    n_draws: int
    weight_range: float
    lang: str
    applications: tuple[TableMeta, pd.DataFrame]  # the digest's applications by region (2017 codes)
    facts: Mapping[str, Fact]  # Kazakhstan's facts, by id
    questions: Mapping[str, OpenQuestion]  # Kazakhstan's open questions, by id
    sources: Mapping[str, Source]
    cite: Citer
    written: BriefMessages | None = None  # the analyst's key messages for this brief, if any

    @property
    def illustrative(self) -> bool:
        """True when the scores are invented for training (the sheet's sidecar says so)."""
        return self.sheet.illustrative

    def scores(self, method: str = "mean", weights: Mapping[str, float] | None = None) -> pd.Series:
        """Each application's weighted score (0-100) under the brief's weights (or ``weights``)."""
        return scoring.aggregate(self.panel, self.weights if weights is None else weights, method)

    @functools.cached_property
    def sensitivity(self) -> pd.DataFrame:
        """Shares of seeded random weightings that put each application in the top n (see ``scoring.sensitivity``)."""
        return scoring.sensitivity(
            self.panel,
            self.weights,
            n_select=self.n_select,
            seed=self.seed,
            n_draws=self.n_draws,
            spread=self.weight_range,
        )

    def funnel_facts(self) -> dict[str, list[Fact]]:
        """Stage -> facts (the stage's fact first, then the other claims of its conflict group)."""
        out: dict[str, list[Fact]] = {}
        for stage, fid in FUNNEL.items():
            f = self.facts.get(fid)
            if f is None:
                out[stage] = []
                continue
            group = [g for g in self.facts.values() if f.conflict and g.conflict == f.conflict and g.id != f.id]
            out[stage] = [f, *group]
        return out


def prepare(
    criteria: str | Path = DEFAULT_CRITERIA,
    weights: dict | None = None,
    scores: str | Path = EXAMPLE_SCORES,
    n_select: int = 6,
    seed: int = 2017,
    n_draws: int = 1000,
    weight_range: float = 0.5,
    lang: str = "en",
) -> CompetitionContext:
    """Check every parameter and read the criteria, the scoring sheet and the brief's facts (once).

    Raises:
        UserError: a bad parameter, criteria file or scoring sheet, named with its file, line and field.
    """
    check_lang(lang)
    inputs.check_parameters(n_select, n_draws, weight_range)
    cs = inputs.load_criteria(criteria)
    w = inputs.weights_of(cs, weights)
    sheet = inputs.load_scoring_sheet(scores, cs if isinstance(criteria, CriteriaSet) else criteria)
    facts = load.facts_by_id([COUNTRY])
    questions = load.open_questions_by_id([COUNTRY])
    apps = _applications()
    sources = load.load_sources()
    partial = CompetitionContext(
        cs,
        weights or None,
        w,
        sheet,
        panel_of(sheet, cs),
        int(n_select),
        int(seed),
        int(n_draws),
        float(weight_range),
        lang,
        apps,
        facts,
        questions,
        sources,
        Citer([]),
    )
    key = written_messages.brief_key("competition", scores=str(scores))
    partial = dataclasses.replace(partial, written=written_messages.for_brief(key))
    # the key messages come first: their sources are numbered first (only the call's message cites any)
    first = km.sources_of(messages(partial) if partial.written else _call_messages(partial))
    return dataclasses.replace(partial, cite=Citer([*first, *cited_sources(partial)]))


def _applications() -> tuple[TableMeta, pd.DataFrame]:
    meta, df = load.load_table(APPLICATIONS_TABLE)
    df = df.copy()
    df["applications"] = df["applications"].astype(int)
    return meta, df


#: With more applications than this, tables and charts show the contenders and summarise the rest.
MAX_LISTED = 40
#: At most this many names are written out in a sentence ("A, B, C ... and 120 more").
MAX_NAMED = 12
#: An expert whose correlation with the rest of the panel is below this is flagged.
OUTLIER_RHO = 0.3
_COLOURS = {"selected": "#1f6feb", "tied": "#d29922", "out": "#afb8c1", "none": "#eaeef2"}


def _t(key: str, lang: str, **fmt) -> str:
    return t(f"competition.{key}", lang, **fmt)


def _h(key: str, lang: str, level: int = 2, **fmt) -> str:
    return f"<h{level}>{esc(_t(key, lang, **fmt))}</h{level}>"


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def _names(items, lang: str) -> str:
    """Names joined for a sentence, at most MAX_NAMED of them written out."""
    items = list(items)
    if not items:
        return _t("none", lang)
    if len(items) <= MAX_NAMED:
        return ", ".join(items)
    return ", ".join(items[:MAX_NAMED]) + " " + _t("and_more", lang, n=len(items) - MAX_NAMED)


def _fmt(x: float, digits: int = 1, lang: str = "en") -> str:
    return number(x, lang, digits)


def _pct(share: float, lang: str = "en") -> str:
    """0.15 -> '15%', 0.13636 -> '13.6%' (as ``lang`` writes percentages)."""
    v = round(share * 100, 1)
    return percent(share, lang, 0 if v.is_integer() else 1)


# --- citations ------------------------------------------------------------------------------------


def cited_sources(ctx: CompetitionContext) -> list[str]:
    """Source ids the brief cites, in order of first use (the numbering of its source list)."""
    ids: list[str] = [ctx.applications[0].source, geo.GEO_SOURCE]
    ids += [regional.GVA_SOURCE, regional.EMPLOYMENT_SOURCE, regional.ECO_SOURCE]  # the applicant regions' profiles
    for facts in ctx.funnel_facts().values():
        ids.extend(s for f in facts for s in f.all_sources)
    q = ctx.questions.get(WHICH_SIX_QUESTION)
    if q is not None and q.source:
        ids.append(q.source)
    ids.extend(s for f in WHICH_SIX_KNOWN if f in ctx.facts for s in ctx.facts[f].all_sources)
    for fid in RULES_FACTS:
        if fid in ctx.facts:
            ids.extend(ctx.facts[fid].all_sources)
    rq = ctx.questions.get(RULES_QUESTION)
    if rq is not None and rq.source:
        ids.append(rq.source)
    ids.extend(ctx.criteria.sources)
    for c in ctx.criteria.criteria:
        ids.extend(c.sources)
    ids.extend(METHOD_SOURCES)
    return [i for i in dict.fromkeys(ids) if i in ctx.sources]


def _illustrative_banner(ctx: CompetitionContext) -> str:
    lang = ctx.lang
    if not ctx.illustrative:
        return ""
    return f'<p class="cb-note cb-illustrative"><b>{_esc(_t("illustrative_label", lang))}</b></p>'


_esc = esc
_badge = badge


def _titled(heading_html: str, *blocks) -> Html:
    body = heading_html + "".join(b if isinstance(b, str) else b._repr_html_() for b in blocks)
    return Html(body, classes=["cb-competition"])


# --- about ----------------------------------------------------------------------------------------


# --- key messages ---------------------------------------------------------------------------------


def _call_messages(ctx: CompetitionContext) -> list[km.Message]:
    """The 2017 call in one message: each stage's count with its source and status, and what is not known."""
    lang = ctx.lang
    parts: list = []
    for stage, facts in ctx.funnel_facts().items():
        if not facts:
            continue
        main = facts[0]
        others = [f for f in facts[1:] if f.value != main.value]
        value = _fact_value(main, lang) + "".join(f" / {_fact_value(f, lang)}" for f in others)
        parts += [("; " if parts else "") + f"{_t(f'funnel_{stage}', lang)}: {value}", main, *others]
    q = ctx.questions.get(WHICH_SIX_QUESTION)
    if q is not None:
        parts += [". " + text_of(q.question, lang), q]
    if not parts:
        return []
    return [km.Message(_t("key_call_lead", lang), (*parts, "."))]


def messages(ctx: CompetitionContext) -> list[km.Message]:
    """The key messages: the analyst's, or generated: the call's funnel, the shortlist, its robustness."""
    lang = ctx.lang
    if ctx.written is not None:
        citable = {i: ("fact", f) for i, f in ctx.facts.items()}
        citable.update({i: ("open_question", q) for i, q in ctx.questions.items()})
        return km.from_analyst(ctx.written, citable, ctx.sources, lang)
    out = _call_messages(ctx)
    sel = scoring.select_top(ctx.scores("mean"), ctx.n_select)
    lead = _t("key_shortlist_lead_illustrative" if ctx.illustrative else "key_shortlist_lead", lang, n=ctx.n_select)
    text = _t(
        "key_shortlist",
        lang,
        n=ctx.n_select,
        count=len(ctx.sheet.applications),
        criteria=text_of(ctx.criteria.title, lang),
        k=len(sel.selected),
        names=_names(list(sel.selected), lang),
    )
    if sel.tied:
        seats = ctx.n_select - len(sel.selected)
        key = "key_shortlist_tied" if seats == 1 else "key_shortlist_tied_many"
        text += " " + _t(key, lang, seats=seats, names=_names(list(sel.tied), lang))
    out.append(km.Message(lead, (text,)))
    full = ctx.sensitivity
    in_top = full[full.in_base == "yes"]
    robust = [a for a, v in in_top.selected.items() if v >= 0.95]
    pct = number(ctx.weight_range * 100, lang)
    key = "key_robust_all" if len(robust) == len(in_top) else "key_robust"
    text = _t(key, lang, k=len(robust), n=len(in_top), draws=ctx.n_draws, pct=pct)
    fragile = [a for a in in_top.index if a not in robust]
    if fragile:
        text += " " + _t("key_fragile", lang, names=_names(fragile, lang))
    out.append(km.Message(_t("key_robust_lead", lang), (text,)))
    return out


def key_messages(ctx: CompetitionContext) -> Html:
    """Key messages first: the call's funnel with sources, the shortlist and how robust it is."""
    return km.section(messages(ctx), ctx.cite, ctx.lang, ctx.written)


def about(ctx: CompetitionContext) -> Html:
    """What the brief shows, whether the criteria are the default, and whether the scores are illustrative."""
    cs, sheet, lang = ctx.criteria, ctx.sheet, ctx.lang
    parts = [_p(_t("about_text", lang))]
    if cs.status == "default":
        parts.append(f'<p class="cb-note">{_esc(_t("about_criteria_default", lang))}</p>')
    else:
        parts.append(_p(_t("about_criteria_user", lang, file=text_of(cs.title, lang))))
    if sheet.illustrative:
        parts.append(_illustrative_banner(ctx))
        parts.append(_p(_t("about_scores_illustrative", lang)))
    else:
        parts.append(
            _p(
                _t(
                    "about_scores_user",
                    lang,
                    file=sheet.path.name,
                    n_apps=len(sheet.applications),
                    n_experts=len(sheet.experts),
                )
            )
        )
    return _titled(_h("about", lang), *parts)


# --- applications by region -----------------------------------------------------------------------


def _source_caption(meta, ctx: CompetitionContext) -> str:
    cite, lang = ctx.cite, ctx.lang
    src = ctx.sources.get(meta.source)
    name = f"{src.title} ({src.publisher}, {src.year})" if src and src.year else (src.title if src else meta.source)
    return _esc(_t("caption_source", lang, source=name)) + " " + cite(meta.source) + " " + _badge(meta.status, lang)


def applications_by_region(ctx: CompetitionContext) -> Html:
    """Bar chart of the 2017 applications by region (regions as in 2017), with its source."""
    import matplotlib.pyplot as plt

    lang = ctx.lang
    meta, df = ctx.applications
    df = df.copy()
    names = regional.names_2017(lang)  # in English the crosswalk's: the digest's "Almaty" is the city
    df["region_2017"] = [names.get(c, r) for c, r in zip(df.iso_3166_2_2017, df.region_2017)]
    by_name = geo.sort_key(lang)
    df = df.sort_values(["applications", "region_2017"], ascending=[True, False], key=_sort_names(by_name))
    total = int(df.applications.sum())
    with plt.rc_context(RC):
        fig, ax = new_figure(8, 0.32 * len(df) + 1.2)
        ax.barh(df.region_2017, df.applications, color=_COLOURS["selected"])
        for y, v in enumerate(df.applications):
            ax.text(v + 0.05, y, str(v), va="center", fontsize=9)
        ax.set_xlabel(_t("by_region_xlabel", lang))
        ax.set_title(_t("by_region_chart_title", lang, total=total), loc="left")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(0, df.applications.max() + 0.6)
        fig.text(
            0.0,
            -0.02,
            _t("by_region_note", lang),
            fontsize=8,
            wrap=True,
            color="#57606a",
            transform=fig.transFigure,
            va="top",
        )
    items = "; ".join(f"{r}: {v}" for r, v in zip(df.region_2017[::-1], df.applications[::-1]))
    order = df.iloc[::-1]
    data = ChartData(
        "applications-by-region-2017",
        [_t("then_now_region", lang), _t("by_region_xlabel", lang), "ISO 3166-2"],
        [[r, int(v), c] for r, v, c in zip(order.region_2017, order.applications, order.iso_3166_2_2017)],
        cells=[
            [_esc(r), f"{int(v)} {ctx.cite(meta.source)}", _esc(c)]
            for r, v, c in zip(order.region_2017, order.applications, order.iso_3166_2_2017)
        ],
        lang=lang,
    )
    chart = Chart.from_figure(
        fig, alt=_t("by_region_alt", lang, total=total, items=items), caption=_source_caption(meta, ctx), data=data
    )
    return _titled(_h("by_region", lang), chart, _p(_t("almaty_note", lang)))


def _sort_names(by_name):
    """A pandas sort key that orders a column of names as ``by_name`` does (numbers as they are)."""

    def key(col: pd.Series) -> pd.Series:
        if col.dtype != object:
            return col
        ranks = {n: i for i, n in enumerate(sorted(set(col), key=by_name))}
        return col.map(ranks)

    return key


def applications_map(ctx: CompetitionContext) -> Html:
    """Choropleth of the 2017 applications on the 16 units of 2017, today's extra boundaries dashed."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lang, cite = ctx.lang, ctx.cite
    meta, df = ctx.applications
    g17 = geo.boundaries(geo.GEO_2017)
    now = geo.boundaries(geo.GEO_CURRENT)
    counts = dict(zip(df.iso_3166_2_2017, df.applications))
    unknown = sorted(set(counts) - set(g17.iso_3166_2_2017))
    if unknown:
        raise DataError.one(
            paths.TABLES_DIR / f"{APPLICATIONS_TABLE}.csv",
            f"codes not among the 2017 units of {geo.GEO_2017}: {unknown}",
            field="iso_3166_2_2017",
        )
    g17["applications"] = g17.iso_3166_2_2017.map(counts).fillna(0).astype(int)
    if lang == "en":
        g17["display"] = g17["name"]
        g17["label"] = [n.replace(" region", "") for n in g17["name"]]
    else:  # the file's English names stay for placing the city labels
        local = regional.names_2017(lang)
        g17["display"] = [local.get(c, n) for c, n in zip(g17.iso_3166_2_2017, g17["name"])]
        g17["label"] = [geo.short_name(n, lang, local.values()) for n in g17["display"]]
    top = max(int(g17.applications.max()), 1)
    cmap = plt.get_cmap("Blues")

    def colour(v: int):
        from matplotlib.colors import to_hex

        return _COLOURS["none"] if v == 0 else to_hex(cmap(0.35 + 0.6 * (v - 1) / max(top - 1, 1)))

    with plt.rc_context(RC):
        fig, ax = new_figure(9, 5.6)
        g17.plot(ax=ax, color=[colour(v) for v in g17.applications], edgecolor="#24292f", linewidth=0.6)
        _new_boundaries(g17, now).plot(ax=ax, color="#57606a", linewidth=0.7, linestyle=(0, (2, 2)))
        for _, r in g17.iterrows():
            pt = r.geometry.representative_point()
            name = r["label"]
            label = f"{name}\n{r.applications}" if r.applications else name
            small = r.unit_type == "city"
            if small:  # cities are dots at this scale: label beside them
                dx, dy = (0.0, -0.9) if "Astana" in r["name"] else (-3.2, -1.2)
                ax.annotate(
                    label,
                    (pt.x, pt.y),
                    xytext=(pt.x + dx, pt.y + dy),
                    fontsize=7.5,
                    va="top",
                    ha="center",
                    fontweight="bold" if r.applications else "normal",
                    arrowprops={"arrowstyle": "-", "color": "#57606a", "lw": 0.6},
                )
            else:
                ax.text(
                    pt.x,
                    pt.y,
                    label,
                    fontsize=7.5,
                    ha="center",
                    va="center",
                    fontweight="bold" if r.applications else "normal",
                    color="white" if r.applications >= 3 else "#24292f",
                )
        ax.set_aspect(1 / math.cos(math.radians(48)))
        ax.set_axis_off()
        ax.set_title(_t("map_title", lang), loc="left")
        handles = [
            Patch(facecolor=colour(v), edgecolor="#24292f", linewidth=0.4, label=str(v))
            for v in sorted(set(g17.applications))
            if v > 0
        ]
        handles.insert(
            0, Patch(facecolor=_COLOURS["none"], edgecolor="#24292f", linewidth=0.4, label=_t("map_legend_none", lang))
        )
        handles.append(
            Line2D([], [], color="#57606a", linewidth=0.8, linestyle=(0, (2, 2)), label=_t("map_legend_today", lang))
        )
        ax.legend(
            handles=handles,
            title=_t("map_legend_title", lang),
            loc="lower left",
            fontsize=8,
            title_fontsize=8,
            frameon=False,
            bbox_to_anchor=(1.0, 0.0),
            alignment="left",
        )
        fig.text(0.0, 0.0, _t("map_note", lang), fontsize=8, color="#57606a", wrap=True, va="top")
    items = "; ".join(f"{n}: {v}" for n, v in sorted(zip(g17["display"], g17.applications), key=lambda x: -x[1]))
    caption = _source_caption(meta, ctx) + "<br>" + _esc(_t("map_credit", lang)) + " " + cite(geo.GEO_SOURCE)
    by_name = geo.sort_key(lang)
    ranked = sorted(zip(g17["display"], g17.iso_3166_2_2017, g17.applications), key=lambda x: (-x[2], by_name(x[0])))
    data = ChartData(
        "applications-map-2017",
        [_t("then_now_region", lang), "ISO 3166-2", _t("by_region_xlabel", lang)],
        [[n, c, int(v)] for n, c, v in ranked],
        lang=lang,
    )
    chart = Chart.from_figure(fig, alt=_t("map_alt", lang, items=items), caption=caption, data=data)
    return _titled(_h("map", lang), chart)


def _new_boundaries(g17, now):
    """Today's boundaries that were not boundaries in 2017 (the 2018 and 2022 splits), as lines."""
    import geopandas as gpd

    old = g17.boundary.union_all().buffer(0.02)
    lines = now.boundary.union_all().difference(old)
    return gpd.GeoSeries([lines], crs=now.crs)


def _change_text(row, lang: str) -> str:
    """A crosswalk row's change in ``lang``: its ``change_<lang>`` column where there is one, else marked English."""
    if lang == "en":
        return row.change
    return text_of({"en": row.change, lang: row.get(f"change_{lang}", "")}, lang)


def regions_then_and_now(ctx: CompetitionContext) -> Html:
    """Table: each 2017 region, its applications, and today's units (ISO 3166-2:KZ codes).

    In English today's units have pycountry's names; in Russian and Kazakh the boundary file's, and the 2017
    regions too. A change is described in the crosswalk's ``change_<lang>`` column where it has one, else in
    English with the untranslated marker.
    """
    import pycountry

    lang = ctx.lang
    _, df = ctx.applications
    counts = dict(zip(df.iso_3166_2_2017, df.applications))
    cw = geo.crosswalk()
    then = regional.names_2017(lang) if lang != "en" else {}
    today = geo.unit_names(lang) if lang != "en" else {}
    rows = []
    for code, grp in cw.groupby("iso_3166_2_2017", sort=False):
        units = []
        for _, r in grp.iterrows():
            if today:
                name = today.get(r.current_iso_3166_2, r.current_unit)
            else:
                sub = pycountry.subdivisions.get(code=r.current_iso_3166_2)
                name = sub.name if sub else r.current_unit
            units.append(f"{r.current_iso_3166_2} {name}")
        changes = "; ".join(sorted({_change_text(r, lang) for _, r in grp.iterrows() if r.change}))
        n = counts.get(code, 0)
        rows.append(
            (
                n,
                [
                    f"{then.get(code, grp.iloc[0].region_2017)} ({code})",
                    str(n) if n else _t("map_legend_none", lang),
                    ", ".join(units),
                    changes,
                ],
            )
        )
    rows.sort(key=lambda x: -x[0])
    header = [_t(k, lang) for k in ("then_now_region", "then_now_apps", "then_now_today", "then_now_change")]
    return _titled(_h("then_now", lang), table_html(header, [r for _, r in rows]))


# --- funnel ---------------------------------------------------------------------------------------


_fact_value = fact_value


def funnel(ctx: CompetitionContext) -> Html:
    """Received -> valid -> selected, each count with its source and status; conflicting counts together."""
    import matplotlib.pyplot as plt

    lang, cite = ctx.lang, ctx.cite
    stages = ctx.funnel_facts()
    rows, bars, conflict_html = [], [], ""
    for stage, facts in stages.items():
        label = _t(f"funnel_{stage}", lang)
        if not facts:
            rows.append([_esc(label), '<span class="cb-na">-</span>', _esc(_t("funnel_missing", lang))])
            continue
        main = facts[0]
        value = _fact_value(main, lang)
        src = f"{_esc(text_of(main.label, lang))}{cite.claim(main, lang, status=False)} {_badge(main.status, lang)}" + (
            f"<br><i>“{_esc(main.quote)}”</i>" if main.quote else ""
        )
        rows.append([_esc(label), f"<b>{_esc(value)}</b>", src])
        if isinstance(main.value, (int, float)):
            bars.append((label, float(main.value), value, main.status.value == "conflicting", main.source))
        if len(facts) > 1:
            items = "".join(
                f"<li><b>{_esc(_fact_value(f, lang))}</b>: {_esc(text_of(f.label, lang))} "
                f"{' '.join(cite(x) for x in f.all_sources)} "
                f"{_badge(f.status, lang)}"
                + (f" — <i>“{_esc(f.quote)}”</i>" if f.quote else "")
                + (f"<br><small>{_esc(text_of(f.note, lang))}</small>" if f.note else "")
                + "</li>"
                for f in facts
            )
            conflict_html += (
                f'<div class="cb-conflict"><p><b>{_esc(_t("funnel_conflict", lang))}</b></p><ul>{items}</ul></div>'
            )
    blocks = [_p(_t("funnel_intro", lang))]
    if bars:
        with plt.rc_context(RC):
            fig, ax = new_figure(8, 0.55 * len(bars) + 1.0)
            labels = [b[0] for b in bars][::-1]
            values = [b[1] for b in bars][::-1]
            colours = ["#cf222e" if b[3] else _COLOURS["selected"] for b in bars][::-1]
            ax.barh(labels, values, color=colours)
            for y, b in enumerate(bars[::-1]):
                note = f"{b[2]}" + (f" ({_t('funnel_conflicting', lang)})" if b[3] else "")
                ax.text(b[1] + 0.3, y, note, va="center", fontsize=9)
            ax.set_xlim(0, max(values) * 1.35)
            ax.set_title(_t("funnel_chart_title", lang), loc="left")
        alt = _t("funnel_alt", lang, items="; ".join(f"{b[0]}: {b[2]}" for b in bars))
        data = ChartData(
            "funnel-2017",
            [_t("funnel_stage", lang), _t("funnel_count", lang)],
            [[b[0], b[2]] for b in bars],
            lang=lang,
            table=False,
        )
        blocks.append(
            Chart.from_figure(fig, alt=alt, caption=" ".join(f"{_esc(b[0])} {cite(b[4])}" for b in bars), data=data)
        )
    header = [_t("funnel_stage", lang), _t("funnel_count", lang), _t("funnel_source", lang)]
    blocks.append(table_html(header, rows, escape=False))
    blocks.append(conflict_html)
    blocks.append(_which_six(ctx))
    return _titled(_h("funnel", lang), *blocks)


def _which_six(ctx: CompetitionContext) -> str:
    cite, lang = ctx.cite, ctx.lang
    q = ctx.questions.get(WHICH_SIX_QUESTION)
    facts = ctx.facts
    known = [facts[f] for f in WHICH_SIX_KNOWN if f in facts]
    if q is None and not known:
        return ""
    body = f'<div class="cb-open"><p><b>{_esc(_t("funnel_which_six", lang))}</b> '
    body += f'<span class="cb-status cb-status-open">{_esc(_t("funnel_open", lang))}</span></p>'
    if q is not None:
        body += f"<p>{_esc(text_of(q.question, lang))}</p>"
        if q.known:
            body += f"<p>{_esc(text_of(q.known, lang))}" + (f" {cite(q.source)}" if q.source else "") + "</p>"
    for f in known:
        body += f"<p>{_esc(text_of(f.label, lang))}{cite.claim(f, lang)}</p>"
    return body + "</div>"


# --- criteria -------------------------------------------------------------------------------------


def criteria_table(ctx: CompetitionContext) -> Html:
    """The selection criteria with their (possibly overridden) weights, scales and sources."""
    cs, lang, cite = ctx.criteria, ctx.lang, ctx.cite
    w = ctx.weights
    base = inputs.weights_of(cs, None)
    rows = []
    for c in cs.criteria:
        weight = _pct(w[c.id], lang)
        if abs(w[c.id] - base[c.id]) > 1e-12:
            weight += " " + _t("criteria_weight_changed", lang, default=_pct(base[c.id], lang))
        scale = f"{c.scale.min:g}–{c.scale.max:g}"
        if c.scale.labels:
            scale += " (" + "; ".join(f"{k} = {text_of(v, lang)}" for k, v in sorted(c.scale.labels.items())) + ")"
        srcs = " ".join(cite(s) for s in c.sources)
        basis = f"<br><small>{_esc(text_of(c.basis, lang))}</small>" if c.basis else ""
        rows.append(
            [
                f"<b>{_esc(text_of(c.name, lang))}</b><br><small>{_esc(_t('criteria_id', lang))}: "
                f"<code>{_esc(c.id)}</code></small>",
                _esc(text_of(c.description, lang)),
                weight,
                _esc(scale),
                srcs + basis,
            ]
        )
    header = [
        _t(k, lang)
        for k in ("criteria_name", "criteria_description", "criteria_weight", "criteria_scale", "criteria_sources")
    ]
    note = (
        f'<p class="cb-note"><b>{_esc(_t("criteria_default_note", lang))}</b></p>'
        if cs.status == "default"
        else _p(text_of(cs.note, lang))
    )
    return _titled(_h("criteria", lang), _official_rules(ctx), note, table_html(header, rows, escape=False))


def _official_rules(ctx: CompetitionContext) -> str:
    """What is known of the official rules: the order that approved them, its repeal, what replaced it, and
    that their criteria were not found (the same facts the comparison's assessment of selection cites)."""
    lang = ctx.lang
    items = []
    for fid in RULES_FACTS:
        f = ctx.facts.get(fid)
        if f is not None:
            items.append(
                f"<li>{_esc(text_of(f.label, lang))}: <b>{_esc(_fact_value(f, lang))}</b>{ctx.cite.claim(f, lang)}</li>"
            )
    q = ctx.questions.get(RULES_QUESTION)
    if q is not None:
        known = f" {_esc(text_of(q.known, lang))}" + (f" {ctx.cite(q.source)}" if q.source else "") if q.known else ""
        items.append(
            f'<li><span class="cb-status cb-status-open">{_esc(_t("funnel_open", lang))}</span> '
            f"{_esc(text_of(q.question, lang))}{known}</li>"
        )
    if not items:
        return ""
    return f"<h3>{_esc(_t('rules_heading', lang))}</h3><ul>{''.join(items)}</ul>"


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
        mark = _t(f"status_{status}", lang)
        cls = {"selected": "<b>{}</b>", "tied": "<b>⚠ {}</b>", "out": "{}"}[status]
        rows.append(
            [
                str(r_mean[a]),
                _esc(a),
                _fmt(mean[a], lang=lang),
                str(r_med[a]),
                _fmt(median[a], lang=lang),
                cls.format(_esc(mark)),
            ]
        )
    header = [
        _t(k, lang)
        for k in (
            "ranking_rank_mean",
            "ranking_application",
            "ranking_score_mean",
            "ranking_rank_median",
            "ranking_score_median",
        )
    ]
    header.append(_t("ranking_status", lang, n=n_select))
    caption = _esc(_t("illustrative_short", lang)) if sheet.illustrative else ""
    parts = [_illustrative_banner(ctx), _p(_t("ranking_method", lang))]
    parts.append(_selection_text(sel, len(sheet.applications), lang))
    mset, sset = set(msel.selected) | set(msel.tied), set(sel.selected) | set(sel.tied)
    if mset == sset and not msel.tied and not sel.tied:
        parts.append(_p(_t("median_same", lang, n=n_select)))
    else:
        tie = _t("median_tie", lang, tied=_names(msel.tied, lang), seats=msel.seats_left) if msel.tied else ""
        diff = sorted(mset ^ sset)
        parts.append(
            _p(
                _t(
                    "median_differs",
                    lang,
                    n=n_select,
                    names=_names(msel.selected, lang),
                    tie=tie,
                    diff=_names(diff, lang),
                )
            )
        )
    if rest:
        lo, hi = min(mean[a] for a in rest), max(mean[a] for a in rest)
        rows.append(
            [
                f"{r_mean[rest[0]]}–{r_mean[rest[-1]]}",
                f"<i>{_esc(_t('ranking_more', lang, n=len(rest)))}</i>",
                f"{_fmt(lo, lang=lang)}–{_fmt(hi, lang=lang)}",
                "",
                "",
                "",
            ]
        )
    parts.append(table_html(header, rows, caption=caption, escape=False))
    if rest:
        parts.append(_score_distribution(ctx, mean, sel))
    return _titled(_h("ranking", lang), *parts)


def _score_distribution(ctx: CompetitionContext, mean: pd.Series, sel: Selection) -> Chart:
    """Histogram of every application's weighted score, with the cut-off of the top n marked."""
    import matplotlib.pyplot as plt

    lang = ctx.lang
    counts, edges = np.histogram(mean.to_numpy(), bins=40)
    with plt.rc_context(RC):
        fig, ax = new_figure(8, 2.8)
        ax.stairs(counts, edges, fill=True, color=_COLOURS["out"])
        if sel.cutoff is not None:
            ax.axvline(sel.cutoff, color=_COLOURS["selected"], linestyle="--", linewidth=1.2)
        ax.set_xlabel(_t("ranking_score_mean", lang))
        ax.set_ylabel(_t("ranking_distribution_ylabel", lang))
        ax.set_title(_t("ranking_distribution_title", lang, count=len(mean), n=ctx.n_select), loc="left")
    caption = _esc(_t("illustrative_short", lang)) if ctx.illustrative else ""
    alt = _t(
        "ranking_distribution_alt",
        lang,
        count=len(mean),
        n=ctx.n_select,
        cutoff=_fmt(sel.cutoff, lang=lang) if sel.cutoff is not None else "–",
    )
    data = ChartData(
        "score-distribution",
        [
            _t("ranking_distribution_from", lang),
            _t("ranking_distribution_to", lang),
            _t("ranking_distribution_ylabel", lang),
        ],
        [[round(a, 2), round(b, 2), int(n)] for a, b, n in zip(edges[:-1], edges[1:], counts)],
        lang=lang,
    )
    return Chart.from_figure(fig, alt=alt, caption=caption, data=data)


def _selection_text(sel: Selection, count: int, lang: str) -> str:
    if sel.n >= count:
        return _p(_t("selection_all", lang, count=count, n=sel.n))
    if sel.resolved:
        return _p(_t("selection_clear", lang, n=sel.n, names=_names(sel.selected, lang)))
    text = _t(
        "selection_tie",
        lang,
        n=sel.n,
        names=_names(sel.selected, lang) if sel.selected else _t("none", lang),
        k=len(sel.tied),
        cutoff=_fmt(sel.cutoff, lang=lang),
        seats=sel.seats_left,
        tied=_names(sel.tied, lang),
    )
    return f'<p class="cb-conflict cb-tie">{_esc(text)}</p>'


# --- agreement ------------------------------------------------------------------------------------


def _reading(w: float, lang: str) -> str:
    if not math.isfinite(w):
        return _t("agreement_undefined", lang)
    key = (
        "agreement_strong"
        if w >= 0.7
        else "agreement_moderate"
        if w >= 0.5
        else "agreement_weak"
        if w >= 0.3
        else "agreement_none"
    )
    return _t(key, lang)


def agreement(ctx: CompetitionContext) -> Html:
    """Kendall's W per criterion and for the weighted total; each expert against the rest of the panel."""
    cs, sheet, lang, cite = ctx.criteria, ctx.sheet, ctx.lang, ctx.cite
    names = {c.id: text_of(c.name, lang) for c in cs.criteria}
    parts = [_illustrative_banner(ctx), _p(_t("agreement_intro", lang))]
    if len(sheet.experts) < 2 or len(sheet.applications) < 2:
        parts.append(_p(_t("agreement_undefined", lang)))
        return _titled(_h("agreement", lang), *parts)
    table = scoring.concordance(ctx.panel, ctx.weights)
    rows = []
    for cid, r in table.iterrows():
        name = _t("agreement_total", lang) if cid == "_total" else names[cid]
        w = "–" if not math.isfinite(r.w) else number(r.w, lang, 2)
        p = "–" if not math.isfinite(r.p) else ("< " + number(0.001, lang, 3) if r.p < 0.001 else number(r.p, lang, 3))
        cell = f"<b>{_esc(name)}</b>" if cid == "_total" else _esc(name)
        rows.append([cell, w, p, _esc(_reading(r.w, lang))])
    header = [_t(k, lang) for k in ("agreement_criterion", "agreement_w", "agreement_p", "agreement_reading")]
    caption = (
        (_esc(_t("illustrative_short", lang)) + ". " if sheet.illustrative else "")
        + _esc(_t("agreement_caption", lang))
        + " "
        + " ".join(cite(s) for s in METHOD_SOURCES)
    )
    parts.append(table_html(header, rows, caption=caption, escape=False))
    rho = scoring.expert_consistency(ctx.panel, ctx.weights)
    erows = []
    for e, v in rho.items():
        flag = _t("experts_flag", lang) if math.isfinite(v) and v < OUTLIER_RHO else ""
        erows.append(
            [_esc(e), "–" if not math.isfinite(v) else number(v, lang, 2), f"<b>{_esc(flag)}</b>" if flag else ""]
        )
    parts.append(_h("experts_heading", lang, level=3))
    parts.append(_p(_t("experts_intro", lang)))
    parts.append(
        table_html(
            [_t("experts_expert", lang), _t("experts_rho", lang), ""],
            erows,
            caption=_esc(_t("illustrative_short", lang)) if sheet.illustrative else "",
            escape=False,
        )
    )
    return _titled(_h("agreement", lang), *parts)


# --- sensitivity ----------------------------------------------------------------------------------


def sensitivity_chart(ctx: CompetitionContext) -> Html:
    """How often each application makes the shortlist when the weights vary at random (seeded)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    sheet, lang, n_select = ctx.sheet, ctx.lang, ctx.n_select
    seed, n_draws, weight_range = ctx.seed, ctx.n_draws, ctx.weight_range
    full = ctx.sensitivity
    res = full
    never = 0
    if len(full) > MAX_LISTED:  # chart the contenders only; the rest never made the top n in any draw
        share = full.selected + full.tied
        never = int((share == 0).sum())
        res = (
            full[share > 0]
            .assign(_share=share[share > 0])
            .sort_values(["_share", "base_rank"], ascending=[False, True])
        )
        res = res.head(MAX_LISTED).drop(columns="_share").sort_values("base_rank", kind="stable")
    pct = number(weight_range * 100, lang)
    title_ = _t("sensitivity_title", lang, draws=n_draws, n=n_select)
    if sheet.illustrative:
        title_ = f"{title_}\n{_t('illustrative_label', lang)}"
    labels = list(res.index)
    with plt.rc_context(RC):
        fig, ax = new_figure(8, 0.3 * len(labels) + 1.6)
        y = np.arange(len(labels))[::-1]
        colours = [
            _COLOURS["selected"] if s == "yes" else _COLOURS["tied"] if s == "tied" else _COLOURS["out"]
            for s in res.in_base
        ]
        ax.barh(y, res.selected, color=colours)
        has_tie = res.tied.to_numpy() > 0
        if has_tie.any():
            ax.barh(
                y[has_tie],
                res.tied[has_tie],
                left=res.selected[has_tie],
                color="white",
                edgecolor=_COLOURS["tied"],
                hatch="////",
            )
        for yi, s, tt in zip(y, res.selected, res.tied):
            ax.text(
                s + tt + 0.01,
                yi,
                percent(s, lang) + (f" (+{percent(tt, lang)})" if tt else ""),
                va="center",
                fontsize=8,
            )
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 1.12)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: percent(v, lang)))
        ax.set_xlabel(_t("sensitivity_xlabel", lang, n=n_select))
        ax.set_title(title_, loc="left")
        handles = [
            Patch(color=_COLOURS[k], label=_t(f"sensitivity_legend_{k}", lang, n=n_select))
            for k in ("selected", "tied", "out")
        ]
        if has_tie.any():
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor=_COLOURS["tied"],
                    hatch="////",
                    label=_t("sensitivity_legend_draw_tied", lang),
                )
            )
        ax.legend(handles=handles, loc="lower right", fontsize=7.5, frameon=False)
    items = "; ".join(f"{a}: {percent(s, lang)}" for a, s in zip(res.index, res.selected))
    caption = _esc(_t("sensitivity_caption", lang, pct=pct, draws=n_draws, seed=seed, method=_t("method_mean", lang)))
    if sheet.illustrative:
        caption = _esc(_t("illustrative_short", lang)) + ". " + caption
    data = ChartData(
        "shortlist-sensitivity",
        [
            _t("ranking_application", lang),
            _t("sensitivity_data_base", lang, n=n_select),
            _t("sensitivity_data_selected", lang, n=n_select),
            _t("sensitivity_data_tied", lang),
        ],
        [
            [a, _t(f"sensitivity_base_{b}", lang), round(float(s), 3), round(float(tt), 3)]
            for a, b, s, tt in zip(full.index, full.in_base, full.selected, full.tied)
        ],
        lang=lang,
        table=len(full) <= MAX_LISTED,
    )
    chart = Chart.from_figure(
        fig, alt=_t("sensitivity_alt", lang, draws=n_draws, n=n_select, items=items), caption=caption, data=data
    )
    robust = [a for a, s in full.selected.items() if s >= 0.95]
    fragile = [a for a, s in (full.selected + full.tied).items() if 0.05 <= s and full.selected[a] < 0.95]
    parts = [
        _illustrative_banner(ctx),
        _p(_t("sensitivity_intro", lang, pct=pct, draws=n_draws, seed=seed, n=n_select)),
        chart,
        _p(_t("sensitivity_robust", lang, names=_names(robust, lang))),
        _p(_t("sensitivity_fragile", lang, names=_names(fragile, lang))),
    ]
    if len(full) > len(res):
        parts.append(_p(_t("sensitivity_others", lang, shown=len(res), count=len(full), never=never, n=n_select)))
    return _titled(_h("sensitivity", lang), *parts)


# --- sources --------------------------------------------------------------------------------------


def notes(ctx: CompetitionContext) -> Html:
    """The notes and quotes behind the brief's figures, numbered as their markers."""
    return notes_section(ctx.cite, ctx.sources, ctx.lang)


def sources(ctx: CompetitionContext) -> Html:
    """The numbered list of every source the brief cites."""
    return source_list(ctx.cite.order, ctx.sources, ctx.lang)
