"""Key messages: what a minister's adviser reads first, each figure with its source and status.

Checked as a reader would: the messages name the brief's headline figures with their source numbers,
the comparison leads with the dimensions where the focal country trails most, and an analyst's own
messages replace the generated ones, with citations `validate` checks like any other fact.
"""

from __future__ import annotations

import html as htmllib
import re
import textwrap

import pytest

from benchmark.core import paths
from benchmark.core.errors import UserError
from benchmark.inputs import assessments, load
from benchmark.inputs.validate import validate_all
from benchmark.sections import comparison, competition, country
from benchmark.sections.citations import fact_value


def _text(block) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", block.body)).split())


def _items(block) -> list[str]:
    """The messages as the reader sees them, one string per bullet."""
    return [
        " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", li)).split())
        for li in re.findall(r"<li>(.*?)</li>", block.body, re.S)
    ]


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_country_messages_state_findings_drawn_from_the_data_with_their_sources(iso3):
    """Page 1 concludes: at most five findings with what they mean, counts from the data, no label glued to a value."""
    ctx = country.prepare(iso3)
    block = country.key_messages(ctx)
    text, items = _text(block), _items(block)
    assert "Key messages" in text and "Drawn by the workbook" in text  # generated, and labelled so
    assert 1 <= len(items) <= 5
    facts = [f for _, f in ctx.facts() if f.status.value != "illustrative"]
    verified = sum(f.status.value == "verified" and not f.conflict for f in facts)
    assert any(f"{verified} of {len(facts)} figures are verified in a primary source" in i for i in items)
    budgeted = [p for p in ctx.programmes if p.financing]
    if budgeted and len(budgeted) < len(ctx.programmes):
        budget = next(i for i in items if f"only {len(budgeted)} of the {len(ctx.programmes)} programmes" in i)
        assert f"[{ctx.cite.number(budgeted[0].financing[0].source)}]" in budget  # with the budget's source
        assert "cannot be set beside its peers" in budget  # and what it means
    if ctx.open_questions():
        assert any(f"{len(ctx.open_questions())} questions remain open" in i for i in items)
    for f in facts:  # no "Label: value" run of headline figures
        assert f"{f.label if isinstance(f.label, str) else f.label['en']}: {fact_value(f)}" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_country_with_one_programme_is_not_counted_as_many(lang):
    """A one-programme country's page 1 would say "None of the 1 programmes" or "the others' budgets"."""
    single = [c for c in load.known_countries() if len(load.load_country(c).programmes) == 1]
    assert single, "no country in the data has a single programme: nothing to check"
    for iso3 in single:
        items = _items(country.key_messages(country.prepare(iso3, lang=lang)))
        budget = items[0]
        for plural in (" 1 programmes", "others' budgets", "all 1 ", "(1)", "остальных программ", "всех программ"):
            assert plural not in budget, (iso3, budget)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_one_conflicting_figure_is_not_counted_as_many(lang):
    """Where sources disagree on a single figure, page 1 says so ("on one figure:"), not "on 1 figures, for example"."""
    for iso3 in load.known_countries():
        for item in _items(country.key_messages(country.prepare(iso3, lang=lang))):
            assert not re.search(r"\bon 1 figures\b|по 1 показателям", item), (iso3, item)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_budget_message_names_its_programme_by_its_name(lang):
    """The budget finding names the programme its amount is for by the programme's name (its title up to the dash
    that starts a description), never a title cut inside a word ("World Bank- …")."""
    from benchmark.inputs.schemas import text_of

    for iso3 in load.known_countries():
        ctx = country.prepare(iso3, lang=lang)
        budgeted = [p for p in ctx.programmes if p.financing]
        if not budgeted or ctx.written is not None:  # no budget, or the analyst's own messages
            continue
        budget = _items(country.key_messages(ctx))[0]
        name = text_of(budgeted[0].title, lang).split(" — ")[0]  # the name, or its start when it is long
        assert (name if len(name) <= 70 else name.split(" (")[0][:40]) in budget, (iso3, budget)
        assert "- …" not in budget, (iso3, budget)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_key_message_runs_brackets_together_nests_them_or_leaves_one_open(lang):
    """Page 1 reads cleanly in every brief: no "(all components) (Territorial …)", no "(Applications … (2017
    digest))" or "(another source gives 23 groups (noun missing …))", and every bracket and quotation mark
    opened is closed ("16.6 billion yen (joint card of both programmes — …")."""
    blocks = {iso3: country.key_messages(country.prepare(iso3, lang=lang)) for iso3 in load.known_countries()}
    blocks["competition"] = competition.key_messages(competition.prepare(lang=lang))  # "(another source gives …"
    blocks["comparison"] = comparison.key_messages(comparison.prepare("KAZ", ["JPN", "RUS"], lang=lang))
    for brief, block in blocks.items():
        for item in _items(block):
            assert ") (" not in item and _deepest_bracket(item) <= 1, (brief, item)
            assert item.count("(") == item.count(")") and item.count("«") == item.count("»"), (brief, item)


def _deepest_bracket(text: str) -> int:
    """How deep round brackets nest in ``text`` (1: none inside another)."""
    depth = deepest = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, depth)
    return deepest


def test_russian_messages_about_kazakhstan_use_no_feminine_pronoun():
    """Kazakhstan is masculine in Russian: "её программы" after «Казахстан» was wrong (right only for Япония,
    Россия and the other feminine names), so a message says «программы Казахстана» instead."""
    items = _items(country.key_messages(country.prepare("KAZ", lang="ru")))
    assert items and not [i for i in items if re.search(r"\bеё\b", i)]


def test_the_first_citation_of_a_country_brief_is_number_one():
    """Key messages come first, so their sources are numbered first: a reader meets [1] before [2]."""
    ctx = country.prepare("KAZ")
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", _text(country.key_messages(ctx)))]
    assert numbers[0] == 1


def test_comparison_messages_lead_with_the_largest_gaps():
    """The dimensions named are those where Kazakhstan trails its best peer most, with both scores and the peer."""
    # the launch period: every Kazakh programme of 2015–2019 against the peers' first programmes
    ctx = comparison.prepare("KAZ", ["JPN", "RUS"], period="launch")
    shown = {p.id for p in ctx.all_programmes}
    best: dict[tuple[str, str], int] = {}  # (country, dimension) -> its best programme's score
    for c in ("KAZ", "JPN", "RUS"):
        for a in assessments.final_assessments([c]):
            if a.score is not None and a.programme in shown:
                best[(c, a.dimension)] = max(best.get((c, a.dimension), -1), a.score)
    gaps = {}
    for d in ctx.dimension_ids:
        f = best.get(("KAZ", d))
        peers = [best[(c, d)] for c in ("JPN", "RUS") if (c, d) in best]
        if f is not None and peers and max(peers) > f:
            gaps[d] = max(peers) - f
    items = _items(comparison.key_messages(ctx))
    names = {d.id: d.name if isinstance(d.name, str) else d.name["en"] for d in ctx.dimensions}
    named = [d for item in items[1:] for d, n in names.items() if item.startswith(n + ":")]
    assert named, items
    assert [gaps[d] for d in named] == sorted(gaps.values(), reverse=True)[: len(named)]
    for item, d in zip(items[1:], named):
        assert f"Kazakhstan scores {best[('KAZ', d)]}" in item
        assert "practice:" in item and "Confidence:" in item
        assert re.search(r"\[\d+\]", item), "the peer's practice is cited"


def test_competition_messages_say_the_scores_are_invented():
    from benchmark.core.text import t

    ctx = competition.prepare()
    text = _text(competition.key_messages(ctx))
    assert ctx.illustrative and "invented scores" in text
    received = ctx.facts["kaz_2017_applications_received_digest"]
    assert t("competition.key_call_received", value=fact_value(received)) in text  # a sentence, not a label
    assert f"{ctx.n_draws} draws" in text


def _write_messages(root, body: str) -> None:
    (root / "data" / "key_messages.yaml").write_text(textwrap.dedent(body), encoding="utf-8")


def test_analyst_messages_replace_the_generated_ones(project_copy):
    _write_messages(
        project_copy,
        """\
        briefs:
          - brief: country-KAZ
            author: A. Analyst
            date: 2026-11-30
            messages:
              - text: The 2017 call drew applications from eleven regions.
                cites: [kaz_2017_valid_applications]
        """,
    )
    ctx = country.prepare("KAZ")
    block = country.key_messages(ctx)
    text = _text(block)
    assert "The 2017 call drew applications from eleven regions." in text
    assert "Written by A. Analyst, 2026-11-30" in text
    assert "Drawn by the workbook" not in text and "Headline figures" not in text
    fact = load.facts_by_id(["KAZ"])["kaz_2017_valid_applications"]
    assert f"[{ctx.cite.number(fact.source)}]" in text
    # another brief keeps its generated messages
    assert "Drawn by the workbook" in _text(country.key_messages(country.prepare("JPN")))


def test_a_message_citing_an_unknown_fact_is_refused_with_its_line(project_copy):
    _write_messages(
        project_copy,
        """\
        briefs:
          - brief: country-KAZ
            author: A. Analyst
            date: 2026-11-30
            messages:
              - text: Eighteen applications were valid.
                cites: [kaz_2017_valid_aplications]
        """,
    )
    problems = [p for p in validate_all() if p.file.endswith("key_messages.yaml")]
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 7 and "kaz_2017_valid_applications" in p.reason  # "did you mean"
    with pytest.raises(UserError):
        country.prepare("KAZ")


def test_a_brief_name_that_is_not_a_brief_is_refused(project_copy):
    _write_messages(
        project_copy,
        """\
        briefs:
          - brief: kazakhstan
            author: A. Analyst
            date: 2026-11-30
            messages:
              - text: Something.
                cites: [kidi_2017_news_digest_2]
        """,
    )
    problems = [p for p in validate_all() if p.file.endswith("key_messages.yaml")]
    assert problems and problems[0].line == 2 and "brief" in problems[0].field
    assert paths.DATA == project_copy / "data"
