"""Load benchmark dimensions (``data/dimensions.yaml``) and analyst assessments (``data/assessments.yaml``).

Assessments are checked against the rest of the data when loaded: every programme, dimension, cited
fact or source id and lesson title must exist, so a typo fails with the file, line and reason.
"""

from __future__ import annotations

from pathlib import Path

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import files, load
from .schemas import Assessment, AssessmentsFile, Dimension, DimensionsFile, text_of


def dimensions_path() -> Path:
    """``data/dimensions.yaml``."""
    return paths.DIMENSIONS_FILE


def assessments_path() -> Path:
    """``data/assessments.yaml``."""
    return paths.ASSESSMENTS_FILE


def _data_files() -> list[Path]:
    """The files a cross-checked result depends on: sources and country files."""
    return [*load.sources_files(), *(load.country_file(c) for c in load.known_countries())]


def _read_dimensions(path: Path) -> DimensionsFile:
    dims = load.load_yaml_model(DimensionsFile, path)
    known = load.load_sources()
    problems = []
    for i, d in enumerate(dims.dimensions):
        for s in d.sources:
            if s not in known:
                problems.append(
                    Problem(paths.relative(path), f"unknown source id {s!r}", field=f"dimensions[{i}].sources")
                )
    if problems:
        raise DataError(problems)
    return dims


def load_dimensions(only: list[str] | None = None) -> list[Dimension]:
    """The benchmark dimensions in file order (or the ``only`` ones, in that order; unknown ids are an error)."""
    path = dimensions_path()
    files.require(path, "dimensions file")
    dims = files.cached("dimensions", [path, *load.sources_files()], lambda: _read_dimensions(path)).dimensions
    if only is None:
        return list(dims)
    by_id = {d.id: d for d in dims}
    unknown = [d for d in only if d not in by_id]
    if unknown:
        raise UserError(f"unknown dimension(s) {', '.join(map(repr, unknown))}; known: {', '.join(by_id)}")
    return [by_id[d] for d in only]


def fact_index() -> dict[str, tuple[str, object]]:
    """Fact and open-question ids of every country file -> (``"fact"`` or ``"open_question"``, the record)."""
    out: dict[str, tuple[str, object]] = {i: ("open_question", q) for i, q in load.open_questions_by_id().items()}
    out.update({i: ("fact", f) for i, f in load.facts_by_id().items()})
    return out


def citable_ids() -> dict[str, str]:
    """Every id an assessment may cite: source ids, fact ids and open-question ids, mapped to their kind."""
    out: dict[str, str] = {sid: "source" for sid in load.load_sources()}
    out.update({i: kind for i, (kind, _) in fact_index().items()})
    return out


def check(assessments: AssessmentsFile, path: Path, node=None) -> list[Problem]:
    """Cross-file problems: unknown programmes, dimensions, cited ids or lesson titles."""
    programmes = {p.id: p for p in load.load_programmes()}
    dims = {d.id for d in load_dimensions()}
    cites = citable_ids()
    rel = paths.relative(path)
    problems = []

    def bad(i: int, fld: str, reason: str) -> None:
        problems.append(
            Problem(rel, reason, field=f"assessments[{i}].{fld}", line=load.line_of(node, ("assessments", i, fld)))
        )

    for i, a in enumerate(assessments.assessments):
        prog = programmes.get(a.programme)
        if prog is None:
            bad(i, "programme", f"unknown programme {a.programme!r} (not in data/countries/*.yaml)")
        if a.dimension not in dims:
            bad(i, "dimension", f"unknown dimension {a.dimension!r} (not in data/dimensions.yaml)")
        for c in a.cites:
            if c not in cites:
                bad(i, "cites", f"{c!r} is neither a source id, a fact id nor an open-question id")
        if prog is not None:
            titles = {text_of(lsn.title, "en") for lsn in prog.lessons}
            for lt in a.lessons:
                if lt not in titles:
                    bad(i, "lessons", f"programme {a.programme!r} has no lesson titled {lt!r}")
    return problems


def _read_assessments(path: Path) -> AssessmentsFile:
    data, node = load.read_yaml(path)
    parsed = load.validate(AssessmentsFile, data, path, node)
    problems = check(parsed, path, node)
    if problems:
        raise DataError(problems)
    return parsed


def load_assessments() -> list[Assessment]:
    """All analyst assessments, validated and cross-checked against the data."""
    path = assessments_path()
    files.require(path, "assessments file")
    deps = [path, dimensions_path(), *_data_files()]
    return list(files.cached("assessments", deps, lambda: _read_assessments(path)).assessments)
