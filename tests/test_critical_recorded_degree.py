"""The parameter degree a structure record holds (algnet.analyses.critical.structure_store, warm, estimate): a
process that loads the structure takes the size estimate's degree bound from the record instead of computing it.

Truth (by hand): linear 2-1-2's outputs W2 W1 x have degree 2 in the parameters; dense 2-1-1 r=3's outputs
W2 (W1 x)^3 degree 1 + 3 = 4. The estimate's Bezout number is (2 D - 1)^dim M (dim M: 3 and 2, the Segre and
Veronese dimensions); the counts are the Chern-class values 6 and 7 (THEOREMS.md section 8).
"""

import pytest

from algnet import parse_spec
from algnet.analyses import witness
from algnet.analyses.critical import ed_degree, estimate, structure_store, warm
from algnet.analyses.critical.chern import segre_veronese_ged

CASES = [("linear 2-1-2", 2, 3, segre_veronese_ged([1, 1], [1, 1])),      # D, dim M, ED degree 6
         ("dense 2-1-1 r=3", 4, 2, segre_veronese_ged([1], [3]))]         # 7


def _new_process():
    """Forget what a process keeps (solved structures, remembered shapes and degrees): only the file remains."""
    warm.clear_cache()
    witness._MATCHED.clear()
    for memo in (estimate._SHAPES, estimate._DEGREES, estimate._ROUTES):
        memo.clear()


@pytest.fixture
def degree_calls(monkeypatch):
    """The networks whose parameter degree is computed (the estimate's and the family's bound)."""
    calls = []
    real = estimate.remembered_parameter_degree

    def spy(net):
        calls.append(str(net.spec))
        return real(net)

    monkeypatch.setattr(estimate, "remembered_parameter_degree", spy)
    return calls


def _stored_twice(spec):
    """The structure solved and written (seed 1), then loaded once (seed 2: its tapes written)."""
    for seed in (1, 2):
        _new_process()
        ed_degree(spec, metric="generic", seed=seed)
    _new_process()


def _entry(root):
    (path,) = [p for p in root.glob("*.struct")]
    return path


@pytest.mark.parametrize("spec, D, dim, truth", CASES)
def test_a_loaded_structure_s_estimate_takes_the_recorded_degree(structure_store_dir, degree_calls, spec, D, dim,
                                                                 truth):
    _stored_twice(spec)
    rec, why = structure_store.read(structure_store.key_of(parse_spec(spec), "generic", warm.STRUCTURE_SEED))
    assert why == "found" and rec.meta["degree"] == D
    degree_calls.clear()
    est = estimate.critical_estimate(parse_spec(spec), "generic", classify=False)
    assert est.route == warm.ROUTE and est.points == truth
    assert est.bezout == float((2 * D - 1) ** dim) and degree_calls == []       # the record's, not computed
    r = ed_degree(spec, metric="generic", seed=0)
    assert r.ed_degree == truth == r.critical.certified_distinct and r.critical.complete
    assert "its tapes loaded and checked" in r.critical.completeness and degree_calls == []


@pytest.mark.parametrize("recorded", [None, 0, -3, True, "4", 2.0])
def test_a_record_without_a_usable_degree_has_it_computed(structure_store_dir, degree_calls, recorded):
    spec, D, dim, truth = CASES[1]
    _stored_twice(spec)
    net = parse_spec(spec)
    key = structure_store.key_of(net, "generic", warm.STRUCTURE_SEED)
    rec, _ = structure_store.read(key)
    meta = {k: v for k, v in rec.meta.items() if k not in ("degree", "key")}
    if recorded is not None:
        meta["degree"] = recorded
    assert structure_store.write(key, meta, rec.arrays) == "written"
    degree_calls.clear()
    est = estimate.critical_estimate(net, "generic", classify=False)
    assert est.route == warm.ROUTE and est.bezout == float((2 * D - 1) ** dim)
    assert degree_calls and set(degree_calls) == {spec}      # computed (the bound of the family, the estimate)
    r = ed_degree(spec, metric="generic", seed=0)
    assert r.ed_degree == truth == r.critical.certified_distinct and r.critical.complete
    assert "its tapes loaded and checked" in r.critical.completeness
