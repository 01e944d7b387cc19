"""Arrays that grow by appended rows, with room kept behind them (the path trackers' per-path arrays).

A tracker that takes paths while it runs (the monodromy scheduler adds transports at every return of the
tracker) used to append them with ``np.concatenate``: every addition copied every array of every path so far,
about 60 additions of tens of paths a degree run, each copying ten arrays (one of Python objects). A
:class:`GrowingRows` keeps a buffer with room behind the rows (it doubles when full), so an addition writes
only the new rows; :attr:`GrowingRows.view` (the rows so far) is a C-contiguous view of the buffer, the same
type for numba as a fresh array (no new compilation of the kernels that read it).

Examples
--------
>>> import numpy as np
>>> g = GrowingRows((2,), np.float64)
>>> g.append(np.ones((3, 2))).shape, g.append(np.zeros((1, 2))).tolist()[-1], g.view.flags.c_contiguous
((3, 2), [0.0, 0.0], True)
"""

from __future__ import annotations

import numpy as np

__all__ = ["GrowingRows", "empty_rows"]

#: rows of room a buffer starts with
FIRST_ROOM = 64

# the empty buffer of each (row shape, dtype): never written (an append replaces it first)
_EMPTY: dict = {}


def empty_rows(tail, dtype) -> np.ndarray:
    """An array of no rows of shape ``tail``: one per shape and type, shared (it has nothing to write to).

    Examples
    --------
    >>> import numpy as np
    >>> a = empty_rows((3,), np.complex128)
    >>> a.shape, a is empty_rows((3,), np.complex128)
    ((0, 3), True)
    """
    key = (tuple(tail), dtype)
    buf = _EMPTY.get(key)
    if buf is None:
        buf = _EMPTY[key] = np.empty((0,) + key[0], dtype=dtype)
    return buf


class GrowingRows:
    """An array of rows of shape ``tail`` that grows by :meth:`append`; :attr:`view` holds the rows so far.

    Rows once appended are never moved while the buffer has room, so a view taken earlier still shows them
    (the rows appended after it are not in it); when the buffer is full a new one twice as large is made and
    the rows copied (an earlier view keeps the old buffer, which holds the same rows).

    Examples
    --------
    >>> import numpy as np
    >>> g = GrowingRows((), object)
    >>> g.append(np.array(["a", "b"], dtype=object)).tolist(), g.append_filled(2, "c").tolist()
    (['a', 'b'], ['a', 'b', 'c', 'c'])
    """

    __slots__ = ("buf", "n", "view")

    def __init__(self, tail, dtype):
        self.buf = self.view = empty_rows(tail, dtype)
        self.n = 0

    @classmethod
    def holding(cls, rows: np.ndarray) -> "GrowingRows":
        """A GrowingRows whose rows so far are the C-contiguous array ``rows`` (its buffer, without room: the next
        :meth:`append` moves them to a larger one).

        Examples
        --------
        >>> import numpy as np
        >>> a = np.arange(3.0)
        >>> g = GrowingRows.holding(a)
        >>> g.view is a, g.append(np.ones(1)).tolist(), a.tolist()
        (True, [0.0, 1.0, 2.0, 1.0], [0.0, 1.0, 2.0])
        """
        g = cls.__new__(cls)
        g.buf = g.view = rows
        g.n = rows.shape[0]
        return g

    def _room(self, k: int) -> slice:
        """Make room for k more rows; the slice of the buffer they go to."""
        n = self.n
        buf = self.buf
        if n + k > buf.shape[0]:
            new = np.empty((max(2 * buf.shape[0], n + k, FIRST_ROOM),) + buf.shape[1:], dtype=buf.dtype)
            if n:
                new[:n] = buf[:n]
            self.buf = new
        self.n = n + k
        return slice(n, n + k)

    def append(self, rows) -> np.ndarray:
        """Append the rows (an array whose trailing shape is ``tail``); returns :attr:`view`."""
        rows = np.asarray(rows)
        at = self._room(rows.shape[0])      # first: it may replace the buffer
        self.buf[at] = rows
        self.view = self.buf[:self.n]
        return self.view

    def append_filled(self, k: int, value) -> np.ndarray:
        """Append k rows all equal to ``value``; returns :attr:`view`."""
        at = self._room(k)
        self.buf[at] = value
        self.view = self.buf[:self.n]
        return self.view
