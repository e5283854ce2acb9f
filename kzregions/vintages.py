"""How the units of one boundary vintage map onto another.

The crosswalk is the area overlay of the two vintages' harmonised layers, computed on the
same 1 cm grid as the harmonisation and measured in the Albers equal-area CRS for
Kazakhstan. It is the basis for carrying statistics between vintages.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Relation labels, from the most to the least stable.
RELATIONS = ("same", "recoded", "renamed", "recoded and renamed", "boundary change", "split", "merged")

COLUMNS = ["from_kato", "from_name_en", "to_kato", "to_name_en", "from_oblast_kato", "to_oblast_kato",
           "area_km2", "share", "to_share", "relation", "successor", "recoded", "renamed",
           "boundary_changed"]


def crosswalk(
    from_vintage: int,
    to_vintage: int,
    level: int | str = 1,
    min_share: float = 0.001,
    area_tolerance: float = 0.005,
) -> pd.DataFrame:
    """Overlay two boundary vintages: which unit's area went where.

    Parameters
    ----------
    from_vintage, to_vintage : {2018, 2024}
        Source and target boundary sets.
    level : {1, 2, "oblast", "district"}
        Administrative level.
    min_share : float
        Slivers are ignored: a pair is kept only if it holds at least this fraction of the
        from-unit's area or of the to-unit's area (default 0.1 %). The area of dropped
        slivers is spread over the kept pairs of the from-unit, so that the shares of
        each from-unit sum to exactly 1.
    area_tolerance : float
        A one-to-one pair whose areas differ by more than this fraction is a
        "boundary change" rather than the same unit (default 0.5 %).

    Returns
    -------
    pandas.DataFrame
        One row per (from-unit, to-unit) pair with ``area_km2`` of the intersection (km²,
        equal-area CRS), ``share`` (fraction of the from-unit's area in the to-unit; sums
        to 1 per from-unit), ``to_share`` (fraction of the to-unit's area that comes from
        the from-unit), and ``relation``:

        - ``same``: one-to-one, same code, same Russian name, area within tolerance;
        - ``recoded`` / ``renamed`` / ``recoded and renamed``: one-to-one, area within
          tolerance, but a new KATO code and/or a new name;
        - ``split``: the from-unit goes to several to-units, this to-unit comes only from it;
        - ``merged``: the to-unit is made of several from-units, this from-unit only goes there;
        - ``boundary change``: territory moved between units (many-to-many), or a
          one-to-one pair whose area changed beyond ``area_tolerance``.

        ``successor`` marks the to-unit that receives the largest share (at least half) of
        the from-unit; ``recoded`` and ``renamed`` (Russian name) compare a unit with its
        successor and are False on other pairs; ``boundary_changed`` is True unless the pair
        is one-to-one within ``area_tolerance``. ``attrs`` records the parameters.
    """
    import numpy as np

    from . import _store, data
    from .settings import settings

    fv, tv = data.check_vintage(from_vintage), data.check_vintage(to_vintage)
    lv = data.check_level(level)
    if not 0 <= min_share < 0.5:
        raise ValueError(f"min_share={min_share} must be in [0, 0.5)")
    path = data._layer_path(lv, fv)
    key = f"{path.stem}-{data._layer_path(lv, tv).stem}-{min_share}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    cpath = settings.resolved_cache_dir() / "crosswalks" / f"xw-{fv}-{tv}-{lv}-{digest}.npz"
    raw = _store.load(cpath) if settings.resolved_use_cache() else None
    if raw is None or raw.attrs.get("kzregions_meta", {}).get("key") != key:
        raw = _overlay(data.units(lv, fv), data.units(lv, tv), min_share)
        if settings.resolved_use_cache():
            try:
                _store.save(cpath, raw, meta={"key": key})
            except OSError:
                pass  # the crosswalk is cheap enough to recompute
    out = _classify(raw, area_tolerance)
    out.attrs.update(from_vintage=fv, to_vintage=tv, level=lv, min_share=min_share,
                     area_tolerance=area_tolerance)
    # shares of each from-unit sum to 1 by construction; check it rather than trust it
    sums = out.groupby("from_kato")["share"].sum()
    assert np.allclose(sums, 1.0), sums[~np.isclose(sums, 1.0)]
    return out[COLUMNS].reset_index(drop=True)


def _overlay(a, b, min_share: float):
    import numpy as np
    import pandas as pd
    import shapely

    from ._crs import area_km2
    from .data import GRID

    ga, gb = a.geometry.values, b.geometry.values
    tree = shapely.STRtree(gb)
    ia, ib = tree.query(ga, predicate="intersects")
    inter = shapely.intersection(ga[ia], gb[ib], grid_size=GRID)
    import geopandas as gpd

    area = area_km2(gpd.GeoSeries(inter, crs=a.crs)).to_numpy()
    t = pd.DataFrame({
        "from_kato": a["kato"].to_numpy()[ia], "from_name_en": a["name_en"].to_numpy()[ia],
        "from_name_ru": a["name_ru"].to_numpy()[ia], "from_oblast_kato": a["oblast_kato"].to_numpy()[ia],
        "from_area_km2": a["area_km2"].to_numpy()[ia],
        "to_kato": b["kato"].to_numpy()[ib], "to_name_en": b["name_en"].to_numpy()[ib],
        "to_name_ru": b["name_ru"].to_numpy()[ib], "to_oblast_kato": b["oblast_kato"].to_numpy()[ib],
        "to_area_km2": b["area_km2"].to_numpy()[ib], "area_km2": area,
    })
    t = t[t["area_km2"] > 0]
    raw_share = t["area_km2"] / t["from_area_km2"]
    t["to_share"] = t["area_km2"] / t["to_area_km2"]
    t = t[(raw_share >= min_share) | (t["to_share"] >= min_share)].copy()
    t["share"] = t["area_km2"] / t.groupby("from_kato")["area_km2"].transform("sum")
    missing = set(a["kato"]) - set(t["from_kato"])
    if missing:  # every from-unit must land somewhere; a unit outside every to-unit is a data error
        from .errors import DataIntegrityError

        raise DataIntegrityError(f"units with no counterpart in the target vintage: {sorted(missing)}")
    return t.sort_values(["from_kato", "to_kato"]).reset_index(drop=True).astype(
        {"area_km2": np.float64, "share": np.float64}
    )


def _classify(t, area_tolerance: float):
    import numpy as np

    t = t.copy()
    n_to = t.groupby("from_kato")["to_kato"].transform("size")
    n_from = t.groupby("to_kato")["from_kato"].transform("size")
    # flags compare a unit with its successor only: the to-unit that receives the largest
    # share of it, if that is at least half (Kapchagay -> Konaev, not Talgar -> Konaev)
    top = t["share"] == t.groupby("from_kato")["share"].transform("max")
    t["successor"] = top & (t["share"] >= 0.5)
    t["recoded"] = t["successor"] & (t["from_kato"] != t["to_kato"])
    t["renamed"] = t["successor"] & (t["from_name_ru"].str.casefold() != t["to_name_ru"].str.casefold())
    rel_area = (t["to_area_km2"] - t["from_area_km2"]).abs() / t[["from_area_km2", "to_area_km2"]].max(axis=1)
    one_to_one = (n_to == 1) & (n_from == 1)
    t["boundary_changed"] = ~one_to_one | (rel_area > area_tolerance)
    label = np.select(
        [t["recoded"] & t["renamed"], t["recoded"], t["renamed"]],
        ["recoded and renamed", "recoded", "renamed"], "same",
    )
    t["relation"] = np.select(
        [(n_to > 1) & (n_from == 1), (n_to == 1) & (n_from > 1), (n_to > 1) & (n_from > 1),
         one_to_one & (rel_area > area_tolerance)],
        ["split", "merged", "boundary change", "boundary change"], label,
    )
    return t
