"""Ctrl-C in steps that track paths for a probe or a partial set (the degree guard's pilot paths, the pilot's
warm-up and fresh loops, the monodromy solver's trace test, the symmetry images of a fiber): the tracker turns it
into a partial result, and the step must raise it on, not time or count on. Before 2026-12-04 a Ctrl-C during
the first compilation of ``algnet degree "dense 3-3-3 r=2"`` (the pilot's first path) was swallowed there and
the computation ran to its end (SIGINT at 8 CPU s, exit after 473 s wall)."""

import numpy as np
import pytest
from _cli import sigint

from algnet import parse_spec


@pytest.fixture
def ctrl_c_in_tracking(monkeypatch):
    """The next tracker's first step gets a Ctrl-C (a real SIGINT, under Python's default handler)."""
    import algnet.homotopy.tracker as T

    real = T.make_tracker
    fired = []

    def make(*args, **kwargs):
        P = real(*args, **kwargs)
        step = P.step

        def first_step():
            if not fired:
                fired.append(True)
                sigint()
            return step()
        P.step = first_step
        return P

    monkeypatch.setattr(T, "make_tracker", make)
    return fired


def test_the_tracker_keeps_a_ctrl_c_as_a_partial_result(ctrl_c_in_tracking):
    from algnet.homotopy.monodromy import example_family, track_parameters

    r = track_parameters(example_family("square").family, np.array([[1.0]]), [1.0], [4.0 + 0.5j])
    assert ctrl_c_in_tracking and r.partial and r.status == ("interrupted",)


def test_a_ctrl_c_in_a_pilot_path_stops_the_pilot(ctrl_c_in_tracking):
    from algnet.analyses.degree_estimate import _pilot

    with pytest.raises(KeyboardInterrupt):
        _pilot(parse_spec("linear 2-1-2"), 3, seed=0, paths=1)
    assert ctrl_c_in_tracking


def test_a_ctrl_c_in_a_trace_test_is_an_interrupt_not_a_failed_test(ctrl_c_in_tracking):
    from algnet.homotopy.monodromy import example_family, trace_test

    ex = example_family("square")
    with pytest.raises(KeyboardInterrupt):
        trace_test(ex.family, np.array([[1.0], [-1.0]]), np.array([1.0 + 0j]), seed=0)
    assert ctrl_c_in_tracking


def test_a_ctrl_c_while_carrying_the_symmetry_images_is_an_interrupt(ctrl_c_in_tracking):
    # was: the interrupted paths left out, and fewer fiber points returned as if complete
    from algnet.analyses.fibers import gauge_coordinates
    from algnet.analyses.fibers_homotopy import symmetry_fiber_points
    from algnet.analyses.network_input import finite_actions

    net = parse_spec("dense 2-2-2 r=2")
    th = [3, -2, 5, 7, 2, -3, 4, 1]
    with pytest.raises(KeyboardInterrupt):
        symmetry_fiber_points(net, th, gauge_coordinates(net, th), 6, 0, finite_actions(net)[0])
    assert ctrl_c_in_tracking
