"""The source hash of the store of solved network structures covers every algnet module the structure-level solve
depends on: a record is keyed by that hash, so after an edit to a module it does not cover, a record written by the
old code would still be read and its count (taken without a new proof) could be stale, silently.

Truth: the set of modules is derived, not listed by hand. A fresh process (empty store, nothing remembered) solves
and records small structures by each route the store records (multihomogeneous, and total degree) under a Python
tracer that notes the file of every algnet function that runs; to that it adds what the tracer cannot see or what a
branch not taken would reach: the modules a function that ran imports lazily (also in a branch not taken), and the
numba kernels such a function names with everything compiled into them (their Python functions run as machine
code). A structure of the monodromy route records nothing (checked here), so its modules are not the store's.
Modules that cannot change a recorded answer are excluded explicitly (:data:`NOT_ANSWERS`). The hashed set is the
store's own lists plus the modules of the networks' classes and bases.
"""

import dis
import inspect
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import algnet
from algnet.analyses.critical import structure_store as store
from algnet.analyses.critical.tape_store import TAPE_SOURCES

ROOT = Path(algnet.__file__).resolve().parent

#: (network, loss kind, route: "auto" as the store chooses, or forced)
CASES = (("linear 2-1-2", "generic", "auto"), ("linear 2-1-2", "frobenius", "auto"),
         ("dense 2-1-1 r=2", "generic", "total degree"), ("linear 3-2-3", "generic", "auto"))

#: modules the solve runs that cannot change what a record holds (paths relative to algnet/)
NOT_ANSWERS = {
    "__init__.py",                              # the package's names and version (a record's metadata only)
    "errors.py",                                # exception classes and their messages
    "display.py",                               # notebook display of results
    "evidence.py",                              # a result's evidence record; a structure record keeps numbers
    "guards.py",                                # resource estimates that refuse early (raise), Ctrl-C counting
    "interrupts.py",                            # Ctrl-C seen: an interrupted solve is not recorded
    "time_caps.py",                             # a capped solve is incomplete: recorded as failed, never counted
    "analyses/critical/source_stat_key.py",     # the cache of the hash itself (by file size and mtime)
    "analyses/critical/structure_prune.py",     # removal of records no process reads
}


def _solve(spec, kind, route, seed=5):
    from algnet import parse_spec
    from algnet.analyses.critical import small, warm

    net = parse_spec(spec)
    dim = small.remembered_dimension(net, 0)
    if route == "auto":
        w = store.stored_or_solved(net, kind, dim, seed)
    else:       # as stored_or_solved does, with the route forced
        built = warm._structure_family(net, kind, dim, seed, route=route)
        w = warm._establish(net, kind, dim, seed, built)
        store.remember(store.key_of(net, kind, seed), "no entry", built, w, dim, seed)
    return net, w


def _class_files(net):
    return {inspect.getsourcefile(c) for c in type(net).__mro__ if c.__module__.split(".")[0] == "algnet"}


def _inner(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from _inner(c)


def _module_file(name):
    f = getattr(sys.modules.get(name), "__file__", None)
    return f and str(Path(f).resolve())


def _imported(code):
    """The files of the algnet modules the code imports (``from m import x``: x's own module when x is a module, a
    function or a class, else m's)."""
    out, mod = set(), None
    for ins in dis.get_instructions(code):
        if ins.opname == "IMPORT_NAME":
            mod = ins.argval if ins.argval.startswith("algnet") else None
            if mod and _module_file(mod):
                out.add(_module_file(mod))
        elif ins.opname == "IMPORT_FROM" and mod:
            x = getattr(sys.modules.get(mod), ins.argval, None)
            name = x.__name__ if isinstance(x, types.ModuleType) else getattr(x, "__module__", None)
            if name and name.startswith("algnet") and _module_file(name):
                out.discard(_module_file(mod))
                out.add(_module_file(name))
    return out


def _kernels(code, g, compiled):
    """(code, globals) of the numba kernels the code names (inside a kernel: every algnet function it names)."""
    names = set(code.co_names)
    vals = []
    for n in names:
        v = g.get(n)
        if isinstance(v, types.ModuleType):        # an algnet module's attributes the code names (kernels.f)
            vals += [getattr(v, a, None) for a in names] if v.__name__.startswith("algnet") else []
        else:
            vals.append(v)
    out = []
    for v in vals:
        py = getattr(v, "py_func", None) if not isinstance(v, types.ModuleType) else None
        fn = py if isinstance(py, types.FunctionType) else None
        if fn is None and compiled and isinstance(v, types.FunctionType):
            fn = v
        if fn is not None and fn.__code__.co_filename.startswith(str(ROOT)):
            out.append((fn.__code__, fn.__globals__))
    return out


def _derived(ran):
    """The files of the code objects that ran (``ran``: code -> globals), their lazy imports and their kernels."""
    files = {str(Path(c.co_filename).resolve()) for c in ran}
    todo, seen = [(c, g, False) for c, g in ran.items()], set()
    while todo:
        code, g, compiled = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        for c in _inner(code):
            files |= _imported(c)
            for k in _kernels(c, g, compiled):
                files.add(str(Path(k[0].co_filename).resolve()))
                todo.append((*k, True))
    return files


def _main():
    """Run in a fresh process: solve and record :data:`CASES` under the tracer; print what ran and what is hashed."""
    import threading

    ran = {}
    root = str(ROOT)

    def tracer(frame, event, arg):
        if frame.f_code not in ran and frame.f_code.co_filename.startswith(root):
            ran[frame.f_code] = frame.f_globals

    hashed = {str((Path(store.__file__).parent / f).resolve()) for f in store.STRUCTURE_SOURCES}
    hashed |= {str((ROOT / f).resolve()) for f in store.SOLVE_SOURCES}
    hashed |= {str(Path(p).resolve()) for p in TAPE_SOURCES}
    out = {"cases": []}
    sys.settrace(tracer)
    threading.settrace(tracer)
    try:
        for spec, kind, route in CASES:
            net, w = _solve(spec, kind, route)
            hashed |= {str(Path(f).resolve()) for f in _class_files(net)}
            out["cases"].append([spec, kind, route, None if w is None else w.count,
                                 len(list(store.cache_dir().glob("*.struct")))])
    finally:
        sys.settrace(None)
        threading.settrace(None)
    out["ran"] = sorted({str(Path(c.co_filename).resolve()) for c in ran})
    out["derived"] = sorted(_derived(ran))
    out["hashed"] = sorted(hashed)
    print(json.dumps(out))


@pytest.fixture(scope="module")
def solve_modules(tmp_path_factory):
    env = dict(os.environ, ALGNET_CACHE_DIR=str(tmp_path_factory.mktemp("store")),
               PYTHONPATH=os.pathsep.join([str(ROOT.parent), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, __file__], capture_output=True, text=True, env=env, cwd=str(ROOT.parent))
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    rel = {k: {os.path.relpath(f, ROOT) for f in got[k]} for k in ("ran", "derived", "hashed")}
    return got["cases"], rel


def _missing(rel):
    return sorted(rel["derived"] - rel["hashed"] - NOT_ANSWERS)


def test_the_derivation_sees_the_solve_of_each_recorded_route(solve_modules):
    cases, rel = solve_modules
    # each small route solved and recorded (one file each); the monodromy route's structure is not recorded
    (_, _, _, n1, f1), (_, _, _, n2, f2), (_, _, _, n3, f3), (_, _, _, n4, f4) = cases
    assert n1 and n2 == 2 and n3 and (f1, f2, f3) == (1, 2, 3)      # Eckart-Young: 2 for linear 2-1-2 Frobenius
    assert n4 is None and f4 == 3
    # the tracer saw both routes' own modules and the tracker, and the kernels were added (they run as machine code)
    assert {"analyses/critical/multihom_start.py", "analyses/critical/total_degree.py",
            "homotopy/tracker.py", "analyses/dimension.py"} <= rel["ran"]
    assert "homotopy/kernels.py" in rel["derived"]
    assert NOT_ANSWERS <= rel["derived"] | rel["hashed"], "an exclusion the solve no longer runs: remove it"


def test_every_module_of_the_structure_solve_is_hashed(solve_modules):
    _, rel = solve_modules
    assert not _missing(rel), _missing(rel)


if __name__ == "__main__":
    _main()
