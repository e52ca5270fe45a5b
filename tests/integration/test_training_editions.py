"""Training editions end to end: export both, run the participant edition unanswered, check the handouts.

The module text is the notebooks' markdown cells: a trainer's edit must reach the exported handout.
Every check runs for the English modules and for their Russian and Kazakh siblings (``--lang ru``, ``--lang kk``).

The trainer edition's answer cells are checked by nbval (see docs/training.md):
    pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/training
"""

from __future__ import annotations

import re

import nbformat
import pytest

from benchmark.publish import editions, siblings

pytestmark = pytest.mark.slow


LANGS = ["en", "ru", "kk"]


@pytest.fixture(scope="module", params=LANGS)
def participant(request, tmp_path_factory):
    """The participant edition with handouts in a language: every module executed as a participant gets it."""
    out = tmp_path_factory.mktemp(f"participant-{request.param}")
    editions.export("participant", out, html=True, lang=request.param)  # raises if any cell of any module fails
    return out, request.param


def test_participant_edition_runs_unanswered_and_says_so(participant):
    """Run with nothing answered, every module executes and each check says 'not answered yet'."""
    participant, lang = participant
    for nb_path in editions.module_paths(lang=lang):
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
    participant, lang = participant
    for nb_path in editions.module_paths(lang=lang):
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
        assert all(siblings.EXERCISE_HEADING[lang] in c.source for c in answers)  # the prompt in the module's language


def test_handouts_are_offline(participant):
    """A handout must open in a classroom without internet: no scripts or styles from the network."""
    participant, _ = participant
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


#: Words each language's handouts must show, and words of the other language they must not.
HANDOUT_WORDS = {
    "en": (("Learning goals", "For discussion in the room"), "Цели обучения"),
    "ru": (("Цели обучения", "Для обсуждения в группе"), "Learning goals"),
    "kk": (("Оқу мақсаттары", "Топта талқылауға"), "Learning goals"),
}


def test_handouts_are_in_the_modules_language(participant):
    """Each handout declares its language and shows the module in it: its title, text and the checks' feedback."""
    from benchmark.core.text import t

    participant, lang = participant
    shown, foreign = HANDOUT_WORDS[lang]
    for nb_path in editions.module_paths(lang=lang):
        html = (participant / nb_path.with_suffix(".html").name).read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        assert f"<title>{t(f'training.{nb_path.stem[:2]}_title', lang)}" in html
        assert all(w in html for w in shown) and foreign not in html, nb_path.name
        assert t("training.status_not_answered", lang) in html


def test_cli_exports_russian_trainer_edition_with_solutions(tmp_path):
    """`training export --lang ru --edition trainer` writes the Russian module, every check confirmed in Russian."""
    from typer.testing import CliRunner

    from benchmark.cli import app

    args = ["training", "export", "--lang", "ru", "--edition", "trainer", "--module", "m4", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "m4_international_cases.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in html and "Уроки международного опыта" in html
    assert html.count("cb-feedback cb-right") == 4 and "cb-feedback cb-wrong" not in html
    assert "✔ Верно." in html and "Рекомендация: со второго года" in html  # the model answer, in Russian
    nb = nbformat.read(tmp_path / "m4_international_cases.ipynb", as_version=4)
    assert any("solution" in c.metadata.get("tags", []) for c in nb.cells)


def test_cli_exports_kazakh_trainer_edition_with_solutions(tmp_path):
    """`training export --lang kk --edition trainer` writes the Kazakh module, every check confirmed in Kazakh."""
    from typer.testing import CliRunner

    from benchmark.cli import app
    from benchmark.core.text import t

    args = ["training", "export", "--lang", "kk", "--edition", "trainer", "--module", "m4", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "not written in" not in result.output  # no fallback to the English modules
    html = (tmp_path / "m4_international_cases.html").read_text(encoding="utf-8")
    assert '<html lang="kk">' in html and t("training.m4_title", "kk") in html
    assert html.count("cb-feedback cb-right") == 4 and "cb-feedback cb-wrong" not in html
    assert t("training.status_right", "kk") in html and "Ұсыныс: екінші жылдан" in html  # the model answer, in Kazakh
