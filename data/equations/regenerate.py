"""Regenerate the equation tables in data/equations/ (one JSON file per architecture).

Each file is the output of ``algnet implicit SPEC --max-degree D --seed 0 --format json``
(minus the timing), with the command that made it under ``command``. Run from the
repository root::

    python3 data/equations/regenerate.py            # all cases
    python3 data/equations/regenerate.py linear     # cases whose spec contains "linear"

tests/test_implicit_data.py regenerates a few files and compares them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (spec, max degree): small linear, dense, conv and attention architectures
CASES = [
    ("linear 3-1-3", 3),
    ("linear 4-2-3", 4),
    ("linear 4-2-4", 4),
    ("linear 5-3-4", 4),
    ("dense 2-2-3 r=2", 4),
    ("dense 3-2-2 r=2", 4),
    ("dense 3-2-3 r=2", 4),
    ("dense 2-2-2-2 r=2", 6),
    ("dense 3-3-3 r=2", 5),
    ("dense 2-3-4 r=2", 4),
    ("conv k=2,2 r=2", 5),
    ("conv k=2,2 r=3", 5),
    ("conv k=2,3 r=2", 4),
    ("conv k=3,3 r=2", 4),
    ("attention d=2 a=2 dout=1 t=2", 5),
]


def filename(spec: str) -> str:
    """File name of a spec: ``dense 2-2-3 r=2`` -> ``dense_2-2-3_r2.json``."""
    return spec.replace(" ", "_").replace("=", "").replace(",", "-") + ".json"


def compute(spec: str, max_degree: int) -> dict:
    """The JSON record of one case, exactly as the command line makes it (timing removed)."""
    sys.path.insert(0, str(HERE.parent.parent))
    from algnet.analyses.export import to_json_dict
    from algnet.analyses.implicit import implicitize
    from algnet.architectures.spec import parse_spec

    res = implicitize(parse_spec(spec), max_degree=max_degree, seed=0)
    cmd = f"algnet implicit '{spec}' --max-degree {max_degree} --seed 0 --format json"
    d = to_json_dict(res, command=cmd)
    d.pop("seconds", None)
    return d


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for spec, D in CASES:
        if argv and not any(a in spec for a in argv):
            continue
        d = compute(spec, D)
        (HERE / filename(spec)).write_text(json.dumps(d, indent=1) + "\n")
        print(f"{filename(spec)}: {len(d['generators'])} generators, degrees {sorted(set(d['generator_degrees']))}, "
              f"H = {d['hilbert_function']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
