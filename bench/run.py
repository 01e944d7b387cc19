"""Run every benchmark in bench/ and print one table of ratios.

Usage::

    python bench/run.py [--quick] [--only NAME] [--json FILE]

Each ``bench/bench_<name>.py`` defines ``main(quick=False) -> list[dict]``
with keys ``case``, ``algnet_s``, ``reference``, ``reference_s``, ``ratio``
(reference time / algnet time: > 1 means algnet is faster) and ``note``.
References (Macaulay2 and its NumericalImplicitization package, Singular,
PHCpack, Bertini, flint, numpy) run only where installed; a missing referee
leaves its columns empty. The machine is usually shared: a ratio is taken
within one run of a case (algnet and the referee back to back), which is
what to compare between machines, not the seconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _fmt(x, nd=3):
    if x is None or x == "":
        return "-"
    if isinstance(x, float):
        return f"{x:.{nd}g}"
    return str(x)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default=None)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem[len("bench_"):]
        if args.only and args.only not in name:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        t0 = time.perf_counter()
        try:
            out = mod.main(quick=args.quick)
        except Exception as e:  # a broken bench is reported, the others still run
            out = [{"case": f"{name}: FAILED", "note": f"{type(e).__name__}: {e}"}]
        for r in out:
            r.setdefault("bench", name)
            rows.append(r)
        print(f"[{name}: {time.perf_counter() - t0:.1f} s]", file=sys.stderr)
    head = ["bench", "case", "algnet_s", "reference", "reference_s", "ratio", "note"]
    table = [[_fmt(r.get(h)) for h in head] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for t in table:
        print("  ".join(c.ljust(w) for c, w in zip(t, widths)))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
