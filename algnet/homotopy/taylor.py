"""Taylor coefficients of a homotopy's solution paths from one factorization (Taylor mode of the tape, numpy).

A parameter homotopy H(x, t) = F(x; (1 - t) p0 + t p1) is linear in t through the parameters. The path x(t + s)
through a regular point x0 at t has the expansion x0 + x1 s + x2 s^2 + ...; substituting it into H and reading the
coefficient of s^k gives ``H_x x_k + r_k = 0``, where r_k is the coefficient of s^k of H(x0 + ... + x_(k-1)
s^(k-1), p(t + s)), which the lower coefficients alone determine. So every order costs one evaluation of the tape
in truncated power-series arithmetic (:func:`series_outputs`, each register a polynomial in s of degree K) and one
solve with the same factorization of H_x (:func:`path_coefficients`): one LU for all orders, the scheme of Timme's
mixed-precision tracker (Adv. Comput. Math. 2021; the idea, not its code).

:func:`pade_predict` turns four coefficients into the Pade (2, 1) approximant of every coordinate with its pole
(the distance to the nearest singularity the series sees) and an error estimate. The prototype tracker
that uses them (``bench/_tracker_steps.py``, ``taylor_track``) and its measurements against RK4 are recorded in
``bench/bench_tracker.py``. numpy only: a reference and a prototype, not the compiled tracker's step.

Examples
--------
x^2 = 1 + t from x = 1 at t = 0: x(t) = sqrt(1 + t) = 1 + t/2 - t^2/8 + t^3/16 - 5 t^4/128.

>>> import numpy as np
>>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
>>> from algnet.homotopy.homotopies import ParameterHomotopy
>>> from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
>>> H = CompiledParameterHomotopy(ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])),
...                                                 [1.0], [2.0]))
>>> C = path_coefficients(H, np.array([[1.0 + 0j]]), np.array([0.0]), 4)
>>> (C[0, 0].real * 128).round(12).tolist()
[128.0, 64.0, -16.0, 8.0, -5.0]
"""

from __future__ import annotations

import numpy as np

from algnet.errors import ParameterError
from algnet.homotopy.tape_numpy import _levels, _program

__all__ = ["series_outputs", "path_coefficients", "pade_predict", "MAX_ORDER"]

#: the highest order :func:`path_coefficients` computes: a predictor uses 4-6, and order K costs K sweeps of
#: O(K^2) products each with registers of K + 1 coefficients per path
MAX_ORDER = 32


def _mul(a, b):
    """Truncated Cauchy product of series stacked on axis -2 (coefficients) with rows on axis -1."""
    K = a.shape[-2]
    out = np.empty(np.broadcast_shapes(a.shape, b.shape), dtype=np.complex128)
    for j in range(K):
        out[..., j, :] = np.sum(a[..., :j + 1, :] * b[..., j::-1, :], axis=-2)
    return out


def series_outputs(tape, XS, P, DP):
    """The tape's recorded outputs as truncated power series in s at x(s) = sum_k XS[:, :, k] s^k (XS: (N, n, K+1))
    and parameter registers P + s DP ((N, m) each): an (N, outputs, K+1) array, the system's after
    :meth:`~algnet.homotopy.tape.Tape.restore` (linear: applied to every coefficient).

    Examples
    --------
    (1 + s)^2 - (3 + 2 s) = -2 + 0 s + s^2:

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> series_outputs(t, np.array([[[1, 1, 0]]], complex), np.array([[3.0]]), np.array([[2.0]]))[0, 0].real.tolist()
    [-2.0, 0.0, 1.0]
    """
    XS = np.asarray(XS, dtype=np.complex128)
    if XS.ndim != 3 or XS.shape[1] != int(tape.n_vars):
        raise ParameterError(f"series_outputs: XS must be (N, {int(tape.n_vars)}, K+1), got {XS.shape}",
                             hint="stack the coefficients of x(s) on the last axis")
    N, n, K1 = XS.shape
    P = np.asarray(P, dtype=np.complex128)
    m = P.shape[1]
    reg = np.zeros((tape.values.shape[0], K1, N), dtype=np.complex128)      # (register, coefficient, row)
    reg[:, 0, :] = tape.values[:, None]
    reg[:n] = XS.transpose(1, 2, 0)
    reg[n:n + m, 0] = P.T
    if K1 > 1:
        reg[n:n + m, 1] = np.asarray(DP, dtype=np.complex128).T
    levels = _levels(tape)
    with np.errstate(invalid="ignore", over="ignore"):
        if levels is None:
            _sequential(tape, reg)
        else:
            for groups in levels:
                for op, c, a, b, _ in groups:
                    if op == 2:
                        reg[c] = _mul(reg[a], reg[b])
                    elif op == 3:
                        used, C, q, q2, cq, S = a
                        acc = (C @ reg[used].reshape(used.size, K1 * N)).reshape(c.size, K1, N)
                        if q.size:
                            prod = cq[:, :, None] * _mul(reg[q], reg[q2])
                            acc += (S @ prod.reshape(q.size, K1 * N)).reshape(c.size, K1, N)
                        reg[c] = acc
                    elif op == 0:
                        reg[c] = reg[a] + reg[b]
                    else:
                        reg[c] = reg[a] - reg[b]
    out = reg[tape.outputs].transpose(2, 0, 1)          # (N, outputs, K+1)
    T = tape.transform
    return out if T is None else np.einsum("ij,njk->nik", T, out)


def _sequential(tape, reg):
    """The instructions one at a time (a tape that writes a register twice)."""
    for op, a, b, c, _, _, extra in _program(tape):
        if op == 2:
            reg[c] = _mul(reg[a], reg[b])
        elif op == 3:
            r, co, q, q2, cq = extra
            acc = np.tensordot(co, reg[r], axes=(0, 0)) if r.size else np.zeros(reg.shape[1:], np.complex128)
            if q.size:
                acc = acc + np.tensordot(cq, _mul(reg[q], reg[q2]), axes=(0, 0))
            reg[c] = acc
        elif op == 0:
            reg[c] = reg[a] + reg[b]
        else:
            reg[c] = reg[a] - reg[b]


def path_coefficients(H, X, T, K, idx=None, J=None):
    """Taylor coefficients x_0 .. x_K of the paths of the tape-evaluated parameter homotopy ``H``
    (:class:`~algnet.homotopy.compiled_homotopy.CompiledParameterHomotopy` or its numpy twin) through the rows of X
    at times T: an (N, n, K+1) array, expansion in s = t' - t. One LU of H_x (``J``, (N, n, n), if given: e.g. a
    Jacobian near X whose factorization exists) serves every order; order k costs one :func:`series_outputs` of
    order k.

    Examples
    --------
    x^2 = p along p = 4 + 5 t at x = 2: x' = 5 / (2 x) = 5/4, x'' / 2 = -x'^2 / (2 x) = -25/64.

    >>> import numpy as np
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
    >>> H = CompiledParameterHomotopy(ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])),
    ...                                                 [4.0], [9.0]))
    >>> C = path_coefficients(H, np.array([[2.0 + 0j]]), np.array([0.0]), 2)
    >>> (C[0, 0].real * 64).tolist()
    [128.0, 80.0, -25.0]
    """
    if not 1 <= int(K) <= MAX_ORDER:
        raise ParameterError(f"path_coefficients: order K must be in 1..{MAX_ORDER}, got {K}",
                             hint="K = 4 for a Pade (2, 1)")
    X = np.ascontiguousarray(X, dtype=np.complex128)
    T = np.asarray(T, dtype=float)
    N, n = X.shape
    P, DP = H._path_parameters(N, T, idx)
    if J is None:
        _, J, _ = H.evaluate(X, T, idx)
    C = np.zeros((N, n, int(K) + 1), dtype=np.complex128)
    C[:, :, 0] = X
    for k in range(1, int(K) + 1):
        r = series_outputs(H.tape, C[:, :, :k + 1], P, DP)[:, :, k]
        C[:, :, k] = -np.linalg.solve(J, r[:, :, None])[:, :, 0]
    return C


def pade_predict(C, s, tiny=1e-13):
    """The Pade (2, 1) approximant of every coordinate from the coefficients C (N, n, >= 5), evaluated at steps s
    (N,): (prediction (N, n), pole distance (N,), error coefficient (N,)). Per coordinate x0 + x1 s + x2 s^2 +
    x3 s^3 ~ (a0 + a1 s + a2 s^2) / (1 + b s), b = -x3 / x2, its pole at ``1 / abs(b)``; the error of the
    approximant is about ``abs(x4 + b x3) s^4`` (the first coefficient it misses), reported as the max over
    coordinates. Where ``abs(x2)`` is below ``tiny (1 + abs(x0))`` the coordinate falls back to the Taylor
    polynomial of order 4 (no pole).

    Examples
    --------
    x = 1 / (1 - s) (coefficients all 1) is its own Pade (2, 1): pole at 1, no error.

    >>> import numpy as np
    >>> x, pole, err = pade_predict(np.ones((1, 1, 5), complex), np.array([0.5]))
    >>> x.real.tolist(), pole.tolist(), err.tolist()
    ([[2.0]], [1.0], [0.0])
    """
    C = np.asarray(C, dtype=np.complex128)
    s = np.asarray(s, dtype=float)[:, None]
    x0, x1, x2, x3, x4 = (C[:, :, k] for k in range(5))
    scale = tiny * (1 + np.abs(x0))
    use = np.abs(x2) > scale
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(use, -x3 / np.where(use, x2, 1), 0)
        pade = (x0 + (x1 + b * x0) * s + (x2 + b * x1) * s * s) / (1 + b * s)
        taylor = x0 + s * (x1 + s * (x2 + s * (x3 + s * x4)))
        pole = np.where(np.abs(b) > 0, 1 / np.abs(b), np.inf).min(axis=1)
    pred = np.where(use, pade, taylor)
    err = np.where(use, np.abs(x4 + b * x3), np.abs(x4)).max(axis=1)
    return pred, pole, err
