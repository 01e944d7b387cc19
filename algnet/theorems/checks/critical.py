"""Verification rows for THEOREMS section 8: critical points and Euclidean distance degrees.

The computed side is always the homotopy count of :mod:`algnet.analyses.critical`
(monodromy in the target on the gradient system, trace test, Krawczyk
certificates); the predicted side is the theorem: Eckart-Young's binomial,
the Chern-class formula evaluated in the Chow ring of the Segre-Veronese
variety, Trager-Kohn-Bruna's description of the critical points of linear
networks, the dimension of normal spaces at smooth points. The Chern-class
formula (DHOST Thm. 5.8) needs X transversal to the metric's isotropic
quadric; a row with the Frobenius metric, which is not generic, checks that
hypothesis itself (:func:`quadric_section_smooth`). Each count's detail names
the trace test its completeness rests on (its own, or on the warm route the
structure-level solve's, not rerun) and says PARTIAL when the count stopped
early (its numbers are then lower bounds and the row disagrees); no row's
count is capped by the default budget (tests/test_verify_reduction_rows.py).

The stride hypothesis of the linear convolutional rows. THEOREMS says "all strides > 1";
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

from algnet.theorems.verification import Check, run_analysis

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


def quadric_section_smooth(monomials, coefficients, prime: int = 32003) -> bool:
    """Whether the hypersurface F(a) = sum_alpha coefficients[alpha] a^(2 alpha) of P^(n-1) is smooth: True when
    the partial derivatives of F have no common zero but 0 over the algebraic closure of GF(prime) (every
    variable has a pure power among the leading monomials of their Groebner basis mod ``prime``; sympy). That
    proves it over C too: a common zero over Q-bar, scaled to integral coordinates with one a unit at a prime
    above ``prime``, reduces to a nonzero common zero mod ``prime`` (the partials have integer coefficients), and
    a singular point of F = 0 over C is in particular a common zero of the partials. False: no proof (singular
    mod ``prime``; it may still be smooth over C).

    For the Veronese image X = {(w_alpha a^alpha)} of P^(n-1) and the isotropic quadric Q = {sum c_alpha^2 = 0}
    of the Frobenius metric, F with coefficients w_alpha^2 is the restriction of Q to X, so True says X meets Q
    transversally (X and X cap Q smooth), the hypothesis of DHOST 2016, Thm. 5.8.

    Examples
    --------
    >>> quadric_section_smooth([(1, 0), (0, 1)], [1, 1]), quadric_section_smooth([(1, 0), (0, 1)], [1, 0])
    (True, False)
    >>> mons = [(2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 2, 0), (0, 1, 1), (0, 0, 2)]   # v_2(P^2), w = 1, 2, 2, 1, 2, 1
    >>> quadric_section_smooth(mons, [1, 4, 4, 1, 4, 1]), quadric_section_smooth(mons, [1, 2, 2, 1, 2, 1])
    (True, False)

    The second is the Bombieri-Weyl metric (weights w_alpha^2 / w_alpha): F = (a^T a)^2, a double conic.
    """
    import sympy as sp

    n = len(monomials[0])
    a = sp.symbols(f"a0:{n}")
    F = sum(int(c) * sp.Mul(*[v ** (2 * e) for v, e in zip(a, m)]) for m, c in zip(monomials, coefficients))
    gb = sp.groebner([sp.diff(F, v) for v in a], *a, modulus=prime, order="grevlex")
    lead = [sp.Poly(g, *a).monoms(order="grevlex")[0] for g in gb.exprs]
    return all(any(m[i] > 0 and sum(m) == m[i] for m in lead) for i in range(n))


def _detail(c):
    """Paths, the trace test the count rests on (the result's ``trace_test``: this count's own, or on the warm
    route the structure-level solve's, not rerun, with its outcome ``trace_test_outcome``), certification, and
    a partial count's reason (its numbers are lower bounds); a route without any trace test says so.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> _detail(NS(paths=4, trace_test_passed=None, route="parameter homotopy", complete=True,
    ...            certified_distinct=4, seconds=0.01, partial=False, trace_test_outcome=True,
    ...            trace_test="not rerun: the structure-level solve's, passed when ... "
    ...                       "(residual 3.1e-15, as recorded)"))
    "4 paths, trace test not rerun: the structure-level solve's, passed when ... (residual 3.1e-15, as recorded); \
outcome passed (parameter homotopy), 4 certified distinct, 0.0s"
    >>> _detail(NS(paths=9, trace_test_passed=None, route="multihomogeneous", complete=False, certified_distinct=2,
    ...            seconds=1.0, partial=True, partial_reason="stopped at the time limit", trace_test_outcome=None,
    ...            trace_test="not run"))
    '9 paths, no trace test (multihomogeneous homotopy; incomplete), 2 certified distinct, 1.0s; PARTIAL \
(stopped at the time limit): lower bounds'
    """
    route = getattr(c, "route", "monodromy")
    how = route if route.endswith("homotopy") else f"{route} homotopy"
    outcome = getattr(c, "trace_test_outcome", c.trace_test_passed)
    words = getattr(c, "trace_test", None)
    if outcome is None:
        done = f"no trace test ({how}" + (")" if c.complete else "; incomplete)")
    else:
        own = c.trace_test_passed is not None
        done = "trace test " + (words if isinstance(words, str) else "this count: " + (
            "passed" if outcome else "NOT passed"))
        done += "" if own else "; outcome " + ("passed" if outcome else "NOT passed")
        if route != "monodromy":
            done += f" ({'after a ' if own else ''}{how}" + (")" if c.complete else "; incomplete)")
    out = f"{c.paths} paths, {done}, {c.certified_distinct} certified distinct, {c.seconds:.1f}s"
    if getattr(c, "partial", False):
        out += f"; PARTIAL ({getattr(c, 'partial_reason', None) or 'interrupted'}): lower bounds"
    return out


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


def _bound_stop_row(spec, predicted, what):
    """The small route's count stopped at the proven bound on critical images (:mod:`.image_bound`: M a linear
    isomorph of the cone over a Segre variety, B = its gED) must find exactly the Chern-class value, evaluated by
    hand in :func:`checks`; the row needs the stop itself (no trace test ran) and a complete count."""
    def compute():
        r = run_analysis("ed_degree", spec, seed=0, metric="generic", method="multihomogeneous")
        c = r.critical
        stopped = "proven by a bound" in (c.completeness or "")
        return {"computed": (r.ed_degree, "stopped at the proven bound" if stopped else "no stop at the bound"),
                "predicted": (predicted, "stopped at the proven bound"),
                "agree": stopped and r.ed_degree == predicted and bool(c.complete) and not c.partial,
                "method": _method(c) + "; stop at the proven Segre bound",
                "certified": c.certified_distinct >= predicted,
                "detail": _detail(c)}

    return Check(f"critical count stopped at the proven Segre bound = Chern-class gED: {what}", f"{spec} (generic)",
                 _SRC_CHERN + "; the bound: critical.image_bound", compute)


def _transversal_row(spec, chern_value, theorem):
    """The Frobenius metric of a Veronese network's coefficients: DHOST Thm. 5.8 gives the generic value when X
    meets the metric's isotropic quadric transversally. The row checks that hypothesis on the network's own
    coordinates (the coefficients w_alpha a^alpha of c (a . x)^d at a = (1, ..., 1), c = 1 give the weights)
    with :func:`quadric_section_smooth`; without it the prediction is withdrawn and the row disagrees."""
    def compute():
        from algnet.architectures.spec import parse_spec

        net = parse_spec(spec)
        mons, w = net.output_monomials(), net.coefficients([1] * net.n_params)[0]
        transversal = quadric_section_smooth(mons, [x * x for x in w])
        r = run_analysis("ed_degree", spec, seed=0, metric="frobenius")
        pred = chern_value if transversal else "no theorem: X not shown transversal to the isotropic quadric"
        curve = ("smooth (its partials have no common zero mod 32003, hence none over C)" if transversal
                 else "not proved smooth")
        return {"computed": r.ed_degree, "predicted": pred,
                "agree": transversal and r.ed_degree == pred and bool(r.critical.complete),
                "method": _method(r.critical) + "; transversality: Groebner basis mod 32003",
                "certified": r.critical.certified_distinct >= r.ed_degree,
                "detail": (f"Thm. 5.8's hypothesis {'checked' if transversal else 'NOT shown'}: the curve "
                           f"sum_alpha w_alpha^2 a^(2 alpha) = 0 (X cap Q pulled back to P^{len(mons[0]) - 1}, "
                           f"w_alpha = {', '.join(map(str, w))}) is "
                           f"{curve}; "
                           + _detail(r.critical))}

    return Check(theorem, f"{spec} (frobenius)", _SRC_CHERN + "; the hypothesis (X transversal to the isotropic "
                 "quadric) checked by a Groebner basis", compute)


def _tkb_row(spec, n, r):
    def compute():
        c = run_analysis("critical", spec, seed=0, loss="frobenius")
        # every real form of a spurious class counts (a sign change a complex rescaling reaches can be a minimum)
        no_spurious_min = all(k != "minimum" for p in c.points if not p.pure
                              for k in (p.kind, *(form[1] for form in p.real_forms)))
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


#: By hand: the real image of (a, b) -> (a^2, b^2) is the closed quadrant Q = [0, inf)^2, and the nearest point of
#: Q to u is (max(u_1, 0), max(u_2, 0)): the origin for u in the open third quadrant, a point of an open half-axis
#: when exactly one coordinate is positive, an interior point when both are. A centred Gaussian target falls in
#: these with probabilities 1/4, 1/2, 1/4.
QUADRANT_LANDING = {"origin": 0.25, "boundary (rank drop)": 0.5, "smooth (top stratum)": 0.25}


def _landing_row(samples: int = 100, z: float = 3.29):
    """The landing probabilities of the quadrant map against :data:`QUADRANT_LANDING`: each hand value must lie
    in the Wilson interval (z = 3.29: 99.9%) of the Monte Carlo counts, with no target dropped.

    Examples
    --------
    >>> _landing_row().case
    'quadrant (a^2, b^2): nearest point of the closed quadrant to a Gaussian target'
    """
    def compute():
        from algnet.analyses.critical.voronoi import voronoi, wilson_interval
        from algnet.architectures.polymap import parametrization

        r = voronoi(parametrization(["a^2", "b^2"]), samples=samples, seed=0)
        kept = r.samples - r.dropped
        inside = {k: wilson_interval(r.counts.get(k, 0), kept, z) for k in QUADRANT_LANDING}
        agree = (not r.dropped and not r.partial and set(r.counts) <= set(QUADRANT_LANDING)
                 and all(lo <= QUADRANT_LANDING[k] <= hi for k, (lo, hi) in inside.items()))
        return {"computed": {k: round(r.counts.get(k, 0) / max(kept, 1), 3) for k in QUADRANT_LANDING},
                "predicted": QUADRANT_LANDING, "agree": agree, "certified": False, "seed": r.seed,
                "method": f"nearest real point of M to {samples} Gaussian targets (Monte Carlo; the hand values "
                          "must lie in the 99.9% Wilson intervals)",
                "detail": "; ".join(f"{k}: {r.counts.get(k, 0)} of {kept}, 99.9% [{lo:.3f}, {hi:.3f}]"
                                    for k, (lo, hi) in inside.items()) + f"; {r.dropped} dropped"}

    return Check("Voronoi landing probabilities: closed quadrant 1/4, 1/2, 1/4 by hand",
                 "quadrant (a^2, b^2): nearest point of the closed quadrant to a Gaussian target", _SRC_VOR, compute)


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
    # the stop at the bound, outside the rows above: DHOST Thm. 5.8 by hand with h = h1 + h2 on P^a x P^b
    # (c(TX) = (1 + h1)^(a+1) (1 + h2)^(b+1)). P^1 x P^3 (4 x 2 matrices of rank one): int h^4 = 4, c1 h^3 = 14,
    # c2 h^2 = 20, c3 h = 16, c4 = 8: 31*4 - 15*14 + 7*20 - 3*16 + 8 = 14. P^2 x P^2 (3 x 3 of rank one): 6, 18,
    # 24, 18, 9: 31*6 - 15*18 + 7*24 - 3*18 + 9 = 39
    stops = [("linear 4-1-2", 31 * 4 - 15 * 14 + 7 * 20 - 3 * 16 + 8, "P1 x P3"),
             ("linear 3-1-3", 31 * 6 - 15 * 18 + 7 * 24 - 3 * 18 + 9, "P2 x P2")]
    out += [_bound_stop_row(spec, b, what) for spec, b, what in (stops[:1] if quick else stops)]
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
        # v_4(P^2): c (a . x)^4, generic metric; with the Frobenius metric of the coefficients Thm. 5.8 needs X
        # transversal to that metric's isotropic quadric, which the row checks (:func:`_transversal_row`)
        out.append(_ed_row("dense 3-1-1-1 r=2", "generic", lambda: ged_veronese_plane(4),
                           "ED degree by Chern classes: v_4(P^2)", _SRC_CHERN))
        out.append(_transversal_row("dense 3-1-1-1 r=2", ged_veronese_plane(4), "ED degree by Chern classes: v_4(P^2)"))
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
        out.append(_landing_row())
    return out
