"""The public functions of ``algnet.homotopy`` called directly from a script or a Jupyter kernel (Python's own
SIGINT handler) never let a Ctrl-C crash the interpreter.

Their evaluations may be compiled kernels (a family's tape, certify's discs, the endgame's and the trackers'
endpoint kernels), and a KeyboardInterrupt raised in numba's boxing of a kernel's result crashes CPython
(``algnet.interrupts.in_numba_boxing``). Only the compiled tracker's step and the analyses' entry points ran
under :class:`algnet.interrupts.safe_ctrl_c`; a caller of ``algnet.homotopy`` reached every other kernel under
Python's own handler.

Two checks. In process: a system whose every evaluation notes the SIGINT handler in place (an overridden
``evaluate`` is not recorded into a tape, so every route evaluates it from Python) is given to each public
function, called under Python's own handler: every evaluation must see algnet's handler, and Python's must be
back afterwards; and every public function of the package must be in that list or in the list of those that
evaluate nothing. In a subprocess: the evaluations go through a compiled function that sends SIGINT to its own
process and returns the three arrays (as a kernel's result is boxed): on 71202fd ``track`` died of SIGSEGV or
ended in "SystemError: ... returned a result with an exception set"; now the Ctrl-C ends the track (a partial
result) or raises KeyboardInterrupt, and the process goes on.
"""

import inspect
import os
import signal

import numpy as np
import pytest
from ctrl_c_helpers import assert_survived_the_ctrl_c, kill_script, run_script

import algnet.homotopy as H
from algnet import interrupts
from algnet.homotopy.homotopies import StraightLineHomotopy
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem

SEEN = []


def _note():
    SEEN.append(signal.getsignal(signal.SIGINT))


class NotingSystem(PolynomialSystem):
    """A polynomial system whose evaluations note the SIGINT handler in place."""

    def evaluate(self, X, P=None):
        _note()
        return super().evaluate(X, P)

    def evaluate_ball(self, x, p=None):
        _note()
        return super().evaluate_ball(x, p)


class NotingFamily(OffsetFamily):
    """An offset family whose evaluations note the SIGINT handler in place."""

    def evaluate(self, X, P=None):
        _note()
        return super().evaluate(X, P)

    def param_derivative(self, X, P, dP):
        _note()
        return super().param_derivative(X, P, dP)


def _cubic():
    """x^3 - 8 (roots 2, 2 w, 2 w^2) and its start system x^3 - 1 (the cube roots of unity)."""
    F = NotingSystem.from_terms([{(3,): 1, (0,): -8}])
    G = PolynomialSystem.from_terms([{(3,): 1, (0,): -1}])
    return F, StraightLineHomotopy(G, F, gamma=np.exp(0.7j)), np.exp(2j * np.pi * np.arange(3) / 3)[:, None]


def _double():
    """(x - 1)^2 from x^2 - 4: two paths into the double root 1 (the endgame's case)."""
    F = NotingSystem.from_terms([{(2,): 1, (1,): -2, (0,): 1}])
    G = PolynomialSystem.from_terms([{(2,): 1, (0,): -4}])
    return StraightLineHomotopy(G, F, gamma=np.exp(0.3j)), np.array([[2.0], [-2.0]])


def _square_family():
    """x^2 = p (OffsetFamily of x^2): at p = 4 the roots 2 and -2."""
    return NotingFamily(PolynomialSystem.from_terms([{(2,): 1}]))


def _drive_a_tracker():
    _, hom, X0 = _cubic()
    tr = H.make_tracker(hom, 1)
    tr.add(X0)
    while tr.active:
        tr.finish(tr.step())
    return tr.result()


def _near_the_end(r=0.01):
    """The points of :func:`_double`'s paths at t = 1 - r: roots of (1 - t) g (x^2 - 4) + t (x - 1)^2."""
    g, t = np.exp(0.3j), 1 - r
    return np.roots([(1 - t) * g + t, -2 * t, -4 * (1 - t) * g + t])[:, None]


def _endgame_loop():
    return H.cauchy_loop(_double()[0], _near_the_end(), 0.01)


CALLS = {
    "track": lambda: H.track(_cubic()[1], _cubic()[2]),
    "make_tracker": _drive_a_tracker,
    "total_degree_solve": lambda: H.total_degree_solve(_cubic()[0], seed=0),
    "certify": lambda: H.certify(_cubic()[0], 2 * _cubic()[2]),
    "krawczyk": lambda: H.krawczyk(_cubic()[0], np.array([2.0 + 0j])),
    "cauchy_loop": _endgame_loop,
    "cauchy_endgame": lambda: H.cauchy_endgame(_double()[0], _near_the_end(), radius=0.01),
    "track_with_endgame": lambda: H.track_with_endgame(*_double()),
    "track_parameters": lambda: H.track_parameters(_square_family(), np.array([[1.0]]), [1.0], [4.0]),
    "monodromy_solve": lambda: H.monodromy_solve(_square_family(), np.array([2.0]), [4.0], seed=1,
                                                 target_count=2),
    "MonodromySolver.solve": lambda: H.MonodromySolver(_square_family()).solve(np.array([2.0]), [4.0], seed=1,
                                                                               target_count=2),
    "trace_test": lambda: H.trace_test(_square_family(), np.array([[2.0], [-2.0]]), [4.0], seed=1),
}
#: public functions that evaluate no system (constructors, a numpy clustering)
EVALUATE_NOTHING = {"katsura", "cyclic", "random_dense_system", "distinct_points"}


def test_every_public_function_is_checked_or_evaluates_nothing():
    functions = {name for name in H.__all__ if inspect.isfunction(getattr(H, name))}
    assert functions and functions == (set(CALLS) - {"MonodromySolver.solve"}) | EVALUATE_NOTHING


#: where each public function of the package is defined: the name there must be the protected function itself
DEFINED_IN = {
    "track": "algnet.homotopy.tracker", "make_tracker": "algnet.homotopy.tracker",
    "total_degree_solve": "algnet.homotopy.solve",
    "certify": "algnet.homotopy.certify", "krawczyk": "algnet.homotopy.krawczyk",
    "cauchy_loop": "algnet.homotopy.endgame", "cauchy_endgame": "algnet.homotopy.endgame",
    "track_with_endgame": "algnet.homotopy.endgame",
    "track_parameters": "algnet.homotopy.monodromy", "monodromy_solve": "algnet.homotopy.monodromy",
    "trace_test": "algnet.homotopy.monodromy.trace",
}


@pytest.mark.parametrize("name", sorted(DEFINED_IN))
def test_the_defining_modules_name_is_the_protected_function(name):
    """``from algnet.homotopy.endgame import cauchy_loop`` (etc.) gets the function the package checks above: the
    same object, a wrapper (``__wrapped__``) whose call runs under algnet's handler."""
    import importlib

    module = importlib.import_module(DEFINED_IN[name])
    if name == "certify":
        import sys

        module = sys.modules["algnet.homotopy.certify"]     # the package's attribute is the function
    fn = getattr(module, name)
    assert fn is getattr(H, name)
    assert inspect.unwrap(fn) is not fn and inspect.unwrap(fn).__module__ == DEFINED_IN[name]


def test_every_checked_function_has_its_defining_module():
    assert set(DEFINED_IN) == set(CALLS) - {"MonodromySolver.solve"}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_public_function_evaluates_under_algnets_handler(name):
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)      # a script's, a notebook's
    try:
        SEEN.clear()
        CALLS[name]()
        after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert SEEN, "no evaluation noted"
    assert all(h is interrupts._counting_handler for h in SEEN), {h for h in SEEN}
    assert after is signal.default_int_handler


def test_the_compiled_trackers_work_arrays_are_made_under_algnets_handler(monkeypatch):
    """``batched_work`` (its kernel ``_scratch`` returns the 16 work arrays: the tuple whose boxing crashed)."""
    from algnet.homotopy import batched

    inner = batched._scratch

    def noting(*args):
        _note()
        return inner(*args)

    monkeypatch.setattr(batched, "_scratch", noting)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        SEEN.clear()
        work = batched.batched_work(np.array([1.0 + 0j, 2.0 + 0j]), 1, 1, 4)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(work) == 2 and SEEN == [interrupts._counting_handler]


def test_the_compiled_trackers_step_and_finish_run_under_algnets_handler(monkeypatch):
    """A compiled tracker of ``make_tracker`` driven by its caller (a traceable family: its tape's kernels)."""
    from algnet.homotopy.compiled import CompiledPathTracker
    from algnet.homotopy.homotopies import ParameterHomotopy

    def noting(name, inner):
        def method(self, *args):
            SEEN.append((name, signal.getsignal(signal.SIGINT)))
            return inner(self, *args)

        return method

    for name in ("_step", "_finish_rows", "_classify"):        # the kernel calls of step and of finish's two routes
        monkeypatch.setattr(CompiledPathTracker, name, noting(name, getattr(CompiledPathTracker, name)))
    fam = OffsetFamily(PolynomialSystem.from_terms([{(3,): 1}]))           # x^3 = p, from p = 1 to p = 8
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        SEEN.clear()
        tr = H.make_tracker(ParameterHomotopy(fam, [1.0], [8.0]), 1)
        tr.add(np.exp(2j * np.pi * np.arange(3) / 3)[:, None])
        while tr.active:
            tr.finish(tr.step())
    finally:
        signal.signal(signal.SIGINT, previous)
    assert isinstance(tr, CompiledPathTracker) and np.allclose(np.abs(tr.X[:, 0]), 2.0)
    names = {name for name, _ in SEEN}
    assert "_step" in names and names & {"_finish_rows", "_classify"}
    assert all(h is interrupts._counting_handler for _, h in SEEN)


def test_a_handler_of_the_callers_own_is_kept():
    def mine(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, mine)
    try:
        SEEN.clear()
        H.certify(_cubic()[0], 2 * _cubic()[2])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert SEEN and all(h is mine for h in SEEN)


SCRIPT = kill_script(r"""
import numpy as np
import algnet.homotopy as H
from algnet.homotopy.homotopies import StraightLineHomotopy
from algnet.homotopy.systems import PolynomialSystem

@numba.njit(cache=False)
def through(pid, sig, a, b, c):
    kill(pid, sig)                      # the Ctrl-C arrives while the compiled code runs
    return a.copy(), b.copy(), c.copy()

CALLS = {"n": 0, "at": int(sys.argv[1])}

class Through(StraightLineHomotopy):
    def evaluate(self, X, T, idx=None):
        CALLS["n"] += 1
        sig = signal.SIGINT if CALLS["n"] == CALLS["at"] else 0
        return through(os.getpid(), sig, *super().evaluate(X, T, idx))

F = PolynomialSystem.from_terms([{(3,): 1, (0,): -8}])
G = PolynomialSystem.from_terms([{(3,): 1, (0,): -1}])
X0 = np.exp(2j * np.pi * np.arange(3) / 3)[:, None]

def call():
    return H.track(Through(G, F, gamma=np.exp(0.7j)), X0)
""")


@pytest.mark.skipif(os.name != "posix", reason="libc kill, POSIX signals")
@pytest.mark.parametrize("at", [1, 5])
def test_a_ctrl_c_in_a_kernels_result_ends_the_track_and_the_process_goes_on(at):
    """``at``: the evaluation that gets the Ctrl-C (1: the process's first boxing of the result's types)."""
    assert_survived_the_ctrl_c(run_script(SCRIPT, str(at)))
