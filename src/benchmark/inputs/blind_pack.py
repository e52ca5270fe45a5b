"""The evidence pack for a blind second assessor: the rubric and the evidence, and nothing of the first assessor.

``build_pack()`` writes one Markdown document holding, for every programme of every country with an
assessments file, the dimensions' scales (levels 0–4, what each level means and the evidence it
``requires``), the evidence kinds, and all of the programme's evidence as the policy cards record it:
facts (id, label, value, status, evidence tags, source, quote, note), phases, financing, results, lessons,
open questions and notes, with the country's own key facts and open questions. It reads the country,
dimension and source files only — never ``data/assessments/`` or ``data/recommendations.yaml`` — so the
first assessor's scores, rationales, confidences and recommendations cannot leak into it.
``scripts/blind_pack.py`` writes it to a file; the protocol is in ``docs/comparison.md``.
"""

from __future__ import annotations

from . import load
from .assessments import assessed_countries, evidence_kinds, load_dimensions
from .schemas import Fact, OpenQuestion, Programme, text_of

ANSWER_FORMAT = """\
## Answer format

Write one YAML list, one item per programme and dimension listed under "What to score" (every pair):

```yaml
- programme: <programme id>
  dimension: <dimension id>
  score: 0-4, or null (assessed, but the evidence is not enough to place it on the scale)
  confidence: low | medium | high
  rationale: >-
    Two or three sentences in English: the level the cited evidence supports, and why not one higher.
  cites: [<fact, open-question or source ids from this pack>]
```

Rules: score from this pack only (the rubric and the evidence below), not from memory or other
sources. A score must fit its level's meaning, and the facts it cites must together show every evidence
kind the level `requires` (a fact shows the kinds in its `evidence` tags). Where the evidence a dimension
needs was looked for and not found, give `null` rather than 0. Cite at least one id per item. Do not look
at any other assessment of these programmes before your file is handed in.
"""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _fact_lines(f: Fact) -> list[str]:
    sources = load.load_sources()
    value = text_of(f.display, "en") if f.display is not None else str(f.value)
    unit = f" {text_of(f.unit, 'en')}" if f.unit is not None and f.display is None else ""
    src = sources[f.source].title if f.source in sources else f.source
    out = [
        f"- **{f.id}** — {_one_line(text_of(f.label, 'en'))}",
        f"  - value: {_one_line(value)}{unit}" + (f" (year {f.year})" if f.year else ""),
        f"  - status: {f.status.value}" + (f" (conflict group `{f.conflict}`)" if f.conflict else ""),
        f"  - evidence tags: {', '.join(f.evidence) if f.evidence else '—'}",
        f"  - source: `{f.source}` — {_one_line(src)}",
    ]
    if f.quote:
        out.append(f"  - quote: {_one_line(f.quote)}")
    if f.note is not None:
        out.append(f"  - note: {_one_line(text_of(f.note, 'en'))}")
    for s in f.also:
        out.append(f"  - also: `{s.source}`" + (f" — {_one_line(s.quote)}" if s.quote else ""))
    return out


def _question_lines(q: OpenQuestion) -> list[str]:
    out = [f"- **{q.id}** (open question) — {_one_line(text_of(q.question, 'en'))}"]
    if q.known is not None:
        out.append(f"  - known so far: {_one_line(text_of(q.known, 'en'))}")
    if q.source:
        out.append(f"  - source: `{q.source}`")
    return out


def _sourced(label: str, text: str, item) -> list[str]:
    out = [f"- {label}: {_one_line(text)} — source `{item.source}`, status {item.status.value}"]
    if item.quote:
        out.append(f"  - quote: {_one_line(item.quote)}")
    if item.note is not None:
        out.append(f"  - note: {_one_line(text_of(item.note, 'en'))}")
    for s in item.also:
        out.append(f"  - also: `{s.source}`" + (f" — {_one_line(s.quote)}" if s.quote else ""))
    return out


def _programme(p: Programme) -> list[str]:
    t = lambda x: _one_line(text_of(x, "en"))  # noqa: E731
    out = [f"### Programme `{p.id}` ({p.country})", "", f"**{t(p.title)}**", ""]
    out.append(f"- level: {p.level}" + (f" ({t(p.region)})" if p.region is not None else ""))
    out.append(f"- years: {p.start_year}–{p.end_year if p.end_year else '(no end year stated)'}")
    out += [f"- managing authority: {t(m)}" for m in p.managing_authorities]
    out += [f"- operator: {t(o)}" for o in p.operators]
    out += [f"- beneficiaries: {t(b)}" for b in p.beneficiaries]
    out += [f"- objective: {t(o)}" for o in p.objectives]
    out += [f"- action line: {t(a)}" for a in p.action_lines]
    out += [f"- main sector: {t(s)}" for s in p.main_sectors]
    out += [f"- note on the card: {t(n)}" for n in p.notes]
    out += ["", "Launch and key facts:", ""]
    for f in [p.launch, *p.key_facts]:
        out += _fact_lines(f)
    if p.phases:
        out += ["", "Phases:", ""]
        for ph in p.phases:
            years = f"{ph.start}–{ph.end if ph.end else '?'}"
            text = f"{t(ph.name)} ({years})" + (f": {t(ph.focus)}" if ph.focus is not None else "")
            out += _sourced("phase", text, ph)
    if p.financing:
        out += ["", "Financing:", ""]
        for fi in p.financing:
            amount = t(fi.display) if fi.display is not None else f"{fi.amount} {fi.currency}"
            years = f"{fi.year_start or '?'}–{fi.year_end or '?'}"
            text = f"{amount}, {years}, per {fi.per}, pays for: {fi.scope} — {t(fi.covers)}"
            out += _sourced("amount", text, fi)
    if p.results:
        out += ["", "Results:", ""]
        for r in p.results:
            out += _sourced("result", t(r.text), r)
    if p.lessons:
        out += ["", "Lessons (as the source states them):", ""]
        out += [f'- lesson "{t(ls.title)}": {t(ls.text)} — source `{ls.source}`' for ls in p.lessons]
    if p.open_questions:
        out += ["", "Open questions (looked for, not found):", ""]
        for q in p.open_questions:
            out += _question_lines(q)
    out += ["", f"Sources of the card: {', '.join(f'`{s}`' for s in p.sources)}", ""]
    return out


def _rubric() -> list[str]:
    out = ["## The rubric", ""]
    out += ["### Evidence kinds (what a fact's `evidence` tags mean)", ""]
    out += [f"- `{k}`: {_one_line(text_of(v, 'en'))}" for k, v in evidence_kinds().items()]
    out.append("")
    for d in load_dimensions():
        out += [f"### Dimension `{d.id}` — {text_of(d.name, 'en')}", "", _one_line(text_of(d.question, "en")), ""]
        for lvl in d.scale:
            req = f" — requires: {', '.join(lvl.requires)}" if lvl.requires else ""
            out.append(f"- **{lvl.score}**: {_one_line(text_of(lvl.meaning, 'en'))}{req}")
        out += ["", "Evidence expected: " + "; ".join(_one_line(text_of(e, "en")) for e in d.evidence), ""]
    return out


def pack_programmes(countries: list[str] | None = None) -> list[Programme]:
    """The programmes the pack covers: every programme of every country with an assessments file."""
    wanted = countries if countries is not None else assessed_countries()
    return [p for c in wanted for p in load.load_country(c).programmes]


def build_pack(countries: list[str] | None = None) -> str:
    """The blind assessor's evidence pack (Markdown): answer format, what to score, rubric, evidence, sources."""
    wanted = countries if countries is not None else assessed_countries()
    programmes = pack_programmes(wanted)
    dims = load_dimensions()
    out = [
        "# Evidence pack for the blind second assessment (assessor B)",
        "",
        "Generated from the workbook's policy cards, dimensions and sources. It holds the rubric and the "
        "evidence only: no score, rationale, confidence or recommendation of any other assessor.",
        "",
        ANSWER_FORMAT,
        "## What to score",
        "",
        f"{len(programmes)} programmes × {len(dims)} dimensions = {len(programmes) * len(dims)} items.",
        "",
    ]
    for p in programmes:
        out.append(f"- `{p.id}` ({p.country}): " + ", ".join(f"`{d.id}`" for d in dims))
    out.append("")
    out += _rubric()
    out += ["## The evidence, by country and programme", ""]
    cited_sources: set[str] = set()
    for c in wanted:
        cf = load.load_country(c)
        out += [f"## Country {c}", "", "Country summary: " + _one_line(text_of(cf.summary, "en")), ""]
        for p in cf.programmes:
            out += _programme(p)
            cited_sources.update(p.sources)
            for f in [p.launch, *p.key_facts]:
                cited_sources.add(f.source)
        if cf.key_facts or cf.open_questions:
            out += [f"### Country-level facts of {c} (not tied to one programme; citable)", ""]
            for f in cf.key_facts:
                out += _fact_lines(f)
                cited_sources.add(f.source)
            for q in cf.open_questions:
                out += _question_lines(q)
            out.append("")
    sources = load.load_sources()
    out += ["## Sources named in this pack", ""]
    for sid in sorted(s for s in cited_sources if s in sources):
        s = sources[sid]
        year = s.year if s.year else (text_of(s.year_note, "en") if s.year_note else "undated")
        url = f", {s.url}" if s.url else ""
        out.append(f"- `{sid}`: {_one_line(s.title)} — {_one_line(s.publisher)}, {year}{url}")
    out.append("")
    return "\n".join(out)
