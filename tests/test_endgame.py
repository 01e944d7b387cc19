"""The Cauchy endgame against hand computations of Puiseux expansions at singular endpoints."""

import dataclasses

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.homotopy.endgame import EndgameOptions, cauchy_endgame, cauchy_loop, track_with_endgame
from algnet.homotopy.homotopies import CircleHomotopy, ParameterHomotopy, SegmentHomotopy, StraightLineHomotopy
from algnet.homotopy.solve import total_degree_solve
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem, random_dense_system


def poly(*eqs):
    return PolynomialSystem.from_terms(list(eqs))


def affine(X):
    X = np.asarray(X)
    return X[:, 1:] / X[:, :1]


# ---------------------------------------------------------------- complex t in the homotopies

def test_real_times_are_bit_identical_and_complex_times_are_exact():
    G = random_dense_system((2, 3), seed=1)
    F = random_dense_system((2, 3), seed=2)
    gamma = np.exp(0.3j)
    H = StraightLineHomotopy(G, F, gamma)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 2)) + 1j * rng.normal(size=(5, 2))
    T = rng.random(5)
    h, hx, ht = H.evaluate(X, T)
    g, JG = G.evaluate(X)
    f, JF = F.evaluate(X)
    # the pre-change formula, with T cast to float
    a, b = ((1 - T) * gamma)[:, None], T[:, None]
    assert np.array_equal(h, a * g + b * f) and np.array_equal(hx, a[:, :, None] * JG + b[:, :, None] * JF)
    assert np.array_equal(ht, f - gamma * g)
    # complex t: (1 - t) gamma G + t F with the imaginary part kept
    Tc = T + 0.2j
    hc, hxc, htc = H.evaluate(X, Tc)
    assert np.allclose(hc, ((1 - Tc) * gamma)[:, None] * g + Tc[:, None] * f, rtol=1e-14, atol=1e-14)
    assert np.allclose(htc, f - gamma * g)
    # parameter homotopy: the parameter point moves with complex t
    fam = OffsetFamily(G)
    p0, p1 = np.array([1.0 + 1j, 2.0]), np.array([-1.0, 0.5j])
    P = ParameterHomotopy(fam, p0, p1)
    hp, _, htp = P.evaluate(X, Tc)
    Pt = (1 - Tc)[:, None] * p0 + Tc[:, None] * p1
    assert np.allclose(hp, g - Pt) and np.allclose(htp, -(p1 - p0))
    hr, _, _ = P.evaluate(X, T)
    assert np.array_equal(hr, g - ((1 - T[:, None]) * p0 + T[:, None] * p1))


@pytest.mark.parametrize("wrap", [
    lambda H: SegmentHomotopy(H, 0.9, 0.3 + 0.4j),
    lambda H: SegmentHomotopy(H, 0.0, 0.9),
    lambda H: CircleHomotopy(H, 0.1, 0.5, 2.0),
    lambda H: CircleHomotopy(H, 0.25),
])
def test_wrapper_derivative_is_the_chain_rule(wrap):
    # dH~/ds = dH/dt dt/ds, checked against a central difference in s
    G = random_dense_system((2, 2), seed=3)
    F = random_dense_system((2, 2), seed=4)
    W = wrap(StraightLineHomotopy(G, F, np.exp(1j)))
    X = np.array([[0.3 + 0.1j, -0.2 + 0.5j], [1.1, 0.4j]])
    S = np.array([0.2, 0.7])
    _, _, hs = W.evaluate(X, S)
    e = 1e-6
    fd = (W.evaluate(X, S + e)[0] - W.evaluate(X, S - e)[0]) / (2 * e)
    assert np.allclose(hs, fd, rtol=1e-7, atol=1e-8)


def test_circle_time_runs_around_one():
    W = CircleHomotopy(StraightLineHomotopy(poly({(1,): 1}), poly({(1,): 1}), 1.0), 0.1)
    t = W.time(np.linspace(0, 1, 5))
    assert np.allclose(t, [0.9, 1 - 0.1j, 1.1, 1 + 0.1j, 0.9])


# ---------------------------------------------------------------- loops and winding numbers

@pytest.mark.parametrize("c", [1, 2, 3, 4])
def test_loop_of_x_to_the_c(c):
    # x^c = 1 - t: x(1 - s^c) = s exactly, the loop closes after c turns, x(1) = 0
    H = StraightLineHomotopy(poly({(c,): 1, (0,): -1}), poly({(c,): 1}), 1.0)
    r = 0.1
    est, w, closed = cauchy_loop(H, [[r ** (1 / c)]], r)
    assert w.tolist() == [c] and closed.tolist() == [True]
    assert abs(est[0, 0]) < 1e-12


def test_loop_that_does_not_close_gets_no_estimate():
    H = StraightLineHomotopy(poly({(3,): 1, (0,): -1}), poly({(3,): 1}), 1.0)
    est, w, closed = cauchy_loop(H, [[0.1 ** (1 / 3)]], 0.1, EndgameOptions(max_winding=2))
    assert w.tolist() == [0] and closed.tolist() == [False] and np.all(np.isnan(est))


def test_triple_root_has_winding_number_three():
    # (1 - t) gamma (x^3 - 2) + t (x - 1)^3 = 0: near t = 1, (x - 1)^3 ~ gamma (1 - t),
    # so the three paths form one cycle of winding number 3 ending at x = 1
    G = poly({(3,): 1, (0,): -2})
    F = poly({(3,): 1, (2,): -3, (1,): 3, (0,): -1})
    X0 = (2 ** (1 / 3) * np.exp(2j * np.pi * np.arange(3) / 3))[:, None]
    eg = track_with_endgame(StraightLineHomotopy(G, F, np.exp(0.5j)), X0)
    assert eg.status == ("converged",) * 3 and eg.winding.tolist() == [3, 3, 3]
    assert np.max(np.abs(eg.x - 1)) < 1e-10
    assert np.all(eg.accuracy < 1e-9) and np.all(eg.converged)


def test_cauchy_endgame_from_the_zone():
    # (x - 1)^3 = 1 - t through x(0.9) = 1 + 0.1^(1/3)
    F = poly({(3,): 1, (2,): -3, (1,): 3, (0,): -1})
    G = poly({(3,): 1, (2,): -3, (1,): 3, (0,): -2})
    eg = cauchy_endgame(StraightLineHomotopy(G, F, 1.0), [[1 + 0.1 ** (1 / 3)]])
    assert eg.winding.tolist() == [3] and abs(eg.x[0, 0] - 1) < 1e-12
    assert eg.loops[0] >= 2 and eg.radius[0] <= 0.05


def test_per_path_parameters_and_lcm_winding():
    # x^2 = (1 - t) a, y^3 = (1 - t) b (offset family, one start parameter per path):
    # x closes after 2 turns, y after 3, the path after lcm(2, 3) = 6; endpoint (0, 0)
    fam = OffsetFamily(poly({(2, 0): 1}, {(0, 3): 1}))
    X0 = np.array([[1.0 + 0.2j, 0.7], [-0.5j, 1.2 - 0.3j], [0.9, -0.8 + 0.1j]])
    H = ParameterHomotopy(fam, fam.start_parameters(X0), np.zeros(2))
    # two of the three paths, named by their index: the wrappers pass the names to H
    eg = track_with_endgame(H, X0[[2, 0]], paths=[2, 0])
    assert eg.paths.tolist() == [2, 0] and eg.winding.tolist() == [6, 6]
    assert np.max(np.abs(eg.x)) < 1e-10


# ---------------------------------------------------------------- total-degree solve

def test_double_root_x_squared():
    # F = (x^2, y - 1): (1 - t) gamma (x^2 - 1) + t x^2 gives x^2 ~ gamma (1 - t):
    # both paths form one cycle of winding number 2 ending at the double root (0, 1)
    F = poly({(2, 0): 1}, {(0, 1): 1, (0, 0): -1})
    r = total_degree_solve(F, seed=0)
    assert r.solutions.shape == (0, 2) and r.counts == {"singular": 2}
    assert r.multiplicities == (2,) and r.winding_numbers == ((2, 2),) and r.singular_paths == ((0, 1),)
    err = np.max(np.abs(r.singular_solutions - [0, 1]))
    assert err < 1e-10 and r.singular_accuracy[0] < 1e-8
    # plain tracking stops at the linear rate of Newton at a double root
    plain = np.max(np.abs(affine(r.track.x) - [0, 1]))
    assert plain > 100 * err and plain > 1e-9
    # the endgame's own error estimate is an upper bound here
    assert r.singular_accuracy[0] >= err
    # off: the old behaviour
    r0 = total_degree_solve(F, seed=0, endgame=False)
    assert r0.counts == {"singular": 2} and r0.singular_solutions.size == 0 and r0.endgame is None


def test_two_double_points_each_reached_by_two_paths_of_winding_one():
    # F = ((x - 1)^2, y^2 - 4), start (x^2 - 1, y^2 - 1): the x-part
    # (1 - t) gamma (x^2 - 1) + t (x - 1)^2 = (x - 1) ((1 - t) gamma (x + 1) + t (x - 1))
    # has the path x = 1 and the path x - 1 = -2 gamma (1 - t) / (t + (1 - t) gamma),
    # both analytic at t = 1 (winding number 1); so (1, 2) and (1, -2) are each reached
    # by two paths: multiplicity 2 each, and no nonsingular solution
    F = poly({(2, 0): 1, (1, 0): -2, (0, 0): 1}, {(0, 2): 1, (0, 0): -4})
    for seed in (0, 4):  # with seed 4 both paths to (1, -2) look nonsingular to the tracker
        r = total_degree_solve(F, seed=seed)
        assert r.solutions.shape == (0, 2) and r.counts == {"singular": 4}
        order = np.argsort(-r.singular_solutions[:, 1].real)
        assert np.allclose(r.singular_solutions[order], [[1, 2], [1, -2]], atol=1e-9)
        assert r.multiplicities == (2, 2) and r.winding_numbers == ((1, 1), (1, 1))
        assert sorted(k for p in r.singular_paths for k in p) == [0, 1, 2, 3]


def test_triple_root_total_degree():
    # (x - 2)^3: the start roots are the cube roots of unity, x = 2 is not one of them,
    # (x - 2)^3 ~ -7 gamma (1 - t): one cycle of winding number 3
    r = total_degree_solve(poly({(3,): 1, (2,): -6, (1,): 12, (0,): -8}), seed=1)
    assert r.multiplicities == (3,) and r.winding_numbers == ((3, 3, 3),)
    assert abs(r.singular_solutions[0, 0] - 2) < 1e-9
    # (x - 1)^3: x = 1 is a start root, so x = 1 is a path (winding 1); the other two,
    # x - 1 ~ +-sqrt(-3 gamma (1 - t)), form a cycle of winding number 2: multiplicity 3
    r = total_degree_solve(poly({(3,): 1, (2,): -3, (1,): 3, (0,): -1}), seed=0)
    assert r.multiplicities == (3,) and sorted(r.winding_numbers[0]) == [1, 2, 2]
    assert abs(r.singular_solutions[0, 0] - 1) < 1e-9


def test_regular_solutions_are_unchanged():
    # (x - 1)^2 (x + 1) = 0, y = x: the regular solution (-1, -1) and the double point (1, 1)
    F = poly({(3, 0): 1, (2, 0): -1, (1, 0): -1, (0, 0): 1}, {(0, 1): 1, (1, 0): -1})
    r = total_degree_solve(F, seed=0)
    assert np.allclose(r.solutions, [[-1, -1]]) and r.counts == {"finite": 1, "singular": 2}
    assert np.allclose(r.singular_solutions, [[1, 1]], atol=1e-9) and r.multiplicities == (2,)
    # without the endgame the regular row is the same, bit for bit; (one of) the paths of
    # winding number 1 to the double point may pass the affine Newton check and be listed
    # as nonsingular: the endgame finds a second path converging there and moves it
    r0 = total_degree_solve(F, seed=0, endgame=False)
    regular = np.abs(r0.solutions[:, 0] + 1) < 1e-6
    assert np.array_equal(r.solutions, r0.solutions[regular])
    # generic dense systems: no singular path, the endgame does not run
    S = random_dense_system((2, 3), seed=3)
    a, b = total_degree_solve(S, seed=5), total_degree_solve(S, seed=5, endgame=False)
    assert np.array_equal(a.solutions, b.solutions) and a.counts == b.counts
    assert a.endgame is None and a.singular_solutions.shape == (0, 2)


def test_singular_endpoints_at_infinity_are_recognised():
    # x y = 1, x y + x = 3: one finite solution (2, 1/2); homogenised x y = z^2,
    # x y + x z = 3 z^2 meet z = 0 at [1:0:0] and [0:1:0]: the other 3 paths end there
    S = poly({(1, 1): 1, (0, 0): -1}, {(1, 1): 1, (1, 0): 1, (0, 0): -3})
    r = total_degree_solve(S, seed=2)
    assert np.allclose(r.solutions, [[2.0, 0.5]])
    assert r.counts == {"finite": 1, "at_infinity": 3} and r.singular_solutions.shape == (0, 2)


def test_custom_options_are_used_and_validated():
    F = poly({(2, 0): 1}, {(0, 1): 1, (0, 0): -1})
    opt = EndgameOptions(start_radius=0.05, samples_per_loop=12)
    r = total_degree_solve(F, seed=0, endgame=opt)
    assert r.endgame.options is opt and np.all(r.endgame.radius <= 0.05)
    assert np.max(np.abs(r.singular_solutions - [0, 1])) < 1e-10
    with pytest.raises(dataclasses.FrozenInstanceError):
        opt.tolerance = 1.0
    for bad in ({"start_radius": 1.5}, {"radius_ratio": 1.0}, {"min_radius": 0.5}, {"samples_per_loop": 1}):
        with pytest.raises(ParameterError):
            EndgameOptions(**bad)


def test_ctrl_c_in_the_endgame_returns_the_result_without_it(monkeypatch):
    import algnet.homotopy.endgame as eg_mod

    real_track = eg_mod.track

    def interrupted(H, X, *a, **k):
        r = real_track(H, X, *a, **k)
        return dataclasses.replace(r, partial=True) if isinstance(H, CircleHomotopy) else r

    monkeypatch.setattr(eg_mod, "track", interrupted)
    F = poly({(2, 0): 1}, {(0, 1): 1, (0, 0): -1})
    r = total_degree_solve(F, seed=0)
    assert r.partial and r.counts == {"singular": 2} and r.singular_solutions.shape == (0, 2)
