"""Tables and charts of cluster mapping for the training notebooks: location quotients and stars by region.

The German tables are employment by Land and NACE section; Kazakhstan's regions come as value added by
region and OKED section (:func:`kaz_value_added`), in the same long layout, so the same functions apply.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pandas as pd

from ..analysis.mapping import LQ_STAR, location_quotients, stars

# Re-exported (``x as x``) so that the M2 notebook reaches the measures and the data through ``mapping`` alone:
# mapping.location_quotients, mapping.stars, mapping.load_employment, mapping.TRADED_TEACHING_2015, ...
from ..analysis.mapping import MIN_SHARE_OF_REGION as MIN_SHARE_OF_REGION
from ..analysis.mapping import MIN_SHARE_OF_SECTOR as MIN_SHARE_OF_SECTOR
from ..analysis.mapping import SMALL_REGION_SHARE as SMALL_REGION_SHARE
from ..analysis.mapping import TRADED_TEACHING_2015 as TRADED_TEACHING_2015
from ..analysis.mapping import location_quotient as location_quotient
from ..core.text import number, percent, t
from ..inputs import regional
from ..inputs.employment import DEFAULT_TABLE, load_employment, read_regional_employment
from .display import Chart, ChartData, Html, esc, new_figure, table_html


def employment_overview(name: str = DEFAULT_TABLE, year: int | None = None, lang: str = "en"):
    """Employment by region (rows) and sector (columns), in thousands, for a first look.

    A DataFrame in English; in another language a styled table (``.data`` is its DataFrame): the regions'
    names in that language (:func:`region_names`), its labels and its decimal sign.
    """
    df = load_employment(name, year)
    out = (df.pivot_table(index="region", columns="sector_code", values="employment", aggfunc="sum") / 1000).round(1)
    if lang == "en":
        return out
    from babel.numbers import get_decimal_symbol

    local = region_names(df["region_iso"].unique(), lang)
    by_name = dict(zip(df["region"], df["region_iso"]))
    out.index = [local.get(by_name[r], r) for r in out.index]
    out = out.rename_axis(index=None, columns=None).rename_axis(t("training.region", lang)).sort_index().reset_index()
    return out.style.format(precision=1, decimal=get_decimal_symbol(lang)).hide(axis="index")


#: Russian names missing from pycountry's ISO 3166-2 catalogue (pycountry 26.2: Saxony only).
_REGION_NAMES_MISSING = {"ru": {"DE-SN": "Саксония"}}


def region_names(codes: Iterable[str], lang: str) -> dict[str, str]:
    """Names of ISO 3166-2 regions (the German Länder) in ``lang``, by code, from pycountry's catalogue.

    Only the codes it has a translation for; none in English (the tables' own names are English).
    """
    import gettext

    import pycountry

    if lang == "en":
        return {}
    try:
        local = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:  # no catalogue in this language (Kazakh)
        local = None
    out = {}
    for code in codes:
        sub = pycountry.subdivisions.get(code=str(code))
        name = local(sub.name) if sub is not None and local is not None else None
        name = _REGION_NAMES_MISSING.get(lang, {}).get(str(code)) or (
            name if name != getattr(sub, "name", None) else None
        )
        if name:
            out[str(code)] = name
    return out


def kaz_value_added(year: int = regional.BASE_YEAR, lang: str = "en") -> pd.DataFrame:
    """Kazakhstan's gross value added by region and OKED section in ``year`` (million tenge, current prices).

    One row per region and section, like the German employment table: ``region_iso`` (the unit's code on
    the year's borders: the 16 units of 2017 for 2015-2017), ``region`` (its name in ``lang``),
    ``sector_code``, ``sector`` (its name in ``lang``), ``value_added``. Memo rows (2015-2017: Shymkent and
    Turkistan, already inside South Kazakhstan) and the national row are left out, so the regions add up to
    Kazakhstan.
    """
    va = regional.value_added(year, lang)
    return pd.DataFrame(
        {
            "region_iso": va["region"],
            "region": va["name"],
            "sector_code": va["section"],
            "sector": va["section_name"],
            "value_added": va["value"],
        }
    )


def kaz_kinds(lang: str = "en") -> Html:
    """The OKED sections as traded, mixed or local, with the reason (the workbook's assessment; docs/regional.md)."""
    from ..inputs import regional_notes
    from ..inputs.schemas import text_of

    names = regional.section_names(lang)
    kinds, reasons = regional_notes.section_kinds(), regional_notes.reasons()
    header = [t("training.kinds_section", lang), t("training.kinds_kind", lang), t("training.kinds_reason", lang)]
    rows = [
        [f"{s} {names.get(s, s)}", t(f"regions.kind_{k}", lang), text_of({"en": reasons[s]}, lang)]
        for s, k in sorted(kinds.items())
        if s in names
    ]
    return Html(table_html(header, rows, caption=t("training.kinds_caption", lang)), classes=["cb-training"])


def kaz_screened(year: int = regional.BASE_YEAR) -> pd.DataFrame:
    """Kazakhstan's value added by region and OKED section in ``year``, measured as the briefs measure it.

    One row per region and section: ``region_iso``, ``sector_code``, ``kind`` (traded, mixed or local),
    ``value_added``, ``share_of_region``, ``share_of_sector``, ``lq``, ``tests`` (ECO tests passed), ``large``
    (passes a size threshold: ``MIN_SHARE_OF_REGION`` or ``MIN_SHARE_OF_SECTOR``), ``counted`` and ``stars``
    (the tests where the cell counts: traded or mixed and large; 0 elsewhere).
    """
    from ..analysis.mapping import screen, specialisation
    from ..inputs import regional_notes

    spec = screen(specialisation(regional.value_added(year)), regional_notes.section_kinds())
    out = spec.reset_index().rename(columns={"region": "region_iso", "sector": "sector_code", "value": "value_added"})
    cols = ["region_iso", "sector_code", "kind", "value_added", "share_of_region", "share_of_sector", "lq"]
    return out[[*cols, "tests", "large", "counted", "stars"]]


def _fixed(value: float, lang: str, digits: int) -> str:
    """``value`` with ``digits`` decimals in ``lang``, rounded as ``f"{value:.2f}"`` rounds (what a participant
    recomputing it in Python sees; babel alone rounds the shortest decimal: 2.675 -> 2.68, not 2.67)."""
    return number(float(f"{value:.{digits}f}"), lang, digits)


def _decimal_ticks(lang: str):
    """Matplotlib's tick labels (same decimals on every tick) written with ``lang``'s decimal sign."""
    from babel.numbers import get_decimal_symbol
    from matplotlib.ticker import ScalarFormatter

    symbol = get_decimal_symbol(lang)

    class Ticks(ScalarFormatter):
        def __call__(self, x, pos=None):
            return super().__call__(x, pos).replace(".", symbol)

    return Ticks()


def lq_table(
    emp: pd.DataFrame,
    sectors: Iterable[str] | None = None,
    traded: Collection[str] | None = None,
    lang: str = "en",
    value: str = "employment",
) -> Html:
    """Location quotients by region (rows, with their names where the table has them) and sector (columns).

    2 or more in bold. ``value`` is the measured column: ``"employment"`` (German tables) or
    ``"value_added"`` (:func:`kaz_value_added`).
    """
    lq = location_quotients(emp, traded=traded, value=value)["lq"].unstack("sector")
    if sectors is not None:
        lq = lq[list(sectors)]
    names = dict(zip(emp["region_iso"], emp["region"])) if "region" in emp.columns else {}
    header = [t("training.region", lang), *lq.columns]
    rows = []
    for reg, vals in lq.iterrows():
        cells = [esc(f"{reg} {names[reg]}" if reg in names and names[reg] != reg else reg)]
        for v in vals:
            txt = "" if pd.isna(v) else _fixed(v, lang, 2)
            cells.append(f"<strong>{txt}</strong>" if pd.notna(v) and v >= LQ_STAR else txt)
        rows.append(cells)
    key = "training.lq_table_caption" if value == "employment" else "training.lq_table_caption_value_added"
    cap = esc(t(key, lang) + (" " + t("training.traded_note", lang) if traded else ""))
    return Html(table_html(header, rows, caption=cap, escape=False), classes=["cb-training"])


def stars_table(emp: pd.DataFrame, sector: str, traded: Collection[str] | None = None, lang: str = "en") -> Html:
    """ECO stars of every region for one sector, with the three tests and the caveat flags."""
    df = stars(emp, traded=traded).xs(sector, level="sector").sort_values("employment", ascending=False)
    yes = "✔"
    header = [
        t(f"training.{k}", lang)
        for k in (
            "region",
            "employment",
            "lq",
            "share_of_region",
            "size_star",
            "specialisation_star",
            "focus_star",
            "stars",
            "caveat",
        )
    ]
    rows = []
    for reg, r in df.iterrows():
        caveat = ", ".join(t(f"training.{k}", lang) for k in ("small_region", "few_jobs") if r[k])
        rows.append(
            [
                reg,
                _fixed(r["employment"], lang, 0),
                _fixed(r["lq"], lang, 2),
                percent(float(f"{100 * r['share_of_region']:.1f}") / 100, lang, 1),
                yes if r["size_star"] else "",
                yes if r["specialisation_star"] else "",
                yes if r["focus_star"] else "",
                "★" * int(r["stars"]),
                caveat,
            ]
        )
    return Html(
        table_html(header, rows, caption=t("training.stars_caption", lang, sector=sector)), classes=["cb-training"]
    )


def lq_chart(emp: pd.DataFrame, sector: str, traded: Collection[str] | None = None, lang: str = "en") -> Chart:
    """Bar chart of one sector's location quotient by region, with the lines at 1 and 2."""
    lq = location_quotients(emp, traded=traded)["lq"].xs(sector, level="sector").sort_values()
    fig, ax = new_figure(7, 0.28 * len(lq) + 1)
    ax.barh(range(len(lq)), lq.values, color=["#0b5394" if v >= LQ_STAR else "#9ecae1" for v in lq.values])
    ax.set_yticks(range(len(lq)), list(lq.index), fontsize=8)
    for x, style in ((1, ":"), (LQ_STAR, "--")):
        ax.axvline(x, color="#59636e", linestyle=style, linewidth=1)
    if lang != "en":  # matplotlib's ticks (0.0, 0.5, ...) with the language's decimal sign (0,0, 0,5, ...)
        ax.xaxis.set_major_formatter(_decimal_ticks(lang))
    ax.set_xlabel(t("training.lq_axis", lang))
    ax.set_title(t("training.lq_chart_title", lang, sector=sector))
    alt = t("training.lq_chart_alt", lang, sector=sector)
    data = ChartData(
        f"location-quotients-{sector}",
        [t("training.region", lang), t("training.lq_axis", lang)],
        [[region, round(float(v), 2)] for region, v in lq.iloc[::-1].items()],
        # English shows the rows as they are; other languages their decimal comma
        cells=None
        if lang == "en"
        else [[esc(region), esc(number(round(float(v), 2), lang))] for region, v in lq.iloc[::-1].items()],
        lang=lang,
    )
    return Chart.from_figure(fig, alt=alt, caption=esc(t("training.employment_caption", lang)), data=data)


def user_employment(path: str = "", lang: str = "en") -> Html:
    """Your own region x sector table: its location quotients, or the expected format when no file is given."""
    if not str(path).strip():
        return Html(t("training.user_table_help", lang), classes=["cb-training", "cb-note"])
    df = read_regional_employment(path)
    notes = "".join(f"<li>{esc(n)}</li>" for n in df.attrs.get("notes", []))
    if "year" in df.columns:
        df = df[df["year"] == df["year"].max()]
    table = lq_table(df, lang=lang)
    return Html(table._repr_html_() + (f"<ul>{notes}</ul>" if notes else ""), classes=["cb-training"])
