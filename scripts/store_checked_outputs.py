"""Execute notebooks with their default parameters and store the outputs of cells tagged `nbval-check-output`.

Run after an intended change to what those cells show (nbval then compares against the new outputs):
    .venv/bin/python scripts/store_checked_outputs.py notebooks/country_brief.ipynb
All other outputs stay stripped, so the notebooks stay small and diffable.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TAG = "nbval-check-output"


def store(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(
        executed, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell, done in zip(nb.cells, executed.cells):
        if cell.cell_type != "code":
            continue
        if TAG in cell.metadata.get("tags", []):
            cell.outputs = done.outputs
            cell.execution_count = done.execution_count
            cell.metadata["keep_output"] = True  # nbstripout (pre-commit) keeps what nbval compares
        else:
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)
    print(f"stored checked outputs in {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        store(Path(arg))
