"""The batched network evaluator of the witness systems (algnet.analyses.witness).

Every architecture family is checked three ways at random complex parameters:
the batched route against the per-path route (one slp.Program per path), and
the batched Jacobian against central finite differences of the per-path
values (independent of both reverse passes).
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.witness import NetworkValues, _NetworkValues
from algnet.architectures.dense import DenseNetwork

SPECS = [
    "linear 3-2-3",
    "linear 2-2-2-2",
    "dense 2-2-1 r=3",
    "dense 3-2-2 r=2 bias",
    "dense 2-3-1 act=1,0,2,1 bias",        # general activation (Horner), constant term, bias
    "dense 2-2-2 act=0,1,1",
    "conv k=2,3 s=1,1 r=2",                # first layer longer than its filter, second not
    "conv k=2,2 s=2,1 r=2",                # stride
    "conv k=3,2 s=2,2 r=3",
    "conv k=2,2,2 s=1,1,1 r=2",
    "conv k=2,3 s=1,1 r=1",                # no activation
    "attention d=2 a=2 dout=1 t=2",
    "attention d=2 a=1 dout=2 t=3",
    "attention d=2 a=2 t=2 layers=2",      # data-data products with both factors differentiated
]


def _setup(net, seed=0, K=None):
    rng = np.random.default_rng(seed)
    K = K or net.monomial_count()
    shape = (K,) + tuple(net.input_shape)
    Z = (rng.normal(size=shape) + 1j * rng.normal(size=shape)) / np.sqrt(2)
    return NetworkValues(net, Z, rng), rng


def _random(rng, N, n):
    return (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)


def _finite_differences(net, Z, theta, h=1e-5):
    """dV/dtheta by central differences of the per-path values (holomorphic in theta)."""
    from algnet.core.backends import Complex

    B = Complex()
    cols = []
    for j in range(len(theta)):
        e = np.zeros(len(theta), dtype=np.complex128)
        e[j] = h
        fp = net.evaluate(theta + e, Z, backend=B).reshape(-1)
        fm = net.evaluate(theta - e, Z, backend=B).reshape(-1)
        cols.append((fp - fm) / (2 * h))
    return np.stack(cols, axis=1)


def _check(vals, T, fd_rows=2):
    net = vals.net
    V, J = vals(T)
    N = T.shape[0]
    assert V.shape == (N, vals.q) and J.shape == (N, vals.q, net.n_params)
    assert V.dtype == J.dtype == np.complex128
    Vp, Jp = vals._per_path(T)
    scale = 1 + np.abs(Vp).max() + np.abs(Jp).max()
    assert np.abs(V - Vp).max() <= 1e-12 * scale
    assert np.abs(J - Jp).max() <= 1e-12 * scale
    assert np.abs(vals.values(T) - Vp).max() <= 1e-12 * scale
    for i in range(min(fd_rows, N)):
        F = _finite_differences(net, vals.Z, T[i])
        assert np.abs(J[i] - F).max() <= 1e-6 * (1 + np.abs(F).max()), f"path {i}"


@pytest.mark.parametrize("spec", SPECS)
def test_batched_matches_per_path_and_finite_differences(spec):
    net = parse_spec(spec)
    vals, rng = _setup(net)
    assert vals.evaluator == "batched"
    for N in (1, 7):
        _check(vals, _random(rng, N, net.n_params))


@pytest.mark.parametrize("spec", ["conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-2 r=2 bias",
                                  "attention d=2 a=2 dout=1 t=2", "dense 2-3-1 act=1,0,2,1 bias"])
def test_large_batches_reuse_work_arrays(spec):
    # large batches take the pooled work arrays: results must not depend on the
    # call history, and arrays returned earlier must not change afterwards
    net = parse_spec(spec)
    vals, rng = _setup(net)
    assert 450 * vals.K >= 4096                 # the pooled (large-batch) route
    T1 = _random(rng, 600, net.n_params)
    T2 = _random(rng, 450, net.n_params)
    V1, J1 = vals(T1)
    V1c, J1c = V1.copy(), J1.copy()
    V2, J2 = vals(T2)
    vals(_random(rng, 5, net.n_params))
    V1b, J1b = vals(T1)
    assert np.array_equal(V1, V1c) and np.array_equal(J1, J1c)
    assert np.allclose(V1b, V1, rtol=0, atol=1e-13 * (1 + np.abs(V1).max()))
    assert np.allclose(J1b, J1, rtol=0, atol=1e-13 * (1 + np.abs(J1).max()))
    _check(vals, T2[:40], fd_rows=1)
    Vs, Js = vals._per_path(T2[-3:])
    assert np.allclose(V2[-3:], Vs) and np.allclose(J2[-3:], Js)


def test_empty_batch():
    net = parse_spec("conv k=2,2 s=1,1 r=2")
    vals, _ = _setup(net)
    V, J = vals(np.zeros((0, net.n_params)))
    assert V.shape == (0, vals.q) and J.shape == (0, vals.q, net.n_params)


def test_restricted_network():
    for net in (parse_spec("linear 2-2-2").restrict([0, 1]),
                parse_spec("conv k=2,3 s=1,1 r=2").restrict([0]),
                parse_spec("dense 2-2-1 r=2 bias").restrict([1, 6])):
        vals, rng = _setup(net)
        assert vals.evaluator == "batched"
        _check(vals, _random(rng, 4, net.n_params))


class _Products(DenseNetwork):
    """Uses add, mul and a constant matrix in lin (no family does)."""

    def forward(self, P, x):
        h = P.lin(P.param("W1"), x)
        h = P.add(P.mul(h, h), h)
        h = P.lin(np.array([[1.0, 2.0], [0.5, -1.0]]), h)
        return P.lin(P.param("W2"), P.mul(h, P.lin(P.param("W1"), x)))


class _UsesBackend(DenseNetwork):
    """Reads the program's arithmetic directly: not covered by the batched program."""

    def forward(self, P, x):
        y = super().forward(P, x)
        two = P.input(P.B.asarray(np.full(y.value.shape, 2)))
        return P.mul(y, two)


def test_data_operations_batched():
    net = _Products((2, 2, 1))
    vals, rng = _setup(net, K=6)
    assert vals.evaluator == "batched"
    _check(vals, _random(rng, 5, net.n_params))


def test_uncovered_operation_falls_back_to_per_path():
    net = _UsesBackend((2, 2, 1), r=2)
    vals, rng = _setup(net)
    assert vals.evaluator == "per-path"
    T = _random(rng, 3, net.n_params)
    V, J = vals(T)
    V0, J0 = _setup(DenseNetwork((2, 2, 1), r=2))[0]._per_path(T)
    assert np.allclose(V, 2 * V0) and np.allclose(J, 2 * J0)
    assert np.allclose(vals.values(T), V)


def test_construction_draws_from_rng_as_before():
    # the degree computation draws its slices from the same generator after the check
    net = parse_spec("conv k=2,2 s=1,1 r=2")
    rng = np.random.default_rng(5)
    K = net.monomial_count()
    NetworkValues(net, np.ones((K,) + tuple(net.input_shape), dtype=complex), rng)
    ref = np.random.default_rng(5)
    ref.normal(size=(2, net.n_params))
    ref.normal(size=(2, net.n_params))
    assert rng.normal() == ref.normal()


def test_old_name_is_kept():
    from algnet.analyses import degree

    assert _NetworkValues is NetworkValues and degree._NetworkValues is NetworkValues


def test_the_check_is_made_once_per_architecture_and_draws_the_same():
    """The batched-against-per-path check is memoised per architecture (class, spec, free columns, samples):
    a second construction skips it, draws the same from the generator and evaluates as the per-path route."""
    net = parse_spec("conv k=2,3 s=1,1 r=2")
    K = net.monomial_count()
    Z = np.ones((K,) + tuple(net.input_shape), dtype=complex) * (0.5 + 0.25j)
    first, second = np.random.default_rng(7), np.random.default_rng(7)
    a = NetworkValues(net, Z, first)
    b = NetworkValues(parse_spec("conv k=2,3 s=1,1 r=2"), Z, second)
    assert a.evaluator == b.evaluator == "batched" and first.normal() == second.normal()
    T = _random(np.random.default_rng(1), 3, net.n_params)
    V, J = b(T)
    Vp, Jp = b._per_path(T)
    assert np.allclose(V, Vp) and np.allclose(J, Jp)


def test_start_parameters_are_the_offsets_of_the_values():
    """NetworkWitnessFamily.start_parameters (values only, no Jacobian) equals the residual's offsets from the
    full evaluation G (values and Jacobians): theta solves the member at its own parameters."""
    from algnet.analyses.degree import NetworkWitnessFamily

    net = parse_spec("dense 2-2-1 r=3")
    vals, rng = _setup(net)
    R, A = _random(rng, 3, vals.q), _random(rng, net.n_params - 3, net.n_params)
    fam = NetworkWitnessFamily(vals, R, A)
    T = _random(rng, 4, net.n_params)
    P = fam.start_parameters(T)
    assert np.allclose(P, fam.G(T)[0], rtol=1e-13, atol=1e-13)
    assert np.max(np.abs(fam.evaluate(T, P)[0])) < 1e-12


def test_backend_and_work_arrays_are_made_at_first_use():
    # f = w2 w1 x (linear 1-1-1) at x = 2: by hand f(3, 5) = 30, df = (w2 x, w1 x) = (10, 6)
    net, Z = parse_spec("linear 1-1-1"), np.array([[2.0]]) + 0j
    assert NetworkValues(net, Z, np.random.default_rng(0)).evaluator == "batched"     # its check: the per-path route
    vals = NetworkValues(net, Z, np.random.default_rng(1))       # checked once per architecture: no check here
    assert vals.evaluator == "batched"
    assert "_backend" not in vals.__dict__ and vals._pool is None
    V, J = vals([[3, 5]])
    assert vals._pool is not None and "_backend" not in vals.__dict__      # the batched route: no backend
    Vp, Jp = vals._per_path(np.array([[3, 5]], dtype=complex))               # the per-path route makes it
    assert "_backend" in vals.__dict__ and vals.B is vals.B
    for v, j in ((V, J), (Vp, Jp)):
        assert v.tolist() == [[30]] and j[0].tolist() == [[10, 6]]
