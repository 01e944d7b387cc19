"""Verification rows for THEOREMS section 8: critical points and Euclidean distance degrees.

The computed side is always the homotopy count of :mod:`algnet.analyses.critical`
(monodromy in the target on the gradient system, trace test, Krawczyk
certificates); the predicted side is the theorem: Eckart-Young's binomial,
the Chern-class formula evaluated in the Chow ring of the Segre-Veronese
variety, Trager-Kohn-Bruna's description of the critical points of linear
networks, the dimension of normal spaces at smooth points.
"""

from __future__ import annotations

from math import comb

from algnet.theorems.verify import Check, run_analysis

_SRC_EY = "Eckart-Young; Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016, Example 2.3"
_SRC_CHERN = "Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016, Thm. 5.8 (Chern classes)"
_SRC_TKB = "Trager-Kohn-Bruna, ICLR 2020 (arXiv:1910.01671)"
_SRC_CONV = "Shahverdi-Marchetti-Kohn (arXiv:2410.00722); Kohn-Montufar-Shahverdi-Trager (arXiv:2304.05752)"
_SRC_VOR = "THEOREMS 8 (Voronoi cells); a smooth point's cell lies in its normal space"


def _detail(c):
    done = "passed" if c.trace_test_passed else "NOT passed"
    if getattr(c, "route", "monodromy") != "monodromy":
        done += f" (after a {c.route} homotopy" + (")" if c.complete else "; incomplete)")
    return (f"{c.paths} paths, trace test {done}, "
            f"{c.certified_distinct} certified distinct, {c.seconds:.1f}s")


def _ed_row(spec, metric, predicted_fn, theorem, source):
    def compute():
        r = run_analysis("ed_degree", spec, seed=0, metric=metric)
        pred = predicted_fn()
        return {"computed": r.ed_degree, "predicted": pred,
                "agree": r.ed_degree == pred and bool(r.critical.complete),
                "method": (f"{r.critical.route} homotopy + trace test + Krawczyk" if r.critical.route != "monodromy" else
                           "monodromy in the target + trace test + Krawczyk"),
                "certified": r.critical.certified_distinct >= r.ed_degree, "detail": _detail(r.critical)}

    return Check(theorem, f"{spec} ({metric})", source, compute)


def _tkb_row(spec, n, r):
    def compute():
        c = run_analysis("critical", spec, seed=0, loss="frobenius")
        no_spurious_min = all(p.kind != "minimum" for p in c.points if not p.pure)
        computed = f"pure {c.pure}, images {c.function_space_points}, spurious minima {0 if no_spurious_min else 'some'}"
        pred = f"pure {comb(n, r)}, images {sum(comb(n, k) for k in range(r + 1))}, spurious minima 0"
        return {"computed": computed, "predicted": pred, "agree": computed == pred and bool(c.trace_test_passed),
                "method": "monodromy on M and on the rank strata", "certified": False, "detail": _detail(c)}

    return Check("linear networks: critical images on every rank stratum, pure = top rank", spec, _SRC_TKB, compute)


def _voronoi_row(name, net_fn, point, predicted, theorem):
    def compute():
        from algnet.analyses.critical.voronoi import voronoi

        r = voronoi(net_fn(), point=point, samples=0, seed=0)
        return {"computed": r.point_dimension, "predicted": predicted(r), "agree": r.point_dimension == predicted(r),
                "method": "Monte Carlo near the point + tangent spaces of the branches", "certified": False,
                "detail": r.method.split("cell of the point: ")[-1]}

    return Check(theorem, name, _SRC_VOR, compute)


def checks(quick: bool) -> list[Check]:
    """Section 8 rows; quick mode keeps the smallest of each kind.

    Examples
    --------
    >>> quick, full = checks(quick=True), checks(quick=False)          # built lazily: nothing runs yet
    >>> "linear 2-1-2 (frobenius)" in {c.case for c in quick}, len(quick) < len(full)
    (True, True)
    """
    from algnet.analyses.critical.chern import segre_veronese_ged
    from algnet.architectures.polymap import parametrization

    out = []
    ey = [("linear 2-1-2", 2, 2, 1), ("linear 3-1-3", 3, 3, 1), ("linear 3-2-3", 3, 3, 2)]
    for spec, m, n, r in ey[:1] if quick else ey:
        out.append(_ed_row(spec, "frobenius", lambda m=m, n=n, r=r: comb(min(m, n), r),
                           "Eckart-Young ED degree binom(min(m,n), r)", _SRC_EY))
    sv = [("dense 2-1-1 r=2", (1,), (2,), "rational normal curve (conic)"),
          ("dense 2-1-1 r=3", (1,), (3,), "rational normal curve (twisted cubic)"),
          ("linear 2-1-2", (1, 1), (1, 1), "P1 x P1"),
          ("dense 3-1-1 r=2", (2,), (2,), "Veronese surface")]
    for spec, dims, degs, what in sv[:1] if quick else sv:
        out.append(_ed_row(spec, "generic", lambda d=dims, a=degs: segre_veronese_ged(d, a),
                           f"generic ED degree by Chern classes: {what}", _SRC_CHERN))
    if not quick:
        out.append(_tkb_row("linear 3-2-3", 3, 2))
        for spec, dims, degs in [("conv k=2,2 r=2", (1, 1), (2, 1)), ("conv k=2,2 s=2,2 r=1", (1, 1), (1, 1))]:
            out.append(_ed_row(spec, "generic", lambda d=dims, a=degs: segre_veronese_ged(d, a),
                               "conv networks: critical points = generic ED degree of the Segre-Veronese variety",
                               _SRC_CONV))
    out.append(_voronoi_row("plane curve t -> (t^2, t^3), smooth point t = 1", lambda: parametrization(["t^2", "t^3"]),
                            [1.0], lambda r: r.codimension, "Voronoi cell of a smooth point: dimension = codimension"))
    if not quick:
        out.append(_voronoi_row("plane curve t -> (t^2, t^3), the cusp t = 0",
                                lambda: parametrization(["t^2", "t^3"]), [0.0], lambda r: 2,
                                "Voronoi cell of a singular point can be larger (cusp: full-dimensional)"))
    return out
