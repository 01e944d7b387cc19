"""Ctrl-C during the Krawczyk certification of the monodromy fiber count: the count is kept, marked partial (a
lower bound) with the reason; before 2026-12-05 the Ctrl-C was swallowed and the count returned as complete with
0 points certified."""

import importlib

from algnet.analyses.fibers_homotopy import homotopy_fiber_count
from algnet.architectures.polymap import parametrization


def test_ctrl_c_in_the_certification_is_a_partial_count(monkeypatch):
    net = parametrization(["s^2", "s*t", "t^2"])      # a conic (two image points in a slice, an informative trace test)
    whole = homotopy_fiber_count(net, [2, 3], (), 2, seed=0)
    assert whole.count == 2 and whole.certified == 2 and whole.complete        # (s, t) and (-s, -t), both certified

    def cut(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module("algnet.homotopy.certify"), "certify", cut)
    r = homotopy_fiber_count(net, [2, 3], (), 2, seed=0)
    assert r.count == whole.count and r.certified == 0 and r.partial and not r.complete
    assert "Ctrl-C during the Krawczyk certification" in r.stop_reason
