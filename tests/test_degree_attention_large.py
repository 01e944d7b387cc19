"""Lightning self-attention at the sizes users try: a witness set of thousands of points is estimated, not
taken as the points the pilot saw (before, ``degree "attention d=3 a=2 t=3"`` ran past 300 s after an
estimate of 1.6 minutes), and refused with that estimate under a time limit."""

import re

import pytest

from algnet.analyses.degree import degree
from algnet.errors import TooLargeError


def test_attention_d3_a2_t3_refused_with_a_recapture_estimate():
    """The 2 CPU-s pilot finds hundreds of points; its fresh loops (a subset of them each) recapture some, so the
    estimate comes from Schnabel's estimator, above the points seen (before: no loop fitted in the cap and the
    estimate was the points seen). The refusal names the estimate, the Bézout bound and the cheaper route."""
    with pytest.raises(TooLargeError) as e:
        degree("attention d=3 a=2 t=3", seed=0, time_limit=10)
    msg, info = str(e.value), e.value.info
    seen = int(re.search(r"pilot found (\d+) points", msg).group(1))
    loops = int(re.search(r"(\d+) fresh loops", msg).group(1))
    assert loops >= 1 and info["degree_estimate"] > seen
    assert info["degree_estimate"] <= info["degree_bound"] == 240240
    # the Hilbert route is named, or said to be out of reach (M spans 54 coordinates; an estimate of thousands of
    # points needs the numerator's degree >= 3 by Macaulay's bound in codim 38, so degree 5: C(59, 5) = 5.0e6
    # monomials, above the route's limit)
    assert info["seconds"] > 10 and ("method='hilbert'" in e.value.hint or "Hilbert polynomial is out of reach"
                                     in e.value.hint)


@pytest.mark.slow
def test_attention_d3_a2_t3_default_pilot_sees_the_size():
    """The reported case: under a 300 s limit the guard's pilot gets its full 5 CPU s and finds about 2,400 points.
    Before the fix no fresh loop (all 2,400 points sent, each match against every key) fitted in its cap: the
    estimate was the points seen and the guard let a run of about an hour start. Now the loops (at most
    LOOP_POINTS points each) recapture, and the estimate (13,000-16,000 on seed 0, against a bound of 240,240)
    refuses it. ~12 CPU-s."""
    with pytest.raises(TooLargeError) as e:
        degree("attention d=3 a=2 t=3", seed=0, time_limit=300)
    msg, info = str(e.value), e.value.info
    seen = int(re.search(r"pilot found (\d+) points", msg).group(1))
    assert info["degree_estimate"] > 3 * seen and info["paths"] > 100_000


@pytest.mark.parametrize("spec,deg", [("attention d=2 a=1 dout=1 t=2", 3), ("attention d=2 a=1 t=2", 20)])
def test_small_attention_degrees_two_routes_two_seeds(spec, deg):
    """Monodromy (seed 1, trace test) against the Hilbert polynomial (seed 0: Q = [1, 2] and [1, 6, 6, 6, 1],
    measured 2026-12-05); the default route (seed 0) gave the same. deg is what both found, not an input."""
    mono = degree(spec, method="monodromy", seed=1, confirm=False)
    hilb = degree(spec, method="hilbert", seed=0)
    assert mono.trace_test_passed and not mono.partial
    assert mono.degree == hilb.degree == deg
