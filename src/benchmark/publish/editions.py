"""Editions of the training modules: the participant notebook (no solutions) and the trainer notebook.

:func:`export` writes one edition of every module (or some) into a folder, with offline HTML handouts
(``benchmark.publish.handouts``):

* **trainer**: the notebooks as they are, with the stored outputs of the cells nbval compares
  (tag ``nbval-check-output``);
* **participant**: every ``solution`` cell replaced by an answer cell that assigns ``NOT_ANSWERED``
  under a prompt, every ``trainer`` cell (notes for the room) removed, all outputs cleared.

In both, the markdown cells (the module's narrative, which trainers edit in JupyterLab) pass through
unchanged, so a sentence changed in a notebook is the sentence in the next export.

The modules are written in English (``notebooks/training/``), Russian (``notebooks/training/ru/``) and Kazakh
(``notebooks/training/kk/``): siblings whose code a test keeps identical to the English (:mod:`.siblings`). A
language without its own modules would fall back to the English ones: :func:`module_language` says which are used.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterable
from pathlib import Path

from ..core import paths
from ..core.errors import UserError
from ..core.text import LANGUAGES, check_lang, t
from .export import check_writable, write_atomic

MODULES = ("m1_cluster_economics", "m2_mapping_clusters", "m3_screening_initiatives", "m4_international_cases")

SOLUTION_TAG = "solution"
TRAINER_TAG = "trainer"
ANSWER_TAG = "answer"
CHECKED_TAG = "nbval-check-output"
#: Cell metadata that tells nbstripout (the pre-commit hook) to keep a cell's outputs: set on the compared cells.
KEEP_OUTPUT = "keep_output"
EDITIONS = ("participant", "trainer")


def module_dir(lang: str = "en") -> Path:
    """The folder of the modules written in ``lang``: ``notebooks/training/`` (English) or its ``<lang>/``."""
    return paths.TRAINING if lang == "en" else paths.TRAINING / lang


def module_languages() -> list[str]:
    """The languages the modules are written in: English, and each language with a folder of siblings."""
    return ["en"] + [x for x in LANGUAGES if x != "en" and any(module_dir(x).glob("m*.ipynb"))]


def module_language(lang: str) -> str:
    """The language of the modules used for ``lang``: itself if written in it, else English."""
    check_lang(lang)
    return lang if lang in module_languages() else "en"


def module_paths(modules: Iterable[str] | None = None, lang: str = "en") -> list[Path]:
    """The module notebooks in ``lang`` (English where none): all, or those whose stem starts with ``modules``."""
    folder = module_dir(module_language(lang))
    found = sorted(folder.glob("m*.ipynb"))
    if modules:
        wanted = list(modules)
        found = [p for p in found if any(p.stem == m or p.stem.split("_")[0] == m for m in wanted)]
        if not found:
            raise UserError(
                f"no training module matches {', '.join(wanted)}; modules: "
                + ", ".join(p.stem for p in sorted(folder.glob("m*.ipynb")))
            )
    if not found:
        raise UserError(f"no training notebooks in {paths.relative(folder)}")
    return found


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def answer_variable(source: str, where: str = "") -> str:
    """The variable a solution cell assigns last (the one the check cell reads)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise UserError(f"{where}: solution cell is not valid Python: {exc.msg}") from None
    names = [
        tgt.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for tgt in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(tgt, ast.Name)
    ]
    if not names:
        raise UserError(f"{where}: a cell tagged 'solution' must assign the answer variable (e.g. e2_1 = ...)")
    return names[-1]


def _exercise_number(var: str) -> str:
    m = re.fullmatch(r"e(\d+)_(\d+)", var)
    return f"{m.group(1)}.{m.group(2)}" if m else var


def participant_notebook(nb, lang: str = "en", where: str = ""):
    """A copy of a module notebook for participants: no solutions, no trainer notes, no outputs.

    Markdown cells not tagged ``trainer`` are kept exactly as they are.
    """
    import nbformat

    out = copy.deepcopy(nb)
    cells = []
    for i, cell in enumerate(out.cells):
        tags = _tags(cell)
        if TRAINER_TAG in tags:
            continue
        if SOLUTION_TAG in tags:
            var = answer_variable(cell.source, f"{where} cell {i}")
            prompt = t("training.answer_prompt", lang, number=_exercise_number(var), var=var)
            new = nbformat.v4.new_code_cell(prompt)
            new.metadata["tags"] = [ANSWER_TAG]
            cells.append(new)
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata["tags"] = [x for x in tags if x != CHECKED_TAG]
            cell.metadata.pop(KEEP_OUTPUT, None)
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
        cells.append(cell)
    out.cells = cells
    out.metadata.setdefault("clusterbench", {})["edition"] = "participant"
    return out


def trainer_notebook(nb):
    """A copy of a module notebook for trainers: solutions kept; only the compared outputs stored."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code" and CHECKED_TAG not in _tags(cell):
            cell.outputs = []
            cell.execution_count = None
    out.metadata.setdefault("clusterbench", {})["edition"] = "trainer"
    return out


def export(
    edition: str, out_dir: str | Path, html: bool = True, modules: Iterable[str] | None = None, lang: str = "en"
) -> list[Path]:
    """Write one edition of the training modules to ``out_dir``: notebooks and, with ``html``, handouts.

    The handouts are made by executing the written notebooks (participants' unanswered), so a
    successful export also proves that every notebook of the edition runs without errors. The modules
    are those written in ``lang`` (``notebooks/training/ru/`` for Russian), or the English ones where a
    language has none (:func:`module_language`); the answer prompts and handouts are in that language.

    Returns:
        The files written.
    """
    import nbformat

    from .handouts import write_handouts

    if edition not in EDITIONS:
        raise UserError(f"unknown edition {edition!r}; choose one of: {', '.join(EDITIONS)}")
    lang = module_language(lang)
    out_dir = Path(out_dir)
    check_writable(out_dir)
    written: list[Path] = []
    for src in module_paths(modules, lang):
        nb = nbformat.read(src, as_version=4)
        where = paths.relative(src)
        ed = participant_notebook(nb, lang, where) if edition == "participant" else trainer_notebook(nb)
        target = out_dir / src.name
        write_atomic(target, nbformat.writes(ed))
        written.append(target)
    if html:
        written += write_handouts(list(written), edition, lang)
    return written


def mark_slides(write: bool = True) -> list[str]:
    """Mark every module, in every language it is written in, with the slide rule (:mod:`.slides`).

    Returns one note per notebook whose marks were missing or out of date (written unless ``write`` is False).
    """
    import nbformat

    from .slides import mark

    notes = []
    for lang in module_languages():
        for path in module_paths(None, lang):
            nb = nbformat.read(path, as_version=4)
            if mark(nb):
                notes.append(f"{'marked' if write else 'not marked'}: {paths.relative(path)}")
                if write:
                    write_atomic(path, nbformat.writes(nb) + "\n")
    return notes
