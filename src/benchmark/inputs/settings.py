"""``workbook.yaml``: the workbook's own settings at the project's root (who issues its briefs), read and checked.

The file is optional. ``clusterbench validate`` checks it (:func:`check_all`), and so do ``brief``, ``compare``,
``competition`` and ``build`` before anything renders; the publish layer asks :func:`issuer` for the name every
header and PDF shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import field_validator

from ..core import paths
from ..core.errors import Problem, UserError
from .schemas import LANGUAGES, Strict, Text, in_lang

#: The settings file, at the project's root (README, "Who issues the briefs").
SETTINGS_FILE = "workbook.yaml"

_HOW = "write the issuing body's name as one text, or as texts by language with English required ({en: ..., ru: ...})"


class WorkbookSettings(Strict):
    """The workbook's own settings: who issues its briefs (the file and each of its fields are optional)."""

    issuer: Text | None = None
    """The body that issues the briefs, named in every brief's header and as its PDF's author: one text, or
    one per language (``{en: ..., ru: ..., kk: ...}``, English required; English is shown where a language has
    none). Without it, the briefs name the workbook itself."""

    @field_validator("issuer", mode="before")
    @classmethod
    def _issuer_shape(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            if not value.strip():
                raise ValueError(f"`issuer` is empty: {_HOW}, or leave the field out")
            return value.strip()
        if isinstance(value, dict):
            if any(k not in LANGUAGES or not isinstance(v, str) for k, v in value.items()):
                return value  # pydantic names the key at its own line: an unknown language, a name not a text
            blank = [k for k, v in value.items() if not v.strip()]
            if blank:
                raise ValueError(f"the {blank[0]} name is empty: {_HOW}")
            if "en" not in value:
                raise ValueError(f"no English name (en): {_HOW}")
            return {k: v.strip() for k, v in value.items()}
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise ValueError(f"found {shown}; {_HOW}")


def settings_path():
    """Where the settings file is: ``workbook.yaml`` at the project's root (read at call time)."""
    return paths.ROOT / SETTINGS_FILE


def load_settings() -> WorkbookSettings:
    """The workbook's settings, validated (parsed once per content of the file); defaults without the file.

    Raises:
        DataError: the file is not valid YAML, has an unknown field, or a field that is not what it should be
            (each problem with the file, line and field, as every data file's).
    """
    path = settings_path()
    if not path.exists():  # a folder of that name is reported, not taken for no file
        return WorkbookSettings()
    return read(path)


def read(path: Path) -> WorkbookSettings:
    """The settings file at ``path``, validated (parsed once per content); a file of comments only gives the defaults.

    Raises:
        DataError: see :func:`load_settings`.
    """
    from . import files, load

    def build() -> WorkbookSettings:
        data, node = load.read_yaml(path)
        return WorkbookSettings() if data is None else load.validate(WorkbookSettings, data, path, node)

    return files.cached("settings", path, build)


def issuer(lang: str = "en") -> str | None:
    """The issuing body's name in ``lang`` (English where it has none there), or None when the settings name none.

    Raises:
        DataError: ``workbook.yaml`` is not valid (see :func:`load_settings`).
    """
    value = load_settings().issuer
    if value is None or isinstance(value, str):
        return value
    return in_lang(value, lang) or value["en"]


def check_all() -> list[Problem]:
    """The settings file's problems (none without the file), for ``clusterbench validate``."""
    try:
        load_settings()
    except UserError as exc:
        return exc.problems
    return []
