"""The gauge-fixed fiber of mu over f = mu(theta_0) (:mod:`algnet.analyses.fibers`): the coordinates the
continuous symmetries let pin (:func:`gauge_coordinates`) and the coefficient equations of the free ones
(:func:`fiber_equations`)."""

from __future__ import annotations

import numpy as np

from algnet.core.backends import Exact

__all__ = ["gauge_coordinates", "fiber_equations", "equations_estimate", "EQUATIONS_SECONDS_PER_TERM"]

#: CPU seconds per term of :func:`fiber_equations` (:func:`equations_estimate`): the network is evaluated once on
#: symbolic inputs, over the polynomials in the free coordinates and the inputs, and its cost grows with the terms of
#: that expansion (bounded by :meth:`~algnet.architectures.expansion.Expansion.estimate_terms`). Measured on a 2-core
#: machine: dense 4-4-4 r=2 (160 terms) 2 ms, dense 5-1-1 r=6 (210) 2 ms, dense 3-3-3-1 r=3 (14880) 0.06 s,
#: dense 3-2-2-1 r=5 (bound 2.7 million, 57063 terms) 0.36 s: 1e-7 to 1.3e-5 s a term of the bound (the small cases
#: are the call's fixed cost), so this is an upper rate.
EQUATIONS_SECONDS_PER_TERM = 2e-5


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


def equations_estimate(net, gauge) -> tuple:
    """``(terms, seconds)`` of :func:`fiber_equations` before building them: ``terms`` bounds the terms of the
    network's outputs as polynomials in the free unknowns and the inputs (the bound
    :meth:`~algnet.architectures.expansion.Expansion.estimate_terms` of the expansion, and the output monomials
    times the monomials of the parameter degree in the free unknowns, summed over the outputs), and ``seconds`` is
    the estimated CPU time (:data:`EQUATIONS_SECONDS_PER_TERM` a term): an upper estimate, not a measurement.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> equations_estimate(parse_spec("linear 1-1-1"), (0,))
    (1, 2e-05)
    """
    from math import comb

    free = net.n_params - len(set(gauge))
    per_output = int(net.monomial_count()) * comb(free + int(net.parameter_degree()), free)
    terms = min(int(net.estimate_terms()), int(net.n_outputs) * per_output)
    return terms, float(f"{EQUATIONS_SECONDS_PER_TERM * terms:.3g}")


def fiber_equations(net, theta0, gauge):
    """Coefficient equations of the gauge-fixed fiber over f = mu(theta0), as flint polynomials.

    Returns ``(ctx, equations, free)``: the polynomial ring in the free
    coordinates t<i>, the equations coefficients(mu(theta)) - coefficients(f),
    and the indices of the free coordinates. The network is evaluated once on symbolic inputs, over the
    polynomials in the free coordinates and the inputs, and each output's coefficient of each output monomial is
    read off (the coefficients an interpolation at the monomials' unisolvent points gives, without the exact
    inverse of their m x m matrix); an output with a monomial outside the list is interpolated
    (:func:`_interpolated_equations`).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ctx, eqs, free = fiber_equations(parse_spec("linear 1-1-1"), [2, 3], (0,))
    >>> [str(e) for e in eqs], free
    (['2*t1 - 6'], (1,))
    """
    from algnet.core.numbers import fmpq_mpoly_ctx

    N = net.n_params
    free = tuple(i for i in range(N) if i not in set(gauge))
    ctx = fmpq_mpoly_ctx.get(tuple(f"t{i}" for i in free), "degrevlex")
    monos = [tuple(int(e) for e in m) for m in net.output_monomials()]
    n_in = int(net.n_inputs)
    both = fmpq_mpoly_ctx.get(tuple(f"t{i}" for i in free) + tuple(f"x{j}" for j in range(n_in)), "degrevlex")
    gens = both.gens()
    th = np.empty(N, dtype=object)
    th0 = np.empty(N, dtype=object)
    for i in range(N):
        th[i] = th0[i] = both.from_dict({}) + int(theta0[i])
    for k, i in enumerate(free):
        th[i] = gens[k]
    X = np.empty(n_in, dtype=object)
    for j in range(n_in):
        X[j] = gens[len(free) + j]
    X = X.reshape((1,) + tuple(net.input_shape))
    vals = net.evaluate(th, X, backend=Exact())
    val0 = net.evaluate(th0, X, backend=Exact())
    rows = {m: a for a, m in enumerate(monos)}
    k = len(free)
    eqs = []
    for o in range(vals.shape[1]):
        coeffs = [dict() for _ in monos]
        for v, sign in ((vals[0, o], 1), (val0[0, o], -1)):
            for exps, c in _terms(v, both):
                a = rows.get(tuple(exps[k:]))
                if a is None:           # not spanned by the output monomials: interpolate as before
                    return _interpolated_equations(net, theta0, gauge)
                t = tuple(exps[:k])
                coeffs[a][t] = coeffs[a].get(t, 0) + sign * c
        for d in coeffs:
            e = ctx.from_dict({t: c for t, c in d.items() if c != 0})
            if not e.is_zero():
                eqs.append(e)
    return ctx, eqs, free


def _terms(v, ctx):
    """The ``(exponents, coefficient)`` pairs of ``v``: a polynomial of ``ctx``, or a number (a constant)."""
    if hasattr(v, "to_dict"):
        return v.to_dict().items()
    return (((0,) * ctx.nvars(), v),) if v != 0 else ()


def _interpolated_equations(net, theta0, gauge):
    """:func:`fiber_equations` by interpolation: the network evaluated at the output monomials' unisolvent points,
    the coefficients from the exact inverse of their matrix (an m x m inverse over QQ: slow for large m)."""
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
