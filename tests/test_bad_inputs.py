"""A corpus of bad inputs: each gets algnet's own error (CLI: exit 2, no traceback), never a raw one.

One case per kind at least, over the sub-commands (subprocess ``python -m
algnet ...``) and the main Python entry points. Every case must be refused
quickly: sizes that cannot fit are estimated, not attempted.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from algnet.errors import AlgnetError, ModulusError, NotApplicableError, ParameterError, SpecError, TooLargeError

ROOT = Path(__file__).resolve().parent.parent
LONG = "linear " + "-".join(["2"] * 3000)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.npz").write_bytes(b"")
    (d / "corrupt.npz").write_bytes(b"garbage")
    (d / "truncated.json").write_text('{"W1": [[1')
    import numpy as np

    np.savez(d / "huge.npz", W1=np.full((3, 2), 1e308), b1=np.zeros(3), W2=np.zeros((1, 3)), b2=np.zeros(1))
    return d


CLI = [
    # negative or non-integer seeds, on every kind of sub-command
    ("seed", ["dim", "linear 2-1-2", "--seed", "-1"]),
    ("seed", ["dim", "linear 2-1-2", "--seed", "1.5"]),
    ("seed", ["degree", "linear 2-1-2", "--seed", "-1"]),
    ("seed", ["implicit", "linear 3-1-2", "--seed", "-7"]),
    ("seed", ["singular", "linear 2-1-2", "--seed", "x"]),
    ("seed", ["fibers", "linear 2-1-2", "--seed", "-1"]),
    ("seed", ["fd", "relu 2-3-1", "--seed", "-1"]),
    ("seed", ["regions", "relu 2-3-1", "--seed", "-2"]),
    # sizes that cannot fit: refused with an estimate
    ("size", ["dim", "dense 100000-2-1 r=2"]),
    ("size", ["dim", "linear 1000000000-1-1"]),
    ("size", ["dim", "dense 200-200-200-200 r=2"]),       # 120002 x 120000 float64 sketch: 107 GiB
    ("size", ["implicit", "dense 100000-2-1 r=2"]),
    ("size", ["degree", "linear 8-4-8", "--method", "monodromy"]),
    ("size", ["sweep", "dim", "--spec", "linear 2-1-2", "--seeds", "0..1000000000", "--db", "{tmp}/s.sqlite"]),
    ("option", ["sweep", "dim", "--spec", "linear 2-1-2", "--seeds", "0..1", "--db", "{tmp}/p.sqlite",
                "--option", "primes=[2]"]),                      # refused before any task, not per task
    ("size", ["regions", "relu 2-100000-1"]),                      # about 1.6e9 regions from the first layer alone
    ("size", ["fd", "relu 2-100000-1"]),                           # 800002 x 400001 Jacobian
    ("size", ["fd", "relu 2-1000000000-1"]),                       # refused before any weight is drawn
    ("size", ["fd", "relu 2-3-1", "--batch", "1000000000"]),
    ("size", ["superposition", "--n", "5", "--m", "2", "--steps", "10", "--batch", "1000000000"]),
    ("size", ["superposition", "--n", "1000000000", "--m", "2", "--steps", "10"]),
    ("size", ["superposition", "thomson", "--n", "1000000000", "--m", "3"]),
    ("size", ["voronoi", "linear 2-1-2", "--samples", "1000000000"]),
    ("size", ["critical", "linear 100000-2-1"]),                   # was a RecursionError (monomial listing)
    ("size", ["ed-degree", "linear 100000-2-1"]),
    ("size", ["singular", "linear 100000-2-1"]),                   # was a 298 GiB MemoryError
    ("size", ["hilbert", "linear 100000-2-1", "--up-to", "2"]),
    # output paths checked before computing
    ("path", ["regions", "relu 2-3-1", "--plot", "/missing/dir/x.png"]),
    ("path", ["regions", "relu 2-3-1", "--plot", "{tmp}/x.xyz"]),
    ("path", ["singular", "linear 2-1-2", "--plot", "/missing/dir/x.png"]),
    # malformed boxes
    ("box", ["regions", "relu 2-3-1", "--box=1,0,0,1"]),
    ("box", ["regions", "relu 2-3-1", "--box=a,b,c,d"]),
    ("box", ["regions", "relu 2-3-1", "--box=0,1,0"]),
    # misspelled or reinterpreted spec options
    ("spec", ["dim", "dense 3-2-1 r2"]),
    ("spec", ["dim", "dense 3-2-1 r=2 bais"]),
    ("spec", ["dim", "linear 2_0-1-2"]),
    # corrupt, truncated, empty weight files
    ("weights", ["fd", "relu 2-3-1", "--weights", "{tmp}/empty.npz"]),
    ("weights", ["fd", "relu 2-3-1", "--weights", "{tmp}/corrupt.npz"]),
    ("weights", ["regions", "relu 2-3-1", "--weights", "{tmp}/truncated.json"]),
    # weights near 1e308 are no bad input: the exact rank needs no floats (test_hostile_values_and_shapes.py)
    # primes and options that would change meaning
    ("primes", ["dim", "dense 3-2-1 r=2", "--primes", "2"]),
    ("primes", ["dim", "dense 4-4-4 r=2", "--primes", "3"]),
    ("primes", ["dim", "dense 3-2-1 r=2", "--primes", ""]),
    ("option", ["implicit", "linear 3-1-2", "--max-degree", "0"]),
    ("option", ["implicit", "linear 3-1-2", "--time-limit", "nan"]),
    ("option", ["dim", "linear 2-1-2", "--time-limit", "-1"]),
    ("option", ["degree", "linear 2-1-2", "--fiber-slice", "bogus"]),
    ("option", ["verify", "--only", "TYPO"]),
    ("option", ["fibers", "dense 3-3-2 r=2", "--method", "homotopy", "--max-seconds", "inf"]),  # was OverflowError
    # boolean options: flags given a value, and --no-confirm with a formula that does not apply
    ("flag", ["dim", "linear 2-1-2", "--prefer-theorems", "bogus"]),
    ("flag", ["dim", "linear 2-1-2", "--prefer-theorems=1"]),
    ("flag", ["regions", "relu 2-3-1", "--vertices", "3"]),
    ("flag", ["regions", "relu 2-3-1", "--vertices=yes"]),
    ("algnet", ["degree", "dense 3-2-1 r=2", "--no-confirm", "--method", "formula"]),   # no closed form known
    # the routes of the critical-point count (--method auto|monodromy|total-degree|multihomogeneous)
    ("algnet", ["critical", "linear 2-1-2", "--method", "newton"]),
    ("algnet", ["critical", "linear 2-1-2", "--method", ""]),
    ("algnet", ["critical", "linear 2-1-2", "--method", "total"]),
    ("algnet", ["ed-degree", "linear 2-1-2", "--method", "hilbert"]),     # a route of `degree`, not of ed-degree
    ("algnet", ["ed-degree", "linear 2-1-2", "--method", "total-degree-x"]),
    ("option", ["ed-degree", "linear 2-1-2", "--method"]),                # no value
]
#: every sub-command with a time budget, and the values that would change meaning (NaN as none, a negative
#: one as zero, inf as no limit, an overflow to inf): each refused by algnet's own option check
TIMED = {"dim": ["dim", "linear 2-1-2"], "degree": ["degree", "linear 2-1-2"],
         "implicit": ["implicit", "linear 3-1-2"], "hilbert": ["hilbert", "linear 3-1-2", "--up-to", "2"]}
for _argv in TIMED.values():
    for _v in ("nan", "-1", "inf", "0", "1e400"):
        CLI.append(("algnet", _argv + ["--time-limit", _v]))
for _v in ("nan", "-1", "inf"):
    CLI.append(("algnet", ["degree", "linear 2-1-2", "--fiber", "--fiber-time", _v]))
    CLI.append(("algnet", ["fibers", "dense 3-3-2 r=2", "--method", "newton", "--max-seconds", _v]))


#: the first case of each kind runs as its own process (``python -m algnet``: the exit status and stderr of the
#: real command), the others through ``algnet.cli.main`` in this process (the same code behind the same entry
#: point; an exception escaping it fails the test as a traceback would): a process per case cost 0.75-0.9 s of
#: CPU each (interpreter and algnet imports), about 50 s of the default run (2026-12-03)
_OWN_PROCESS = {i for i, (k, _) in enumerate(CLI) if k not in [c[0] for c in CLI[:i]]}


def _cli(argv, own_process, capsys):
    """(exit status, stderr) of the command line ``algnet argv``."""
    if own_process:
        out = subprocess.run([sys.executable, "-m", "algnet", *argv], capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        return out.returncode, out.stderr
    from algnet.cli import main

    try:
        code = main(argv)
    except SystemExit as e:       # the parser's own errors
        code = e.code
    return code, capsys.readouterr().err


@pytest.mark.parametrize("kind,argv,own_process", [(k, a, i in _OWN_PROCESS) for i, (k, a) in enumerate(CLI)],
                         ids=[f"{k}:{' '.join(a)[:40]}" for k, a in CLI])
def test_cli_bad_input(files, kind, argv, own_process, capsys):
    argv = [a.replace("{tmp}", str(files)) for a in argv]
    code, err = _cli(argv, own_process, capsys)
    assert code == 2, (code, err[-500:])
    assert "Traceback" not in err
    assert err.strip()
    if kind == "algnet":        # algnet's own error (one message and a hint), not the parser's usage text
        assert err.startswith("algnet: error: ") and "\n  hint: " in err, err[-500:]
        assert "usage:" not in err and "None" not in err      # CLI syntax, not Python
    if kind == "flag":          # a flag takes no value: the parser says which argument it did not expect
        assert "error:" in err and "usage:" in err


def test_many_layers_are_quick():
    # 3,000 layers: the rank meets the ambient dimension; nothing of size N x N is built
    out = subprocess.run([sys.executable, "-m", "algnet", "dim", LONG, "--json"], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert out.returncode == 0 and json.loads(out.stdout)["dimension"] == 4 and json.loads(out.stdout)["certified"]


def _api():
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_estimate import estimate_monodromy
    from algnet.analyses.dimension import dimension, local_rank
    from algnet.analyses.fibers import identifiability
    from algnet.analyses.hilbert import hilbert_function
    from algnet.analyses.critical import critical_points, ed_degree
    from algnet.analyses.implicit import implicitize
    from algnet.architectures.spec import parse_spec
    from algnet.core.monomials import monomials
    from algnet.guards import time_cap
    from algnet.guards import check_fd

    return [
        (ParameterError, lambda: dimension("linear 2-1-2", seed=-1)),
        (ParameterError, lambda: degree("linear 2-1-2", seed=2.5)),
        (ParameterError, lambda: implicitize("linear 3-1-2", seed=-1)),
        (ModulusError, lambda: dimension("dense 3-2-1 r=2", primes=[2])),
        (ModulusError, lambda: dimension("dense 4-4-4 r=2", primes=[3])),
        (ModulusError, lambda: dimension("linear 2-1-2", primes=[])),
        (ModulusError, lambda: dimension("linear 2-1-2", primes=[268435399, 268435399])),
        (ModulusError, lambda: local_rank("linear 2-1-2", [1, 0, 1, 0], primes=[3])),
        (ModulusError, lambda: hilbert_function("linear 3-1-2", up_to=2, primes=[])),
        (ParameterError, lambda: implicitize("linear 3-1-2", max_degree=True)),
        (ParameterError, lambda: implicitize("linear 3-1-2", max_degree=2, time_limit=math.nan)),
        (ParameterError, lambda: implicitize("linear 3-1-2", max_degree=2, time_limit=-1)),
        (ParameterError, lambda: hilbert_function("linear 3-1-2", up_to=True)),
        (ParameterError, lambda: degree("linear 2-1-2", fiber_slice="bogus")),
        (ParameterError, lambda: degree("linear 2-1-2", fiber_time=math.nan)),
        (ParameterError, lambda: dimension("linear 2-1-2", margin=-1)),
        (ParameterError, lambda: local_rank("linear 2-1-2", [1, 0, 1])),
        (SpecError, lambda: dimension("dense 3-2-1 r=2 bais")),
        (SpecError, lambda: dimension("linear 2_0-1-2")),
        (SpecError, lambda: dimension(5)),
        (TooLargeError, lambda: dimension("dense 200-200-200-200 r=2")),
        (TooLargeError, lambda: implicitize("dense 100000-2-1 r=2")),
        (TooLargeError, lambda: check_fd(parse_spec("relu 2-100000-1"))),
        (ParameterError, lambda: check_fd(parse_spec("relu 2-3-1"), batch=True)),
        (TooLargeError, lambda: monomials(100000, 1)),
        (TooLargeError, lambda: dimension("linear 100000-2-1", force=False)),
        # fibers: counts and caps that used to run silently (starts=0, -1) or raise TypeError / a KeyboardInterrupt
        (ParameterError, lambda: identifiability("dense 3-3-2 r=2", seed=0, method="newton", starts=0)),
        (ParameterError, lambda: identifiability("dense 3-3-2 r=2", seed=0, method="newton", starts=2.5)),
        (ParameterError, lambda: identifiability("dense 3-3-2 r=2", seed=0, max_unknowns="x")),
        (ParameterError, lambda: identifiability("dense 3-3-2 r=2", seed=0, method="homotopy", max_seconds=math.nan)),
        (ParameterError, lambda: identifiability("dense 3-3-2 r=2", seed=0, method="newton", max_seconds=-1)),
        (ParameterError, lambda: time_cap(math.inf)),
        # a dimension that is not one of M (was an IndexError deep in the Bézout bound)
        (ParameterError, lambda: estimate_monodromy(parse_spec("linear 2-1-2"), dim=7, pilot=False)),
        # boolean options given values that would be reinterpreted (a truthy string as True)
        (ParameterError, lambda: dimension("linear 2-1-2", seed=0, prefer_theorems="bogus")),
        (ParameterError, lambda: dimension("linear 2-1-2", seed=0, prefer_theorems=None)),
        (ParameterError, lambda: degree("linear 2-1-2", seed=0, confirm="no", method="formula")),
        (NotApplicableError, lambda: degree("dense 3-2-1 r=2", seed=0, confirm=False, method="formula")),
        # time budgets: NaN, negative, zero and infinite refused on every analysis that takes one
        *[(ParameterError, lambda f=f, v=v: f(v)) for v in (math.nan, -1, 0, math.inf, True)
          for f in (lambda v: dimension("linear 2-1-2", seed=0, time_limit=v),
                    lambda v: degree("linear 2-1-2", seed=0, time_limit=v),
                    lambda v: hilbert_function("linear 3-1-2", up_to=2, seed=0, time_limit=v),
                    lambda v: implicitize("linear 3-1-2", max_degree=2, seed=0, time_limit=v))],
        # the route of the critical-point count
        (ParameterError, lambda: critical_points("linear 2-1-2", seed=0, method="newton")),
        (ParameterError, lambda: ed_degree("linear 2-1-2", seed=0, method="hilbert")),
    ]


@pytest.mark.parametrize("i", range(59))
def test_api_bad_input(i):
    cls, call = _api()[i]
    with pytest.raises(cls) as e:
        call()
    assert isinstance(e.value, AlgnetError) and e.value.hint


def test_implicitize_accepts_a_spec_string():
    from algnet.analyses.implicit import implicitize

    res = implicitize("linear 3-1-2", max_degree=2, seed=0)     # 2x3 matrices of rank <= 1: three 2-minors
    assert res.generator_degrees == (2, 2, 2)
