"""How often a critical-point count loses a path on the way to the real target, and why (issue 12).

``survey(spec, loss, seeds)`` runs the classification route of :func:`algnet.analyses.critical.critical_points`
(monodromy on a random slice at a generic complex target p0, the trace test, then the parameter homotopy to the
real target u of :func:`~algnet.analyses.critical.special.to_real_target`) up to the end of that homotopy, and
skips what follows it (certification, types, the strata's spurious points): those do not change which points
reach u. Each row: the pure images at p0, the calls of ``paths._to_target`` (points handed in, points lost), the
points lost at the end (after the second slices of ``to_real_target``), the distinct pure images at u, whether a
second slice was used, CPU seconds. The random draws are those of ``critical_points`` with the same seed.

Run ``python bench/_critical_losses.py "spec|loss;spec|loss" first_seed last_seed`` (one JSON line a seed).

Session 23 (2026-12-05 17:17-18:30 UTC, load 7-12, both trees niced side by side; this branch with up to 6 charts a
path unless said (12 since: only more hops allowed); truth: Eckart-Young C(m, r)
for the linear networks, generic ED degrees 3d - 2 of the rational normal curves for dense 2-1-1 r=d, and the
Segre-Veronese count for conv k=2,2 r=2 -- every row's ``generic_pure`` met it). Seeds with a point lost on the
first slice / lost at the end (partial) / fewer pure images at u than at p0, main 1946407 -> this branch, and the
survey's CPU seconds:

- linear 3-2-2-3 Frobenius, seeds 0-99: 30 / 1 (seed 20) / 4 (20, 23, 32, 62) -> 0 / 0 / 0; 99.2 -> 64.4 s (29 second
  slices solved afresh -> none). Seeds 23 and 32 were wrong without a word: a detour ended on a rank-deficient point
  (3 points at u, 2 pure, nothing "lost").
- linear 4-2-4 Frobenius, seeds 0-49: 14 / 1 (seed 8) / 1 -> 0 / 0 / 0; 86.2 -> 34.2 s.
- linear 3-2-3 Frobenius, seeds 0-99: 4 / 0 / 0 -> 0 / 0 / 0; 10.5 -> 11.8 s.
- linear 3-2-2-2-3 Frobenius, seeds 0-59 (12 charts): 30 / 4 (5, 54, 55, 57) / 8 -> 0 / 0 / 0; 216.4 -> 113.7 s.
- linear 4-2-2-5 Frobenius: main seeds 0, 1, 2, 3015909246: points lost on the first slice 1, 1, 4, 1; at the end 5 of
  6 pure (seed 0, after a second slice), 1 lost, 1 lost (4 of 6 pure after three slices), 1 lost (38-100 CPU s a
  seed); this branch (12 charts), seeds 0, 1, 2: none lost on the first slice, 6 of 6 pure each, 8.3, 6.3, 4.7 s (seed
  2 with 6 charts: two paths lost and a second slice solved, 41 s); seed 3 ran over 9 CPU minutes on both trees and
  was stopped (not diagnosed: main spends as long, so probably not in the paths to u);
  ``critical_points`` at seed 3015909246 complete (6 pure, all 11 truncations, not partial; was 5 pure, partial).
- linear 2-1-2 Frobenius, seeds 0-99: 1 (seed 17) / 0 / 0 both: a singular endpoint on the slice at t = 1 (left
  to the singular-endpoint step and the second slice, which completes it).
- dense 2-1-1 r=3 generic (7; seeds 0-99), dense 2-1-1 r=4 generic (10; 0-49), conv k=2,2 r=2 generic (0-49): none
  lost on either tree.

Why paths were lost (main, linear 3-2-2-3, the 30 seeds with a loss, each straight path p0 -> u that failed, 63
paths; 12 seeds without a loss had 20 more, saved by detours): every one stopped at the 400-step cap ("max_steps")
at t = 0.82-0.9996 (median 0.988). Not two critical images meeting (the eigenvalues of A(t)^T A(t) stay apart along
the segment: least relative gap 0.01-0.42), not a jump (no two endpoints with one image). The complex target p0 is
13-250 times larger than u (median 68), and the representative on the affine slice cannot shrink with its image
evenly: it runs out along the fiber (|theta| up to 4.6 times a balanced point's of the same fiber at 0.8 of the way;
d mu's relative smallest singular value 1e-4) until the slice Jacobian is singular to working precision. The
losses then came from the rescues: a detour through a random complex target is another route (its endpoint can be
another start's straight endpoint: "found twice", lost; or a rank-deficient point: seeds 23, 32), and other charts
through the start shrink the same way. The fix (algnet/analyses/critical/rechart.py): on the same segment, where a
path stalls, step back, move to a balanced point of the fiber and go on on a fresh chart through it (1-7 hops),
then move the endpoint back to the first slice with its image fixed (a homotopy of slices), choosing a
well-conditioned representative; all before any detour.

Session 24 (2026-12-05 21:20-22:00 UTC, load 7-14; each row now also lists ``recharts``, the paths of each call of
``rechart.rechart_track``, and ``p0_over_u``, the ratio of the root mean squares of p0 and u).

- linear 4-2-2-5 Frobenius seed 3 (``critical_points``: over 9 CPU minutes on both trees): where the time went
  (stack samples every 30 s): the first monodromy found 5 of Eckart-Young's 6 (|p0| = 622, |u| = 0.77; 107 of 225
  paths stopped by the 300-step cap), its trace test failed, restarts were 0 for a special metric, and the
  special-metric route (special.special_metric_solve) then solved a *generic* metric by monodromy: a count in the
  thousands (linear 4-2-4's generic count has about 2,700 endpoints), all of the 9 minutes; not the re-charting.
  Fixed by ``solve_slice(short_restarts=...)`` (solve.SHORT_RESTARTS = 2): while fewer images than a theorem's count
  for the loss's own metric are known (Eckart-Young for linear Frobenius; no other special metric has one), the
  monodromy restarts on that metric before the special-metric route (and, still short after them, ``critical_points``
  takes another slice on that metric first). ``critical_points`` at seed 3: 28.5 CPU s, 6
  pure + 5 spurious = all 11 truncations (checked against the SVD, tests/test_critical_complete_seeds.py, slow);
  seeds 0-2 and 4-8 likewise, all 11 each, 17.9-22.9 CPU s a seed (load 10-14).
- p0 drawn at the scale of u (measured, not adopted): the start point phi_c + s phi on the slice (phi_c its point
  nearest the origin, s chosen from a geometric grid so that the image's root mean square is u's), seeds 0-15 each,
  this branch with the default draw (first number) against the scaled draw (second), the same processes' CPU:
  linear 3-2-2-3: median p0/u 72 -> 1.5, re-charted paths 25 -> 31 (seeds with one: 15 -> 14), CPU 8.6 -> 11.7 s;
  linear 4-2-4: 35 -> 2.7, re-charted 29 -> 34 (13 -> 14 seeds), 11.2 -> 13.6 s; linear 4-2-2-5 seeds 0, 1: every
  path re-charted either way (6 each), with fewer charts a path (46-48 -> 26-28 paths), CPU 4.95, 7.43 -> 7.75, 9.22
  s. Every count the same (3, 6, 6 pure at u, none lost). The stalls do not come from the shrinking: at equal scale a
  path to u still runs, as often, into a representative far out on the affine slice (the slice meets a fiber in
  many points -- linear 3-2-2-3: 30-33 -- some far out; which one a path ends on is set by continuity, not by
  |p0|); and monodromy at the smaller p0 ends short more often (linear 4-2-2-5 first runs, seeds 3, 0, 1: 2, 6, 5 of
  6 against 5, 6, 6, and 2, 6, 5 again at 10 |u|).
- linear 2-1-2 seed 17: the lost path is not a singular critical point: its representative on the first slice runs
  to infinity as t -> 1 (|phi| 4.7 at t = 0.9, 22 at 0.99, Jacobian condition 1e9, then "singular"), the image stays
  finite (the slice meets that image's fiber at infinity); no chart through a point of the first slice can bring it
  back there, and the second slice of special.to_real_target finds it (0.9 CPU s in all). Tested.

Examples
--------
>>> row = survey("linear 2-1-2", "frobenius", [0])[0]
>>> row["generic_pure"], row["lost"], row["pure_at_target"]            # Eckart-Young: C(2, 1) = 2
(2, 0, 2)
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

CALLS: list = []
#: the paths of each call of ``rechart.rechart_track`` (a stalled path re-charted), in the order of the calls
RECHARTS: list = []


def _recording():
    """Wrap ``paths._to_target`` so that each call's (points in, points lost) lands in :data:`CALLS`, and
    ``rechart.rechart_track`` so that each re-charted path's number of paths lands in :data:`RECHARTS`."""
    import algnet.analyses.critical.paths as P
    import algnet.analyses.critical.rechart as R

    if getattr(P._to_target, "_recording", False):
        return
    track = R.rechart_track

    def rec_track(*a, **k):
        out = track(*a, **k)
        RECHARTS.append(int(out[1]))
        return out

    R.rechart_track = rec_track
    orig = P._to_target

    def rec(fam, X, p0, u, rng, *a, **k):
        out = orig(fam, X, p0, u, rng, *a, **k)
        CALLS.append((int(X.shape[0]), int(out[2])))
        return out

    rec._recording = True
    P._to_target = rec


def run(spec: str, loss: str, seed: int) -> dict:
    """One row of the survey (module doc)."""
    from algnet.analyses.critical.loss import make_loss
    from algnet.analyses.critical.small import remembered_dimension, remembered_network
    from algnet.analyses.critical.solve import (SHORT_RESTARTS, _another_slice, _distinct, _full_rank, expected_count,
                                                solve_slice, special_metric_rescue, to_real_target)
    from algnet.analyses.critical.system import gradient_family
    from algnet.analyses.shared import check_seed

    _recording()
    CALLS.clear()
    RECHARTS.clear()
    net = remembered_network(spec)
    seed = check_seed(seed, bits=31)
    rng = np.random.default_rng(seed)
    L = make_loss(net, loss, None, rng, None)
    dim = remembered_dimension(net, seed)
    expected = expected_count(net, L.kind)
    fam = gradient_family(net, L, rng, dim)
    res, p0, tr = solve_slice(fam, rng, expected=expected, tangent_restarts=False,
                              restarts=2 if L.kind == "generic" else 0, short_restarts=SHORT_RESTARTS)
    res, p0, tr = special_metric_rescue(fam, rng, res, p0, tr, None, False)
    if not res.partial and tr is not None and not tr.passed:
        fam, res, p0, tr = _another_slice(net, L, rng, dim, fam, res, p0, tr, False, expected)
    X0 = res.solutions
    full, crit = _full_rank(fam, X0, dim)
    X0, full = X0[crit], full[crit]
    row = dict(spec=spec, loss=loss, seed=seed, generic_pure=_distinct(fam.image(X0[full])) if full.any() else 0,
               trace=bool(tr is not None and tr.passed), partial=bool(res.partial))
    fam2, X, _, lost = to_real_target(net, L, rng, dim, fam, X0, p0)
    full2, _ = _full_rank(fam2, X, dim)
    row.update(lost=int(lost), pure_at_target=_distinct(fam2.image(X[full2])) if full2.any() else 0,
               second_slice=fam2 is not fam, calls=list(CALLS), recharts=list(RECHARTS),
               p0_over_u=round(float(np.sqrt(np.mean(np.abs(p0) ** 2) / np.mean(np.abs(L.u) ** 2))), 2))
    return row


def survey(spec: str, loss: str, seeds) -> list:
    """Rows of :func:`run` for each seed, with CPU seconds (an exception is a row with its message)."""
    rows = []
    for s in seeds:
        t = time.process_time()
        try:
            row = run(spec, loss, s)
        except Exception as e:      # a survey keeps going; the row says what went wrong
            row = dict(spec=spec, loss=loss, seed=s, error=repr(e))
        row["cpu"] = round(time.process_time() - t, 2)
        rows.append(row)
    return rows


if __name__ == "__main__":
    cases = [c.split("|") for c in sys.argv[1].split(";")]
    first, last = int(sys.argv[2]), int(sys.argv[3])
    for spec, loss in cases:
        for s in range(first, last):
            print(json.dumps(survey(spec, loss, [s])[0]), flush=True)
