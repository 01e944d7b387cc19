"""A sweep is estimated before it starts: a grid whose tasks would take hours is refused with the estimate and a
cheaper route (not started), unless forced; a small one runs as before."""

import pytest

from algnet.errors import TooLargeError
from algnet.sweep import run_sweep


def test_hours_of_dimension_tasks_refused(tmp_path):
    """dense n-2-1 r=2 for n up to 2000: the rank sketch of the largest is (n(n+1)/2 + 2) x 2n + ... columns; the
    dimension's own estimate of the largest alone is seconds, and 20,000 tasks add up to hours. Refused quickly."""
    import time

    from algnet import parse_spec
    from algnet.analyses.dimension_estimate import estimate_dimension

    # a hand bound of the sum: 5010 tasks, each at least the smallest spec's estimate, far above the 10-min budget
    least = estimate_dimension(parse_spec("dense 1500-2-1 r=2"))["seconds"]
    assert least * 5010 > 10 * 600
    t = time.perf_counter()
    with pytest.raises(TooLargeError) as e:
        run_sweep("dim", [f"dense {n}-2-1 r=2" for n in range(1500, 2001)], "0..9", tmp_path / "s.sqlite",
                  show_progress=False)
    assert time.perf_counter() - t < 30
    assert "5010 dimension tasks" in str(e.value) and "above the default budget" in str(e.value)
    assert "smaller grid" in e.value.hint and "resumes" in e.value.hint and "force" in e.value.hint


def test_small_sweep_runs(tmp_path):
    r = run_sweep("dim", ["linear 2-1-2"], "0..1", tmp_path / "s.sqlite", show_progress=False)
    assert r.errors == 0 and r.done == 2
