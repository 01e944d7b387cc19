"""Tapes kept with a stored structure (algnet.analyses.critical.tape_store): loaded only after their checks, and a
damaged, tampered or stale one is recorded again (and the record rewritten). Truth: the Chern-class value 6 of
linear 2-1-2 (P^1 x P^1, computed independently of any homotopy), the tapes recorded in this process, the family's
numpy evaluation."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree, structure_store as store, tape_store, warm
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.disc_tape import exact_tape
from algnet.analyses.critical.small import remembered_dimension
from algnet.analyses.critical.system import example_family
from algnet.homotopy.tape import MUL, record

TRUTH = segre_veronese_ged([1, 1], [1, 1])
LOADED = "its tapes loaded and checked"


def _entry(net):
    return store.entry_path(store._store_key(net, "generic", warm.STRUCTURE_SEED))


def _new_process_count(net, seed=0):
    warm.clear_cache()          # as in a new process: only the file remains
    c = ed_degree(net, metric="generic", seed=seed).critical
    assert c.generic_pure_images == c.certified_distinct == TRUTH and c.complete
    assert "loaded from the cache" in c.completeness
    return c


def _stored_with_tapes(net):
    ed_degree(net, metric="generic", seed=0)                 # solved and written (no tapes yet)
    assert "mg.code" not in store.load_record(_entry(net).read_bytes())[1]
    assert LOADED not in _new_process_count(net, 1).completeness      # loaded; its tapes recorded and written
    meta, arrays = store.load_record(_entry(net).read_bytes())
    assert "mg.code" in arrays and "ex.code" in arrays and "im.code" in arrays
    return meta, arrays


def _tamper(net, name, change):
    meta, arrays = store.load_record(_entry(net).read_bytes())
    arrays[name] = change(arrays[name].copy())
    _entry(net).write_bytes(store.dump_record(meta, arrays))      # consistently: its checksum recomputed


def test_tapes_are_written_by_the_first_load_and_used_by_the_next(structure_store_dir):
    net = parse_spec("linear 2-1-2")
    _, arrays = _stored_with_tapes(net)
    for seed in (2, 3):
        assert LOADED in _new_process_count(net, seed).completeness
    w = warm.warm_start(net, "generic", remembered_dimension(net, 0))      # the loaded structure
    assert np.array_equal(arrays["ex.code"], exact_tape(w.fam).tape.code)
    fresh = record(warm.MetricGradient(w.fam), map_parameters=True)     # recorded here (the tracker's tape)
    assert np.array_equal(arrays["mg.code"], fresh.code) and np.array_equal(arrays["mg.values"], fresh.values)


def _square_a_product(code):
    """The first product a * b (a != b) of the tape made a * a: another program, every index in range."""
    k = int(np.nonzero((code[:, 0] == MUL) & (code[:, 1] != code[:, 2]))[0][0])
    code[k, 2] = code[k, 1]
    return code


@pytest.mark.parametrize("name, change", [
    ("mg.code", lambda c: (c.__setitem__((0, 3), 10 ** 6), c)[1]),              # a register outside the tape
    ("ex.lo", lambda a: (a.__setitem__(0, -5), a)[1]),                          # a tangent lane below 0
    ("ex.hi", lambda a: (a.__setitem__(-1, 99), a)[1]),                         # ... beyond the variables
    ("ex.code", _square_a_product),                                             # another program, indices fine
    ("ex.dot_coef", lambda a: a + 0.5),                                         # constants no longer integers
    ("im.code", _square_a_product),                                             # the image map: another program
    ("im.values", lambda a: a * 1.5),                                           # ... other constants (the slice)
])
def test_a_tampered_tape_is_rejected_recorded_again_and_rewritten(structure_store_dir, name, change):
    net = parse_spec("linear 2-1-2")
    _, good = _stored_with_tapes(net)
    if name == "ex.dot_coef" and good[name].size == 0:
        pytest.skip("no DOT terms in this tape")
    _tamper(net, name, change)
    c = _new_process_count(net, 4)
    assert LOADED not in c.completeness                  # recorded afresh; the count is the theorem's
    again = store.load_record(_entry(net).read_bytes())[1]
    assert np.array_equal(again[name], good[name])      # the record rewritten with the recorded tape
    assert LOADED in _new_process_count(net, 5).completeness


def test_another_metric_tape_program_makes_the_count_solve_afresh(structure_store_dir):
    """The metric tape gives floats only (tracking, the Krawczyk test's centres), so it is not checked against the
    family when loaded: another program with every index in range sends the count's paths elsewhere, the count does
    not reach the 6 certified images from them and is solved afresh (its enclosures from the checked exact tape);
    the entry is rewritten, and the next loads record and keep honest tapes."""
    net = parse_spec("linear 2-1-2")
    _stored_with_tapes(net)
    _tamper(net, "mg.code", _square_a_product)
    c = ed_degree(net, metric="generic", seed=4).critical if not warm.clear_cache() else None
    assert c.generic_pure_images == c.certified_distinct == TRUTH and c.complete
    assert "the cached entry was ignored (its points did not give this count's certified images)" in c.completeness
    assert "mg.code" not in store.load_record(_entry(net).read_bytes())[1]       # rewritten, without the tape
    assert LOADED not in _new_process_count(net, 5).completeness                 # loaded; tapes recorded
    assert LOADED in _new_process_count(net, 6).completeness


def test_tape_sources_are_covered_by_the_store_key(monkeypatch, tmp_path):
    net = parse_spec("linear 2-1-2")
    before = store.source_hash(net)
    extra = tmp_path / "tape_format.py"
    extra.write_text("# another tape layout\n")
    monkeypatch.setattr(tape_store, "TAPE_SOURCES", tape_store.TAPE_SOURCES + (extra,))
    assert store.source_hash(net) != before
    assert all(p.is_file() for p in tape_store.TAPE_SOURCES)


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_round_trip_and_checks_on_honest_tapes(spec):
    fam = example_family(spec, "generic")
    MG = warm.MetricGradient(fam)
    meta, arrays = tape_store.packed(fam, MG)
    rng = np.random.default_rng(7)
    mg = tape_store.unpack("mg", meta, arrays, fam.n_vars)
    ex = tape_store.unpack("ex", meta, arrays, fam.n_vars)
    assert tape_store.metric_tape_agrees(mg, MG, rng) and tape_store.exact_tape_agrees(ex, exact_tape(fam).system, rng)
    assert tape_store.unpack("mg", meta, arrays, fam.n_vars + 1) is None       # another number of variables
    # the metric tape holds the slice's numbers: another slice's family does not accept it
    assert not tape_store.metric_tape_agrees(mg, warm.MetricGradient(example_family(spec, "generic", seed=9)), rng)
