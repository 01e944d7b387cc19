"""The stamp of a stored structure's checked tapes (algnet.analyses.critical.tape_stamp): a load whose record, Python,
numpy and traced modules are those of the check takes the tapes without the numerical identity check; a stale stamp
runs the check (and is renewed), a tampered tape under a stamp fails it. Truth: the Chern-class value 6 of linear
2-1-2 (P^1 x P^1, computed independently of any homotopy); the network's layer module, which defines its program."""

import os

import numpy as np

from algnet import parse_spec
from algnet.analyses import witness
from algnet.analyses.critical import ed_degree, structure_store as store, tape_stamp, tape_store, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.homotopy.tape import MUL

TRUTH = segre_veronese_ged([1, 1], [1, 1])
LOADED = "its tapes loaded and checked"


def _entry(net):
    return store.entry_path(store._store_key(net, "generic", warm.STRUCTURE_SEED))


def _new_process_count(net, seed):
    warm.clear_cache()          # as in a new process: only the file remains
    witness._MATCHED.clear()
    c = ed_degree(net, metric="generic", seed=seed).critical
    assert c.generic_pure_images == c.certified_distinct == c.certified == TRUTH and c.complete
    assert "loaded from the cache" in c.completeness
    return c


def _spy_checks(monkeypatch):
    ran = []
    real = tape_store.exact_tape_agrees
    monkeypatch.setattr(tape_store, "exact_tape_agrees", lambda *a, **k: ran.append(1) or real(*a, **k))
    return ran


def _stamped(net):
    ed_degree(net, metric="generic", seed=0)                 # solved and written (no tapes yet)
    _new_process_count(net, 1)                               # the first load: tapes recorded, checked and stamped
    meta, arrays = store.load_record(_entry(net).read_bytes())
    assert "ex.code" in arrays and "checked" in meta
    return meta, arrays


def test_the_stamp_lists_the_network_program_modules(structure_store_dir):
    meta, arrays = _stamped(parse_spec("linear 2-1-2"))
    files = [p.replace(os.sep, "/") for p, _, _ in meta["checked"]["files"]]
    # the layer and the composition that define the program, the batched numpy program, the disc evaluation
    for f in ("algnet/architectures/layers/linear.py", "algnet/architectures/sequential.py",
              "algnet/analyses/witness.py", "algnet/analyses/critical/disc_tape.py"):
        assert f in files
    assert tape_stamp.stamp_holds(meta["checked"], meta, arrays)


def test_a_stamped_record_is_loaded_without_the_numerical_check(structure_store_dir, monkeypatch):
    net = parse_spec("linear 2-1-2")
    _stamped(net)
    ran = _spy_checks(monkeypatch)
    for seed in (2, 3):
        assert LOADED in _new_process_count(net, seed).completeness
    assert ran == []
    w = warm._WARM[warm._key(net, "generic")]
    assert w.fam.values._pending is None          # the batched program confirmed by the stamp, as by the check


def test_a_stale_stamp_runs_the_check_and_is_renewed(structure_store_dir, monkeypatch):
    net = parse_spec("linear 2-1-2")
    meta, arrays = _stamped(net)
    stale = dict(meta["checked"], files=[[p, s, t + 1] for p, s, t in meta["checked"]["files"]])   # edited modules
    _entry(net).write_bytes(store.dump_record(dict(meta, checked=stale), arrays))     # checksum recomputed
    ran = _spy_checks(monkeypatch)
    assert LOADED in _new_process_count(net, 2).completeness and ran == [1]
    renewed = store.load_record(_entry(net).read_bytes())[0]["checked"]
    assert renewed["files"] == meta["checked"]["files"]          # this process's modules
    assert LOADED in _new_process_count(net, 3).completeness and ran == [1]


def test_a_tampered_tape_under_a_stamp_fails_the_check(structure_store_dir, monkeypatch):
    net = parse_spec("linear 2-1-2")
    meta, arrays = _stamped(net)
    code = arrays["ex.code"].copy()
    k = int(np.nonzero((code[:, 0] == MUL) & (code[:, 1] != code[:, 2]))[0][0])
    code[k, 2] = code[k, 1]                 # another program, every index in range
    _entry(net).write_bytes(store.dump_record(meta, dict(arrays, **{"ex.code": code})))    # the stamp kept
    ran = _spy_checks(monkeypatch)
    c = _new_process_count(net, 2)
    # checked and rejected; recorded again, and the new tapes checked for their stamp
    assert LOADED not in c.completeness and "its points re-certified here" in c.completeness and ran == [1, 1]
    again = store.load_record(_entry(net).read_bytes())
    assert np.array_equal(again[1]["ex.code"], arrays["ex.code"]) and "checked" in again[0]


def test_a_stamp_outside_the_package_or_of_another_numpy_does_not_hold():
    meta, arrays = {"ex.n_vars": 1}, {"ex.code": np.zeros((1, 4), np.int64)}
    s = tape_stamp.make_stamp(meta, arrays, [tape_stamp.__file__])
    assert tape_stamp.stamp_holds(s, meta, arrays)
    rel, size, mtime = s["files"][0]
    assert not tape_stamp.stamp_holds(dict(s, files=[["../" + rel, size, mtime]]), meta, arrays)
    assert not tape_stamp.stamp_holds(dict(s, files=[]), meta, arrays)
    assert not tape_stamp.stamp_holds(dict(s, numpy=s["numpy"] + "x"), meta, arrays)
    assert not tape_stamp.stamp_holds(s, dict(meta, **{"ex.n_vars": 2}), arrays)
    assert not tape_stamp.stamp_holds(s, meta, dict(arrays, **{"fam.M": np.array([3])}))    # what the check reads
