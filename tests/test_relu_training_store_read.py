"""Reading a training store (``load_training``, ``algnet plot-training``) never changes the file and refuses files
that are not one with algnet's own error: a table 'training' of other columns had raised sqlite3's OperationalError
traceback, a record that is not JSON a JSONDecodeError, and reading an SQLite file of another program had added an
empty 'training' table to it.

Truths: the tables of the file, listed by sqlite3 itself before and after; the records written by hand.
"""

import json
import sqlite3

import pytest

from algnet.errors import ParameterError
from algnet.relu.training import load_training


def _tables(path):
    con = sqlite3.connect(str(path))
    try:
        return sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    finally:
        con.close()


def _make(path, *statements):
    con = sqlite3.connect(str(path))
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()


def test_other_programs_store_is_refused_and_left_unchanged(tmp_path):
    db = tmp_path / "other.sqlite"
    _make(db, "CREATE TABLE measurements (x REAL)")
    with pytest.raises(ParameterError, match="not a training store"):
        load_training(db)
    assert _tables(db) == ["measurements"]


def test_training_table_of_other_columns_is_refused(tmp_path):
    db = tmp_path / "t.sqlite"
    _make(db, "CREATE TABLE training (step INTEGER, value REAL)")
    with pytest.raises(ParameterError, match="columns run, step, record"):
        load_training(db)


def test_record_that_is_not_json_is_refused(tmp_path):
    db = tmp_path / "t.sqlite"
    _make(db, "CREATE TABLE training (run TEXT, step INTEGER, seed INTEGER, record TEXT, finished TEXT)",
          "INSERT INTO training VALUES ('a', 0, 0, '{\"fd\": 3}', NULL)",
          "INSERT INTO training VALUES ('a', 1, 0, 'not json', NULL)")
    with pytest.raises(ParameterError, match="step 1 is not a JSON object"):
        load_training(db)


def test_records_written_by_hand_are_read(tmp_path):
    db = tmp_path / "t.sqlite"
    recs = [("b", 2, {"step": 2, "fd": 5, "loss": 0.5}), ("a", 1, {"step": 1, "fd": 4}), ("a", 0, {"step": 0, "fd": 3})]
    _make(db, "CREATE TABLE training (run TEXT, step INTEGER, seed INTEGER, record TEXT, finished TEXT)",
          *[f"INSERT INTO training VALUES ('{r}', {s}, 0, '{json.dumps(d)}', NULL)" for r, s, d in recs])
    got = load_training(db)
    assert [(r["run"], r["step"], r["fd"]) for r in got] == [("a", 0, 3), ("a", 1, 4), ("b", 2, 5)]
    assert [r["step"] for r in load_training(db, "a")] == [0, 1]


def test_cli_plot_training_refuses_other_store(tmp_path, capsys):
    from algnet.cli import main

    db = tmp_path / "other.sqlite"
    _make(db, "CREATE TABLE training (step INTEGER)")
    assert main(["plot-training", str(db), "--out", str(tmp_path / "c.png")]) == 2
    assert "is not a training store" in capsys.readouterr().err
