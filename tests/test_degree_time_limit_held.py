"""A degree run allowed under a time limit is held to it after the guard: every step (here the certification)
stops at the limit and the count comes back as a lower bound, never as a full claim; kernels that are not compiled
yet and whose compilation would not fit are refused before anything runs; a strided convolution (no degree theorem
applies) gets a refusal that says its estimate, not the theorem's NotApplicableError."""

import time

import pytest

from algnet import degree, parse_spec
from algnet.errors import TooLargeError


def _warm():
    # compiles the homotopy kernels once when this machine has not yet (no time limit: nothing to check)
    degree("linear 2-1-2", method="monodromy", seed=0, confirm=False)


def test_certification_stops_at_the_limit(monkeypatch):
    """2x2 matrices of rank <= 1: degree 2 (det = 0). The certification is made to take 20 s; with a 3-s limit the
    run stops near 3 s with the 2 points as a lower bound (partial), not the full certified claim."""
    _warm()
    import importlib

    certify_module = importlib.import_module("algnet.homotopy.certify")     # (the package exports the function)
    real = certify_module.certify

    slept = []

    def slow(*args, **kwargs):
        t = time.perf_counter()
        try:
            time.sleep(20)      # wall time passes, CPU time does not (the machine's load does not stretch it)
        finally:
            slept.append(time.perf_counter() - t)
        return real(*args, **kwargs)

    monkeypatch.setattr(certify_module, "certify", slow)
    import algnet.analyses.critical.guarded_run as guarded_run

    # the run repeats the warm-up's path: nothing is left to compile (the compile check is tested below)
    monkeypatch.setattr(guarded_run, "compile_estimate", lambda kernels=None: (0.0, ()))
    t = time.process_time()
    r = degree("linear 2-1-2", method="monodromy", seed=0, time_limit=3.0, confirm=False)
    cpu = time.process_time() - t
    # the 20-s certification is cut short at the 3-s limit (2 s of slack for the signal's delivery under load),
    # and the rest of the run is cheap (CPU time)
    assert len(slept) == 1 and slept[0] < 3.0 + 2.0, slept
    assert cpu < 10.0, f"the run spent {cpu:.1f} CPU s under a 3-s limit"
    assert r.partial and "time limit" in r.stop_reason and "certification" in r.stop_reason
    assert r.certified is None and r.degree <= 2 and r.evidence.as_dict()["partial"]
    assert "deg M >=" in r.evidence.proves          # a lower bound, said so


def test_uncompiled_kernels_refused_under_a_limit(monkeypatch):
    """A cold kernel cache whose compilation (63 CPU s measured for the batched tracker) exceeds the limit: refused
    up front with the compilation estimate (a compilation cannot be interrupted)."""
    import algnet.analyses.critical.guarded_run as guarded_run

    monkeypatch.setattr(guarded_run, "compile_estimate", lambda kernels=None: (63.4, ("advance_batched",)))
    with pytest.raises(TooLargeError) as e:
        degree("linear 2-1-2", method="monodromy", seed=0, time_limit=5.0, confirm=False)
    assert "compil" in str(e.value) and "advance_batched" in str(e.value)
    assert "without a time limit" in e.value.hint


def test_routes_of_a_strided_convolution():
    """The convolutional degree theorem is for stride 1 (conv.expected_degree raises NotApplicableError): the
    cheaper routes of a refusal skip it instead of letting that error out."""
    from algnet.analyses.routes_estimate import degree_route, degree_routes, theorem_degree

    net = parse_spec("conv k=2,2,2 s=2,2,1 r=2")
    assert theorem_degree(net) is None
    assert "formula" not in (degree_route(net) or "")
    assert "formula" not in degree_routes(net, seconds=1591.0, time_limit=900.0)


def test_ed_degree_refusal_of_a_strided_convolution_says_the_estimate():
    """The refusal is the estimate above the limit (the ED degree of a strided conv takes minutes), and its hint
    names no theorem's degree."""
    from algnet.analyses.critical import ed_degree

    with pytest.raises(TooLargeError) as e:
        ed_degree("conv k=2,2,2 s=2,2,1 r=2", metric="generic", seed=0, time_limit=1.0)
    assert "above the time limit" in str(e.value)
    assert "formula" not in e.value.hint
