"""PinnedFamily: coordinate slices solved by substitution give the same system on fewer unknowns.

Checked against the full witness family (numpy evaluation), finite differences in the unknowns and the
parameters, the compiled tape of the pinned family, and tracked paths (same endpoints as the full family).
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import ParameterError
from algnet.homotopy.pinned import PinnedFamily


def _family(spec, seed=0):
    from algnet.analyses.degree_pilot import witness_setup
    from algnet.analyses.network_input import network_dimension

    net = parse_spec(spec)
    fam = witness_setup(net, network_dimension(net, seed), seed=seed, coordinate_slice=True).family
    pins = [(fam.m + i, int(np.flatnonzero(row)[0]), fam.m + i) for i, row in enumerate(fam.A)]
    return fam, PinnedFamily(fam, pins)


def _point(pf, rng):
    x = (rng.normal(size=(1, pf.n_vars)) + 1j * rng.normal(size=(1, pf.n_vars))) / np.sqrt(2)
    p = rng.normal(size=(1, pf.n_params)) + 1j * rng.normal(size=(1, pf.n_params))
    return x, p


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-2 r=2"])
def test_pinned_family_is_the_full_system_on_the_free_unknowns(spec):
    from algnet.homotopy.tape import record

    fam, pf = _family(spec)
    assert pf.n_vars == fam.n_vars - fam.e and pf.n_params == fam.n_params
    rng = np.random.default_rng(4)
    x, p = _point(pf, rng)
    F, J = pf.evaluate(x, p)
    T = pf.full(x, p)
    F0, J0 = fam.evaluate(T, p)
    assert np.abs(F0[0, fam.m:]).max() < 1e-13                       # the slices hold at the full point
    assert np.allclose(F[0], F0[0, :fam.m], rtol=0, atol=1e-13)
    h = 1e-6
    for j in range(pf.n_vars):                                       # Jacobian against central differences
        e = np.zeros((1, pf.n_vars))
        e[0, j] = h
        d = (pf.evaluate(x + e, p)[0] - pf.evaluate(x - e, p)[0]) / (2 * h)
        assert np.abs(d[0] - J[0, :, j]).max() < 1e-7 * (1 + np.abs(J).max())
    dp = rng.normal(size=pf.n_params) + 0j                           # parameter derivative, likewise
    d = (pf.evaluate(x, p + h * dp)[0] - pf.evaluate(x, p - h * dp)[0]) / (2 * h)
    assert np.abs(d - pf.param_derivative(x, p, dp)).max() < 1e-7 * (1 + np.abs(J).max())
    Ft, Jt, Ht = record(pf).evaluate(x[0], p[0], dp)                 # the compiled tape of the pinned family
    s = 1 + np.abs(F).max() + np.abs(J).max()
    assert np.abs(Ft - F[0]).max() < 1e-12 * s and np.abs(Jt - J[0]).max() < 1e-12 * s
    assert np.abs(Ht - pf.param_derivative(x, p, dp)[0]).max() < 1e-12 * s


def test_pinned_family_tracks_the_same_paths():
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, track

    fam, pf = _family("linear 4-2-4")
    rng = np.random.default_rng(1)
    N = 24
    X = (rng.normal(size=(N, fam.n_vars)) + 1j * rng.normal(size=(N, fam.n_vars))) / np.sqrt(2)
    P0 = fam.start_parameters(X)
    p1 = P0[0] + (rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params))
    P1 = np.ascontiguousarray(np.broadcast_to(p1, P0.shape))
    opt = TrackerOptions(engine="compiled", threads=1)
    a = track(ParameterHomotopy(fam, P0, P1), X, opt)
    b = track(ParameterHomotopy(pf, P0, P1), np.ascontiguousarray(X[:, pf.free]), opt)
    ok = (np.array(a.status) == "success") & (np.array(b.status) == "success")
    assert ok.sum() >= N - 2
    assert np.abs(pf.full(b.x[ok], p1) - a.x[ok]).max() < 1e-8
    # the endpoints solve the full target system
    assert np.abs(fam.evaluate(pf.full(b.x[ok], p1), p1)[0]).max() < 1e-9


def test_a_pin_that_is_not_a_coordinate_slice_is_refused():
    fam, _ = _family("linear 4-2-4")
    with pytest.raises(ParameterError, match="is not x_"):
        PinnedFamily(fam, [(0, 0, 0)])                               # equation 0 is a row of R v - c


def test_start_parameters_and_balls_of_the_pinned_family():
    from algnet.core.numbers import acb

    fam, pf0 = _family("dense 3-2-2 r=2")
    rng = np.random.default_rng(2)
    base = rng.normal(size=fam.e) + 1j * rng.normal(size=fam.e)
    pf = PinnedFamily(fam, pf0.pins, base=base)
    x = (rng.normal(size=(2, pf.n_vars)) + 1j * rng.normal(size=(2, pf.n_vars))) / np.sqrt(2)
    P = pf.start_parameters(x)
    assert np.abs(pf.evaluate(x, P)[0]).max() < 1e-12                 # x solves its own member
    assert np.allclose(P[:, fam.m:], base)                            # the slice parameters are the base
    with pytest.raises(ParameterError, match="base"):
        pf0.start_parameters(x)
    # ball values and Jacobian contain the float ones (point balls)
    xb = [acb(v.real, v.imag) for v in x[0]]
    Fb, Jb = pf.evaluate_ball(xb, list(P[0]))
    F, J = pf.evaluate(x[:1], P[:1])
    for i in range(pf.n_vars):
        assert abs(complex(Fb[i].mid()) - F[0, i]) < 1e-10
        for j in range(pf.n_vars):
            assert abs(complex(Jb[i, j].mid()) - J[0, i, j]) < 1e-10 * (1 + abs(J).max())


def test_full_points_and_free_unknowns_are_inverse_and_check_the_pins():
    from algnet.homotopy.pinned import free_unknowns, full_points, point_vars, start_pairs

    fam, pf = _family("linear 4-2-4")
    rng = np.random.default_rng(3)
    T = rng.normal(size=(3, fam.n_vars)) + 1j * rng.normal(size=(3, fam.n_vars))
    X, P = start_pairs(pf, T)                      # each full point solves the full family at its own P
    assert np.abs(fam.evaluate(T, P)[0]).max() < 1e-12 and point_vars(pf) == fam.n_vars == X.shape[1] + fam.e
    assert np.array_equal(full_points(pf, X, P), T) and np.array_equal(free_unknowns(pf, T, P), X)
    with pytest.raises(ParameterError, match="off the pinned slices"):
        free_unknowns(pf, T, P[::-1])               # the pins of point 0 do not hold at point 2's parameters
    # an unpinned family: the identity, and its own start parameters
    assert np.array_equal(full_points(fam, T, P), T) and point_vars(fam) == fam.n_vars
    assert np.array_equal(start_pairs(fam, T)[1], P)
