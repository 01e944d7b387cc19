"""The user's data arrays: checked for type, shape and size before they are read or converted.

A data file (``--data FILE.npz`` or ``.npy``) is read in three steps: the headers (shape and dtype of each
array, a few hundred bytes) are read first; the float64 arrays the analyses use are estimated from them
(8 bytes per element) and compared with the memory limit (:func:`algnet.guards.check_resources`, refused
with the estimate unless ``force``); then the elements are streamed from the file into the float64 array in
blocks of :data:`BLOCK` elements, each block checked for NaN and infinities as it arrives. The peak is the
float64 arrays plus one block (its bytes in the file and a byte per element), whatever the file's dtype: a file of
10^9 float32 numbers is never held
twice (as float32 and as float64), and a compressed file is never inflated whole.

Only real numbers are data: booleans, integers and floats. Object arrays (pickles, never loaded), complex
numbers, strings, records and dates are refused with :class:`~algnet.errors.ParameterError` before any
element is read; so are a scalar where rows are expected, an empty array, and a truncated file.
:func:`real_array` applies the same checks to arrays given through the Python API.

Examples
--------
>>> import numpy as np, os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "d.npz")
>>> np.savez(path, X=np.arange(6, dtype=np.float32).reshape(3, 2), Y=np.ones(3, dtype=np.int8))
>>> X, Y = load_arrays(path, ["X", "Y"])
>>> X.dtype, X.shape, Y.tolist()
(dtype('float64'), (3, 2), [1.0, 1.0, 1.0])
>>> np.savez(path, X=np.ones((2, 2)) * 1j)
>>> load_arrays(path, ["X"])
Traceback (most recent call last):
...
algnet.errors.ParameterError: --data ...d.npz: array X holds complex numbers (dtype complex128), not real data
  hint: real numbers only (booleans, integers or floats): e.g. the real and imaginary parts as separate columns
"""

from __future__ import annotations

import math
import os
import zipfile

import numpy as np

from algnet.errors import ParameterError

__all__ = ["BLOCK", "array_headers", "load_arrays", "real_array"]

#: Elements converted at a time while streaming a file into float64 (32 MiB of float64).
BLOCK = 2**22
_KINDS = {"c": "complex numbers", "O": "Python objects", "U": "strings", "S": "bytes", "V": "records",
          "M": "dates", "m": "time spans"}
_HINT = "an .npz file written by np.savez(FILE, X=points, ...) with real arrays, or an .npy file by np.save"


def _dtype_problem(dtype) -> str | None:
    """None when ``dtype`` holds real numbers (bool, int, uint, float), else what it holds."""
    dtype = np.dtype(dtype)
    if dtype.kind in "biuf" and not dtype.hasobject and dtype.fields is None and dtype.subdtype is None:
        return None
    return f"{_KINDS.get(dtype.kind, 'values')} (dtype {dtype})"


def _check_dtype(dtype, label: str) -> None:
    problem = _dtype_problem(dtype)
    if problem is not None:
        hint = "real numbers only (booleans, integers or floats)"
        if np.dtype(dtype).kind == "c":
            hint += ": e.g. the real and imaginary parts as separate columns"
        raise ParameterError(f"{label} holds {problem}, not real data", hint=hint, dtype=str(dtype))


def _check_shape(shape, label: str, rows: bool) -> None:
    if rows and len(shape) == 0:
        raise ParameterError(f"{label} is a single number (a 0-d array), not rows of points",
                             hint="one row per point: an array of shape (points, inputs)", shape=tuple(shape))
    if rows and shape[0] == 0 or 0 in shape:
        raise ParameterError(f"{label} is empty (shape {tuple(shape)})", hint="at least one point",
                             shape=tuple(shape))


def real_array(a, name: str = "X", rows: bool = True) -> np.ndarray:
    """``a`` as a float64 array after the checks of a data file: real numbers only, finite, and (``rows``) at
    least one dimension and one row; ParameterError otherwise (never a silent cast of complex numbers).

    Examples
    --------
    >>> real_array([[1, 2], [3, 4]]).dtype
    dtype('float64')
    >>> real_array([1.0, float("nan")])
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: X holds NaN or infinite values
      hint: remove or impute those points
    >>> real_array(3.0)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: X is a single number (a 0-d array), not rows of points
      hint: one row per point: an array of shape (points, inputs)
    """
    try:
        arr = np.asarray(a)
    except (ValueError, TypeError) as e:          # ragged nested lists
        raise ParameterError(f"{name} is not an array of numbers: {str(e)[:120]}",
                             hint="one row per point, all rows of the same length") from None
    _check_dtype(arr.dtype, name)
    _check_shape(arr.shape, name, rows)
    arr = np.asarray(arr, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise ParameterError(f"{name} holds NaN or infinite values", hint="remove or impute those points")
    return arr


def _header(fh):
    """(shape, fortran_order, dtype) of the .npy stream ``fh`` positioned at its start."""
    from numpy.lib import format as npformat

    version = npformat.read_magic(fh)
    if version == (1, 0):
        return npformat.read_array_header_1_0(fh, max_header_size=2**20)
    return npformat.read_array_header_2_0(fh, max_header_size=2**20)


def _members(path: str) -> dict:
    """{array name: member name} of an .npz file (one ``name.npy`` member per array)."""
    with zipfile.ZipFile(path) as zf:
        return {m[:-4] if m.endswith(".npy") else m: m for m in zf.namelist()}


def _open(path: str, member: str | None):
    if member is None:
        return open(path, "rb")
    zf = zipfile.ZipFile(path)
    fh = zf.open(member)
    fh._algnet_zip = zf                 # closed with the member (ZipExtFile does not own its ZipFile)
    return fh


def _close(fh) -> None:
    fh.close()
    zf = getattr(fh, "_algnet_zip", None)
    if zf is not None:
        zf.close()


def _headers(path: str) -> dict:
    """{name: (shape, dtype, bytes of elements present)} from the headers and the file's (member's) size."""
    out = {}
    members = _members(path) if zipfile.is_zipfile(path) else {None: None}
    for name, member in members.items():
        fh = _open(path, member)
        try:
            shape, _, dtype = _header(fh)
            offset = fh.tell()
            size = (fh._algnet_zip.getinfo(member).file_size if member is not None else os.fstat(fh.fileno()).st_size)
        finally:
            _close(fh)
        out[name] = (tuple(shape), dtype, size - offset)
    return out


def array_headers(path: str) -> dict:
    """{name: (shape, dtype)} of the arrays in an .npz file (``None`` names the array of an .npy file),
    read from the headers only (no element is read).

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "h.npz")
    >>> np.savez_compressed(path, X=np.zeros((1000, 3), dtype=np.float32))
    >>> array_headers(path)
    {'X': ((1000, 3), dtype('float32'))}
    """
    return {name: (shape, dtype) for name, (shape, dtype, _) in _headers(path).items()}


def _stream(fh, shape, fortran: bool, dtype, label: str) -> np.ndarray:
    """The float64 array of the elements following the header in ``fh``, read and checked BLOCK at a time."""
    n = math.prod(shape)
    out = np.empty(n, dtype=np.float64)
    size = dtype.itemsize
    for start in range(0, n, BLOCK):
        k = min(BLOCK, n - start)
        raw = fh.read(k * size)
        if len(raw) != k * size:
            raise ParameterError(f"{label} is truncated: {start + len(raw) // size:,} of {n:,} elements in the file",
                                 hint="write the file again (np.savez / np.save)")
        block = np.frombuffer(raw, dtype=dtype)
        out[start:start + k] = block
        if not np.isfinite(out[start:start + k]).all():
            raise ParameterError(f"{label} holds NaN or infinite values (among elements {start:,}..{start + k - 1:,})",
                                 hint="remove or impute those points")
    return out.reshape(shape, order="F" if fortran else "C")


def load_arrays(path: str, keys, *, what: str = "--data", force: bool = False, forceable: bool = True,
                first: bool = False, rows: bool = True, hint: str = "") -> list:
    """The arrays ``keys`` of the .npz (or the array of the .npy) file ``path`` as float64 arrays, after their
    headers are checked (real dtype, at least one row) and their float64 size against the memory limit.

    Parameters
    ----------
    path : str
        An .npz file (np.savez, np.savez_compressed) or an .npy file (np.save).
    keys : list of str
        Array names. With ``first``, a missing first key is replaced by the file's first array (an .npy file
        has one array, which stands for the first key).
    what : str
        How the file is named in messages (e.g. ``"--data"``).
    force : bool
        Read even when the float64 arrays are estimated above the memory limit.
    forceable : bool
        Whether the caller offers ``force`` (the refusal's hint says so).
    hint : str
        The cheaper route named by a refusal (default: a sample of the rows).

    Raises
    ------
    ParameterError
        A missing or unreadable file, a missing array, a dtype that is not real, an empty or 0-d array, a
        truncated file, NaN or infinite values.
    TooLargeError
        The float64 arrays estimated above the memory limit (before anything is read), unless ``force``.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "p.npy")
    >>> np.save(path, np.arange(4, dtype=np.uint8))
    >>> load_arrays(path, ["X"], first=True)[0].tolist()
    [0.0, 1.0, 2.0, 3.0]
    >>> os.environ["ALGNET_MEMORY_LIMIT"] = "1K"
    >>> np.save(path, np.zeros((1000, 2), dtype=np.float32))
    >>> load_arrays(path, ["X"], first=True)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: --data ...p.npy: 2,000 numbers (7.8 KiB as float32 in the file) read as float64
    needs about 25.4 KiB of memory, ...
    >>> del os.environ["ALGNET_MEMORY_LIMIT"]
    """
    from algnet.guards import check_resources, format_bytes

    label = f"{what} {path}"
    if not os.path.isfile(path):
        raise ParameterError(f"no data file {path}", hint=_HINT)
    try:
        members = _members(path) if zipfile.is_zipfile(path) else {None: None}
        headers = _headers(path)
    except Exception as e:          # not an npz/npy file, a corrupt zip, a bad header
        if "magic string" in str(e):                  # a text file, a picture, ...: say so, not numpy's words
            raise ParameterError(f"{label} is not an .npz or .npy file", hint=_HINT) from None
        raise ParameterError(f"cannot read {label}: {type(e).__name__}: {str(e)[:120]}", hint=_HINT) from None
    names = list(keys)
    if not headers:
        raise ParameterError(f"{label} holds no arrays", hint=_HINT)
    source = {name: name for name in names if name in headers}      # requested name -> name in the file
    if None in headers or (first and names[0] not in headers):      # an .npy file, or the first array
        source[names[0]] = next(iter(headers))
    for name in names:
        if name not in source:
            raise ParameterError(f"{label} has arrays {sorted(headers)}, not {' and '.join(names)}", hint=_HINT)
        shape, dtype, present = headers[source[name]]
        _check_dtype(dtype, f"{label}: array {name}")
        _check_shape(shape, f"{label}: array {name}", rows)
        n = math.prod(shape)
        if present < n * dtype.itemsize:         # before any memory is set aside for the elements the header claims
            raise ParameterError(f"{label}: array {name} is truncated: its header claims {n:,} elements of "
                                 f"{dtype.itemsize} bytes, the file holds {max(present, 0):,} bytes of them",
                                 hint="write the file again (np.savez / np.save)")
    counts = [math.prod(headers[source[k]][0]) for k in names]
    total = sum(counts)
    in_file = sum(c * headers[source[k]][1].itemsize for c, k in zip(counts, names))
    dtypes = ", ".join(sorted({str(headers[source[k]][1]) for k in names}))
    check_resources(f"{label}: {total:,} numbers ({format_bytes(in_file)} as {dtypes} in the file) read as float64",
                    memory=8 * total + min(BLOCK, total) * (1 + max(headers[source[k]][1].itemsize for k in names)),
                    force=force, forceable=forceable,
                    hint=hint or "a sample of the rows (np.savez(FILE, X=X[:n], ...))", elements=total)
    out = []
    for name in names:
        fh = _open(path, members[source[name]])
        try:
            shape, fortran, dtype = _header(fh)
            out.append(_stream(fh, shape, fortran, dtype, f"{label}: array {name}"))
        except ParameterError:
            raise
        except Exception as e:      # a corrupt compressed stream
            raise ParameterError(f"cannot read {label}: array {name}: {type(e).__name__}: {str(e)[:120]}",
                                 hint=_HINT) from None
        finally:
            _close(fh)
    return out
