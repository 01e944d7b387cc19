"""parse_spec imports only the module of the family it parses (algnet.architectures.spec.FAMILY_MODULES). Truth: the
registry built by importing every module of the package, and the modules a fresh process has imported."""

import json
import subprocess
import sys

import pytest

from algnet.architectures.spec import FAMILY_MODULES, _families, parse_spec
from algnet.errors import SpecError


def test_the_map_names_every_family_and_its_module():
    fams = _families()
    assert set(FAMILY_MODULES) == set(fams)
    for name, module in FAMILY_MODULES.items():
        assert fams[name].__module__ == f"algnet.architectures.{module}"


_CODE = """
import json, sys
from algnet.architectures.spec import parse_spec, _FAMILIES
net = parse_spec(sys.argv[1])
print(json.dumps({"spec": net.spec, "registered": sorted(_FAMILIES),
                  "modules": sorted(m for m in sys.modules if m.startswith("algnet.architectures."))}))
"""


@pytest.mark.parametrize("spec, module", [("linear 2-1-2", "dense"), ("conv k=2,2 r=2", "conv")])
def test_a_fresh_process_imports_only_the_family_it_parses(spec, module):
    out = subprocess.run([sys.executable, "-c", _CODE, spec], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["spec"] == parse_spec(spec).spec
    assert f"algnet.architectures.{module}" in r["modules"] and "algnet.architectures.attention" not in r["modules"]
    assert "attention" not in r["registered"]


def test_an_unknown_family_still_lists_all_of_them():
    with pytest.raises(SpecError, match="did you mean 'dense'.*known: attention, conv, dense"):
        parse_spec("dens 2-1-2")
