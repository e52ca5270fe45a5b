"""Module M2, mapping clusters: location quotients, stars and Kazakhstan's regions, keys computed from the tables."""

from __future__ import annotations

import functools
from typing import Any

from ...analysis import mapping as measures
from ...inputs import employment, regional
from .checks import Exercise, _set_diagnosis, exercise, fold, named_answer

# --- M2: mapping clusters -------------------------------------------------------------------------


def _employment():

    return employment.load_employment(employment.DEFAULT_TABLE)


def _region_code(answer: Any) -> str:
    """'DE-BW', 'de-bw', 'Baden-Wuerttemberg', 'Baden-Württemberg', 'Баден-Вюртемберг' -> 'de-bw'."""

    def spelled(x: Any) -> str:  # umlauts as a keyboard without them writes them
        return fold(x).replace("ü", "ue").replace("ä", "ae").replace("ö", "oe")

    emp = _employment()
    names = {spelled(r): str(i).lower() for r, i in zip(emp["region"], emp["region_iso"])}
    for code, other in _subdivision_names(frozenset(emp["region_iso"])).items():
        names.update({spelled(n): code for n in other})
    return names.get(spelled(answer), spelled(answer))


@functools.cache
def _subdivision_names(codes: frozenset[str]) -> dict[str, list[str]]:
    """Other names of ISO 3166-2 subdivisions, by lower-case code: their own (Bayern) and Russian (Бавария).

    From pycountry, so that a participant may answer with a Land's name in Russian.
    """
    import pycountry

    from ..mapping import region_names

    russian = region_names(codes, "ru")
    out: dict[str, list[str]] = {}
    for code in codes:
        sub = pycountry.subdivisions.get(code=str(code))
        out[str(code).lower()] = [n for n in (getattr(sub, "name", None), russian.get(code)) if n]
    return out


def _lq(region: str, sector: str, traded=None) -> float:

    return float(measures.location_quotients(_employment(), traded=traded).loc[(region, sector), "lq"])


def _lq_diagnosis(given: float, expected: float, region: str, sector: str) -> str | None:

    row = measures.location_quotients(_employment()).loc[(region, sector)]
    if expected and abs(given - 1 / expected) < 0.01:
        return "inverted"
    if abs(given - row["share_of_region"]) < 0.005 or abs(given - 100 * row["share_of_region"]) < 0.05:
        return "share_only"
    if abs(given - 100 * expected) < 1:
        return "percent"
    return None


def _most_specialised(sector: str) -> str:

    lq = measures.location_quotients(_employment())["lq"].xs(sector, level="sector")
    return str(lq.idxmax()).lower()


def _largest(sector: str) -> str:
    emp = _employment()
    sub = emp[emp["sector_code"] == sector].set_index("region_iso")["employment"]
    return str(sub.idxmax()).lower()


def _stars_of(region: str, sector: str) -> int:

    return int(measures.stars(_employment()).loc[(region, sector), "stars"])


def _stars_diagnosis(given: float, expected: int, region: str, sector: str) -> str | None:

    row = measures.stars(_employment()).loc[(region, sector)]
    if given > 3 or given < 0 or given != int(given):
        return "stars_range"
    lq_one_star = (row["lq"] >= 1) and not row["specialisation_star"]
    if given == expected + 1 and lq_one_star:
        return "lq_threshold"
    return None


def _small_regions() -> set[str]:

    s = measures.stars(_employment())
    return {str(r).lower() for r in s[s["small_region"]].index.get_level_values("region")}


def _traded_direction() -> str:

    base, traded = _lq("DE-BE", "J"), _lq("DE-BE", "J", traded=measures.TRADED_TEACHING_2015)
    return "higher" if traded > base + 0.005 else ("lower" if traded < base - 0.005 else "same")


#: How a quotient can move (exercise 2.4); the words accepted are ``direction_<name>`` in the answer words.
DIRECTIONS = ("higher", "lower", "same")


def _direction(answer: Any) -> str:
    return named_answer(fold(answer), "direction", DIRECTIONS)


exercise(
    Exercise(
        "m2.e1",
        "number",
        expected=lambda: round(_lq("DE-BE", "J"), 2),
        tolerance=0.011,
        diagnose=lambda given, exp: _lq_diagnosis(given, exp, "DE-BE", "J"),
    )
)


def _region_codes() -> set[str]:
    return {str(i).lower() for i in _employment()["region_iso"]}


exercise(
    Exercise(
        "m2.e2",
        "choice",
        expected=lambda: _most_specialised("C"),
        normalise=_region_code,
        diagnose=lambda given, exp: (
            "largest" if given == _largest("C") else "not_an_option" if given not in _region_codes() else None
        ),
    )
)
exercise(
    Exercise(
        "m2.e3",
        "number",
        expected=lambda: _stars_of("DE-BW", "C"),
        diagnose=lambda given, exp: _stars_diagnosis(given, exp, "DE-BW", "C"),
    )
)
exercise(
    Exercise(
        "m2.e4",
        "choice",
        expected=_traded_direction,
        normalise=_direction,
        diagnose=lambda given, exp: None if given in DIRECTIONS else "not_an_option",
    )
)
exercise(
    Exercise(
        "m2.e5",
        "set",
        expected=_small_regions,
        normalise=_region_code,
        diagnose=lambda given, exp: _set_diagnosis(given, exp),
    )
)


#: Exercise 2.6: Karaganda region (a 2017 unit) in manufacturing, on value added in 2017.
M2_KAZ = ("KZ-KAR", "C", regional.BASE_YEAR)


def _kaz_spec(year: int):
    return measures.specialisation(regional.value_added(year))


def _kaz_lq_with_memo_rows(region: str, section: str, year: int) -> float:
    """The quotient with Shymkent and Turkistan (memo rows) wrongly added to Kazakhstan's totals."""
    table = regional.value_added_table()
    memo = table[(table["year"] == year) & (table["in_national_sum"] == "FALSE") & (table["row_type"] == "section")]
    row = _kaz_spec(year).loc[(region, section)]
    national = row["total"] + memo["value"].sum()
    national_s = row["sector_total"] + memo.loc[memo["activity_code"] == section, "value"].sum()
    return measures.location_quotient(row["value"], row["region_total"], national_s, national)


def _kaz_lq_diagnosis(given: float, expected: float) -> str | None:
    region, section, year = M2_KAZ
    row = _kaz_spec(year).loc[(region, section)]
    if expected and abs(given - 1 / expected) < 0.01:
        return "inverted"
    if abs(given - row["share_of_region"]) < 0.005 or abs(given - 100 * row["share_of_region"]) < 0.05:
        return "share_only"
    if abs(given - row["share_of_sector"]) < 0.005 or abs(given - 100 * row["share_of_sector"]) < 0.05:
        return "share_of_kazakhstan"
    if abs(given - 100 * expected) < 1:
        return "percent"
    if abs(given - _kaz_lq_with_memo_rows(region, section, year)) < 0.011:
        return "memo_rows"
    return None


exercise(
    Exercise(
        "m2.e6",
        "number",
        expected=lambda: round(float(_kaz_spec(M2_KAZ[2]).loc[M2_KAZ[:2], "lq"]), 2),
        tolerance=0.011,
        diagnose=_kaz_lq_diagnosis,
    )
)


#: Exercises 2.7-2.8: South Kazakhstan (a 2017 unit) in 2017, its highest quotient among the sections large enough
#: to matter, and why that section gets no star (the classification and the size thresholds of the briefs).
M2_KAZ_REGION = "KZ-YUZ"
#: The reasons a participant may give for a section without a star.
NO_STAR_REASONS = ("local", "small", "not_specialised")


def _kaz_screened(year: int = regional.BASE_YEAR):
    from ...inputs import regional_notes

    return measures.screen(_kaz_spec(year), regional_notes.section_kinds())


def _largest_quotient(threshold: bool = True) -> str:
    """The section with the highest quotient in the region (among those at least ``MIN_SHARE_OF_REGION`` of it)."""
    cells = _kaz_screened().xs(M2_KAZ_REGION, level="region")
    if threshold:
        cells = cells[cells["share_of_region"] >= measures.MIN_SHARE_OF_REGION]
    return str(cells["lq"].idxmax())


def _why_no_star() -> str:
    """Why the section of exercise 2.7 gets no star in the briefs: local, too small, or not specialised enough."""
    row = _kaz_screened().loc[(M2_KAZ_REGION, _largest_quotient())]
    if row["kind"] == "local":
        return "local"
    return "small" if not row["large"] else "not_specialised"


def _section_letter(answer: Any) -> str:
    return str(answer).strip().upper()[:1] if str(answer).strip() else ""


def _reason(answer: Any) -> str:
    text = str(answer).strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"локальная": "local", "локальный": "local", "малая": "small", "мала": "small"}
    return aliases.get(text, text)


exercise(
    Exercise(
        "m2.e7",
        "choice",
        expected=_largest_quotient,
        normalise=_section_letter,
        diagnose=lambda given, exp: (
            "below_threshold"
            if given == _largest_quotient(threshold=False) and given != exp
            else "not_an_option"
            if given not in set(_kaz_screened().index.get_level_values("sector"))
            else None
        ),
    )
)
exercise(
    Exercise(
        "m2.e8",
        "choice",
        expected=_why_no_star,
        normalise=_reason,
        diagnose=lambda given, exp: None if given in NO_STAR_REASONS else "not_an_option",
    )
)
