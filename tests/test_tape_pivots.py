"""The row reduction's pivot columns chosen by cost (``tape_blocks.PIVOT_BY_COST``).

The reduced block ``[I | R']`` keeps every non-pivot term in all g rows and a pivot term in one, so pivots on the
expensive terms make a cheaper tape; any invertible pivot block gives the same system. Checked here: the tape
gives the family's own numpy values, Jacobians and t-derivatives (a second evaluation, not the tape) whichever
pivots were chosen, the cost-chosen tapes are cheaper in lanes over several seeds than the complete pivoting's,
their pivot blocks are within the condition bound, a bound nothing meets falls back to complete pivoting bit for
bit, the threshold elimination by hand, and the degrees of linear networks (the determinantal formula of THEOREMS.md)
with the pivots by cost and with complete pivoting.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.witness_system import witness_setup
from algnet.homotopy import tape_blocks
from algnet.homotopy.tape import record
from algnet.homotopy.tape_blocks import _condition, _costed_pivot_columns

SPECS = ["linear 4-2-4", "dense 3-2-2 r=2", "conv k=2,2,2 r=2", "linear 6-2-4"]
FIELDS = ("code", "values", "lo", "hi", "outputs", "dot_idx", "dot_idx2", "dot_coef", "transform", "param_map")


def _setup(spec, seed):
    net = parse_spec(spec)
    return witness_setup(net, dimension(net, seed=0).dimension, seed=seed)


def _tapes(fam, monkeypatch):
    """(cost-chosen tape, complete-pivoting tape) of a family."""
    costed = record(fam, map_parameters=True)
    with monkeypatch.context() as m:
        m.setattr(tape_blocks, "PIVOT_BY_COST", None)
        complete = record(fam, map_parameters=True)
    return costed, complete


@pytest.mark.parametrize("spec", SPECS + ["dense 3-2-3 r=2", "attention d=2 a=2 dout=1 t=2"])
def test_cost_chosen_pivots_give_the_family_s_values(spec, monkeypatch):
    rng = np.random.default_rng(7)
    for seed in (0, 1, 2):
        fam = _setup(spec, seed).tracked
        tapes = _tapes(fam, monkeypatch)
        for _ in range(3):
            x = rng.normal(size=fam.n_vars) + 1j * rng.normal(size=fam.n_vars)
            p = rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
            dp = rng.normal(size=fam.n_params) + 1j * rng.normal(size=fam.n_params)
            F0, J0 = fam.evaluate(x[None, :], p[None, :])
            Ht0 = fam.param_derivative(x[None, :], p[None, :], dp[None, :])
            scale = 1 + np.abs(F0).max() + np.abs(J0).max()
            for tape in tapes:
                F, J, Ht = tape.evaluate(x, p, dp)
                assert np.abs(F - F0[0]).max() <= 1e-12 * scale
                assert np.abs(J - J0[0]).max() <= 1e-12 * scale
                assert np.abs(Ht - Ht0[0]).max() <= 1e-12 * (1 + np.abs(Ht0).max())


@pytest.mark.parametrize("spec", SPECS)
def test_cost_chosen_pivots_make_cheaper_tapes(spec, monkeypatch):
    lanes = np.zeros(2)
    for seed in range(4):
        costed, complete = _tapes(_setup(spec, seed).tracked, monkeypatch)
        assert costed.transform is not None
        assert _condition(costed.transform) <= tape_blocks.PIVOT_BY_COST[2]
        lanes += costed.lane_work(), complete.lane_work()
    assert lanes[0] < lanes[1]


def test_an_unmet_condition_bound_falls_back_to_complete_pivoting(monkeypatch):
    fam = _setup("linear 4-2-4", 0).tracked
    with monkeypatch.context() as m:
        m.setattr(tape_blocks, "PIVOT_BY_COST", (1.0, 0.1, 1.0))   # no pivot block of random numbers has condition 1
        fallback = record(fam, map_parameters=True)
    complete = _tapes(fam, monkeypatch)[1]
    for f in FIELDS:
        assert np.asarray(getattr(fallback, f)).tobytes() == np.asarray(getattr(complete, f)).tobytes(), f


def test_threshold_pivoting_by_hand():
    C = np.array([[1.0, 5.0, 2.0], [3.0, 1.0, 4.0]])
    # all costs equal: complete pivoting's choice (|5|, then row 1 - row 0 / 5 = (2.8, 0, 3.6): column 2)
    assert _costed_pivot_columns(C, [0, 0, 0]) == [1, 2]
    # column 0 the costliest, |3| >= 0.1 |5|: taken; row 0 - row 1 / 3 = (0, 14/3, 2/3): column 1's |14/3|
    # is the only candidate at tol 0.5 (2/3 < 7/3), whatever column 2 costs
    assert _costed_pivot_columns(C, [5, 0, 1], tol=0.5) == [0, 1]
    assert _costed_pivot_columns(C, [5, 0, 1], tol=0.1) == [0, 2]
    # tol 1: only the largest modulus is a candidate (complete pivoting)
    assert _costed_pivot_columns(C, [5, 0, 1], tol=1.0) == [1, 2]
    assert _costed_pivot_columns(np.zeros((2, 3)), [1, 2, 3]) is None
    assert _costed_pivot_columns(np.array([[1.0, 2.0], [2.0, 4.0]]), [0, 1]) is None      # rank 1


def _determinantal_degree(m, n, r):
    """deg of the m x n matrices of rank <= r (THEOREMS.md section 1), by the product formula."""
    from fractions import Fraction
    from math import factorial

    d = Fraction(1)
    for i in range(n - r):
        d *= Fraction(factorial(m + i) * factorial(i), factorial(r + i) * factorial(m - r + i))
    return int(d)


def _blind_degrees(spec, seeds, monkeypatch, pivots):
    """Monodromy degrees as ``bench_degree.run_algnet`` computes them (not told the expected count)."""
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options

    with monkeypatch.context() as m:
        if not pivots:
            m.setattr(tape_blocks, "PIVOT_BY_COST", None)
        blind = degree_options(parse_spec(spec), stop_at_expected=False)
        return [degree(spec, seed=s, options=blind, method="monodromy", fiber=False, certify=False, confirm=False,
                       force=True).degree for s in seeds]


@pytest.mark.parametrize("spec, mnr", [("linear 3-1-3", (3, 3, 1)), ("linear 4-2-4", (4, 4, 2)),
                                       pytest.param("linear 6-2-4", (4, 6, 2), marks=pytest.mark.slow)])
def test_degrees_with_cost_chosen_pivots(spec, mnr, monkeypatch):
    # the determinantal formula (6, 20, 105) and the runs with complete pivoting, seeds 0-4
    expected = _determinantal_degree(*mnr)
    assert expected == {"linear 3-1-3": 6, "linear 4-2-4": 20, "linear 6-2-4": 105}[spec]
    by_cost = _blind_degrees(spec, range(5), monkeypatch, True)
    assert by_cost == [expected] * 5
    assert _blind_degrees(spec, range(5), monkeypatch, False) == by_cost
