"""Every data file against its sidecar: provenance validated, the file's SHA-256 compared, refreshed on request.

``clusterbench validate`` runs :func:`check_all`; ``clusterbench data checksum FILE`` runs :func:`refresh` after a
deliberate edit of a data file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import load
from .provenance import sha256_of
from .schemas import Sidecar

#: Data files that must have a sidecar, by suffix (YAML files need one only when they are tables with one).
DATA_SUFFIXES = (".csv", ".geojson", ".json")
#: The rebuild script, named in the advice on a changed file.
REBUILD = "scripts/rebuild_data.py"


def is_sidecar(path: Path) -> bool:
    """True for a provenance sidecar ``<file>.meta.yaml``."""
    return path.name.endswith(".meta.yaml")


def data_files(root: Path | None = None) -> list[Path]:
    """Every data file under ``data/`` that has or needs a sidecar (CSV, GeoJSON, JSON, anything with one)."""
    root = root or paths.DATA
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or is_sidecar(p) or any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        if p.suffix in DATA_SUFFIXES or paths.sidecar(p).exists():
            out.append(p)
    return out


def read_sidecar(path: Path) -> Sidecar:
    """The sidecar of a data file, validated (raises a DataError naming its file, field and line)."""
    side = paths.sidecar(path)
    if not side.exists():
        raise DataError.one(
            path, f"no provenance sidecar ({side.name}): write one with a provenance block (see docs/schema.md)"
        )
    return load.load_yaml_model(Sidecar, side)


def _sha_line(path: Path) -> int | None:
    """The line of ``provenance.sha256`` in a data file's sidecar."""
    _, node = load.read_yaml(paths.sidecar(path))
    return load.line_of(node, ("provenance", "sha256"))


def changed_reason(path: Path, recorded: str, actual: str, made: str) -> str:
    """What to do about a data file whose bytes no longer match its sidecar, in plain words."""
    rel = paths.relative(path)
    restore = (
        f"restore it with `git checkout -- {rel}`"
        if made in ("transcribed", "authored")
        else f"restore it from its origin with `.venv/bin/python {REBUILD} {rel}`"
    )
    return (
        f"{rel} changed since its sidecar was written (its SHA-256 is {actual[:12]}…, the sidecar says "
        f"{recorded[:12]}…): if you changed it on purpose, say where the new figures come from in the sidecar "
        f"and record the new checksum with `clusterbench data checksum {rel}`; otherwise {restore}"
    )


def check_file(path: Path) -> list[Problem]:
    """The problems of one data file: no sidecar, an invalid one, or a checksum that does not match."""
    try:
        meta = read_sidecar(path)
    except UserError as exc:
        return exc.problems
    actual = sha256_of(path)
    if actual == meta.provenance.sha256:
        return []
    return [
        Problem(
            paths.relative(paths.sidecar(path)),
            changed_reason(path, meta.provenance.sha256, actual, meta.provenance.made),
            "provenance.sha256",
            _sha_line(path),
        )
    ]


def check_all() -> list[Problem]:
    """Every data file has a sidecar with a valid provenance block whose checksum matches the file."""
    problems: list[Problem] = []
    for p in data_files():
        problems += check_file(p)
    return problems


_SHA = re.compile(r"(sha256:\s*['\"]?)([0-9a-fA-F]*)(['\"]?)")


def refresh(path: Path) -> tuple[str, str]:
    """Write a data file's current SHA-256 into its sidecar's provenance block; return (old, new).

    Only the checksum's line changes: comments and layout of the sidecar stay as they are.

    Raises:
        DataError: the file or its sidecar is missing, or the sidecar has no ``provenance.sha256`` line.
    """
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = paths.ROOT / path  # written as the messages write it, relative to the project
    if not path.is_file():
        raise DataError.one(path, "no such data file")
    side = paths.sidecar(path)
    if not side.exists():
        raise DataError.one(path, f"no provenance sidecar ({side.name}): write one first (see docs/schema.md)")
    line = _sha_line(path)
    lines = side.read_text(encoding="utf-8").splitlines(keepends=True)
    match = _SHA.search(lines[line - 1]) if line else None
    if match is None or line is None:
        raise DataError.one(
            side, "no provenance.sha256 to update: add a provenance block (see docs/schema.md)", "provenance.sha256"
        )
    old, new = match.group(2), sha256_of(path)
    lines[line - 1] = lines[line - 1][: match.start(2)] + new + lines[line - 1][match.end(2) :]
    tmp = side.with_name(side.name + ".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, side)
    return old, new
