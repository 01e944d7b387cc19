"""The sizes of the graded pieces of a level, counted without listing a monomial (for the estimates).

A graded piece is the set of monomials of one torus weight (:mod:`algnet.analyses.hilbert.grading`); the
estimates of the Hilbert function and the implicitization need only how many pieces of each size a level has.
Listing the monomials to find out cost as much as the work estimated (4.5 million monomials, 38 CPU s, for an
estimate of degree 6 in 35 coordinates); here they are counted by the coefficients of the generating function
prod_v 1 / (1 - t x^(w_v)), in two steps:

* a coordinate v alone in carrying some character of the torus (a row of the weights nonzero at v only) has its
  exponent read off the weight; so the pieces of level e are, for each s = 0..e and each of the C(F + s - 1, s)
  monomials of degree s in the F such coordinates, the pieces of level e - s of the other coordinates, with the
  same sizes;
* the other coordinates by dynamic programming over the coordinates, one layer per degree (the number of
  monomials of each degree and weight), the weights coded as integers; sparse, so its cost is the number of
  distinct (degree, weight) pairs, not of monomials.

Examples
--------
>>> import numpy as np
>>> W = np.array([[1, 1, 0]])                 # x0, x1 of weight 1, x2 of weight 0 (a torus of dimension 1)
>>> sorted(piece_sizes(W, 2, True).items())   # degree 2: x2^2 | x0x2, x1x2 | x0^2, x0x1, x1^2
[(1, 1), (2, 1), (3, 1)]
"""

from __future__ import annotations

from math import comb

import numpy as np

__all__ = ["piece_sizes"]


def _free_columns(W: np.ndarray) -> np.ndarray:
    """Mask of the coordinates that are the only nonzero entry of some row of ``W`` (their exponent in a
    monomial is the weight's entry in that row divided by theirs)."""
    nz = W != 0
    single = nz.sum(axis=1) == 1
    free = np.zeros(W.shape[1], dtype=bool)
    if single.any():
        free[np.argmax(nz[single], axis=1)] = True
    return free


def _layers(W: np.ndarray, e: int) -> list:
    """For d = 0..e, the numbers of monomials of degree d by weight in the columns of ``W`` (k x n): a dict
    {weight code: count} per degree (the codes are one per weight in the box the weights of degree <= e lie in)."""
    k, n = W.shape
    layers = [{0: 1}] + [{} for _ in range(e)]
    if n == 0 or e == 0:
        return layers
    lo = e * np.minimum(W.min(axis=1), 0)
    span = e * np.maximum(W.max(axis=1), 0) - lo + 1
    strides = [1]
    for s in span[:-1].tolist():
        strides.append(strides[-1] * int(s))
    shift = [sum(int(W[i, v]) * strides[i] for i in range(k)) for v in range(n)]     # Python ints: never overflow
    for sv in shift:
        for d in range(1, e + 1):       # new[d] = old[d] + (new[d - 1] shifted by this coordinate's weight)
            cur = layers[d]
            for code, c in layers[d - 1].items():
                code += sv
                cur[code] = cur.get(code, 0) + c
    return layers


def piece_sizes(W, e: int, homogeneous: bool, active=None) -> dict:
    """{piece size: number of pieces} of the monomials of degree ``e`` (``homogeneous``) or of degree <= ``e``
    in the ``active`` coordinates (default all columns of ``W``), grouped by their weight under ``W`` (k x N
    integers): what :func:`algnet.analyses.hilbert.engine._level_pieces` would list, counted instead. The sizes
    sum to the number of monomials of the level.

    Examples
    --------
    >>> import numpy as np
    >>> piece_sizes(np.zeros((0, 3), dtype=int), 2, True)           # no torus: one piece of C(4, 2) monomials
    {6: 1}
    >>> piece_sizes(np.eye(3, dtype=int), 2, False)                 # every monomial its own weight: 10 of size 1
    {1: 10}
    """
    W = np.asarray(W, dtype=np.int64)
    cols = np.arange(W.shape[1]) if active is None else np.asarray(list(active), dtype=np.int64)
    W = W[:, cols]
    if e == 0 or W.shape[0] == 0:
        n = W.shape[1]
        return {comb(n + e - 1, e) if homogeneous else comb(n + e, e): 1}
    free = _free_columns(W)
    F = int(free.sum())
    rest = W[:, ~free]
    rest = rest[np.any(rest != 0, axis=1)]
    m = rest.shape[1]
    if rest.shape[0] == 0:          # the other coordinates all of weight 0: one piece of each degree
        layers = [{0: comb(m + d - 1, d) if d else 1} for d in range(e + 1)]
    else:
        layers = _layers(rest, e)
    out: dict = {}
    for s in range(e + 1):          # degree s in the free coordinates (each monomial its own weight shift)
        times = comb(F + s - 1, s) if s else 1
        if times == 0:              # no free coordinates: only s = 0
            continue
        if homogeneous:
            counts = layers[e - s].values()
        else:                       # degree <= e - s in the others, same weight merged across degrees
            merged: dict = {}
            for d in range(e - s + 1):
                for code, c in layers[d].items():
                    merged[code] = merged.get(code, 0) + c
            counts = merged.values()
        for c in counts:
            if c:
                out[c] = out.get(c, 0) + times
    return out
