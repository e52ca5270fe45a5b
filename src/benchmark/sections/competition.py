"""Sections of the 2017 competition brief: key messages, applications by region, the funnel; the scoring
workbench (criteria, ranking, agreement, robustness) is :mod:`benchmark.sections.selection`.

A notebook calls ``ctx = competition.prepare(criteria, weights, scores, n_select, ...)`` once: it reads
and checks the criteria, the weights and the scoring sheet, and loads the applications and the facts
the brief shows. Each section then takes that context and returns something displayable with its
heading. The arithmetic is ``benchmark.analysis.scoring``; the inputs are ``benchmark.inputs.competition``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from ..analysis import scoring
from ..analysis.scoring import Panel
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
from ..inputs.criteria_schemas import CriteriaSet
from ..inputs.schemas import BriefMessages, Fact, OpenQuestion, Source, TableMeta, Text, in_lang, text_of
from . import key_messages as km
from . import regional_findings
from .citations import Citable, Citer, badge, fact_value, notes_section, source_list
from .display import RC, Chart, ChartData, Html, draw_areas, draw_lines, esc, legible_in_print, new_figure, table_html
from .labels import LABEL_BOX, Label, fit_inside, repel


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
    if sheet.illustrative and lang != "en":
        sheet = sheet.renamed(_example_names(sheet, lang))
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


def _example_names(sheet, lang: str) -> dict[str, str]:
    """The invented sheet's "Application A" and "Expert 1" in ``lang`` ("Заявка A", "Эксперт 1")."""
    import re

    names = {}
    for kind, items in (("application", sheet.applications), ("expert", sheet.experts)):
        for name in items:
            m = re.fullmatch(r"(Application|Expert) (\w+)", name)
            if m:
                names[name] = phrase(f"example_{kind}", lang, id=m.group(2))
    return names


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
COLOURS = {"selected": "#1f6feb", "tied": "#d29922", "out": "#afb8c1", "none": "#eaeef2"}


def phrase(key: str, lang: str, **fmt) -> str:
    """The competition brief's fixed text for ``key``."""
    return t(f"competition.{key}", lang, **fmt)


def section_heading(key: str, lang: str, level: int = 2, **fmt) -> str:
    """A heading (``<h2>`` by default) from the competition catalogue."""
    return f"<h{level}>{esc(phrase(key, lang, **fmt))}</h{level}>"


def paragraph(text: str, cls: str = "") -> str:
    """Plain text as an HTML paragraph (escaped), with an optional class."""
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def name_list(items, lang: str) -> str:
    """Names joined for a sentence, at most MAX_NAMED of them written out."""
    items = list(items)
    if not items:
        return phrase("none", lang)
    if len(items) <= MAX_NAMED:
        return ", ".join(items)
    return ", ".join(items[:MAX_NAMED]) + " " + phrase("and_more", lang, n=len(items) - MAX_NAMED)


def score_text(x: float, digits: int = 1, lang: str = "en") -> str:
    """A weighted score as the tables print it."""
    return number(x, lang, digits)


def weight_text(share: float, lang: str = "en") -> str:
    """0.15 -> '15%', 0.13636 -> '13.6%' (as ``lang`` writes percentages)."""
    v = round(share * 100, 1)
    return percent(share, lang, 0 if v.is_integer() else 1)


# --- citations ------------------------------------------------------------------------------------


def cited_sources(ctx: CompetitionContext) -> list[str]:
    """Source ids the brief cites, in order of first use (the numbering of its source list)."""
    ids: list[str] = [ctx.applications[0].source, geo.GEO_SOURCE]
    ids += [regional.GVA_SOURCE, regional.EMPLOYMENT_SOURCE, regional.ECO_SOURCE]  # the applicant regions' profiles
    ids += regional_findings.caveat_source_ids()  # their caveats
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


def illustrative_banner(ctx: CompetitionContext) -> str:
    """The warning shown wherever the invented example scores are used ('' for real scores)."""
    lang = ctx.lang
    if not ctx.illustrative:
        return ""
    return f'<p class="cb-note cb-illustrative"><b>{esc(phrase("illustrative_label", lang))}</b></p>'


def titled(heading_html: str, *blocks) -> Html:
    """A section: its heading, then blocks (HTML strings or displayable objects)."""
    body = heading_html + "".join(b if isinstance(b, str) else b._repr_html_() for b in blocks)
    return Html(body, classes=["cb-competition"])


# --- key messages ---------------------------------------------------------------------------------


def _call_messages(ctx: CompetitionContext) -> list[km.Message]:
    """The 2017 call as a finding: how many applied, how many were valid, how many pilots were to be chosen from
    them (each count with its source and status, a disagreeing count beside it), and what is not known."""
    lang = ctx.lang
    stages = ctx.funnel_facts()
    parts: list = []
    for stage in FUNNEL:
        facts = stages.get(stage) or []
        if not facts:
            continue
        main, others = facts[0], [f for f in facts[1:] if f.value != facts[0].value]
        parts += [phrase(f"key_call_{stage}", lang, value=fact_value(main, lang)), main]
        for other in others:  # in brackets: the value's own bracketed note follows a comma instead
            value = re.sub(r"\s*\(([^()]*)\)", r", \1", fact_value(other, lang))
            parts += [phrase("key_call_other", lang, value=value), other, ")"]
    if not parts:
        return []
    valid: list[Fact | None] = [*stages.get("valid", [])] or [None]
    selected: list[Fact | None] = [*stages.get("selected", [])] or [None]
    numbers = [f.value if f is not None and isinstance(f.value, (int, float)) else None for f in (*valid, *selected)]
    if len(numbers) == 2 and numbers[0] and numbers[1] and numbers[0] > numbers[1]:
        parts.append(phrase("key_call_ratio", lang, ratio=number(round(numbers[0] / numbers[1]), lang)))
    else:
        parts.append(".")
    q = ctx.questions.get(WHICH_SIX_QUESTION)
    if q is not None:
        parts += [" " + phrase("key_call_open", lang, question=text_of(q.question, lang)), q]
        parts.append(" " + phrase("key_call_so", lang))
    return [km.Message(phrase("key_call_lead", lang), tuple(parts))]


def messages(ctx: CompetitionContext) -> list[km.Message]:
    """The key messages: the analyst's, or generated: the call's funnel, the shortlist, its robustness."""
    lang = ctx.lang
    if ctx.written is not None:
        citable: dict[str, Citable] = {i: ("fact", f) for i, f in ctx.facts.items()}
        citable.update({i: ("open_question", q) for i, q in ctx.questions.items()})
        return km.from_analyst(ctx.written, citable, ctx.sources, lang)
    out = _call_messages(ctx)
    counts = dict(zip(ctx.applications[1]["iso_3166_2_2017"], ctx.applications[1]["applications"]))
    out += regional_findings.applicant_key_messages(counts, lang, ctx.sources)
    sel = scoring.select_top(ctx.scores("mean"), ctx.n_select)
    lead = phrase("key_shortlist_lead_illustrative" if ctx.illustrative else "key_shortlist_lead", lang, n=ctx.n_select)
    text = phrase(
        "key_shortlist",
        lang,
        n=ctx.n_select,
        count=len(ctx.sheet.applications),
        criteria=text_of(ctx.criteria.title, lang),
        k=len(sel.selected),
        names=name_list(list(sel.selected), lang),
    )
    if sel.tied:
        seats = ctx.n_select - len(sel.selected)
        key = "key_shortlist_tied" if seats == 1 else "key_shortlist_tied_many"
        text += " " + phrase(key, lang, seats=seats, names=name_list(list(sel.tied), lang))
    out.append(km.Message(lead, (text,)))
    full = ctx.sensitivity
    in_top = full[full.in_base == "yes"]
    robust = [a for a, v in in_top.selected.items() if v >= 0.95]
    pct = number(ctx.weight_range * 100, lang)
    key = "key_robust_all" if len(robust) == len(in_top) else "key_robust"
    text = phrase(key, lang, k=len(robust), n=len(in_top), draws=ctx.n_draws, pct=pct)
    fragile = [a for a in in_top.index if a not in robust]
    if fragile:
        text += " " + phrase("key_fragile", lang, names=name_list(fragile, lang))
    out.append(km.Message(phrase("key_robust_lead", lang), (text,)))
    return out


def key_messages(ctx: CompetitionContext) -> Html:
    """Key messages first: the call's funnel with sources, the shortlist and how robust it is."""
    return km.section(messages(ctx), ctx.cite, ctx.lang, ctx.written)


def about(ctx: CompetitionContext) -> Html:
    """What the brief shows, whether the criteria are the default, and whether the scores are illustrative."""
    cs, sheet, lang = ctx.criteria, ctx.sheet, ctx.lang
    parts = [paragraph(phrase("about_text", lang))]
    if cs.status == "default":
        parts.append(f'<p class="cb-note">{esc(phrase("about_criteria_default", lang))}</p>')
    else:
        parts.append(paragraph(phrase("about_criteria_user", lang, file=text_of(cs.title, lang))))
    if sheet.illustrative:
        parts.append(illustrative_banner(ctx))
        parts.append(paragraph(phrase("about_scores_illustrative", lang)))
    else:
        parts.append(
            paragraph(
                phrase(
                    "about_scores_user",
                    lang,
                    file=sheet.path.name,
                    n_apps=len(sheet.applications),
                    n_experts=len(sheet.experts),
                )
            )
        )
    return titled(section_heading("about", lang), *parts)


# --- applications by region -----------------------------------------------------------------------


def _source_caption(meta, ctx: CompetitionContext) -> str:
    cite, lang = ctx.cite, ctx.lang
    src = ctx.sources.get(meta.source)
    name = src.short_citation(lang) if src and src.year else (src.title_for(lang) if src else meta.source)
    return esc(phrase("caption_source", lang, source=name)) + " " + cite(meta.source) + " " + badge(meta.status, lang)


def applications_by_region(ctx: CompetitionContext) -> Html:
    """Bar chart of the 2017 applications by region (regions as in 2017), with its source."""
    import matplotlib

    lang = ctx.lang
    meta, df = ctx.applications
    df = df.copy()
    names = regional.names_2017(lang)  # in English the crosswalk's: the digest's "Almaty" is the city
    df["region_2017"] = [names.get(c, r) for c, r in zip(df.iso_3166_2_2017, df.region_2017)]
    by_name = geo.sort_key(lang)
    df = df.sort_values(["applications", "region_2017"], ascending=[True, False], key=_sort_names(by_name))
    total = int(df.applications.sum())
    with matplotlib.rc_context(RC):
        fig, ax = new_figure(8, 0.32 * len(df) + 1.2)
        ax.barh(df.region_2017, df.applications, color=COLOURS["selected"])
        for y, v in enumerate(df.applications):
            ax.text(v + 0.05, y, str(v), va="center", fontsize=9)
        ax.set_xlabel(phrase("by_region_xlabel", lang))
        ax.set_title(phrase("by_region_chart_title", lang, total=total), loc="left")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(0, df.applications.max() + 0.6)
        fig.text(
            0.0,
            -0.02,
            phrase("by_region_note", lang),
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
        [phrase("then_now_region", lang), phrase("by_region_xlabel", lang), "ISO 3166-2"],
        [[r, int(v), c] for r, v, c in zip(order.region_2017, order.applications, order.iso_3166_2_2017)],
        cells=[
            [esc(r), f"{int(v)} {ctx.cite(meta.source)}", esc(c)]
            for r, v, c in zip(order.region_2017, order.applications, order.iso_3166_2_2017)
        ],
        lang=lang,
    )
    chart = Chart.from_figure(
        fig, alt=phrase("by_region_alt", lang, total=total, items=items), caption=_source_caption(meta, ctx), data=data
    )
    return titled(section_heading("by_region", lang), chart, paragraph(phrase("almaty_note", lang)))


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
    lang, cite = ctx.lang, ctx.cite
    meta, df = ctx.applications
    g17 = _applications_on_2017_units(df)
    _name_units(g17, lang)
    colour = _applications_colours(int(g17.applications.max()))
    fig = _draw_applications_map(g17, geo.boundaries(geo.GEO_CURRENT), colour, lang)
    items = "; ".join(f"{n}: {v}" for n, v in sorted(zip(g17["display"], g17.applications), key=lambda x: -x[1]))
    caption = esc(phrase("map_note", lang)) + " " + _source_caption(meta, ctx)
    caption += "<br>" + esc(phrase("map_credit", lang)) + " " + cite(geo.GEO_SOURCE)
    chart = Chart.from_figure(
        fig, alt=phrase("map_alt", lang, items=items), caption=caption, data=_applications_map_data(g17, lang)
    )
    return titled(section_heading("map", lang), chart)


def _applications_on_2017_units(df: pd.DataFrame):
    """The 2017 boundaries with each unit's number of applications (0 where none).

    Raises:
        DataError: the applications table names a code that is not a unit of 2017.
    """
    g17 = geo.boundaries(geo.GEO_2017)
    counts = dict(zip(df.iso_3166_2_2017, df.applications))
    unknown = sorted(set(counts) - set(g17.iso_3166_2_2017))
    if unknown:
        raise DataError.one(
            paths.TABLES_DIR / f"{APPLICATIONS_TABLE}.csv",
            f"codes not among the 2017 units of {geo.GEO_2017}: {unknown}",
            field="iso_3166_2_2017",
        )
    g17["applications"] = g17.iso_3166_2_2017.map(counts).fillna(0).astype(int)
    return g17


def _name_units(g17, lang: str) -> None:
    """Each unit's name in ``lang`` (``display``) and its short label on the map (``label``)."""
    if lang == "en":
        g17["display"] = g17["name"]
        g17["label"] = [n.replace(" region", "") for n in g17["name"]]
    else:  # the file's English names stay for placing the city labels
        local = regional.names_2017(lang)
        g17["display"] = [local.get(c, n) for c, n in zip(g17.iso_3166_2_2017, g17["name"])]
        g17["label"] = [geo.short_name(n, lang, local.values()) for n in g17["display"]]


def _applications_colours(most: int):
    """The fill of a unit with ``v`` applications: grey for none, darker blues for more (up to ``most``)."""
    import matplotlib
    from matplotlib.colors import to_hex

    top = max(most, 1)
    cmap = matplotlib.colormaps["Blues"]

    def colour(v: int):
        return COLOURS["none"] if v == 0 else to_hex(cmap(0.35 + 0.6 * (v - 1) / max(top - 1, 1)))

    return colour


def _draw_applications_map(g17, now, colour, lang: str):
    """The figure: units filled by applications, today's new boundaries dashed, labels, legend and note."""
    import matplotlib

    with matplotlib.rc_context(RC):
        fig, ax = new_figure(9, 5.6)
        draw_areas(ax, g17["geometry"], [colour(v) for v in g17.applications], edgecolor="#24292f", linewidth=0.6)
        draw_lines(ax, _new_boundaries(g17, now), color="#57606a", linewidth=0.7, linestyle=(0, (2, 2)))
        placed = _label_applications(ax, g17)
        ax.set_aspect(1 / geo.LONGITUDE_SCALE)
        ax.set_axis_off()
        # wrapped, and the legend under the map: a long Russian or Kazakh title or legend beside the map would
        # set the printed width and shrink the map until its labels run into each other
        ax.set_title(textwrap.fill(phrase("map_title", lang), 60), loc="left")
        _applications_legend(ax, sorted(set(g17.applications)), colour, lang)
        legible_in_print(fig)  # the size it prints at, then
        units = zip(g17.unit_type, g17.geometry, g17.applications)
        areas = [None if unit == "city" else (area, colour(v)) for unit, area, v in units]  # a city's: beside it
        fit_inside(ax, placed, areas)  # each label inside its region where it has room, or boxed, then
        repel(ax, placed, box_style=LABEL_BOX)  # labels moved apart at that size
    return fig


def _label_applications(ax, g17) -> list[Label]:
    """Each unit's label and count: inside a region, beside a city (a dot at this scale) with a leader line."""
    placed = []
    for _, r in g17.iterrows():
        x, y = geo.label_point(r.geometry)
        label = f"{r['label']}\n{r.applications}" if r.applications else r["label"]
        weight = "bold" if r.applications else "normal"
        if r.unit_type == "city":
            dx, dy = (0.0, -0.9) if "Astana" in r["name"] else (-3.2, -1.2)
            (line,) = ax.plot([x, x + dx], [y, y + dy], color="#57606a", linewidth=0.6)
            text = ax.text(
                x + dx, y + dy, label, fontsize=7.5, va="top", ha="center", fontweight=weight, bbox=LABEL_BOX
            )
            placed.append(Label(text, (x, y), line))
        else:
            colour = "white" if r.applications >= 3 else "#24292f"
            text = ax.text(x, y, label, fontsize=7.5, ha="center", va="center", fontweight=weight, color=colour)
            placed.append(Label(text, (x, y), None))
    return placed


def _applications_legend(ax, values: list[int], colour, lang: str) -> None:
    """The legend: no application, each count drawn, and today's boundaries."""
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def patch(face: str, label: str) -> Patch:
        return Patch(facecolor=face, label=label, edgecolor="#24292f", linewidth=0.4)

    handles: list[Artist] = [patch(COLOURS["none"], phrase("map_legend_none", lang))]
    handles += [patch(colour(v), str(v)) for v in values if v > 0]
    handles.append(
        Line2D([], [], color="#57606a", linewidth=0.8, linestyle=(0, (2, 2)), label=phrase("map_legend_today", lang))
    )
    ax.legend(
        handles=handles,
        title=phrase("map_legend_title", lang),
        loc="upper left",  # under the map, so that the map, not the legend, sets the printed width
        fontsize=8,
        title_fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.0, 0.0),
        alignment="left",
        ncol=3,
    )


def _applications_map_data(g17, lang: str) -> ChartData:
    """The map's numbers as a table: each unit, its code and its applications, most first."""
    by_name = geo.sort_key(lang)
    ranked = sorted(zip(g17["display"], g17.iso_3166_2_2017, g17.applications), key=lambda x: (-x[2], by_name(x[0])))
    return ChartData(
        "applications-map-2017",
        [phrase("then_now_region", lang), "ISO 3166-2", phrase("by_region_xlabel", lang)],
        [[n, c, int(v)] for n, c, v in ranked],
        lang=lang,
    )


def _new_boundaries(g17, now):
    """Today's boundaries that were not boundaries in 2017 (the 2018 and 2022 splits), as lines."""
    import shapely

    old = shapely.union_all(shapely.boundary(g17["geometry"].to_numpy())).buffer(0.02)
    return shapely.union_all(shapely.boundary(now["geometry"].to_numpy())).difference(old)


def _change_text(row, lang: str) -> str:
    """A crosswalk row's change in ``lang``: its ``change_<lang>`` column where there is one, else marked English."""
    if lang == "en":
        return row.change
    texts = {"en": row.change, lang: row.get(f"change_{lang}", "")}
    return text_of(cast(Text, texts), lang)


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
                    str(n) if n else phrase("map_legend_none", lang),
                    ", ".join(units),
                    changes,
                ],
            )
        )
    rows.sort(key=lambda x: -x[0])
    header = [phrase(k, lang) for k in ("then_now_region", "then_now_apps", "then_now_today", "then_now_change")]
    return titled(section_heading("then_now", lang), table_html(header, [r for _, r in rows]))


# --- funnel ---------------------------------------------------------------------------------------


def _quoted(fact: Fact, ctx: CompetitionContext) -> str:
    """A fact's quote in its source's language, marked so, with its translation into the brief's language."""
    src = ctx.sources.get(fact.source)
    own = fact.quote_language or (src.language if src else ctx.lang)
    gloss = in_lang(fact.quote_translated or {}, ctx.lang) if own != ctx.lang else None
    return f'<i lang="{esc(own)}">“{esc(fact.quote)}”</i>' + (f" [{esc(gloss)}]" if gloss else "")


def funnel(ctx: CompetitionContext) -> Html:
    """Received -> valid -> selected, each count with its source and status; conflicting counts together."""
    import matplotlib

    lang, cite = ctx.lang, ctx.cite
    stages = ctx.funnel_facts()
    rows, bars, conflict_html = [], [], ""
    for stage, facts in stages.items():
        label = phrase(f"funnel_{stage}", lang)
        if not facts:
            rows.append([esc(label), '<span class="cb-na">-</span>', esc(phrase("funnel_missing", lang))])
            continue
        main = facts[0]
        value = fact_value(main, lang)
        src = f"{esc(text_of(main.label, lang))}{cite.claim(main, lang, status=False)} {badge(main.status, lang)}" + (
            f"<br>{_quoted(main, ctx)}" if main.quote else ""
        )
        rows.append([esc(label), f"<b>{esc(value)}</b>", src])
        if isinstance(main.value, (int, float)):
            bars.append((label, float(main.value), value, main.status.value == "conflicting", main.source))
        if len(facts) > 1:
            items = "".join(
                f"<li><b>{esc(fact_value(f, lang))}</b>: {esc(text_of(f.label, lang))} "
                f"{' '.join(cite(x) for x in f.all_sources)} "
                f"{badge(f.status, lang)}"
                + (f" — {_quoted(f, ctx)}" if f.quote else "")
                + (f"<br><small>{esc(text_of(f.note, lang))}</small>" if f.note else "")
                + "</li>"
                for f in facts
            )
            conflict_html += (
                f'<div class="cb-conflict"><p><b>{esc(phrase("funnel_conflict", lang))}</b></p><ul>{items}</ul></div>'
            )
    blocks: list[str | Chart] = [paragraph(phrase("funnel_intro", lang))]
    if bars:
        with matplotlib.rc_context(RC):
            fig, ax = new_figure(8, 0.55 * len(bars) + 1.0)
            labels = [b[0] for b in bars][::-1]
            values = [b[1] for b in bars][::-1]
            colours = ["#cf222e" if b[3] else COLOURS["selected"] for b in bars][::-1]
            ax.barh(labels, values, color=colours)
            for y, b in enumerate(bars[::-1]):
                note = f"{b[2]}" + (f" ({phrase('funnel_conflicting', lang)})" if b[3] else "")
                ax.text(b[1] + 0.3, y, note, va="center", fontsize=9)
            ax.set_xlim(0, max(values) * 1.35)
            ax.set_title(phrase("funnel_chart_title", lang), loc="left")
        alt = phrase("funnel_alt", lang, items="; ".join(f"{b[0]}: {b[2]}" for b in bars))
        data = ChartData(
            "funnel-2017",
            [phrase("funnel_stage", lang), phrase("funnel_count", lang)],
            [[b[0], b[2]] for b in bars],
            lang=lang,
            table=False,
        )
        blocks.append(
            Chart.from_figure(fig, alt=alt, caption=" ".join(f"{esc(b[0])} {cite(b[4])}" for b in bars), data=data)
        )
    header = [phrase("funnel_stage", lang), phrase("funnel_count", lang), phrase("funnel_source", lang)]
    blocks.append(table_html(header, rows, escape=False))
    blocks.append(conflict_html)
    blocks.append(_which_six(ctx))
    return titled(section_heading("funnel", lang), *blocks)


def _which_six(ctx: CompetitionContext) -> str:
    cite, lang = ctx.cite, ctx.lang
    q = ctx.questions.get(WHICH_SIX_QUESTION)
    facts = ctx.facts
    known = [facts[f] for f in WHICH_SIX_KNOWN if f in facts]
    if q is None and not known:
        return ""
    body = f'<div class="cb-open"><p><b>{esc(phrase("funnel_which_six", lang))}</b> '
    body += f'<span class="cb-status cb-status-open">{esc(phrase("funnel_open", lang))}</span></p>'
    if q is not None:
        body += f"<p>{esc(text_of(q.question, lang))}</p>"
        if q.known:
            body += f"<p>{esc(text_of(q.known, lang))}" + (f" {cite(q.source)}" if q.source else "") + "</p>"
    for f in known:
        body += f"<p>{esc(text_of(f.label, lang))}{cite.claim(f, lang)}</p>"
    return body + "</div>"


# --- sources --------------------------------------------------------------------------------------


def notes(ctx: CompetitionContext) -> Html:
    """The notes and quotes behind the brief's figures, numbered as their markers."""
    return notes_section(ctx.cite, ctx.sources, ctx.lang)


def sources(ctx: CompetitionContext) -> Html:
    """The numbered list of every source the brief cites."""
    return source_list(ctx.cite.order, ctx.sources, ctx.lang)
