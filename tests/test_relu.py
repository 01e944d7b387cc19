"""ReLU networks: architecture, exact Jacobians, functional dimension (against hand computations)."""

from fractions import Fraction as Fr

import numpy as np
import pytest

from algnet import parse_spec
from algnet.architectures.relu import ReluNetwork
from algnet.errors import NonSmoothPointError, NotApplicableError, ParameterError, SpecError
from algnet.relu import batch_functional_dimension, functional_dimension
from algnet.theorems.formulas import relu_dimension_bound, relu_parameter_count


@pytest.mark.parametrize("widths", [(2, 5, 3, 3), (1, 1, 1), (3, 4, 2), (2, 3, 3, 3, 1)])
def test_shapes_and_counts(widths):
    net = parse_spec("relu " + "-".join(map(str, widths)))
    assert net.spec == "relu " + "-".join(map(str, widths))
    assert net == ReluNetwork(widths)
    assert net.n_params == relu_parameter_count(widths)
    assert net.dimension_bound == relu_dimension_bound(widths)
    assert [n for n, _ in net.param_shapes][:2] == ["W1", "b1"]
    assert not net.polynomial


def test_bad_specs_and_polynomial_methods():
    with pytest.raises(SpecError):
        parse_spec("relu 2-x-1")
    with pytest.raises(SpecError):
        parse_spec("relu 2-3-1 r=2")
    net = parse_spec("relu 2-3-1")
    for f in (net.output_monomials, net.monomial_count, net.coordinate_names, net.estimate_terms):
        with pytest.raises(NotApplicableError):
            f()
    with pytest.raises(NotApplicableError):
        net.ambient_dimension
    with pytest.raises(ParameterError):
        net.evaluate([1, 2], [[0, 0]])


def test_forward_by_hand():
    net = parse_spec("relu 1-2-1")
    theta = [1, -1, 0, 1, 1, 1, 0]  # F(x) = ReLU(x) + ReLU(1 - x)
    xs = [Fr(-3), Fr(0.25), Fr(2), Fr(1, 3)]
    want = [max(x, 0) + max(1 - x, 0) for x in xs]
    assert net.evaluate(theta, [[x] for x in xs]).ravel().tolist() == want
    assert net.activation_patterns(theta, [[-3], [2]]) == ["01", "10"]
    fl = net.evaluate(theta, [[x] for x in xs], backend=__import__("algnet.core.backends", fromlist=["x"]).Complex())
    assert np.allclose(fl.real.ravel(), [float(w) for w in want])


def test_random_params_distribution_and_reproducible():
    net = parse_spec("relu 2-4-1")
    a, b = net.random_params(seed=7), net.random_params(seed=7)
    assert (a == b).all() and not (a == net.random_params(seed=8)).all()
    assert all(abs(t) <= 1 and (t * 1024).denominator == 1 for t in a)


def test_jacobian_equals_exact_difference_quotient():
    # on a fixed activation region F is affine in each single parameter, so the
    # difference quotient with a tiny step is the exact partial derivative
    net = parse_spec("relu 2-3-2-2")
    theta = net.random_params(seed=3)
    X = net.random_inputs(3, seed=4)
    J = net.jacobian(theta, X)
    eps = Fr(1, 10**12)
    base = net.evaluate(theta, X).ravel()
    for i in range(net.n_params):
        th = theta.copy()
        th[i] += eps
        dq = (net.evaluate(th, X).ravel() - base) / eps
        assert list(dq) == list(J[:, i])


def test_jacobian_mod_p_and_float_agree_with_exact():
    from algnet.core.backends import Complex, ModP

    net = parse_spec("relu 2-4-3-2")
    theta, X = net.random_params(seed=1), net.random_inputs(5, seed=2)
    J = net.jacobian(theta, X)
    p = 1000003
    assert (ModP(p).asarray(J) == net.jacobian(theta, X, p=p)).all()
    assert np.allclose(J.astype(float), net.jacobian(theta, X, backend=Complex()))


def test_nonsmooth_points_are_reported():
    net = parse_spec("relu 1-2-1")
    theta = [1, -1, 0, 1, 1, 1, 0]
    with pytest.raises(NonSmoothPointError) as e:
        net.jacobian(theta, [[2], [1]])
    assert e.value.samples == (1,)
    r = batch_functional_dimension(net, theta, [[2], [1], [-1], [Fr(1, 2)], [3]], on_nonsmooth="drop")
    assert r.dropped == (1,) and r.n_points == 4


def test_symmetry_tangents_in_kernel():
    net = parse_spec("relu 2-3-2-1")
    theta = net.random_params(seed=5)
    T = net.symmetry_tangents(theta)
    assert T.shape == (5, net.n_params)
    J = net.jacobian(theta, net.random_inputs(20, seed=6))
    assert not np.any(J.dot(T.T) != 0)


def test_fd_one_neuron_by_hand():
    # F = v ReLU(w x + b) + c: the functions are determined by (v w, v b, c) on the active side
    # and the kink -b/w: 3 = D - 1 (one rescaling)
    net = parse_spec("relu 1-1-1")
    fd = functional_dimension(net, [2, -1, 3, 5])
    assert (fd.functional_dimension, fd.bound, fd.regions, fd.certified) == (3, 3, 2, True)


def test_fd_dead_neuron_by_hand():
    # neuron 2 is dead everywhere (W = 0, b = -1): its 3 incoming parameters and its
    # output weight have zero derivative; the live neuron gives w (2), b, v, c minus one rescaling
    net = parse_spec("relu 2-2-1")
    theta = [1, 2, 0, 0, 3, -1, 5, 7, 1]
    fd = functional_dimension(net, theta)
    assert fd.functional_dimension == 4 and fd.certified and fd.bound == 7


def test_batch_fd_certified_by_bound_and_by_exact_rank():
    net = parse_spec("relu 3-4-1")
    theta = net.random_params(seed=0)
    r = batch_functional_dimension(net, theta, seed=1)
    # independent check: exact QQ rank of the same Jacobian
    from algnet.core.linalg import rank_qq

    Z = net.random_inputs(2 * net.n_params, seed=1)
    assert r.rank == rank_qq(net.jacobian(theta, Z))
    assert r.certified and r.rank <= r.bound
    r2 = batch_functional_dimension(net, theta, Z, exact="always")
    assert r2.rank == r.rank and r2.method.startswith("exact")


def test_float_rank_can_be_wrong():
    # a second neuron with a tiny output weight: exact rank sees it, float64 SVD drops it
    net = parse_spec("relu 1-2-1")
    t = Fr(1, 2**60)
    theta = [1, 1, 0, 1, 1, t, 0]   # F = ReLU(x) + t ReLU(x + 1): kinks at 0 and -1
    Z = [[-2], [Fr(-3, 2)], [Fr(-1, 2)], [Fr(-1, 4)], [1], [2]]
    r = batch_functional_dimension(net, theta, Z, float_check=True)
    assert r.rank == 5 and r.certified          # = D', by hand: two independent kinks
    assert r.float_rank < 5 and not r.float_agrees


def test_fd_on_slice_is_a_lower_bound():
    from algnet.relu.regions import Slice

    net = parse_spec("relu 3-3-1")
    theta = net.random_params(seed=2)
    with pytest.raises(NotApplicableError):
        functional_dimension(net, theta)
    fd = functional_dimension(net, theta, slice=Slice.standard(3))
    assert "slice" in fd.scope and fd.functional_dimension <= fd.bound


def test_weights_roundtrip(tmp_path):
    from algnet.relu.weights import load_weights, save_weights

    net = parse_spec("relu 2-3-2")
    theta = net.random_params(seed=1)
    save_weights(tmp_path / "w.json", net, theta)
    net2, th2 = load_weights(str(tmp_path / "w.json"))
    assert net2 == net and list(th2) == list(theta)
    prm = net.unflatten(theta)
    np.savez(tmp_path / "w.npz", **{k: np.array([float(x) for x in v.ravel()]).reshape(v.shape) for k, v in prm.items()})
    net3, th3 = load_weights(str(tmp_path / "w.npz"))
    assert net3 == net and list(th3) == list(theta)   # dyadic weights are exact in float64
    with pytest.raises(ParameterError):
        load_weights(str(tmp_path / "w.npz"), spec="relu 2-4-2")


def test_torch_conversion_exact():
    torch = pytest.importorskip("torch")
    from algnet.relu.weights import from_torch

    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    net, theta = from_torch(model)
    assert net.spec == "relu 2-3-1"
    w = model[0].weight.detach().numpy()
    assert theta[0] == Fr(float(w[0, 0]))


def test_integer_jacobian_rows_are_positive_multiples():
    net = parse_spec("relu 2-5-3-2")
    theta, Z = net.random_params(seed=0), net.random_inputs(7, seed=1)
    J, Ji = net.jacobian(theta, Z), net.integer_jacobian(theta, Z)
    for i in range(J.shape[0]):
        ratios = {Ji[i, j] / J[i, j] for j in range(J.shape[1]) if J[i, j] != 0}
        assert len(ratios) == 1 and ratios.pop() > 0
        assert [v == 0 for v in Ji[i]] == [v == 0 for v in J[i]]


def test_fd_undefined_at_identically_zero_neuron():
    net = parse_spec("relu 2-3-1")
    theta = [0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 1, 1, 0]   # third neuron: pre-activation 0 everywhere
    with pytest.raises(NonSmoothPointError):
        functional_dimension(net, theta)
