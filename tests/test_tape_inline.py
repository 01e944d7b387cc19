"""Wide registers inlined into the combinations that read them (algnet.homotopy.tape_inline).

The inlined tape evaluates the same system: checked against the tape recorded without inlining, against
the network's own complex evaluation (no tape), and its Jacobian against central finite differences of
its values. Its lane work is checked against the dependency sets computed here from the tape itself.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.homotopy.tape import DOT, TapeBuilder, Tracer, record

# the witness systems of bench/bench_tracker.py (coordinate slices, seed 0)
BENCH = ["linear 4-2-4", "dense 3-2-2 r=2", "conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2", "linear 6-2-4",
         "conv k=3,3 s=1,1 r=2"]


def _bench_family(spec, seed=0):
    from algnet.analyses.degree_pilot import witness_setup
    from algnet.analyses.network_input import network_dimension

    net = parse_spec(spec)
    return net, witness_setup(net, network_dimension(net, seed), seed=seed, coordinate_slice=True).family


def _dependency_lanes(tape):
    """Per register the set of lanes it truly depends on (unknowns j, the parameter lane n)."""
    n = tape.n_vars
    D = [frozenset()] * len(tape.values)
    for j in range(n):
        D[j] = frozenset([j])
    for i in range(tape.n_params):
        D[n + i] = frozenset([n])
    for op, a, b, c in tape.code:
        if op == DOT:
            s = set()
            for t in range(a, b):
                s |= D[tape.dot_idx[t]]
                if tape.dot_idx2[t] >= 0:
                    s |= D[tape.dot_idx2[t]]
            D[c] = frozenset(s)
        else:
            D[c] = D[a] | D[b]
    return D


def _points(fam, rng, k=3):
    n, m = fam.n_vars, fam.n_params
    for _ in range(k):
        x = (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
        yield x, rng.normal(size=m) + 1j * rng.normal(size=m), rng.normal(size=m) + 1j * rng.normal(size=m)


@pytest.mark.parametrize("spec", BENCH)
def test_inlined_tape_is_the_same_system(spec):
    from algnet.core.backends import Complex

    net, fam = _bench_family(spec)
    t0, t1 = record(fam, inline=False), record(fam, inline=True)
    rng = np.random.default_rng(7)
    Z = fam.values.Z
    for x, p, dp in _points(fam, rng):
        F0, J0, H0 = t0.evaluate(x, p, dp)
        F1, J1, H1 = t1.evaluate(x, p, dp)
        s = 1 + np.abs(F0).max() + np.abs(J0).max()
        assert np.abs(F1 - F0).max() < 1e-14 * s
        assert np.abs(J1 - J0).max() < 1e-14 * s
        assert np.abs(H1 - H0).max() < 1e-14 * s
        # the network's own evaluation (reverse mode over complex floats, no tape)
        v = net.evaluate(x, Z, backend=Complex()).reshape(-1)
        Jv = net.jacobian(x, Z, backend=Complex())
        Fr = np.concatenate([fam.R @ v, fam.A @ x]) - p
        Jr = np.concatenate([fam.R @ Jv, fam.A])
        assert np.abs(F1 - Fr).max() < 1e-11 * s and np.abs(J1 - Jr).max() < 1e-11 * s


@pytest.mark.parametrize("spec", ["linear 4-2-4", "dense 3-2-2 r=2"])
def test_inlined_jacobian_against_finite_differences(spec):
    _, fam = _bench_family(spec)
    tape = record(fam, inline=True)
    rng = np.random.default_rng(3)
    x, p, dp = next(_points(fam, rng, 1))
    _, J, _ = tape.evaluate(x, p, dp)
    h = 1e-6
    for j in range(fam.n_vars):
        e = np.zeros(fam.n_vars)
        e[j] = h
        d = (tape.evaluate(x + e, p, dp)[0] - tape.evaluate(x - e, p, dp)[0]) / (2 * h)
        assert np.abs(d - J[:, j]).max() < 1e-7 * (1 + np.abs(J).max())


def test_lane_work_of_linear_6_2_4_is_its_dependency_minimum():
    # the coefficients (W2 W1)_ij depend on 4 weights but span up to 20 lanes; inlined, every term reads
    # exactly the lanes it depends on
    _, fam = _bench_family("linear 6-2-4")
    t0, t1 = record(fam, inline=False), record(fam, inline=True)
    D = _dependency_lanes(t1)
    width = t1.hi - t1.lo
    lanes = 0
    for op, a, b, c in t1.code:
        regs = [r for t in range(a, b) for r in (t1.dot_idx[t], t1.dot_idx2[t]) if r >= 0] if op == DOT else [c]
        assert all(width[r] == len(D[r]) for r in regs)
        lanes += sum(len(D[r]) for r in regs)
    assert t1.lane_work() == lanes
    assert 2 * t1.lane_work() < t0.lane_work()


def test_a_register_also_read_by_a_product_is_kept():
    b = TapeBuilder(4, 0)
    x = b.x
    r = b.materialize(x[0] * x[3] + x[1] * x[2])
    c = Tracer(b, {r: 1}, reg=r)
    outs = [2 * c + x[1], c - x[2], c * x[0]]          # the last output multiplies r: r stays a register
    t0 = b.finish(outs, reduce_outputs=False, inline=False)
    b2 = TapeBuilder(4, 0)
    x2 = b2.x
    r2 = b2.materialize(x2[0] * x2[3] + x2[1] * x2[2])
    c2 = Tracer(b2, {r2: 1}, reg=r2)
    t1 = b2.finish([2 * c2 + x2[1], c2 - x2[2], c2 * x2[0]], reduce_outputs=False, inline=True)
    assert r2 in t1.code[:, 3]
    xv, none = np.array([1.0, 2.0, 3.0, 4.0]), np.zeros(0)
    F, J, _ = t1.evaluate(xv, none, none)
    # by hand: r = 1 * 4 + 2 * 3 = 10; outputs 2 r + x1 = 22, r - x2 = 7, r x0 = 10
    assert F.real.tolist() == [22.0, 7.0, 10.0]
    assert np.array_equal(J, t0.evaluate(xv, none, none)[1])
