"""The README's shell commands, as a new user types them: each runs (exit status 0) and prints the lines the
README shows under it (``...`` stands for text left out, and so does a timing such as ``0.05 s``).

The commands of the ```console blocks run in order in one temporary directory (later ones read the files earlier
ones wrote: ``cubic.txt``, ``dims.sqlite``), through ``algnet.cli.main`` in this process (the entry point of the
``algnet`` script; a process each would add about 0.8 s of CPU per command). The default run takes the commands
that compile nothing; those whose first run compiles the numerical kernels (``degree``, ``critical``,
``ed-degree``, ``voronoi``) and those that need a trained PyTorch model run in the slow test. The set-up commands
(```bash blocks) install a virtual environment: checked against ``.ci/run`` and ``pyproject.toml`` instead.
"""

import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest

from algnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: sub-commands whose first run in an installation compiles numba kernels (minutes), or that need a torch model
SLOW = ("degree", "critical", "ed-degree", "voronoi", "--torch")


def console_commands(text: str) -> list:
    """(command, expected output lines) of every ``$ `` line of the ```console blocks of ``text``.

    >>> console_commands("```console\\n$ algnet dim x  # c\\nout 1\\n$ ls\\n```\\n")
    [('algnet dim x  # c', ['out 1']), ('ls', [])]
    """
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:], []))
            elif line.strip() and out:
                out[-1][1].append(line)
    return out


COMMANDS = console_commands(README)


def _slow(cmd: str) -> bool:
    argv = shlex.split(cmd, comments=True)
    return argv[:1] == ["algnet"] and (argv[1] in SLOW or any(a in SLOW for a in argv))


def _run(cmd: str, capsys) -> tuple:
    """(exit status, stdout) of ``cmd``: an ``algnet`` command in this process, anything else by the shell."""
    argv = shlex.split(cmd, comments=True)
    if argv[0] != "algnet":
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60)
        return r.returncode, r.stdout
    argv = [a for a in argv[1:] if not (a.startswith("[") and a.endswith("]"))]     # optional flags shown as [--x]
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    return code, capsys.readouterr().out


def _check(cmd, expected, code, out):
    assert code == 0, (cmd, code, out[-2000:])
    for line in expected:
        line = re.sub(r"\b\d+(\.\d+)? s\b", "...", line)        # a timing ("0.05 s") differs from run to run
        pieces = [p.strip() for p in line.split("...") if p.strip()]
        assert any(all(p in got for p in pieces) for got in out.splitlines()), (cmd, line, out[-3000:])


def _setup_files(d: Path):
    """The inputs the torch commands name: a small CNN on 8x8 images (cnn.pt) and 20 images (digits.npz)."""
    import numpy as np
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                                torch.nn.Flatten(), torch.nn.Linear(18, 3))
    torch.save(model, d / "cnn.pt")
    np.savez(d / "digits.npz", X=np.random.default_rng(0).random((20, 1, 8, 8)))


def test_readme_has_commands():
    assert len(COMMANDS) > 15 and sum(not _slow(c) for c, _ in COMMANDS) > 8


def test_readme_quick_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for cmd, expected in COMMANDS:
        if not _slow(cmd) and "plot-training" not in cmd:
            _check(cmd, expected, *_run(cmd, capsys))
    assert (tmp_path / "regions.png").stat().st_size > 0 and (tmp_path / "dims.csv").stat().st_size > 0


@pytest.mark.slow
def test_readme_slow_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _setup_files(tmp_path)
    for cmd, expected in COMMANDS:
        if _slow(cmd) or not cmd.startswith("algnet "):       # cubic.txt again; plot-training needs a store
            if "plot-training" not in cmd:
                _check(cmd, expected, *_run(cmd, capsys))


def test_setup_commands_match_ci_and_the_extras():
    bash = [line for block in re.findall(r"```bash\n(.*?)```", README, re.S) for line in block.splitlines()]
    assert len(bash) == 2 and all(line.startswith("python3 -m venv .venv && . .venv/bin/activate") for line in bash)
    ci = (ROOT / ".ci" / "run").read_text()
    assert bash[1].replace("pip install ", "pip install -q ") in ci      # the README's test command is CI's
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for named in re.findall(r"\.\[([a-z,]+)\]", bash[1]):
        assert set(named.split(",")) <= set(extras), named
    assert "algnet verify" in bash[0]
