"""Benchmark definitions are checked before anything is built, with file and field in every message."""

from __future__ import annotations

import pytest

from benchmark.benchmarks import load_benchmark
from benchmark.errors import DataError

GOOD = """id: t
title: T
focal: KAZ
peers: [JPN]
output: reports/t
briefs:
  - notebook: country_brief.ipynb
    name: "country-{country}"
    title: "Brief: {country_name}"
    grid: {country: [KAZ, JPN]}
"""


def _load(tmp_path, text):
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    return load_benchmark(p)


def test_grid_expands_into_one_job_per_value(tmp_path):
    """A grid over countries gives one brief per country, with the country's name in the title."""
    jobs = _load(tmp_path, GOOD)
    assert [j.output for j in jobs] == ["reports/t/country-KAZ.html", "reports/t/country-JPN.html"]
    assert jobs[1].title == "Brief: Japan"
    assert jobs[0].params == {"country": "KAZ"}


@pytest.mark.parametrize("change, message, field", [
    (("country_brief.ipynb", "nope.ipynb"), "unknown notebook", "briefs[0].notebook"),
    (("grid: {country: [KAZ, JPN]}", "grid: {country: [KAZ]}\n    parameters: {colour: red}"),
     "not declared", "briefs[0].parameters.colour"),
    (("peers: [JPN]", "peers: [XYZ]"), "unknown country 'XYZ'", "peers[0]"),
    (("[KAZ, JPN]", "[KAZ, ABC]"), "unknown country 'ABC'", "briefs[0]"),
    (("output: reports/t", "output: ../elsewhere"), "outside reports/", "output"),
    (("output: reports/t", "output: data"), "outside reports/", "output"),
])
def test_bad_definition_is_refused_with_file_and_field(tmp_path, change, message, field):
    """Unknown notebook, undeclared parameter, unknown country, output outside reports/: each refused clearly."""
    with pytest.raises(DataError) as exc:
        _load(tmp_path, GOOD.replace(*change))
    assert any(message in p.reason and p.field == field and p.file.endswith("b.yaml") for p in exc.value.problems), \
        exc.value.problems
