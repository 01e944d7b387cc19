"""The verify rows of the critical sets beyond isolated points (algnet/theorems/checks/critical_sets.py): their
predictions, counted by hand there, against Macaulay2's minimal primes of the critical ideal; the fast rows agree,
and a wrong prediction makes a row disagree.

Macaulay2 decomposes over QQ at rational generic data; the counts are over C modulo the symmetries:

* dense 2-2-1 r=2 (Q, u below): a prime's quotient dimension is its dimension less the rank of the rescalings'
  tangents at its generic point; its points over C are told apart by the neurons' directions (w_i1 : w_i2), a
  finite set on every component off the pure fiber (chart w_i2 = 1; a zero neuron is one point), and with fixed
  directions what is left is irreducible (a linear space, or the quadric a1 s1^2 + a2 s2^2 = b of the merged
  neurons); modulo the permutation of the neurons a prime that the permutation fixes has (n + fixed) / 2 orbits of
  its n points, a pair of primes it swaps counts once. The pure fiber (the target's) counts once, as every generic
  fiber of the count.
* linear 2-2-2-2 (U = diag(3, 1), whose Eckart-Young images are rational): every prime is one orbit closure or the
  set of ranks (1, 1, 1) (by hand: with the invertible factor brought to the identity by GL2 x GL2, each is a
  quadric c^T d = const or c^T U d = 0 in two vectors, irreducible over C); quotient dimension as above with GL2 x
  GL2's tangents.
"""

import shutil
import subprocess
import tempfile

import pytest

from algnet.theorems.checks import critical_sets as C
from algnet.theorems.verification import run_check

M2_DENSE = """R = QQ[w11,w12,w21,w22,a1,a2]; S = R[x1,x2];
f = a1*(w11*x1+w12*x2)^2 + a2*(w21*x1+w22*x2)^2;
c = lift(matrix{{coefficient(x1^2,f), coefficient(x1*x2,f), coefficient(x2^2,f)}}, R);
e = c - matrix{{3/7, -5/3, 2}}; Q = matrix{{2,1/3,1/5},{1/3,3,-1/2},{1/5,-1/2,5/2}};
C = minimalPrimes ideal jacobian ideal((e * Q * transpose e)_(0,0));
T = matrix{{w11,0},{w12,0},{0,w21},{0,w22},{-2*a1,0},{0,-2*a2}};
orbitRank = P -> (k := 2; while k > 0 and isSubset(minors(k, T), P) do k = k - 1; k);
sigma = map(R, R, {w21, w22, w11, w12, a2, a1});
D = QQ[v1, v2];
directions = P -> (
    z1 := isSubset(ideal(w11, w12), P); z2 := isSubset(ideal(w21, w22), P);
    F := map(D, R, {if z1 then 0 else v1, if z1 then 0 else 1, if z2 then 0 else v2, if z2 then 0 else 1, 0, 0});
    F(eliminate({a1, a2}, P)) + ideal(if z1 then v1 else 0_D, if z2 then v2 else 0_D));
isolated = 0; sets = {}; seen = {};
for P in C do (
    q := dim P - orbitRank P;
    if isSubset(ideal flatten entries e, P) then (isolated = isolated + 1; continue);
    if any(seen, P' -> P' == sigma P) then continue;
    seen = append(seen, P);
    K := directions P;
    if dim K != 0 then error "directions not finite";
    n := degree radical K;
    orbits := if sigma P == P then (n + degree radical(K + ideal(v1 - v2))) // 2 else n;
    if q == 0 then isolated = isolated + orbits else sets = sets | toList(orbits : q));
print("ISOLATED " | toString isolated); print("SETS " | toString sort sets);
"""

M2_LINEAR = """R = QQ[a_(1,1,1)..a_(3,2,2)];
W = i -> matrix table(2, 2, (r, s) -> a_(i, r+1, s+1));
P = W(3) * W(2) * W(1); E = P - matrix{{3,0},{0,1}};
G = {transpose(W(3)*W(2)) * E, transpose(W(3)) * E * transpose(W(1)), E * transpose(W(2)*W(1))};
C = minimalPrimes ideal flatten apply(G, g -> flatten entries g);
tang = (j, X) -> (Z := matrix{{0,0},{0,0}} ** R;
    D := if j == 1 then {X * W(1), -W(2) * X, Z} else {Z, X * W(2), -W(3) * X};
    transpose matrix{flatten apply(D, d -> flatten entries d)});
Es = flatten table(2, 2, (r, s) -> matrix table(2, 2, (p, q) -> if p == r and q == s then 1_R else 0_R));
T = fold(flatten apply({1, 2}, j -> apply(Es, X -> tang(j, X))), (A, B) -> A | B);
rk = (M, Pr) -> (k := min(numrows M, numcols M); while k > 0 and isSubset(minors(k, M), Pr) do k = k - 1; k);
for Pr in C do print("PRIME " | toString(dim Pr - rk(T, Pr)) | " " | toString(rk(P, Pr)) | " "
    | toString(apply({1, 2, 3}, i -> rk(W(i), Pr))));
"""


def _macaulay2(script):
    if shutil.which("M2") is None:
        pytest.skip("Macaulay2 not installed")
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(script)
    out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_merged_neuron_counts_from_macaulay2():
    lines = _macaulay2(M2_DENSE)
    got = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in lines}
    want = C.merged_neuron_counts()
    assert int(got["ISOLATED"]) == want["pure"] + want["image 0"] == 7
    assert [int(x) for x in got["SETS"].strip("{}").split(",")] == want["sets"] == [1, 1, 1, 1]


@pytest.mark.slow
def test_rank_pattern_counts_from_macaulay2():
    """~95 s of Macaulay2: the 11 minimal primes (quotient dimension, image rank, ranks of W1, W2, W3)."""
    primes = [line.split(" ", 3)[1:] for line in _macaulay2(M2_LINEAR) if line.startswith("PRIME")]
    primes = [(int(q), int(r), tuple(int(x) for x in ranks.strip("{}").split(","))) for q, r, ranks in primes]
    want = C.rank_pattern_counts()
    assert sum(q == 0 for q, _, _ in primes) == want["isolated"]
    assert sorted(q for q, _, _ in primes if q > 0) == want["sets"]
    assert sum(q == 0 and r == 2 for q, r, _ in primes) == want["pure"]
    assert {ranks: q for q, r, ranks in primes if r == 0} == want["image 0"]


def _row(theorem):
    (check,) = [c for c in C.checks(quick=False) if c.theorem == theorem]
    assert not check.slow and check not in C.checks(quick=True)
    return check


@pytest.mark.parametrize("theorem", ["merged neurons: Fukumizu-Amari sets and the isolated points of image 0",
                                     "linear networks: rank patterns of the critical sets at the image 0"])
def test_the_fast_rows_agree(theorem):
    row = run_check(_row(theorem))
    assert row.agree and row.seed == 0, (row.computed, row.predicted, row.detail)


def test_a_wrong_count_disagrees(monkeypatch):
    right = C.merged_neuron_counts()
    monkeypatch.setattr(C, "merged_neuron_counts", lambda: dict(right, sets=[1, 1, 1]))     # the conic's gED off by 1
    row = run_check(_row("merged neurons: Fukumizu-Amari sets and the isolated points of image 0"))
    assert not row.agree and "sets [1, 1, 1, 1]" in row.computed


@pytest.mark.slow
@pytest.mark.parametrize("theorem", ["merged neurons: isolated critical points and Fukumizu-Amari sets",
                                     "linear networks: isolated critical points by rank pattern and the set at the "
                                     "image 0"])
def test_the_whole_result_rows_agree(theorem):
    """The slow rows (``algnet verify --slow``): the whole critical-point results, ~10 s of CPU each."""
    (check,) = [c for c in C.checks(quick=False) if c.theorem == theorem]
    row = run_check(check)
    assert check.slow and row.agree and row.seed == 0, (row.computed, row.predicted, row.detail)
