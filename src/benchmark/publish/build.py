"""``clusterbench build``: every brief of the benchmark definitions, in parallel, incremental, atomic.

- Incremental: a brief is rebuilt only when its notebook, its parameters, a data file it read, the
  package's code or the libraries' versions (the lock, ``uv.lock``) changed (recorded in
  ``reports/.build-state.json``). A file counts as changed
  when its content or its modification time changed, so ``touch`` forces a rebuild, as in make.
- Parallel: briefs run on a pool of worker processes, each keeping one warmed-up kernel that is
  fully reset between briefs; :mod:`benchmark.publish.workers` owns their life cycle and the printer's.
  The pool is a ``concurrent.futures.Executor``; another executor (Dask's, say) can be passed to
  :func:`build`.
- Safe: HTML is written atomically; a failed brief keeps its previous HTML; one failure does not stop
  the others; a lock keeps two builds from interleaving; Ctrl-C and SIGTERM leave no partial file.
- PDF: when a benchmark lists ``formats: [html, pdf]`` (or ``--pdf``), one browser in a thread of the
  parent prints each brief as soon as its HTML is written, while the workers render the next ones. A PDF
  missing or older than its HTML is printed again; a failed print keeps the previous PDF.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from ..core import paths
from ..core.errors import UserError
from .benchmarks import (
    DeclaredCache,
    Job,
    collect_benchmarks,
)
from .index import write_index
from .state import (
    LOCK_FILE,
    build_stamp,
    file_state,
    fingerprint,
    is_up_to_date,
    load_state,
    pdf_is_current,
    save_state,
)
from .workers import BackgroundPrinter, BorrowedPool, Outcome, TermAsInterrupt, WorkerPool, run_jobs

if TYPE_CHECKING:
    from rich.progress import TaskID

    from .pdf import Printed


@contextmanager
def build_lock():
    """Hold the build lock; a second build waits for the first instead of interleaving with it.

    The lock is an flock on ``reports/.build.lock``: the kernel releases it when the holding process ends,
    however it ends, so a build killed outright never blocks the next one (its workers die with it).
    """
    from .export import check_writable

    check_writable(paths.REPORTS)
    with open(paths.REPORTS / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            import sys

            print("another build is running in this project; waiting for it to finish ...", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield fh.fileno()  # workers close their inherited copy at once
        finally:
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
    ``executor``: run the briefs there instead of on the build's own pool of workers.

    Raises:
        UserError: a PDF is asked for and Chromium is not installed (before anything is built).
    """
    from rich.console import Console

    console = console or Console(stderr=True)
    with build_lock() as lock_fd:
        sweep_partials()
        state = load_state()
        all_jobs, bad = collect_benchmarks(refs, DeclaredCache(state.setdefault("_declared", {})))
        records = state.setdefault("briefs", {})
        stamp = build_stamp()
        printing = {j.key for j in all_jobs if ("pdf" in j.formats if pdf is None else pdf)}
        if printing:
            from .pdf import find_chromium

            find_chromium()  # no PDF without Chromium: say how to install it before building anything
        todo = [j for j in all_jobs if force or not is_up_to_date(j, records.get(j.key), stamp)]
        pool = _start_pool(executor, jobs, todo, lock_fd)  # the kernels warm up while the data is checked
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
        by_key = {o.key: o for o in outcomes}
        reprint = [
            (j, by_key[j.key])
            for j in all_jobs
            if j not in todo and j.key in printing and j.output_path.exists() and (force or not pdf_is_current(j))
        ]
        if todo or reprint:
            outcomes += _run(todo, pool, _Recorder(state, stamp, console, printing), reprint)
        save_state(state)
        write_index(all_jobs, state, stale=lambda j: not is_up_to_date(j, records.get(j.key), stamp))
        save_state(state)  # with the page counts the index had to count itself
    _print_summary(all_jobs, outcomes, console, pdf=bool(printing))
    if bad:  # a bad benchmark file was left out, the others built: say what is wrong, exit 2
        raise UserError(bad)
    return outcomes


def _start_pool(executor: Executor | None, jobs: int | None, todo: list[Job], lock_fd: int):
    """The pool the briefs will run on, its workers forked now; then bad data is refused (validate's messages).

    No brief runs before the data is checked; the workers' kernels warm up meanwhile, and are stopped if the
    data is refused.
    """
    if not todo:  # nothing to render: nothing to check (and the checks' imports are not paid)
        return BorrowedPool(executor)
    from ..inputs.validate import refuse_bad_data

    if executor is not None:
        refuse_bad_data(benchmarks=False)
        return BorrowedPool(executor)
    pool = WorkerPool(max(1, min(jobs or os.cpu_count() or 1, len(todo))), lock_fd).start()
    try:
        refuse_bad_data(benchmarks=False)
    except BaseException:
        pool.kill()
        pool.__exit__(None, None, None)
        raise
    return pool


class _Recorder:
    """Records each brief's outcome in the build state and shows it, for the main and the printing thread."""

    def __init__(self, state: dict, stamp: dict[str, str], console, printing: set[str]) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.state, self.records, self.stamp, self.printing = state, state["briefs"], stamp, printing
        self.built_iso = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        self.lock = threading.Lock()  # the printing thread and the main thread both update the state
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            refresh_per_second=4,  # the bars move once per brief: a slower redraw leaves the CPU to the workers
        )
        self.outcomes: list[Outcome] = []
        self.printer: BackgroundPrinter | None = None
        self.task: TaskID | None = None
        self.pdf_task: TaskID | None = None

    def start(self, todo: list[Job], n_pdf: int) -> None:
        """Show the progress bars; start the printer (its thread and browser start with the first PDF)."""
        self.task = self.progress.add_task("building briefs", total=len(todo)) if todo else None
        self.pdf_task = self.progress.add_task("printing PDFs", total=n_pdf) if n_pdf else None
        self.printer = BackgroundPrinter(self.printed) if n_pdf else None

    def brief_done(self, job: Job, o: Outcome) -> None:
        """A brief rendered (or failed): record it, and queue its PDF."""
        with self.lock:
            self._show(job, o)
            self.records[job.key] = {
                **self._record(job, o),
                "title": job.title,
                "benchmark": job.benchmark,
                "benchmark_title": job.benchmark_title,
                "name": job.name,
            }
            save_state(self.state)  # a later interruption keeps what was built so far
            self.outcomes.append(o)
            if job.key in self.printing:
                if o.status == "built":
                    self.queue_pdf(job, o)
                else:  # nothing new to print: the previous PDF, if any, stays with the previous HTML
                    o.pdf = "not printed"
                    task = next(t for t in self.progress.tasks if t.id == self.pdf_task)
                    self.progress.update(task.id, total=(task.total or 1) - 1)

    def queue_pdf(self, job: Job, o: Outcome) -> None:
        """Print the brief's PDF from its HTML (the printer reports when it is done)."""
        assert self.printer is not None, "a brief to print, and no printer started"
        o.pdf = "not printed"  # until the printer reports
        self.printer.put((job, o), job.output_path, job.title, job.pdf_path)

    def _advance(self, task: TaskID | None) -> None:
        if task is not None:
            self.progress.advance(task)

    def _show(self, job: Job, o: Outcome) -> None:
        mark = {"built": "[green]built[/green]", "failed": "[red]FAILED[/red]"}[o.status]
        if o.status == "failed" and o.cell is not None:
            detail = f": cell {o.cell}: {o.error}"
        else:
            detail = f": {o.error}" if o.error else ""
        self.progress.console.print(f"  {mark} {job.output} ({o.seconds:.1f} s){detail}", highlight=False)
        self._advance(self.task)

    def _record(self, job: Job, o: Outcome) -> dict:
        from ..inputs.load import data_version

        if o.status == "built":
            inputs = {p: file_state(paths.ROOT / p) for p in o.files_read}
            return {
                "status": "built",
                "fingerprint": fingerprint(job, self.stamp, inputs),
                "inputs": inputs,
                "built": self.built_iso,
                "seconds": round(o.seconds, 2),
                "data_version": data_version(o.files_read),
                "size": o.size,
            }
        return {
            **self.records.get(job.key, {}),
            "status": "failed",
            "error": o.error,
            "cell": o.cell,
            "failed_at": self.built_iso,
            "kept_previous": job.output_path.exists(),
        }

    def printed(self, item: object, printed: Printed | None, error: str) -> None:
        """A PDF printed (or failed), called from the printing thread; ``item`` is the (job, outcome) queued."""
        job, o = cast("tuple[Job, Outcome]", item)
        with self.lock:
            rec = self.records.setdefault(job.key, {})
            if printed is not None:
                o.pdf, o.pdf_pages = "printed", printed.pages
                rec.pop("pdf_error", None)
                rec["pdf"] = {
                    "pages": printed.pages,
                    "size": printed.size,
                    "mtime_ns": printed.path.stat().st_mtime_ns,
                    "seconds": round(printed.seconds, 2),
                }
                self.progress.console.print(
                    f"  [green]printed[/green] {paths.relative(printed.path)} ({printed.pages} pages, "
                    f"{printed.size / 1024:.0f} KB, {printed.seconds:.1f} s)",
                    highlight=False,
                )
            else:
                o.pdf, o.pdf_error = "failed", error
                rec["pdf_error"] = error
                self.progress.console.print(
                    f"  [red]PDF FAILED[/red] {paths.relative(job.pdf_path)}: {error}", highlight=False
                )
            save_state(self.state)
            self._advance(self.pdf_task)


def _run(todo: list[Job], pool, rec: _Recorder, reprint=()) -> list[Outcome]:
    """Render ``todo`` on the pool, printing PDFs as their HTML is written, and ``reprint``'s PDFs.

    Ctrl-C or SIGTERM: the workers and the printer are stopped (see :mod:`benchmark.publish.workers`),
    temporary files removed, and ``KeyboardInterrupt`` raised again once nothing runs any more.
    """
    n_pdf = len(reprint) + sum(j.key in rec.printing for j in todo)

    def queue_reprints() -> None:  # after the pool has forked its workers: no thread is copied into them
        for job, o in reprint:
            rec.queue_pdf(job, o)

    try:
        with TermAsInterrupt(), rec.progress, pool:
            rec.start(todo, n_pdf)
            try:
                if todo:
                    run_jobs(pool.executor, todo, rec.built_iso, rec.brief_done, on_submitted=queue_reprints)
                else:
                    queue_reprints()
                if rec.printer is not None:
                    rec.printer.finish()
            except KeyboardInterrupt:
                rec.progress.console.print(
                    "[yellow]interrupted: stopping workers; finished briefs are kept, no partial file is left[/yellow]"
                )
                pool.kill()
                if rec.printer is not None:
                    rec.printer.stop()
                raise
    except KeyboardInterrupt:
        sweep_partials()
        raise
    return rec.outcomes


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
