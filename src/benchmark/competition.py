"""The 2017 territorial-cluster competition: applications, selection, and how robust the shortlist is.

Two halves. The scoring engine (``load_criteria``, ``load_scoring_sheet``, ``aggregate``, ``rank``,
``select_top``, ``kendalls_w``, ``concordance``, ``sensitivity``) works on any expert scoring sheet.
The section functions below it (``applications_by_region``, ``applications_map``, ``funnel``,
``criteria_table``, ``ranking``, ``agreement``, ``sensitivity_chart``, ...) fill the brief
``notebooks/kz_competition.ipynb``; each renders its own heading.
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .errors import DataError, Problem, UserError
from .schemas import CriteriaSet, ScoringSheetMeta, text_of

#: The columns a scoring sheet must have, and the ones it may have besides.
SHEET_COLUMNS = ("application", "expert", "criterion", "score")
OPTIONAL_COLUMNS = ("comment", "note")
#: Parameter values that name the shipped files.
DEFAULT_CRITERIA = "default"
EXAMPLE_SCORES = "example"
#: Scores closer than this (on the 0-100 scale) count as equal: a tie, never broken silently.
TIE_DECIMALS = 9
#: At most this many problems are listed for one bad sheet (then "... and N more").
MAX_PROBLEMS = 40


# --- criteria -------------------------------------------------------------------------------------


def criteria_path(criteria: str | Path = DEFAULT_CRITERIA) -> Path:
    """The criteria file named by the ``criteria`` parameter ('default' or a path to a YAML file)."""
    if str(criteria) == DEFAULT_CRITERIA:
        return paths.COMPETITION_DIR / "criteria_default.yaml"
    return _user_path(criteria, "criteria file")


def load_criteria(criteria: str | Path | CriteriaSet = DEFAULT_CRITERIA) -> CriteriaSet:
    """The criteria set: the shipped default (drawn from guidance, not the official rule) or a user file."""
    if isinstance(criteria, CriteriaSet):
        return criteria
    from .load import load_yaml_model

    return load_yaml_model(CriteriaSet, criteria_path(criteria))


def weights_of(criteria: CriteriaSet, weights: dict | None = None) -> pd.Series:
    """Criterion weights rescaled to sum to 1, after applying ``weights`` overrides ({criterion id: weight}).

    Raises:
        UserError: an override names an unknown criterion, is not a number, is negative, or all are zero.
    """
    w = {c.id: float(c.weight) for c in criteria.criteria}
    problems = []
    for key, value in (weights or {}).items():
        if key not in w:
            hint = _did_you_mean(str(key), list(w))
            problems.append(Problem("weights", f"unknown criterion {key!r}{hint}; criteria: {', '.join(w)}",
                                    field=str(key)))
            continue
        try:
            v = float(value)
        except (TypeError, ValueError):
            problems.append(Problem("weights", f"weight {value!r} is not a number", field=str(key)))
            continue
        if not math.isfinite(v) or v < 0:
            problems.append(Problem("weights", f"weight {value!r} must be a number >= 0", field=str(key)))
            continue
        w[key] = v
    if problems:
        raise UserError(problems)
    total = sum(w.values())
    if total <= 0:
        raise UserError(Problem("weights", "all weights are zero: at least one criterion must count"))
    return pd.Series({k: v / total for k, v in w.items()}, name="weight")


# --- scoring sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringSheet:
    """A validated scoring sheet: every expert scored every application on every criterion, once."""

    path: Path
    frame: pd.DataFrame  # columns application, expert, criterion, score, line
    applications: tuple[str, ...]
    experts: tuple[str, ...]
    criteria: tuple[str, ...]
    meta: ScoringSheetMeta | None = None

    @property
    def illustrative(self) -> bool:
        """True when the sheet is invented for training (its sidecar says so)."""
        return bool(self.meta and self.meta.illustrative)

    def cube(self) -> np.ndarray:
        """Scores as an array [application, expert, criterion] in the sheet's orders."""
        idx = pd.MultiIndex.from_product([self.applications, self.experts, self.criteria])
        s = self.frame.set_index(["application", "expert", "criterion"])["score"].reindex(idx)
        return s.to_numpy(dtype=float).reshape(len(self.applications), len(self.experts), len(self.criteria))


def scores_path(scores: str | Path = EXAMPLE_SCORES) -> Path:
    """The sheet named by the ``scores`` parameter ('example' or a path to a CSV file)."""
    if str(scores) == EXAMPLE_SCORES:
        return paths.COMPETITION_DIR / "example_scores.csv"
    return _user_path(scores, "scoring sheet")


def _user_path(value: str | Path, what: str) -> Path:
    """Resolve a user-given path: as given (absolute or from the working directory), else from the root."""
    p = Path(str(value)).expanduser()
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, paths.ROOT / p]
    for c in candidates:
        if c.is_file():
            return c.resolve()
    raise UserError(Problem(str(value), f"{what} not found (looked in: {', '.join(str(c) for c in candidates)})"))


def _did_you_mean(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _lines(lines: list[int]) -> str:
    """'line 4' / 'lines 4, 9' / 'lines 4-11, 20' from a list of CSV line numbers."""
    lines = sorted(set(lines))
    parts, start, prev = [], None, None
    for n in lines + [None]:
        if start is not None and (n is None or n != prev + 1):
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(parts)


def _read_meta(path: Path) -> ScoringSheetMeta | None:
    meta_path = path.with_name(path.name + ".meta.yaml")
    if not meta_path.exists():
        return None
    from .load import load_yaml_model

    paths.record_read(meta_path)
    return load_yaml_model(ScoringSheetMeta, meta_path)


def load_scoring_sheet(scores: str | Path = EXAMPLE_SCORES,
                       criteria: str | Path | CriteriaSet = DEFAULT_CRITERIA) -> ScoringSheet:
    """Read and check a scoring sheet (CSV: application, expert, criterion, score).

    Every problem names the CSV line(s): a missing score, a score outside the criterion's scale, an
    unknown criterion (or application, when the sidecar lists them), duplicate rows, an expert who
    left out a criterion or an application. A bad sheet is refused, never ranked.

    Raises:
        DataError: the sheet is not valid; ``problems`` lists each with its file and line.
    """
    cs = load_criteria(criteria)
    path = scores_path(scores)
    paths.record_read(path)
    meta = _read_meta(path)
    rel = paths.relative(path)
    scale = {c.id: c.scale for c in cs.criteria}
    known_apps = list(meta.applications) if meta and meta.applications else None
    known_experts = list(meta.experts) if meta and meta.experts else None
    problems: list[Problem] = []

    def bad(reason: str, line: int | None, field: str | None = None) -> None:
        problems.append(Problem(file=rel, reason=reason, field=field, line=line))

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError.one(path, f"not UTF-8 text ({exc.reason}); save the sheet as CSV UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in many locales writes ';'
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise DataError.one(path, f"the sheet is empty; expected a header row {','.join(SHEET_COLUMNS)}", line=1)
    header = [h.strip().lower() for h in header]
    missing = [c for c in SHEET_COLUMNS if c not in header]
    unknown = [h for h in header if h not in SHEET_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        reason = f"header is {header}; it needs the columns {list(SHEET_COLUMNS)}"
        if unknown:
            reason += f" and may also have {list(OPTIONAL_COLUMNS)}; unknown: {unknown}"
        raise DataError.one(path, reason, field="header", line=1)
    col = {name: header.index(name) for name in SHEET_COLUMNS}

    records = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(header):
            bad(f"has {len(row)} fields, the header has {len(header)}", line)
            continue
        app, expert, crit, raw = (row[col[c]].strip() for c in SHEET_COLUMNS)
        ok = True
        for name, value in (("application", app), ("expert", expert), ("criterion", crit)):
            if not value:
                bad(f"{name} is empty", line, name)
                ok = False
        if crit and crit not in scale:
            bad(f"unknown criterion {crit!r}{_did_you_mean(crit, list(scale))}; the criteria set "
                f"{cs.id!r} has: {', '.join(scale)}", line, "criterion")
            ok = False
        if app and known_apps is not None and app not in known_apps:
            bad(f"unknown application {app!r}{_did_you_mean(app, known_apps)}; the sheet's sidecar lists "
                f"{len(known_apps)} applications", line, "application")
            ok = False
        if expert and known_experts is not None and expert not in known_experts:
            bad(f"unknown expert {expert!r}{_did_you_mean(expert, known_experts)}; the sidecar lists: "
                f"{', '.join(known_experts)}", line, "expert")
            ok = False
        score = None
        if not raw:
            bad(f"missing score (application {app!r}, expert {expert!r}, criterion {crit!r})", line, "score")
            ok = False
        else:
            try:
                score = float(raw.replace(",", ".") if delimiter == ";" else raw)
            except ValueError:
                bad(f"score {raw!r} is not a number", line, "score")
                ok = False
            else:
                if not math.isfinite(score):
                    bad(f"score {raw!r} is not a finite number", line, "score")
                    ok = False
                elif crit in scale and not (scale[crit].min <= score <= scale[crit].max):
                    sc = scale[crit]
                    bad(f"score {raw} is outside the scale of criterion {crit!r} ({sc.min:g} to {sc.max:g})",
                        line, "score")
                    ok = False
        key_ok = bool(app and expert and crit in scale and (known_apps is None or app in known_apps)
                      and (known_experts is None or expert in known_experts))
        records.append((app, expert, crit, score, line, ok, key_ok))

    frame = pd.DataFrame(records, columns=["application", "expert", "criterion", "score", "line", "ok", "key_ok"])
    if frame.empty:
        raise DataError.one(path, "the sheet has a header but no scores", line=2)
    # Duplicates: the same application, expert and criterion more than once (even with equal scores).
    keyed = frame[frame.key_ok]  # rows whose application, expert and criterion are all known
    for (app, expert, crit), grp in keyed.groupby(["application", "expert", "criterion"], sort=False):
        if len(grp) > 1:
            lines = grp.line.tolist()
            for ln in lines:
                bad(f"duplicate row: application {app!r}, expert {expert!r}, criterion {crit!r} is scored "
                    f"on {_lines(lines)}; keep one", ln)

    # Completeness: every expert scores every application on every criterion.
    seen_apps = list(dict.fromkeys(keyed.application))
    if known_apps:
        for a in known_apps:
            if a not in seen_apps:
                bad(f"application {a!r} is listed in the sidecar but has no scores", None, "application")
        apps = [a for a in known_apps if a in seen_apps]
    else:
        apps = seen_apps
    experts = list(dict.fromkeys(keyed.expert))
    crits = list(scale)
    present = set(zip(keyed.application, keyed.expert, keyed.criterion))
    rows_of = keyed.groupby(["application", "expert"]).line.apply(list).to_dict()
    app_lines = keyed.groupby("application").line.apply(list).to_dict()
    for c in crits:
        if not (keyed.criterion == c).any():
            bad(f"criterion {c!r} of the criteria set {cs.id!r} has no scores at all", None, "criterion")
    for app in apps:
        scored_by = [e for e in experts if (app, e) in rows_of]
        absent = [e for e in experts if (app, e) not in rows_of]
        if absent:
            hint = ""
            if len(scored_by) < len(absent):  # scored by few: maybe a misspelt name
                close = _did_you_mean(app, [a for a in apps if a != app])
                hint = f"; is {app!r} a typo{close}?" if close else ""
            who = ", ".join(repr(e) for e in absent)
            bad(f"missing scores: expert{'s' if len(absent) > 1 else ''} {who} did not score application "
                f"{app!r} (scored by {', '.join(repr(e) for e in scored_by)} on {_lines(app_lines[app])}){hint}",
                min(app_lines[app]), "expert")
        for e in scored_by:
            lacking = [c for c in crits if (app, e, c) not in present and (keyed.criterion == c).any()]
            if lacking:
                bad(f"missing score: expert {e!r} did not score application {app!r} on "
                    f"{', '.join(repr(c) for c in lacking)} (their other scores for it are on "
                    f"{_lines(rows_of[(app, e)])})", min(rows_of[(app, e)]), "score")
    if problems:
        problems.sort(key=lambda p: (p.line or 0))
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS] + [Problem(rel, f"... and {more} more problems")]
        raise DataError(problems)
    frame = frame.drop(columns=["ok", "key_ok"]).reset_index(drop=True)
    return ScoringSheet(path=path, frame=frame, applications=tuple(apps), experts=tuple(experts),
                        criteria=tuple(crits), meta=meta)


# --- aggregation, ranking, selection --------------------------------------------------------------


def criterion_scores(sheet: ScoringSheet, method: str = "mean") -> pd.DataFrame:
    """Each application's score on each criterion across experts: their mean, or their median.

    The median damps one outlying expert: with scores 4, 4, 1 the mean is 3, the median 4.
    """
    if method not in ("mean", "median"):
        raise UserError(f"unknown aggregation method {method!r}; use 'mean' or 'median'")
    cube = sheet.cube()
    agg = cube.mean(axis=1) if method == "mean" else np.median(cube, axis=1)
    return pd.DataFrame(agg, index=list(sheet.applications), columns=list(sheet.criteria))


def aggregate(sheet: ScoringSheet, criteria: CriteriaSet, weights: dict | None = None,
              method: str = "mean") -> pd.Series:
    """Each application's weighted score on a 0-100 scale.

    Per criterion, the experts' scores are combined (``method``: mean or median), rescaled from the
    criterion's scale to 0-1 (min -> 0, max -> 1), then combined across criteria by the weights
    (rescaled to sum to 1) and multiplied by 100.
    """
    per = criterion_scores(sheet, method)
    return _weighted(per, criteria, weights_of(criteria, weights))


def _normalised(per: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    lo = pd.Series({c.id: c.scale.min for c in criteria.criteria})[per.columns]
    hi = pd.Series({c.id: c.scale.max for c in criteria.criteria})[per.columns]
    return (per - lo) / (hi - lo)


def _weighted(per: pd.DataFrame, criteria: CriteriaSet, w: pd.Series) -> pd.Series:
    total = (_normalised(per, criteria) * w[per.columns]).sum(axis=1) * 100
    return total.round(TIE_DECIMALS).rename("score")


def rank(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest score; equal scores share the best rank of their group (1, 2, 2, 4)."""
    return scores.round(TIE_DECIMALS).rank(method="min", ascending=False).astype(int).rename("rank")


@dataclass(frozen=True)
class Selection:
    """The top ``n``: who is in for sure, and who is tied for the last seats (left for the commission)."""

    n: int
    selected: tuple[str, ...]  # certain: strictly better than the cut-off, or tied but all fit
    tied: tuple[str, ...]  # tied at the cut-off for ``seats_left`` seats; never broken silently
    seats_left: int
    cutoff: float | None  # the score of the n-th place

    @property
    def resolved(self) -> bool:
        """True when the top n is clear without a tie-break."""
        return not self.tied


def select_top(scores: pd.Series, n: int) -> Selection:
    """Select the ``n`` best applications; a tie at the cut-off is reported, not broken.

    Raises:
        UserError: ``n`` is not a whole number of at least 1.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise UserError(Problem("n_select", f"number to select must be a whole number >= 1, got {n!r}"))
    s = scores.round(TIE_DECIMALS).sort_values(ascending=False, kind="stable")
    if n >= len(s):
        return Selection(n=n, selected=tuple(s.index), tied=(), seats_left=0,
                         cutoff=float(s.iloc[-1]) if len(s) else None)
    cutoff = float(s.iloc[n - 1])
    above = tuple(s.index[s > cutoff])
    at = tuple(s.index[s == cutoff])
    if len(above) + len(at) <= n:
        return Selection(n=n, selected=above + at, tied=(), seats_left=0, cutoff=cutoff)
    return Selection(n=n, selected=above, tied=at, seats_left=n - len(above), cutoff=cutoff)


# --- agreement ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance with its chi-square test."""

    w: float  # 0 = no agreement, 1 = the raters rank the objects identically
    chi2: float
    df: int
    p: float
    m: int  # raters
    n: int  # objects
    ties: float  # sum over raters of sum(t^3 - t) over groups of tied ranks


def kendalls_w(ratings) -> KendallW:
    """Kendall's W of an m x n array (rows: raters, columns: objects), corrected for ties.

    Each rater's scores are ranked (tied scores get the average rank). With R_j the rank sum of
    object j and S = sum_j (R_j - mean R)^2:
    ``W = 12 S / (m^2 (n^3 - n) - m * sum_i T_i)``, ``T_i = sum (t^3 - t)`` over rater i's tied groups
    (Kendall and Babington Smith 1939; Legendre 2005). ``chi2 = m (n - 1) W`` on ``n - 1`` degrees of
    freedom. W is NaN when every rater gives every object the same score (nothing to agree on).
    """
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import rankdata

    x = np.asarray(ratings, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        raise ValueError(f"need at least 2 raters and 2 objects, got shape {x.shape}")
    m, n = x.shape
    ranks = np.vstack([rankdata(row) for row in x])
    ties = 0.0
    for row in x:
        _, counts = np.unique(row, return_counts=True)
        ties += float(np.sum(counts.astype(float) ** 3 - counts))
    r = ranks.sum(axis=0)
    s = float(np.sum((r - r.mean()) ** 2))
    denom = m ** 2 * (n ** 3 - n) - m * ties
    if denom <= 0:
        return KendallW(w=float("nan"), chi2=float("nan"), df=n - 1, p=float("nan"), m=m, n=n, ties=ties)
    w = 12 * s / denom
    chi2 = m * (n - 1) * w
    return KendallW(w=w, chi2=chi2, df=n - 1, p=float(chi2_dist.sf(chi2, n - 1)), m=m, n=n, ties=ties)


def concordance(sheet: ScoringSheet, criteria: CriteriaSet, weights: dict | None = None) -> pd.DataFrame:
    """Kendall's W per criterion (experts as raters, applications as objects), and for the weighted total."""
    cube = sheet.cube()  # [application, expert, criterion]
    rows = []
    names = {c.id: c for c in criteria.criteria}
    for k, cid in enumerate(sheet.criteria):
        kw = kendalls_w(cube[:, :, k].T)
        rows.append({"criterion": cid, "name": text_of(names[cid].name), **_kw_dict(kw)})
    kw = kendalls_w(_expert_totals(sheet, criteria, weights).T)
    rows.append({"criterion": "_total", "name": "Weighted total", **_kw_dict(kw)})
    return pd.DataFrame(rows).set_index("criterion")


def _expert_totals(sheet: ScoringSheet, criteria: CriteriaSet, weights: dict | None = None) -> np.ndarray:
    """Each expert's weighted total (0-1) per application, as an array [application, expert].

    Rounded like :func:`aggregate`, so totals equal on paper are ties (float noise would hide them).
    """
    names = {c.id: c for c in criteria.criteria}
    w = weights_of(criteria, weights)[list(sheet.criteria)].to_numpy()
    lo = np.array([names[c].scale.min for c in sheet.criteria])
    hi = np.array([names[c].scale.max for c in sheet.criteria])
    return np.round(((sheet.cube() - lo) / (hi - lo) * w).sum(axis=2), TIE_DECIMALS)


def _kw_dict(kw: KendallW) -> dict:
    return {"w": kw.w, "chi2": kw.chi2, "df": kw.df, "p": kw.p, "m": kw.m, "n": kw.n}


def expert_consistency(sheet: ScoringSheet, criteria: CriteriaSet, weights: dict | None = None) -> pd.Series:
    """Each expert's Spearman correlation with the rest of the panel (their weighted totals vs the
    mean of the other experts' totals): a low or negative value marks an outlying expert."""
    from scipy.stats import spearmanr

    totals = _expert_totals(sheet, criteria, weights)  # [app, expert]
    out = {}
    for j, e in enumerate(sheet.experts):
        others = np.delete(totals, j, axis=1).mean(axis=1)
        if len(sheet.experts) < 2 or np.ptp(totals[:, j]) == 0 or np.ptp(others) == 0:
            out[e] = float("nan")
        else:
            out[e] = float(spearmanr(totals[:, j], others).statistic)
    return pd.Series(out, name="rho")


# --- sensitivity ----------------------------------------------------------------------------------


def sensitivity(sheet: ScoringSheet, criteria: CriteriaSet, weights: dict | None = None, n_select: int = 6,
                seed: int = 2017, n_draws: int = 1000, spread: float = 0.5, method: str = "mean") -> pd.DataFrame:
    """How often each application makes the shortlist when the weights vary.

    Each draw multiplies every weight by an independent uniform factor in [1 - spread, 1 + spread]
    and rescales the weights to sum to 1; the top ``n_select`` is then taken as in :func:`select_top`.
    Reproducible: the draws come from ``numpy.random.default_rng(seed)``.

    Returns:
        One row per application (best base score first): ``base_score``, ``base_rank``, ``selected``
        (share of draws in which it is in the top n for sure), ``tied`` (share of draws in which it is
        tied for the last seats), ``in_base`` ('yes', 'tied' or 'no' under the unperturbed weights).
    """
    if not (isinstance(n_draws, (int, np.integer)) and n_draws >= 1):
        raise UserError(Problem("n_draws", f"number of draws must be a whole number >= 1, got {n_draws!r}"))
    if not (0 <= float(spread) < 1):
        raise UserError(Problem("weight_range", f"weight range must be >= 0 and < 1 (0.5 = ±50%), got {spread!r}"))
    sel = select_top(aggregate(sheet, criteria, weights, method), n_select)  # also checks n_select
    w = weights_of(criteria, weights)[list(sheet.criteria)].to_numpy()
    x = _normalised(criterion_scores(sheet, method), criteria).to_numpy()  # [app, criterion]
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(n_draws, len(w)))
    draws = w * factors
    draws /= draws.sum(axis=1, keepdims=True)
    totals = np.round(draws @ x.T * 100, TIE_DECIMALS)  # [draw, app]
    n_apps = totals.shape[1]
    if n_select >= n_apps:
        selected = np.ones_like(totals, dtype=bool)
        tied = np.zeros_like(totals, dtype=bool)
    else:
        cutoff = -np.sort(-totals, axis=1)[:, n_select - 1][:, None]
        above = totals > cutoff
        at = totals == cutoff
        fits = (above.sum(axis=1) + at.sum(axis=1)) <= n_select
        selected = above | (at & fits[:, None])
        tied = at & ~fits[:, None]
    base = aggregate(sheet, criteria, weights, method)
    out = pd.DataFrame({
        "base_score": base,
        "base_rank": rank(base),
        "selected": selected.mean(axis=0),
        "tied": tied.mean(axis=0),
    }, index=list(sheet.applications))
    out["in_base"] = ["yes" if a in sel.selected else "tied" if a in sel.tied else "no" for a in out.index]
    return out.sort_values(["base_rank"], kind="stable")


# ==================================================================================================
# Sections of the brief (notebooks/kz_competition.ipynb): each returns a displayable with its heading.
# ==================================================================================================

#: The curated table of applications by region (the seed digest's list).
APPLICATIONS_TABLE = "kaz_applications_by_region_2017"
COUNTRY = "KAZ"
#: Boundaries (copies of /work/shared/data/geo with their sidecars).
GEO_2017 = "kaz_admin1_2017.geojson"
GEO_CURRENT = "kaz_admin1.geojson"
CROSSWALK = "kaz_regions_2017_to_current.csv"
#: The funnel: fact ids in data/countries/KAZ.yaml (facts of the same conflict group are shown together).
FUNNEL = {
    "received": "kaz_2017_applications_received_digest",
    "valid": "kaz_2017_valid_applications",
    "selected": "kaz_2017_pilot_clusters_target",
}
WHICH_SIX_QUESTION = "kaz_pilot_clusters_2017"
WHICH_SIX_KNOWN = ("kaz_almaty_region_tourism_cluster",)
METHOD_SOURCES = ("kendall_1939_problem_of_m_rankings", "legendre_2005_kendall_w_revisited")
GEO_SOURCE = "rodionov_2024_geokz"
#: Display simplification of the boundaries (degrees): small SVG, shapes still recognisable.
MAP_TOLERANCE = 0.03
#: An expert whose correlation with the rest of the panel is below this is flagged.
OUTLIER_RHO = 0.3
_COLOURS = {"selected": "#1f6feb", "tied": "#d29922", "out": "#afb8c1", "none": "#eaeef2"}


def _t(key: str, lang: str, **fmt) -> str:
    from .text import t

    return t(f"competition.{key}", lang, **fmt)


def _h(key: str, lang: str, level: int = 2, **fmt) -> str:
    from .display import esc

    return f"<h{level}>{esc(_t(key, lang, **fmt))}</h{level}>"


def _p(text: str, cls: str = "") -> str:
    from .display import esc

    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def title(lang: str = "en") -> str:
    """The brief's title."""
    return _t("title", lang)


def _fmt(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}"


def _pct(share: float) -> str:
    """0.15 -> '15%', 0.13636 -> '13.6%'."""
    v = round(share * 100, 1)
    return f"{v:.0f}%" if v.is_integer() else f"{v:.1f}%"


# --- citations ------------------------------------------------------------------------------------


def _kaz():
    from .load import load_country

    return load_country(COUNTRY)


def _facts_by_id() -> dict:
    from .load import facts_by_id

    return facts_by_id([COUNTRY])


def _questions_by_id() -> dict:
    from .load import open_questions_by_id

    return open_questions_by_id([COUNTRY])


def _funnel_facts() -> dict[str, list]:
    """Stage -> facts (the stage's fact first, then the other claims of its conflict group)."""
    facts = _facts_by_id()
    out: dict[str, list] = {}
    for stage, fid in FUNNEL.items():
        f = facts.get(fid)
        if f is None:
            out[stage] = []
            continue
        group = [g for g in facts.values() if f.conflict and g.conflict == f.conflict and g.id != f.id]
        out[stage] = [f, *group]
    return out


def cited_sources(criteria: str | Path | CriteriaSet = DEFAULT_CRITERIA) -> list[str]:
    """Source ids the brief cites, in order of first use (the numbering of its source list)."""
    from .load import load_table

    ids: list[str] = [load_table(APPLICATIONS_TABLE)[0].source, GEO_SOURCE]
    for facts in _funnel_facts().values():
        ids.extend(f.source for f in facts)
    q = _questions_by_id().get(WHICH_SIX_QUESTION)
    if q is not None and q.source:
        ids.append(q.source)
    facts = _facts_by_id()
    ids.extend(facts[f].source for f in WHICH_SIX_KNOWN if f in facts)
    cs = load_criteria(criteria)
    ids.extend(cs.sources)
    for c in cs.criteria:
        ids.extend(c.sources)
    ids.extend(METHOD_SOURCES)
    known = _known_sources()
    return [i for i in dict.fromkeys(ids) if i in known]


def _known_sources() -> set[str]:
    from .load import load_sources

    return set(load_sources())


def _citer(criteria: str | Path | CriteriaSet = DEFAULT_CRITERIA):
    """The brief's citer: ``[n]`` links into its numbered source list."""
    from .brief import Citer

    return Citer(cited_sources(criteria))


def _badge(status, lang: str) -> str:
    from .brief import badge

    return badge(status, lang)


def _illustrative_banner(sheet: ScoringSheet, lang: str) -> str:
    if not sheet.illustrative:
        return ""
    return f'<p class="cb-note cb-illustrative"><b>{_esc(_t("illustrative_label", lang))}</b></p>'


def _esc(x) -> str:
    from .display import esc

    return esc(x)


def _titled(heading_html: str, *blocks) -> "Html":
    from .display import Html

    body = heading_html + "".join(b if isinstance(b, str) else b._repr_html_() for b in blocks)
    return Html(body, classes=["cb-competition"])


# --- about ----------------------------------------------------------------------------------------


def about(criteria: str | Path = DEFAULT_CRITERIA, scores: str | Path = EXAMPLE_SCORES, lang: str = "en"):
    """What the brief shows, whether the criteria are the default, and whether the scores are illustrative."""
    cs = load_criteria(criteria)
    sheet = load_scoring_sheet(scores, cs)
    parts = [_p(_t("about_text", lang))]
    if cs.status == "default":
        parts.append(f'<p class="cb-note">{_esc(_t("about_criteria_default", lang))}</p>')
    else:
        parts.append(_p(_t("about_criteria_user", lang, file=paths.relative(criteria_path(criteria)))))
    if sheet.illustrative:
        parts.append(_illustrative_banner(sheet, lang))
        parts.append(_p(_t("about_scores_illustrative", lang)))
    else:
        parts.append(_p(_t("about_scores_user", lang, file=paths.relative(sheet.path),
                           n_apps=len(sheet.applications), n_experts=len(sheet.experts))))
    return _titled(_h("about", lang), *parts)


# --- applications by region -----------------------------------------------------------------------


def applications_table() -> tuple:
    """(meta, DataFrame region_2017, iso_3166_2_2017, applications as int) from the curated table."""
    from .load import load_table

    meta, df = load_table(APPLICATIONS_TABLE)
    df = df.copy()
    df["applications"] = df["applications"].astype(int)
    return meta, df


def _source_caption(meta, cite, lang: str) -> str:
    from .load import load_sources

    src = load_sources().get(meta.source)
    name = f"{src.title} ({src.publisher}, {src.year})" if src and src.year else (src.title if src else meta.source)
    return _esc(_t("caption_source", lang, source=name)) + " " + cite(meta.source) + " " + _badge(meta.status, lang)


def applications_by_region(lang: str = "en"):
    """Bar chart of the 2017 applications by region (regions as in 2017), with its source."""
    import matplotlib.pyplot as plt

    from .display import RC, Chart, new_figure

    meta, df = applications_table()
    cite = _citer()
    names = dict(zip(_crosswalk().iso_3166_2_2017, _crosswalk().region_2017))
    df["region_2017"] = [names.get(c, r) for c, r in zip(df.iso_3166_2_2017, df.region_2017)]  # "Almaty" -> city
    df = df.sort_values(["applications", "region_2017"], ascending=[True, False])
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
        fig.text(0.0, -0.02, _t("by_region_note", lang), fontsize=8, wrap=True, color="#57606a",
                 transform=fig.transFigure, va="top")
    items = "; ".join(f"{r}: {v}" for r, v in zip(df.region_2017[::-1], df.applications[::-1]))
    chart = Chart.from_figure(fig, alt=_t("by_region_alt", lang, total=total, items=items),
                              caption=_source_caption(meta, cite, lang))
    return _titled(_h("by_region", lang), chart, _p(_t("almaty_note", lang)))


def _read_geojson(name: str):
    """A GeoDataFrame of one of data/geo's GeoJSON files (recorded as read)."""
    path = paths.GEO_DIR / name
    paths.record_read(path)
    paths.record_read(path.with_name(path.name + ".meta.yaml"))
    return _geo_cached(path, path.stat().st_mtime_ns)


def _geo_cached(path: Path, mtime: int):
    return _geo_load(str(path), mtime).copy()


@functools.lru_cache(maxsize=4)
def _geo_load(path: str, mtime: int):
    import json

    import geopandas as gpd
    import shapely

    with open(path, encoding="utf-8") as fh:
        gdf = gpd.GeoDataFrame.from_features(json.load(fh), crs="EPSG:4326")
    # Simplify as a coverage so neighbours keep shared edges: a small, quick SVG.
    gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.values, MAP_TOLERANCE)
    return gdf


def _crosswalk() -> pd.DataFrame:
    path = paths.GEO_DIR / CROSSWALK
    paths.record_read(path)
    paths.record_read(path.with_name(path.name + ".meta.yaml"))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def applications_map(lang: str = "en"):
    """Choropleth of the 2017 applications on the 16 units of 2017, today's extra boundaries dashed."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .display import RC, Chart, new_figure

    meta, df = applications_table()
    cite = _citer()
    g17 = _read_geojson(GEO_2017)
    now = _read_geojson(GEO_CURRENT)
    counts = dict(zip(df.iso_3166_2_2017, df.applications))
    unknown = sorted(set(counts) - set(g17.iso_3166_2_2017))
    if unknown:
        raise DataError.one(paths.TABLES_DIR / f"{APPLICATIONS_TABLE}.csv",
                            f"codes not among the 2017 units of {GEO_2017}: {unknown}", field="iso_3166_2_2017")
    g17["applications"] = g17.iso_3166_2_2017.map(counts).fillna(0).astype(int)
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
            name = r["name"].replace(" region", "")
            label = f"{name}\n{r.applications}" if r.applications else name
            small = r.unit_type == "city"
            if small:  # cities are dots at this scale: label beside them
                dx, dy = (0.0, -0.9) if "Astana" in r["name"] else (-3.2, -1.2)
                ax.annotate(label, (pt.x, pt.y), xytext=(pt.x + dx, pt.y + dy), fontsize=7.5, va="top",
                            ha="center", fontweight="bold" if r.applications else "normal",
                            arrowprops={"arrowstyle": "-", "color": "#57606a", "lw": 0.6})
            else:
                ax.text(pt.x, pt.y, label, fontsize=7.5, ha="center", va="center",
                        fontweight="bold" if r.applications else "normal",
                        color="white" if r.applications >= 3 else "#24292f")
        ax.set_aspect(1 / math.cos(math.radians(48)))
        ax.set_axis_off()
        ax.set_title(_t("map_title", lang), loc="left")
        handles = [Patch(facecolor=colour(v), edgecolor="#24292f", linewidth=0.4, label=str(v))
                   for v in sorted(set(g17.applications)) if v > 0]
        handles.insert(0, Patch(facecolor=_COLOURS["none"], edgecolor="#24292f", linewidth=0.4,
                                label=_t("map_legend_none", lang)))
        handles.append(Line2D([], [], color="#57606a", linewidth=0.8, linestyle=(0, (2, 2)),
                              label=_t("map_legend_today", lang)))
        ax.legend(handles=handles, title=_t("map_legend_title", lang), loc="lower left", fontsize=8,
                  title_fontsize=8, frameon=False, bbox_to_anchor=(1.0, 0.0), alignment="left")
        fig.text(0.0, 0.0, _t("map_note", lang), fontsize=8, color="#57606a", wrap=True, va="top")
    items = "; ".join(f"{n}: {v}" for n, v in sorted(zip(g17["name"], g17.applications), key=lambda x: -x[1]))
    caption = (_source_caption(meta, cite, lang) + "<br>" + _esc(_t("map_credit", lang)) + " " + cite(GEO_SOURCE))
    chart = Chart.from_figure(fig, alt=_t("map_alt", lang, items=items), caption=caption)
    return _titled(_h("map", lang), chart)


def _new_boundaries(g17, now):
    """Today's boundaries that were not boundaries in 2017 (the 2018 and 2022 splits), as lines."""
    import geopandas as gpd

    old = g17.boundary.union_all().buffer(0.02)
    lines = now.boundary.union_all().difference(old)
    return gpd.GeoSeries([lines], crs=now.crs)


def regions_then_and_now(lang: str = "en"):
    """Table: each 2017 region, its applications, and today's units (ISO 3166-2:KZ codes, pycountry names)."""
    import pycountry

    from .display import table_html

    _, df = applications_table()
    counts = dict(zip(df.iso_3166_2_2017, df.applications))
    cw = _crosswalk()
    rows = []
    for code, grp in cw.groupby("iso_3166_2_2017", sort=False):
        units = []
        for _, r in grp.iterrows():
            sub = pycountry.subdivisions.get(code=r.current_iso_3166_2)
            units.append(f"{r.current_iso_3166_2} {sub.name if sub else r.current_unit}")
        changes = "; ".join(sorted({r.change for _, r in grp.iterrows() if r.change}))
        n = counts.get(code, 0)
        rows.append((n, [f"{grp.iloc[0].region_2017} ({code})", str(n) if n else _t("map_legend_none", lang),
                         ", ".join(units), changes]))
    rows.sort(key=lambda x: -x[0])
    header = [_t(k, lang) for k in ("then_now_region", "then_now_apps", "then_now_today", "then_now_change")]
    return _titled(_h("then_now", lang), table_html(header, [r for _, r in rows]))


# --- funnel ---------------------------------------------------------------------------------------


def _fact_value(f, lang: str) -> str:
    from .brief import fact_value

    return fact_value(f, lang)


def funnel(lang: str = "en"):
    """Received -> valid -> selected, each count with its source and status; conflicting counts together."""
    import matplotlib.pyplot as plt

    from .display import RC, Chart, new_figure, table_html

    cite = _citer()
    stages = _funnel_facts()
    rows, bars, conflict_html = [], [], ""
    for stage, facts in stages.items():
        label = _t(f"funnel_{stage}", lang)
        if not facts:
            rows.append([_esc(label), '<span class="cb-na">-</span>', _esc(_t("funnel_missing", lang))])
            continue
        main = facts[0]
        value = _fact_value(main, lang)
        src = (f"{_esc(text_of(main.label, lang))} {cite(main.source)} {_badge(main.status, lang)}"
               + (f"<br><i>“{_esc(main.quote)}”</i>" if main.quote else ""))
        rows.append([_esc(label), f"<b>{_esc(value)}</b>", src])
        if isinstance(main.value, (int, float)):
            bars.append((label, float(main.value), value, main.status.value == "conflicting", main.source))
        if len(facts) > 1:
            items = "".join(
                f"<li><b>{_esc(_fact_value(f, lang))}</b>: {_esc(text_of(f.label, lang))} {cite(f.source)} "
                f"{_badge(f.status, lang)}" + (f" — <i>“{_esc(f.quote)}”</i>" if f.quote else "")
                + (f"<br><small>{_esc(text_of(f.note, lang))}</small>" if f.note else "") + "</li>"
                for f in facts)
            conflict_html += (f'<div class="cb-conflict"><p><b>{_esc(_t("funnel_conflict", lang))}</b></p>'
                              f"<ul>{items}</ul></div>")
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
        blocks.append(Chart.from_figure(fig, alt=alt, caption=" ".join(f"{_esc(b[0])} {cite(b[4])}" for b in bars)))
    header = [_t("funnel_stage", lang), _t("funnel_count", lang), _t("funnel_source", lang)]
    blocks.append(table_html(header, rows, escape=False))
    blocks.append(conflict_html)
    blocks.append(_which_six(cite, lang))
    return _titled(_h("funnel", lang), *blocks)


def _which_six(cite, lang: str) -> str:
    q = _questions_by_id().get(WHICH_SIX_QUESTION)
    facts = _facts_by_id()
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
        body += (f"<p>{_esc(text_of(f.label, lang))} {cite(f.source)} {_badge(f.status, lang)}</p>")
    return body + "</div>"


# --- criteria -------------------------------------------------------------------------------------


def criteria_table(criteria: str | Path = DEFAULT_CRITERIA, weights: dict | None = None, lang: str = "en"):
    """The selection criteria with their (possibly overridden) weights, scales and sources."""
    from .display import table_html

    cs = load_criteria(criteria)
    w = weights_of(cs, weights)
    base = weights_of(cs, None)
    cite = _citer(cs)
    rows = []
    for c in cs.criteria:
        weight = _pct(w[c.id])
        if abs(w[c.id] - base[c.id]) > 1e-12:
            weight += " " + _t("criteria_weight_changed", lang, default=_pct(base[c.id]))
        scale = f"{c.scale.min:g}–{c.scale.max:g}"
        if c.scale.labels:
            scale += " (" + "; ".join(f"{k} = {text_of(v, lang)}" for k, v in sorted(c.scale.labels.items())) + ")"
        srcs = " ".join(cite(s) for s in c.sources)
        basis = f"<br><small>{_esc(text_of(c.basis, lang))}</small>" if c.basis else ""
        rows.append([f"<b>{_esc(text_of(c.name, lang))}</b><br><code>{_esc(c.id)}</code>",
                     _esc(text_of(c.description, lang)), weight, _esc(scale), srcs + basis])
    header = [_t(k, lang) for k in ("criteria_name", "criteria_description", "criteria_weight", "criteria_scale",
                                    "criteria_sources")]
    note = (f'<p class="cb-note"><b>{_esc(_t("criteria_default_note", lang))}</b></p>' if cs.status == "default"
            else _p(text_of(cs.note, lang)))
    return _titled(_h("criteria", lang), note, table_html(header, rows, escape=False))


# --- ranking --------------------------------------------------------------------------------------


def ranking(criteria: str | Path = DEFAULT_CRITERIA, weights: dict | None = None,
            scores: str | Path = EXAMPLE_SCORES, n_select: int = 6, lang: str = "en"):
    """Ranking by the mean and by the median, the top ``n_select`` with ties reported."""
    from .display import table_html

    cs = load_criteria(criteria)
    sheet = load_scoring_sheet(scores, cs)
    mean = aggregate(sheet, cs, weights, "mean")
    median = aggregate(sheet, cs, weights, "median")
    sel = select_top(mean, n_select)
    msel = select_top(median, n_select)
    r_mean, r_med = rank(mean), rank(median)
    order = sorted(sheet.applications, key=lambda a: (r_mean[a], -median[a], a))
    rows = []
    for a in order:
        status = ("selected" if a in sel.selected else "tied" if a in sel.tied else "out")
        mark = _t(f"status_{status}", lang)
        cls = {"selected": "<b>{}</b>", "tied": "<b>⚠ {}</b>", "out": "{}"}[status]
        rows.append([str(r_mean[a]), _esc(a), _fmt(mean[a]), str(r_med[a]), _fmt(median[a]),
                     cls.format(_esc(mark))])
    header = [_t(k, lang) for k in ("ranking_rank_mean", "ranking_application", "ranking_score_mean",
                                    "ranking_rank_median", "ranking_score_median")]
    header.append(_t("ranking_status", lang, n=n_select))
    caption = _esc(_t("illustrative_short", lang)) if sheet.illustrative else ""
    parts = [_illustrative_banner(sheet, lang), _p(_t("ranking_method", lang))]
    parts.append(_selection_text(sel, len(sheet.applications), lang))
    mset, sset = set(msel.selected) | set(msel.tied), set(sel.selected) | set(sel.tied)
    if mset == sset and not msel.tied and not sel.tied:
        parts.append(_p(_t("median_same", lang, n=n_select)))
    else:
        tie = (_t("median_tie", lang, tied=", ".join(msel.tied), seats=msel.seats_left) if msel.tied else "")
        diff = sorted(mset ^ sset)
        parts.append(_p(_t("median_differs", lang, n=n_select, names=", ".join(msel.selected), tie=tie,
                           diff=", ".join(diff) or _t("none", lang))))
    parts.append(table_html(header, rows, caption=caption, escape=False))
    return _titled(_h("ranking", lang), *parts)


def _selection_text(sel: Selection, count: int, lang: str) -> str:
    if sel.n >= count:
        return _p(_t("selection_all", lang, count=count, n=sel.n))
    if sel.resolved:
        return _p(_t("selection_clear", lang, n=sel.n, names=", ".join(sel.selected)))
    text = _t("selection_tie", lang, n=sel.n, names=", ".join(sel.selected) or _t("none", lang),
              k=len(sel.tied), cutoff=_fmt(sel.cutoff), seats=sel.seats_left, tied=", ".join(sel.tied))
    return f'<p class="cb-conflict cb-tie">{_esc(text)}</p>'


# --- agreement ------------------------------------------------------------------------------------


def _reading(w: float, lang: str) -> str:
    if not math.isfinite(w):
        return _t("agreement_undefined", lang)
    key = ("agreement_strong" if w >= 0.7 else "agreement_moderate" if w >= 0.5 else
           "agreement_weak" if w >= 0.3 else "agreement_none")
    return _t(key, lang)


def agreement(criteria: str | Path = DEFAULT_CRITERIA, weights: dict | None = None,
              scores: str | Path = EXAMPLE_SCORES, lang: str = "en"):
    """Kendall's W per criterion and for the weighted total; each expert against the rest of the panel."""
    from .display import table_html

    cs = load_criteria(criteria)
    sheet = load_scoring_sheet(scores, cs)
    cite = _citer(cs)
    names = {c.id: text_of(c.name, lang) for c in cs.criteria}
    parts = [_illustrative_banner(sheet, lang), _p(_t("agreement_intro", lang))]
    if len(sheet.experts) < 2 or len(sheet.applications) < 2:
        parts.append(_p(_t("agreement_undefined", lang)))
        return _titled(_h("agreement", lang), *parts)
    table = concordance(sheet, cs, weights)
    rows = []
    for cid, r in table.iterrows():
        name = _t("agreement_total", lang) if cid == "_total" else names[cid]
        w = "–" if not math.isfinite(r.w) else f"{r.w:.2f}"
        p = "–" if not math.isfinite(r.p) else ("< 0.001" if r.p < 0.001 else f"{r.p:.3f}")
        cell = f"<b>{_esc(name)}</b>" if cid == "_total" else _esc(name)
        rows.append([cell, w, p, _esc(_reading(r.w, lang))])
    header = [_t(k, lang) for k in ("agreement_criterion", "agreement_w", "agreement_p", "agreement_reading")]
    caption = (_esc(_t("illustrative_short", lang)) + ". " if sheet.illustrative else "") + \
        _esc(_t("agreement_caption", lang)) + " " + " ".join(cite(s) for s in METHOD_SOURCES)
    parts.append(table_html(header, rows, caption=caption, escape=False))
    rho = expert_consistency(sheet, cs, weights)
    erows = []
    for e, v in rho.items():
        flag = _t("experts_flag", lang) if math.isfinite(v) and v < OUTLIER_RHO else ""
        erows.append([_esc(e), "–" if not math.isfinite(v) else f"{v:.2f}", f"<b>{_esc(flag)}</b>" if flag else ""])
    parts.append(_h("experts_heading", lang, level=3))
    parts.append(_p(_t("experts_intro", lang)))
    parts.append(table_html([_t("experts_expert", lang), _t("experts_rho", lang), ""], erows,
                            caption=_esc(_t("illustrative_short", lang)) if sheet.illustrative else "",
                            escape=False))
    return _titled(_h("agreement", lang), *parts)


# --- sensitivity ----------------------------------------------------------------------------------


def sensitivity_chart(criteria: str | Path = DEFAULT_CRITERIA, weights: dict | None = None,
                      scores: str | Path = EXAMPLE_SCORES, n_select: int = 6, seed: int = 2017,
                      n_draws: int = 1000, weight_range: float = 0.5, lang: str = "en"):
    """How often each application makes the shortlist when the weights vary at random (seeded)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .display import RC, Chart, new_figure

    cs = load_criteria(criteria)
    sheet = load_scoring_sheet(scores, cs)
    res = sensitivity(sheet, cs, weights, n_select=n_select, seed=seed, n_draws=n_draws, spread=weight_range)
    pct = f"{weight_range * 100:g}"
    title_ = _t("sensitivity_title", lang, draws=n_draws, n=n_select)
    if sheet.illustrative:
        title_ = f"{title_}\n{_t('illustrative_label', lang)}"
    labels = list(res.index)
    with plt.rc_context(RC):
        fig, ax = new_figure(8, 0.3 * len(labels) + 1.6)
        y = np.arange(len(labels))[::-1]
        colours = [_COLOURS["selected"] if s == "yes" else _COLOURS["tied"] if s == "tied" else _COLOURS["out"]
                   for s in res.in_base]
        ax.barh(y, res.selected, color=colours)
        has_tie = res.tied.to_numpy() > 0
        if has_tie.any():
            ax.barh(y[has_tie], res.tied[has_tie], left=res.selected[has_tie], color="white",
                    edgecolor=_COLOURS["tied"], hatch="////")
        for yi, s, tt in zip(y, res.selected, res.tied):
            ax.text(s + tt + 0.01, yi, f"{s:.0%}" + (f" (+{tt:.0%})" if tt else ""), va="center", fontsize=8)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 1.12)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.set_xlabel(_t("sensitivity_xlabel", lang, n=n_select))
        ax.set_title(title_, loc="left")
        handles = [Patch(color=_COLOURS[k], label=_t(f"sensitivity_legend_{k}", lang, n=n_select))
                   for k in ("selected", "tied", "out")]
        if has_tie.any():
            handles.append(Patch(facecolor="white", edgecolor=_COLOURS["tied"], hatch="////",
                                 label=_t("sensitivity_legend_draw_tied", lang)))
        ax.legend(handles=handles, loc="lower right", fontsize=7.5, frameon=False)
    items = "; ".join(f"{a}: {s:.0%}" for a, s in zip(res.index, res.selected))
    caption = _esc(_t("sensitivity_caption", lang, pct=pct, draws=n_draws, seed=seed, method="mean"))
    if sheet.illustrative:
        caption = _esc(_t("illustrative_short", lang)) + ". " + caption
    chart = Chart.from_figure(fig, alt=_t("sensitivity_alt", lang, draws=n_draws, n=n_select, items=items),
                              caption=caption)
    robust = [a for a, s in res.selected.items() if s >= 0.95]
    fragile = [a for a, s in (res.selected + res.tied).items() if 0.05 <= s and res.selected[a] < 0.95]
    parts = [_illustrative_banner(sheet, lang),
             _p(_t("sensitivity_intro", lang, pct=pct, draws=n_draws, seed=seed, n=n_select)), chart,
             _p(_t("sensitivity_robust", lang, names=", ".join(robust) or _t("none", lang))),
             _p(_t("sensitivity_fragile", lang, names=", ".join(fragile) or _t("none", lang)))]
    return _titled(_h("sensitivity", lang), *parts)


# --- sources --------------------------------------------------------------------------------------


def sources(criteria: str | Path = DEFAULT_CRITERIA, lang: str = "en"):
    """The numbered list of every source the brief cites."""
    from .brief import source_list

    return source_list(cited_sources(criteria), lang)


# --- whole-repository check (clusterbench validate) -----------------------------------------------


def _register_check():
    from .validate import register

    @register
    def check_competition() -> list[Problem]:
        """Criteria files, the example sheet, the funnel's fact ids and the map's region codes."""
        from .load import load_sources

        problems: list[Problem] = []
        try:
            known = set(load_sources())
        except UserError as exc:
            return exc.problems
        for path in sorted(paths.COMPETITION_DIR.glob("criteria_*.yaml")):
            try:
                cs = load_criteria(path)
            except UserError as exc:
                problems += exc.problems
                continue
            for i, c in enumerate(cs.criteria):
                for s in c.sources:
                    if s not in known:
                        problems.append(Problem(paths.relative(path), f"unknown source id {s!r}",
                                                field=f"criteria[{i}].sources"))
            problems += [Problem(paths.relative(path), f"unknown source id {s!r}", field="sources")
                         for s in cs.sources if s not in known]
        try:
            load_scoring_sheet(EXAMPLE_SCORES, DEFAULT_CRITERIA)
        except UserError as exc:
            problems += exc.problems
        try:
            facts, questions = _facts_by_id(), _questions_by_id()
            kaz = paths.relative(paths.COUNTRIES_DIR / f"{COUNTRY}.yaml")
            for fid in [*FUNNEL.values(), *WHICH_SIX_KNOWN]:
                if fid not in facts:
                    problems.append(Problem(kaz, f"the competition brief's funnel needs fact {fid!r}"))
            if WHICH_SIX_QUESTION not in questions:
                problems.append(Problem(kaz, f"the competition brief needs open question {WHICH_SIX_QUESTION!r}"))
            _, df = applications_table()
            codes = set(_crosswalk().iso_3166_2_2017)
            for code in sorted(set(df.iso_3166_2_2017) - codes):
                problems.append(Problem(paths.relative(paths.TABLES_DIR / f"{APPLICATIONS_TABLE}.csv"),
                                        f"{code!r} is not a 2017 region code of {CROSSWALK}",
                                        field="iso_3166_2_2017"))
        except UserError as exc:
            problems += exc.problems
        return problems


_register_check()
