"""Functional (nodal) regions from a flow table: Intramax and community detection.

:func:`functional_regions` groups units that exchange more with each other than with the rest,
from a table of flows between them (commuters, migrants, shipments, phone calls):

* ``"intramax"`` (Masser and Brown 1975): hierarchical; at each step merge the two groups with
  the largest ``T_ab / (O_a D_b) + T_ba / (O_b D_a)`` (flows between them relative to their
  outflows ``O`` and inflows ``D``) until ``n_regions`` remain, optionally only neighbours;
* ``"communities"``: modularity communities of the flow network (Louvain, networkx), their
  number set by ``resolution``; with ``contiguous=True`` each is split into its contiguous parts.

Each region is named after its core (the member with the largest inflow) and reported with its
self-containment: the share of its units' outflows that stay inside (supply side) and of their
inflows that come from inside (demand side), as in travel-to-work-area practice.

No origin-destination matrix is published for Kazakhstan (the Bureau of National Statistics
publishes migration by oblast, not flows between districts), so kzregions ships none: bring
your own, or use :func:`gravity_flows` for a synthetic gravity model, clearly a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _buildcheck as check
from ._contiguity import connect, contiguity
from .errors import DuplicateKeyError, InvalidInputError, RegionalizationError, UnknownCodeError
from .regionalization import Regionalization, build

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

METHODS = ("intramax", "communities")


def functional_regions(
    gdf: gpd.GeoDataFrame,
    flows: pd.DataFrame,
    *,
    method: str = "intramax",
    n_regions: int | None = None,
    origin: str = "origin",
    destination: str = "destination",
    value: str = "flow",
    contiguous: bool = False,
    resolution: float = 1.0,
    column: str | None = None,
    seed: int = 0,
) -> Regionalization:
    """Functional regions: groups of units bound together by the flows between them.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units (polygons with a CRS and a unique ``kato``), e.g. ``kz.districts(2024)``.
    flows : pandas.DataFrame
        One row per (origin, destination) pair: codes of ``gdf`` and a non-negative finite
        flow; rows with origin = destination are flows within a unit. Pairs absent are 0.
    method : {"intramax", "communities"}
        Hierarchical Intramax grouping (needs ``n_regions``), or Louvain communities.
    n_regions : int, optional
        Number of regions for ``"intramax"`` (at least 1).
    origin, destination, value : str
        Column names of ``flows``.
    contiguous : bool
        Only contiguous regions (queen contiguity; islands linked to their nearest unit):
        Intramax merges neighbours only, communities are split into contiguous parts.
    resolution : float
        Louvain resolution (above 1: more, smaller communities). Positive.
    column : str, optional
        Extensive column of ``gdf`` totalled per region (e.g. residents).
    seed : int
        Seed of the Louvain method (same seed, same regions).

    Returns
    -------
    Regionalization
        ``regions`` gain ``self_containment_supply``, ``self_containment_demand`` (0-1) and
        ``core`` (code of the member with the largest inflow); ``diagnostics`` hold
        ``self_containment_mean`` (supply side, flow-weighted), ``modularity`` and, for
        Intramax, ``merges`` (the order of the groupings).

    Raises
    ------
    UnknownCodeError
        Codes in ``flows`` that are no unit of ``gdf``.
    DuplicateKeyError
        A pair repeated in ``flows``.
    RegionalizationError
        Negative or infinite flows, missing ``n_regions``, more regions than units.
    MissingColumnError, InvalidInputError, EmptyInputError
        Bad frames or columns.

    Examples
    --------
    >>> import kzregions as kz
    >>> from kzregions.functional import gravity_flows
    >>> d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    >>> flows = gravity_flows(d, "population_start_of_year")  # a model: no OD table is published
    >>> r = kz.functional_regions(d, flows, n_regions=12, contiguous=True)
    >>> r.diagnostics["n_regions"], bool(r.regions["self_containment_supply"].between(0, 1).all())
    (12, True)
    """
    gdf = check.units_frame("gdf", gdf)
    method = check.choice("method", method, METHODS)
    col = check.column_names("column", column, gdf)[0] if column is not None else None
    k = check.integer("n_regions", n_regions, low=1, optional=True)
    res = check.number("resolution", resolution, low=0.0, strict=True)
    seed_ = int(check.integer("seed", seed, low=0) or 0)
    if not isinstance(contiguous, bool):
        raise RegionalizationError(f"contiguous={contiguous!r}: use True or False")
    if method == "intramax" and k is None:
        raise RegionalizationError("method='intramax' needs n_regions (1 or more)")
    if method == "communities" and k is not None:
        raise RegionalizationError("method='communities' finds the number of regions itself: drop n_regions "
                                   "and set resolution, or use method='intramax'")
    keys = gdf["kato"].astype(str).to_numpy()
    t = flow_matrix(flows, keys, origin=origin, destination=destination, value=value)
    active = (t.sum(axis=0) + t.sum(axis=1)) > 0
    if not active.any():
        raise RegionalizationError("flows are all zero: no unit is bound to another")
    if k is not None and k > int(active.sum()):
        raise RegionalizationError(f"n_regions={k} but only {int(active.sum())} units have flows")
    pos = np.flatnonzero(active)
    sub = gdf.iloc[pos].reset_index(drop=True)
    tt = t[np.ix_(pos, pos)]
    graph = connect(contiguity(sub.geometry, sub["kato"]), sub.geometry) if contiguous else None
    dg: dict = {}
    if method == "intramax":
        lab, dg["merges"] = intramax(tt, k or 1, graph.neighbors if graph is not None else None)
    else:
        lab = _communities(tt, res or 1.0, seed_, graph)
    labels = np.full(len(gdf), -1)
    labels[pos] = lab
    return _result(gdf, t, labels, method, col, graph, dg, {
        "method": method, "n_regions": k, "contiguous": contiguous, "resolution": res, "seed": seed_,
        "origin": origin, "destination": destination, "value": value, "column": col,
        "synthetic_flows": "synthetic" in str(flows.attrs.get("note", ""))})


def flow_matrix(flows: Any, keys: Any, *, origin: str = "origin", destination: str = "destination",
                value: str = "flow") -> np.ndarray:
    """The (n x n) flow matrix of a flow table over ``keys`` (row: origin, column: destination)."""
    import pandas as pd

    if not isinstance(flows, pd.DataFrame):
        raise InvalidInputError(f"flows must be a DataFrame of origin, destination and flow, got {type(flows).__name__}")
    if len(flows) == 0:
        from .errors import EmptyInputError

        raise EmptyInputError("flows is empty: functional regions need flows between units")
    for name, c in (("origin", origin), ("destination", destination), ("value", value)):
        check.text(name, c)
        if c not in flows.columns:
            from .errors import MissingColumnError

            raise MissingColumnError(f"{name}: flows has no column {c!r} (columns: {list(flows.columns)})")
    check.column_names("value", value, flows)
    f = flows[[origin, destination, value]].copy()
    f[origin], f[destination] = f[origin].astype(str), f[destination].astype(str)
    v = f[value].to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(v).any() or (v < 0).any():
        raise RegionalizationError(f"value: column {value!r} has missing or negative flows; a flow is a count >= 0")
    if f.duplicated([origin, destination]).any():
        dup = f.loc[f.duplicated([origin, destination]), [origin, destination]].head(3).values.tolist()
        raise DuplicateKeyError(f"flows repeats origin-destination pairs {dup}: one row per pair (sum them first)")
    index = {k: i for i, k in enumerate(keys)}
    unknown = sorted((set(f[origin]) | set(f[destination])) - set(index))
    if unknown:
        raise UnknownCodeError(f"flows has {len(unknown)} codes that are no unit of gdf: {unknown[:5]}", unknown)
    t = np.zeros((len(keys), len(keys)))
    np.add.at(t, (f[origin].map(index).to_numpy(), f[destination].map(index).to_numpy()), v)
    return t


def intramax(t: np.ndarray, k: int, neighbors: list | None = None) -> tuple:
    """Intramax grouping of a flow matrix into ``k`` groups (labels 0..k-1, merge list).

    With ``neighbors`` (adjacency lists) only neighbouring groups merge. Stops early when no
    pair exchanges anything (the merge list then ends before ``k``).
    """
    t = t.astype(float).copy()
    n = len(t)
    out_, in_ = t.sum(axis=1), t.sum(axis=0)
    members: list = [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    adj = None
    if neighbors is not None:
        adj = np.zeros((n, n), dtype=bool)
        for i, nb in enumerate(neighbors):
            adj[i, np.asarray(nb, dtype=int)] = True
    merges = []
    with np.errstate(divide="ignore", invalid="ignore"):
        while alive.sum() > k:
            a = np.where(out_[:, None] * in_[None, :] > 0, t / (out_[:, None] * in_[None, :]), 0.0)
            score = a + a.T
            mask = alive[:, None] & alive[None, :]
            np.fill_diagonal(mask, False)
            if adj is not None:
                mask &= adj
            score = np.where(mask, score, -1.0)
            a_, b_ = np.unravel_index(int(np.argmax(score)), score.shape)
            if score[a_, b_] <= 0:
                break  # nothing left that exchanges flows (or, contiguous, that touches)
            i, j = min(int(a_), int(b_)), max(int(a_), int(b_))
            merges.append((members[i][0], members[j][0], float(score[i, j])))
            t[i, :] += t[j, :]
            t[:, i] += t[:, j]
            t[j, :], t[:, j] = 0.0, 0.0
            out_[i] += out_[j]
            in_[i] += in_[j]
            out_[j] = in_[j] = 0.0
            if adj is not None:
                adj[i] |= adj[j]
                adj[:, i] |= adj[:, j]
                adj[i, i] = False
                adj[j, :], adj[:, j] = False, False
            members[i].extend(members[j])
            alive[j] = False
    labels = np.empty(n, dtype=int)
    for g, alive_i in enumerate(np.flatnonzero(alive).tolist()):
        labels[members[alive_i]] = g
    return labels, merges


def _communities(t: np.ndarray, resolution: float, seed: int, graph) -> np.ndarray:
    import networkx as nx

    n = len(t)
    sym = t + t.T
    g = nx.Graph()
    g.add_nodes_from(range(n))
    rows, cols = np.nonzero(np.triu(sym, 1))
    g.add_weighted_edges_from((int(a), int(b), float(sym[a, b])) for a, b in zip(rows, cols))
    parts = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    labels = np.empty(n, dtype=int)
    for c, part in enumerate(sorted(parts, key=min)):
        labels[list(part)] = c
    if graph is None:
        return labels
    # a community that is not contiguous becomes one region per contiguous part
    out = np.empty(n, dtype=int)
    nxt = 0
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        sub = nx.Graph()
        sub.add_nodes_from(members.tolist())
        inside = set(members.tolist())
        sub.add_edges_from((int(u), int(v)) for u in members for v in graph.neighbors[u] if int(v) in inside)
        for comp in sorted(nx.connected_components(sub), key=min):
            out[list(comp)] = nxt
            nxt += 1
    return out


def _result(gdf, t, labels, method, col, graph, dg, params) -> Regionalization:
    import pandas as pd

    inflow = t.sum(axis=0)
    names = {}
    for r in set(labels[labels >= 0].tolist()):
        pos = np.flatnonzero(labels == r)
        names[r] = int(pos[np.argmax(inflow[pos])])
    lost = gdf[labels < 0]
    unassigned = pd.DataFrame({"kato": lost["kato"].astype(str), "name_en": lost.get("name_en"),
                               "reason": "no flows to or from the unit"})
    if graph is not None:
        dg["links"] = [(graph.keys[a], graph.keys[b], round(km, 3)) for a, b, km in graph.links]
    dg["modularity"] = _modularity(t, labels)
    out = build(method, gdf, labels, names=names, unassigned=unassigned, sums=(col,) if col else (),
                diagnostics=dg, params=params)
    supply, demand, core = [], [], []
    lab = out.units["region"].to_numpy(dtype=float, na_value=np.nan)
    for r in out.regions["region"]:
        inside = lab == r
        within = t[np.ix_(inside, inside)].sum()
        supply.append(within / t[inside].sum() if t[inside].sum() > 0 else np.nan)
        demand.append(within / t[:, inside].sum() if t[:, inside].sum() > 0 else np.nan)
        core.append(str(gdf["kato"].iloc[int(np.flatnonzero(inside)[np.argmax(inflow[inside])])]))
    out.regions["core"] = core
    out.regions["self_containment_supply"] = supply
    out.regions["self_containment_demand"] = demand
    assigned = labels >= 0
    sub = t[np.ix_(assigned, assigned)]
    same = labels[assigned][:, None] == labels[assigned][None, :]
    out.diagnostics["self_containment_mean"] = float(sub[same].sum() / sub.sum()) if sub.sum() > 0 else float("nan")
    return out


def _modularity(t: np.ndarray, labels: np.ndarray) -> float:
    """Newman's modularity of the symmetrised flow network under ``labels`` (assigned units)."""
    ok = labels >= 0
    a = (t + t.T)[np.ix_(ok, ok)]
    m2 = a.sum()
    if m2 == 0:
        return float("nan")
    k = a.sum(axis=1)
    same = labels[ok][:, None] == labels[ok][None, :]
    return float(((a - np.outer(k, k) / m2) * same).sum() / m2)


def gravity_flows(gdf: gpd.GeoDataFrame, column: str, *, exponent: float = 2.0, share: float = 0.1,
                  min_km: float = 10.0) -> pd.DataFrame:
    """A synthetic flow table from a gravity model: ``T_ij ~ P_i P_j / d_ij**exponent``.

    A model, not data (no origin-destination matrix is published for Kazakhstan): each unit
    sends ``share`` of its ``column`` to the others in proportion to ``P_j / d_ij**exponent``
    and keeps the rest (the diagonal). Distances are between representative points in the
    metric conic for Kazakhstan, in km, at least ``min_km``.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Units with a unique ``kato``; units without a value of ``column`` send and receive nothing.
    column : str
        Mass of each unit (e.g. residents).
    exponent : float
        Distance decay, positive.
    share : float
        Share of each unit's mass that leaves it, in (0, 1].
    min_km : float
        Shortest distance used (neighbouring city districts are a few km apart), positive.

    Returns
    -------
    pandas.DataFrame
        ``origin``, ``destination``, ``flow`` (one row per ordered pair with a flow, the
        diagonal included); ``attrs["note"]`` says it is synthetic.

    Examples
    --------
    >>> import kzregions as kz
    >>> from kzregions.functional import gravity_flows
    >>> d = kz.attach(kz.districts(2024), kz.panel("population_start_of_year", level="district", years=2023))
    >>> f = gravity_flows(d, "population_start_of_year")
    >>> bool(abs(f["flow"].sum() - d["population_start_of_year"].sum()) < 1)
    True
    """
    import pandas as pd

    from ._crs import METRIC

    gdf = check.units_frame("gdf", gdf)
    col = check.column_names("column", column, gdf)[0]
    exp = check.number("exponent", exponent, low=0.0, strict=True)
    sh = check.number("share", share, low=0.0, strict=True, high=1.0)
    mk = check.number("min_km", min_km, low=0.0, strict=True)
    assert exp is not None and sh is not None and mk is not None
    p = gdf[col].to_numpy(dtype=float, na_value=np.nan)
    p = np.where(np.isfinite(p) & (p > 0), p, 0.0)
    pts = gdf.geometry.to_crs(METRIC).representative_point()
    xy = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()]) / 1000.0
    dist = np.maximum(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)), mk)
    pull = p[None, :] / dist ** exp
    np.fill_diagonal(pull, 0.0)
    rows = pull.sum(axis=1, keepdims=True)
    out = np.where(rows > 0, pull / np.where(rows > 0, rows, 1.0), 0.0) * (p * sh)[:, None]
    out[np.diag_indices_from(out)] = p * (1 - sh) + np.where(rows[:, 0] > 0, 0.0, p * sh)
    o, dd = np.nonzero(out > 0)
    keys = gdf["kato"].astype(str).to_numpy()
    table = pd.DataFrame({"origin": keys[o], "destination": keys[dd], "flow": out[o, dd]})
    table.attrs["note"] = (f"synthetic gravity model (exponent {exp:g}, share {sh:g} of {col} leaves each unit): "
                           "no origin-destination matrix is published for Kazakhstan")
    return table
