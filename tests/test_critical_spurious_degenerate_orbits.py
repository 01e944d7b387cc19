"""Spurious critical orbits whose Hessian is degenerate modulo the symmetries are still isolated orbits.

dense 2-1-1 r=3: y = w2 (w1 . x)^3, torus (w1, w2) -> (t w1, w2 / t^3). By hand: at w1 = 0 every derivative of mu up to
the second vanishes, so grad L = 0 and the Hessian of L is 0 on the line {w1 = 0}; near (0, w2), grad L = 0 needs
<(w1 . x)^2 x_j, Q (mu - u)> = 0 for j = 1, 2 (two quadrics in w1 with no common root but 0 for a generic loss), so
the critical set there is the line itself: one orbit (w2 != 0), an isolated critical point modulo the rescaling, of
image 0. At w2 = 0 the gradient is (0, 0, 2 <(w1 . x)^3, Q (0 - u)>): three lines w1 in the roots of that cubic,
three more orbits of image 0. The origin lies in the closure of all four: no point of its own.

dense 2-3-1 r=2: y = sum_i a_i (l_i . x)^2. By hand: at a = 0 the gradient is (0, ..., 2 <(l_i . x)^2, Q (0 - u)>),
so L is critical when every l_i is on one of the two root lines R1, R2 of the quadratic q(l) = <(l . x)^2, Q u>; with
all l_i != 0 that gives the classes R1 R1 R1, R1 R1 R2, R1 R2 R2, R2 R2 R2 modulo the rescalings and the permutations
of the neurons. Macaulay2 (minimal primes of the critical ideal in the 9 parameters, loss with rational Q and u):
besides the pure fiber (dimension 6) and the rank-one images (dimension 5), 14 primes of dimension 3 over QQ, the 27
products of the lines {a_i = 0, l_i in R1}, {a_i = 0, l_i in R2}, {l_i = 0} over C: each one torus orbit, isolated,
10 classes modulo the permutations, 4 of them with a = 0. The Hessian is nondegenerate modulo the torus there (by
hand: its kernel is l_i -> l_i + t_i l_i), but a representative far out on its orbit (|l_i| ~ 20) has a Hessian of
singular values 4e5 ... 4e-4: the rank test at 1e-8 of the largest called the class R2 R2 R2 degenerate and merged it
with the others of image 0 (14 points instead of 15 from `algnet critical "dense 2-3-1 r=2" --seed 1`).
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.spurious import seen_point, spurious_points
from algnet.analyses.critical.symmetry_class import isolated_modulo_symmetry
from algnet.analyses.critical.system import GradientFamily


def _roots_of_form(L, coefficients, degree):
    """The roots r of <c((1, r)), Q u> (a polynomial of the given degree in r), c the coefficients of (x + r y)^k."""
    rs = np.linspace(-1.0, 1.0, degree + 1)
    vals = [np.real(np.asarray(coefficients(r)) @ np.asarray(L.Q) @ np.asarray(L.u)) for r in rs]
    return np.roots(np.polyfit(rs, vals, degree))


def test_zero_hessian_orbit_of_a_cubic_neuron_is_found():
    """Before: the orbit {w1 = 0} was dropped (its Hessian 0 was read as a larger critical set): 3 points, not 4."""
    net, L, rng = network_and_loss("dense 2-1-1 r=3", seed=1)
    full = GradientFamily(net, L, (), [], rng)
    cubic = _roots_of_form(L, lambda r: full.image(np.array([[1.0, r, 1.0]], dtype=complex))[0], 3)
    pts = spurious_points(net, L, 2, rng)
    assert len(pts) == 4
    for p in pts:
        assert np.max(np.abs(p.image)) < 1e-9 and p.dimension == 0 and not p.pure
    th = np.array([p.theta for p in pts])
    on_w1 = [t for t in th if abs(t[0]) + abs(t[1]) < 1e-9]
    assert len(on_w1) == 1 and abs(on_w1[0][2]) > 1e-3         # (0, 0, w2), w2 != 0: not the origin
    ratios = [complex(t[1] / t[0]) for t in th if abs(t[2]) < 1e-9]
    assert len(ratios) == 3
    for r in ratios:                                            # the three roots of the hand cubic
        assert np.min(np.abs(cubic - r)) < 1e-6 * (1 + abs(r))


def test_orbit_with_zero_hessian_is_isolated_modulo_rescaling():
    net, L, rng = network_and_loss("dense 2-1-1 r=3", seed=3)
    full = GradientFamily(net, L, (), [], rng)
    assert isolated_modulo_symmetry(full, np.array([0, 0, -1.3 + 0.4j]))
    assert not isolated_modulo_symmetry(full, np.zeros(3))      # the origin: in the closure of the orbits


def _a_zero_classes(seed):
    net, L, rng = network_and_loss("dense 2-3-1 r=2", seed=seed)
    full = GradientFamily(net, L, (), [], rng)

    def square(r):
        th = np.zeros(9, dtype=complex)
        th[0], th[1], th[6] = 1.0, r, 1.0                       # a1 (1, r) . x squared
        return full.image(th[None, :])[0]

    r1, r2 = _roots_of_form(L, square, 2)
    return full, L, [(r1, r1, r1), (r1, r1, r2), (r1, r2, r2), (r2, r2, r2)]


@pytest.mark.parametrize("seed", [1, 5])
def test_four_classes_at_a_zero_stay_apart_on_badly_scaled_representatives(seed):
    """Before: the class r2 r2 r2 at |l_i| ~ 20 was called not isolated and merged (seed 1 of the CLI)."""
    full, L, classes = _a_zero_classes(seed)
    scales = [(9.6 - 2.4j, 7.2 - 3.2j, 7.1 - 7.5j), (-1.9 + 0.1j, 1.0 - 0.5j, 0.5 + 0.3j)]
    seen = []
    for k, roots in enumerate(classes):
        th = np.zeros(9, dtype=complex)
        for i, (r, s) in enumerate(zip(roots, scales[k % 2] if k < 3 else scales[0])):
            th[2 * i:2 * i + 2] = s * np.array([1.0, r])
        grad = full.evaluate(th[None, :], L.u)[0][0]
        assert np.max(np.abs(grad)) < 1e-9 * (1 + np.max(np.abs(th)) ** 2)       # critical (hand: the roots)
        assert isolated_modulo_symmetry(full, th)
        y = full.image(th[None, :])[0]
        assert not seen_point(full, y, th, seen)                 # another class than those before
        seen.append((y, th, None))
    th = seen[0][1].copy()
    th[0:2] = 0                                                  # one neuron zero: the closure of three orbits
    assert not isolated_modulo_symmetry(full, th)


@pytest.mark.slow
@pytest.mark.parametrize("spec, total, pure", [("dense 2-1-1 r=3", 11, 7), ("dense 2-1-1 r=4", 15, 10),
                                               ("dense 2-3-1 r=2", 15, 1)])
@pytest.mark.parametrize("seed", [1, 2])
def test_whole_counts_agree_with_macaulay2(spec, total, pure, seed):
    """Macaulay2's minimal primes of the critical ideal (rational Q, u; counted over C modulo the symmetries):
    dense 2-1-1 r=3: 7 pure orbits (a prime of degree 28 = 7 orbits of degree 4), {w1 = 0} and {w2 = 0, cubic} (3
    orbits): 11 (10 before); dense 2-1-1 r=4 likewise (degree 50 = 10 orbits of degree 5, {w1 = 0}, 4 on w2 = 0):
    15 (14 before); dense 2-3-1 r=2: the pure image, 4 rank-one images (a prime of dimension 5 and degree
    12, one set over each image, counted by its image), 10 classes of image 0 (above): 15 (14 before, seed 1)."""
    from algnet.analyses.critical.solve import critical_points

    r = critical_points(spec, seed=seed)
    assert not r.partial
    assert (r.critical_points, r.pure, r.spurious, tuple(r.positive_dimensional)) == (total, pure, total - pure, ())
