"""Critical-point estimates of networks whose counts have hundreds of digits: refused in seconds, in words.

The generic ED degree of conv k=1000,1000 r=2 is at least the degree of its Segre-Veronese neuromanifold,
a number of about 900 digits (P^999 x P^999 embedded by O(2, 1): (1998)! / (999)!^2 * 2^999); the Chern-class
formula's ring has 10^6 monomials (tens of seconds), so the estimate must not evaluate it, and the path count
must not be turned into a float.
"""
import math
import time

import pytest

from algnet import parse_spec
from algnet.analyses.critical.ed import CHERN_TERMS, ed_formula
from algnet.analyses.critical.estimate import _count, critical_estimate
from algnet.errors import TooLargeError


def test_huge_conv_count_is_refused_in_seconds_with_a_short_message():
    from algnet.analyses.critical import critical_points

    net = parse_spec("conv k=1000,1000 r=2")
    t = time.process_time()
    with pytest.raises(TooLargeError) as e:
        critical_points(net, loss="generic")
    assert time.process_time() - t < 20
    msg = str(e.value)
    assert len(msg) < 2000 and "critical point(s)" in msg
    est = critical_estimate(net, "generic")
    # the lower bound is the degree of M: (1998)! / (999)!^2 * 2^999 (the Segre-Veronese degree, by hand)
    assert est.points == math.comb(1998, 999) * 2 ** 999 and est.lower_bound
    assert est.cpu_seconds == math.inf


def test_chern_formula_not_evaluated_above_the_ring_limit_and_evaluated_below():
    big = ed_formula(parse_spec("conv k=1000,1000 r=2"), "generic")
    assert big[0] is None and f"{CHERN_TERMS:,}" in big[1]
    # below the limit: the generic ED degree 3d - 2 of the rational normal curve of degree d (d = 4 here)
    assert ed_formula(parse_spec("dense 2-1-1 r=4"), "generic")[0] == 10


def test_count_words():
    assert _count(10**15 - 1) == str(10**15 - 1)
    assert _count(10**20) == "1e20"
    assert _count(1234567890123456789) == "1.23e18"
