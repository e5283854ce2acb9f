"""Max-p regions (Duque, Anselin and Rey 2012; the heuristic of Wei, Rey and Knaap 2020).

The same two phases and the same objective as ``spopt.region.MaxPHeuristic`` (total within-region
cityblock dissimilarity, summed over pairs), rebuilt for speed and bounded run time:

* spopt spends ~96 % of its time in ``_pick_move_area``: for every unit of every region it
  slices the whole sparse weights matrix and runs ``connected_components`` to learn whether the
  unit may leave (51 s on the 219 populated districts of 2024 with a 1-million floor). Here the
  units that may leave a region are its non-articulation points (one Tarjan pass per region,
  O(units + borders)), and the dissimilarity of every unit to every region is kept as an
  n x p table updated by one column pair per move.
* Every loop is bounded by a count (construction tries, annealing repeats, steps per anneal),
  never by a clock, so a seed gives the same result on every machine and nothing hangs.
* The best state seen during annealing is kept (spopt keeps the last), then a steepest-descent
  pass leaves it at a local optimum, so the result is never worse than the annealing's own.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from .errors import RegionalizationError

#: spopt's annealing constants (cooling rate, tabu length), kept so results compare.
ALPHA = 0.998
TABU = 10


def solve(x: np.ndarray, floor_values: np.ndarray, floor: float, neighbors: list, *, seed: int,
          construction: int = 999, annealing: int = 30, keep: int = 10, top_n: int = 2,
          kicks: int = 30) -> tuple:
    """Labels 0..p-1 of a max-p partition and its objective.

    ``neighbors`` must describe a connected graph whose floor total reaches ``floor`` (the
    caller links islands first). ``construction`` growth tries (spopt's function default);
    the ``keep`` distinct partitions with the most regions each get annealed, ``annealing``
    runs in all, dealt round-robin (spopt anneals 10 times per start, unbounded in starts);
    then ``kicks`` rounds of iterated local search from the best (a few random feasible moves,
    steepest descent, kept if better).
    Returns ``(labels, objective, p, n_starts)``.
    """
    rng = np.random.default_rng(seed)
    d = np.abs(x[:, None, :] - x[None, :, :]).sum(axis=2)  # cityblock, as spopt
    nbs = [list(map(int, nb)) for nb in neighbors]
    starts = _construct(floor_values, floor, nbs, d, rng, construction, keep, top_n)
    best_labels, best_obj = None, np.inf
    for k in range(max(annealing, len(starts))):
        lab, obj = _anneal(starts[k % len(starts)], floor_values, floor, nbs, d, rng)
        lab, obj = _descend(lab, floor_values, floor, nbs, d)
        if obj < best_obj - 1e-9:
            best_labels, best_obj = lab, obj
    if best_labels is None:  # the construction found no start: the caller checked the total
        raise RegionalizationError("no partition reaches the floor: lower floor")
    for _ in range(kicks):  # iterated local search around the best: kick, descend, keep if better
        lab, obj = _descend(_kick(best_labels, floor_values, floor, nbs, d, rng), floor_values, floor, nbs, d)
        if obj < best_obj - 1e-9:
            best_labels, best_obj = lab, obj
    return _renumber(best_labels), float(best_obj), int(best_labels.max()) + 1, len(starts)


def objective(labels: np.ndarray, d: np.ndarray) -> float:
    """Total within-region dissimilarity (each pair once)."""
    same = labels[:, None] == labels[None, :]
    return float(d[same].sum() / 2)


def _renumber(labels: np.ndarray) -> np.ndarray:
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)  # regions numbered by their first unit, so labels are stable
    mapping = np.empty(labels.max() + 1, dtype=int)
    mapping[np.unique(labels)[order]] = np.arange(len(order))
    return mapping[labels]


# ----------------------------------------------------------------------------- construction
def _construct(f, floor, nbs, d, rng, tries, keep, top_n) -> list:
    """Grow regions from random seeds; keep up to ``keep`` distinct partitions with the most regions."""
    n = len(f)
    fl = [float(v) for v in f]  # plain lists: this loop runs ~10^6 times, numpy scalars are slow
    best_p = 0
    out: list = []
    seen: set = set()
    for _ in range(tries):
        grown = [-1] * n
        p = 0
        enclave: list = []
        for s in rng.permutation(n).tolist():
            if grown[s] != -1:
                continue
            members, total = _grow(s, fl, floor, nbs, grown, p)
            if total >= floor:
                p += 1
            else:  # too small: its units wait for the enclave pass, no region may grow into them
                for u in members:
                    grown[u] = -2
                enclave.extend(members)
        if p == 0 or p < best_p:
            continue
        labels = _assign_enclaves(np.array(grown), enclave, nbs, d, rng, top_n)
        key = _canonical(labels)
        if p > best_p:
            best_p, out, seen = p, [], set()  # a better start: the old ones are dropped
        if key not in seen and len(out) < keep:
            seen.add(key)
            out.append(labels)
    return out


def _grow(s: int, f, floor, nbs, labels, c) -> tuple:
    labels[s] = c
    members, total = [s], f[s]
    frontier = list(nbs[s])
    queued = set(frontier)
    i = 0
    while i < len(frontier) and total < floor:
        u = frontier[i]
        if labels[u] == -1:
            labels[u] = c
            members.append(u)
            total += f[u]
            if total < floor:
                new = [v for v in nbs[u] if v not in queued]
                frontier.extend(new)
                queued.update(new)
        i += 1
    return members, total


def _assign_enclaves(labels, enclave, nbs, d, rng, top_n):
    labels = labels.copy()
    waiting = deque(enclave)
    stall = 0
    while waiting:
        u = waiting.popleft()
        regions = {int(labels[v]) for v in nbs[u] if labels[v] >= 0}
        if not regions:
            waiting.append(u)
            stall += 1
            if stall > len(waiting):  # cannot happen on a connected graph with a region
                raise RegionalizationError("enclave units without a path to any region (the graph is not connected)")
            continue
        stall = 0
        cost = sorted((float(d[u, labels == r].sum()), r) for r in regions)
        labels[u] = cost[int(rng.integers(min(top_n, len(cost))))][1]
    return labels


def _canonical(labels) -> bytes:
    return _renumber(labels).astype(np.int32).tobytes()


# ----------------------------------------------------------------------------- local search
class _State:
    """Labels, region totals and the unit-to-region dissimilarity table, updated per move."""

    def __init__(self, labels, f, d):
        self.labels = labels.copy()
        self.lab = self.labels.tolist()  # the same labels as a list, for the pure-Python graph walks
        self.p = int(labels.max()) + 1
        self.f = f
        self.d = d
        onehot = np.zeros((len(labels), self.p))
        onehot[np.arange(len(labels)), labels] = 1.0
        self.dsum = d @ onehot  # dissimilarity of each unit to each region's members
        self.total = np.bincount(labels, weights=f, minlength=self.p)
        self.obj = float(self.dsum[np.arange(len(labels)), labels].sum() / 2)
        self.cache: dict = {}  # region -> units that may leave it (valid until it changes)

    def move(self, u: int, r2: int) -> None:
        r1 = int(self.labels[u])
        self.cache.pop(r1, None)
        self.cache.pop(r2, None)
        self.obj += self.dsum[u, r2] - self.dsum[u, r1]
        self.dsum[:, r1] -= self.d[:, u]
        self.dsum[:, r2] += self.d[:, u]
        self.total[r1] -= self.f[u]
        self.total[r2] += self.f[u]
        self.labels[u] = r2
        self.lab[u] = r2


def _movable(st: _State, floor, nbs) -> list:
    """Units that may leave their region: the rest stays connected and above the floor."""
    out = []
    for r in range(st.p):
        if r not in st.cache:
            members = np.flatnonzero(st.labels == r)
            cut = _articulation(members, nbs, st.lab, r) if len(members) > 1 else set()
            st.cache[r] = [u for u in members.tolist() if len(members) > 1 and u not in cut
                           and st.total[r] - st.f[u] >= floor]
        out.extend(st.cache[r])
    return out


def _articulation(members, nbs, labels, r) -> set:
    """Articulation points of the region's subgraph (iterative Tarjan)."""
    start = int(members[0])
    disc, low, parent = {start: 0}, {start: 0}, {start: -1}
    cut: set = set()
    children = 0
    t = 1
    stack = [(start, iter(nbs[start]))]
    while stack:
        v, it = stack[-1]
        for w in it:
            if labels[w] != r:
                continue
            if w not in disc:
                disc[w] = low[w] = t
                t += 1
                parent[w] = v
                if v == start:
                    children += 1
                stack.append((w, iter(nbs[w])))
                break
            if w != parent[v]:
                low[v] = min(low[v], disc[w])
        else:
            stack.pop()
            if stack:
                u = stack[-1][0]
                low[u] = min(low[u], low[v])
                if u != start and low[v] >= disc[u]:
                    cut.add(u)
    if children > 1:
        cut.add(start)
    return cut


def _best_target(st: _State, u: int, nbs) -> int:
    lab = st.lab
    r1 = lab[u]
    targets = {lab[v] for v in nbs[u]}
    targets.discard(r1)
    if not targets:
        return -1
    row = st.dsum[u]
    return min(sorted(targets), key=lambda r: row[r])


def _anneal(labels, f, floor, nbs, d, rng) -> tuple:
    """spopt's tabu simulated annealing (same moves and acceptance), bounded in steps,
    returning the best state it passed through."""
    st = _State(labels, f, d)
    n = len(labels)
    best_labels, best_obj = st.labels.copy(), st.obj
    t, idle, steps = 1.0, 0, 0
    tabu: deque = deque(maxlen=TABU)
    pool: list = []
    while idle <= n and steps < 200 * n:
        steps += 1
        if not pool:
            pool = _movable(st, floor, nbs)
            if not pool:
                break
        u = pool[int(rng.integers(len(pool)))]
        r2 = _best_target(st, u, nbs)
        pool.remove(u)
        if r2 < 0:
            continue
        r1 = int(st.labels[u])
        diff = st.dsum[u, r1] - st.dsum[u, r2]
        if diff > 0:
            accept = True
            tabu.append((u, r2, r1))
            idle = 0
        else:
            idle += 1
            accept = np.exp(diff / t) > rng.random() and (u, r1, r2) not in tabu
        if accept:
            st.move(u, r2)
            pool = [v for v in pool if st.labels[v] not in (r1, r2)]
            if st.obj < best_obj - 1e-9:
                best_labels, best_obj = st.labels.copy(), st.obj
        t *= ALPHA
    return best_labels, best_obj


def _kick(labels, f, floor, nbs, d, rng):
    """A few random feasible moves (about one unit in twenty), to leave a local optimum."""
    st = _State(labels, f, d)
    for _ in range(max(2, len(labels) // 20)):
        pool = _movable(st, floor, nbs)
        rng.shuffle(pool)
        for u in pool:
            targets = sorted({st.lab[v] for v in nbs[u]} - {st.lab[u]})
            if targets:
                st.move(u, targets[int(rng.integers(len(targets)))])
                break
    return st.labels


def _descend(labels, f, floor, nbs, d) -> tuple:
    """Steepest descent: make the best improving feasible move until none is left."""
    st = _State(labels, f, d)
    for _ in range(50 * len(labels)):  # each move lowers the objective: bounded anyway
        best, move = 1e-9, None
        for u in _movable(st, floor, nbs):
            r2 = _best_target(st, u, nbs)
            if r2 >= 0:
                gain = st.dsum[u, st.labels[u]] - st.dsum[u, r2]
                if gain > best:
                    best, move = gain, (u, r2)
        if move is None:
            break
        st.move(*move)
    return st.labels, st.obj
