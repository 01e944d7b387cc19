"""Spherical codes: Thomson energies, Tammes angles, Hungarian matching, Procrustes comparison.

Truths used: closed forms of the Platonic solids' energies from their edge
lengths (tetrahedron, octahedron, icosahedron on S²) and their minimal angles,
brute force over all permutations (matching), configurations built from a code
by a known rotation, permutation and perturbation (comparison), and the
regular pentagon (L_1 energy (10/3) cos² 72°).
"""

import itertools

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.superposition import train_toy_model
from algnet.superposition.polytopes import random_rotation, regular_polygon
from algnet.superposition.spherical import (code_energy, compare_with_code, hungarian, procrustes, tammes, thomson)

PHI = (1 + 5 ** 0.5) / 2


def _brute_force_matching(C):
    """The optimal matching over all permutations (small n only)."""
    n = len(C)
    return min(itertools.permutations(range(n)), key=lambda p: sum(C[i][p[i]] for i in range(n)))


def _icosahedron_energy():
    # vertices (0, ±1, ±φ) and cyclic shifts, scaled to the unit sphere: 30 edges of length 2/R,
    # 30 pairs at distance 2φ/R, 6 antipodal pairs at distance 2 (R = sqrt(1 + φ²))
    R = np.sqrt(1 + PHI ** 2)
    return 30 / (2 / R) + 30 / (2 * PHI / R) + 6 / 2


@pytest.mark.parametrize("n,energy,angle", [
    (4, 6 / np.sqrt(8 / 3), np.degrees(np.arccos(-1 / 3))),        # tetrahedron: 6 edges of length sqrt(8/3)
    (6, 12 / np.sqrt(2) + 3 / 2, 90.0),                               # octahedron: 12 edges sqrt 2, 3 diameters
    (12, _icosahedron_energy(), np.degrees(np.arctan(2))),           # icosahedron: edge angle arctan 2
])
def test_thomson_and_tammes_platonic_solids(n, energy, angle):
    c = thomson(n, 3, starts=3, seed=0)
    assert c.energy == pytest.approx(energy, abs=1e-8)
    assert c.min_angle == pytest.approx(angle, abs=1e-4)
    assert np.allclose(np.linalg.norm(c.points, axis=0), 1)
    assert c.seed == 0 and not c.evidence.certified and len(c.energies) == 3
    assert code_energy(c.points) == pytest.approx(c.energy)
    t = tammes(n, 3, starts=2, seed=1)
    assert t.min_angle == pytest.approx(angle, abs=1e-2)


def test_relu2_energy_of_points_on_the_circle_is_the_pentagon():
    c = thomson(5, 2, kernel="relu2", starts=4, seed=0)
    assert c.energy == pytest.approx(10 / 3 * np.cos(2 * np.pi / 5) ** 2, abs=1e-10)
    assert c.min_angle == pytest.approx(72.0, abs=1e-5)


def test_hungarian_against_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(20):
        C = rng.normal(size=(6, 6))
        p = hungarian(C)
        q = _brute_force_matching(C)
        assert C[np.arange(6), p].sum() == pytest.approx(sum(C[i][q[i]] for i in range(6)))
    C = rng.integers(0, 3, size=(7, 7)).astype(float)      # ties
    assert C[np.arange(7), hungarian(C)].sum() == pytest.approx(
        sum(C[i][j] for i, j in enumerate(_brute_force_matching(C))))
    with pytest.raises(ParameterError):
        hungarian(np.zeros((2, 3)))


def test_comparison_recovers_rotation_permutation_and_perturbation():
    rng = np.random.default_rng(3)
    # a generic code (no symmetry): the matching is unique and must be recovered
    generic = rng.normal(size=(3, 9))
    generic /= np.linalg.norm(generic, axis=0)
    code = thomson(12, 3, starts=2, seed=0)          # the icosahedron: matchings only up to its symmetries
    for C, unique in ((generic, True), (code.points, False)):
        n = C.shape[1]
        Q = random_rotation(3, seed=4)
        perm = rng.permutation(n)
        W = 1.7 * (Q @ C[:, perm] + 1e-3 * rng.normal(size=(3, n)))
        c = compare_with_code(W, C, seed=0)
        if unique:
            assert c.matching == tuple(int(p) for p in perm)
        assert sorted(c.matching) == list(range(n))
        X = W / np.linalg.norm(W, axis=0)
        _, r_true = procrustes(X, C[:, perm])
        assert c.residual <= r_true + 1e-12 and c.residual < 5e-3 and c.max_angle < 0.5
        _, r_check = procrustes(X, C[:, list(c.matching)])
        assert r_check == pytest.approx(c.residual)
    assert abs(c.energy_gap) < 0.2
    with pytest.raises(ParameterError, match="same shape"):
        compare_with_code(W[:, :5], code)


def test_trained_pentagon_against_the_code():
    r = train_toy_model(5, 2, sparsity=0.9, steps=3000, seed=0)
    c = compare_with_code(r.model.W, thomson(5, 2, kernel="relu2", starts=3, seed=0), seed=0)
    assert c.max_angle < 5 and abs(c.energy_gap) < 0.05
    assert sorted(c.matching) == list(range(5))


def test_interrupt_keeps_the_best_start(monkeypatch):
    from algnet.superposition import spherical

    calls = {"n": 0}
    real = spherical._descend

    def flaky(*a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(spherical, "_descend", flaky)
    c = thomson(4, 3, starts=10, seed=0)
    assert c.evidence.partial and c.starts == 2 and c.as_dict()["partial"] is True
    assert c.energy == pytest.approx(6 / np.sqrt(8 / 3), abs=1e-8)


def test_results_carry_evidence_fields():
    from algnet.superposition import loss1_analysis, sphere_clustering, train_two_layer
    from algnet.superposition.polytopes import direct_sum

    results = [thomson(3, 2, starts=1, seed=0), compare_with_code(regular_polygon(3), regular_polygon(3), seed=0),
               loss1_analysis([[1, -1]], [0, 0]), sphere_clustering(direct_sum(regular_polygon(3), [[1.0, -1.0]])),
               train_two_layer(3, 2, 1, steps=5, seed=0)]
    for r in results:
        d = r.as_dict()
        assert {"certified", "method", "seed", "seconds", "partial"} <= set(d), type(r).__name__
        assert d["certified"] == r.evidence.certified
