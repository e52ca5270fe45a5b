"""The blind second assessment and what the comparison does with it: pack, periods, adjudication, recommendations."""

from __future__ import annotations

import yaml

from benchmark.analysis import agreement
from benchmark.core import paths
from benchmark.inputs import assessments, load
from benchmark.inputs.blind_pack import build_pack, pack_programmes
from benchmark.inputs.schemas import text_of
from benchmark.sections import comparison


def test_pack_holds_every_pair_and_nothing_of_the_first_assessor():
    """The blind assessor's pack lists every programme and dimension, and no score, rationale or recommendation of A."""
    pack = build_pack()
    dims = assessments.load_dimensions()
    for p in pack_programmes():
        line = next(ln for ln in pack.splitlines() if ln.startswith(f"- `{p.id}` ("))
        assert all(f"`{d.id}`" in line for d in dims), p.id
        assert f"### Programme `{p.id}`" in pack
    for a in assessments.load_assessments():
        for lang in ("en", "ru"):
            text = " ".join(text_of(a.rationale, lang).split())  # the pack writes text on one line
            assert text not in pack, (a.programme, a.dimension)
    for r in assessments.load_recommendations():
        assert " ".join(text_of(r.text, "en").split()) not in pack, r.id
    assert "confidence: low | medium | high" in pack  # the answer format, not anyone's confidence


def test_pack_shows_every_fact_and_open_question_it_may_cite():
    """Every fact and open question of a programme in the pack appears with its id, so B can cite it."""
    pack = build_pack()
    for p in pack_programmes():
        for f in [p.launch, *p.key_facts]:
            assert f"**{f.id}**" in pack, f.id
        for q in p.open_questions:
            assert f"**{q.id}** (open question)" in pack, q.id


def _benchmark_peer_sets() -> list[tuple[str, list[str]]]:
    out = []
    for path in sorted(paths.ROOT.glob("benchmarks/*.yaml")):
        bench = yaml.safe_load(path.read_text(encoding="utf-8"))
        for brief in bench.get("briefs", []):
            if brief.get("notebook") == "comparison.ipynb":
                grid = brief.get("grid", {})
                for focal in grid.get("focal", [bench.get("focal")]):
                    for peers in grid.get("peers", [bench.get("peers")]):
                        out.append((focal, list(peers)))
    return out


def test_every_gap_has_a_recommendation():
    """In every comparison the benchmarks build, each dimension where the focal country trails has a recommendation."""
    sets = _benchmark_peer_sets()
    assert sets
    missing = []
    for focal, peers in sets:
        for period in comparison.PERIODS:
            ctx = comparison.prepare(focal, peers, period=period)
            covered = {r.dimension for r in ctx.recommendations}
            for g in ctx.gaps():
                if g.gap is not None and g.gap >= 1 and g.dimension not in covered:
                    missing.append((focal, tuple(peers), period, g.dimension, g.gap))
    assert missing == []


def test_recommendations_name_a_kazakh_act_or_body_and_use_the_infinitive_in_russian():
    """Each recommendation says which Kazakh act or body it would change, and its Russian opens with an infinitive."""
    for r in assessments.load_recommendations("KAZ"):
        en, ru = text_of(r.text, "en"), text_of(r.text, "ru")
        assert any(k in en for k in ("Order No. 367", "register", "Law on Industrial Policy", "akimat")), r.id
        first = ru.split()[0]
        assert first.endswith(("ть", "ти")), (r.id, first)


def test_default_period_compares_present_regimes_and_keeps_the_pilot_as_history():
    """By default Kazakhstan's present regime meets the peers' latest; `launch` shows each programme's first years."""
    present = comparison.prepare("KAZ", ["JPN", "RUS"])
    launch = comparison.prepare("KAZ", ["JPN", "RUS"], period="launch")
    for c in ("KAZ", "JPN", "RUS"):
        want = assessments.periods(c)
        assert [p.id for p in present.programmes[c]] == [
            p.id for p in load.load_country(c).programmes if p.id in want["present"]
        ]
        assert {p.id for p in launch.programmes[c]} == set(want["launch"])
    kaz_all = {p.id for p in load.load_country("KAZ").programmes}
    assert {p.id for p in present.history} == kaz_all - set(assessments.periods("KAZ")["present"])
    assert launch.history == ()


def test_every_wide_disagreement_is_adjudicated():
    """Each pair the two assessors scored two or more levels apart has an adjudicated score and a reason."""
    first = {(a.programme, a.dimension): a.score for a in assessments.load_assessments()}
    second = {(a.programme, a.dimension): a.score for a in assessments.load_second_assessments()}
    wide = agreement.to_adjudicate(agreement.paired(first, second))
    done = {(j.programme, j.dimension): j for j in assessments.load_adjudications()}
    assert [k for k in wide if k not in done] == []
    for k in wide:
        assert text_of(done[k].reason, "en").strip() and text_of(done[k].reason, "ru").strip(), k


def test_blind_scores_are_their_own_file_marked_blind():
    """A blind second assessment is kept apart from the first, with its assessor, date and `blind: true`."""
    for path in sorted((paths.ASSESSMENTS_DIR / "blind").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert raw["blind"] is True and raw["date"] and raw["assessor"], path.name
        assert assessments.load_assessors()[raw["assessor"]].role == "blind_second"
        first = assessments.load_file(path.stem)
        assert not first.second_assessments  # not also pasted into the first assessor's file


def test_a_brief_with_one_assessor_says_so_once(project_copy):
    """Without a blind second assessment the brief still builds and says in one line that one assessor scored."""
    import shutil

    from benchmark.core.text import t
    from benchmark.inputs import files
    from benchmark.sections import judgement

    shutil.rmtree(project_copy / "data" / "assessments" / "blind")
    (project_copy / "data" / "assessments" / "adjudications.yaml").unlink()
    files.clear()
    ctx = comparison.prepare("KAZ", ["JPN", "RUS"])
    line = t("compare.one_assessor", "en", assessor=assessments.assessor_name("analyst_team_a", "en"))
    text = repr(judgement.rationales(ctx))
    assert text.count(line) == 1
    assert "A 1, B" not in text and "B –" not in text  # no second score on any row
    assert repr(judgement.strength(ctx)).count(line) == 1
