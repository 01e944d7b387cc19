"""Verification rows for singular loci, boundary points and fibers (THEOREMS.md 1, 3, 4).

The computed side is always algnet's own analyses: :func:`algnet.analyses.singular.strata`
(exact fiber-tangent-space and tangent-limit tests, boundary witnesses),
:func:`algnet.analyses.singular.is_singular` (Jacobian criterion on the
equations found by ``implicitize``) and :func:`algnet.analyses.fibers.identifiability`
(exact count of the gauge-fixed generic fiber). The predicted side is the theorem.
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
                "certified": r.count_certified and r.dimension_certified, "method": r.count_method,
                "detail": r.reason}

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
