"""Rigorous certificates for the optimal regular polygon of L_1 (ball arithmetic).

All importances are 1 here. The regular N-gon with norms² ρ and biases β minimising L_1 + λ L_0 has
irrational (ρ*, β*) (roots of polynomial systems over Q(cos 2π/N)), so it
cannot be tested over QQ or Q(√d). It is certified instead with flint's
``arb`` balls, in three steps:

1. **Existence.** On the two-parameter family of regular N-gons, F(ρ, β) =
   N h(ρ, β) + N Σ_{k=1}^{N−1} g(ρ cos(2πk/N), β) (+ λ N ReLU(β)²). The
   Krawczyk operator of ∇F on a small box X around a float Newton solution
   is computed in ball arithmetic; K(X) ⊂ int X proves that ∇F has exactly
   one zero (ρ*, β*) in X.
2. **Criticality in all parameters.** The family is the fixed-point set of
   the dihedral group acting by rotating/reflecting the plane and permuting
   features, which leaves L_1 invariant; by the principle of symmetric
   criticality (Palais 1979) a critical point of the restriction is a
   critical point of L_1 in all n·m + n parameters.
3. **Strict minimum modulo O(2).** The full Hessian is enclosed over the box
   (so it encloses the Hessian at the critical point); the coordinate with
   the largest component of the rotation direction is deleted (a complement
   of the orbit direction, which lies in the kernel by invariance) and the
   remaining matrix is proved positive definite by a symmetric elimination
   whose pivots are certainly positive (Sylvester's criterion).

The ReLU pieces of every term are decided with certain signs on the box;
otherwise :class:`~algnet.errors.NumericalError` is raised.

Examples
--------
>>> c = certify_polygon_minimum(5)
>>> c.certified, c.verdict
(True, 'strict local minimum')
>>> 1.36 < float(c.rho.mid()) < 1.38 and -0.29 < float(c.beta.mid()) < -0.27
True
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from algnet.core.numbers import arb
from algnet.errors import NumericalError, ParameterError
from algnet.evidence import Evidence
from algnet.superposition import pieces
from algnet.superposition.loss1 import check_l0_weight, loss1_derivatives
from algnet.superposition.results import EvidenceResult

__all__ = ["PolygonCertificate", "certify_polygon_minimum", "polygon_family", "SumCertificate", "certify_polygon_sum"]


def polygon_family(rho, beta, N: int, l0_weight=0):
    """F(ρ, β) of the regular N-gon with its gradient and Hessian in (ρ, β) (any field with cos given).

    Returns ``(value, (F_ρ, F_β), ((F_ρρ, F_ρβ), (F_ρβ, F_ββ)))``; works over floats and ``arb``.

    Examples
    --------
    >>> round(polygon_family(1.0, 0.0, 5)[0], 6)      # 10 pairs at cos 72°, each (cos 72°)²/3
    0.318305
    """
    from algnet.errors import NonSmoothPointError

    if isinstance(rho, arb):
        cos = [(arb.pi() * 2 * k / N).cos() for k in range(1, N)]
    else:
        cos = [math.cos(2 * math.pi * k / N) for k in range(1, N)]
    hv, hd, hh = pieces.h(rho, beta)
    if hd is None or hh is None:
        raise NonSmoothPointError(f"the regular {N}-gon with beta = {beta} is not twice differentiable",
                                  hint="use a nonzero bias")
    val, gr, gb = hv * N, hd[0] * N, hd[1] * N
    hrr, hrb, hbb = hh[0] * N, hh[1] * N, hh[2] * N
    for c in cos:
        v, d1, d2 = pieces.g(rho * c, beta)
        if d2 is None:
            raise NonSmoothPointError(f"the regular {N}-gon with beta = {beta} is not twice differentiable",
                                      hint="use a nonzero bias")
        val, gr, gb = val + N * v, gr + N * c * d1[0], gb + N * d1[1]
        hrr, hrb, hbb = hrr + N * c * c * d2[0], hrb + N * c * d2[1], hbb + N * d2[2]
    if l0_weight and beta > 0:
        val, gb, hbb = val + l0_weight * N * beta * beta, gb + 2 * l0_weight * N * beta, hbb + 2 * l0_weight * N
    return val, (gr, gb), ((hrr, hrb), (hrb, hbb))


@dataclass(frozen=True, eq=False)
class PolygonCertificate(EvidenceResult):
    """A certified critical point (ρ*, β*) of L_1 (+ λ L_0) on regular N-gons, and its type.

    Attributes
    ----------
    N : int
    rho, beta : arb
        Balls containing the unique critical norm² and bias of the family in the Krawczyk box.
    value : arb
        Enclosure of L_1 (+ λ L_0) at the critical point.
    min_pivot : float
        Lower bound of the smallest pivot of the reduced Hessian (> 0 for a minimum).
    verdict : str
        ``strict local minimum`` (modulo O(2)) or ``critical point (second-order test inconclusive)``.
    evidence : Evidence

    Examples
    --------
    >>> c = certify_polygon_minimum(6)
    >>> c.verdict, c.as_dict()["certified"]
    ('strict local minimum', True)
    """

    N: int
    l0_weight: float
    rho: arb
    beta: arb
    value: arb
    min_pivot: float
    verdict: str
    evidence: Evidence = field(repr=False)

    def _fields(self) -> dict:
        return {"N": self.N, "l0_weight": self.l0_weight, "rho": str(self.rho), "beta": str(self.beta),
                "rho_float": float(self.rho.mid()), "beta_float": float(self.beta.mid()),
                "value": str(self.value), "min_pivot": self.min_pivot, "verdict": self.verdict}


def _on_a_kink(N, r0, b0, l0_weight) -> NumericalError:
    """The refusal when the family's optimum lies where a ReLU term changes piece, with the exact route."""
    from fractions import Fraction

    R, B = Fraction(float(r0)).limit_denominator(1000), Fraction(float(b0)).limit_denominator(1000)
    lam = f" --l0-weight {l0_weight}" if l0_weight else ""
    return NumericalError(
        f"the optimal regular {N}-gon of the family (norm^2 ~ {float(r0):.6g}, bias ~ {float(b0):.3g}) lies where a "
        "ReLU term of L_1 changes piece (a bias 0, or features at right angles): a certificate in ball arithmetic "
        "needs every piece determined",
        hint=f"analyse the nearby rational point (norm^2 {R}, bias {B}) exactly with polygon_analysis (CLI: algnet "
             f"superposition loss1 --polygon {N} --radius2 {R} --bias={B}{lam})")


def _newton(N, l0_weight, rho=1.1, beta=-0.2, steps=60):
    for _ in range(steps):
        _, g, H = polygon_family(rho, beta, N, l0_weight)
        d = np.linalg.solve(np.array(H, float), np.array(g, float))
        rho, beta = rho - d[0], beta - d[1]
        if np.linalg.norm(d) < 1e-15:
            break
    return rho, beta


def _positive_definite(H):
    """Smallest pivot lower bound of a symmetric elimination in ball arithmetic (None if not certain)."""
    A = [row[:] for row in H]
    n = len(A)
    low = math.inf
    for p in range(n):
        d = A[p][p]
        if not d > 0:
            return None
        low = min(low, float(d.lower()))
        for i in range(p + 1, n):
            f = A[i][p] / d
            for j in range(p + 1, n):
                A[i][j] = A[i][j] - f * A[p][j]
    return low


def certify_polygon_minimum(N: int = 5, l0_weight=0, radius: float = 1e-10) -> PolygonCertificate:
    """Certify the regular N-gon critical point of L_1 + λ L_0 and whether it is a strict local minimum.

    Parameters
    ----------
    N : int
        Number of features (a regular N-gon in R², N >= 3).
    l0_weight : float
        λ (the critical β is negative for the pentagon, where L_0 vanishes).
    radius : float
        Half-width of the Krawczyk box around the float solution.

    Returns
    -------
    PolygonCertificate
        ``certified=True`` when the three steps of the module docstring succeed.

    Raises
    ------
    NumericalError
        When the box cannot be certified (Krawczyk inclusion fails or a ReLU piece is undecided).

    Examples
    --------
    >>> c = certify_polygon_minimum(7)
    >>> c.verdict, round(float(c.beta.mid()), 4)
    ('strict local minimum', -0.9669)
    """
    if not isinstance(N, int) or N < 3:
        raise ParameterError(f"N must be an integer >= 3, got {N!r}", hint="e.g. N=5 (pentagon)")
    check_l0_weight(l0_weight)
    t0 = time.perf_counter()
    r0, b0 = _newton(N, float(l0_weight))
    mid = [arb(r0), arb(b0)]
    X = [arb(r0, radius), arb(b0, radius)]
    try:
        _, gm, _ = polygon_family(mid[0], mid[1], N, l0_weight)
        _, _, J = polygon_family(X[0], X[1], N, l0_weight)
    except NumericalError:
        raise _on_a_kink(N, r0, b0, l0_weight) from None
    Jm = np.array(polygon_family(r0, b0, N, float(l0_weight))[2], float)
    Y = np.linalg.inv(Jm)
    K = []
    for i in range(2):
        k = mid[i] - sum(arb(Y[i][j]) * gm[j] for j in range(2))
        for j in range(2):
            c = (1 if i == j else 0) - sum(arb(Y[i][l]) * J[l][j] for l in range(2))
            k = k + c * (X[j] - mid[j])
        K.append(k)
    if not all(K[i].lower() > X[i].lower() and K[i].upper() < X[i].upper() for i in range(2)):
        raise NumericalError(f"Krawczyk test failed for the {N}-gon near rho={r0}, beta={b0}",
                             hint="try a larger or smaller radius")
    rho, beta = K
    angles = [arb.pi() * 2 * k / N for k in range(N)]
    s = rho.sqrt()
    W = [[s * a.cos() for a in angles], [s * a.sin() for a in angles]]
    d = loss1_derivatives(W, [beta] * N, l0_weight=l0_weight)
    if not d["smooth"] or d["dropped"]:
        raise NumericalError("the polygon is at a non-smooth point of L_1", hint="no certificate")
    H = d["hessian"]
    v = [-W[1][j // 2] if j % 2 == 0 else W[0][j // 2] for j in range(2 * N)]   # rotation direction
    drop = int(np.argmax([abs(float(x.mid())) for x in v]))
    keep = [u for u in range(len(H)) if u != drop]
    low = _positive_definite([[H[u][w] for w in keep] for u in keep])
    verdict = "strict local minimum" if low is not None else "critical point (second-order test inconclusive)"
    proves = (f"the regular {N}-gon with norm^2 in {rho} and bias in {beta} is a critical point of "
              f"L_1{' + ' + str(l0_weight) + ' L_0' if l0_weight else ''}"
              + (" and a strict local minimum modulo O(2)" if low is not None else ""))
    ev = Evidence(method="Krawczyk interval Newton on the polygon family (arb), symmetric criticality "
                         "(dihedral invariance), Sylvester criterion on the Hessian enclosure",
                  certified=True, proves=proves, seconds=time.perf_counter() - t0)
    return PolygonCertificate(N, float(l0_weight), rho, beta, d["value"], low if low is not None else float("nan"),
                              verdict, ev)


@dataclass(frozen=True, eq=False)
class SumCertificate(EvidenceResult):
    """The direct sum of ``copies`` optimal regular N-gons (plus ``extra_dims`` free dimensions) for L_1.

    Attributes
    ----------
    N, copies, extra_dims : int
    m : int
        Hidden dimension 2 · copies + extra_dims.
    critical : bool
        Certified critical point of L_1 (always True when returned).
    curvature : arb
        Enclosure of vᵀ H v for the unit direction ``direction`` (float eigenvector of the
        most negative float eigenvalue).
    direction : numpy.ndarray
    verdict : str
        ``not a local minimum`` when the curvature is certainly negative, else ``inconclusive``.
    evidence : Evidence

    Examples
    --------
    >>> c = certify_polygon_sum(5, copies=2)              # two optimal pentagons in R^4
    >>> c.m, c.critical, c.verdict, c.as_dict()["certified"]
    (4, True, 'not a local minimum', True)
    """

    N: int
    copies: int
    extra_dims: int
    m: int
    critical: bool
    curvature: arb
    direction: np.ndarray
    verdict: str
    evidence: Evidence = field(repr=False)

    def _fields(self) -> dict:
        return {"N": self.N, "copies": self.copies, "extra_dims": self.extra_dims, "m": self.m,
                "critical": self.critical, "curvature": str(self.curvature),
                "curvature_float": float(self.curvature.mid()), "verdict": self.verdict}


def certify_polygon_sum(N: int = 5, copies: int = 2, extra_dims: int = 0) -> SumCertificate:
    """Is the direct sum of optimal regular N-gons a local minimum of L_1? (certified negative curvature)

    The optimal N-gon (ρ*, β*) is enclosed as in :func:`certify_polygon_minimum`. In the
    direct sum (orthogonal planes, ``extra_dims`` further free dimensions) every cross term
    has a = w_i·w_j = 0 and b_j = β* < 0, so it lies inside the piece where it vanishes
    identically: near the point L_1 is the sum of the summands' L_1, and the point is
    critical. The Hessian is enclosed over the box; for the float eigenvector v of its most
    negative eigenvalue, vᵀHv is evaluated in ball arithmetic: an enclosure below 0 proves
    that the point is *not* a local minimum (features can leave their plane at no
    interference cost, gaining norm).

    Parameters
    ----------
    N : int
    copies : int
        Number of N-gon summands.
    extra_dims : int
        Free hidden dimensions besides the summands' planes.

    Returns
    -------
    SumCertificate

    Examples
    --------
    >>> c = certify_polygon_sum(5, copies=1, extra_dims=1)        # a pentagon in R^3
    >>> c.verdict, float(c.curvature.mid()) < 0
    ('not a local minimum', True)
    """
    if not isinstance(copies, int) or copies < 1 or not isinstance(extra_dims, int) or extra_dims < 0:
        raise ParameterError(f"copies >= 1 and extra_dims >= 0 needed, got {copies}, {extra_dims}",
                             hint="e.g. copies=2, extra_dims=0")
    t0 = time.perf_counter()
    cert = certify_polygon_minimum(N)
    if not cert.beta < 0:
        raise NumericalError("the optimal bias is not certainly negative: cross terms are not inactive",
                             hint="no certificate for this N")
    rho, beta = cert.rho, cert.beta
    m = 2 * copies + extra_dims
    n = N * copies
    angles = [arb.pi() * 2 * k / N for k in range(N)]
    s = rho.sqrt()
    zero = arb(0)
    W = [[zero] * n for _ in range(m)]
    for c in range(copies):
        for k in range(N):
            W[2 * c][c * N + k] = s * angles[k].cos()
            W[2 * c + 1][c * N + k] = s * angles[k].sin()
    d = loss1_derivatives(W, [beta] * n)
    if not d["smooth"] or d["dropped"]:
        raise NumericalError("a term of the direct sum is at a non-smooth point", hint="no certificate")
    H = d["hessian"]
    Hf = np.array([[float(x.mid()) for x in row] for row in H])
    w, V = np.linalg.eigh(Hf)
    v = V[:, 0]
    va = [arb(float(x)) for x in v]
    curv = sum((va[i] * H[i][j] * va[j] for i in range(len(va)) for j in range(len(va))), arb(0))
    neg = bool(curv < 0)
    verdict = "not a local minimum" if neg else "inconclusive (no certainly negative direction)"
    proves = (f"{copies} x optimal {N}-gon in R^{m} is a critical point of L_1"
              + (f" and not a local minimum (v^T H v in {curv} < 0)" if neg else ""))
    ev = Evidence(method="Krawczyk box of the polygon family (arb); cross terms certainly inactive; "
                         "Hessian enclosure along a float eigenvector", certified=True, proves=proves,
                  seconds=time.perf_counter() - t0, depends_on=(cert.evidence,))
    return SumCertificate(N, copies, extra_dims, m, True, curv, v, verdict, ev)
