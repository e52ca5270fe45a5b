"""Store the outputs nbval compares: execute notebooks with their default parameters, keep every code cell's output.

This is the one writer of the notebooks' reference outputs (nbval's "golden files"). The test run never
writes them; run this after an intended change to what a notebook shows (a new cell, corrected data, new
wording), review the diff (`git diff notebooks/`), and commit it with the change:

    .venv/bin/python scripts/store_checked_outputs.py                      # every notebook
    .venv/bin/python scripts/store_checked_outputs.py notebooks/country_brief.ipynb notebooks/training/ru/*.ipynb

Each notebook runs in a fresh kernel of this environment in its own folder, as nbval runs it (plain nbclient,
not the workbook's own execution engine, so the code under test does not write its own expected output). Every
code cell keeps its outputs (``keep_output: true``, so the pre-commit nbstripout hook leaves them) and is tagged
``nbval-check-output`` (nbval's tag for a compared cell); a cell tagged
``nbval-ignore-output`` or ``nbval-skip`` keeps none. Volatile parts (paths, addresses, timestamps, hashes) are
not edited here: nbval blanks them on both sides with ``tests/nbval_sanitize.cfg``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Cells whose output nbval does not compare (their tags); they are stored without outputs.
NOT_COMPARED = ("nbval-ignore-output", "nbval-skip")
KEEP_OUTPUT = "keep_output"
#: nbval's own tag for a cell whose output is compared (the only cells it checks under ``--nbval-lax``): every
#: stored output is marked with it, so that a reader (and a tool) sees the output is a reference, not a leftover.
COMPARED = "nbval-check-output"


def default_notebooks() -> list[Path]:
    """Every notebook nbval runs: the brief notebooks and the training modules in every language."""
    nb = ROOT / "notebooks"
    training = sorted((nb / "training").glob("*.ipynb")) + sorted(nb.glob("training/*/*.ipynb"))
    return sorted(nb.glob("*.ipynb")) + training


def store(path: Path) -> int:
    """Execute ``path`` and write it back with every compared cell's outputs; returns how many cells have output."""
    import nbformat
    from nbclient import NotebookClient

    committed = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(
        executed, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    kept = 0
    for cell, done in zip(committed.cells, executed.cells, strict=True):
        if cell.cell_type != "code":
            continue
        tags = [t for t in cell.metadata.get("tags", []) if t != COMPARED]
        if any(tag in NOT_COMPARED for tag in tags):
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop(KEEP_OUTPUT, None)
            cell.metadata["tags"] = tags
            continue
        cell.metadata["tags"] = [*tags, COMPARED]
        cell.outputs = done.outputs
        for output in cell.outputs:
            output.get("metadata", {}).clear()  # execution timing and the like: not compared, only noise in diffs
        cell.execution_count = done.execution_count
        cell.metadata[KEEP_OUTPUT] = True  # nbstripout (pre-commit) keeps what nbval compares
        kept += bool(cell.outputs)
    nbformat.write(committed, path)
    return kept


def main(argv: list[str]) -> int:
    targets = [Path(a).resolve() for a in argv] or default_notebooks()
    for path in targets:
        kept = store(path)
        print(f"stored the outputs of {kept} cells in {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
