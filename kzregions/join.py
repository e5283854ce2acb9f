"""Joining attribute tables to units, with a report of everything that did not join."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._report import Report
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
class JoinReport(Report):
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
    >>> report.to_frame()["item"].value_counts().to_dict()
    {'unit': 18, 'row': 1}

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

    def to_frame(self) -> pd.DataFrame:
        """Everything that did not join, one row each.

        Returns
        -------
        pandas.DataFrame
            ``item`` ("unit" without a row, or "row" that joined no unit), ``kato`` and
            ``name_en`` (units), ``row`` and ``key`` (rows), and the ``reason``.

        Examples
        --------
        >>> import kzregions as kz
        >>> import pandas as pd
        >>> t = pd.DataFrame({"kato": ["750000000", "999000000"], "x": [1, 2]})
        >>> r = kz.attach(kz.oblasts(2024), t, vintage=2024).attrs["join_report"]
        >>> r.to_frame().query("item == 'row'")[["key", "reason"]].values.tolist()
        [['999000000', 'the code is not among these 20 units']]
        """
        import pandas as pd

        units = self.unmatched_units.assign(item="unit")
        rows = self.unmatched_rows.assign(item="row")
        cols = ["item", "kato", "name_en", "row", "key", "reason"]
        return pd.concat([units, rows], ignore_index=True).reindex(columns=cols)

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
    on, vintage = _check_arguments(units, table, on=on, how=how, oblast_on=oblast_on, vintage=vintage)
    rows = _Rows(table, on)
    layer_vintage, layer_level = int(units["vintage"].iloc[0]), int(units["level"].iloc[0])
    rows.drop_national()                                          # 1. national totals
    rows.read_sets(vintage)                                       # 2. the boundary set of each row
    how_key = rows.to_kato(layer_level, layer_vintage, oblast_on)  # 3. keys -> KATO
    rows.keep_usable_on(layer_vintage, layer_level)                # 4. rows of other boundaries
    rows.keep_units_of(units)                                      # ... and codes of no unit here
    _check_one_row_per_unit(rows.t, on, units)                     # 5. one row per unit
    return _join(units, table, rows, how=how, how_key=how_key)     # 6. join, with the report


def attach_each(
    table: pd.DataFrame,
    *,
    by: str = "year",
    units: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Join each group of a long table (each year) to the units of the boundary set its rows
    were measured on: the frame :func:`kzregions.small_multiples` draws.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with ``kato`` and ``by`` columns, e.g. :func:`kzregions.panel`.
    by : str
        The column whose values make the groups (default ``year``).
    units : GeoDataFrame, optional
        The units every group is joined to. Default: with a ``vintage`` column, each group
        on the set most of its rows were measured on (ties: the later set), at the level of
        its codes; without one, ``units`` is required.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit and group (units without a row keep NaN), with the ``by`` column;
        ``attrs["join_reports"]`` holds the :class:`JoinReport` of each group and
        ``attrs["superseded"]`` the rows left out because their unit has a row measured on
        the group's own set (``{key: [kato, ...]}``).

    Raises
    ------
    MissingColumnError
        ``table`` has no ``by`` or ``kato`` column.
    InvalidArgumentError
        No ``vintage`` column and no ``units``.

    Examples
    --------
    >>> import kzregions as kz
    >>> g = kz.attach_each(kz.panel("unemployment_rate", years=[2021, 2022]))
    >>> g.groupby("year")["vintage"].first().to_dict()   # each year on its own boundaries
    {2021: 2018, 2022: 2024}
    >>> g.attrs["join_reports"][2022].complete
    True
    """
    import geopandas as gpd
    import pandas as pd

    from .boundaries import units as units_of
    from .errors import InvalidArgumentError

    for col in (by, "kato"):
        if col not in table.columns:
            raise MissingColumnError(f"table has no column {col!r} (columns: {list(table.columns)})")
    has_sets = "vintage" in table.columns and table["vintage"].notna().any()
    if not has_sets and units is None:
        raise InvalidArgumentError("the table has no 'vintage' column to say which boundaries each group is on: "
                                   "pass units= (e.g. kz.attach_each(table, units=kz.oblasts(2024)))")
    frames, reports, superseded = [], {}, {}
    for key, part in table.groupby(by, sort=True):
        base = units
        if base is None:
            vc = part["vintage"].dropna().astype(int).value_counts()
            v = int(max(vc.index, key=lambda x: (vc[x], x)))
            codes = as_codes(part["kato"]).astype(str)
            base = units_of(1 if bool((codes.str[2:] == "0000000").all() or (codes == "YKO").any()) else 2, v)
            native = part["vintage"] == v
            twice = ~native & as_codes(part["kato"]).isin(set(as_codes(part.loc[native, "kato"])))
            superseded[key] = sorted(as_codes(part.loc[twice, "kato"]))
            part = part[~twice]
        joined = attach(base, part.drop(columns=[by]))
        reports[key] = joined.attrs["join_report"]
        frames.append(joined.assign(**{by: key}))
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs) if frames else \
        gpd.GeoDataFrame({by: []}, geometry=[], crs="EPSG:4326")
    out.attrs = {"units": dict(getattr(table, "attrs", {}).get("units", {})), "join_reports": reports,
                 "superseded": superseded}
    return out


def _check_arguments(units, table, *, on, how, oblast_on, vintage) -> tuple[str, int | None]:
    """The arguments of :func:`attach`, checked: the key column and the table's boundary set."""
    import pandas as pd

    one_of("how", how, ("left", "inner"))
    if not isinstance(table, pd.DataFrame):
        raise InvalidInputError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    for col in ("kato", "vintage", "level"):
        if col not in units.columns:
            raise MissingColumnError(f"units have no {col!r} column: pass a layer from kz.oblasts() / kz.districts()")
    if len(units) == 0:
        raise EmptyInputError("units is empty: pass a layer such as kz.oblasts(2024) or kz.districts(2024)")
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
    return on, vintage


class _Rows:
    """The table's rows on their way to the units: each step drops the rows it cannot join and
    records them with the reason (:meth:`report`), so that every row ends joined or listed."""

    def __init__(self, table, on: str):
        import numpy as np

        self.on = on
        self.t = table.copy()
        self.t["_row"] = np.asarray(self.t.index, dtype=object)
        self.t["_pos"] = np.arange(len(self.t))
        self.codes = as_codes(self.t[on])  # once: 1M rows of text cost a second a pass
        self.by_code = on == "kato" or _all_codes(self.codes)
        self.tv: Any = None  # the boundary set of each row, once read_sets has run
        self.unmatched: list = []

    def report(self, mask, reason) -> None:
        """List the rows of ``mask`` with ``reason`` (one text, or one per row) and drop them."""
        import numpy as np
        import pandas as pd

        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.t[mask]
        if len(rows):
            r = reason if isinstance(reason, str) else np.asarray(reason, dtype=object)
            # object columns: turning a million keys and reasons into pandas' str arrays costs
            # more than everything else the join does
            obj = {"row": rows["_row"].to_numpy(dtype=object), "key": rows[self.on].to_numpy(dtype=object),
                   "reason": np.full(len(rows), r, dtype=object) if isinstance(r, str) else r}
            self.unmatched.append(pd.DataFrame({"_pos": rows["_pos"].to_numpy(),
                                                **{c: pd.Series(v, dtype=object, copy=False) for c, v in obj.items()}}))
        self.t = self.t[~mask]
        self.codes = self.codes[~mask]
        if self.tv is not None:
            self.tv = self.tv[~mask]

    def drop_national(self) -> None:
        """National totals, whatever says so: level 0, or the national code in the key."""
        import pandas as pd

        t = self.t
        nat = pd.Series(False, index=t.index)
        if "level" in t.columns:
            nat |= pd.to_numeric(t["level"], errors="coerce").eq(0)
        if "kato" in t.columns:
            nat |= (self.codes if self.on == "kato" else as_codes(t["kato"])).eq(NATIONAL)
        if self.by_code:
            nat |= self.codes.eq(NATIONAL)
        self.report(nat.to_numpy(), "national total, not a unit")

    def read_sets(self, vintage: int | None) -> None:
        """The boundary set of each row (NaN: not said); rows of a set that does not exist."""
        import numpy as np
        import pandas as pd

        t = self.t
        if "vintage" not in t.columns:
            self.tv = pd.Series(np.nan if vintage is None else float(vintage), index=t.index)
            return
        self.tv = pd.to_numeric(t["vintage"], errors="coerce").astype("float64")  # Int64 <NA> -> NaN
        bad = (self.tv.notna() & ~self.tv.isin(STAT_VINTAGES)).to_numpy()
        self.report(bad, [f"vintage {v!r} is not a boundary set (2017, 2018, 2024)" for v in t.loc[bad, "vintage"]])

    def to_kato(self, level: int, layer_vintage: int, oblast_on: str | None) -> str:
        """The KATO code of each row, from codes or from names; returns how the key was read."""
        if self.by_code:
            self.t["_kato"] = self.codes.to_numpy()
            self.report(self.t["_kato"].isna().to_numpy(), "no code in the key column")
            return f"{self.on} (KATO codes)"
        from .names import resolve_many

        t, on = self.t, self.on
        res = resolve_many(t[on], level=level, vintage=layer_vintage if layer_vintage in (2018, 2024) else None,
                           oblast=t[oblast_on] if oblast_on else None)
        st = res.table["status"].to_numpy()
        if (st == "ambiguous").any():
            amb = res.table[st == "ambiguous"]
            fix = (f"even with oblast_on={oblast_on!r}; settle them with KATO codes or a kind word "
                   "('city' / 'district')" if oblast_on else "settle them with oblast_on= or codes")
            lines = [f"  {q!r}: {d}" for q, d in zip(amb["query"], amb["detail"])]
            raise AmbiguousRegionError(f"{len(amb)} values of {on!r} match several units, {fix}:\n" + capped(lines),
                                       query=list(amb["query"]))
        t["_kato"] = res.kato.to_numpy()
        failed = st != "ok"
        self.report(failed, res.table["detail"].to_numpy()[failed])
        return f"{on} (names resolved)"

    def keep_usable_on(self, layer_vintage: int, layer_level: int) -> None:
        """Rows of other boundaries, and of unknown boundaries, join only units that did not change."""
        tv = self.tv
        ok = usable_on(tv.to_numpy(), self.t["_kato"].to_numpy(), layer_vintage, level=layer_level)
        why = {v: f"measured on {v} boundaries, where this unit is not the same as on {layer_vintage} boundaries: "
               + ("attach it to kz.oblasts(2017), the pre-2018 set (to_vintage has no districts for 2017)"
                  if v == 2017 or layer_vintage == 2017 else "carry it with kz.to_vintage")
               for v in set(tv[~ok & tv.notna().to_numpy()].astype(int))}
        unknown = ("the table does not say which boundaries it was measured on, and this unit is not the "
                   "same in the 2018 and 2024 sets (code reused or territory changed): pass vintage= (e.g. "
                   f"kz.attach(units, table, vintage={layer_vintage})) or add a 'vintage' column")
        self.report(~ok, [unknown if v != v else why[int(v)] for v in tv[~ok]])

    def keep_units_of(self, units) -> None:
        """Codes that are no unit of the layer, with a hint where one helps."""
        import numpy as np

        outside = ~self.t["_kato"].isin(units["kato"]).to_numpy()
        if not outside.any():
            return
        # one phrase for all (the key column shows each code); a hint only where it helps
        k = self.t.loc[outside, "_kato"].astype(str)
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
        self.report(outside, reasons)

    def unmatched_rows(self):
        """The rows that joined no unit, in the table's order."""
        import pandas as pd

        rows = pd.concat(self.unmatched, ignore_index=True) if self.unmatched else \
            pd.DataFrame({"_pos": [], "row": [], "key": [], "reason": []})
        return rows.sort_values("_pos", kind="stable").drop(columns="_pos").reset_index(drop=True)


def _check_one_row_per_unit(t, on: str, units) -> None:
    """Several rows for one unit is an error naming them, not a silent first-wins."""
    dup = t["_kato"].duplicated(keep=False)
    if not dup.any():
        return
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


def _join(units, table, rows: _Rows, *, how: str, how_key: str):
    """The units with the joined rows' columns, and the :class:`JoinReport` in ``attrs``."""
    import pandas as pd

    t, on = rows.t, rows.on
    drop = [c for c in ("_row", "_pos", "vintage", "level", "region_en", "region_ru") if c in t.columns]
    attrs_cols = [c for c in t.columns if c not in drop and c not in ("_kato",) and c != on and c != "kato"]
    right = t.set_index("_kato")[attrs_cols]
    clash = [c for c in attrs_cols if c in units.columns]
    if clash:
        right = right.rename(columns={c: f"{c}_table" for c in clash})
    out = units.join(right, on="kato")
    got = units["kato"].isin(right.index).to_numpy()
    layer_vintage = int(units["vintage"].iloc[0])
    unmatched_units = pd.DataFrame({"kato": units.loc[~got, "kato"].to_numpy(),
                                    "name_en": units.loc[~got, "name_en"].to_numpy(),
                                    "reason": [_why_missing(k, table, layer_vintage) for k in units.loc[~got, "kato"]]})
    if how == "inner":
        out = out[got]
    report = JoinReport(key=how_key, matched=int(got.sum()), n_units=len(units), n_rows=len(table),
                        unmatched_units=unmatched_units, unmatched_rows=rows.unmatched_rows())
    out = out.copy()
    out.attrs = {"join_report": report, "units": dict(getattr(table, "attrs", {}).get("units", {}))}
    for key in ("titles", "legend_titles", "centers"):  # map text and class centre of computed columns (LQ)
        if getattr(table, "attrs", {}).get(key):
            out.attrs[key] = dict(table.attrs[key])
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
