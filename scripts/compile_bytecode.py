"""Compile to bytecode the modules a build imports, once, at set-up (`make` runs this after installing).

Every process of a build (the command, its workers, their kernels) imports from `.pyc` files when they
exist; where the environment sets PYTHONDONTWRITEBYTECODE, nothing would ever write them and every process
would compile pandas, matplotlib and the rest again (5 s each). Compiling the whole environment takes 11 s
on the project's 2-core machine, most of it for modules no build imports (other lexers, terminal and
font-editing libraries, the packages' test suites). So two processes import what a build imports, a kernel
warming up as a build's kernels do and the command's side, each writing the bytecode of what it imports:
about half the time.

A module imported later, in a code path these imports do not reach, is compiled in memory when imported,
as Python always does; nothing is wrong, it is only slower. Run: `.venv/bin/python scripts/compile_bytecode.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys

#: A kernel started as a build starts it, running its warm-up (pandas, matplotlib, every section, one chart),
#: and what the sections import on first use (maps, number formats, the training's checks).
KERNEL = (
    "from benchmark.publish.execute import KernelSession\n"
    "with KernelSession() as kernel:\n"
    "    kernel.run('import shapely, babel.numbers, babel.dates, benchmark.sections.training.checks, "
    "benchmark.sections.mapping')\n"
)
#: What the command and its workers import: the command line, the checks, papermill and nbclient, nbconvert
#: with its template's filters, the printer (Playwright, pypdf) and the build's record.
COMMAND = (
    "import benchmark.cli, benchmark.publish.build, benchmark.publish.render, benchmark.publish.pdf, "
    "benchmark.inputs.validate, benchmark.publish.index, benchmark.publish.editions, benchmark.publish.handouts; "
    "import papermill, papermill.engines, nbclient, nbconvert, nbconvert.filters, jinja2, mistune, "
    "pygments.lexers.python, "
    "playwright.sync_api, pypdf, rich.progress, rich.table, typer, jupyter_client.manager"
)


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for code in (KERNEL, COMMAND)]
    return max(p.wait() for p in procs)


if __name__ == "__main__":
    sys.exit(main())
