"""The degree of the monomial curve s -> (s^a, s^b), gcd(a, b) = 1: the curve x^b = y^a, of degree max(a, b) (a
line u x + v y = c meets it in the max(a, b) roots of u s^a + v s^b = c, one point each: s is determined by
(s^a, s^b) when gcd(a, b) = 1).

A start point with |s| = 0.43 put the slice of map s^20; s^19 next to the curve's cusp at the origin: 19 of the
20 witness points had images about 1e-7, next to one of size 1, and a trace test dominated by that one passed
13 points (25, 30 and 50 gave 2).
"""

import warnings

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.witness_system import witness_setup
from algnet.cli import main


def _slice_images(a, b, seed):
    """The images (s^a, s^b) of the roots of R (s^a, s^b) = c at the start of the witness system (numpy.roots)."""
    ws = witness_setup(parse_spec(f"map s^{a}; s^{b}"), dim=1, seed=seed)
    assert np.allclose(ws.values.values(np.array([[1.5 + 0j]]))[0], [1.5 ** a, 1.5 ** b])      # v = (s^a, s^b)
    r0, r1 = ws.R[0]
    coef = np.zeros(max(a, b) + 1, dtype=complex)
    coef[max(a, b) - a] += r0
    coef[max(a, b) - b] += r1
    coef[-1] -= ws.p0[0]
    s = np.roots(coef)
    assert np.min(np.abs(s - ws.theta0[0])) < 1e-8 * max(1.0, abs(ws.theta0[0]))       # the start is one of them
    return s, np.abs(np.stack([s ** a, s ** b], axis=1)).max(axis=1)


def test_the_start_slice_keeps_every_witness_image_away_from_the_cusp():
    s, size = _slice_images(20, 19, 0)
    assert s.shape[0] == 20
    assert size.min() > 1e-3 * size.max()      # 1e-7 before (a random start: |s|^19 about 0.83^19 = 0.03)


def test_the_monomial_curve_s20_s19_has_degree_20():
    r = degree("map s^20; s^19", method="monodromy", seed=0, confirm=False)
    assert r.degree == 20 and r.trace_test_passed and not r.partial


@pytest.mark.parametrize("a,b", [(7, 5), (13, 12), (15, 4)])
def test_other_monomial_curves_keep_their_degree(a, b):
    r = degree(f"map s^{a}; s^{b}", method="monodromy", seed=0, confirm=False)
    assert r.degree == max(a, b) and r.trace_test_passed


@pytest.mark.slow
@pytest.mark.parametrize("a,seed", [(25, 0), (30, 0), (50, 0), (50, 1)])
def test_larger_monomial_curves_have_degree_a(a, seed):
    r = degree(f"map s^{a}; s^{a - 1}", method="monodromy", seed=seed, confirm=False)
    assert r.degree == a and r.trace_test_passed and not r.partial


def test_the_command_prints_no_overflow_warning(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        main(["degree", "--seed", "1", "map s^50; s^49"])
    out = capsys.readouterr()
    assert "degree 50" in out.out and "RuntimeWarning" not in out.err


@pytest.mark.parametrize("seed", [1, 2])
def test_a_start_point_whose_values_underflow_or_overflow_gives_a_count_or_a_lower_bound(seed):
    # seed 1: c = 0 exactly (|s| = 0.39, s^999 below the smallest double), which passed the trace test with 1 of the
    # 1,000 points; seed 2: no point at all, then a ValueError
    r = degree("map s^1000; s^999", method="monodromy", seed=seed, attempts=1, confirm=False)
    assert 1 <= r.degree <= 1000 and (r.degree == 1000 and r.trace_test_passed or r.partial)
