"""Training modules: feedback on answers, the figures the texts refer to, the participant and trainer editions."""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

from benchmark.core import paths, text
from benchmark.publish import editions, siblings
from benchmark.sections import training
from benchmark.sections.training import NOT_ANSWERED, Exercise


def number_ex(**kw) -> Exercise:
    """A throwaway exercise whose expected answer is 1.5 (texts borrowed from m2.e1)."""
    return Exercise("m2.e1", "number", expected=lambda: 1.5, tolerance=0.011, **kw)


# --- the keys by hand, from the shipped CSV files (not through the package's measures) -----------------


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _german() -> dict[tuple[str, str], float]:
    """Employment by (Land code, section) of the table M2 uses, without the Germany row."""
    table = paths.DATA / "employment" / "deu_laender_persons_employed_by_section_2015.csv"
    return {
        (r["region_iso"], r["sector_code"]): float(r["employment"]) for r in _rows(table) if r["region_iso"] != "DE"
    }


def _by_hand(cells: dict[tuple[str, str], float]) -> dict[tuple[str, str], dict[str, float]]:
    """Location quotient, share of the region and share of the sector of every cell, by the textbook formulas."""
    region: dict[str, float] = {}
    sector: dict[str, float] = {}
    for (r, s), v in cells.items():
        region[r] = region.get(r, 0) + v
        sector[s] = sector.get(s, 0) + v
    total = sum(cells.values())
    return {
        (r, s): {
            "lq": (v / region[r]) / (sector[s] / total),
            "share_of_region": v / region[r],
            "share_of_sector": v / sector[s],
            "region_share": region[r] / total,
        }
        for (r, s), v in cells.items()
    }


def _stars_by_hand(cells, region: str, sector: str) -> int:
    """European Cluster Observatory stars: size and focus in the top 10% of regions (fewer than 10% above), LQ >= 2."""
    m = _by_hand(cells)
    in_sector = {r: v for (r, s), v in cells.items() if s == sector}
    top = 0.10 * len(in_sector)
    size = sum(v > in_sector[region] for v in in_sector.values()) < top
    shares = {r: m[(r, sector)]["share_of_region"] for r in in_sector}
    focus = sum(v > shares[region] for v in shares.values()) < top
    return int(size) + int(m[(region, sector)]["lq"] >= 2) + int(focus)


KARAGANDA = ("Karaganda", "C", "2017")


def _kazakh(include_memo: bool = False) -> dict[tuple[str, str], float]:
    """Value added by (region, section) in 2017 from the shipped CSV: the units that add up to Kazakhstan."""
    table = next((paths.DATA / "regional").glob("kz_gva_by_region_oked_section_*.csv"))
    keep = {"TRUE", "FALSE"} if include_memo else {"TRUE"}
    return {
        (r["region_en"], r["activity_code"]): float(r["value"])
        for r in _rows(table)
        if r["year"] == KARAGANDA[2] and r["row_type"] == "section" and r["in_national_sum"] in keep
    }


def _karaganda_with_memo_rows() -> float:
    """Karaganda's quotient with Shymkent and Turkistan (memo rows) counted in Kazakhstan a second time."""
    cells, region, section = _kazakh(include_memo=True), KARAGANDA[0], KARAGANDA[1]
    own = {k: v for k, v in cells.items() if k[0] == region}
    total, in_section = sum(cells.values()), sum(v for (r, s), v in cells.items() if s == section)
    return (own[(region, section)] / sum(own.values())) / (in_section / total)


def test_right_number_is_confirmed():
    """A participant with the right answer must be told so."""
    fb = number_ex().check(1.5)
    assert fb.right and fb.status == "right"
    assert "Right" in repr(fb) and "cb-right" in fb._repr_html_()


def test_rounding_within_tolerance_is_right():
    """An answer rounded to two decimals (1.51 for 1.5) must not be marked wrong."""
    assert number_ex().check(1.51).right
    assert not number_ex().check(1.53).right


def test_wrong_number_gets_hint_without_answer():
    """A wrong answer gets a helpful message that does not contain the expected value."""
    fb = number_ex().check(3.0)
    assert fb.status == "wrong"
    assert fb.message and "1.5" not in fb.message


def test_diagnosed_mistake_gets_its_own_message():
    """A recognised mistake (the quotient upside down) gets the message written for it."""
    ex = number_ex(diagnose=lambda given, exp: "inverted" if abs(given - 1 / exp) < 0.01 else None)
    fb = ex.check(1 / 1.5)
    assert fb.message == text.t("training.m2_e1_inverted")


def test_not_answered_is_reported_not_raised():
    """An untouched answer cell must say 'not answered yet' and let later cells run."""
    fb = number_ex().check(NOT_ANSWERED)
    assert fb.status == "not_answered" and not fb
    assert "not answered" in repr(fb).lower()


@pytest.mark.parametrize(
    "answer, status",
    [
        (None, "invalid"),
        ("abc", "invalid"),
        (True, "invalid"),
        (float("nan"), "invalid"),
        ("1,5", "right"),
    ],
)
def test_answer_forms(answer, status):
    """Answers of the wrong type get a message about the form; '1,5' (decimal comma) is read as 1.5."""
    assert number_ex().check(answer).status == status


def test_table_answer_is_explained():
    """Passing a whole pandas Series instead of one value gets a message saying how to pick one."""
    import pandas as pd

    fb = number_ex().check(pd.Series([1.5]))
    assert fb.status == "invalid" and ".loc" in fb.message


def test_set_answers_in_any_order_and_form():
    """A list of region codes is right in any order, as a list or a comma-separated string."""
    ex = Exercise("m2.e5", "set", expected=lambda: {"a", "b"})
    assert ex.check(["B", "a"]).right
    assert ex.check("a, b").right
    fb = ex.check(["a"])
    assert fb.status == "wrong" and "missing" in fb.message


def test_real_exercises_confirm_right_and_reject_wrong():
    """The shipped M2 exercises accept the answers a participant computes by hand from the German table."""
    cells, m = _german(), _by_hand(_german())
    assert training.check("m2.e1", round(m[("DE-BE", "J")]["lq"], 2)).right  # Berlin's ICT quotient
    lq_c = {r: v["lq"] for (r, s), v in m.items() if s == "C"}
    jobs_c = {r: v for (r, s), v in cells.items() if s == "C"}
    most_specialised, largest = max(lq_c, key=lq_c.get), max(jobs_c, key=jobs_c.get)
    assert training.check("m2.e2", most_specialised).right
    assert largest != most_specialised  # else the exercise could not tell size from specialisation
    fb = training.check("m2.e2", largest)  # most manufacturing jobs, not the highest LQ
    assert fb.status == "wrong" and "size" in fb.message
    fb = training.check("m2.e2", "Bavarai")  # a typo names no Land: say how to answer, not "sort the quotients"
    assert fb.status == "wrong" and fb.message == text.t("training.m2_e2_not_an_option")
    stars = _stars_by_hand(cells, "DE-BW", "C")
    assert training.check("m2.e3", stars).right and training.check("m2.e3", (stars + 1) % 4).status == "wrong"
    small = sorted({r for (r, s), v in m.items() if v["region_share"] < 0.02})  # below 2% of all employment
    assert small and training.check("m2.e5", small).right
    assert training.check("m2.e5", small[:-1] or ["DE-NW"]).status == "wrong"


def test_japans_third_term_is_counted_inclusively():
    """Exercise 1.3 counts the years of the autonomous growth term, first and last year both included.

    A deliberate pin to the seed digest, which prints the term as 2011-2020 (the METI source agrees).
    """
    from benchmark.sections.training.m1_economics import JAPAN_TERMS

    assert JAPAN_TERMS["autonomous_growth"] == (2011, 2020)
    assert training.check("m1.e3", 10).right and training.check("m1.e3", 9).status == "wrong"


def test_russian_subsidy_growth_is_read_from_the_country_file():
    """Exercise 4.2's key is the ratio of the 2014 and 2013 federal subsidies as data/countries/RUS.yaml states them."""
    from benchmark.inputs import load
    from benchmark.sections.training.m4_cases import RUS_SUBSIDY_SOURCE

    amounts = {
        f.year_start: f.amount
        for p in load.load_country("RUS").programmes
        for f in p.financing
        if f.source == RUS_SUBSIDY_SOURCE and f.per == "year" and f.currency == "RUB"
    }
    ratio = amounts[2014] / amounts[2013]
    assert training.check("m4.e2", round(ratio, 2)).right
    assert training.check("m4.e2", round(1 / ratio, 2)).message == text.t("training.m4_e2_inverted")


def _karaganda_mistakes() -> list[tuple[float, str]]:
    """Wrong answers to exercise 2.6 computed by hand from the CSV, each with the message it must get."""
    m = _by_hand(_kazakh())[KARAGANDA[:2]]
    return [
        (round(1 / m["lq"], 2), "m2_e6_inverted"),  # the quotient upside down
        (round(m["share_of_region"], 2), "m2_e6_share_only"),  # manufacturing's share of Karaganda's value added
        (round(100 * m["share_of_sector"], 1), "m2_e6_share_of_kazakhstan"),  # Karaganda's share of Kazakhstan's C
        (round(100 * m["lq"]), "m2_e6_percent"),
        (round(_karaganda_with_memo_rows(), 2), "m2_e6_memo_rows"),
        (round(m["lq"] / 2, 1), "m2_e6_hint"),
    ]


def test_kazakhstan_exercise_recognises_mistakes():
    """Exercise 2.6 (Karaganda, C, value added 2017) names the mistake without giving the answer."""
    for answer, key in _karaganda_mistakes():
        fb = training.check("m2.e6", answer)
        assert fb.status == "wrong" and fb.message == text.t(f"training.{key}"), (answer, key)


@pytest.mark.parametrize(
    "exercise, answer",
    [
        ("m1.e1", "б"),  # the letter b typed on a Russian keyboard
        ("m1.e4", "запуск"),
        ("m1.e4", "Период запуска"),
        ("m2.e2", "Баден-Вюртемберг"),  # a Land by its Russian name (pycountry's ISO 3166-2 catalogue)
        ("m2.e2", "Baden-Württemberg"),
        ("m2.e4", "выше"),
        ("m2.e4", "Выше."),
        ("m2.e5", ["Бремен", "Саар", "Мекленбург-Передняя Померания"]),
        ("m3.e1", "Заявка P"),
        ("m3.e1", "Р"),  # a Cyrillic Р that looks like the Latin P
        ("m4.e1", "Россия"),
        ("m4.e1", "Российская Федерация"),
        ("m4.e3", "децентрализация"),
    ],
)
def test_word_answers_are_accepted_in_russian(exercise, answer):
    """A Russian participant answers in Russian (or with Russian letters) and is told so in Russian."""
    fb = training.check(exercise, answer, "ru")
    assert fb.right, fb.message
    assert fb.message == text.t(f"training.{exercise.replace('.', '_')}_right", "ru")
    assert repr(fb).startswith(text.t("training.status_right", "ru"))


@pytest.mark.parametrize(
    "exercise, answer, key",
    [
        ("m2.e4", "ниже", "m2_e4_hint"),
        ("m2.e4", "вверх-вниз", "m2_e4_not_an_option"),
        ("m4.e1", "Казахстан", "m4_e1_counts"),
        ("m4.e1", "Япония", "m4_e1_not_an_option"),
        ("m1.e4", "развитие", "m1_e4_term_development"),
        ("m4.e3", "координация", "m4_e3_hint"),
        ("m2.e2", "Бавария", "m2_e2_largest"),  # most manufacturing jobs, not the highest quotient
    ],
)
def test_wrong_russian_answers_get_the_russian_message_for_their_mistake(exercise, answer, key):
    """A wrong answer in Russian is recognised like its English twin, and the message is the Russian one."""
    fb = training.check(exercise, answer, "ru")
    assert fb.status == "wrong" and fb.message == text.t(f"training.{key}", "ru")


@pytest.mark.parametrize(
    "exercise, answer",
    [
        ("m1.e1", "б"),  # the letter b typed on a Kazakh keyboard
        ("m1.e4", "іске қосу"),
        ("m1.e4", "Іске қосу кезеңі"),
        ("m2.e4", "жоғары"),
        ("m3.e1", "Өтінім P"),
        ("m4.e1", "Ресей"),
        ("m4.e3", "орталықсыздандыру"),
    ],
)
def test_word_answers_are_accepted_in_kazakh(exercise, answer):
    """A Kazakh participant answers in Kazakh and is told so in Kazakh."""
    fb = training.check(exercise, answer, "kk")
    assert fb.right, fb.message
    assert fb.message == text.t(f"training.{exercise.replace('.', '_')}_right", "kk")
    assert repr(fb).startswith(text.t("training.status_right", "kk"))


@pytest.mark.parametrize(
    "exercise, answer, key",
    [
        ("m2.e4", "төмен", "m2_e4_hint"),
        ("m4.e1", "Қазақстан", "m4_e1_counts"),
        ("m4.e1", "Жапония", "m4_e1_not_an_option"),
        ("m1.e4", "даму", "m1_e4_term_development"),
        ("m1.e4", "автономды өсу", "m1_e4_term_autonomous_growth"),
        ("m4.e3", "үйлестіру", "m4_e3_hint"),
    ],
)
def test_wrong_kazakh_answers_get_the_kazakh_message_for_their_mistake(exercise, answer, key):
    """A wrong answer in Kazakh is recognised like its English twin, and the message is the Kazakh one."""
    fb = training.check(exercise, answer, "kk")
    assert fb.status == "wrong" and fb.message == text.t(f"training.{key}", "kk")


def test_kazakh_recommendation_passes_the_rubric_and_a_thin_one_does_not():
    """Exercise 4.4 reads Kazakh: focal country, a peer, a dimension and a caveat, whatever their endings."""
    body = " ".join(["Сөз"] * 110)
    good = (
        f"Жапонияның тәжірибесі бойынша Қазақстанға ұсыныс: «Басқару» параметрі. {body} "
        "Шектеулер: балдар — сараптамалық пікір, пилоттық кластерлердің атаулары белгісіз."
    )
    assert training.check("m4.e4", good, "kk").right
    fb = training.check("m4.e4", body, "kk")
    assert fb.status == "wrong"
    for missing in ("no_focal", "no_peer", "no_dimension", "no_caveat"):
        assert text.t(f"training.m4_e4_{missing}", "kk") in fb.message


def test_english_answers_keep_their_english_feedback():
    """The English course is unchanged: English answers, English messages."""
    assert training.check("m2.e4", "higher").message == text.t("training.m2_e4_right")
    assert training.check("m4.e1", "Russia").right and training.check("m4.e1", "Kazakhstan").status == "wrong"
    assert training.check("m2.e2", "Bavaria").message == text.t("training.m2_e2_largest")


def test_a_decimal_comma_in_code_is_explained():
    """`e2_1 = 1,78` is a tuple in Python: the participant is told to write 1.78 or "1,78", in their language."""
    for lang in ("en", "ru", "kk"):
        fb = training.check("m2.e1", (1, 78), lang)
        assert fb.status == "invalid" and fb.message == text.t("training.invalid_decimal_comma", lang)
    assert training.check("m2.e1", "1,78", "ru").right


def test_russian_recommendation_passes_the_rubric_and_a_thin_one_does_not():
    """Exercise 4.4 reads Russian: focal country, a peer, a dimension and a caveat, whatever their case endings."""
    body = " ".join(["Слово"] * 110)
    good = (
        f"Рекомендация для Казахстана по опыту Японии: параметр «Управление». {body} "
        "Ограничения: оценки — экспертное суждение, названия пилотных кластеров неизвестны."
    )
    assert training.check("m4.e4", good, "ru").right
    fb = training.check("m4.e4", body, "ru")
    assert fb.status == "wrong"
    for missing in ("no_focal", "no_peer", "no_dimension", "no_caveat"):
        assert text.t(f"training.m4_e4_{missing}", "ru") in fb.message


def test_kazakhstan_exercise_right_answer_is_the_hand_computation():
    """Karaganda's quotient in manufacturing, computed by hand from the shipped CSV, is accepted (also as "2,76")."""
    lq = _by_hand(_kazakh())[KARAGANDA[:2]]["lq"]
    assert training.check("m2.e6", round(lq, 2)).right
    assert training.check("m2.e6", f"{lq:.2f}".replace(".", ",")).right
    assert training.check("m2.e6", round(lq, 2) + 0.05).status == "wrong"


def test_every_exercise_has_its_messages():
    """Each exercise needs a 'right' explanation and (unless it is a free text) a hint in the locale file."""
    for ex in training.exercises():
        for suffix in ("right",) + (() if ex.kind == "text" else ("hint",)):
            assert text.t(f"training.{ex.key}_{suffix}")


def test_every_exercise_accepts_its_own_key():
    """An exercise whose data is missing, or whose key its own comparison refuses, would fail every participant."""
    for ex in training.exercises():
        if ex.kind == "text":
            continue
        expected = ex.expected()
        assert expected is not None and expected == expected, ex.id  # computed, not None or NaN
        answer = sorted(expected) if ex.kind == "set" else expected
        assert ex.check(answer).right, (ex.id, expected)


def _shown(ex: Exercise) -> set[str]:
    """The forms of an exercise's expected answer that would give it away in a text (one letter or digit never)."""
    exp = ex.expected()
    if exp is None:
        return set()
    shown = {str(exp)} | ({f"{float(exp):.2f}"} if ex.kind == "number" else set())
    shown |= {s.replace(".", ",") for s in shown}  # as Russian writes it: 1,78
    return {s for s in shown if len(s) > 1}  # a letter like 'b' or a digit like 2 occurs in any sentence


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_hints_do_not_state_expected_answers(lang):
    """No wrong-answer message may contain the exercise's answer (that would give it away)."""
    for ex in training.exercises():
        for key, msg in text._group(lang, "training").items():
            if key.startswith(ex.key) and not key.endswith(("_right", "_not_an_option")):  # these list the options
                for s in _shown(ex):
                    assert not re.search(rf"\b{re.escape(s)}\b", msg, re.I), f"{key} reveals {s!r}"


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_number_tasks_do_not_state_expected_answers(lang):
    """The task text of a numeric exercise (a markdown cell of its notebook) must not print the number asked for."""
    tasks = {}
    heading = siblings.EXERCISE_HEADING[lang]
    for path in editions.module_paths(lang=lang):
        for cell in nbformat.read(path, as_version=4).cells:
            m = re.match(rf"### {heading} (\d+)\.(\d+)", cell.source) if cell.cell_type == "markdown" else None
            if m:
                tasks[f"m{m.group(1)}.e{m.group(2)}"] = cell.source
    numeric = [ex for ex in training.exercises() if ex.kind == "number"]
    assert numeric and all(ex.id in tasks for ex in numeric)
    for ex in numeric:
        for s in _shown(ex):
            assert not re.search(rf"(?<![\d.]){re.escape(s)}(?![\d.])", tasks[ex.id]), f"{ex.id} task reveals {s!r}"


# --- figures the module texts refer to ------------------------------------------------------------


def test_figures_show_the_value_from_the_country_file(monkeypatch):
    """The counts under the cases follow data/countries/KAZ.yaml: a corrected count there shows in every module."""
    from benchmark.inputs import load

    real = load.facts_by_id
    valid, groups = (real(["KAZ"])[i] for i in ("kaz_2017_valid_applications", "kaz_2017_groups_smeproject"))
    shown = repr(training.figures("kaz_2017_valid_applications", "kaz_2017_groups_smeproject"))
    assert f"{valid.value} applications" in shown  # the digest's count, as KAZ.yaml has it
    assert f"{groups.value} groups" in shown and "conflicting" in shown  # the project site's count, marked as such
    assert valid.value != 17

    def edited(countries=None):
        return {
            i: f.model_copy(update={"value": 17}) if i == "kaz_2017_valid_applications" else f
            for i, f in real(countries).items()
        }

    monkeypatch.setattr(load, "facts_by_id", edited)
    shown = repr(training.figures("kaz_2017_valid_applications", lang="en"))
    assert "17 applications" in shown and f"{valid.value} applications" not in shown


def test_figures_name_status_and_source():
    """Each figure carries its status badge and the title, publisher and year of its source."""
    html = training.figures("kaz_2017_valid_applications")._repr_html_()
    assert 'class="cb-status cb-status-secondary"' in html
    assert "Territorial Clusters in Kazakhstan, News Digest, Issue No. 2, July 2017" in html
    assert "Kazakhstan Industry Development Institute (KIDI), 2017" in html


def test_figures_show_an_unknown_fact_instead_of_stopping():
    """A mistyped fact id in a notebook shows as such in the table, and the rest of the module still runs."""
    shown = repr(training.figures("kaz_2017_valid_aplications", "xyz_2017_count"))
    assert "kaz_2017_valid_aplications" in shown and "not in data/countries/KAZ.yaml" in shown
    assert "not in data/countries/XYZ.yaml" in shown


# --- editions -------------------------------------------------------------------------------------


TASK = "### Exercise 9.1\n\nHow much is **half of three**? Round to two decimals, e.g. `e9_1 = 0.25`."


def module_nb() -> nbformat.NotebookNode:
    """A tiny module: a task, a solution cell with a stored output, a check cell and a trainer note."""
    nb = nbformat.v4.new_notebook()
    sol = nbformat.v4.new_code_cell(
        "lq = 3 / 2\ne9_1 = round(lq, 2)\ne9_1", metadata={"tags": ["solution", "nbval-check-output"]}
    )
    sol.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1.5"}, execution_count=2)]
    check = nbformat.v4.new_code_cell('training.check("m9.e1", e9_1)')
    check.outputs = [nbformat.v4.new_output("stream", text="x")]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# M9"),
        nbformat.v4.new_markdown_cell(TASK),
        sol,
        check,
        nbformat.v4.new_markdown_cell("Trainer: the answer is 1.5", metadata={"tags": ["trainer"]}),
    ]
    return nb


def test_participant_edition_strips_solutions():
    """Participants get an empty answer cell with a prompt, never the solution or the trainer's note."""
    out = editions.participant_notebook(module_nb())
    sources = "\n".join(c.source for c in out.cells)
    assert "3 / 2" not in sources and "round(lq" not in sources and "Trainer:" not in sources
    answer = [c for c in out.cells if "answer" in c.metadata.get("tags", [])]
    assert len(answer) == 1
    assert answer[0].source.rstrip().endswith("e9_1 = training.NOT_ANSWERED")
    assert "Exercise 9.1" in answer[0].source
    assert all(not c.get("outputs") for c in out.cells if c.cell_type == "code")


def test_both_editions_keep_the_markdown_cells_as_written():
    """The module text a trainer wrote (markdown cells) reaches both editions unchanged, in its place."""
    nb = module_nb()
    for out in (editions.participant_notebook(nb), editions.trainer_notebook(nb)):
        md = [c for c in out.cells if c.cell_type == "markdown" and "trainer" not in c.metadata.get("tags", [])]
        assert [c.source for c in md] == ["# M9", TASK]
        assert [c.cell_type for c in out.cells[:3]] == ["markdown", "markdown", "code"]


def test_trainer_edition_keeps_solutions_and_compared_outputs_only():
    """Trainers keep the solution and its stored output (nbval compares it); other outputs are cleared."""
    out = editions.trainer_notebook(module_nb())
    sol = out.cells[2]
    assert "3 / 2" in sol.source and sol.outputs
    assert not out.cells[3].outputs
    assert "Trainer:" in out.cells[4].source


def test_solution_cell_must_assign():
    """A solution cell that assigns nothing would leave participants without an answer variable."""
    with pytest.raises(Exception, match="must assign"):
        editions.answer_variable("print(1)", "m9 cell 2")


def test_shipped_modules_have_a_check_after_every_solution():
    """Every solution cell in the shipped modules is followed by a check of the variable it assigns."""
    paths = editions.module_paths()
    assert len(paths) >= 4
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if "solution" in cell.metadata.get("tags", []):
                var = editions.answer_variable(cell.source)
                nxt = nb.cells[i + 1].source
                assert nxt.startswith("training.check(") and f", {var}" in nxt, f"{path.name} cell {i}"


def test_export_rejects_unknown_edition(tmp_path):
    """A typo in --edition must fail with the choices, before anything is written."""
    from benchmark.core.errors import UserError

    with pytest.raises(UserError, match="participant, trainer"):
        editions.export("students", tmp_path / "out", html=False)
    assert not (tmp_path / "out").exists()
