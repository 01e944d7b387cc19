"""Verification rows for singular loci, boundary points and fibers (THEOREMS.md 1, 3, 4).

The computed side is always algnet's own analyses: :func:`algnet.analyses.singular.strata`
(exact fiber-tangent-space and tangent-limit tests, boundary witnesses),
:func:`algnet.analyses.singular.is_singular` (Jacobian criterion on the
equations found by ``implicitize``), :func:`algnet.analyses.singular.map_singular_points` (the rank-drop and
double-point loci of a polynomial map, each component tested) and :func:`algnet.analyses.fibers.identifiability`
(exact count of the gauge-fixed generic fiber). The predicted side is the theorem.

The classical singular maps, by hand (each locus given by equations in the image coordinates y0, y1, ...):

* curves: the cusp (t^2, t^3) and the ramphoid cusp (t^2, t^4 + t^5) are singular at the origin, the image of the
  rank drop t = 0; the node (t^2 - 1, t^3 - t), the tacnode (t^2 - 1, t (t^2 - 1)^2) (two branches t = +-1 with one
  tangent line y1 = 0: only equations decide it) and the ordinary triple point (t^3 - t, t^4 - t^2) = (x, t x)
  (branches t = -1, 0, 1) are singular at the origin where branches meet, and nowhere else (y1 = t y0 gives t
  back where y0 != 0); (t^2, t^4) is the parabola y1 = y0^2, smooth at its rank drop t = 0.
* the cross-cap (Whitney umbrella) (u, v^2, u v): (u, v) and (u, -v) meet iff u v = 0 with v != 0, i.e. u = 0:
  the double line y0 = y2 = 0; the rank drops only at u = v = 0, the pinch point (0, 0, 0).
* the swallowtail (u, -4 v^3 - 2 u v, 3 v^4 + u v^2): the 2 x 2 minors of its Jacobian vanish iff u = -6 v^2, the
  cuspidal edge (-6 v^2, 8 v^3, -3 v^4): 27 y1^2 + 8 y0^3 = 0 = 12 y2 + y0^2; two parameters v != v' with one
  image satisfy (v^2 - v'^2)(3 (v^2 + v'^2) + u) = 0 and 2 (v^2 + v v' + v'^2) + u = 0, so v' = -v and u = -2 v^2:
  the double curve y1 = 0, 4 y2 = y0^2.
* the same swallowtail as the discriminant of x^4 + a x^2 + b x + c = (x - t)^2 (x^2 + 2 t x + s), i.e.
  (s - 3 t^2, 2 t^3 - 2 t s, t^2 s): the rank drops iff s = -3 t^2 (a triple root t), the cuspidal edge above; a
  quartic with double roots t != t' is (x - t)^2 (x - t')^2 with t' = -t, s = t^2: the double curve above.
"""

from __future__ import annotations

from algnet.theorems.verification import Check, run_analysis

SRC_DET = "Bruns-Vetter, Determinantal Rings; Harris, Algebraic Geometry, Ex. 14.16"
SRC_SYM = "Harris, Algebraic Geometry, Ex. 22.31 (symmetric determinantal varieties)"
SRC_CONV = "Shahverdi-Marchetti-Kohn 2025, arXiv:2410.00722"
SRC_ATT = "Henry-Marchetti-Kohn 2025, arXiv:2408.17221 (and the seed talk's slide)"


def _det_strata(spec, r):
    def compute():
        ws = [int(x) for x in spec.split()[1].split("-")]
        res = run_analysis("singular", spec, seed=0, depth=r)
        comp, pred = [], []
        for s in res.strata:
            # c_l neurons removed from hidden layer l: the image is {rank <= min(m, n, w_l - c_l)}
            k = min([ws[0], ws[-1]] + [w - c for w, c in zip(ws[1:-1], s.key)])
            comp.append((s.name, k, s.status))
            pred.append((s.name, k, "smooth" if k == r else "singular"))
        return {"computed": comp, "predicted": pred, "certified": all(s.certified for s in res.strata[1:]),
                "method": "subnetwork strata; exact fiber tangent spaces",
                "detail": "; ".join(f"{s.name}: {s.decided_by}" for s in res.strata)}

    return compute


def _det_points(spec, low, high):
    def compute():
        from algnet.analyses.singular import is_singular

        a = is_singular(spec, theta=low)
        b = is_singular(spec, theta=high)
        comp = ("singular" if a.singular else "smooth", "singular" if b.singular else "smooth")
        return {"computed": comp, "predicted": ("singular", "smooth"), "certified": a.certified and b.certified,
                "method": "is_singular: " + a.decided_by + " / " + b.decided_by,
                "detail": f"rank r-1 point: {a.proves[:120]}; rank r point: {b.proves[:120]}",
                "seed": a.evidence.seed, "primes": a.evidence.primes + b.evidence.primes}

    return compute


def _conv_nodal(spec):
    def compute():
        res = run_analysis("singular", spec, seed=0, depth=2, starts=3)
        sing = [s for s in res.strata if s.singular]
        comp = "none" if not sing else ("all nodal" if all(s.nodal for s in sing) else "some not nodal")
        return {"computed": f"{len(sing)} singular strata, {comp}",
                "predicted": f"{len(sing)} singular strata, all nodal", "agree": bool(sing) and comp == "all nodal",
                "certified": all(s.certified for s in sing), "method": "subnetwork strata; fiber tangent spaces",
                "detail": ", ".join(s.name for s in sing)}

    return compute


def _conv_constant_rank(spec):
    def compute():
        res = run_analysis("singular", spec, seed=0, depth=2, starts=1)
        drops = [s.name for s in res.strata if s.rank_drop]
        return {"computed": len(drops), "predicted": 0, "certified": True,
                "method": "exact Jacobian rank at a generic point of each stratum",
                "detail": "strata with a rank drop: " + (", ".join(drops) or "none")}

    return compute


def _attention():
    def compute():
        res = run_analysis("singular", "attention d=2 a=2 dout=1 t=2", seed=0)
        by = {s.kind: s for s in res.strata}
        head, r1 = by["attention rank dropped"], by["rank-one network"]
        comp = (f"rank-one head: {head.status}, nodal={head.nodal}; "
                f"rank-one network: rank {r1.rank}<{res.dimension}, {r1.status}, nodal={r1.nodal}")
        pred = ("rank-one head: singular, nodal=True; "
                f"rank-one network: rank {r1.rank}<{res.dimension}, boundary, nodal=False")
        return {"computed": comp, "predicted": pred, "agree": comp == pred and r1.rank < res.dimension,
                "certified": head.certified and r1.certified,
                "method": "strata; exact fiber tangent spaces / tangent-plane limits; boundary witness (numerical)",
                "detail": r1.proves}

    return compute


def _fiber(spec, predicted):
    def compute():
        r = run_analysis("fibers", spec, seed=0)
        return {"computed": r.fiber_count, "predicted": predicted,
                "agree": r.fiber_count == predicted and r.identifiable_up_to_dimension,
                "certified": r.evidence.certified, "method": r.count_method,
                "detail": r.reason}

    return compute


SRC_MAPS = ("Bruce-Giblin, Curves and Singularities (1992), ch. 1-2 and 11 (cusps, the cross-cap, the swallowtail); "
            "Fulton, Algebraic Curves, ch. 3 (nodes, tacnodes, triple points); the loci by hand (module doc)")
SRC_SYLV = ("Sylvester 1851; Reznick, Mem. AMS 463 (1992); Iarrobino-Kanev, Power sums (1999), Sec. 1.3: a generic "
            "binary form of degree 2k - 1 is a sum of k powers in exactly one way")
SRC_MONO = ("Miller-Sturmfels, Combinatorial Commutative Algebra (2005), ch. 7-8: the fibers of theta -> theta^E are "
            "cosets of the diagonal group Hom(Z^N / rows(E), C*), whose components number the torsion of Z^N / rows(E)")

# the classical singular maps of the module doc: (name, polynomials, [(source, dim, status, hand equations)])
MAPS = [
    ("cusp (t^2, t^3)", ["t^2", "t^3"], [("rank drop", 0, "singular", ["y0", "y1"])]),
    ("ramphoid cusp (t^2, t^4 + t^5)", ["t^2", "t^4 + t^5"], [("rank drop", 0, "singular", ["y0", "y1"])]),
    ("node (t^2 - 1, t^3 - t)", ["t^2 - 1", "t^3 - t"], [("branches meet", 0, "singular", ["y0", "y1"])]),
    ("tacnode (t^2 - 1, t (t^2 - 1)^2)", ["t^2 - 1", "t*(t^2 - 1)^2"],
     [("branches meet", 0, "singular", ["y0", "y1"])]),
    ("triple point (t^3 - t, t^4 - t^2)", ["t^3 - t", "t^4 - t^2"], [("branches meet", 0, "singular", ["y0", "y1"])]),
    ("parabola (t^2, t^4) at its rank drop", ["t^2", "t^4"], [("rank drop", 0, "smooth", ["y0", "y1"])]),
    ("cross-cap (u, v^2, u v)", ["u", "v^2", "u*v"],
     [("rank drop", 0, "singular", ["y0", "y1", "y2"]), ("branches meet", 1, "singular", ["y0", "y2"])]),
    ("swallowtail (u, -4 v^3 - 2 u v, 3 v^4 + u v^2)", ["u", "-4*v^3 - 2*u*v", "3*v^4 + u*v^2"],
     [("rank drop", 1, "singular", ["27*y1^2 + 8*y0^3", "12*y2 + y0^2"]),
      ("branches meet", 1, "singular", ["y1", "4*y2 - y0^2"])]),
    ("swallowtail as a discriminant (s - 3 t^2, 2 t^3 - 2 t s, t^2 s)", ["s - 3*t^2", "2*t^3 - 2*t*s", "t^2*s"],
     [("rank drop", 1, "singular", ["27*y1^2 + 8*y0^3", "12*y2 + y0^2"]),
      ("branches meet", 1, "singular", ["y1", "4*y2 - y0^2"])]),
]


def _map_loci(polys, hand):
    """The candidates of :func:`~algnet.analyses.singular.map_singular_points` as (source, dimension of the
    locus, verdict, whether the sampled point satisfies the hand equations of a locus of that source and
    dimension) against the hand loci; the search must be complete (no other singular point exists)."""
    def compute():
        import sympy

        from algnet.analyses.singular import map_singular_points
        from algnet.architectures.polymap import parametrization

        res = map_singular_points(parametrization(polys), seed=0)
        ys = sympy.symbols(f"y0:{len(polys)}")
        comp = []
        for c in res.candidates:
            at = dict(zip(ys, (sympy.sympify(x) for x in c.point)))
            on = any((src, dim) == (c.source, c.dimension)
                     and all(sympy.simplify(sympy.sympify(e.replace("^", "**")).subs(at)) == 0 for e in eqs)
                     for src, dim, _, eqs in hand)
            comp.append((c.source, c.dimension, c.status, "on the hand locus" if on else "elsewhere"))
        pred = sorted((src, dim, status, "on the hand locus") for src, dim, status, _ in hand)
        return {"computed": sorted(comp) + [("complete", res.complete)], "predicted": pred + [("complete", True)],
                "certified": all(c.certified for c in res.candidates), "seed": res.seed,
                "method": "rank-drop and double-point loci solved symbolically; each component tested "
                          "(multiplicity of a curve branch, tangent planes of two preimages, Jacobian criterion)",
                "detail": "; ".join(f"{c.source} at ({', '.join(c.point)}): {c.decided_by}" for c in res.candidates)}

    return compute


def _sylvester_mod_p(spec, k):
    def compute():
        from math import factorial

        r = run_analysis("fibers", spec, seed=0, method="homotopy")
        comp = (r.fiber_count, r.count_status)
        return {"computed": comp, "predicted": (factorial(k), "exact mod p"),
                "agree": comp == (factorial(k), "exact mod p") and r.identifiable_up_to_dimension,
                "certified": False, "method": r.count_method, "detail": r.reason}

    return compute


def components_of_diagonal_group(exponents) -> int:
    """The order of the torsion of Z^N / (rows of the exponent matrix): the product of its nonzero invariant factors
    (Smith normal form, sympy), the number of components of {t : t^e = 1 for every row e}.

    Examples
    --------
    >>> components_of_diagonal_group([[6, 4]]), components_of_diagonal_group([[2, 0, 2], [0, 2, 2]])
    (2, 4)
    """
    import sympy
    from sympy.matrices.normalforms import smith_normal_form

    snf = smith_normal_form(sympy.Matrix(exponents), domain=sympy.ZZ)
    out = 1
    for i in range(min(snf.shape)):
        out *= abs(int(snf[i, i])) or 1
    return out


def _monomial_fiber(polys, exponents):
    def compute():
        from algnet.architectures.polymap import parametrization

        r = run_analysis("fibers", parametrization(polys), seed=0)
        pred = components_of_diagonal_group(exponents)
        return {"computed": r.fiber_count, "predicted": pred,
                "agree": r.fiber_count == pred and r.identifiable_up_to_dimension
                and r.count_status in ("exact", "exact mod p"),
                "certified": r.count_certified, "method": r.count_method,
                "detail": f"{r.count_status}; {r.points_per_orbit} slice point(s) per torus orbit; " + r.reason}

    return compute


def _sym_det():
    def compute():
        from algnet.theorems.formulas import veronese_secant_dimension

        res = run_analysis("singular", "dense 3-2-1 r=2", seed=0)
        # each stratum's image is {quadrics of rank <= k}; k is read off its dimension 3k - k(k-1)/2
        rank_of_dim = {veronese_secant_dimension(3, 2, k): k for k in (0, 1, 2)}
        comp, pred = [], []
        for st in res.strata:
            k = rank_of_dim.get(st.dimension)
            comp.append((st.name, st.status))
            pred.append((st.name, "smooth" if k == 2 else "singular"))
        return {"computed": comp, "predicted": pred,
                "certified": all(st.certified for st in res.strata[1:]),
                "method": "subnetwork strata; exact fiber tangent spaces",
                "detail": "ternary quadrics of rank <= 2; Sing = rank <= 1 (squares of linear forms)"}

    return compute


def checks(quick: bool):
    """The singular-locus rows (strata of determinantal varieties, ...; more cases when not ``quick``).

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> row = run_check(next(c for c in checks(quick=True) if c.case == "dense 2-2-2 r=2"))
    >>> row.computed, row.predicted, row.agree
    (2, 2, True)
    """
    out = [
        Check("Sing(rank <= r) = rank <= r-1 (strata)", "linear 4-2-3", SRC_DET, _det_strata("linear 4-2-3", 2)),
        Check("Sing(rank <= r) = rank <= r-1 (points)", "linear 4-2-3, rank 1 vs rank 2", SRC_DET,
              _det_points("linear 4-2-3", [1, 2, 0, 1, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0],
                          [1, 2, 0, 1, 0, 1, 1, 3, 1, 0, 2, 1, 0, 3])),
        Check("conv: singular points come from subnetworks and are nodal", "conv k=2,2 r=2", SRC_CONV,
              _conv_nodal("conv k=2,2 r=2")),
        Check("lightning attention: rank-one networks give rank drops and boundary points",
              "attention d=2 a=2 dout=1 t=2", SRC_ATT, _attention()),
        Check("generic fiber = known symmetries (points mod continuous part)", "dense 2-2-2 r=2",
              "Kileel-Trager-Bruna 2019; Usevich et al. 2025", _fiber("dense 2-2-2 r=2", 2)),
        Check("generic fiber = known symmetries (points mod continuous part)", "attention d=2 a=2 dout=1 t=2",
              SRC_ATT, _fiber("attention d=2 a=2 dout=1 t=2", 1)),
    ]
    out += [Check("singular points of a classical map: the hand-known locus", name, SRC_MAPS, _map_loci(polys, hand))
            for name, polys, hand in (MAPS[2:4] + MAPS[6:7] if quick else MAPS)]
    out.append(Check("generic fiber counted mod p = Sylvester's count k!", "dense 2-3-1 r=5 (binary quintics)",
                     SRC_SYLV, _sylvester_mod_p("dense 2-3-1 r=5", 3)))
    monomial = [(["x^6*y^4"], [[6, 4]]), (["x*y^2"], [[1, 2]]), (["x^2*z^2", "y^2*z^2"], [[2, 0, 2], [0, 2, 2]])]
    for polys, exponents in monomial[:1] if quick else monomial:
        out.append(Check("monomial map: fiber orbits = components of the diagonal group",
                         "map " + "; ".join(polys), SRC_MONO, _monomial_fiber(polys, exponents)))
    if not quick:
        # a = d' = 1: V X X^T K^T is a 1 x 1 matrix, equal to its transpose K X X^T V^T, so exchanging the rows V
        # and K is a symmetry outside the continuous ones (by hand): a generic fiber of 2 points
        out.append(Check("generic fiber = known symmetries (points mod continuous part)",
                         "attention d=2 a=1 dout=1 t=2", SRC_ATT + "; the V/K exchange by hand",
                         _fiber("attention d=2 a=1 dout=1 t=2", 2)))
    if not quick:
        out += [
            Check("Sing(rank <= r) = rank <= r-1 (strata)", "linear 4-3-4", SRC_DET, _det_strata("linear 4-3-4", 3)),
            Check("Sing(rank <= r) = rank <= r-1 (strata)", "linear 3-2-2-3", SRC_DET,
                  _det_strata("linear 3-2-2-3", 2)),
            Check("Sing(rank <= r) = rank <= r-1, symmetric", "dense 3-2-1 r=2", SRC_SYM, _sym_det()),
            Check("conv: singular points come from subnetworks and are nodal", "conv k=3,2 r=2", SRC_CONV,
                  _conv_nodal("conv k=3,2 r=2")),
            Check("conv: constant Jacobian rank on strata (no spurious critical points)", "conv k=2,2 r=2",
                  SRC_CONV, _conv_constant_rank("conv k=2,2 r=2")),
            Check("generic fiber = known symmetries (points mod continuous part)", "conv k=2,2,2 r=2", SRC_CONV,
                  _fiber("conv k=2,2,2 r=2", 1)),
            Check("generic fiber = known symmetries (points mod continuous part)", "dense 3-2-2 r=3",
                  "Kileel-Trager-Bruna 2019; Usevich et al. 2025", _fiber("dense 3-2-2 r=3", 2)),
        ]
    return out
