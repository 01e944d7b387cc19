"""The small routes' homotopy with fewer than 16 paths runs by :func:`algnet.homotopy.few_paths.track_few` (the
compiled tracker's kernel calls without its objects, :func:`algnet.analyses.critical.total_degree._run`): the
endpoints, statuses and condition numbers must be those of the tracker itself, bit for bit (the second method here:
the same homotopy tracked by :func:`algnet.homotopy.tracker.track` with the tracker's objects)."""

import numpy as np
import pytest

from algnet.analyses.critical import total_degree
from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.multihom import layered_family, layered_plan, multihomogeneous_solve


def _solve(spec, dim, seed):
    net, L, rng = network_and_loss(spec, "generic", seed=seed)
    plan = layered_plan(net, dim)
    fam = layered_family(net, L, rng, dim, plan)
    return multihomogeneous_solve(fam, plan, np.random.default_rng(seed))


@pytest.mark.parametrize("spec, dim, tracked", [("linear 2-1-2", 3, 9), ("dense 2-1-1 r=3", 2, 7)])
def test_few_paths_give_the_trackers_endpoints(monkeypatch, spec, dim, tracked):
    calls = []
    real = total_degree._run

    def spy(H, P0, P1, X0, retry=True):
        out = real(H, P0, P1, X0, retry)
        calls.append(out)
        return out

    monkeypatch.setattr(total_degree, "_run", spy)
    import algnet.analyses.critical.multihom_solve as ms

    monkeypatch.setattr(ms, "_run", spy)
    import algnet.homotopy.few_paths as fp

    few_calls = []
    real_few = fp.track_few
    monkeypatch.setattr(fp, "track_few", lambda *a, **kw: few_calls.append(1) or real_few(*a, **kw))
    for seed in (0, 3):
        few_calls.clear()
        few = _solve(spec, dim, seed)
        with monkeypatch.context() as m:
            m.setattr(total_degree, "_FEW_PATHS", 0)        # every path by the tracker
            whole = _solve(spec, dim, seed)
        assert few.tracked == whole.tracked == tracked
        assert len(few_calls) == 1          # the first solve by track_few, the second by the tracker
        a, b = calls[-2], calls[-1]
        assert np.array_equal(a[0], b[0])                    # endpoints, bit for bit
        assert list(a[1]) == list(b[1]) and a[2:4] == b[2:4]    # statuses, paths, partial
        assert np.array_equal(a[4], b[4], equal_nan=True)       # condition numbers
        assert np.array_equal(few.solutions, whole.solutions) and few.excluded == whole.excluded
