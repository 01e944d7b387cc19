"""Results reproducible from their seed whatever the threads and the load (issue 16): the groups of each kernel
call of the compiled tracker depend only on the paths under way (algnet.homotopy.path_groups), so the paths
that stop at each call, and so monodromy's decisions, are those of one thread."""

from dataclasses import replace

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.degree_monodromy import degree_options


def _degree(spec, seed, threads):
    net = parse_spec(spec)
    opt = degree_options(net)
    opt = replace(opt, tracker=replace(opt.tracker, threads=threads))
    return degree(spec, method="monodromy", seed=seed, options=opt, certify=False, fiber=False)


@pytest.mark.parametrize("spec, seed", [("linear 3-1-3", 0), ("dense 3-2-2 r=2", 1), ("conv k=2,3 r=2", 2)])
def test_monodromy_paths_and_points_do_not_depend_on_the_threads(spec, seed):
    # the known degrees (determinantal 6, the convolutional formula 6, and 15, issue 16's table, confirmed there by
    # NumericalImplicitization) either way, and the same run: paths, loops and the witness points bit for bit
    a, b, c = (_degree(spec, seed, k) for k in (1, 2, 3))
    assert a.degree == b.degree == c.degree == {"linear 3-1-3": 6, "dense 3-2-2 r=2": 15, "conv k=2,3 r=2": 6}[spec]
    assert a.paths == b.paths == c.paths and a.loops == b.loops == c.loops
    assert np.array_equal(a.witness_function, b.witness_function)
    assert np.array_equal(a.witness_function, c.witness_function)


def test_default_threads_follow_the_load_but_not_the_result(monkeypatch):
    # threads=0 decides per call from the load (here: a busy machine, then an idle one); the run is the same
    from algnet.homotopy import tracker_options

    monkeypatch.setattr(tracker_options, "usable_cores", lambda: 2)
    runs = []
    for others in (3.0, 0.0):
        monkeypatch.setattr(tracker_options, "other_load", lambda o=others: o)
        runs.append(_degree("dense 3-2-2 r=2", 0, 0))
    a, b = runs
    assert a.degree == b.degree == 15 and a.paths == b.paths
    assert np.array_equal(a.witness_function, b.witness_function)
