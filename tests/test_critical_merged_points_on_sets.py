"""An isolated spurious point that shares the image of a set of merged neurons is dropped only when it is shown on the
set (merged_sets.without_points_on_sets), never for the shared image alone (classify.merge_components kept no such
point before, whatever its parameters).

dense 2-2-1 r=2 (the loss of tests/test_critical_zero_pattern_merged_neurons.py): over each critical rank-one quadric
b l^2 the critical set {w1 = s1 l, w2 = s2 l, a1 s1^2 + a2 s2^2 = b} (Macaulay2's component w1 || w2, dimension 3)
contains the point of the stratum of one neuron (s2 = 0: w2 = 0, a2 = 0, w1 = s1 l, a1 = b / s1^2): shown on it.
"""

from types import SimpleNamespace as P

import numpy as np
import pytest

from algnet.analyses.critical.classify import merge_components
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.system import GradientFamily
from algnet.analyses.critical.zero_patterns import _THROUGH, is_through_pattern, zero_pattern_points

Q = np.array([[2, 1 / 3, 1 / 5], [1 / 3, 3, -1 / 2], [1 / 5, -1 / 2, 5 / 2]])
U = [3 / 7, -5 / 3, 2.0]


def test_merge_components_keeps_a_point_sharing_a_sets_image():
    """The shared image is evidence, not proof: merge_components keeps the isolated point (before: dropped)."""
    s = P(dimension=1, image=(1.0, 2.0), pure=False, source=_THROUGH.format([2, 3]), theta=(1.0, 0.0), real=True)
    a = P(dimension=0, image=(1.0, 2.0), pure=False, source="widths 2-1-1", theta=(0.0, 3.0), real=True)
    assert merge_components([a, s], lambda y: 1.0) == [a, s]


@pytest.fixture(scope="module")
def sets():
    net, L, rng = network_and_loss("dense 2-2-1 r=2", loss=Q, target=U, seed=0)
    full = GradientFamily(net, L, (), [], rng)
    found = [(label, np.asarray(th), d) for label, th, d in zero_pattern_points(full, L.u, rng, {})
             if is_through_pattern(label)]
    return full, L, found


def _record(full, theta, dimension, source):
    theta = np.asarray(theta, dtype=np.complex128)
    return P(dimension=dimension, image=tuple(full.image(theta[None, :])[0]), pure=False, source=source,
             theta=tuple(theta))


def test_the_stratum_point_over_a_merged_set_is_shown_on_it(sets):
    from algnet.analyses.critical.merged_sets import without_points_on_sets

    full, L, found = sets
    assert len(found) == 4
    for label, th, d in found:
        w1, w2, a1, a2 = th[0:2], th[2:4], th[4], th[5]
        big, small, ab, asm = (w1, w2, a1, a2) if np.linalg.norm(w1) >= np.linalg.norm(w2) else (w2, w1, a2, a1)
        t = (small @ big) / (big @ big)                    # small = t big (w1 || w2)
        point = np.r_[big, 0, 0, ab + t ** 2 * asm, 0]     # neuron 2 removed: the one-neuron network's point
        assert np.max(np.abs(full.evaluate(point.astype(complex)[None, :], L.u)[0][0])) < 1e-8   # critical
        s, p = _record(full, th, d, label), _record(full, point, 0, "widths 2-1-1")
        assert np.allclose(s.image, p.image, atol=1e-8)
        assert without_points_on_sets(full, L.u, [p, s]) == [s]
