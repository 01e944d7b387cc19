"""The remaining unguarded routes (session 17): one default budget, local complexity's exact and region
routes, a user's model's regions, the data files of the command line, map specs, long layer lists."""

import re
from pathlib import Path

import algnet
from algnet import guards

ROOT = Path(algnet.__file__).resolve().parent


def test_one_default_budget_imported_by_every_guard():
    from algnet.analyses.critical import estimate as critical
    from algnet.analyses.singular import estimate as singular
    from algnet.relu import estimates as relu
    from algnet.superposition import estimates as superposition

    for mod in (critical, singular, relu, superposition):
        assert mod.DEFAULT_BUDGET is guards.DEFAULT_BUDGET, mod.__name__
    written = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if re.search(r"^\s*DEFAULT_BUDGET\s*=", p.read_text(), re.M)]
    assert written == ["guards.py"]
