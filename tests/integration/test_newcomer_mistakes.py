"""A newcomer's common mistakes get one message, with file and line, from every command, and nothing is rebuilt.

For each mistake, on a copy of the project whose briefs are built: ``validate``, ``brief`` and ``build``
each print the same single message naming the file and line, exit with code 2, show no traceback, and
leave every brief as it was. The exit codes the README documents (0, 1, 2, 130) are checked here too,
and a commentary written for one brief appears in that brief only.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SMALL = (
    "id: small\ntitle: Small\nfocal: KAZ\npeers: [JPN]\nbriefs:\n"
    "  - notebook: country_brief.ipynb\n    grid: {country: [KAZ, JPN]}\n"
)


def run(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, env=env, cwd=root, timeout=timeout
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project (data, notebooks, one small benchmark) with its briefs built."""
    root = tmp_path_factory.mktemp("built") / "proj"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "benchmarks").mkdir()
    (root / "benchmarks" / "small.yaml").write_text(SMALL, encoding="utf-8")
    proc = run(root, "build", "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A fresh copy of the built project to break."""
    root = tmp_path / "proj"
    shutil.copytree(built, root, symlinks=True)
    return root


def briefs(root: Path) -> dict[str, bytes]:
    """Every brief's HTML (to check that a refused command changed none)."""
    return {p.name: p.read_bytes() for p in sorted((root / "reports").glob("*.html")) if p.name != "index.html"}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _launch_value(root: Path) -> None:
    replace(
        root / "data/countries/JPN.yaml",
        "      value: 2001\n      year: 2001",
        "      value: 2001-04-01\n      year: 2001",
    )


def _bad_encoding(root: Path) -> None:
    path = root / "data/countries/JPN.yaml"
    path.write_bytes(path.read_bytes().replace(b"launched by METI", "launched by METI café".encode("latin-1"), 1))


JPN = "data/countries/JPN.yaml"
BENCH = "benchmarks/small.yaml"
SETTINGS = "workbook.yaml"

#: (mistake, how it is made, the file named, what the message must say, the brief command)
MISTAKES = [
    (
        "typo in a source id",
        lambda r: replace(
            r / JPN,
            "      source: meti_undated_industrial_cluster_policy\n      status: verified",
            "      source: meti_undated_industrial_clustr_policy\n      status: verified",
        ),
        JPN,
        "did you mean 'meti_undated_industrial_cluster_policy'",
        ["brief", "JPN"],
    ),
    ("unquoted date in a fact's value", _launch_value, JPN, "write the date in quotes: '2001-04-01'", ["brief", "JPN"]),
    (
        "wrong currency",
        lambda r: replace(r / JPN, "        currency: JPY", "        currency: ZL"),
        JPN,
        "did you mean PLN?",
        ["brief", "JPN"],
    ),
    (
        "wrong indentation",
        lambda r: replace(r / JPN, "      year: 2001\n", "        year: 2001\n"),
        JPN,
        "indented more than the field above it",
        ["brief", "JPN"],
    ),
    (
        "missing field",
        lambda r: replace(
            r / JPN,
            "      source: meti_undated_industrial_cluster_policy\n      status: verified\n",
            "      source: meti_undated_industrial_cluster_policy\n",
        ),
        JPN,
        "required field `status` is missing",
        ["brief", "JPN"],
    ),
    ("bad encoding", _bad_encoding, JPN, "not UTF-8", ["brief", "JPN"]),
    (
        "misspelled benchmark key",
        lambda r: replace(r / BENCH, "    grid:", "    gird:"),
        BENCH,
        "did you mean 'grid'",
        ["brief", "KAZ"],
    ),
    (
        "misspelled benchmark parameter",
        lambda r: replace(r / BENCH, "{country: [KAZ, JPN]}", "{contry: [KAZ, JPN]}"),
        BENCH,
        "did you mean 'country'",
        ["brief", "KAZ"],
    ),
    (
        "unsupported language",
        lambda r: replace(r / BENCH, "peers: [JPN]\n", "peers: [JPN]\nlanguages: [en, de]\n"),
        BENCH,
        "'de'",
        ["brief", "KAZ"],
    ),
    (
        "workbook settings not valid YAML",
        lambda r: (r / SETTINGS).write_text("issuer: 'Analysis Unit\n", encoding="utf-8"),
        SETTINGS,
        "not valid YAML",
        ["brief", "KAZ"],
    ),
    (
        "misspelled workbook settings key",
        lambda r: (r / SETTINGS).write_text("isuer: Analysis Unit\n", encoding="utf-8"),
        SETTINGS,
        "did you mean 'issuer'",
        ["brief", "JPN"],
    ),
    (
        "issuer neither a name nor names by language",
        lambda r: (r / SETTINGS).write_text("issuer:\n  - Analysis Unit\n", encoding="utf-8"),
        SETTINGS,
        "write the issuing body's name",
        ["brief", "KAZ"],
    ),
    (
        "issuer in a language the briefs are not written in",
        lambda r: (r / SETTINGS).write_text("issuer:\n  en: Analysis Unit\n  de: Analyseeinheit\n", encoding="utf-8"),
        SETTINGS,
        "found 'de'",
        ["brief", "KAZ"],
    ),
]


def errors(proc: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("mistake, make, relpath, says, brief", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_every_command_gives_the_same_single_message(project, mistake, make, relpath, says, brief):
    """validate, brief and build each name the file and line once, in the same words, exit 2, rebuild nothing."""
    before = briefs(project)
    make(project)
    seen = []
    for args in (["validate"], brief, ["build", "--no-pdf"]):
        proc = run(project, *args)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 2, (args, out)
        assert "Traceback" not in out, (args, out)
        found = errors(proc)
        assert len(found) == 1, (args, out)
        assert re.match(rf"error: {re.escape(relpath)}:\d+[ :]", found[0]), (args, found[0])
        assert says in found[0], (args, found[0])
        seen.append(found[0])
        assert briefs(project) == before, args
    assert len(set(seen)) == 1, seen


def test_a_commentary_appears_in_its_brief_only(project):
    """A commentary filed under country-JPN shows in that brief, with author and date, and in no other."""
    folder = project / "data" / "commentary"
    folder.mkdir()
    (folder / "country-JPN.md").write_text(
        "---\nauthor: A. Analyst\ndate: 2026-12-01\n---\nJapan's clusters **outlived** their funding.\n",
        encoding="utf-8",
    )
    proc = run(project, "build", "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    jpn = (project / "reports" / "country-JPN.html").read_text(encoding="utf-8")
    kaz = (project / "reports" / "country-KAZ.html").read_text(encoding="utf-8")
    assert "Japan's clusters <strong>outlived</strong> their funding." in jpn.replace("&#x27;", "'")
    assert "A. Analyst" in jpn and "2026-12-01" in jpn
    assert "outlived" not in kaz


def test_exit_codes_are_those_the_readme_gives(project):
    """0 when all is well, 1 for texts without a translation, 2 for a mistake, 130 when interrupted."""
    assert run(project, "validate").returncode == 0
    replace(
        project / JPN,
        "        ru: Начало реализации Проекта промышленных кластеров METI (первый этап — период запуска)\n",
        "",
    )
    untranslated = run(project, "validate", "--lang", "ru")
    assert untranslated.returncode == 1 and f"untranslated: {JPN}:" in untranslated.stderr, untranslated.stderr
    assert run(project, "brief", "XYZ").returncode == 2
    (project / "benchmarks" / "small.yaml").write_text(
        SMALL + "  - notebook: comparison.ipynb\n    parameters: {focal: KAZ, peers: [JPN]}\n", encoding="utf-8"
    )
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(project)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmark", "build", "--no-pdf", "--force", "--jobs", "1"],
        env=env,
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + err
    assert "Traceback" not in out + err


def test_renaming_a_programme_changes_it_everywhere(project):
    """`rename programme` after `new country`: a dry run writes nothing, the rename leaves no old id and validates."""
    assert run(project, "new", "country", "NOR").returncode == 0
    old, new = "nor_cluster_programme", "nor_arena"
    (project / "benchmarks" / "small.yaml").write_text(
        SMALL + f"  - notebook: country_brief.ipynb\n    parameters: {{country: NOR, programme: {old}}}\n",
        encoding="utf-8",
    )
    (project / "data" / "commentary").mkdir()
    (project / "data" / "commentary" / f"country-NOR-{old}.md").write_text(
        "---\nauthor: A. Analyst\ndate: 2026-12-01\n---\nText.\n", encoding="utf-8"
    )
    assert run(project, "validate").returncode == 0

    def mentions() -> list[str]:
        return [
            p.relative_to(project).as_posix()
            for p in [*project.glob("data/**/*"), *project.glob("benchmarks/*")]
            if p.is_file() and (old in p.name or (p.suffix in (".yaml", ".md") and old in p.read_text("utf-8")))
        ]

    before = mentions()
    assert len(before) >= 3, before  # card, assessments, benchmark, commentary
    dry = run(project, "rename", "programme", old, new, "--dry-run")
    assert dry.returncode == 0 and mentions() == before
    assert all(f in dry.stderr for f in ("data/countries/NOR.yaml", "data/assessments/NOR.yaml", "small.yaml"))
    assert run(project, "rename", "programme", old, new).returncode == 0
    assert mentions() == []
    assert (project / "data" / "commentary" / f"country-NOR-{new}.md").exists()
    assert run(project, "validate").returncode == 0
