"""The first count of a structure in a new process (algnet.analyses.critical.structure_store, tape_store, warm): the
loaded route's shortcuts give the counts of THEOREMS.md section 8 and the same certified images as the full route.

Truth: Eckart-Young (binom(2, 1) = 2) and the Chern-class formula of Segre-Veronese varieties (generic ED degrees 6,
7, 14, 22; linear 3-1-3: 39), computed independently of any homotopy. Shortcuts checked: the batched network program
confirmed by the stored exact tape's identity check instead of its own check against the per-path route (that check
still runs whenever the tape's check does not pass), and one numpy evaluation for the exact and image tapes' checks.
"""

from math import comb

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses import witness
from algnet.analyses.critical import ed_degree, tape_stamp, tape_store, warm
from algnet.analyses.critical.chern import segre_veronese_ged

CASES = [("linear 2-1-2", "generic", segre_veronese_ged([1, 1], [1, 1])),       # 6
         ("linear 2-1-2", "frobenius", comb(2, 1)),                             # 2
         ("dense 2-1-1 r=3", "generic", segre_veronese_ged([1], [3])),          # 7
         ("conv k=2,2 r=2", "generic", segre_veronese_ged([1, 1], [2, 1]))]     # 14
LARGER = [("conv k=2,3 r=2", "generic", segre_veronese_ged([1, 2], [2, 1])),    # 22
          ("linear 3-1-3", "generic", segre_veronese_ged([2, 2], [1, 1]))]      # 39


def _new_process():
    """Forget what a process keeps (the solved structures, the batched program's checks): only the file remains."""
    warm.clear_cache()
    witness._MATCHED.clear()


@pytest.fixture
def checks(monkeypatch):
    """Counts the batched program's own checks against the per-path route."""
    ran = []
    real = witness.NetworkValues._check

    def spy(self, T, key):
        ran.append(key)
        return real(self, T, key)

    monkeypatch.setattr(witness.NetworkValues, "_check", spy)
    return ran


def _loaded_count(spec, kind, seed):
    r = ed_degree(spec, metric=kind, seed=seed)
    return r.ed_degree, r.critical


def _images(c):
    return sorted(np.round(np.asarray(c), 6).tolist())


@pytest.mark.parametrize("spec, kind, truth", CASES + [pytest.param(*c, marks=pytest.mark.slow) for c in LARGER])
def test_loaded_structure_counts_with_the_tape_check_standing_for_the_program_check(structure_store_dir, checks, spec,
                                                                                     kind, truth):
    net = parse_spec(spec)
    n, c = _loaded_count(net, kind, 1)         # solved (empty store) and written
    # complete by the trace test, or (every tracked path at a point of its own: dense 2-1-1 r=3) by the path count
    assert n == truth and c.route == "multihomogeneous" and c.complete
    assert c.trace_test_passed or (c.trace_test_passed is None and "no trace test" in c.completeness)
    _new_process()
    n, c = _loaded_count(net, kind, 2)         # the entry's first load: points re-certified, tapes written
    assert n == truth == c.certified_distinct and "its points re-certified here" in c.completeness
    for seed in (0, 3):
        _new_process()
        checks.clear()
        n, c = _loaded_count(net, kind, seed)     # tapes loaded and checked: the shortcut
        assert n == truth == c.certified == c.certified_distinct and c.complete and not c.partial
        assert "its tapes loaded and checked" in c.completeness and c.route == "parameter homotopy"
        assert checks == []                        # the batched program confirmed by the exact tape's check
        w = warm._WARM[warm._key(net, kind)]
        assert w.fam.values.evaluator == "batched" and checks == []
        # the full route (a new slice, its own homotopy, trace test and certification) at the same seed: the same
        # certified critical images
        full = ed_degree(net, metric=kind, seed=seed, method="multihomogeneous", cache=False)
        assert full.ed_degree == truth == full.critical.certified_distinct and full.critical.complete
        assert full.critical.trace_test_passed or "no trace test" in full.critical.completeness


def test_a_failed_tape_check_leaves_the_program_check_pending(structure_store_dir, checks, monkeypatch):
    net = parse_spec("dense 2-1-1 r=3")
    assert _loaded_count(net, "generic", 1)[0] == 7
    _new_process()
    assert _loaded_count(net, "generic", 2)[0] == 7          # tapes written
    _new_process()
    checks.clear()
    monkeypatch.setattr(tape_store, "exact_tape_agrees", lambda *a, **k: False)
    monkeypatch.setattr(tape_stamp, "stamp_holds", lambda *a, **k: False)      # (else the record's stamp stands)
    n, c = _loaded_count(net, "generic", 0)
    assert n == 7 == c.certified_distinct and "its points re-certified here" in c.completeness
    # not confirmed: the batched program's own check is still pending, and runs before its first use
    w = warm._WARM[warm._key(net, "generic")]
    assert checks == [] and w.fam.values._pending is not None
    assert w.fam.values.evaluator == "batched" and len(checks) == 1


def test_the_deferred_program_check_catches_a_wrong_batched_program(monkeypatch):
    witness._MATCHED.clear()
    net = parse_spec("linear 2-3-2")
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(3, 2)) + 0j
    vals = witness.NetworkValues(net, Z, np.random.default_rng(1), defer_check=True)
    right = vals._batched

    def wrong(T):
        V, J = right(T)
        return V * 1.001, J
    monkeypatch.setattr(vals, "_batched", wrong)
    assert vals.evaluator == "per-path"        # the check ran on the first read and found the difference
    T = rng.normal(size=(2, net.n_params)) + 0j
    V, J = vals(T)
    Vp, Jp = vals._per_path(T)
    assert np.array_equal(V, Vp) and np.array_equal(J, Jp)
    # the same draws of the generator as the check made at construction (later draws unchanged)
    a, b = np.random.default_rng(1), np.random.default_rng(1)
    witness.NetworkValues(net, Z, a, defer_check=True)
    witness._MATCHED.clear()
    witness.NetworkValues(net, Z, b)
    assert a.normal() == b.normal()


def test_a_loaded_family_draws_nothing_for_its_count_and_the_generators_numbers_where_read(structure_store_dir):
    from algnet.analyses.critical.structure_load import DeferredDraws

    net = parse_spec("linear 2-1-2")
    assert _loaded_count(net, "generic", 1)[0] == 6
    _new_process()
    assert _loaded_count(net, "generic", 0)[0] == 6          # loaded: its family built from the record
    w = warm._WARM[warm._key(net, "generic")]
    draws = w.fam._z0_later.draws
    # the count read none of the draws: no generator made
    assert isinstance(draws, DeferredDraws) and draws._gen is None and "_z0" not in w.fam.__dict__
    # read now: the numbers of the seed's generator in the order a generator passed to the constructors gives them
    # (the batched program's check point: two (2, n) draws, then the start direction: two of m)
    g = np.random.default_rng(draws.seed)
    n, m = net.n_params, w.fam.n_params
    g.normal(size=(2, n)), g.normal(size=(2, n))
    z0 = g.normal(size=m) + 1j * g.normal(size=m)
    assert np.array_equal(w.fam._start_z0(), z0)


def test_deferred_draws_keep_the_program_check_and_the_generators_order(monkeypatch):
    from algnet.analyses.critical.structure_load import DeferredDraws

    witness._MATCHED.clear()
    net = parse_spec("linear 2-3-2")
    Z = np.random.default_rng(0).normal(size=(3, 2)) + 0j
    vals = witness.NetworkValues(net, Z, DeferredDraws(1), defer_check=True)
    eager = witness.NetworkValues(net, Z, np.random.default_rng(1), defer_check=True)
    assert np.array_equal(vals._pending[0](), eager._pending[0])       # the same check point
    right = vals._batched

    def wrong(T):
        V, J = right(T)
        return V * 1.001, J
    monkeypatch.setattr(vals, "_batched", wrong)
    assert vals.evaluator == "per-path"        # the deferred check ran on the first read and found the difference
