"""Exact moves inside a fiber: lines theta + s e on which mu is constant, found from the parameter blocks.

When mu is affine in one parameter array (a weight matrix of a linear network, the output layer of any
network), every vector e supported on that array with J e = 0 (J the exact Jacobian at theta restricted to
the array's columns) keeps mu(theta + s e) = mu(theta) for every s. For other blocks a kernel vector may or
may not stay in the fiber; each candidate is verified exactly (mu(theta + s e) evaluated over QQ[s] and
compared with mu(theta)), so every point returned is an exact fiber point.

These moves reach fiber points that the dead-parameter families (zero parameters set free) do not: at a
point of the stratum ``widths 3-2-1-3`` of ``linear 3-2-2-3`` (product W3 W2 W1 of rank one) the families
keep the row space of W1 fixed, and the tangent planes along them span only 8 = dim M dimensions; moving W1
inside the kernel of W3 W2 turns that row space, and the tangent planes of the moved points span all 9 (the
rank-one matrices are singular points of the rank <= 2 matrices).

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.singular.primitives import exact_values, sample_inputs
>>> net = parse_spec("linear 2-1-2")                   # f = W2 W1, W2 W1 = 0 at this point
>>> X, _ = sample_inputs(net, 0)
>>> theta = [0, 0, 1, 1]                               # W1 = 0, W2 = (1, 1)^T
>>> pts = fiber_moves(net, [theta], X, exact_values(net, theta, X), seed=0)
>>> all(list(exact_values(net, t, X)) == [0] * 4 for t in pts) and len(pts) > 0
True
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm, prod

import numpy as np

from algnet.analyses.singular.primitives import _exact_jac, _offsets, _q, _rank
from algnet.analyses.singular.tangent import _fq, _obj_array
from algnet.core.backends import Exact
from algnet.core.linalg import kernel_qq

__all__ = ["fiber_moves"]


def stays_in_fiber(net, theta, e, X, p_exact) -> bool:
    """Whether mu(theta + s e) = mu(theta) = ``p_exact`` at the inputs ``X`` as polynomials in s (exact).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.singular.primitives import exact_values, sample_inputs
    >>> net = parse_spec("linear 1-1-1")                  # f = b a x: a = 0, moving b keeps f = 0
    >>> X, _ = sample_inputs(net, 0)
    >>> p = exact_values(net, [0, 2], X)
    >>> stays_in_fiber(net, [0, 2], [0, 1], X, p), stays_in_fiber(net, [0, 2], [1, 0], X, p)
    (True, False)
    """
    from algnet.core.numbers import fmpq_poly

    s = fmpq_poly([0, 1])
    th = _obj_array([_fq(t) + _fq(d) * s for t, d in zip(theta, e)])
    vals = np.asarray(net.evaluate(th, X, backend=Exact()), dtype=object).ravel()
    for v, want in zip(vals, p_exact):
        if isinstance(v, fmpq_poly):
            if v.degree() > 0:
                return False
            v = v(0) if v.degree() == 0 else 0
        if _as_fraction(v) != _as_fraction(want):
            return False
    return True


def _as_fraction(v) -> Fraction:
    """An exact number (int, Fraction, flint fmpz / fmpq) as a Fraction."""
    if hasattr(v, "p") and hasattr(v, "q"):
        return Fraction(int(v.p), int(v.q))
    return Fraction(v) if isinstance(v, (int, Fraction)) else Fraction(int(v))


def _block_directions(net, J, rng) -> list:
    """Random integer combinations of the kernel of J restricted to each parameter array's columns (as full
    parameter vectors, denominators cleared)."""
    N = net.n_params
    out = []
    for start, shape in _offsets(net).values():
        cols = list(range(start, start + prod(shape)))
        K = kernel_qq(J[:, cols])
        if not K:
            continue
        for _ in range(2):
            c = [int(v) for v in rng.integers(-3, 4, size=len(K))]
            e = [Fraction(0)] * N
            for ci, kv in zip(c, K):
                for t, j in enumerate(cols):
                    e[j] += ci * Fraction(kv[t])
            if any(v != 0 for v in e):
                den = lcm(*(v.denominator for v in e))
                out.append([int(v * den) for v in e])
    return out


def fiber_moves(net, points, X, p_exact, seed=0, rounds: int = 2, target: int | None = None,
                max_points: int = 24) -> list:
    """Exact fiber points reached from ``points`` by moves along lines on which mu is constant.

    Parameters
    ----------
    net : Network
    points : list of sequences
        Exact fiber points to start from (the first is the point analysed).
    X : array
        Unisolvent sample inputs.
    p_exact : sequence
        mu(points[0]) at ``X`` (exact).
    seed : int or numpy Generator
    rounds : int
        Moves are made from the points found in the previous round as well.
    target : int, optional
        Stop as soon as the tangent planes of ``points`` and the new points span more than ``target``
        dimensions (None: never stop early).
    max_points : int
        At most this many new points.

    Returns
    -------
    list of lists
        New exact fiber points (each verified: mu is constant on the whole line through the move).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.singular.primitives import exact_values, sample_inputs
    >>> net = parse_spec("linear 2-2-2")                   # f = W2 W1; W2 of rank one leaves W1 a free direction
    >>> X, _ = sample_inputs(net, 0)
    >>> theta = [1, 2, 3, 4,  1, 1, 1, 1]
    >>> pts = fiber_moves(net, [theta], X, exact_values(net, theta, X), seed=0, rounds=1)
    >>> len(pts) > 0 and all(list(exact_values(net, t, X)) == list(exact_values(net, theta, X)) for t in pts)
    True
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    frontier = [list(t) for t in points]
    jacs = {i: _exact_jac(net, t, X) for i, t in enumerate(frontier)}
    span = np.concatenate(list(jacs.values()), axis=1) if target is not None else None
    found = []
    for _ in range(rounds):
        nxt = []
        for i, t in enumerate(frontier):
            J = jacs[i] if i in jacs else _exact_jac(net, t, X)
            for e in _block_directions(net, J, rng):
                if not stays_in_fiber(net, t, e, X, p_exact):
                    continue
                c = int(rng.integers(1, 5)) * int(rng.choice([-1, 1]))
                new = [_q(a) + c * d for a, d in zip(t, e)]
                found.append(new)
                nxt.append(new)
                if target is not None:
                    span = np.concatenate([span, _exact_jac(net, new, X)], axis=1)
                    if _rank(span) > target:
                        return found
                if len(found) >= max_points:
                    return found
        frontier, jacs = nxt, {}
        if not frontier:
            break
    return found
