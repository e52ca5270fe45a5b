"""docs/schema.md is the schema the workbook enforces: written from the models, every field documented."""

from __future__ import annotations

from pathlib import Path

from benchmark.inputs import schema_doc

ROOT = Path(__file__).resolve().parents[2]


def test_schema_doc_is_current():
    """An analyst reading docs/schema.md sees the fields `validate` enforces (run `clusterbench schema` to update)."""
    committed = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == schema_doc.markdown(), "docs/schema.md is out of date: run `clusterbench schema`"


def test_every_field_of_every_record_is_described():
    """A field without a description would leave an analyst guessing what to write."""
    missing = [
        f"{m.__name__}.{name}"
        for m, _ in schema_doc.RECORDS
        for name, field in m.model_fields.items()
        if not (field.description or "").strip()
    ]
    assert missing == []
