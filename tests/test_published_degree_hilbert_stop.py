"""The Hilbert route of ``degree`` names the degree where the Hilbert function stopped.

The twisted cubic cone ``dense 2-1-1 r=3`` (coefficients of c (a x + b y)^3) has H(e) = 3e + 1 (the rational normal
curve of degree 3: sections of O(3e) on P^1); its Hilbert function is not visibly stable before degree 3. When the
graded pieces above degree 2 are refused as too large, the route must say it stopped at degree 2, not that the
function was computed up to ``hilbert_up_to`` without stabilising.
"""

import pytest

from algnet.analyses.degree import degree
from algnet.analyses.hilbert import engine as hilbert_engine
from algnet.analyses.hilbert import hilbert_function
from algnet.errors import NotApplicableError, TooLargeError


def test_twisted_cubic_hilbert_values_and_degree():
    """H(e) = 3e + 1 for e = 0..5 and degree 3, both from the rational normal curve by hand."""
    res = hilbert_function("dense 2-1-1 r=3", up_to=5, seed=0)
    assert list(res.values) == [3 * e + 1 for e in range(6)]
    assert degree("dense 2-1-1 r=3", method="hilbert", seed=0).degree == 3


def test_stopped_hilbert_route_names_the_degree_reached(monkeypatch):
    real = hilbert_engine.GradedEngine.check_size

    def refuse_above_two(self, max_degree, *args, **kwargs):
        if max_degree > 2:
            raise TooLargeError("refused for the test", degree=max_degree)
        return real(self, max_degree, *args, **kwargs)

    monkeypatch.setattr(hilbert_engine.GradedEngine, "check_size", refuse_above_two)
    with pytest.raises(NotApplicableError) as err:
        degree("dense 2-1-1 r=3", method="hilbert", seed=0, hilbert_up_to=12)
    msg = str(err.value)
    assert "did not stabilise by degree 2" in msg and "hilbert_up_to=12 was not reached" in msg
    assert "up to degree 12" not in msg
