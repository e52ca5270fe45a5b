"""The build's record: what was built, from what (each brief's fingerprint), and the lock files beside it.

Both ``clusterbench build`` and the one-brief commands (through the index) read and write it, so it lives
apart from either. A brief is up to date when its HTML exists and its fingerprint is unchanged: its notebook,
parameters, the package's code, the libraries' versions (the lock) and every data file it read.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..core import paths
from .benchmarks import Job, code_hash, environment_digest, file_hash, params_json

STATE_FILE = ".build-state.json"
LOCK_FILE = ".build.lock"


def load_state() -> dict:
    """The build state, or {} when there is none (or it is unreadable)."""
    try:
        return json.loads((paths.REPORTS / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(state: dict) -> None:
    """Write the build state atomically."""
    from .export import write_atomic

    write_atomic(paths.REPORTS / STATE_FILE, json.dumps(state, indent=1, sort_keys=True))


def file_state(path: Path) -> str:
    """Modification time and content hash of a file: touching a file counts as changing it, as in make."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except FileNotFoundError:
        return "missing"
    try:
        digest = file_hash(path)
    except OSError:  # a folder where a file should be: its own state, reported by the checks
        digest = "unreadable"
    return f"{mtime}:{digest}"


def build_stamp() -> dict[str, str]:
    """What every brief of this build shares: the package's code and the libraries' versions (the lock)."""
    return {"code": code_hash(), "environment": environment_digest()}


def fingerprint(job: Job, stamp: dict[str, str], inputs: dict[str, str]) -> dict:
    """What a brief depends on: its notebook, parameters, the build stamp, the files it read and the workbook's
    settings (``workbook.yaml``: every header names its issuer, so a changed or broken file rebuilds, or is
    refused by the checks a rebuild runs first)."""
    from ..inputs.settings import settings_path

    return {
        "notebook": file_state(paths.NOTEBOOKS / job.notebook),
        "parameters": params_json(job),
        **stamp,
        "version": __version__,
        "inputs": inputs,
        "settings": file_state(settings_path()),
    }


def pdf_is_current(job: Job) -> bool:
    """True when the brief's PDF exists and is not older than its HTML."""
    try:
        return job.pdf_path.stat().st_mtime_ns >= job.output_path.stat().st_mtime_ns
    except FileNotFoundError:
        return False


def is_up_to_date(job: Job, record: dict | None, stamp: dict[str, str]) -> bool:
    """True when the brief exists and nothing it depends on changed since it was built."""
    if not record or record.get("status") != "built" or not job.output_path.exists():
        return False
    inputs = {p: file_state(paths.ROOT / p) for p in record.get("inputs", {})}
    return record.get("fingerprint") == fingerprint(job, stamp, inputs)


# --- editions: what each brief states, and what changed since its previous edition --------------------------

#: One JSON record per brief, beside the build state: ``reports/.editions/<name>.json``.
EDITIONS_DIR = ".editions"
#: The kinds of statement an edition records, in the order the colophon lists their changes.
RECORD_KINDS = ("figures", "financing", "phases", "tables", "regional", "scores", "sources")

Entry = dict[str, str]


def edition_path(output_html: Path) -> Path:
    """Where the edition record of the brief ``output_html`` is kept (beside it, in ``.editions/``)."""
    output_html = Path(output_html)
    return output_html.parent / EDITIONS_DIR / f"{output_html.stem}.json"


def edition_record(files_read: list[str], lang: str = "en") -> dict[str, dict[str, Entry]]:
    """What a brief states, from the data files it read: each figure, financing entry, phase, table row,
    regional figure, score and source it can cite.

    - figures: the facts of the country files read (value as printed, with its source);
    - financing: each programme's financing entries as the brief prints them (amount, currency, years, what
      they cover; an amount printed in words, such as "16.6 billion yen", with its number after it, which the
      charts use), keyed by programme and position;
    - phases: each programme's phases (name, first and last year), keyed by programme and position;
    - tables: each row of the curated tables (``data/tables/*.csv``) the brief read that are about a country
      whose card it read (a brief also reads the others' sidecars to find its own): the row's label as the
      brief shows it, its numbers with their units;
    - regional: Kazakhstan's regional statistics, where the brief read them: the figures its regional
      sections are computed from, for the years they show (:data:`benchmark.inputs.regional.BASE_YEAR` and
      the latest year), as printed: value added by region and OKED section (million tenge, one decimal) and
      employed persons by region in the three broad sectors. The inputs rather than the quotients computed
      from them: one corrected figure is one change, not a row and a column of quotients moving, and the
      record stays small (about 800 entries);
    - scores: the assessments of the assessment files read; sources: those all of the above cite.

    Each entry is ``{"label", "value", "source"}`` in ``lang``, keyed by a stable id.
    """
    from ..core.text import number
    from ..inputs import assessments as assess
    from ..inputs import load
    from ..inputs.schemas import text_of
    from ..sections.citations import fact_value, financing_text

    read = {Path(p).as_posix() for p in files_read}
    countries = sorted(Path(p).stem for p in read if p.startswith("data/countries/") and p.endswith(".yaml"))
    assessed = sorted(
        set(assess.assessed_countries()) & {Path(p).stem for p in read if p.startswith("data/assessments/")}
    )
    sources = load.load_sources()
    cited: list[str] = []

    def cite(ids: list[str]) -> str:
        cited.extend(i for i in ids if i in sources)
        return "; ".join(sources[i].short_citation(lang) for i in ids if i in sources)

    figures: dict[str, Entry] = {}
    financing: dict[str, Entry] = {}
    phases: dict[str, Entry] = {}
    cards = {}
    for code in countries:
        try:
            cards[code] = cf = load.load_country(code)
        except Exception:  # a file the brief read but cannot parse now: nothing to record of it
            continue
        facts = [*cf.key_facts]
        for p in cf.programmes:
            facts += [p.launch, *p.key_facts]
        for f in facts:
            label = text_of(f.label, lang)
            figures[f.id] = {"label": label, "value": fact_value(f, lang), "source": cite(f.all_sources)}
        for p in cf.programmes:
            title = text_of(p.title, lang)
            for i, fin in enumerate(p.financing, 1):
                label = title if len(p.financing) == 1 else f"{title} ({i}/{len(p.financing)})"
                value = financing_text(fin, lang)
                if fin.display and fin.amount is not None:  # printed in words: the number the charts use, too
                    value += f" [{number(fin.amount, lang)} {fin.currency}]"
                financing[f"{p.id}/{i}"] = {"label": label, "value": value, "source": cite(fin.all_sources)}
            for i, ph in enumerate(p.phases, 1):
                years = str(ph.start) if ph.end == ph.start else f"{ph.start}–{ph.end or ''}"
                phases[f"{p.id}/{i}"] = {
                    "label": title,
                    "value": f"{text_of(ph.name, lang)}: {years}",
                    "source": cite(ph.all_sources),
                }
    tables = _table_entries(read, set(cards), lang, cite)
    regional = _regional_entries(read, lang, cite)
    scores: dict[str, Entry] = {}
    if assessed:
        titles = {p.id: text_of(p.title, lang) for cf in cards.values() for p in cf.programmes}
        dims = {d.id: text_of(d.name, lang) for d in assess.load_dimensions()}
        for a in assess.load_assessments(assessed):
            label = f"{titles.get(a.programme, a.programme)} — {dims.get(a.dimension, a.dimension)}"
            value = "" if a.score is None else str(a.score)
            scores[f"{a.programme}/{a.dimension}"] = {"label": label, "value": value, "source": cite(a.cites)}
    listed = {
        i: {"label": sources[i].title_for(lang), "value": sources[i].short_citation(lang), "source": ""}
        for i in dict.fromkeys(cited)
    }
    return {
        "figures": figures,
        "financing": financing,
        "phases": phases,
        "tables": tables,
        "regional": regional,
        "scores": scores,
        "sources": listed,
    }


def _table_entries(read: set[str], countries: set[str], lang: str, cite) -> dict[str, Entry]:
    """One entry per row of each curated table the brief read about one of ``countries``: label -> numbers."""
    from ..core.text import number
    from ..inputs import load
    from ..inputs.schemas import text_of
    from ..sections.citations import table_labels

    out: dict[str, Entry] = {}
    for rel in sorted(read):
        if not (rel.startswith("data/tables/") and rel.endswith(".csv")):
            continue
        name = Path(rel).stem
        try:
            meta, df = load.load_table(name)
        except Exception:  # a table the brief read but that cannot be read now: nothing to record of it
            continue
        if meta.country not in countries:
            continue
        first = meta.columns[0].name
        # the columns of numbers (those with a unit); a table without units: every column after the label
        shown = [c for c in meta.columns[1:] if c.unit is not None] or meta.columns[1:]
        title, source = text_of(meta.title, lang), cite([meta.source])
        # one column of numbers: its unit in the label ("... : Almaty city (applications)", no "1 applications")
        unit = f" ({text_of(shown[0].unit, lang)})" if len(shown) == 1 and shown[0].unit is not None else ""
        for key, label, (_, row) in zip(df[first], table_labels(meta, df, first, lang), df.iterrows(), strict=True):
            cells = []
            for c in shown:
                cell = str(row[c.name])
                try:
                    cell = number(float(cell), lang)
                except ValueError:
                    pass
                cells.append(f"{cell} ({text_of(c.unit, lang)})" if c.unit is not None and not unit else cell)
            out[f"{name}/{key}"] = {"label": f"{title}: {label}{unit}", "value": "; ".join(cells), "source": source}
    return out


def _regional_entries(read: set[str], lang: str, cite) -> dict[str, Entry]:
    """Kazakhstan's regional figures the brief's regional sections rest on, where it read them (see
    :func:`edition_record`).

    Built once per language and content of the tables in a process (a build's worker renders several
    Kazakhstan briefs); nothing when the tables cannot be read now (the checks a render runs first refuse them).
    """
    from ..core import paths as p
    from ..inputs import files, geo, regional

    gva, jobs = regional.gva_path(), regional.employment_path()
    if p.relative(gva) not in read:
        return {}
    with_jobs = p.relative(jobs) in read
    deps = [gva, p.sidecar(gva), jobs, p.sidecar(jobs), p.GEO_DIR / geo.CROSSWALK]
    try:
        rows = files.cached(f"editions:regional:{lang}:{with_jobs}", deps, lambda: _regional_rows(lang, with_jobs))
    except Exception:  # regional tables that cannot be read now: nothing recorded of them
        return {}
    cites = {sid: cite([sid]) for sid in dict.fromkeys(r[3] for r in rows)}
    return {key: {"label": label, "value": value, "source": cites[sid]} for key, label, value, sid in rows}


def _regional_rows(lang: str, with_jobs: bool) -> list[tuple[str, str, str, str]]:
    """(key, label, value as printed, source id) of each regional figure recorded, value added then jobs."""
    from ..core.text import number, t
    from ..inputs import regional

    out = []
    years = sorted({regional.BASE_YEAR, max(regional.years())})
    measure = t("regions.stars_value", lang)
    # the rows regional.value_added(year) and regional.employment(year) give, read straight: a fraction of the
    # time; the section by its letter, as the brief's tables head it
    names = {year: regional.unit_names(year, lang) for year in years}
    df = regional.value_added_table()
    df = df[(df["row_type"] == "section") & (df["in_national_sum"] == "TRUE") & df["year"].isin(years)]
    for year, code, section, value in zip(df["year"], df["unit_code"], df["activity_code"], df["value"], strict=True):
        label = f"{names[year].get(code, code)}, {section}, {year}: {measure}"
        out.append((f"gva/{year}/{code}/{section}", label, number(value, lang, 1), regional.GVA_SOURCE))
    if not with_jobs:
        return out
    measure = t("brief.changes_employed", lang)
    words = {s: t(f"regions.lens_sector_{k}", lang) for s, k in zip(regional.EMPLOYMENT_SECTORS, ("a", "bf", "gu"))}
    df = regional.employment_table()
    df = df[df["activity_code"].isin(regional.EMPLOYMENT_SECTORS) & (df["in_national_sum"] == "TRUE")]
    df = df[df["year"].isin(years)]  # a year without employment figures: the brief shows none either
    for year, code, sector, value in zip(df["year"], df["unit_code"], df["activity_code"], df["value"], strict=True):
        label = f"{names[year].get(code, code)}, {sector} {words[sector]}, {year}: {measure}"
        out.append((f"jobs/{year}/{code}/{sector}", label, number(value, lang), regional.EMPLOYMENT_SOURCE))
    return out


def record_changes(old: dict, new: dict) -> list[dict[str, str]]:
    """Each entry whose value or source differs between two records (added and removed too), kind by kind.

    A kind the old record does not have at all (an edition recorded before the workbook recorded that kind)
    is not compared: its entries are not news to the reader, only to the record; nor are the sources only
    those newly recorded entries cite (a source added then is listed only if no kind was new).
    """
    out = []
    upgraded = any(kind not in old for kind in RECORD_KINDS if kind != "sources")
    for kind in RECORD_KINDS:
        if kind not in old:
            continue
        before, after = old[kind], new.get(kind, {})
        for key in [*after, *(k for k in before if k not in after)]:
            a, b = before.get(key), after.get(key)
            if a and b and (a.get("value"), a.get("source")) == (b.get("value"), b.get("source")):
                continue
            if upgraded and kind == "sources" and not a:
                continue
            shown = b or a or {}
            out.append(
                {
                    "kind": kind,
                    "id": key,
                    "label": shown.get("label", key),
                    "old": (a or {}).get("value", ""),
                    "new": (b or {}).get("value", ""),
                    "source": shown.get("source", ""),
                }
            )
    return out


def next_edition(output_html: Path, record: dict, today) -> dict:
    """The brief's edition after this render: a new one (dated ``today``) when its record changed, else the same.

    Returns ``{"date", "previous", "changes", "record"}``: the first edition has no previous and no changes;
    a render that changes nothing keeps the edition's date and the changes it listed.
    """
    last = edition_of(output_html)
    if not last or "record" not in last:
        return {"date": today.isoformat(), "previous": None, "changes": [], "record": record}
    changes = record_changes(last["record"], record)
    if not changes:
        return {**last, "record": record}
    return {"date": today.isoformat(), "previous": last.get("date"), "changes": changes, "record": record}


def save_edition(output_html: Path, edition: dict) -> None:
    """Write the brief's edition record atomically (its record packed: see :func:`_pack`)."""
    from .export import write_atomic

    stored = {**edition, "record": _pack(edition["record"])} if "record" in edition else edition
    write_atomic(edition_path(output_html), json.dumps(stored, indent=1, sort_keys=True, ensure_ascii=False))


def edition_of(output_html: Path) -> dict | None:
    """The brief's recorded edition (date, previous date, changes, record), or None when it has none."""
    try:
        edition = json.loads(edition_path(output_html).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if isinstance(edition, dict) and isinstance(edition.get("record"), dict):
        edition["record"] = _unpack(edition["record"])
    return edition


def _pack(record: dict[str, dict[str, Entry]]) -> dict:
    """A record as stored: per kind, each source citation once (``sources``) and each entry as ``[label, value,
    index of its source]``. Hundreds of regional figures cite one long title; written out each time, the record
    would be ten times the size."""
    out = {}
    for kind, entries in record.items():
        texts: dict[str, int] = {}
        rows = {key: [e["label"], e["value"], texts.setdefault(e["source"], len(texts))] for key, e in entries.items()}
        out[kind] = {"sources": list(texts), "entries": rows}
    return out


def _unpack(stored: dict) -> dict[str, dict[str, Entry]]:
    """The record :func:`_pack` stored (a record stored whole, by an earlier version, is returned as it is)."""
    out = {}
    for kind, value in stored.items():
        if (
            isinstance(value, dict)
            and isinstance(value.get("sources"), list)
            and isinstance(value.get("entries"), dict)
        ):
            texts = value["sources"]
            out[kind] = {
                key: {"label": label, "value": v, "source": texts[i] if 0 <= i < len(texts) else ""}
                for key, (label, v, i) in value["entries"].items()
            }
        else:
            out[kind] = value
    return out
