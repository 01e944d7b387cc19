"""The registry of analyses: entries, options as CLI flags, JSON keys and one evidence record everywhere."""

import dataclasses
import json

import pytest

from algnet.cli import build_parser, cli_syntax, main
from algnet.errors import ParameterError
from algnet.evidence import EVIDENCE_KEYS, Evidence
from algnet.registry import Option, analyses, get_analysis

# one small case per analysis (fast), with options
CASES = {
    "dimension": ("linear 2-1-2", {}),
    "degree": ("dense 2-2-1 r=4", {}),  # no theorem applies: auto runs monodromy
    "implicit": ("linear 3-1-2", {"max_degree": 2}),
    "hilbert": ("linear 3-1-3", {"up_to": 3}),
    "singular": ("linear 2-1-2", {"depth": 1}),
    "fibers": ("linear 2-1-2", {"method": "none"}),
}
COMMANDS = {"dimension": "dim", "degree": "degree", "implicit": "implicit", "hilbert": "hilbert",
            "singular": "singular", "fibers": "fibers"}


@pytest.fixture(scope="module")
def results():
    return {name: get_analysis(name).run(spec, seed=3, **opts) for name, (spec, opts) in CASES.items()}


def test_every_analysis_is_registered_with_its_aliases():
    assert set(CASES) <= set(analyses())
    assert get_analysis("dim").name == "dimension"
    assert get_analysis("implicitize").name == "implicit"
    assert get_analysis("strata").name == "singular"
    assert get_analysis("identifiability").name == "fibers"


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_keys_and_evidence_record(results, name):
    a, res = get_analysis(name), results[name]
    assert isinstance(res, a.result_type)
    d = res.as_dict()
    assert set(d) == set(a.json_keys), set(d) ^ set(a.json_keys)
    assert isinstance(res.evidence, Evidence)
    # the same field names everywhere, and the seed actually used
    assert tuple(d["evidence"]) == EVIDENCE_KEYS
    assert d["evidence"]["seed"] == 3 == d["seed"]
    json.dumps(d, default=str)


@pytest.mark.parametrize("name", ["degree", "implicit", "hilbert", "singular", "fibers"])
def test_results_computed_from_the_dimension_keep_its_evidence(results, name):
    dim_ev = get_analysis("dimension").run(CASES[name][0], seed=3).evidence
    dep = results[name].depends_on
    assert len(dep) == 1
    assert (dep[0].method, dep[0].certified, dep[0].proves) == (dim_ev.method, dim_ev.certified, dim_ev.proves)


def test_evidence_says_what_is_proved(results):
    # linear 2-1-2: 2x2 matrices of rank <= 1, dimension 3, certified (it meets the symmetry bound)
    assert results["dimension"].evidence.certified
    # a degree by monodromy rests on a numerical trace test: never "certified"
    deg = results["degree"]
    assert deg.method == "monodromy" and not deg.evidence.certified
    # a degree by a theorem's closed form is; it does not depend on the computed dimension
    formula = get_analysis("degree").run("linear 3-1-3", seed=0, method="formula")
    assert formula.degree == 6 and formula.evidence.certified and formula.evidence.depends_on == ()
    # ranks mod p are lower bounds: the Hilbert function is never certified
    assert not results["hilbert"].evidence.certified
    assert results["hilbert"].evidence.probability_bound > 0


def test_options_are_typed_and_checked():
    a = get_analysis("implicit")
    assert a.check_options({"max_degree": "4", "time_limit": "2.5"}) == {"max_degree": 4, "time_limit": 2.5}
    for bad in ({"max_degree": "0"}, {"max_degree": True}, {"time_limit": "nan"}, {"time_limit": "-1"},
                {"grading": "bogus"}, {"max_degre": 3}):
        with pytest.raises(ParameterError):
            a.check_options(bad)


def _help(command):
    parser = build_parser()
    sub = next(act for act in parser._actions if act.dest == "command")
    return sub.choices[command].format_help()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_sub_command_flags_come_from_the_registry(name):
    text = _help(COMMANDS[name])
    for o in get_analysis(name).options:
        assert o.flag in text, (o.flag, name)
    assert "--map FILE" in text and "--seed" in text


def test_an_option_added_to_the_entry_becomes_a_flag(monkeypatch):
    import algnet.registry as reg

    a = get_analysis("fibers")
    extra = dataclasses.replace(a, options=a.options + (Option("extra_knob", int, None, "a new knob"),),
                                _by_name={})
    monkeypatch.setitem(reg._REGISTRY, "fibers", extra)
    text = _help("fibers")
    assert "--extra-knob" in text and "a new knob" in text


def test_boolean_on_by_default_is_a_no_flag():
    text = _help("degree")
    assert "--no-certify" in text
    fiber = next(o for o in get_analysis("degree").options if o.name == "fiber")
    assert fiber.flag == ("--no-fiber" if fiber.default else "--fiber")


def test_bad_flag_value_is_a_cli_error(capsys):
    assert main(["degree", "linear 2-1-2", "--hilbert-up-to", "x"]) == 2
    err = capsys.readouterr().err
    assert "--hilbert-up-to" in err and "hilbert_up_to=" not in err


def test_hints_are_printed_in_cli_syntax(capsys):
    # 126 coordinates, degree 4: refused by the size guard with a hint naming the cheaper routes
    assert main(["implicit", "dense 6-6-6 r=2", "--max-degree", "4"]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and "force=True" not in err and "max_degree" not in err


def test_cli_syntax_leaves_spec_tokens_alone():
    assert cli_syntax("e.g. dense 3-2-1 r=2 or pass seed=0") == "e.g. dense 3-2-1 r=2 or pass --seed 0"
    assert cli_syntax("use certify=False") == "use --no-certify"


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("seed", [-1, 1.5, True, "3"])
def test_bad_seeds_are_algnet_errors(name, seed):
    spec, opts = CASES[name]
    with pytest.raises(ParameterError):
        get_analysis(name).run(spec, seed=seed, **opts)


def test_registering_before_the_registry_is_read_keeps_the_built_in_analyses():
    # a fresh interpreter, where nothing has read the registry yet: the analyses of the README ("dimension",
    # "degree", ..., "fd") are registered, so "degree" is taken (register: "its name and aliases must be new")
    # and a new name joins them; it used to replace the built-in "degree" and hide every other analysis
    import subprocess
    import sys

    code = """
from algnet.errors import ParameterError
from algnet.registry import Analysis, analyses, get_analysis, register
mine = lambda net, seed=None: "mine"
try:
    register(Analysis("degree", mine))
    print("accepted")
except ParameterError:
    print("refused")
register(Analysis("my_count", mine))
print(get_analysis("degree").function is not mine, {"dimension", "fd", "my_count"} <= set(analyses()))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["refused", "True", "True"]


@pytest.mark.parametrize("name", [["dim"], {"dim": 1}, 5, None])
def test_an_analysis_name_that_is_not_a_string_is_refused(name):
    # a list or a dict raised Python's "unhashable type" instead of the registry's error
    with pytest.raises(ParameterError, match="unknown analysis"):
        get_analysis(name)
