"""Rebuild data files from the origin their sidecars record, and say whether each comes out byte for byte.

Every data file's sidecar says how the file was made (``provenance.made``, see docs/schema.md):
- ``copied``: the bytes of ``made_from`` (the project's shared data, ``../shared/data/...``);
- ``derived``: rebuilt from ``made_from`` by a recipe below (the crosswalk: the shared file's columns, plus the
  Russian and Kazakh columns the workbook wrote, which exist only in the shipped file and are kept from it; the
  2017 boundaries: today's units dissolved into the 16 of 2017 as the crosswalk maps them);
- ``generated``: rebuilt by its script (the example scoring sheet: ``scripts/make_example_scores.py``);
- ``transcribed``: typed by hand from a document; the two tables of the 2017 digest are read again from its text
  (``TRANSCRIBED``), so a slip of the hand shows;
- ``authored``: the workbook's own assessment (which sections are traded, the caveats); no script can rebuild
  them (restore them with git).

Run:
    .venv/bin/python scripts/rebuild_data.py --check          # every file: reproduced byte for byte or not
    .venv/bin/python scripts/rebuild_data.py data/geo/x.csv   # rewrite that file from its origin

Exit code 1 when a file checked does not come out identical to the shipped one, or its origin is missing.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from benchmark.core import paths  # noqa: E402
from benchmark.core.errors import UserError  # noqa: E402
from benchmark.inputs import checksums  # noqa: E402
from benchmark.inputs.provenance import Provenance  # noqa: E402


def _origin(prov: Provenance) -> Path:
    origin = (paths.ROOT / (prov.made_from or "")).resolve()
    if not origin.is_file():
        raise FileNotFoundError(f"its origin {prov.made_from} is not on this machine")
    return origin


def _copied(path: Path, prov: Provenance) -> bytes:
    return _origin(prov).read_bytes()


def _crosswalk(path: Path, prov: Provenance) -> bytes:
    """The shared crosswalk's columns unchanged, and the workbook's translated columns kept from the shipped file."""
    with open(_origin(prov), encoding="utf-8", newline="") as fh:
        origin = list(csv.reader(fh))
    with open(path, encoding="utf-8", newline="") as fh:
        shipped = list(csv.DictReader(fh))
    added = ["change_ru", "change_kk"]
    key = ("iso_3166_2_2017", "current_iso_3166_2")
    own = {tuple(r[k] for k in key): [r.get(c, "") for c in added] for r in shipped}
    header, rows = origin[0], origin[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header + added)
    for row in rows:
        record = dict(zip(header, row))
        writer.writerow(row + own.get(tuple(record[k] for k in key), ["", ""]))
    return out.getvalue().encode("utf-8")


def _boundaries_2017(path: Path, prov: Provenance) -> bytes:
    """Today's units dissolved into the 16 of 2017, named and coded as the crosswalk says (GDAL's GeoJSON writer)."""
    import tempfile

    import geopandas as gpd
    import shapely

    current = gpd.read_file(_origin(prov))
    with open(paths.GEO_DIR / "kaz_regions_2017_to_current.csv", encoding="utf-8", newline="") as fh:
        crosswalk = list(csv.DictReader(fh))
    units: dict[str, dict] = {}
    for r in crosswalk:
        unit = units.setdefault(
            r["iso_3166_2_2017"],
            {
                "name": r["region_2017"],
                "name_ru": r["region_2017_ru"],
                "iso_3166_2_2017": r["iso_3166_2_2017"],
                "unit_type": "city" if r["region_2017"].endswith(" city") else "region",
                "current_units": [],
            },
        )
        unit["current_units"].append(r["current_iso_3166_2"])
    rows = []
    for code in sorted(units):
        unit = units[code]
        parts = current[current["iso_3166_2"].isin(unit["current_units"])].geometry.values
        rows.append(
            unit | {"current_units": ";".join(sorted(unit["current_units"])), "geometry": shapely.union_all(parts)}
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        gpd.GeoDataFrame(rows, crs="EPSG:4326").to_file(
            out,
            driver="GeoJSON",
            layer=path.stem,
            layer_options={"COORDINATE_PRECISION": 4, "RFC7946": "YES", "WRITE_NAME": "YES"},
        )
        return out.read_bytes()


def _script(path: Path, prov: Provenance) -> bytes:
    """A generated file, made again by its script's own functions (the example sheet: ``sheet`` and ``csv_text``)."""
    script = ROOT / (prov.script or "")
    spec = importlib.util.spec_from_file_location(script.stem, script)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"its script {prov.script} is not here")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frame, _seed, _criteria = module.sheet()
    return module.csv_text(frame).encode("utf-8")


def _digest_text(prov: Provenance) -> list[str]:
    """The lines of the 2017 digest, the document the curated tables were transcribed from."""
    return _origin(prov).read_text(encoding="utf-8").splitlines()


def _japan_sectors(path: Path, prov: Provenance) -> bytes:
    """The digest's "List of Japanese clusters": the tab-separated rows under "Economic sectors / No clusters"."""
    lines = _digest_text(prov)
    start = next(i for i, line in enumerate(lines) if line.startswith("Economic sectors\t"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["sector", "clusters"])
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        sector, count = line.rsplit("\t", 1)
        writer.writerow([sector.strip(), int(count)])
    return out.getvalue().encode("utf-8")


def _applications(path: Path, prov: Provenance) -> bytes:
    """The digest's sentence "there were received 21 applications: Almaty (4), ...", each region coded by the
    crosswalk's ``name_in_2017_digest`` (which reads "Almaty" as Almaty city)."""
    import re

    sentence = next(line for line in _digest_text(prov) if re.search(r"received \*\*\d+ applications\*\*:", line))
    listed = re.findall(r"([A-Z][\w\- ]*?) \((\d+)\)", sentence.split(":", 1)[1])
    with open(paths.GEO_DIR / "kaz_regions_2017_to_current.csv", encoding="utf-8", newline="") as fh:
        code = {r["name_in_2017_digest"]: r["iso_3166_2_2017"] for r in csv.DictReader(fh) if r["name_in_2017_digest"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["region_2017", "iso_3166_2_2017", "applications"])
    for name, count in listed:
        writer.writerow([name.strip(), code[name.strip()], int(count)])
    return out.getvalue().encode("utf-8")


#: How each derived file is rebuilt, by its path in the project.
DERIVED: dict[str, Callable[[Path, Provenance], bytes]] = {
    "data/geo/kaz_regions_2017_to_current.csv": _crosswalk,
    "data/geo/kaz_admin1_2017.geojson": _boundaries_2017,
}
#: The tables transcribed from the 2017 digest, read again from its text.
TRANSCRIBED: dict[str, Callable[[Path, Provenance], bytes]] = {
    "data/tables/jpn_clusters_by_sector_2015.csv": _japan_sectors,
    "data/tables/kaz_applications_by_region_2017.csv": _applications,
}


def rebuild(path: Path, prov: Provenance) -> bytes:
    """The file's bytes rebuilt from its recorded origin.

    Raises:
        FileNotFoundError: the origin is not on this machine.
        LookupError: the file cannot be rebuilt by a script (transcribed, or no recipe).
    """
    rel = paths.relative(path)
    if prov.made == "copied":
        return _copied(path, prov)
    if prov.made == "derived" and rel in DERIVED:
        return DERIVED[rel](path, prov)
    if prov.made == "generated":
        return _script(path, prov)
    if prov.made == "transcribed" and rel in TRANSCRIBED:
        return TRANSCRIBED[rel](path, prov)
    raise LookupError(f"{prov.made} from {prov.made_from}: no script can rebuild it (restore it with git)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="data files (default: every file with a sidecar)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped files; write nothing")
    args = parser.parse_args(argv)
    targets = [p if p.is_absolute() else Path.cwd() / p for p in args.files] or checksums.data_files()
    failed = 0
    for path in targets:
        rel = paths.relative(path)
        try:
            prov = checksums.read_sidecar(path).provenance
            data = rebuild(path, prov)
        except UserError as exc:
            print(f"{rel}: {exc}")
            failed += 1
            continue
        except LookupError as exc:
            print(f"{rel}: not rebuilt: {exc}")
            continue
        except FileNotFoundError as exc:
            print(f"{rel}: not rebuilt: {exc}")
            failed += 1
            continue
        same = path.exists() and path.read_bytes() == data
        if args.check:
            print(f"{rel}: {'reproduced byte for byte' if same else 'DIFFERS from the shipped file'} ({prov.made})")
            failed += not same
            continue
        if not same:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        matches = checksums.check_file(path) == []
        note = "matches its sidecar" if matches else "its checksum no longer matches the sidecar: review, then run "
        note += "" if matches else f"`clusterbench data checksum {rel}`"
        print(f"{rel}: {'unchanged' if same else 'rewritten'} from its origin; {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
