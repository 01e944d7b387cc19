"""The degree route's tracked family with its pinned weights held fixed (FixedPinFamily): only the offsets c move.

Checked against the full witness family (numpy evaluation at the parameters (c, b)), the structure of the
witness system (H_t = -(c1 - c0), b nowhere among the tape's parameters), the older PinnedFamily (b
moving: fewer tape lanes with b folded in) and the theorems' degrees (THEOREMS.md: the determinantal degree
formula, Harris, Algebraic Geometry, Ex. 19.10; the convolutional degree formula, Shahverdi-Marchetti-Kohn,
Thm. 2.8), certified by Krawczyk's test, with the trace test passing.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import ParameterError
from algnet.homotopy.pinned import FixedPinFamily, PinnedFamily
from algnet.theorems.formulas import conv_degree, determinantal_degree


def _setup(spec, seed=0, pin="fixed"):
    from algnet.analyses.degree_pilot import witness_setup
    from algnet.analyses.network_input import network_dimension

    net = parse_spec(spec)
    dim = network_dimension(net, seed)
    return net, dim, witness_setup(net, dim, seed=seed, pin=pin)


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-2 r=2"])
def test_tracked_family_keeps_b_fixed_and_moves_only_the_offsets(spec):
    from algnet.homotopy.compiled_homotopy import family_tape

    net, dim, ws = _setup(spec)
    fam, full = ws.tracked, ws.family
    e = net.n_params - dim
    assert isinstance(fam, FixedPinFamily) and e > 0
    assert fam.n_vars == net.n_params - e and fam.n_params == dim
    b = ws.p0[dim:]                                   # the coordinate slice theta_S = b at the start point
    assert np.array_equal(fam.values, b) and np.array_equal(ws.theta0[fam.pinned], b)
    rng = np.random.default_rng(5)
    x = (rng.normal(size=(1, fam.n_vars)) + 1j * rng.normal(size=(1, fam.n_vars))) / np.sqrt(2)
    c, dc = (rng.normal(size=(1, dim)) + 1j * rng.normal(size=(1, dim)) for _ in range(2))
    # the member at c is the full system at (c, b) on the free unknowns (pinned rows and columns removed)
    F, J = fam.evaluate(x, c)
    T = fam.full(x)
    assert np.array_equal(T[:, fam.pinned], b[None, :])
    Ff, Jf = full.evaluate(T, np.concatenate([c, b[None, :]], axis=1))
    assert np.allclose(F, Ff[:, :dim], rtol=0, atol=1e-12) and np.allclose(Ff[:, dim:], 0, atol=1e-15)
    assert np.allclose(J, Jf[:, :dim][:, :, fam.free], rtol=0, atol=1e-12)
    # the recorded tape: b is no parameter, and along a segment c0 -> c1 the parameter derivative is -(c1 - c0)
    tape = family_tape(fam, map_parameters=True)
    assert tape.n_params == dim
    Ft, Jt, Ht = tape.evaluate(x[0], c[0], dc[0])
    assert np.allclose(Ft, F[0], rtol=0, atol=1e-12 * (1 + np.abs(F).max()))
    assert np.allclose(Jt, J[0], rtol=0, atol=1e-12 * (1 + np.abs(J).max()))
    assert np.allclose(Ht, -dc[0], rtol=0, atol=1e-13)
    # fewer tangent lanes than with b among the parameters (products of pinned weights folded at recording)
    moving = PinnedFamily(full, fam.pins)
    assert tape.lane_work() < family_tape(moving, map_parameters=True).lane_work()
    # new start points of the search lie on the slice: theta_free random, theta_S = b
    S = ws.sampler(np.random.default_rng(1), 6)
    assert np.array_equal(S[:, fam.pinned], np.broadcast_to(b, (6, e)))
    X, P = fam.start_pairs(S)
    assert np.abs(fam.evaluate(X, P)[0]).max() < 1e-12 and P.shape == (6, dim)


def test_points_off_the_fixed_pins_are_rejected():
    net, dim, ws = _setup("linear 3-1-3")
    fam = ws.tracked
    T = fam.full(ws.theta0[fam.free])
    assert np.array_equal(fam.reduce(T), ws.theta0[fam.free][None, :])
    T[:, fam.pinned] += 1e-3
    with pytest.raises(ParameterError, match="off the fixed pins"):
        fam.reduce(T)
    with pytest.raises(ParameterError, match="values"):
        FixedPinFamily(ws.family, fam.pins, [1.0, 2.0, 3.0])


# (spec, seed, theorem's degree)
SMALL = [("linear 3-1-3", 0, determinantal_degree(3, 3, 1)),
         ("conv k=2,3 s=1,1 r=2", 1, conv_degree([2, 3], 2)),
         ("linear 4-2-4", 2, determinantal_degree(4, 4, 2)),
         ("conv k=2,2,2 s=1,1,1 r=2", 0, conv_degree([2, 2, 2], 2))]


@pytest.mark.parametrize("spec, seed, known", SMALL, ids=[s[0] for s in SMALL])
def test_fixed_pins_give_the_theorems_degrees_certified(spec, seed, known):
    from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt

    net, dim, ws = _setup(spec, seed)
    out = monodromy_attempt(net, dim, seed, degree_options(net), certify=True)
    assert out["trace_test_passed"] and not out["partial"]
    assert out["degree"] == out["certified_distinct"] == known
    # the witness points returned are full points of the witness system at (c0, b): all on the fixed slice
    W = out["witness_parameters"]
    assert np.array_equal(W[:, ws.tracked.pinned], np.broadcast_to(ws.tracked.values, (known, len(ws.tracked.pins))))
    F, _ = ws.family.evaluate(W, ws.p0)
    assert np.abs(F).max() < 1e-8 * (1 + np.abs(ws.p0).max())


def test_pilot_and_moving_pins_agree_with_the_fixed_route():
    """The PinnedFamily route (b moving too) and the pilot find the same count as the fixed pins."""
    from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt
    from algnet.analyses.degree_pilot import monodromy_pilot

    net, dim, _ = _setup("dense 3-2-2 r=2")
    fixed, moving = (monodromy_attempt(net, dim, 0, degree_options(net), certify=False, pin=p)
                     for p in ("fixed", "moving"))
    assert fixed["trace_test_passed"] and moving["trace_test_passed"]
    assert fixed["degree"] == moving["degree"] == 15          # issue 16's table (NumericalImplicitization)
    p = monodromy_pilot(net, dim, seed=0, seconds=10)
    assert p.finished and p.points == 15
