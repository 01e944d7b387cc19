"""The circle sizes of a stored structure's Cauchy-formula Hessians (algnet.analyses.critical.structure_store, warm):
a loaded structure takes them from its record instead of computing the coordinate degrees again, and only once its
tapes pass their identity check with this process's program. Truth: the Chern-class values of THEOREMS.md section 8
(linear 2-1-2: 6, dense 2-1-1 r=3: 7, conv k=2,2 r=2: 14; computed independently of any homotopy) and the circle
sizes computed from the network's program in this process (:meth:`GradientFamily.circle_sizes`)."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, structure_store as store, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.small import remembered_dimension

CASES = [("linear 2-1-2", segre_veronese_ged([1, 1], [1, 1])),
         ("dense 2-1-1 r=3", segre_veronese_ged([1], [3])),
         ("conv k=2,2 r=2", segre_veronese_ged([1, 1], [2, 1]))]
LOADED = "its tapes loaded and checked"


def _entry(net):
    return store.entry_path(store._store_key(net, "generic", warm.STRUCTURE_SEED))


def _count(net, seed):
    warm.clear_cache()          # as in a new process: only the file remains
    c = ed_degree(net, metric="generic", seed=seed).critical
    return c


def _loaded_family(net):
    return warm.warm_start(net, "generic", remembered_dimension(net, 0)).fam


@pytest.mark.parametrize("spec, truth", CASES)
def test_recorded_circle_sizes_are_the_computed_ones(structure_store_dir, spec, truth):
    net = parse_spec(spec)
    for seed in (0, 1):         # solved and written; then the first load (tapes recorded and written)
        assert _count(net, seed).certified_distinct == truth
    meta, arrays = store.load_record(_entry(net).read_bytes())
    for seed in (2, 3):         # loads with the tapes: the circle sizes from the record
        c = _count(net, seed)
        assert c.generic_pure_images == c.certified_distinct == c.certified == truth and c.complete
        assert LOADED in c.completeness
        fam = _loaded_family(net)
        assert fam.circles_recorded and np.array_equal(fam.M, arrays["fam.M"])
        assert np.array_equal(fam.M, fam.circle_sizes())          # what this process computes from the program
        full = ed_degree(net, metric="generic", seed=seed, method="multihomogeneous", cache=False)
        assert full.ed_degree == truth == full.critical.certified_distinct and full.critical.complete
        # the trace test passed, or every tracked path ended at a point of its own (small.every_path_counted)
        assert full.critical.trace_test_passed or "no trace test" in full.critical.completeness


def test_too_small_recorded_circles_fail_the_tape_check_and_are_computed(structure_store_dir):
    """dense 2-1-1 r=4 (the Veronese curve v_4(P^1): 3 d - 2 = 10) has degree above 2 along its slice directions:
    circles of 2 points alias the Hessian (the numpy reference of the exact tape's check; checked below), the check
    fails, the circle sizes are computed from the program and the points re-certified, and the record is rewritten
    with them; the count is the theorem's either way."""
    net = parse_spec("dense 2-1-1 r=4")
    truth = segre_veronese_ged([1], [4])
    assert truth == 3 * 4 - 2
    for seed in (0, 1):
        assert _count(net, seed).certified_distinct == truth
    meta, arrays = store.load_record(_entry(net).read_bytes())
    good = arrays["fam.M"].copy()
    fam = _loaded_family(net)
    x = np.array([[0.3 + 0.1j, -0.7 + 0.2j]])
    H = fam.evaluate(x, fam.loss.u)[1]
    fam.M = np.full_like(good, 2)
    assert np.max(np.abs(fam.evaluate(x, fam.loss.u)[1] - H)) > 1e-3 * np.max(np.abs(H))     # aliased
    arrays["fam.M"] = np.full_like(good, 2)
    _entry(net).write_bytes(store.dump_record(meta, arrays))       # consistently: its checksum recomputed
    c = _count(net, 4)
    assert c.generic_pure_images == c.certified_distinct == truth and c.complete
    assert LOADED not in c.completeness and "its points re-certified here" in c.completeness
    fam = _loaded_family(net)
    assert np.array_equal(fam.M, good) and np.array_equal(fam.M, fam.circle_sizes())
    assert np.array_equal(store.load_record(_entry(net).read_bytes())[1]["fam.M"], good)    # rewritten
    c = _count(net, 5)
    assert c.certified_distinct == truth and LOADED in c.completeness
