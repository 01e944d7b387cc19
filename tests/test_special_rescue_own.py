"""special_metric_rescue when the generic metric's trace test fails as well: its run solves another system (another
metric Q_g, another p0), so the caller's own run is kept (trace test still not passed, completeness note set);
before, the generic run's points were handed on as critical points of the special metric's family (found by
the voronoi route: every path of dense 3-1-1-1 r=2, Frobenius, seed 0 then started off its system)."""

from dataclasses import replace

import numpy as np

import algnet.analyses.critical.solve as solve_mod
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.posdim import residuals
from algnet.analyses.critical.special import special_metric_rescue
from algnet.analyses.critical.system import gradient_family


def test_failed_generic_trace_keeps_the_own_run(monkeypatch):
    net, L, rng = network_and_loss("linear 2-1-2", "frobenius", seed=0)
    fam = gradient_family(net, L, rng, 3)
    res, p0, tr = solve_mod.solve_slice(fam, rng)
    assert tr is not None and tr.passed
    own = (res, p0, replace(tr, passed=False))            # as if the Frobenius run's trace test had failed
    real = solve_mod.solve_slice

    def generic_fails(f, r, **kw):                         # the generic metric's run: its trace test fails too
        a, b, t = real(f, r, **kw)
        return a, b, replace(t, passed=False)
    monkeypatch.setattr(solve_mod, "solve_slice", generic_fails)
    got = special_metric_rescue(fam, np.random.default_rng(1), *own)
    assert got[0] is res and got[1] is p0 and not got[2].passed
    assert "NOT passed on the generic metric" in fam.completeness_note
    assert np.max(residuals(fam, got[0].solutions, got[1])) < 1e-8  # critical points of fam's own system at p0
