"""The EC-OECD STIP 2021 codebook: labels of the instrument, target-group and theme codes programmes use."""

from __future__ import annotations

import csv
import io

from ..core import paths, text
from . import files
from .schemas import UNTRANSLATED

_FILES = {"PI": "policy_instruments.csv", "TG": "target_groups.csv", "TH": "themes.csv", "BR": "budget_ranges.csv"}


def prefix_of(code: str) -> str:
    """The letters of a STIP code: ``TG20`` -> ``TG``."""
    return "".join(ch for ch in code if ch.isalpha())


def codes(prefix: str) -> dict[str, str]:
    """All codes with a prefix (``PI``, ``TG``, ``TH``, ``BR``) and their 'Parent|Label' labels."""
    path = paths.STIP_DIR / _FILES[prefix]

    def build() -> dict[str, str]:
        rows = list(csv.reader(io.StringIO(files.csv_text(path), newline="")))
        return {r[0]: r[1] for r in rows[1:] if r and r[0]}

    return files.cached("stip", path, build)


def label_of(code: str, lang: str = "en") -> str:
    """Readable label of a STIP code: ``TG20`` -> 'Higher education institutes' (or its translation).

    Without a translation in ``lang`` the English label is shown, marked as untranslated.
    """
    label = codes(prefix_of(code)).get(code)
    if label is None:
        return code
    english = label.split("|")[-1]
    if lang == "en":
        return english
    translated = text.catalogue("stip", lang).get(code)  # the workbook's own translations; STIP is English only
    return (translated if isinstance(translated, str) else None) or f"{UNTRANSLATED} {english}"
