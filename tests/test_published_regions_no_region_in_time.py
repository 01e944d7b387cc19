"""``algnet regions --time-limit T`` stopped before the first region was finished: a clear error naming the
limit (it printed "regions >= 0", a bound that says nothing: every box and the plane hold at least one region),
while a limit that leaves time gives the regions."""

import time

from algnet.cli import main

LIMIT = 0.2     # CPU seconds; the spin below reaches it before any region is finished


def _spin_first(monkeypatch):
    from algnet.relu import filtered

    def spin(*a, **k):
        t = time.process_time()
        while time.process_time() - t < 600:        # ended by the time cap's KeyboardInterrupt
            pass

    monkeypatch.setattr(filtered, "filtered_regions", spin)     # the engine of a box


def test_no_region_before_the_limit_is_an_error(monkeypatch, capsys):
    _spin_first(monkeypatch)
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--time-limit", str(LIMIT)]) == 2
    captured = capsys.readouterr()
    assert "no region was finished before the time limit" in captured.err and "--time-limit" in captured.err
    assert "regions >= 0" not in captured.out


def test_a_limit_with_time_left_gives_the_regions(capsys):
    # relu 2-3-1 seed 0 on [-1, 1]^2: three regions (the same run without a limit)
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--json"]) == 0
    import json

    full = json.loads(capsys.readouterr().out)["regions"]
    assert main(["regions", "relu 2-3-1", "--seed", "0", "--time-limit", "60", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["regions"] == full >= 1
