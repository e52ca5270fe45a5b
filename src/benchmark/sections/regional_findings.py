"""Kazakhstan's regional specialisation as findings: the measures screened for traded sections and size, the
findings the briefs use, value added beside jobs, and the applicant regions beside their specialisations.

:func:`screened` is each year's :func:`analysis.mapping.specialisation` with the traded/local classification and
the size thresholds applied (:func:`analysis.mapping.screen`); :func:`findings` the at most five findings the
regional section ends with, as :class:`Finding` records (text in every language, the source ids they rest on),
so that other briefs can quote them (:func:`key_messages` for the Kazakhstan brief's first page);
:func:`employment_lens` and :func:`applicant_match` the employment comparison and the competition's question.
The rules are in ``docs/regional.md``; the rendering is ``benchmark.sections.regions``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from ..analysis import mapping
from ..core import paths
from ..core.text import number, percent, t
from ..inputs import files, geo, regional, regional_notes
from ..inputs.schemas import Source
from . import key_messages as km

#: At most this many findings end the regional section ...
MAX_FINDINGS = 5
#: ... of which at most this many are the strongest traded specialisations (one per region) ...
MAX_STRONGEST = 3
#: A location quotient that moved by at least this ratio between the two years "grew" or "shrank".
CHANGE_RATIO = 1.1
#: Value added and jobs disagree on a cell when one quotient is at least this multiple of the other.
DISAGREE_RATIO = 1.5
#: The employment table's broad sectors and the OKED sections they hold (the BNS's own split).
BROAD_SECTORS = {"A": "A", **dict.fromkeys("BCDEF", "B-F"), **dict.fromkeys("GHIJKLMNOPQRSTU", "G-U")}
#: Languages a finding is written in.
LANGS = ("en", "ru", "kk")


def _t(key: str, lang: str, **fmt) -> str:
    return t(f"regions.{key}", lang, **fmt)


def _fixed(value: float, lang: str, digits: int) -> str:
    """``value`` with ``digits`` decimals as ``lang`` writes it, rounded as Python's f-strings round."""
    return number(float(f"{value:.{digits}f}"), lang, digits)


def pct(share: float, lang: str = "en", digits: int = 1) -> str:
    """A share as a percentage with ``digits`` decimals in ``lang`` (``12.3%``, ``12,3 %``); "–" when missing."""
    if share is None or not math.isfinite(share):
        return "–"
    return percent(float(f"{100 * share:.{digits}f}") / 100, lang, digits)


def lq_text(value: float, lang: str = "en") -> str:
    """A location quotient with two decimals in ``lang``; "–" when it is not defined."""
    return "–" if value is None or not math.isfinite(value) else _fixed(value, lang, 2)


# --- the measures, computed once per content of the data -------------------------------------------


def deps() -> list:
    """The files the regional measures read (for the cache)."""
    path = regional.gva_path()
    notes = [regional_notes.classes_path(), regional_notes.caveats_path()]
    return [path, paths.sidecar(path), paths.GEO_DIR / geo.CROSSWALK, *notes, *map(paths.sidecar, notes)]


def measures(year: int) -> pd.DataFrame:
    """:func:`analysis.mapping.specialisation` of value added in ``year`` (on that year's borders, memo rows out)."""
    y = regional.check_year(year)
    return files.cached(f"regions:spec:{y}", deps(), lambda: mapping.specialisation(regional.value_added(y)))


def screened(year: int) -> pd.DataFrame:
    """:func:`measures` with each cell's kind and size; stars only on traded or mixed cells above the thresholds."""
    y = regional.check_year(year)
    return files.cached(
        f"regions:screened:{y}", deps(), lambda: mapping.screen(measures(y), regional_notes.section_kinds())
    )


def sensitivity(year: int) -> dict[float, int]:
    """The number of cells with two or three stars at half, the default and double size thresholds."""
    return mapping.star_sensitivity(measures(year), regional_notes.section_kinds())


def on_2017_borders(year: int) -> pd.DataFrame:
    """Value added of ``year`` in sections A-S, summed into the 16 units of 2017 (today's units added back)."""
    va = regional.value_added(year)
    va = va[va["section"].isin(regional.SECTIONS_2017)]
    if regional.borders_of(year) == "2017":
        return va[["region", "section", "value"]]
    return mapping.to_units(va, regional.current_to_2017())


def screened_2017(year: int) -> pd.DataFrame:
    """:func:`screened` on the borders of 2017 and sections A-S (so that any two years compare)."""

    def build():
        return mapping.screen(mapping.specialisation(on_2017_borders(year)), regional_notes.section_kinds())

    return files.cached(f"regions:screened2017:{year}", deps(), build)


def change(start: int, end: int) -> pd.DataFrame:
    """Per 2017 unit: share of national value added and strongest traded specialisation in ``start`` and ``end``."""

    def build():
        a, b = screened_2017(start), screened_2017(end)
        sa, sb = mapping.strongest_of_kind(a), mapping.strongest_of_kind(b)
        out = pd.DataFrame(
            {
                "share_start": mapping.shares_of_total(on_2017_borders(start)),
                "share_end": mapping.shares_of_total(on_2017_borders(end)),
            }
        )
        out["sector_start"], out["lq_start"] = sa["sector"], sa["lq"]
        out["sector_end"], out["lq_end"] = sb["sector"], sb["lq"]
        return out

    return files.cached(f"regions:change:{start}:{end}", deps(), build)


def cited_sources() -> list[str]:
    """The source ids the regional section cites: the tables, the star method, the classification, the caveats."""
    ids = [regional.GVA_SOURCE, regional.ECO_SOURCE, regional.EMPLOYMENT_SOURCE]
    ids += ["hbs_undated_us_cluster_mapping_methodology", "delgado_porter_stern_2016_defining_clusters"]
    ids += caveat_source_ids()
    return list(dict.fromkeys(ids))


def caveat_source_ids() -> list[str]:
    """The sources of every caveat, in the order of the caveats table."""
    return list(dict.fromkeys(s for c in regional_notes.caveats() for s in c.sources))


# --- caveats --------------------------------------------------------------------------------------


def caveat_note(region: str, section: str, lang: str) -> str:
    """The caveat on a cell in ``lang`` ("" when it has none); a share change filled from the table."""
    c = regional_notes.caveat_for(region, section)
    if c is None:
        return ""
    if c.kind != "share_change":
        return c.note(lang)
    start, end = regional.BASE_YEAR, max(regional.years())
    code = c.region_2017 or region
    share = {y: screened_2017(y).loc[(code, section), "share_of_region"] for y in (start, end)}
    return c.note(lang, start=start, end=end, share_start=pct(share[start], lang), share_end=pct(share[end], lang))


def caveat_sources(region: str, section: str) -> tuple[str, ...]:
    """The sources of the caveat on a cell (empty when it has none)."""
    c = regional_notes.caveat_for(region, section)
    return c.sources if c else ()


# --- findings -------------------------------------------------------------------------------------


class Texts(Mapping[str, str]):
    """A finding's text in each of :data:`LANGS`, each written when first read.

    A brief reads its own language only; writing the other two would load their catalogues for nothing.
    """

    def __init__(self, write: Callable[[str], str]):
        self._write = write
        self._written: dict[str, str] = {}

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        if lang not in self._written:
            self._written[lang] = self._write(lang)
        return self._written[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


@dataclass(frozen=True)
class Finding:
    """One finding of the regional section: its text in every language and what it rests on.

    ``kind`` is ``strongest`` (a traded specialisation), ``shift`` (the largest move of a traded one) or
    ``mixed`` (the strongest specialisation in a mixed section, shown apart); ``cites`` are source ids.
    """

    id: str
    kind: str
    region: str
    section: str
    text: Mapping[str, str]
    cites: tuple[str, ...]


def _direction(a: float, b: float) -> str:
    if not (math.isfinite(a) and math.isfinite(b)) or a <= 0:
        return "new"
    if b >= a * CHANGE_RATIO:
        return "grew"
    if b <= a / CHANGE_RATIO:
        return "shrank"
    return "held"


def _finding(kind: str, code: str, section: str, start: int, end: int) -> Finding:
    a, b = screened_2017(start), screened_2017(end)
    ra, rb = a.loc[(code, section)], b.loc[(code, section)]
    direction = _direction(ra["lq"], rb["lq"])

    def write(lang: str) -> str:
        names = regional.names_2017(lang)
        sections = regional.section_names(lang)
        body = _t(
            f"finding_{kind}",
            lang,
            region=names.get(code, code),
            section=section,
            name=sections.get(section, section),
            end=end,
            start=start,
            lq_end=lq_text(rb["lq"], lang),
            lq_start=lq_text(ra["lq"], lang),
            share_end=pct(rb["share_of_sector"], lang),
            share_start=pct(ra["share_of_sector"], lang),
            stars="★" * int(rb["stars"]),
        )
        body += " " + _t(f"finding_{direction}", lang, pct=number(round(100 * (CHANGE_RATIO - 1)), lang), start=start)
        note = caveat_note(code, section, lang)
        return body + (" " + _t("finding_caveat", lang, note=note) if note else "")

    cites = (regional.GVA_SOURCE, *caveat_sources(code, section))
    return Finding(f"regional_{kind}_{code}_{section}".lower(), kind, code, section, Texts(write), cites)


def findings(start: int = regional.BASE_YEAR, end: int | None = None) -> list[Finding]:
    """The regional section's findings, by the rules of ``docs/regional.md``.

    On the borders of 2017, sections A-S: (1) up to :data:`MAX_STRONGEST` strongest traded specialisations in
    ``end`` (cells with two or three counted stars, one per region, most stars then highest quotient first),
    each with how its quotient moved since ``start``; (2) the traded cell, starred in either year and not
    already named, whose share of Kazakhstan's section moved most; (3) the strongest specialisation in a mixed
    section (shown apart), with its caveat where it has one. At most :data:`MAX_FINDINGS`.
    """
    end = max(regional.years()) if end is None else end
    boundaries = [paths.GEO_DIR / geo.GEO_2017, paths.GEO_DIR / geo.GEO_CURRENT]
    # once per content: the key messages, the section and the summary all ask for them
    return list(files.cached(f"regions:findings:{start}:{end}", [*deps(), *boundaries], lambda: _findings(start, end)))


def _findings(start: int, end: int) -> list[Finding]:
    a, b = screened_2017(start), screened_2017(end)
    out: list[Finding] = []
    traded = b[(b["kind"] == "traded") & (b["stars"] >= 2)].reset_index()
    traded = traded.sort_values(["stars", "lq"], ascending=False).drop_duplicates("region")
    for r in traded.head(MAX_STRONGEST).itertuples():
        out.append(_finding("strongest", r.region, r.sector, start, end))
    named = {(f.region, f.section) for f in out}
    either = ((a["stars"] >= 2) | (b["stars"] >= 2)) & (b["kind"] == "traded")
    moved = (b["share_of_sector"] - a["share_of_sector"]).abs()[either]
    moved = moved[[k not in named for k in moved.index]]
    if not moved.empty:
        code, section = moved.idxmax()
        out.append(_finding("shift", code, section, start, end))
    mixed = b[(b["kind"] == "mixed") & (b["stars"] >= 2)].reset_index()
    if not mixed.empty:
        top = mixed.sort_values(["stars", "lq"], ascending=False).iloc[0]
        out.append(_finding("mixed", top["region"], top["sector"], start, end))
    return out[:MAX_FINDINGS]


def key_messages(lang: str, sources: Mapping[str, Source], n: int = 2) -> list[km.Message]:
    """The Kazakhstan brief's key message on its regions: the first ``n`` findings, with their sources."""
    picked = findings()[:n]
    if not picked:
        return []
    parts: list = []
    for i, f in enumerate(picked):
        parts += [("; " if i else "") + f.text[lang].rstrip("."), *(sources[s] for s in f.cites if s in sources)]
    return [km.Message(_t("key_lead", lang), (*parts, "."))]


# --- value added beside jobs ----------------------------------------------------------------------


def employment_lens(year: int) -> pd.DataFrame:
    """Location quotients of value added and of jobs in the three broad sectors the employment table has.

    Value added is summed into agriculture (A), industry and construction (B-F) and services (G-U), the BNS's
    own split of jobs, so that both quotients measure the same cells. Empty when there are no jobs for ``year``.

    Returns:
        A frame indexed by (region, sector) with ``va_lq``, ``jobs_lq``, ``ratio`` (value added ÷ jobs) and
        ``disagree`` (one quotient at least :data:`DISAGREE_RATIO` times the other, and at least one of them 1 or
        more: two quotients far below 1 say the same thing, "not specialised").
    """

    def build():
        va = regional.value_added(year)
        va = va.assign(section=va["section"].map(BROAD_SECTORS))
        va_lq = mapping.location_quotients(
            va.groupby(["region", "section"], as_index=False)["value"].sum(),
            region="region",
            sector="section",
            value="value",
        )["lq"]
        jobs = regional.employment(year)
        jobs_lq = mapping.location_quotients(jobs, region="region", sector="sector", value="value")["lq"]
        out = pd.DataFrame({"va_lq": va_lq, "jobs_lq": jobs_lq}).dropna()
        out["ratio"] = out["va_lq"] / out["jobs_lq"]
        apart = (out["ratio"] >= DISAGREE_RATIO) | (out["ratio"] <= 1 / DISAGREE_RATIO)
        out["disagree"] = apart & (out[["va_lq", "jobs_lq"]].max(axis=1) >= 1)  # at least one says "specialised"
        return out

    if year not in set(regional.employment_table()["year"]):
        return pd.DataFrame(columns=["va_lq", "jobs_lq", "ratio", "disagree"])
    path = regional.employment_path()
    return files.cached(f"regions:lens:{year}", [*deps(), path, paths.sidecar(path)], build)


# --- the competition's applicant regions ----------------------------------------------------------


def applicant_match(counts: dict[str, int], year: int = regional.BASE_YEAR) -> pd.DataFrame:
    """Each 2017 unit's applications beside its traded (and, apart, mixed) specialisations with two or more stars.

    Args:
        counts: applications by 2017 code (units without one count 0).

    Returns:
        A frame indexed by 2017 code with ``applications``, ``traded`` and ``mixed`` (the starred sections, highest
        quotient first) and ``group``: ``matched`` (applied, has a traded specialisation), ``unmatched`` (applied,
        has none), ``no_application`` (has one, did not apply) or ``neither``.
    """
    spec = screened(year)
    rows = {}
    for code in sorted(spec.index.get_level_values("region").unique()):
        cells = spec.xs(code, level="region")
        cells = cells[cells["stars"] >= 2].sort_values("lq", ascending=False)
        traded = [s for s in cells.index if cells.loc[s, "kind"] == "traded"]
        mixed = [s for s in cells.index if cells.loc[s, "kind"] == "mixed"]
        n = int(counts.get(code, 0))
        group = ("matched" if traded else "unmatched") if n else ("no_application" if traded else "neither")
        rows[code] = {"applications": n, "traded": traded, "mixed": mixed, "group": group}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("region")


def applicant_key_messages(counts: dict[str, int], lang: str, sources: Mapping[str, Source]) -> list[km.Message]:
    """The competition brief's key message on its applicant regions: how many had a traded specialisation with
    two or three stars in 2017, and which regions with one sent no application (regions, not applications)."""
    match = applicant_match(counts)
    names = regional.names_2017(lang)
    by_name = geo.sort_key(lang)
    silent = sorted((names.get(c, c) for c in match.index[match["group"] == "no_application"]), key=by_name)
    text = _t(
        "match_key",
        lang,
        matched=int((match["group"] == "matched").sum()),
        applied=int((match["applications"] > 0).sum()),
        silent=", ".join(silent) if silent else _t("match_nobody", lang),
    )
    source = sources.get(regional.GVA_SOURCE)
    return [km.Message(_t("match_lead", lang), (text, *([source] if source else []), "."))]
