"""A box of the largest floats: the float filter's error bound overflows; it must prove nothing there (exact
arithmetic decides) rather than warn or guess, and the regions are those of the whole plane."""

import json
import subprocess
import sys


def _regions(*args):
    p = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-m", "algnet", "regions", "relu 2-3-1",
                        "--seed", "0", "--json", *args], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and "Warning" not in p.stderr, p.stderr[-2000:]
    return json.loads(p.stdout)["regions"]


def test_huge_box_counts_the_plane_without_overflow_warnings():
    # the three lines of the first layer meet inside a bounded part of the plane, so a box of the largest
    # floats holds one region per region of the plane
    assert _regions("--box=-1e308,1e308,-1e308,1e308") == _regions("--plane")
