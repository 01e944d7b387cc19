"""Ctrl-C on ``algnet regions`` with several workers and on the whole plane: the regions finished so far are
kept, printed as a lower bound ("regions >= N (interrupted; lower bound)", JSON ``partial: true``), exit 130.

The subprocess cases take tens of seconds on an idle machine; each waits until the first hidden layer is done
(the progress bar reports its regions), lets the workers run a few seconds, then sends SIGINT. The in-process
tests interrupt deterministically (after a given number of finished chunks) and check every region kept
against the complete partition.
"""

import json
import os
import re
import signal
import time

import pytest
from ctrl_c_helpers import after_region_chunks, region_keys
from test_sigint import interrupt           # the shared SIGINT harness (tests/ is on the path under pytest)

from algnet import parse_spec
from algnet.relu.regions import linear_regions


def _interrupt(argv, delay):
    """``algnet regions argv --progress``, interrupted ``delay`` s after the first hidden layer is done (its
    regions shown on the progress bar): (exit status, stdout, stderr)."""
    return interrupt(["regions", *argv, "--progress"], wait_for=b"regions=", delay=delay, timeout=180)


def test_ctrl_c_with_two_workers_prints_the_finished_regions_as_a_lower_bound():
    # a quick first layer (about 2,000 regions), then minutes of work for two workers
    code, out, err = _interrupt(["relu 2-64-256-256-256-1", "--box=-100,100,-100,100", "--workers", "2"], 3)
    assert code == 130, (out, err[-2000:])
    assert "Traceback" not in err and "Traceback" not in out
    n = int(re.search(r"regions >= (\d+) \(interrupted; lower bound\)", out).group(1))
    assert n > 0, out
    assert "decision boundary" not in out                       # nothing is claimed about the unfinished rest
    assert "with 2 worker(s)" in out


def test_ctrl_c_on_the_whole_plane_json_is_partial():
    # six hidden layers: well over 10 s of work on an idle machine, the first layer in a fraction of a second
    code, out, err = _interrupt(["relu 2-50-50-50-50-50-50-1", "--plane", "--json"], 2)
    assert code == 130, (out, err[-2000:])
    assert "Traceback" not in err
    d = json.loads(out)
    assert d["partial"] is True and d["certified"] is False and d["regions"] > 0
    assert d["domain"] == "plane" and "at least" in d["proves"] and "decision_boundary" not in d


def _interrupt_after(monkeypatch, k):
    """Make the engines see Ctrl-C in the parent once k chunks of regions have arrived."""

    def ctrl_c():
        os.kill(os.getpid(), signal.SIGINT)      # delivered to this (main) thread: KeyboardInterrupt
        time.sleep(5)                          # (never reached: the signal interrupts the sleep)
    after_region_chunks(monkeypatch, k, ctrl_c)


@pytest.mark.parametrize("where", [dict(box=(-4, 4, -4, 4), workers=2), dict(plane=True, workers=2),
                                   dict(plane=True, workers=1), dict(box=(-4, 4, -4, 4), workers=1)])
def test_interrupted_partition_keeps_exact_regions_of_the_full_one(monkeypatch, where):
    net = parse_spec("relu 2-12-12-1")
    theta = net.random_params(seed=3)
    full = linear_regions(net, theta, **where)
    assert not full.partial
    _interrupt_after(monkeypatch, 3)
    part = linear_regions(net, theta, **where)
    assert part.partial and not part.evidence.certified and "at least" in part.evidence.proves
    assert 0 < part.count < full.count
    # each kept region is exactly a region of the whole
    assert region_keys(part) <= region_keys(full)
    assert part.as_dict(vertices=False)["partial"] is True


def test_run_chunks_partial_keeps_what_arrived(monkeypatch):
    """Ctrl-C in the parent while workers run: the finished chunks are returned, the rest are None."""
    from algnet.relu.workers import run_chunks_partial

    import threading

    t = threading.Timer(2.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    t.start()
    try:
        out, interrupted = run_chunks_partial(_slow_square, list(range(40)), workers=2)
    finally:
        t.cancel()
    assert interrupted
    done = [i for i, r in enumerate(out) if r is not None]
    assert 0 < len(done) < 40 and all(out[i] == i * i for i in done)


def _slow_square(x):
    time.sleep(0.25)
    return x * x


def test_interrupted_float_engine_keeps_its_finished_regions(monkeypatch):
    from algnet.relu import regions_float

    net = parse_spec("relu 2-12-12-12-1")
    theta = net.random_params(seed=4)
    full = regions_float.linear_regions_float(net, theta, box=(-4, 4, -4, 4))
    real, calls = regions_float._float_layers, {"n": 0}

    def layers(*a):
        calls["n"] += 1
        if calls["n"] == 5:                    # the first hidden layer, then three chunks below it: Ctrl-C
            raise KeyboardInterrupt
        return real(*a)

    monkeypatch.setattr(regions_float, "_float_layers", layers)
    part = regions_float.linear_regions_float(net, theta, box=(-4, 4, -4, 4))
    assert part.partial and 0 < part.count < full.count and part.evidence.partial
    assert set(part.patterns) <= set(full.patterns)
