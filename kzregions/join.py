"""Joining attribute tables to units, with a report of everything that did not join."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._schema import NATIONAL, STAT_VINTAGES, check_stat_vintage
from ._validate import as_codes, code_hint, one_of
from .errors import (
    AmbiguousRegionError,
    ColumnConflictError,
    DuplicateKeyError,
    EmptyInputError,
    InvalidInputError,
    MissingColumnError,
)
from .vintages import usable_on

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
    >>> report = kz.attach(kz.oblasts(2024), t, on="region", vintage=2024).attrs["join_report"]
    >>> report.key, report.matched, report.n_units, report.complete
    ('region (names resolved)', 2, 20, False)
    >>> report.unmatched_rows["key"].tolist()
    ['Nowhere']

    Without ``vintage=`` the table could be of 2018 boundaries, where Almaty oblast still
    held Zhetysu and Astana was smaller: those rows are reported, not joined.

    >>> kz.attach(kz.oblasts(2024), t, on="region").attrs["join_report"].matched
    0
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
    vintage: int | None = None,
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
        KATO codes read as numbers (``710000000`` or ``710000000.0``) are accepted.
        If the table has a ``vintage`` column (as :func:`panel` gives), rows measured on
        other boundaries join only units that did not change; the others are reported.
        Rows without a boundary set (no ``vintage`` column and no ``vintage=``, or a
        missing value in it) join only units that are the same in the 2018 and 2024 sets:
        a code may have been reused (191000000 was Taldykorgan, is Konaev) and a unit may
        have lost territory (East Kazakhstan, Abai split off in 2022).
    on : str, optional
        The key column of ``table`` (see ``table``); default ``kato``.
    how : {"left", "inner"}
        ``left`` (default) keeps every unit, with NaN where no row joined; ``inner`` keeps
        only units with a row. Either way the report lists what did not join.
    oblast_on : str, optional
        A column of oblast names or codes that settles district names repeated across
        oblasts.
    vintage : {None, 2017, 2018, 2024}
        The boundary set the whole table was measured on, when it has no ``vintage``
        column (e.g. ``vintage=2024`` for figures of 2023).

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
        ``how`` is not ``"left"`` or ``"inner"``; ``units`` is empty.
    TypeError
        ``table`` is not a DataFrame.

    Examples
    --------
    >>> import kzregions as kz
    >>> obl = kz.attach(kz.oblasts(2024), kz.panel("population", years=2023, vintage=2024))
    >>> obl.shape, obl.attrs["join_report"].complete
    ((20, 16), True)
    >>> print(obl.attrs["join_report"])
    JoinReport(key='kato (KATO codes)'): 20 of 20 units got a row; 20 of 20 rows joined
    """
    import numpy as np
    import pandas as pd

    from .names import resolve_many

    one_of("how", how, ("left", "inner"))
    if not isinstance(table, pd.DataFrame):
        raise InvalidInputError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    for col in ("kato", "vintage", "level"):
        if col not in units.columns:
            raise MissingColumnError(f"units have no {col!r} column: pass a layer from kz.oblasts() / kz.districts()")
    if len(units) == 0:
        raise EmptyInputError("units is empty: pass a layer such as kz.oblasts(2024) or kz.districts(2024)")
    layer_vintage = int(units["vintage"].iloc[0])
    layer_level = int(units["level"].iloc[0])
    if vintage is not None:
        vintage = check_stat_vintage(vintage)
        if "vintage" in table.columns:
            raise ColumnConflictError("the table has a 'vintage' column and vintage= was given: drop one of them")
    if on is None:
        if "kato" not in table.columns:
            raise MissingColumnError(f"table has no 'kato' column; name the key column with on= "
                                     f"(columns: {list(table.columns)})")
        on = "kato"
    if on not in table.columns:
        raise MissingColumnError(f"table has no column {on!r} (columns: {list(table.columns)})")
    if oblast_on is not None and oblast_on not in table.columns:
        raise MissingColumnError(f"table has no column {oblast_on!r} for oblast_on= (columns: {list(table.columns)})")
    t = table.copy()
    t["_row"] = np.asarray(t.index, dtype=object)
    t["_pos"] = np.arange(len(t))
    unmatched: list[pd.DataFrame] = []

    def report(rows, reason) -> None:
        if len(rows):
            r = reason if isinstance(reason, str) else np.asarray(reason, dtype=object)
            # object columns: turning a million keys and reasons into pandas' str arrays costs
            # more than everything else the join does
            n = len(rows)
            obj = {"row": rows["_row"].to_numpy(dtype=object), "key": rows[on].to_numpy(dtype=object),
                   "reason": np.full(n, r, dtype=object) if isinstance(r, str) else r}
            unmatched.append(pd.DataFrame({"_pos": rows["_pos"].to_numpy(),
                                           **{c: pd.Series(v, dtype=object, copy=False) for c, v in obj.items()}}))

    # 1. national totals, whatever says so: level 0, or the national code in the key
    codes = as_codes(t[on])  # once: 1M rows of text cost a second a pass
    by_code = on == "kato" or _all_codes(codes)
    if not by_code:
        codes = None
    nat = pd.Series(False, index=t.index)
    if "level" in t.columns:
        nat |= pd.to_numeric(t["level"], errors="coerce").eq(0)
    if "kato" in t.columns:
        nat |= (codes if on == "kato" and codes is not None else as_codes(t["kato"])).eq(NATIONAL)
    if codes is not None:
        nat |= codes.eq(NATIONAL)
    report(t[nat], "national total, not a unit")
    t = t[~nat]
    if codes is not None:
        codes = codes[~nat]

    # 2. the boundary set of each row (NaN: not said)
    if "vintage" in t.columns:
        tv = pd.to_numeric(t["vintage"], errors="coerce").astype("float64")  # Int64 <NA> -> NaN
        bad = tv.notna() & ~tv.isin(STAT_VINTAGES)
        report(t[bad], [f"vintage {v!r} is not a boundary set (2017, 2018, 2024)" for v in t.loc[bad, "vintage"]])
        t, tv = t[~bad], tv[~bad]
        if codes is not None:
            codes = codes[~bad]
    else:
        tv = pd.Series(np.nan if vintage is None else float(vintage), index=t.index)

    # 3. keys -> KATO
    if by_code:
        t["_kato"] = codes.to_numpy()
        how_key = f"{on} (KATO codes)"
        missing_key = t["_kato"].isna()
        report(t[missing_key], "no code in the key column")
        t, tv = t[~missing_key], tv[~missing_key]
    else:
        oblast = t[oblast_on] if oblast_on else None
        res = resolve_many(t[on], level=layer_level,
                           vintage=layer_vintage if layer_vintage in (2018, 2024) else None, oblast=oblast)
        st = res.table["status"].to_numpy()
        if (st == "ambiguous").any():
            amb = res.table[st == "ambiguous"]
            fix = (f"even with oblast_on={oblast_on!r}; settle them with KATO codes or a kind word "
                   "('city' / 'district')" if oblast_on else "settle them with oblast_on= or codes")
            lines = [f"  {q!r}: {d}" for q, d in zip(amb["query"], amb["detail"])]
            raise AmbiguousRegionError(
                f"{len(amb)} values of {on!r} match several units, {fix}:\n" + capped(lines),
                query=list(amb["query"]),
            )
        t["_kato"] = res.kato.to_numpy()
        failed = st != "ok"
        report(t[failed], res.table["detail"].to_numpy()[failed])
        t, tv = t[~failed], tv[~failed]
        how_key = f"{on} (names resolved)"

    # 4. rows of other boundaries, and rows of unknown boundaries on units that changed
    ok = usable_on(tv.to_numpy(), t["_kato"].to_numpy(), layer_vintage, level=layer_level)
    for v in sorted(set(tv[~ok & tv.notna().to_numpy()].astype(int))):
        fix = ("attach it to kz.oblasts(2017), the pre-2018 set (to_vintage has no districts for 2017)"
               if v == 2017 or layer_vintage == 2017 else "carry it with kz.to_vintage")
        report(t[(tv == v).to_numpy() & ~ok], f"measured on {v} boundaries, where this unit is not the same as "
                                              f"on {layer_vintage} boundaries: {fix}")
    report(t[tv.isna().to_numpy() & ~ok],
           "the table does not say which boundaries it was measured on, and this unit is not the "
           "same in the 2018 and 2024 sets (code reused or territory changed): pass "
           f"vintage= (e.g. kz.attach(units, table, vintage={layer_vintage})) or add a 'vintage' column")
    t = t[ok]
    outside = ~t["_kato"].isin(units["kato"]).to_numpy()
    if outside.any():
        # one phrase for all (the key column shows each code); a hint only where it helps
        k = t.loc[outside, "_kato"].astype(str)
        base = f"the code is not among these {len(units)} units"
        reasons = np.full(len(k), base, dtype=object)
        odd = (k.str.len() != 9).to_numpy()
        if odd.any():
            reasons[odd] = [base + "." + code_hint(c) for c in k[odd]]
        # a district the KATO classifier knows but the boundary data does not draw (Sauran)
        from .settlements import entry

        district_like = k[~odd & k.str.endswith("00000").to_numpy()].unique()[:10_000]
        known = {c: e for c in district_like if (e := entry(c)) is not None and int(e["level"]) <= 2}
        if known:
            hit = k.isin(list(known)).to_numpy()
            reasons[hit] = [f"{known[c]['name_full']} (KATO {c}) of the KATO classifier of 17.10.2022 has no "
                            "polygon in the boundary data" for c in k[hit]]
        report(t[outside], reasons)
    t = t[~outside]

    # 5. one row per unit
    dup = t["_kato"].duplicated(keep=False)
    if dup.any():
        groups = {k: list(zip(g["_row"], g[on])) for k, g in t[dup].groupby("_kato")}
        names = units.set_index("kato")["name_en"].to_dict()

        def why(rows) -> str:
            keys = {str(key) for _, key in rows}
            return "different spellings of one unit" if len(keys) > 1 else \
                "the same key repeats (several years or categories?)"

        lines = [f"  {k} ({names.get(k, '?')}): rows " + ", ".join(f"{r} ({key!r})" for r, key in v[:6])
                 + (f" and {len(v) - 6} more" if len(v) > 6 else "") + f": {why(v)}" for k, v in groups.items()]
        err = DuplicateKeyError(
            f"{len(groups)} units get more than one row; filter the table (e.g. one year), drop the "
            "duplicate spellings, or aggregate it first:\n" + capped(lines))
        err.rows = groups  # type: ignore[attr-defined]
        raise err

    # 6. join
    drop = [c for c in ("_row", "_pos", "vintage", "level", "region_en", "region_ru") if c in t.columns]
    attrs_cols = [c for c in t.columns if c not in drop and c not in ("_kato",) and c != on and c != "kato"]
    right = t.set_index("_kato")[attrs_cols]
    clash = [c for c in attrs_cols if c in units.columns]
    if clash:
        right = right.rename(columns={c: f"{c}_table" for c in clash})
    out = units.join(right, on="kato")
    got = units["kato"].isin(right.index).to_numpy()
    missing_why = [_why_missing(k, table, layer_vintage) for k in units.loc[~got, "kato"]]
    unmatched_units = pd.DataFrame({"kato": units.loc[~got, "kato"].to_numpy(),
                                    "name_en": units.loc[~got, "name_en"].to_numpy(),
                                    "reason": missing_why})
    if how == "inner":
        out = out[got]
    rows = pd.concat(unmatched, ignore_index=True) if unmatched else \
        pd.DataFrame({"_pos": [], "row": [], "key": [], "reason": []})
    rows = rows.sort_values("_pos", kind="stable").drop(columns="_pos").reset_index(drop=True)
    report_ = JoinReport(
        key=how_key, matched=int(got.sum()), n_units=len(units), n_rows=len(table),
        unmatched_units=unmatched_units, unmatched_rows=rows,
    )
    out = out.copy()
    out.attrs = {"join_report": report_, "units": dict(getattr(table, "attrs", {}).get("units", {}))}
    return out


def _all_codes(codes) -> bool:
    """True if every present value (already through :func:`as_codes`) is a KATO code."""
    v = codes.dropna().astype(str)
    return len(v) > 0 and bool(((v.str.len() == 9) & v.str.isdigit() | (v == "YKO")).all())


def capped(lines: list[str], limit: int = 50) -> str:
    """At most ``limit`` lines of a message, identical lines counted once: an error about a
    table of a million rows must stay readable (the full list is kept on the exception)."""
    from collections import Counter

    counts = Counter(lines)
    shown = [f"{line} (x{n})" if n > 1 else line for line, n in list(counts.items())[:limit]]
    if len(counts) > limit:
        shown.append(f"  ... and {len(counts) - limit} more")
    return "\n".join(shown)


def _why_missing(kato: str, table, vintage: int) -> str:
    if "kato" in table.columns and "vintage" in table.columns:
        rows = table[as_codes(table["kato"]).eq(kato).to_numpy()]
        if len(rows):
            vs = sorted({int(v) for v in rows["vintage"].dropna()})
            return f"rows exist on {vs} boundaries only; the unit is not the same on {vintage} boundaries"
    return "no row in the table"
