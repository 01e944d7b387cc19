"""After a pause of the collector that left many young objects, the two young generations are collected once at
the pause's end (algnet.homotopy.kernel_cache._collect_young); a small pause, a collector the caller switched off,
or an enclosing pause leave the collector's own schedule alone."""

import gc

from algnet.homotopy import kernel_cache
from algnet.homotopy.kernel_cache import YOUNG_AFTER_PAUSE, gc_paused


def _young_collections(body):
    seen = []

    def cb(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(cb)
    try:
        body()
    finally:
        gc.callbacks.remove(cb)
    return seen


def test_a_pause_with_many_new_objects_collects_the_young_generations_once():
    keep = []

    def body():
        with gc_paused():
            keep.extend([[i] for i in range(2 * YOUNG_AFTER_PAUSE)])

    seen = _young_collections(body)
    assert seen.count(1) == 1 and gc.get_count()[0] < YOUNG_AFTER_PAUSE
    assert len(keep) == 2 * YOUNG_AFTER_PAUSE          # live objects survive, of course


def test_a_small_pause_adds_no_collection():
    gc.collect()
    keep = []

    def body():
        with gc_paused():
            keep.extend([[i] for i in range(100)])

    assert 1 not in _young_collections(body)


def test_a_collector_switched_off_by_the_caller_stays_off_and_uncollected():
    gc.disable()
    try:
        keep = []

        def body():
            with gc_paused():
                keep.extend([[i] for i in range(2 * YOUNG_AFTER_PAUSE)])

        assert _young_collections(body) == [] and not gc.isenabled()
    finally:
        gc.enable()


def test_no_collection_while_another_pause_is_in_progress(monkeypatch):
    monkeypatch.setitem(kernel_cache._STATE, "paused", 1)     # another thread's first dispatch, paused
    keep = []

    def body():
        with gc_paused():
            keep.extend([[i] for i in range(2 * YOUNG_AFTER_PAUSE)])

    assert 1 not in _young_collections(body)
