"""The gauge-fixed fiber of mu over f = mu(theta_0) (:mod:`algnet.analyses.fibers`): the coordinates the
continuous symmetries let pin (:func:`gauge_coordinates`) and the coefficient equations of the free ones
(:func:`fiber_equations`)."""

from __future__ import annotations

import numpy as np

from algnet.core.backends import Exact

__all__ = ["gauge_coordinates", "fiber_equations", "equations_estimate", "equations_cost", "support_pairs",
           "EQUATIONS_SECONDS_PER_TERM", "SECONDS_PER_PAIR", "SUPPORT_CPU"]

#: CPU seconds per term of :func:`fiber_equations` (:func:`equations_estimate`): the network is evaluated once on
#: symbolic inputs, over the polynomials in the free coordinates and the inputs, and its cost grows with the terms of
#: that expansion (bounded by :meth:`~algnet.architectures.expansion.Expansion.estimate_terms`). Measured on a 2-core
#: machine: dense 4-4-4 r=2 (160 terms) 2 ms, dense 5-1-1 r=6 (210) 2 ms, dense 3-3-3-1 r=3 (14880) 0.06 s,
#: dense 3-2-2-1 r=5 (bound 2.7 million, 57063 terms) 0.36 s: 1e-7 to 1.3e-5 s a term of the bound (the small cases
#: are the call's fixed cost), so this is an upper rate.
EQUATIONS_SECONDS_PER_TERM = 2e-5


def _integer_point(theta) -> list:
    """The point's entries as Python integers; a non-integer entry is refused (the fiber's equations are built over
    the integers: truncating 1/2 to 0 would give the fiber over another point)."""
    from fractions import Fraction

    from algnet.errors import ParameterError

    out = []
    for i, t in enumerate(theta):
        if hasattr(t, "__index__"):           # int, numpy and flint integers
            out.append(int(t))
            continue
        try:
            q = Fraction(t)
        except (TypeError, ValueError):
            raise ParameterError(f"parameter {i} of the point is {t!r}, not a number",
                                 hint="give the point as integers") from None
        if q.denominator != 1:
            raise ParameterError(f"parameter {i} of the point is {t!r}, not an integer: the fiber's equations are "
                                 "built over the integers", hint="give the point as integers") from None
        out.append(int(q))
    return out


def gauge_coordinates(net, theta) -> tuple:
    """Pivot columns (over QQ) of the symmetry tangents at ``theta``: the coordinates to pin.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> gauge_coordinates(parse_spec("conv k=2,2 r=2"), [1, 2, 3, 4])
    (0,)
    """
    from algnet.core.linalg import to_fmpq_mat

    T = np.asarray(net.symmetry_tangents(np.array(_integer_point(theta), dtype=object), backend=Exact()),
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


#: Bits of one exponent in the packed exponent vectors of :func:`support_pairs` (a field per variable).
_BITS = 24


class _Support:
    """The support of a polynomial of :func:`support_pairs` (exponent vectors packed into Python ints, a field of
    :data:`_BITS` bits per variable) and the counter of its arithmetic: the support of a sum is within the union
    of the supports, that of a product within their sums (no cancellation assumed: an upper bound)."""

    __slots__ = ("s", "tally")

    def __init__(self, s, tally):
        self.s, self.tally = s, tally

    def _other(self, o):
        if isinstance(o, _Support):
            return o.s
        return frozenset() if o == 0 else frozenset((0,))     # a constant: the exponent vector 0, or nothing

    def __add__(self, o):
        b = self._other(o)
        self.tally[0] += len(self.s) + len(b)
        return _Support(self.s | b, self.tally)

    __radd__ = __sub__ = __rsub__ = __add__

    def __neg__(self):
        return self

    def __mul__(self, o):
        b = self._other(o)
        self.tally[0] += len(self.s) * len(b)
        return _Support(frozenset(u + v for u in self.s for v in b), self.tally)

    __rmul__ = __mul__

    def __pow__(self, r):
        out = _Support(frozenset((0,)), self.tally)
        for _ in range(int(r)):
            out = out * self
        return out


class _Tally(Exact):
    """:class:`~algnet.core.backends.Exact` arithmetic that also keeps the largest count of one array operation
    (one step that the build cannot interrupt: a numpy loop over flint polynomials)."""

    def __init__(self, tally):
        self.tally = tally

    def _step(self, op, *args):
        before = self.tally[0]
        out = op(*args)
        self.tally[1] = max(self.tally[1], self.tally[0] - before)
        return out

    def add(self, a, b):
        return self._step(super().add, a, b)

    def sub(self, a, b):
        return self._step(super().sub, a, b)

    def mul(self, a, b):
        return self._step(super().mul, a, b)

    def matmul(self, a, b):
        return self._step(super().matmul, a, b)

    def sum(self, a, axis):
        return self._step(super().sum, a, axis)


def support_pairs(net, theta0, gauge) -> tuple:
    """``(pairs, step, terms)``: upper bounds on the work of :func:`fiber_equations`, from the supports (the sets of
    exponent vectors) of every intermediate polynomial in the free unknowns and the inputs, computed without
    coefficients and without cancellation, so each contains the true support: ``pairs`` bounds the term pairs of
    all the products and the terms of all the sums of both evaluations (at theta with the free unknowns, at
    theta_0), ``step`` the same in one array operation (which cannot be interrupted), ``terms`` the terms of the
    outputs. Pure Python: a Ctrl-C or a time cap interrupts it anywhere.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> support_pairs(parse_spec("linear 1-1-1"), [2, 3], (0,))    # 2 t1 x0 and 6 x0: two products of single terms each
    (4, 1, 2)
    """
    theta0 = _integer_point(theta0)
    free = [i for i in range(net.n_params) if i not in set(gauge)]
    n_in = int(net.n_inputs)
    tally = [0, 0]
    one = frozenset((0,))

    def var(k):
        return _Support(frozenset((1 << (_BITS * k),)), tally)

    X = np.empty(n_in, dtype=object)
    for j in range(n_in):
        X[j] = var(len(free) + j)
    X = X.reshape((1,) + tuple(net.input_shape))
    th0 = np.empty(net.n_params, dtype=object)
    for i in range(net.n_params):
        th0[i] = _Support(one if int(theta0[i]) else frozenset(), tally)
    th = th0.copy()
    for k, i in enumerate(free):
        th[i] = var(k)
    terms = 0
    for theta in (th, th0):
        vals = net.evaluate(theta, X, backend=_Tally(tally))
        terms += sum(len(v.s) if isinstance(v, _Support) else int(v != 0) for v in np.ravel(vals))
    return tally[0], tally[1], terms


#: CPU seconds per term pair of :func:`support_pairs` (:func:`equations_cost`). Measured on a 2-core machine at load
#: 10 (build CPU s / pairs): the degree-27 Product of ``tests/test_fibers_equations_cost.py`` 9 ms for 10103 pairs,
#: dense 3-3-3-1 r=3 0.06 s for 62205, dense 3-2-2-1 r=5 0.36 s for 1.7 million, dense 4-4-4 r=2 2 ms for 1152:
#: 2e-7 to 2e-6 s a pair, an upper rate for them. Builds under a millisecond reach 8e-6 (the call's fixed cost:
#: linear 2-1-2-2, 48 pairs), far below :data:`~algnet.analyses.fibers_count.EQUATIONS_REFUSE_FLOOR`. The supports
#: were the true ones on these and on a polynomial map, attention, conv and Residual networks (output terms =
#: equation terms).
SECONDS_PER_PAIR = 4e-6

#: CPU seconds given to :func:`support_pairs` by :func:`equations_cost` before it falls back to the looser
#: :func:`equations_estimate`.
SUPPORT_CPU = 0.5


def equations_cost(net, theta0, gauge, seconds: float = SUPPORT_CPU) -> tuple:
    """``(terms, seconds, how)``: an upper estimate of the CPU seconds of :func:`fiber_equations` at ``theta0``
    (``terms`` bounds the terms of its outputs). From :func:`support_pairs` (the term pairs of all its products and
    sums, bounded by the supports, :data:`SECONDS_PER_PAIR` a pair) when that finishes within ``seconds`` CPU
    seconds, else from :func:`equations_estimate` (a bound on the output terms alone, with
    :data:`EQUATIONS_SECONDS_PER_TERM` a term: far looser, a degree-27 Product of 1590 terms was bounded by 52
    million). ``how`` says which, and the largest single step.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> terms, secs, how = equations_cost(parse_spec("linear 1-1-1"), [2, 3], (0,))
    >>> terms, secs, how
    (2, 1.6e-05, 'the supports of its symbolic evaluation: 4 term pairs in all, 1 in its largest single step')
    """
    from algnet.guards import time_cap

    if net.parameter_degree() < (1 << (_BITS - 2)) and int(getattr(net, "degree", 0) or 0) < (1 << (_BITS - 2)):
        with time_cap(seconds, cpu=True) as cap:
            try:
                pairs, step, terms = support_pairs(net, theta0, gauge)
            except KeyboardInterrupt:
                if not cap.expired:
                    raise
            except (TypeError, ValueError, AttributeError):     # an operation the supports do not model
                pass
            else:
                return terms, float(f"{SECONDS_PER_PAIR * pairs:.3g}"), (
                    f"the supports of its symbolic evaluation: {pairs} term pairs in all, {step} in its largest "
                    "single step")
    terms, secs = equations_estimate(net, gauge)
    return terms, secs, f"a bound on the output terms (their supports were not computed in {seconds:g} CPU s)"


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
    theta0 = _integer_point(theta0)
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
