"""The least-degree pinned slice of the monodromy route (algnet.analyses.critical.charts.low_degree_family).

The network layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1) has the image {q1^3 + q2^3 : q1, q2 binary
quadratics} (the two hidden squares (a_i . x)^2 span a generic pencil of quadratics, and a generic pencil is spanned
by two squares, so the middle layer's q_j are any two quadratics; the output weights are absorbed in cube roots), a
hypersurface of the binary sextics C^7. With three squares in the first hidden layer (Linear(2,3), Power(2),
Linear(3,2)) the q_j are again any two quadratics: the same image in the same coordinates, so the same generic
ED degree, from another parametrization (another gradient system, other fibers).
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical.charts import low_degree_gauge

SPEC = "layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1)"
WIDER = "layers Linear(2,3), Power(2), Linear(3,2), Power(3), Linear(2,1)"


def _free_rank(net, gauge, seed):
    """The rank of d mu on the free coordinates at a random point (numerical, by singular values)."""
    from algnet.core.backends import Complex

    rng = np.random.default_rng(seed)
    th = rng.normal(size=net.n_params) + 1j * rng.normal(size=net.n_params)
    Z = rng.normal(size=(net.monomial_count() + 2,) + tuple(net.input_shape))
    J = net.jacobian(th, Z, backend=Complex())
    free = [i for i in range(net.n_params) if i not in set(gauge)]
    s = np.linalg.svd(J[:, free], compute_uv=False)
    return int((s > 1e-9 * s[0]).sum())


@pytest.mark.parametrize("spec, dim", [(SPEC, 6), (WIDER, 6), ("dense 2-1-1 r=3", 2)])
def test_the_pinned_slice_is_transversal_to_the_fibers(spec, dim):
    """The slice pins n_params - dim coordinates and d mu keeps rank dim on the others (the slice meets the generic
    fibers transversally); the output weights (degree 1) are pinned: a neuron's output weight is the one
    coordinate of its rescaling orbit that vanishes only where the neuron contributes nothing."""
    net = parse_spec(spec)
    gauge = low_degree_gauge(net, dim, np.random.default_rng(3))
    assert gauge is not None and len(gauge) == net.n_params - dim
    assert _free_rank(net, gauge, 5) == dim
    last = net.n_params - 1
    assert last in gauge            # the last output weight, of degree 1


def test_nothing_to_pin_without_a_fiber():
    """A map with finite generic fibers (dimension = number of parameters) needs no slice."""
    assert low_degree_gauge(parse_spec("linear 1-1"), 1, np.random.default_rng(0)) is None


def _count(spec, seed):
    from algnet.analyses.critical import critical_points

    return critical_points(spec, loss="generic", seed=seed, classify=False, method="monodromy")


def test_two_seeds_and_two_parametrizations_give_one_count():
    """The count at a generic complex target is the generic ED degree of the image: the same for every generic
    loss (two seeds) and for both parametrizations of the same image (module doc). Each run is complete (trace test
    passed) with every point certified and the certified images pairwise distinct."""
    runs = [_count(SPEC, 1), _count(SPEC, 2), _count(WIDER, 1)]
    for r in runs:
        assert not r.partial and r.trace_test_passed
        assert r.certified == r.certified_distinct == r.critical_points == r.function_space_points
    assert runs[0].function_space_points == runs[1].function_space_points == runs[2].function_space_points
    assert "least degree" in runs[0].gauge
