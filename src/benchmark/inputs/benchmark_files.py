"""Benchmark definitions (``benchmarks/*.yaml``) checked like data: keys, notebooks, parameters and their values.

Every parameter in ``parameters`` and ``grid`` is checked against the parameters the notebook declares
(its cell tagged ``parameters``, read without papermill: a few milliseconds) with "did you mean" and the
line, and its value against the parameter's type and allowed values (``lang`` one of en, ru, kk; country
codes of countries with data; a programme of that country; a year with regional figures).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.errors import Problem, UserError, unique
from . import files
from .messages import did_you_mean, suggest_country
from .schemas import BenchmarkFile

#: The languages a brief can be written in (as ``core.text.LANGUAGES``; repeated here to stay import-light).
LANGUAGES = ("en", "ru", "kk")


def benchmark_files() -> list[Path]:
    """Every benchmark definition in ``benchmarks/``, in name order."""
    return sorted(paths.BENCHMARKS.glob("*.yaml"))


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """Name and default of each parameter ``notebook`` declares in its cell tagged ``parameters``.

    Raises:
        UserError: the notebook cannot be read or its parameters cell is not Python assignments.
    """
    try:
        nb = json.loads(files.read_text(notebook, "notebook"))
        cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        tree = ast.parse(source)
    except UserError:
        raise
    except (ValueError, KeyError, TypeError, StopIteration, SyntaxError, AttributeError):
        raise UserError(
            Problem(paths.relative(notebook), "no readable cell tagged `parameters` (see the README)")
        ) from None
    out: dict[str, Any] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    try:
                        out[target.id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        out[target.id] = None
    return out


# --- values ---------------------------------------------------------------------------------------


def _countries() -> list[str]:
    from .load import known_countries

    return known_countries()


def _country(value: Any) -> str | None:
    known = _countries()
    if isinstance(value, str) and value in known:
        return None
    if not isinstance(value, str):
        return f"found {_short(value)}; expected one country code, such as KAZ"
    hint = suggest_country(value) if isinstance(value, str) else None
    hint = f" (did you mean {hint}?)" if hint in known and hint != value else did_you_mean(str(value), known)
    return f"unknown country {value!r}{hint}; countries with data: {', '.join(known)}"


def _peers(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return f"found {_short(value)}; expected a list of country codes, e.g. [JPN, RUS]"
    return next((r for r in map(_country, value) if r), None)


def _lang(value: Any) -> str | None:
    if value in LANGUAGES:
        return None
    return f"found {_short(value)}; a brief is written in en, ru or kk{did_you_mean(str(value), LANGUAGES)}"


def _regional_years() -> list[int]:
    """The years of Kazakhstan's regional value-added table, read without pandas (a build with nothing to do
    decides so in well under a second)."""
    from .regional import gva_path

    try:
        _, rows = files.csv_rows(gva_path())
    except UserError:
        return []  # the table's own problem is reported by the regional check
    return sorted({int(r["year"]) for r in rows if str(r.get("year", "")).strip().isdigit()})


def _year(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"found {_short(value)}; expected a year such as 2017"
    known = _regional_years()
    if known and value not in known:
        return f"no regional figures for {value!r}; years with figures: {', '.join(map(str, known))}"
    return None


def _dimensions(value: Any) -> str | None:
    if value is None:
        return None
    from .assessments import load_dimensions

    known = [d.id for d in load_dimensions()]
    if not isinstance(value, list):
        return f"found {_short(value)}; expected a list of dimension ids from data/dimensions.yaml"
    bad = next((v for v in value if v not in known), None)
    if bad is not None:
        return f"unknown dimension {bad!r}{did_you_mean(str(bad), known)}; dimensions: {', '.join(known)}"
    return None


def _whole(low: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low or value > 10**7:
            return f"found {_short(value)}; expected a whole number from {low} to 10000000"
        return None

    return check


def _share(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return f"found {_short(value)}; expected a share from 0 to 1, e.g. 0.5"
    return None


def _weights(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()
    ):
        return f"found {_short(value)}; expected criterion: weight pairs, e.g. {{critical_mass: 20}}"
    return None


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"found {_short(value)}; expected a text"


#: Parameters that name a brief (its file name is made of them): a benchmark gives them, in `parameters` or `grid`.
REQUIRED: dict[str, tuple[str, ...]] = {"country_brief.ipynb": ("country",), "comparison.ipynb": ("focal", "peers")}

#: The rule of each parameter the shipped notebooks declare; others are checked against their default's type.
RULES: dict[str, Callable[[Any], str | None]] = {
    "country": _country,
    "focal": _country,
    "peers": _peers,
    "lang": _lang,
    "year": _year,
    "dimensions": _dimensions,
    "n_select": _whole(1),
    "n_draws": _whole(1),
    "seed": _whole(0),
    "weight_range": _share,
    "weights": _weights,
    "criteria": _text,
    "scores": _text,
}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_value(name: str, value: Any, default: Any) -> str | None:
    """What is wrong with ``value`` for the parameter ``name`` (whose default is ``default``), or None."""
    if name in RULES:
        return RULES[name](value)
    if name == "programme" or default is None:
        return None if value is None or isinstance(value, (str, int, float, list, dict)) else f"found {_short(value)}"
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return None
    if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, expected):
        return f"found {_short(value)}; expected {type(default).__name__} like the notebook's default {default!r}"
    return None


def _programme(value: Any, country: Any) -> str | None:
    """A programme id that is not one of the country's programmes."""
    if value is None or not isinstance(country, str) or country not in _countries():
        return None
    from .load import load_country

    try:
        known = [p.id for p in load_country(country).programmes]
    except UserError:
        return None  # the country file's own problem is reported by the country check
    if value in known:
        return None
    return f"{country} has no programme {value!r}{did_you_mean(str(value), known)}; its programmes: {', '.join(known)}"


# --- the check ------------------------------------------------------------------------------------


def check_benchmark(path: Path) -> tuple[BenchmarkFile | None, list[Problem]]:
    """One benchmark file: its fields, its notebooks, every parameter's name and value, each with its line.

    Returns the validated definition (None when it does not validate) and the problems found.
    """
    from .load import _field, line_of, read_yaml, validate

    rel = paths.relative(path)
    try:
        data, node = read_yaml(path)
        bench = validate(BenchmarkFile, data, path, node)
    except UserError as exc:
        return None, exc.problems
    problems: list[Problem] = []

    def problem(loc: tuple, reason: str) -> None:
        problems.append(Problem(rel, reason, _field(loc), line_of(node, loc)))

    for loc, code in [(("focal",), bench.focal), *[(("peers", i), c) for i, c in enumerate(bench.peers)]]:
        if (reason := _country(code)) is not None:
            problem(loc, reason)
    root = paths.NOTEBOOKS.resolve()
    for i, spec in enumerate(bench.briefs):
        nb = (paths.NOTEBOOKS / spec.notebook).resolve()
        if root not in nb.parents or not nb.is_file() or nb.suffix != ".ipynb":
            known = sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
            problem(
                ("briefs", i, "notebook"),
                f"unknown notebook {spec.notebook!r}{did_you_mean(spec.notebook, known)}; "
                f"the brief notebooks in notebooks/: {', '.join(known)}",
            )
            continue
        try:
            declared = declared_parameters(nb)
        except UserError as exc:
            problems += exc.problems
            continue
        unknown = [str(k) for k in [*spec.parameters, *spec.grid] if k not in declared]
        for key in REQUIRED.get(spec.notebook, ()):
            misspelt = any(did_you_mean(u, [key]) for u in unknown)  # reported once, as the misspelt name
            if key in declared and key not in spec.parameters and key not in spec.grid and not misspelt:
                problem(
                    ("briefs", i),
                    f"{spec.notebook} needs `{key}` in `parameters` or `grid`: it names the brief "
                    f"(e.g. parameters: {{{key}: {declared[key]!r}}})".replace("'", ""),
                )
        given = [("parameters", k, v) for k, v in spec.parameters.items()]
        given += [("grid", k, v) for k, vs in spec.grid.items() for v in vs]
        reported: set[str] = set()
        for part, key, value in given:
            loc = ("briefs", i, part, key)
            if key not in declared:
                if key not in reported:
                    problem(
                        loc,
                        f"{spec.notebook} declares no parameter {key!r}{did_you_mean(str(key), list(declared))}; "
                        f"it declares: {', '.join(declared)}",
                    )
                    reported.add(key)
                continue
            reason = check_value(str(key), value, declared[key])
            if reason is None and key == "programme":
                country = spec.parameters.get("country")
                reason = _programme(value, country) if not isinstance(country, list) else None
            if reason is not None:
                where = loc if part == "parameters" else (*loc, spec.grid[key].index(value))
                problem(where, f"parameter {key!r}: {reason}")
        if (spec.languages or bench.languages) != ["en"] and "lang" not in declared:
            problem(("briefs", i, "languages"), f"{spec.notebook} declares no 'lang' parameter: leave `languages` out")
    return bench, unique(problems)


def check_all() -> list[Problem]:
    """Every benchmark file of ``benchmarks/``, each checked on its own (the validate check)."""
    if not paths.BENCHMARKS.is_dir():
        return []
    return [p for path in benchmark_files() for p in check_benchmark(path)[1]]
