"""Copy a blind second assessor's answer file into data/assessments/blind/<ISO3>.yaml, one file per country.

Run: `.venv/bin/python scripts/blind_ingest.py --scores PATH --date YYYY-MM-DD [--assessor analyst_team_b]`.
The scores, confidences, rationales and citations are copied as the assessor wrote them (the answer format
of the evidence pack, `benchmark.inputs.blind_pack`); each item gets the assessor and date, each file
`blind: true`. Commit the files before comparing them with the first assessment (docs/comparison.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import yaml

from benchmark.core import paths
from benchmark.inputs import load


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scores", type=Path, required=True, help="the assessor's YAML list")
    ap.add_argument("--date", type=dt.date.fromisoformat, required=True, help="when the scores were handed in")
    ap.add_argument("--assessor", default="analyst_team_b", help="the assessor's id (data/assessments/assessors.yaml)")
    args = ap.parse_args()
    items = yaml.safe_load(args.scores.read_text(encoding="utf-8"))
    owner = {p.id: p.country for p in load.load_programmes()}
    by_country: dict[str, list[dict]] = {}
    for it in items:
        record = {
            "programme": it["programme"],
            "dimension": it["dimension"],
            "score": it["score"],
            "confidence": it["confidence"],
            "rationale": {"en": " ".join(str(it["rationale"]).split())},
            "cites": list(it["cites"]),
            "assessor": args.assessor,
            "date": args.date,
        }
        by_country.setdefault(owner[it["programme"]], []).append(record)
    out_dir = paths.ASSESSMENTS_DIR / "blind"
    out_dir.mkdir(parents=True, exist_ok=True)
    for iso3, records in sorted(by_country.items()):
        doc = {
            "country": iso3,
            "assessor": args.assessor,
            "date": args.date,
            "blind": True,
            "note": {
                "en": (
                    "Scored blind from the evidence pack (the rubric and the cards' evidence, without the first "
                    "assessor's scores, rationales, confidences or recommendations), copied as written."
                )
            },
            "assessments": records,
        }
        head = (
            f"# Blind second assessment of {iso3}'s programmes, copied from the assessor's answer file as written.\n"
            "# Kept apart from the first assessment; committed before the two were compared.\n"
        )
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110)
        (out_dir / f"{iso3}.yaml").write_text(head + text, encoding="utf-8")
        print(f"wrote {paths.relative(out_dir / f'{iso3}.yaml')} ({len(records)} scores)")


if __name__ == "__main__":
    main()
