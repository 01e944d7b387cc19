"""Orbit counts whose points per orbit come from loops of the pinned values are upper bounds, whatever counted the
slice points (exact over QQ, exact mod p, or complete by the trace test), and the evidence names what counted them.

Loops can miss a join (never make a false one), so a class of slice points joined by loops may be part of an orbit:
slice points / points per class is an upper bound on the orbits. With the known finite symmetries (order 1 here) a
lower bound, the two meet only when they are equal: "only known symmetries" is then True, otherwise unknown (None),
never False.
"""

from types import SimpleNamespace

import algnet.analyses.fibers_count as F
from algnet.analyses.fibers import identifiability

# f = C (h + (F h + c)^2), h = a.x + b: one orbit of the known symmetries meets the gauge slice in 4 points (the
# square's two roots times the two roots in the torus weight 2), the fiber one component
SPEC_2_1_2 = "layers Linear(2, 1, bias=True), Residual([Linear(1, 1, bias=True), Power(2)]), Linear(1, 2)"
SPEC_1_1_1 = "layers Linear(1, 1, bias=True), Residual([Linear(1, 1, bias=True), Power(2)]), Linear(1, 1)"


def _split_search(count, classes):
    """A monodromy search that found ``count`` slice points, passed its trace test, and whose loops joined them in
    ``classes`` (what a loop search that misses a join returns)."""
    def fake(*args, **kwargs):
        return SimpleNamespace(count=count, partial=False, slice_classes=classes, complete=True, certified=count,
                               warm_up_seconds=0.0, describe=lambda: "monodromy (a search whose loops missed a join)")
    return fake


def test_trace_test_count_with_split_classes_is_an_upper_bound(monkeypatch):
    monkeypatch.setattr(F, "homotopy_fiber_count", _split_search(4, (2, 2)))
    r = identifiability(SPEC_2_1_2, seed=0, method="homotopy")
    assert r.identifiable_up_to_dimension and r.finite_symmetry_order == 1 and r.trace_test_passed
    assert (r.fiber_count, r.points_per_orbit) == (2, 2)
    assert r.count_status == "upper bound"
    assert r.only_known_symmetries is None          # at most 2 orbits, at least 1: not known, never False
    proves = r.evidence.proves
    assert "at most" in proves and "trace test" in proves and "over QQ" not in proves
    assert "at least 2 per orbit" in r.count_method


def test_trace_test_count_with_one_class_meets_the_known_symmetries(monkeypatch):
    monkeypatch.setattr(F, "homotopy_fiber_count", _split_search(4, (4,)))
    r = identifiability(SPEC_2_1_2, seed=0, method="homotopy")
    assert (r.fiber_count, r.count_status, r.only_known_symmetries) == (1, "upper bound", True)


def test_mod_p_slice_count_is_named_mod_p():
    # one image point: the trace test says nothing, Groebner bases over GF(p) count the 4 slice points
    r = identifiability(SPEC_1_1_1, seed=3, method="homotopy")
    assert r.count_status == "upper bound" and r.fiber_count * r.points_per_orbit == 4
    assert r.modular_count == r.fiber_count and r.modular_primes
    proves = r.evidence.proves
    assert "GF(p)" in proves and "over QQ" not in proves
    assert f"at least {r.points_per_orbit} per orbit" in r.count_method
    assert r.only_known_symmetries is (True if r.fiber_count == 1 else None)
