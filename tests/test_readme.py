"""The README's Python examples run and print what the README says."""

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples():
    res = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0 and res.attempted > 0


def test_readme_cli_example_is_current(capsys):
    from algnet.cli import main

    main(["dim", "dense 3-2-1 r=2", "--seed", "0"])
    out = capsys.readouterr().out
    text = README.read_text()
    for line in out.splitlines():
        if line.startswith("method"):
            continue  # contains the timing
        assert line in text, line
