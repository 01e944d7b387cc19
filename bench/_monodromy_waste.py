"""Where a monodromy degree run's paths go (issue 16: paths per witness point), per case and seed.

``python bench/_monodromy_waste.py [SPEC ...] [--seeds N] [--default]`` runs ``bench_degree.run_algnet`` (its
options: not told the theorem's count; ``--default``: ``degree``'s defaults without certification) on the cases
of ``ISSUE16`` (or SPEC) for seeds 0..N-1 and splits the paths it sent:

* ``start``: random starts tracked to p0 (``start_new`` of them found a new point there);
* ``edge new p0`` / ``edge new other``: transports along graph edges whose endpoint was a new point at p0 / at
  another node (a point of another node is found only this way);
* ``edge known``: transports that ended at a point their destination already held (they close a correspondence
  of the edge and find nothing);
* ``failed``: paths whose tracking failed (detours included);
* ``unfinished``: paths still under way when the run stopped (the trace test passed);
* ``tail``: paths sent after the last new point at p0 was processed (the trace test's confirmation: carrying the
  last points to the trace nodes, and whatever was under way), a part of the others.

Counted by wrapping ``SolutionSet.insert`` and ``EndpointHandling.process`` (no change to the solver); the path
counts do not depend on the machine's load. start + edge_new_p0 + edge_new_other + edge_known + failed +
unfinished is ``paths`` up to the detours' first legs and the group actions' paths (none in these cases).

Issue 16's target re-checked first (2026-12-05 14:38-14:48 UTC, main 7b77a9c, load 6-10, seven engineers on the
two cores): ``degree("conv k=2,2,2,2 r=2", method="monodromy", seed=0)`` with its defaults: 1,536 points, 55,555
paths over 21 loops (36.2 per point), trace residual 8.7e-15, all 1,536 Krawczyk-certified with distinct images,
the theorem's count confirmed; 199 s of wall clock, 33.3 CPU-s (the process's, numba's threads included), peak
RSS 1.49 GB with the kernels cached; 617 s, 125 CPU-s and 1.9 GB in the tree's first run, which compiled its
kernels beside another compiling process. Met (under 10 minutes on 2 cores, all points certified).

Measured 2026-12-05 (main 7b77a9c, seeds 0-19, ``bench_degree``'s options; totals over the 20 seeds, shares of
the paths; the median paths per point are those of session 19's table in bench_degree.py):

=====================  ======  ======  ======  ==========  ===========  ======  ======
case                   paths   start   found   new at p0   new else     known   tail
=====================  ======  ======  ======  ==========  ===========  ======  ======
linear 3-1-3           1,040   63%     9%      2%          29%          8%      16%
conv k=2,3 r=2         972     67%     10%     2%          28%          4%      18%
conv k=3,3 r=2         5,095   18%     6%      3%          46%          34%     3%
linear 4-2-4           4,148   19%     5%      4%          45%          31%     2%
dense 3-2-2 r=2        3,076   24%     6%      3%          43%          30%     3%
conv k=2,2,2 r=2       15,835  9%      3%      3%          47%          41%     1%
dense 3-2-3 r=2        21,477  8%      2%      5%          48%          39%     1%
linear 6-2-4           29,937  5%      2%      5%          49%          41%     1%
conv k=2,2,2,2 r=2 *   55,555  0.5%    0.1%    3%          41%          55%     0.04%
=====================  ======  ======  ======  ==========  ===========  ======  ======

("found": the starts that found a new point; * ``--default``, seed 0 only: 1,536 points, 21 loops.) Failures are
under 0.02% of the paths. Where the paths go: about half populate the nodes other than p0 (every point of a
node but p0 comes from a transport, and every point found goes along every edge: the cost of a run is about
the final graph's edges times the degree), a third to a half end on a point their destination already held
(the loops that permute known points; 55% at degree 1,536, where the last points wait for many loops), and only
3-5% find a new point at p0 by a transport. The tail after the last new point at p0 (the trace test's
confirmation) is 1-3% from degree 15 on; on the degree-6 cases it is the trace edges carrying the last points
found by the first 32 random starts (the run ends there in most seeds). So the paths spent after completion are
not where the waste is: the number of loops (new nodes or edges, each one or two paths per known point) until
the last points move is. Tried (seeds 0-19, paths over the 20 seeds, the same degrees and passing trace tests):
sending the trace edges' transports before any other edge's (the test can pass before the rest is sent):
81,580 -> 81,497 paths on the eight cases (-0.1%; the tail was already small); more random starts after the
first 32 (a pool of 2,048 drawn from a generator of their own, so the random nodes stay those of the run
without them; sent 8 at a time once the first 32 have ended, while Good–Turing's unseen share
``MonodromySolver.unseen_share`` is at least 0.3): the four cases of degree <= 20 the same total paths (the
share is below 0.3 after 32 starts), conv k=3,3 5,095 -> 5,079, conv k=2,2,2 15,835 -> 15,085, dense 3-2-3
21,477 -> 20,842, linear 6-2-4 29,937 -> 31,834 (82,076 on the eight cases, +0.6%; medians per point 9.00,
14.17, 11.34, 12.72). The same rule with a restart skipped whenever the share is below 0.3 gave 78,239, with a
pool of 128 instead of 2,048 79,277 (conv k=2,2,2 12,319 / 12,887 / 14,660 across the variants): a change of
the random draws reshuffles which seeds need many loops, and the case totals move by up to 20%.
On conv k=2,2,2,2 r=2 (degree 1,536; ``degree(spec, method="monodromy", seed=s, certify=False, fiber=False,
confirm=False)``, the theorem's count as the stopping hint; 2026-12-05 15:02-15:11 UTC, the two arms in two
processes side by side, load 5.1-7.1), off -> on, seeds 0-7: paths 55,555 / 86,143 / 44,910 / 61,561 / 47,786 /
43,160 / 50,981 / 36,917 -> 53,628 / 87,263 / 32,150 / 31,953 / 58,113 / 33,594 / 90,058 / 37,541 (427,013 ->
424,300, -0.6%; per point median 32.2 -> 29.7), CPU 136.8 -> 145.3 s (+6%: a random start is a longer path than
a transport); the same degree and a passing trace test on every run. Seeds 0-3 alone had said -17%: at this
degree the spread between seeds (24 to 56 paths per point off, 21 to 59 on) hides such a change in 4 seeds.
The starts found new points (seeds 0-3: about 1,200 starts a run, 2,662 new points in all), but the run's cost
is the loops until the last points move (12 to 32 here), which they do not shorten on average. Not kept (no
option added).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def waste_rows(cases, seeds, run=None):
    """One dict per (case, seed): degree, trace verdict, loops, paths and their split (module doc); ``run(spec,
    seed)`` returns (seconds, DegreeResult) (default ``bench_degree.run_algnet``)."""
    from bench_degree import run_algnet

    run = run or run_algnet

    from algnet.homotopy.monodromy import endpoints, graph, solver

    box = {}
    orig_insert, orig_process, orig_solve = graph.SolutionSet.insert, endpoints.EndpointHandling.process, \
        solver.MonodromySolver.solve

    def insert(self, *a):
        jj, new = orig_insert(self, *a)
        at0 = self is box["solver"].graph.nodes[0]
        box["ins"][(at0, bool(new))] += 1
        return jj, new

    def process(self, stopped):
        if box["init"] is None:         # the witness point(s) given at p0, inserted before any path
            box["init"] = box["ins"][(True, True)]
        before = self.graph.nodes[0].count
        orig_process(self, stopped)
        box["done"] += stopped.size
        if self.graph.nodes[0].count > before:
            box["last"] = self.stats.paths

    def solve(self, *a, **k):
        box.update(solver=self, ins={(x, y): 0 for x in (True, False) for y in (True, False)}, done=0, last=0,
                   init=None)
        res = orig_solve(self, *a, **k)
        box["stats"], box["res"] = self.stats, res
        return res

    graph.SolutionSet.insert, endpoints.EndpointHandling.process, solver.MonodromySolver.solve = insert, process, solve
    rows = []
    try:
        run("linear 2-1-2", 0)
        for spec in cases:
            for seed in seeds:
                _, r = run(spec, seed)
                st, ins = box["stats"], box["ins"]
                start_ok = sum(box["solver"]._hits.values())
                rows.append(dict(case=spec, seed=seed, degree=r.degree, trace=bool(r.trace_test_passed),
                                 loops=r.loops, paths=st.paths, start=st.start_paths, start_new=st.start_new,
                                 edge_new_p0=ins[(True, True)] - (box["init"] or 0) - st.start_new,
                                 edge_new_other=ins[(False, True)],
                                 edge_known=ins[(True, False)] - (start_ok - st.start_new) + ins[(False, False)],
                                 failed=sum(st.failures.values()), unfinished=st.paths - box["done"],
                                 detours=st.detours, tail=st.paths - box["last"]))
    finally:
        graph.SolutionSet.insert, endpoints.EndpointHandling.process, solver.MonodromySolver.solve = \
            orig_insert, orig_process, orig_solve
    return rows


COLS = ("paths", "start", "start_new", "edge_new_p0", "edge_new_other", "edge_known", "failed", "unfinished",
        "tail")


def print_rows(rows):
    """Per case: the degrees, trace verdicts, median paths per point, and each column's total and share."""
    for spec in dict.fromkeys(r["case"] for r in rows):
        rs = [r for r in rows if r["case"] == spec]
        tot = {c: sum(r[c] for r in rs) for c in COLS}
        per = np.median([r["paths"] / r["degree"] for r in rs])
        print(f"{spec}: degrees {sorted({r['degree'] for r in rs})}, trace passed {sum(r['trace'] for r in rs)}/"
              f"{len(rs)}, median {per:.2f} paths per point; over {len(rs)} seeds: " +
              ", ".join(f"{c} {tot[c]} ({100 * tot[c] / tot['paths']:.0f}%)" for c in COLS), flush=True)


if __name__ == "__main__":
    from bench_degree import ISSUE16

    args = sys.argv[1:]
    n = 20
    if "--seeds" in args:
        i = args.index("--seeds")
        n = int(args[i + 1])
        del args[i:i + 2]
    run = None
    if "--default" in args:         # degree()'s own defaults (the theorem's count as a stopping hint, no certification)
        args.remove("--default")

        def run(spec, seed):
            from algnet.analyses.degree import degree
            return 0.0, degree(spec, method="monodromy", seed=seed, certify=False, fiber=False, confirm=False)
    print_rows(waste_rows(args or ISSUE16, range(n), run))
