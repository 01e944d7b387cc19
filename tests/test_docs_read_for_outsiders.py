"""The tutorials and the user guide (README.md, docs/) read well for a reader outside the project: numbered
tutorial titles, no words of the team's own process (sessions, briefs, helpers, audits: a measurement gives its
date), and no path or command of this machine.

Text only (the notebooks run in tests/test_notebooks.py, the docs build in tests/test_docs.py): milliseconds.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "docs" / "tutorials" / "index.md", ROOT / "README.md"]

#: words of the team's process, not of the mathematics: a reader of a tutorial cannot know them
JARGON = re.compile(r"\b(session \d+|helpers?|the lead|briefs?|audit\d*|ux\d+|tape\d+|rate\d+|kernel\d\d|first\d\d|"
                    r"partial\d\d|TODO|FIXME|XXX|seed (slide|talk))\b", re.IGNORECASE)
#: this machine: its paths and its private tools
LOCAL = re.compile(r"/work/|/tmp/wt_|/root/|\bissues (show|stops)\b")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_title_is_numbered(path):
    first = "".join(_cells(path)[0]["source"]).splitlines()[0]
    assert re.fullmatch(rf"# {path.name[:2]} — \S.*", first), first


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=[p.name for p in NOTEBOOKS + PAGES])
def test_no_team_jargon_or_local_paths(path):
    text = ("\n".join("".join(c["source"]) for c in _cells(path)) if path.suffix == ".ipynb"
            else path.read_text(encoding="utf-8"))
    assert not JARGON.search(text), JARGON.search(text).group(0)
    assert not LOCAL.search(text), LOCAL.search(text).group(0)

