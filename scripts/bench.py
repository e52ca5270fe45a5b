"""Measure the build against the targets of the batch-build issue (run: `make bench`).

Prints a Markdown table: the floor (a kernel started with pandas, matplotlib and the package's brief
sections imported; not seaborn, which no brief imports), the naive chain (papermill CLI then jupyter
nbconvert CLI), one brief end to end with `clusterbench brief`, 20 briefs with --jobs 1 and --jobs 2 and
as 20 fresh-kernel renders one after another, a rebuild with nothing changed, and the largest brief.
Then the PDFs: the Kazakhstan benchmark (what `make briefs` builds) rebuilt with HTML only and with HTML
and PDF, and the largest PDF and HTML against their limits.

Ratios are measured in pairs, the two sides alternating (floor then brief, one job then two, HTML then
HTML and PDF), so that drift on a shared machine hits both alike; a ratio is the median of the pairs'
ratios, a time the median of --repeat runs (default 3). Beside wall-clock seconds, the CPU seconds of the
whole process tree (kernels and workers included) are given: they move much less when other work
shares the machine. `--only brief|jobs|pdf` measures one group.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "reports" / ".bench"
#: Builds of the bench write here (not into reports/ where the real briefs are).
BENCH_ENV = {**os.environ, "CLUSTERBENCH_REPORTS": str(BENCH_DIR / "out")}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cpu(cmd: list[str], **kw) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``cmd`` and every process it waited for."""
    cpu, start = _children_cpu(), time.perf_counter()
    kw.setdefault("env", BENCH_ENV)
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start, _children_cpu() - cpu


def timed(cmd: list[str], **kw) -> float:
    return timed_cpu(cmd, **kw)[0]


def median(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def paired(a, b, repeat: int) -> tuple[float, float, float]:
    """Run ``a`` and ``b`` alternately ``repeat`` times: (median of a, median of b, median of the ratios b / a)."""
    runs = [(a(), b()) for _ in range(repeat)]
    return (
        statistics.median(x for x, _ in runs),
        statistics.median(y for _, y in runs),
        statistics.median(y / x for x, y in runs),
    )


#: The imports a country brief cannot do without: pandas, matplotlib and the sections it calls.
FLOOR_IMPORTS = "import pandas, matplotlib; from benchmark.sections import country, regions"

FLOOR = f"""
import time, resource, jupyter_client
t = time.perf_counter()
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3")
kc.execute_interactive({FLOOR_IMPORTS!r}, timeout=120)
kc.stop_channels(); km.shutdown_kernel(now=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - t, u.ru_utime + u.ru_stime)
"""

PHASES = """
import time, sys
t0 = time.perf_counter()
marks = []
def lap(name):
    marks.append((name, time.perf_counter() - t0))
from benchmark.publish.execute import KernelSession, execute
from benchmark.publish.export import export_html
from benchmark.publish.render import load_exporter_meanwhile
from benchmark.core import paths
params = {"country": "KAZ"}
s = KernelSession(preload=False); lap("kernel process started, its imports queued")
import papermill; lap("parent: papermill loaded (overlaps the kernel)")
s.reset(); lap("kernel: started, imports done")
loading = load_exporter_meanwhile()
nb, files = execute(paths.NOTEBOOKS / "country_brief.ipynb", params, session=s)
lap("notebook executed (papermill; nbconvert and the template load meanwhile, in a thread)")
if loading is not None:
    loading.result()
export_html(nb, "KAZ", params); lap("exported to HTML")
s.close(); lap("kernel stopped")
for name, at in marks:
    print(f"{at:.2f}\t{name}")
"""


#: The checks ``clusterbench brief KAZ`` runs in its parent before the kernel executes a cell, after the
#: imports the command makes anyway (the country sections): what validating first costs the parent.
VALIDATION = """
import time
from benchmark.sections import country  # imported by `brief` whether it validates or not
t = time.perf_counter()
from benchmark.inputs.validate import refuse_bad_data
refuse_bad_data(["KAZ"], brief="country-KAZ")
print(f"{time.perf_counter() - t:.3f}")
"""
#: ``clusterbench brief KAZ`` with the checks switched off: the same command, for the difference they make.
UNCHECKED = (
    "import sys; import benchmark.inputs.validate as v; v.refuse_bad_data = lambda *a, **k: None; "
    "from benchmark.cli import main; sys.argv = ['clusterbench', 'brief', 'KAZ', '--out', sys.argv[1]]; main()"
)


def print_validation(cb: str, r: int) -> None:
    """The checks of ``validate`` that ``brief`` runs first, against the whole brief (target ≤ 10 %).

    The checks run in the parent while the kernel starts, so what they add to the brief's time (with
    against without) is less than what they take on their own.
    """
    check = median(lambda: python_seconds(VALIDATION), r)
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "KAZ.html")
        with_checks, without = [], []
        for _ in range(r):  # alternate, so that a change in the machine's load hits both alike
            with_checks.append(timed([cb, "brief", "KAZ", "--out", out]))
            without.append(timed([sys.executable, "-c", UNCHECKED, out]))
    one, bare = statistics.median(with_checks), statistics.median(without)
    print(f"| the checks `brief KAZ` runs first, on their own (imports included) | {check:.2f} s | {check / one:.0%} |")
    print(f"| `clusterbench brief KAZ`, checks included | {one:.2f} s | |")
    print(f"| the same with the checks switched off | {bare:.2f} s | |")
    print(f"| what the checks add to a brief | {one - bare:+.2f} s | {(one - bare) / one:+.0%} (target ≤ 10 %) |")


def python_seconds(code: str, *args: str) -> float:
    return python_output(code, *args)[-1]


def python_output(code: str, *args: str) -> list[float]:
    """The numbers ``code`` prints on its last line."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, cwd=ROOT, capture_output=True, text=True, env=BENCH_ENV
    )
    return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]


def write_bench_definition() -> Path:
    """20 real briefs: the Kazakhstan benchmark's ten (seven country briefs, two comparisons, the
    competition) in two languages (Russian falls back to English text until it is translated)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / "bench-20.yaml"
    path.write_text(
        """id: bench-20
title: Benchmark of the build (20 briefs)
focal: KAZ
peers: []
briefs:
  - notebook: country_brief.ipynb
    grid: {country: [KAZ, JPN, RUS, DEU, FRA, ESP, KOR], lang: [en, ru]}
  - notebook: comparison.ipynb
    parameters: {focal: KAZ}
    grid: {peers: [[JPN, RUS], [JPN, RUS, DEU, FRA, ESP, KOR]], lang: [en, ru]}
  - notebook: kz_competition.ipynb
    grid: {lang: [en, ru]}
""",
        encoding="utf-8",
    )
    return path


FRESH_JOBS = """
import sys, time, papermill
from benchmark.core import paths
from benchmark.publish.build import collect_jobs
from benchmark.publish.export import exporter, export_html
jobs = collect_jobs([sys.argv[1]])
exporter()
t = time.perf_counter()
for job in jobs:
    nb = papermill.execute_notebook(str(paths.NOTEBOOKS / job.notebook), None, parameters=job.params,
                                    progress_bar=False, kernel_name="python3", cwd=str(paths.NOTEBOOKS))
    export_html(nb, job.title, job.params)
print(len(jobs), time.perf_counter() - t)
"""


#: The batch whose PDFs are measured: the benchmark `make briefs` builds.
PDF_BENCHMARK = "kazakhstan-2017"
#: Targets: PDFs add at most this share to a full batch build; a brief's PDF and HTML at most these sizes.
PDF_OVERHEAD, MAX_PDF, MAX_HTML = 0.35, 2 * 1024 * 1024, 1024 * 1024


def pdf_rows(cb: str, r: int) -> list[tuple[str, str, str]]:
    """The batch rebuilt with HTML only and with HTML and PDF, alternately (so drift on a shared machine
    hits both alike); the PDF overhead and the largest files against their limits."""
    a, b, ratio = paired(
        lambda: timed([cb, "build", PDF_BENCHMARK, "--force", "--no-pdf"]),
        lambda: timed([cb, "build", PDF_BENCHMARK, "--force", "--pdf"]),
        r,
    )
    overhead = ratio - 1
    out = BENCH_DIR / "out"

    def first_print() -> float:
        """A build whose PDFs are printed for the first time: no section pages of a last print to start from."""
        from benchmark.publish.pdf import PAGES_DIR

        shutil.rmtree(out / PAGES_DIR, ignore_errors=True)
        return timed([cb, "build", PDF_BENCHMARK, "--force", "--pdf"])

    _, first, first_ratio = paired(lambda: timed([cb, "build", PDF_BENCHMARK, "--force", "--no-pdf"]), first_print, r)
    names = [p.stem for p in out.glob("*.pdf")]
    pdf = max(out.glob("*.pdf"), key=lambda p: p.stat().st_size)
    html = max((out / f"{n}.html" for n in names), key=lambda p: p.stat().st_size)
    verdict = "meets" if overhead <= PDF_OVERHEAD else "MISSES"
    size_ok = lambda size, limit: "within" if size <= limit else "OVER"  # noqa: E731
    return [
        (f"{len(names)} briefs ({PDF_BENCHMARK}), build --force --no-pdf", f"{a:.2f}", ""),
        (
            f"{len(names)} briefs ({PDF_BENCHMARK}), build --force --pdf",
            f"{b:.2f}",
            f"PDFs add {overhead:.0%} ({verdict} the target ≤ {PDF_OVERHEAD:.0%}); a rebuild starts from the "
            "section pages of the last print",
        ),
        (
            f"{len(names)} briefs ({PDF_BENCHMARK}), build --force --pdf, PDFs printed for the first time",
            f"{first:.2f}",
            f"PDFs add {first_ratio - 1:.0%} (a quick print that paints nothing finds the section pages first)",
        ),
        (
            f"largest PDF: {pdf.name}",
            f"{pdf.stat().st_size / 1024:.0f} KB",
            f"{size_ok(pdf.stat().st_size, MAX_PDF)} the limit of 2 MB",
        ),
        (
            f"largest HTML with a PDF: {html.name}",
            f"{html.stat().st_size / 1024:.0f} KB",
            f"{size_ok(html.stat().st_size, MAX_HTML)} the limit of 1 MB",
        ),
    ]


def lab_tax_env() -> Path:
    """A venv that sees this one's packages plus JupyterLab: the set-up the tooling notes measured.

    JupyterLab pulls jsonschema's format extras (rfc3987-syntax), which every process that imports
    nbformat then pays for at start-up. The workbook keeps JupyterLab out of .venv for that reason.
    """
    env = BENCH_DIR / "venv-with-jupyterlab"
    py = env / "bin" / "python"
    if not (env / "bin" / "jupyter-lab").exists():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        site = subprocess.run(
            [str(py), "-c", "import site; print(site.getsitepackages()[0])"], check=True, capture_output=True, text=True
        ).stdout.strip()
        ours = subprocess.run(
            [sys.executable, "-c", "import site; print(site.getsitepackages()[0])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        # addsitedir (not a bare path) so that the editable install's own .pth file is read too
        Path(site, "workbook-venv.pth").write_text(f"import site; site.addsitedir({ours!r})\n", encoding="utf-8")
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "jupyterlab>=4.2,<5"], check=True)
    return env / "bin"


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-fresh", action="store_true", help="skip the slow 20 fresh-kernel renders")
    ap.add_argument(
        "--with-lab-tax",
        action="store_true",
        help="also time the naive chain with JupyterLab installed beside it (installs it in "
        "reports/.bench/, about a minute the first time)",
    )
    ap.add_argument("--only", choices=("brief", "jobs", "pdf", "validation"), help="measure only this group")
    ap.add_argument("--pdf-only", action="store_true", help="the same as --only pdf")
    args = ap.parse_args()
    if args.pdf_only:
        args.only = "pdf"
    return args


def naive_chain(tmp: str, bin_dir: Path = BIN) -> float:
    """papermill's command line, then nbconvert's, on the Kazakhstan brief."""
    out_nb = Path(tmp) / "KAZ.ipynb"
    # nbconvert's templates are installed under our venv's share/jupyter
    env = {**BENCH_ENV, "JUPYTER_PATH": str(BIN.parent / "share" / "jupyter")}
    papermill = [str(bin_dir / "python"), "-m", "papermill", "notebooks/country_brief.ipynb", str(out_nb)]
    a = timed([*papermill, "-p", "country", "KAZ", "--no-progress-bar"], env=env)
    b = timed([str(bin_dir / "python"), "-m", "nbconvert", "--to", "html", "--no-input", str(out_nb)], env=env)
    return a + b


def brief_rows(cb: str, quick: int, args: argparse.Namespace) -> list[tuple[str, float, str]]:
    """The floor and one brief, in alternation; the naive chain (with JupyterLab beside it, if asked)."""
    with tempfile.TemporaryDirectory() as tmp:
        floor_cpu, brief_cpu = [], []

        def floor() -> float:
            wall, cpu = python_output(FLOOR)
            floor_cpu.append(cpu)
            return wall

        def one() -> float:
            wall, cpu = timed_cpu([cb, "brief", "KAZ", "--out", str(Path(tmp) / "KAZ.html")])
            brief_cpu.append(cpu)
            return wall

        floor_s, one_s, ratio = paired(floor, one, quick)
        cpu_ratio = statistics.median(b / a for a, b in zip(floor_cpu, brief_cpu, strict=True))
        rows = [(f"floor: kernel start + {FLOOR_IMPORTS}", floor_s, f"CPU {statistics.median(floor_cpu):.2f} s")]
        chain = median(lambda: naive_chain(tmp), args.repeat) if not args.only else None
        taxed = median(lambda: naive_chain(tmp, lab_tax_env()), args.repeat) if args.with_lab_tax else None
    note = (
        f"{ratio:.2f}× the floor (median of the pairs' ratios; target ≤ 1.5×); "
        f"CPU {statistics.median(brief_cpu):.2f} s, {cpu_ratio:.2f}× the floor's"
    )
    if chain is not None:
        rows.append(("naive chain: papermill CLI then jupyter nbconvert CLI (KAZ), our environment", chain, ""))
        note += f"; {chain / one_s:.2f}× faster than the naive chain"
    if taxed is not None:
        rows.append(("naive chain with JupyterLab installed beside it (the notes' set-up)", taxed, ""))
        note += f", {taxed / one_s:.2f}× faster than the naive chain with JupyterLab"
    rows.append(("one brief end to end: clusterbench brief KAZ", one_s, note))
    return rows


def jobs_rows(cb: str, r: int, args: argparse.Namespace) -> list[tuple[str, float, str]]:
    """20 briefs (HTML only) with one job and with two, in alternation; fresh kernels; a no-op rebuild."""
    bench = write_bench_definition()
    build = [cb, "build", str(bench), "--force", "--no-pdf"]
    j1, j2, ratio = paired(lambda: timed([*build, "--jobs", "1"]), lambda: timed([*build, "--jobs", "2"]), r)
    rows = [
        ("20 briefs, clusterbench build --force --no-pdf --jobs 1", j1, ""),
        (
            "20 briefs, clusterbench build --force --no-pdf --jobs 2",
            j2,
            f"{1 / ratio:.2f}× faster than --jobs 1 (median of the pairs' ratios; target ≥ 1.7×)",
        ),
    ]
    if not args.skip_fresh and not args.only:
        fresh = python_seconds(FRESH_JOBS, str(bench))
        rows.append(
            (
                "20 briefs one after another, a fresh kernel each (papermill's default)",
                fresh,
                f"--jobs 2 is {fresh / j2:.2f}× faster (target ≥ 2.5×)",
            )
        )
    noop = median(lambda: timed([cb, "build", str(bench)]), r)
    rows.append(("rebuild with nothing changed", noop, "target < 1 s"))
    return rows


def bytecode_cached() -> bool:
    """Whether this environment keeps compiled bytecode (else every process compiles pandas & co. again)."""
    import importlib.util

    import pandas

    return Path(importlib.util.cache_from_source(pandas.__file__)).exists()


def main() -> None:
    args = parse_args()
    r = args.repeat
    quick = max(r, 5)  # the single-brief timings are short and noisy: take more runs
    cb = str(BIN / "clusterbench")
    if args.only == "validation":
        print_validation(cb, r)
        return
    print(
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; Python "
        f"{sys.version.split()[0]}; bytecode cached: {'yes' if bytecode_cached() else 'no'}; "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}.\n"
    )
    rows = []
    if args.only in (None, "brief"):
        rows += brief_rows(cb, quick, args)
    if args.only in (None, "jobs"):
        rows += jobs_rows(cb, r, args)
    if rows:
        print_rows(rows, quick, r)
    if not args.only:
        print_phases()
    pdf = pdf_rows(cb, r) if args.only in (None, "pdf") else []
    if pdf:
        print_pdf_rows(pdf, r)
    results = {n: s for n, s, _ in rows} | {n: v for n, v, _ in pdf}
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


def print_rows(rows: list[tuple[str, float, str]], quick: int, r: int) -> None:
    print(f"Medians of {quick} runs for the floor and one brief, {r} for the others.\n")
    print("| measurement | seconds | against the target |\n|---|---:|---|")
    for name, secs, note in rows:
        print(f"| {name} | {secs:.2f} | {note} |")
    sizes = [p.stat().st_size for p in (BENCH_DIR / "out").glob("*.html")]
    real = [p.stat().st_size for p in (ROOT / "reports").rglob("*.html") if ".bench" not in p.parts]
    if sizes or real:
        print(f"| largest brief HTML | {max(sizes + real) / 1024:.0f} KB | target < 1 MB |")


def print_phases() -> None:
    out = subprocess.run([sys.executable, "-c", PHASES], check=True, cwd=ROOT, capture_output=True, text=True).stdout
    print("\nWhere the time goes in one brief (seconds since start, one run):\n")
    print("| at | phase |\n|---:|---|")
    for line in out.strip().splitlines():
        at, name = line.split("\t")
        print(f"| {at} | {name} |")


def print_pdf_rows(rows: list[tuple[str, str, str]], r: int) -> None:
    print(f"\nPDFs, measured side by side in this run (median of {r} alternating pairs, seconds or size):\n")
    print("| measurement | seconds or size | against the target |\n|---|---:|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    main()
