"""``algnet fd --time-limit T``: one budget of T CPU seconds for the whole run. The batch rank comes first; the
region enumeration (and its rank) and the spread inputs get only the CPU time the earlier steps left, so the run
does not spend T once per step."""

import json
import time

import pytest

from algnet.cli import main

BURN = 0.4      # CPU seconds the wrapped batch rank spends on top of its own work


def _burn(seconds):
    t = time.process_time()
    while time.process_time() - t < seconds:
        pass


@pytest.fixture
def slow_batch(monkeypatch):
    """The batch rank of ``algnet fd`` made BURN CPU seconds longer (the same answer)."""
    from algnet.relu import functional

    real = functional.batch_functional_dimension

    def slow(*a, **k):
        r = real(*a, **k)
        _burn(BURN)
        return r

    monkeypatch.setattr(functional, "batch_functional_dimension", slow)
    return real


def _record_limits(monkeypatch, module, name, seen):
    real = getattr(module, name)

    def wrapped(*a, **k):
        seen.append(k.get("time_limit"))
        return real(*a, **k)

    monkeypatch.setattr(module, name, wrapped)


def test_the_regions_get_the_time_the_batch_rank_left(monkeypatch, capsys, slow_batch):
    from algnet.relu import functional

    seen = []
    _record_limits(monkeypatch, functional, "functional_dimension", seen)
    limit = 30.0
    assert main(["fd", "relu 2-3-1", "--seed", "0", "--time-limit", str(limit), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(seen) == 1 and seen[0] is not None
    assert seen[0] <= limit - BURN         # was: the whole limit again
    assert d["regions"] is not None and d["functional_dimension"] == 10    # relu 2-3-1 seed 0: FD = D' = 10


def test_a_limit_spent_by_the_batch_rank_leaves_no_regions(capsys, slow_batch):
    limit = BURN / 2
    assert main(["fd", "relu 2-3-1", "--seed", "0", "--time-limit", str(limit), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["regions"] is None and "spent" in d["regions_not_computed"]
    assert d["batch_functional_dimension"] == 7      # the batch rank at 26 inputs stands (the run without limit)


def test_the_spread_inputs_get_the_time_left(monkeypatch, capsys, slow_batch):
    from algnet.relu import spread

    seen = []
    _record_limits(monkeypatch, spread, "spread_functional_dimension", seen)
    limit = 60.0
    main(["fd", "relu 3-3-2-1", "--seed", "3", "--time-limit", str(limit), "--json"])
    d = json.loads(capsys.readouterr().out)
    if d["batch_functional_dimension"] >= d["bound"]:
        pytest.skip("the batch rank reached D': no spread step")
    assert len(seen) == 1 and seen[0] is not None and seen[0] <= limit - BURN      # was: no limit at all
