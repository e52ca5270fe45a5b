"""Execute a parameterised notebook with papermill on a kernel that can be reused between notebooks.

Many briefs: keep a :class:`KernelSession` and pass it to each :func:`execute`; the session resets the
kernel fully between briefs (see :meth:`KernelSession.reset`), so a brief does not depend on what ran
before it, while the heavy imports are paid once.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from pathlib import Path

from ..core import paths
from ..core.errors import UserError

#: Code run in a fresh kernel before the first brief: the imports every brief needs (paid once), and for a
#: kernel that serves many briefs, every country's card parsed and the fonts loaded (``{preload}``).
WARM_UP = "import benchmark.publish.warm as _w; _w.prepare(preload={preload}); del _w"

#: Code run before every brief in a reused kernel: a new IPython session, no figures, no caches.
RESET = """\
get_ipython().reset(new_session=True, aggressive=False)
import benchmark.publish.warm as _w
_w.reset_state()
del _w
"""

REPORT_FILES = "import benchmark.publish.warm as _w; print(_w.report_files()); del _w"


class RenderError(Exception):
    """A notebook failed to execute; names the cell and the error."""

    def __init__(self, notebook: Path, cell: int | None, ename: str, evalue: str):
        self.notebook, self.cell, self.ename, self.evalue = notebook, cell, ename, evalue
        where = f"cell {cell}" if cell is not None else "start-up"
        super().__init__(f"{paths.relative(notebook)}: {where}: {ename}: {evalue}")


class KernelSession:
    """A Python kernel kept alive between briefs, warmed up once and reset before each brief.

    ``preload``: warm up for many briefs (every country's card parsed, one chart drawn), as a build's workers
    do; a kernel started for one brief only imports, and the brief reads what it needs (about 0.2 s sooner).
    """

    def __init__(self, kernel_name: str = "python3", cwd: Path | None = None, preload: bool = True):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        # IPC (unix sockets in a private temporary folder) instead of TCP: nothing listens on the
        # network, and ipykernel has no reason to warn about unencrypted TCP on every brief.
        self._sockdir = tempfile.TemporaryDirectory(prefix="clusterbench-kernel-")
        self.km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(self._sockdir.name, "k"))
        run_sync(self.km.start_kernel)(cwd=str(cwd or paths.NOTEBOOKS), env=_kernel_env())
        self.kc = self.km.client()
        self.kc.start_channels(hb=False)  # no heartbeat thread: the session owns the kernel process
        # Queue the warm-up now rather than waiting for the kernel to say it is ready: ZeroMQ holds
        # the request until the kernel listens, so its start-up and imports overlap with whatever
        # the parent does next (checking the input, loading papermill). reset() waits for it.
        self.kc.execute(WARM_UP.format(preload=bool(preload)), store_history=False)
        self.used = False

    def run(self, code: str) -> str:
        """Run ``code`` silently in the kernel; return its stdout; raise RuntimeError on error."""
        out: list[str] = []

        def hook(msg):
            if msg["msg_type"] == "stream" and msg["content"].get("name") == "stdout":
                out.append(msg["content"]["text"])

        reply = self._run_sync(self.kc.execute_interactive)(code, store_history=False, output_hook=hook, timeout=120)
        if reply["content"]["status"] != "ok":
            c = reply["content"]
            raise RuntimeError(f"{c.get('ename')}: {c.get('evalue')}")
        return "".join(out)

    def reset(self) -> None:
        """Make the kernel as good as new for the next brief (keeps imported modules only)."""
        if self.used:
            self.run(RESET)
        else:
            self.run("pass")  # waits for the warm-up to finish
        self.used = True

    def files_read(self) -> list[str]:
        """Data files the last brief read."""
        return json.loads(self.run(REPORT_FILES) or "[]")

    def kill(self) -> None:
        """Kill the kernel process at once and remove its sockets (safe in a signal handler: no messages)."""
        pid = getattr(self.km.provisioner, "pid", None)  # the local provisioner's kernel process
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._sockdir.cleanup()

    def close(self) -> None:
        """Stop the kernel now."""
        try:
            self.kc.stop_channels()
        finally:
            self._run_sync(self.km.shutdown_kernel)(now=True)
            self._sockdir.cleanup()

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CLUSTERBENCH_ROOT"] = str(paths.ROOT)
    env.setdefault("MPLBACKEND", "Agg")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a notebook declares (name -> papermill's inferred type, default and help)."""
    import papermill

    if not Path(notebook).exists():
        raise UserError(f"notebook not found: {paths.relative(Path(notebook))}")
    return papermill.inspect_notebook(str(notebook))


def check_parameters(notebook: Path, parameters: dict) -> None:
    """Refuse parameters the notebook does not declare (a typo would otherwise be ignored)."""
    declared = declared_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise UserError(
            f"{paths.relative(Path(notebook))}: unknown parameter(s) {', '.join(unknown)}; "
            f"it declares: {', '.join(declared) or 'none'}"
        )


def _engine():
    """A papermill engine that executes on an existing :class:`KernelSession`."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class SessionEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, session=None, **kwargs):
            if session is None:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            import logging

            client = PapermillNotebookClient(
                nb_man,
                km=session.km,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                startup_timeout=60,
                log_output=False,
                timeout=kwargs.get("execution_timeout"),
            )
            client.kc = session.kc
            return client.execute()

    papermill_engines.register("clusterbench", SessionEngine)
    return "clusterbench"


def execute(notebook: Path, parameters: dict, session: KernelSession | None = None):
    """Execute ``notebook`` with ``parameters``; return (executed notebook, files read)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    check_parameters(notebook, parameters)
    own = session is None
    kernel = KernelSession() if session is None else session
    try:
        kernel.reset()
        try:
            nb = papermill.execute_notebook(
                str(notebook),
                None,
                parameters=parameters,
                engine_name=_engine(),
                session=kernel,
                progress_bar=False,
                log_output=False,
                cwd=str(Path(notebook).parent),
                kernel_name="python3",
            )
        except PapermillExecutionError as exc:
            if exc.ename in ("DataError", "UserError"):
                raise UserError(exc.evalue) from None
            raise RenderError(Path(notebook), exc.exec_count, exc.ename, exc.evalue) from None
        return nb, kernel.files_read()
    finally:
        if own:
            kernel.close()
