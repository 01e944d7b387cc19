"""A stored structure notes that ed._on_support gave no view of its network (``full_support`` in the record), so a
process that loads it skips the exact expansion; the note is written only when this process had found that, and
a count with the note gives the theorem's count (linear 2-1-2: the Chern-class value 6, P^1 x P^1)."""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed, ed_degree, structure_store as store, warm
from algnet.analyses.critical.chern import segre_veronese_ged


def _meta(net):
    path = store.entry_path(store._store_key(net, "generic", warm.STRUCTURE_SEED))
    return store.load_record(path.read_bytes())[0]


def _as_new_process():
    warm.clear_cache()
    ed._SUPPORTS.clear()


def test_record_notes_full_support_and_a_load_skips_the_expansion(structure_store_dir, monkeypatch):
    net = parse_spec("linear 2-1-2")
    _as_new_process()
    assert ed_degree(net, metric="generic", seed=0).ed_degree == segre_veronese_ged([1, 1], [1, 1])
    assert _meta(net).get("full_support") is True
    _as_new_process()
    calls = []
    real = ed._support_view
    monkeypatch.setattr(ed, "_support_view", lambda n: calls.append(n) or real(n))
    r = ed_degree(net, metric="generic", seed=1)
    assert "loaded from the cache" in r.critical.completeness
    assert r.ed_degree == r.critical.certified_distinct == 6 and r.agrees
    assert calls == [] and ed.full_support_known(net)


def test_no_note_when_the_support_was_not_looked_at(structure_store_dir):
    # critical_points directly (no ed_degree): nothing known of the support, nothing noted; ed_degree then finds it
    from algnet.analyses.critical import critical_points

    net = parse_spec("dense 2-1-1 r=3")
    _as_new_process()
    critical_points(net, loss="generic", seed=0, spurious=False, strata=False, classify=False)
    assert "full_support" not in _meta(net) and not ed.full_support_known(net)
    _as_new_process()
    assert ed_degree(net, metric="generic", seed=1).ed_degree == 7 and ed.full_support_known(net)


@pytest.mark.parametrize("spec", ["conv k=2,2,2 s=2,2,1 r=2"])
def test_a_network_with_a_support_view_is_not_marked(spec):
    net = parse_spec(spec)
    ed._SUPPORTS.clear()
    assert ed._on_support(net) is not None and not ed.full_support_known(net)
    assert not ed.full_support_known(parse_spec("linear 2-2-2"))       # not looked at: unknown
