"""Grassmannian tools: projectors, chordal distance, Plücker coordinates, plane clustering.

Truths used: basis independence (change of basis), the defining equations
Pᵀ = P, P² = P, tr P = k, principal angles of planes built with known angles,
the Grassmann–Plücker relations (hand-written for G(2,4)), det(G) scaling,
and direct sums whose summands are known by construction.
"""

import itertools
import json
from fractions import Fraction

import numpy as np
import pytest

from algnet.cli import main
from algnet.errors import ParameterError, TooLargeError
from algnet.superposition import (
    PlueckerVector,
    antipodal_pair,
    cayley_rotation,
    chordal_distance,
    direct_sum,
    direct_sum_decomposition,
    echelon_representative,
    grassmannian_summands,
    is_projector,
    perturb,
    pluecker_coordinates,
    pluecker_relations,
    principal_angles,
    projector,
    regular_polygon,
    tetrahedron,
)


def _rational_matrix(rng, m, k, h=5):
    return np.array([[Fraction(int(rng.integers(-h, h + 1)), int(rng.integers(1, 4))) for _ in range(k)]
                     for _ in range(m)], dtype=object)


# ---------------------------------------------------------------- projectors

@pytest.mark.parametrize("m,k", [(3, 1), (4, 2), (6, 3)])
def test_projector_invariant_under_change_of_basis_exact(m, k):
    rng = np.random.default_rng(m * 10 + k)
    A = _rational_matrix(rng, m, k)
    G = _rational_matrix(rng, k, k)
    while np.linalg.matrix_rank(G.astype(float)) < k:
        G = _rational_matrix(rng, k, k)
    P, Q = projector(A), projector(A.dot(G))
    assert (P == Q).all()                                  # exact equality
    assert is_projector(P) and sum(P[i, i] for i in range(m)) == k
    # dependent extra columns span the same plane
    assert (projector(np.hstack([A, A.dot(G)])) == P).all()
    assert np.allclose(projector(A.astype(float)), P.astype(float))


def test_projector_invariant_under_change_of_basis_float():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(7, 3))
    G = rng.normal(size=(3, 3))
    P = projector(A)
    assert np.allclose(P, projector(A @ G)) and is_projector(P)
    assert np.trace(P) == pytest.approx(3)
    # the projector fixes the columns and kills the orthogonal complement
    assert np.allclose(P @ A, A)


def test_projector_stable_under_perturbation():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 2))
    for eps in [1e-3, 1e-6]:
        d = chordal_distance(projector(A), projector(A + eps * rng.normal(size=A.shape)))
        assert d < 50 * eps


def test_exact_projector_rank_mismatch_and_bad_input():
    with pytest.raises(ParameterError):
        projector([[1, 2], [2, 4]], k=2)
    with pytest.raises(ParameterError):
        projector(np.eye(3), k=5)
    with pytest.raises(ParameterError):
        chordal_distance(np.eye(2), np.eye(3))
    assert not is_projector(np.array([[1, 1], [0, 0]]))


def test_chordal_distance_equals_principal_angle_formula():
    a, b = 0.3, 1.1
    E = np.eye(4)
    A = E[:, :2]
    B = np.column_stack([np.cos(a) * E[:, 0] + np.sin(a) * E[:, 2], np.cos(b) * E[:, 1] + np.sin(b) * E[:, 3]])
    R = np.linalg.qr(np.random.default_rng(2).normal(size=(4, 4)))[0]   # hide the coordinates
    th = principal_angles(R @ A, R @ B)
    assert np.allclose(th, [a, b])
    assert chordal_distance(projector(R @ A), projector(R @ B)) == pytest.approx(np.hypot(np.sin(a), np.sin(b)))


# ---------------------------------------------------------------- Plücker

@pytest.mark.parametrize("m,k", [(4, 2), (5, 2), (6, 3), (5, 4)])
def test_pluecker_relations_hold_exactly(m, k):
    rng = np.random.default_rng(m + k)
    pv = pluecker_coordinates(_rational_matrix(rng, m, k))
    assert pv.exact and len(pv.values) == len(list(itertools.combinations(range(m), k)))
    rels = pluecker_relations(pv, nontrivial_only=False)
    assert rels and all(v == 0 for _, _, v in rels)
    # G(m-1, m) is all of P^(m-1): no nontrivial relation
    assert bool(pluecker_relations(pv)) == (2 <= k <= m - 2)
    # a random point of projective space is not on the Grassmannian (when k, m-k >= 2)
    if 2 <= k <= m - 2:
        bogus = PlueckerVector(k, m, pv.indices,
                               tuple(int(x) for x in rng.integers(-5, 6, size=len(pv.values))), True)
        assert any(v != 0 for _, _, v in pluecker_relations(bogus))


def test_pluecker_g24_single_relation_by_hand():
    rng = np.random.default_rng(9)
    A = _rational_matrix(rng, 4, 2)
    pv = pluecker_coordinates(A)

    def det(i, j):
        return A[i, 0] * A[j, 1] - A[j, 0] * A[i, 1]

    assert pv[(0, 1)] == det(0, 1) and pv[(2, 3)] == det(2, 3) and pv[(3, 1)] == -det(1, 3)
    assert pv[(0, 1)] * pv[(2, 3)] - pv[(0, 2)] * pv[(1, 3)] + pv[(0, 3)] * pv[(1, 2)] == 0


def test_pluecker_change_of_basis_scales_by_det():
    rng = np.random.default_rng(4)
    A = _rational_matrix(rng, 5, 3)
    G = _rational_matrix(rng, 3, 3)
    import flint

    d = flint.fmpq_mat(3, 3, [flint.fmpq(x.numerator, x.denominator) for x in G.ravel()]).det()
    d = Fraction(int(d.p), int(d.q))
    p1, p2 = pluecker_coordinates(A), pluecker_coordinates(A.dot(G))
    assert all(Fraction(y) == d * Fraction(x) for x, y in zip(p1.values, p2.values))
    # the float path agrees, and normalised vectors agree up to sign of det
    f = pluecker_coordinates(A.astype(float))
    assert np.allclose(f.as_array(), p1.as_array())
    assert np.allclose(p1.normalized(), pluecker_coordinates(A.dot(G)).normalized())


def test_pluecker_rejects_dependent_columns():
    with pytest.raises(ParameterError):
        pluecker_coordinates([[1, 2], [2, 4], [3, 6]])
    with pytest.raises(ParameterError):
        pluecker_coordinates(np.ones((2, 3), dtype=int))


# ---------------------------------------------------------------- echelon vs projector

def test_echelon_representative_jumps_but_projector_does_not():
    # the seed's failure: pentagon ⊕ pentagon in coordinate blocks, every entry perturbed
    W = perturb(direct_sum(regular_polygon(5), regular_polygon(5, phase=0.2)), 1e-7, seed=0)
    second = list(itertools.combinations(range(5, 10), 2))
    ech = [echelon_representative(W[:, list(S)]) for S in second]
    proj = [projector(W[:, list(S)]) for S in second]
    jump = max(np.linalg.norm(a - b) for a, b in itertools.combinations(ech, 2))
    drift = max(chordal_distance(a, b) for a, b in itertools.combinations(proj, 2))
    assert jump > 1.0 and drift < 1e-5
    # unperturbed, both representatives are unique
    W0 = direct_sum(regular_polygon(5), regular_polygon(5, phase=0.2)).astype(float)
    e0 = [echelon_representative(W0[:, list(S)]) for S in second]
    assert max(np.abs(a - b).max() for a, b in itertools.combinations(e0, 2)) < 1e-9


# ---------------------------------------------------------------- clustering planes

def _shuffled(W, seed):
    perm = np.random.default_rng(seed).permutation(W.shape[1])
    return W[:, perm], perm


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grassmannian_clustering_recovers_perturbed_summands(seed):
    blocks = [regular_polygon(5), regular_polygon(3, phase=0.5), antipodal_pair(exact=False),
              tetrahedron().astype(float)]
    W = perturb(direct_sum(*blocks), 1e-3, seed=seed, rotate=True)   # 14 features in R^8
    W, perm = _shuffled(W, seed)
    inv = {old: new for new, old in enumerate(perm)}
    truth = sorted(tuple(sorted(inv[i] for i in rng_)) for rng_ in
                   [range(0, 5), range(5, 8), range(8, 10), range(10, 14)])
    g = grassmannian_summands(W, kmax=3)
    assert sorted(g.summands) == truth and not g.unresolved
    dims = dict(zip(g.summands, g.dimensions))
    assert sorted(dims[s] for s in truth) == [1, 2, 2, 3]
    # second method: components of the non-orthogonality graph
    assert sorted(direct_sum_decomposition(W).summands) == truth


def test_pyramid_clusters_are_rejected():
    W = perturb(direct_sum(regular_polygon(5), regular_polygon(5, phase=0.2)), 1e-4, seed=3, rotate=True)
    g = grassmannian_summands(W, kmax=3)
    assert g.summands == ((0, 1, 2, 3, 4), (5, 6, 7, 8, 9))
    pyramids = [c for c in g.clusters if c.k == 3]
    # 3-planes = one pentagon plus one vector of the other: 10 of them, none a summand
    assert len(pyramids) == 10 and not any(c.is_summand for c in pyramids)
    assert all(c.size == 10 and len(c.features) == 6 for c in pyramids)


def test_summand_beyond_kmax_is_unresolved():
    W = perturb(direct_sum(tetrahedron(), antipodal_pair()), 1e-4, seed=0, rotate=True)
    g = grassmannian_summands(W, kmax=2)
    assert g.summands == ((4, 5),) and g.unresolved == (0, 1, 2, 3)


def test_dedicated_features_and_zero_columns():
    W = np.array([[1.0, 0.0, 0.0, -1.0], [0.0, 2.0, 0.0, 0.0]])
    g = grassmannian_summands(W)
    assert g.summands == ((0, 3), (1,)) and g.unrepresented == (2,)


def test_grassmannian_clustering_refuses_large_work():
    W = np.random.default_rng(0).normal(size=(4, 40))
    with pytest.raises(TooLargeError) as e:
        grassmannian_summands(W, kmax=4, max_planes=1000)
    assert e.value.planes > 1000
    with pytest.raises(ParameterError):
        grassmannian_summands(W, kmax=7)


def test_exact_rotation_keeps_clusters():
    W = cayley_rotation(3, seed=0).dot(direct_sum(regular_polygon(3).round(12), antipodal_pair(exact=False)))
    assert grassmannian_summands(W.astype(float)).summands == ((0, 1, 2), (3, 4))


# ---------------------------------------------------------------- CLI

def test_cli_json(capsys):
    assert main(["superposition", "--n", "5", "--m", "2", "--sparsity", "0.9", "--steps", "3000",
                 "--seed", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["name"] == "pentagon" and out["summands"] == [[0, 1, 2, 3, 4]]
    assert out["grassmannian_summands"] == [[0, 1, 2, 3, 4]]
    assert out["seed"] == 0 and len(out["W"]) == 2 and len(out["W"][0]) == 5


def test_cli_text_plot_and_errors(tmp_path, capsys):
    f = tmp_path / "f.png"
    assert main(["superposition", "--n", "4", "--m", "3", "--steps", "200", "--plot", str(f)]) == 0
    assert f.exists() and f.stat().st_size > 1000
    assert "direct-sum decomposition" in capsys.readouterr().out
    assert main(["superposition", "--n", "3", "--m", "3"]) == 2
    assert main(["superposition", "--sparsity", "1.5", "--steps", "10"]) == 2
    assert "hint" in capsys.readouterr().err
