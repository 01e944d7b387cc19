"""The origin is an isolated critical point only when it is a component of the critical set (a point on a
positive-dimensional component, or in the closure of another critical orbit, is not isolated). Truth: Macaulay2's
minimal primes of the ideal of grad L in the parameters (the origin is a component exactly when the ideal of all the
parameters is one of them), and the hand arguments below.

- linear 2-1-2, y = b a^T x, target U invertible: grad L = (-U^T b, -U a) at image 0, zero only at a = b = 0; the
  Hessian there is [[0, -U^T], [-U, 0]], nondegenerate: the origin is isolated (Trager-Kohn-Bruna's saddle).
- linear 1-1-1-1, L = (a b c - 2)^2: the axes a = b = 0 etc. are critical and pass through the origin.
- dense 1-1-1 r=2, L = (w2 w1^2 - 1)^2: the line w1 = 0 is critical and passes through the origin.
- linear 2-1-1-2, Y = b c a^T: {b = 0, c^T U a = 0} and {a = c = 0} are critical and pass through the origin.
Before, the origin was reported as an isolated critical point in all four.
"""

import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.spurious import spurious_points

# (spec, target (the loss's own coordinate order), Macaulay2 ring and loss, dimension of M)
CASES = [
    ("linear 2-1-2", [3.0, 1.0, -2.0, 5.0], "QQ[a1,a2,b1,b2]",
     "E = matrix{{b1},{b2}} * matrix{{a1,a2}} - matrix{{3,-2},{1,5}}; Lf = sum flatten entries E^2;", 3),
    ("linear 1-1-1-1", [2.0], "QQ[a,b,c]", "Lf = (a*b*c - 2)^2;", 1),
    ("dense 1-1-1 r=2", [1.0], "QQ[w1,w2]", "Lf = (w2*w1^2 - 1)^2;", 1),
    ("linear 2-1-1-2", [3.0, 1.0, -2.0, 5.0], "QQ[a1,a2,b,c1,c2]",
     "E = b * matrix{{c1},{c2}} * matrix{{a1,a2}} - matrix{{3,-2},{1,5}}; Lf = sum flatten entries E^2;", 3),
]


def _origin_is_component(ring: str, loss: str) -> bool:
    src = (f"R = {ring}; {loss}\nC = decompose ideal jacobian ideal Lf;\n"
           'print("ORIGIN " | toString(any(C, P -> P == ideal vars R)));\nexit 0\n')
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(src)
    out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300).stdout
    (line,) = [s for s in out.splitlines() if s.startswith("ORIGIN")]
    return line.split()[1] == "true"


@pytest.mark.parametrize("spec,target,ring,loss,dim", CASES)
def test_origin_kept_exactly_when_a_component(spec, target, ring, loss, dim):
    if shutil.which("M2") is None:
        pytest.skip("Macaulay2 not installed")
    hand = spec == "linear 2-1-2"               # the hand arguments of the module doc
    assert _origin_is_component(ring, loss) == hand
    net, L, rng = network_and_loss(spec, target=target, loss="frobenius", seed=0)
    pts = spurious_points(net, L, dim, rng)
    kept = [p for p in pts if p.source == "origin"]
    assert bool(kept) == hand
    if hand:
        assert not np.any(kept[0].theta) and kept[0].dimension == 0 and kept[0].kind == "saddle"
    else:       # the sets through the origin are still reported, each with image 0
        assert pts and all(np.max(np.abs(p.image)) < 1e-9 for p in pts)
