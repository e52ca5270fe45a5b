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
from ..inputs.load import known_countries, read_yaml, validate
from ..inputs.schemas import BenchmarkFile
from .names import brief_name, brief_title, canonical, declared, html_path, notebook_path

#: Parameters whose values must be ISO3 codes of countries with data.
COUNTRY_PARAMETERS = {"country", "focal", "peers"}
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
    return sorted(paths.BENCHMARKS.glob("*.yaml"))


def load_benchmark(path: Path, declared: DeclaredCache | None = None) -> list[Job]:
    """Validate one benchmark file and expand it into jobs. Every problem names the file and field."""
    data, node = read_yaml(path)
    bench = validate(BenchmarkFile, data, path, node)
    rel = paths.relative(path)
    problems: list[Problem] = []
    known = set(known_countries())
    for field, code in [("focal", bench.focal), *[(f"peers[{i}]", c) for i, c in enumerate(bench.peers)]]:
        if code not in known:
            problems.append(
                Problem(rel, f"unknown country {code!r}; countries with data: {', '.join(sorted(known))}", field)
            )
    declared = declared or DeclaredCache()
    jobs: list[Job] = []
    for i, spec in enumerate(bench.briefs):
        where = f"briefs[{i}]"
        nb = (paths.NOTEBOOKS / spec.notebook).resolve()
        if paths.NOTEBOOKS.resolve() not in nb.parents or not nb.exists():
            problems.append(
                Problem(rel, f"unknown notebook {spec.notebook!r} (not in notebooks/)", f"{where}.notebook")
            )
            continue
        names = declared.get(nb)
        for key in [*spec.parameters, *spec.grid]:
            if key not in names:
                problems.append(
                    Problem(
                        rel,
                        f"parameter {key!r} is not declared by {spec.notebook} (it declares: {', '.join(names)})",
                        f"{where}.parameters.{key}",
                    )
                )
        languages = spec.languages or bench.languages
        if languages != ["en"] and LANG not in names:
            problems.append(
                Problem(
                    rel,
                    f"{spec.notebook} declares no 'lang' parameter, so it cannot be built in {', '.join(languages)}",
                    f"{where}.languages",
                )
            )
            continue
        # a language given as a parameter (or in the grid) is kept as given; the others come from `languages`
        explicit = spec.grid.get(LANG) or ([spec.parameters[LANG]] if LANG in spec.parameters else None)
        if explicit:
            languages = list(explicit)
        keys = list(spec.grid)
        combos = itertools.product(*[spec.grid[k] for k in keys]) if keys else [()]
        for combo, lang in itertools.product(list(combos), [None] if explicit else languages):
            given = {**spec.parameters, **dict(zip(keys, combo))}
            if LANG in names and lang is not None:
                given[LANG] = lang
            params = canonical(spec.notebook, given)
            versions = tuple(
                (x, brief_name(spec.notebook, canonical(spec.notebook, {**given, LANG: x}))) for x in languages
            )
            for key in COUNTRY_PARAMETERS & params.keys():
                codes = params[key] if isinstance(params[key], list) else [params[key]]
                for code in codes:
                    if code not in known:
                        problems.append(
                            Problem(
                                rel,
                                f"unknown country {code!r} in parameter {key!r}; countries "
                                f"with data: {', '.join(sorted(known))}",
                                where,
                            )
                        )
            if any(p.field == where for p in problems):
                continue
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
    seen: dict[str, int] = {}
    for j in jobs:
        seen[j.output] = seen.get(j.output, 0) + 1
    problems += [
        Problem(
            rel,
            f"two briefs of this benchmark would write {o}: the same notebook and parameters are listed twice",
            "briefs",
        )
        for o, n in seen.items()
        if n > 1
    ]
    if problems:
        raise DataError(problems)
    return jobs


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
