"""Arbitrary polynomial maps and layer-language networks against Macaulay2.

Cases nobody checked before: maps that are not homogeneous (constant terms, mixed degrees), not dominant, with
positive-dimensional generic fibers or weighted gradings, and networks with biases, custom activations, residual and
product layers. The referee is Macaulay2 (``ker`` of the ring map: its Krull dimension and degree, the ideal
itself, the affine Hilbert function from the homogenized Groebner basis; the ED degree from the critical ideal
saturated by the singular locus), fed with the maps written by hand (sympy expansion of the network written out in
this file, not algnet's own expansion). Skipped where M2 is not installed.
"""

import os
import random
import shutil
import subprocess
import tempfile

import pytest
import sympy as sp

import algnet
from algnet.analyses.critical import ed_degree

pytestmark = pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")


def _m2(src: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(src + "\nexit 0\n")
    try:
        out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300)
    finally:
        os.unlink(fh.name)
    res = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    assert res, out.stdout + out.stderr[-2000:]
    return res


def _m2_kernel(polys, params, up_to, equations):
    """Macaulay2's kernel of (params) -> (polys): dim, degree, Hilbert function (graded when the kernel is
    homogeneous, else the affine one: polynomials of degree <= e modulo I), and whether ``equations`` (strings in
    y0, y1, ...) generate it."""
    m = len(polys)
    ys = ",".join(f"y{i}" for i in range(m))
    src = f"""
R = QQ[{",".join(params)}]; S = QQ[{ys}];
I = ker map(R, S, {{{", ".join(polys)}}});
J = ideal({", ".join(equations) or "0_S"});
Sh = QQ[zz_0..zz_{m - 1}, hvar]; phi = map(Sh, S, toList(zz_0..zz_{m - 1}));
Ih = homogenize(phi ideal gens gb I, hvar);
H = if isHomogeneous I then apply(0..{up_to}, e -> hilbertFunction(e, S/I)) else apply(0..{up_to}, e -> hilbertFunction(e, Sh/Ih));
print("DIM " | toString dim I); print("DEG " | toString degree I);
print("HF " | toString toList H); print("SAME " | toString(I == J));
"""
    r = _m2(src)
    return int(r["DIM"]), int(r["DEG"]), tuple(int(v) for v in r["HF"].strip("{}").split(",")), r["SAME"] == "true"


def _check_against_m2(net, polys, params, up_to=5):
    d = algnet.dimension(net, seed=0)
    h = algnet.hilbert_function(net, up_to=up_to, seed=0)
    im = algnet.implicitize(net, max_degree=up_to, seed=0)
    eqs = [g.to_string([f"y{i}" for i in range(len(polys))]) for g in im.generators]
    g = algnet.degree(net, seed=0)
    dim, deg, hf, same = _m2_kernel(polys, params, up_to, eqs)
    assert d.dimension == dim and d.certified
    assert tuple(h.values) == hf
    assert im.complete_up_to_degree >= up_to and same         # the equations found generate I(M)
    assert g.degree == deg and not g.partial


MAPS = [
    # positive-dimensional generic fibers (a*b), not dominant (a surface in 4-space), not homogeneous
    pytest.param(["a*b", "a*b*c", "c^2", "(a*b)^2 + c"], ["a", "b", "c"], id="fibers-surface", marks=pytest.mark.slow),
    # a constant term: an affine translate of a cone
    pytest.param(["1 + a", "a*b", "b^2"], ["a", "b"], id="translate"),
    # weighted homogeneous, not homogeneous: y2^6 = y0^3 y1^2, degree 6
    pytest.param(["a^2", "b^3", "a*b"], ["a", "b"], id="weighted", marks=pytest.mark.slow),
    # power sums: not homogeneous in the y's, four generators of degree 3
    pytest.param(["a + b", "a^2 + b^2", "a^3 + b^3", "a^4 + b^4"], ["a", "b"], id="power-sums", marks=pytest.mark.slow),
    # an affine-linear equation and a quadric
    pytest.param(["a*c", "a*d", "b*c", "b*d", "a*c + b*d + 1"], ["a", "b", "c", "d"], id="affine-linear"),
    # a parameter the map does not use (fiber dimension 1): the twisted cubic curve
    pytest.param(["t", "t^2", "t^3"], ["t", "s"], id="unused-parameter"),
    # a dense non-homogeneous surface of degree 4
    pytest.param(["a^2 - b", "a*b + 2", "b^2 + a - 3"], ["a", "b"], id="dense-affine", marks=pytest.mark.slow),
    # finite generic fibers of 2 and 3 points (t and -t; the cube roots of unity acting on (a, b))
    pytest.param(["t^2", "t^4"], ["t"], id="fiber-2"),
    pytest.param(["a^2*b", "a*b^2", "a^3+b^3", "a*b"], ["a", "b"], id="fiber-3", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("polys, params", MAPS)
def test_polynomial_map_against_macaulay2(polys, params):
    """dimension, Hilbert function, implicit equations (the same ideal as M2's kernel) and degree (monodromy)."""
    _check_against_m2(algnet.parametrization(polys, params=params), polys, params, up_to=6 if len(polys) < 5 else 5)


x0, x1 = sp.symbols("x0 x1")


def _hand_network(spec):
    """The network written out by hand: (list of output polynomials in x, input variables)."""
    S = sp.symbols
    if spec == "dense 2-3-1 act=0,1,1/2":                     # t -> t + t^2/2, no biases
        w, v = S("w0:6"), S("v0:3")
        pre = [w[2 * i] * x0 + w[2 * i + 1] * x1 for i in range(3)]
        return [sum(v[i] * (pre[i] + sp.Rational(1, 2) * pre[i] ** 2) for i in range(3))], (x0, x1)
    if spec == "dense 2-2-2 r=2 bias":
        a, b, c, d, e, f = S("a b c d e f")
        V, k = sp.Matrix(2, 2, S("v0:4")), S("k0:2")
        h = [(a * x0 + b * x1 + e) ** 2, (c * x0 + d * x1 + f) ** 2]
        return [V[i, 0] * h[0] + V[i, 1] * h[1] + k[i] for i in range(2)], (x0, x1)
    if spec == "dense 2-1-2 act=0,1,1 bias":
        a, b, c, v1, v2, k1, k2 = S("a b c v1 v2 k1 k2")
        t = a * x0 + b * x1 + c
        return [v1 * (t + t ** 2) + k1, v2 * (t + t ** 2) + k2], (x0, x1)
    if spec == "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1)":
        A, B, C = sp.Matrix(2, 2, S("a0:4")), sp.Matrix(2, 2, S("b0:4")), sp.Matrix(1, 2, S("c0:2"))
        h = A * sp.Matrix([x0, x1])
        z = B * h
        return [(C * (h + sp.Matrix([z[0] ** 2, z[1] ** 2])))[0]], (x0, x1)
    if spec == "layers Product(Linear(2, 1, bias=True), Linear(2, 1)), Polynomial(1, 1, 1)":
        a, b, e, c, d = S("a b e c d")
        t = (a * x0 + b * x1 + e) * (c * x0 + d * x1)
        return [1 + t + t ** 2], (x0, x1)
    raise KeyError(spec)


NETS = ["dense 2-3-1 act=0,1,1/2", pytest.param("dense 2-2-2 r=2 bias", marks=pytest.mark.slow),
        pytest.param("dense 2-1-2 act=0,1,1 bias", marks=pytest.mark.slow),
        "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1)",
        pytest.param("layers Product(Linear(2, 1, bias=True), Linear(2, 1)), Polynomial(1, 1, 1)",
                     marks=pytest.mark.slow)]


@pytest.mark.parametrize("spec", NETS)
def test_layer_language_network_against_macaulay2(spec):
    """The coordinates are the coefficients of the outputs in the network's monomial order; M2 gets the
    coefficients of the hand-written expansion in that order."""
    net = algnet.parse_spec(spec)
    outs, xs = _hand_network(spec)
    polys = []
    for o in outs:
        P = sp.Poly(sp.expand(o), *xs)
        polys += [P.coeff_monomial(tuple(m)) for m in net.output_monomials()]
    params = sorted({str(s) for p in polys for s in sp.sympify(p).free_symbols})
    strs = [str(sp.expand(p)).replace("**", "^") for p in polys]
    _check_against_m2(net, [s if s != "0" else "0_R" for s in strs], params, up_to=4)


def _m2_ed_degree(polys, params, generic, seed=1):
    """Degree of the critical ideal of l(y) = (y - u)^T Q (y - u) on V = ker: I + (c+1)-minors of [Jac(I); Q(y-u)],
    saturated by the singular locus (I + c-minors of Jac(I)), at a random rational u (Q = I, or a random positive
    definite integer matrix)."""
    m, rnd = len(polys), random.Random(seed)
    u = ",".join(f"{rnd.randint(-50, 50)}/{rnd.randint(1, 13)}" for _ in range(m))
    Q = [[int(i == j) for j in range(m)] for i in range(m)]
    if generic:
        A = [[rnd.randint(-5, 5) for _ in range(m)] for _ in range(m)]
        Q = [[sum(A[k][i] * A[k][j] for k in range(m)) + m * (i == j) for j in range(m)] for i in range(m)]
    Qs = "matrix{" + ",".join("{" + ",".join(map(str, r)) + "}" for r in Q) + "}"
    src = f"""
R = QQ[{",".join(params)}]; S = QQ[{",".join(f"y{i}" for i in range(m))}];
I = ker map(R, S, {{{", ".join(polys)}}}); c = codim I; u = {{{u}}};
J = jacobian I; g = {Qs} * transpose matrix{{apply({m}, i -> (gens S)#i - u#i)}};
E = saturate(I + minors(c + 1, (transpose J) || transpose g), I + minors(c, transpose J));
print("ED " | toString degree E); print("DIM " | toString dim E);
"""
    r = _m2(src)
    assert r["DIM"] == "0"
    return int(r["ED"])


ED_MAPS = [
    pytest.param(["a*b", "a*b*c", "c^2", "(a*b)^2 + c"], ["a", "b", "c"], id="fibers-surface",
                 marks=pytest.mark.slow),                   # M2's saturation: about 30 CPU s
    pytest.param(["1 + a", "a*b", "b^2"], ["a", "b"], id="translate"),
    pytest.param(["a*c", "a*d", "b*c", "b*d", "a*c + b*d + 1"], ["a", "b", "c", "d"], id="affine-linear",
                 marks=pytest.mark.slow),
    pytest.param(["u*v", "v", "u^2"], ["u", "v"], id="whitney-umbrella"),
    pytest.param(["a*b", "a*c", "b", "c^2"], ["a", "b", "c"], id="fibers-threefold", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("polys, params", ED_MAPS)
@pytest.mark.parametrize("metric", ["frobenius", "generic"])
def test_ed_degree_of_map_against_macaulay2(polys, params, metric):
    """ED degree (Frobenius and generic metric) of affine, non-homogeneous images with positive-dimensional or
    finite fibers, against the saturated critical ideal (the method of bench/bench_critical.py)."""
    r = ed_degree(algnet.parametrization(polys, params=params), metric=metric, seed=0)
    assert r.ed_degree == _m2_ed_degree(polys, params, metric == "generic")
