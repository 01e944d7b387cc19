"""The zero patterns the search skips (d mu of full rank at their generic point): the result names them, and the
counts are lower bounds only when no argument shows their critical points are reached elsewhere
(algnet/analyses/critical/zero_pattern_skips.py).

Both sides against Macaulay2's minimal primes of the critical ideal:
- dense 2-2-1 r=2 on a1 = 0 (skipped): every component of the critical ideal containing a1 lies on w2 = 0, a2 = 0,
  w1 = 0 or w1 || w2 (the sets of merged neurons): nothing new there, the answer stays complete.
- dense 3-3-1 r=2 on a1 = 0 (skipped), Frobenius loss at u = 3 x1^2 + 2 x2^2 + x3^2: with w2 = e1, w3 = e2 the critical
  locus is {a2 = 3, a3 = 2, w13 = 0}, every w1 in the plane x3 = 0 (a set of dimension 2 in the parameters, none of
  whose points has another zero block or parallel incoming weights): the search must say the counts are lower bounds.
"""

import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import zero_pattern_points

M2_221 = """R = QQ[w11,w12,w21,w22,a1,a2]; S = R[x1,x2];
f = a1*(w11*x1+w12*x2)^2 + a2*(w21*x1+w22*x2)^2;
c = lift(matrix{{coefficient(x1^2,f), coefficient(x1*x2,f), coefficient(x2^2,f)}}, R);
e = c - matrix{{3/7, -5/3, 2}}; Q = matrix{{2,1/3,1/5},{1/3,3,-1/2},{1/5,-1/2,5/2}};
for P in minimalPrimes ideal jacobian ideal((e * Q * transpose e)_(0,0)) do if isSubset(ideal(a1), P) then (
    print("A1ZERO " | toString(isSubset(ideal(a2), P) or isSubset(ideal(w21,w22), P) or isSubset(ideal(w11,w12), P)
        or isSubset(ideal(w12*w21-w11*w22), P))));
exit 0
"""

M2_331 = """R = QQ[w11,w12,w13,w21,w22,w23,w31,w32,w33,a1,a2,a3]; S = R[x1,x2,x3];
f = a1*(w11*x1+w12*x2+w13*x3)^2 + a2*(w21*x1+w22*x2+w23*x3)^2 + a3*(w31*x1+w32*x2+w33*x3)^2;
c = lift(matrix{{coefficient(x1^2,f), coefficient(x1*x2,f), coefficient(x1*x3,f), coefficient(x2^2,f),
    coefficient(x2*x3,f), coefficient(x3^2,f)}}, R);
e = c - matrix{{3, 0, 0, 2, 0, 1}};
G = ideal jacobian ideal((e * transpose e)_(0,0));
T = QQ[w11,w12,w13,a2,a3];
for P in minimalPrimes (map(T, R, {w11,w12,w13,1,0,0,0,1,0,0,a2,a3})) G do
    print("PRIME " | toString(dim P) | " " | toString(flatten entries gens P));
exit 0
"""


def _m2(script):
    if shutil.which("M2") is None:
        pytest.skip("Macaulay2 not installed")
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(script)
    return subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300).stdout


def test_dense221_skipped_patterns_said_and_complete():
    """The search skips a1 = 0 and a2 = 0 (d mu of full rank there); Macaulay2: every component with a1 = 0 is on a
    smaller pattern or a merged set. The report names both patterns (before: nothing) and keeps the count complete
    (no 'uncovered' entry: the sets found are the Macaulay2-checked ones of
    tests/test_critical_zero_pattern_merged_neurons.py)."""
    rows = [line.split()[1] for line in _m2(M2_221).splitlines() if line.startswith("A1ZERO")]
    assert rows and all(r == "true" for r in rows)
    Q = np.array([[2, 1 / 3, 1 / 5], [1 / 3, 3, -1 / 2], [1 / 5, -1 / 2, 5 / 2]])
    net, L, rng = network_and_loss("dense 2-2-1 r=2", loss=Q, target=[3 / 7, -5 / 3, 2.0], seed=0)
    report = {}
    zero_pattern_points(GradientFamily(net, L, (), [], rng), L.u, rng, report)
    entry = report["zero patterns"]
    assert "uncovered" not in entry and entry["trace_test_passed"] is True
    assert "parameters [4] zero" in entry["covered"] and "parameters [5] zero" in entry["covered"]


def test_dense331_skipped_pattern_holds_a_set_and_makes_the_count_partial(monkeypatch):
    """Macaulay2: on a1 = 0 with w2 = e1, w3 = e2 the critical locus is the plane {a2 = 3, a3 = 2, w13 = 0} in
    (w1, a2, a3); its points have only a1's block zero and w1 parallel to neither e1 nor e2 (a set no searched pattern
    and no merged set meets). The pattern a1 = 0 is skipped (d mu of full rank there), so the report says the counts
    are lower bounds and names it (before: not a word). The slices are not run here (total path budget 0): the
    skipped patterns are judged from the shape alone."""
    primes = [line.split(" ", 2)[1:] for line in _m2(M2_331).splitlines() if line.startswith("PRIME")]
    assert [(d, set(g.strip("{}").replace(" ", "").split(","))) for d, g in primes] == [("2", {"a3-2", "a2-3", "w13"})]
    net, L, rng = network_and_loss("dense 3-3-1 r=2", loss=np.eye(6), target=[3.0, 0, 0, 2, 0, 1], seed=0)
    full = GradientFamily(net, L, (), [], rng)
    s, t = 0.7, -1.3                                           # a point of the set: critical (our evaluation too)
    theta = np.array([s, t, 0, 1, 0, 0, 0, 1, 0, 0, 3, 2], dtype=complex)
    assert np.max(np.abs(full.evaluate(theta[None, :], L.u)[0][0])) < 1e-10
    import algnet.analyses.critical.zero_patterns as Z

    monkeypatch.setattr(Z, "ZERO_PATTERN_TOTAL_PATHS", 0)
    report = {}
    zero_pattern_points(full, L.u, rng, report)
    why = report["zero patterns"]["uncovered"]
    assert "parameters [9] zero" in why and "not searched" in why


def test_judged_from_the_shape():
    """One input, or two inputs and r = 2: covered (the module's argument); three inputs, r = 3, or two hidden layers:
    not."""
    from algnet import parse_spec
    from algnet.analyses.critical.zero_pattern_skips import skipped_pattern_matters

    def judge(spec, blocks, zero):
        return skipped_pattern_matters(parse_spec(spec), blocks, zero)[0]

    assert not judge("dense 2-3-1 r=2", [[0, 1], [2, 3], [4, 5], [6], [7], [8]], (0, 3))
    assert not judge("dense 1-2-1 r=3", [[0], [1], [2], [3]], (2,))
    assert judge("dense 2-3-1 r=3", [[0, 1], [2, 3], [4, 5], [6], [7], [8]], (3,))
    assert judge("dense 3-3-1 r=2", [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9], [10], [11]], (3,))
    assert judge("dense 2-2-2-1 r=2", [[0, 1], [2, 3]], (0,))
    # an output bias (the critical sets move with the target's constant term) and a linear network's biases (its
    # strata): Trager-Kohn-Bruna's complete count of linear 3-2-3 bias stays complete
    assert not judge("dense 2-1-1 r=2 bias", [[0, 1, 2], [3], [4]], (2,))
    assert not judge("linear 3-2-3 bias", [list(range(6)), [6, 7], list(range(8, 14)), [14, 15, 16]], (1, 3))
