"""Second methods for ED degrees (issue #12): non-overlapping convolutions and sums of squares.

* Non-overlapping windows (stride >= filter size): the coefficients of a linear convolution are the entries of
  the rank-one tensor w_1 (x) ... (x) w_L, those of two layers with t^r are w_2[j] multinomial(r; alpha) w_1^alpha,
  whose Bombieri-Weyl norm is |w_2|^2 |w_1|^(2r), the Frobenius norm of w_1^r (x) w_2: the ED degree is
  Friedland-Ottaviani's eigenvector count (*Eigenvectors of tensors ...*, Found. Comput. Math. 14 (2014), Thm. 12).
* dense n-s-1 r=2: x^T S x with S symmetric of rank <= s; its Bombieri-Weyl norm is |S|_F^2, so the ED degree is
  the symmetric Eckart-Young count binom(n, s) (spectral theorem). For the generic metric and s = n - 1 the
  variety is the determinant, dual to the Veronese v_2(P^{n-1}), whose generic ED degree is
  ((2d - 1)^n - (d - 1)^n) / d = (3^n - 1) / 2 for d = 2 (Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016,
  Thm. 5.8 for P^{n-1} with h = 2H; by hand for n = 3: 7 * 4 - 3 * 6 + 3 = 13, n = 4: 15 * 8 - 7 * 16 + 3 * 12 - 4
  = 40), and DHOST Thm. 5.2 (a variety and its dual have one generic ED degree).

The isometries are checked here on explicit polynomials (python-flint expansion at rational weights, the norms by
hand); the counts by homotopy against the published numbers evaluated here, not against algnet's formulas.
"""

from fractions import Fraction
from math import comb, factorial

import pytest
import sympy as sp

from algnet import parse_spec
from algnet.analyses.critical import ed_degree
from algnet.analyses.critical import ed as ed_module
from algnet.analyses.critical.ed import ed_formula


def _fo(ns, ds):
    """Friedland-Ottaviani: coefficient of prod t_i^(n_i - 1) in prod_i sum_e T_i^(n_i - 1 - e) t_i^e,
    T_i = sum_j d_j t_j - t_i, expanded by sympy."""
    t = sp.symbols(f"t0:{len(ns)}")
    total = sum(d * ti for d, ti in zip(ds, t))
    expr = sp.Integer(1)
    for n, ti in zip(ns, t):
        expr *= sum((total - ti) ** (n - 1 - e) * ti ** e for e in range(n))
    return int(sp.Poly(sp.expand(expr), *t).coeff_monomial(sp.prod(ti ** (n - 1) for n, ti in zip(ns, t))))


def _bombieri_norm2(spec, theta):
    """sum_alpha c_alpha^2 alpha! / D! of the single output's expansion at ``theta`` (exact)."""
    _, (f,) = parse_spec(spec).expand_at(theta)
    total = Fraction(0)
    for alpha, c in f.to_dict().items():
        c = Fraction(int(c.p), int(c.q))
        D = sum(alpha)
        w = Fraction(1)
        for a in alpha:
            w *= factorial(a)
        total += c * c * w / factorial(D)
    return total


def test_published_numbers_by_hand():
    assert _fo([2, 2], [2, 1]) == 4          # S^2 C^2 x C^2 (FO 2014)
    assert _fo([2, 2, 2], [1, 1, 1]) == 6    # 2 x 2 x 2 tensors (FO 2014)
    assert _fo([3, 2], [2, 1]) == 9
    assert _fo([2, 2, 3], [1, 1, 1]) == 8
    assert [(3 ** n - 1) // 2 for n in (2, 3, 4)] == [4, 13, 40]


@pytest.mark.parametrize("spec, theta, tensor", [
    # |w2|^2 |w1|^4: w1 = (1, 2), w2 = (3, 5) -> 34 * 25
    ("conv k=2,2 s=2,1 r=2", [1, 2, 3, 5], 34 * 25),
    # stride 3 > filter 2 (a gap, x_2 unused): the same tensor
    ("conv k=2,2 s=3,1 r=2", [1, 2, 3, 5], 34 * 25),
    # w1 = (1, -1, 2), w2 = (2, 3): |w2|^2 |w1|^4 = 13 * 36
    ("conv k=3,2 s=3,1 r=2", [1, -1, 2, 2, 3], 13 * 36),
    # |w1|^2 |w2|^2 |w3|^2 = 5 * 10 * 13 (linear: Bombieri-Weyl = Frobenius)
    ("conv k=2,2,2 s=2,2,1 r=1", [1, 2, 1, 3, 2, 3], 5 * 10 * 13),
])
def test_non_overlapping_conv_is_an_isometry(spec, theta, tensor):
    assert _bombieri_norm2(spec, theta) == tensor


def test_three_layers_with_powers_are_not_isometric():
    # w = (1, 1) in every layer: |w1|^8 |w2|^4 |w3|^2 = 16 * 4 * 2 = 128 for the tensor, but the cross terms
    # 2 y_a^2 y_b^2 have Bombieri-Weyl norm^2 4 |w1|^8 / 6 each, not 2 |w1|^8
    assert _bombieri_norm2("conv k=2,2,2 s=2,2,1 r=2", [1] * 6) != 16 * 4 * 2
    value, why = ed_formula(parse_spec("conv k=2,2,2 s=2,2,1 r=2"), "bombieri")
    assert value is None and "only up to weights" in why
    assert parse_spec("conv k=2,2,2 s=2,2,1 r=2").rank_one_tensors()[2] == ()


def test_sums_of_squares_is_an_isometry():
    # W1 = [[1, 2, 0], [0, 1, -1]], a = (3, -2): S = 3 u u^T - 2 v v^T, |S|_F^2 by hand
    u, v = [1, 2, 0], [0, 1, -1]
    S = [[3 * u[i] * u[j] - 2 * v[i] * v[j] for j in range(3)] for i in range(3)]
    frob = sum(x * x for row in S for x in row)
    assert _bombieri_norm2("dense 3-2-1 r=2", [1, 2, 0, 0, 1, -1, 3, -2]) == frob
    assert parse_spec("dense 3-2-1 r=2").symmetric_matrices() == (3, 2)
    assert parse_spec("dense 3-2-1 r=2 bias").symmetric_matrices() is None


@pytest.mark.parametrize("spec, metric, want", [
    ("conv k=2,2 s=2,1 r=2", "bombieri", _fo([2, 2], [2, 1])),
    ("conv k=3,2 s=3,1 r=2", "bombieri", _fo([3, 2], [2, 1])),
    ("conv k=2,2,2 s=2,2,1 r=1", "frobenius", _fo([2, 2, 2], [1, 1, 1])),
    ("conv k=2,3 s=2,1 r=1", "bombieri", min(2, 3)),
    ("dense 3-2-1 r=2", "bombieri", comb(3, 2)),
    ("dense 5-3-1 r=2", "bombieri", comb(5, 3)),
    ("dense 4-3-1 r=2", "generic", (3 ** 4 - 1) // 2),
])
def test_formula_values(spec, metric, want):
    assert ed_formula(parse_spec(spec), metric)[0] == want


@pytest.mark.parametrize("spec, metric", [("conv k=2,2 s=2,1 r=2", "frobenius"), ("dense 3-2-1 r=2", "frobenius"),
                                          ("conv k=2,2 s=1,1 r=2", "bombieri"), ("conv k=3,2 s=2,1 r=1", "frobenius")])
def test_no_formula_claimed_without_the_isometry(spec, metric):
    assert ed_formula(parse_spec(spec), metric)[0] is None


@pytest.mark.parametrize("spec, metric, want", [
    ("dense 3-2-1 r=2", "bombieri", comb(3, 2)),
    ("dense 4-2-1 r=2", "bombieri", comb(4, 2)),
    ("dense 3-2-1 r=2", "generic", (3 ** 3 - 1) // 2),
    ("conv k=2,3 s=2,1 r=1", "frobenius", 2),
    ("conv k=2,2 s=3,1 r=2", "bombieri", 4),            # a gap between the windows: x_2 unused, the same tensors
    pytest.param("conv k=3,2 s=3,1 r=2", "bombieri", 9, marks=pytest.mark.slow),
    # 2 x 2 x 3 tensors: 8 singular vector triples (Friedland-Ottaviani 2014's table), 25 s CPU at load 3
    pytest.param("conv k=2,2,3 s=2,2,1 r=1", "frobenius", 8, marks=pytest.mark.slow),
    pytest.param("dense 4-3-1 r=2", "generic", 40, marks=pytest.mark.slow),
])
def test_homotopy_count_agrees_with_the_published_number(spec, metric, want):
    r = ed_degree(spec, metric=metric, seed=0)
    assert not r.partial and r.complete
    assert r.ed_degree == want and r.formula == want and r.agrees is True


def test_frobenius_weights_change_the_count():
    # the same variety with the Frobenius metric of the coefficients (weights multinomial^2 relative to
    # Bombieri-Weyl): no formula is claimed, and Friedland-Ottaviani's 4 is indeed not the count
    r = ed_degree("conv k=2,2 s=2,1 r=2", metric="frobenius", seed=0)
    assert r.formula is None and r.agrees is None and "only up to weights" in r.formula_source
    assert not r.partial and r.ed_degree != _fo([2, 2], [2, 1])


# Linear networks with biases, generic metric: M = M_0 x C^m, and minimizing over the biases leaves the Schur
# complement of Q on M_0 (generic for generic Q), so the generic ED degree is M_0's. P^1 x P^1: 6 (THEOREMS
# section 8). P^2 x P^2 by hand (DHOST Thm. 5.8, h = H1 + H2, c = (1 + H1)^3 (1 + H2)^3): int h^4 = 6, c1 h^3 = 18,
# c2 h^2 = 24, c3 h = 18, c4 = 9: 31 * 6 - 15 * 18 + 7 * 24 - 3 * 18 + 9 = 39.
@pytest.mark.parametrize("spec, want", [("linear 2-1-2 bias", 6), ("linear 3-1-3 bias", 39)])
def test_generic_ed_degree_with_biases_is_that_without(spec, want):
    r = ed_degree(spec, metric="generic", seed=0)
    assert not r.partial and r.complete
    assert r.ed_degree == want and r.formula == want and r.agrees is True and "Schur complement" in r.formula_source


@pytest.mark.parametrize("spec, metric", [("conv k=2,2 r=2", "bombieri"), ("dense 3-1-1 r=2", "frobenius"),
                                          ("conv k=3,2 s=2,1 r=1", "frobenius"), ("conv k=3,2 s=2,1 r=1", "bombieri")])
def test_a_segre_veronese_without_the_isometry_says_why(spec, metric):
    # overlapping windows (a linear image of the Segre-Veronese variety) or multinomial weights: no count claimed,
    # and the reason is stated (linear outputs under Bombieri-Weyl returned no reason at all before)
    value, why = ed_formula(parse_spec(spec), metric)
    assert value is None and "not claimed" in why


@pytest.mark.parametrize("spec, tensors, symmetric, isometric, free", [
    ("conv k=2,2 s=2,1 r=2", ((2, 2), (2, 1), ("bombieri",)), None, False, None),
    ("conv k=2,2 s=2,1 act=1,0,1", None, None, False, None),            # an activation with a constant: no tensor
    ("dense 3-2-1 r=2", None, (3, 2), False, None),
    ("dense 3-2-1 r=3", None, None, False, None),
    ("dense 3-1-2 r=2", None, None, True, None),
    ("dense 3-1-2 r=2 bias", None, None, False, None),
    ("linear 3-1-2", None, None, False, None),                          # Segre O(1, 1): no power, no isometry claim
    ("linear 3-1-2 bias", None, None, False, "linear 3-1-2"),
])
def test_the_network_declares_the_closed_form_structure(spec, tensors, symmetric, isometric, free):
    # ed.py asks the network; each family answers for itself (the base answers "unknown")
    net = parse_spec(spec)
    assert net.rank_one_tensors() == tensors and net.symmetric_matrices() == symmetric
    assert net.segre_veronese_isometric() is isometric
    assert (net.bias_free_factor() and net.bias_free_factor().spec) == free
    sub = net.restrict([0])                              # a stratum is a different variety: nothing declared
    assert (sub.rank_one_tensors(), sub.symmetric_matrices(), sub.segre_veronese_isometric(),
            sub.bias_free_factor()) == (None, None, False, None)


def test_ed_formula_tests_no_architecture_family():
    # "no family switches in analyses": no architecture import and no class test in ed.py
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(ed_module))
    imported = {a.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert not any(m.startswith("algnet.architectures") for m in modules)
    assert not any(x.endswith("Network") for x in imported | names) and "isinstance" not in names
    assert not [c for c in ast.walk(tree) if isinstance(c, ast.Compare) and any(isinstance(op, ast.Is) for op in c.ops)
                and isinstance(c.left, ast.Call) and getattr(c.left.func, "id", "") == "type"]
