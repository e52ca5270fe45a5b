"""Kazakhstan's first-level boundaries (2017 and today), the crosswalk between them and the units' names in
Russian and Kazakh, from ``data/geo/``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..core import paths
from ..core.errors import DataError
from . import files

#: The 16 units of 2017 and the 20 of today (copies of geokz's GeoJSON, with their sidecars).
GEO_2017 = "kaz_admin1_2017.geojson"
GEO_CURRENT = "kaz_admin1.geojson"
#: The 2017 units mapped to today's, with the dates of the changes.
CROSSWALK = "kaz_regions_2017_to_current.csv"
#: The source id of the boundaries (in data/sources/).
GEO_SOURCE = "rodionov_2024_geokz"
#: Display simplification of the boundaries (degrees): small SVG, shapes still recognisable.
MAP_TOLERANCE = 0.03
#: The languages whose names the boundary files carry (``name_ru``, ``name_kk``); English names are the
#: statistics' own (``inputs.regional``).
LOCAL_LANGUAGES = ("ru", "kk")


def boundaries(name: str, simplify: float | None = MAP_TOLERANCE):
    """One of ``data/geo``'s GeoJSON files as a DataFrame: its properties, and its shapes in ``geometry``.

    The shapes are shapely geometries, simplified as a coverage for display: neighbours keep their shared
    edges, so the map stays small and gap-free. Read with shapely alone (not geopandas, whose import and
    pyproj's took a fifth of a second of every Kazakhstan brief); :func:`..sections.display.draw_areas`
    draws them. Returns a copy the caller may change.
    """
    path = paths.GEO_DIR / name
    files.require(path, "boundary file")

    def build():
        import numpy as np
        import pandas as pd
        import shapely
        from shapely.geometry import shape

        features = files.json_document(path)["features"]
        geometry = np.array([shape(f["geometry"]) for f in features], dtype=object)
        if simplify:
            geometry = shapely.coverage_simplify(geometry, simplify)
        frame = pd.DataFrame([f.get("properties") or {} for f in features])
        frame.insert(0, "geometry", list(geometry))
        return frame

    return files.cached(f"geo:{simplify}", [path, paths.sidecar(path)], build).copy()


#: The maps draw a degree of longitude this many times as long as a degree of latitude (the cosine of 48° N,
#: Kazakhstan's middle latitude), so that the country keeps its shape.
LONGITUDE_SCALE = 0.669


def label_point(area, x_scale: float = LONGITUDE_SCALE) -> tuple[float, float]:
    """Where a region's label goes: the point of its largest part farthest from its edges, as the map draws it.

    The pole of inaccessibility (shapely's ``polylabel``), found with longitudes shrunk by ``x_scale``: a label
    there has the most room on every side, where a "representative point" can lie next to an edge (North
    Kazakhstan's label once sat across its border with Akmola).
    """
    from shapely import affinity
    from shapely.ops import polylabel

    largest = max(getattr(area, "geoms", [area]), key=lambda part: part.area)
    pole = polylabel(affinity.scale(largest, xfact=x_scale, origin=(0, 0)), tolerance=0.01)
    return pole.x / x_scale, pole.y


#: The geometry types a region's boundary may have.
AREA_TYPES = ("Polygon", "MultiPolygon")


def check_boundaries(name: str) -> list[str]:
    """The 2017 codes (or today's) of one of ``data/geo``'s GeoJSON files, its structure checked without geopandas.

    Validation runs before every brief, so it reads the file as JSON (parsed once, cached) and checks what the
    maps need: a FeatureCollection whose every feature has an area geometry with coordinates and a code.

    Raises:
        DataError: the file is missing, not JSON, or a feature lacks its geometry or code (with the feature's index).
    """
    path = paths.GEO_DIR / name
    files.require(path, "boundary file")
    files.record(paths.sidecar(path))
    doc = files.json_document(path)
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not features:
        raise DataError.one(path, "not a GeoJSON FeatureCollection with features", "features")
    key = "iso_3166_2_2017" if name == GEO_2017 else "iso_3166_2"
    codes = []
    for i, f in enumerate(features):
        geom = f.get("geometry") if isinstance(f, dict) else None
        props = (f.get("properties") if isinstance(f, dict) else None) or {}
        if not isinstance(geom, dict) or geom.get("type") not in AREA_TYPES or not geom.get("coordinates"):
            raise DataError.one(path, f"feature {i} has no area geometry (Polygon or MultiPolygon with coordinates)")
        if not props.get(key):
            raise DataError.one(path, f"feature {i} has no {key!r} property", f"features[{i}].properties.{key}")
        codes.append(str(props[key]))
    return codes


def crosswalk():
    """The 2017-to-today crosswalk as a DataFrame of strings (one row per current unit)."""
    path = paths.GEO_DIR / CROSSWALK
    files.record(paths.sidecar(path))
    df = files.csv_frame(path, dtype=str, keep_default_na=False)
    need = {"iso_3166_2_2017", "region_2017", "current_iso_3166_2", "current_unit", "change"}
    missing = sorted(need - set(df.columns))
    if missing:
        raise DataError.one(path, f"missing column(s) {', '.join(missing)}", line=1)
    return df


# --- names in Russian and Kazakh ------------------------------------------------------------------

#: A Latin "i" inside a Cyrillic word: geokz writes North Kazakhstan's Kazakh name with one ("Солтүстiк") where
#: Kazakh has "і" (U+0456). Corrected as the names are read; the shipped file stays as it is.
_LATIN_I = re.compile(r"(?<=[\u0400-\u04ff])i|i(?=[\u0400-\u04ff])")
#: The Kazakh Cyrillic alphabet in its order (lower case), for sorting names.
_KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"


def _features(name: str) -> list[dict]:
    """The properties of every feature of one of ``data/geo``'s GeoJSON files (no geometry)."""
    path = paths.GEO_DIR / name
    files.require(path, "boundary file")
    files.record(paths.sidecar(path))
    return [f.get("properties") or {} for f in files.json_document(path).get("features", [])]


def _local(lang: str) -> str:
    if lang not in LOCAL_LANGUAGES:
        raise ValueError(f"no {lang!r} names in the boundary files; they have {', '.join(LOCAL_LANGUAGES)}")
    return lang


def _clean(name: object) -> str:
    return _LATIN_I.sub("і", str(name or "")).strip()


def unit_names(lang: str) -> dict[str, str]:
    """Full names of today's 20 units in Russian or Kazakh, by ISO 3166-2 code, from the boundary file.

    The file gives short forms (``name_ru`` "Акмолинская", ``name_kk`` "Ақмола", "Астана (қала)"); a region
    becomes "Акмолинская область" / "Ақмола облысы", a city "город Астана" / "Астана қаласы" (the catalogue's
    ``regions.unit_region`` and ``regions.unit_city``; the 2017 file writes its Russian names so). Where the
    catalogue has ``regions.unit_<code>``, that name is used instead: the official Russian "область Абай" and
    "город Шымкент", which geokz writes "Абайская" and "Чимкент".

    Raises:
        ValueError: a language other than Russian or Kazakh (English names are ``inputs.regional``'s).
    """
    from ..core.text import has, t

    lang = _local(lang)
    out = {}
    for p in _features(GEO_CURRENT):
        code = str(p.get("iso_3166_2", ""))
        short = re.sub(r"\s*\(.*\)$", "", _clean(p.get(f"name_{lang}") or p.get("name")))  # "Астана (қала)"
        form = "regions.unit_city" if p.get("unit_type") == "city" else "regions.unit_region"
        own = f"regions.unit_{code}"
        out[code] = t(own, lang) if has(own, lang) else t(form, lang, name=short)
    return out


def names_2017(lang: str) -> dict[str, str]:
    """Full names of the 16 units of 2017 in Russian or Kazakh, by their 2017 ISO 3166-2 code.

    Russian from the 2017 boundary file (``name_ru``, already full: "Акмолинская область", "город Алматы").
    That file has no Kazakh: a unit that is the same unit today (the crosswalk's relation "same") takes
    today's name; the four split or renamed since ("Оңтүстік Қазақстан облысы" ...) are the catalogue's
    ``regions.unit_2017_<code>``.

    Raises:
        ValueError: a language other than Russian or Kazakh.
    """
    from ..core.text import has, t

    lang = _local(lang)
    features = _features(GEO_2017)
    if lang == "ru":
        own = {str(p.get("iso_3166_2_2017", "")): _clean(p.get("name_ru")) for p in features}
    else:
        today = unit_names(lang)
        cw = crosswalk()
        same = cw[cw["relation"] == "same"] if "relation" in cw.columns else cw.iloc[0:0]
        own = {c: today.get(n, "") for c, n in zip(same.iso_3166_2_2017, same.current_iso_3166_2)}
    out = {}
    for p in features:
        code = str(p.get("iso_3166_2_2017", ""))
        key = f"regions.unit_2017_{code}"
        out[code] = own.get(code) or (t(key, lang) if has(key, lang) else str(p.get("name", code)))
    return out


def short_name(name: str, lang: str, others: Iterable[str] = ()) -> str:
    """A unit's name without the word for "region", for map labels: "Karaganda", "Карагандинская", "Абай".

    The full name stays where the short one would read as another unit's ("Almaty Region" beside "Almaty
    city", "Алматы облысы" beside "Алматы қаласы").
    """
    from ..core.text import t

    word = t("regions.unit_region", lang).replace("{name}", "").strip()
    short = re.sub(rf"\s*(?<!\w){re.escape(word)}(?!\w)\s*", " ", name, flags=re.IGNORECASE).strip()
    if not short or short == name:
        return name
    clash = any(n != name and (n.startswith(short + " ") or n.endswith(" " + short)) for n in others)
    return name if clash else short


def sort_key(lang: str) -> Callable[[str], list[int] | str]:
    """A key sorting names as ``lang`` orders its alphabet (English as before: by code point)."""
    if lang == "kk":
        order = {c: i for i, c in enumerate(_KAZAKH_ALPHABET)}
        return lambda name: [order.get(c, len(order) + ord(c)) for c in name.casefold()]
    if lang == "ru":
        return lambda name: name.casefold().replace("ё", "е")
    return lambda name: name
