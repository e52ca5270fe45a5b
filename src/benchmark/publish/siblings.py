"""Training modules in other languages: sibling notebooks whose code follows the English module.

``notebooks/training/ru/m1_cluster_economics.ipynb`` is the Russian sibling of
``notebooks/training/m1_cluster_economics.ipynb``. It has the same cells in the same order, with the same
types and tags; its markdown cells are the translation; its code cells are the English ones except

* the value of ``lang`` in the parameters cell (``lang = "ru"``): every section and check call passes
  ``lang``, so tables, charts, feedback and numbers follow it;
* comments (``# ...``), translated for the reader of the handout, which shows the code;
* the prose of a written answer in a solution cell (a string over several lines: M4's model recommendation).

:func:`differences` lists where a sibling is out of step (a contract test fails on any);
:func:`sync` (``clusterbench training sync``) copies the English code cells over after an English module
was edited, inserts new English cells and drops removed ones, and says what is left to translate.
"""

from __future__ import annotations

import ast
import copy
import difflib
import io
import re
import tokenize
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import paths

if TYPE_CHECKING:
    from nbformat import NotebookNode

PARAMETERS_TAG = "parameters"
SOLUTION_TAG = "solution"
#: The word of an exercise's task heading ("### Exercise 2.1") in each language the modules are written in.
EXERCISE_HEADING = {"en": "Exercise", "ru": "Упражнение", "kk": "Жаттығу"}
#: The first words of the line that lists a case's sources, per language.
SOURCES_LINE = {"en": "**Sources:**", "ru": "**Источники:**", "kk": "**Дереккөздер:**"}
_LANG_LINE = re.compile(r"""^(lang\s*=\s*)(["'])[a-z]*\2""", re.M)


def _tags(cell) -> tuple[str, ...]:
    return tuple(cell.get("metadata", {}).get("tags", []))


def code_key(cell) -> str:
    """A code cell's code as compared between languages: no comments, ``lang``'s value and answer prose blanked."""
    tags = _tags(cell)
    out: list[str] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(cell.source).readline))
    except (tokenize.TokenError, SyntaxError):  # not valid Python: compare it as it is
        return cell.source
    for i, tok in enumerate(tokens):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.ENDMARKER):
            continue
        text = tok.string
        if tok.type == tokenize.STRING:
            before = [t.string for t in tokens[max(0, i - 2) : i]]
            if PARAMETERS_TAG in tags and before == ["lang", "="]:
                text = "<lang>"
            elif SOLUTION_TAG in tags and "\n" in text:
                text = "<prose>"
        out.append(f"{tok.type}:{text}")
    return " ".join(out)


def lang_of(nb) -> str | None:
    """The value the parameters cell gives ``lang``, or None when it sets none."""
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in _tags(cell):
            for node in ast.parse(cell.source).body:
                if (
                    isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "lang" for t in node.targets)
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                ):
                    return node.value.value
    return None


def set_lang(source: str, lang: str) -> str:
    """A parameters cell's source with ``lang = "<lang>"`` (the rest of the line kept)."""
    return _LANG_LINE.sub(lambda m: f'{m.group(1)}"{lang}"', source, count=1)


def _shape(cell) -> tuple:
    return (cell.cell_type, _tags(cell))


def differences(english, sibling, lang: str) -> list[str]:
    """Where ``sibling`` (a notebook in ``lang``) is out of step with the ``english`` module; [] when in step."""
    problems = []
    if lang_of(sibling) != lang:
        problems.append(f'the parameters cell must set lang = "{lang}" (it sets {lang_of(sibling)!r})')
    if [_shape(c) for c in english.cells] != [_shape(c) for c in sibling.cells]:
        problems.append(
            f"cells differ from the English module (count, order, types or tags): {len(english.cells)} English "
            f"cells, {len(sibling.cells)} here; run `clusterbench training sync --lang {lang}`"
        )
        return problems
    for i, (en, other) in enumerate(zip(english.cells, sibling.cells)):
        if en.cell_type == "code" and code_key(en) != code_key(other):
            problems.append(f"cell {i}: code differs from the English module's (only comments may differ)")
        if en.cell_type == "markdown" and en.source.strip() and en.source == other.source:
            problems.append(f"cell {i}: markdown not translated yet (the same as the English module's)")
    return problems


def _clear(cell) -> None:
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None


def _english_copy(cell, lang: str):
    new = copy.deepcopy(cell)
    if new.cell_type == "code":
        if PARAMETERS_TAG in _tags(new):
            new.source = set_lang(new.source, lang)
        _clear(new)
    return new


def _pair(en, other, lang: str, i: int, notes: list[str]):
    """The sibling's cell at English position ``i``: its translation kept, the English code and tags taken."""
    cell = copy.deepcopy(other)
    cell.metadata = copy.deepcopy(en.metadata)  # tags, keep_output
    cell["id"] = en.get("id", cell.get("id"))
    if en.cell_type == "code" and code_key(en) != code_key(other):
        cell.source = _english_copy(en, lang).source
        _clear(cell)
        notes.append(f"cell {i}: code copied from the English module (translate its comments, if any)")
    return cell


def aligned(english, sibling, lang: str) -> tuple[list, list[str]]:
    """The sibling's cells re-ordered on the English ones, and notes on what changed or needs translating.

    Code cells are matched by their code (``code_key``), markdown cells by position between them.
    """

    def key(c):
        return (c.cell_type, _tags(c), code_key(c) if c.cell_type == "code" else "")

    cells: list[NotebookNode] = []
    notes: list[str] = []
    ops = difflib.SequenceMatcher(None, [key(c) for c in english.cells], [key(c) for c in sibling.cells], False)
    for op, i1, i2, j1, j2 in ops.get_opcodes():
        en, other = english.cells[i1:i2], sibling.cells[j1:j2]
        if op == "equal":
            cells += [_pair(a, b, lang, i1 + k, notes) for k, (a, b) in enumerate(zip(en, other))]
            continue
        # a changed stretch: pair cells of the same type in order; the rest is new (English) or removed
        inner = difflib.SequenceMatcher(None, [c.cell_type for c in en], [c.cell_type for c in other], False)
        for op2, a1, a2, b1, b2 in inner.get_opcodes():
            for k in range(a1, a2):
                i = i1 + k
                if op2 == "equal":
                    cells.append(_pair(en[k], other[b1 + k - a1], lang, i, notes))
                else:
                    cells.append(_english_copy(en[k], lang))
                    what = "translate it" if en[k].cell_type == "markdown" else "translate its comments, if any"
                    notes.append(f"cell {i}: new {en[k].cell_type} cell copied from the English module ({what})")
            if op2 != "equal":
                for k in range(b1, b2):
                    first = other[k].source.strip().splitlines()[:1]
                    notes.append(f"removed a {other[k].cell_type} cell the English module no longer has: {first}")
    return cells, notes


def sibling_path(english: Path, lang: str) -> Path:
    """Where the ``lang`` sibling of an English module lives: ``notebooks/training/<lang>/<same name>``."""
    return english.parent / lang / english.name


def sync(english: Path, lang: str, write: bool = True) -> list[str]:
    """Bring the ``lang`` sibling of ``english`` in step with it; return what changed and what to translate.

    [] when the sibling is in step (same cells, same code, every markdown cell translated).

    A missing sibling is created from the English module (its markdown then waits for translation). Code
    cells whose code changed get the English code (and lose their stored outputs:
    run ``scripts/store_checked_outputs.py``).
    """
    import nbformat

    from .export import write_atomic

    target = sibling_path(english, lang)
    en = nbformat.read(english, as_version=4)
    if target.exists():
        old = nbformat.read(target, as_version=4)
        cells, notes = aligned(en, old, lang)
        new = copy.deepcopy(old)
        new.cells = cells
        changed = nbformat.writes(new) != nbformat.writes(old)
    else:
        new = copy.deepcopy(en)
        new.cells = [_english_copy(c, lang) for c in en.cells]
        notes = ["created from the English module (its markdown cells, listed below, wait for translation)"]
        changed = True
    if changed and write:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, nbformat.writes(new) + "\n")
    noted = {n.split(":")[0] for n in notes}  # "cell 7"
    notes += [d for d in differences(en, new, lang) if d.split(":")[0] not in noted]  # translations still to do
    return [f"{paths.relative(target)}: {n}" for n in notes]
