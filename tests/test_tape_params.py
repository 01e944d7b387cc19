"""Linear forms of the parameters lifted out of the tape (algnet.homotopy.tape_params).

The tape recorded with ``map_parameters`` is checked against the family's own numpy evaluation (values,
Jacobian, parameter derivative: no tape), against the tape recorded without it, and the compiled tracker
that runs it against the numpy tracker on the same paths. The count of parameter terms is checked against
the structure of the witness system: after the row reduction every equation of a block reads the g
offsets of its block; lifted, it reads one parameter form.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.homotopy.tape import DOT, TapeBuilder, record

BENCH = ["linear 3-1-3", "linear 4-2-4", "dense 3-2-2 r=2", "conv k=2,2,2 s=1,1,1 r=2"]


def _tracked_family(spec, seed=0):
    from algnet.analyses.degree_pilot import witness_setup
    from algnet.analyses.network_input import network_dimension

    net = parse_spec(spec)
    return witness_setup(net, network_dimension(net, seed), seed=seed, coordinate_slice=True).tracked


def _linear_parameter_terms(tape):
    """Per DOT, the number of its linear terms on parameter registers."""
    n, mp = tape.n_vars, tape.param_registers
    out = []
    for op, a, b, c in tape.code:
        if op == DOT:
            out.append(sum(1 for t in range(a, b) if tape.dot_idx2[t] < 0 and n <= tape.dot_idx[t] < n + mp))
    return out


@pytest.mark.parametrize("spec", BENCH)
def test_mapped_tape_is_the_family(spec):
    fam = _tracked_family(spec)
    t0, t1 = record(fam), record(fam, map_parameters=True)
    assert t1.param_map is not None and t1.n_params == fam.n_params
    rng = np.random.default_rng(3)
    n, m = fam.n_vars, fam.n_params
    for _ in range(3):
        x = rng.normal(size=n) + 1j * rng.normal(size=n)
        p, dp = (rng.normal(size=m) + 1j * rng.normal(size=m) for _ in range(2))
        F, J, Ht = t1.evaluate(x, p, dp)
        Fn, Jn = fam.evaluate(x[None], p[None])
        Hn = fam.param_derivative(x[None], p[None], dp[None])
        scale = 1 + np.abs(Fn).max()
        assert np.allclose(F, Fn[0], rtol=0, atol=1e-12 * scale)
        assert np.allclose(J, Jn[0], rtol=0, atol=1e-12 * (1 + np.abs(Jn).max()))
        assert np.allclose(Ht, Hn[0], rtol=0, atol=1e-12 * (1 + np.abs(Hn).max()))
        for u, v in zip(t0.evaluate(x, p, dp), (F, J, Ht)):
            assert np.allclose(u, v, rtol=0, atol=1e-13 * (1 + np.abs(u).max()))


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-2 r=2"])
def test_each_equation_reads_one_parameter_form(spec):
    fam = _tracked_family(spec)
    t0, t1 = record(fam), record(fam, map_parameters=True)
    g = len(t0.outputs)               # one block: the dim equations R v - c (the slices are pinned)
    before, after = _linear_parameter_terms(t0), _linear_parameter_terms(t1)
    assert sum(before) >= g * g       # each reduced equation mixes the g offsets
    assert max(after) <= 1
    assert t1.lane_work() <= t0.lane_work() - (g * g - g)


def test_map_commutes_with_the_segment():
    b = TapeBuilder(1, 3)
    x, p = b.x[0], b.p
    t = b.finish([x * x - p[0] - 2 * p[1], x * p[2] - p[0] + p[1]], reduce_outputs=False, map_parameters=True)
    Q = t.param_map
    assert Q.shape == (3, 3)                  # p2 (read by x p2), then the two forms
    rng = np.random.default_rng(0)
    p0, p1 = rng.normal(size=(2, 3)) + 1j * rng.normal(size=(2, 3))
    for s in (0.0, 0.3, 1.0):
        assert np.allclose(t.map_parameters((1 - s) * p0 + s * p1),
                           (1 - s) * t.map_parameters(p0) + s * t.map_parameters(p1), rtol=0, atol=1e-15)
    # hand computation at x = 2, p = (1, 1, 1), dp = (0, 1, 0): F = (4 - 3, 2 - 0), J = (4, 1), Ht = (-2, 1)
    F, J, Ht = t.evaluate(np.array([2.0]), np.ones(3), np.array([0.0, 1.0, 0.0]))
    assert np.allclose(F, [1, 2]) and np.allclose(J, [[4], [1]]) and np.allclose(Ht, [-2, 1])


def test_tape_without_forms_is_unchanged():
    b = TapeBuilder(2, 1)
    x, y = b.x
    t = b.finish([x * y - b.p[0], x - y], map_parameters=True)
    assert t.param_map is None and t.param_registers == 1


@pytest.mark.parametrize("spec,options", [("linear 3-1-3", {}), ("dense 3-2-2 r=2", {}),
                                          ("dense 3-2-2 r=2", {"block": 1})])
def test_compiled_tracker_runs_the_mapped_tape(spec, options):
    from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.pinned import point_vars, start_pairs
    from algnet.homotopy.tracker import TrackerOptions, track

    fam = _tracked_family(spec)
    rng = np.random.default_rng(1)
    T = (rng.normal(size=(12, point_vars(fam))) + 1j * rng.normal(size=(12, point_vars(fam)))) / np.sqrt(2)
    X, P0 = start_pairs(fam, T)
    P1 = P0[0] + rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
    H = ParameterHomotopy(fam, P0, np.broadcast_to(P1, P0.shape).copy())
    assert CompiledParameterHomotopy(H).tape.param_map is not None
    a = track(H, X, TrackerOptions(engine="compiled", **options))
    b = track(H, X, TrackerOptions(engine="numpy"))
    assert a.status == b.status
    ok = np.array([s == "success" for s in a.status])
    assert ok.sum() >= 10
    F, _ = fam.evaluate(a.x[ok], np.broadcast_to(P1, (int(ok.sum()), fam.n_params)))
    assert np.abs(F).max() < 1e-9
    assert np.allclose(a.x[ok], b.x[ok], rtol=0, atol=1e-8)


def test_parameters_of_appended_paths_are_mapped():
    """The compiled homotopy maps only the rows appended by ``extend``; the result equals mapping all rows."""
    from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
    from algnet.homotopy.homotopies import ParameterHomotopy

    fam = _tracked_family("linear 4-2-4")
    m = fam.n_params
    rng = np.random.default_rng(2)
    P0, P1 = (rng.normal(size=(5, m)) + 1j * rng.normal(size=(5, m)) for _ in range(2))
    H = ParameterHomotopy(fam, P0, P1)
    C = CompiledParameterHomotopy(H)
    Q = C.tape.param_map
    a0, a1 = C.parameters(5)
    assert np.allclose(a0, P0 @ Q.T, rtol=0, atol=1e-13) and np.allclose(a1, P1 @ Q.T, rtol=0, atol=1e-13)
    E0, E1 = (rng.normal(size=(3, m)) + 1j * rng.normal(size=(3, m)) for _ in range(2))
    H.extend(E0, E1)
    b0, b1 = C.parameters(8)
    assert np.allclose(b0, np.vstack([P0, E0]) @ Q.T, rtol=0, atol=1e-13)
    assert np.allclose(b1, np.vstack([P1, E1]) @ Q.T, rtol=0, atol=1e-13)
    H.p0 = H.p0[::-1].copy()                      # rows changed, not appended: all mapped again
    c0, _ = C.parameters(8)
    assert np.allclose(c0, H.p0 @ Q.T, rtol=0, atol=1e-13)
