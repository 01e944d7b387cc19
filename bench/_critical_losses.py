"""How often a critical-point count loses a path on the way to the real target, and why (issue 12).

``survey(spec, loss, seeds)`` runs the classification route of :func:`algnet.analyses.critical.critical_points`
(monodromy on a random slice at a generic complex target p0, the trace test, then the parameter homotopy to the
real target u of :func:`~algnet.analyses.critical.special.to_real_target`) up to the end of that homotopy, and
skips what follows it (certification, types, the strata's spurious points): those do not change which points
reach u. Each row: the pure images at p0, the calls of ``paths._to_target`` (points handed in, points lost), the
points lost at the end (after the second slices of ``to_real_target``), the distinct pure images at u, whether a
second slice was used, CPU seconds. The random draws are those of ``critical_points`` with the same seed.

Run ``python bench/_critical_losses.py "spec|loss;spec|loss" first_seed last_seed`` (one JSON line a seed).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/_critical_losses.py``.

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
