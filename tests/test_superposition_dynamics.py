"""Structured data (correlated / anti-correlated groups), recorded trajectories and their pictures.

Truths used: the laws of the generators (marginals 1 − S, equal activity inside
a correlated group, at most one active feature in an anti-correlated group,
independence across groups, uniform values), hand-made trajectories with a
known formation step, bit-identical reruns with one seed, and the observation of
J. Pfeifle's talk "Toy models of superposition" (2022) for two correlated triples
in R³ (an octahedron whose antipodal pairs join features of different sets).
"""

import os

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from algnet.errors import ParameterError
from algnet.superposition import train_toy_model
from algnet.superposition.data import FeatureStructure, parse_group_sizes, structured_data
from algnet.superposition.dynamics import Trajectory, load_trajectory
from algnet.superposition.plot import animate_trajectory, check_figure_path, plot_features, plot_trajectory
from algnet.superposition.polytopes import octahedron


def test_generator_statistics():
    S, N = 0.85, 200000
    fs = FeatureStructure(10, correlated=(3, 2), anticorrelated=(3,))
    X = fs.sample(N, S, seed=7)
    A = X > 0
    se = 4 * np.sqrt(S * (1 - S) / N)
    assert np.all(np.abs(A.mean(axis=0) - (1 - S)) < se)                 # every marginal is 1 - S
    assert (A[:, 0] == A[:, 1]).all() and (A[:, 1] == A[:, 2]).all()    # correlated: together
    assert (A[:, 3] == A[:, 4]).all()
    assert A[:, 5:8].sum(axis=1).max() == 1                              # anti-correlated: at most one
    assert abs(A[:, 5:8].any(axis=1).mean() - 3 * (1 - S)) < 4 * np.sqrt(0.45 * 0.55 / N)
    for i, j in ((0, 3), (0, 5), (3, 8), (8, 9), (5, 9)):                # independent across groups
        assert abs((A[:, i] & A[:, j]).mean() - (1 - S) ** 2) < 4 * np.sqrt((1 - S) ** 2 / N)
    vals = X[A]
    assert abs(vals.mean() - 0.5) < 0.01 and abs(vals.var() - 1 / 12) < 0.005


def test_generator_reproducible_and_errors():
    a = structured_data(6, 100, 0.9, correlated="3,3", seed=1)
    assert (a == structured_data(6, 100, 0.9, correlated=(3, 3), seed=1)).all()
    assert not (a == structured_data(6, 100, 0.9, correlated=(3, 3), seed=2)).all()
    assert parse_group_sizes("2, 2,2") == (2, 2, 2)
    with pytest.raises(ParameterError, match="--correlated"):
        parse_group_sizes("3,x")
    with pytest.raises(ParameterError, match="at least 2"):
        FeatureStructure(4, correlated=(1,))
    with pytest.raises(ParameterError, match="raise --n"):
        FeatureStructure(4, correlated=(3, 3))
    with pytest.raises(ParameterError, match="--sparsity"):
        FeatureStructure(4, anticorrelated=(4,)).sample(10, 0.5)        # 4 * 0.5 > 1


def test_trajectories_reproducible_with_a_seed(tmp_path):
    fs = FeatureStructure(6, correlated=(3, 3))
    r1 = train_toy_model(6, 3, sparsity=0.9, steps=120, seed=5, record=40, data=fs)
    r2 = train_toy_model(6, 3, sparsity=0.9, steps=120, seed=5, record=40, data=fs)
    r3 = train_toy_model(6, 3, sparsity=0.9, steps=120, seed=6, record=40, data=fs)
    t1, t2 = r1.trajectory, r2.trajectory
    assert t1.steps.tolist() == [0, 40, 80, 120]
    assert (t1.W == t2.W).all() and (t1.b == t2.b).all() and (t1.loss1 == t2.loss1).all()
    assert not np.allclose(t1.W[-1], r3.trajectory.W[-1])
    assert (t1.W[-1] == r1.model.W).all()
    assert t1.group_labels.tolist() == [0, 0, 0, 1, 1, 1] and t1.seed == 5
    f = tmp_path / "t.npz"
    t1.save(f)
    t = load_trajectory(f)
    assert (t.W == t1.W).all() and t.group_kinds == ("correlated", "correlated") and t.seed == 5
    # recording does not change training
    plain = train_toy_model(6, 3, sparsity=0.9, steps=120, seed=5, data=fs)
    assert (plain.model.W == r1.model.W).all()
    r = train_toy_model(5, 2, sparsity=0.9, steps=30, seed=0, record=[0, 7, 30])
    assert r.trajectory.steps.tolist() == [0, 7, 30]
    with pytest.raises(ParameterError):
        load_trajectory(tmp_path / "missing.npz")


def test_formation_steps_of_a_hand_made_trajectory():
    # R^3, w_2 = e1 and w_3 = -e2 fixed; w_0 reaches -e1 at step 20 (w_1 = e3 is alone then),
    # w_1 reaches e2 at step 30: summand {0, 2} forms at 20, {1, 3} at 30
    e1, e2, e3 = np.eye(3)
    a, c = np.array([0.5, 0.5, 0.7]), np.array([0.5, 0.5, -0.7])
    cols = [(a, c), (0.3 * a - e1, c), (-e1, e3), (-e1, e2), (-e1, e2)]
    snaps = [np.column_stack([w0, w1, e1, -e2]) for w0, w1 in cols]
    T = Trajectory(np.array([0, 10, 20, 30, 40]), np.stack(snaps), np.zeros((5, 4)), np.zeros(5), np.zeros(5),
                   np.ones(4), -np.ones(4, dtype=int))
    assert T.formation_steps() == {(0, 2): 20, (1, 3): 30}
    assert T.names()[-1] == "square"       # two orthogonal antipodal pairs (a square in a plane of R^3)


def test_correlated_triples_form_an_octahedron():
    # Pfeifle's talk: correlated sets expand into triangles (tips of an orthonormal triple), which rotate into
    # an antiprism = octahedron whose antipodal pairs join features of different sets
    # (measured: seeds 0-5, 2500 steps, all octahedra with pairs across the sets at tolerance 0.2)
    fs = FeatureStructure(6, correlated=(3, 3))
    r = train_toy_model(6, 3, sparsity=0.9, steps=2500, seed=0, record=250, data=fs)
    W = r.model.W
    C = (W.T @ W) / np.outer(np.linalg.norm(W, axis=0), np.linalg.norm(W, axis=0))
    assert np.abs(C[:3, :3] - np.eye(3)).max() < 0.1 and np.abs(C[3:, 3:] - np.eye(3)).max() < 0.1
    assert np.allclose(np.sort(C[:3, 3:].min(axis=1)), -1, atol=0.05)
    assert r.trajectory.names()[-1] == "octahedron"
    formed = r.trajectory.formation_steps()
    assert all(len(s) == 2 and (s[0] < 3) != (s[1] < 3) for s in formed)


def test_pictures_have_equal_axes_and_paths_are_checked(tmp_path):
    fig = plot_features(octahedron())
    ax = fig.axes[0]
    assert ax.get_xlim() == ax.get_ylim() == ax.get_zlim()
    assert np.allclose(ax.get_box_aspect() / ax.get_box_aspect()[0], 1)
    t = train_toy_model(6, 3, sparsity=0.9, steps=30, seed=0, record=10,
                        data=FeatureStructure(6, correlated=(3, 3))).trajectory
    fig = plot_trajectory(t)
    ax3 = fig.axes[1]
    assert ax3.get_xlim() == ax3.get_ylim() == ax3.get_zlim()
    out = animate_trajectory(t, str(tmp_path / "a.gif"))
    assert os.path.getsize(out) > 0
    with pytest.raises(ParameterError, match="unknown file type"):
        check_figure_path(tmp_path / "x.xyz")
    with pytest.raises(ParameterError, match="does not exist"):
        check_figure_path("/missing/dir/x.png")
    from matplotlib import animation

    if not animation.FFMpegWriter.isAvailable():
        with pytest.raises(ParameterError, match="ffmpeg"):
            animate_trajectory(t, str(tmp_path / "a.mp4"))


def test_recorded_loss_terms_add_up():
    from algnet.superposition.loss1 import loss1

    t = train_toy_model(5, 2, sparsity=0.9, steps=40, seed=2, record=20).trajectory
    assert np.allclose(t.reconstruction + t.interference, t.loss1)
    assert t.loss1[-1] == pytest.approx(float(loss1(t.W[-1], t.b[-1], exact=False)))
    d = t.as_dict()
    assert d["seed"] == 2 and d["certified"] is False and len(d["interference"]) == 3
