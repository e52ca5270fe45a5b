"""Kazakhstan's regions in numbers: the country brief's regional specialisation, the competition's applicant regions.

:func:`specialisation` fills the country brief's "Regional specialisation" for Kazakhstan (an empty block for
any other country): a map of each region's strongest specialisation, a heatmap table of location quotients
of value added by region and OKED section, the region-section cells with two or three stars, and what changed
from 2017 to today on the borders of 2017. :func:`applicant_profiles` and :func:`application_specialisation`
take the competition brief's context: the 2017 profile of each region that applied, and, when a scoring sheet
names them, the specialisation of each application's region and section. The data are ``inputs.regional``,
the measures ``analysis.mapping``; the fixed text is ``core/locales/<lang>/regions.yaml``.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from ..analysis import mapping, scoring
from ..core import paths
from ..core.text import number, t
from ..inputs import files, geo, regional, regional_notes
from . import regional_findings as rf
from .citations import Citer
from .competition import CompetitionContext
from .country import CountryContext
from .display import RC, Chart, Html, draw_areas, esc, legible_in_print, new_figure
from .labels import LABEL_BOX, Label, fit_inside, repel

#: Fill colour of each OKED section on the map (fixed, so that 2017 and today read alike; light enough for
#: dark labels).
SECTION_COLOURS = {
    "A": "#a6d96a",
    "B": "#c49a6c",
    "C": "#6fa8dc",
    "D": "#fdb863",
    "E": "#66c2a5",
    "F": "#e6d3a3",
    "G": "#f4a6c6",
    "H": "#b2abd2",
    "I": "#fccde5",
    "J": "#e78ac3",
    "K": "#8da0cb",
    "L": "#c2e699",
    "M": "#bc80bd",
    "N": "#d9d9d9",
    "O": "#bdbdbd",
    "P": "#ffed6f",
    "Q": "#fb8072",
    "R": "#fdcdac",
    "S": "#cab2d6",
    "T": "#ffffb3",
    "U": "#f0f0f0",
}
#: Shading of the location-quotient table: (lower bound, background); text turns white on the darkest, dark
#: enough for WCAG AA contrast (4.5:1).
LQ_BANDS = (
    (0.0, "#c6dbef"),
    (0.5, "#eff3ff"),
    (0.8, "#ffffff"),
    (1.25, "#fdd0a2"),
    (2.0, "#fd8d3c"),
    (3.0, "#a63603"),
)
#: At most this many sections are listed in a region's profile.
PROFILE_SECTIONS = 3
#: Simplification of the boundaries for the specialisation map (degrees): below a pixel at the map's size,
#: and a third fewer points than the competition map's (a smaller SVG).
MAP_TOLERANCE = 0.05


def _name(names: dict[str, str], code: str) -> str:
    """A unit's name, or its code where it has none."""
    return names.get(code, code)


def _t(key: str, lang: str, **fmt) -> str:
    return t(f"regions.{key}", lang, **fmt)


_fixed = rf._fixed
_pct = rf.pct
_lq = rf.lq_text


def _stars(n: int) -> str:
    return "★" * int(n)


#: The measures (kept here under their old names for the notebooks and tests that use them).
measures = rf.measures
_on_2017_borders = rf.on_2017_borders
_change = rf.change


# --- the country brief ----------------------------------------------------------------------------


def specialisation(ctx: CountryContext, year: int = regional.BASE_YEAR) -> Html:
    """Regional specialisation of Kazakhstan in ``year``: method, map, quotient table and the findings.

    The starred cells, the change since 2017 and value added beside jobs are in an annex
    (:func:`specialisation_detail`). Shows nothing (an empty block) for a country other than Kazakhstan.

    Raises:
        UserError: a year without regional figures (the message names the years there are).
    """
    if ctx.country != regional.COUNTRY:
        return Html("")
    lang, cite = ctx.lang, ctx.cite
    y = regional.check_year(year)
    spec = rf.screened(y)
    names = regional.unit_names(y, lang)
    n = spec.index.get_level_values("region").nunique()
    source = _source(ctx)
    src = ctx.sources[regional.GVA_SOURCE]
    parts = [f"<h2>{esc(_t('heading', lang))}</h2>", f"<p>{esc(_t('intro', lang, year=y))} {cite(src.id)}</p>"]
    parts.append(f'<p class="cb-note">{esc(_borders_note(y, lang))}</p>')
    parts.append(_method(spec, n, y, lang, cite))
    parts.append(
        _map(
            y, spec, names, lang, source + "<br>" + esc(_t("map_credit", lang)) + " " + cite(geo.GEO_SOURCE), cite
        )._repr_html_()
    )
    parts.append(_heatmap(spec, names, y, lang, source, cite))
    if max(regional.years()) > regional.BASE_YEAR:
        parts.append(_findings_block(lang, cite))
    return Html("".join(parts), classes=["cb-regions"])


def specialisation_detail(ctx: CountryContext, year: int = regional.BASE_YEAR) -> Html:
    """The regional tables behind the findings, as an annex: starred cells, change since 2017, value added and jobs.

    Shows nothing for a country other than Kazakhstan.
    """
    if ctx.country != regional.COUNTRY:
        return Html("")
    lang, cite = ctx.lang, ctx.cite
    y = regional.check_year(year)
    spec = rf.screened(y)
    names = regional.unit_names(y, lang)
    source = _source(ctx)
    parts = [f"<h2>{esc(_t('detail_heading', lang, year=y))}</h2>", _starred(spec, names, y, lang, source, cite)]
    end = max(regional.years())
    if end > regional.BASE_YEAR:
        parts.append(_change_block(regional.BASE_YEAR, end, lang, source))
    parts.append(_lens_block(y, names, lang, cite))
    return Html("".join(parts), classes=["cb-regions"])


def _source(ctx: CountryContext) -> str:
    src = ctx.sources[regional.GVA_SOURCE]
    return f"{esc(_t('source', ctx.lang, source=src.short_citation(ctx.lang)))} {ctx.cite(src.id)}"


def _borders_note(year: int, lang: str) -> str:
    if regional.borders_of(year) == "2017":
        memo = regional.memo_rows(year, lang)
        return _t("borders_2017", lang, year=year, memo=", ".join(f"{r.name} {r.code}" for r in memo.itertuples()))
    return _t("borders_current", lang, year=year)


def _kind_names(kinds: dict[str, str], wanted: str) -> str:
    return ", ".join(s for s, k in sorted(kinds.items()) if k == wanted and s != "U")


def _method(spec: pd.DataFrame, n: int, year: int, lang: str, cite: Citer) -> str:
    sections = sorted(spec.index.get_level_values("sector").unique())
    top = mapping.TOP_SHARE
    n_top = sum(1 for k in range(n) if k < top * n)  # positions with fewer than top*n regions ahead
    kinds = regional_notes.section_kinds()
    shown = {s: k for s, k in kinds.items() if s in sections}
    sens = rf.sensitivity(year)
    share_r, share_s = mapping.MIN_SHARE_OF_REGION, mapping.MIN_SHARE_OF_SECTOR
    items = [
        (_t("method_lq", lang, sections=f"{sections[0]}–{sections[-1]}"), ()),
        (
            _t(
                "method_kinds",
                lang,
                traded=_kind_names(shown, "traded"),
                mixed=_kind_names(shown, "mixed"),
                local=_kind_names(shown, "local"),
            ),
            ("hbs_undated_us_cluster_mapping_methodology", "delgado_porter_stern_2016_defining_clusters"),
        ),
        (
            _t("method_stars", lang, top=number(100 * top, lang), n=n, n_top=n_top, lq_star=mapping.LQ_STAR),
            (regional.ECO_SOURCE,),
        ),
        (
            _t(
                "method_size",
                lang,
                share_region=number(100 * share_r, lang),
                share_sector=number(100 * share_s, lang),
            ),
            (),
        ),
        (
            _t(
                "method_sensitivity",
                lang,
                n=sens[1.0],
                half=sens[0.5],
                double=sens[2.0],
                half_region=number(50 * share_r, lang),
                half_sector=number(50 * share_s, lang),
                double_region=number(200 * share_r, lang),
                double_sector=number(200 * share_s, lang),
            ),
            (),
        ),
        (_t("method_strongest", lang), ()),
        (_t("method_caveat", lang, year=year), ()),
    ]
    lis = "".join(f"<li>{esc(text)}{''.join(' ' + cite(sid) for sid in sids)}</li>" for text, sids in items)
    return f"<h3>{esc(_t('method_heading', lang))}</h3><ul>{lis}</ul>"


def _text_colour(hex_colour: str) -> str:
    """Black or white text, whichever reads better on ``hex_colour``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#24292f"


def _map(year: int, spec: pd.DataFrame, names: dict[str, str], lang: str, caption: str, cite: Citer) -> Chart:
    """Choropleth of each region's strongest traded specialisation (counted cells only), on the boundaries of
    ``year``; a cell with a caveat is marked † and its caveat given under the map."""
    fig, _labels, best, none_codes, shown_cells = _map_figure(year, spec, names, lang)
    section_names = regional.section_names(lang)
    by_name = geo.sort_key(lang)
    items = "; ".join(
        _t("map_alt_item", lang, region=names.get(c, c), section=s, name=section_names.get(s, s), lq=_lq(lq, lang))
        for c, s, lq in sorted(
            zip(best.index, best["sector"], best["lq"]), key=lambda x: by_name(names.get(x[0], x[0]))
        )
    )
    alt = _t("map_alt", lang, n=len(best), year=year, items=items)
    none = sorted((names.get(c, c) for c in none_codes), key=by_name)
    notes = [esc(_t("map_none", lang, regions=", ".join(none)))] if none else []
    for code, s in shown_cells:
        note = rf.caveat_note(code, s, lang)
        if note:
            cites = " ".join(cite(x) for x in rf.caveat_sources(code, s))
            notes.append(f"† {esc(names.get(code, code))}, {esc(s)}: {esc(note)} {cites}")
    extra = "".join(f"<br>{n}" for n in notes)
    return Chart.from_figure(fig, alt=alt, caption=esc(_t("map_caption", lang, year=year)) + extra + " " + caption)


def _map_figure(year: int, spec: pd.DataFrame, names: dict[str, str], lang: str):
    """The map's figure, at the size it prints, with its region labels moved apart so that none overlaps another.

    Returns:
        ``(figure, labels, best, none, shown)``: the label texts, each region's strongest traded cell, the
        regions without one, and the (region, section) cells the labels show.
    """
    import matplotlib
    from matplotlib.patches import Patch

    on_2017 = regional.borders_of(year) == "2017"
    gdf = geo.boundaries(geo.GEO_2017 if on_2017 else geo.GEO_CURRENT, MAP_TOLERANCE)
    key = "iso_3166_2_2017" if on_2017 else "iso_3166_2"
    best = mapping.strongest_of_kind(spec, "traded")
    mixed = mapping.strongest_of_kind(spec, "mixed")
    mixed = mixed[mixed["stars"] >= 2]
    shown_cells: list[tuple[str, str]] = []
    gdf["section"] = gdf[key].map(best["sector"])
    gdf["lq"] = gdf[key].map(best["lq"])
    section_names = regional.section_names(lang)
    labels: list[Label] = []
    areas: list = []  # each label's region and fill (None for a city's label, which is beside its dot)
    with matplotlib.rc_context(RC):
        fig, ax = new_figure(9, 5.6)
        colours = [SECTION_COLOURS.get(s, "#eaeef2") if isinstance(s, str) else "#eaeef2" for s in gdf["section"]]
        draw_areas(ax, gdf["geometry"], colours, edgecolor="#24292f", linewidth=0.6)
        for _, r in gdf.iterrows():
            code, traded = r[key], isinstance(r["section"], str)
            x, y = geo.label_point(r.geometry)
            lines = [geo.short_name(names.get(code, r["name"]), lang, names.values())]
            if traded:
                shown_cells.append((code, r["section"]))
                mark = "†" if rf.caveat_note(code, r["section"], lang) else ""
                lines.append(f"{r['section']} {_fixed(r['lq'], lang, 1)}{mark}")
            if code in mixed.index and (not traded or mixed.loc[code, "lq"] > r["lq"]):
                m = mixed.loc[code]  # a starred mixed section with a higher quotient: shown apart, on its own line
                shown_cells.append((code, m["sector"]))
                mark = "†" if rf.caveat_note(code, m["sector"], lang) else ""
                lines.append(_t("map_mixed", lang, section=m["sector"], lq=_fixed(m["lq"], lang, 1)) + mark)
            label = "\n".join(lines)
            if r["unit_type"] == "city":  # a dot at this scale: the label beside it, joined by a plain line
                dx, dy = _CITY_OFFSETS.get(r[key], (-3.0, -1.2))
                (line,) = ax.plot([x, x + dx], [y, y + dy], color="#57606a", linewidth=0.6)
                text = ax.text(x + dx, y + dy, label, fontsize=7, va="top", ha="center", bbox=LABEL_BOX)
                labels.append(Label(text, (x, y), line))
                areas.append(None)
            else:
                fill = SECTION_COLOURS.get(r["section"], "#eaeef2") if traded else "#eaeef2"
                text = ax.text(x, y, label, fontsize=7, ha="center", va="center", color=_text_colour(fill))
                labels.append(Label(text, (x, y), None))
                areas.append((r.geometry, fill))
        ax.set_aspect(1 / geo.LONGITUDE_SCALE)
        ax.set_axis_off()
        ax.set_xticks([]), ax.set_yticks([])  # no tick labels to measure when the title is placed
        borders = _t("borders_label_2017" if on_2017 else "borders_label_current", lang)
        # wrapped: a long title (Russian, Kazakh) would otherwise set the printed width and shrink the map
        ax.set_title(textwrap.fill(_t("map_title", lang, year=year, borders=borders), 60), loc="left", y=1.0)
        shown = sorted(s for s in set(gdf["section"]) if isinstance(s, str))
        handles = [
            Patch(
                facecolor=SECTION_COLOURS.get(s, "#eaeef2"),
                edgecolor="#24292f",
                linewidth=0.4,
                label=textwrap.fill(f"{s} {section_names.get(s, s)}", 40),  # whole, over two lines if need be
            )
            for s in shown
        ]
        ax.legend(
            handles=handles,
            title=_t("map_legend", lang),
            loc="upper left",  # under the map, so that the map, not a long legend, sets the printed width
            fontsize=7.5,
            title_fontsize=8,
            frameon=False,
            bbox_to_anchor=(0.0, 0.0),
            alignment="left",
            ncol=2,
        )
        legible_in_print(fig)  # the size it prints at (text keeps its size while the map narrows), then
        fit_inside(ax, labels, areas)  # each label inside its region where it has room, or boxed, then
        repel(ax, labels, box_style=LABEL_BOX)  # labels moved apart at that size
    return fig, [lb.text for lb in labels], best, sorted(set(gdf[key]) - set(best.index)), shown_cells


#: Where the labels of the cities (dots at this scale) go, relative to the city: (dx, dy) in degrees.
_CITY_OFFSETS = {
    "KZ-AST": (0.0, -0.7),
    "KZ-71": (0.0, -0.7),
    "KZ-ALA": (-2.6, -1.0),
    "KZ-75": (-2.6, -1.0),
    "KZ-79": (-2.6, -0.9),
}


def _band_labels(lang: str) -> list[str]:
    """The shading bands in words: "below 0.5", "0.5–0.8", ..., "3 or more"."""
    bounds = [number(lo, lang) for lo, _ in LQ_BANDS]
    middle = [f"{a}–{b}" for a, b in zip(bounds[1:-1], bounds[2:])]
    return [_t("band_below", lang, value=bounds[1]), *middle, _t("band_above", lang, value=bounds[-1])]


def _band(value: float) -> tuple[str, str]:
    """(background, text colour) of a location quotient in the table."""
    if value is None or not math.isfinite(value):
        return "#f6f8fa", "#57606a"
    bg = next(b for lo, b in reversed(LQ_BANDS) if value >= lo)
    return bg, _text_colour(bg)


#: Header colour of each kind of section in the quotient table; local cells are shown muted (context only).
KIND_COLOURS = {"traded": "#cfe2f3", "mixed": "#fff2cc", "local": "#eaeef2"}
LOCAL_CELL = ("#f6f8fa", "#57606a")  # muted, yet at WCAG AA contrast (4.5:1) on its fill


def _heatmap(spec: pd.DataFrame, names: dict[str, str], year: int, lang: str, source: str, cite: Citer) -> str:
    """The location quotients as a shaded table: regions as rows, sections as columns; local sections muted as
    context, cells with a caveat marked † and their caveats listed under the table."""
    lq = spec["lq"].unstack("sector")
    kind = spec["kind"].unstack("sector")
    counted = spec["counted"].unstack("sector")
    section_names = regional.section_names(lang)
    by_name = geo.sort_key(lang)
    sections = list(lq.columns)
    kinds = {s: kind[s].iloc[0] for s in sections}
    head = [f"<th>{esc(_t('heatmap_region', lang))}</th>"] + [
        f'<th class="num cb-{kinds[s]}" style="background:{KIND_COLOURS[kinds[s]]}" '
        f'title="{esc(section_names.get(s, s))} ({esc(_t("kind_" + kinds[s], lang))})">{esc(s)}</th>'
        for s in sections
    ]
    rows, notes = [], []
    for code in sorted(lq.index, key=lambda c: by_name(_name(names, c))):
        cells = [f'<th scope="row">{esc(names.get(code, code))}</th>']
        for s in sections:
            v = lq.loc[code, s]
            text = _lq(v, lang)
            if kinds[s] == "local":
                bg, fg = LOCAL_CELL
            else:
                bg, fg = _band(v)
                if math.isfinite(v) and v >= mapping.LQ_STAR and counted.loc[code, s]:
                    text = f"<b>{text}</b>"
            note = rf.caveat_note(code, s, lang)
            if note:
                text += "<sup>†</sup>"
                cites = " ".join(cite(x) for x in rf.caveat_sources(code, s))
                notes.append(f"<li>† {esc(names.get(code, code))}, {esc(s)}: {esc(note)} {cites}</li>")
            cells.append(f'<td class="num" style="background:{bg};color:{fg}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    legend = " ".join(
        f'<span class="cb-swatch" style="background:{bg};color:{_text_colour(bg)}">{esc(label)}</span>'
        for bg, label in zip((b for _, b in LQ_BANDS), _band_labels(lang))
    )
    kinds_legend = " ".join(
        f'<span class="cb-swatch" style="background:{KIND_COLOURS[k]}">{esc(_t("kind_" + k, lang))}</span>'
        for k in ("traded", "mixed", "local")
    )
    key = "; ".join(f"<b>{esc(s)}</b> {esc(section_names.get(s, s))}" for s in sections)
    caption = (
        f"{esc(_t('heatmap_caption', lang, year=year))} {source}<br>{esc(_t('heatmap_legend', lang))} {legend}"
        f"<br>{esc(_t('heatmap_kinds', lang))} {kinds_legend}<br>{esc(_t('heatmap_key', lang))} {key}"
    )
    caveats = f'<ul class="cb-note">{"".join(notes)}</ul>' if notes else ""
    return (
        f"<h3>{esc(_t('heatmap_heading', lang, year=year))}</h3>"
        f'<div class="cb-lq-wrap"><table class="cb-lq"><caption>{caption}</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{caveats}"
    )


def _starred(spec: pd.DataFrame, names: dict[str, str], year: int, lang: str, source: str, cite: Citer) -> str:
    """The counted cells with two or three stars: traded sections, then mixed ones apart; most stars and highest
    quotient first, each with its caveat."""
    heading = f"<h3>{esc(_t('stars_heading', lang, year=year))}</h3>"
    parts = [heading, f"<p>{esc(_t('stars_intro', lang))}</p>"]
    for kind in ("traded", "mixed"):
        cells = mapping.starred(spec)
        cells = cells[cells["kind"] == kind]
        parts.append(f"<h4>{esc(_t('stars_' + kind, lang))}</h4>")
        if cells.empty:
            parts.append(f"<p>{esc(_t('stars_none', lang))}</p>")
            continue
        parts.append(_starred_table(cells, names, lang, source, cite))
    return "".join(parts)


def _starred_table(cells: pd.DataFrame, names: dict[str, str], lang: str, source: str, cite: Citer) -> str:
    section_names = regional.section_names(lang)
    cells = cells.reset_index()
    cells = cells.assign(label=cells["region"].map(names)).sort_values(["stars", "lq"], ascending=[False, False])
    header = [
        _t(k, lang)
        for k in (
            "stars_region",
            "stars_section",
            "stars_value",
            "stars_share_of_sector",
            "stars_share_of_region",
            "stars_lq",
            "stars_stars",
            "stars_caveat",
        )
    ]
    rows = []
    for r in cells.itertuples():
        missing = [_t(f"stars_{k}", lang) for k in ("size", "specialisation", "focus") if not getattr(r, f"{k}_star")]
        stars = _stars(r.stars) + (
            f"&nbsp;<small>{esc(_t('stars_missing', lang, test=missing[0]))}</small>" if missing else ""
        )
        note = rf.caveat_note(r.region, r.sector, lang)
        caveat = esc(note) + "".join(" " + cite(x) for x in rf.caveat_sources(r.region, r.sector)) if note else ""
        rows.append(
            [
                esc(r.label),
                f"{esc(r.sector)} {esc(section_names.get(r.sector, r.sector))}",
                _fixed(r.value, lang, 1),
                _pct(r.share_of_sector, lang),
                _pct(r.share_of_region, lang),
                _lq(r.lq, lang),
                stars,
                caveat,
            ]
        )
    return _table(header, rows, numeric=(2, 3, 4, 5), caption=source, wide=(7,))


def _table(
    header: list[str], rows: list[list[str]], numeric: tuple[int, ...], caption: str, wide: tuple[int, ...] = ()
) -> str:
    """A compact table (built HTML cells), numbers right-aligned, ``wide`` columns kept readable; the first
    column names the row."""

    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ' class="cb-wide"' if i in wide else ""

    right = ' style="text-align:right"'
    head = "".join(f"<th{right if i in numeric else ''}>{esc(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>"
        + "".join(f'<th scope="row">{c}</th>' if i == 0 else f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return (
        f'<table class="cb-lq cb-compact"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


#: Width (px) of one percentage point of change in the change table's bars.
PP_WIDTH = 16


def _change_bar(pp: float, lang: str = "en") -> str:
    """A change in percentage points as text with a small bar: right and blue for a gain, left and red for a loss."""
    width = min(abs(pp) * PP_WIDTH, 50)  # the bar is 100 px wide, centred on no change
    side = "left:50%" if pp >= 0 else f"left:calc(50% - {width:.0f}px)"
    colour = "#0b5394" if pp >= 0 else "#cf222e"
    from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

    sign = get_minus_sign_symbol(lang) if math.copysign(1, pp) < 0 else get_plus_sign_symbol(lang)
    text = sign + _fixed(abs(pp), lang, 1)
    return f'<span class="cb-bar"><span style="{side};width:{width:.0f}px;background:{colour}"></span></span>{text}'


def _change_block(start: int, end: int, lang: str, source: str) -> str:
    """Each 2017 unit's share of national value added and strongest specialisation, ``start`` against ``end``."""
    ch = _change(start, end)
    names = regional.names_2017(lang)
    section_names = regional.section_names(lang)

    def strongest(sector, lq: float) -> str:
        if not isinstance(sector, str):
            return f'<span class="cb-na">{esc(_t("change_none", lang))}</span>'
        return f"{esc(sector)} {esc(section_names.get(sector, sector))} ({_lq(lq, lang)})"

    header = [
        _t("change_region", lang),
        _t("change_share", lang, year=start),
        _t("change_share", lang, year=end),
        _t("change_pp", lang),
        _t("change_strongest", lang, year=start),
        _t("change_strongest", lang, year=end),
    ]
    rows = [
        [
            esc(names.get(code, code)),
            _pct(r.share_start, lang),
            _pct(r.share_end, lang),
            _change_bar(100 * (r.share_end - r.share_start), lang),
            strongest(r.sector_start, r.lq_start),
            strongest(r.sector_end, r.lq_end),
        ]
        for code, r in ch.sort_values("share_end", ascending=False).iterrows()
    ]
    caption = f"{esc(_t('change_caption', lang, end=end))} {source}"
    table = _table(header, rows, numeric=(1, 2, 3), caption=caption)
    return (
        f"<h3>{esc(_t('change_heading', lang, start=start, end=end))}</h3>"
        f"<p>{esc(_t('change_intro', lang, end=end))}</p>" + table
    )


def _lens_block(year: int, names: dict[str, str], lang: str, cite: Citer) -> str:
    """Value added beside jobs in the three broad sectors the employment table has; where the two disagree."""
    lens = rf.employment_lens(year)
    heading = f"<h3>{esc(_t('lens_heading', lang, year=year))}</h3>"
    if lens.empty:
        return heading + f"<p>{esc(_t('lens_none', lang, year=year))}</p>"
    by_name = geo.sort_key(lang)
    sectors = regional.EMPLOYMENT_SECTORS
    header = [_t("lens_region", lang)] + [_t(f"lens_{k}_{s}", lang) for s in ("a", "bf", "gu") for k in ("va", "jobs")]
    rows = []
    for code in sorted(lens.index.get_level_values("region").unique(), key=lambda c: by_name(_name(names, c))):
        row = [esc(names.get(code, code))]
        for s in sectors:
            r = lens.loc[(code, s)] if (code, s) in lens.index else None
            va, jobs = (_lq(r["va_lq"], lang), _lq(r["jobs_lq"], lang)) if r is not None else ("–", "–")
            if r is not None and r["disagree"]:
                va, jobs = f"<b>{va}</b>", f"<b>{jobs}</b>"
            row += [va, jobs]
        rows.append(row)
    gaps = lens[lens["disagree"]].reset_index()
    gaps = gaps.assign(gap=(gaps["ratio"].apply(math.log)).abs()).sort_values("gap", ascending=False)
    sector_words = {s: _t(f"lens_sector_{k}", lang) for s, k in zip(sectors, ("a", "bf", "gu"))}
    listed = "; ".join(
        _t(
            "lens_item",
            lang,
            region=names.get(r.region, r.region),
            sector=sector_words[r.sector],
            va=_lq(r.va_lq, lang),
            jobs=_lq(r.jobs_lq, lang),
        )
        for r in gaps.head(6).itertuples()
    )
    intro = _t("lens_intro", lang, ratio=number(rf.DISAGREE_RATIO, lang))
    found = _t("lens_found", lang, n=len(gaps), items=listed) if len(gaps) else _t("lens_agree", lang)
    cites = f"{cite(regional.GVA_SOURCE)} {cite(regional.EMPLOYMENT_SOURCE)}"
    caption = f"{esc(_t('lens_caption', lang, year=year))} {cites}"
    return (
        heading
        + f"<p>{esc(intro)}</p><p>{esc(found)}</p>"
        + _table(header, rows, numeric=tuple(range(1, 7)), caption=caption)
    )


def _findings_block(lang: str, cite: Citer) -> str:
    """The section's findings (at most five), each with its sources."""
    found = rf.findings()
    if not found:
        return ""
    items = "".join(f"<li>{esc(f.text[lang])} {' '.join(cite(s) for s in f.cites)}</li>" for f in found)
    return f"<h3>{esc(_t('findings_heading', lang))}</h3><p>{esc(_t('findings_intro_annex', lang))}</p><ol>{items}</ol>"


# --- the competition brief ------------------------------------------------------------------------


def _employment_lq(year: int) -> pd.DataFrame:
    """Location quotients of employment in the three broad sectors, by region and sector (units of ``year``)."""

    def build():
        return mapping.location_quotients(regional.employment(year), region="region", sector="sector", value="value")

    path = regional.employment_path()
    return files.cached(f"regions:jobs:{year}", [path, paths.sidecar(path), *rf.deps()], build)


def _profile(code: str, cells: pd.DataFrame, lang: str) -> tuple[str, list[str]]:
    """A region's traded and mixed specialisations that count (LQ above 1, above the size threshold), as a list
    (a cell with a caveat marked †), and the sections listed."""
    section_names = regional.section_names(lang)
    large = cells[cells["counted"] & (cells["lq"] > 1)]
    top = large.sort_values("lq", ascending=False).head(PROFILE_SECTIONS)
    items = "".join(
        "<li>"
        + esc(
            _t(
                "profiles_cell",
                lang,
                section=s,
                name=section_names.get(s, s),
                lq=_lq(r["lq"], lang),
                share=_pct(r["share_of_sector"], lang),
            )
        )
        + (f" <small>({esc(_t('kind_mixed', lang))})</small>" if r["kind"] == "mixed" else "")
        + (f" {_stars(r['stars'])}" if r["stars"] else "")
        + ("<sup>†</sup>" if rf.caveat_note(code, s, lang) else "")
        + "</li>"
        for s, r in top.iterrows()
    )
    if not items:
        return f'<span class="cb-na">{esc(_t("profiles_none", lang))}</span>', []
    return f"<ul>{items}</ul>", list(top.index)


def _match_text(match: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    """Which applicant regions had a traded specialisation with two or more stars, which such regions did not apply."""
    by_name = geo.sort_key(lang)
    section_names = regional.section_names(lang)

    def listed(group: str) -> str:
        codes = sorted(match.index[match["group"] == group], key=lambda c: by_name(_name(names, c)))
        items = [
            f"{names.get(c, c)} ({', '.join(f'{s} {section_names.get(s, s)}' for s in match.loc[c, 'traded'])})"
            if match.loc[c, "traded"]
            else names.get(c, c)
            for c in codes
        ]
        return "; ".join(items) if items else _t("match_nobody", lang)

    applied = int((match["applications"] > 0).sum())
    matched = int((match["group"] == "matched").sum())
    return _t(
        "match_text",
        lang,
        matched=matched,
        applied=applied,
        with_list=listed("matched"),
        without_list=listed("unmatched"),
        silent_list=listed("no_application"),
    )


def applicant_profiles(ctx: CompetitionContext) -> Html:
    """Each 2017 applicant region's own specialisation in 2017 (units of 2017), whether it had a traded
    specialisation with two or more stars, which specialised regions sent nothing, and what is not known."""
    lang, cite = ctx.lang, ctx.cite
    year = regional.BASE_YEAR
    _, apps = ctx.applications
    counts = {c: int(n) for c, n in zip(apps["iso_3166_2_2017"], apps["applications"]) if int(n) > 0}
    spec = rf.screened(year)
    match = rf.applicant_match(counts, year)
    jobs = _employment_lq(year)["lq"]
    names = regional.names_2017(lang)
    by_name = geo.sort_key(lang)
    rows, notes = [], []
    for code in sorted(counts, key=lambda c: (-counts[c], by_name(_name(names, c)))):
        profile, shown = _profile(code, spec.xs(code, level="region"), lang)
        for s in shown:
            note = rf.caveat_note(code, s, lang)
            if note:
                cites = " ".join(cite(x) for x in rf.caveat_sources(code, s))
                notes.append(f"<li>† {esc(names.get(code, code))}, {esc(s)}: {esc(note)} {cites}</li>")
        matched = _t("match_yes" if match.loc[code, "group"] == "matched" else "match_no", lang)
        jobs_lq = [_lq(jobs.get((code, s), math.nan), lang) for s in regional.EMPLOYMENT_SECTORS]
        rows.append([esc(names.get(code, code)), str(counts[code]), profile, esc(matched), *jobs_lq])
    header = [
        _t(k, lang)
        for k in (
            "profiles_region",
            "profiles_apps",
            "profiles_top",
            "profiles_match",
            "profiles_jobs_a",
            "profiles_jobs_bf",
            "profiles_jobs_gu",
        )
    ]
    caption = (
        f"{esc(_t('profiles_caption', lang))} {cite(regional.GVA_SOURCE)} {cite(regional.EMPLOYMENT_SOURCE)}"
        f" {cite(ctx.applications[0].source)}"
    )
    intro = _t(
        "profiles_intro",
        lang,
        share_region=number(100 * mapping.MIN_SHARE_OF_REGION, lang),
        share_sector=number(100 * mapping.MIN_SHARE_OF_SECTOR, lang),
    )
    body = (
        f"<h2>{esc(_t('profiles_heading', lang))}</h2><p>{esc(intro)} {cite(regional.ECO_SOURCE)}</p>"
        f'<div class="cb-open"><p>{esc(_t("profiles_unknown", lang))} {cite(ctx.applications[0].source)}</p></div>'
        f"<p>{esc(_match_text(match, names, lang))} {cite(regional.GVA_SOURCE)}</p>"
        + _table(header, rows, numeric=(1, 4, 5, 6), caption=caption, wide=(2,))
        + (f'<ul class="cb-note">{"".join(notes)}</ul>' if notes else "")
    )
    return Html(body, classes=["cb-competition", "cb-regions"])


def application_specialisation(ctx: CompetitionContext) -> Html:
    """When the scoring sheet names applications' regions and sections: each one's score beside the 2017
    location quotient and national share of its region's section (nothing when the sheet names none)."""
    sheet, lang, cite = ctx.sheet, ctx.lang, ctx.cite
    placed = [a for a in sheet.applications if a in sheet.regions]
    if not placed:
        return Html("")
    spec = rf.screened(regional.BASE_YEAR)
    names = regional.names_2017(lang)
    section_names = regional.section_names(lang)
    mean = ctx.scores("mean")
    ranks = scoring.rank(mean)
    rows = []
    for a in sorted(placed, key=lambda a: (ranks[a], a)):
        region, section = sheet.regions[a], sheet.sections.get(a)
        if section is None:
            lq = share = stars = ""
            sec = f'<span class="cb-na">{esc(_t("applications_no_section", lang))}</span>'
        else:
            r = spec.loc[(region, section)]
            lq, share, stars = _lq(r["lq"], lang), _pct(r["share_of_sector"], lang), _stars(r["stars"])
            sec = f"{esc(section)} {esc(section_names.get(section, section))}"
            if r["kind"] != "traded":  # a local section is context, never a star; a mixed one only partly traded
                sec += f" <small>({esc(_t('kind_' + r['kind'], lang))})</small>"
        score = _fixed(mean[a], lang, 1)
        rows.append([esc(a), esc(names.get(region, region)), sec, score, str(ranks[a]), lq, share, stars])
    header = [
        _t(k, lang)
        for k in (
            "applications_application",
            "applications_region",
            "applications_section",
            "applications_score",
            "applications_rank",
            "applications_lq",
            "applications_share",
            "applications_stars",
        )
    ]
    caption = (t("competition.illustrative_short", lang) + ". " if sheet.illustrative else "") + _t(
        "applications_caption", lang
    )
    intro = _t("applications_intro", lang, n=len(placed), count=len(sheet.applications))
    body = f"<h2>{esc(_t('applications_heading', lang))}</h2><p>{esc(intro)} {cite(regional.GVA_SOURCE)}</p>" + _table(
        header, rows, numeric=(3, 4, 5, 6), caption=esc(caption) + " " + cite(regional.GVA_SOURCE)
    )
    return Html(body, classes=["cb-competition", "cb-regions"])
