"""The gauge-fixed fiber of mu over f = mu(theta_0) (:mod:`algnet.analyses.fibers`): the coordinates the
continuous symmetries let pin (:func:`gauge_coordinates`) and the coefficient equations of the free ones
(:func:`fiber_equations`)."""

from __future__ import annotations

import numpy as np

from algnet.core.backends import Exact

__all__ = ["gauge_coordinates", "fiber_equations", "equations_estimate", "EQUATIONS_SECONDS_PER_TERM"]

#: CPU seconds per term operation of :func:`fiber_equations` (:func:`equations_estimate`): each of its m
#: equations of an output is a combination of the network's values at m points, polynomials of up to T terms with
#: rational coefficients that grow with m, so building them takes about m^2 T term operations per output.
#: Measured on a 2-core machine: dense 4-1-1 r=6 (m = T = 84) 1.8 s, dense 5-1-1 r=6 (m = T = 210) 52 s, i.e.
#: 3e-6 to 6e-6 s a term; smaller cases are faster per term (dense 2-2-2-1 r=4: 2e-7), so this is an upper rate.
EQUATIONS_SECONDS_PER_TERM = 6e-6


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
    """``(evaluations, terms, seconds)`` of :func:`fiber_equations` before building them: the network is
    evaluated symbolically at ``evaluations`` points (its output monomials), its values polynomials of at most
    ``terms`` terms summed over the outputs (the bound :meth:`~algnet.architectures.expansion.Expansion.estimate_terms`
    of the expansion, and the number of monomials of the parameter degree in the free unknowns), and ``seconds``
    is the estimated CPU time (:data:`EQUATIONS_SECONDS_PER_TERM` per term operation): an upper estimate, not a
    measurement.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> equations_estimate(parse_spec("linear 1-1-1"), (0,))
    (1, 1, 1.8e-05)
    """
    from math import comb

    evaluations = len(net.output_monomials())
    free = net.n_params - len(set(gauge))
    # summed over the outputs, as estimate_terms is
    terms = min(int(net.estimate_terms()), int(net.n_outputs) * comb(free + int(net.parameter_degree()), free))
    seconds = EQUATIONS_SECONDS_PER_TERM * evaluations * (evaluations + 2) * terms
    return evaluations, terms, float(f"{seconds:.3g}")


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
