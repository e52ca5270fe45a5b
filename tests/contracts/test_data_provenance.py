"""Every data file has a sidecar with one provenance schema whose checksum matches it; copies match their origin."""

from __future__ import annotations

import importlib.util

import pytest

from benchmark.core import paths
from benchmark.inputs import checksums
from benchmark.inputs.provenance import sha256_of
from benchmark.inputs.validate import validate_all


def _rebuild_script():
    spec = importlib.util.spec_from_file_location("rebuild_data", paths.ROOT / "scripts" / "rebuild_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_data_file_has_a_sidecar_whose_checksum_matches():
    """Each CSV, GeoJSON or JSON in data/ has a sidecar with a valid provenance block and the file's SHA-256."""
    found = checksums.data_files()
    on_disk = [p for p in paths.DATA.rglob("*") if p.suffix in checksums.DATA_SUFFIXES]
    assert found and set(on_disk) <= set(found)
    for path in found:
        assert checksums.check_file(path) == [], paths.relative(path)


def test_copies_are_byte_for_byte_their_recorded_origin():
    """A file the sidecar calls copied is the very bytes of the shared file it names (where that file is here)."""
    copies = [(p, checksums.read_sidecar(p).provenance) for p in checksums.data_files()]
    copies = [(p, prov) for p, prov in copies if prov.made == "copied"]
    present = [(p, paths.ROOT / prov.made_from) for p, prov in copies if (paths.ROOT / prov.made_from).is_file()]
    if not present:
        pytest.skip("the project's shared data (../shared) is not on this machine")
    for path, origin in present:
        assert path.read_bytes() == origin.read_bytes(), paths.relative(path)


def test_derived_and_generated_files_are_rebuilt_byte_for_byte():
    """The crosswalk, the 2017 boundaries, the example scoring sheet and the tables typed from the 2017 digest come
    out of scripts/rebuild_data.py as the shipped files (a slip of the hand in a transcribed table shows here)."""
    script = _rebuild_script()
    rebuilt = 0
    for path in checksums.data_files():
        prov = checksums.read_sidecar(path).provenance
        if prov.made not in ("derived", "generated") and paths.relative(path) not in script.TRANSCRIBED:
            continue
        if prov.made_from and not (paths.ROOT / prov.made_from).is_file():
            continue  # the shared origin is not on this machine
        assert script.rebuild(path, prov) == path.read_bytes(), paths.relative(path)
        rebuilt += 1
    assert rebuilt, "no derived or generated file could be rebuilt here"


def test_a_changed_file_is_named_with_the_command_that_records_it(project_copy):
    """An edited CSV fails validate at its sidecar's checksum line, saying how to record or undo the change."""
    path = project_copy / "data" / "tables" / "jpn_clusters_by_sector_2015.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    problems = [p for p in validate_all() if p.field == "provenance.sha256"]
    assert len(problems) == 1
    (p,) = problems
    side = paths.sidecar(path)
    assert p.file == "data/tables/jpn_clusters_by_sector_2015.csv.meta.yaml"
    assert side.read_text(encoding="utf-8").splitlines()[p.line - 1].strip().startswith("sha256:")
    assert "clusterbench data checksum data/tables/jpn_clusters_by_sector_2015.csv" in p.reason


def test_refreshing_a_checksum_changes_only_that_line(project_copy):
    """`clusterbench data checksum` writes the new SHA-256 and keeps the sidecar's comments and other lines."""
    path = project_copy / "data" / "indicators" / "population_total.csv"
    side = paths.sidecar(path)
    before = side.read_text(encoding="utf-8").splitlines()
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    old, new = checksums.refresh(path)
    after = side.read_text(encoding="utf-8").splitlines()
    assert old != new == sha256_of(path)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [
        i for i, line in enumerate(before) if old in line
    ]
    assert checksums.check_file(path) == []
