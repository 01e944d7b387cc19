"""The estimate of a critical-point count on a very wide network is made without building its Bezout number.

Truth: for dense 10000-10000-1 r=2 the function space has dimension 10000 * 10001 / 2 (symmetric matrices of the
quadratic form: the expected dimension, reached since the width 10000 is at least the input dimension), so the
Bezout bound (2D - 1)^dim has about 2.4e7 digits: writing it out takes minutes; the estimate must not, and the
command must refuse (no theorem gives the count, the work is astronomical) within seconds.
"""

import math
import subprocess
import sys

from algnet import parse_spec
from algnet.analyses.critical.estimate_bounds import MAX_UPPER_BITS, upper_points


def test_upper_points_beyond_the_bits_is_not_built():
    up, src = upper_points(parse_spec("dense 3-2-3 r=2"), "generic", 10**8, 3)
    assert up is None and "5^100000000" in src
    small = upper_points(parse_spec("dense 3-2-3 r=2"), "generic", 10, 3)[0]
    assert small == 5 ** 10 and 10 * math.log2(5) < MAX_UPPER_BITS


def test_ed_degree_of_a_very_wide_network_refuses_in_seconds():
    p = subprocess.run([sys.executable, "-m", "algnet", "ed-degree", "dense 10000-10000-1 r=2"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode != 0 and "Traceback" not in p.stderr
    assert "50005000" in p.stderr      # dim M = 10000 * 10001 / 2, the symmetric 10000 x 10000 matrices
