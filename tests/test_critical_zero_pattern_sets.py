"""The zero-pattern search counts each critical set once, by the zero blocks its points actually have (hand
computations in each test).

dense 3-2-1 r=2: y = a1 <l1, x>^2 + a2 <l2, x>^2 (l1, l2 in C^3), L = |y - u|^2 in the coefficients, u generic.
Where y = 0 the residual is -u (a quadratic form of full rank), and grad L = 0 says, for each neuron i,
<l_i^2, u> = 0 (d/d a_i) and a_i U l_i = 0 (d/d l_i): a_i = 0 with l_i on the cone <l^2, u> = 0 (state A), or
l_i = 0 (state B, a_i free). The sets of parameters with y = 0, by hand: AA = {a1 = a2 = 0, both l on the cone}
(dimension 4, 2 modulo the two rescalings), AB = {a1 = 0, l1 on the cone, l2 = 0} and BA (dimension 3, 1 modulo
them); l_i = a_i = 0 is on the cone, so {l1 = a1 = a2 = 0, l2 on the cone} lies inside AA and is no set of its own.
Three sets; before, nine were reported (AA from a1 = 0 alone and a2 = 0 alone, BA from l1 = 0 alone, ...).
Macaulay2 agrees: the primary decomposition of (grad L) + (the coefficients of y) over QQ at a rational u has the
components AA (dimension 4), AB and BA (3) and l1 = l2 = 0 (2: one point modulo the rescalings), nothing else.
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import parameter_blocks, parameter_dimension, zero_pattern_points


def _dense321():
    net, L, rng = network_and_loss("dense 3-2-1 r=2", loss="frobenius", seed=0)
    return net, L, rng, GradientFamily(net, L, (), [], rng)


def _cone_point(full, u, slot, first):
    """l = (first[0], first[1], t) with <l^2, u> = 0: the root t of the quadratic d L / d a at a = 0 (by hand: the
    gradient in a_i is <l_i^2, r>, r = -u on y = 0)."""
    def form(t):
        th = np.zeros(8, dtype=np.complex128)
        th[slot] = [first[0], first[1], t]
        return full.evaluate(th[None, :], u)[0][0][6 if slot.start == 0 else 7]
    c0, c1p, c1m = form(0.0), form(1.0), form(-1.0)
    t = np.roots([(c1p + c1m) / 2 - c0, (c1p - c1m) / 2, c0])[0]
    return np.array([first[0], first[1], t], dtype=np.complex128)


def test_dense321_image_zero_sets_counted_once_by_their_zero_blocks():
    net, L, rng, full = _dense321()
    report = {}
    found = zero_pattern_points(full, L.u, rng, report, max_paths=25)
    blocks = parameter_blocks(np.array([[1, 1, 1, 0, 0, 0, -2, 0], [0, 0, 0, 1, 1, 1, 0, -2]]))
    assert blocks == [[0, 1, 2], [3, 4, 5], [6], [7]]
    sets = sorted((d, label) for label, _, d in found if d)
    assert [d for d, _ in sets] == [1, 1, 2]                  # AB, BA, AA (by hand, module doc)
    for label, theta, d in found:
        if not d:
            continue
        th = np.asarray(theta)
        assert np.max(np.abs(full.image(th[None, :])[0])) < 1e-8                          # y = 0
        assert np.max(np.abs(full.evaluate(th[None, :], L.u)[0][0])) < 1e-8              # critical
        zero = [i for i, b in enumerate(blocks) if np.max(np.abs(th[b])) < 1e-8]
        assert label == f"zero pattern: parameters {[j for i in zero for j in blocks[i]]} zero"
        state = tuple("B" if np.max(np.abs(th[b])) < 1e-8 else "A" for b in ([0, 1, 2], [3, 4, 5]))
        assert state in (("A", "A"), ("A", "B"), ("B", "A"))
        assert {"AA": 2, "AB": 1, "BA": 1}["".join(state)] == d
    # slices above 25 paths were not searched: said, and no trace test claimed for a search that has none
    assert "not searched" in report["zero patterns"]["uncovered"]
    assert report["zero patterns"]["trace_test_passed"] is not True


def test_parameter_dimension_at_the_cone_vertex_of_a_set():
    """At l1 = 0, a1 = a2 = 0, l2 on the cone the critical set AA (dimension 4, module doc) passes through its cone's
    vertex, and BA (l1 = 0, a1 free) meets it there: the local dimension is at least 4. Random kernel directions
    gave 2 (the filter then kept this point as a set of its own)."""
    net, L, rng, full = _dense321()
    th = np.zeros(8, dtype=np.complex128)
    th[3:6] = _cone_point(full, L.u, slice(3, 6), (1.0, 0.3))
    assert np.max(np.abs(full.evaluate(th[None, :], L.u)[0][0])) < 1e-10      # critical (by hand: A for neuron 2)
    blocks = [[0, 1, 2], [3, 4, 5], [6], [7]]
    assert parameter_dimension(full, th, L.u, blocks=blocks) >= 4
    # a generic point of AA: dimension 4 exactly
    th2 = th.copy()
    th2[0:3] = _cone_point(full, L.u, slice(0, 3), (0.5, -1.1))
    assert parameter_dimension(full, th2, L.u, blocks=blocks) == 4


def test_image_rank_on_a_subspace_whose_image_is_one_point():
    """dense 2-3-1 r=2 (y = sum a_i <l_i, x>^2, x in C^2): at a = 0, l generic, d mu has full rank 3 (the three forms
    l_i^2 span the quadratic forms), but along the l's it is 0 (mu = 0 on a = 0): by hand."""
    from algnet.analyses.critical.zero_patterns import _image_rank_on

    net, L, rng = network_and_loss("dense 2-3-1 r=2", loss="frobenius", seed=0)
    full = GradientFamily(net, L, (), [], rng)
    probe = np.zeros(9, dtype=np.complex128)
    probe[:6] = rng.normal(size=6) + 1j * rng.normal(size=6)
    assert (_image_rank_on(full, probe, list(range(6))), _image_rank_on(full, probe, list(range(9)))) == (0, 3)


@pytest.mark.slow
def test_dense231_the_four_classes_with_all_output_weights_zero():
    """dense 2-3-1 r=2 at a = 0: y = 0, the residual -u, grad L = 0 iff <l_i^2, u> = 0 for each neuron (d / d a_i;
    d / d l_i has the factor a_i): each l_i on one of the two lines of the cone, so modulo the rescalings and the
    permutations of the neurons 4 classes (3, 2, 1 or 0 neurons on the first line), each with two parallel l_i, where
    d mu drops rank (by hand). d mu has full rank at a generic point of a = 0: the subspace was skipped and the four
    classes were missing."""
    net, L, rng = network_and_loss("dense 2-3-1 r=2", loss="frobenius", seed=0)
    full = GradientFamily(net, L, (), [], rng)
    found = zero_pattern_points(full, L.u, rng, {})
    at_a0 = [np.asarray(th) for label, th, d in found if label == "zero pattern: parameters [6, 7, 8] zero"]
    assert len(at_a0) == 4 and all(d == 0 for label, _, d in found if label.endswith("[6, 7, 8] zero"))
    lines = []
    for th in at_a0:
        assert np.max(np.abs(th[6:])) < 1e-12 and min(np.linalg.norm(th[2 * i:2 * i + 2]) for i in range(3)) > 1e-6
        assert np.max(np.abs(full.evaluate(th[None, :], L.u)[0][0])) < 1e-8
        slopes = [th[2 * i + 1] / th[2 * i] for i in range(3)]
        lines.append(slopes)
    # every slope is one of the two lines of the cone; the multisets of lines are the 4 classes
    roots = sorted({complex(np.round(s, 6)) for sl in lines for s in sl}, key=lambda z: (z.real, z.imag))
    assert len(roots) == 2
    classes = sorted(tuple(sorted(int(abs(s - roots[1]) < 1e-5) for s in sl)) for sl in lines)
    assert classes == [(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 1, 1)]
