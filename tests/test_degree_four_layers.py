"""Degrees in the thousands: the four-layer convolutional network of degree 1,536 (slow), and its verify row."""

import pytest

from algnet.theorems.formulas import conv_degree

SPEC = "conv k=2,2,2,2 s=1,1,1,1 r=2"


@pytest.mark.slow
def test_degree_1536_by_monodromy_trace_test_and_krawczyk():
    from algnet.analyses.degree import degree

    truth = conv_degree([2, 2, 2, 2], 2)          # Shahverdi-Marchetti-Kohn, Thm. 2.8
    assert truth == 1536
    r = degree(SPEC, method="monodromy", seed=0, certify=True, fiber=False)
    assert r.degree == truth and r.trace_test_passed and not r.partial, r
    assert r.certified and r.certified_distinct == truth     # every witness point, distinct images


def test_the_four_layer_row_is_slow_only():
    from algnet.theorems.verification import all_checks

    slow = [c for c in all_checks(slow=True) if c.slow]
    assert [c.case for c in slow if c.case == SPEC] == [SPEC]
    assert not any(c.slow for c in all_checks()) and not any(c.slow for c in all_checks(quick=True, slow=True))
