"""``docs/messages.md``: every kind of message the checks print, each with an example run through the real checks.

Each example is a small broken file written to a temporary folder and read by the same code that
``clusterbench validate`` runs, so the table shows what an analyst sees, word for word; a test fails
when the document is out of date (``python -m benchmark.inputs.message_doc`` writes it again).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..core import paths
from ..core.errors import UserError

#: (group, mistake, file name shown, file text, the check that reads it)
Example = tuple[str, str, str, str | tuple[str, str, str], str]

EXAMPLES: list[Example] = [
    (
        "YAML",
        "a line indented more than the field above it",
        "data/countries/NOR.yaml",
        "country: NOR\nname: Norway\n    summary: text\n",
        "yaml",
    ),
    (
        "YAML",
        "a line indented less than the fields around it",
        "data/countries/NOR.yaml",
        "key_facts:\n  - id: a\n    label: x\n   value: 1\n",
        "yaml",
    ),
    (
        "YAML",
        "a colon inside a text that is not in quotes",
        "data/countries/NOR.yaml",
        "country: NOR\nname: Norway: the country\n",
        "yaml",
    ),
    ("YAML", "a quote that is never closed", "data/countries/NOR.yaml", "country: NOR\nname: 'Norway\n", "yaml"),
    ("YAML", "a tab used to indent", "data/countries/NOR.yaml", "country: NOR\nkey_facts:\n\t- id: a\n", "yaml"),
    ("YAML", "a list not closed", "data/countries/NOR.yaml", "country: NOR\nsummary_sources: [a, b\nname: x\n", "yaml"),
    ("YAML", "a value starting with *", "data/countries/NOR.yaml", "country: NOR\nname: *Norway\n", "yaml"),
    ("YAML", "a line that is not `name: value`", "data/countries/NOR.yaml", "country: NOR\nname\nsummary: x\n", "yaml"),
    ("File", "not UTF-8 (saved as Latin-1 or Windows-1252)", "data/countries/NOR.yaml", "latin1", "yaml"),
    ("File", "a binary file", "data/countries/NOR.yaml", "binary", "yaml"),
    (
        "Fields",
        "a misspelt required field (one message, not two)",
        "data/sources/nor.yaml",
        "sources:\n  - idd: nor_2020_report\n    title: Report\n    publisher: P\n    year: 2020\n    language: en\n"
        "    licence: CC BY 4.0\n",
        "sources",
    ),
    (
        "Fields",
        "an unknown field",
        "data/sources/nor.yaml",
        "sources:\n  - id: nor_2020_report\n    title: Report\n    publisher: P\n    year: 2020\n    language: en\n"
        "    licence: CC BY 4.0\n    autor: me\n",
        "sources",
    ),
    (
        "Fields",
        "a required field missing",
        "data/sources/nor.yaml",
        "sources:\n  - id: nor_2020_report\n    publisher: P\n    year: 2020\n    language: en\n    licence: x\n",
        "sources",
    ),
    (
        "Fields",
        "a date not written year-month-day (the likely date suggested)",
        "data/sources/nor.yaml",
        "sources:\n  - id: nor_2020_report\n    title: Report\n    publisher: P\n    year: 2020\n    language: en\n"
        "    licence: x\n    date_accessed: 15.03.2016\n",
        "sources",
    ),
    (
        "Fields",
        "a number where a year is expected",
        "data/sources/nor.yaml",
        "sources:\n  - id: nor_2020_report\n    title: Report\n    publisher: P\n    year: twenty\n    language: en\n"
        "    licence: x\n",
        "sources",
    ),
    (
        "Fields",
        "a web address that is not one",
        "data/sources/nor.yaml",
        "sources:\n  - id: nor_2020_report\n    title: Report\n    publisher: P\n    year: 2020\n    language: en\n"
        "    licence: x\n    url: www.example.org\n",
        "sources",
    ),
    (
        "Fields",
        "an unquoted date in a fact's value",
        "data/countries/JPN.yaml",
        ("data/countries/JPN.yaml", "      value: 2001\n", "      value: 2001-04-01\n"),
        "country",
    ),
    (
        "Fields",
        "a code YAML reads as true or false (NO for Norway)",
        "data/countries/JPN.yaml",
        ("data/countries/JPN.yaml", "country: JPN", "country: NO"),
        "country",
    ),
    (
        "Fields",
        "a currency symbol or local abbreviation (the likely code suggested)",
        "data/countries/JPN.yaml",
        ("data/countries/JPN.yaml", "        currency: JPY", "        currency: ZL"),
        "country",
    ),
    (
        "Fields",
        "a status that is not one of the four",
        "data/countries/JPN.yaml",
        ("data/countries/JPN.yaml", "      status: verified", "      status: checked"),
        "country",
    ),
    (
        "Fields",
        "a number where a text is expected",
        "data/countries/JPN.yaml",
        (
            "data/countries/JPN.yaml",
            "      quote: First Term(2001-2005)",
            "      quote: 2001  # was:",
        ),
        "country",
    ),
    (
        "Fields",
        "a misspelt field of a fact (one message)",
        "data/countries/JPN.yaml",
        ("data/countries/JPN.yaml", "      status: verified", "      stauts: verified"),
        "country",
    ),
    (
        "Cross-references",
        "a source id that is not in the source table",
        "data/countries/JPN.yaml",
        (
            "data/countries/JPN.yaml",
            "      source: meti_undated_industrial_cluster_policy\n",
            "      source: meti_undated_industrial_clustr_policy\n",
        ),
        "references",
    ),
    (
        "Cross-references",
        "a STIP code that is not in the codebook",
        "data/countries/JPN.yaml",
        ("data/countries/JPN.yaml", "    themes: [", "    themes: [TH477, "),
        "references",
    ),
    (
        "Benchmarks",
        "a misspelt parameter",
        "benchmarks/nor.yaml",
        "id: nor\ntitle: Norway\nfocal: KAZ\nbriefs:\n  - notebook: country_brief.ipynb\n    parameters:\n"
        "      contry: KAZ\n",
        "benchmark",
    ),
    (
        "Benchmarks",
        "a misspelt key",
        "benchmarks/nor.yaml",
        "id: nor\ntitle: Norway\nfocal: KAZ\nbriefs:\n  - notebook: country_brief.ipynb\n    gird:\n"
        "      country: [KAZ]\n",
        "benchmark",
    ),
    (
        "Benchmarks",
        "a language the briefs are not written in",
        "benchmarks/nor.yaml",
        "id: nor\ntitle: Norway\nfocal: KAZ\nbriefs:\n  - notebook: country_brief.ipynb\n    parameters:\n"
        "      country: KAZ\n      lang: de\n",
        "benchmark",
    ),
    (
        "Benchmarks",
        "a country without data",
        "benchmarks/nor.yaml",
        "id: nor\ntitle: Norway\nfocal: KAZ\nbriefs:\n  - notebook: country_brief.ipynb\n    grid:\n"
        "      country: [KAZ, POL]\n",
        "benchmark",
    ),
    (
        "Benchmarks",
        "a year without regional figures",
        "benchmarks/nor.yaml",
        "id: nor\ntitle: Norway\nfocal: KAZ\nbriefs:\n  - notebook: country_brief.ipynb\n    parameters:\n"
        "      country: KAZ\n      year: 1999\n",
        "benchmark",
    ),
    (
        "Benchmarks",
        "a notebook that is not in notebooks/",
        "benchmarks/nor.yaml",
        "id: nor\ntitle: Norway\nfocal: KAZ\nbriefs:\n  - notebook: country_brif.ipynb\n",
        "benchmark",
    ),
    (
        "Commentary",
        "no front matter",
        "data/commentary/country-JPN.md",
        "Japan's clusters outlived the funding.\n",
        "commentary",
    ),
    (
        "Commentary",
        "a date not written year-month-day",
        "data/commentary/country-JPN.md",
        "---\nauthor: A. Analyst\ndate: 1 December 2026\n---\nText.\n",
        "commentary",
    ),
    (
        "Commentary",
        "a misspelt field",
        "data/commentary/country-JPN.md",
        "---\nautor: A. Analyst\ndate: 2026-12-01\n---\nText.\n",
        "commentary",
    ),
    (
        "Commentary",
        "a file not named after a brief",
        "data/commentary/country-JPX.md",
        "---\nauthor: A. Analyst\ndate: 2026-12-01\n---\nText.\n",
        "commentary",
    ),
    (
        "Regional tables",
        "a value written with a decimal comma",
        "data/regional/kz_gva_by_region_oked_section_2015-2017_2024-2025.csv",
        ("data/regional/kz_gva_by_region_oked_section_2015-2017_2024-2025.csv", ",180397.3,", ',"180397,3",'),
        "gva",
    ),
    (
        "Regional tables",
        "a year that is not a year",
        "data/regional/kz_gva_by_region_oked_section_2015-2017_2024-2025.csv",
        (
            "data/regional/kz_gva_by_region_oked_section_2015-2017_2024-2025.csv",
            "\n2015,Акмолинская,KZ-11,A,",
            "\n15,Акмолинская,KZ-11,A,",
        ),
        "gva",
    ),
    (
        "Regional tables",
        "a column renamed",
        "data/regional/kz_gva_by_region_oked_section_2015-2017_2024-2025.csv",
        ("data/regional/kz_gva_by_region_oked_section_2015-2017_2024-2025.csv", "year,region,", "Year,region,"),
        "gva",
    ),
    (
        "Scoring sheets",
        "a score outside the criterion's scale",
        "data/competition/example_scores.csv",
        (
            "data/competition/example_scores.csv",
            "Application A,Expert 1,critical_mass,3",
            "Application A,Expert 1,critical_mass,7",
        ),
        "sheet",
    ),
    (
        "Scoring sheets",
        "a criterion misspelt",
        "data/competition/example_scores.csv",
        (
            "data/competition/example_scores.csv",
            "Application A,Expert 1,critical_mass,3",
            "Application A,Expert 1,critical_mas,3",
        ),
        "sheet",
    ),
    (
        "Workbook settings",
        "not valid YAML (a quote never closed)",
        "workbook.yaml",
        "issuer: 'Analysis Unit\n",
        "settings",
    ),
    ("Workbook settings", "a misspelt key", "workbook.yaml", "isuer: Analysis Unit\n", "settings"),
    (
        "Workbook settings",
        "an issuer that is neither a name nor names by language",
        "workbook.yaml",
        "issuer:\n  - Analysis Unit\n",
        "settings",
    ),
    (
        "Workbook settings",
        "an issuer in a language the briefs are not written in",
        "workbook.yaml",
        "issuer:\n  en: Analysis Unit\n  de: Analyseeinheit\n",
        "settings",
    ),
    (
        "Workbook settings",
        "an issuer by language without English",
        "workbook.yaml",
        "issuer:\n  ru: Аналитический отдел\n",
        "settings",
    ),
    (
        "Boundaries",
        "a GeoJSON file cut short",
        "data/geo/kaz_admin1.geojson",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", ',
        "geojson",
    ),
]


def _run(kind: str, path: Path, shown: str = "") -> list[str]:
    """The messages the check of ``kind`` prints for the file at ``path`` (a broken copy of ``shown``)."""
    from . import benchmark_files, commentary, competition, files, load, regional, settings, validate
    from .schemas import CountryFile, Source

    files.clear()
    try:
        if kind == "yaml":
            load.read_yaml(path)
        elif kind == "sources":
            data, node = load.read_yaml(path)
            for i, item in enumerate(data["sources"]):
                load.validate(Source, item, path, node, prefix=("sources", i))
        elif kind == "country":
            data, node = load.read_yaml(path)
            load.validate(CountryFile, data, path, node)
        elif kind == "references":
            return [str(p) for p in validate.references(path, set(load.load_sources()))]
        elif kind == "benchmark":
            return [str(p) for p in benchmark_files.check_benchmark(path)[1]]
        elif kind == "commentary":
            commentary.read(path)
        elif kind in ("gva", "sheet"):  # the shipped sidecar beside the broken copy, as in the project
            shutil.copyfile(paths.sidecar(paths.ROOT / shown), paths.sidecar(path))
            if kind == "gva":
                regional.read_table(path, "gva")
            else:
                competition.load_scoring_sheet(path)
        elif kind == "settings":
            settings.read(path)
        elif kind == "geojson":
            files.json_document(path)
    except UserError as exc:
        return [str(p) for p in exc.problems]
    return []


def examples() -> list[tuple[str, str, str, list[str]]]:
    """(group, mistake, file text, messages) of every example, run through the checks now."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for group, mistake, shown, text, kind in EXAMPLES:
            path = Path(tmp) / shown
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, tuple):
                base, old, new = text
                source = (paths.ROOT / base).read_text(encoding="utf-8")
                path.write_text(source.replace(old, new, 1), encoding="utf-8")
                text = new
            elif text == "latin1":
                path.write_bytes("country: NOR\nname: Norvège\n".encode("latin-1"))
                text = "country: NOR\nname: Norvège    (saved as Latin-1)\n"
            elif text == "binary":
                path.write_bytes(b"\x00\x01\x02PK\x03\x04")
                text = "(the bytes of a ZIP or an image)"
            else:
                path.write_text(text, encoding="utf-8")
            messages = [m.replace(str(Path(tmp)) + "/", "") for m in _run(kind, path, shown)]
            out.append((group, mistake, text, [m if m.startswith(shown) else f"{shown}: {m}" for m in messages]))
    return out


def render(rows: list[tuple[str, str, str, list[str]]] | None = None) -> str:
    """The text of ``docs/messages.md``."""
    rows = examples() if rows is None else rows
    lines = [
        "# Messages",
        "",
        "What `clusterbench validate` (and `brief`, `compare`, `competition` and `build`, which run the same",
        "checks first) prints for each kind of mistake, with an example. Each message names the file, the line",
        "and the field, says what was found and what to write instead, and prints once per mistake. Exit code 2.",
        "",
        "Written by `python -m benchmark.inputs.message_doc` from the examples in",
        "`src/benchmark/inputs/message_doc.py`, each run through the real checks; a test fails when this file is",
        "out of date. Data files (YAML, CSV, GeoJSON), benchmark definitions, commentary, the competition's",
        "scoring sheets and the workbook's settings (`workbook.yaml`) are shown; the curated tables' checks name",
        "the CSV file and line in the same form (see docs/schema.md for every field).",
        "",
    ]
    group = None
    for g, mistake, text, messages in rows:
        if g != group:
            lines += [f"## {g}", "", "| mistake | example | message |", "|---|---|---|"]
            group = g
        example = "<br>".join(_cell(x) for x in text.rstrip("\n").split("\n")[-4:])
        message = "<br>".join(_cell(m) for m in messages) or "(no message: a gap in the checks)"
        lines.append(f"| {mistake} | <code>{example}</code> | {message} |")
        if any(r[0] == g for r in rows[rows.index((g, mistake, text, messages)) + 1 :]):
            continue
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\t", "⇥")


def path() -> Path:
    """``docs/messages.md``."""
    return paths.ROOT / "docs" / "messages.md"


def write() -> Path:
    """Write ``docs/messages.md`` from the examples."""
    out = path()
    out.write_text(render(), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(write())
