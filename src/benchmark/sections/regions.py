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

import pandas as pd

from ..analysis import mapping, scoring
from ..core import paths
from ..core.text import number, percent, t
from ..inputs import files, geo, regional
from .citations import Citer
from .competition import CompetitionContext
from .country import CountryContext
from .display import RC, Chart, Html, esc, new_figure

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
#: Shading of the location-quotient table: (lower bound, background); text turns white on the darkest.
LQ_BANDS = (
    (0.0, "#c6dbef"),
    (0.5, "#eff3ff"),
    (0.8, "#ffffff"),
    (1.25, "#fdd0a2"),
    (2.0, "#fd8d3c"),
    (3.0, "#d94801"),
)
#: At most this many sections are listed in a region's profile.
PROFILE_SECTIONS = 3
#: Simplification of the boundaries for the specialisation map (degrees): below a pixel at the map's size,
#: and a third fewer points than the competition map's (a smaller SVG).
MAP_TOLERANCE = 0.05


def _t(key: str, lang: str, **fmt) -> str:
    return t(f"regions.{key}", lang, **fmt)


def _fixed(value: float, lang: str, digits: int) -> str:
    """``value`` with ``digits`` decimals as ``lang`` writes it (``1,234.5``, ``1 234,5``).

    Rounded first as Python's ``f"{value:.2f}"`` rounds (the binary value), so the brief shows what an analyst
    recomputing a figure in Python gets; babel alone would round the shortest decimal (2.675 -> 2.68, not 2.67).
    """
    return number(float(f"{value:.{digits}f}"), lang, digits)


def _pct(share: float, lang: str = "en", digits: int = 1) -> str:
    """A share as a percentage with ``digits`` decimals in ``lang`` (``12.3%``, ``12,3 %``); "–" when missing."""
    if share is None or not math.isfinite(share):
        return "–"
    return percent(float(f"{100 * share:.{digits}f}") / 100, lang, digits)


def _lq(value: float, lang: str = "en") -> str:
    """A location quotient with two decimals in ``lang``; "–" when it is not defined."""
    return "–" if value is None or not math.isfinite(value) else _fixed(value, lang, 2)


def _stars(n: int) -> str:
    return "★" * int(n)


# --- the measures, computed once per content of the data -------------------------------------------


def _deps() -> list:
    path = regional.gva_path()
    return [path, paths.sidecar(path), paths.GEO_DIR / geo.CROSSWALK]


def measures(year: int) -> pd.DataFrame:
    """:func:`analysis.mapping.specialisation` of value added in ``year`` (on that year's borders, memo rows out)."""
    y = regional.check_year(year)
    return files.cached(f"regions:spec:{y}", _deps(), lambda: mapping.specialisation(regional.value_added(y)))


def _on_2017_borders(year: int) -> pd.DataFrame:
    """Value added of ``year`` in sections A-S, summed into the 16 units of 2017 (today's units added back)."""
    va = regional.value_added(year)
    va = va[va["section"].isin(regional.SECTIONS_2017)]
    if regional.borders_of(year) == "2017":
        return va[["region", "section", "value"]]
    return mapping.to_units(va, regional.current_to_2017())


def _change(start: int, end: int) -> pd.DataFrame:
    """Per 2017 unit: share of national value added and strongest specialisation in ``start`` and ``end``."""

    def build():
        a, b = _on_2017_borders(start), _on_2017_borders(end)
        sa, sb = mapping.strongest(mapping.specialisation(a)), mapping.strongest(mapping.specialisation(b))
        out = pd.DataFrame({"share_start": mapping.shares_of_total(a), "share_end": mapping.shares_of_total(b)})
        out["sector_start"], out["lq_start"] = sa["sector"], sa["lq"]
        out["sector_end"], out["lq_end"] = sb["sector"], sb["lq"]
        return out

    return files.cached(f"regions:change:{start}:{end}", _deps(), build)


# --- the country brief ----------------------------------------------------------------------------


def specialisation(ctx: CountryContext, year: int = regional.BASE_YEAR) -> Html:
    """Regional specialisation of Kazakhstan in ``year``: map, location-quotient table, starred cells, change.

    Shows nothing (an empty block) for a country other than Kazakhstan.

    Raises:
        UserError: a year without regional figures (the message names the years there are).
    """
    if ctx.country != regional.COUNTRY:
        return Html("")
    lang, cite = ctx.lang, ctx.cite
    y = regional.check_year(year)
    spec = measures(y)
    names = regional.unit_names(y, lang)
    n = spec.index.get_level_values("region").nunique()
    src = ctx.sources[regional.GVA_SOURCE]
    source = f"{esc(_t('source', lang, source=src.short_citation(lang)))} {cite(src.id)}"
    parts = [f"<h2>{esc(_t('heading', lang))}</h2>", f"<p>{esc(_t('intro', lang, year=y))} {cite(src.id)}</p>"]
    parts.append(f'<p class="cb-note">{esc(_borders_note(y, lang))}</p>')
    parts.append(_method(spec, n, y, lang, cite))
    parts.append(
        _map(
            y, spec, names, lang, source + "<br>" + esc(_t("map_credit", lang)) + " " + cite(geo.GEO_SOURCE)
        )._repr_html_()
    )
    parts.append(_heatmap(spec, names, y, lang, source))
    parts.append(_starred(spec, names, y, lang, source))
    end = max(regional.years())
    if end > regional.BASE_YEAR:
        parts.append(_change_block(regional.BASE_YEAR, end, lang, source))
    return Html("".join(parts), classes=["cb-regions"])


def _borders_note(year: int, lang: str) -> str:
    if regional.borders_of(year) == "2017":
        memo = regional.memo_rows(year, lang)
        return _t("borders_2017", lang, year=year, memo=", ".join(f"{r.name} {r.code}" for r in memo.itertuples()))
    return _t("borders_current", lang, year=year)


def _method(spec: pd.DataFrame, n: int, year: int, lang: str, cite: Citer) -> str:
    sections = sorted(spec.index.get_level_values("sector").unique())
    top = mapping.TOP_SHARE
    n_top = sum(1 for k in range(n) if k < top * n)  # positions with fewer than top*n regions ahead
    items = [
        (_t("method_lq", lang, sections=f"{sections[0]}–{sections[-1]}"), ""),
        (
            _t("method_stars", lang, top=number(100 * top, lang), n=n, n_top=n_top, lq_star=mapping.LQ_STAR),
            regional.ECO_SOURCE,
        ),
        (_t("method_strongest", lang, min_share=number(100 * mapping.STRONGEST_MIN_SHARE, lang)), ""),
        (_t("method_caveat", lang, year=year), ""),
    ]
    lis = "".join(f"<li>{esc(text)}{' ' + cite(sid) if sid else ''}</li>" for text, sid in items)
    return f"<h3>{esc(_t('method_heading', lang))}</h3><ul>{lis}</ul>"


def _text_colour(hex_colour: str) -> str:
    """Black or white text, whichever reads better on ``hex_colour``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "#24292f"


def _map(year: int, spec: pd.DataFrame, names: dict[str, str], lang: str, caption: str) -> Chart:
    """Choropleth of each region's strongest specialisation, on the boundaries of ``year``."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    on_2017 = regional.borders_of(year) == "2017"
    gdf = geo.boundaries(geo.GEO_2017 if on_2017 else geo.GEO_CURRENT, MAP_TOLERANCE)
    key = "iso_3166_2_2017" if on_2017 else "iso_3166_2"
    best = mapping.strongest(spec)
    gdf["section"] = gdf[key].map(best["sector"])
    gdf["lq"] = gdf[key].map(best["lq"])
    section_names = regional.section_names(lang)
    with plt.rc_context(RC):
        fig, ax = new_figure(9, 5.6)
        fig.canvas.draw_idle = lambda *a, **k: None  # geopandas asks for a screen redraw: a wasted raster pass here
        colours = [SECTION_COLOURS.get(s, "#eaeef2") if isinstance(s, str) else "#eaeef2" for s in gdf["section"]]
        gdf.plot(ax=ax, color=colours, edgecolor="#24292f", linewidth=0.6)
        for _, r in gdf.iterrows():
            if not isinstance(r["section"], str):
                continue
            pt = r.geometry.representative_point()
            name = geo.short_name(names.get(r[key], r["name"]), lang, names.values())
            label = f"{name}\n{r['section']} {_fixed(r['lq'], lang, 1)}"
            if r["unit_type"] == "city":  # a dot at this scale: the label beside it, joined by a plain line
                dx, dy = _CITY_OFFSETS.get(r[key], (-3.0, -1.2))
                ax.plot([pt.x, pt.x + dx], [pt.y, pt.y + dy], color="#57606a", linewidth=0.6)
                ax.text(pt.x + dx, pt.y + dy, label, fontsize=7, va="top", ha="center", bbox=_LABEL_BOX)
            else:
                fill = SECTION_COLOURS.get(r["section"], "#eaeef2")
                ax.text(pt.x, pt.y, label, fontsize=7, ha="center", va="center", color=_text_colour(fill))
        ax.set_aspect(1 / math.cos(math.radians(48)))
        ax.set_axis_off()
        ax.set_xticks([]), ax.set_yticks([])  # no tick labels to measure when the title is placed
        borders = _t("borders_label_2017" if on_2017 else "borders_label_current", lang)
        ax.set_title(_t("map_title", lang, year=year, borders=borders), loc="left", y=1.0)
        shown = sorted(s for s in set(gdf["section"]) if isinstance(s, str))
        handles = [
            Patch(
                facecolor=SECTION_COLOURS.get(s, "#eaeef2"),
                edgecolor="#24292f",
                linewidth=0.4,
                label=f"{s} {_short(section_names.get(s, s))}",
            )
            for s in shown
        ]
        ax.legend(
            handles=handles,
            title=_t("map_legend", lang),
            loc="lower left",
            fontsize=7.5,
            title_fontsize=8,
            frameon=False,
            bbox_to_anchor=(1.0, 0.0),
            alignment="left",
        )
    by_name = geo.sort_key(lang)
    items = "; ".join(
        _t("map_alt_item", lang, region=names.get(c, c), section=s, name=section_names.get(s, s), lq=_lq(lq, lang))
        for c, s, lq in sorted(
            zip(best.index, best["sector"], best["lq"]), key=lambda x: by_name(names.get(x[0], x[0]))
        )
    )
    alt = _t("map_alt", lang, n=len(best), year=year, items=items)
    return Chart.from_figure(fig, alt=alt, caption=esc(_t("map_caption", lang, year=year)) + " " + caption)


#: Where the labels of the cities (dots at this scale) go, relative to the city: (dx, dy) in degrees.
_CITY_OFFSETS = {
    "KZ-AST": (0.0, -0.7),
    "KZ-71": (0.0, -0.7),
    "KZ-ALA": (-2.6, -1.0),
    "KZ-75": (-2.6, -1.0),
    "KZ-79": (-2.6, -0.9),
}
#: A white box behind a city's label, so that it reads over the regions it overlaps.
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _short(name: str, width: int = 38) -> str:
    """A section name cut at a word for the map legend."""
    if len(name) <= width:
        return name
    cut = name[:width].rsplit(" ", 1)[0].rstrip(",;")
    return cut + " …"


def _band_labels(lang: str) -> list[str]:
    """The shading bands in words: "below 0.5", "0.5–0.8", ..., "3 or more"."""
    bounds = [number(lo, lang) for lo, _ in LQ_BANDS]
    middle = [f"{a}–{b}" for a, b in zip(bounds[1:-1], bounds[2:])]
    return [_t("band_below", lang, value=bounds[1]), *middle, _t("band_above", lang, value=bounds[-1])]


def _band(value: float) -> tuple[str, str]:
    """(background, text colour) of a location quotient in the table."""
    if value is None or not math.isfinite(value):
        return "#f6f8fa", "#8c959f"
    bg = next(b for lo, b in reversed(LQ_BANDS) if value >= lo)
    return bg, _text_colour(bg)


def _heatmap(spec: pd.DataFrame, names: dict[str, str], year: int, lang: str, source: str) -> str:
    """The location quotients as a shaded table: regions as rows, sections as columns."""
    lq = spec["lq"].unstack("sector")
    section_names = regional.section_names(lang)
    by_name = geo.sort_key(lang)
    sections = list(lq.columns)
    head = [f"<th>{esc(_t('heatmap_region', lang))}</th>"] + [
        f'<th class="num" title="{esc(section_names.get(s, s))}">{esc(s)}</th>' for s in sections
    ]
    rows = []
    for code in sorted(lq.index, key=lambda c: by_name(names.get(c, c))):
        cells = [f'<th scope="row">{esc(names.get(code, code))}</th>']
        for s in sections:
            v = lq.loc[code, s]
            bg, fg = _band(v)
            text = _lq(v, lang)
            if math.isfinite(v) and v >= mapping.LQ_STAR:
                text = f"<b>{text}</b>"
            cells.append(f'<td class="num" style="background:{bg};color:{fg}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    legend = " ".join(
        f'<span class="cb-swatch" style="background:{bg};color:{_text_colour(bg)}">{esc(label)}</span>'
        for bg, label in zip((b for _, b in LQ_BANDS), _band_labels(lang))
    )
    key = "; ".join(f"<b>{esc(s)}</b> {esc(section_names.get(s, s))}" for s in sections)
    caption = (
        f"{esc(_t('heatmap_caption', lang, year=year))} {source}<br>{esc(_t('heatmap_legend', lang))} {legend}"
        f"<br>{esc(_t('heatmap_key', lang))} {key}"
    )
    return (
        f"<h3>{esc(_t('heatmap_heading', lang, year=year))}</h3>"
        f'<div class="cb-lq-wrap"><table class="cb-lq"><caption>{caption}</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _starred(spec: pd.DataFrame, names: dict[str, str], year: int, lang: str, source: str) -> str:
    """The region-section cells with two or three stars, most stars and highest quotient first."""
    section_names = regional.section_names(lang)
    cells = spec[spec["stars"] >= 2].reset_index()
    cells = cells.assign(label=cells["region"].map(names)).sort_values(["stars", "lq"], ascending=[False, False])
    heading = f"<h3>{esc(_t('stars_heading', lang, year=year))}</h3>"
    if cells.empty:
        return heading + f"<p>{esc(_t('stars_none', lang))}</p>"
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
        )
    ]
    rows = []
    for r in cells.itertuples():
        missing = [_t(f"stars_{k}", lang) for k in ("size", "specialisation", "focus") if not getattr(r, f"{k}_star")]
        stars = _stars(r.stars) + (
            f"&nbsp;<small>{esc(_t('stars_missing', lang, test=missing[0]))}</small>" if missing else ""
        )
        rows.append(
            [
                esc(r.label),
                f"{esc(r.sector)} {esc(section_names.get(r.sector, r.sector))}",
                _fixed(r.value, lang, 1),
                _pct(r.share_of_sector, lang),
                _pct(r.share_of_region, lang),
                _lq(r.lq, lang),
                stars,
            ]
        )
    table = _table(header, rows, numeric=(2, 3, 4, 5), caption=source)
    return heading + f"<p>{esc(_t('stars_intro', lang))}</p>" + table


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

    def strongest(sector: str, lq: float) -> str:
        return f"{esc(sector)} {esc(_short(section_names.get(sector, sector), 30))} ({_lq(lq, lang)})"

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


# --- the competition brief ------------------------------------------------------------------------


def _employment_lq(year: int) -> pd.DataFrame:
    """Location quotients of employment in the three broad sectors, by region and sector (units of ``year``)."""

    def build():
        return mapping.location_quotients(regional.employment(year), region="region", sector="sector", value="value")

    path = regional.employment_path()
    return files.cached(f"regions:jobs:{year}", [path, paths.sidecar(path), _deps()[2]], build)


def applicant_profiles(ctx: CompetitionContext) -> Html:
    """Each 2017 applicant region's own specialisation in 2017 (units of 2017), and what is not known."""
    lang, cite = ctx.lang, ctx.cite
    year = regional.BASE_YEAR
    _, apps = ctx.applications
    counts = {c: int(n) for c, n in zip(apps["iso_3166_2_2017"], apps["applications"]) if int(n) > 0}
    spec = measures(year)
    jobs = _employment_lq(year)["lq"]
    names = regional.names_2017(lang)
    section_names = regional.section_names(lang)
    by_name = geo.sort_key(lang)
    rows = []
    for code in sorted(counts, key=lambda c: (-counts[c], by_name(names.get(c, c)))):
        cells = spec.xs(code, level="region")
        large = cells[(cells["share_of_region"] >= mapping.STRONGEST_MIN_SHARE) & (cells["lq"] > 1)]
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
            + (f" {_stars(r['stars'])}" if r["stars"] else "")
            + "</li>"
            for s, r in top.iterrows()
        )
        profile = f"<ul>{items}</ul>" if items else f'<span class="cb-na">{esc(_t("profiles_none", lang))}</span>'
        jobs_lq = [_lq(jobs.get((code, s), math.nan), lang) for s in regional.EMPLOYMENT_SECTORS]
        rows.append([esc(names.get(code, code)), str(counts[code]), profile, *jobs_lq])
    header = [
        _t(k, lang)
        for k in (
            "profiles_region",
            "profiles_apps",
            "profiles_top",
            "profiles_jobs_a",
            "profiles_jobs_bf",
            "profiles_jobs_gu",
        )
    ]
    caption = (
        f"{esc(_t('profiles_caption', lang))} {cite(regional.GVA_SOURCE)} {cite(regional.EMPLOYMENT_SOURCE)}"
        f" {cite(ctx.applications[0].source)}"
    )
    intro = _t("profiles_intro", lang, min_share=number(100 * mapping.STRONGEST_MIN_SHARE, lang))
    body = (
        f"<h2>{esc(_t('profiles_heading', lang))}</h2><p>{esc(intro)} {cite(regional.ECO_SOURCE)}</p>"
        f'<div class="cb-open"><p>{esc(_t("profiles_unknown", lang))} {cite(ctx.applications[0].source)}</p></div>'
        + _table(header, rows, numeric=(1, 3, 4, 5), caption=caption, wide=(2,))
    )
    return Html(body, classes=["cb-competition", "cb-regions"])


def application_specialisation(ctx: CompetitionContext) -> Html:
    """When the scoring sheet names applications' regions and sections: each one's score beside the 2017
    location quotient and national share of its region's section (nothing when the sheet names none)."""
    sheet, lang, cite = ctx.sheet, ctx.lang, ctx.cite
    placed = [a for a in sheet.applications if a in sheet.regions]
    if not placed:
        return Html("")
    spec = measures(regional.BASE_YEAR)
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
