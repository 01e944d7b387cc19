"""Verification rows for degrees, computed by homotopy continuation.

* Determinantal degrees (Harris, *Algebraic Geometry*, Ex. 19.10) of linear
  networks: m x n matrices of rank <= r.
* The convolutional degree formula (Shahverdi–Marchetti–Kohn, AISTATS 2025,
  arXiv:2410.00722, Thm. 2.8; stride 1 and r > 1), with unequal filters and
  several r.
* A dense case computed both by monodromy and by the Hilbert polynomial
  (the two routes share nothing but the network).

The computed side is :func:`algnet.analyses.degree.degree` with
``method="monodromy"``: witness points by monodromy, completeness by the
trace test, the points certified by Krawczyk's test (``certified`` is True
when every witness point is certified and their images are distinct,
proving degree >= the count; completeness itself is numerical).
"""

from __future__ import annotations

from algnet.theorems.verification import Check, run_analysis

_SRC_DET = "Harris, Algebraic Geometry, Ex. 19.10"
_SRC_CONV = "Shahverdi-Marchetti-Kohn, AISTATS 2025 (arXiv:2410.00722), Thm. 2.8"
_SRC_SEC = ("Eisenbud, The Geometry of Syzygies, Ch. 6: sigma_k of the rational normal curve of degree d (sums of k "
            "d-th powers of binary forms) has degree binom(d-k+1, k)")


_SRC_HT = "Harris-Tu, Topology 23 (1984): symmetric n x n matrices of rank <= r"


def harris_tu_degree(n: int, r: int) -> int:
    """Degree of the symmetric n x n matrices of rank <= r: prod_(a < n - r) C(n + a, n - r - a) / C(2a + 1, a).

    Examples
    --------
    >>> harris_tu_degree(3, 1), harris_tu_degree(4, 2)       # the Veronese surface: 4; quaternary rank <= 2: 10
    (4, 10)
    """
    from fractions import Fraction
    from math import comb

    d = Fraction(1)
    for a in range(n - r):
        d *= Fraction(comb(n + a, n - r - a), comb(2 * a + 1, a))
    return int(d)


def _monodromy(spec, seed=0):
    return run_analysis("degree", spec, seed=seed, method="monodromy", fiber=False)


def _detail(r):
    return (f"{r.paths} paths, {r.loops} loops, trace residual {r.trace_test_residual:.1e}, "
            f"{r.certified} certified / {r.certified_distinct} distinct images, {r.seconds:.1f}s")


def _row(spec, predicted_fn, theorem, source, slow=False):
    def compute():
        r = _monodromy(spec)
        return {"computed": r.degree, "predicted": predicted_fn(),
                "agree": r.degree == predicted_fn() and bool(r.trace_test_passed),
                "method": "monodromy + trace test + Krawczyk",
                "certified": r.certified_distinct == r.degree, "detail": _detail(r)}

    return Check(theorem, spec, source, compute, slow=slow)


def _r1_row(ks):
    """THEOREMS 3: for r = 1 the degree formula fails. With stride one the end-to-end filter is the product of
    the filters as polynomials; every polynomial of degree sum(k) - L splits into linear factors over C, so M is
    its whole space (dim = ambient = sum(k) - L + 1) and its degree is 1, while the formula gives a multinomial."""
    spec = f"conv k={','.join(map(str, ks))} s={','.join('1' for _ in ks)} r=1"

    def compute():
        from math import factorial, prod

        formula = factorial(sum(ks) - len(ks)) // prod(factorial(k - 1) for k in ks)   # r^(...) = 1 at r = 1
        m = _monodromy(spec)
        d = run_analysis("dimension", spec, seed=0)
        computed = f"dim {d.dimension} of {d.ambient}, degree {m.degree}"
        predicted = f"dim {sum(ks) - len(ks) + 1} of {sum(ks) - len(ks) + 1}, degree 1"
        return {"computed": computed, "predicted": predicted,
                "agree": computed == predicted and formula != 1 and bool(m.trace_test_passed),
                "method": "jacobian rank mod p; monodromy + trace test", "certified": d.certified,
                "detail": f"the formula (|k| - L)! / prod (k_j - 1)! would give {formula}; every polynomial splits "
                          f"into linear factors over C, so M fills its space; " + _detail(m)}

    return Check("conv degree formula fails for r = 1", spec, _SRC_CONV, compute)


def _hilbert_row(spec):
    def compute():
        m = _monodromy(spec)
        h = run_analysis("degree", spec, seed=0, method="hilbert")
        return {"computed": m.degree, "predicted": h.degree,
                "agree": m.degree == h.degree and bool(m.trace_test_passed),
                "method": "monodromy vs Hilbert polynomial", "certified": m.certified_distinct == m.degree,
                "detail": _detail(m) + f"; Hilbert: {h.reason}"}

    return Check("degree: homotopy = Hilbert polynomial", spec, "two independent computations", compute)


def checks(quick: bool) -> list[Check]:
    """Degree rows; quick mode keeps the smallest of each kind.

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> row = run_check(next(c for c in checks(quick=True) if c.case == "conv k=2,2 s=1,1 r=2"))
    >>> row.computed, row.predicted, row.agree    # the convolutional degree formula
    (4, 4, True)
    """
    import importlib.util
    from math import comb

    from algnet.theorems.formulas import conv_degree, determinantal_degree

    det = [("linear 2-1-2", 2, 2, 1), ("linear 3-1-3", 3, 3, 1), ("linear 4-2-3", 3, 4, 2)]
    conv = [([2, 2], 2), ([2, 3], 2), ([2, 2], 3), ([3, 2], 2), ([3, 3], 2), ([2, 2, 2], 2), ([2, 3, 2], 2)]
    dense = ["dense 2-2-1 r=4", "dense 3-1-1 r=2"]
    if quick:
        det, conv, dense = det[:1], conv[:1], dense[1:]
    out = []
    for spec, m, n, r in det:
        out.append(_row(spec, lambda m=m, n=n, r=r: determinantal_degree(m, n, r),
                        "determinantal degree (homotopy)", _SRC_DET))
    for ks, r in conv:
        spec = f"conv k={','.join(map(str, ks))} s={','.join('1' for _ in ks)} r={r}"
        out.append(_row(spec, lambda ks=ks, r=r: conv_degree(ks, r), "conv degree formula (homotopy)", _SRC_CONV))
    # four layers: degree 1,536, every witness point certified (minutes: ``algnet verify --slow``)
    # THEOREMS 2: dense n-k-1 r=2 gives the quadrics that are sums of k squares, the symmetric matrices of rank <= k
    sym = [(4, 1), (4, 2), (5, 3)][: 1 if quick else 3]
    for n, k in sym:
        out.append(_row(f"dense {n}-{k}-1 r=2", lambda n=n, k=k: harris_tu_degree(n, k),
                        "symmetric determinantal degree (Harris-Tu)", _SRC_HT))
    # THEOREMS 2: shallow single-output networks dense 2-k-1 r=d are the secant varieties sigma_k(C_d)
    sec = [(2, 4), (2, 5), (3, 6)][: 1 if quick else 3]
    for k, d in sec:
        out.append(_row(f"dense 2-{k}-1 r={d}", lambda k=k, d=d: comb(d - k + 1, k),
                        "sigma_k(C_d) degree binom(d-k+1, k)", _SRC_SEC))
    for ks in [[2, 2], [3, 2]][: 1 if quick else 2]:
        out.append(_r1_row(ks))
    out.append(_row("conv k=2,2,2,2 s=1,1,1,1 r=2", lambda: conv_degree([2, 2, 2, 2], 2),
                    "conv degree formula (homotopy)", _SRC_CONV, slow=True))
    if importlib.util.find_spec("algnet.analyses.hilbert") is not None:
        for spec in dense:
            out.append(_hilbert_row(spec))
    return out
