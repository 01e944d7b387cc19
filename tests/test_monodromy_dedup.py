"""Duplicate detection of the monodromy graph scales with each point's conditioning.

The counts asserted come from Bezout's theorem (a dense system of degrees 2, 2 with random coefficients has
exactly 4 solutions for generic offsets), the tolerances from the formula of ``key_slack`` worked by hand.
"""

import numpy as np
import pytest

from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver
from algnet.homotopy.monodromy.graph import KEY_ERROR_FACTOR, SolutionSet, key_slack
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem


def test_key_slack_by_hand():
    # 32 * cond * 2^-53: cond 1e10 -> 3.5527e-5; the default tolerance 1e-8 is passed at cond 2.81e6
    assert KEY_ERROR_FACTOR == 32.0
    assert key_slack(1e10) == pytest.approx(32 * 1e10 / 2 ** 53, rel=1e-12)
    assert key_slack(2.8e6) < 1e-8 < key_slack(2.9e6)
    assert key_slack(np.array([np.nan, np.inf])).tolist() == [0.0, 0.0]


def _bezout_solutions():
    """The 4 solutions of x^2 + a xy + y = p1, y^2 + b x + c x y = p2 at one generic (p1, p2), by monodromy."""
    rng = np.random.default_rng(7)
    c = (rng.normal(size=4) + 1j * rng.normal(size=4)) / np.sqrt(2)
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1, (1, 1): c[0], (0, 1): c[1]},
                                                    {(0, 2): 1, (1, 0): c[2], (1, 1): c[3]}]))
    x0 = np.array([0.3 + 0.2j, -0.7 + 0.1j])
    p0 = fam.start_parameters(x0)[0]
    res = MonodromySolver(fam, MonodromyOptions(expected=4)).solve(x0, p0, seed=3)
    assert len(res.solutions) == 4          # Bezout: 2 x 2, no solution at infinity for these leading forms
    return res.solutions


@pytest.mark.parametrize("ill_first", [False, True])
def test_an_ill_conditioned_copy_is_merged_a_well_conditioned_one_is_not(ill_first):
    """Each solution again, its key moved by 1e-6 relative: a separate point when both are well-conditioned
    (8 = twice Bezout's 4), the same point when either copy has condition 1e10 (slack 3.6e-5), whichever
    comes first."""
    sols = _bezout_solutions()
    moved = sols * (1 + 1e-6)
    for cond, truth in ((1.0, 8), (1e10, 4)):
        S = SolutionSet(np.zeros(2), 2, 1e-8, np.array([0.6, 0.4], dtype=complex))
        first, second = (moved, sols) if ill_first else (sols, moved)
        s1, s2 = (key_slack(cond), 0.0) if ill_first else (0.0, key_slack(cond))
        for x in first:
            S.find_or_add(x, x, s1)
        for x in second:
            S.find_or_add(x, x, s2)
        assert S.count == truth


def test_slack_never_tightens_the_tolerance():
    """A slack below the tolerance leaves it at the tolerance: keys 1e-9 apart are one point."""
    S = SolutionSet(np.zeros(1), 1, 1e-8, np.ones(1, dtype=complex))
    S.find_or_add(np.array([2.0 + 0j]), np.array([2.0 + 0j]), 0.0)
    assert S.find_or_add(np.array([2.0 + 0j]), np.array([2.0 + 2e-9 + 0j]), 1e-15) == (0, False)
    assert S.find_or_add(np.array([2.0 + 0j]), np.array([2.0 + 1e-6 + 0j]), 1e-15) == (1, True)
