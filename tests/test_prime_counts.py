"""Counts of primes are bounded: a huge count is refused at once with a clear message, never a hang.

``default_primes(n)`` tests numbers below its bound one by one: past the primes below the bound it would walk
below 2 forever, and ``implicit --max-primes 100000000`` built such a list before any work. The primality test
is replaced by a counted stand-in, so a regression fails (too many calls) instead of hanging.
"""

import pytest
import sympy as sp

import algnet.core.primes as primes_mod
from algnet.analyses.implicit import implicitize
from algnet.cli import main
from algnet.core.primes import MAX_PRIME_COUNT, default_primes
from algnet.errors import ModulusError, ParameterError


@pytest.fixture
def counted_is_prime(monkeypatch):
    real, calls = primes_mod.is_prime, [0]

    def counted(n):
        calls[0] += 1
        if calls[0] > 300_000:
            raise AssertionError("more than 300,000 primality tests: the count of primes is not bounded")
        return real(n)

    monkeypatch.setattr(primes_mod, "is_prime", counted)
    primes_mod._primes_below.cache_clear()
    yield calls
    primes_mod._primes_below.cache_clear()


def test_default_primes_stops_at_the_primes_below_the_bound(counted_is_prime):
    assert default_primes(4, bound=8) == (7, 5, 3, 2)        # by hand: the primes below 8
    with pytest.raises(ModulusError, match="only 4 primes below 8"):
        default_primes(5, bound=8)


def test_default_primes_refuses_a_huge_count(counted_is_prime):
    with pytest.raises(ModulusError, match=f"at most {MAX_PRIME_COUNT}"):
        default_primes(10**8)
    assert counted_is_prime[0] == 0


def test_implicit_refuses_a_huge_max_primes_before_any_work(counted_is_prime, capsys):
    with pytest.raises(ParameterError, match="the limit is 1000") as e:
        implicitize("linear 2-1-2", max_primes=10**8)
    assert "max_primes=1000 or fewer" in e.value.hint
    assert counted_is_prime[0] == 0
    code = main(["implicit", "linear 2-1-2", "--max-primes", "100000000"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "the limit is 1000" in err and "--max-primes 1000 or fewer" in err


def test_implicit_at_the_limit_still_works():
    # linear 2-1-2: the 2x2 matrices of rank <= 1, cut out by the determinant (by hand)
    res = implicitize("linear 2-1-2", max_primes=1000, max_degree=2, seed=0)
    (g,) = res.to_sympy()
    a00, a01, a10, a11 = (sp.Symbol(f"a[{i},{j}]") for i in (0, 1) for j in (0, 1))
    assert sp.expand(g - g.coeff(a00 * a11) * (a00 * a11 - a01 * a10)) == 0
    assert res.cuts_out
