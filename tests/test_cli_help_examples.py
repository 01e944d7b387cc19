"""``algnet --help`` and every sub-command's ``--help``: a description, consistent option names, and examples
that run as shown (``algnet/cli/_examples.py``).

The examples run in order in one temporary directory through ``algnet.cli.main`` (the ``python -c`` line that
writes ``points.npz`` by the shell); ``training.sqlite`` of ``plot-training`` is written first by
``TrainingRecorder``. The default run takes the examples that compile nothing; the sub-commands whose first run
compiles the numerical kernels (degree, critical, ed-degree, voronoi, verify) run in the slow test.
"""

import argparse
import re
import shlex
import subprocess

import pytest

from algnet.cli import build_parser, main
from algnet.cli._examples import EXAMPLES

SLOW = {"degree", "critical", "ed-degree", "voronoi", "verify"}


def _parsers():
    """(command, parser) of the top level ("") and of every sub-command, nested ones as "superposition loss1"."""
    out, todo = [], [("", build_parser())]
    while todo:
        name, p = todo.pop(0)
        out.append((name, p))
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                todo += [(f"{name} {n}".strip(), s) for n, s in a.choices.items() if s.prog.split()[-1] == n]
    return out


PARSERS = _parsers()


def test_every_command_has_a_description_and_examples():
    assert len(PARSERS) >= 20
    for name, p in PARSERS:
        text = p.format_help()
        assert p.description and len(p.description) > 30, name
        assert "\nexamples:\n  " in text and "\n  algnet " in "\n" + text.split("\nexamples:\n")[1], name
        assert "%%" not in text, name                     # argparse's escape shown as is (voronoi had it)
        assert set(EXAMPLES) >= {n for n, _ in PARSERS}


def test_option_names_are_consistent():
    for name, p in PARSERS:
        for a in p._actions:
            for flag in a.option_strings:
                assert re.fullmatch(r"-[a-z]|--[a-z][a-z0-9]*(-[a-z0-9]+)*", flag), (name, flag)   # --kebab-case
            if "--json" in a.option_strings:
                assert a.nargs == 0, name
    from algnet.cli._examples import METAVARS

    for name, p in PARSERS:             # one placeholder per kind of value (argparse's default: --data DATA)
        text = p.format_usage()
        for flag, metavar in METAVARS.items():
            assert not re.search(rf"{flag} (?!{re.escape(metavar)}|MODEL\.pt|FILE\.npz)[A-Z_]+\b", text), (name, flag)
        assert " spec]" not in text, name
    commands = [n for n, _ in PARSERS if n and " " not in n]
    with_json = [n for n, p in PARSERS if n in commands and any("--json" in a.option_strings for a in p._actions)]
    # every sub-command prints JSON with --json but plot-training (a picture); implicit also has --format json
    assert set(commands) - set(with_json) == {"plot-training"}, set(commands) - set(with_json)


@pytest.mark.parametrize("name", [n for n, _ in PARSERS], ids=lambda n: n or "algnet")
def test_help_exits_0(name, capsys):
    with pytest.raises(SystemExit) as e:
        main([*name.split(), "--help"])
    assert e.value.code == 0 and "usage: algnet" in capsys.readouterr().out


def _examples(slow: bool):
    seen, out = set(), []
    for name, items in EXAMPLES.items():
        for cmd, _ in items:
            argv = shlex.split(cmd)
            if "COMMAND" in argv or cmd in seen:
                continue
            seen.add(cmd)
            if (argv[0] == "algnet" and argv[1] in SLOW) == slow:
                out.append(cmd)
    return out


def _run_examples(commands, tmp_path, monkeypatch, capsys):
    from algnet.relu.model import PLModel
    from algnet.relu.training import TrainingRecorder

    monkeypatch.chdir(tmp_path)
    rec = TrainingRecorder("training.sqlite", train_points=[[1, 1], [-1, 2]], every=1)
    m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    for step in range(3):
        rec(step, m, loss=1.0 / (step + 1))
    rec.close()
    for cmd in commands:
        argv = shlex.split(cmd)
        if argv[0] != "algnet":
            assert subprocess.run(cmd, shell=True, timeout=60).returncode == 0, cmd
            continue
        try:
            code = main(argv[1:])
        except SystemExit as e:
            code = e.code
        out = capsys.readouterr()
        assert code == 0, (cmd, code, out.err[-1500:])


def test_examples_run(tmp_path, monkeypatch, capsys):
    commands = _examples(slow=False)
    assert len(commands) >= 20
    _run_examples(commands, tmp_path, monkeypatch, capsys)
    for f in ("points.npz", "dims.sqlite", "dims.csv", "defects.png", "regions.png", "curves.png"):
        assert (tmp_path / f).stat().st_size > 0, f


@pytest.mark.slow
def test_examples_run_compiled(tmp_path, monkeypatch, capsys):
    _run_examples(_examples(slow=True), tmp_path, monkeypatch, capsys)
    assert (tmp_path / "landing.png").stat().st_size > 0


def test_version_and_no_command(capsys):
    from algnet import __version__

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"algnet {__version__}"
    assert main([]) == 2            # no command: usage on stderr, exit 2 like every other syntax error (was 1)
    err = capsys.readouterr().err
    assert "usage: algnet" in err and "algnet: error: give a command" in err
