"""A brief rendered by ``brief``, ``compare`` or ``competition``: recorded in the build state, shown on the index."""

from __future__ import annotations

from pathlib import Path

from ..core import paths
from .benchmarks import Job
from .build import LOCK_FILE, STATE_FILE, code_hash, is_up_to_date
from .export import write_atomic
from .index import BY_HAND, write_index


def after_command(job: Job, seconds: float = 0.0, files_read: list[str] | None = None, error: str = "") -> Path | None:
    """Record a brief rendered (or failed) by ``brief``/``compare``/``competition`` and rewrite the index.

    The brief's row shows what that command did: built now with the data it read, or failed (the previous
    HTML kept). A brief no benchmark lists appears under "Briefs rendered one at a time". A build running
    at that moment owns the index: it is left alone then (the build rewrites it when done). The record
    carries no build fingerprint, so the next ``build`` still renders the brief itself.
    """
    import datetime as dt
    import fcntl
    import json

    from ..inputs.load import data_version

    if not paths.REPORTS.is_dir():
        return None
    state_path = paths.REPORTS / STATE_FILE
    with open(paths.REPORTS / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            state = {}
        records = state.setdefault("briefs", {})
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        rec = {k: v for k, v in records.get(job.key, {}).items() if k in ("pdf",)}
        if error:
            rec = {**records.get(job.key, {}), "status": "failed", "error": error, "failed_at": now}
            rec["kept_previous"] = job.output_path.exists()
        else:
            rec.update(
                status="built",
                built=now,
                seconds=round(seconds, 2),
                data_version=data_version(files_read or []),
                size=job.output_path.stat().st_size if job.output_path.exists() else 0,
            )
        rec.update(title=job.title, name=job.name, benchmark=job.benchmark, benchmark_title=job.benchmark_title)
        if job.benchmark == BY_HAND:
            rec["by_hand"] = {"notebook": job.notebook, "parameters": list(map(list, job.parameters))}
        records[job.key] = rec
        write_atomic(state_path, json.dumps(state, indent=1, sort_keys=True))
        code = code_hash()
        return write_index([], state, stale=lambda j: not is_up_to_date(j, records.get(j.key), code))
