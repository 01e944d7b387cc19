"""Toy models of superposition: training, loss decomposition, feature geometry, recognition.

Truths used: finite differences (gradients), direct evaluation of the model
on the inputs e_i (loss decomposition), the configurations' construction
(direct sums with known summands, hidden by exact rational rotations and
column shuffles), the paper's dimensionality fractions d/N of tight frames,
and the paper's observations for n=5, m=2 (pentagon at S=0.9, antipodal
pairs at lower sparsity, no superposition in the linear model), which we
checked experimentally over 30 seeds (see EXPERIMENT in this file).
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet.errors import NumericalError, ParameterError
from algnet.superposition import (ToyModel, antipodal_pair, cayley_rotation, direct_sum, direct_sum_decomposition,
                                  feature_dimensionality, generate_data, gram_matrix, identify_summand,
                                  interference_graph, loss_terms, octahedron, perturb, random_rotation,
                                  rational_triangle, recognize_configuration, regular_polygon, square_antiprism,
                                  tetrahedron, train_toy_model)
from algnet.superposition import toy as toy_mod
from algnet.superposition.toy import loss_gradients

# EXPERIMENT (n=5, m=2, all importances 1, Adam lr 1e-2, batch 1024; seeds 0..29 each):
#   S=0.9, 3000 steps: 28/30 pentagon; 1000 steps: 25/30; 600 steps at lr 2e-2: 25/30.
#   The other runs sit at two orthogonal antipodal pairs with the fifth feature weakly
#   represented (norm ~0.35) along one of them (loss ~0.038 against ~0.026 for the
#   pentagon). Mostly a plateau: seeds 1, 3, 22 reach the pentagon with more steps;
#   seed 29 is still there after 20000 steps (a genuine trap).
#   With importances 0.9^i, S=0.9, 3000 steps: 22/30 pentagon.
#   S=0.8: 23/30 two orthogonal antipodal pairs, 7/30 pentagon; S=0.7: 26/30 two
#   antipodal pairs (fifth feature dropped), 4/30 pairs with a weak fifth feature.
# Seeds 0-4 all give the pentagon at S=0.9 with 3000 steps; the test asks for 4 of 5
# so that a platform-dependent rounding difference in one run cannot fail it.


# ---------------------------------------------------------------- data and model

def test_generate_data_distribution():
    X = generate_data(6, 20000, [0.0, 0.5, 0.9, 0.9, 0.5, 0.0], seed=3)
    zero = (X == 0).mean(axis=0)
    assert np.allclose(zero, [0.0, 0.5, 0.9, 0.9, 0.5, 0.0], atol=0.02)
    nz = X[X > 0]
    assert abs(nz.mean() - 0.5) < 0.01 and nz.max() <= 1.0
    assert np.array_equal(X, generate_data(6, 20000, [0.0, 0.5, 0.9, 0.9, 0.5, 0.0], seed=3))


@pytest.mark.parametrize("relu", [True, False])
def test_gradients_match_finite_differences(relu):
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 6)), rng.normal(scale=0.3, size=6)
    X = generate_data(6, 64, 0.5, seed=1)
    I = 0.8 ** np.arange(6)
    _, dW, db = loss_gradients(W, b, X, I, relu)
    h = 1e-6
    for (i, j) in [(0, 0), (1, 3), (2, 5)]:
        E = np.zeros_like(W); E[i, j] = h
        num = (loss_gradients(W + E, b, X, I, relu)[0] - loss_gradients(W - E, b, X, I, relu)[0]) / (2 * h)
        assert abs(num - dW[i, j]) < 1e-5 * max(1, abs(num))
    for j in [0, 4]:
        e = np.zeros_like(b); e[j] = h
        num = (loss_gradients(W, b + e, X, I, relu)[0] - loss_gradients(W, b - e, X, I, relu)[0]) / (2 * h)
        assert abs(num - db[j]) < 1e-5 * max(1, abs(num))


@pytest.mark.parametrize("relu", [True, False])
def test_loss_terms_equal_loss_on_one_hot_inputs(relu):
    rng = np.random.default_rng(5)
    model = ToyModel(rng.normal(size=(2, 5)), rng.normal(scale=0.5, size=5), relu=relu)
    I = rng.uniform(0.2, 1.0, size=5)
    t = loss_terms(model, I)
    direct = sum(model.loss(np.eye(5)[i:i + 1], I) for i in range(5))
    assert t.total == pytest.approx(direct, rel=1e-12)
    assert t.bias_penalty == pytest.approx(model.loss(np.zeros((1, 5)), I), rel=1e-12)


def test_linear_loss_terms_are_the_papers_formula():
    rng = np.random.default_rng(7)
    W = rng.normal(size=(3, 4))
    I = np.array([1.0, 0.7, 0.49, 0.343])
    t = loss_terms(ToyModel(W, np.zeros(4), relu=False), I)
    benefit = sum(I[i] * (1 - W[:, i] @ W[:, i]) ** 2 for i in range(4))
    inter = sum(I[j] * (W[:, j] @ W[:, i]) ** 2 for i in range(4) for j in range(4) if i != j)
    assert t.feature_benefit == pytest.approx(benefit) and t.interference == pytest.approx(inter)


def test_training_reproducible_and_seed_dependent():
    a = train_toy_model(5, 2, 0.9, steps=150, seed=11)
    b = train_toy_model(5, 2, 0.9, steps=150, seed=11)
    c = train_toy_model(5, 2, 0.9, steps=150, seed=12)
    assert np.array_equal(a.model.W, b.model.W) and np.array_equal(a.model.b, b.model.b)
    assert a.final_loss == b.final_loss and a.seed == 11
    assert not np.allclose(a.model.W, c.model.W)
    assert "seed=11" in repr(a)


def test_training_interrupt_returns_partial(monkeypatch):
    calls = {"n": 0}
    real = toy_mod.sample_sparse

    def flaky(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 21:
            raise KeyboardInterrupt
        return real(*args, **kw)

    monkeypatch.setattr(toy_mod, "sample_sparse", flaky)
    r = train_toy_model(4, 2, 0.8, steps=100, seed=0)
    assert r.partial and r.steps_done == 20 and "PARTIAL" in repr(r)


def test_training_bad_input():
    for kw in [dict(n=0, m=2), dict(n=5, m=2, sparsity=1.0), dict(n=5, m=2, sparsity=[0.5, 0.5]),
               dict(n=5, m=2, importance=[1, 2]), dict(n=5, m=2, steps=0), dict(n=5, m=2, lr=-1.0)]:
        with pytest.raises(ParameterError):
            train_toy_model(**kw)
    with pytest.raises(NumericalError):
        train_toy_model(3, 1, 0.0, steps=50, lr=9.0, W0=np.full((1, 3), 1e150), seed=0)


# ---------------------------------------------------------------- trained geometry

def test_pentagon_at_high_sparsity():
    names = []
    for seed in range(5):
        r = train_toy_model(5, 2, sparsity=0.9, steps=3000, seed=seed)
        rec = recognize_configuration(r.model.W)
        names.append(rec.name)
        if rec.name == "pentagon":
            # paper: every feature of a pentagon gets 2/5 of a dimension
            assert np.allclose(feature_dimensionality(r.model.W), 0.4, atol=0.03)
    assert names.count("pentagon") >= 4, names


def test_antipodal_pairs_at_lower_sparsity():
    r = train_toy_model(5, 2, sparsity=0.7, steps=1500, seed=0)
    rec = recognize_configuration(r.model.W)
    assert rec.summand_names == ("antipodal pair", "antipodal pair")
    assert len(rec.decomposition.unrepresented) == 1
    assert np.allclose(rec.dimensionality, 0.5)


def test_square_antiprism_from_training():
    # paper: 8 features in 3 dimensions at high sparsity form a square antiprism
    r = train_toy_model(8, 3, sparsity=0.95, steps=3000, seed=0)
    assert recognize_configuration(r.model.W).name == "square antiprism"


def test_linear_model_has_no_superposition():
    # the linear model keeps the m most important features, orthogonally (a PCA-like solution)
    r = train_toy_model(5, 2, sparsity=0.9, importance=0.7, linear=True, steps=1500, seed=0)
    dec = direct_sum_decomposition(r.model.W, norm_tol=0.3)
    assert dec.summands == ((0,), (1,)) and dec.unrepresented == (2, 3, 4)
    assert np.allclose(np.linalg.norm(r.model.W[:, :2], axis=0), 1.0, atol=0.05)


# ---------------------------------------------------------------- constructed configurations

def _hidden(blocks, seed):
    """Direct sum of blocks, exactly rotated and with shuffled columns; returns W and the true summands."""
    W = direct_sum(*blocks)
    Q = cayley_rotation(W.shape[0], seed=seed)
    perm = np.random.default_rng(seed).permutation(W.shape[1])
    W = Q.dot(W)[:, perm]
    where = {old: new for new, old in enumerate(perm)}
    truth, start = [], 0
    for B in blocks:
        k = np.asarray(B).shape[1]
        truth.append(tuple(sorted(where[i] for i in range(start, start + k))))
        start += k
    return W, sorted(truth)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_decomposition_of_hidden_direct_sum(seed):
    blocks = [tetrahedron(), rational_triangle(), antipodal_pair(), [[3, -1, 2]]]
    W, truth = _hidden(blocks, seed)
    assert all(isinstance(x, Fraction) for x in W.ravel())
    dec = direct_sum_decomposition(W)
    assert dec.certified and dec.exact
    assert sorted(dec.summands) == truth
    dims = {s: d for s, d in zip(dec.summands, dec.dimensions)}
    assert sorted(dims[s] for s in truth) == [1, 1, 2, 3]


def test_exact_gram_and_zero_feature():
    W = np.array([[1, 0, 0], [0, 0, 2]], dtype=object)
    assert gram_matrix(W)[2, 2] == 4
    dec = direct_sum_decomposition(W)
    assert dec.unrepresented == (1,) and dec.summands == ((0,), (2,))


def test_exact_almost_orthogonal_is_not_orthogonal():
    # a float tolerance would split these; exact arithmetic must not
    W = np.array([[1, Fraction(1, 10**9)], [0, 1]], dtype=object)
    assert direct_sum_decomposition(W).summands == ((0, 1),)
    assert direct_sum_decomposition(W.astype(float)).summands == ((0,), (1,))


def test_float_decomposition_of_perturbed_rotated_sum():
    blocks = [regular_polygon(5), regular_polygon(5, phase=0.3), regular_polygon(3), antipodal_pair(exact=False)]
    W = perturb(direct_sum(*blocks), 1e-3, seed=4, rotate=True)
    dec = direct_sum_decomposition(W)
    assert dec.summands == ((0, 1, 2, 3, 4), (5, 6, 7, 8, 9), (10, 11, 12), (13, 14))
    assert dec.dimensions == (2, 2, 2, 1) and not dec.certified
    assert set(interference_graph(W).nodes) == set(range(15))


@pytest.mark.parametrize("W,expected", [
    (antipodal_pair(), 1 / 2), (regular_polygon(3), 2 / 3), (regular_polygon(5), 2 / 5),
    (tetrahedron(), 3 / 4), (square_antiprism(), 3 / 8), (octahedron(), 1 / 2)])
def test_dimensionality_of_tight_frames(W, expected):
    # equal-norm tight frame of N vectors in R^d: every feature gets d/N dimensions
    Q = random_rotation(np.asarray(W).shape[0], seed=1)
    assert np.allclose(feature_dimensionality(Q @ np.asarray(W, dtype=float) * 1.7), expected)


# ---------------------------------------------------------------- recognition

@pytest.mark.parametrize("W,name", [
    (antipodal_pair(exact=False), "antipodal pair"), (regular_polygon(3), "triangle"),
    (regular_polygon(5), "pentagon"), (regular_polygon(6), "hexagon"),
    (tetrahedron().astype(float), "tetrahedron"), (square_antiprism(), "square antiprism"),
    (square_antiprism(0.52), "square antiprism")])
def test_recognise_rotated_perturbed_polytopes(W, name):
    rng = np.random.default_rng(3)
    A = perturb(W * 0.9, 0.01, seed=2, rotate=True)[:, rng.permutation(W.shape[1])]
    assert identify_summand(A) == name
    assert recognize_configuration(A).name == name


@pytest.mark.parametrize("blocks,name", [
    ([regular_polygon(3), antipodal_pair()], "triangular bipyramid"),
    ([regular_polygon(5), antipodal_pair()], "pentagonal bipyramid"),
    ([antipodal_pair()] * 3, "octahedron"),
    ([tetrahedron(), regular_polygon(5)], "tetrahedron ⊕ pentagon")])
def test_recognise_tegum_products(blocks, name):
    W = perturb(direct_sum(*blocks), 1e-3, seed=0, rotate=True)
    rec = recognize_configuration(W)
    assert rec.name == name
    assert len(rec.summand_names) == len(blocks)


def test_recognition_rejects_other_configurations():
    rng = np.random.default_rng(0)
    t = np.sort(rng.uniform(0, 2 * np.pi, 5))
    irregular = np.vstack([np.cos(t), np.sin(t)])
    assert identify_summand(irregular) is None
    squashed = tetrahedron().astype(float) * np.array([[1.0], [1.0], [0.6]])
    assert identify_summand(squashed) is None
    assert identify_summand(regular_polygon(5) * np.array([1, 1, 1, 1, 2.0])) is None
    cube = np.array([[x, y, z] for x in (1, -1) for y in (1, -1) for z in (1, -1)], dtype=float).T
    assert identify_summand(cube) is None          # a square prism, not an antiprism
    assert "unrecognised" in recognize_configuration(irregular).name


def test_cayley_rotation_is_exactly_orthogonal():
    Q = cayley_rotation(5, seed=3)
    assert (Q.T.dot(Q) == np.eye(5, dtype=int)).all()
    assert any(x.denominator > 1 for x in Q.ravel())
