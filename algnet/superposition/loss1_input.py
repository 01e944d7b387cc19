"""The entries of the 1-sparse loss analysis (:mod:`algnet.superposition.loss1`): their field, converted and checked.

Weights, biases, importances and the metric are taken over one field: flint balls (``arb``), Q(√d) when an entry is a
:class:`~algnet.superposition.exact.QuadraticNumber`, QQ for exact rationals, or the floats; entries that are no
finite numbers, importances <= 0 and a metric that is no inner product are refused.

Examples
--------
>>> _field_of([1, "1/2"], None)
('QQ', [1, 1/2])
>>> _field_of([1, 0.5], None)
('float', [1.0, 0.5])
"""

from __future__ import annotations

import numpy as np

from algnet.core.numbers import arb
from algnet.errors import ParameterError
from algnet.superposition.exact import QuadraticNumber, to_fmpq

__all__ = []


def _field_of(entries, exact):
    """'float', 'QQ' or 'Q(sqrt d)' for a flat list of entries; converts them."""
    if any(isinstance(x, arb) for x in entries):
        return "arb", [x if isinstance(x, arb) else arb(to_fmpq(x)) for x in entries]
    qn = [x for x in entries if isinstance(x, QuadraticNumber)]
    if qn and exact is not False:
        d = qn[0].d
        return f"Q(sqrt {d})", [x if isinstance(x, QuadraticNumber) else QuadraticNumber(x, 0, d) for x in entries]
    floats = any(isinstance(x, (float, np.floating)) for x in entries)
    if exact is None:
        exact = not floats
    if exact:
        out = []
        for x in entries:
            try:
                out.append(to_fmpq(x))
            except (ValueError, ZeroDivisionError):        # a string that is no number
                raise ParameterError(f"{x!r} is not a rational number",
                                     hint="write integers, decimals or p/q") from None
        return "QQ", out
    try:
        out = [float(x) for x in entries]
    except (TypeError, ValueError):
        raise ParameterError("W, b, the importances and the metric must hold numbers (W a matrix, b a vector)",
                             hint="e.g. W=[[1, -1]], b=[0, 0]") from None
    if not np.isfinite(out).all():
        raise ParameterError("W, b, the importances or the metric contain inf or nan",
                             hint="pass finite numbers (a training that diverged gives none)")
    return "float", out


def _prepare(W, b, importance, metric, exact):
    try:
        Wl = [list(r) for r in (W.tolist() if isinstance(W, np.ndarray) else W)]
        bl = list(b.tolist() if isinstance(b, np.ndarray) else b)
    except TypeError:
        raise ParameterError("W must be an (m, n) matrix and b a vector", hint="e.g. W=[[1, -1]], b=[0, 0]") from None
    if not Wl or any(len(r) != len(Wl[0]) for r in Wl) or len(bl) != len(Wl[0]):
        raise ParameterError(f"W must be (m, n) and b of length n, got {len(Wl)} rows and {len(bl)} biases",
                             hint="columns of W are the features; one bias per feature")
    m, n = len(Wl), len(Wl[0])
    if n == 0:          # an (m, 0) W: no feature, no loss (b[0] was an IndexError traceback)
        raise ParameterError(f"W has {m} rows and no column: there is no feature to analyse",
                             hint="columns of W are the features, e.g. W=[[1, -1]], b=[0, 0]")
    I = [1] * n if importance is None else list(np.asarray(importance, dtype=object).ravel())
    if len(I) != n:
        raise ParameterError(f"need {n} importances, got {len(I)}", hint="one importance per feature")
    S = [[int(p == q) for q in range(m)] for p in range(m)] if metric is None else [list(r) for r in metric]
    if len(S) != m or any(len(r) != m for r in S):
        raise ParameterError(f"metric must be {m} x {m}", hint="the Gram matrix of the hidden basis")
    flat = [x for r in Wl for x in r] + bl + I + [x for r in S for x in r]
    fname, conv = _field_of(flat, exact)
    it = iter(conv)
    Wf = [[next(it) for _ in range(n)] for _ in range(m)]
    bf = [next(it) for _ in range(n)]
    If = [next(it) for _ in range(n)]
    Sf = [[next(it) for _ in range(m)] for _ in range(m)]
    if any(x <= 0 for x in If):
        raise ParameterError("importances must be positive", hint="e.g. importance=[1, 1, 1]")
    if metric is not None:
        _check_metric(Sf, fname)
    return fname, Wf, bf, If, Sf, m, n


def _check_metric(S, fname):
    """Refuse a metric that is not symmetric positive definite (no inner product: the loss would be another one).

    Exact fields: the pivots of symmetric elimination (all leading principal minors positive, Sylvester); floats:
    the eigenvalues, relative to the largest.
    """
    m = len(S)
    if any(S[p][q] != S[q][p] for p in range(m) for q in range(p)):
        raise ParameterError("the metric is not symmetric", hint="pass the Gram matrix of the hidden basis")
    if fname == "float":
        ev = np.linalg.eigvalsh(np.array(S, dtype=float))
        if not np.isfinite(ev).all() or ev[0] <= 1e-12 * max(abs(ev[-1]), 1e-300):
            raise ParameterError(f"the metric is not positive definite (eigenvalues {ev.tolist()})",
                                 hint="pass the Gram matrix of a basis of the hidden space (positive definite)")
        return
    A = [list(r) for r in S]
    minor = A[0][0] * 0 + 1
    for c in range(m):
        minor = minor * A[c][c]
        if not A[c][c] > 0:
            raise ParameterError(f"the metric is not positive definite (leading principal minor {c + 1} is {minor})",
                                 hint="pass the Gram matrix of a basis of the hidden space (positive definite)")
        for r in range(c + 1, m):
            f = A[r][c] / A[c][c]
            A[r] = [x - f * y for x, y in zip(A[r], A[c])]
