"""Spurious critical points with one image on distinct symmetry orbits are distinct points of the count.

mu(a, b, c) = a (x) b (x) c (conv k=2,2,2 s=2,2,1 r=1: three filters of length 2; coefficient i + 2 j + 4 k is
a_i b_j c_k), L = |mu - U|^2. At a = 0 the gradient in a is -2 U(., b, c) and the gradients in b, c vanish, so
(0, b, c) is critical exactly when U(., b, c) = 0: with b = (1, beta), det(U[:, 0, :] + beta U[:, 1, :]) = 0 (a
quadratic in beta) and c its kernel: two points modulo the rescalings, for each of the three zero filters: six
critical points with the image 0 (hand computation below, independent of the package). The origin lies in the closure
of their orbits ((0, t b, t c) is on the orbit of (0, b, c)): no isolated critical point.
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.spurious import spurious_points
from algnet.analyses.critical.system import GradientFamily

SPEC = "conv k=2,2,2 s=2,2,1 r=1"


def _tensor(u):
    return np.asarray(u, dtype=float).reshape(2, 2, 2, order="F")


def _hand_points(U):
    """(zero filter, [ratio of the first nonzero filter], [ratio of the second]) of the six points, by hand."""
    out = []
    for z in range(3):
        V = np.moveaxis(U, z, 0)
        A0, A1 = V[:, 0, :], V[:, 1, :]
        q2, q0 = np.linalg.det(A1), np.linalg.det(A0)
        q1 = np.linalg.det(A0 + A1) - q2 - q0
        for beta in np.roots([q2, q1, q0]):
            assert abs(beta.imag) < 1e-9                      # real for this target: six real points
            c = np.linalg.svd(A0 + beta.real * A1)[2][-1]
            out.append((z, beta.real, c[1] / c[0]))
    return out


def _gradient(U, a, b, c):
    """grad |a (x) b (x) c - U|^2, by hand."""
    R = np.einsum("i,j,k->ijk", a, b, c) - U
    return 2 * np.r_[np.einsum("ijk,j,k->i", R, b, c), np.einsum("ijk,i,k->j", R, a, c),
                     np.einsum("ijk,i,j->k", R, a, b)]


def test_hand_points_are_critical():
    net, L, _ = network_and_loss(SPEC, loss="frobenius", seed=0)
    U = _tensor(L.u)
    for z, r1, r2 in _hand_points(U):
        f = [np.array([1.0, r1]), np.array([1.0, r2])]
        f.insert(z, np.zeros(2))
        assert np.max(np.abs(_gradient(U, *f))) < 1e-9


def test_six_points_of_image_zero_found_and_distinct():
    """Before the fix the spurious search kept the origin alone (one point per image)."""
    net, L, rng = network_and_loss(SPEC, loss="frobenius", seed=0)
    U = _tensor(L.u)
    pts = spurious_points(net, L, 4, rng)
    zero = [p for p in pts if np.max(np.abs(p.image)) < 1e-8]
    origin = [p for p in zero if np.max(np.abs(p.theta)) < 1e-8]
    others = [p for p in zero if np.max(np.abs(p.theta)) >= 1e-8 and p.dimension == 0]
    assert not origin
    assert len(others) == 6
    found = []
    for p in others:
        th = np.asarray(p.theta).reshape(3, 2)
        (z,) = [i for i in range(3) if np.max(np.abs(th[i])) < 1e-8]
        f1, f2 = [th[i] for i in range(3) if i != z]
        found.append((z, f1[1] / f1[0], f2[1] / f2[0]))
        assert p.real and p.real_parameters and p.rank == 2
        assert np.max(np.abs(_gradient(U, *th.real))) < 1e-7        # a real critical point, by the hand gradient
    hand = _hand_points(U)
    for z, r1, r2 in hand:       # each hand point found once, as its own class
        assert sum(1 for w, s1, s2 in found if w == z and abs(s1 - r1) < 1e-6 and abs(s2 - r2) < 1e-6) == 1


def test_two_zero_filters_are_three_critical_sets_of_dimension_one():
    """With two filters zero every entry of the gradient (a product of the other two filters' entries, times U)
    vanishes: {a = b = 0} (c free, modulo its rescaling a P^1), {a = c = 0}, {b = c = 0} are critical sets of
    dimension 2 - 1 = 1 modulo the rescalings (by hand; near a generic point of one, U(., b, c) = 0 forces b = 0,
    so none lies on a larger critical set). Before, the search reported none of them (the image 0 is a point)."""
    net, L, rng = network_and_loss(SPEC, loss="frobenius", seed=0)
    U = _tensor(L.u)
    sets = [p for p in spurious_points(net, L, 4, rng) if p.dimension > 0]
    assert sorted(p.dimension for p in sets) == [1, 1, 1]
    zeros = set()
    for p in sets:
        th = np.asarray(p.theta).reshape(3, 2)
        z = tuple(i for i in range(3) if np.max(np.abs(th[i])) < 1e-8)
        assert len(z) == 2 and np.max(np.abs(p.image)) < 1e-8
        assert p.real_parameters and np.max(np.abs(_gradient(U, *th.real))) < 1e-9
        zeros.add(z)
    assert zeros == {(0, 1), (0, 2), (1, 2)}


def test_same_image_same_orbit_counted_once():
    """A point of an orbit already recorded (a rescaled copy) is not counted again; another orbit is."""
    from algnet.analyses.critical.spurious import _record

    net, L, rng = network_and_loss(SPEC, loss="frobenius", seed=0)
    full = GradientFamily(net, L, (), [], rng)
    (z, r1, r2) = _hand_points(_tensor(L.u))[0]
    assert z == 0
    th = np.r_[0.0, 0.0, 1.0, r1, 1.0, r2].astype(np.complex128)
    seen = []
    assert _record(full, np.zeros(6, dtype=np.complex128), L.u, 4, "origin", seen) is not None
    assert _record(full, th, L.u, 4, "hand", seen) is not None
    scaled = th * np.r_[1, 1, 2 - 1j, 2 - 1j, -3j, -3j]
    assert _record(full, scaled, L.u, 4, "hand", seen) is None


@pytest.mark.slow
def test_critical_points_count_includes_the_six():
    """critical_points: spurious = the six points and the three sets of two zero filters (the rank-drop points with
    nonzero images are none for this target: every spurious image is 0; the origin, in their closures, is none);
    before, spurious was 1 (the origin alone), then 10 (the origin counted too)."""
    from algnet.analyses.critical import critical_points

    r = critical_points(SPEC, loss="frobenius", seed=0)
    assert r.spurious == 9 and sorted(r.positive_dimensional) == [1, 1, 1]
    assert sum(1 for p in r.points if not p.pure and np.max(np.abs(p.image)) < 1e-8 and not p.dimension) == 6
