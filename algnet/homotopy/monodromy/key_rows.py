"""The numbers the monodromy lookup reads from a return's keys, in one compiled pass (:func:`key_rows`).

At every return of the tracker :meth:`~algnet.homotopy.monodromy.endpoints.EndpointHandling.process` needs, for
each successful endpoint's key k (a row of the key function's output): its largest modulus ``max |k_j|`` (the key's
size ``1 + max |k_j|`` and whether the key is finite), its projection ``Re u.k`` (the sorted order of a node's
keys, :class:`~algnet.homotopy.monodromy.graph.SolutionSet`) and the slack of its condition number
(:func:`~algnet.homotopy.monodromy.graph.key_slacks`). As numpy calls (moduli, a reduction, ``einsum``, a list of
slacks, under an error state) these were eight calls a return, each paying Python's cold start after a kernel
call; here they are one kernel call with the same numbers bit for bit: numpy's complex moduli as its vectorized
loop computes them (:func:`~algnet.homotopy.endpoint_finish.abs_like_numpy`, where
:func:`~algnet.homotopy.endpoint_finish.numpy_abs_matches` holds; else the numpy route is kept), the projection
summed term by term in the order of ``einsum("ij,j->i")``, the slack by the same three products.

The rows of a return are computed in one compiled loop instead of a few numpy calls, whose fixed cost dominated
at 16-46 rows a return: about half the CPU per return of the numpy route on the cases of ``bench_degree``.

Examples
--------
>>> import numpy as np
>>> K = np.array([[3 + 4j, 1j], [np.nan, 0j]])
>>> top, proj, slack = key_rows(K, np.array([0.5 + 0j, 0.5j]), np.array([1.0, np.inf]))
>>> top.tolist()[0], proj.tolist()[0], slack.tolist()[1]
(5.0, 1.0, 0.0)
>>> bool(np.isnan(top[1]))
True
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.endpoint_finish import abs_like_numpy, numpy_abs_matches
from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.monodromy.graph import KEY_ERROR_FACTOR, key_slacks

__all__ = ["key_rows"]


@kernel_njit(error_model="numpy")
def _key_rows(K, u, cond, factor, top, proj, slack):
    """Per row i of K: ``top[i] = max_j |K[i, j]|`` (nan if one is nan), ``proj[i] = Re sum_j K[i, j] u[j]`` (summed
    in order), ``slack[i] = factor * |cond[i]| * 2^-53`` (0 where cond[i] is not finite)."""
    for i in range(K.shape[0]):
        m = 0.0
        for j in range(K.shape[1]):
            a = abs_like_numpy(K[i, j])
            if a != a:
                m = a
                break
            if a > m:
                m = a
        top[i] = m
        s = 0j
        for j in range(K.shape[1]):
            s += K[i, j] * u[j]
        proj[i] = s.real
        c = cond[i]
        slack[i] = factor * abs(c) * 2.0 ** -53 if c - c == 0 else 0.0


def key_rows(K, u, cond):
    """(largest moduli, projections Re K u, slacks of the condition numbers ``cond``) of the rows of the keys K,
    as arrays: ``np.maximum.reduce(np.abs(K), axis=1)``, ``np.einsum("ij,j->i", K, u).real`` and
    :func:`~algnet.homotopy.monodromy.graph.key_slacks` (``cond``) bit for bit.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> K = rng.normal(size=(5, 7)) + 1j * rng.normal(size=(5, 7))
    >>> u = rng.normal(size=7) + 1j * rng.normal(size=7)
    >>> top, proj, slack = key_rows(K, u, np.array([1.0, 1e7, np.nan, 3.0, 1e12]))
    >>> np.array_equal(top, np.abs(K).max(axis=1)), np.array_equal(proj, np.einsum("ij,j->i", K, u).real)
    (True, True)
    >>> slack.tolist() == key_slacks([1.0, 1e7, np.nan, 3.0, 1e12])
    True
    """
    K = np.ascontiguousarray(K, dtype=np.complex128)
    cond = np.ascontiguousarray(cond, dtype=np.float64)
    if not numpy_abs_matches():          # pragma: no cover - a numpy whose moduli differ: its own route
        with np.errstate(invalid="ignore"):
            return (np.maximum.reduce(abs(K), axis=1), np.einsum("ij,j->i", K, u).real,
                    np.array(key_slacks(cond.tolist())))
    r = K.shape[0]
    top, proj, slack = np.empty(r), np.empty(r), np.empty(r)
    _key_rows(K, np.ascontiguousarray(u, dtype=np.complex128), cond, KEY_ERROR_FACTOR, top, proj, slack)
    return top, proj, slack
