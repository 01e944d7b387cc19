"""``algnet sweep`` and ``algnet sweep-plot``: resumable sweeps over architectures x seeds."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("sweep", help="run an analysis over architectures x seeds into a resumable SQLite store",
                       description="Each (analysis, spec, seed, options) task is stored as one row, committed "
                                   "atomically: a killed sweep restarted with the same arguments resumes where it "
                                   "stopped. Analyses: fd, batch_fd, regions, dimension.")
    p.add_argument("analysis", help="fd | batch_fd | regions | dimension")
    p.add_argument("--spec", nargs="+", action="extend", required=True, help="one or more specs, e.g. 'relu 2-3-1'")
    p.add_argument("--seeds", default="0..9", help="A..B (inclusive) or a comma list (default 0..9)")
    p.add_argument("--db", required=True, help="SQLite file (created or resumed)")
    p.add_argument("--scheduler", default=None,
                   help="Dask scheduler tcp://HOST:PORT, or 'local' for an embedded LocalCluster (needs algnet[dask])")
    p.add_argument("--workers", type=int, default=1, help="local processes or LocalCluster workers (default 1)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="analysis option (JSON value), e.g. --option batch=40; part of the task key")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)

    q = sub.add_parser("sweep-plot", help="summarise and plot stored functional-dimension sweep results",
                       description="Histograms of D' - FD per architecture and the fraction of seeds attaining D' "
                                   "by hidden width and depth.")
    q.add_argument("--db", required=True, help="SQLite file written by algnet sweep")
    q.add_argument("--analysis", default=None, help="only rows of this analysis (default: all with an fd field)")
    q.add_argument("--out", default=None, help="picture file (png/pdf/svg)")
    q.add_argument("--json", action="store_true", help="print the summary as JSON")
    q.set_defaults(func=run_plot)


def _options(items):
    from algnet.errors import ParameterError

    out = {}
    for it in items:
        k, sep, v = it.partition("=")
        if not sep or not k:
            raise ParameterError(f"bad --option {it!r}", hint="KEY=VALUE, e.g. batch=40")
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out


def run(args) -> int:
    from algnet.sweep import run_sweep

    res = run_sweep(args.analysis, args.spec, args.seeds, args.db, options=_options(args.option),
                    workers=args.workers, scheduler=args.scheduler, show_progress=not args.no_progress)
    d = {"analysis": res.analysis, "db": res.db, "total": res.total, "computed": res.done, "skipped": res.skipped,
         "errors": res.errors, "backend": res.backend, "seconds": round(res.seconds, 2), "partial": res.partial}
    print(json.dumps(d) if args.json else repr(res))
    return 130 if res.partial else 0


def run_plot(args) -> int:
    from algnet.sweep import fd_summary, load_results, plot_sweep

    rows = load_results(args.db, analysis=args.analysis)
    summ = fd_summary(rows)
    dims = [r for r in rows if "dimension" in r and "fd" not in r]
    if dims and not summ:
        return _dimension_table(dims, args.json)
    if args.out:
        import matplotlib

        matplotlib.use("Agg")
        plot_sweep(rows, args.out)
    if args.json:
        print(json.dumps(summ, indent=1))
        return 0
    print(f"{'spec':<22} {'depth':>5} {'width':>5} {'D_':>5} {'seeds':>5} {'FD=D_':>7}  gap histogram")
    for s in summ:
        print(f"{s['spec']:<22} {s['depth']!s:>5} {s['width']!s:>5} {s['bound']:>5} {s['seeds']:>5} "
              f"{s['fraction_attaining']:>7.2f}  {s['gap_histogram']}")
    if args.out:
        print(f"picture written to {args.out}")
    return 0


def _dimension_table(rows, as_json: bool) -> int:
    from collections import defaultdict

    by = defaultdict(list)
    for r in rows:
        by[r["spec"]].append(r)
    table = []
    for spec, rs in sorted(by.items()):
        table.append({"spec": spec, "seeds": len(rs), "dimension": sorted({r["dimension"] for r in rs}),
                      "expected": rs[0].get("expected"), "ambient": rs[0].get("ambient"),
                      "parameters": rs[0].get("parameters"), "certified": sum(bool(r.get("certified")) for r in rs)})
    if as_json:
        print(json.dumps(table, indent=1))
        return 0
    print(f"{'spec':<28} {'seeds':>5} {'dimension':>10} {'expected':>8} {'ambient':>7} {'params':>6} {'certified':>9}")
    for t in table:
        dim = ",".join(map(str, t["dimension"]))
        print(f"{t['spec']:<28} {t['seeds']:>5} {dim:>10} {t['expected']!s:>8} {t['ambient']!s:>7} "
              f"{t['parameters']!s:>6} {t['certified']:>9}")
    return 0
