"""The structure store's record bytes (algnet.analyses.critical.structure_record): what is written is read back
exactly, every damaged byte is refused, and the arrays' digest read with the checksum's one pass is the digest of the
arrays themselves (independent of the record's other fields, as the tapes' stamp needs)."""

import hashlib

import numpy as np
import pytest

from algnet.analyses.critical.structure_record import ALIGN, MAGIC, arrays_digest, dump_record, load_record


def _arrays():
    rng = np.random.default_rng(3)
    return {"X": rng.normal(size=(3, 2)) + 1j * rng.normal(size=(3, 2)), "flag": np.array([True, False, True]),
            "code": np.arange(12, dtype=np.int64).reshape(3, 4), "empty": np.zeros((0, 5)),
            "v": rng.normal(size=7)}


def test_arrays_read_back_equal_aligned_and_writable():
    a = _arrays()
    meta, got = load_record(dump_record({"count": 3, "how": "text"}, a))
    assert meta == {"count": 3, "how": "text"} and list(got) == list(a)
    for k, v in a.items():      # the originals are the truth: same dtype, shape and values
        assert got[k].dtype == v.dtype and got[k].shape == v.shape and np.array_equal(got[k], v)
        assert got[k].flags.writeable and got[k].flags.aligned and got[k].flags.c_contiguous
        assert got[k].ctypes.data % ALIGN == 0 or got[k].size == 0
    got["v"][:] = 0             # a write into one array leaves the others as they were read
    assert np.array_equal(got["code"], a["code"]) and np.array_equal(got["X"], a["X"])


def test_every_flipped_byte_is_refused():
    b = dump_record({"count": 1}, {"X": np.ones((2, 2), complex), "flag": np.array([True])})
    for i in range(len(b)):
        damaged = b[:i] + bytes([b[i] ^ 0x20]) + b[i + 1:]
        with pytest.raises(ValueError):
            load_record(damaged)
    for cut in (1, 17, len(b) // 2, len(b) - 1):      # cut short
        with pytest.raises(ValueError):
            load_record(b[:cut])


def test_the_checksum_is_sha256_of_list_arrays_and_header():
    # recomputed here from the layout the module documents: MAGIC, header length and header, list length and list,
    # the arrays' bytes, then the SHA-256 of list, arrays and header
    b = dump_record({"count": 2}, _arrays())
    k = len(MAGIC)
    assert b[:k] == MAGIC
    n = int.from_bytes(b[k:k + 8], "little")
    head = b[k + 8:k + 8 + n]
    m = int.from_bytes(b[k + 8 + n:k + 16 + n], "little")
    rest = b[k + 16 + n:-32]
    assert hashlib.sha256(rest + head).digest() == b[-32:]
    assert hashlib.sha256(rest).hexdigest() == load_record(b, digest=True)[2]
    assert len(rest) - m >= 0


def test_digest_is_the_arrays_own():
    a = _arrays()
    d1 = load_record(dump_record({"count": 1}, a), digest=True)[2]
    d2 = load_record(dump_record({"count": 2, "checked": {"x": 1}}, a), digest=True)[2]
    assert d1 == d2 == arrays_digest(a)         # other fields: the same digest
    changed = dict(a, code=a["code"] + 1)
    assert load_record(dump_record({"count": 1}, changed), digest=True)[2] == arrays_digest(changed) != d1
    reshaped = dict(a, code=a["code"].reshape(4, 3))       # the same bytes in another shape: another digest
    assert arrays_digest(reshaped) != d1
