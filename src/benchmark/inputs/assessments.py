"""Benchmark dimensions (``data/dimensions.yaml``) and analyst assessments (``data/assessments/<ISO3>.yaml``).

Each country's assessments are in a file of their own, checked against that country's data when
loaded: every programme, dimension, cited fact, open question or source id and lesson title must
exist, so a typo fails with the file, line and reason. A brief reads only the assessment and
country files of the countries it compares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import files, load
from .messages import did_you_mean
from .schemas import (
    Adjudication,
    AdjudicationsFile,
    Assessment,
    AssessmentsFile,
    Assessor,
    AssessorsFile,
    BlindAssessmentsFile,
    Dimension,
    DimensionsFile,
    Fact,
    OpenQuestion,
    Programme,
    Recommendation,
    RecommendationsFile,
    Text,
    text_of,
)


def dimensions_path() -> Path:
    """``data/dimensions.yaml``."""
    return paths.DIMENSIONS_FILE


def assessments_file(iso3: str) -> Path:
    """``data/assessments/<ISO3>.yaml``: one country's assessments."""
    return paths.ASSESSMENTS_DIR / f"{iso3}.yaml"


def assessments_path() -> Path:
    """The folder of the assessment files, ``data/assessments/``."""
    return paths.ASSESSMENTS_DIR


def assessors_path() -> Path:
    """``data/assessments/assessors.yaml``: who scores, adjudicates and recommends."""
    return paths.ASSESSMENTS_DIR / "assessors.yaml"


def blind_file(iso3: str) -> Path:
    """``data/assessments/blind/<ISO3>.yaml``: a blind second assessor's scores of one country."""
    return paths.ASSESSMENTS_DIR / "blind" / f"{iso3}.yaml"


def adjudications_path() -> Path:
    """``data/assessments/adjudications.yaml``: the adjudicated disagreements (optional)."""
    return paths.ASSESSMENTS_DIR / "adjudications.yaml"


def load_assessors() -> dict[str, Assessor]:
    """The assessors by id (role and organisation in every language)."""
    path = assessors_path()
    files.require(path, "assessors file")
    parsed = files.cached("assessors", path, lambda: load.load_yaml_model(AssessorsFile, path))
    return {a.id: a for a in parsed.assessors}


def assessor_name(assessor_id: str, lang: str = "en") -> str:
    """An assessor's role and organisation in ``lang`` (the id itself only if it is not in the file)."""
    a = load_assessors().get(assessor_id)
    return text_of(a.name, lang) if a is not None else assessor_id


def _unknown_assessor(value: str) -> str | None:
    known = load_assessors()
    if value in known:
        return None
    where = paths.relative(assessors_path())
    return f"unknown assessor {value!r}{did_you_mean(value, known)}; assessors are listed in {where}"


def assessed_countries() -> list[str]:
    """Countries with an assessments file."""
    return sorted(p.stem for p in paths.ASSESSMENTS_DIR.glob("*.yaml") if load.is_country_file(p))


def _read_dimensions(path: Path) -> DimensionsFile:
    dims = load.load_yaml_model(DimensionsFile, path)
    known = load.load_sources()
    problems = []
    for i, d in enumerate(dims.dimensions):
        for s in d.sources:
            if s not in known:
                problems.append(
                    Problem(
                        paths.relative(path),
                        f"unknown source id {s!r}{did_you_mean(s, known)}",
                        field=f"dimensions[{i}].sources",
                    )
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
        hints = "".join(did_you_mean(u, by_id) for u in unknown)
        raise UserError(f"unknown dimension(s) {', '.join(map(repr, unknown))}{hints}; known: {', '.join(by_id)}")
    return [by_id[d] for d in only]


def evidence_kinds() -> dict[str, Text]:
    """The kinds of evidence scale levels may require, with their descriptions (``evidence_kinds``)."""
    path = dimensions_path()
    files.require(path, "dimensions file")
    parsed = files.cached("dimensions", [path, *load.sources_files()], lambda: _read_dimensions(path))
    return dict(parsed.evidence_kinds)


def fact_index(countries: list[str] | None = None) -> dict[str, tuple[str, Fact | OpenQuestion]]:
    """Fact and open-question ids of the countries (default: all) -> (``"fact"`` or ``"open_question"``, record)."""
    out: dict[str, tuple[str, Fact | OpenQuestion]] = {
        i: ("open_question", q) for i, q in load.open_questions_by_id(countries).items()
    }
    out.update({i: ("fact", f) for i, f in load.facts_by_id(countries).items()})
    return out


def citable_ids(countries: list[str] | None = None) -> dict[str, str]:
    """Every id an assessment may cite: source ids, and the fact and open-question ids of the countries."""
    out: dict[str, str] = {sid: "source" for sid in load.load_sources()}
    out.update({i: kind for i, (kind, _) in fact_index(countries).items()})
    return out


def check(parsed: AssessmentsFile | BlindAssessmentsFile, path: Path, node=None, shown: bool = True) -> list[Problem]:
    """Cross-file problems: programmes of another country, unknown dimensions, cited ids or lesson titles.

    ``shown``: the scores are the ones the briefs show, so a score may not cite an open question (what is
    not known can keep a programme unscored, but no score stands on it). A blind second assessor's file is
    checked with ``shown=False``: its citations are kept as the assessor wrote them.
    """
    iso3 = parsed.country
    rel = paths.relative(path)
    wrong = _country_problem(iso3, path, node)
    if wrong is not None:
        return [wrong]
    problems: list[Problem] = []
    known = _Known(
        iso3,
        {p.id: p for p in load.load_country(iso3).programmes},
        {d.id: d for d in load_dimensions()},
        citable_ids([iso3]),
        fact_index([iso3]),
    )
    second = getattr(parsed, "second_assessments", [])
    for key, items in (("assessments", parsed.assessments), ("second_assessments", second)):
        for i, a in enumerate(items):

            def bad(fld: str, reason: str, j: int | None = None, i=i, key=key) -> None:
                loc = (key, i, fld) + ((j,) if j is not None else ())
                problems.append(Problem(rel, reason, field=load._field(loc), line=load.line_of(node, loc)))

            _check_assessment(a, known, bad, no_open_questions=shown and key == "assessments")
    for period, ids in getattr(parsed, "periods", {}).items():
        for j, pid in enumerate(ids):
            if pid not in known.programmes:
                loc = ("periods", period, j)
                reason = f"{iso3} has no programme {pid!r}{did_you_mean(pid, known.programmes)}"
                problems.append(Problem(rel, reason, field=load._field(loc), line=load.line_of(node, loc)))
    return problems


def _country_problem(iso3: str, path: Path, node) -> Problem | None:
    """The file's name and country disagree, or the country has no card: nothing else can be checked."""
    line = load.line_of(node, ("country",))
    if path.stem != iso3:
        reason = (
            f"the file is named {path.stem}.yaml but says country {iso3}: rename it to {iso3}.yaml or correct `country`"
        )
        return Problem(paths.relative(path), reason, "country", line)
    if iso3 not in load.known_countries():
        return Problem(
            paths.relative(path), f"there is no data/countries/{iso3}.yaml for these assessments", "country", line
        )
    return None


@dataclass(frozen=True)
class _Known:
    """What an assessments file's ids are checked against: the country's programmes, the dimensions, the ids
    a score may cite (with their kind) and the facts that carry evidence tags."""

    iso3: str
    programmes: dict[str, Programme]
    dimensions: dict[str, Dimension]
    cites: dict[str, str]
    facts: dict[str, tuple[str, Fact | OpenQuestion]]


def _check_assessment(a: Assessment, known: _Known, bad: Callable[..., None], no_open_questions: bool) -> None:
    """One assessment's programme, dimension, citations, evidence for its level, assessor and lessons."""
    iso3, programmes, dimensions = known.iso3, known.programmes, known.dimensions
    prog = programmes.get(a.programme)
    if prog is None:
        bad(
            "programme",
            f"{iso3} has no programme {a.programme!r}{did_you_mean(a.programme, programmes)}; "
            f"its programmes: {', '.join(programmes)}",
        )
    if a.dimension not in dimensions:
        bad(
            "dimension",
            f"unknown dimension {a.dimension!r}{did_you_mean(a.dimension, dimensions)} (not in data/dimensions.yaml)",
        )
    for j, c in enumerate(a.cites):
        if c not in known.cites:
            bad(
                "cites",
                f"{c!r} is neither a source id nor a fact or open-question id of {iso3}{did_you_mean(c, known.cites)}",
                j,
            )
        elif no_open_questions and a.score is not None and known.cites[c] == "open_question":
            bad(
                "cites",
                f"{c!r} is an open question: a score rests on established facts and sources only; "
                "say in the rationale what is not known, or leave the pair unscored (score: null)",
                j,
            )
    if a.score is not None and a.dimension in dimensions:
        missing = missing_evidence(a, dimensions[a.dimension], known.facts)
        if missing:
            bad(
                "score",
                f"level {a.score} of {a.dimension!r} requires evidence of "
                f"{', '.join(missing)}, which none of the cited facts shows (their `evidence`); "
                "cite a fact that shows it, or give the level the cited evidence supports",
            )
    who = _unknown_assessor(a.assessor)
    if who:
        bad("assessor", who)
    if prog is not None:
        titles = {text_of(lsn.title, "en") for lsn in prog.lessons}
        for j, lt in enumerate(a.lessons):
            if lt not in titles:
                bad("lessons", f"programme {a.programme!r} has no lesson titled {lt!r}{did_you_mean(lt, titles)}", j)


def evidence_given(a: Assessment, facts: dict[str, tuple[str, Fact | OpenQuestion]]) -> set[str]:
    """The evidence kinds the facts an assessment cites show (their ``evidence`` tags)."""
    return {kind for c in a.cites if c in facts for kind in getattr(facts[c][1], "evidence", [])}


def missing_evidence(a: Assessment, dimension: Dimension, facts) -> list[str]:
    """Evidence kinds the assessment's level requires that its citations do not show (empty: supported)."""
    if a.score is None:
        return []
    required = dimension.scale[a.score].requires
    given = evidence_given(a, facts)
    return [k for k in required if k not in given]


def _read_assessments(path: Path) -> AssessmentsFile:
    data, node = load.read_yaml(path)
    parsed = load.validate(AssessmentsFile, data, path, node)
    problems = check(parsed, path, node)
    if problems:
        raise DataError(problems)
    return parsed


def load_file(iso3: str) -> AssessmentsFile:
    """One country's assessments file, validated and cross-checked against that country's data only."""
    path = assessments_file(iso3)
    files.require(path, "assessments file")
    deps = [path, dimensions_path(), assessors_path(), *load.sources_files(), load.country_file(iso3)]
    return files.cached("assessments", deps, lambda: _read_assessments(path))


def load_assessments(countries: list[str] | None = None) -> list[Assessment]:
    """The assessments the briefs show, of the given countries (default: every country with a file).

    A country without an assessments file has none (its programmes show as not assessed).
    """
    wanted = countries if countries is not None else assessed_countries()
    return [a for c in wanted if assessments_file(c).exists() for a in load_file(c).assessments]


def _read_blind(path: Path) -> BlindAssessmentsFile:
    data, node = load.read_yaml(path)
    parsed = load.validate(BlindAssessmentsFile, data, path, node)
    problems = check(parsed, path, node, shown=False)
    who = _unknown_assessor(parsed.assessor)
    if who:
        problems.append(Problem(paths.relative(path), who, "assessor", load.line_of(node, ("assessor",))))
    if problems:
        raise DataError(problems)
    return parsed


def load_blind(iso3: str) -> BlindAssessmentsFile | None:
    """A blind second assessor's scores of one country, checked like the first (None when there are none)."""
    path = blind_file(iso3)
    if not path.exists():
        files.record(path)  # a file added later must rebuild the briefs that would show it
        return None
    deps = [path, dimensions_path(), assessors_path(), *load.sources_files(), load.country_file(iso3)]
    return files.cached("blind", deps, lambda: _read_blind(path))


def load_second_assessments(countries: list[str] | None = None) -> list[Assessment]:
    """A second assessor's independent scores of the given countries' programmes (empty when none were entered).

    The blind second assessment (``data/assessments/blind/<ISO3>.yaml``) where there is one, else the
    ``second_assessments`` of the country's assessments file.
    """
    wanted = countries if countries is not None else assessed_countries()
    out: list[Assessment] = []
    for c in wanted:
        blind = load_blind(c)
        if blind is not None:
            out.extend(blind.assessments)
        elif assessments_file(c).exists():
            out.extend(load_file(c).second_assessments)
    return out


def periods(iso3: str) -> dict[str, list[str]]:
    """The programmes a comparison shows for each period (``present``, ``launch``); empty when not given."""
    if not assessments_file(iso3).exists():
        return {}
    return {k: list(v) for k, v in load_file(iso3).periods.items()}


def _check_adjudications(parsed: AdjudicationsFile, path: Path, node) -> list[Problem]:
    """Adjudications of pairs never scored twice, by unknown adjudicators, citing unknown ids, or of changed scores."""
    rel = paths.relative(path)
    problems = []
    firsts = {(a.programme, a.dimension): a for a in load_assessments()}
    seconds = {(a.programme, a.dimension): a for a in load_second_assessments()}
    owner = {p.id: p.country for p in load.load_programmes(assessed_countries())}
    for i, adj in enumerate(parsed.adjudications):

        def bad(fld: str, reason: str, i=i) -> None:
            loc = ("adjudications", i, fld)
            problems.append(Problem(rel, reason, field=load._field(loc), line=load.line_of(node, loc)))

        key = (adj.programme, adj.dimension)
        a, b = firsts.get(key), seconds.get(key)
        if a is None or b is None:
            bad("programme", f"no first and second assessment of {adj.programme!r} on {adj.dimension!r} to adjudicate")
            continue
        if (a.score, b.score) != (adj.first, adj.second):
            bad(
                "first",
                f"the scores adjudicated ({adj.first}, {adj.second}) are no longer the assessors' "
                f"({a.score}, {b.score}): adjudicate again",
            )
        who = _unknown_assessor(adj.adjudicator)
        if who:
            bad("adjudicator", who)
        cites = citable_ids([owner[adj.programme]])
        facts = fact_index([owner[adj.programme]])
        for c in adj.cites:
            if c not in cites:
                bad("cites", f"{c!r} is neither a source id nor a fact or open-question id of {owner[adj.programme]}")
            elif adj.score is not None and cites[c] == "open_question":
                bad("cites", f"{c!r} is an open question: an adjudicated score rests on established facts only")
        if adj.score is not None:
            probe = a.model_copy(update={"score": adj.score, "cites": adj.cites})
            missing = missing_evidence(probe, {d.id: d for d in load_dimensions()}[adj.dimension], facts)
            if missing:
                bad("score", f"level {adj.score} requires evidence of {', '.join(missing)}, which no cited fact shows")
    return problems


def load_adjudications() -> list[Adjudication]:
    """The adjudicated disagreements (empty when there are none), checked against both assessors' files."""
    path = adjudications_path()
    if not path.exists():
        files.record(path)
        return []
    data, node = load.read_yaml(path)
    parsed = files.cached("model:adjudications", path, lambda: load.validate(AdjudicationsFile, data, path, node))
    problems = _check_adjudications(parsed, path, node)
    if problems:
        raise DataError(problems)
    return list(parsed.adjudications)


def final_assessments(countries: list[str] | None = None) -> list[Assessment]:
    """The scores the briefs show: the first assessor's, with each adjudicated pair's adjudicated score and reason."""
    firsts = load_assessments(countries)
    adjudicated = {(j.programme, j.dimension): j for j in load_adjudications()} if adjudications_path().exists() else {}
    out = []
    for a in firsts:
        j = adjudicated.get((a.programme, a.dimension))
        if j is None or j.score == a.score:
            out.append(a)
        else:
            out.append(
                a.model_copy(
                    update={
                        "score": j.score,
                        "rationale": j.reason,
                        "cites": j.cites,
                        "assessor": j.adjudicator,
                        "date": j.date,
                    }
                )
            )
    return out


def recommendations_path() -> Path:
    """``data/recommendations.yaml``: the analysts' recommendations (optional)."""
    return paths.DATA / "recommendations.yaml"


def _check_recommendations(parsed: RecommendationsFile, path: Path, node, focal: str | None) -> list[Problem]:
    """Unknown dimensions, countries or cited ids in the recommendations (of ``focal`` only, when given)."""
    rel = paths.relative(path)
    dims = {d.id for d in load_dimensions()}
    problems = []
    for i, r in enumerate(parsed.recommendations):
        if focal is not None and r.focal != focal:
            continue

        def bad(fld: str, reason: str, j: int | None = None, i=i) -> None:
            loc = ("recommendations", i, fld) + ((j,) if j is not None else ())
            problems.append(Problem(rel, reason, field=load._field(loc), line=load.line_of(node, loc)))

        if r.dimension not in dims:
            bad("dimension", f"unknown dimension {r.dimension!r}{did_you_mean(r.dimension, dims)}")
        who = _unknown_assessor(r.author)
        if who:
            bad("author", who)
        unknown = [c for c in [r.focal, *r.peers] if c not in load.known_countries()]
        for c in unknown:
            bad("peers", f"no data/countries/{c}.yaml for {c}")
        if unknown:
            continue
        cites = citable_ids([r.focal, *r.peers])
        for j, c in enumerate(r.cites):
            if c not in cites:
                bad(
                    "cites",
                    f"{c!r} is neither a source id nor a fact or open-question id of "
                    f"{', '.join([r.focal, *r.peers])}{did_you_mean(c, cites)}",
                    j,
                )
    return problems


def load_recommendations(focal: str | None = None) -> list[Recommendation]:
    """The analysts' recommendations (for ``focal`` only, when given), checked against the countries they cite.

    None when the file does not exist. A brief reads only the country files its recommendations cite.
    """
    path = recommendations_path()
    if not path.exists():
        files.record(path)  # a file added later must rebuild the briefs that would show it
        return []
    data, node = load.read_yaml(path)
    parsed = files.cached("model:recommendations", path, lambda: load.validate(RecommendationsFile, data, path, node))
    problems = _check_recommendations(parsed, path, node, focal)
    if problems:
        raise DataError(problems)
    return [r for r in parsed.recommendations if focal is None or r.focal == focal]
