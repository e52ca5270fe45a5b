"""The rule that turns a training module's cells into slides (inline cells, hand-checked)."""

import nbformat
import pytest

from benchmark.publish.slides import mark, slide_type

v4 = nbformat.v4


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (v4.new_markdown_cell("# M1 · Cluster economics\n\nRun the cells ..."), "slide"),
        (v4.new_markdown_cell("## Learning goals"), "slide"),
        (v4.new_markdown_cell("### Exercise 1.1\n\nWhich of these ..."), "subslide"),
        (v4.new_markdown_cell("A paragraph under the heading before."), "-"),
        (v4.new_markdown_cell("**Trainer note.** Let the room argue.", metadata={"tags": ["trainer"]}), "notes"),
        (v4.new_code_cell('lang = "en"  # language', metadata={"tags": ["parameters"]}), "skip"),
        (v4.new_code_cell("from benchmark.sections import training"), "skip"),
        (v4.new_code_cell('e1_1 = "b"\ne1_1', metadata={"tags": ["solution"]}), "fragment"),
        (v4.new_code_cell('training.policy_card("JPN", lang)'), "-"),
    ],
)
def test_each_kind_of_cell_has_its_slide_type(cell, expected):
    """A trainer presenting a module sees headings as slides, their notes as speaker notes, answers one click late."""
    assert slide_type(cell) == expected


def test_the_check_after_an_answer_appears_with_it_and_marking_is_idempotent():
    """The check cell after an answer is revealed with the answer; marking twice changes nothing the second time."""
    nb = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("### Exercise 1.1"),
            v4.new_code_cell('e1_1 = "b"', metadata={"tags": ["answer"]}),
            v4.new_code_cell('training.check("m1.e1", e1_1, lang)'),
        ]
    )
    assert mark(nb) is True
    assert [c.metadata["slideshow"]["slide_type"] for c in nb.cells] == ["subslide", "fragment", "fragment"]
    assert mark(nb) is False
