"""Endpoints the tracker called singular that are only badly scaled.

The tracker's endpoint test (:func:`algnet.homotopy.newton.endpoint_checks`) equilibrates the rows of the
Jacobian, not its columns: it is invariant under rescaling the equations but not the unknowns. A regular
solution whose coordinates have very different sizes then looks singular. Witness points of deep networks are
such solutions: in a gauge slice the coordinates of a fiber point are ratios raised to the network's degree
(layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1), seed 1: endpoints with coordinates from 3e-3
to 1e7, row-equilibrated condition numbers 1e10-3e10, above the tracker's 1e10, and rows and columns
equilibrated 2e4-1e5). A nonsingular diagonal scaling of the columns does not change whether the Jacobian is
singular, so :func:`rescue_scaled` tests the endpoints again with both equilibrated.

Examples
--------
x + 1e-9 y = p, x - 1e-9 y = q at (p, q) = (3, 1): the root (2, 1e9), row-equilibrated condition number 1e9,
rows and columns equilibrated 1.

>>> import numpy as np
>>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
>>> fam = OffsetFamily(PolynomialSystem.from_terms([{(1, 0): 1, (0, 1): 1e-9}, {(1, 0): 1, (0, 1): -1e-9}]))
>>> ok, X, cond = rescue_scaled(fam, np.array([[2.0, 1e9]]), np.array([[3.0, 1.0]]))
>>> bool(ok[0]), round(float(cond[0]), 6)
(True, 1.0)
"""

from __future__ import annotations

import numpy as np

__all__ = ["rescue_scaled", "rescue_singular", "equilibrated_condition", "RESCUE_CONDITION"]

#: Largest condition number (rows and columns equilibrated) of an endpoint kept by :func:`rescue_scaled` by default,
#: the monodromy solver's limit (:meth:`~algnet.homotopy.monodromy.endpoints.EndpointHandling.rescue`). The
#: solver's keys (the values at K sample inputs, of degree up to 16) are then accurate to about
#: 16 x 1e6 x 1.1e-16 < 2e-9 relative, inside its ``dedup_tolerance`` (1e-8). With the tracker's own limit 1e10
#: there, conv k=2,2,2,2 r=2 (seed 0) counted 1,540 points, four more than its degree, once a new node had many
#: nearly singular endpoints (whether the rescued endpoints or the tracker's own ill-conditioned ones made the
#: duplicates was not isolated). Every endpoint is now also compared with a tolerance scaled by its condition number
#: (:func:`~algnet.homotopy.monodromy.graph.key_slack`), which at 1e6 is still the default 1e-8; with it, 1e10 here
#: counted 1,536 on conv k=2,2,2,2 r=2 seeds 0 and 1, but the limit stays 1e6 (no wider check). The trace test, which
#: compares no keys, takes the tracker's ``singular_condition``; the solver's symmetric images
#: :data:`~algnet.homotopy.monodromy.endpoints.IMAGE_RESCUE_CONDITION`.
RESCUE_CONDITION = 1e6


def equilibrated_condition(J) -> np.ndarray:
    """The 2-norm condition numbers of the Jacobians ``J`` (k, n, n) with their rows scaled to max-norm 1, then
    their columns: invariant under rescaling the equations and the unknowns (inf where an entry is not finite).

    Examples
    --------
    >>> import numpy as np
    >>> equilibrated_condition(np.array([[[1, 0], [0, 1e-12]], [[1, 1], [1, 1 + 1e-9]]], dtype=complex)) > 1e8
    array([False,  True])
    """
    J = np.asarray(J, dtype=np.complex128)
    with np.errstate(all="ignore"):
        A = np.abs(J)
        r = np.max(A, axis=2, keepdims=True)
        A = A / np.where(r > 0, r, 1)
        c = np.max(A, axis=1, keepdims=True)
        B = J / np.where(r > 0, r, 1) / np.where(c > 0, c, 1)
    # a Jacobian with a non-finite entry (a Newton step that ran off) is not kept; LAPACK's SVD does not
    # converge on it (numpy's LinAlgError, found on dense 2-4-1 r=7 with a random fiber point)
    finite = np.isfinite(B).all(axis=(1, 2))
    cond = np.full(len(B), np.inf)
    if finite.any():
        try:
            cond[finite] = np.linalg.cond(B[finite])
        except np.linalg.LinAlgError:
            pass
    return cond


def rescue_scaled(family, X, P, limit: float = RESCUE_CONDITION):
    """``(ok, X', cond)`` for the endpoints ``X`` (k, n) of ``family`` at parameters ``P`` (k, m): ``ok`` where two
    Newton steps at P converge (the next step below 1e-10 of the point's size) and the Jacobian with rows and
    columns equilibrated (:func:`equilibrated_condition`) has a condition number at most ``limit``; ``X'`` the
    points after those steps and the next (where ``ok``; the others as given), ``cond`` that condition number.

    Examples
    --------
    x^2 = p at p = 4 (a regular root) and p = 0 (a double root: singular whatever the scaling):

    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.examples import example_family
    >>> fam = example_family("square").family
    >>> ok, X, _ = rescue_scaled(fam, np.array([[2.0 + 1e-9], [1e-9]]), np.array([[4.0], [0.0]]))
    >>> ok.tolist(), round(float(X[0, 0].real), 12)
    ([True, False], 2.0)
    """
    X0 = np.asarray(X, dtype=np.complex128)
    X = X0.copy()
    P = np.asarray(P, dtype=np.complex128)
    k = X.shape[0]
    fail = (np.zeros(k, dtype=bool), X0.copy(), np.full(k, np.inf))
    if not k:
        return fail
    with np.errstate(all="ignore"):
        try:
            for _ in range(2):
                F, J = family.evaluate(X, P)
                X = X - np.linalg.solve(J, F[..., None])[..., 0]
            F, J = family.evaluate(X, P)
            dx = np.linalg.solve(J, F[..., None])[..., 0]
        except np.linalg.LinAlgError:
            return fail
        cond = equilibrated_condition(J)
        size = 1 + np.max(np.abs(X), axis=1)
        ok = np.all(np.isfinite(X), axis=1) & np.isfinite(cond) & (cond <= limit) \
            & (np.max(np.abs(dx), axis=1) <= 1e-10 * size)
        out = X0.copy()
        out[ok] = X[ok] - dx[ok]
    return ok, out, cond


def rescue_singular(family, X, ok, status, p, limit: float, cond=None):
    """``(X, ok, cond, rescued)``: the endpoints ``X`` (k, n) of a tracking to the parameters ``p`` (m,), with the
    tracker's success flags ``ok`` and ``status``, where those it called ``singular`` that are only badly scaled
    (:func:`rescue_scaled` at ``limit``) are replaced by their refined points and marked successful; ``cond`` (the
    tracker's condition numbers, or None) takes their equilibrated condition numbers; ``rescued`` counts them.
    The arrays returned are copies.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.monodromy.examples import example_family
    >>> fam = example_family("square").family                     # x^2 = 4: 2 succeeded, -2 called singular
    >>> X, ok, _, n = rescue_singular(fam, np.array([[2.0], [-2.0 + 1e-9]]), [True, False], ("success", "singular"),
    ...                               np.array([4.0]), 1e10)
    >>> ok.tolist(), round(float(X[1, 0].real), 12), n
    ([True, True], -2.0, 1)
    """
    X, ok = np.array(X, dtype=np.complex128), np.array(ok, dtype=bool)
    cond = None if cond is None else np.array(cond, dtype=float)
    sing = np.flatnonzero(np.asarray(status) == "singular")
    if not sing.size:
        return X, ok, cond, 0
    p = np.asarray(p, dtype=np.complex128)
    r, Xr, cr = rescue_scaled(family, X[sing], np.broadcast_to(p, (sing.size, p.shape[0])), limit)
    X[sing[r]], ok[sing[r]] = Xr[r], True
    if cond is not None:
        cond[sing[r]] = cr[r]
    return X, ok, cond, int(r.sum())
