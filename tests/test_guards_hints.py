"""Every route a refusal's hint names passes its own estimate on the refused network, and a route that would be
refused too is not named (before, the Hilbert and implicitization refusals named monodromy and a larger
--time-limit for conv k=20,20,20 r=2 and attention networks, where neither can run)."""

import pytest

from algnet import guards, parse_spec
from algnet.analyses.critical.estimate import check_critical
from algnet.analyses.degree_estimate import check_witness_memory
from algnet.analyses.dimension_estimate import check_dimension_resources
from algnet.analyses.hilbert.engine import MAX_MONOMIALS, MAX_PIECE, GradedEngine, check_setup
from algnet.analyses.routes_estimate import cheaper_routes, critical_routes, strata_routes
from algnet.analyses.singular.estimate import strata_estimate
from algnet.cli import main
from algnet.errors import TooLargeError

CONV = "conv k=20,20,20 r=2"                      # 521,855 coordinates; a theorem gives its degree
ATTENTION = "attention d=4,3,3,2 a=2,2,2 t=3"     # 7.2e9 coordinates; no theorem gives its degree


def _hint(err: str) -> str:
    return err.split("hint:")[1]


def _check_named_routes(net, hint):
    """Each degree/dimension route named in ``hint`` passes its own check; the monodromy route is named iff its
    witness system fits and no theorem applies."""
    if "dim" in hint:
        check_dimension_resources(net)                   # refused -> TooLargeError fails the test
    formula = net.expected_degree() is not None
    assert ("formula" in hint) == formula
    if "monodromy" in hint:
        assert not formula
        check_witness_memory(net, min(net.n_params, net.ambient_dimension))


@pytest.mark.parametrize("command", ["hilbert", "implicit"])
@pytest.mark.parametrize("spec", [CONV, ATTENTION])
def test_graded_refusal_of_huge_networks_names_only_routes_that_run(command, spec, capsys):
    assert main([command, spec]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "more than this machine has" in err
    hint = _hint(err)
    # neither the monodromy witness system nor any time limit lets these run; force is refused as impossible
    assert "monodromy" not in hint and "--time-limit" not in hint and "--force" not in hint
    assert "algnet dim" in hint
    net = parse_spec(spec)
    _check_named_routes(net, hint)
    with pytest.raises(TooLargeError):      # why monodromy is not named: refused too, even forced
        check_witness_memory(net, min(net.n_params, net.ambient_dimension), force=True)


def test_the_conv_degree_route_is_the_theorems_and_runs(capsys):
    assert main(["hilbert", CONV]) == 2
    assert "algnet degree --method formula" in capsys.readouterr().err
    # the route named: the theorem's value, without building anything (Shahverdi-Marchetti-Kohn Thm. 2.8)
    assert main(["degree", CONV, "--method", "formula", "--seed", "0"]) == 0
    assert "method: formula" in capsys.readouterr().out


def test_lower_degree_and_monodromy_named_only_when_their_checks_pass(capsys):
    spec = "dense 6-6-6 r=2"            # 11,358,880 monomials up to degree 4 in 126 coordinates
    assert main(["implicit", spec, "--max-degree", "4"]) == 2
    hint = _hint(capsys.readouterr().err)
    assert "--max-degree 3" in hint and "algnet degree --method monodromy" in hint
    net = parse_spec(spec)
    _check_named_routes(net, hint)
    engine = GradedEngine(net, seed=0)
    assert engine.check_size(3, MAX_MONOMIALS, MAX_PIECE, False, "implicitization") == 3   # the lower degree passes


@pytest.mark.parametrize("limit, offered", [("1G", False), (None, True)])
def test_time_limit_named_only_when_the_memory_fits(monkeypatch, limit, offered):
    # dense 30-30-30 r=2: the set-up needs 49.6 GiB (measured peaks: about 39) and hours; a larger time limit
    # helps only within the memory
    net = parse_spec("dense 30-30-30 r=2")
    monkeypatch.setattr(guards, "machine_memory", lambda: 2**41)      # a machine it fits on (forced)
    monkeypatch.setattr(guards, "memory_limit", lambda: 2**30 if limit else 2**40)
    with pytest.raises(TooLargeError) as e:
        check_setup(net, "auto", False, None, "Hilbert function")
    assert ("time_limit=" in e.value.hint) == offered
    assert "force=True" in e.value.hint                  # above the limit, within the machine: force is a route
    assert 2**30 < e.value.memory_bytes < 2**40           # 49.6 GiB: above the first limit, within the second


def test_time_limit_of_years_is_not_named(monkeypatch):
    monkeypatch.setattr(guards, "memory_limit", lambda: 2**60)
    hint = cheaper_routes(parse_spec("linear 2-1-2"), memory=1.0, seconds=3.4e8)       # 10.9 years
    assert "time_limit" not in hint
    assert "time_limit" in cheaper_routes(parse_spec("linear 2-1-2"), memory=1.0, seconds=600.0)


@pytest.mark.parametrize("spec", ["dense 8-8-8 r=2", CONV, "linear 12-6-12"])
@pytest.mark.parametrize("loss", ["generic", "frobenius"])
def test_critical_hint_names_the_count_alone_iff_it_passes(spec, loss):
    net = parse_spec(spec)
    hint = critical_routes(net, loss, classify=True, samples=None, memory=1.0, seconds=1.0,
                           budget=guards.DEFAULT_BUDGET)
    named = "algnet ed-degree" in hint
    try:
        check_critical(net, loss, what="ED degree", classify=False)
        passes = True
    except TooLargeError:
        passes = False
    assert named == passes, hint
    _check_named_routes(net, hint)


def test_critical_refusal_above_the_machine_names_no_time_limit(capsys):
    assert main(["critical", CONV]) == 2
    hint = _hint(capsys.readouterr().err)
    assert "--time-limit" not in hint and "--force" not in hint and "ed-degree" not in hint


@pytest.mark.parametrize("spec, depth", [(CONV, 2), ("dense 4-4-4-4 r=2", 3)])
def test_strata_hint_names_a_lower_depth_iff_it_passes(spec, depth):
    net = parse_spec(spec)
    hint = strata_routes(net, depth, memory=1.0, seconds=1.0, budget=guards.DEFAULT_BUDGET)
    fits = [d for d in range(1, depth) if strata_estimate(net, d)["cpu_seconds"] <= guards.DEFAULT_BUDGET
            and strata_estimate(net, d)["memory"] <= guards.memory_limit()]
    assert (f"depth={max(fits)}" in hint) if fits else ("depth" not in hint), hint
