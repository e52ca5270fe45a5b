"""Loaders give file, field, line and reason for bad data, and the CLI reports them without a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmark.core.errors import DataError, UserError
from benchmark.inputs import load


def test_bad_field_names_file_field_and_line(project_copy):
    """A wrong status in a country file is reported with the file, the field path and the line."""
    path = project_copy / "data" / "countries" / "JPN.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: verified" in text
    lines = text.splitlines()
    line_no = next(i for i, line in enumerate(lines, 1) if "status: verified" in line)
    lines[line_no - 1] = lines[line_no - 1].replace("status: verified", "status: certain")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load.load_country("JPN")
    problem = exc.value.problems[0]
    assert problem.file == "data/countries/JPN.yaml"
    assert problem.field.endswith("status")
    assert problem.line == line_no
    assert "verified" in problem.reason  # pydantic lists the allowed values


def test_broken_yaml_names_line(project_copy):
    """A YAML syntax error (bad indentation) gives the line where the parser stopped."""
    path = project_copy / "data" / "countries" / "RUS.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - : : [\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load.load_country("RUS")
    assert exc.value.problems[0].line is not None
    assert "not valid YAML" in exc.value.problems[0].reason


def test_a_source_defined_twice_differently_names_both_files(project_copy):
    """Ids are unique across data/sources/*.yaml: a second, different definition names both files."""
    import yaml

    first = sorted((project_copy / "data" / "sources").glob("*.yaml"))[0]
    entry = yaml.safe_load(first.read_text(encoding="utf-8"))["sources"][0]
    clash = project_copy / "data" / "sources" / "zz_clash.yaml"  # read after every other file
    clash.write_text(yaml.safe_dump({"sources": [{**entry, "title": entry["title"] + " (another edition)"}]}))
    with pytest.raises(DataError) as exc:
        load.load_sources()
    problem = exc.value.problems[0]
    assert problem.file == "data/sources/zz_clash.yaml"
    assert f"differently in data/sources/{first.name};" in problem.reason and entry["id"] in problem.reason


def test_unknown_country_lists_known_ones():
    """Asking for a country without data lists the countries that have data."""
    with pytest.raises(UserError) as exc:
        load.load_country("XYZ")
    msg = str(exc.value)
    assert "XYZ" in msg and "KAZ (Kazakhstan)" in msg and "JPN (Japan)" in msg


def test_seed_tables_load_with_their_sidecar():
    """Curated tables load with their metadata (unit, source) and the declared columns."""
    meta, df = load.load_table("kaz_applications_by_region_2017")
    assert meta.source == "kidi_2017_news_digest_2"
    assert list(df.columns) == [c.name for c in meta.columns]


def test_validate_command_reports_broken_card_and_exits_2(project_copy):
    """`clusterbench validate` on a broken card prints file, field and reason, exit code 2, no traceback."""
    path = project_copy / "data" / "countries" / "KAZ.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("level: national", "level: federal", 1), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark", "validate"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "CLUSTERBENCH_ROOT": str(project_copy)},
    )
    assert proc.returncode == 2
    assert "data/countries/KAZ.yaml" in proc.stderr and "level" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
