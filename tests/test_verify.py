"""`algnet verify` (the main job, full mode) agrees on every row."""

from algnet.theorems.verification import Check, run_check, verify


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


def test_rows_of_the_proved_dense_bounds_compare_the_bare_rank_with_the_theorem(monkeypatch):
    """Strassen's equation (dense 4-5-3 r=2 = 29, ambient 30) and the first layer's relations
    (dense 2-3-5-5-2 r=4,2,2 = 31, ambient 34): the modular rank, with no upper-bound search (so not
    certified by the theorem it checks), meets the theorem's value; a wrong value or another step disagrees."""
    from algnet.theorems.checks import dimension as D

    rows = {r.case: r for r in verify(quick=True, only="dense dimension bound").rows}
    assert set(rows) == {"dense 4-5-3 r=2", "dense 2-3-5-5-2 r=4,2,2"}
    assert (rows["dense 4-5-3 r=2"].computed, rows["dense 2-3-5-5-2 r=4,2,2"].computed) == (29, 31)
    assert all(r.agree and r.certified is False and "no upper-bound search" in r.method for r in rows.values())
    assert "Strassen" in rows["dense 4-5-3 r=2"].detail
    real = D.F.dense_dimension_bound
    monkeypatch.setattr(D.F, "dense_dimension_bound", lambda w, r: (real(w, r)[0] + 1, real(w, r)[1]))
    assert not run_check(next(c for c in D.checks(True) if c.case == "dense 4-5-3 r=2")).agree
    monkeypatch.setattr(D.F, "dense_dimension_bound", lambda w, r: (real(w, r)[0], ("count",)))
    assert not run_check(next(c for c in D.checks(True) if c.case == "dense 4-5-3 r=2")).agree


def test_rows_record_the_seed_and_primes_actually_used():
    """A row says which seed (and primes) its computation used: those of the analyses run through run_analysis,
    or the seed the check states; a check that says neither cannot pass (rows used to have no seed)."""
    from algnet.theorems.verification import run_analysis

    row = run_check(Check("dim", "linear 3-1-3", "-", lambda: {
        "computed": run_analysis("dimension", "linear 3-1-3", seed=11).dimension, "predicted": 5}))
    assert row.agree and row.seed == 11 and row.primes and all(p > 2**20 for p in row.primes)
    two = run_check(Check("dim", "two seeds", "-", lambda: {
        "computed": run_analysis("dimension", "linear 3-1-3", seed=3).dimension
        + run_analysis("dimension", "linear 3-1-3", seed=4).dimension, "predicted": 10}))
    assert two.seed == (3, 4)
    stated = run_check(Check("t", "c", "s", lambda: {"computed": 1, "predicted": 1, "seed": 7}))
    assert stated.agree and stated.seed == 7 and stated.as_dict()["seed"] == 7
    silent = run_check(Check("t", "c", "s", lambda: {"computed": 1, "predicted": 1}))
    assert not silent.agree and "states no seed" in silent.detail


def test_verify_json_rows_carry_the_seed(capsys):
    import json

    from algnet.cli import main

    assert main(["verify", "--quick", "--only", "determinantal dimension", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and all(r["seed"] == 0 and r["primes"] for r in rows)
