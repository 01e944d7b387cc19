"""Verification rows for THEOREMS section 8: critical points and Euclidean distance degrees.

The computed side is always the homotopy count of :mod:`algnet.analyses.critical`
(monodromy in the target on the gradient system, trace test, Krawczyk
certificates); the predicted side is the theorem: Eckart-Young's binomial,
the Chern-class formula evaluated in the Chow ring of the Segre-Veronese
variety, Trager-Kohn-Bruna's description of the critical points of linear
networks, the dimension of normal spaces at smooth points.

The stride hypothesis of the linear convolutional rows (audit, 2026-12-05). THEOREMS says "all strides > 1";
what the count needs is that no layer with more than one output has stride one: the last layer of a
single-output network has one output, so its stride never enters the end-to-end filter
w_L(x^(s_1...s_(L-1))) ... w_2(x^(s_1)) w_1(x) (Kohn-Montufar-Shahverdi-Trager). The rows below compute
``s=2,1``, also with overlapping coefficients (k = 3,2: the x^2 coefficient is a sum of two products, so M is
a linear projection of the Segre variety, and its generic ED degree is still the Segre variety's 10), and
the stride-one failure: there the end-to-end filter ranges over all polynomials of its degree (a
product of linear factors over C), M fills its space, and the ED degree is 1, not the Segre variety's 6.
For r > 1 the Segre-Veronese count holds at every stride (``conv k=2,2 s=2,1 r=2``: 14). This is what
:meth:`algnet.architectures.conv.ConvNetwork.segre_veronese` applies.
"""

from __future__ import annotations

from math import comb

from algnet.theorems.verify import Check, run_analysis

_SRC_EY = "Eckart-Young; Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016, Example 2.3"
_SRC_CHERN = "Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016, Thm. 5.8 (Chern classes)"
_SRC_TKB = "Trager-Kohn-Bruna, ICLR 2020 (arXiv:1910.01671)"
_SRC_CONV = "Shahverdi-Marchetti-Kohn (arXiv:2410.00722); Kohn-Montufar-Shahverdi-Trager (arXiv:2304.05752)"
_SRC_VOR = "THEOREMS 8 (Voronoi cells); a smooth point's cell lies in its normal space"
_SRC_CS = ("Cartwright-Sturmfels, Linear Algebra Appl. 2013 (eigenvectors of symmetric tensors); Friedland-Ottaviani, "
           "FoCM 2014; DHOST 2016, Cor. 8.7")
_SRC_LCN = "Kohn-Merkh-Montufar-Trager, SIAM J. Appl. Algebra Geom. 2022 (non-overlapping filters); Eckart-Young"


def ged_p1xp1(a: int, b: int) -> int:
    """DHOST Thm. 5.8 for P^1 x P^1 embedded by O(a, b), evaluated by hand: with H = a h1 + b h2 and
    c(T) = (1 + h1)^2 (1 + h2)^2, 7 H^2 - 3 c_1 H + c_2 = 14ab - 6(a + b) + 4.

    Examples
    --------
    >>> ged_p1xp1(1, 1), ged_p1xp1(2, 1)        # P^1 x P^1: 6 (THEOREMS 8); conv k=2,2 r=2: 14
    (6, 14)
    """
    return 14 * a * b - 6 * (a + b) + 4


def ged_veronese_plane(d: int) -> int:
    """DHOST Thm. 5.8 for v_d(P^2), evaluated by hand: H = d h, c(T) = (1 + h)^3, so 7 d^2 - 3 (3d) + 3.

    Examples
    --------
    >>> ged_veronese_plane(2), ged_veronese_plane(4)   # the Veronese surface: 13 (THEOREMS 8)
    (13, 79)
    """
    return 7 * d * d - 9 * d + 3


def _detail(c):
    """Paths, trace test and certification of a count; a route without a trace test says so (the warm
    parameter homotopy from a structure's generic solutions has none: it was printed 'NOT passed').

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> _detail(NS(paths=4, trace_test_passed=None, route="parameter homotopy", complete=True,
    ...            certified_distinct=4, seconds=0.01))
    '4 paths, no trace test (parameter homotopy), 4 certified distinct, 0.0s'
    """
    route = getattr(c, "route", "monodromy")
    how = route if route.endswith("homotopy") else f"{route} homotopy"
    if c.trace_test_passed is None:
        done = f"no trace test ({how}" + (")" if c.complete else "; incomplete)")
    else:
        done = "trace test " + ("passed" if c.trace_test_passed else "NOT passed")
        if route != "monodromy":
            done += f" (after a {how}" + (")" if c.complete else "; incomplete)")
    return f"{c.paths} paths, {done}, {c.certified_distinct} certified distinct, {c.seconds:.1f}s"


def _method(c) -> str:
    """The count's method as it ran: the route, a trace test only where one ran, Krawczyk certification.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> _method(NS(route="parameter homotopy", trace_test_passed=None))
    'parameter homotopy + Krawczyk'
    >>> _method(NS(route="monodromy", trace_test_passed=True))
    'monodromy in the target + trace test + Krawczyk'
    """
    route = "monodromy in the target" if c.route == "monodromy" else (
        c.route if c.route.endswith("homotopy") else f"{c.route} homotopy")
    return route + ("" if c.trace_test_passed is None else " + trace test") + " + Krawczyk"


def _ed_row(spec, metric, predicted_fn, theorem, source, slow=False):
    def compute():
        r = run_analysis("ed_degree", spec, seed=0, metric=metric)
        pred = predicted_fn()
        return {"computed": r.ed_degree, "predicted": pred,
                "agree": r.ed_degree == pred and bool(r.critical.complete),
                "method": _method(r.critical),
                "certified": r.critical.certified_distinct >= r.ed_degree, "detail": _detail(r.critical)}

    return Check(theorem, f"{spec} ({metric})", source, compute, slow=slow)


def _tkb_row(spec, n, r):
    def compute():
        c = run_analysis("critical", spec, seed=0, loss="frobenius")
        no_spurious_min = all(p.kind != "minimum" for p in c.points if not p.pure)
        computed = (f"pure {c.pure}, images {c.function_space_points}, "
                    f"spurious minima {0 if no_spurious_min else 'some'}")
        pred = f"pure {comb(n, r)}, images {sum(comb(n, k) for k in range(r + 1))}, spurious minima 0"
        return {"computed": computed, "predicted": pred, "agree": computed == pred and bool(c.trace_test_passed),
                "method": "monodromy on M and on the rank strata", "certified": False, "detail": _detail(c)}

    return Check("linear networks: critical images on every rank stratum, pure = top rank", spec, _SRC_TKB, compute)


def _stride_one_row(spec, dims):
    """Stride one, r = 1: M fills its space (ED degree 1), so the Segre count fails (THEOREMS 8)."""
    def compute():
        from algnet.analyses.critical.chern import segre_veronese_ged

        r = run_analysis("ed_degree", spec, seed=0, metric="generic")
        d = run_analysis("dimension", spec, seed=0)
        segre = segre_veronese_ged(dims, (1,) * len(dims))
        computed = f"dim {d.dimension} of {d.ambient}, ED degree {r.ed_degree}"
        pred = f"dim {d.ambient} of {d.ambient}, ED degree 1 (not the Segre variety's {segre})"
        return {"computed": computed, "predicted": pred,
                "agree": d.dimension == d.ambient and r.ed_degree == 1 != segre and bool(r.critical.complete),
                "method": f"exact Jacobian rank; {_method(r.critical)}", "certified": False,
                "detail": _detail(r.critical)}

    return Check("linear conv networks: the Segre count fails at stride one", spec, _SRC_CONV, compute)


def _voronoi_row(name, net_fn, point, predicted, theorem):
    def compute():
        from algnet.analyses.critical.voronoi import voronoi

        r = voronoi(net_fn(), point=point, samples=0, seed=0)
        return {"computed": r.point_dimension, "predicted": predicted(r), "agree": r.point_dimension == predicted(r),
                "method": "Monte Carlo near the point + tangent spaces of the branches", "certified": False,
                "detail": r.method.split("cell of the point: ")[-1], "seed": r.seed}

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
    if not quick:   # P^1 x P^2 (2 x 3 matrices of rank one), DHOST Thm. 5.8 by hand: with h = h1 + h2,
        # int h^3 = 3, int c1 h^2 = 8, int c2 h = 9, int c3 = 6 (c(TX) = (1 + h1)^2 (1 + h2)^3): 15*3 - 7*8 + 3*9 - 6
        out.append(_ed_row("linear 3-1-2", "generic", lambda: sum((-1) ** i * (2 ** (4 - i) - 1) * v
                                                                  for i, v in enumerate([3, 8, 9, 6])),
                           "generic ED degree by Chern classes: P1 x P2", _SRC_CHERN))
    if not quick:
        out.append(_tkb_row("linear 3-2-3", 3, 2))
        out.append(_tkb_row("linear 4-2-3", 3, 2))          # 3 x 4 matrices: binom(min(m, n), k) on each stratum
        for spec, dims, degs in [("conv k=2,2 r=2", (1, 1), (2, 1)), ("conv k=2,2 s=2,2 r=1", (1, 1), (1, 1)),
                                 ("conv k=3,2 s=2,1 r=1", (2, 1), (1, 1)), ("conv k=2,2 s=2,1 r=2", (1, 1), (2, 1))]:
            out.append(_ed_row(spec, "generic", lambda d=dims, a=degs: segre_veronese_ged(d, a),
                               "conv networks: critical points = generic ED degree of the Segre-Veronese variety",
                               _SRC_CONV))
        out.append(_stride_one_row("conv k=2,2 r=1", (1, 1)))
        # the same count by the hand formula, on sizes with a higher Veronese degree and with a size-1 filter:
        # conv k=2,1,2 r=2 is P^1 x P^0 x P^1 under O(4, 2, 1), i.e. P^1 x P^1 under O(4, 1) (ed_degree counts
        # it on conv k=2,2 r=4, which has the same neuromanifold, and says so)
        for spec, a in [("conv k=2,2 r=3", 3), ("conv k=2,2 r=4", 4), ("conv k=2,1,2 r=2", 4)]:
            out.append(_ed_row(spec, "generic", lambda a=a: ged_p1xp1(a, 1),
                               "conv networks: critical points = generic ED degree of the Segre-Veronese variety",
                               _SRC_CONV + "; DHOST Thm. 5.8 by hand: 14ab - 6(a+b) + 4"))
        # v_4(P^2): c (a . x)^4; with the Frobenius metric on the coefficients too (transversal to its
        # isotropic quadric here: a Groebner basis count over GF(32003) at a random target gave 79)
        for metric in ("generic", "frobenius"):
            out.append(_ed_row("dense 3-1-1-1 r=2", metric, lambda: ged_veronese_plane(4),
                               "ED degree by Chern classes: v_4(P^2)", _SRC_CHERN))
        # non-overlapping linear convolutions (stride >= filter size): the k_1 x k_2 matrices of rank one
        for spec, k1, k2 in [("conv k=4,2 s=4,1 r=1", 4, 2), ("conv k=3,3 s=3,1 r=1", 3, 3)]:
            out.append(_ed_row(spec, "frobenius", lambda k1=k1, k2=k2: comb(min(k1, k2), 1),
                               "non-overlapping linear conv: Eckart-Young", _SRC_LCN))
    # Bombieri-Weyl metric: the critical points of the distance to v_d(P^(n-1)) are the eigenvectors of a
    # symmetric tensor, ((d - 1)^n - 1) / (d - 2) of them (for binary forms: d)
    bw = [("dense 2-1-1-1 r=2", 2, 4), ("dense 2-1-1-1 r=3", 2, 9), ("dense 3-1-1-1 r=2", 3, 4)]
    for i, (spec, n, d) in enumerate(bw[:1] if quick else bw):
        out.append(_ed_row(spec, "bombieri", lambda n=n, d=d: ((d - 1) ** n - 1) // (d - 2),
                           "Bombieri-Weyl ED degree ((d-1)^n - 1)/(d-2)", _SRC_CS, slow=i == 2))   # 13: ~7 s CPU
    out.append(_voronoi_row("plane curve t -> (t^2, t^3), smooth point t = 1", lambda: parametrization(["t^2", "t^3"]),
                            [1.0], lambda r: r.codimension, "Voronoi cell of a smooth point: dimension = codimension"))
    if not quick:
        out.append(_voronoi_row("plane curve t -> (t^2, t^3), the cusp t = 0",
                                lambda: parametrization(["t^2", "t^3"]), [0.0], lambda r: 2,
                                "Voronoi cell of a singular point can be larger (cusp: full-dimensional)"))
        # at a node both branches are smooth through the point: u - p is normal to both tangents, so u = p
        out.append(_voronoi_row("nodal cubic t -> (t^2 - 1, t^3 - t), the node t = 1",
                                lambda: parametrization(["t^2 - 1", "t^3 - t"]), [1.0], lambda r: 0,
                                "Voronoi cell of a singular point can also be smaller (node: the point alone)"))
        # by hand: the paraboloid (s, t, s^2 + t^2) is smooth at 0 (cell: the normal line); the cuspidal edge
        # (s, t^2, t^3) is the cusp times a line (cell at (1, 0, 0): the cusp's plane); dense 2-1-1 r=2 is the real
        # cone c (a^2, 2ab, b^2) with M = -M spanning R^3: u has nearest point 0 iff u is orthogonal to M, so {0}
        out.append(_voronoi_row("paraboloid (s, t, s^2 + t^2), the smooth point 0",
                                lambda: parametrization(["s", "t", "s^2+t^2"]), [0.0, 0.0], lambda r: r.codimension,
                                "Voronoi cell of a smooth point: dimension = codimension"))
        out.append(_voronoi_row("cuspidal edge (s, t^2, t^3) at (s, t) = (1, 0)",
                                lambda: parametrization(["s", "t^2", "t^3"]), [1.0, 0.0], lambda r: 2,
                                "Voronoi cell of a singular point can be larger (cusp: full-dimensional)"))
        out.append(_voronoi_row("dense 2-1-1 r=2, the vertex theta = 0 of the cone", lambda: "dense 2-1-1 r=2",
                                [0.0, 0.0, 0.0], lambda r: 0,
                                "Voronoi cell of a cone vertex, M = -M: {0}"))
    return out
