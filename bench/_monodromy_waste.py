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
first 32, 8 at a time while Good–Turing's unseen share is at least 0.3 (``MonodromyOptions.first_starts_more``
2048, off by default): the four cases of degree <= 20 the same total paths (the share is below 0.3 after
32 starts), conv k=3,3 5,095 -> 5,079, conv k=2,2,2 15,835 -> 15,085, dense 3-2-3 21,477 -> 20,842, linear 6-2-4
29,937 -> 31,834 (82,076 on the eight cases, +0.6%; medians per point 9.00, 14.17, 11.34, 12.72): the starts find
more points but do not save loops, and a change of the random draws reshuffles which seeds need many loops (the
same rule with a restart skipped whenever the share is below 0.3 gave 78,239 and, with a pool of 2,048 instead
of 128, 80,739: the case totals move by up to 20% between such variants, conv k=2,2,2 12,319 / 14,660).
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
