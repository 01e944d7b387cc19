"""A fiber count whose route is Newton's before any estimate runs compiled kernels imports no numba.

Under a wall-clock limit, "auto" checks that the monodromy kernels still to compile fit the limit; that check reads
numba's cache, so it imports numba and the kernels' modules (0.5-1 s). When the route is settled without a pilot
(more than 60 parameters, or a deg M known by a theorem above the monodromy limit) no kernel runs, and the check
is not made. Run in a fresh interpreter: the test process may have imported numba already.
"""

import json
import os
import subprocess
import sys
from math import comb
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
from algnet.analyses.fibers import identifiability
r = identifiability(sys.argv[1], seed=0, max_unknowns=0, max_seconds=30)
print(json.dumps({"numba": "numba" in sys.modules, "reason": r.reason, "count": r.fiber_count}))
"""


def _run(spec: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", SCRIPT, spec], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _determinantal_degree(n: int, r: int) -> int:
    """Degree of the n x n matrices of rank <= r (Harris, Algebraic Geometry, Ex. 19.10)."""
    num = den = 1
    for i in range(n - r):
        num *= comb(n + i, r)
        den *= comb(r + i, r)
    return num // den


@pytest.mark.parametrize("spec, why", [
    ("linear 8-8-1", "72 parameters (monodromy up to 60)"),                 # 8*8 + 8*1 parameters
    ("linear 7-2-7", "7x7 matrices of rank <= 2"),                          # deg M by a theorem, checked below
])
def test_a_newton_route_settled_up_front_imports_no_numba(spec, why):
    assert _determinantal_degree(7, 2) == 19404 > 500          # the theorem's value is above the monodromy limit
    got = _run(spec)
    assert "route: Newton (deg M: " in got["reason"] and why in got["reason"]
    assert "compiled" not in got["reason"]                     # no check of the kernels' compilation was made
    assert not got["numba"]
    # a linear network's generic fiber is one GL orbit: one point of the gauge slice
    assert got["count"] == 1
