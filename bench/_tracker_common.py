"""Shared set-up of the tracker benchmarks (``bench_tracker`` and its sections ``_tracker_threads``,
``_tracker_predictors``; ``bench_tape`` and ``_ab_rates --threads``, through ``threads_rows``, use it too).

* :data:`CASES`: the eight systems of issue 16 (:data:`QUICK`: two of them);
* :func:`slicing_family`: the family the monodromy degree route tracks on a network (the witness system
  with its coordinate slices solved by substitution and their values fixed, or the full one);
* :func:`paths_and_target`: N random start pairs and one random target, the same for the pinned (b moving)
  and the full family;
* :func:`_timed_track`: ``track()`` with its wall and process CPU seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

CASES = ["linear 3-1-3", "conv k=2,3 s=1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 4-2-4", "dense 3-2-2 r=2",
         "conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2", "linear 6-2-4"]
QUICK = ["conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2"]
N_PATHS = 256
N_NUMPY = 48
N_THREADS = 1024


def slicing_family(spec, seed=0, pin="fixed"):
    """The family the monodromy degree route tracks, and dim M: the witness system (coordinate gauge slice)
    :func:`algnet.analyses.witness_system.witness_setup` builds, with its slices solved by substitution
    (``WitnessSetup.tracked``: a FixedPinFamily in n - e unknowns whose parameters are the dim offsets c, the
    slice values b constants; ``pin="moving"``: the PinnedFamily, b among the parameters;
    ``pin=False``: the full system)."""
    from algnet import parse_spec
    from algnet.analyses.network_input import network_dimension
    from algnet.analyses.witness_system import witness_setup

    net = parse_spec(spec)
    dim = network_dimension(net, seed)
    return witness_setup(net, dim, seed=seed, coordinate_slice=True, pin=pin).tracked, dim


def paths_and_target(fam, N, seed=1):
    """N random start pairs (X, P0) of ``fam`` and one random target P1 (rows equal). The start points are
    drawn in the family's full coordinates (``point_vars``; a pinned family keeps its free unknowns), so
    the PinnedFamily (b moving) and the full family get the same paths; the FixedPinFamily puts the pinned
    unknowns at its values b (the same free unknowns, other paths: its starts and target move c only)."""
    rng = np.random.default_rng(seed)
    from algnet.homotopy.pinned import point_vars, start_pairs

    n, m = point_vars(fam), fam.n_params
    X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
    X, P0 = start_pairs(fam, X)
    p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
    return X, P0, np.ascontiguousarray(np.broadcast_to(p1, P0.shape))


def _timed_track(H, X, opt):
    from algnet.homotopy.tracker import track

    w, c = time.perf_counter(), time.process_time()
    res = track(H, X, opt)
    return res, time.perf_counter() - w, time.process_time() - c
