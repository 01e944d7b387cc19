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

Counted by wrapping ``SolutionSet.insert``, ``GraphArrays.insert_return`` and ``EndpointHandling.process`` (no
change to the solver); the path counts do not depend on the machine's load. start + edge_new_p0 + edge_new_other + edge_known + failed +
unfinished is ``paths`` up to the detours' first legs and the group actions' paths (none in these cases).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/_monodromy_waste.py``.
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

    from algnet.homotopy.monodromy import endpoints, graph, graph_arrays, solver

    box = {}
    orig_insert, orig_process, orig_solve = graph.SolutionSet.insert, endpoints.EndpointHandling.process, \
        solver.MonodromySolver.solve
    orig_return = graph_arrays.GraphArrays.insert_return

    def insert(self, *a):
        jj, new = orig_insert(self, *a)
        at0 = self is box["solver"].graph.nodes[0]
        box["ins"][(at0, bool(new))] += 1
        return jj, new

    def insert_return(self, stopped, okm, PX, KY, top, proj, slack, jobs, trace_edges=None):
        # every endpoint of a return is looked up at its destination node in one compiled call (jj >= 0: found or
        # added there; a detour's first leg ends off the nodes)
        out = orig_return(self, stopped, okm, PX, KY, top, proj, slack, jobs, trace_edges)
        jj, new = out[0], out[1]
        p0 = box["solver"].graph.nodes[0].index
        for k, j, is_new in zip(stopped.tolist(), jj.tolist(), new.tolist()):
            if j >= 0 and jobs[k, 4] != 1:
                box["ins"][(int(jobs[k, 3]) == p0, bool(is_new))] += 1
        return out

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
    graph_arrays.GraphArrays.insert_return = insert_return
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
        graph_arrays.GraphArrays.insert_return = orig_return
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
