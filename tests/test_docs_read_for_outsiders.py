"""The tutorials and the user guide (README.md, docs/) read well for a reader outside the project: numbered
tutorial titles, no words of the team's own process (sessions, briefs, helpers, audits: a measurement gives its
date), and no path or command of this machine. The tests themselves say what they check and against which truth,
not which session, audit or branch found a bug: their text is held to the same words (helper functions are
fine there).

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
#: the same words in a test's text, and the names of the branches work was done on (a name and two digits)
TEST_JARGON = re.compile(r"\b(session[ -]\d+|the lead|briefs?|audit\w*|seed (slide|talk)|(ux|tape|rate|kernel|first|"
                         r"partial|loop|refine|ed|tiny|node|trace|posdim|hooks|hints|rank|voronoi|chores|tidy)\d\d)\b",
                         re.IGNORECASE)
TESTS = sorted(p for p in (ROOT / "tests").glob("*.py") if p.name != Path(__file__).name)
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



@pytest.mark.parametrize("path", TESTS, ids=[p.name for p in TESTS])
def test_tests_name_what_they_check_not_who_found_it(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [f"{i}: {m.group(0)}" for i, line in enumerate(lines, 1) if (m := TEST_JARGON.search(line))]
    assert not hits, hits


def test_the_test_words_catch_the_process_and_spare_the_mathematics():
    for text in ("(session 18: rows had no seed)", "the session-10 route", "audit21b", "auditing cases", "ed19",
                 "the brief's guess", "tiny19's", "the seed talk"):
        assert TEST_JARGON.search(text), text
    for text in ("float64", "int64", "mu20 = 4/12", "q12 * q23", "conv k=2,2 r=2", "dense23", "p01",
                 "the fixture conv22", "mislead", "the leading coefficient", "a helper function"):
        assert not TEST_JARGON.search(text), text
