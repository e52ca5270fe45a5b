"""Benchmark parameters are checked like data: names against the notebook, values against type and allowed values."""

from __future__ import annotations

import pytest

from benchmark.core import paths
from benchmark.inputs.benchmark_files import check_benchmark, declared_parameters
from benchmark.inputs.load import known_countries
from benchmark.publish.benchmarks import DeclaredCache, collect_benchmarks

GOOD = """id: t
title: T
focal: KAZ
briefs:
  - notebook: country_brief.ipynb
    parameters:
      country: KAZ
"""


def _problems(tmp_path, text):
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    return check_benchmark(p)[1]


def test_the_notebooks_parameters_are_read_without_running_it():
    """The parameter names a benchmark may use are those of the notebook's `parameters` cell."""
    declared = declared_parameters(paths.NOTEBOOKS / "country_brief.ipynb")
    assert {"country", "programme", "lang", "year"} <= set(declared)
    assert declared["country"] in known_countries()


@pytest.mark.parametrize(
    "old, new, fragments, line",
    [
        ("      country: KAZ", "      contry: KAZ", ["declares no parameter 'contry'", "did you mean 'country'"], 7),
        ("      country: KAZ", "      country: KAZ\n      lang: de", ["en, ru or kk"], 8),
        ("      country: KAZ", "      country: KAZ\n      lang: <b>x</b>", ["en, ru or kk"], 8),
        ("      country: KAZ", "      country: NOR", ["unknown country 'NOR'", "countries with data"], 7),
        ("      country: KAZ", "      country: KAZ\n      year: 1999", ["no regional figures for 1999"], 8),
        ("      country: KAZ", "      country: KAZ\n      year: soon", ["expected a year"], 8),
        ("      country: KAZ", "      country: KAZ\n      programme: kaz_nope", ["has no programme 'kaz_nope'"], 8),
        ("    parameters:\n      country: KAZ", "    grid:\n      country: [KAZ, JPX]", ["unknown country 'JPX'"], 7),
    ],
)
def test_a_bad_parameter_is_named_with_its_line(tmp_path, old, new, fragments, line):
    """A misspelt parameter or a value the notebook cannot take is reported once, with the line to fix."""
    problems = _problems(tmp_path, GOOD.replace(old, new))
    assert len(problems) == 1, problems
    assert all(f in problems[0].reason for f in fragments), problems[0]
    assert problems[0].line == line


def test_one_bad_benchmark_does_not_stop_another_and_a_brief_listed_twice_is_built_once(tmp_path, monkeypatch):
    """A broken benchmark file is reported and left out; the same brief in two benchmarks is one job."""
    (tmp_path / "a.yaml").write_text(GOOD.replace("id: t", "id: a"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: t", "id: b"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD.replace("id: t", "id: c").replace("country: KAZ", "contry: KAZ"))
    monkeypatch.setattr(paths, "BENCHMARKS", tmp_path)
    jobs, problems = collect_benchmarks([], DeclaredCache())
    assert [j.name for j in jobs] == ["country-KAZ"]
    assert len(problems) == 1 and problems[0].file.endswith("c.yaml")
