"""A huge degree bound (``implicit -d 10**12``, ``hilbert --up-to 10**12``) is refused at once.

For a dominant map (M dense in its coordinates) the implicitization has no equations but listed H(e) for every
e up to the bound (10^12 entries: gigabytes within seconds, never returning); it is now refused like the Hilbert
function of a dominant map.

The refusal of a too-large implicitization or Hilbert function asks whether ``force`` could run it: the largest
listing of monomials over the levels 0..max_degree. That maximum used to visit every level up to max_degree (10^12
of them: the command never returned). Its value is checked here against the plain maximum over all levels on
small bounds, and the command line is run in a subprocess with a time-out so that a regression fails instead of
hanging.
"""

import subprocess
import sys
from math import comb

import pytest

from algnet import parse_spec
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.implicit import implicitize
from algnet.errors import TooLargeError


@pytest.mark.parametrize("spec", ["linear 3-1-2", "dense 2-1-1 r=2 bias", "linear 3-2-3"])
def test_largest_level_bytes_is_the_maximum_over_all_levels(spec):
    eng = GradedEngine(parse_spec(spec), seed=0)
    for top in range(0, 7):
        assert eng.largest_level_bytes(top) == max(eng.level_bytes(d) for d in range(top + 1))
    eng.level(0), eng.level(1), eng.level(2)                  # listed levels cost nothing more
    for top in range(0, 7):
        assert eng.largest_level_bytes(top) == max(eng.level_bytes(d) for d in range(top + 1))


def test_largest_level_bytes_with_linear_equations():
    """conv k=2,2 r=2 has no x0*x2 term (a linear equation of M): from level 2 on the monomials are in fewer
    coordinates than levels 0 and 1, so level 1 can be the largest."""
    eng = GradedEngine(parse_spec("conv k=2,2 r=2"), seed=0)
    lead = eng.linear_leading_vars(eng.primes[0])
    assert len(lead) >= 1
    eng.set_linear(lead)
    for top in range(0, 7):
        assert eng.largest_level_bytes(top) == max(eng.level_bytes(d) for d in range(top + 1))


@pytest.mark.parametrize("argv", [["implicit", "linear 3-1-2", "-d", str(10**12)],
                                  ["hilbert", "linear 3-1-2", "--up-to", str(10**12)],
                                  ["implicit", "linear 2-2-2", "-d", str(10**12)]])
def test_huge_degree_bound_is_refused(argv):
    run = subprocess.run([sys.executable, "-m", "algnet", *argv], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "monomials" in run.stderr and "Traceback" not in run.stderr


def test_dominant_implicitization_huge_degree_refused_small_degree_complete():
    """linear 2-2-2 fills the 2 x 2 matrices: no equation in any degree, H(e) = C(e + 3, 3) monomials of degree
    e in 4 coordinates (a cone). A degree bound of 10^12 is refused before its list is built."""
    res = implicitize("linear 2-2-2", max_degree=4, seed=0)
    assert len(res.generators) == 0
    assert tuple(res.hilbert_function) == tuple(comb(e + 3, 3) for e in range(5))
    with pytest.raises(TooLargeError):
        implicitize("linear 2-2-2", max_degree=10**12, seed=0)
