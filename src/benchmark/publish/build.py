"""``clusterbench build``: every brief of the benchmark definitions, in parallel, incremental, atomic.

- Incremental: a brief is rebuilt only when its notebook, its parameters, a data file it read, or
  the package's code changed (recorded in ``reports/.build-state.json``). A file counts as changed
  when its content or its modification time changed, so ``touch`` forces a rebuild, as in make.
- Parallel: briefs run on a pool of worker processes, each keeping one warmed-up kernel that is
  fully reset between briefs (see :class:`benchmark.render.KernelSession`). The pool is a
  ``concurrent.futures.Executor``; another executor (Dask's, say) can be passed to :func:`run_jobs`.
- Safe: HTML is written atomically; a failed brief keeps its previous HTML; one failure does not stop
  the others; a lock keeps two builds from interleaving; Ctrl-C and SIGTERM leave no partial file.
- PDF: when a benchmark lists ``formats: [html, pdf]`` (or ``--pdf``), one browser in a thread of the
  parent prints each brief as soon as its HTML is written, while the workers render the next ones. A PDF
  missing or older than its HTML is printed again; a failed print keeps the previous PDF.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import signal
import threading
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
    code_hash,
    collect_benchmarks,
    file_hash,
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
    pdf: str = ""  # "" (no PDF asked) | printed | up to date | failed | not printed
    pdf_error: str = ""
    pdf_pages: int = 0


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
            lang=job.lang,
            other_languages=job.other_languages,
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


def run_jobs(executor: Executor, jobs: list[Job], built_iso: str, on_done, on_submitted=None) -> list[Outcome]:
    """Submit every job to ``executor``; call ``on_done(job, outcome)`` as each finishes.

    ``on_submitted()`` is called once every job is submitted (the default pool has forked its workers by
    then, so threads started from it are not copied into them).
    """
    futures: dict[Future, Job] = {executor.submit(render_job, j, built_iso): j for j in jobs}
    if on_submitted is not None:
        on_submitted()
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


def pdf_is_current(job: Job) -> bool:
    """True when the brief's PDF exists and is not older than its HTML."""
    try:
        return job.pdf_path.stat().st_mtime_ns >= job.output_path.stat().st_mtime_ns
    except FileNotFoundError:
        return False


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
    jobs, problems = collect_benchmarks(refs, declared)
    if problems:
        raise UserError(problems)
    return jobs


#: Which briefs take longest, before any has been built: comparisons (more with more peers), then the
#: competition, then country briefs.
_FIRST_GUESS = {"comparison.ipynb": 3.0, "kz_competition.ipynb": 2.0, "country_brief.ipynb": 1.0}


def first_guess(job: Job) -> float:
    """A guess of a never-built brief's render time, to start the longest first."""
    peers = job.params.get("peers") or []
    return _FIRST_GUESS.get(job.notebook, 1.0) + 0.1 * len(peers)


def build(
    refs: list[str],
    jobs: int | None = None,
    force: bool = False,
    executor: Executor | None = None,
    console=None,
    pdf: bool | None = None,
) -> list[Outcome]:
    """Build the briefs of the benchmarks ``refs``; return one outcome per brief.

    ``pdf``: True prints every brief to PDF, False none; None (the default) as each benchmark's ``formats`` says.

    Raises:
        UserError: a PDF is asked for and Chromium is not installed (before anything is built).
    """
    from rich.console import Console

    console = console or Console(stderr=True)
    with build_lock():
        sweep_partials()
        state = _load_state()
        all_jobs, bad = collect_benchmarks(refs, DeclaredCache(state.setdefault("_declared", {})))
        records = state.setdefault("briefs", {})
        code = code_hash()
        printing = {j.key for j in all_jobs if ("pdf" in j.formats if pdf is None else pdf)}
        if printing:
            from .pdf import find_chromium

            find_chromium()  # no PDF without Chromium: say how to install it before building anything
        todo = [j for j in all_jobs if force or not is_up_to_date(j, records.get(j.key), code)]
        if todo:
            from ..inputs.validate import refuse_bad_data

            refuse_bad_data(benchmarks=False)  # bad data is refused with validate's messages before a kernel starts
        # Longest first (by the last build's time; never-built briefs first of all, the comparisons first
        # among them), so that no worker is left running one long brief at the end while the others wait,
        # and the longest PDFs are printed while the other briefs render.
        todo.sort(key=lambda j: (-records.get(j.key, {}).get("seconds", float("inf")), -first_guess(j)))
        outcomes = [
            Outcome(j.key, "up to date", pdf="up to date" if j.key in printing else "")
            for j in all_jobs
            if j not in todo
        ]
        # Briefs not rebuilt whose PDF is missing or older than their HTML (a print that failed, say).
        reprint = [
            j
            for j in all_jobs
            if j not in todo and j.key in printing and j.output_path.exists() and (force or not pdf_is_current(j))
        ]
        built_iso = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        if todo or reprint:
            by_key = {o.key: o for o in outcomes}
            outcomes += _run(
                todo,
                jobs or os.cpu_count() or 1,
                built_iso,
                executor,
                console,
                records,
                code,
                state,
                printing=printing,
                reprint=[(j, by_key[j.key]) for j in reprint],
            )
        _save_state(state)
        write_index(all_jobs, state, stale=lambda j: not is_up_to_date(j, records.get(j.key), code))
    _print_summary(all_jobs, outcomes, console, pdf=bool(printing))
    if bad:  # a bad benchmark file was left out, the others built: say what is wrong, exit 2
        raise UserError(bad)
    return outcomes


def _run(
    todo, n_jobs, built_iso, executor, console, records, code, state, printing=frozenset(), reprint=()
) -> list[Outcome]:
    """Render ``todo`` on the executor; print the PDFs of ``printing`` as their HTML is written, and ``reprint``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..inputs.load import data_version

    n_jobs = max(1, min(n_jobs, len(todo) or 1))
    own = executor is None and bool(todo)
    executor = executor or (make_executor(n_jobs) if todo else None)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    outcomes: list[Outcome] = []
    lock = threading.Lock()  # the printing thread and the main thread both update the state
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    n_pdf = len(reprint) + sum(j.key in printing for j in todo)
    printer = None
    if n_pdf:
        from .pdf import BackgroundPrinter

        def on_printed(item: tuple[Job, Outcome], printed, error: str) -> None:
            job, o = item
            with lock:
                rec = records.setdefault(job.key, {})
                if printed is not None:
                    st = printed.path.stat()
                    o.pdf, o.pdf_pages = "printed", printed.pages
                    rec.pop("pdf_error", None)
                    rec["pdf"] = {
                        "pages": printed.pages,
                        "size": printed.size,
                        "mtime_ns": st.st_mtime_ns,
                        "seconds": round(printed.seconds, 2),
                    }
                    progress.console.print(
                        f"  [green]printed[/green] {paths.relative(printed.path)} ({printed.pages} pages, "
                        f"{printed.size / 1024:.0f} KB, {printed.seconds:.1f} s)",
                        highlight=False,
                    )
                else:
                    o.pdf, o.pdf_error = "failed", error
                    rec["pdf_error"] = error
                    progress.console.print(
                        f"  [red]PDF FAILED[/red] {paths.relative(job.pdf_path)}: {error}", highlight=False
                    )
                _save_state(state)
                progress.advance(pdf_task)

        printer = BackgroundPrinter(on_printed)

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
        if job.key in printing:
            o.pdf = "not printed"  # until the printer reports
            if o.status == "built":
                printer.put((job, o), job.output_path, job.title, job.pdf_path)
            else:  # nothing new to print: the previous PDF, if any, stays with the previous HTML
                progress.update(pdf_task, total=progress.tasks[pdf_task].total - 1)

    def on_done_locked(job: Job, o: Outcome) -> None:
        with lock:
            on_done(job, o)

    try:
        with progress:
            task = progress.add_task("building briefs", total=len(todo)) if todo else None
            pdf_task = progress.add_task("printing PDFs", total=n_pdf) if n_pdf else None

            def queue_reprints() -> None:  # after the pool has forked its workers: no thread is copied into them
                for job, o in reprint:
                    o.pdf = "not printed"
                    printer.put((job, o), job.output_path, job.title, job.pdf_path)

            if todo:
                run_jobs(executor, todo, built_iso, on_done_locked, on_submitted=queue_reprints)
            else:
                queue_reprints()
            if printer is not None:
                printer.finish()
    except KeyboardInterrupt:
        console.print(
            "[yellow]interrupted: stopping workers; finished briefs are kept, no partial file is left[/yellow]"
        )
        if executor is not None:
            _stop(executor)
        if printer is not None:
            printer.stop()
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


def _print_summary(jobs: list[Job], outcomes: list[Outcome], console, pdf: bool = False) -> None:
    from rich.table import Table

    by_key = {o.key: o for o in outcomes}
    table = Table(title="Build summary")
    for col in ("brief", "status", "time", *(["PDF"] if pdf else [])):
        table.add_column(col)
    failures = []
    pdf_styles = {"printed": "green", "up to date": "dim", "failed": "red", "not printed": "yellow"}
    for j in jobs:
        o = by_key[j.key]
        style = {"built": "green", "up to date": "dim", "failed": "red"}[o.status]
        row = [
            paths.relative(j.output_path),
            f"[{style}]{o.status}[/{style}]",
            f"{o.seconds:.1f} s" if o.seconds else "",
        ]
        if pdf:
            shown = f"{o.pdf} ({o.pdf_pages} pages)" if o.pdf == "printed" else o.pdf
            row.append(f"[{pdf_styles[o.pdf]}]{shown}[/{pdf_styles[o.pdf]}]" if o.pdf else "")
        table.add_row(*row)
        if o.status == "failed":
            kept = " (previous HTML kept)" if j.output_path.exists() else ""
            failures.append(f"{j.output}: " + (f"cell {o.cell}: " if o.cell is not None else "") + o.error + kept)
        if o.pdf == "failed":
            kept = " (previous PDF kept)" if j.pdf_path.exists() else ""
            failures.append(f"{paths.relative(j.pdf_path)}: {o.pdf_error}{kept}")
    console.print(table)
    for line in failures:
        console.print(f"[red]failed[/red] {line}", highlight=False, soft_wrap=True)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "up to date", "failed")}
    printed = (
        f"; PDF: {sum(o.pdf == 'printed' for o in outcomes)} printed, {sum(o.pdf == 'failed' for o in outcomes)} failed"
        if pdf
        else ""
    )
    console.print(
        ", ".join(f"{n} {s}" for s, n in counts.items())
        + printed
        + f"; index: {paths.relative(paths.REPORTS / 'index.html')}",
        highlight=False,
    )
