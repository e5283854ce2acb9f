"""How the units of one boundary vintage map onto another.

The crosswalk is the area overlay of the two vintages' harmonised layers, computed on the
same 1 cm grid as the harmonisation and measured in the Albers equal-area CRS for
Kazakhstan. It is the basis for carrying statistics between vintages.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from . import _boundaries, _store
from ._crs import area_km2
from ._datasets import district_long, oblast_long
from ._geometry import GRID, dasymetric, to_multipolygon
from ._schema import STABLE_SHARE, YKO, YKO_PARTS, check_level, check_vintage, persons_in
from ._validate import as_codes, code_hint, keywords_after, one_of, renamed_keywords, user_stacklevel
from .errors import (
    ColumnConflictError,
    DataIntegrityError,
    DuplicateKeyError,
    InvalidArgumentError,
    InvalidInputError,
    MissingColumnError,
    UnknownCodeError,
)
from .settings import settings

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

#: Relation labels, from the most to the least stable.
RELATIONS = ("same", "recoded", "renamed", "recoded and renamed", "boundary change", "split", "merged")

COLUMNS = ["from_kato", "from_name_en", "to_kato", "to_name_en", "from_oblast_kato", "to_oblast_kato",
           "area_km2", "share", "to_share", "relation", "successor", "recoded", "renamed",
           "boundary_changed"]


def crosswalk(
    from_vintage: int,
    to_vintage: int,
    *,
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

    Raises
    ------
    VintageError, LevelError
        A vintage or the level does not exist.
    ValueError
        ``min_share`` outside [0, 0.5).
    DataIntegrityError
        A unit has no counterpart in the target set, or shares do not sum to 1 (a corrupt
        cache: clear it).

    Examples
    --------
    >>> import kzregions as kz
    >>> x = kz.crosswalk(2018, 2024)
    >>> x["relation"].value_counts().to_dict()
    {'same': 12, 'split': 7, 'boundary change': 1, 'merged': 1}
    >>> almaty = x[x["from_kato"] == "190000000"]
    >>> almaty["to_name_en"].tolist(), almaty["share"].round(3).tolist()
    (['Almaty', 'Zhetysu'], [0.474, 0.526])
    """
    from .boundaries import units

    fv, tv = check_vintage(from_vintage), check_vintage(to_vintage)
    lv = check_level(level)
    if not 0 <= min_share < 0.5:
        raise InvalidArgumentError(f"min_share={min_share!r}: give a share of a unit's area in [0, 0.5), e.g. 0.01")
    path = _boundaries.layer_path(lv, fv)
    key = f"{path.stem}-{_boundaries.layer_path(lv, tv).stem}-{min_share}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    cpath = settings.resolved_cache_dir() / "crosswalks" / f"xw-{fv}-{tv}-{lv}-{digest}{_store.SUFFIX}"
    raw = _store.load(cpath, expect={"key": key}) if settings.resolved_use_cache() else None
    if raw is None:
        raw = _overlay(units(lv, fv), units(lv, tv), min_share)
        if settings.resolved_use_cache():
            try:
                _store.save(cpath, raw, meta={"key": key})
            except OSError:
                pass  # the crosswalk is cheap enough to recompute
    # "renamed" compares the names each set was published with (geokz's spellings: Nur-Sultan
    # -> Astana), not the official names both carry today
    raw = raw.assign(from_name_ru=_published_ru(raw["from_kato"], lv, fv),
                     to_name_ru=_published_ru(raw["to_kato"], lv, tv))
    out = _classify(raw, area_tolerance)
    out.attrs.update(from_vintage=fv, to_vintage=tv, level=lv, min_share=min_share,
                     area_tolerance=area_tolerance)
    # shares of each from-unit sum to 1 by construction; check it rather than trust it
    sums = out.groupby("from_kato")["share"].sum()
    off = sums[(sums - 1.0).abs() > 1e-8]
    if len(off):
        raise DataIntegrityError(f"crosswalk shares do not sum to 1 for {off.to_dict()}: clear the cache "
                                 "(kzregions data clear) and report the problem")
    return out[COLUMNS].reset_index(drop=True)


def _overlay(a, b, min_share: float):
    import numpy as np
    import pandas as pd
    import shapely

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


def _published_ru(katos, level: int, vintage: int):
    """The Russian names geokz gives the units ``katos`` of a set (the 2017 set: 2018's; YKO
    keeps its own)."""
    names = _boundaries.geokz_names(level, 2018 if vintage == 2017 else vintage).set_index("kato")["name_ru"]
    return katos.map(names).fillna(katos.map({YKO: "Южно-Казахстанская"})).fillna("")


# ----------------------------------------------------------------------------- stable units
@cache
def stable_units(a: int, b: int, level: int = 1) -> frozenset:
    """Units (KATO) whose territory is the same in boundary sets ``a`` and ``b``.

    Same code, and at least :data:`STABLE_SHARE` of the area shared both ways in the
    crosswalk. South Kazakhstan (2017) is stable only with itself; the 2017 set has no
    districts, so at level 2 it counts as 2018.
    """
    if a == b:
        return frozenset(_units_of_set(a, level))
    base_a, base_b = (2018 if a == 2017 else a), (2018 if b == 2017 else b)
    if base_a == base_b:
        same = set(_units_of_set(2018, level))
    else:
        x = crosswalk(base_a, base_b, level=level)
        ok = (x["from_kato"] == x["to_kato"]) & (x["share"] >= STABLE_SHARE) & (x["to_share"] >= STABLE_SHARE)
        same = set(x.loc[ok, "from_kato"])
    if 2017 in (a, b) and level == 1:
        same -= {*YKO_PARTS, YKO}
    return frozenset(same)


def usable_on(vintages, codes, target: int, *, level: int | str) -> np.ndarray:
    """Which rows can stand for their unit on boundary set ``target``: the one rule.

    A row measured on ``target`` can; a row measured on another set can if its unit is the
    same in both (:func:`stable_units` at ``level``: districts are compared as districts);
    a row that does not say its set (NaN) can if its unit is the same in the 2018 and 2024
    sets; a national row (KATO 000000000) always can. Used by :func:`kzregions.panel`,
    :func:`kzregions.attach`, :func:`kzregions.typology` and :func:`kzregions.criteria_typology`.

    Parameters
    ----------
    vintages : array-like of float
        The boundary set of each row (NaN: not said).
    codes : array-like of str
        The KATO code of each row.
    target : int
        The boundary set the rows are wanted on (2017, 2018 or 2024).
    level : {1, 2, "oblast", "district"}
        Administrative level of the units.

    Returns
    -------
    numpy.ndarray of bool
        One flag per row.

    Examples
    --------
    >>> from kzregions.vintages import usable_on
    >>> usable_on([2024.0, 2024.0, float("nan")], ["155200000", "191000000", "155200000"], 2018,
    ...           level="district").tolist()   # 191000000 was Taldykorgan, is Konaev
    [True, False, True]
    """
    import numpy as np
    import pandas as pd

    from ._schema import NATIONAL, STAT_VINTAGES

    lv = check_level(level)
    tv = pd.to_numeric(pd.Series(np.asarray(vintages, dtype=object)), errors="coerce").astype("float64")
    k = pd.Series(np.asarray(codes, dtype=object))
    ok = (tv == target).to_numpy() | (k == NATIONAL).to_numpy()
    # districts exist on 2018 and 2024 only: no other set can stand for them
    has_sets = target in STAT_VINTAGES and (lv == 1 or target != 2017)
    if not has_sets:
        return ok
    for v in sorted(set(tv[~ok & tv.notna()].astype(int)) & set(STAT_VINTAGES)):
        ok |= (tv == v).to_numpy() & k.isin(stable_units(v, target, lv)).to_numpy()
    unknown = tv.isna().to_numpy() & ~ok
    if unknown.any():
        ok |= unknown & k.isin(stable_units(2018, 2024, lv)).to_numpy()
    return ok


def _units_of_set(v: int, level: int = 1) -> list[str]:
    from .boundaries import units

    return list(units(level, 2018 if (v == 2017 and level == 2) else v)["kato"])


# ----------------------------------------------------------------------------- carrying values
@keywords_after(2)
@renamed_keywords(src="from_vintage", dst="to_vintage", weights="method")
def to_vintage(
    table: pd.DataFrame,
    columns: str | list[str],
    *,
    from_vintage: int | None = None,
    to_vintage: int | None = None,
    kind: str = "extensive",
    method: str = "area",
    level: int | str | None = None,
    fallback: str | None = "area",
    unknown: str = "raise",
) -> pd.DataFrame:
    """Carry values from the units of one boundary set to those of another.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per unit of ``from_vintage``, with a ``kato`` column.
    columns : str or list of str
        The columns to carry.
    from_vintage, to_vintage : {2018, 2024}
        Source and target boundary sets (the order of :func:`crosswalk`). 0.1 called them
        ``src`` and ``dst``; those keywords still work for one release, with a warning.
    kind : {"extensive", "intensive"}
        ``extensive`` (counts, totals): each source value is split over the target units
        by weight shares, so totals are conserved exactly. ``intensive`` (rates,
        per-capita values): each target value is the weighted mean of the source values
        overlapping it, so it stays within their range.
    method : {"area", "population"}
        The weights of the pieces of the overlay (0.1 called this ``weights``).
        ``area``: shares of equal-area km². ``population``: shares of the population on
        1 January 2023 (the only year with district figures), estimated for each piece of
        the overlay in proportion to area within the 2024 districts that hold it; where a
        piece touches one of the five 2024 districts without a 2023 figure, the pieces of
        that source unit use the 2024 oblasts instead (complete). ``weights_used`` says
        which. Area-proportional shares inside a district spread its population evenly:
        a coarse estimate where a city fills part of a district.
    level : {1, 2}, optional
        Default: inferred from the codes.
    fallback : {"area", None}
        Where population weights cannot be formed for a source unit at all, use area
        weights for it (``"area"``, reported in ``weights_used``) or give NaN (``None``).
    unknown : {"raise", "report"}
        Rows whose ``kato`` is not a unit of ``from_vintage`` at that level: raise (default), or
        leave them out with a warning and list them in ``attrs["unplaced"]`` (records of
        ``kato`` and the values; their totals are then not carried).

    Returns
    -------
    pandas.DataFrame
        One row per ``to_vintage`` unit: ``kato``, the carried columns, ``relation`` (how the
        unit relates to the source units: same, recoded, split, merged, boundary change
        ...), ``sources`` (source KATO codes), ``weights_used``. NaN in any contributing
        source gives NaN, never 0.

    Raises
    ------
    VintageError, LevelError
        A vintage or ``level`` does not exist.
    MissingColumnError
        ``table`` has no ``kato`` column or lacks one of ``columns``.
    DuplicateKeyError
        A ``kato`` occurs more than once.
    KeyError
        Codes that are not units of ``from_vintage`` (with ``unknown="raise"``).
    TypeError, ValueError
        A column is not numeric, a vintage is missing, or ``kind``/``method`` is unknown.

    Examples
    --------
    >>> import kzregions as kz
    >>> pop = kz.panel("population_start_of_year", years=2021, vintage=2018)
    >>> len(pop), round(float(pop["population_start_of_year"].sum()), 3)
    (17, 18879.552)
    >>> out = kz.to_vintage(pop, "population_start_of_year", from_vintage=2018, to_vintage=2024)
    >>> len(out), round(float(out["population_start_of_year"].sum()), 3)
    (20, 18879.552)
    >>> out.set_index("kato").loc["330000000", ["relation", "sources"]].tolist()
    ['split', ['190000000']]
    """
    import pandas as pd

    cols = _check_carry_args(table, columns, kind=kind, method=method)
    if from_vintage is None or to_vintage is None:
        raise InvalidInputError("to_vintage() needs the boundary sets: to_vintage(table, columns, from_vintage=2018, to_vintage=2024)")
    s, d = check_vintage(from_vintage), check_vintage(to_vintage)
    # the values travel under positional names: a user's column may be called "w" or "_from"
    codes = as_codes(table["kato"])
    vals = pd.DataFrame({f"v{i}": table[c].to_numpy(dtype=float) for i, c in enumerate(cols)})
    vals.insert(0, "kato", codes.to_numpy())
    given = vals["kato"].notna()
    dup = vals.loc[given, "kato"].duplicated(keep=False)
    if dup.any():
        raise DuplicateKeyError(f"kato repeats: {sorted(set(vals.loc[given, 'kato'][dup]))[:20]}: one row per "
                                "unit is needed (filter one year, or aggregate first)")
    if level is not None:
        lv = check_level(level)
    else:
        lv = 1 if vals.loc[given, "kato"].astype(str).str.endswith("0000000").all() else 2
    x = crosswalk(s, d, level=lv)
    src_units = set(x["from_kato"])
    stray = ~given | ~vals["kato"].isin(src_units)
    strays = ["<missing>" if pd.isna(k) else str(k) for k in vals.loc[stray, "kato"]]
    unplaced = table[stray.to_numpy()]
    if strays and unknown == "raise":
        shown = ", ".join(f"{k}{code_hint(k)}" for k in strays[:10])
        raise UnknownCodeError(f"codes that are not level-{lv} units of {s}: {shown}"
                               + (f" and {len(strays) - 10} more" if len(strays) > 10 else "")
                               + ". Drop them, or pass unknown='report' to leave them out with a warning",
                               query=strays)
    if strays:
        import warnings

        warnings.warn(f"to_vintage: {len(strays)} rows are not level-{lv} units of {s} and are not carried: "
                      f"{strays[:10]} (totals {unplaced[cols].sum(min_count=1).to_dict()}); see attrs['unplaced']",
                      stacklevel=user_stacklevel())
    vals = vals[~stray.to_numpy()]
    missing_src = sorted(src_units - set(vals["kato"]))
    # the crosswalk's own columns get private names: the table may carry an area_km2 too
    x = x[["from_kato", "to_kato", "area_km2", "relation"]].rename(
        columns={"from_kato": "_from", "to_kato": "_to", "area_km2": "_piece_km2", "relation": "_relation"})
    x["w"] = x["_piece_km2"]
    used = pd.Series("area", index=sorted(src_units))
    if method == "population":
        _population_weights(x, used, lv, s, d, fallback=fallback)
    internal = [f"v{i}" for i in range(len(cols))]
    x = x.join(vals.set_index("kato")[internal], on="_from")
    targets = sorted(set(x["_to"]))
    carried = _carry(x, dict(zip(cols, internal)), kind=kind)
    carried["relation"] = x.groupby("_to")["_relation"].agg(lambda r: ", ".join(sorted(set(r))))
    carried["sources"] = x.groupby("_to")["_from"].agg(list)
    carried["weights_used"] = x.groupby("_to")["_from"].agg(lambda ks: "; ".join(sorted({used[k] for k in ks})))
    # every output column at once: adding them one by one fragments the frame (pandas warns)
    out = pd.DataFrame(carried).reindex(targets).rename_axis("kato").reset_index()
    # plain records, not a DataFrame: pandas compares attrs with == when it combines frames
    out.attrs.update(src=s, dst=d, from_vintage=s, to_vintage=d, kind=kind, weights=method, method=method,
                     level=lv, missing_sources=missing_src, unplaced=unplaced[["kato", *cols]].to_dict("records"))
    return out


def _check_carry_args(table, columns, *, kind: str, method: str) -> list[str]:
    """The columns :func:`to_vintage` carries, checked: numeric, present, not its own names."""
    import pandas as pd

    cols = [columns] if isinstance(columns, str) else list(columns)
    if kind not in ("extensive", "intensive"):
        raise InvalidArgumentError(f"kind={kind!r}: use 'extensive' (totals) or 'intensive' (rates, per-capita)")
    one_of("method", method, ("area", "population"))
    if "kato" not in table.columns:
        raise MissingColumnError("table needs a 'kato' column of source units")
    if len(set(cols)) < len(cols):
        raise InvalidArgumentError(f"columns={cols!r} names a column twice: list each column once")
    for c in cols:
        if c not in table.columns:
            raise MissingColumnError(f"table has no column {c!r} (columns: {list(table.columns)})")
        if not pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c]):
            raise InvalidInputError(f"column {c!r} is not numeric ({table[c].dtype}): to_vintage carries numbers")
    reserved = sorted(set(cols) & {"kato", "relation", "sources", "weights_used"})
    if reserved:
        raise ColumnConflictError(f"columns {reserved} have the names of to_vintage's own output columns (kato, "
                         "relation, sources, weights_used): rename them first, e.g. "
                         f"table.rename(columns={{{reserved[0]!r}: {reserved[0] + '_value'!r}}})")
    return cols


def _population_weights(x, used, level: int, src: int, dst: int, *, fallback: str | None) -> None:
    """Weight the overlay pieces ``x`` by population (in place), noting in ``used`` what each
    source unit was weighted by: district figures, else oblast figures, else area or nothing."""
    import numpy as np
    import pandas as pd

    fine, coarse = _piece_population(x, level, src, dst)
    fine_bad = pd.Series(np.isnan(fine), index=x.index).groupby(x["_from"]).any()
    use_fine = x["_from"].map(~fine_bad)
    x["pop"] = np.where(use_fine, fine, coarse)
    for k, ok in (~fine_bad).items():
        used[k] = "population (districts)" if ok else "population (oblasts)"
    bad = x.groupby("_from")["pop"].apply(lambda p: p.isna().any())
    multi = x.groupby("_from")["_to"].transform("size") > 1
    x["w"] = x["pop"]
    for k in bad[bad].index:
        sel = x["_from"] == k
        if not multi[sel].any():
            x.loc[sel, "w"] = 1.0  # a unit that goes whole to one target needs no weight
            used[k] = "population (single target)"
        elif fallback == "area":
            x.loc[sel, "w"] = x.loc[sel, "_piece_km2"]
            used[k] = "area (population unknown for part of it)"
        else:
            x.loc[sel, "w"] = np.nan
            used[k] = "none (population unknown for part of it)"


def _carry(x, columns: dict, *, kind: str) -> dict:
    """Each column summed (extensive, by shares of the weights) or averaged (intensive, weighted)
    from the overlay pieces ``x`` onto the target units; NaN where any input piece is NaN."""
    carried = {}
    if kind == "extensive":
        share = x["w"] / x.groupby("_from")["w"].transform("sum")
        for c, v in columns.items():
            part = (x[v] * share).groupby(x["_to"]).sum(min_count=1)
            has_nan = (x[v].isna() | share.isna()).groupby(x["_to"]).any()
            carried[c] = part.where(~has_nan)
    else:
        den = x["w"].groupby(x["_to"]).sum(min_count=1)
        for c, v in columns.items():
            num = (x[v] * x["w"]).groupby(x["_to"]).sum(min_count=1)
            has_nan = (x[v].isna() | x["w"].isna()).groupby(x["_to"]).any()
            carried[c] = (num / den).where(~has_nan)
    return carried


def _piece_population(x, level: int, src: int, dst: int):
    """Population (1 Jan 2023) of each overlay piece: from the 2024 districts, and from the
    2024 oblasts (complete, coarser). NaN where a piece touches a unit of unknown population."""
    # the overlay is the same for every call with these vintages: compute it once per process
    key = (level, src, dst, tuple(x["_from"]), tuple(x["_to"]),
           str(settings.resolved_data_dir()), str(settings.resolved_cache_dir()))
    return _piece_population_cached(key)


@lru_cache(maxsize=8)
def _piece_population_cached(key):
    import pandas as pd

    level, src, dst, froms, tos = key[:5]
    # on disk too: the overlay with the districts costs 2-3 s, once per machine rather than
    # once per process; keyed by the layers it comes from and the pairs it is for
    from . import __version__

    ident = "|".join([_boundaries.layer_key(level, src), _boundaries.layer_key(level, dst),
                      _boundaries.layer_key(2, 2024), _boundaries.layer_key(1, 2024), __version__,
                      ",".join(froms), ",".join(tos)])
    digest = hashlib.sha256(ident.encode()).hexdigest()[:16]
    cpath = settings.resolved_cache_dir() / "crosswalks" / f"pop-{level}-{src}-{dst}-{digest}{_store.SUFFIX}"
    use_cache = settings.resolved_use_cache()
    hit = _store.load(cpath, expect={"ident": digest}) if use_cache else None
    if hit is not None:
        return hit["fine"].to_numpy(), hit["coarse"].to_numpy()
    fine, coarse = _piece_population_computed(level, src, dst, froms, tos)
    if use_cache:
        try:
            _store.save(cpath, pd.DataFrame({"fine": fine, "coarse": coarse}), meta={"ident": digest})
        except OSError:
            pass  # a read-only cache: computed again next time
    return fine, coarse


def _piece_population_computed(level, src, dst, froms, tos):
    import numpy as np
    import pandas as pd
    import shapely

    from .boundaries import districts, oblasts, units

    x = pd.DataFrame({"_from": froms, "_to": tos})
    a = units(level, src).set_index("kato").geometry
    b = units(level, dst).set_index("kato").geometry
    pieces = shapely.intersection(np.asarray(a.loc[x["_from"]].values),
                                  np.asarray(b.loc[x["_to"]].values), grid_size=GRID)
    pieces = np.array([to_multipolygon(g) for g in pieces], dtype=object)
    d = district_long()
    dpop = d[d["indicator"] == "population_start_of_year"].set_index("kato")["value"]
    o = oblast_long()
    o = o[(o["indicator"] == "population_start_of_year") & (o["year"] == 2023) & (o["vintage"] == 2024)]
    (unit,) = set(o["unit"])
    opop = o.set_index("kato")["value"] * persons_in(unit, "population_start_of_year")
    return (dasymetric(pieces, districts(2024), dpop),
            dasymetric(pieces, oblasts(2024), opop))
