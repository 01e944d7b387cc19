"""The toy model's training (and the command line's reading of the trained geometry) estimates the n x n arrays it
holds before it starts, and the decomposition into orthogonal summands works without a graph of n^2 edges."""

from __future__ import annotations

import tracemalloc

import networkx as nx
import numpy as np
import pytest

from algnet.errors import TooLargeError
from algnet.superposition import geometry
from algnet.superposition.estimates import training_estimate
from algnet.superposition.geometry import cosine_matrix, direct_sum_decomposition, interference_graph
from algnet.superposition.toy import train_toy_model


def test_training_refused_above_the_memory_limit(monkeypatch):
    # n = 2000 features: W^T W and the gradient's products are 2000 x 2000 arrays (32 MB each), far above 50 MB
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "50M")
    with pytest.raises(TooLargeError, match="2000 x 2000"):
        train_toy_model(2000, 50, steps=1, batch_size=4, seed=0)


def test_training_memory_estimate_covers_the_measured_peak():
    # the estimate against a measurement (tracemalloc's peak of a real training run): above it, not far above
    n, m = 1200, 40
    tracemalloc.start()
    try:
        train_toy_model(n, m, steps=2, batch_size=8, seed=0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    est = training_estimate(n, m, 2, 8)["memory"]
    assert peak <= est <= 3 * peak


def test_cli_refuses_before_training(monkeypatch, capsys):
    from algnet.cli import main

    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "50M")
    code = main(["superposition", "--n", "2000", "--m", "50", "--steps", "1", "--batch", "4"])
    err = capsys.readouterr().err
    assert code != 0 and "reading its geometry" in err and "2000 x 2000" in err


def test_float_decomposition_builds_no_graph_and_agrees_with_graph_components(monkeypatch):
    # second method: the connected components of interference_graph (networkx), computed before the patch
    rng = np.random.default_rng(3)
    cases = []
    for _ in range(40):
        m = int(rng.integers(2, 7))
        n = int(rng.integers(m + 1, 30))
        W = rng.normal(size=(m, n)) * (rng.random((m, n)) < 0.4)
        W[:, rng.random(n) < 0.2] *= 0.01
        tol = float(rng.choice([0.05, 0.1, 0.3]))
        g = interference_graph(W, tol=tol)
        comps = tuple(sorted((tuple(sorted(c)) for c in nx.connected_components(g)), key=lambda c: c[0]))
        C = np.abs(cosine_matrix(W))
        lab = {i: k for k, c in enumerate(comps) for i in c}
        cross = [C[i, j] for i in g.nodes for j in g.nodes if lab[i] != lab[j]]
        cases.append((W, tol, comps, max(cross) if cross else 0.0))

    def no_graph(*args, **kwargs):
        raise AssertionError("a graph of every non-orthogonal pair was built")

    monkeypatch.setattr(geometry, "interference_graph", no_graph)
    monkeypatch.setattr(geometry, "COSINE_BLOCK_ENTRIES", 40, raising=False)     # several blocks of rows
    for W, tol, comps, cross in cases:
        d = direct_sum_decomposition(W, tol=tol)
        assert d.summands == comps
        assert d.max_cross_cosine == pytest.approx(cross, abs=1e-12)


def test_exact_decomposition_unchanged():
    t = np.array([[1, 0, -1], [-1, 1, 0], [0, -1, 1]])       # a triangle in x + y + z = 0, and a segment
    W = np.zeros((4, 5), dtype=int)
    W[:3, :3] = t
    W[3, 3:] = [2, -2]
    d = direct_sum_decomposition(W)
    assert d.summands == ((0, 1, 2), (3, 4)) and d.dimensions == (2, 1) and d.certified
