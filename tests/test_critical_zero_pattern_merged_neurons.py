"""Critical sets where two neurons merge (proportional incoming weights), met by the zero-pattern search.

dense 2-2-1 r=2: y = a1 <w1, x>^2 + a2 <w2, x>^2, L = (c - u)^T Q (c - u) on the coefficients c of y. Where w2 = t w1
the network is the one-neuron network y = (a1 + a2 t^2) <w1, x>^2 (the rank-one quadrics), and every critical point
b l^2 of l on the rank-one quadrics is a set {w1 = s1 l, w2 = s2 l, a1 s1^2 + a2 s2^2 = b} of critical points of L
(Fukumizu-Amari 2000: the gradient in w_i is a_i times the one-neuron network's gradient in l, which vanishes; the
gradient in a_i is its gradient in b): dimension 3 in the parameters, 1 modulo the two rescalings. Macaulay2's
decomposition of the critical ideal over QQ has that component (dimension 3, w1 || w2), the binary quartic of its
directions l splitting over C into four sets. Before, each was one isolated point of the stratum of one neuron
(w2 = 0, a2 = 0: a point of the set) and the result said complete with no positive-dimensional set.
"""

import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import is_through_pattern, zero_pattern_points

Q = np.array([[2, 1 / 3, 1 / 5], [1 / 3, 3, -1 / 2], [1 / 5, -1 / 2, 5 / 2]])
U = [3 / 7, -5 / 3, 2.0]

M2_SCRIPT = """R = QQ[w11,w12,w21,w22,a1,a2]; S = R[x1,x2];
f = a1*(w11*x1+w12*x2)^2 + a2*(w21*x1+w22*x2)^2;
c = lift(matrix{{coefficient(x1^2,f), coefficient(x1*x2,f), coefficient(x2^2,f)}}, R);
e = c - matrix{{3/7, -5/3, 2}}; Q = matrix{{2,1/3,1/5},{1/3,3,-1/2},{1/5,-1/2,5/2}};
C = decompose ideal jacobian ideal((e * Q * transpose e)_(0,0));
for P in C do if isSubset(ideal(w12*w21-w11*w22), P) and not isSubset(ideal(a1,a2), P)
    and not isSubset(ideal(w11,w12), P) and not isSubset(ideal(w21,w22), P) then (
    g = (first entries gens eliminate({w21,w22,a1,a2}, P))_0;
    print("PARALLEL " | toString(dim P) | " " | toString(apply(5, i -> coefficient(w11^i*w12^(4-i), g)))));
exit 0
"""


def _macaulay2_parallel_component():
    """(dimension, the binary quartic's coefficients of w11^i w12^(4-i)) of each component with w1 || w2 off a = 0
    and off w1 = 0, w2 = 0."""
    with tempfile.NamedTemporaryFile("w", suffix=".m2", delete=False) as fh:
        fh.write(M2_SCRIPT)
    out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300).stdout
    rows = [line.split(" ", 2)[1:] for line in out.splitlines() if line.startswith("PARALLEL")]
    return [(int(d), [float(x) for x in c.strip("{} ").split(",")]) for d, c in rows]


@pytest.fixture(scope="module")
def found():
    return _sets()


def _sets():
    net, L, rng = network_and_loss("dense 2-2-1 r=2", loss=Q, target=U, seed=0)
    full = GradientFamily(net, L, (), [], rng)
    return full, L, [(label, np.asarray(th), d) for label, th, d in zero_pattern_points(full, L.u, rng, {})
                     if is_through_pattern(label)]


def test_dense221_four_merged_neuron_sets_of_dimension_one(found):
    full, L, sets = found
    assert [d for _, _, d in sets] == [1, 1, 1, 1]
    slopes = []
    for _, th, _ in sets:
        assert np.max(np.abs(full.evaluate(th[None, :], L.u)[0][0])) < 1e-8                 # critical
        w1, w2 = th[0:2], th[2:4]
        assert abs(w1[0] * w2[1] - w1[1] * w2[0]) < 1e-8 * (1 + np.max(np.abs(th))) ** 2   # w1 || w2
        w = w2 if np.linalg.norm(w2) > np.linalg.norm(w1) else w1
        slopes.append(w[1] / w[0])
    # four sets over four distinct images (the critical points of l on the rank-one quadrics)
    images = [full.image(th[None, :])[0] for _, th, _ in sets]
    assert min(np.max(np.abs(a - b)) for i, a in enumerate(images) for b in images[:i]) > 1e-4
    if shutil.which("M2") is None:
        pytest.skip("Macaulay2 not installed")
    ((dim, quartic),) = _macaulay2_parallel_component()
    assert dim == 3                              # 1 modulo the rescalings, whose orbits have dimension 2 there
    # the directions l = (1, m): sum_i c_i w11^i w12^(4-i) = 0 at w11 = 1, w12 = m
    roots = np.roots(quartic)                    # numpy wants the highest power of m first: c_0 m^4 + ... + c_4
    assert len(roots) == 4 and min(abs(r - s) for i, r in enumerate(roots) for s in roots[:i]) > 1e-3
    assert sorted(min(abs(r - s) for r in roots) for s in slopes)[-1] < 1e-6                # one root a set
    assert len({int(np.argmin([abs(r - s) for r in roots])) for s in slopes}) == 4          # all four


def test_dense221_real_sets_have_a_real_point(found):
    """Two of the four critical rank-one quadrics are real here (their quartic's real roots), with real weights
    l, b: each real set is represented by a real point (before: none, and a complex point said 'no real
    parameters')."""
    full, L, sets = found
    real_images = [th for _, th, _ in sets if np.max(np.abs(full.image(th[None, :])[0].imag)) < 1e-9]
    assert len(real_images) == 2
    assert all(np.max(np.abs(th.imag)) == 0 for th in real_images)


@pytest.mark.slow
def test_dense221_result_reports_the_four_sets():
    """The whole result: 1 pure point, the 6 isolated points of image 0 (Macaulay2's other components, modulo the
    permutation of the neurons: w = 0; a2 = w1 = 0 with w2 on either line of the cone <l^2, Q u> = 0; a = 0 with both
    on one line (two) or on different lines), and four sets of dimension 1."""
    from algnet.analyses.critical import critical_points

    r = critical_points("dense 2-2-1 r=2", loss=Q, target=U, seed=0)
    assert (r.critical_points, r.pure, r.spurious, tuple(r.positive_dimensional)) == (7, 1, 10, (1, 1, 1, 1))


@pytest.mark.slow
def test_dense231_three_merged_neurons_sets_of_dimension_two():
    """dense 2-3-1 r=2 (generic loss): over each of the four critical rank-one quadrics b l^2 the critical set is
    {w_i = s_i l, sum a_i s_i^2 = b}, a hypersurface of C^6 in (s, a) (dimension 5, irreducible), on which the three
    rescalings have orbits of dimension 3: one set of dimension 2 a quadric (Fukumizu-Amari's embedding, by hand).
    It was met at points of smaller orbits too (w1 = w2 = 0, a1 = 0) and measured 1 there: one set an image."""
    from algnet.analyses.critical import critical_points

    r = critical_points("dense 2-3-1 r=2", seed=0)
    assert tuple(r.positive_dimensional) == (2, 2, 2, 2) and r.function_space_points == 6
