"""Graded pieces of monomials: monomials of one level grouped by torus weight, their integer codes, and the
evaluation matrix of a piece at points of M."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb

import numpy as np

from algnet.analyses.hilbert.grading import _Grading


@dataclass
class _Piece:
    key: tuple
    idx: np.ndarray  # (n, e) variable indices, sorted, padded with N (the constant 1)
    codes: np.ndarray = None  # sorted integer codes of the rows, for lookup
    order: np.ndarray = None  # codes order -> column
    vars: tuple = ()

    @property
    def size(self) -> int:
        return self.idx.shape[0]


def encode_rows(idx: np.ndarray, base: int) -> np.ndarray:
    """One integer per row of ``idx`` (entries < ``base``): the row read as digits in base ``base``.

    Rows of sorted variable indices are monomials; equal codes mean equal monomials, and sorting
    the codes sorts the monomials lexicographically. Python ints when int64 could overflow.

    Examples
    --------
    >>> import numpy as np
    >>> encode_rows(np.array([[0, 2], [1, 1]]), 3).tolist()      # 0*3 + 2, 1*3 + 1
    [2, 4]
    """
    code = np.zeros(idx.shape[0], dtype=object if base ** max(idx.shape[1], 1) >= 2**62 else np.int64)
    for k in range(idx.shape[1]):
        code = code * base + idx[:, k].astype(code.dtype)
    return code


def level_count(N: int, e: int, homogeneous: bool) -> int:
    """Number of monomials at level e: degree e (homogeneous) or <= e.

    Examples
    --------
    >>> level_count(3, 2, True), level_count(3, 2, False)      # x^2, xy, ...: 6; with 1, x, y, z: 10
    (6, 10)
    """
    return comb(N + e - 1, e) if homogeneous else comb(N + e, e)


def _level_pieces(N: int, e: int, grading: _Grading, active=None) -> dict:
    """Monomials of degree e (homogeneous) or <= e in the ``active`` coordinates
    (default all N), grouped by torus weight.

    Inside a piece: higher degree first, then lexicographic (c0 > c1 > ...).
    """
    active = list(range(N)) if active is None else list(active)
    degs = [e] if grading.homogeneous else list(range(e, -1, -1))
    blocks = []
    for d in degs:
        if d == 0:
            blocks.append(np.full((1, e), N, dtype=np.int64))
            continue
        combos = np.array(list(itertools.combinations_with_replacement(active, d)), dtype=np.int64).reshape(-1, d)
        if e > d:
            combos = np.hstack([combos, np.full((combos.shape[0], e - d), N, dtype=np.int64)])
        blocks.append(combos)
    idx = np.vstack(blocks) if blocks else np.zeros((1, 0), dtype=np.int64)
    W = grading.weights
    k = W.shape[0]
    if k == 0 or e == 0:
        uniq, inv = [()], np.zeros(idx.shape[0], dtype=np.int64)
    else:
        Wext = np.hstack([W, np.zeros((k, 1), dtype=np.int64)]).T  # (N+1, k)
        keys = Wext[idx].sum(axis=1)
        # the distinct weights in lexicographic order (np.unique(axis=0) sorts structured rows: ~10x slower)
        perm = np.lexsort(keys.T[::-1])
        sk = keys[perm]
        new = np.ones(len(sk), dtype=bool)
        new[1:] = np.any(sk[1:] != sk[:-1], axis=1)
        inv = np.empty(len(sk), dtype=np.int64)
        inv[perm] = np.cumsum(new) - 1
        uniq = [tuple(row) for row in sk[new].tolist()]
    return _split_pieces(idx, inv, uniq, N)


def _split_pieces(idx: np.ndarray, inv: np.ndarray, keys: list, N: int) -> dict:
    """The pieces of the rows of ``idx`` grouped by ``inv`` (group g has weight ``keys[g]``), rows in their
    order; codes, their sort order and the variables computed for all groups at once (a torus of large
    dimension gives ~10^5 pieces: one numpy call per piece took 25 s for dense 12-12-12 r=2 at degree 2)."""
    G = len(keys)
    order = np.argsort(inv, kind="stable")
    bounds = np.searchsorted(inv[order], np.arange(G + 1))
    codes = encode_rows(idx, N + 1)
    pieces = {}
    if codes.dtype == object or G == 1:     # few pieces, or codes beyond int64: one piece at a time
        for g in range(G):
            rows = order[bounds[g]:bounds[g + 1]]
            pidx, pc = idx[rows], codes[rows]
            o = np.argsort(pc, kind="stable")
            vs = np.unique(pidx)
            pieces[keys[g]] = _Piece(keys[g], pidx, pc[o], o, tuple(int(v) for v in vs if v < N))
        return pieces
    pos = np.empty(idx.shape[0], dtype=np.int64)     # column of each row inside its piece
    pos[order] = np.arange(idx.shape[0]) - bounds[inv[order]]
    by_code = np.lexsort((codes, inv))               # rows sorted by (piece, code)
    e = idx.shape[1]
    flat_g, flat_v = np.repeat(inv, e), idx.ravel()
    real = flat_v < N
    pairs = np.unique(flat_g[real] * (N + 1) + flat_v[real])   # (piece, variable), sorted
    vg, vv = pairs // (N + 1), pairs % (N + 1)
    vb = np.searchsorted(vg, np.arange(G + 1))
    for g in range(G):
        b0, b1 = bounds[g], bounds[g + 1]
        srt = by_code[b0:b1]
        pieces[keys[g]] = _Piece(keys[g], idx[order[b0:b1]], codes[srt], pos[srt],
                                 tuple(vv[vb[g]:vb[g + 1]].tolist()))
    return pieces


def _piece_matrix(piece: _Piece, C: np.ndarray, p: int) -> np.ndarray:
    """Evaluation matrix: rows = points (C, with a constant column appended), columns = monomials."""
    S, e = C.shape[0], piece.idx.shape[1]
    if e == 0:
        return np.ones((S, piece.size), dtype=np.int64)
    Cx = np.empty((S, C.shape[1] + 1), dtype=np.int64)
    Cx[:, :-1] = C
    Cx[:, -1] = 1
    G = Cx[:, piece.idx]            # (S, n, e): every factor gathered at once
    E = G[:, :, 0] % p
    for k in range(1, e):           # residues below 2^28 (MAX_PRIME): each product fits int64
        E *= G[:, :, k]
        E %= p
    return E

