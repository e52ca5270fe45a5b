"""`clusterbench build`: incremental, isolated failures, no partial files, order-independent output."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path, countries=("KAZ", "JPN")) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "benchmarks").mkdir()
    (root / "benchmarks" / "small.yaml").write_text(
        "id: small\ntitle: Small\nfocal: KAZ\npeers: [JPN]\nbriefs:\n"
        "  - notebook: country_brief.ipynb\n"
        f"    grid: {{country: [{', '.join(countries)}]}}\n",
        encoding="utf-8",
    )
    return root


def _build(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "benchmark", "build", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=600,
        **kw,
    )


def _state(root: Path) -> dict:
    return json.loads((root / "reports" / ".build-state.json").read_text())["briefs"]


def test_rebuild_skips_unchanged_and_rebuilds_what_read_a_changed_file(tmp_path):
    """A second build skips every brief; editing Japan's data rebuilds only the Japanese brief."""
    root = _project(tmp_path)
    first = _build(root, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    assert "2 built" in first.stderr
    index = (root / "reports" / "index.html").read_text()
    assert "Country brief: Kazakhstan" in index and "Country brief: Japan" in index
    built_at = {k: v["built"] for k, v in _state(root).items()}

    second = _build(root)
    assert second.returncode == 0 and "0 built, 2 up to date" in second.stderr

    jpn = root / "data" / "countries" / "JPN.yaml"
    jpn.write_text(jpn.read_text() + "\n# analyst edit\n")
    third = _build(root)
    assert "1 built, 1 up to date" in third.stderr, third.stderr
    state = _state(root)
    assert state["country-KAZ"]["built"] == built_at["country-KAZ"]
    assert "data/countries/JPN.yaml" in state["country-JPN"]["inputs"]
    assert "data/countries/JPN.yaml" not in state["country-KAZ"]["inputs"]


def test_a_changed_lock_rebuilds_every_brief(tmp_path):
    """Upgrading a library in the lock rebuilds the briefs: a brief built with older libraries is never "up to date"."""
    root = _project(tmp_path)
    shutil.copy(ROOT / "uv.lock", root / "uv.lock")
    assert _build(root, "--jobs", "1").returncode == 0
    assert "0 built, 2 up to date" in _build(root).stderr
    lock = root / "uv.lock"
    text, upgrades = re.subn(r'(name = "pandas"\nversion = ")', r"\g<1>9", lock.read_text(encoding="utf-8"))
    assert upgrades == 1  # pandas upgraded to a later version
    lock.write_text(text, encoding="utf-8")
    again = _build(root)
    assert again.returncode == 0 and "2 built, 0 up to date" in again.stderr, again.stderr


def test_failing_brief_keeps_old_html_and_others_build(tmp_path):
    """A notebook made to fail: exit 1, the summary names the cell, the other brief builds, old HTML stays."""
    root = _project(tmp_path)
    assert _build(root, "--jobs", "1").returncode == 0
    old_kaz = (root / "reports" / "country-KAZ.html").read_text()
    nb_path = root / "notebooks" / "country_brief.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.insert(5, nbformat.v4.new_code_cell('if country == "KAZ":\n    raise ValueError("deliberate failure")'))
    nbformat.write(nb, nb_path)
    proc = _build(root, "--jobs", "2")
    assert proc.returncode == 1
    assert "deliberate failure" in proc.stderr and re.search(r"cell \d+", proc.stderr)
    assert "1 built" in proc.stderr and "1 failed" in proc.stderr
    assert (root / "reports" / "country-KAZ.html").read_text() == old_kaz
    assert "previous" in (root / "reports" / "index.html").read_text()


def _more_work(root: Path) -> None:
    """Twelve briefs to build, so that an interruption falls in the middle of the build."""
    with open(root / "benchmarks" / "small.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "  - notebook: comparison.ipynb\n    parameters: {focal: KAZ}\n"
            "    grid: {peers: [[JPN], [RUS], [DEU], [FRA], [ESP], [KOR]]}\n"
        )


def _start_build(root: Path, *args: str) -> subprocess.Popen:
    """A build in its own process group, as a terminal runs a command (Ctrl-C reaches the whole group)."""
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, "-m", "benchmark", "build", *args],
        env=env,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_html(root: Path, count: int = 1) -> None:
    deadline = time.time() + 300
    out_dir = root / "reports"
    while time.time() < deadline and not (out_dir.exists() and len(list(out_dir.glob("*.html"))) >= count):
        time.sleep(0.05)


def _processes_of(root: Path) -> list[str]:
    """Command lines of the processes (workers, kernels, browsers) started for the project at ``root``."""
    mark = f"CLUSTERBENCH_ROOT={root}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and mark in (proc / "environ").read_bytes().split(b"\0"):
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:  # gone meanwhile, or not ours to read
            pass
    return found


def _assert_nothing_left(root: Path, seconds: float = 10) -> None:
    deadline = time.time() + seconds
    while _processes_of(root) and time.time() < deadline:
        time.sleep(0.1)
    assert _processes_of(root) == []
    assert [p for p in (root / "reports").rglob("*") if p.name.endswith(".part")] == []
    for html in (root / "reports").rglob("*.html"):
        assert html.read_text().rstrip().endswith("</html>"), html


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_interrupted_build_leaves_no_partial_file(tmp_path, how):
    """SIGTERM or Ctrl-C mid-build: exit 130 without a traceback, only complete files, no worker or kernel left."""
    root = _project(tmp_path, countries=("KAZ", "JPN", "RUS", "DEU", "FRA", "ESP", "KOR"))
    _more_work(root)
    proc = _start_build(root, "--jobs", "2")
    _wait_for_html(root)
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert len(list((root / "reports").glob("*.html"))) < 13  # stopped with briefs still to build
    _assert_nothing_left(root)


def test_interrupted_rebuild_keeps_the_previous_briefs(tmp_path):
    """Ctrl-C during a forced rebuild keeps every brief of the previous build, complete and readable."""
    root = _project(tmp_path, countries=("KAZ", "JPN", "RUS"))
    assert _build(root, "--jobs", "2").returncode == 0
    before = {p.name for p in (root / "reports").glob("*.html")}
    proc = _start_build(root, "--jobs", "2", "--force")
    deadline = time.time() + 120
    while len(_processes_of(root)) < 3 and time.time() < deadline:  # the workers are starting their kernels
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert {p.name for p in (root / "reports").glob("*.html")} == before
    _assert_nothing_left(root)


def test_ctrl_c_while_the_workers_start_is_a_clean_stop(tmp_path):
    """Ctrl-C the moment the workers are forked: exit 130, no traceback (a broken pool), no process left.

    A worker forked a moment before the Ctrl-C had not yet learnt to leave it to the parent: it died of it,
    the pool broke, and the build ended with a traceback about a broken process pool or hung (about one
    try in two on a busy machine). Three tries, each stopped as soon as the workers exist.
    """
    root = _project(tmp_path, countries=("KAZ", "JPN"))
    for _ in range(3):
        proc = _start_build(root, "--jobs", "2", "--force")
        deadline = time.time() + 120
        while len(_processes_of(root)) < 3 and time.time() < deadline:  # the build and its two workers
            pass
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130 and "Traceback" not in err, err
        _assert_nothing_left(root)


def test_bad_data_stops_the_build_before_any_brief_and_leaves_no_process(tmp_path):
    """A broken data file: exit 2 with the file named, no brief written, and no worker or kernel left running."""
    root = _project(tmp_path, countries=("KAZ", "JPN", "RUS"))
    jpn = root / "data" / "countries" / "JPN.yaml"
    jpn.write_text(jpn.read_text(encoding="utf-8") + "\nlevel: [broken\n", encoding="utf-8")
    proc = _build(root, "--jobs", "2")
    assert proc.returncode == 2, proc.stderr
    assert "JPN.yaml" in proc.stderr and "Traceback" not in proc.stderr
    assert list((root / "reports").glob("*.html")) == []
    _assert_nothing_left(root, seconds=5)


def test_a_build_killed_outright_leaves_no_process_behind(tmp_path):
    """SIGKILL of a build (no clean-up possible): its workers and kernels end by themselves within seconds."""
    root = _project(tmp_path, countries=("KAZ", "JPN", "RUS", "DEU"))
    proc = _start_build(root, "--jobs", "2")
    _wait_for_html(root)
    assert len(_processes_of(root)) >= 3  # the build, its workers and their kernels
    proc.kill()
    proc.communicate(timeout=60)
    deadline = time.time() + 20
    while _processes_of(root) and time.time() < deadline:
        time.sleep(0.1)
    assert _processes_of(root) == []
    again = _build(root, "--jobs", "1")  # the lock was released, and stray temporary files are swept
    assert again.returncode == 0, again.stderr
    _assert_nothing_left(root)


def test_brief_html_does_not_depend_on_what_ran_before(rendered_briefs, tmp_path):
    """RUS rendered after KAZ and JPN in a reused kernel equals RUS rendered alone in a fresh kernel."""
    from benchmark.core import paths
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import render_notebook

    alone = tmp_path / "RUS.html"
    render_notebook(
        paths.NOTEBOOKS / "country_brief.ipynb",
        {"country": "RUS"},
        alone,
        title=brief_title("country_brief.ipynb", {"country": "RUS"}),
    )

    def strip(p: Path) -> str:
        return re.sub(r'<dd class="cb-built">[^<]*</dd>', "", p.read_text())

    assert strip(alone) == strip(rendered_briefs["RUS"])


def test_two_builds_at_once_build_each_brief_once(tmp_path):
    """Two builds started together: the second waits for the first, nothing is built twice or corrupted."""
    root = _project(tmp_path)
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root)}
    cmd = [sys.executable, "-m", "benchmark", "build", "--jobs", "1"]
    procs = [
        subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    built = sum(int(re.search(r"(\d+) built", err).group(1)) for _, err in outs)
    assert built == 2  # without the lock each build would render both briefs
    json.loads((root / "reports" / ".build-state.json").read_text())
    for html in (root / "reports").rglob("*.html"):
        assert html.read_text().rstrip().endswith("</html>")


def test_a_comparison_depends_only_on_the_countries_it_compares(tmp_path):
    """A new or edited NOR.yaml does not rebuild Kazakhstan against Japan; a change to KAZ.yaml does.

    NOR is new here, so the first comparison never read it. (Once built again, a comparison records every
    assessed country's assessment file and card among its inputs: the assessors' agreement it reports is
    measured over all their pairs, so an edit to another assessed country rebuilds it.)

    (A NOR.yaml that does not parse is refused by ``build``, which checks the data first: that is
    test_newcomer_mistakes' subject, not this one's.)"""
    root = _project(tmp_path, countries=("KAZ",))
    (root / "benchmarks" / "small.yaml").write_text(
        "id: small\ntitle: Small\nfocal: KAZ\npeers: [JPN]\nbriefs:\n"
        "  - notebook: comparison.ipynb\n    parameters: {focal: KAZ, peers: [JPN]}\n",
        encoding="utf-8",
    )
    assert _build(root, "--jobs", "1").returncode == 0
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "-m", "benchmark", "new", "country", "NOR"], env=env, cwd=root, check=True, capture_output=True
    )
    nor = root / "data" / "countries" / "NOR.yaml"
    text = nor.read_text(encoding="utf-8")
    assert 'title: "TO FILL' in text
    nor.write_text(
        text.replace('title: "TO FILL', 'title: "Norwegian Innovation Clusters; TO FILL', 1), encoding="utf-8"
    )
    again = _build(root)
    assert again.returncode == 0 and "0 built, 1 up to date" in again.stderr, again.stderr
    kaz = root / "data" / "countries" / "KAZ.yaml"
    kaz.write_text(kaz.read_text() + "\n# analyst edit\n")
    assert "1 built" in _build(root).stderr
    inputs = _state(root)["compare-KAZ-vs-JPN"]["inputs"]
    assert "data/countries/KAZ.yaml" in inputs and "data/countries/JPN.yaml" in inputs, inputs


def test_index_marks_a_brief_built_from_older_data(tmp_path):
    """When a brief's data changed and its rebuild failed, the index marks it as built from older data."""
    root = _project(tmp_path, countries=("KAZ", "JPN"))
    assert _build(root, "--jobs", "1").returncode == 0
    index = (root / "reports" / "index.html").read_text()
    assert "built from older data" not in index
    versions = re.findall(r"<td>([0-9a-f]{12})", index)
    assert len(versions) == 2 and versions[0] != versions[1]  # each brief's own data
    jpn = root / "data" / "countries" / "JPN.yaml"
    jpn.write_text(jpn.read_text() + "# edited\n")  # new data for Japan's brief (bad data is refused before any build)
    nb_path = root / "notebooks" / "country_brief.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.insert(5, nbformat.v4.new_code_cell('if country == "JPN":\n    raise ValueError("deliberate failure")'))
    nbformat.write(nb, nb_path)
    assert _build(root).returncode == 1
    index = (root / "reports" / "index.html").read_text()
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", index, re.S) if "Japan" in r)
    assert "built from older data" in row and "last build failed" in row


def _numeric_fact(country: str):
    """A figure of the country's card printed from its number (no display text), read from the shipped data."""
    from benchmark.inputs import load

    cf = load.load_country(country)
    facts = [*cf.key_facts, *(f for p in cf.programmes for f in p.key_facts)]
    return next(f for f in facts if isinstance(f.value, (int, float)) and not f.display)


def test_a_corrected_figure_is_listed_in_the_colophon_and_counted_in_the_index(tmp_path):
    """An analyst who corrects one figure and rebuilds can tell the ministry what changed since its copy."""
    from benchmark.core.text import date as long_date
    from benchmark.core.text import t
    from benchmark.sections.citations import fact_value

    root = _project(tmp_path, countries=("KAZ",))
    first = _build(root, "--no-pdf")
    assert first.returncode == 0, first.stderr
    page = (root / "reports" / "country-KAZ.html").read_text(encoding="utf-8")
    changed = t("brief.changed_since", date="", n=0).split(" (")[0].strip()
    assert changed not in page  # a first edition lists no change
    fact = _numeric_fact("KAZ")
    corrected = fact.value + 1
    card = root / "data" / "countries" / "KAZ.yaml"
    text = card.read_text(encoding="utf-8")
    at = text.index(f"id: {fact.id}\n")
    value_at = text.index(f"value: {fact.value}\n", at)
    card.write_text(
        text[:value_at] + f"value: {corrected}\n" + text[value_at + len(f"value: {fact.value}\n") :], encoding="utf-8"
    )
    second = _build(root, "--no-pdf")
    assert second.returncode == 0, second.stderr
    page = (root / "reports" / "country-KAZ.html").read_text(encoding="utf-8")
    colophon = page[page.index('class="cb-colophon"') :]
    assert changed in colophon
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", colophon[colophon.index("cb-changes") :], re.S)
    assert len(rows) == 1, rows  # one figure corrected: one change, nothing else
    new = fact.model_copy(update={"value": corrected})
    from html import unescape

    row = unescape(re.sub(r"<[^>]+>", "|", rows[0]))
    from benchmark.inputs.schemas import text_of

    for expected in (text_of(fact.label), fact_value(fact), fact_value(new)):
        assert expected in row, (expected, row)
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    kaz_row = next(r for r in index.split("<tr>") if "country-KAZ.html" in r)
    assert t("build.edition_changes", n=1) in kaz_row
    from datetime import UTC, datetime

    assert long_date(datetime.now(UTC).date()) in kaz_row


def _amount_entry(country: str):
    """A programme's financing entry printed from its amount (no display text), read from the shipped data."""
    from benchmark.inputs import load

    return next(
        (p, f)
        for p in load.load_country(country).programmes
        for f in p.financing
        if f.amount is not None and not f.display
    )


def test_a_corrected_table_cell_and_financing_amount_are_listed_in_the_colophon_and_the_index(tmp_path):
    """An analyst who corrects a table's cell and a programme's budget and rebuilds sees both changes listed."""
    from html import unescape

    from benchmark.core.text import number, t
    from benchmark.inputs import load
    from benchmark.inputs.schemas import text_of
    from benchmark.sections.citations import financing_text, table_labels

    root = _project(tmp_path, countries=("KAZ",))
    assert _build(root, "--no-pdf").returncode == 0
    # one cell of the applications table, corrected on purpose and its checksum recorded, as the README says
    name = "kaz_applications_by_region_2017"
    meta, table = load.load_table(name)
    first, count = meta.columns[0].name, meta.columns[-1].name
    old_count = table[count].iloc[0]
    new_count = str(int(old_count) + 1)
    csv_path = root / "data" / "tables" / f"{name}.csv"
    lines = csv_path.read_text(encoding="utf-8").split("\n")
    assert lines[1].endswith(f",{old_count}"), lines[1]
    lines[1] = lines[1][: -len(old_count)] + new_count
    csv_path.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "CLUSTERBENCH_ROOT": str(root)}
    fixed = subprocess.run(
        [sys.executable, "-m", "benchmark", "data", "checksum", f"data/tables/{name}.csv"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert fixed.returncode == 0, fixed.stderr
    # one financing amount of Kazakhstan's card, corrected
    programme, fin = _amount_entry("KAZ")
    card = root / "data" / "countries" / "KAZ.yaml"
    text = card.read_text(encoding="utf-8")
    written = re.search(rf"amount: {int(fin.amount) if fin.amount.is_integer() else fin.amount}\n", text)
    assert written, "the amount as the card writes it"
    corrected = fin.amount * 2
    card.write_text(text[: written.start()] + f"amount: {corrected}\n" + text[written.end() :], encoding="utf-8")

    second = _build(root, "--no-pdf")
    assert second.returncode == 0, second.stderr
    page = (root / "reports" / "country-KAZ.html").read_text(encoding="utf-8")
    colophon = page[page.index('class="cb-colophon"') :]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", colophon[colophon.index("cb-changes") :], re.S)
    rows = [unescape(re.sub(r"<[^>]+>", "|", r)) for r in rows]
    assert len(rows) == 2, rows  # two corrections: two changes, nothing else
    cell, budget = (next(r for r in rows if t(f"brief.changes_kind_{k}") in r) for k in ("tables", "financing"))
    label = table_labels(meta, table, first)[0]
    assert label in cell and f"|{number(int(old_count))}|" in cell and f"|{new_count}|" in cell, cell
    sources = load.load_sources()
    assert sources[meta.source].short_citation("en") in cell
    new_fin = fin.model_copy(update={"amount": corrected})
    assert text_of(programme.title) in budget, budget
    for expected in (financing_text(fin), financing_text(new_fin), sources[fin.source].short_citation("en")):
        assert expected in budget, (expected, budget)
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    kaz_row = next(r for r in index.split("<tr>") if "country-KAZ.html" in r)
    assert t("build.edition_changes", n=2) in kaz_row


def test_the_issuing_body_comes_from_the_workbook_settings(tmp_path):
    """An organisation that publishes the briefs names itself once, in workbook.yaml, and every header says so."""
    root = _project(tmp_path, countries=("KAZ",))
    (root / "workbook.yaml").write_text("issuer:\n  en: Example Analysis Unit\n  ru: Пример отдела анализа\n")
    proc = _build(root, "--no-pdf")
    assert proc.returncode == 0, proc.stderr
    page = (root / "reports" / "country-KAZ.html").read_text(encoding="utf-8")
    assert '<span class="cb-issuer">Example Analysis Unit</span>' in page
    assert re.search(r'<meta (?=[^>]*name="author")[^>]*content="Example Analysis Unit"', page)  # the PDF's author
    (root / "workbook.yaml").write_text("issuer: Another Analysis Unit\n")  # a new name rebuilds every brief
    assert _build(root, "--no-pdf").returncode == 0
    page = (root / "reports" / "country-KAZ.html").read_text(encoding="utf-8")
    assert '<span class="cb-issuer">Another Analysis Unit</span>' in page
    (root / "workbook.yaml").write_text("issuer: [not, a, name]\n")
    bad = _build(root, "--no-pdf")
    assert bad.returncode == 2 and "workbook.yaml:1 [issuer]" in bad.stderr and "Traceback" not in bad.stderr
    assert (root / "reports" / "country-KAZ.html").read_text(encoding="utf-8") == page  # refused before rendering
