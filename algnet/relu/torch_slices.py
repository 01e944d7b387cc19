"""Slicing, chunks and the maximum of two tensors in a traced forward pass, as exact model nodes.

* ``x[:, a:b]``, ``x[..., i]``, ``x[:, ::2, 1]`` (slices, integers, ``...`` and ``None``; the batch axis kept
  whole): a :class:`~algnet.relu.model.Gather` of the selected coordinates;
* ``x.chunk(n, dim)``, ``x.split(size_or_sections, dim)`` (also ``torch.chunk`` / ``torch.split``): the parts,
  each a Gather when the forward pass takes it (``a, b = x.chunk(2, 1)``);
* ``torch.maximum(x, y)`` / ``torch.max(x, y)`` = y + relu(x - y), ``torch.minimum(x, y)`` = x - relu(x - y) of
  two tensors of one shape: exact, with one ReLU node per coordinate.

Examples
--------
>>> _index_of((2, 3), (slice(None), slice(None), slice(1, 3)))      # x[:, :, 1:3] of (B, 2, 3) tensors
array([[1, 2],
       [4, 5]])
>>> [p.tolist() for p in _parts(5, 2, None)], [p.tolist() for p in _parts(5, None, [1, 4])]
([[0, 1, 2], [3, 4]], [[0], [1, 2, 3, 4]])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.errors import NotApplicableError, ParameterError
from algnet.relu.model import Combine, Gather

__all__: list = []


class _Parts(tuple):
    """The model nodes of the parts of a chunk / split (a tuple in the traced forward pass)."""


def _index_of(shape, index):
    """The flat positions that ``x[index]`` of a batch of ``shape``-tensors selects, as an array of the result's
    shape (without the batch axis); the index must keep the batch axis whole."""
    index = index if isinstance(index, tuple) else (index,)
    for k in index:
        if not (k is None or k is Ellipsis or isinstance(k, (slice, int)) and not isinstance(k, bool)):
            raise NotApplicableError(f"indexing with {type(k).__name__} is not supported",
                                     hint="slices, integers, ... and None (x[:, 2:5], x[..., 0])")
    if index and index[0] is Ellipsis:
        rest = index                                       # ... takes the batch axis (and more)
    else:
        lead = [k for k in index[:1]]
        if not lead or lead[0] != slice(None):
            raise NotApplicableError(f"indexing {index} takes part of the batch axis",
                                     hint="keep the batch axis whole: x[:, ...]")
        rest = index[1:]
    base = np.arange(int(np.prod(shape))).reshape(shape)
    try:
        return np.asarray(base[rest])
    except (IndexError, ValueError) as e:
        raise ParameterError(f"cannot index a {shape} tensor with {index}: {e}", hint="check the model") from None


def _parts(n, chunks, sizes):
    """Index ranges of torch's chunk (``chunks`` parts of ceil(n / chunks)) or split (``sizes``: an int or a list)
    of an axis of length n."""
    if chunks is not None:
        step = -(-n // chunks)
        return [np.arange(a, min(a + step, n)) for a in range(0, n, step)]
    if isinstance(sizes, int):
        return [np.arange(a, min(a + sizes, n)) for a in range(0, n, sizes)]
    if sum(sizes) != n:
        raise ParameterError(f"split sizes {list(sizes)} do not add up to {n}", hint="check the model")
    ends = np.cumsum([0] + list(sizes))
    return [np.arange(a, b) for a, b in zip(ends, ends[1:])]


class _Slicing:
    """Mixed into the graph walker (:class:`~algnet.relu.torch_ops._Ops` provides ``add``, ``shape``, ``env``)."""

    def getitem(self, x, index, name):
        try:
            sel = _index_of(self.shape(x), index)
        except (NotApplicableError, ParameterError) as e:
            raise type(e)(f"{name}: {e.args[0]}", hint=e.hint) from None
        if sel.size == 0:
            raise NotApplicableError(f"{name}: the index {index} selects nothing", hint="check the model")
        return self.add(Gather(sel.ravel()), [x], sel.shape, name)

    def split(self, x, dim, name, chunks=None, sizes=None):
        """x.chunk(chunks, dim) or x.split(sizes, dim): a tuple of Gathers (one per part)."""
        shp = self.shape(x)
        d = dim % (len(shp) + 1)
        if d == 0:
            raise NotApplicableError(f"{name}: chunks of the batch axis", hint="split along dim >= 1")
        base = np.arange(int(np.prod(shp))).reshape(shp)
        out = []
        for k, r in enumerate(_parts(shp[d - 1], chunks, sizes)):
            sel = np.take(base, r, axis=d - 1)
            out.append(self.add(Gather(sel.ravel()), [x], sel.shape, f"{name}:{k}"))
        return _Parts(out)

    def maximum(self, xa, xb, name, minimum=False):
        """max(x, y) = y + relu(x - y); min(x, y) = x - relu(x - y) (one ReLU node per coordinate)."""
        if self.shape(xa) != self.shape(xb):
            raise NotApplicableError(f"{name}: the maximum of tensors of shapes {self.shape(xa)} and "
                                     f"{self.shape(xb)}", hint="tensors of one shape (no broadcasting)")
        d = self.add(Combine((Fraction(1), Fraction(-1))), [xa, xb], self.shape(xa), f"{name}:diff")
        r = self.activation(d, Fraction(0), f"{name}:relu", "relu")
        if minimum:
            return self.add(Combine((Fraction(1), Fraction(-1))), [xa, r], self.shape(xa), name)
        return self.add(Combine((Fraction(1), Fraction(1))), [xb, r], self.shape(xa), name)
