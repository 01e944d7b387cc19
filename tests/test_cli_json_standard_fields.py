"""``--json`` of every sub-command that computes a result: one valid JSON document on stdout, with the fields the
standards ask of every result at its top level -- ``method`` (how), ``seed`` (the seed actually used: an integer
also when the user gave none, null only where nothing random was drawn), ``certified`` and ``partial`` -- and the
keys the README documents for it.

Run through ``algnet.cli.main`` in this process; the commands that compile the numerical kernels on their first
run in an installation (degree, critical, ed-degree, voronoi) are in the slow test.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from algnet.cli import main
from algnet.cli._common import STANDARD_FIELDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: (argv, whether the command draws random numbers: then ``seed`` is an integer)
QUICK = [
    (["dim", "linear 2-1-2"], True), (["hilbert", "linear 3-1-2", "--up-to", "2"], True),
    (["implicit", "linear 3-1-2", "-d", "2"], True), (["singular", "linear 2-1-2"], True),
    (["fibers", "linear 2-1-2"], True), (["fd", "relu 2-3-1"], True), (["regions", "relu 2-3-1"], True),
    (["local-complexity", "relu 2-3-1", "--data", "{d}/pts.npz", "--radius", "0.1"], True),
    (["superposition", "--n", "3", "--m", "2", "--steps", "30"], True),
    (["superposition", "thomson", "--n", "4", "--m", "3", "--starts", "2"], True),
    (["superposition", "loss1", "--polygon", "5"], False),
    (["superposition", "loss1", "--polygon", "4", "--full-loss", "0.9"], True),
]
#: ``certified`` of degree, critical and ed-degree is the number of Krawczyk-certified points (null on the formula
#: route: nothing was tracked), as issue 12's list of count keys has it and the README documents; whether the
#: result as a whole is certified is ``evidence.certified`` there
COUNTS_CERTIFIED = {"degree", "critical", "ed-degree"}
SLOW = [(["degree", "linear 2-1-2"], True), (["critical", "linear 2-1-2"], True),
        (["ed-degree", "linear 2-1-2"], True), (["voronoi", "linear 2-1-2", "--samples", "5"], True)]


@pytest.fixture(scope="module")
def d(tmp_path_factory):
    d = tmp_path_factory.mktemp("ux17json")
    np.savez(d / "pts.npz", X=np.random.default_rng(0).random((5, 2)))
    return d


def _json(argv, capsys) -> dict:
    code = main(argv + ["--json"])
    out = capsys.readouterr().out
    assert code == 0, (argv, code, out[-1000:])
    return json.loads(out)      # one document: anything else on stdout fails here


def _check(doc, draws, certified_count=False):
    assert isinstance(doc, dict)
    missing = [k for k in STANDARD_FIELDS if k not in doc]
    assert not missing, missing
    assert isinstance(doc["method"], str) and doc["method"].strip()
    if certified_count:
        c = doc["certified"]
        assert c is None or (isinstance(c, int) and not isinstance(c, bool) and c >= 0), c
        assert isinstance(doc["evidence"]["certified"], bool)
    else:
        assert isinstance(doc["certified"], bool)
    assert isinstance(doc["partial"], bool)
    assert not doc["partial"]
    if draws:
        assert isinstance(doc["seed"], int) and not isinstance(doc["seed"], bool) and doc["seed"] >= 0
    else:
        assert doc["seed"] is None
    if isinstance(doc.get("evidence"), dict):           # the top level agrees with the evidence it came from
        assert doc["partial"] == doc["evidence"]["partial"]
        assert doc["seed"] == doc["evidence"]["seed"]


@pytest.mark.parametrize("argv,draws", QUICK, ids=[" ".join(a[:2]) for a, _ in QUICK])
def test_json_has_the_standard_fields(d, argv, draws, capsys):
    _check(_json([a.replace("{d}", str(d)) for a in argv], capsys), draws)


@pytest.mark.slow
@pytest.mark.parametrize("argv,draws", SLOW, ids=["degree", "critical", "ed-degree", "voronoi"])
def test_json_has_the_standard_fields_compiled(argv, draws, capsys):
    _check(_json(argv, capsys), draws, argv[0] in COUNTS_CERTIFIED)


def test_implicit_json_flag_is_format_json(capsys):
    a = _json(["implicit", "linear 3-1-2", "-d", "2", "--seed", "0"], capsys)
    assert main(["implicit", "linear 3-1-2", "-d", "2", "--seed", "0", "--format", "json"]) == 0
    b = json.loads(capsys.readouterr().out)
    a.pop("seconds"), b.pop("seconds"), a["evidence"].pop("seconds"), b["evidence"].pop("seconds")
    assert a["command"] == b["command"] and a["generators"] == b["generators"] and a["seed"] == b["seed"] == 0


def test_drawn_seed_reproduces(d, capsys):
    # the commands whose drawn seed is not re-run elsewhere (tests/test_cli_exits.py: dim, degree, implicit, ...)
    # local-complexity draws two: the weights' ("seed", as fd and regions) and the directions' ("points_seed")
    for argv, flags in ((["local-complexity", "relu 2-3-1", "--data", str(d / "pts.npz"), "--radius", "0.1"],
                         ("--seed", "--points-seed")),
                        (["superposition", "thomson", "--n", "4", "--m", "3", "--starts", "2"], ("--seed",))):
        first = _json(argv, capsys)
        again = _json(argv + [x for f in flags for x in (f, str(first[f[2:].replace("-", "_")]))], capsys)
        for doc in (first, again):
            doc.pop("seconds", None)
        assert again == first, argv


def _documented_keys(command: str) -> set:
    """The keys README's sentence "`algnet COMMAND --json` has ..." names, up to the next command or "With"."""
    m = re.search(rf"`algnet {command} --json` has (.*?)(?:`algnet |With\s+`|\n\n)", README, re.S)
    assert m, command
    text = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", "", m.group(1))      # drop the explanations in parentheses
    return set(re.findall(r"`([a-z_0-9]+)`", text))


#: keys the README names as present only with an option
_CONDITIONAL = {"notes", "plot", "regions_2d_mean", "decision_boundary"}


@pytest.mark.parametrize("argv", [["dim", "linear 2-1-2"], ["fd", "relu 2-3-1"], ["regions", "relu 2-3-1"],
                                  ["local-complexity", "relu 2-3-1", "--data", "{d}/pts.npz", "--radius", "0.1"]],
                         ids=lambda a: a[0])
def test_documented_keys_are_there(d, argv, capsys):
    doc = _json([a.replace("{d}", str(d)) for a in argv], capsys)
    documented = _documented_keys(argv[0]) - _CONDITIONAL
    assert len(documented) >= 8, documented
    assert documented <= set(doc), documented - set(doc)
