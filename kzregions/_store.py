"""The fast-load cache: harmonised layers as plain numpy arrays in one file each.

Why not GeoParquet, ``.npz`` or pickle: GeoParquet makes every fresh process import pyarrow
(about as slow as parsing the shapefile again); an ``.npz`` is a zip archive whose members
each cost a header parse (``ast.literal_eval``) and a separate read, 5-6 ms for a layer of
ten members, a third of a whole cached load; unpickling would execute code from a cache
folder. Here a file is a short fixed prefix, a JSON header naming each array (dtype,
shape, offset) and the raw bytes of the arrays, 64-byte aligned: one read, one CRC-32 over
everything after the checksum itself, and ``numpy.frombuffer`` views (no per-array
parsing). Only plain dtypes are written or accepted (numbers, bool, fixed-width text):
data, never code. A flipped bit anywhere fails the CRC-32, so a damaged cache file raises
:class:`DataIntegrityError` instead of returning wrong data; :func:`load` then reports a
miss and the layer is rebuilt from the verified sources. Geometries come back through
:func:`shapely.from_ragged_array` (no per-feature parsing).

Text columns come back with ``object`` dtype, not pandas 3's ``str``: building ``str``
arrays costs a fresh process about 8 ms of one-off set-up, half of a whole cached load.
:func:`as_object_text` gives freshly built layers the same dtypes, so a layer looks the
same whether it came from the cache or from the shapefile.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np

from .errors import DataIntegrityError, InternalError

FORMAT = 3
#: File name suffix of the cache files (the layout below, not an ``.npz``).
SUFFIX = ".kzc"
_MAGIC = b"KZRCACHE"
#: magic (8 bytes), CRC-32 of everything after it (4), header length (4)
_PREFIX = struct.Struct("<8sII")
_ALIGN = 64


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
            # all text columns go into one 2-D array: every array costs a header entry and
            # a padding to 64 bytes, and a layer has a dozen text columns
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
    write_arrays(path, arrays)


def write_arrays(path: Path, arrays: dict) -> None:
    """Write plain arrays to ``path`` atomically (see the module docstring for the layout),
    with the mode the umask gives new files."""
    specs, chunks, offset = [], [], 0
    for name, a in arrays.items():
        a = np.asarray(a)
        a = a if a.flags.c_contiguous else a.copy(order="C")  # (ascontiguousarray makes 0-d 1-d)
        if a.dtype.kind not in "biufU":
            raise InternalError(f"{name}: only plain arrays go into the cache, not {a.dtype}")
        specs.append([name, a.dtype.str, list(a.shape), offset])
        chunks.append(a)
        offset += -(-a.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({"arrays": specs}, ensure_ascii=False).encode()
    header += b" " * (-(_PREFIX.size + len(header)) % _ALIGN)
    body = bytearray(len(header) + offset)
    body[:len(header)] = header
    at = len(header)
    for (_, _, _, off), a in zip(specs, chunks):
        body[at + off:at + off + a.nbytes] = a.tobytes()
    prefix = _PREFIX.pack(_MAGIC, 0, len(header))
    crc = zlib.crc32(body, zlib.crc32(prefix[12:]))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        # mkstemp makes the file 0600: a cache shared by the users of a machine must get the
        # mode any file they create gets (the umask), or every other user rebuilds it
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(_PREFIX.pack(_MAGIC, crc, len(header)))
            fh.write(body)
        os.replace(tmp, path)  # readers see the old file or the whole new one, never half
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_arrays(path: Path) -> dict:
    """Every array of a file written by :func:`write_arrays`, checked whole.

    The CRC-32 covers every byte after itself (header length, header, padding, data), so
    any damage raises :class:`DataIntegrityError`, as do a foreign file, a truncated one and
    a header naming anything but plain arrays inside the file. The arrays are writable views
    of one buffer read in a single call.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        buf = bytearray(size)
        got = fh.readinto(buf)
    if got != size or size < _PREFIX.size:
        raise DataIntegrityError(f"{path.name}: truncated ({got} of {size} bytes)")
    magic, crc, hlen = _PREFIX.unpack_from(buf)
    if magic != _MAGIC:
        raise DataIntegrityError(f"{path.name}: not a kzregions cache file")
    if zlib.crc32(memoryview(buf)[12:]) != crc:
        raise DataIntegrityError(f"{path.name}: CRC-32 mismatch (the file is damaged)")
    start = _PREFIX.size + hlen
    specs = json.loads(bytes(buf[_PREFIX.size:start]))["arrays"]
    out = {}
    for name, dtype, shape, off in specs:
        dt = np.dtype(dtype)
        if dt.kind not in "biufU":
            raise DataIntegrityError(f"{path.name}:{name}: not a plain dtype ({dtype})")
        count = int(np.prod(shape, dtype=np.int64))
        if off < 0 or start + off + count * dt.itemsize > size:
            raise DataIntegrityError(f"{path.name}:{name}: reaches beyond the end of the file")
        out[name] = np.frombuffer(buf, dtype=dt, count=count, offset=start + off).reshape(tuple(shape))
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
        z = read_arrays(path)
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
        # any failure to read a cache file means "rebuild": damage is DataIntegrityError, a
        # file of an older layout fails on its magic, a header of another shape on KeyError
        return None


def as_object_text(frame):
    """Return ``frame`` with every text column as ``object`` dtype (see module docstring)."""
    for name in frame.columns:
        s = frame[name]
        if s.dtype.kind not in "iufbM" and name != getattr(frame, "_geometry_column_name", None):
            frame[name] = s.astype(object).where(s.notna(), None)
    import pandas as pd

    frame.columns = pd.Index(list(frame.columns), dtype=object)  # as :func:`load` names them
    return frame
