"""Scores claim no more than their evidence: each level's requirement is met by the facts it cites."""

from __future__ import annotations

import pytest

from benchmark.core.errors import DataError
from benchmark.inputs import assessments, load


def test_every_scored_level_is_supported_by_its_cited_evidence():
    """A reviewer finds no score above what its cited facts show (the scale's `requires` are met)."""
    dims = {d.id: d for d in assessments.load_dimensions()}
    unsupported = []
    for iso3 in assessments.assessed_countries():
        facts = assessments.fact_index([iso3])
        for a in assessments.load_file(iso3).assessments:
            missing = assessments.missing_evidence(a, dims[a.dimension], facts)
            if missing:
                unsupported.append((a.programme, a.dimension, a.score, missing))
    assert unsupported == []


def test_a_score_above_its_evidence_is_refused(project_copy):
    """Raising a score to a level whose requirement no cited fact shows is refused with the file, line and fix."""
    dims = {d.id: d for d in assessments.load_dimensions()}
    path = project_copy / "data" / "assessments" / "KAZ.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "dimension: selection":
            score_at = next(j for j in range(i, i + 4) if lines[j].strip().startswith("score:"))
            break
    top = max(lvl.score for lvl in dims["selection"].scale if lvl.requires)
    lines[score_at] = lines[score_at].split("score:")[0] + f"score: {top}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        assessments.load_file("KAZ")
    p = next(p for p in exc.value.problems if "requires evidence" in p.reason)
    assert p.file == "data/assessments/KAZ.yaml" and p.line == score_at + 1 and p.field.endswith("score")


def test_every_score_says_how_confident_and_whether_reviewed():
    """Every score carries a confidence and is marked as awaiting a second assessor until one has scored it."""
    for iso3 in assessments.assessed_countries():
        f = assessments.load_file(iso3)
        second = {(a.programme, a.dimension) for a in assessments.load_second_assessments([iso3])}
        for a in f.assessments:
            assert a.confidence in ("high", "medium", "low")
            expected = "reviewed" if (a.programme, a.dimension) in second else "awaiting_second_assessor"
            assert a.review == expected, (a.programme, a.dimension)


def test_recommendations_cite_peer_evidence():
    """Each recommendation names the gap it answers and cites at least one fact or source of a peer."""
    for r in assessments.load_recommendations():
        peer_ids = set(assessments.citable_ids(list(r.peers))) - set(load.load_sources())
        assert any(c in peer_ids or c in load.load_sources() for c in r.cites), r.id


def test_no_score_rests_on_an_open_question():
    """A score (not a null) cites only established facts and sources, never a question still open.

    What is not known may keep a programme unscored, and the rationale says so; it cannot be the evidence a
    score stands on. Checked for the first assessor's scores and for every adjudicated score.
    """
    open_ids = set(load.open_questions_by_id())
    bad = [
        (a.programme, a.dimension, c)
        for a in assessments.load_assessments()
        if a.score is not None
        for c in a.cites
        if c in open_ids
    ]
    bad += [
        (j.programme, j.dimension, c)
        for j in assessments.load_adjudications()
        if j.score is not None
        for c in j.cites
        if c in open_ids
    ]
    assert bad == []


def test_a_score_citing_an_open_question_is_refused(project_copy):
    """Citing an open question for a score is refused on loading, with the file, field and line."""
    path = project_copy / "data" / "assessments" / "RUS.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    q = next(iter(load.open_questions_by_id(["RUS"])))
    at = next(
        i for i, line in enumerate(lines) if line.startswith("    cites: [") and "rus_minecon_subsidies_2015" in line
    )
    lines[at] = lines[at].replace("cites: [", f"cites: [{q}, ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        assessments.load_file("RUS")
    p = next(p for p in exc.value.problems if "open question" in p.reason)
    assert p.file == "data/assessments/RUS.yaml" and p.line == at + 1 and "cites" in p.field


def test_assessors_are_named_by_role_and_organisation_in_every_language():
    """Every assessor a brief names has a role and an organisation in English, Russian and Kazakh; no placeholder."""
    used = {a.assessor for a in assessments.load_assessments()}
    used |= {a.assessor for a in assessments.load_second_assessments()}
    used |= {r.author for r in assessments.load_recommendations()}
    used |= {j.adjudicator for j in assessments.load_adjudications()}
    known = assessments.load_assessors()
    assert used <= set(known)
    for aid in used:
        name = known[aid].name
        assert isinstance(name, dict) and set(name) >= {"en", "ru", "kk"}, aid
        for lang, text in name.items():
            low = text.lower()
            assert text.strip() and text != aid, (aid, lang)
            assert not any(w in low for w in ("starter", "placeholder", "todo", "tbd", "xxx")), (aid, lang)


def test_key_note_says_largest_gaps_first_only_where_there_is_a_gap():
    """The note under the key messages promises "the largest gaps first" only when the focal country trails."""
    import html

    from benchmark.core.text import t
    from benchmark.sections import comparison

    for period in comparison.PERIODS:
        ctx = comparison.prepare("KAZ", ["JPN", "RUS"], period=period)
        trails = any(g.gap and g.gap > 0 for g in ctx.gaps())
        body = comparison.key_messages(ctx).body
        want, not_want = ("compare.key_note", "compare.key_note_no_gap")[:: 1 if trails else -1]
        assert html.escape(t(want, "en")) in body, period
        assert html.escape(t(not_want, "en")) not in body, period
