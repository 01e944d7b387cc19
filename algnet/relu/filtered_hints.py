"""What the float hints of the filtered engine's regions prove: regions that meet no decision boundary.

A region's hint holds its float vertices with their error bounds and its float output map with the bound of its
coefficients (:func:`algnet.relu.filtered_records.compact`); where their signs are proved, the exact boundary
computation (:mod:`algnet.relu.boundary`) needs no exact data of the region.
"""

from __future__ import annotations

import numpy as np

from algnet.relu.filtered_layers import _TINY, U

__all__ = ["boundary_free"]


def _proved_signs(V, lines):
    """Signs of exact lines at exact vertices where the filter proves them, 0 where it cannot.

    ``V`` (k x 3): float vertices (x, y, ex); ``lines`` (k x m x 4): at each vertex, m float lines (a, b, c, e)
    (coefficients and their error bound). Returns (k, m) int8."""
    x, y, ex = V[:, 0:1], V[:, 1:2], V[:, 2:3]
    a, b, c, e = lines[..., 0], lines[..., 1], lines[..., 2], lines[..., 3]
    with np.errstate(over="ignore", invalid="ignore"):     # huge boxes: an overflow proves nothing (sign 0)
        vals = x * a + y * b + c
        aa, ab = np.abs(a), np.abs(b)
        bnd = (ex * (aa + ab + 2 * e) + (np.abs(x) + np.abs(y) + 1.0) * (e + 3.3 * U * (aa + ab + np.abs(c))))
        bnd = bnd * (1 + 8 * U) + 2 * _TINY
    ok = np.isfinite(vals) & np.isfinite(bnd)
    return ((vals > bnd) & ok).astype(np.int8) - ((vals < -bnd) & ok).astype(np.int8)


def boundary_free(hints, output=None):
    """For each region, whether its float data proves that it meets no decision boundary (its exact data is
    then not needed for the boundary).

    ``hints``: one (V, O) per region, its float vertices (x, y, ex) and the float map of its outputs (rows
    a, b, c and the error bound e of the coefficients), as the filtered engine records them. For one output
    (``output`` an index): True where that output has the same strict sign at every vertex (the closed
    region holds no zero of it). For the argmax boundary (``output=None``): True where one output exceeds
    every other strictly at every vertex. Either way the exact boundary computation finds no segment there.

    Examples
    --------
    >>> V = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])      # a triangle, exact vertices
    >>> boundary_free([(V, np.array([[1.0, 1.0, 1.0, 0.0]])),                 # x + y + 1 > 0 on it
    ...                (V, np.array([[1.0, 1.0, -1.0, 0.0]]))], 0).tolist()   # x + y - 1 vanishes on an edge
    [True, False]
    >>> boundary_free([(V, np.array([[0.0, 0.0, 2.0, 0.0], [1.0, 0.0, 0.0, 0.0]]))]).tolist()  # 2 > x there
    [True]
    """
    if not len(hints):
        return np.zeros(0, dtype=bool)
    V = np.concatenate([h[0] for h in hints])
    O = np.stack([h[1] for h in hints])                              # (R, n_out, 4)
    sizes = np.array([len(h[0]) for h in hints])
    owner = np.repeat(np.arange(len(hints)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    if output is not None:
        s = _proved_signs(V, O[owner, output:output + 1])[:, 0]
        return (np.minimum.reduceat(s, starts) > 0) | (np.maximum.reduceat(s, starts) < 0)
    n_out = O.shape[1]
    if n_out == 1:
        return np.ones(len(hints), dtype=bool)
    first = V[starts]                                                 # the argmax at the first vertex
    k = np.argmax(first[:, 0:1] * O[..., 0] + first[:, 1:2] * O[..., 1] + O[..., 2], axis=1)
    top = O[np.arange(len(hints)), k][:, None, :]                    # (R, 1, 4)
    others = np.arange(n_out)[None, :] != k[:, None]                 # (R, n_out)
    D = top[..., :3] - O[..., :3]
    err = (top[..., 3] + O[..., 3] + U * np.abs(D).max(axis=2)) * (1 + 2 * U) + _TINY
    s = _proved_signs(V, np.concatenate([D, err[..., None]], axis=2)[owner])     # (k, n_out)
    s[~others[owner]] = 1                                             # the top output against itself
    return np.minimum.reduceat(s.min(axis=1), starts) > 0
