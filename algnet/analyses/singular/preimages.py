"""Fiber points: numerical search (Levenberg-Marquardt) for preimages of a point of
M, snapped to exact rationals along the symmetry orbit and verified over QQ."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.analyses.singular.primitives import _num_jac, _num_rank, _num_values, _q, exact_values
from algnet.core.backends import Complex, Exact
from algnet.errors import NumericalError, ParameterError


def levenberg_marquardt(net, target, Xn, x0, fixed=None, iters=150, tol=1e-12, real=True):
    """Levenberg-Marquardt for net(theta) = target at Xn; returns (theta, relative residual).

    Starts from ``x0``, keeps the coordinates ``fixed`` at their start values, and stops at the
    relative residual ``tol``, after ``iters`` iterations, or when no step decreases the residual.
    ``real=False`` solves over the complex numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 1-1-1")              # f(x) = b * a * x: find a with a * 2 = 6
    >>> Xn = np.array([[1.0], [-0.5]])
    >>> x, res = levenberg_marquardt(net, np.array([6.0, -3.0]), Xn, [1.0, 2.0], fixed=[1])
    >>> bool(abs(x[0] - 3) < 1e-8 and x[1] == 2 and res < 1e-10)
    True
    """
    x = np.array(x0, dtype=np.float64 if real else np.complex128)
    scale = max(np.linalg.norm(target), 1e-300)
    free = np.ones(len(x), dtype=bool)
    if fixed is not None:
        free[list(fixed)] = False

    def resid(x):
        v = _num_values(net, x, Xn) - target
        return v.real if real else v

    r = resid(x)
    cost = np.linalg.norm(r)
    lam = 1e-3
    for _ in range(iters):
        if cost / scale < tol or not np.isfinite(cost):
            break
        J = _num_jac(net, x, Xn)[:, free]
        if real:
            J = J.real
        g = J.conj().T @ r
        A = J.conj().T @ J
        improved = False
        for _ in range(8):
            try:
                step = np.linalg.solve(A + lam * (np.diag(np.diag(A)) + 1e-12 * np.eye(len(A))), -g)
            except np.linalg.LinAlgError:
                lam *= 10
                continue
            xn = x.copy()
            xn[free] = x[free] + step
            rn = resid(xn)
            cn = np.linalg.norm(rn)
            if np.isfinite(cn) and cn < cost:
                x, r, cost = xn, rn, cn
                lam = max(lam / 5, 1e-12)
                improved = True
                break
            lam *= 8
        if not improved:
            break
    return x, cost / scale


def _pivot_columns(T, count, avoid=()):
    """Greedy well-conditioned column choice (QR with column pivoting)."""
    T = np.array(T, dtype=np.float64)
    cols = []
    for _ in range(count):
        norms = np.linalg.norm(T, axis=0)
        for j in avoid:
            norms[j] = -1
        for j in cols:
            norms[j] = -1
        j = int(np.argmax(norms))
        if norms[j] < 1e-9:
            break
        cols.append(j)
        v = T[:, j] / norms[j]
        T = T - np.outer(v, v @ T)
    return cols


def _snap(net, theta, target, Xn, X, exact_target, max_den=2000, hints=()):
    """Move a numerical fiber point along the symmetry orbit to a point with
    small rational gauge coordinates, rationalize, and verify exactly. ``hints``: integers also tried as the
    value of a single gauge coordinate (e.g. the coordinates of a known exact fiber point)."""
    T = np.asarray(net.symmetry_tangents(np.asarray(theta, dtype=np.complex128), backend=Complex())).real
    s = _num_rank(T) if T.size else 0
    if s:
        zero = [j for j in range(len(theta)) if abs(theta[j]) < 1e-6]
        G0 = _pivot_columns(T, s, avoid=zero)
        # the best-conditioned gauge first, then each of its columns avoided once: rounding the coordinate
        # the pivot picks can leave the others irrational (dense 2-2-1 r=4 at c l^4: fixing the output weight
        # a to an integer makes l = (a0 / a)^(1/4) l0; fixing a coordinate of l keeps everything rational)
        gauges = [G0] + [_pivot_columns(T, s, avoid=zero + [j]) for j in G0]
        for G in [g for i, g in enumerate(gauges) if len(g) == s and g not in gauges[:i]]:
            values = [None] + (sorted({abs(int(h)) for h in hints if h and int(h) == h})[:8] if s == 1 else [])
            for v in values:
                q = _rational_point(net, theta, G, target, Xn, X, exact_target, max_den, v)
                if q is not None:
                    return q
    return _rational_point(net, theta, None, target, Xn, X, exact_target, max_den)


def _rational_point(net, theta, G, target, Xn, X, exact_target, max_den, value=None):
    """With gauge columns G set to integers (rounded, or +-``value``) and the rest solved for, or theta itself
    (G None): the rationalized point when it is an exact fiber point, else None."""
    cands = [np.asarray(theta, dtype=np.float64)] if G is None else []
    if G is not None:
        x = np.array(theta, dtype=np.float64)
        for j in G:
            x[j] = np.sign(x[j]) * (max(1.0, round(abs(x[j]))) if value is None else value)
        x2, res = levenberg_marquardt(net, target, Xn, x, fixed=G, iters=100)
        if res < 1e-10:
            cands.append(x2)
    for c in cands:
        q = [Fraction(float(v)).limit_denominator(max_den) for v in c]
        q = [0 if abs(float(v)) < 1e-9 else v for v in q]
        try:
            if all(a == b for a, b in zip(exact_values(net, q, X), exact_target)):
                return [_q(v) for v in q]
        except (ZeroDivisionError, OverflowError):
            continue
    return None


def _find_preimage(net, f, X, Xn, seed, starts):
    from algnet.core.monomials import evaluate_monomials

    flat = [_q(v) for v in np.asarray(f, dtype=object).ravel()]
    monos = net.output_monomials()
    if len(flat) != net.ambient_dimension:
        raise ParameterError(f"expected {net.ambient_dimension} coordinates, got {len(flat)}",
                             hint="use the order of net.coordinate_names()")
    C = np.array(flat, dtype=object).reshape(net.n_outputs, len(monos))
    Vx = evaluate_monomials(X.reshape(len(X), -1), monos, Exact())
    p_exact = (np.asarray(Vx, dtype=object) @ C.T).ravel()
    Vn = np.array([[np.prod(np.asarray(x, dtype=float) ** np.array(m)) for m in monos]
                   for x in Xn.reshape(len(Xn), -1)])
    target = (Vn @ C.astype(float).T).ravel().astype(complex)
    zero = [Fraction(0)] * net.n_params
    if all(v == 0 for v in p_exact) and all(v == 0 for v in exact_values(net, zero, X)):
        return zero       # the vertex f = 0 of a cone: the search's relative residual cannot reach it
    rng = np.random.default_rng(seed)
    for _ in range(starts * 4):
        u, res = levenberg_marquardt(net, target, Xn, rng.standard_normal(net.n_params))
        if res < 1e-10:
            ex = _snap(net, u, target, Xn, X, p_exact)
            if ex is not None:
                return ex
    raise NumericalError("no exact preimage of f was found", hint="pass theta= (a preimage) explicitly")
