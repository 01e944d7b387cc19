"""Verification rows for the open architectures (THEOREMS.md sections 2, 4, 7)
and for arbitrary polynomial maps with classical answers.

The computed side is always algnet's own :func:`~algnet.analyses.dimension.dimension`
(modular Jacobian rank) or :func:`~algnet.analyses.degree.degree` (monodromy
and trace test); the predicted side is the closed form or the classical value.
"""

from __future__ import annotations

from itertools import product

from algnet import formulas as F
from algnet.theorems.verification import Check, run_analysis

SRC_GCONV = "Hendi-Persson-Larfors, arXiv:2603.29566"
SRC_ATT = "Henry-Marchetti-Kohn 2025, arXiv:2408.17221 (deep, varying widths)"
SRC_DENSE = "Usevich et al. 2025 (pyramidal); Finkel et al. 2024 (equi-width); Massarenti-Mella arXiv:2511.19703"
SRC_MM = "Massarenti-Mella, arXiv:2511.19703 (linear degree bound); Usevich et al. 2025"
SRC_RNC = "Harris, Algebraic Geometry, Ex. 1.14 / 18.9 (rational normal curve: degree d)"
SRC_SEGRE = "Harris, Algebraic Geometry, Ex. 18.15 (Segre P^(m-1) x P^(n-1): degree binom(m+n-2, m-1))"
SRC_RANK2 = "classical: a quadric is a product of two linear forms iff its symmetric matrix has rank <= 2 (det = 0)"
SRC_GFIB = "the translations of group convolutions around a coordinatewise activation (by hand)"
SRC_DISC = ("classical: l^2 m are the binary cubics with a double root, l1^2 m1 + l2^2 m2 the ternary cubics "
            "singular at l1 = l2 = 0 (the discriminant hypersurface); a form determines its factors up to scale")
SRC_RES = "by hand: A x + c (b.A x)^2 is any linear map plus the cone over P^1 x v2(P^1) (degree 2 * 1 * 2 = 4)"
SRC_VER = "Harris, Algebraic Geometry, Ex. 18.13 (Veronese v_d(P^(n-1)): degree d^(n-1))"

# S3 by composition of permutations of {0, 1, 2} (the table is computed, not typed)
_S3 = [(0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 1, 0), (1, 2, 0), (2, 0, 1)]
_S3_TABLE = [[_S3.index(tuple(g[h[i]] for i in range(3))) for h in _S3] for g in _S3]


def _dim_row(theorem, case, spec, predicted, source, seed=0):
    def compute():
        r = run_analysis("dimension", spec, seed=seed)
        return {"computed": r.dimension, "predicted": predicted, "certified": r.certified,
                "method": "jacobian rank mod p", "detail": r.reason}

    return Check(theorem, case, source, compute)


def _deg_row(theorem, case, spec, predicted, source, seed=0):
    def compute():
        r = run_analysis("degree", spec, seed=seed, method="monodromy", fiber=False)
        return {"computed": r.degree, "predicted": predicted,
                "agree": r.degree == predicted and bool(r.trace_test_passed),
                "method": "monodromy + trace test + Krawczyk", "certified": r.certified_distinct == r.degree,
                "detail": f"{r.paths} paths, trace residual {r.trace_test_residual:.1e}"}

    return Check(theorem, case, source, compute)


def _fiber_row(spec, predicted, seed=0):
    def compute():
        r = run_analysis("fibers", spec, seed=seed)
        return {"computed": r.fiber_count, "predicted": predicted,
                "agree": r.fiber_count == predicted and r.identifiable_up_to_dimension,
                "certified": r.evidence.certified, "method": r.count_method,
                "detail": r.reason}

    return compute


def _expected_by_hand(widths, degrees) -> int:
    """min(sum_l d_l d_(l-1) - sum of hidden widths, d_L binom(d_0 + D - 1, D)), D = prod r_l (THEOREMS 2 and 7).

    Examples
    --------
    >>> _expected_by_hand([3, 2, 3], [3]), _expected_by_hand([2, 2, 2, 2], [3, 3])   # 12 - 2; 12 - 4 (ambient 20)
    (10, 8)
    """
    from math import comb, prod

    D = prod(degrees)
    params = sum(a * b for a, b in zip(widths, widths[1:])) - sum(widths[1:-1])
    return min(params, widths[-1] * comb(widths[0] + D - 1, D))


def _map_spec(polys, params):
    return "map " + "; ".join(polys) + " params=" + ",".join(params)


def rational_normal_curve(d: int) -> str:
    """Spec of the cone over the rational normal curve of degree d: (s^d, s^(d-1) t, ..., t^d).

    Examples
    --------
    >>> rational_normal_curve(2)
    'map s^2*t^0; s^1*t^1; s^0*t^2 params=s,t'
    >>> from algnet.analyses.dimension import dimension
    >>> dimension(rational_normal_curve(3), seed=0).dimension        # the cone over a curve
    2
    """
    return _map_spec([f"s^{d - i}*t^{i}" for i in range(d + 1)], ["s", "t"])


def segre(m: int, n: int) -> str:
    """Spec of the cone over the Segre embedding of P^(m-1) x P^(n-1): all products a_i b_j.

    Examples
    --------
    >>> segre(2, 2)
    'map a0*b0; a0*b1; a1*b0; a1*b1 params=a0,a1,b0,b1'
    >>> from algnet.analyses.dimension import dimension
    >>> dimension(segre(2, 3), seed=0).dimension                     # cone over P^1 x P^2: 1 + 2 + 1
    4
    """
    a = [f"a{i}" for i in range(m)]
    b = [f"b{j}" for j in range(n)]
    return _map_spec([f"{x}*{y}" for x in a for y in b], a + b)


def veronese(n: int, d: int) -> str:
    """Spec of the cone over the degree-d Veronese embedding of P^(n-1): all monomials of degree d.

    Examples
    --------
    >>> veronese(2, 2)
    'map x1^2; x0^1*x1^1; x0^2 params=x0,x1'
    >>> from algnet.analyses.dimension import dimension
    >>> dimension(veronese(3, 2), seed=0).dimension                  # cone over P^2
    3
    """
    xs = [f"x{i}" for i in range(n)]
    monos = ["*".join(f"{x}^{k}" for x, k in zip(xs, e) if k) for e in product(range(d + 1), repeat=n) if sum(e) == d]
    return _map_spec(monos, xs)


def checks(quick: bool):
    """The architecture-theorem rows (dimension and degree of each family; more cases when not ``quick``).

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> row = run_check(next(c for c in checks(quick=True) if c.case == "gconv n=5 layers=2 r=2"))
    >>> row.computed, row.predicted, row.agree    # L(|G| - 1) + 1 with |G| = 5, L = 2
    (9, 9, True)
    """
    out = []
    # 7. group-convolutional networks over cyclic groups (and S3): L(|G| - 1) + 1
    gconv = [(3, 2, 2), (4, 2, 2), (5, 2, 2), (3, 3, 2), (4, 2, 3)]
    if not quick:
        gconv += [(6, 2, 2), (5, 3, 2), (7, 2, 3), (4, 4, 2)]
    for n, L, r in gconv:
        spec = f"gconv n={n} layers={L} r={r}"
        out.append(_dim_row("group-conv dimension L(|G|-1)+1", spec, spec, F.gconv_dimension(n, L), SRC_GCONV))
    # its generic fiber modulo the rescaling between the layers: the |G| translations w1(h) -> w1(a h),
    # w2(h) -> w2(h a^-1) (Z/3, r = 2: 3 points, a Groebner count over QQ of about 4 s: full run only)
    if not quick:
        spec = "gconv n=3 layers=2 r=2"
        out.append(Check("group-conv generic fiber = the |G| translations", spec, SRC_GCONV + "; " + SRC_GFIB,
                         _fiber_row(spec, 3)))
    s3 = f"layers GroupConv(Group({_S3_TABLE})), Power(2), GroupConv(Group({_S3_TABLE}))"
    out.append(_dim_row("group-conv dimension L(|G|-1)+1", "S3, 2 layers, r=2", s3, F.gconv_dimension(6, 2), SRC_GCONV))
    # 4. deep lightning attention with varying widths (non-increasing widths and ranks)
    att = [((3, 2, 2), (2, 2), 2), ((4, 3, 2), (2, 2), 2), ((3, 2, 1), (2, 1), 3), ((4, 2, 2), (2, 1), 2)]
    if not quick:
        att += [((4, 3, 3, 2), (2, 2, 2), 2), ((3, 3, 2, 2), (2, 2, 1), 2), ((4, 4, 2), (3, 2), 2)]
    for d, a, t in att:
        spec = f"attention d={','.join(map(str, d))} a={','.join(map(str, a))} t={t}"
        out.append(_dim_row("attention dimension (deep, varying widths)", spec, spec,
                            F.attention_dimension_widths(d, a), SRC_ATT))
    # 2/7. dense networks with one activation degree per hidden layer: pyramidal and equi-width
    dense = [("3-3-2-2", "2,3"), ("4-3-2-2", "3,2"), ("2-2-2-2", "2,3"), ("3-3-3-3", "3,2"), ("2-2-2-1", "3,4")]
    if not quick:
        dense += [("3-2-2-2", "2,3"), ("3-3-3-3", "2,3"), ("4-3-3-2", "2,3"), ("2-2-2-2-2", "2,3,4")]
    for w, r in dense:
        ws = [int(x) for x in w.split("-")]
        rs = [int(x) for x in r.split(",")]
        spec = f"dense {w} r={r}"
        out.append(_dim_row("dense per-layer degrees: expected dimension", spec, spec,
                            F.dense_expected_dimension(ws, rs), SRC_DENSE))
    # 7. the linear degree bound: r_l >= 2 d_l - 1 on every hidden layer gives the expected dimension (no defect) for
    # any number of outputs; the expected value min(parameters - hidden units, ambient) is counted here by hand
    mm = [("3-2-3", "3"), ("2-3-2", "5"), ("2-2-2-2", "3,3")]
    if not quick:
        mm += [("3-3-1", "5"), ("3-2-2-2", "3,3"), ("2-3-3", "5"), ("4-3-2", "5")]
    for w, r in mm:
        ws, rs = [int(x) for x in w.split("-")], [int(x) for x in r.split(",")]
        rs = rs * (len(ws) - 2) if len(rs) == 1 else rs
        assert all(rl >= 2 * dl - 1 for rl, dl in zip(rs, ws[1:-1]))        # the theorem's hypothesis
        out.append(_dim_row("dense r_l >= 2d_l - 1: expected dimension",
                            f"dense {w} r={r}", f"dense {w} r={r}", _expected_by_hand(ws, rs), SRC_MM))
    # arbitrary maps with classical answers: dimension (of the cone) and degree
    maps = [("rational normal curve", f"d={d}", rational_normal_curve(d), 2, d, SRC_RNC) for d in (3, 4)]
    maps += [("Segre", "P1 x P1", segre(2, 2), 3, 2, SRC_SEGRE), ("Segre", "P1 x P2", segre(2, 3), 4, 3, SRC_SEGRE),
             ("Veronese", "v2(P2)", veronese(3, 2), 3, 4, SRC_VER)]
    if not quick:
        maps += [("rational normal curve", "d=6", rational_normal_curve(6), 2, 6, SRC_RNC),
                 ("Segre", "P2 x P2", segre(3, 3), 5, 6, SRC_SEGRE),
                 ("Veronese", "v3(P2)", veronese(3, 3), 3, 9, SRC_VER)]
    # the Product combinator: products of two ternary linear forms are the quadrics of rank <= 2, the cubic
    # hypersurface det of the symmetric 3 x 3 matrix (dimension 5 of 6, degree 3)
    prod_spec = "layers Product(Linear(3, 1), Linear(3, 1))"
    for what, f, value in (("dimension", _dim_row, 5), ("degree", _deg_row, 3)):
        out.append(f(f"Product layer: quadrics of rank <= 2, {what}", prod_spec, prod_spec, value, SRC_RANK2))
    out += _layer_rows(quick)
    for name, case, spec, dim, deg, src in maps:
        out.append(_dim_row(f"{name}: dimension (arbitrary map)", case, spec, dim, src))
        out.append(_deg_row(f"{name}: degree (arbitrary map)", case, spec, deg, src))
    return out




def _known_fiber_row(spec, predicted, seed=0):
    """As ``_fiber_row``, and every point of the fiber is one of the known finite symmetries."""
    def compute():
        r = run_analysis("fibers", spec, seed=seed)
        known = r.finite_symmetry_order == predicted and bool(r.only_known_symmetries)
        return {"computed": r.fiber_count, "predicted": predicted,
                "agree": r.fiber_count == predicted and r.identifiable_up_to_dimension and known,
                "certified": r.evidence.certified, "method": r.count_method,
                "detail": f"{r.reason}; known finite symmetries {r.finite_symmetry_order}"}

    return compute


def _layer_rows(quick: bool) -> list:
    """Rows of networks written in the layer language: Product branches ending in a power (their units rescale
    between the branches; the exchange of equal branches), a residual block at the output."""
    out = []
    cubic = "layers Product([Linear(2, 1), Power(2)], Linear(2, 1))"
    out.append(_dim_row("Product layer: binary cubics with a double root, dimension", cubic, cubic, 3, SRC_DISC))
    out.append(Check("Product layer: generic fiber of (a.x)^2 (b.x) = the rescaling orbit", cubic, SRC_DISC,
                     _fiber_row(cubic, 1)))
    quad = "layers Product(Linear(2, 1), Linear(2, 1))"
    out.append(Check("Product layer: generic fiber of (a.x)(b.x) = the two orders of the factors, both known", quad,
                     SRC_DISC, _known_fiber_row(quad, 2)))
    sing = "layers Product([Linear(3, 2), Power(2)], Linear(3, 2)), Linear(2, 1)"
    out.append(_dim_row("Product layer: ternary cubics singular at a point, dimension", sing, sing, 9, SRC_DISC))
    res = "layers Linear(2, 2), Residual([Linear(2, 1), Power(2), Linear(1, 2)])"
    out.append(_dim_row("Residual block at the output: dimension", res, res, 7, SRC_RES))
    out.append(Check("Residual block at the output: generic fiber = the unit's rescaling", res, SRC_RES,
                     _fiber_row(res, 1)))
    if not quick:
        out.append(_deg_row("Residual block at the output: degree", res, res, 4, SRC_RES))
        out.append(_deg_row("Product layer: ternary cubics singular at a point, degree 12", sing, sing, 12, SRC_DISC))
    return out
