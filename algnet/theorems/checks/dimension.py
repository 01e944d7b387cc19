"""Verification rows for the dimension theorems (THEOREMS.md sections 1-4).

The computed side is always :func:`algnet.analyses.dimension.dimension`
(modular Jacobian ranks); the predicted side is the closed form.
"""

from __future__ import annotations

from algnet.theorems import formulas as F
from algnet.theorems.verification import Check, run_analysis

SRC_DET = "Bruns-Vetter, Determinantal Rings"
SRC_KTB = "Kileel-Trager-Bruna 2019; Usevich et al. 2025 Cor. 16; Finkel et al. 2024"
SRC_AH = "Alexander-Hirschowitz 1995"
SRC_CONV = "Shahverdi-Marchetti-Kohn 2025, arXiv:2410.00722"
SRC_LCN = "Kohn-Merkh-Montufar-Trager, SIAM J. Appl. Algebra Geom. 2022 (arXiv:2108.01538)"
SRC_ATT = "Henry-Marchetti-Kohn 2025, arXiv:2408.17221"


def _dim(spec, seed=0):
    return run_analysis("dimension", spec, seed=seed)


def _row(spec, predicted, seed=0):
    def compute():
        r = _dim(spec, seed)
        method = "jacobian rank mod p"
        if r.certified and not r.upper_bound_source.startswith(("ambient", "known")):
            method += " + " + r.upper_bound_source.split(":")[0]  # the proved upper bound that met the rank
        return {"computed": r.dimension, "predicted": predicted, "certified": r.certified,
                "method": method, "detail": r.reason}

    return compute


#: (spec, widths, degrees, the step of ``dense_dimension_bound`` that gives the value, source)
DENSE_BOUND_CASES = (
    # three quaternary quadrics sum_i c_ji l_i^2 with one 5-term decomposition: ambient 30, a hypersurface
    ("dense 4-5-3 r=2", (4, 5, 3), 2, "Strassen's equation",
     "Strassen 1983 (Rank and optimal computation of generic tensors), via algnet.formulas.dense_dimension_bound"),
    # three binary quartics l_i^4 lie on a plane quartic: 6 + 30 - 2 - 3 = 31 < 34 = ambient
    ("dense 2-3-5-5-2 r=4,2,2", (2, 3, 5, 5, 2), (4, 2, 2), "relations among the first layer's outputs",
     "hand count: the powers of the first layer lie on a hypersurface; algnet.formulas.dense_dimension_bound"),
)


def _bound_row(spec, widths, degrees, step):
    """The modular rank of ``spec`` (no upper-bound search: :func:`dimension` with ``certify=False``) against
    the value of :func:`algnet.formulas.dense_dimension_bound`, which must come from ``step``."""

    def compute():
        from algnet.analyses.dimension import dimension

        r = dimension(spec, seed=0, certify=False)
        bound, reasons = F.dense_dimension_bound(widths, degrees)
        used = any(x.startswith(step) for x in reasons)
        return {"computed": r.dimension, "predicted": bound, "agree": r.dimension == bound and used,
                "certified": r.certified, "method": "jacobian rank mod p (no upper-bound search)",
                "detail": f"the bound's steps: {', '.join(reasons)}; {r.reason}", "seed": r.seed,
                "primes": r.evidence.primes}

    return compute


def checks(quick: bool):
    """The dimension rows (determinantal, dense, convolutional, ...; more cases when not ``quick``).

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> row = run_check(next(c for c in checks(quick=True) if c.case == "linear 2-1-2"))
    >>> row.theorem, (row.computed, row.predicted)          # r(m + n - r) = 1 * (2 + 2 - 1)
    ('determinantal dimension r(m+n-r)', (3, 3))
    """
    out = []
    # 1. linear networks: determinantal varieties
    linear = ["2-1-2", "3-1-3", "4-2-3", "3-2-4", "5-3-4", "4-2-2-5", "3-3-3", "6-2-3-5"]
    if not quick:
        linear += ["6-3-5", "7-4-3-6", "8-5-8", "5-2-5-2-5"]
    for w in linear:
        ws = [int(x) for x in w.split("-")]
        m, n, r = ws[-1], ws[0], min(ws)
        out.append(Check("determinantal dimension r(m+n-r)", f"linear {w}", SRC_DET,
                         _row(f"linear {w}", F.determinantal_dimension(m, n, r))))
    # 2. dense polynomial networks attaining the expected dimension (theorems: pyramidal, equi-width)
    dense = [("3-2-2", 2), ("3-3-3", 2), ("4-3-2", 2), ("2-2-2-2", 2), ("3-2-2", 3), ("2-2-2", 1)]
    if not quick:
        dense += [("4-4-4", 2), ("5-4-3-2", 2), ("3-3-3-3", 2), ("4-3-3-2", 3), ("6-5-4", 2), ("10-10-10", 2)]
    for w, r in dense:
        ws = [int(x) for x in w.split("-")]
        pred = F.dense_expected_dimension(ws, r) if r > 1 else F.determinantal_dimension(ws[-1], ws[0], min(ws))
        out.append(Check("dense expected dimension (pyramidal / equi-width)", f"dense {w} r={r}", SRC_KTB,
                         _row(f"dense {w} r={r}", pred)))
    # 2'. shallow single-output networks: Alexander-Hirschowitz (defective cases included)
    shallow = [(3, 2, 2), (4, 2, 2), (4, 3, 2), (3, 2, 3), (3, 5, 4), (4, 2, 3)]
    if not quick:
        shallow += [(4, 9, 4), (5, 7, 3), (5, 14, 4), (5, 3, 2), (3, 4, 4), (6, 4, 3)]
    for nv, k, r in shallow:
        pred = F.veronese_secant_dimension(nv, r, k)
        tag = " (defective)" if F.alexander_hirschowitz_defective(nv, r, k) else ""
        out.append(Check("Alexander-Hirschowitz shallow dimension", f"dense {nv}-{k}-1 r={r}{tag}", SRC_AH,
                         _row(f"dense {nv}-{k}-1 r={r}", pred)))
    # 2''. deep defective: f = Q(y1^2, y2^2, y3^2) with y = W1 x invertible and Q a ternary quadratic form:
    # 9 + 6 - 3 (y_j -> t_j y_j) = 12 < 15 = expected (hand count)
    deep = [("3-3-3-1", 2, 12)]
    for w, r, pred in deep:
        out.append(Check("deep defective dimension (quadratic last activation)", f"dense {w} r={r}",
                         "hand count: f = Q(y1^2, y2^2, y3^2)", _row(f"dense {w} r={r}", pred)))
    # 7. an Alexander-Hirschowitz exception in the last hidden layer: f = F(l_1^2, ..., l_n^2) with F a sum of
    # k r-th powers in n variables; the squares are algebraically independent, so dim = n^2 - n (the head, up
    # to the rescalings) + dim sigma_k(v_r(P^{n-1})) (Alexander-Hirschowitz)
    late = [(3, 5, 4)] + ([(4, 9, 4)] if not quick else [])
    for n, k, r in late:
        pred = n * n - n + F.veronese_secant_dimension(n, r, k)
        spec = f"dense {n}-{n}-{k}-1 r=2,{r}"
        out.append(Check("Alexander-Hirschowitz exception in the last hidden layer", spec,
                         "Massarenti-Mella, arXiv:2511.19703; " + SRC_AH, _row(spec, pred)))
    # 8. proved bounds of algnet.formulas.dense_dimension_bound beyond narrow layers: the modular rank alone
    # (no search for an upper bound, so the theorem cannot certify itself) against the theorem's value
    for spec, widths, degrees, step, source in DENSE_BOUND_CASES:
        out.append(Check(f"dense dimension bound ({step})", spec, source,
                         _bound_row(spec, widths, degrees, step)))
    # 3. convolutional networks: |k| - L + 1, unequal filters and strides
    conv = [("2,2", "1,1", 2), ("2,3", "1,1", 2), ("3,2,2", "1,1,1", 2), ("2,3", "2,1", 2), ("3,3", "2,2", 3),
            ("4,2", "1,3", 2)]
    if not quick:
        conv += [("3,4,2", "1,2,1", 2), ("5,3", "1,1", 3), ("2,2,2,2", "1,1,1,1", 2), ("4,4,4", "2,2,1", 2)]
    for k, s, r in conv:
        ks = [int(x) for x in k.split(",")]
        out.append(Check("conv dimension |k|-L+1", f"conv k={k} s={s} r={r}", SRC_CONV,
                         _row(f"conv k={k} s={s} r={r}", F.conv_dimension(ks))))
    # 3'. linear convolutional networks (r = 1): the filters multiply as polynomials in x, x^s1, x^(s1 s2), ...,
    # finite-to-one up to rescaling, so the same |k| - L + 1 for any strides (stride one: M fills its space)
    lcn = [("3,3", "2,1"), ("2,2,2", "2,2,1"), ("2,3", "1,1")]
    if not quick:
        lcn += [("2,3,2", "1,2,1"), ("3,2,2", "3,2,1")]
    for k, s in lcn:
        ks = [int(x) for x in k.split(",")]
        spec = f"conv k={k} s={s} r=1"
        out.append(Check("linear conv dimension |k|-L+1 (any strides)", spec, SRC_LCN,
                         _row(spec, sum(ks) - len(ks) + 1)))
    # 4. lightning self-attention
    att = [(2, 2, 1, 2, 1), (2, 1, 2, 2, 1), (3, 2, 2, 2, 1), (2, 1, 2, 2, 2), (2, 2, 2, 2, 2)]
    if not quick:
        att += [(3, 3, 1, 3, 1), (3, 1, 3, 2, 2), (3, 2, 3, 2, 2), (2, 2, 2, 3, 3)]
    for d, a, dout, t, layers in att:
        spec = f"attention d={d} a={a} dout={dout} t={t} layers={layers}"
        kind = "single" if layers == 1 else "deep"
        out.append(Check(f"attention dimension ({kind})", spec, SRC_ATT,
                         _row(spec, F.attention_dimension(d, a, dout, layers))))
    # identifiability: generic fibers are the known symmetry orbits
    ident = ["dense 3-2-2 r=2", "conv k=2,3 r=2", "attention d=2 a=2 dout=1 t=2"]
    for spec in ident:
        def compute(spec=spec):
            r = _dim(spec)
            return {"computed": r.fiber_dimension, "predicted": r.symmetry_dimension, "certified": r.certified,
                    "method": "fiber dim vs symmetry orbit rank", "detail": r.reason}

        out.append(Check("finite identifiability (fiber = symmetry orbit)", spec, SRC_KTB + "; " + SRC_CONV, compute))
    return out
