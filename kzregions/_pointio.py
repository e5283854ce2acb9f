"""Reading points as coordinate arrays: GeoParquet (WKB or GeoArrow points), Parquet and
CSV coordinate columns, batch by batch with pyarrow, never as shapely objects.

:func:`file_batches` yields one batch at a time (a row group's worth, about a million
rows), so a caller that keeps only what it needs per batch (``kz.aggregate`` on files)
runs in memory bounded by a few batches whatever the size of the input; :func:`prefetch`
reads the next batch in a thread while the caller works on the current one.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import numpy as np

from ._validate import check_point_files
from .errors import InvalidGeometryError, InvalidInputError, MissingColumnError, MissingFileError

#: Rows read from a file per batch.
BATCH = 1 << 20
_XY_NAMES = (("lon", "lat"), ("longitude", "latitude"), ("x", "y"), ("lng", "lat"), ("LON", "LAT"),
             ("Longitude", "Latitude"), ("X", "Y"))


def xy_names(columns, x, y):
    cols = list(columns)
    if x is None and y is None:
        for a, b in _XY_NAMES:
            if a in cols and b in cols:
                return a, b
        raise InvalidGeometryError(
            f"no coordinate columns found among {cols[:20]}: name them with x= and y= "
            "(e.g. kz.assign(df, x='lon', y='lat', crs=4326))"
        )
    if x is None or y is None:
        raise InvalidGeometryError("give both x= and y= (the coordinate columns)")
    missing = [c for c in (x, y) if c not in cols]
    if missing:
        raise InvalidGeometryError(f"no column {missing[0]!r} in the data (columns: {cols[:20]})")
    return x, y


def paths(spec) -> list[Path]:
    items = list(spec) if isinstance(spec, (list, tuple)) else [spec]
    out: list[Path] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise InvalidInputError(f"data={spec!r:.60}: {item!r:.30} ({type(item).__name__}) is no file path")
        s = os.fspath(item)
        if any(ch in s for ch in "*?["):
            matches = sorted(glob.glob(s))
            if not matches:
                raise MissingFileError(f"no file matches {s!r}")
            out += [Path(f) for f in matches]
        elif Path(s).is_dir():
            inside = sorted(p for p in Path(s).iterdir() if p.suffix.lower() in (".parquet", ".csv"))
            if not inside:
                raise MissingFileError(f"no .parquet or .csv file in the folder {s!r}")
            out += inside
        elif Path(s).is_file():
            out.append(Path(s))
        else:
            raise MissingFileError(f"no file {s!r}")
    return check_point_files(out)


def geo_meta(schema):
    import json

    raw = (schema.metadata or {}).get(b"geo")
    return json.loads(raw) if raw else None


_WKB_POINT_LE = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])  # packed


def wkb_points(arr):
    """(x, y) of WKB points in a pyarrow binary array, decoded with numpy (no shapely objects)."""
    import pyarrow as pa

    n = len(arr)
    if n == 0:
        return np.empty(0), np.empty(0)
    if not (pa.types.is_binary(arr.type) or pa.types.is_large_binary(arr.type)):
        arr = arr.cast(pa.large_binary())  # binary views and the like
    bufs = arr.buffers()
    odt = "int64" if pa.types.is_large_binary(arr.type) else "int32"
    offsets = np.frombuffer(bufs[1], dtype=odt)[arr.offset:arr.offset + n + 1].astype("int64")
    data = np.frombuffer(bufs[2], dtype="uint8") if bufs[2] is not None else np.empty(0, "uint8")
    starts, lens = offsets[:-1], np.diff(offsets)
    if arr.null_count == 0 and (lens == 21).all() and len(data) >= offsets[-1]:
        # the common case, every row a 2-D point of 21 bytes back to back: read the buffer as
        # records (byte order, type, x, y) instead of gathering bytes row by row
        rec = np.frombuffer(data, dtype=_WKB_POINT_LE, count=n, offset=int(offsets[0]))
        if (rec["order"] == 1).all() and (rec["type"] == 1).all():
            return rec["x"], rec["y"]  # strided views into the Arrow buffer: no copy
    valid = np.asarray(arr.is_valid()) & (lens >= 21)
    xs = np.full(n, np.nan)
    ys = np.full(n, np.nan)
    if not valid.any():
        return xs, ys
    st = starts[valid]
    head = data[st[:, None] + np.arange(5)]
    little = head[:, 0] == 1
    t = np.where(little, head[:, 1:].copy().view("<u4")[:, 0], head[:, 1:].copy().view(">u4")[:, 0])
    base = (t & 0x0FFFFFFF) % 1000
    srid = (t & 0x20000000) != 0
    if (base != 1).any():
        i = int(np.flatnonzero(valid)[np.flatnonzero(base != 1)[0]])
        raise InvalidGeometryError(
            f"the geometry column holds non-point geometries (row {i}, WKB type {int(base[base != 1][0])}); "
            "assign points (e.g. centroids written as points)"
        )
    at = st + np.where(srid, 9, 5)
    raw = data[at[:, None] + np.arange(16)].copy()
    le = raw[little].view("<f8").reshape(-1, 2)
    be = raw[~little].view(">f8").reshape(-1, 2)
    vx = np.empty(len(st))
    vy = np.empty(len(st))
    vx[little], vy[little] = le[:, 0], le[:, 1]
    vx[~little], vy[~little] = be[:, 0], be[:, 1]
    xs[valid], ys[valid] = vx, vy
    return xs, ys


def geoarrow_points(arr):
    import pyarrow as pa

    if pa.types.is_struct(arr.type):
        xs = arr.field("x").to_numpy(zero_copy_only=False).astype("float64")
        ys = arr.field("y").to_numpy(zero_copy_only=False).astype("float64")
    else:  # fixed-size list, interleaved
        width = arr.type.list_size
        flat = arr.flatten().to_numpy(zero_copy_only=False).astype("float64").reshape(-1, width)
        xs, ys = flat[:, 0].copy(), flat[:, 1].copy()
    nulls = ~np.asarray(arr.is_valid())
    xs[nulls] = np.nan
    ys[nulls] = np.nan
    return xs, ys


def file_batches(path: Path, x, y, columns, crs):
    """Yield (lon_or_x, lat_or_y, table of kept columns, crs) per batch of a file."""
    import pyarrow as pa

    if path.suffix.lower() in (".csv", ".txt", ".gz"):
        import pyarrow.csv as pcsv

        reader = pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=64 << 20))
        names = reader.schema.names
        xn, yn = xy_names(names, x, y)
        keep = [c for c in (columns if columns is not None else names) if c in names]
        missing = [c for c in (columns or []) if c not in names]
        if missing:
            raise MissingColumnError(f"{path.name} has no column {missing[0]!r} (columns: {names[:20]})")
        for batch in reader:
            xs = batch.column(xn).cast(pa.float64()).to_numpy(zero_copy_only=False)
            ys = batch.column(yn).cast(pa.float64()).to_numpy(zero_copy_only=False)
            yield xs, ys, pa.Table.from_batches([batch.select(keep)]), crs if crs is not None else 4326
        return
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    schema = pf.schema_arrow
    names = schema.names
    geo = geo_meta(schema)
    missing = [c for c in (columns or []) if c not in names]
    if missing:
        raise MissingColumnError(f"{path.name} has no column {missing[0]!r} (columns: {names[:20]})")
    if geo is not None and x is None and y is None:
        gcol = geo.get("primary_column", "geometry")
        gmeta = geo["columns"][gcol]
        enc = str(gmeta.get("encoding", "WKB")).lower()
        if crs is None:
            from pyproj import CRS

            c = gmeta.get("crs", "OGC:CRS84")  # GeoParquet: missing crs means OGC:CRS84
            crs = "OGC:CRS84" if c is None else (CRS.from_json_dict(c) if isinstance(c, dict) else CRS(c))
        keep = [c for c in (columns if columns is not None else names) if c != gcol]
        for batch in pf.iter_batches(batch_size=BATCH, columns=[gcol, *keep]):
            arr = batch.column(gcol)
            if enc == "wkb":
                xs, ys = wkb_points(arr)
            elif enc == "point":
                xs, ys = geoarrow_points(arr)
            else:
                raise InvalidGeometryError(
                    f"{path.name}: geometry encoding {enc!r}; assign reads points (WKB or GeoArrow 'point')")
            yield xs, ys, pa.Table.from_batches([batch.select(keep)]), crs
        return
    xn, yn = xy_names(names, x, y)
    keep = [c for c in (columns if columns is not None else names)]
    need = list(dict.fromkeys([xn, yn, *keep]))
    for batch in pf.iter_batches(batch_size=BATCH, columns=need):
        xs = batch.column(xn).cast(pa.float64()).to_numpy(zero_copy_only=False)
        ys = batch.column(yn).cast(pa.float64()).to_numpy(zero_copy_only=False)
        yield xs, ys, pa.Table.from_batches([batch.select(keep)]), crs if crs is not None else 4326


def prefetch(items, depth: int = 1):
    """Iterate ``items`` with the next ``depth`` of them produced in a background thread.

    Reading a Parquet row group (decompression, I/O) releases the GIL, so the next batch is
    read while the caller labels the current one. Errors of the producer are raised in the
    caller, at the item where they happened; leaving the loop early stops the producer.
    """
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not put((None, item)):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            put((exc, None))
            return
        put((None, done))

    t = threading.Thread(target=produce, name="kzregions-prefetch", daemon=True)
    t.start()
    try:
        while True:
            exc, item = q.get()
            if exc is not None:
                raise exc
            if item is done:
                return
            yield item
    finally:
        stop.set()
        t.join()
