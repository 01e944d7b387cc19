"""Sub-commands x bad inputs: each is refused with one clear line in command-line syntax and exit status 2, no
traceback, no Python wording ("invalid literal for int()", "Errno", an exception's class name).

A table of (sub-command, argv) rows over the kinds of bad input a user types: wrong spec syntax, impossible sizes,
missing files, files of the wrong type, conflicting options, negative/zero numbers, non-numbers. The cases of
``tests/test_bad_inputs.py`` are not repeated; these are the ones a walk over every option found
(some used to pass silently, one was a raw UnicodeDecodeError). Run through ``algnet.cli.main`` in this process
(the ``algnet`` script's entry point); one row per kind also as its own ``python -m algnet`` process.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from algnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
R, L = "relu 2-3-1", "linear 2-1-2"

#: (kind, argv); {d} is the directory of the files below
TABLE = [
    # wrong spec syntax, on every kind of sub-command that takes a spec
    ("spec", ["dim", "linear 2-x-2"]), ("spec", ["degree", "lineer 2-1-2"]), ("spec", ["implicit", "linear 2--2"]),
    ("spec", ["hilbert", "dense 3-2-1 r=two"]), ("spec", ["singular", "conv k=2,,2 r=2"]),
    ("spec", ["fibers", "dense 2-2-2"]), ("spec", ["critical", "linear 2-1-"]), ("spec", ["ed-degree", "relu"]),
    ("spec", ["voronoi", "conv k= r=2"]), ("spec", ["fd", "relu 2-a-1"]), ("spec", ["regions", "relu 2-3-1 r=2"]),
    ("spec", ["local-complexity", "relu 2--1", "--data", "{d}/pts.npz", "--radius", "0.1"]),
    ("spec", ["sweep", "dim", "--spec", "linear 2-", "--db", "{d}/s.sqlite"]),
    # impossible sizes
    ("size", ["dim", "linear 0-1-2"]), ("size", ["fd", "relu 0-3-1"]), ("size", ["regions", "relu 2-0-1"]),
    ("size", ["superposition", "--n", "3", "--m", "0"]), ("size", ["superposition", "thomson", "--n", "0"]),
    ("size", ["superposition", "loss1", "--polygon", "7"]),
    # missing files
    ("missing", ["dim", "--map", "{d}/none.txt"]), ("missing", ["fd", R, "--weights", "{d}/none.npz"]),
    ("missing", ["regions", R, "--slice", "{d}/none.json"]), ("missing", ["fd", R, "--data", "{d}/none.npz"]),
    ("missing", ["critical", L, "--data", "{d}/none.npz"]), ("missing", ["plot-training", "{d}/none.sqlite"]),
    ("missing", ["sweep", "summary", "--db", "{d}/none.sqlite"]), ("missing", ["sweep-plot", "--db", "{d}/none.sqlite"]),
    ("missing", ["superposition", "loss1", "--weights", "{d}/none.npz"]),
    ("missing", ["verify", "--quick", "--only", "no such theorem"]),
    ("missing", ["fd", "--torch", "{d}/none.pt", "--data", "{d}/pts.npz"]),
    # files of the wrong type
    ("type", ["dim", "--map", "{d}/pts.npz"]),                   # binary: was a UnicodeDecodeError traceback
    ("type", ["degree", "--map", "{d}/pts.npz"]),
    ("type", ["fd", R, "--data", "{d}/text.txt"]), ("type", ["critical", L, "--data", "{d}/text.txt"]),
    ("type", ["regions", R, "--weights", "{d}/text.txt"]), ("type", ["fd", R, "--slice", "{d}/text.txt"]),
    ("type", ["local-complexity", R, "--data", "{d}/text.txt", "--radius", "0.1"]),
    ("type", ["plot-training", "{d}/text.txt"]), ("type", ["sweep", "summary", "--db", "{d}/text.txt"]),
    ("type", ["superposition", "loss1", "--weights", "{d}/text.txt"]),
    ("type", ["regions", R, "--plot", "{d}/x.txt"]), ("type", ["sweep-plot", "--db", "{d}/s.sqlite", "--out", "{d}/x.csv"]),
    # conflicting options
    ("conflict", ["dim", L, "--map", "{d}/cubic.txt"]), ("conflict", ["fd", R, "--seed", "1", "--weights", "{d}/w.json"]),
    ("conflict", ["regions", R, "--box=0,1,0,1", "--plane"]),
    ("conflict", ["fd", R, "--builder", "mod:fn"]),             # used only with --torch: was silently ignored
    ("conflict", ["regions", R, "--input-shape", "1,2"]),       # the same
    ("conflict", ["local-complexity", R, "--data", "{d}/pts.npz", "--radius", "0.1", "--builder", "m:f"]),
    ("conflict", ["fd", R, "--torch", "{d}/none.pt"]),
    ("conflict", ["regions", R, "--slice", "{d}/slice.json", "--through", "0", "--data", "{d}/pts.npz"]),
    ("conflict", ["superposition", "loss1", "--polygon", "5", "--weights", "{d}/w.npz"]),
    ("conflict", ["critical", L, "--data", "{d}/xy.npz", "--loss", "frobenius"]),      # --loss was ignored
    ("conflict", ["sweep", "dim", "--spec", L, "--seeds", "0", "--db", "{d}/s.sqlite", "--out", "{d}/x.csv"]),  # ignored
    ("conflict", ["sweep", "summary", "--db", "{d}/s.sqlite", "--spec", L]),                          # the same
    ("conflict", ["sweep", "summary", "--db", "{d}/s.sqlite", "--format", "json"]),
    # negative or zero numbers
    ("negative", ["regions", R, "--points-seed", "-1"]),         # was accepted
    ("negative", ["fd", R, "--points-seed", "-1"]), ("negative", ["fd", R, "--batch", "0"]),
    ("negative", ["regions", R, "--max-regions", "0"]), ("negative", ["regions", R, "--workers", "0"]),
    ("negative", ["local-complexity", R, "--data", "{d}/pts.npz", "--radius", "-0.1"]),
    ("negative", ["local-complexity", R, "--data", "{d}/pts.npz", "--radius", "0.1", "--directions", "0"]),
    ("negative", ["hilbert", "linear 3-1-2", "--up-to", "-1"]), ("negative", ["fibers", L, "--starts", "0"]),
    ("negative", ["singular", L, "--max-strata", "0"]), ("negative", ["implicit", "linear 3-1-2", "-d", "-2"]),
    ("negative", ["critical", L, "--time-limit", "0"]), ("negative", ["voronoi", L, "--samples", "0"]),
    ("negative", ["superposition", "--steps", "0"]), ("negative", ["superposition", "--lr", "-1"]),
    ("negative", ["superposition", "thomson", "--n", "4", "--starts", "0"]),
    ("negative", ["sweep", "dim", "--spec", L, "--seeds", "-1..2", "--db", "{d}/s.sqlite"]),
    ("negative", ["sweep", "dim", "--spec", L, "--workers", "0", "--db", "{d}/s.sqlite"]),
    # not numbers (Python's own wording must not show)
    ("number", ["fibers", L, "--starts", "many"]), ("number", ["dim", L, "--time-limit", "soon"]),
    ("number", ["dim", L, "--margin", "1.5"]), ("number", ["hilbert", "linear 3-1-2", "--up-to", "x"]),
    ("number", ["critical", L, "--time-limit", "x"]), ("number", ["degree", L, "--attempts", "two"]),
    ("number", ["singular", L, "--depth", "deep"]), ("number", ["ed-degree", L, "--seed", "s"]),
    ("number", ["fd", R, "--batch", "x"]), ("number", ["regions", R, "--box", "a,b,c,d"]),
    ("number", ["local-complexity", R, "--data", "{d}/pts.npz", "--radius", "wide"]),
    ("number", ["superposition", "--sparsity", "x"]), ("number", ["superposition", "loss1", "--polygon", "five"]),
    ("number", ["sweep", "dim", "--spec", L, "--seeds", "a..b", "--db", "{d}/s.sqlite"]),
]

#: messages a user should never see: Python's wording, not the command line's
PYTHON_WORDS = re.compile(r"invalid literal for int\(\)|could not convert string|\[Errno|Error: |Traceback|"
                          r"UnicodeDecodeError|magic string|base 10")


@pytest.fixture(scope="module")
def d(tmp_path_factory):
    d = tmp_path_factory.mktemp("ux17bad")
    np.savez(d / "pts.npz", X=np.random.default_rng(0).random((6, 2)))
    np.savez(d / "w.npz", W=np.eye(2, 5), b=np.zeros(5))
    np.savez(d / "xy.npz", X=np.random.default_rng(1).random((4, 2)), Y=np.random.default_rng(2).random((4, 2)))
    (d / "text.txt").write_text("hello\n")
    (d / "cubic.txt").write_text("s^3\ns^2*t\ns*t^2\nt^3\n")
    (d / "w.json").write_text('{"W1": [[1, 0], [0, 1], [1, 1]], "b1": [0, 0, 0], "W2": [[1, 1, 1]], "b2": [0]}')
    (d / "slice.json").write_text('{"origin": [0, 0], "directions": [[1, 0], [0, 1]]}')
    main(["sweep", "dim", "--spec", L, "--seeds", "0", "--db", str(d / "s.sqlite"), "--no-progress"])
    return d


_OWN_PROCESS = {i for i, (k, _) in enumerate(TABLE) if k not in [c[0] for c in TABLE[:i]]}


@pytest.mark.parametrize("i", range(len(TABLE)), ids=[f"{k}:{' '.join(a)[:45]}" for k, a in TABLE])
def test_bad_input_is_one_clear_line(d, i, capsys):
    kind, argv = TABLE[i]
    argv = [a.replace("{d}", str(d)) for a in argv]
    if i in _OWN_PROCESS:
        r = subprocess.run([sys.executable, "-m", "algnet", *argv], capture_output=True, text=True, cwd=d,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
        code, err = r.returncode, r.stderr
    else:
        try:
            code = main(argv)
        except SystemExit as e:     # the parser's own errors
            code = e.code
        err = capsys.readouterr().err
    assert code == 2, (code, err[-800:])
    errors = [line for line in err.splitlines() if re.match(r"algnet( [a-z0-9-]+)*: error: ", line)]
    assert len(errors) == 1, err[-800:]                          # one line says what is wrong
    assert not PYTHON_WORDS.search(err), err[-800:]
    assert "None" not in errors[0], errors[0]


def test_the_table_covers_every_sub_command():
    from algnet.cli import build_parser

    import argparse

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = {p.prog.split()[1] for p in sub.choices.values()}
    assert commands <= {argv[0] for _, argv in TABLE}, commands - {argv[0] for _, argv in TABLE}
    assert {k for k, _ in TABLE} == {"spec", "size", "missing", "type", "conflict", "negative", "number"}


def test_sweep_option_errors_speak_of_option(d, capsys):
    # a sweep takes the analysis' options as --option NAME=VALUE: its errors name them so, not as flags it lacks
    db = str(d / "o.sqlite")
    assert main(["sweep", "dim", "--spec", L, "--seeds", "0", "--db", db, "--option", "prefer_theorem=true"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'prefer_theorems'?" in err and "--prefer-theorems" not in err and "--time-limit" not in err
    assert main(["sweep", "fibers", "--spec", L, "--seeds", "0", "--db", db, "--option", "starts=x"]) == 2
    assert "--option starts='x' is invalid: 'x' is not an integer" in capsys.readouterr().err
    assert main(["fibers", L, "--starts", "x"]) == 2           # a sub-command's own flag: named as the flag
    assert "option --starts 'x' is invalid" in capsys.readouterr().err


def test_verify_only_unknown_points_to_list(capsys):
    # the hint listed every theorem on one line (about 3 KB); now the close names and where all of them are
    assert main(["verify", "--quick", "--only", "zzz"]) == 2
    err = capsys.readouterr().err
    assert "algnet verify --list" in err and len(err) < 300, err
    assert main(["verify", "--list", "--quick", "--only", "determinantal"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed and all("determinantal" in line for line in listed)
    assert all(int(line.split()[0]) >= 1 for line in listed)        # the number of cases of each
