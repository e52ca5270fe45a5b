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
    try:
        digest = file_hash(path)
    except OSError:  # a folder where a file should be: its own state, reported by the checks
        digest = "unreadable"
    return f"{mtime}:{digest}"


def build_stamp() -> dict[str, str]:
    """What every brief of this build shares: the package's code and the libraries' versions (the lock)."""
    return {"code": code_hash(), "environment": environment_digest()}


def fingerprint(job: Job, stamp: dict[str, str], inputs: dict[str, str]) -> dict:
    """What a brief depends on: its notebook, parameters, the build stamp, the files it read and the workbook's
    settings (``workbook.yaml``: every header names its issuer, so a changed or broken file rebuilds, or is
    refused by the checks a rebuild runs first)."""
    from ..inputs.settings import settings_path

    return {
        "notebook": file_state(paths.NOTEBOOKS / job.notebook),
        "parameters": params_json(job),
        **stamp,
        "version": __version__,
        "inputs": inputs,
        "settings": file_state(settings_path()),
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


# --- editions: what each brief states, and what changed since its previous edition --------------------------

#: One JSON record per brief, beside the build state: ``reports/.editions/<name>.json``.
EDITIONS_DIR = ".editions"
#: The kinds of statement an edition records, in the order the colophon lists their changes.
RECORD_KINDS = ("figures", "scores", "sources")


def edition_path(output_html: Path) -> Path:
    """Where the edition record of the brief ``output_html`` is kept (beside it, in ``.editions/``)."""
    output_html = Path(output_html)
    return output_html.parent / EDITIONS_DIR / f"{output_html.stem}.json"


def edition_record(files_read: list[str], lang: str = "en") -> dict[str, dict[str, dict[str, str]]]:
    """What a brief states, from the data files it read: each figure, score and source it can cite.

    Figures are the facts of the country files read (value as printed, with its source); scores the
    assessments of the assessment files read; sources those the figures and scores cite. Each entry is
    ``{"label", "value", "source"}`` in ``lang``, keyed by its id.
    """
    from ..inputs import assessments as assess
    from ..inputs import load
    from ..inputs.schemas import text_of
    from ..sections.citations import fact_value

    read = {Path(p).as_posix() for p in files_read}
    countries = sorted(Path(p).stem for p in read if p.startswith("data/countries/") and p.endswith(".yaml"))
    assessed = sorted(
        set(assess.assessed_countries()) & {Path(p).stem for p in read if p.startswith("data/assessments/")}
    )
    sources = load.load_sources()
    cited: list[str] = []

    def cite(ids: list[str]) -> str:
        cited.extend(i for i in ids if i in sources)
        return "; ".join(sources[i].short_citation(lang) for i in ids if i in sources)

    figures: dict[str, dict[str, str]] = {}
    for code in countries:
        try:
            cf = load.load_country(code)
        except Exception:  # a file the brief read but cannot parse now: nothing to record of it
            continue
        facts = [*cf.key_facts]
        for p in cf.programmes:
            facts += [p.launch, *p.key_facts]
        for f in facts:
            label = text_of(f.label, lang)
            figures[f.id] = {"label": label, "value": fact_value(f, lang), "source": cite(f.all_sources)}
    scores: dict[str, dict[str, str]] = {}
    if assessed:
        titles = {p.id: text_of(p.title, lang) for c in countries for p in load.load_country(c).programmes}
        dims = {d.id: text_of(d.name, lang) for d in assess.load_dimensions()}
        for a in assess.load_assessments(assessed):
            label = f"{titles.get(a.programme, a.programme)} — {dims.get(a.dimension, a.dimension)}"
            value = "" if a.score is None else str(a.score)
            scores[f"{a.programme}/{a.dimension}"] = {"label": label, "value": value, "source": cite(a.cites)}
    listed = {
        i: {"label": sources[i].title_for(lang), "value": sources[i].short_citation(lang), "source": ""}
        for i in dict.fromkeys(cited)
    }
    return {"figures": figures, "scores": scores, "sources": listed}


def record_changes(old: dict, new: dict) -> list[dict[str, str]]:
    """Each figure, score or source whose value or source differs between two records (added and removed too)."""
    out = []
    for kind in RECORD_KINDS:
        before, after = old.get(kind, {}), new.get(kind, {})
        for key in [*after, *(k for k in before if k not in after)]:
            a, b = before.get(key), after.get(key)
            if a and b and (a.get("value"), a.get("source")) == (b.get("value"), b.get("source")):
                continue
            shown = b or a or {}
            out.append(
                {
                    "kind": kind,
                    "id": key,
                    "label": shown.get("label", key),
                    "old": (a or {}).get("value", ""),
                    "new": (b or {}).get("value", ""),
                    "source": shown.get("source", ""),
                }
            )
    return out


def next_edition(output_html: Path, record: dict, today) -> dict:
    """The brief's edition after this render: a new one (dated ``today``) when its record changed, else the same.

    Returns ``{"date", "previous", "changes", "record"}``: the first edition has no previous and no changes;
    a render that changes nothing keeps the edition's date and the changes it listed.
    """
    try:
        last = json.loads(edition_path(output_html).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        last = None
    if not last or "record" not in last:
        return {"date": today.isoformat(), "previous": None, "changes": [], "record": record}
    changes = record_changes(last["record"], record)
    if not changes:
        return {**last, "record": record}
    return {"date": today.isoformat(), "previous": last.get("date"), "changes": changes, "record": record}


def save_edition(output_html: Path, edition: dict) -> None:
    """Write the brief's edition record atomically."""
    from .export import write_atomic

    write_atomic(edition_path(output_html), json.dumps(edition, indent=1, sort_keys=True, ensure_ascii=False))


def edition_of(output_html: Path) -> dict | None:
    """The brief's recorded edition (date, previous date, changes), or None when it has none."""
    try:
        return json.loads(edition_path(output_html).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
