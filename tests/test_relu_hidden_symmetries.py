"""Hidden symmetries (Grigsby-Lindsey-Rolnick): known cases, the sweep through the registry, the plot."""

import pytest

from algnet import parse_spec
from algnet.relu.catalog import ReluResult
from algnet.relu.hidden_symmetries import (hidden_symmetries, hidden_symmetry_fractions, hidden_symmetry_specs,
                                           plot_hidden_symmetries)


def test_one_hidden_layer_generic_weights_have_none():
    """One hidden layer, distinct non-parallel bent lines, nonzero output weights: FD = D' (every neuron's line
    and slope change are visible), so no hidden symmetries -- decided exactly from the whole partition."""
    for s in range(4):
        d = hidden_symmetries("relu 2-4-1", seed=s, method="decisive").as_dict()
        assert d["no_hidden_symmetries"] is True and d["batch_fd"] == d["bound"] == 13


def test_a_dead_neuron_is_a_hidden_symmetry(monkeypatch):
    """Layer-2 neuron with negative weights and bias after ReLU outputs (>= 0): dead everywhere, so its outgoing
    weight and incoming weights are invisible: FD < D' (proved by the decisive set)."""
    from algnet.relu.functional import functional_dimension

    net = parse_spec("relu 2-2-2-1")
    theta = [1, 0, 0, 1, 0, 0,   -1, -1, 1, 1, -1, "1/2",   1, 1, 0]
    fd = functional_dimension(net, theta)
    assert fd.certified and fd.functional_dimension < net.dimension_bound


def test_sweep_through_the_registry_and_plot(tmp_path):
    from algnet.sweep import load_results, run_sweep

    specs = hidden_symmetry_specs((2,), (3, 6), (1, 2))
    db = tmp_path / "hs.sqlite"
    r = run_sweep("hidden_symmetries", specs, "0..3", db, show_progress=False)
    assert r.ok and r.done == 16
    rows = load_results(db)
    fr = hidden_symmetry_fractions(rows)
    assert set(fr) == {(2, 3, 1), (2, 6, 1), (2, 3, 2), (2, 6, 2)} and all(n == 4 for _, n in fr.values())
    for row in rows:                                  # a True is a proof: the batch rank reached D'
        assert (row["no_hidden_symmetries"] is True) == (row["batch_fd"] == row["bound"])
    import matplotlib

    matplotlib.use("Agg")
    out = tmp_path / "hs.png"
    plot_hidden_symmetries(str(db), out)
    assert out.stat().st_size > 1000
    assert isinstance(hidden_symmetries("relu 3-4-1", seed=0), ReluResult)


@pytest.mark.slow
def test_qualitative_claims_at_scale(tmp_path):
    """|Z| = 2 D', He-normal weights, widths 5 and 10, depths 3 and 6, input dimensions 5 and 10, 8 networks each
    (thousands in the paper): the fraction proved free of hidden symmetries grows with the input dimension and
    falls with depth (Grigsby-Lindsey-Rolnick)."""
    rows = [hidden_symmetries(s, seed=k).as_dict() for s in hidden_symmetry_specs((5, 10), (5, 10), (3, 6))
            for k in range(8)]
    fr = hidden_symmetry_fractions(rows)
    for w in (5, 10):
        for d in (3, 6):
            assert fr[(10, w, d)][0] >= fr[(5, w, d)][0]
        for n0 in (5, 10):
            assert fr[(n0, w, 3)][0] >= fr[(n0, w, 6)][0]
    plot_hidden_symmetries(rows, tmp_path / "hs.png")


def test_glr_protocol_normal_inputs():
    """Grigsby-Lindsey-Rolnick's protocol (input dim = width, Z standard normal): one hidden layer with generic
    weights has FD = D' (GLMW), so enough points prove there are no hidden symmetries. (|Z| = 2 D' = 26 is not
    always enough: 3 generic planes cut R^3 into 8 regions, and a decisive set needs 4 points in each.)"""
    from algnet.relu.hidden_symmetries import glr_specs

    assert glr_specs((3,), (2,)) == ["relu 3-3-1"]
    for s in range(4):
        d = hidden_symmetries("relu 3-3-1", seed=s, inputs="normal", batch_factor=20).as_dict()
        assert d["no_hidden_symmetries"] is True and d["batch_fd"] == d["bound"] == 13 and d["points"] == 260
    with pytest.raises(Exception):
        hidden_symmetries("relu 3-3-1", seed=0, inputs="uniform")
