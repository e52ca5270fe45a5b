"""Kazakhstan's regional tables: read once, each row checked with file, line and column; units on their borders."""

from __future__ import annotations

import pytest

from benchmark.core.errors import DataError, UserError
from benchmark.inputs import files, regional


def test_value_added_of_2017_is_on_the_units_of_2017():
    """2017: the 16 units of 2017 with their 2017 codes; memo rows (Shymkent, Turkistan) left out."""
    va = regional.value_added(2017)
    assert set(va["region"]) == set(regional.names_2017()) and {"KZ-YUZ", "KZ-KAR"} <= set(va["region"])
    assert not {"KZ-61", "KZ-79"} & set(va["region"])
    assert set(va["section"]) == set(regional.SECTIONS_2017)
    assert va.loc[va["region"] == "KZ-KAR", "name"].iloc[0] == "Karaganda region"
    memo = regional.memo_rows(2017)
    assert set(memo["code"]) == {"KZ-61", "KZ-79"}


def test_value_added_of_2025_is_on_todays_units():
    """2025: today's 20 units with their current codes, section T included."""
    va = regional.value_added(2025)
    assert set(va["region"]) == set(regional.unit_names(2025)) and {"KZ-10", "KZ-33", "KZ-62", "KZ-79"} <= set(
        va["region"]
    )
    assert "T" in set(va["section"]) and regional.memo_rows(2025).empty


def test_the_table_is_parsed_once_and_recorded():
    """Sections reading the table many times parse it once, and the build records the table and its sidecar."""
    files.clear()
    files.reset_reads()
    for year in (2017, 2025, 2017):
        regional.value_added(year)
    rel = f"data/regional/{regional.GVA_FILE}"
    assert files.parse_counts[rel] == 1
    assert rel in files.files_read() and rel + ".meta.yaml" in files.files_read()


@pytest.mark.parametrize("year", [2019, 1999, "twenty"])
def test_a_year_without_figures_is_refused_with_the_years_there_are(year):
    """A year between the border changes (or not a year) names the years with figures."""
    with pytest.raises(UserError, match="2015, 2016, 2017, 2024, 2025"):
        regional.check_year(year)


def test_employment_in_three_sectors():
    """2017 employment: the 16 units of 2017 (South Kazakhstan whole), three sectors, in persons."""
    emp = regional.employment(2017)
    assert set(emp["region"]) == set(regional.names_2017()) and set(emp["sector"]) == set(regional.EMPLOYMENT_SECTORS)
    assert emp["value"].sum() == pytest.approx(1000 * _sidecar_national_employment(2017), rel=0.001)


def _sidecar_national_employment(year: int) -> float:
    """National employment in ``year``, thousands, as the table's provenance sidecar records its check."""
    import re

    from benchmark.core import paths

    sidecar = next((paths.DATA / "regional").glob("kz_employment_by_region_3sectors_*.csv.meta.yaml"))
    found = re.search(rf"national employment [^\n]*?([\d,]+\.\d) \({year}\)", sidecar.read_text(encoding="utf-8"))
    assert found, f"{sidecar.name} no longer records national employment in {year}"
    return float(found.group(1).replace(",", ""))


def _break(project_copy, old: str, new: str) -> None:
    path = project_copy / "data" / "regional" / regional.GVA_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, field, reason",
    [
        (",229074.9,", ",229 074.9,", "value", "is not a number"),
        (",TRUE,Mining and quarrying,", ",yes,Mining and quarrying,", "in_national_sum", "must be one of TRUE, FALSE"),
        ("2017,Акмолинская,KZ-11,A,", "2017,Акмолинская,KZ-11,AA,", "activity_code", "not an OKED section"),
        ("2017,Акмолинская,KZ-11,A,", "2017,Акмолинская,KZ-99,A,", "region_iso_3166_2", "not a unit"),
        ("2017,Акмолинская,KZ-11,A,", "2019,Акмолинская,KZ-11,A,", "year", "between the 2018 and 2022"),
    ],
    ids=["number", "flag", "section", "region", "year"],
)
def test_a_bad_row_is_refused_with_file_line_and_column(project_copy, old, new, field, reason):
    """An analyst editing the table is told which line and column is wrong, and why."""
    _break(project_copy, old, new)
    with pytest.raises(DataError) as exc:
        regional.value_added_table()
    p = exc.value.problems[0]
    assert p.file.endswith(regional.GVA_FILE) and p.field == field and reason in p.reason, exc.value.problems
    assert p.line and p.line > 1


def test_a_missing_column_is_refused(project_copy):
    """A table without the in_national_sum column cannot be summed safely: refused on line 1."""
    _break(project_copy, ",in_national_sum,", ",in_sum,")
    with pytest.raises(DataError, match="in_national_sum") as exc:
        regional.value_added_table()
    assert exc.value.problems[0].line == 1


def test_validate_lists_the_regional_check():
    """`clusterbench validate` runs the regional check among its explicit list, and the shipped tables pass it."""
    from benchmark.inputs.validate import CHECKS

    assert any("regional" in name for name, _ in CHECKS)
    assert regional.check_data() == []


def _brief_cli(monkeypatch, argv):
    """Run `clusterbench brief ...` without a kernel; return (result, the parameters it would render with)."""
    import contextlib

    from typer.testing import CliRunner

    from benchmark import cli

    calls = []
    monkeypatch.setattr(cli, "_kernel_first", lambda: contextlib.nullcontext())
    monkeypatch.setattr(cli, "_render", lambda nb, params, out, session=None, **kw: calls.append(params))
    return CliRunner().invoke(cli.app, argv), calls


def test_cli_brief_passes_the_year(monkeypatch):
    """`clusterbench brief KAZ --year 2025` renders with year 2025; 2017 is the default and is not passed."""
    result, calls = _brief_cli(monkeypatch, ["brief", "KAZ", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert calls == [{"country": "KAZ", "lang": "en", "year": 2025}]
    result, calls = _brief_cli(monkeypatch, ["brief", "KAZ", "--year", "2017"])
    assert calls == [{"country": "KAZ", "lang": "en"}]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["brief", "KAZ", "--year", "2019"], "2015, 2016, 2017, 2024, 2025"),
        (["brief", "JPN", "--year", "2025"], "Kazakhstan only"),
    ],
)
def test_cli_brief_refuses_a_year_it_cannot_show(monkeypatch, argv, message):
    """A year without figures, or a year for a country without regional data, is a user error before rendering."""
    result, calls = _brief_cli(monkeypatch, argv)
    assert isinstance(result.exception, UserError) and message in str(result.exception.problems[0])
    assert calls == []
