"""The fast-load cache: harmonised layers as plain numpy arrays in ``.npz`` files.

Why not GeoParquet or pickle: GeoParquet makes every fresh process import pyarrow (about
as slow as parsing the shapefile again), and unpickling would execute code from a cache
folder. An ``.npz`` of plain arrays is read with ``allow_pickle=False`` (data, never code),
geometries come back through :func:`shapely.from_ragged_array` (no per-feature parsing),
and every member carries a CRC-32 that :func:`read_npz` checks on every read (each member
read to its end: ``np.load`` alone would not), so a damaged cache file raises instead of
returning wrong data; :func:`load` then reports a miss and the layer is
rebuilt from the verified sources.

Text columns come back with ``object`` dtype, not pandas 3's ``str``: building ``str``
arrays costs a fresh process about 8 ms of one-off set-up, half of a whole cached load.
:func:`as_object_text` gives freshly built layers the same dtypes, so a layer looks the
same whether it came from the cache or from the shapefile.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from .errors import DataIntegrityError

FORMAT = 2


def save(path: Path, frame, meta: dict | None = None) -> None:
    """Write a (Geo)DataFrame with str/int/float/bool columns to ``path`` atomically."""
    import shapely

    arrays: dict[str, np.ndarray] = {}
    columns, kinds, text, missing = [], [], [], []
    geom_col = getattr(frame, "_geometry_column_name", None) if hasattr(frame, "geometry") else None
    for name in frame.columns:
        if name == geom_col:
            continue
        s = frame[name]
        if s.dtype.kind in "iufb":
            arrays[f"c:{name}"] = s.to_numpy()
            kinds.append(s.dtype.kind)
        else:
            # all text columns go into one 2-D array: every npz member costs a zip entry
            # and a header parse on load, and a layer has a dozen text columns
            miss = s.isna().to_numpy()
            text.append(s.astype(object).where(~miss, "").to_list())
            missing.append(miss)
            kinds.append("U")
        columns.append(name)
    if text:
        arrays["text"] = np.asarray(text, dtype=str).T
        arrays["missing"] = np.asarray(missing, dtype=bool).T
    header = {"format": FORMAT, "columns": columns, "kinds": kinds, "meta": meta or {}}
    if geom_col is not None:
        gtype, coords, offsets = shapely.to_ragged_array(frame.geometry.values)
        arrays["g:coords"] = coords
        for i, off in enumerate(offsets):
            arrays[f"g:o{i}"] = off
        header.update(geometry=geom_col, gtype=int(gtype), noffsets=len(offsets),
                      crs=frame.crs.to_string() if frame.crs else None)
    arrays["header"] = np.array(json.dumps(header, ensure_ascii=False))
    write_npz(path, arrays)


def write_npz(path: Path, arrays: dict) -> None:
    """Write plain arrays as an ``.npz`` atomically, with the mode the umask gives new files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        # mkstemp makes the file 0600: a cache shared by the users of a machine must get the
        # mode any file they create gets (the umask), or every other user rebuilds it
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)  # readers see the old file or the whole new one, never half
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_npz(path: Path) -> dict:
    """Every member of an ``.npz`` written by :func:`write_npz`, each checked whole.

    ``np.load`` reads a member's header, then only as many bytes as that header's shape
    asks for: a flipped bit that shrinks a shape gives a smaller array and the member's
    CRC-32 is never checked (the reader stops before the member's end). Here each member is
    read to its end first (``zipfile`` then compares its CRC-32, raising on a mismatch) and
    parsed from those bytes; trailing bytes the header does not account for are an error.
    Raises on any damage; plain data only (``allow_pickle=False``).
    """
    import io
    import zipfile

    out = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            raw = zf.read(name)  # BadZipFile on a CRC mismatch
            buf = io.BytesIO(raw)
            arr = np.lib.format.read_array(buf, allow_pickle=False)
            if buf.tell() != len(raw):
                raise DataIntegrityError(f"{path.name}:{name}: {len(raw) - buf.tell()} bytes beyond the array")
            out[name[:-4] if name.endswith(".npy") else name] = arr
    return out


def _umask() -> int:
    mask = os.umask(0)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def load(path: Path, expect: dict | None = None):
    """Read a frame written by :func:`save`; ``None`` if missing, damaged, of another format,
    or (with ``expect``) written for something else: every key of ``expect`` must equal the
    stored metadata, so a valid file of another layer copied over this one is not served."""
    if not path.is_file():
        return None
    try:
        z = read_npz(path)
        header = json.loads(str(z["header"]))
        if header.get("format") != FORMAT:
            return None
        if expect and any(header.get("meta", {}).get(k) != v for k, v in expect.items()):
            return None
        data = {}
        import pandas as pd

        if "U" in header["kinds"]:
            text = z["text"].astype(object)
            text[z["missing"]] = None
        j = 0
        for name, kind in zip(header["columns"], header["kinds"]):
            if kind == "U":
                data[name] = pd.Series(text[:, j], dtype=object, copy=False)
                j += 1
            else:
                data[name] = z[f"c:{name}"]
        # integer keys, then an object Index: pandas would build a str Index from the
        # dict's keys and pay the same one-off set-up as str columns
        frame = pd.DataFrame(dict(enumerate(data.values())))
        frame.columns = pd.Index(list(data), dtype=object)
        if "geometry" in header:
            import geopandas as gpd
            import shapely

            offsets = tuple(z[f"g:o{i}"] for i in range(header["noffsets"])) or None
            geoms = shapely.from_ragged_array(
                shapely.GeometryType(header["gtype"]), z["g:coords"], offsets
            )
            frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=header["crs"]))
            frame = frame.rename_geometry(header["geometry"]) if header["geometry"] != "geometry" else frame
        frame.attrs["kzregions_meta"] = header["meta"]
        return frame
    except Exception:  # noqa: BLE001
        # any failure to read a cache file means "rebuild": a flipped bit in the zip directory
        # surfaces as NotImplementedError (compression method) or RuntimeError (encrypted)
        return None


def as_object_text(frame):
    """Return ``frame`` with every text column as ``object`` dtype (see module docstring)."""
    for name in frame.columns:
        s = frame[name]
        if s.dtype.kind not in "iufbM" and name != getattr(frame, "_geometry_column_name", None):
            frame[name] = s.astype(object).where(s.notna(), None)
    return frame
