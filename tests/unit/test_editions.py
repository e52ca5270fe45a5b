"""Edition records: what a brief states is recorded kind by kind, and a correction is one change, old and new."""

from __future__ import annotations

import csv
import datetime as dt
import io

from benchmark.core.text import t
from benchmark.inputs import load, regional
from benchmark.publish import state

KAZ_READS = [
    "data/countries/KAZ.yaml",
    "data/tables/kaz_applications_by_region_2017.csv",
    "data/tables/jpn_clusters_by_sector_2015.csv",  # read to find KAZ's own tables: about Japan, not recorded
    f"data/regional/{regional.GVA_FILE}",
    f"data/regional/{regional.EMPLOYMENT_FILE}",
]


def test_every_kind_has_a_label_in_every_language():
    """The colophon names the kind of each change in the reader's language (no missing text, no key shown)."""
    for kind in state.RECORD_KINDS:
        for lang in ("en", "ru", "kk"):
            label = t(f"brief.changes_kind_{kind}", lang)
            assert label and "changes_kind" not in label, (kind, lang)


def test_the_record_holds_financing_phases_table_rows_and_regional_figures(project_copy):
    """A Kazakhstan brief's record has each financing entry, phase, row of its own tables and regional figure."""
    record = state.edition_record(KAZ_READS)
    cf = load.load_country("KAZ")
    assert len(record["financing"]) == sum(len(p.financing) for p in cf.programmes)
    assert len(record["phases"]) == sum(len(p.phases) for p in cf.programmes)
    _, table = load.load_table("kaz_applications_by_region_2017")
    assert len(record["tables"]) == len(table)  # Japan's table, read only to find Kazakhstan's, is not recorded
    years = sorted({regional.BASE_YEAR, max(regional.years())})
    shown = sum(len(regional.value_added(y)) + len(regional.employment(y)) for y in years)
    assert len(record["regional"]) == shown


def test_a_corrected_regional_figure_is_one_change(project_copy):
    """Correcting one value-added figure of the regional table changes one regional entry: its old and new value."""
    from benchmark.core.text import number

    before = state.edition_record(KAZ_READS)
    figure = regional.value_added(regional.BASE_YEAR).iloc[0]  # a figure the brief's regional sections use
    path = regional.gva_path()
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[figure.line - 1]]))
    corrected = float(cells[header.index("value")]) + 1000
    cells[header.index("value")] = str(corrected)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[figure.line - 1] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")
    changes = state.record_changes(before, state.edition_record(KAZ_READS))
    assert [c["kind"] for c in changes] == ["regional"], changes
    assert changes[0]["label"].startswith(f"{figure['name']}, {figure.section}, {regional.BASE_YEAR}")
    assert (changes[0]["old"], changes[0]["new"]) == (number(figure.value, "en", 1), number(corrected, "en", 1))
    assert changes[0]["source"] == load.load_sources()[regional.GVA_SOURCE].short_citation("en")


def test_an_edition_recorded_before_a_kind_existed_lists_none_of_it(tmp_path):
    """An edition written by an earlier workbook (no financing, tables ... recorded) gets no flood of 'added' rows."""
    entry = {"label": "Budget", "value": "1", "source": "A"}
    old = {"figures": {"f": entry}, "sources": {}}  # recorded before financing was
    cited = {"s": {"label": "A report", "value": "A", "source": ""}}  # cited only by the financing entry
    new = {"figures": {"f": entry}, "financing": {"p/1": {**entry, "value": "2"}}, "sources": cited}
    assert state.record_changes(old, new) == []
    gone = {"figures": {}, "financing": {}}
    listed = state.record_changes(new, gone)
    assert {(c["kind"], c["old"], c["new"]) for c in listed} == {
        ("figures", "1", ""),
        ("financing", "2", ""),
        ("sources", "A", ""),
    }


def test_a_saved_record_reads_back_the_same(tmp_path):
    """The record stored for the next edition (its repeated sources kept once) reads back as it was written."""
    html = tmp_path / "country-X.html"
    src = "A long citation (Publisher, 2026)"
    record = {
        kind: {f"{kind}/{i}": {"label": f"L{i}", "value": str(i), "source": src if i % 2 else ""} for i in range(5)}
        for kind in state.RECORD_KINDS
    }
    edition = state.next_edition(html, record, dt.date(2026, 12, 1))
    state.save_edition(html, edition)
    assert state.edition_of(html)["record"] == record
    assert state.edition_path(html).read_text(encoding="utf-8").count(src) == len(state.RECORD_KINDS)
    assert state.next_edition(html, record, dt.date(2026, 12, 2))["date"] == "2026-12-01"  # nothing changed
