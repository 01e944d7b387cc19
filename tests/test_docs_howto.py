"""The how-to page (docs/howto.md): its Python examples run as doctests, its commands run as a user types them
(in one temporary directory, in order) and print the lines the page shows under them (``...`` stands for text
left out, and so does a timing). Commands whose first run compiles the numerical kernels run in the slow test."""

import doctest
import re
from pathlib import Path

import pytest

import test_ux17_readme as readme_commands        # the README's command runner (same rules as there)

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto.md"
COMMANDS = readme_commands.console_commands(HOWTO.read_text(encoding="utf-8"))
SUBCOMMANDS = ("critical", "degree", "dim", "ed-degree", "fd", "fibers", "hilbert", "implicit", "local-complexity",
               "plot-training", "regions", "singular", "superposition", "sweep", "sweep-plot", "verify", "voronoi")


def test_howto_python_examples():
    res = doctest.testfile(str(HOWTO), module_relative=False,
                           optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 10


def test_howto_names_every_command_in_a_runnable_example():
    shown = {c.split()[1] for c, _ in COMMANDS if c.startswith("algnet ")}
    shown |= set(re.findall(r"`algnet ([a-z-]+) ", HOWTO.read_text(encoding="utf-8")))
    assert set(SUBCOMMANDS) <= shown, set(SUBCOMMANDS) - shown


def test_howto_quick_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    ran = 0
    for cmd, expected in COMMANDS:
        if not readme_commands._slow(cmd):
            readme_commands._check(cmd, expected, *readme_commands._run(cmd, capsys))
            ran += 1
    assert ran > 10 and (tmp_path / "defects.png").stat().st_size > 0


@pytest.mark.slow
def test_howto_compiled_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for cmd, expected in COMMANDS:
        if readme_commands._slow(cmd):
            readme_commands._check(cmd, expected, *readme_commands._run(cmd, capsys))
