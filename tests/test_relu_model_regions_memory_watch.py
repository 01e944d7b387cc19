"""Memory running out inside the region engines: the model engines and the worker processes stop with the exact
regions finished so far (a lower bound marked partial), never a traceback or a crash report."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest

import algnet.guards as guards
import algnet.relu.model_regions as mr
from algnet.relu.model import PLModel
from algnet.relu.model_regions import WATCH_PART_REGIONS, model_regions
from algnet.relu.model_regions_float import model_regions_float
from algnet.relu.workers import MemoryWatch, WorkerDiedError, finish_chunks, memory_watch, run_chunks

BOX = (-2, 2, -2, 2)


def _model():
    rng = np.random.default_rng(5)
    W1, b1 = rng.integers(-9, 10, size=(14, 2)), rng.integers(-9, 10, size=14)
    W2, b2 = rng.integers(-9, 10, size=(10, 14)), rng.integers(-9, 10, size=10)
    W3 = rng.integers(-9, 10, size=(1, 10))
    return PLModel.from_layers([(W1.tolist(), b1.tolist()), (W2.tolist(), b2.tolist()), (W3.tolist(), [0])])


def _scarce_after(monkeypatch, good_calls):
    """available_memory: plenty for the first ``good_calls`` checks, then nothing left."""
    calls = []

    def scarce():
        calls.append(1)
        return 2**40 if len(calls) <= good_calls else 0
    monkeypatch.setattr(guards, "available_memory", scarce)
    return calls


def _same_regions(part, full):
    whole = {r.pattern: sorted(r.vertices) for r in full.regions}
    return all(whole[r.pattern] == sorted(r.vertices) for r in part.regions)


@pytest.fixture(scope="module")
def full():
    part = model_regions(_model(), box=BOX)
    assert not part.partial and part.stopped == "" and part.count > 3 * WATCH_PART_REGIONS
    return part


def test_the_model_engine_stops_with_an_exact_lower_bound_when_memory_runs_short(monkeypatch, full):
    calls = _scarce_after(monkeypatch, 2)
    part = model_regions(_model(), box=BOX)
    assert calls and part.partial and "memory left" in part.stopped
    assert part.count == 3 * WATCH_PART_REGIONS < full.count       # two checks passed, the third stopped it
    assert _same_regions(part, full)
    d = part.as_dict()
    assert d["partial"] and "at least" in d["proves"] and d["partial_reason"].startswith("stopped at the memory left")


def test_an_allocation_refused_in_the_model_engine_keeps_the_finished_regions(monkeypatch, full):
    real, calls = mr._node_step, []

    def failing(*a):
        calls.append(1)
        if len(calls) > 200:
            raise MemoryError("Unable to allocate 1.00 GiB")
        return real(*a)
    monkeypatch.setattr(mr, "_node_step", failing)
    part = model_regions(_model(), box=BOX)
    assert part.partial and "allocation failed" in part.stopped
    assert 0 < part.count < full.count and _same_regions(part, full)


def test_a_memory_error_outside_a_watch_is_not_swallowed():
    def step(i, piece, pats, env):
        raise MemoryError("no room")
    with pytest.raises(MemoryError):
        mr.depth_first(((0, 1), [], None), 3, step)


def test_the_float_model_engine_stops_the_same_way(monkeypatch):
    whole = model_regions_float(_model(), box=BOX)
    assert not whole.partial and whole.count > 3 * WATCH_PART_REGIONS
    _scarce_after(monkeypatch, 1)
    part = model_regions_float(_model(), box=BOX)
    assert part.partial and "memory left" in part.stopped and part.count == 2 * WATCH_PART_REGIONS
    assert set(part.patterns) <= set(whole.patterns)


def _fail_on_third(chunk):
    if chunk == [2]:
        raise MemoryError("Unable to allocate 8.00 GiB")
    return chunk[0] * 10


def _killed_on_third(chunk):
    if chunk == [2]:
        os.kill(os.getpid(), signal.SIGKILL)
    return chunk[0] * 10


def test_a_memory_error_in_a_worker_keeps_the_finished_chunks():
    """Chunk [2] raises MemoryError (in a worker process when there are two CPUs, else in this one): the chunks
    received before it are kept, the result marked interrupted, the watch saying memory stopped it."""
    with memory_watch(6000) as w:
        out, used, interrupted = finish_chunks(_fail_on_third, range(8), workers=2, per_worker=4)
    assert interrupted and "allocation failed" in w.stopped and "memory left" in w.stopped
    assert 20 not in out and set(out) <= {0, 10, 30, 40, 50, 60, 70}
    assert 0 in out                 # sent before the failure by the same process, through the same pipe
    # outside a memory watch the caller learns it from the usual crash report, naming the memory
    with pytest.raises((WorkerDiedError, MemoryError)) as e:
        run_chunks(_fail_on_third, [[0], [1], [2], [3]], workers=2)
    assert "memory" in str(e.value).lower()


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two worker processes")
def test_a_worker_killed_inside_a_memory_watch_keeps_the_finished_chunks():
    with memory_watch(6000) as w:
        out, used, interrupted = finish_chunks(_killed_on_third, range(8), workers=2, per_worker=4)
    assert used == 2 and interrupted and "killed" in w.stopped
    assert 20 not in out and 0 in out
    with pytest.raises(WorkerDiedError):           # outside a watch: the crash report, as before
        run_chunks(_killed_on_third, [[0], [1], [2], [3]], workers=2)


def test_the_exact_mlp_engine_with_workers_keeps_what_the_workers_finished(monkeypatch):
    import algnet.relu.filtered as filtered
    from algnet import parse_spec
    from algnet.relu.regions import linear_regions

    net = parse_spec("relu 2-10-10-10-1")
    theta = net.random_params(3)
    full = linear_regions(net, theta, box=BOX)
    real, parent, calls = filtered._below, os.getpid(), []

    def failing(F, ctx, chunk):         # each worker process (forked: its own count) fails on its third chunk
        calls.append(1)
        if os.getpid() != parent and len(calls) == 3:
            raise MemoryError("Unable to allocate 1.00 GiB")
        return real(F, ctx, chunk)
    monkeypatch.setattr(filtered, "_below", failing)
    part = linear_regions(net, theta, box=BOX, workers=2)
    if part.workers > 1:
        assert part.partial and "allocation failed" in part.stopped
        assert 0 < part.count < full.count and _same_regions(part, full)
    else:                               # one CPU: everything ran in this process, where nothing fails
        assert part.count == full.count


def test_memory_watch_text_names_regions():
    w = MemoryWatch(1000)
    w.allocation_failed(128, unit="regions")
    assert w.stopped == "the memory left (an allocation failed; 128 regions finished)"


def test_the_float_model_engine_keeps_room_for_the_check_of_all_regions(monkeypatch):
    """Memory for the parts alone but not for the check made on all regions afterwards (a chunk of a fixed size,
    with each region's text): the float engine stops, where a watch of the parts alone would have gone on."""
    free = 64 * 2**20 + 700_000                        # the reserve and a little: enough for 2 x 64 regions alone
    monkeypatch.setattr(guards, "available_memory", lambda: free)
    part = model_regions_float(_model(), box=BOX)
    assert part.partial and "work on all regions" in part.stopped and part.count == WATCH_PART_REGIONS
    w = MemoryWatch(_model_bytes())
    w.check(part.count + WATCH_PART_REGIONS, WATCH_PART_REGIONS)      # the parts alone would have fitted
    assert w.stopped == ""


def _model_bytes():
    from algnet.relu.model_estimates import model_region_estimate

    return model_region_estimate(_model(), box=BOX, exact=False)["bytes_per_region"]


def test_local_region_counts_stop_at_the_square_memory_cut_short(monkeypatch, full):
    """The squares finished before the memory ran short keep their exact counts; the square cut short is left
    out and the result says memory stopped it (not 'interrupted')."""
    from algnet.relu.local_complexity import local_region_count

    X = [[0.1, 0.2], [0.3, -0.1], [-0.2, 0.4]]
    whole = local_region_count(_model(), X, radius=2, seed=1)
    assert not whole.partial and whole.stopped == "" and min(whole.counts) > WATCH_PART_REGIONS
    calls = []

    def scarce():            # plenty for the first square (and the estimate), then nothing
        calls.append(1)
        return 2**40 if len(calls) <= (whole.counts[0] // WATCH_PART_REGIONS) + 1 else 0
    monkeypatch.setattr(guards, "available_memory", scarce)
    part = local_region_count(_model(), X, radius=2, seed=1)
    assert part.partial and "memory left" in part.stopped
    assert 0 < part.counts.size < len(X) and part.counts.tolist() == whole.counts[:part.counts.size].tolist()
    assert "stopped at the memory left" in part.evidence.proves and "interrupted" not in repr(part)


def test_a_region_list_that_would_not_fit_is_left_out_and_the_count_kept(monkeypatch, full):
    from algnet.relu.partition import REGION_LIST_BYTES

    listed = full.as_dict(with_regions=True)
    assert len(listed["region_list"]) == full.count and "region_list_left_out" not in listed
    monkeypatch.setattr(guards, "available_memory", lambda: full.count * REGION_LIST_BYTES - 1)
    d = full.as_dict(with_regions=True)
    assert "region_list" not in d and f"{full.count:,} regions" in d["region_list_left_out"]
    assert d["regions"] == full.count and not d["partial"]
