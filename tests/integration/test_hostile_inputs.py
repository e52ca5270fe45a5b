"""Hostile input: every mistake gets a clear message and a non-zero exit, no traceback, and loses nothing.

Each test breaks a copy of the project the way a user (or an attacker) could, runs the command a user
would run, and checks what the user sees and what is left on disk: the message names the file (and line
or field), the exit code is not 0, there is no traceback, nothing is written outside reports/, no partial
file remains, and the last good brief is unchanged.
"""

from __future__ import annotations

import html
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
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (data, notebooks, one small benchmark) to break."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "benchmarks").mkdir()
    (root / "benchmarks" / "small.yaml").write_text(
        "id: small\ntitle: Small\nfocal: KAZ\npeers: [JPN]\nbriefs:\n"
        "  - notebook: country_brief.ipynb\n    grid: {country: [KAZ, JPN]}\n",
        encoding="utf-8",
    )
    return root


def run(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "benchmark", *args], capture_output=True, text=True, env=env, cwd=root, timeout=timeout
    )


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project outside reports/ (to check that a failure wrote nothing there)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "reports" not in p.relative_to(root).parts
    }


def assert_refused(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    """A clear refusal: non-zero exit, each fragment in the message, no traceback."""
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Traceback" not in out, out
    for fragment in fragments:
        assert fragment in out, (fragment, out)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- malformed files of every kind ----------------------------------------------------------------

BROKEN_YAML = "key: [unclosed\n  other: : :\n"


@pytest.mark.parametrize(
    "relpath",
    [
        "data/countries/JPN.yaml",
        "data/sources/core.yaml",
        "data/dimensions.yaml",
        "data/assessments/RUS.yaml",
        "data/competition/criteria_default.yaml",
        "data/tables/kaz_applications_by_region_2017.csv.meta.yaml",
    ],
)
def test_malformed_yaml_is_refused_with_file_and_line(project, relpath):
    """Broken YAML in any data file: validate names the file and the line, exits 2, no traceback."""
    before = snapshot(project)
    (project / relpath).write_text(BROKEN_YAML, encoding="utf-8")
    proc = run(project, "validate")
    assert_refused(proc, f"{relpath}:", "not valid YAML")
    assert proc.returncode == 2
    assert snapshot(project) == {**before, relpath: BROKEN_YAML.encode()}


@pytest.mark.parametrize(
    "relpath, change, fragment",
    [
        ("data/tables/kaz_applications_by_region_2017.csv", ("region_2017,", "region,"), "columns are"),
        ("data/indicators/gdp_current_usd_wdi2026.csv", ("KAZ,2015,", "KAZ,20x5,"), "not a number"),
        ("data/geo/kaz_regions_2017_to_current.csv", ("iso_3166_2_2017", "iso_code"), "missing column"),
        (
            "data/employment/deu_laender_persons_employed_by_section_2015.csv",
            ("region_iso", "region_code"),
            "missing column",
        ),
    ],
)
def test_malformed_csv_is_refused_with_file(project, relpath, change, fragment):
    """A CSV whose columns or numbers are wrong is refused, naming the file; nothing is written."""
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    if change[0] not in text:
        pytest.skip(f"{relpath} has no {change[0]!r}")
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    assert_refused(run(project, "validate"), relpath, fragment)


def test_file_that_is_not_utf8_is_refused_with_byte_position(project):
    """A card saved as Latin-1 is refused with its name and the byte that cannot be read."""
    path = project / "data" / "countries" / "JPN.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Japan", "Japón").encode("latin-1", "replace"))
    assert_refused(run(project, "validate"), "data/countries/JPN.yaml", "not UTF-8", "byte")


@pytest.mark.parametrize(
    "change, fragments",
    [
        (("country: JPN", "country: XYZ"), ["'XYZ' is not an ISO 3166-1"]),
        (("currency: JPY", "currency: YEN"), ["'YEN' is not an ISO 4217"]),
        (("status: verified", "status: sure"), ["expected one of: verified"]),
        (("start_year: 2001", "start_year: two thousand one"), ["expected a year such as"]),
        (("target_groups: [", "target_groups: [TG999, "), ["'TG999' is not a STIP 2021 code"]),
        (
            ("source: meti_undated_industrial_cluster_policy", "source: meti_undated_industrial_cluster_polcy"),
            ["did you mean 'meti_undated_industrial_cluster_policy'"],
        ),
    ],
)
def test_wrong_types_and_unknown_codes_say_what_to_write(project, change, fragments):
    """Each mistake names the file and line and says, in an analyst's words, what to write instead."""
    edit(project / "data" / "countries" / "JPN.yaml", *change)
    proc = run(project, "validate")
    assert_refused(proc, "data/countries/JPN.yaml:", *fragments)
    assert re.search(r"data/countries/JPN\.yaml:\d+", proc.stderr)
    assert "[" in proc.stderr  # the field is printed (the console never eats it as markup)


def test_one_typo_in_a_sources_file_gives_one_problem_and_one_summary(project):
    """A broken sources file is one problem plus one summary line, not a consequence for every country."""
    (project / "data" / "sources" / "core.yaml").write_text(
        "sources:\n  - id: x\n    title: 'unclosed\n", encoding="utf-8"
    )
    proc = run(project, "validate")
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert_refused(proc, "data/sources/core.yaml")
    assert len(errors) <= 3, errors  # the file, the summary line, at most one check that needs sources itself
    assert len(errors) == len(set(errors)), "a problem printed twice"


def test_unsafe_url_in_a_source_is_refused(project):
    """A `javascript:` link in a source would run in a reader's browser: it is refused."""
    edit(project / "data" / "sources" / "core.yaml", "url: null", "url: javascript:alert(1)")
    assert_refused(run(project, "validate"), "data/sources/core.yaml", "url must start with http")


def test_markup_and_scripts_in_text_fields_are_shown_as_text(project):
    """Markup typed into any text field is shown as text in the brief, never run: no script, no event handler."""
    cf = project / "data" / "countries" / "JPN.yaml"
    text = cf.read_text(encoding="utf-8")
    text = re.sub(r"^summary: >-\n", f"summary: >-\n  {SCRIPT}\n", text, count=1, flags=re.M)
    text = re.sub(
        r"(\n    title: )(.*)", lambda m: f'{m.group(1)}"{SCRIPT} {m.group(2).strip(chr(34))}"', text, count=1
    )
    text = re.sub(r"(\n        label: )(.*)", lambda m: f'{m.group(1)}"{SCRIPT}"', text, count=1)
    cf.write_text(text, encoding="utf-8")
    edit(project / "data" / "sources" / "core.yaml", "title: Industrial Cluster Policy", f'title: "{SCRIPT}"')
    issuer = "<script>alert(3)</script>"  # also the page's author, an attribute: escaped there too
    (project / "workbook.yaml").write_text(f'issuer: "{issuer}"\n', encoding="utf-8")
    out = project / "reports" / "jpn.html"
    proc = run(project, "brief", "JPN", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script\b", page, re.I)  # no script element at all
    assert not re.search(r"<[^>]*\son\w+\s*=", page)  # no event-handler attribute on any element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    assert f'<span class="cb-issuer">{html.escape(issuer)}</span>' in page  # the issuing body too


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda p: p.write_bytes("issuer: Ministère\n".encode("latin-1")), "not UTF-8"),
        (lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04"), "workbook.yaml"),
        (lambda p: p.mkdir(), "this is a folder"),
        (lambda p: p.write_text("issuer:\n  en: A\n  ru: [x]\n", encoding="utf-8"), "workbook.yaml:3 [issuer.ru]"),
        (lambda p: p.write_text("issuer: {ru: Б}\n", encoding="utf-8"), "no English name"),
    ],
    ids=["latin-1", "binary", "folder", "list-for-a-name", "no-english"],
)
def test_a_broken_workbook_settings_file_is_refused_before_any_brief(project, make, fragment):
    """A broken workbook.yaml stops validate and a brief alike, with the file named; nothing is written."""
    before = snapshot(project)
    make(project / "workbook.yaml")
    after = snapshot(project)
    for args in (["validate"], ["brief", "KAZ"]):
        proc = run(project, *args)
        assert_refused(proc, fragment)
        assert proc.returncode == 2, (args, proc.stderr)
        assert re.search(r"^error: workbook\.yaml", proc.stderr, re.M), proc.stderr
        assert snapshot(project) == after and not (project / "reports").exists()
    assert set(after) - set(before) <= {"workbook.yaml"}


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["brief", "KAZ", "--lang", '"><script>'], "unknown language"),
        (["brief", "NOR"], "unknown country code 'NOR'"),
        (["competition", "--scores", "data"], "this is a folder"),
        (["competition", "--scores", "no_such.csv"], "scoring sheet not found"),
        (["compare", "KAZ", "--peers", "KAZ"], "is the focal country itself"),
        (["training", "export", "data/dimensions.yaml"], "is a file, not a folder"),
        (["build", "nope"], "unknown benchmark 'nope'"),
    ],
)
def test_bad_command_line_input_is_refused(project, args, fragment):
    """A bad parameter on the command line is refused before anything runs, with no traceback."""
    before = snapshot(project)
    assert_refused(run(project, *args), fragment)
    assert snapshot(project) == before


def test_benchmark_pointing_outside_the_project_is_refused(project):
    """A benchmark whose notebook path leaves notebooks/ is refused; nothing is executed or written."""
    (project / "benchmarks" / "evil.yaml").write_text(
        "id: evil\ntitle: Evil\nfocal: KAZ\nbriefs:\n  - notebook: ../../../etc/passwd\n", encoding="utf-8"
    )
    before = snapshot(project)
    assert_refused(run(project, "build", "evil"), "unknown notebook")
    assert snapshot(project) == before


def test_read_only_reports_folder_is_refused(project):
    """A reports location that cannot be written is refused with a message, not a traceback."""
    (project / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(project), "CLUSTERBENCH_REPORTS": str(project / "blocked" / "r")}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark", "build"], capture_output=True, text=True, env=env, cwd=project, timeout=120
    )
    assert_refused(proc, "cannot write to")


def test_bad_data_keeps_the_last_good_brief(project):
    """A build after a card breaks is refused before any kernel starts: file and line named, exit 2, nothing rebuilt."""
    assert run(project, "build", "--jobs", "1").returncode == 0
    good = {p.name: p.read_bytes() for p in (project / "reports").glob("country-*.html")}
    edit(project / "data" / "countries" / "JPN.yaml", "level: national", "level: federal")
    proc = run(project, "build", "--jobs", "1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.search(r"data/countries/JPN\.yaml:\d+ \[programmes\[0\]\.level\]", proc.stderr), proc.stderr
    assert {p.name: p.read_bytes() for p in (project / "reports").glob("country-*.html")} == good
    assert not list((project / "reports").rglob("*.part"))


def test_huge_scoring_sheet_is_summarised_not_listed(project, tmp_path):
    """5,000 applications give a brief under 1 MB that shows the contenders and summarises the rest."""
    crits = [
        "critical_mass",
        "specialisation",
        "focus",
        "growth_potential",
        "collaboration",
        "private_commitment",
        "action_plan",
        "sme_inclusion",
    ]
    rows = ["application,expert,criterion,score"]
    for a in range(5000):
        q = (a * 7919) % 5 + 1
        rows += [
            f"App {a:04d},{e},{c},{min(5, max(1, q + (i + j) % 3 - 1))}"
            for i, e in enumerate(("E1", "E2"))
            for j, c in enumerate(crits)
        ]
    sheet = tmp_path / "huge.csv"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = project / "reports" / "huge.html"
    proc = run(project, "competition", "--scores", str(sheet), "--draws", "200", "--out", str(out), timeout=600)
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 1_000_000
    assert "more applications, below the contenders" in page
    assert str(tmp_path) not in page  # no folder of the user's machine in the brief


# --- interrupted and concurrent builds ------------------------------------------------------------


def _children_alive(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines()[1:] if "ipykernel" in line or f" {pid} " in line]


def test_sigkill_leaves_no_process_and_no_lock(project):
    """A build killed outright leaves no worker or kernel alive, and the next build is not blocked."""
    with open(project / "benchmarks" / "small.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "  - notebook: comparison.ipynb\n    parameters: {focal: KAZ}\n"
            "    grid: {peers: [[JPN], [RUS], [DEU], [FRA], [ESP], [KOR]]}\n"
        )
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(project)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmark", "build", "--jobs", "2"],
        env=env,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list((project / "reports").glob("*.html")):
        time.sleep(0.1)
    workers = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True
    ).stdout.split()
    assert workers, "the build had no workers to leave behind"
    proc.kill()
    proc.wait()
    deadline = time.time() + 20
    alive = workers
    while time.time() < deadline and alive:
        time.sleep(0.5)
        alive = [
            w
            for w in workers
            if Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]
        ]
    assert alive == [], "workers outlived the killed build"
    again = run(project, "build", "--jobs", "2", timeout=300)  # would wait forever on a stale lock
    assert again.returncode == 0, again.stderr
    assert not list((project / "reports").rglob("*.part"))


def test_sigterm_stops_cleanly_without_a_traceback(project):
    """SIGTERM during a build: a short message, no traceback from any worker, no partial file."""
    with open(project / "benchmarks" / "small.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "  - notebook: comparison.ipynb\n    parameters: {focal: KAZ}\n"
            "    grid: {peers: [[JPN], [RUS], [DEU], [FRA]]}\n"
        )
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(project)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmark", "build", "--jobs", "2"],
        env=env,
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list((project / "reports").glob("*.html")):
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in out + err
    assert "interrupted" in err
    assert not list((project / "reports").rglob("*.part"))
