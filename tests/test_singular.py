"""Singular locus and subnetwork strata, checked against theorems and hand computations.

Truths used:
* determinantal varieties (Bruns-Vetter): Sing{rank <= r} = {rank <= r-1}; the
  (r+1)-minors generate the (prime) ideal; dim{rank <= s} = s(m + n - s).
* polynomial convolutional networks (Shahverdi-Marchetti-Kohn, THEOREMS.md 3):
  singular points come from subnetworks and are nodal. Hand computation for
  k = (2, 2), r = 2: f = w2_0 (w1_0 x0 + w1_1 x1)^2 + w2_1 (w1_0 x1 + w1_1 x2)^2;
  the point lambda*x1^2 has the preimages w1=(0,1), w2=(lambda,0) and
  w1=(1,0), w2=(0,lambda) with tangent planes <x1^2, x2^2, x0 x1> and
  <x0^2, x1^2, x1 x2>, meeting in the line <x1^2>.
* lightning attention a = d = t = 2, d' = 1 (Henry-Marchetti-Kohn; seed
  slide): f_j = v^T X X^T A x_j depends on S_j = sym(v a_j^T) (a_j the
  columns of A = K^T Q). Pairs of binary quadrics with a common real linear
  factor; rank-one A gives two preimages (v, a c^T), (a, v c^T): a node.
  When moreover v is parallel to a (V = K[0]) the two branches meet, the
  Jacobian drops rank, and nearby real points (q0 c1, q0 c2) with q0 definite
  are in the Zariski closure but not in M: boundary points.
* dense 3-2-1, r = 2: M = ternary quadrics of rank <= 2 (det = 0, an
  irreducible cubic), Sing = quadrics of rank <= 1.
"""

import numpy as np
import pytest
import sympy

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.singular import (
    SlicedNetwork,
    analyze_point,
    is_singular,
    limit_tangent_plane,
    rank_drop_locus,
    strata,
    stratum_networks,
)
from algnet.core.linalg import rank_qq
from algnet.errors import ParameterError


def by_name(res):
    return {s.name: s for s in res.strata}


@pytest.fixture(scope="module")
def conv22():
    return strata(parse_spec("conv k=2,2 r=2"), depth=2, seed=0)


# ------------------------------------------------------------ determinantal
@pytest.mark.parametrize("spec,m,n,r", [("linear 4-2-3", 3, 4, 2), ("linear 4-3-4", 4, 4, 3)])
def test_determinantal_singular_strata(spec, m, n, r):
    res = strata(parse_spec(spec), depth=2, seed=1)
    assert res.dimension == r * (m + n - r)
    for s in res.strata:
        rk = r - sum(s.key)  # rank bound of the stratum: one neuron of the bottleneck removed per step
        assert s.dimension == rk * (m + n - rk)
        if rk == r:
            assert s.status == "smooth"
        else:  # Sing(rank <= r) = rank <= r - 1, and everything below it
            assert s.status == "singular" and s.singular and s.certified
            assert s.nodal is False
    # the rank-drop locus: every stratum below the top, and the cone's vertex (the zero matrix, rank 0 at theta = 0)
    # when no stratum already maps to it
    vertex = [d for d in rank_drop_locus(res) if d["kind"] == "cone vertex"]
    assert [d["nature"] for d in rank_drop_locus(res)] == ["singular point"] * (len(res.strata) - 1 + len(vertex))
    assert len(vertex) == (res.vertex is not None) and all(d["rank"] == 0 for d in vertex)


def test_determinantal_nonbottleneck_is_smooth():
    # 2x2 matrices of rank <= 2 = everything: a smooth point even where mu drops rank
    res = strata(parse_spec("linear 2-2-2"), seed=0)
    s = by_name(res)["widths 2-1-2"]
    assert s.dimension == 3 and s.rank_drop and s.status == "smooth" and s.singular is False
    assert rank_drop_locus(res)[0]["nature"] == "smooth point through a degenerate parametrization"


def _minors_equations(m, n, r):
    a = sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"a{i}_{j}"))
    variables = [a[i, j] for i in range(m) for j in range(n)]
    from itertools import combinations

    eqs = [a.extract(list(R), list(C)).det() for R in combinations(range(m), r + 1)
           for C in combinations(range(n), r + 1)]
    return eqs, variables


def test_determinantal_exact_test_with_minors():
    net = parse_spec("linear 4-2-3")
    eqs, variables = _minors_equations(3, 4, 2)
    W1 = [[1, 2, 0, 1], [0, 1, 1, 3]]
    W2 = [[1, 0], [2, 1], [0, 3]]
    rank_two = np.array(W1).ravel().tolist() + np.array(W2).ravel().tolist()
    r2 = is_singular(net, theta=rank_two, equations=eqs, variables=variables, complete=True)
    assert r2.singular is False and r2.certified and r2.equation_rank == 2 == r2.codimension
    rank_one = [1, 2, 0, 1, 0, 0, 0, 0] + [1, 0, 2, 0, 0, 0]
    M = sympy.Matrix(3, 2, [1, 0, 2, 0, 0, 0]) * sympy.Matrix(2, 4, [1, 2, 0, 1, 0, 0, 0, 0])
    assert M.rank() == 1
    r1 = is_singular(net, theta=rank_one, equations=eqs, variables=variables, complete=True)
    assert r1.singular is True and r1.certified and r1.decided_by.startswith("equations")
    # the equation-free test agrees, and is exact
    r1b = is_singular(net, theta=rank_one)
    assert r1b.singular is True and r1b.certified and "fiber tangent" in r1b.decided_by


def test_is_singular_from_coefficients():
    net = parse_spec("linear 2-1-2")   # the quadric cone xw - yz = 0; singular only at 0
    r = is_singular(net, f=[[2, 4], [3, 6]])           # rank one, nonzero: smooth
    assert r.singular is False
    r0 = is_singular(net, theta=[0, 0, 0, 0])
    assert r0.singular is True and r0.certified
    with pytest.raises(ParameterError):
        is_singular(net)


def test_limit_tangent_planes():
    net = parse_spec("linear 2-1-2")
    # at a full-rank point the limit is the tangent plane itself
    from algnet.analyses.singular.primitives import _exact_jac, sample_inputs

    X, _ = sample_inputs(net, 0)
    th = [1, 2, 3, 5]
    L = limit_tangent_plane(net, th, [1, -1, 2, 0], X=X)
    J = _exact_jac(net, th, X)
    assert L.shape[1] == 3 and rank_qq(np.concatenate([L, J], axis=1)) == 3
    # at the cone's vertex the limits depend on the direction (tangent plane of xw - yz at A is adj(A)-orthogonal)
    L1 = limit_tangent_plane(net, [0, 0, 0, 0], [1, 0, 1, 0], X=X)
    L2 = limit_tangent_plane(net, [0, 0, 0, 0], [0, 1, 0, 1], X=X)
    assert rank_qq(np.concatenate([L1, L2], axis=1)) == 4


# ------------------------------------------------------------ convolutional
def test_conv_singular_strata_are_nodal(conv22):
    res = conv22
    st = by_name(res)
    # the two depth-2 strata with image {lambda x1^2} are the singular ones (hand computation)
    for name in ("w1=(0,*) w2=(*,0)", "w1=(*,0) w2=(0,*)"):
        assert st[name].status == "singular" and st[name].nodal is True and st[name].dimension == 1
    sing = [s for s in res.strata if s.singular]
    assert sing and all(s.nodal for s in sing)         # THEOREMS.md 3: singular points are nodal
    assert all(not s.rank_drop for s in res.strata)     # constant rank: no spurious critical points


def test_conv_node_by_hand():
    net = parse_spec("conv k=2,2 r=2")
    a = analyze_point(net, [0, 1, 3, 0], dimension=3, stratum_dimension=1, seed=2)
    assert a.singular and a.nodal and a.branch_planes == 2 and a.intersections == (1,)
    assert a.certified   # both preimages exact: w1=(1,0), w2=(0,3) is rational


def test_conv_larger_filters_nodal():
    res = strata(parse_spec("conv k=3,2 r=2"), depth=2, seed=3, starts=1)
    sing = [s for s in res.strata if s.singular]
    assert len(sing) >= 2 and all(s.nodal for s in sing)


# ------------------------------------------------------------ attention
def test_attention_rank_one_and_boundary():
    net = parse_spec("attention d=2 a=2 dout=1 t=2")
    res = strata(net, seed=0)
    st = by_name(res)
    assert res.dimension == 5
    head = st["attention ranks 1"]
    assert head.dimension == 4 and head.status == "singular" and head.nodal is True
    r1 = [s for s in res.strata if s.kind == "rank-one network"][0]
    assert r1.dimension == 3 and r1.rank_drop and r1.rank < 5
    assert r1.boundary is True and r1.status == "boundary" and r1.singular and r1.nodal is False
    natures = {d["name"]: d["nature"] for d in rank_drop_locus(res)}
    assert natures[r1.name] == "boundary point"


def test_attention_boundary_witness_is_outside_M():
    # the witness family of the boundary test: (c1 q0, c2 q0) with q0 definite is a real point of the
    # Zariski closure (a common complex root) but not in M (det sym(v a^T) = -(v x a)^2/4 <= 0).
    v, a = sympy.symbols("v0 v1"), sympy.symbols("a0 a1")
    S = sympy.Matrix(2, 2, lambda i, j: (v[i] * a[j] + v[j] * a[i]) / 2)
    assert sympy.factor(S.det()) == -(v[0] * a[1] - v[1] * a[0]) ** 2 / 4


# ------------------------------------------------------------ dense
def test_dense_quadrics_rank_one_singular():
    net = parse_spec("dense 3-2-1 r=2")
    res = strata(net, seed=0)
    s = by_name(res)["widths 3-1-1"]
    assert s.status == "singular" and s.certified and s.nodal is False
    # exact test with the determinant of the symmetric matrix of the quadric
    names = net.coordinate_names()
    c = sympy.symbols([f"c{i}" for i in range(len(names))])
    idx = {nm: c[i] for i, nm in enumerate(names)}
    xs = net.input_names()

    def coef(i, j):
        if i == j:
            return idx[f"c[{xs[i]}^2]"]
        key = f"c[{xs[min(i, j)]}*{xs[max(i, j)]}]"
        return idx[key] / 2

    det = sympy.Matrix(3, 3, lambda i, j: coef(i, j)).det()
    th = list(s.point)
    r = is_singular(net, theta=th, equations=[det], variables=c, complete=True)
    assert r.singular is True and r.equation_rank == 0
    gen = is_singular(net, theta=[1, 2, 0, 0, 1, 3, 1, -1], equations=[det], variables=c)
    assert gen.singular is False and gen.equation_rank == 1


def test_dense_rank_drop_strata():
    # rank W1 <= 1 in dense 3-2-1 r=2 computes c (v.x)^2: the rank <= 1 quadrics again, singular
    st = by_name(strata(parse_spec("dense 3-2-1 r=2"), seed=0, starts=2))
    assert st["rank W1 <= 1"].dimension == 3 and st["rank W1 <= 1"].status == "singular"
    assert st["rank W1 <= 1"].kind == "layer rank dropped"


def test_dense_report_runs():
    res = strata(parse_spec("dense 2-2-2 r=2"), seed=0, starts=2)
    assert res.strata[0].status == "smooth"
    # M fills its ambient space C^6: all strata are smooth points of the closure
    assert all(s.singular is False for s in res.strata)
    assert {s.status for s in res.strata} <= {"smooth", "singular", "boundary"}
    d = res.as_dict()
    assert all({"name", "dimension", "status", "nodal"} <= set(x) for x in d["strata"])


# ------------------------------------------------------------ plumbing
def test_sliced_network_dimension_and_symmetries():
    net = parse_spec("attention d=2 a=2 dout=1 t=2")
    pairs = stratum_networks(net, depth=1)
    names = [s.name for s, _ in pairs]
    assert names[0] == "attention ranks 2"
    sub = dict((s.name, n) for s, n in pairs)["attention ranks 1"]
    assert isinstance(sub, SlicedNetwork) and sub.n_params == 6
    assert dimension(sub, seed=0).dimension == 4   # formula 2ad + dd' - a^2 - 1 with a = 1
    theta = sub.random_params(seed=1, bound=5)
    assert (sub.evaluate(theta, [[[1, 2], [3, 4]]]) == net.evaluate(sub.embed(theta), [[[1, 2], [3, 4]]])).all()


def test_strata_graph_and_plot(tmp_path, conv22):
    res = conv22
    G = res.graph
    assert G.number_of_nodes() == len(res.strata)
    assert G.has_edge("w1=(*,*) w2=(*,*)", "w1=(0,*) w2=(*,*)")
    assert G.has_edge("w1=(0,*) w2=(*,*)", "w1=(0,*) w2=(*,0)")
    for a, b in G.edges:
        assert by_name(res)[b].dimension <= by_name(res)[a].dimension
    out = tmp_path / "strata.png"
    res.plot(out)
    assert out.stat().st_size > 1000
    assert "nodal" in res.table()
