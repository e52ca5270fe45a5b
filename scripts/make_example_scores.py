"""Make the ILLUSTRATIVE example scoring sheet data/competition/example_scores.csv (and its sidecar).

The real 2017 expert scores are not public. This sheet is invented for training: 18 applications
("Application A" ... "Application R", as many as the 18 valid applications of 2017, with no link to
any real one), 4 experts, every default criterion, scores 1-5. It is built to exercise the brief:
expert 4 is an outlier (full marks to two weak applications, bottom marks to two strong ones), and
the default weights leave a tie for the last seat of the six.

Seeded and deterministic: it tries seeds BASE_SEED, BASE_SEED + 1, ... and keeps the first sheet whose
mean-based ranking has exactly two applications tied for 6th place (with different score profiles,
so weight changes can split them) and whose median-based top six differs from the mean-based one.

Run:  .venv/bin/python scripts/make_example_scores.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from benchmark.analysis import scoring  # noqa: E402
from benchmark.core.paths import COMPETITION_DIR  # noqa: E402
from benchmark.inputs import competition  # noqa: E402
from benchmark.sections.competition import panel_of  # noqa: E402

BASE_SEED = 2017
N_APPS = 18
EXPERTS = ["Expert 1", "Expert 2", "Expert 3", "Expert 4"]
OUTLIER = "Expert 4"
N_SELECT = 6
OUT = COMPETITION_DIR / "example_scores.csv"


def make(seed: int, criteria: list[str]) -> pd.DataFrame:
    """One candidate sheet (long format) from ``seed``."""
    rng = np.random.default_rng(seed)
    apps = [f"Application {string.ascii_uppercase[i]}" for i in range(N_APPS)]
    quality = rng.normal(3.0, 0.8, size=N_APPS)  # how good each application really is
    profile = quality[:, None] + rng.normal(0, 0.6, size=(N_APPS, len(criteria)))  # strengths by criterion
    order = np.argsort(-quality)
    favoured, disfavoured = order[[10, 13]], order[[0, 2]]  # the outlier's picks: two weak, two strong
    rows = []
    for expert in EXPERTS:
        bias = rng.normal(0, 0.3)
        noise = rng.normal(0, 0.5, size=profile.shape)
        s = np.clip(np.rint(profile + bias + noise), 1, 5)
        if expert == OUTLIER:
            s[favoured, :] = 5
            s[disfavoured, :] = 1
        for a_i, app in enumerate(apps):
            for c_i, crit in enumerate(criteria):
                rows.append((app, expert, crit, int(s[a_i, c_i])))
    return pd.DataFrame(rows, columns=list(competition.SHEET_COLUMNS))


def qualifies(frame: pd.DataFrame, cs) -> bool:
    """A sheet that shows the features: a two-way tie for the last seat, and median != mean top six."""
    tmp = COMPETITION_DIR / ".candidate.csv"
    frame.to_csv(tmp, index=False)
    try:
        sheet = competition.load_scoring_sheet(tmp, cs)
    finally:
        tmp.unlink()
    panel, weights = panel_of(sheet, cs), competition.weights_of(cs)
    mean = scoring.aggregate(panel, weights, method="mean")
    median = scoring.aggregate(panel, weights, method="median")
    sel = scoring.select_top(mean, N_SELECT)
    if len(sel.tied) != 2 or sel.seats_left != 1:
        return False
    per = scoring.criterion_scores(panel, "mean")
    if per.loc[sel.tied[0]].equals(per.loc[sel.tied[1]]):
        return False  # identical profiles would stay tied under any weights
    med = scoring.select_top(median, N_SELECT)
    return set(med.selected) | set(med.tied) != set(sel.selected) | set(sel.tied)


def _keep_translations(meta: dict, side) -> dict:
    """The sidecar's text fields with the translations already written for them, where the English is unchanged."""
    if not side.exists():
        return meta
    old = yaml.safe_load(side.read_text(encoding="utf-8")) or {}

    def keep(new, before):
        if isinstance(new, str) and isinstance(before, dict) and before.get("en") == new:
            return before
        if isinstance(new, list) and isinstance(before, list) and len(new) == len(before):
            return [keep(n, b) for n, b in zip(new, before)]
        return new

    return {k: keep(v, old.get(k)) for k, v in meta.items()}


def sheet():
    """The first qualifying sheet, its seed and the criteria set it scores."""
    cs = competition.load_criteria("default")
    criteria = [c.id for c in cs.criteria]
    for seed in range(BASE_SEED, BASE_SEED + 5000):
        frame = make(seed, criteria)
        if qualifies(frame, cs):
            return frame, seed, cs
    raise SystemExit("no qualifying seed found")


def csv_text(frame: pd.DataFrame) -> str:
    """The sheet as the shipped CSV's text."""
    return frame.to_csv(index=False, lineterminator="\n")


def _header(side: Path) -> str:
    """The comment lines at the top of the existing sidecar (e.g. the note on its Kazakh texts), kept."""
    if not side.exists():
        return ""
    lines = side.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = []
    for line in lines:
        if not line.startswith("#"):
            break
        if "Provenance sidecar" not in line:
            kept.append(line)
    return "".join(kept)


def main() -> None:
    frame, seed, cs = sheet()
    text = csv_text(frame)
    OUT.write_text(text, encoding="utf-8", newline="")
    meta = {
        "title": "Example expert scoring sheet (ILLUSTRATIVE, for training: not the real 2017 scores)",
        "illustrative": True,
        "description": (
            "Invented scores of 18 fictitious applications by 4 fictitious experts on the default criteria "
            "(scale 1-5). The real scores of the 2017 competition are not public. The applications are named "
            "'Application A' to 'Application R' (18, as many as the valid applications of 2017) and have no "
            "link to any real application or region. Expert 4 is made an outlier on purpose (full marks to two "
            "weak applications, bottom marks to two strong ones), and the default weights leave two "
            "applications tied for the sixth seat, so the brief can show the median, the agreement statistic "
            "and the tie report at work."
        ),
        "generated_by": "scripts/make_example_scores.py",
        "seed": seed,
        "date": dt.date(2026, 11, 28),
        "producer": "cluster-benchmark workbook (generated)",
        "license": "CC0 1.0 (invented data)",
        "criteria_set": cs.id,
        "applications": list(dict.fromkeys(frame.application)),
        "experts": EXPERTS,
        "notes": [
            f"Generation: latent quality ~ Normal(3, 0.8) per application; per-criterion profile = quality + "
            f"Normal(0, 0.6); each expert adds a bias ~ Normal(0, 0.3) and noise ~ Normal(0, 0.5); rounded and "
            f"clipped to 1-5. numpy.random.default_rng(seed); seeds tried from {BASE_SEED} upwards until the "
            f"sheet shows a two-way tie for the last of {N_SELECT} seats (mean aggregation, default weights) "
            f"and a different top {N_SELECT} under the median.",
        ],
    }
    meta["provenance"] = {
        "origin_missing": "invented for training by the workbook: no publisher, no real application",
        "retrieved_missing": f"generated on {meta['date']}, not retrieved",
        "licence": meta["license"],
        "made": "generated",
        "script": "scripts/make_example_scores.py",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    side = OUT.with_name(OUT.name + ".meta.yaml")
    meta = _keep_translations(meta, side)
    side.write_text(
        _header(side)
        + "# Provenance sidecar (written by scripts/make_example_scores.py; do not edit by hand)\n"
        + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=110),
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(frame)} rows, seed {seed}) and {side.name}")


if __name__ == "__main__":
    main()
