"""The homotopy engine on named systems with known root counts."""

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.homotopy.certify import certify
from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve, trace_test
from algnet.homotopy.solve import total_degree_solve
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem, cyclic, katsura, random_dense_system
from algnet.homotopy.tracker import TrackerOptions, track
from algnet.homotopy.homotopies import StraightLineHomotopy


@pytest.mark.parametrize("degrees", [(2, 2), (3, 2), (2, 2, 2), (3, 3)])
def test_bezout_count_generic_dense(degrees):
    # Bezout: a generic dense system has prod(d_i) nonsingular finite solutions
    S = random_dense_system(degrees, seed=7)
    res = total_degree_solve(S, seed=1)
    assert len(res.solutions) == int(np.prod(degrees))
    F, _ = S.evaluate(res.solutions)
    assert np.max(np.abs(F)) < 1e-8
    c = certify(S, res.solutions)
    assert c.certified == c.distinct == len(res.solutions)


@pytest.mark.parametrize("n", [2, 3])
def test_katsura_root_count(n):
    # Katsura-n has 2^n isolated nonsingular solutions, all real for small n
    S = katsura(n)
    res = total_degree_solve(S, seed=0)
    assert len(res.solutions) == 2 ** n
    c = certify(S, res.solutions)
    assert c.certified == c.distinct == 2 ** n


def test_real_solutions_are_counted():
    # x^2 = 2, y^2 = 3: four real solutions; x^2 = -2, y^2 = 3: none
    for a, real in ((-2, 4), (2, 0)):
        S = PolynomialSystem.from_terms([{(2, 0): 1, (0, 0): a}, {(0, 2): 1, (0, 0): -3}])
        res = total_degree_solve(S, seed=0)
        c = certify(S, res.solutions)
        assert (c.certified, c.real) == (4, real)


def test_solutions_at_infinity_are_reported():
    # x*y = 1, x*y + x = 3: Bezout 4, one finite solution (x = 2, y = 1/2);
    # the other 3 paths go to infinity and must be reported, not dropped
    S = PolynomialSystem.from_terms([{(1, 1): 1, (0, 0): -1}, {(1, 1): 1, (1, 0): 1, (0, 0): -3}])
    res = total_degree_solve(S, seed=2)
    assert res.solutions.shape == (1, 2)
    assert np.allclose(res.solutions[0], [2.0, 0.5])
    assert sum(res.counts.values()) == 4
    assert res.counts.get("at_infinity", 0) + res.counts.get("singular", 0) == 3


@pytest.mark.slow
def test_cyclic5_seventy_solutions():
    # Cyclic-5: 70 isolated solutions (Bjorck-Froberg); the other 50 paths end at infinity
    S = cyclic(5)
    res = total_degree_solve(S, seed=0)
    assert len(res.solutions) == 70
    assert sum(res.counts.values()) == 120


def test_seed_reproduces():
    S = random_dense_system((2, 3), seed=3)
    a = total_degree_solve(S, seed=5)
    b = total_degree_solve(S, seed=5)
    assert np.array_equal(a.solutions, b.solutions) and a.gamma == b.gamma


def test_monodromy_and_trace_test_on_offset_family():
    # x^3 + y = a, y^2 + x = b: eliminating y gives a degree-6 equation in x
    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
    p0 = fam.start_parameters(x0)[0]
    res = monodromy_solve(fam, x0, p0, seed=4, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0])
    assert len(res.solutions) == 6
    assert res.stop_reason == "trace test passed"
    # an incomplete witness set fails the trace test
    bad = trace_test(fam, res.solutions[:5], p0, seed=1)
    assert not bad.passed and bad.residual > 1e-4


def test_group_action_seeds_orbit():
    # x^2 = a, y^2 = b: the sign changes are symmetries; with actions and no loops all 4 appear
    G = PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 2): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([1.0 + 0.5j, 0.3 - 1j])
    p0 = fam.start_parameters(x0)[0]
    acts = [lambda X: X * np.array([-1, 1]), lambda X: X * np.array([1, -1])]
    res = monodromy_solve(fam, x0, p0, seed=0, group_actions=acts, options=MonodromyOptions(max_loops=0))
    assert len(res.solutions) == 4


def test_diverging_path_is_reported():
    # (1-t) gamma (x^2 - 1) + t (x - 2): the degree drops, one path goes to infinity
    F = PolynomialSystem.from_terms([{(1,): 1, (0,): -2}])
    G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    tr = track(StraightLineHomotopy(G, F, gamma=np.exp(1j)), np.array([[1.0], [-1.0]]))
    assert sorted(tr.status)[1] == "success" and tr.count("success") == 1
    assert sorted(tr.status)[0] in ("diverged", "failed", "max_steps")
    assert np.isclose(tr.x[tr.success][0, 0], 2.0)


def test_certification_rejects_a_non_solution():
    S = PolynomialSystem.from_terms([{(2,): 1, (0,): -2}])
    c = certify(S, np.array([[0.3]]))
    assert c.certified == 0


def test_bad_input_raises_algnet_errors():
    with pytest.raises(ParameterError):
        PolynomialSystem.from_terms([{(1, 0): 1}])  # one equation, two unknowns
    with pytest.raises(ParameterError):
        total_degree_solve(OffsetFamily(random_dense_system((2,), seed=0)))


# ---------------------------------------------------------------- graph monodromy
def _cubic_family():
    # x^3 + y = a, y^2 + x = b: eliminating y gives (a - x^3)^2 + x - b = 0, degree 6
    G = PolynomialSystem.from_terms([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}])
    fam = OffsetFamily(G)
    x0 = np.array([0.3 + 0.1j, -0.7 + 0.2j])
    return fam, x0, fam.start_parameters(x0)[0]


@pytest.mark.parametrize("seed", range(6))
def test_graph_monodromy_finds_the_roots_of_the_eliminant(seed):
    # independent truth: the six roots of the univariate eliminant, by numpy's companion matrix
    fam, x0, p0 = _cubic_family()
    a, b = p0
    xs = np.roots([1, 0, 0, -2 * a, 0, 1, a * a - b])
    truth = np.stack([xs, a - xs ** 3], axis=1)
    res = monodromy_solve(fam, x0, p0, seed=seed, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0])
    assert res.stop_reason == "trace test passed" and res.trace.passed
    assert len(res.solutions) == 6
    d = np.abs(res.solutions[:, None, :] - truth[None, :, :]).max(axis=2)
    assert np.all(d.min(axis=1) < 1e-8) and np.all(d.min(axis=0) < 1e-8)
    # the graph's cycle rank is the number of loops reported
    assert res.loops == res.edges - res.nodes + 1


def test_graph_monodromy_without_trace_test_stops_by_target_or_stall():
    fam, x0, p0 = _cubic_family()
    res = monodromy_solve(fam, x0, p0, seed=3, target_count=6)
    assert len(res.solutions) == 6 and res.stop_reason == "target count reached"
    # on x^2 = p (two roots) without a target the run ends by the no-progress rule
    fam2 = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    y0 = np.array([0.8 + 0.3j])
    res2 = monodromy_solve(fam2, y0, fam2.start_parameters(y0)[0], seed=0,
                           options=MonodromyOptions(max_loops_no_progress=3))
    assert len(res2.solutions) == 2 and res2.stop_reason.startswith("no new solutions")
    assert np.allclose(np.sort_complex(res2.solutions[:, 0]), np.sort_complex(np.array([y0[0], -y0[0]])))


def test_graph_monodromy_keys_identify_fiber_points():
    # x^2 = a, y^2 = b keyed by (x^2, y): the sign of x is a fiber; 2 keyed points, not 4
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1}, {(0, 2): 1}]))
    x0 = np.array([1.0 + 0.5j, 0.3 - 1j])
    p0 = fam.start_parameters(x0)[0]
    res = monodromy_solve(fam, x0, p0, seed=1, key=lambda X: np.stack([X[:, 0] ** 2, X[:, 1]], axis=1),
                          trace_direction=np.array([0.7, 1.0 + 0.2j]), trace_functional=lambda X: X[:, 1])
    assert len(res.solutions) == 2 and res.trace.passed


def test_monodromy_rejects_bad_options_and_shapes():
    fam, x0, p0 = _cubic_family()
    with pytest.raises(ParameterError):
        monodromy_solve(fam, x0, p0, options=MonodromyOptions(growth="tree"))
    with pytest.raises(ParameterError):
        monodromy_solve(fam, np.zeros(3), p0)


def test_random_starts_from_a_sampler_land_on_solutions_of_p0():
    # every sampled point solves the member at its own offsets; tracked to p0 it ends on one
    # of the six roots of the eliminant (independent truth by numpy.roots)
    fam, x0, p0 = _cubic_family()
    a, b = p0
    xs = np.roots([1, 0, 0, -2 * a, 0, 1, a * a - b])
    truth = np.stack([xs, a - xs ** 3], axis=1)

    def sampler(rng, k):
        return rng.normal(size=(k, 2)) + 1j * rng.normal(size=(k, 2))

    res = monodromy_solve(fam, x0, p0, seed=5, sampler=sampler, trace_direction=np.array([1.0, 0.5j]),
                          trace_functional=lambda X: X[:, 0], options=MonodromyOptions(random_starts=12))
    assert res.trace.passed and len(res.solutions) == 6
    d = np.abs(res.solutions[:, None, :] - truth[None, :, :]).max(axis=2)
    assert np.all(d.min(axis=0) < 1e-8)
    # the first history row is the batch of random starts: it found more than the start point
    assert res.history[0][1] > 1


def test_sampler_needs_a_family_with_start_parameters():
    fam, x0, p0 = _cubic_family()

    class NoStart:
        n_vars, n_params, real = fam.n_vars, fam.n_params, False

        def evaluate(self, X, P=None):
            return fam.evaluate(X, P)

        def param_derivative(self, X, P, dP):
            return fam.param_derivative(X, P, dP)

    with pytest.raises(ParameterError):
        monodromy_solve(NoStart(), x0, p0, sampler=lambda rng, k: np.zeros((k, 2)))
