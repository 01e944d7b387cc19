"""The implicitization draws the primes it lifts equations from as they are needed: ``max_primes`` is a cap, not a
count drawn before any work (at the cap of 1000 the primes were listed up front: about 19,000 primality tests).

Truth: the equations by hand -- the 2x2 determinant for linear 2-1-2, and y1^2 - C^2 y0 y2 for the map
(s^2, C s t, t^2) -- and the count of primality tests (counted by a stand-in), which must not depend on the cap.
"""

import pytest
import sympy as sp

import algnet.core.primes as primes_mod
from algnet.analyses.implicit import implicitize
from algnet.core.primes import default_primes
from algnet.errors import ReconstructionError

C = 10**30 + 7          # C^2 has 61 digits: its equation needs more than the engine's first 8 primes of 28 bits


@pytest.fixture
def counted(monkeypatch):
    real, calls = primes_mod.is_prime, [0]

    def counted_is_prime(n):
        calls[0] += 1
        return real(n)

    monkeypatch.setattr(primes_mod, "is_prime", counted_is_prime)

    def run(*args, **kwargs):
        primes_mod._primes_below.cache_clear()
        calls[0] = 0
        res = implicitize(*args, **kwargs)
        return res, calls[0]

    yield run
    primes_mod._primes_below.cache_clear()


def test_the_cap_of_primes_draws_none_before_they_are_needed(counted):
    res, tests_at_cap = counted("linear 2-1-2", max_primes=1000, max_degree=2, seed=0)
    (g,) = res.to_sympy()
    a00, a01, a10, a11 = (sp.Symbol(f"a[{i},{j}]") for i in (0, 1) for j in (0, 1))
    assert sp.expand(g - g.coeff(a00 * a11) * (a00 * a11 - a01 * a10)) == 0
    _, tests_default = counted("linear 2-1-2", max_primes=24, max_degree=2, seed=0)
    assert tests_at_cap == tests_default < 2000          # 1000 primes below 2^28 take about 19,000 tests


def test_more_primes_are_drawn_when_an_equation_needs_them(counted):
    spec = f"map s^2; {C}*s*t; t^2"
    res, tests = counted(spec, max_primes=1000, max_degree=2, seed=0)
    y0, y1, y2 = sp.symbols("y0 y1 y2")
    (g,) = res.to_sympy()
    assert sp.expand(g - g.coeff(y1**2) * (y1**2 - C**2 * y0 * y2)) == 0
    assert 8 < len(res.primes) < 30 and set(res.primes) <= set(default_primes(len(res.primes) + 2))
    res24, tests24 = counted(spec, max_primes=24, max_degree=2, seed=0)
    assert res24.equations() == res.equations() and tests24 == tests


def test_the_cap_still_holds():
    with pytest.raises(ReconstructionError, match="with 8 primes"):
        implicitize(f"map s^2; {C}*s*t; t^2", max_primes=8, max_degree=2, seed=0)
