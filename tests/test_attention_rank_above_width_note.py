"""An attention rank a above its layer's input width d adds nothing (K^T Q, d x d, has rank at most d, and a = d
reaches every d x d matrix): the network says so in a one-line note, and its dimension is that of a = d. Truth: the
rank bound (hand), and Henry-Marchetti-Kohn's count for a = d = 2, t = 2: dim 7."""

import logging

from algnet import parse_spec
from algnet.analyses.dimension import dimension
from algnet.architectures import attention


def test_rank_above_width_is_noted(caplog, monkeypatch):
    monkeypatch.setattr(attention, "_NOTED", set())     # logged once per process: another test may have built it
    with caplog.at_level(logging.WARNING, logger="algnet"):
        net = parse_spec("attention d=2 a=3 t=2")
    assert "a=3 > d=2 adds nothing" in net.note and "same neuromanifold as a=2" in net.note
    assert sum("a=3 > d=2" in r.getMessage() for r in caplog.records) == 1
    assert dimension(net, seed=0).dimension == dimension(parse_spec("attention d=2 a=2 t=2"), seed=0).dimension == 7


def test_rank_within_width_has_no_note():
    assert parse_spec("attention d=2 a=2 t=2").note == ""
    assert "layer 2" in parse_spec("attention d=4,3,3 a=2,4 t=2").note
