"""Shared fixtures: briefs rendered once per test session into a temporary folder; a throw-away data copy."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The seed digest (the July 2017 news digest) where the project's shared folder is beside the checkout.
SEED_DIGEST = ROOT.parent / "shared" / "seed" / "territorial-clusters-news-digest-2017-07.txt"


@pytest.fixture(scope="session")
def seed_digest() -> str:
    """The seed digest's text, with its bold marks removed; tests that quote it skip where it is not beside the project.

    Tests read the digest's figures from it instead of restating them (deliberate pins to the seed digest).
    """
    if not SEED_DIGEST.exists():
        pytest.skip(f"the seed digest is not at {SEED_DIGEST}")
    return SEED_DIGEST.read_text(encoding="utf-8").replace("**", "")


@pytest.fixture(scope="session")
def digest_number(seed_digest):
    """``digest_number(pattern)``: the number the seed digest prints where ``pattern`` (one group) matches."""
    import re

    def number(pattern: str) -> int:
        found = re.search(pattern, seed_digest)
        assert found, f"the seed digest no longer says {pattern!r}"
        return int(found.group(1))

    return number


@pytest.fixture(scope="session")
def rendered_briefs(tmp_path_factory) -> dict[str, Path]:
    """The KAZ, JPN and RUS country briefs, rendered with one kernel session (as the batch build does)."""
    from benchmark.core import paths
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import KernelSession, render_notebook

    out = tmp_path_factory.mktemp("briefs")
    result = {}
    with KernelSession() as session:
        for iso3 in ("KAZ", "JPN", "RUS"):
            path = out / f"country-{iso3}.html"
            params = {"country": iso3}
            render_notebook(
                paths.NOTEBOOKS / "country_brief.ipynb",
                params,
                path,
                title=brief_title("country_brief.ipynb", params),
                session=session,
            )
            result[iso3] = path
    return result


@pytest.fixture(scope="session")
def shipped_briefs(tmp_path_factory, worker_id) -> dict[str, Path]:
    """Every brief of the shipped benchmarks, rendered as the build renders it (title, language), with one kernel.

    Keyed by the brief's report name (``country-KAZ-ru``). Tests that read every brief share this one rendering,
    across the test workers too: the first worker to ask renders into a folder they share (under a lock),
    the others wait for it and read the same files.
    """
    from benchmark.core import paths
    from benchmark.publish.benchmarks import all_benchmarks, load_benchmark
    from benchmark.publish.render import KernelSession, render_notebook

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master" and _CAN_LOCK:  # pytest-xdist: the workers' temporary folders share a parent
        shared = shared.parent
    out = shared / "shipped-briefs"
    jobs = {j.name: j for f in all_benchmarks() for j in load_benchmark(f)}
    with _exclusive(shared / "shipped-briefs.lock"):
        if not (out / ".complete").exists():
            out.mkdir(exist_ok=True)
            with KernelSession() as session:
                for name, job in jobs.items():
                    notebook = paths.NOTEBOOKS / job.notebook
                    render_notebook(
                        notebook, job.params, out / f"{name}.html", title=job.title, session=session, lang=job.lang
                    )
            (out / ".complete").touch()
    return {name: out / f"{name}.html" for name in jobs}


try:
    import fcntl

    _CAN_LOCK = True
except ImportError:  # not POSIX: each test worker renders into its own folder
    _CAN_LOCK = False


@contextlib.contextmanager
def _exclusive(lock: Path):
    """Hold an exclusive lock on the file ``lock`` (where the system has file locks)."""
    if not _CAN_LOCK:
        yield
        return
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def render_brief():
    """Render one brief notebook with the title and language the build would give it; returns its HTML text."""
    from benchmark.core import paths
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import render_notebook

    def render(out: Path, notebook: str, params: dict, session=None) -> str:
        render_notebook(
            paths.NOTEBOOKS / notebook,
            params,
            out,
            title=brief_title(notebook, params),
            session=session,
            lang=params.get("lang", "en"),
        )
        return out.read_text(encoding="utf-8")

    return render


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ in a temporary project root, so a test can break data without touching the repo."""
    from benchmark.core import paths
    from benchmark.inputs import files

    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    data, repo = paths.DATA, paths.ROOT
    for name in paths.PROJECT_PATHS:
        old = getattr(paths, name)
        if old == data or data in old.parents:  # data only: notebooks and benchmarks stay
            monkeypatch.setattr(paths, name, root / old.relative_to(repo))
    monkeypatch.setattr(paths, "REPORTS", root / "reports")
    monkeypatch.setattr(paths, "ROOT", root)
    files.clear()
    yield root
    files.clear()
