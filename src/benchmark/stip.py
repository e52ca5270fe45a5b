"""The EC-OECD STIP 2021 codebook: labels of the instrument, target-group and theme codes programmes use."""

from __future__ import annotations

import csv
import functools

from . import paths

_FILES = {"PI": "policy_instruments.csv", "TG": "target_groups.csv", "TH": "themes.csv", "BR": "budget_ranges.csv"}


@functools.cache
def _codes(prefix: str) -> dict[str, str]:
    path = paths.STIP_DIR / _FILES[prefix]
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return {r[0]: r[1] for r in rows[1:] if r and r[0]}


def codes(prefix: str) -> dict[str, str]:
    """All codes with a prefix (``PI``, ``TG``, ``TH``, ``BR``) and their 'Parent|Label' labels."""
    paths.record_read(paths.STIP_DIR / _FILES[prefix])
    return _codes(prefix)


def label_of(code: str) -> str:
    """Readable label of a STIP code: ``TG20`` -> 'Higher education institutes'."""
    prefix = "".join(ch for ch in code if ch.isalpha())
    label = codes(prefix).get(code)
    if label is None:
        return code
    return label.split("|")[-1]
