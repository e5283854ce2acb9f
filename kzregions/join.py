"""Joining attribute tables to units, with a report of everything that did not join."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._schema import STAT_VINTAGES
from .errors import AmbiguousRegionError, DuplicateKeyError, MissingColumnError
from .vintages import stable_units

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd


@dataclass(eq=False)  # compared by identity: pandas compares attrs when it combines frames
class JoinReport:
    """What :func:`attach` did, row by row: nothing is dropped without being listed here.

    Attributes
    ----------
    key : str
        The column of the table that was joined on, and how it was read.
    matched : int
        Units that received a row.
    n_units : int
        Units in the layer joined to.
    n_rows : int
        Rows in the table.
    unmatched_units : pandas.DataFrame
        Units (``kato``, ``name_en``) that got no row, with the ``reason``.
    unmatched_rows : pandas.DataFrame
        Rows of the table that joined no unit: their index, ``key`` value and ``reason``
        (unknown name, other boundaries, national total, ...).
    complete : bool
        Every unit got a row and every row joined a unit.

    Examples
    --------
    >>> import kzregions as kz
    >>> import pandas as pd
    >>> t = pd.DataFrame({"region": ["Алматинская область", "Astana", "Nowhere"],
    ...                   "programme": ["yes", "no", "yes"]})
    >>> report = kz.attach(kz.oblasts(2024), t, on="region").attrs["join_report"]
    >>> report.key, report.matched, report.n_units, report.complete
    ('region (names resolved)', 2, 20, False)
    >>> report.unmatched_rows["key"].tolist()
    ['Nowhere']
    """

    key: str
    matched: int
    n_units: int
    n_rows: int
    unmatched_units: pd.DataFrame = field(repr=False)
    unmatched_rows: pd.DataFrame = field(repr=False)

    @property
    def complete(self) -> bool:
        """True if every unit got a row and every row of the table joined a unit."""
        return self.unmatched_units.empty and self.unmatched_rows.empty

    def __repr__(self) -> str:
        lines = [f"JoinReport(key={self.key!r}): {self.matched} of {self.n_units} units got a row; "
                 f"{self.matched} of {self.n_rows} rows joined"]
        for df, head, attr, fmt in (
            (self.unmatched_units, "units without a row (left as NaN)", "unmatched_units",
             lambda r: f"{r.kato} {r.name_en}: {r.reason}"),
            (self.unmatched_rows, "rows that joined no unit", "unmatched_rows",
             lambda r: f"row {r.row!r} ({r.key}): {r.reason}"),
        ):
            if df.empty:
                continue
            lines.append(f"  {len(df)} {head}:")
            lines += [f"    {fmt(r)}" for r in df.head(12).itertuples(index=False)]
            if len(df) > 12:
                lines.append(f"    ... {len(df) - 12} more in .{attr}")
        return "\n".join(lines)


def attach(
    units: gpd.GeoDataFrame,
    table: pd.DataFrame,
    *,
    on: str | None = None,
    how: str = "left",
    oblast_on: str | None = None,
) -> gpd.GeoDataFrame:
    """Join a table of attributes to units, one row per unit, reporting everything unjoined.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Units in the kzregions schema (``kato``, ``vintage``, ``level`` columns).
    table : pandas.DataFrame
        Attributes. Keyed by ``on``: a column of KATO codes, ISO 3166-2 or P-codes, or of
        names in English, Kazakh or Russian (resolved with :func:`kzregions.resolve` at the
        units' level and vintage). Default: ``kato`` if the table has it.
        If the table has a ``vintage`` column (as :func:`panel` gives), rows measured on
        other boundaries join only units that did not change; the others are reported.
    on : str, optional
        The key column of ``table`` (see ``table``); default ``kato``.
    how : {"left", "inner"}
        ``left`` (default) keeps every unit, with NaN where no row joined; ``inner`` keeps
        only units with a row. Either way the report lists what did not join.
    oblast_on : str, optional
        A column of oblast names or codes that settles district names repeated across
        oblasts.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame: the units with the table's columns; ``attrs["join_report"]`` is a
        :class:`JoinReport`.

    Raises
    ------
    DuplicateKeyError
        Several rows of the table resolve to the same unit.
    AmbiguousRegionError
        Names in the key column match several units (all offending values are listed).
    MissingColumnError
        ``units`` lack ``kato``/``vintage``/``level``, or the table lacks the key column.
    ValueError
        ``how`` is not ``"left"`` or ``"inner"``.

    Examples
    --------
    >>> import kzregions as kz
    >>> obl = kz.attach(kz.oblasts(2024), kz.panel("population", years=2023, vintage=2024))
    >>> obl.shape, obl.attrs["join_report"].complete
    ((20, 16), True)
    >>> print(obl.attrs["join_report"])
    JoinReport(key='kato (KATO codes)'): 20 of 20 units got a row; 20 of 20 rows joined
    """
    import pandas as pd

    from .names import resolve_many

    if how not in ("left", "inner"):
        raise ValueError(f"how={how!r}: use 'left' or 'inner'")
    for col in ("kato", "vintage", "level"):
        if col not in units.columns:
            raise MissingColumnError(f"units have no {col!r} column: pass a layer from kz.oblasts() / kz.districts()")
    layer_vintage = int(units["vintage"].iloc[0])
    layer_level = int(units["level"].iloc[0])
    if on is None:
        if "kato" not in table.columns:
            raise MissingColumnError(f"table has no 'kato' column; name the key column with on= (columns: {list(table.columns)})")
        on = "kato"
    if on not in table.columns:
        raise MissingColumnError(f"table has no column {on!r} (columns: {list(table.columns)})")
    t = table.copy()
    t["_row"] = t.index
    unmatched_rows = []

    # 1. rows of other boundaries, national totals
    if "vintage" in t.columns:
        level_col = t["level"] if "level" in t.columns else pd.Series(1, index=t.index)
        nat = level_col == 0
        for idx, key in zip(t.loc[nat, "_row"], t.loc[nat, on]):
            unmatched_rows.append((idx, key, "national total, not a unit"))
        t = t[~nat]
        tv = pd.to_numeric(t["vintage"], errors="coerce")
        if layer_level == 1 and layer_vintage in STAT_VINTAGES:
            ok = tv == layer_vintage
            for v in set(tv[~ok].dropna().astype(int)):
                ok |= (tv == v) & t["kato"].isin(stable_units(v, layer_vintage))
        else:
            ok = tv == layer_vintage
        for idx, key, v in zip(t.loc[~ok, "_row"], t.loc[~ok, on], tv[~ok]):
            unmatched_rows.append((idx, key, f"measured on {int(v)} boundaries, where this unit is not "
                                   f"the same as on {layer_vintage} boundaries: carry it with kz.to_vintage"))
        t = t[ok]

    # 2. keys -> KATO
    if on == "kato" or _looks_like_kato(t[on]):
        t["_kato"] = t[on].astype(str).str.strip()
        how_key = f"{on} (KATO codes)"
    else:
        oblast = t[oblast_on] if oblast_on else None
        res = resolve_many(t[on], level=layer_level, vintage=layer_vintage if layer_vintage in (2018, 2024) else None,
                           oblast=oblast)
        amb = res.table[res.table["status"] == "ambiguous"]
        if len(amb):
            raise AmbiguousRegionError(
                f"{len(amb)} values of {on!r} match several units; settle them with oblast_on= or "
                "codes:\n" + "\n".join(f"  {q!r}: {d}" for q, d in zip(amb["query"], amb["detail"])),
                query=list(amb["query"]),
            )
        t["_kato"] = res.kato.to_numpy()
        for idx, key, st, d in zip(t["_row"], t[on], res.table["status"], res.table["detail"]):
            if st != "ok":
                unmatched_rows.append((idx, key, d))
        t = t[t["_kato"].notna()]
        how_key = f"{on} (names resolved)"
    outside = ~t["_kato"].isin(units["kato"])
    for idx, key, k in zip(t.loc[outside, "_row"], t.loc[outside, on], t.loc[outside, "_kato"]):
        unmatched_rows.append((idx, key, f"KATO {k} is not among these {len(units)} units"))
    t = t[~outside]

    # 3. one row per unit
    dup = t["_kato"].duplicated(keep=False)
    if dup.any():
        groups = t[dup].groupby("_kato")["_row"].apply(list).to_dict()
        raise DuplicateKeyError(
            f"{len(groups)} units get more than one row: "
            + "; ".join(f"{k}: rows {v}" for k, v in list(groups.items())[:10])
            + ". Filter the table (e.g. one year) or aggregate it first."
        )

    # 4. join
    drop = [c for c in ("_row", "vintage", "level", "region_en", "region_ru") if c in t.columns]
    attrs_cols = [c for c in t.columns if c not in drop and c not in ("_kato",) and c != on and c != "kato"]
    right = t.set_index("_kato")[attrs_cols]
    clash = [c for c in attrs_cols if c in units.columns]
    if clash:
        right = right.rename(columns={c: f"{c}_table" for c in clash})
    out = units.join(right, on="kato")
    got = units["kato"].isin(right.index).to_numpy()
    reasons = []
    for k in units.loc[~got, "kato"]:
        reasons.append(_why_missing(k, table, on, layer_vintage))
    unmatched_units = pd.DataFrame({"kato": units.loc[~got, "kato"].to_numpy(),
                                    "name_en": units.loc[~got, "name_en"].to_numpy(),
                                    "reason": reasons})
    if how == "inner":
        out = out[got]
    report = JoinReport(
        key=how_key, matched=int(got.sum()), n_units=len(units), n_rows=len(table),
        unmatched_units=unmatched_units,
        unmatched_rows=pd.DataFrame(unmatched_rows, columns=["row", "key", "reason"]),
    )
    out = out.copy()
    out.attrs = {"join_report": report, "units": dict(getattr(table, "attrs", {}).get("units", {}))}
    return out


def _looks_like_kato(s) -> bool:
    v = s.dropna().astype(str).str.strip()
    return len(v) > 0 and bool(v.str.fullmatch(r"\d{9}|YKO").all())


def _why_missing(kato: str, table, on: str, vintage: int) -> str:
    if "kato" in table.columns and "vintage" in table.columns:
        rows = table[table["kato"] == kato]
        if len(rows):
            vs = sorted({int(v) for v in rows["vintage"].dropna()})
            return f"rows exist on {vs} boundaries only; the unit is not the same on {vintage} boundaries"
    return "no row in the table"
