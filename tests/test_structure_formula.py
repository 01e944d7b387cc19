"""A stored structure's record holds the closed form of its ED degree (``formula``), which a loading process takes
instead of evaluating it (:func:`algnet.analyses.critical.ed.formula_known`); the value must never be stale.

Truths: the generic ED degree of linear 2-1-2 (the 2 x 2 matrices of rank one, P^1 x P^1 in its Segre embedding)
is 6 by the Chern-class formula (DHOST 2016, Thm. 5.8; :func:`~algnet.analyses.critical.chern.segre_veronese_ged`
evaluates it here independently of the record), and its Frobenius ED degree is binom(2, 1) = 2 (Eckart-Young). A
record is keyed by a hash of the sources of the store's lists and the network's class modules: the value cannot be
stale when every module whose code a closed form runs is among them -- checked here by tracing the formula's
evaluation for networks of each class and both loss kinds the store records.
"""

import os

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed, ed_degree, structure_store as store, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.tape_stamp import traced
from algnet.analyses.critical.tape_store import TAPE_SOURCES

_CRITICAL = os.path.dirname(os.path.abspath(ed.__file__))
_ALGNET = os.path.dirname(os.path.dirname(_CRITICAL))      # the package's directory


def _as_new_process():
    warm.clear_cache()
    ed._FORMULAS.clear()
    ed._SUPPORTS.clear()


def _meta(net, kind="generic"):
    path = store.entry_path(store._store_key(net, kind, warm.STRUCTURE_SEED))
    return store.load_record(path.read_bytes())[0]


def _no_evaluation(monkeypatch):
    def refused(net, metric):
        raise AssertionError(f"the closed form of {net.spec} ({metric}) was evaluated")

    monkeypatch.setattr(ed, "_ed_formula", refused)


@pytest.mark.parametrize("kind, truth", [("generic", segre_veronese_ged([1, 1], [1, 1])), ("frobenius", 2)])
def test_a_loaded_structure_takes_the_recorded_formula(structure_store_dir, monkeypatch, kind, truth):
    net = parse_spec("linear 2-1-2")
    _as_new_process()
    first = ed_degree(net, metric=kind, seed=0)
    assert first.ed_degree == first.formula == truth
    assert _meta(net, kind)["formula"][0] == truth
    _as_new_process()
    _no_evaluation(monkeypatch)
    r = ed_degree(net, metric=kind, seed=1)
    assert "loaded from the cache" in r.critical.completeness
    assert r.ed_degree == r.formula == truth and r.agrees and r.formula_source == first.formula_source


def test_a_record_field_of_another_shape_or_none_is_not_taken(structure_store_dir):
    net = parse_spec("linear 2-1-2")
    _as_new_process()
    ed_degree(net, metric="generic", seed=0)
    key = store._store_key(net, "generic", warm.STRUCTURE_SEED)
    meta, arrays = store.load_record(store.entry_path(key).read_bytes())
    meta = {k: v for k, v in meta.items() if k != "key"}
    for bad in ([True, "x"], [-1, "x"], "6", [6], [6.0, "x"], None):       # None: no field (an older record)
        field = {} if bad is None else {"formula": bad}
        assert store.write(key, {**{k: v for k, v in meta.items() if k != "formula"}, **field}, arrays) == "written"
        _as_new_process()
        r = ed_degree(net, metric="generic", seed=1)
        assert "loaded from the cache" in r.critical.completeness
        assert r.formula == r.ed_degree == 6


@pytest.mark.parametrize("spec", ["linear 2-1-2", "linear 3-2-3", "dense 2-1-1 r=3", "dense 3-2-1 r=2",
                                  "conv k=2,2 r=2", "conv k=2,2,2 r=2", "linear 2-2-2 bias"])
@pytest.mark.parametrize("kind", warm.KINDS)
def test_every_module_a_closed_form_runs_is_in_the_record_key(spec, kind):
    net = parse_spec(spec)
    ed._FORMULAS.clear()
    (value, _), files = traced(ed._ed_formula, net, kind)
    assert files is not None
    hashed = ({os.path.join(_CRITICAL, f) for f in store.STRUCTURE_SOURCES}
              | {os.path.join(_ALGNET, f) for f in store.SOLVE_SOURCES}
              | {os.path.abspath(str(p)) for p in TAPE_SOURCES}
              | {os.path.abspath(f) for f in store._class_sources(net)})
    ran = {os.path.abspath(f) for f in files if os.path.abspath(f).startswith(_ALGNET + os.sep)}
    ran -= {os.path.join(_ALGNET, "errors.py")}      # exception classes: no value comes from there
    assert ran and not ran - hashed, sorted(ran - hashed)


def test_formula_field_round_trip():
    net = parse_spec("conv k=2,2 r=2")
    ed._FORMULAS.clear()
    field = ed.formula_field(net, "generic")
    assert field[0] == segre_veronese_ged([1, 1], [2, 1]) == 14     # P^1 x P^1 by O(2, 1): the filters
    ed._FORMULAS.clear()
    assert ed.formula_known(net, "generic", field) and not ed.formula_known(net, "generic", field)
    assert ed.ed_formula(net, "generic") == tuple(field)
