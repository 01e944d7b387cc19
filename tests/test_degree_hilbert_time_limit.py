"""``degree(..., method="hilbert", time_limit=T)`` is held to T: the Hilbert route stops after the graded piece at
which the limit passes and says so (no degree claimed from a Hilbert function that has not become polynomial).

linear 4-2-4 (4x4 matrices of rank <= 2) needs its Hilbert function up to degree 6 (several seconds here) before
the polynomial shows; its degree is 20 (the determinantal variety's degree, a theorem the formula route uses, and
the Hilbert polynomial's when it runs to the end). With a 1-second limit the route ran past it to the end.

The whole run is about 0.9 CPU s on a fast machine, so the limit is kept near 20 times below it (a limit near the
whole run would let an idle machine finish inside it), and the tests check that work was left: the route stopped
before degree 6, where the Hilbert polynomial first shows.
"""

import os
import re
import subprocess
import sys
import time

import pytest

from algnet.analyses.degree import degree
from algnet.errors import NotApplicableError

LIMIT = 0.05
POLYNOMIAL_SHOWS = 6     # the first degree from which H agrees with the Hilbert polynomial of linear 4-2-4


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (the machine's load does not stretch them)."""
    t = os.times()
    return t.children_user + t.children_system


def _stopped_before_the_polynomial(text: str) -> bool:
    """The Hilbert function reported stopped before degree :data:`POLYNOMIAL_SHOWS` (work left)."""
    m = re.search(r"up to degree (\d+)", text)
    return m is not None and int(m.group(1)) < POLYNOMIAL_SHOWS


def test_hilbert_route_stops_at_the_time_limit():
    degree("linear 2-1-2", method="hilbert", seed=0)          # imports and first compilations out of the timing
    t = time.process_time()
    with pytest.raises(NotApplicableError, match="stopped at the time limit") as err:
        degree("linear 4-2-4", method="hilbert", seed=0, time_limit=LIMIT)
    # CPU time: the work done is bounded whatever the machine's load (which stretches the wall time, not the work)
    cpu = time.process_time() - t
    assert cpu < LIMIT + 1.5, f"the route spent {cpu:.1f} CPU s under a {LIMIT}-s limit"
    assert "no degree is claimed" in str(err.value)
    assert _stopped_before_the_polynomial(str(err.value))


def test_hilbert_route_within_the_limit_gives_the_degree():
    r = degree("linear 3-1-3", method="hilbert", seed=0, time_limit=60)
    assert r.degree == 6 and r.method == "hilbert"            # the Segre cone P^2 x P^2: C(4, 2) = 6


def test_command_line_time_limit_holds():
    t = _children_cpu()
    out = subprocess.run([sys.executable, "-m", "algnet", "degree", "linear 4-2-4", "--method", "hilbert",
                          "--time-limit", str(LIMIT), "--seed", "0"], capture_output=True, text=True)
    cpu = _children_cpu() - t
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "stopped at the time limit" in out.stdout + out.stderr
    assert _stopped_before_the_polynomial(out.stdout + out.stderr)
    assert cpu < LIMIT + 12, f"the command spent {cpu:.1f} CPU s under a {LIMIT}-s limit (start-up included)"


def test_time_limit_help_says_the_run_stops_there():
    # the help said only "refuse monodromy whose estimated time is longer"; a run allowed is held to the limit too
    # (the two tests above, and tests/test_degree_time_limit_held.py for monodromy)
    from algnet.registry import get_analysis

    (opt,) = [o for o in get_analysis("degree").options if o.name == "time_limit"]
    assert "stops at the limit" in opt.help and "lower bound" in opt.help and "Hilbert" in opt.help
