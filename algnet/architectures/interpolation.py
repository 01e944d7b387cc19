"""Coefficients of a network's outputs by interpolation: unisolvent points and the linear solve.

:meth:`algnet.architectures.base.Network.coefficients` evaluates a network at
random points where the monomials of its outputs are independent
(:func:`unisolvent_points`) and solves for the coefficients
(:func:`solve_interpolation`), over QQ, GF(p) or complex128.

Examples
--------
>>> from algnet.core.backends import Exact
>>> V, pts = unisolvent_points(1, [(0,), (1,), (2,)], Exact(), seed=1)      # 1, t, t^2
>>> values = [3 - t + 2 * t * t for t in pts[:, 0].tolist()]
>>> solve_interpolation(V, values, Exact())                                   # 3 - t + 2 t^2
[3, -1, 2]
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.backends import Exact, ModP

__all__ = ["unisolvent_points", "solve_interpolation"]


def unisolvent_points(nvars: int, monos, B, seed):
    """Random integer points whose monomial evaluation matrix is invertible (checked over ``B``).

    Returns
    -------
    V : array (len(monos), len(monos))
        The monomials ``monos`` evaluated at the points, over the backend ``B``.
    points : int64 array (len(monos), nvars)

    Raises
    ------
    NumericalError
        When 20 draws (entries in [-1000, 1000]) gave no invertible matrix.
    TooLargeError
        When the matrix (and the evaluation's temporaries, 3 x 16 bytes an entry) is more than the machine has,
        before it is drawn, whatever the caller's ``force`` (conv k=20,20,20 r=2: 521,855 monomials, 1.98 TiB
        a copy, reached from ``singular`` and ``fibers`` under --force).

    Examples
    --------
    >>> from algnet.core.backends import Exact
    >>> V, pts = unisolvent_points(2, [(2, 0), (1, 1), (0, 2)], Exact(), seed=0)   # x^2, xy, y^2
    >>> pts.shape, V[0].tolist() == [pts[0, 0] ** 2, pts[0, 0] * pts[0, 1], pts[0, 1] ** 2]
    ((3, 2), True)
    """
    from algnet.core.monomials import evaluate_monomials
    from algnet.errors import NumericalError

    from algnet.guards import check_resources

    k = len(monos)
    if k > 4096:            # small matrices never reach the machine's size: no /proc read for them
        check_resources(f"unisolvent points: the {k} x {k} matrix of monomial values", memory=48 * k * k,
                        force=True, hint="a network with fewer inputs or a lower output degree (one sample "
                        "input per monomial)")
    rng = np.random.default_rng(seed)
    for _ in range(20):
        pts = rng.integers(-1000, 1001, size=(len(monos), nvars), dtype=np.int64)
        V = evaluate_monomials(pts, monos, B)
        if _is_invertible(V, B):
            return V, pts
    raise NumericalError("could not find unisolvent points", hint="use a larger prime")


def _is_invertible(V, B) -> bool:
    from algnet.core.numbers import nmod_mat

    if isinstance(B, ModP):
        return nmod_mat(V.shape[0], V.shape[1], [int(x) for x in V.ravel()], B.p).rank() == V.shape[0]
    if isinstance(B, Exact):
        from algnet.core.linalg import rank_qq

        return rank_qq(V) == V.shape[0]
    return np.linalg.matrix_rank(V) == V.shape[0]


def solve_interpolation(V, b, B) -> list:
    """The solution c of V c = b over the backend ``B`` (exact over QQ and GF(p), complex128 otherwise).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.core.backends import Exact, ModP
    >>> V = np.array([[1, 1], [1, 2]], dtype=object)
    >>> solve_interpolation(V, [3, 4], Exact()), solve_interpolation(V, [0, 1], ModP(7))
    ([2, 1], [6, 1])
    """
    from algnet.core.numbers import nmod_mat

    n = V.shape[0]
    if isinstance(B, ModP):
        M = nmod_mat(n, n, [int(x) for x in V.ravel()], B.p)
        rhs = nmod_mat(n, 1, [int(x) for x in np.asarray(b).ravel()], B.p)
        sol = M.solve(rhs)
        return [int(sol[i, 0]) for i in range(n)]
    if isinstance(B, Exact):
        from algnet.core.linalg import to_fmpq_mat

        sol = to_fmpq_mat(V).solve(to_fmpq_mat(np.asarray(b, dtype=object).reshape(n, 1)))
        return [_fmpq_to_python(sol[i, 0]) for i in range(n)]
    return list(np.linalg.solve(V.astype(complex), np.asarray(b, dtype=complex)))


def _fmpq_to_python(q):
    if int(q.q) == 1:
        return int(q.p)
    return Fraction(int(q.p), int(q.q))
