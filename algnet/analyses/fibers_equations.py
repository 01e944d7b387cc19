"""The gauge-fixed fiber of mu over f = mu(theta_0) (:mod:`algnet.analyses.fibers`): the coordinates the
continuous symmetries let pin (:func:`gauge_coordinates`) and the coefficient equations of the free ones
(:func:`fiber_equations`)."""

from __future__ import annotations

import numpy as np

from algnet.core.backends import Exact

__all__ = ["gauge_coordinates", "fiber_equations"]


def gauge_coordinates(net, theta) -> tuple:
    """Pivot columns (over QQ) of the symmetry tangents at ``theta``: the coordinates to pin.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> gauge_coordinates(parse_spec("conv k=2,2 r=2"), [1, 2, 3, 4])
    (0,)
    """
    from algnet.core.linalg import to_fmpq_mat

    T = np.asarray(net.symmetry_tangents(np.array([int(t) for t in theta], dtype=object), backend=Exact()),
                   dtype=object)
    if T.size == 0:
        return ()
    M = to_fmpq_mat(T)
    R, r = M.rref()
    piv, row = [], 0
    for j in range(M.ncols()):
        if row < r and R[row, j] != 0:
            piv.append(j)
            row += 1
    return tuple(piv)


def fiber_equations(net, theta0, gauge):
    """Coefficient equations of the gauge-fixed fiber over f = mu(theta0), as flint polynomials.

    Returns ``(ctx, equations, free)``: the polynomial ring in the free
    coordinates t<i>, the equations coefficients(mu(theta)) - coefficients(f),
    and the indices of the free coordinates.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ctx, eqs, free = fiber_equations(parse_spec("linear 1-1-1"), [2, 3], (0,))
    >>> [str(e) for e in eqs], free
    (['2*t1 - 6'], (1,))
    """
    from algnet.architectures.interpolation import unisolvent_points
    from algnet.core.backends import ModP
    from algnet.core.linalg import to_fmpq_mat
    from algnet.core.monomials import evaluate_monomials
    from algnet.core.numbers import fmpq_mpoly_ctx

    N = net.n_params
    free = tuple(i for i in range(N) if i not in set(gauge))
    ctx = fmpq_mpoly_ctx.get(tuple(f"t{i}" for i in free), "degrevlex")
    gens = ctx.gens()
    th = np.empty(N, dtype=object)
    for i in range(N):
        th[i] = ctx.from_dict({}) + int(theta0[i])
    for k, i in enumerate(free):
        th[i] = gens[k]
    monos = net.output_monomials()
    _, pts = unisolvent_points(net.n_inputs, monos, ModP(2**27 - 39), 0)
    X = pts.reshape((len(monos),) + tuple(net.input_shape))
    vals = net.evaluate(th, X, backend=Exact())
    val0 = net.evaluate(np.array([int(t) for t in theta0], dtype=object), X, backend=Exact())
    Vi = to_fmpq_mat(evaluate_monomials(pts, monos, Exact())).inv()
    eqs = []
    for o in range(vals.shape[1]):
        for a in range(len(monos)):
            e = ctx.from_dict({})
            for b in range(len(monos)):
                c = Vi[a, b]
                if c != 0:
                    e += (vals[b, o] - val0[b, o]) * c
            if not e.is_zero():
                eqs.append(e)
    return ctx, eqs, free
