"""Benchmark definitions (``benchmarks/*.yaml``): which briefs to build, with what parameters.

Kept free of heavy imports (no pandas, papermill or nbconvert) so that a build where nothing changed
can decide so in well under a second.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from ..inputs.benchmark_files import benchmark_files, check_benchmark
from ..inputs.schemas import BenchmarkFile, BriefSpec
from .names import brief_name, brief_title, canonical, declared, html_path, notebook_path

#: What a brief can be written as: its HTML page, and an A4 PDF printed from it.
Format = Literal["html", "pdf"]
#: The language parameter every brief notebook declares.
LANG = "lang"


@dataclass(frozen=True)
class Job:
    """One brief to build: everything a worker needs, picklable."""

    benchmark: str
    benchmark_title: str
    name: str
    title: str
    notebook: str  # relative to notebooks/
    parameters: tuple  # sorted (key, value) pairs, values JSON-encodable
    formats: tuple[str, ...] = ("html",)
    languages: tuple[tuple[str, str], ...] = ()  # (language, name) of this brief in each language built

    @property
    def lang(self) -> str:
        """The brief's language."""
        return self.params.get(LANG, "en")

    @property
    def other_languages(self) -> list[tuple[str, str]]:
        """(language, file name) of this brief's versions in the other languages built."""
        return [(lang, f"{name}.html") for lang, name in self.languages if lang != self.lang]

    @property
    def params(self) -> dict[str, Any]:
        """Parameters as a dict."""
        return {k: v for k, v in self.parameters}

    @property
    def output_path(self) -> Path:
        """Absolute path of the HTML file: ``reports/<name>.html``."""
        return html_path(self.name)

    @property
    def notebook_path(self) -> Path:
        """Absolute path of the executed notebook: ``reports/notebooks/<name>.ipynb``."""
        return notebook_path(self.name)

    @property
    def pdf_path(self) -> Path:
        """Absolute path of the PDF, printed when the benchmark asks for it: ``reports/<name>.pdf``."""
        return self.output_path.with_suffix(".pdf")

    @property
    def output(self) -> str:
        """The HTML file, relative to the project root (for messages)."""
        return paths.relative(self.output_path)

    @property
    def key(self) -> str:
        """Stable identity of the job: its name (one name, one file)."""
        return self.name


def benchmark_path(ref: str) -> Path:
    """Resolve a benchmark given as an id (``kazakhstan-2017``) or a path to a YAML file."""
    p = Path(ref)
    if p.suffix in {".yaml", ".yml"} and p.exists():
        return p.resolve()
    candidate = paths.BENCHMARKS / f"{ref}.yaml"
    if candidate.exists():
        return candidate
    known = ", ".join(sorted(x.stem for x in paths.BENCHMARKS.glob("*.yaml"))) or "none"
    raise UserError(f"unknown benchmark {ref!r}; known: {known}")


def all_benchmarks() -> list[Path]:
    """Every benchmark definition in ``benchmarks/``."""
    return benchmark_files()


def load_benchmark(path: Path, declared: DeclaredCache | None = None) -> list[Job]:
    """Validate one benchmark file and expand it into jobs. Every problem names the file, field and line.

    Raises:
        DataError: the file, a notebook or a parameter is wrong, or two briefs would write one file.
    """
    bench = checked_benchmark(path)
    jobs = [
        job for i, spec in enumerate(bench.briefs) for job in expand_brief(bench, spec, declared or DeclaredCache())
    ]
    refuse_duplicates(path, jobs)
    return jobs


def checked_benchmark(path: Path) -> BenchmarkFile:
    """The benchmark file validated as ``validate`` checks it: fields, notebooks, parameters and values."""
    bench, problems = check_benchmark(path)
    if problems or bench is None:
        raise DataError(problems)
    return bench


def _languages(bench: BenchmarkFile, spec: BriefSpec) -> tuple[list[str], bool]:
    """The languages of one entry, and whether they were given as a parameter (kept as given) or by `languages`."""
    explicit = spec.grid.get(LANG) or ([spec.parameters[LANG]] if LANG in spec.parameters else None)
    return (list(explicit), True) if explicit else (list(spec.languages or bench.languages), False)


def expand_brief(bench: BenchmarkFile, spec: BriefSpec, declared: DeclaredCache) -> list[Job]:
    """The jobs of one entry of ``briefs``: every combination of its grid, in each of its languages."""
    names = declared.get((paths.NOTEBOOKS / spec.notebook).resolve())
    languages, explicit = _languages(bench, spec)
    keys = list(spec.grid)
    combos = itertools.product(*[spec.grid[k] for k in keys]) if keys else [()]
    jobs = []
    for combo, lang in itertools.product(list(combos), [None] if explicit else languages):
        given = {**spec.parameters, **dict(zip(keys, combo, strict=True))}
        if LANG in names and lang is not None:
            given[LANG] = lang
        params = canonical(spec.notebook, given)
        versions = tuple(
            (x, brief_name(spec.notebook, canonical(spec.notebook, {**given, LANG: x}))) for x in languages
        )
        jobs.append(
            Job(
                bench.id,
                bench.title,
                brief_name(spec.notebook, params),
                brief_title(spec.notebook, params),
                spec.notebook,
                tuple(sorted(params.items(), key=lambda kv: kv[0])),
                tuple(bench.formats),
                versions if LANG in names else (),
            )
        )
    return jobs


def refuse_duplicates(path: Path, jobs: list[Job]) -> None:
    """Two entries of one benchmark that would write the same file are a mistake in that file."""
    seen: dict[str, int] = {}
    for j in jobs:
        seen[j.output] = seen.get(j.output, 0) + 1
    twice = [o for o, n in seen.items() if n > 1]
    if twice:
        raise DataError(
            [
                Problem(
                    paths.relative(path),
                    f"two briefs of this benchmark would write {o}: the same notebook and parameters are listed twice",
                    "briefs",
                )
                for o in twice
            ]
        )


def collect_benchmarks(refs: list[str], declared: DeclaredCache | None = None) -> tuple[list[Job], list[Problem]]:
    """The jobs of the named benchmarks (all of ``benchmarks/`` when none is named), and the problems of bad ones.

    A bad benchmark file is reported and left out; the others are built. A brief listed by two benchmarks
    of one build (same notebook, same parameters: one file) is built once, under the first.

    Raises:
        UserError: a named benchmark does not exist, or there is none at all.
    """
    declared = declared or DeclaredCache()
    found = [benchmark_path(r) for r in refs] if refs else all_benchmarks()
    if not found:
        raise UserError("no benchmark definitions in benchmarks/")
    jobs: dict[str, Job] = {}
    problems: list[Problem] = []
    for f in found:
        try:
            for job in load_benchmark(f, declared):
                jobs.setdefault(job.key, job)
        except UserError as exc:
            problems.extend(exc.problems)
    return list(jobs.values()), problems


class DeclaredCache:
    """Parameters each notebook declares, cached by the notebook's content hash (papermill is slow to import)."""

    def __init__(self, cache: dict[str, Any] | None = None):
        self.cache = cache if cache is not None else {}

    def get(self, notebook: Path) -> list[str]:
        """Declared parameter names of ``notebook`` (its defaults are kept too, for :func:`names.canonical`)."""
        return list(declared(notebook, self.cache)["names"])


def file_hash(path: Path) -> str:
    """SHA-256 of a file's content (empty string if it is gone)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def code_hash() -> str:
    """Hash of the package's code, templates and fixed text: a code change rebuilds every brief."""
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json", ".yaml"}:
            h.update(p.relative_to(paths.PACKAGE).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


#: The lock of every package and version the project installs (``make`` installs from it).
LOCK_FILE = "uv.lock"


def environment_digest() -> str:
    """A short digest of the library versions briefs are built with (printed in the colophon).

    The digest of the project's lock (``uv.lock``), which fixes every package and version ``make``
    installs; without a lock (a copy of the project, an install by hand), the digest of the name and
    version of every distribution installed. Part of each brief's fingerprint: a changed lock or an
    upgraded library rebuilds every brief.
    """
    lock = paths.ROOT / LOCK_FILE
    try:
        return "lock:" + hashlib.sha256(lock.read_bytes()).hexdigest()[:12]
    except FileNotFoundError:
        pass
    from importlib.metadata import distributions

    installed = sorted({f"{d.metadata['Name']}=={d.version}".lower() for d in distributions()})
    return "installed:" + hashlib.sha256("\n".join(installed).encode()).hexdigest()[:12]


def params_json(job: Job) -> str:
    """Canonical JSON of a job's parameters."""
    return json.dumps(job.params, sort_keys=True)
