"""Product branches that end in activations after their unit-bearing layer: the rescaling of each unit (up in one
branch, down in the other or in the next layer) is a known symmetry, checked by hand moves and hand fibers."""

import os
import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import critical_points, ed_degree
from algnet.theorems.verification import run_analysis

P = 268435399


def _rank_gf(A):
    A = [[int(v) % P for v in r] for r in A]
    rank, cols = 0, len(A[0]) if A else 0
    for c in range(cols):
        piv = next((i for i in range(rank, len(A)) if A[i][c]), None)
        if piv is None:
            continue
        A[rank], A[piv] = A[piv], A[rank]
        inv = pow(A[rank][c], P - 2, P)
        A[rank] = [v * inv % P for v in A[rank]]
        for i in range(len(A)):
            if i != rank and A[i][c]:
                f = A[i][c]
                A[i] = [(v - f * w) % P for v, w in zip(A[i], A[rank])]
        rank += 1
    return rank


def test_a_squared_branch_times_a_linear_branch_keeps_the_rescaling():
    # (a.x)^2 (b.x): a -> 2a, b -> b/4 is the same cubic (by hand); the binary cubic determines its double root
    # and its simple root, so the fiber is this rescaling orbit: one point, nothing hidden
    spec = "layers Product([Linear(2, 1), Power(2)], Linear(2, 1))"
    net = parse_spec(spec)
    x = [[1, 2], [-3, 5], [7, -1]]
    assert net.evaluate([3, -1, 8, 4], x).tolist() == net.evaluate([6, -2, 2, 1], x).tolist()
    r = run_analysis("fibers", spec, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension) == (1, 1)
    assert r.identifiable_up_to_dimension and r.fiber_count == 1


def test_two_units_of_squared_times_linear_ternary_forms():
    # v1 l1^2 m1 + v2 l2^2 m2 is singular where l1 = l2 = 0: the image is the discriminant hypersurface of the
    # ternary cubics (dimension 9 of 10), fiber 14 - 9 = 5; each unit rescales l_i by s and m_i by t (v_i by
    # 1/(s^2 t)): 4 known directions, and x^2 (m1 + c y) + y^2 (m2 - c x) is the one hidden direction
    spec = "layers Product([Linear(3, 2), Power(2)], Linear(3, 2)), Linear(2, 1)"
    net = parse_spec(spec)
    th = [int(v) for v in np.random.default_rng(3).integers(-6, 7, net.n_params)]
    assert _rank_gf(net.symmetry_tangents(th, p=P).tolist()) == 4
    a, b, v = np.array(th[:6]).reshape(2, 3), np.array(th[6:12]).reshape(2, 3), th[12:]
    x = [[1, 2, -1], [0, 3, 5], [-2, 1, 4]]
    moved = list((a * [[2], [1]]).ravel()) + list((b * [[1], [3]]).ravel()) + [v[0] * 3, v[1] * 4]
    # unit 0: 3 v0 (2 l0)^2 m0, unit 1: 4 v1 l1^2 (3 m1): the output times 12
    assert net.evaluate(moved, x).tolist() == (12 * np.array(net.evaluate(th, x), dtype=object)).tolist()
    r = run_analysis("fibers", spec, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension, r.finite_symmetry_order) == (5, 4, 2)
    assert not r.identifiable_up_to_dimension


def test_different_powers_in_the_branches_balance_with_their_degrees():
    # c (a.x)^4 (b.x)^6 (dimension 3: two roots and a scalar, fiber 5 - 3 = 2); a -> s^3 a, b -> s^-2 b keeps
    # the product (s = 2: a -> 8a, b -> b/4), then Power(2) and C
    spec = "layers Product([Linear(2, 1), Power(2)], [Linear(2, 1), Power(3)]), Power(2), Linear(1, 1)"
    net = parse_spec(spec)
    x = [[1, 2], [-3, 5]]
    assert net.evaluate([1, -1, 8, 4, 5], x).tolist() == net.evaluate([8, -8, 2, 1, 5], x).tolist()
    th = [3, -1, 8, 4, 5]
    assert _rank_gf(net.symmetry_tangents(th, p=P).tolist()) == 2      # the balance and the move into C
    r = run_analysis("fibers", spec, seed=0)
    assert (r.fiber_dimension, r.symmetry_dimension) == (2, 2) and r.identifiable_up_to_dimension


def test_exchanging_a_unit_between_equal_branches_is_a_known_symmetry():
    # (a.x)(b.x) = (b.x)(a.x): a binary quadric factors in two orders (mod the rescaling), both known now
    for spec, order in (("layers Product(Linear(2, 1), Linear(2, 1))", 2),
                        ("layers Product(Linear(1, 1, bias=True), Linear(1, 1, bias=True))", 2)):
        r = run_analysis("fibers", spec, seed=0)
        assert (r.fiber_count, r.finite_symmetry_order) == (2, order) and r.only_known_symmetries
    # one weight per unit: (a x)(b x) = ab x^2, the exchange is the rescaling s = b / a (one point, order 1)
    r = run_analysis("fibers", "layers Product(Linear(1, 1), Linear(1, 1))", seed=0)
    assert (r.fiber_count, r.finite_symmetry_order) == (1, 1)


def test_the_exchange_moves_only_its_unit_and_keeps_the_function():
    spec = "layers Product([Linear(2, 2), Polynomial(0, 1, 1)], [Linear(2, 2), Polynomial(0, 1, 1)])"
    net = parse_spec(spec)
    th = [1, 2, -3, 1, 4, -1, 2, 5]
    acts = net.finite_actions()
    assert len(acts) == 2 and net.finite_symmetry_order() == 4
    moved = acts[1](np.array([th], dtype=object))[0]
    assert [int(v) for v in moved] == [1, 2, 2, 5, 4, -1, -3, 1]     # row 1 of W1 and W2 exchanged
    x = [[1, 2], [-3, 5], [2, 2]]
    assert net.evaluate(moved, x).tolist() == net.evaluate(th, x).tolist()
    # per unit (l + l^2)(m + m^2) gives l m (its degree-2 part) and so {l, m}: the fiber is the 2^2 exchanges
    r = run_analysis("fibers", spec, seed=0)
    assert (r.fiber_dimension, r.fiber_count) == (0, 4)


def test_unequal_or_deep_branches_are_not_exchanged_unit_by_unit():
    net = parse_spec("layers Product([Linear(2, 1), Power(2)], Linear(2, 1))")
    assert "exchange" not in net.finite_symmetry_description()
    # equal deep branches: a unit's weights cannot move alone (the last layer mixes them), the branches whole can
    net = parse_spec("layers Product([Linear(2, 2), Power(2), Linear(2, 2)], [Linear(2, 2), Power(2), Linear(2, 2)])")
    assert "exchange of a unit" not in net.finite_symmetry_description()
    assert "exchange of the two branches" in net.finite_symmetry_description()


@pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")
def test_ed_degrees_of_the_double_root_cubics_against_macaulay2():
    # M2 eliminates the weights from (a.x)^2 (b.x) (the discriminant, by its own kernel) and saturates the
    # critical ideal of sum w_i (p_i - u_i)^2 by the singular locus: Frobenius weights 1, Bombieri 1/binom(3, i)
    src = """R = QQ[a1,a2,b1,b2]; S = R[x,y];
f = (a1*x + a2*y)^2 * (b1*x + b2*y);
T = QQ[p0,p1,p2,p3]; vs = gens T;
phi = map(R, T, apply({x^3, x^2*y, x*y^2, y^3}, m -> coefficient(m, f)));
K = ker phi; disc = K_0;
G = matrix{apply(vs, v -> diff(v, disc))}; sing = ideal(disc) + ideal(G); u = {2, -3, 5, 7};
ed = w -> degree saturate(ideal(disc) + minors(2, G || matrix{apply(4, i -> w#i * (vs#i - u#i))}), sing);
print("gens " | toString(numgens K) | " " | toString(first degree disc));
print("frobenius " | toString(ed {1, 1, 1, 1}));
print("bombieri " | toString(ed {3, 1, 1, 3}));
exit 0
"""
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(src)
    try:
        out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300).stdout
    finally:
        os.unlink(fh.name)
    res = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert res["gens"] == "1 4", out                                 # the quartic discriminant
    net = parse_spec("layers Product([Linear(2, 1), Power(2)], Linear(2, 1))")
    for metric in ("frobenius", "bombieri"):
        assert ed_degree(net, metric=metric, seed=0).ed_degree == int(res[metric]), metric


def test_critical_points_of_the_double_root_cubics_pure_and_spurious():
    # pure: the generic ED degree 7 of the double-root cubics (Macaulay2 above); spurious: where d mu drops rank,
    # b parallel to a (the image l^3: the cone over the twisted cubic, whose tangent space l^2 * (linear forms) is
    # the image of d mu there, so its critical points are the generic ED degree 3 * 3 - 2 = 7 of the rational normal
    # curve, 3d - 2 for degree d (THEOREMS.md: generic ED degrees)) and a = 0 (the image 0): f = (a . x)^2 (b . x)
    # does not depend on b there and its a-derivative 2 (a . x)(b . x) x vanishes, so every (0, b) is critical: a
    # set of dimension 2 whose rescaling orbits (0, b / t^2) have dimension 1 -- one critical set of dimension 1
    # modulo the symmetries -- which contains the origin (b = 0): no isolated point of its own: 7 + 1, images
    # 7 + 7 + 1 (tests/test_strata_product.py counts the same 3 * 3 - 2 + 1 spurious)
    r = critical_points(parse_spec("layers Product([Linear(2, 1), Power(2)], Linear(2, 1))"), seed=0)
    assert (r.pure, r.spurious, r.function_space_points) == (7, 8, 15)
    assert tuple(r.positive_dimensional) == (1,)


def test_every_exchange_keeps_the_function_of_channels_biases_and_relu():
    # out channel i of two equal branches gives (L_i * x)(R_i * x): symmetric in L_i, R_i (exact outputs)
    rng = np.random.default_rng(2)
    for spec in ("layers Product(Conv1d(2, 2, 2), Conv1d(2, 2, 2)), Conv1d(2, 1, 2), input_shape=(2, 5)",
                 "layers Product(GroupConv(cyclic(3), 1, 2), GroupConv(cyclic(3), 1, 2)), Power(2), "
                 "GroupConv(cyclic(3), 2, 1)",
                 "layers Product(Linear(2, 2, bias=True), Linear(2, 2, bias=True)), Linear(2, 1)",
                 "layers Product([Linear(2, 2), ReLU()], [Linear(2, 2), ReLU()]), Linear(2, 1)"):
        net = parse_spec(spec)
        th = rng.integers(-5, 6, net.n_params)
        x = rng.integers(-4, 5, size=(6,) + tuple(net.input_shape)).tolist()
        base = net.evaluate(th.tolist(), x).tolist()
        acts = net.finite_actions()
        assert len(acts) == 3 and net.finite_symmetry_order() == 2 * 2 ** 2, spec     # 2! permutations, 2^2
        for act in acts:
            moved = [int(v) for v in act(np.array([th], dtype=object))[0]]
            assert moved != th.tolist() and net.evaluate(moved, x).tolist() == base, spec
    # one channel of one tap-pair: not a per-unit exchange, but the filters exchanged whole: (a . w)(b . w) is a
    # binary quadratic form in the window w, its two linear factors unique up to order and scale (fiber count 2)
    assert parse_spec("layers Product(Conv1d(1, 1, 2), Conv1d(1, 1, 2)), input_shape=(4,)").finite_symmetry_order() == 2
