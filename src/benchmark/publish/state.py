"""The build's record: what was built, from what (each brief's fingerprint), and the lock files beside it.

Both ``clusterbench build`` and the one-brief commands (through the index) read and write it, so it lives
apart from either. A brief is up to date when its HTML exists and its fingerprint is unchanged: its notebook,
parameters, the package's code, the libraries' versions (the lock) and every data file it read.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..core import paths
from .benchmarks import Job, code_hash, environment_digest, file_hash, params_json

STATE_FILE = ".build-state.json"
LOCK_FILE = ".build.lock"


def load_state() -> dict:
    """The build state, or {} when there is none (or it is unreadable)."""
    try:
        return json.loads((paths.REPORTS / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(state: dict) -> None:
    """Write the build state atomically."""
    from .export import write_atomic

    write_atomic(paths.REPORTS / STATE_FILE, json.dumps(state, indent=1, sort_keys=True))


def file_state(path: Path) -> str:
    """Modification time and content hash of a file: touching a file counts as changing it, as in make."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except FileNotFoundError:
        return "missing"
    return f"{mtime}:{file_hash(path)}"


def build_stamp() -> dict[str, str]:
    """What every brief of this build shares: the package's code and the libraries' versions (the lock)."""
    return {"code": code_hash(), "environment": environment_digest()}


def fingerprint(job: Job, stamp: dict[str, str], inputs: dict[str, str]) -> dict:
    """What a brief depends on: its notebook, parameters, the build stamp and the files it read."""
    return {
        "notebook": file_state(paths.NOTEBOOKS / job.notebook),
        "parameters": params_json(job),
        **stamp,
        "version": __version__,
        "inputs": inputs,
    }


def pdf_is_current(job: Job) -> bool:
    """True when the brief's PDF exists and is not older than its HTML."""
    try:
        return job.pdf_path.stat().st_mtime_ns >= job.output_path.stat().st_mtime_ns
    except FileNotFoundError:
        return False


def is_up_to_date(job: Job, record: dict | None, stamp: dict[str, str]) -> bool:
    """True when the brief exists and nothing it depends on changed since it was built."""
    if not record or record.get("status") != "built" or not job.output_path.exists():
        return False
    inputs = {p: file_state(paths.ROOT / p) for p in record.get("inputs", {})}
    return record.get("fingerprint") == fingerprint(job, stamp, inputs)
