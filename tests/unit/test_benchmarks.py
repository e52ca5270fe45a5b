"""Benchmark definitions are checked before anything is built, with file and field in every message."""

from __future__ import annotations

import pytest

from benchmark.core.errors import DataError
from benchmark.publish.benchmarks import load_benchmark
from benchmark.publish.names import brief_name, brief_title, canonical

GOOD = """id: t
title: T
focal: KAZ
peers: [JPN]
briefs:
  - notebook: country_brief.ipynb
    grid: {country: [KAZ, JPN]}
"""


def _load(tmp_path, text):
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    return load_benchmark(p)


def test_grid_expands_into_one_job_per_value(tmp_path):
    """A grid over countries gives one brief per country, named and titled as `clusterbench brief` names it."""
    jobs = _load(tmp_path, GOOD)
    assert [j.output for j in jobs] == ["reports/country-KAZ.html", "reports/country-JPN.html"]
    assert jobs[1].title == "Country brief: Japan"
    assert jobs[0].params == {"country": "KAZ"}
    assert jobs[0].notebook_path.parent.name == "notebooks" and jobs[0].notebook_path.suffix == ".ipynb"


@pytest.mark.parametrize(
    "change, message, field",
    [
        (("country_brief.ipynb", "nope.ipynb"), "unknown notebook", "briefs[0].notebook"),
        (("country_brief.ipynb", "../../etc/passwd"), "unknown notebook", "briefs[0].notebook"),
        (
            ("grid: {country: [KAZ, JPN]}", "grid: {country: [KAZ]}\n    parameters: {colour: red}"),
            "declares no parameter 'colour'",
            "briefs[0].parameters.colour",
        ),
        (("peers: [JPN]", "peers: [XYZ]"), "'XYZ' is not an ISO 3166-1", "peers[0]"),
        (("peers: [JPN]", "peers: [NOR]"), "unknown country 'NOR'", "peers[0]"),
        (("[KAZ, JPN]", "[KAZ, ABC]"), "unknown country 'ABC'", "briefs[0].grid.country[1]"),
        (("[KAZ, JPN]", "[KAZ, KAZ]"), "listed twice", "briefs"),
        (("title: T", "title: T\noutput: elsewhere"), "unknown field", "output"),
    ],
)
def test_bad_definition_is_refused_with_file_and_field(tmp_path, change, message, field):
    """Unknown or outside notebook, undeclared parameter, unknown country, a brief twice: each refused clearly."""
    with pytest.raises(DataError) as exc:
        _load(tmp_path, GOOD.replace(*change))
    assert any(message in p.reason and p.field == field and p.file.endswith("b.yaml") for p in exc.value.problems), (
        exc.value.problems
    )


def test_one_name_and_title_per_brief_whatever_the_command():
    """The CLI's parameters (with defaults spelt out) and a benchmark's give the same name and title."""
    cli = canonical("country_brief.ipynb", {"country": "KAZ", "programme": None, "lang": "en"})
    build = canonical("country_brief.ipynb", {"country": "KAZ"})
    assert cli == build == {"country": "KAZ"}
    assert brief_name("country_brief.ipynb", cli) == "country-KAZ"
    assert brief_title("country_brief.ipynb", cli) == "Country brief: Kazakhstan"
    comp_cli = canonical(
        "kz_competition.ipynb",
        {
            "criteria": "default",
            "weights": None,
            "n_select": 6,
            "scores": "example",
            "seed": 2017,
            "n_draws": 1000,
            "weight_range": 0.5,
            "lang": "en",
        },
    )
    comp_build = canonical("kz_competition.ipynb", {})
    assert comp_cli == comp_build == {}
    assert brief_name("kz_competition.ipynb", comp_cli) == brief_name("kz_competition.ipynb", comp_build)
    assert brief_name("kz_competition.ipynb", comp_cli) == "kz-competition"


def test_briefs_that_differ_get_different_names():
    """Two competition briefs with different weights, or a Russian brief, never overwrite each other."""
    base = brief_name("kz_competition.ipynb", {})
    heavier = brief_name("kz_competition.ipynb", {"weights": {"critical_mass": 20}})
    own_sheet = brief_name("kz_competition.ipynb", {"scores": "/home/a/sheets/my_sheet.csv"})
    assert len({base, heavier, own_sheet}) == 3
    assert own_sheet == "kz-competition-my_sheet" and "/home" not in own_sheet
    assert brief_name("country_brief.ipynb", {"country": "KAZ", "lang": "ru"}) != "country-KAZ"


def test_a_regional_year_other_than_2017_names_the_brief_apart():
    """Kazakhstan's brief with 2025 regional figures never overwrites the 2017 one, and its title says which."""
    assert canonical("country_brief.ipynb", {"country": "KAZ", "year": 2017}) == {"country": "KAZ"}
    params = canonical("country_brief.ipynb", {"country": "KAZ", "year": 2025, "lang": "en"})
    assert brief_name("country_brief.ipynb", params) == "country-KAZ-2025"
    assert "2025" in brief_title("country_brief.ipynb", params)
    names = {
        brief_name("country_brief.ipynb", p)
        for p in (
            {"country": "KAZ"},
            {"country": "KAZ", "year": 2025},
            {"country": "KAZ", "year": 2024},
            {"country": "KAZ", "programme": "kaz_territorial_clusters_2017", "year": 2025},
            {"country": "KAZ", "year": 2025, "lang": "ru"},
        )
    }
    assert len(names) == 5


def test_the_shipped_benchmarks_give_unique_names():
    """Every brief of every benchmark in benchmarks/ has its own file (the 2025 KAZ brief beside the 2017 one)."""
    from benchmark.publish.build import collect_jobs

    jobs = collect_jobs([])
    assert len({j.name for j in jobs}) == len(jobs)
    assert {"country-KAZ", "country-KAZ-2025"} <= {j.name for j in jobs}


def test_languages_give_one_brief_per_language_each_linking_to_the_others(tmp_path):
    """`languages: [en, ru]` writes country-KAZ.html and country-KAZ-ru.html; a brief's own list overrides it."""
    text = GOOD.replace("briefs:", "languages: [en, ru]\nbriefs:") + (
        "  - notebook: kz_competition.ipynb\n    languages: [en, ru, kk]\n"
    )
    jobs = {j.name: j for j in _load(tmp_path, text)}
    assert set(jobs) == {
        "country-KAZ",
        "country-KAZ-ru",
        "country-JPN",
        "country-JPN-ru",
        "kz-competition",
        "kz-competition-ru",
        "kz-competition-kk",
    }
    assert jobs["country-KAZ-ru"].lang == "ru" and jobs["country-KAZ-ru"].title == brief_title(
        "country_brief.ipynb", {"country": "KAZ", "lang": "ru"}
    )
    assert jobs["country-KAZ"].other_languages == [("ru", "country-KAZ-ru.html")]
    assert jobs["kz-competition-kk"].other_languages == [
        ("en", "kz-competition.html"),
        ("ru", "kz-competition-ru.html"),
    ]


def test_a_language_given_as_a_parameter_is_kept(tmp_path):
    """A grid over `lang` (or a `lang` parameter) is taken as written, not replaced by the benchmark's languages."""
    jobs = _load(tmp_path, GOOD.replace("grid: {country: [KAZ, JPN]}", "grid: {country: [KAZ], lang: [en, kk]}"))
    assert [j.name for j in jobs] == ["country-KAZ", "country-KAZ-kk"]
    assert jobs[1].other_languages == [("en", "country-KAZ.html")]


def test_key_messages_are_filed_under_the_name_of_the_brief_they_open():
    """The name an analyst writes in data/key_messages.yaml is the brief's file name without its language."""
    from benchmark.inputs.key_messages import brief_key

    cases = [
        ("country_brief.ipynb", {"country": "KAZ"}, brief_key("country", "KAZ")),
        (
            "country_brief.ipynb",
            {"country": "JPN", "programme": "jpn_x"},
            brief_key("country", "JPN", programme="jpn_x"),
        ),
        ("comparison.ipynb", {"focal": "KAZ", "peers": ["JPN", "RUS"]}, brief_key("compare", "KAZ", "JPN", "RUS")),
        ("kz_competition.ipynb", {}, brief_key("competition")),
        (
            "kz_competition.ipynb",
            {"scores": "sheets/my_sheet.csv"},
            brief_key("competition", scores="sheets/my_sheet.csv"),
        ),
    ]
    for notebook, params, key in cases:
        for lang in ("en", "ru"):
            name = brief_name(notebook, canonical(notebook, {**params, "lang": lang}))
            assert name.removesuffix(f"-{lang}") == key, (notebook, params, lang)


@pytest.mark.parametrize("notebook", ["country_brief.ipynb", "comparison.ipynb", "kz_competition.ipynb"])
def test_a_parameter_at_the_notebooks_own_default_leaves_name_and_header_alone(notebook):
    """Passing a notebook's default spelt out gives the brief the build gives it; any other value names it apart."""
    import ast

    import papermill

    from benchmark.core import paths

    declared = papermill.inspect_notebook(str(paths.NOTEBOOKS / notebook))
    required = {"country": "KAZ", "focal": "KAZ", "peers": ["JPN", "RUS"]}
    base = {k: v for k, v in required.items() if k in declared}
    for name, about in declared.items():
        if name in required or name == "lang":
            continue
        default = ast.literal_eval(about["default"])
        assert canonical(notebook, {**base, name: default}) == base, name
        other = "something else" if default is None else ([default] if not isinstance(default, list) else [])
        changed = canonical(notebook, {**base, name: other})
        assert changed == {**base, name: other}, name
        assert brief_name(notebook, changed) != brief_name(notebook, base), name
