"""The primes of an analysis skip those dividing a spec's integers (algnet.analyses.shared.network_primes): an
integer of 4401 digits is read exactly there too (Python's int() of a decimal string stops at 4300 digits)."""

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.analyses.shared import network_primes
from algnet.numtext import int_str


def test_the_dimension_of_a_map_with_a_4401_digit_coefficient():
    # (a s^2, s t, t^2) with a != 0: the Jacobian [[2as, 0], [t, s], [0, 2t]] has rank 2 at s = t = 1 (by hand)
    r = dimension(parse_spec("map (10^4400+7)*s^2; s*t; t^2"), seed=0)
    assert r.dimension == 2 and r.certified


def test_a_prime_dividing_a_huge_coefficient_is_skipped():
    p = network_primes(parse_spec("map s; t"), 1)[0]         # the first default prime
    n = p * (10**4400 + 1)                                   # 4409 digits, divisible by p
    assert p not in network_primes(parse_spec(f"map {int_str(n)}*s^2; s*t; t^2"), 3)
