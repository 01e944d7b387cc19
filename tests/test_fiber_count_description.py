"""What the monodromy fiber count says about its trace test: a failed test names its failed paths (a residual of
0 alone read as a contradiction), and a passed test over one image point says it is not informative; the
completeness flag follows the definition in HomotopyFiberCount.complete."""

from algnet.analyses.fibers_homotopy import HomotopyFiberCount


def _count(**kw):
    base = dict(count=2, solutions=2, images=1, consistent=True, trace_test_passed=True, trace_test_residual=0.0,
                certified=2, stop_reason="no new solutions in 24 loops", paths=10, loops=5)
    return HomotopyFiberCount(**{**base, **kw})


def test_failed_paths_are_named():
    c = _count(trace_test_passed=False, trace_test_failed_paths=2)
    assert "FAILED (residual 0.0e+00; 2 of its paths failed)" in c.describe() and not c.complete


def test_one_image_point_is_not_informative():
    c = _count()
    assert "not informative" in c.describe() and not c.complete


def test_two_image_points_with_a_passed_test_are_complete():
    c = _count(solutions=4, images=2)
    assert "not informative" not in c.describe() and "paths failed" not in c.describe() and c.complete
