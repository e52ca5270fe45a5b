"""Write the blind second assessor's evidence pack (run: `.venv/bin/python scripts/blind_pack.py --out PATH`).

The pack holds the rubric and every programme's evidence, and nothing of the first assessor (see
`benchmark.inputs.blind_pack` and the protocol in docs/comparison.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmark.inputs.blind_pack import build_pack


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="the Markdown file to write")
    ap.add_argument("--country", action="append", help="only these countries (default: every assessed one)")
    args = ap.parse_args()
    text = build_pack(args.country)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.splitlines())} lines)")


if __name__ == "__main__":
    main()
