"""Training editions end to end: export both, run the participant edition unanswered, check the handouts.

The module text is the notebooks' markdown cells: a trainer's edit must reach the exported handout.

The trainer edition's answer cells are checked by nbval (see docs/training.md):
    pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/training
"""

from __future__ import annotations

import re

import nbformat
import pytest

from benchmark.publish import editions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def participant(tmp_path_factory):
    """The participant edition with handouts: every module executed as a participant gets it (unanswered)."""
    out = tmp_path_factory.mktemp("participant")
    editions.export("participant", out, html=True)  # raises if any cell of any module fails
    return out


def test_participant_edition_runs_unanswered_and_says_so(participant):
    """Run with nothing answered, every module executes and each check says 'not answered yet'."""
    for nb_path in editions.module_paths():
        html = (participant / nb_path.with_suffix(".html").name).read_text(encoding="utf-8")
        n_checks = nbformat.read(nb_path, as_version=4).cells
        expected = sum(1 for c in n_checks if "solution" in c.metadata.get("tags", []))
        assert html.count("cb-feedback cb-not_answered") == expected, nb_path.name
        assert "cb-feedback cb-wrong" not in html and "cb-feedback cb-right" not in html
        assert (
            "Traceback" not in html
            and 'class="jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr"' not in html
        )


def test_participant_notebooks_contain_no_solution_code(participant):
    """No line of any solution cell may reach the participants' notebooks or handouts."""
    for nb_path in editions.module_paths():
        src_nb = nbformat.read(nb_path, as_version=4)
        solution_lines = {
            line.strip()
            for c in src_nb.cells
            if "solution" in c.metadata.get("tags", [])
            for line in c.source.splitlines()
            if line.strip() and not line.strip().startswith("#")
        }
        # bare display lines, and the quotes that open and close a written answer (the task shows that form)
        solution_lines = {s for s in solution_lines if not re.fullmatch(r'(e\d+_\d+)?|(e\d+_\d+ = )?"""', s)}
        part = nbformat.read(participant / nb_path.name, as_version=4)
        text = "\n".join(c.source for c in part.cells)
        assert not [s for s in solution_lines if s in text], nb_path.name
        assert not [
            c for c in part.cells if "solution" in c.metadata.get("tags", []) or "trainer" in c.metadata.get("tags", [])
        ]
        answers = [c for c in part.cells if "answer" in c.metadata.get("tags", [])]
        assert len(answers) == sum("solution" in c.metadata.get("tags", []) for c in src_nb.cells)
        assert all(c.source.rstrip().endswith("= training.NOT_ANSWERED") for c in answers)


def test_handouts_are_offline(participant):
    """A handout must open in a classroom without internet: no scripts or styles from the network."""
    for html_path in participant.glob("*.html"):
        html = html_path.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link|img|iframe)\b[^>]*(src|href)=["']?(https?:)?//""", html, re.I)
        if html_path.name.startswith(("m1_", "m2_")):
            assert "<svg" in html  # M1's timelines and M2's chart are inline SVG, not files


def test_cli_exports_trainer_edition_with_solutions(tmp_path):
    """`clusterbench training export --edition trainer` writes notebooks whose checks all say 'right'."""
    from typer.testing import CliRunner

    from benchmark.cli import app

    result = CliRunner().invoke(app, ["training", "export", "--edition", "trainer", "--module", "m1", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "m1_cluster_economics.html").read_text(encoding="utf-8")
    assert html.count("cb-feedback cb-right") == 4 and "cb-feedback cb-wrong" not in html
    nb = nbformat.read(tmp_path / "m1_cluster_economics.ipynb", as_version=4)
    assert any("solution" in c.metadata.get("tags", []) for c in nb.cells)


@pytest.mark.parametrize("edition", ["participant", "trainer"])
def test_trainer_edit_to_a_markdown_cell_shows_in_the_handout(tmp_path, monkeypatch, edition):
    """A trainer changes a sentence of a module in JupyterLab, saves, re-exports: the handout says the new sentence."""
    from benchmark.core import paths

    module = paths.TRAINING / "m1_cluster_economics.ipynb"
    nb = nbformat.read(module, as_version=4)
    sentence = "In the Almaty rerun of this module, groups met in the library on the second morning."
    original = module.read_text(encoding="utf-8")
    assert sentence not in original
    case = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Case"))
    case.source = case.source.replace("\n\n", f"\n\n{sentence}\n\n", 1)
    edited = tmp_path / "training"
    edited.mkdir()
    nbformat.write(nb, edited / module.name)
    monkeypatch.setattr(paths, "TRAINING", edited)

    written = editions.export(edition, tmp_path / "out", modules=["m1"])

    html = (tmp_path / "out" / "m1_cluster_economics.html").read_text(encoding="utf-8")
    assert tmp_path / "out" / "m1_cluster_economics.html" in written
    assert f"<p>{sentence}</p>" in html  # rendered as its own paragraph, where the trainer put it
    assert html.index("Case: Astana") < html.index(sentence) < html.index("Sources:")
