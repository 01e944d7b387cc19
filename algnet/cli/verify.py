"""``algnet verify``: the theorem verification table."""

from __future__ import annotations

import json
import sys


def register(sub):
    p = sub.add_parser("verify", help="recompute the published theorems on small cases and compare")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.add_argument("--quick", action="store_true", help="small cases only (seconds)")
    p.add_argument("--only", default=None, help="only theorems whose name contains this text")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--slow", action="store_true", help="also the slow rows (minutes each)")
    p.add_argument("--list", action="store_true",
                   help="list the theorems (and their number of cases) that --only can name; compute nothing")
    p.set_defaults(func=run)


def _list(args) -> int:
    from collections import Counter

    from algnet.theorems.verification import all_checks

    cases = Counter(c.theorem for c in all_checks(args.quick, args.slow)
                    if args.only is None or args.only.lower() in c.theorem.lower())
    if args.json:
        print(json.dumps([{"theorem": t, "cases": n} for t, n in sorted(cases.items())], indent=1))
    else:
        print("\n".join(f"{n:3d}  {t}" for t, n in sorted(cases.items())))
    return 0


def run(args) -> int:
    from algnet.errors import ParameterError
    from algnet.guards import counting_sigint
    from algnet.theorems.verification import verify

    if args.list:
        return _list(args)
    try:
        with counting_sigint():  # Ctrl-C inside a row's analysis must stop the loop too
            res = verify(quick=args.quick, only=args.only, show_progress=args.progress, slow=args.slow)
    except ParameterError as e:
        # every name on one line (3 KB): the close ones and where the rest are
        if e.hint and "theorems: " in e.hint:
            e.hint = e.hint.split("theorems: ")[0] + "algnet verify --list names them all"
        raise
    if args.json:
        print(json.dumps({"all_agree": res.all_agree, "partial": res.partial,
                          "rows": [r.as_dict() for r in res.rows]}, indent=1))
    else:
        print(res.table())
        for r in res.rows:
            if not r.agree:
                print(f"DISAGREE {r.theorem} [{r.case}]: {r.detail}")
    if res.partial:  # Ctrl-C: the rows finished so far were printed
        print("PARTIAL (interrupted): not every theorem was checked", file=sys.stderr)
        return 130
    return 0 if res.all_agree else 1
