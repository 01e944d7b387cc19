"""The verify row of the Voronoi landing probabilities: the hand values for the closed quadrant (a^2, b^2) checked
by a second method (the nearest point of the quadrant is the coordinatewise positive part), the row agrees, and
a wrong hand value makes it disagree."""

import numpy as np

from algnet.theorems.checks import critical as C
from algnet.theorems.verification import run_check

KEY = "Voronoi landing probabilities"


def test_the_hand_values_by_the_positive_part():
    u = np.random.default_rng(7).normal(size=(200_000, 2))
    pos = (u > 0).sum(axis=1)   # nearest point max(u, 0): no positive coordinate -> origin, one -> axis, two -> inside
    freq = {"origin": np.mean(pos == 0), "boundary (rank drop)": np.mean(pos == 1),
            "smooth (top stratum)": np.mean(pos == 2)}
    assert all(abs(freq[k] - v) < 0.005 for k, v in C.QUADRANT_LANDING.items()), freq
    assert sum(C.QUADRANT_LANDING.values()) == 1


def _row():
    checks = [c for c in C.checks(quick=False) if c.theorem.startswith(KEY)]
    assert len(checks) == 1 and not any(c.theorem.startswith(KEY) for c in C.checks(quick=True))
    return checks[0]


def test_the_row_agrees_and_a_wrong_hand_value_disagrees(monkeypatch):
    row = run_check(_row())
    assert row.agree, (row.computed, row.detail)
    monkeypatch.setattr(C, "QUADRANT_LANDING", {"origin": 0.5, "boundary (rank drop)": 0.25,
                                                "smooth (top stratum)": 0.25})
    assert not run_check(_row()).agree
