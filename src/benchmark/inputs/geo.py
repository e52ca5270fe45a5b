"""Kazakhstan's first-level boundaries (2017 and today) and the crosswalk between them, from ``data/geo/``."""

from __future__ import annotations

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


def boundaries(name: str, simplify: float | None = MAP_TOLERANCE):
    """A GeoDataFrame of one of ``data/geo``'s GeoJSON files, simplified as a coverage for display.

    Neighbours keep their shared edges when simplified, so the map stays small and gap-free.
    Returns a copy the caller may change.
    """
    path = paths.GEO_DIR / name
    files.require(path, "boundary file")

    def build():
        import geopandas as gpd
        import shapely

        gdf = gpd.GeoDataFrame.from_features(files.json_document(path), crs="EPSG:4326")
        if simplify:
            gdf["geometry"] = shapely.coverage_simplify(gdf.geometry.values, simplify)
        return gdf

    return files.cached(f"geo:{simplify}", [path, paths.sidecar(path)], build).copy()


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
