"""A time limit that stops the region enumeration of the functional dimension: the rank at the regions finished
is a lower bound (the rows of a subset of the regions span a subspace of the rows of all), marked partial, never
the answer; the CLI says so and exits with the partial status."""

import json
import time

from algnet import guards
from algnet.cli import main
from algnet.errors import TooLargeError
from algnet.relu.model import fractions_array
from algnet.relu.model_fd import model_functional_dimension
from algnet.relu.model_ops import Activation
from relu_model_helpers import deep_relu_model


def _leaky_model():
    """A leaky ReLU 2-10-10-10-1 (not an MLP of ReLUs: its own exact regions, model_regions)."""
    m = deep_relu_model(2, 10, seed=0, hidden=3)
    for n in m.nodes:
        if isinstance(n.op, Activation):
            n.op.slopes = fractions_array(["1/10"] * len(n.op.slopes))
            n.op.name = "leaky_relu"
    return m


def _limits(seconds):
    """Time limits that stop an enumeration of ``seconds`` CPU seconds partway (the Jacobian takes longer)."""
    return [seconds * f for f in (0.2, 0.4, 0.6, 0.8)]


LIMIT = 1.0     # CPU seconds: the model's regions before a cut take far less; a spin then reaches the limit


def _spin():
    t = time.process_time()
    while time.process_time() - t < 600:       # ended by the cap's KeyboardInterrupt
        pass


def test_partial_regions_give_a_lower_bound_of_the_full_value(monkeypatch):
    """The enumeration is cut at a known step, whatever the machine's speed: after k node steps the work spins until
    the CPU limit fires (the spin never ends by itself)."""
    # the refusals by estimate would stop a short time limit before the enumeration; only the cut is tested here
    monkeypatch.setattr(guards, "check_resources", lambda *a, **k: 0)
    import algnet.relu.model_regions as model_regions

    m = _leaky_model()
    full = model_functional_dimension(m)
    assert not full.partial and full.stopped == ""
    real, calls = model_regions._node_step, [0]

    def step(*a):
        calls[0] += 1
        if calls[0] == cut_at[0]:
            _spin()
        return real(*a)

    cut_at = [0]
    monkeypatch.setattr(model_regions, "_node_step", step)
    model_regions.model_regions(m, plane=True)
    total = calls[0]                                     # the node steps of the whole enumeration
    cut = []
    for frac in (0.05, 0.3, 0.6, 0.9):
        calls[0], cut_at[0] = 0, max(1, int(total * frac))
        try:
            r = model_functional_dimension(m, time_limit=LIMIT)
        except TooLargeError:       # no region finished before the cut
            continue
        assert calls[0] == cut_at[0] and r.partial       # cut at that step, not before
        cut.append(r)
        assert r.functional_dimension <= full.functional_dimension
        assert r.regions < full.regions and "time limit" in r.stopped
        assert "PARTIAL" in r.scope and "lower bound" in r.scope
        assert r.certified is (r.functional_dimension == r.bound)
        d = r.as_dict()
        assert d["partial"] is True and d["partial_reason"].startswith("stopped at the time limit")
        if not r.certified:
            assert r.evidence.partial and ">=" in r.evidence.proves
    assert len(cut) >= 3, "the cuts did not stop the enumeration partway"
    assert sorted(r.regions for r in cut) == [r.regions for r in cut]        # later cuts keep more regions
    assert any(r.functional_dimension < full.functional_dimension for r in cut)


def test_fd_cli_time_limit_marks_the_partial_value(monkeypatch, capsys):
    from algnet import parse_spec
    from algnet.relu.functional import functional_dimension

    monkeypatch.setattr(guards, "check_resources", lambda *a, **k: 0)
    spec, seed = "relu 2-8-8-8-1", "0"
    net = parse_spec(spec)
    theta = net.random_params(seed=0)
    full = functional_dimension(net, theta)
    from algnet.relu.regions import linear_regions

    import algnet.relu.functional as functional

    t = time.process_time()
    linear_regions(net, theta, plane=True)
    seconds = time.process_time() - t
    # one --time-limit for the whole run: the regions get what the batch rank before them left; measure that
    # first step (two inputs, a few milliseconds) by the time the regions are handed
    handed, real = [], functional.functional_dimension
    monkeypatch.setattr(functional, "functional_dimension",
                        lambda *a, **k: handed.append(k["time_limit"]) or real(*a, **k))
    main(["fd", spec, "--seed", seed, "--batch", "2", "--time-limit", "1000", "--json"])
    capsys.readouterr()
    first = 1000 - handed[0]
    seen = False
    for limit in [first + s for s in _limits(seconds)]:
        status = main(["fd", spec, "--seed", seed, "--batch", "2", "--time-limit", f"{limit:.6f}", "--json"])
        d = json.loads(capsys.readouterr().out)
        if d.get("regions_partial") is None:
            continue
        seen = True
        assert d["regions"] < full.regions and d["functional_dimension"] <= full.functional_dimension
        if d["exact"]:
            assert status == 0 and d["functional_dimension"] == d["bound"]
        else:
            assert status == 3 and d["partial"] is True and "lower bound" in d["partial_reason"]
            for _ in range(8):      # the same cut again (the CPU time before the regions varies by milliseconds)
                main(["fd", spec, "--seed", seed, "--batch", "2", "--time-limit", f"{limit:.6f}"])
                out = capsys.readouterr().out
                if "stopped at the time limit" in out:
                    break
            assert "PARTIAL" in out and "functional dimension >=" in out and "functional dimension =" not in out
        break
    assert seen, "no time limit stopped the enumeration partway"
