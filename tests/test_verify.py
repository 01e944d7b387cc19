"""`algnet verify` (the main job, full mode) agrees on every row."""

from algnet.theorems.verify import Check, run_check, verify


def test_full_verification_table_agrees():
    res = verify(quick=False)
    bad = [(r.theorem, r.case, r.detail) for r in res.rows if not r.agree]
    assert not bad
    assert len(res.rows) >= 100
    assert len({r.theorem.split(" (")[0] for r in res.rows}) >= 15


def test_a_failing_check_is_reported_not_raised():
    def boom():
        raise ValueError("broken")

    row = run_check(Check("t", "c", "s", boom))
    assert not row.agree and "broken" in row.detail
    row = run_check(Check("t", "c", "s", lambda: {"computed": 1, "predicted": 2}))
    assert not row.agree
