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

__all__ = ["piece_sizes", "ranked_piece_sizes"]


def _free_columns(W: np.ndarray) -> np.ndarray:
    """Mask of the coordinates that are the only nonzero entry of some row of ``W`` (their exponent in a
    monomial is the weight's entry in that row divided by theirs)."""
    nz = W != 0
    single = nz.sum(axis=1) == 1
    free = np.zeros(W.shape[1], dtype=bool)
    if single.any():
        free[np.argmax(nz[single], axis=1)] = True
    return free


def _shifts(W: np.ndarray, e: int) -> list:
    """The weight code of each column of ``W`` (k x n): codes add as weights do, one per weight in the box the
    weights of degree <= e lie in."""
    k, n = W.shape
    if n == 0 or e == 0:
        return [0] * n
    lo = e * np.minimum(W.min(axis=1), 0)
    span = e * np.maximum(W.max(axis=1), 0) - lo + 1
    strides = [1]
    for s in span[:-1].tolist():
        strides.append(strides[-1] * int(s))
    return [sum(int(W[i, v]) * strides[i] for i in range(k)) for v in range(n)]     # Python ints: never overflow


def _layers(W: np.ndarray, e: int, shift=None) -> list:
    """For d = 0..e, the numbers of monomials of degree d by weight in the columns of ``W`` (k x n): a dict
    {weight code: count} per degree (the codes of :func:`_shifts`)."""
    k, n = W.shape
    layers = [{0: 1}] + [{} for _ in range(e)]
    if n == 0 or e == 0:
        return layers
    shift = _shifts(W, e) if shift is None else shift
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
    integers): what :func:`algnet.analyses.hilbert.pieces._level_pieces` would list, counted instead. The sizes
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


def ranked_piece_sizes(W, e: int, homogeneous: bool, independent, active=None) -> tuple:
    """({piece size: number of pieces} of the pieces of level ``e`` a run ranks, number of pieces it skips): the
    pieces of :func:`piece_sizes` split by whether the coordinates their monomials use are algebraically
    independent on M (``independent(coords)``, a sorted tuple of coordinate numbers): a piece in independent
    coordinates has no equation, and the run takes its rank without a matrix
    (:meth:`algnet.analyses.hilbert.engine.GradedEngine.piece_rank`). Counted without listing a monomial: the
    coordinates of the piece of weight w in degree d are those v with a monomial of degree d - 1 and weight
    w - w_v. A coordinate alone in carrying a character (the first step of :func:`piece_sizes`) is independent of
    the others on M (an equation homogeneous for that character is a power of it times an equation in the
    others), so only the other coordinates are asked.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1, 1, 0]])                 # degree 2: x2^2 | x0x2, x1x2 | x0^2, x0x1, x1^2
    >>> ranked, skipped = ranked_piece_sizes(W, 2, True, lambda vs: len(vs) < 2)    # two coordinates: dependent
    >>> sorted(ranked.items()), skipped
    ([(2, 1), (3, 1)], 1)
    >>> ranked_piece_sizes(W, 2, True, lambda vs: True)             # independent coordinates: nothing ranked
    ({}, 3)
    """
    W = np.asarray(W, dtype=np.int64)
    cols = np.arange(W.shape[1]) if active is None else np.asarray(list(active), dtype=np.int64)
    W = W[:, cols]
    free = _free_columns(W) if e and W.shape[0] else np.zeros(W.shape[1], dtype=bool)
    F = int(free.sum())
    names = [int(v) for v in cols[~free]]           # the other coordinates, as the caller numbers them
    rest = W[:, ~free]
    rest = rest[np.any(rest != 0, axis=1)]
    shift = _shifts(rest, e) if rest.shape[0] else [0] * len(names)
    layers = _layers(rest, e, shift) if rest.shape[0] else [{0: comb(len(names) + d - 1, d) if d else 1}
                                                            for d in range(e + 1)]
    seen: dict = {}

    def ranked(coords: frozenset) -> bool:
        if coords not in seen:
            seen[coords] = not independent(tuple(sorted(coords)))
        return seen[coords]

    def coords_of(d: int, code) -> frozenset:       # the coordinates of the monomials of degree d and this weight
        if d == 0:
            return frozenset()
        below = layers[d - 1]
        return frozenset(nm for nm, sv in zip(names, shift) if below.get(code - sv, 0))

    out: dict = {}
    skipped = 0
    for s in range(e + 1):          # degree s in the free coordinates, as in piece_sizes
        times = comb(F + s - 1, s) if s else 1
        if times == 0:
            continue
        if homogeneous:
            pieces = [(c, coords_of(e - s, code)) for code, c in layers[e - s].items()]
        else:
            merged: dict = {}
            for d in range(e - s + 1):
                for code, c in layers[d].items():
                    cnt, cs = merged.get(code, (0, frozenset()))
                    merged[code] = (cnt + c, cs | coords_of(d, code))
            pieces = list(merged.values())
        for c, coords in pieces:
            if not c:
                continue
            if ranked(coords):
                out[c] = out.get(c, 0) + times
            else:
                skipped += times
    return out, skipped
