"""ED degrees of convolutional networks: scalar layers, and closed forms on sizes not tested before.

* A filter of size 1 (stride 1) between two activations t^r is a scalar c: (c y^r)^r = c^r y^(r^2), and c^r moves
  into the next filter (linear in its weights). So ``conv k=2,1,2 r=2`` has the neuromanifold of ``conv k=2,2 r=4``
  (NOT of ``conv k=2,2 r=2``: the outputs have degree 4). Checked here on expanded polynomials at rational weights.
* Second methods evaluated by hand here (not by algnet's formulas):

  - generic metric, P^1 x P^1 embedded by O(a, 1) (two filters of size 2; a linear image of it, an isomorphism for
    stride 1 and r > 1 or non-overlapping windows): DHOST 2016 (Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM
    16), Thm. 5.8 with H = a h1 + b h2, c(T) = (1 + h1)^2 (1 + h2)^2: 7 H^2 - 3 c_1 H + c_2 = 14 ab - 6(a + b) + 4;
  - Bombieri-Weyl metric, two non-overlapping layers (stride >= filter size): the coefficients are w_1^r (x) w_2
    isometrically (tests/test_ed_closed_forms.py), Friedland-Ottaviani 2014 (FoCM 14), Thm. 12 for S^d(C^2) x C^2:
    the coefficient of t1 t2 in (d t1 + t2)^2, i.e. 2d; for S^2(C^2) x C^3 the coefficient of t1 t2^2 in
    (2 t1 + t2)(4 t1^2 + 2 t1 t2 + t2^2), i.e. 4;
  - linear non-overlapping convolutions: the k_1 x k_2 matrices of rank one (Kohn-Merkh-Montufar-Trager, SIAM J.
    Appl. Algebra Geom. 2022, strided LCNs with non-overlapping filters), Eckart-Young min(k_1, k_2).
"""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree
from algnet.analyses.critical.solve import critical_points
from algnet.architectures.scalar_layers import is_scalar_layer, without_scalar_layers


def _poly(spec_or_net, theta):
    net = parse_spec(spec_or_net) if isinstance(spec_or_net, str) else spec_or_net
    _, outs = net.expand_at(theta)
    return [f.to_dict() for f in outs]


def _sv_generic(a, b):
    return 14 * a * b - 6 * (a + b) + 4


def test_hand_values():
    assert [_sv_generic(a, 1) for a in (2, 3, 4)] == [14, 22, 30]


def test_size_one_filter_is_a_scalar_absorbed_by_the_next_filter():
    small, why = without_scalar_layers(parse_spec("conv k=2,1,2 r=2"))
    assert small.spec == "conv k=2,2 s=1,1 r=4" and "c^2 y^4" in why
    w1, c, w3 = [3, -2], 5, [7, 1]
    # original at (w1, c, w3) is the small network at (w1, c^2 w3); the small one at (w1, w3) is c = 1
    assert _poly("conv k=2,1,2 r=2", w1 + [c] + w3) == _poly(small, w1 + [c * c * x for x in w3])
    assert _poly(small, w1 + w3) == _poly("conv k=2,1,2 r=2", w1 + [1] + w3)
    assert _poly(small, w1 + w3) != _poly("conv k=2,2 r=2", w1 + w3)        # a natural guess for r=2: degree 2, not 4


@pytest.mark.parametrize("spec, small_spec, removed", [
    ("conv k=3,1,2 s=2,1,1 r=2", "conv k=3,2 s=2,1 r=4", {2}),
    ("conv k=2,1,1,2 r=2", "conv k=2,2 s=1,1 r=8", {2, 4}),
    ("conv k=2,1,2 r=1", "conv k=2,2 s=1,1 r=1", {1}),
    ("dense 2-1-1-1 r=2", "layers Linear(2, 1), Power(4), Linear(1, 1)", {2}),   # the last Linear(1, 1) stays
    ("linear 2-1-1-2", "layers Linear(2, 1), Linear(1, 2)", {1}),
])
def test_small_network_is_the_original_with_unit_scalars(spec, small_spec, removed):
    net = parse_spec(spec)
    small, _ = without_scalar_layers(net)
    assert small.spec == small_spec and small.input_shape == net.input_shape
    theta = [((7 * i) % 5) - 2 or 3 for i in range(small.n_params)]
    # the original's weights: the small network's, with 1 for every scalar layer removed
    full, it = [], iter(theta)
    for i, lay in enumerate(net.sequence):
        assert is_scalar_layer(lay) or i not in removed
        for _, shape in lay.param_shapes():
            size = 1
            for s in shape:
                size *= s
            full.extend([1] * size if i in removed else [next(it) for _ in range(size)])
    assert _poly(small, theta) == _poly(net, full)


@pytest.mark.parametrize("spec", ["conv k=2,2 r=2", "conv k=1,2 r=2", "conv k=2,1 r=2",
                                  "conv k=2,1,2 s=1,3,1 r=2", "conv k=2,1,2 act=0,1,1", "map s^2; s*t"])
def test_no_reduction_where_the_scale_cannot_move(spec):
    # first layer before t^r, last layer after it, a size-1 filter whose stride drops entries, an activation that
    # is not a power (sigma(c sigma(y)) is another activation for each c), a map that declares no layers
    assert without_scalar_layers(parse_spec(spec)) is None


def test_ed_degree_says_it_counted_the_smaller_network():
    r = ed_degree("conv k=2,1,2 r=2", metric="generic", seed=0)
    assert (r.ed_degree, r.formula, r.agrees) == (_sv_generic(4, 1),) * 2 + (True,)
    assert "conv k=2,2 s=1,1 r=4" in r.reduction and r.as_dict()["reduction"] == r.reduction
    assert "conv k=2,2 s=1,1 r=4" in r.evidence.method
    assert ed_degree("conv k=2,2 r=2", metric="generic", seed=0).reduction == ""


@pytest.mark.slow
def test_full_count_of_the_original_network_agrees():
    # the second method for the reduction: the original network's own gradient system, no reduction
    res = critical_points("conv k=2,1,2 r=2", loss="generic", seed=1, spurious=False, strata=False, classify=False)
    assert res.generic_pure_images == _sv_generic(4, 1) and not res.partial


@pytest.mark.parametrize("spec, metric, want", [
    ("conv k=2,2 s=2,1 r=2", "generic", _sv_generic(2, 1)),      # DHOST Thm. 5.8 by hand: 14
    ("conv k=2,2 r=3", "generic", _sv_generic(3, 1)),            # 22
    ("conv k=2,2 r=4", "generic", _sv_generic(4, 1)),            # 30
    ("conv k=4,2 s=4,1 r=1", "frobenius", 2),                    # 4 x 2 rank one: Eckart-Young
    ("conv k=3,3 s=3,1 r=1", "frobenius", 3),                    # 3 x 3 rank one
    ("conv k=2,4 s=2,1 r=1", "bombieri", 2),                     # linear outputs: Bombieri-Weyl = Frobenius
    pytest.param("conv k=2,2 s=2,1 r=3", "bombieri", 2 * 3, marks=pytest.mark.slow),     # FO: 2d
    pytest.param("conv k=2,3 s=2,1 r=2", "bombieri", 4, marks=pytest.mark.slow),         # FO: S^2 C^2 x C^3
    pytest.param("conv k=2,1,2 s=2,1,1 r=2", "bombieri", 2 * 4, marks=pytest.mark.slow),  # = k=2,2 s=2,1 r=4: 2d
])
def test_computed_count_agrees_with_the_closed_form(spec, metric, want):
    r = ed_degree(spec, metric=metric, seed=0)
    assert r.ed_degree == want and not r.partial
    assert r.formula in (None, want)


def test_support_of_three_strided_layers_by_hand():
    # f = sum_b w3[b] (w2[0] q(x_A)^2 + w2[1] q(x_B)^2)^2 on two blocks of four inputs, q a square of a linear form
    # in a pair: per block 5 + 5 quartics of one pair and 3 x 3 products: 19, two blocks 38 (of 330 quartics in 8)
    from algnet.analyses.critical.ed import _on_support

    net = parse_spec("conv k=2,2,2 s=2,2,1 r=2")
    view, why = _on_support(net)
    assert (view.monomial_count(), net.monomial_count()) == (2 * (5 + 5 + 3 * 3), 330) and "38 of 330" in why
    (f,) = _poly(net, [3, -2, 5, 7, 1, -4])
    assert set(f) <= {tuple(m) for m in view.output_monomials()} and len(f) == 38
    assert _on_support(parse_spec("dense 3-2-1 r=2")) is None       # every quadric appears


@pytest.mark.parametrize("metric", ["bombieri", "frobenius"])
def test_count_on_the_support_equals_the_count_in_all_coordinates(metric):
    # conv k=2,2 s=3,1 r=2: x_2 unused, 6 of 15 quadrics; the second method is the gradient system in all 15
    r = ed_degree("conv k=2,2 s=3,1 r=2", metric=metric, seed=0)
    assert "6 of 15 monomials" in r.reduction
    full = critical_points("conv k=2,2 s=3,1 r=2", loss=metric, seed=1, spurious=False, strata=False, classify=False)
    assert r.ed_degree == full.generic_pure_images and not full.partial and not r.partial
    if metric == "bombieri":
        assert r.ed_degree == 2 * 2          # Friedland-Ottaviani, S^2(C^2) x C^2 (2d)
