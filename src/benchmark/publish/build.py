"""``clusterbench build``: every brief of the benchmark definitions, in parallel, incremental, atomic.

- Incremental: a brief is rebuilt only when its notebook, its parameters, a data file it read, or
  the package's code changed (recorded in ``reports/.build-state.json``). A file counts as changed
  when its content or its modification time changed, so ``touch`` forces a rebuild, as in make.
- Parallel: briefs run on a pool of worker processes, each keeping one warmed-up kernel that is
  fully reset between briefs (see :class:`benchmark.render.KernelSession`). The pool is a
  ``concurrent.futures.Executor``; another executor (Dask's, say) can be passed to :func:`run_jobs`.
- Safe: HTML is written atomically; a failed brief keeps its previous HTML; one failure does not stop
  the others; a lock keeps two builds from interleaving; Ctrl-C and SIGTERM leave no partial file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import signal
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..core import paths
from ..core.errors import UserError
from .benchmarks import (
    DeclaredCache,
    Job,
    all_benchmarks,
    benchmark_path,
    code_hash,
    file_hash,
    load_benchmark,
    params_json,
)
from .index import write_index

STATE_FILE = ".build-state.json"
LOCK_FILE = ".build.lock"


@dataclass
class Outcome:
    """What happened to one brief in a build."""

    key: str
    status: str  # built | up to date | failed
    seconds: float = 0.0
    error: str = ""
    cell: int | None = None
    files_read: list[str] = field(default_factory=list)
    size: int = 0


# --- worker side ----------------------------------------------------------------------------------

_session = None
#: The build lock's file descriptor in the parent; workers close their inherited copy at once.
_lock_fd: int | None = None


def _worker_init() -> None:
    """Runs once in each worker process: start (and warm up) the kernel it will reuse."""
    global _session

    if _lock_fd is not None:
        try:
            os.close(_lock_fd)  # the build lock belongs to the parent: a worker must never keep it held
        except OSError:
            pass

    def _term(signum, frame):
        _close_session()  # stop the kernel; the parent removes any temporary file and reports the stop
        os._exit(143)

    signal.signal(signal.SIGTERM, _term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops the workers
    from multiprocessing.util import Finalize

    from .execute import die_with_parent

    die_with_parent()

    from .execute import KernelSession
    from .export import exporter

    _session = KernelSession()
    exporter()  # load nbconvert and the template while the kernel imports
    Finalize(None, _close_session, exitpriority=10)  # pool workers skip atexit; this runs at their exit


def _close_session() -> None:
    global _session
    if _session is not None:
        try:
            _session.close()
        except Exception:
            pass
        _session = None


def render_job(job: Job, built_iso: str) -> Outcome:
    """Render one job in this process's kernel session (the worker task)."""
    global _session
    from .execute import KernelSession, RenderError
    from .render import render_notebook

    start = time.perf_counter()
    if _session is None:
        _session = KernelSession()
    try:
        res = render_notebook(
            paths.NOTEBOOKS / job.notebook,
            job.params,
            job.output_path,
            title=job.title,
            session=_session,
            built=dt.datetime.fromisoformat(built_iso),
            lang=job.params.get("lang", "en"),
        )
        return Outcome(job.key, "built", res.seconds, files_read=res.files_read, size=res.size)
    except RenderError as exc:
        return Outcome(job.key, "failed", time.perf_counter() - start, f"{exc.ename}: {exc.evalue}", exc.cell)
    except UserError as exc:
        return Outcome(job.key, "failed", time.perf_counter() - start, str(exc))
    except Exception as exc:  # a dead kernel, say: start a fresh one for the next brief
        _close_session()
        return Outcome(job.key, "failed", time.perf_counter() - start, f"{type(exc).__name__}: {exc}")


# --- executor -------------------------------------------------------------------------------------


def make_executor(jobs: int) -> Executor:
    """The default executor: ``jobs`` worker processes, each with one reused kernel."""
    import multiprocessing as mp

    import papermill  # noqa: F401  (imported once here, inherited by every forked worker)

    from .export import exporter

    exporter()  # nbconvert and the compiled template, likewise shared by the workers
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, mp_context=mp.get_context("fork"))


def run_jobs(executor: Executor, jobs: list[Job], built_iso: str, on_done) -> list[Outcome]:
    """Submit every job to ``executor``; call ``on_done(job, outcome)`` as each finishes."""
    futures: dict[Future, Job] = {executor.submit(render_job, j, built_iso): j for j in jobs}
    out = []
    for fut in as_completed(futures):
        job = futures[fut]
        try:
            outcome = fut.result()
        except Exception as exc:  # the worker process died
            outcome = Outcome(job.key, "failed", error=f"worker died: {type(exc).__name__}: {exc}")
        on_done(job, outcome)
        out.append(outcome)
    return out


# --- state ----------------------------------------------------------------------------------------


def _load_state() -> dict:
    try:
        return json.loads((paths.REPORTS / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _save_state(state: dict) -> None:
    from .export import write_atomic

    write_atomic(paths.REPORTS / STATE_FILE, json.dumps(state, indent=1, sort_keys=True))


def file_state(path: Path) -> str:
    """Modification time and content hash of a file: touching a file counts as changing it, as in make."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except FileNotFoundError:
        return "missing"
    return f"{mtime}:{file_hash(path)}"


def _fingerprint(job: Job, code: str, inputs: dict[str, str]) -> dict:
    return {
        "notebook": file_state(paths.NOTEBOOKS / job.notebook),
        "parameters": params_json(job),
        "code": code,
        "version": __version__,
        "inputs": inputs,
    }


def is_up_to_date(job: Job, record: dict | None, code: str) -> bool:
    """True when the brief exists and nothing it depends on changed since it was built."""
    if not record or record.get("status") != "built" or not job.output_path.exists():
        return False
    inputs = {p: file_state(paths.ROOT / p) for p in record.get("inputs", {})}
    return record.get("fingerprint") == _fingerprint(job, code, inputs)


@contextmanager
def build_lock():
    """Hold the build lock; a second build waits for the first instead of interleaving with it.

    The lock is an flock on ``reports/.build.lock``: the kernel releases it when the holding process ends,
    however it ends, so a build killed outright never blocks the next one (its workers die with it).
    """
    global _lock_fd
    from .export import check_writable

    check_writable(paths.REPORTS)
    with open(paths.REPORTS / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            import sys

            print("another build is running in this project; waiting for it to finish ...", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        _lock_fd = fh.fileno()
        try:
            yield
        finally:
            _lock_fd = None
            fcntl.flock(fh, fcntl.LOCK_UN)


def sweep_partials() -> None:
    """Remove temporary files left by a build that was killed outright (SIGKILL, power cut)."""
    if paths.REPORTS.exists():
        for p in paths.REPORTS.rglob(".*.part"):
            p.unlink(missing_ok=True)


# --- the build ------------------------------------------------------------------------------------


def collect_jobs(refs: list[str], declared: DeclaredCache | None = None) -> list[Job]:
    """Jobs of the named benchmarks (all of ``benchmarks/`` when none is named)."""
    declared = declared or DeclaredCache()
    files = [benchmark_path(r) for r in refs] if refs else all_benchmarks()
    if not files:
        raise UserError("no benchmark definitions in benchmarks/")
    jobs: list[Job] = []
    problems = []
    for f in files:
        try:
            jobs.extend(load_benchmark(f, declared))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return jobs


def build(
    refs: list[str], jobs: int | None = None, force: bool = False, executor: Executor | None = None, console=None
) -> list[Outcome]:
    """Build the briefs of the benchmarks ``refs``; return one outcome per brief."""
    from rich.console import Console

    console = console or Console(stderr=True)
    with build_lock():
        sweep_partials()
        state = _load_state()
        all_jobs = collect_jobs(refs, DeclaredCache(state.setdefault("_declared", {})))
        records = state.setdefault("briefs", {})
        code = code_hash()
        todo = [j for j in all_jobs if force or not is_up_to_date(j, records.get(j.key), code)]
        # Longest first (by the last build's time; never-built briefs first of all), so that no worker
        # is left running one long brief at the end while the others wait.
        todo.sort(key=lambda j: -records.get(j.key, {}).get("seconds", float("inf")))
        outcomes = [Outcome(j.key, "up to date") for j in all_jobs if j not in todo]
        built_iso = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        if todo:
            outcomes += _run(todo, jobs or os.cpu_count() or 1, built_iso, executor, console, records, code, state)
        _save_state(state)
        write_index(all_jobs, state, stale=lambda j: not is_up_to_date(j, records.get(j.key), code))
    _print_summary(all_jobs, outcomes, console)
    return outcomes


def _run(todo, n_jobs, built_iso, executor, console, records, code, state) -> list[Outcome]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..inputs.load import data_version

    n_jobs = max(1, min(n_jobs, len(todo)))
    own = executor is None
    executor = executor or make_executor(n_jobs)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    outcomes: list[Outcome] = []
    progress = Progress(
        TextColumn("[bold]building briefs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )

    def on_done(job: Job, o: Outcome) -> None:
        mark = {"built": "[green]built[/green]", "failed": "[red]FAILED[/red]"}[o.status]
        progress.console.print(
            f"  {mark} {job.output} ({o.seconds:.1f} s)"
            + (
                f": cell {o.cell}: {o.error}"
                if o.status == "failed" and o.cell is not None
                else (f": {o.error}" if o.error else "")
            ),
            highlight=False,
        )
        progress.advance(task)
        rec = records.get(job.key, {})
        if o.status == "built":
            inputs = {p: file_state(paths.ROOT / p) for p in o.files_read}
            rec = {
                "status": "built",
                "fingerprint": _fingerprint(job, code, inputs),
                "inputs": inputs,
                "built": built_iso,
                "seconds": round(o.seconds, 2),
                "data_version": data_version(o.files_read),
                "size": o.size,
            }
        else:
            rec = {
                **rec,
                "status": "failed",
                "error": o.error,
                "cell": o.cell,
                "failed_at": built_iso,
                "kept_previous": job.output_path.exists(),
            }
        records[job.key] = {
            **rec,
            "title": job.title,
            "benchmark": job.benchmark,
            "benchmark_title": job.benchmark_title,
            "name": job.name,
        }
        _save_state(state)  # a later interruption keeps what was built so far
        outcomes.append(o)

    try:
        with progress:
            task = progress.add_task("build", total=len(todo))
            run_jobs(executor, todo, built_iso, on_done)
    except KeyboardInterrupt:
        console.print(
            "[yellow]interrupted: stopping workers; finished briefs are kept, no partial file is left[/yellow]"
        )
        _stop(executor)
        sweep_partials()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
        if own:
            executor.shutdown(wait=True, cancel_futures=True)
    return outcomes


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(executor: Executor) -> None:
    """Stop a process pool now: SIGTERM makes each worker clean up its temporary file and kernel."""
    procs = getattr(executor, "_processes", None) or {}
    for p in list(procs.values()):
        try:
            p.terminate()
        except Exception:
            pass
    for p in list(procs.values()):
        p.join(timeout=10)
    executor.shutdown(wait=False, cancel_futures=True)


def _print_summary(jobs: list[Job], outcomes: list[Outcome], console) -> None:
    from rich.table import Table

    by_key = {o.key: o for o in outcomes}
    table = Table(title="Build summary")
    for col in ("brief", "status", "time"):
        table.add_column(col)
    failures = []
    for j in jobs:
        o = by_key[j.key]
        style = {"built": "green", "up to date": "dim", "failed": "red"}[o.status]
        table.add_row(
            paths.relative(j.output_path), f"[{style}]{o.status}[/{style}]", f"{o.seconds:.1f} s" if o.seconds else ""
        )
        if o.status == "failed":
            kept = " (previous HTML kept)" if j.output_path.exists() else ""
            failures.append(f"{j.output}: " + (f"cell {o.cell}: " if o.cell is not None else "") + o.error + kept)
    console.print(table)
    for line in failures:
        console.print(f"[red]failed[/red] {line}", highlight=False, soft_wrap=True)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "up to date", "failed")}
    console.print(
        ", ".join(f"{n} {s}" for s, n in counts.items()) + f"; index: {paths.relative(paths.REPORTS / 'index.html')}",
        highlight=False,
    )
