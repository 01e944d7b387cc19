"""bench/_degree_phases.py: the per-phase breakdown of a degree run times the code it names, and leaves it as it was."""

import importlib
import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "_degree_phases.py"


@pytest.fixture(scope="module")
def phases_module():
    spec = importlib.util.spec_from_file_location("_degree_phases", _PATH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _targets(mod):
    out = []
    for module, path, _ in mod.TIMED:
        owner = importlib.import_module(module)
        *parents, name = path.split(".")
        for p in parents:
            owner = getattr(owner, p)
        out.append(owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name))
    return out


def test_every_timed_call_is_reached_and_restored(phases_module):
    before = _targets(phases_module)
    rows = phases_module.phases("linear 2-2-2", seeds=(0,), runs=1)
    assert _targets(phases_module) == before            # the wrappers are gone after the measurement
    # a pinned witness system (linear 2-2-2: 8 weights, dim M = 4, 4 pinned): every phase below ran
    for name in ("witness_setup", "tape record", "  trace", "  row reduction", "kernel calls (this thread)",
                 "keys: NetworkValues.values", "keys: FixedPinFamily.full"):
        assert rows[name][0] > 0, name
    assert rows["whole degree call"][0] > rows["tape record"][0] + rows["kernel calls (this thread)"][0]
