"""The how-to page (docs/howto.md): its Python examples run as doctests, its commands run as a user types them
(in one temporary directory, in order) and print the lines the page shows under them (``...`` stands for text
left out, and so does a timing). Commands whose first run compiles the numerical kernels run in the slow test."""

import doctest
import re
from pathlib import Path

import pytest

import test_readme_commands as readme_commands        # the README's command runner (same rules as there)

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


def _resolves(name: str) -> bool:
    """``algnet.a.b.c`` names a module, or an attribute of the longest importable module prefix."""
    import importlib

    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for p in parts[i:]:
                obj = getattr(obj, p)
        except AttributeError:
            return False
        return True
    return False


def test_dotted_names_in_the_docs_resolve():
    # the plot-training help and the how-to named algnet.relu.TrainingRecorder, which does not import
    texts = [HOWTO.read_text(encoding="utf-8"), (ROOT / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "algnet" / "cli").glob("*.py"))]   # help texts
    names = {n.rstrip(".") for t in texts for n in re.findall(r"\balgnet(?:\.[A-Za-z_]\w*)+", t)
             if "__main__" not in n}             # importing it would run the command line
    assert len(names) > 30
    assert not [n for n in names if not _resolves(n)]
    assert not _resolves("algnet.relu.TrainingRecorder")        # the check can fail
