"""The 1-sparse loss L_1 and the zero-input loss L_0 in closed form, with exact gradient and Hessian.

For data with sparsity S the toy model's loss splits by the number of active
features, L = S^n L_0 + (1 − S) S^{n−1} L_1 + (terms with ≥ 2 active
features), and as S → 1 the first two dominate (J. Pfeifle, talk "Toy models of superposition", 2022; Elhage
et al. 2022). With one active feature x_i ~ U[0, 1] the output is
x'_j = ReLU((w_j·w_i) x_i + b_j), so

    L_1 = Σ_i I_i ∫_0^1 (x − ReLU(‖w_i‖² x + b_i))² dx + Σ_{i≠j} I_j ∫_0^1 ReLU((w_i·w_j) x + b_j)² dx,
    L_0 = Σ_i I_i ReLU(b_i)²,

a piecewise rational function of (W, b) (:mod:`~algnet.superposition.pieces`).
:func:`loss1_analysis` evaluates it with its gradient and Hessian on the
piece containing the point, over an exact field (QQ for rational weights,
Q(√d) for the regular polygons: see :func:`polygon_analysis`) or over the
floats, and decides

* stationarity (exact: the gradient is zero or not),
* the second-order test modulo the O(m) symmetry W → QW: the Hessian's
  inertia is computed exactly (Sylvester); the orbit's tangent directions
  (AW, A skew) are checked to lie in its kernel; a positive semidefinite
  Hessian whose kernel is exactly these directions proves a *strict local
  minimum modulo O(m)* (Morse–Bott on a slice), a negative eigenvalue
  proves *not a local minimum*; an exact value 0 proves a *global minimum*
  (F is a sum of non-negative terms); anything else is inconclusive.

Optionally the problem is restricted to the Thomson regime of Pfeifle's talk: unit
norms ‖w_i‖ = 1 and fixed biases (``unit_norm=True, fix_bias=True``); the
test then uses the tangent space of the product of spheres and the
Hessian of the Lagrangian.

Where a term is not twice differentiable (an interference term with
w_i·w_j = 0 and b_j = 0; L_0 at b_i = 0) it is non-negative with value
and gradient 0, so L ≥ L − term with equality at the point: the term is
dropped from the Hessian and a strict minimum of the rest still proves one
of L (``dropped_terms`` lists them); a negative direction then proves
nothing.

Examples
--------
>>> from fractions import Fraction as F
>>> W = [[1, -1]]                                   # antipodal pair in R^1
>>> r = loss1_analysis(W, [0, 0])
>>> r.value, r.stationary, r.verdict
(0, True, 'strict local minimum')
>>> r.evidence.certified
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.errors import ParameterError
from algnet.evidence import Evidence
from algnet.superposition.exact import QuadraticNumber, inertia, nullspace, polygon_coordinates, to_fmpq
from algnet.superposition.loss1_formula import _gram, loss0, loss1, loss1_derivatives, loss1_terms
from algnet.superposition.loss1_input import _field_of
from algnet.superposition.results import EvidenceResult

__all__ = ["loss1", "loss0", "loss1_terms", "gram_coordinates", "Loss1Analysis", "loss1_analysis",
           "polygon_analysis", "loss1_derivatives"]


def _symmetry_directions(W, S, m, n):
    """Tangent vectors of the O(m)-orbit in the coordinates of W: dW = S^{-1} A W, A skew (b fixed)."""
    Sinv = _inverse(S)
    out = []
    for p in range(m):
        for q in range(p + 1, m):
            # S^{-1} (E_pq − E_qp) W: column j is S^{-1}[:, p] W[q][j] − S^{-1}[:, q] W[p][j]
            v = []
            for j in range(n):
                for r in range(m):
                    v.append(Sinv[r][p] * W[q][j] - Sinv[r][q] * W[p][j])
            v += [W[0][0] * 0] * n
            out.append(v)
    return out


def _inverse(S):
    m = len(S)
    aug = [list(S[i]) + [S[0][0] * 0 + int(i == j) for j in range(m)] for i in range(m)]
    for c in range(m):
        p = next(r for r in range(c, m) if aug[r][c] != 0)
        aug[c], aug[p] = aug[p], aug[c]
        inv = 1 / aug[c][c]
        aug[c] = [x * inv for x in aug[c]]
        for r in range(m):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [x - f * y for x, y in zip(aug[r], aug[c])]
    return [row[m:] for row in aug]


def _rank(vectors) -> int:
    if not vectors:
        return 0
    return len(vectors[0]) - len(nullspace(vectors)) if vectors else 0


def _matvec(H, v):
    z = v[0] * 0
    return [sum((h * x for h, x in zip(row, v)), z) for row in H]


def _finite(x):
    """``float(x)``, or None beyond float64 (JSON has no infinity; an exact value near 1e400 overflowed)."""
    try:
        v = float(x)
    except OverflowError:
        return None
    return v if np.isfinite(v) else None


@dataclass(frozen=True, eq=False)
class Loss1Analysis(EvidenceResult):
    """Stationarity and the second-order test of F = L_1 (+ λ L_0) at one point.

    Attributes
    ----------
    field : str
        ``QQ``, ``Q(sqrt d)`` (exact) or ``float`` (numerical).
    value : field element
        F at the point (exact in an exact field).
    gradient : list
        dF in the parameters (w_0, ..., w_{n−1}, b) — in the free directions
        when the problem is restricted (``constraint``).
    gradient_norm : float
        Euclidean norm of ``gradient`` (as a float).
    stationary : bool
        Exact fields: the gradient is exactly 0. Floats: norm below ``tol``.
    inertia : tuple or None
        (positive, zero, negative) eigenvalue counts of the (reduced) Hessian.
    symmetry_dimension : int
        Dimension of the O(m)-orbit's tangent space (checked to lie in the kernel).
    verdict : str
        ``strict local minimum`` (modulo O(m)), ``not a local minimum``,
        ``not a critical point``, ``inconclusive (...)``.
    dropped_terms : tuple of str
        Non-negative terms with value and gradient 0 left out of the Hessian (lower-bound argument).
    constraint : str
        ``none``, or the restriction (``unit norms``, ``fixed biases``).
    evidence : Evidence

    Examples
    --------
    >>> r = loss1_analysis([[1, -1]], [0, 0])
    >>> r.inertia, r.as_dict()["certified"]
    ((4, 0, 0), True)
    """

    field: str
    value: object
    gradient: list
    gradient_norm: float
    stationary: bool
    inertia: tuple | None
    symmetry_dimension: int
    verdict: str
    dropped_terms: tuple
    constraint: str
    m: int
    n: int
    l0_weight: float
    evidence: Evidence = field(repr=False)
    hessian_eigenvalues: tuple = field(default=(), repr=False)

    def _fields(self) -> dict:
        exact = self.field != "float"
        return {"field": self.field, "m": self.m, "n": self.n, "l0_weight": self.l0_weight,
                "value": str(self.value) if exact else float(self.value), "value_float": _finite(self.value),
                "gradient": [str(x) if exact else float(x) for x in self.gradient],
                "gradient_norm": _finite(self.gradient_norm), "stationary": self.stationary,
                "inertia": list(self.inertia) if self.inertia else None,
                "symmetry_dimension": self.symmetry_dimension, "verdict": self.verdict,
                "dropped_terms": list(self.dropped_terms), "constraint": self.constraint,
                "hessian_eigenvalues": [float(x) for x in self.hessian_eigenvalues]}

    def __repr__(self) -> str:
        return (f"Loss1Analysis({self.field}, n={self.n}, m={self.m}, F={float(self.value):.6g}, "
                f"stationary={self.stationary}, inertia={self.inertia}, symmetry={self.symmetry_dimension}, "
                f"{self.verdict!r}, {self.evidence.status})")


def _tangent_basis(d, unit_norm, fix_bias):
    """Basis (list of N-vectors) of the free directions, or None for all directions."""
    m, n, W, S = d["m"], d["n"], d["W"], d["metric"]
    if not unit_norm and not fix_bias:
        return None
    N = m * n + n
    z = W[0][0] * 0
    T = []
    for i in range(n):
        if unit_norm:
            Swi = [sum((S[p][q] * W[q][i] for q in range(m)), z) for p in range(m)]
            local = nullspace([Swi]) if d["field"] != "float" else list(_float_null(np.array([Swi], float)))
        else:
            local = [[z + int(p == q) for q in range(m)] for p in range(m)]
        for v in local:
            e = [z] * N
            for p in range(m):
                e[i * m + p] = z + v[p]
            T.append(e)
    if not fix_bias:
        for j in range(n):
            e = [z] * N
            e[m * n + j] = z + 1
            T.append(e)
    return T


def _float_null(A, rtol=1e-12):
    u, s, vt = np.linalg.svd(A)
    r = int((s > rtol * max(s.max(), 1.0)).sum())
    return vt[r:]


#: largest number of parameters m n + n analysed exactly without ``force`` (the inertia costs ~N³/3 exact operations)
MAX_EXACT_PARAMETERS = 300


def check_l0_weight(l0_weight, option: str = "l0_weight"):
    """Refuse a negative λ in F = L_1 + λ L_0 (ParameterError): λ = S / (1 − S) is at least 0 for every sparsity
    S in [0, 1), and a negative λ rewards active features at zero input, the opposite of the model; returns λ.

    Examples
    --------
    >>> check_l0_weight("9")
    9
    >>> check_l0_weight(-1)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: l0_weight -1 is negative: λ = S / (1 - S) >= 0 for every sparsity S in [0, 1)
      hint: l0_weight=9 (sparsity S = 0.9), or 0 for L_1 alone
    """
    from algnet.errors import ParameterError

    try:
        lam = to_fmpq(l0_weight) if not isinstance(l0_weight, float) else l0_weight
        negative = lam < 0
    except (TypeError, ValueError, ZeroDivisionError):
        raise ParameterError(f"{option} {l0_weight!r} is not a rational number", hint=f"{option}=9 (S = 0.9)") from None
    if negative:
        sep = " " if option.startswith("-") else "="
        raise ParameterError(f"{option} {l0_weight} is negative: λ = S / (1 - S) >= 0 for every sparsity S in "
                             "[0, 1)", hint=f"{option}{sep}9 (sparsity S = 0.9), or 0 for L_1 alone")
    return lam


def loss1_analysis(W, b, importance=None, *, metric=None, exact=None, l0_weight=0, unit_norm=False,
                   fix_bias=False, tol: float = 1e-8, force: bool = False) -> Loss1Analysis:
    """Is (W, b) a critical point of L_1 (+ λ L_0), and a strict local minimum modulo O(m)?

    Parameters
    ----------
    W, b : matrix (m x n) and vector (n)
        Rational entries (int, Fraction, fmpq, "p/q") → exact over QQ;
        :class:`~algnet.superposition.exact.QuadraticNumber` entries → exact
        over Q(√d); floats → numerical (or exact at their binary values
        with ``exact=True``).
    importance : vector, optional
        I_i (default 1).
    metric : (m, m) matrix, optional
        Gram matrix of the basis in which W is written (default identity);
        see :func:`polygon_analysis`.
    exact : bool, optional
        Force the field (default: exact iff no float entries).
    l0_weight : rational
        λ in F = L_1 + λ L_0 (the S → 1 loss up to the factor (1 − S) S^(n−1): λ = S / (1 − S)).
    unit_norm, fix_bias : bool
        Restrict to ‖w_i‖ = 1 and/or fixed b (the Thomson regime uses both).
    tol : float
        Numerical route only: gradient norm and eigenvalue threshold (relative to the largest).
    force : bool
        Analyse exactly even beyond :data:`MAX_EXACT_PARAMETERS` parameters.

    Returns
    -------
    Loss1Analysis

    Raises
    ------
    TooLargeError
        Exact analysis of more than :data:`MAX_EXACT_PARAMETERS` parameters (estimate in ``parameters``).

    Examples
    --------
    >>> r = loss1_analysis([[1, 1]], [0, 0])      # two features on one line
    >>> r.stationary, r.verdict
    (False, 'not a critical point')
    >>> polygon_analysis(5, unit_norm=True, fix_bias=True).verdict
    'strict local minimum'
    """
    t0 = time.perf_counter()
    check_l0_weight(l0_weight)
    shape = np.shape(W)
    N = shape[0] * shape[1] + shape[1] if len(shape) == 2 else 0
    from algnet.guards import check_flag

    force = check_flag(force)        # a string such as "no" is bad input, not a request
    if N > MAX_EXACT_PARAMETERS and not force and exact is not False:
        fname0 = _field_of([x for r in np.asarray(W, dtype=object).tolist() for x in r] + list(b), exact)[0]
        if fname0 != "float":
            from algnet.errors import TooLargeError

            raise TooLargeError(f"exact Hessian inertia of {N} parameters (~{N ** 3 // 3:.2e} exact operations)",
                                hint="use exact=False (numerical, --json shows eigenvalues) or force=True",
                                parameters=N)
    try:
        d = loss1_derivatives(W, b, importance, metric, exact, l0_weight)
        finite = d["field"] != "float" or bool(np.isfinite(np.array([d["value"]] + list(d["gradient"]) + [
            x for row in (d["hessian"] or []) for x in row], dtype=float)).all())
    except OverflowError:
        finite = False
    if not finite:      # weights near 1e300: the float loss, gradient or Hessian overflowed (a traceback, or inf)
        from algnet.errors import NumericalError

        raise NumericalError("the loss, its gradient or its Hessian overflows float64 at these weights",
                             hint="rescale the weights, or analyse them exactly at their binary values (exact=True)")
    m, n, fname = d["m"], d["n"], d["field"]
    T = _tangent_basis(d, unit_norm, fix_bias)
    if unit_norm:
        G, _ = _gram(d["W"], d["metric"], m, n)
        bad = [i for i in range(n) if (abs(G[i][i] - 1) > 1e-9 if fname == "float" else G[i][i] != 1)]
        if bad:
            raise ParameterError(f"unit_norm=True but features {bad} do not have norm 1",
                                 hint="normalise W (exactly, for an exact test) or drop unit_norm")
    constraint = ", ".join(x for x, on in (("unit norms", unit_norm), ("fixed biases", fix_bias)) if on) or "none"
    grad = d["gradient"] if T is None else [sum((x * y for x, y in zip(t, d["gradient"])), d["value"] * 0)
                                             for t in T]
    try:
        gnorm = float(np.sqrt(sum(float(x) ** 2 for x in grad)))
    except OverflowError:       # an exact gradient beyond float64 (weights near 1e300 analysed exactly)
        gnorm = float("inf")
    stationary = gnorm <= tol if fname == "float" else all(x == 0 for x in grad)
    sym = _symmetry_directions(d["W"], d["metric"], m, n)
    sym_dim = _rank(sym) if fname != "float" else int(np.linalg.matrix_rank(np.array(sym, float))) if sym else 0
    inert, eigs, verdict = None, (), None
    if not d["smooth"]:
        verdict = "inconclusive (not differentiable: an unrepresented feature with bias 0)"
    elif not stationary:
        verdict = "not a critical point"
    else:
        H = d["hessian"]
        if unit_norm:  # Hessian of the Lagrangian: H − Σ μ_i 2S on block i, μ_i = (∇_{w_i} F · w_i) / 2
            H = [row[:] for row in H]
            for i in range(n):
                mu = sum((d["gradient"][i * m + p] * d["W"][p][i] for p in range(m)), d["value"] * 0) / 2
                for p in range(m):
                    for q in range(m):
                        H[i * m + p][i * m + q] = H[i * m + p][i * m + q] - 2 * mu * d["metric"][p][q]
        if T is None:
            Hr = H
        else:
            HT = [_matvec(H, s) for s in T]
            Hr = [[sum((x * y for x, y in zip(t, hs)), d["value"] * 0) for hs in HT] for t in T]
        for v in sym:  # the orbit directions must be in the kernel (restricted to the free directions)
            Hv = _matvec(H, v)
            res = Hv if T is None else [sum((x * y for x, y in zip(t, Hv)), d["value"] * 0) for t in T]
            if fname != "float" and any(x != 0 for x in res):
                raise AssertionError("an O(m) orbit direction is not in the Hessian kernel")  # pragma: no cover
        if not Hr:  # no free direction (unit norms in m = 1 with fixed biases): an isolated feasible point
            inert, eigs = (0, 0, 0), ()
        elif fname == "float":
            eigs = tuple(np.linalg.eigvalsh(np.array(Hr, float)))
            scale = max(1.0, max(abs(e) for e in eigs))
            inert = (int(sum(e > tol * scale for e in eigs)), int(sum(abs(e) <= tol * scale for e in eigs)),
                     int(sum(e < -tol * scale for e in eigs)))
        else:
            inert = inertia(Hr)
            eigs = tuple(np.linalg.eigvalsh(np.array([[float(x) for x in r] for r in Hr], float)))
        pos, zero, neg = inert
        if neg == 0 and zero == sym_dim:
            verdict = "strict local minimum"
        elif neg > 0 and not d["dropped"]:
            verdict = "not a local minimum"
        elif neg > 0:
            verdict = "inconclusive (negative direction, but non-smooth terms were dropped)"
        else:
            verdict = f"inconclusive (degenerate: kernel {zero} > symmetry {sym_dim})"
    exact_field = fname != "float"
    if exact_field and d["value"] == 0 and to_fmpq(l0_weight) >= 0 and verdict.startswith("inconclusive"):
        # F is a sum of non-negative terms (importances > 0, λ >= 0): its exact value 0 is its least value
        verdict = ("global minimum (F = 0, its least value" + (f"; not shown strict: {verdict[14:-1]})"
                                                               if "degenerate" in verdict else ")"))
    where = f"F = L_1{' + ' + str(l0_weight) + ' L_0' if l0_weight else ''}" + (
        f" restricted to {constraint}" if constraint != "none" else "")
    proves = (f"{where}: {'critical point' if stationary else 'not a critical point'}"
              + (f"; Hessian inertia {inert} with an orbit of dimension {sym_dim}: {verdict}" if inert else
                 (f"; {verdict}" if verdict != "not a critical point" else "")))
    ev = Evidence(method=("closed-form L_1 on its ReLU piece, exact arithmetic over " + fname
                          + "; Hessian inertia by symmetric elimination (Sylvester)") if exact_field else
                  "closed-form L_1 on its ReLU piece in floating point; eigenvalues by numpy",
                  certified=exact_field, proves=proves if exact_field else "numerical: " + proves,
                  seconds=time.perf_counter() - t0)
    return Loss1Analysis(fname, d["value"], grad, gnorm, bool(stationary), inert, sym_dim, verdict,
                         tuple(d["dropped"]), constraint, m, n, float(l0_weight), ev, eigs)


def gram_coordinates(G):
    """Coordinates and metric of a configuration given only by its exact Gram matrix G = WᵀW.

    A maximal independent set B of columns is a basis of the span; with Σ = G[B, B]
    and X = Σ⁻¹ G[B, :] one has Xᵀ Σ X = G, so ``loss1_analysis(X, b, metric=Σ)``
    analyses every W with this Gram matrix (all of them are one O(m)-orbit).
    Entries may be rational or :class:`~algnet.superposition.exact.QuadraticNumber`.

    Examples
    --------
    >>> X, S = gram_coordinates([[2, -2, 0], [-2, 2, 0], [0, 0, 1]])
    >>> X, S
    ([[1, -1, 0], [0, 0, 1]], [[2, 0], [0, 1]])
    """
    Gl = [[x if isinstance(x, QuadraticNumber) else to_fmpq(x) for x in row] for row in G]
    n = len(Gl)
    if any(len(r) != n for r in Gl) or any(Gl[i][j] != Gl[j][i] for i in range(n) for j in range(i)):
        raise ParameterError("G must be a symmetric n x n matrix", hint="pass the Gram matrix W^T W")
    basis = []
    for j in range(n):
        trial = basis + [j]
        sub = [[Gl[a][c] for c in trial] for a in trial]
        if not nullspace(sub):
            basis = trial
    if not basis:
        raise ParameterError("G is zero", hint="no feature is represented")
    S = [[Gl[a][c] for c in basis] for a in basis]
    k = len(basis)
    if inertia(S) != (k, 0, 0):
        raise ParameterError("G is not positive semidefinite (not a Gram matrix)", hint="pass W^T W of real vectors")
    Sinv = _inverse(S)
    z = Gl[0][0] * 0
    X = [[sum((Sinv[p][q] * Gl[basis[q]][j] for q in range(k)), z) for j in range(n)] for p in range(k)]
    Gx, _ = _gram(X, S, k, n)
    if any(Gx[i][j] != Gl[i][j] for i in range(n) for j in range(n)):
        raise ParameterError("G is not a Gram matrix (rank larger than its independent columns show)",
                             hint="pass W^T W of real feature vectors")
    return X, S


def polygon_analysis(N: int, radius2=1, bias=0, **kwargs) -> Loss1Analysis:
    """:func:`loss1_analysis` of the regular N-gon (norms² ``radius2``, all biases ``bias``), exactly.

    The vertices are written in the basis (w_0, w_1) with its Gram matrix as
    ``metric`` (:func:`~algnet.superposition.exact.polygon_coordinates`), so the
    arithmetic stays in Q(cos 2π/N): exact for N in {2, 3, 4, 5, 6, 8, 10, 12}.

    Examples
    --------
    >>> r = polygon_analysis(5, unit_norm=True, fix_bias=True)    # the Thomson regime
    >>> r.field, r.stationary, r.inertia
    ('Q(sqrt 5)', True, (4, 1, 0))
    """
    X, S = polygon_coordinates(N, radius2)
    z = S[0][0] * 0
    return loss1_analysis(X, [z + to_fmpq(bias)] * N, metric=S, **kwargs)
