"""The bytes of a record of :mod:`.structure_store` (one solved network structure): a magic start, the header's
length, the header (JSON: the record's fields), the arrays' list's length and the list (JSON: their names, dtypes and
shapes), the arrays' bytes (each at a multiple of :data:`ALIGN` bytes from the first) and a SHA-256 of the list, the
arrays' bytes and the header; a file that is not one, is cut short or has another checksum is refused.

The checksum is one pass over the file: the list and the arrays' bytes first, so that the hash's state after them is
the arrays' digest (:func:`arrays_digest`, which the tapes' stamp of :mod:`.tape_stamp` reads), then the header. An
earlier layout hashed header and arrays, then the arrays again for their digest (two passes and the list's JSON
written again).

Examples
--------
>>> m, a = load_record(dump_record({"count": 2}, {"X": np.zeros((2, 1))}))
>>> m, a["X"].shape
({'count': 2}, (2, 1))
"""

from __future__ import annotations

import hashlib
import json
import numpy as np

__all__ = ["MAGIC", "ALIGN", "dump_record", "load_record", "arrays_digest"]

#: the first bytes of a record file; then the header's length (8 bytes, little-endian), the header (JSON: ``meta``,
#: the record's fields), the arrays' list's length (8 bytes) and the list (JSON: their names, dtypes and shapes), the
#: arrays' bytes (C order, each padded with zeros to a multiple of :data:`ALIGN` bytes) and the SHA-256 of the list,
#: the arrays' bytes and the header, in that order. (A file of the earlier layout, ``algnet structure``, is not read:
#: its entry is solved again and rewritten, and :mod:`.structure_prune` removes it.)
MAGIC = b"algnet structure 2\n"

#: the alignment of each array's bytes in a record (from the first array's): every array read is a view of one
#: aligned copy of the arrays' bytes
ALIGN = 16


def _listing(arrays: dict) -> bytes:
    """The arrays' list (JSON) of a record: names, dtypes and shapes, in order."""
    return json.dumps([[k, v.dtype.str, list(v.shape)] for k, v in arrays.items()]).encode()


def _padded(v) -> bytes:
    b = v.tobytes()
    return b + bytes(-len(b) % ALIGN)


def dump_record(meta: dict, arrays: dict) -> bytes:
    """The bytes of a record file (:data:`MAGIC`).

    Examples
    --------
    >>> b = dump_record({"count": 1}, {"X": np.ones((1, 2), complex)})
    >>> m, a = load_record(b)
    >>> m["count"], a["X"].tolist()
    (1, [[(1+0j), (1+0j)]])
    """
    arrays = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    head = json.dumps({"meta": meta}, default=str).encode()
    listing = _listing(arrays)
    region = b"".join(_padded(v) for v in arrays.values())
    h = hashlib.sha256(listing)
    h.update(region)
    h.update(head)
    return b"".join((MAGIC, len(head).to_bytes(8, "little"), head, len(listing).to_bytes(8, "little"), listing,
                     region, h.digest()))


#: the dtypes of the arrays a record holds (others are looked up by :class:`numpy.dtype`)
_DTYPES = {np.dtype(t).str: np.dtype(t) for t in (np.int64, np.float64, np.complex128, np.bool_)}

#: the decoder of a record's JSON texts (json.loads's own, called on str)
_JSON = json.JSONDecoder()


def arrays_digest(arrays: dict) -> str:
    """A SHA-256 (hex) of a record's arrays as :func:`dump_record` writes them: their list (names, dtypes and shapes,
    in order) and their bytes. :func:`load_record` gives the same from a file's bytes (``digest=True``) within its
    checksum's pass.

    Examples
    --------
    >>> a = {"X": np.ones((1, 2), complex), "M": np.arange(3)}
    >>> arrays_digest(a) == load_record(dump_record({}, a), digest=True)[2]
    True
    >>> arrays_digest(a) == arrays_digest(dict(a, M=np.arange(3).reshape(3, 1)))
    False
    """
    arrays = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    h = hashlib.sha256(_listing(arrays))
    for v in arrays.values():
        h.update(_padded(v))
    return h.hexdigest()


def _length(data, at: int) -> int:
    if at + 8 > len(data):
        raise ValueError("not a structure record (length)")
    return int.from_bytes(data[at:at + 8], "little")


def load_record(data: bytes, digest: bool = False):
    """``(meta, arrays)`` from the bytes of a record file; ValueError when they are not one (wrong start, wrong
    length, a checksum that does not match). ``digest``: ``(meta, arrays, arrays_digest(arrays))``.

    Examples
    --------
    >>> b = dump_record({"count": 1}, {})
    >>> load_record(b)[0]
    {'count': 1}
    >>> load_record(b[:-1] + bytes([b[-1] ^ 1]))
    Traceback (most recent call last):
    ...
    ValueError: not a structure record (checksum)
    """
    k = len(MAGIC)
    if data[:k] != MAGIC or len(data) < k + 16 + 32:
        raise ValueError("not a structure record")
    n = _length(data, k)
    a = k + 8 + n                       # the list's length, then the list
    m = _length(data, a)
    start, end = a + 8 + m, len(data) - 32        # the arrays' bytes
    if start > end:
        raise ValueError("not a structure record (length)")
    view = memoryview(data)
    h = hashlib.sha256(view[a + 8:end])            # the list and the arrays' bytes: their digest ...
    got = h.hexdigest() if digest else None
    h.update(view[k + 8:a])                        # ... then the header: the checksum (one pass over the file)
    if h.digest() != data[end:]:
        raise ValueError("not a structure record (checksum)")
    # (the JSON texts decoded from str: json.loads of bytes first detects their encoding)
    meta = _JSON.decode(view[k + 8:a].tobytes().decode())["meta"]
    listing = _JSON.decode(view[a + 8:start].tobytes().decode())
    # one aligned, writable copy of the arrays' bytes, each array a view of its part made by one constructor call
    # (a slice, a dtype view and a reshape a view before; a copy and a view per array before that: 34 arrays of a
    # linear 2-1-2 record)
    raw = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start).copy()
    arrays, at, total = {}, 0, end - start
    for name, dtype, shape in listing:
        dt = _DTYPES.get(dtype)
        if dt is None:          # (the record's own dtypes need no check)
            dt = np.dtype(dtype)
            if dt.hasobject or dt.itemsize == 0:
                raise ValueError("not a structure record (dtype)")
        count = 1
        for d in shape:
            if type(d) is not int or d < 0:
                raise ValueError("not a structure record (shape)")
            count *= d
        size = count * dt.itemsize
        if at + size > total:
            raise ValueError("not a structure record (length)")
        arrays[name] = np.ndarray(shape, dt, raw, at)
        at += size + (-size % ALIGN)
    if at != total:
        raise ValueError("not a structure record (length)")
    return (meta, arrays, got) if digest else (meta, arrays)
