"""The life cycle of a build's helpers: worker processes, the kernel each keeps, and the PDF printer.

start      The parent loads papermill and nbconvert, then the standard library's ``ProcessPoolExecutor``
           forks ``n`` workers (:meth:`WorkerPool.start`, before the build checks the data). Each worker
           closes its copy of the build lock, tells the parent its pid, starts one kernel and warms it up
           (imports, data, fonts). The printer, one Chromium driven from a thread of the parent, starts
           with the first brief to print, once the workers are forked, so that no thread is copied into
           a worker.
work       One task per brief: the worker resets its kernel, executes the notebook, writes the HTML
           atomically and returns an :class:`Outcome`; the parent records it and queues the brief's PDF.
           A kernel that dies is replaced for the next brief.
interrupt  Ctrl-C reaches the whole process group: workers ignore it (from birth: it is blocked while they
           are forked), a kernel stops the cell it runs, the parent raises ``KeyboardInterrupt``. SIGTERM
           to the parent raises the same exception.
kill       The parent sends SIGTERM to each worker that told it its pid; the worker kills its kernel,
           removes the kernel's socket folder and ends by that same signal. The printer drops the briefs
           still queued and finishes the one it is printing.
clean-up   The parent waits for the pool to wind down (its threads joined, even after a kill, so the
           interpreter's exit finds nothing running), then the build removes temporary ``.part`` files and exits 130.
           A worker or kernel whose parent is gone (a build killed with SIGKILL) sends itself SIGTERM
           within half a second: nothing outlives a build.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import paths
from ..core.errors import UserError
from .benchmarks import Job

if TYPE_CHECKING:
    from .pdf import Printed


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


def end_with_parent(interval: float = 0.5) -> None:
    """Send this process SIGTERM when the process that started it is gone (killed outright, say).

    A daemon thread compares the parent's pid with the one at start: a worker or kernel orphaned by a
    SIGKILL of the build would otherwise live on, holding the build lock and its temporary files.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


# --- worker side ----------------------------------------------------------------------------------

_session = None  # this worker's kernel (a KernelSession)


def _worker_start(pids, lock_fd: int | None) -> None:
    """Runs once in each worker process: report the pid, start (and warm up) the kernel it will reuse."""
    global _session

    if lock_fd is not None:
        try:
            os.close(lock_fd)  # the build lock belongs to the parent: a worker must never keep it held
        except OSError:
            pass
    signal.signal(signal.SIGTERM, _worker_killed)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops the workers
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back while forking (WorkerPool.start)
    pids.put(os.getpid())
    end_with_parent()
    from multiprocessing.util import Finalize

    from .execute import KernelSession
    from .export import exporter

    _session = KernelSession()
    exporter()  # load nbconvert and the template while the kernel imports
    Finalize(None, _close_session, exitpriority=10)  # pool workers skip atexit; this runs at their exit


def _worker_killed(signum, frame) -> None:
    """SIGTERM in a worker: kill its kernel at once, then end by the default action of the same signal."""
    if _session is not None:
        _session.kill()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _close_session() -> None:
    global _session
    if _session is not None:
        try:
            _session.close()
        except Exception:
            pass
        _session = None


def render_job(job: Job, built_iso: str) -> Outcome:
    """Render one job in this process's kernel session (the worker's task)."""
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


# --- parent side: the pool ------------------------------------------------------------------------


class WorkerPool:
    """``n`` worker processes, each with one reused kernel: a ``ProcessPoolExecutor`` that can be killed.

    Use it as a context manager: leaving it waits for the workers to end; :meth:`kill` ends them first.
    """

    def __init__(self, n: int, lock_fd: int | None = None) -> None:
        import multiprocessing as mp

        import papermill  # noqa: F401  (imported once here, inherited by every forked worker)

        from .export import exporter

        exporter()  # nbconvert and the compiled template, likewise shared by the workers
        context = mp.get_context("fork")
        self.n, self._started = n, False
        self._threads: list[threading.Thread] = []
        self._pids = context.SimpleQueue()
        self.executor = ProcessPoolExecutor(
            max_workers=n, initializer=_worker_start, initargs=(self._pids, lock_fd), mp_context=context
        )

    def start(self) -> WorkerPool:
        """Fork the workers now, so that their kernels warm up while the parent does other work."""
        # The first task forks every worker of the pool, here, in this thread. Ctrl-C is held back (blocked,
        # not ignored) while they are forked: a worker is born with it blocked and unblocks it only once it
        # ignores it, so a Ctrl-C at that moment cannot break a half-started worker; the parent receives it
        # as soon as the forks are done.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        before = set(threading.enumerate())
        try:
            self.executor.submit(os.getpid)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        # The pool's own thread (it feeds the workers and collects results) starts with the first task.
        self._threads = [t for t in threading.enumerate() if t not in before]
        self._started = True
        return self

    def kill(self, wait: float = 3.0) -> None:
        """Stop every worker now (SIGTERM: each kills its kernel first); queued briefs are cancelled.

        A worker forked a moment ago may not have told its pid yet: wait up to ``wait`` seconds for each.
        """
        self.executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + wait
        killed = 0
        while self._started and killed < self.n and time.monotonic() < deadline:
            if self._pids.empty():
                time.sleep(0.02)
                continue
            try:
                os.kill(self._pids.get(), signal.SIGTERM)
            except ProcessLookupError:
                pass
            killed += 1

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        # After kill() the executor no longer waits for its thread (a shutdown without waiting forgets it):
        # join it here, or it could still be closing its pipes when the interpreter's exit wakes it up
        # ("Bad file descriptor" printed at exit after a refused or interrupted build).
        for thread in self._threads:
            thread.join(timeout=30)
        self._pids.close()


class BorrowedPool:
    """An executor the caller owns (Dask's, say), or none: :meth:`kill` cancels what has not started."""

    def __init__(self, executor: Executor | None) -> None:
        self.executor = executor

    def kill(self) -> None:
        """Cancel the briefs not started; the running ones finish in the executor's own time."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> BorrowedPool:
        return self

    def __exit__(self, *exc) -> None:
        pass


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


class TermAsInterrupt:
    """While active, SIGTERM to this process raises ``KeyboardInterrupt``, as Ctrl-C does."""

    def __enter__(self) -> TermAsInterrupt:
        self._previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        return self

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGTERM, self._previous)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


# --- parent side: the printer ---------------------------------------------------------------------

#: Called from the printing thread for each brief: (what was queued, the PDF or None, the error or "").
OnPrinted = Callable[[Any, "Printed | None", str], None]


class BackgroundPrinter:
    """A thread with one :class:`~benchmark.publish.pdf.Printer` that prints briefs as they are queued.

    ``put(item, html, title)`` queues a brief; ``on_printed(item, printed, error)`` is called from the
    thread when it is done. ``finish()`` waits for the queue to empty; ``stop()`` drops what is still
    queued and waits only for the brief being printed. The thread and its browser start with the first
    brief queued (or ``start()``).

    Raises:
        UserError: Chromium is not installed (the message says how to install it).
    """

    def __init__(self, on_printed: OnPrinted) -> None:
        from .pdf import find_chromium

        find_chromium()
        self.on_printed = on_printed
        self._queue: queue.Queue = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._main, name="pdf-printer", daemon=True)

    def start(self) -> BackgroundPrinter:
        """Start the thread and the browser in it."""
        self._thread.start()
        return self

    def put(self, item: object, html: Path, title: str | None = None, pdf: Path | None = None) -> None:
        """Queue ``html`` for printing (starting the thread and its browser if need be)."""
        self._queue.put((item, html, title, pdf))
        if self._thread.ident is None:
            self.start()

    def finish(self) -> None:
        """Print everything queued, then stop the browser."""
        self._queue.put(None)
        if self._thread.ident is not None:
            self._thread.join()

    def stop(self) -> None:
        """Drop what is queued, finish the brief being printed, stop the browser."""
        self._stopping.set()
        self._queue.put(None)
        if self._thread.ident is not None:  # started
            self._thread.join(timeout=60)

    def _items(self):
        while (item := self._queue.get()) is not None:
            if not self._stopping.is_set():
                yield item

    def _main(self) -> None:
        from .pdf import Printer

        try:
            printer = Printer().open()
        except Exception as exc:  # the browser would not start: every queued brief fails with the reason
            error = f"Chromium did not start: {type(exc).__name__}: {exc}"
            for item, *_ in self._items():
                self.on_printed(item, None, error)
            return
        try:
            for item, html, title, pdf in self._items():
                try:
                    printed = printer.print(html, pdf, title=title)
                except Exception as exc:
                    self.on_printed(item, None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
                else:
                    self.on_printed(item, printed, "")
        finally:
            try:
                printer.close()
            except Exception:
                pass
