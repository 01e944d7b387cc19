"""degree's compile check counts only the compiled kernels the monodromy route dispatches.

tape_eval_batch (2 CPU s of compilation on a cold cache) was counted, and a short time limit refused for it,
though the route never calls it: its tracker's kernels evaluate the tape inside, and the trace test calls it only
for a family without its own evaluation. Truth, a second method: the kernel replaced by a counter, a degree run
(search, trace test, certification, a fiber count) calls it 0 times. The slow test checks every kernel at once:
in a fresh process, numba lists the dispatchers a run called; they are exactly the ones counted.
"""

import json
import subprocess
import sys

import pytest

from algnet.analyses.critical.guarded_run import COMPILE_CPU
from algnet.analyses.degree import _degree_kernels, degree

TAPE = "algnet.homotopy.kernels:tape_eval_batch"


def test_tape_evaluator_not_counted_and_not_called(monkeypatch):
    import algnet.homotopy.kernels as kernels

    calls = []
    real = kernels.tape_eval_batch
    monkeypatch.setattr(kernels, "tape_eval_batch", lambda *a: calls.append(1) or real(*a))
    r = degree("linear 2-1-2", method="monodromy", seed=0, confirm=False, fiber=True)
    assert r.degree == 2 and r.trace_test_passed                # det = 0: a quadric
    assert calls == []
    assert TAPE in COMPILE_CPU and TAPE not in _degree_kernels()


SCRIPT = """
import importlib, json
from algnet.analyses.degree import degree
from algnet.analyses.critical.guarded_run import COMPILE_CPU
degree("linear 2-1-2", method="monodromy", seed=0, confirm=False)
used = [k for k in COMPILE_CPU
        if getattr(getattr(importlib.import_module(k.split(":")[0]), k.split(":")[1]), "signatures", None)]
print(json.dumps(used))
"""


@pytest.mark.slow
def test_counted_kernels_are_the_dispatched_ones():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert set(json.loads(out.stdout.strip().splitlines()[-1])) == set(_degree_kernels())
