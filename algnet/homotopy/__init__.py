"""A numerical algebraic geometry engine: systems, path tracking,
parameter homotopies, monodromy, trace test, certification.

It knows polynomial systems given as vectorised callables (values and
Jacobians in complex float64), not networks.

=================  ==========================================================
module             contents
=================  ==========================================================
``systems``        :class:`System` (the callable interface), :class:`PolynomialSystem`,
                   :class:`OffsetFamily`, named systems (Katsura, cyclic, random dense)
``homotopies``     straight-line (gamma trick), parameter homotopies, projective charts
``tracker``        :func:`track`: RK4 predictor, Newton corrector, adaptive steps,
                   all paths in one batch, every path ends with a status
``solve``          :func:`total_degree_solve` in projective coordinates
``compiled``       the compiled path tracker (``tape``: recorded systems, ``kernels``: numba)
``tape_numpy``     a tape evaluated by numpy (a few paths in a process that has not imported numba)
``tape_segment``   that tape folded along one parameter segment (the numpy tracker's evaluations)
``monodromy``      :class:`MonodromySolver` (graph, scheduler, statistics), :func:`monodromy_solve`,
                   :func:`trace_test`
``certify``        :func:`certify`: Krawczyk's test in ball arithmetic (python-flint acb)
=================  ==========================================================

Ctrl-C. The public functions here run under :class:`algnet.interrupts.safe_ctrl_c` (about 1.2 us of CPU a call
under Python's own handler, 0.35 under another): in a script or a
Jupyter kernel (Python's own SIGINT handler) a Ctrl-C raises KeyboardInterrupt, or gives the function's documented
partial result, but is put off a moment where it lands in numba's boxing of a compiled kernel's result (raised
there, it crashed CPython: :func:`algnet.interrupts.in_numba_boxing`), in an import or in numba's compiler.
:func:`track`, :func:`total_degree_solve`, :func:`make_tracker`, the trackers' ``step`` and ``finish``,
:meth:`MonodromySolver.solve`, :func:`certify`, :func:`krawczyk`, the endgame's and monodromy's functions are
protected where they are defined, so the names of their modules are the same protected functions as this
package's (the compiled tracker's ``step_begin`` runs its kernels on a worker thread, where no signal handler runs;
``algnet.homotopy.certify`` is the function, as before).

Examples
--------
>>> from algnet.homotopy import katsura, total_degree_solve, certify
>>> res = total_degree_solve(katsura(2), seed=0)
>>> len(res.solutions), certify(katsura(2), res.solutions).certified
(4, 4)
"""

from algnet.homotopy.certify import CertificationResult, certify, krawczyk
from algnet.homotopy.endgame import EndgameOptions, EndgameResult, cauchy_endgame, cauchy_loop, track_with_endgame
from algnet.homotopy.homotopies import (
    ChartedSystem,
    CircleHomotopy,
    ParameterHomotopy,
    SegmentHomotopy,
    StraightLineHomotopy,
)
from algnet.homotopy.monodromy import (
    MonodromyGraph,
    MonodromyOptions,
    MonodromyResult,
    MonodromySolver,
    MonodromyStatistics,
    TraceTestResult,
    monodromy_solve,
    trace_test,
    track_parameters,
)
from algnet.homotopy.solve import SolveResult, distinct_points, total_degree_solve
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem, System, cyclic, katsura, random_dense_system
from algnet.homotopy.tracker import TrackerOptions, TrackResult, make_tracker, track

__all__ = [
    "System", "PolynomialSystem", "OffsetFamily", "katsura", "cyclic", "random_dense_system",
    "StraightLineHomotopy", "ParameterHomotopy", "ChartedSystem", "SegmentHomotopy", "CircleHomotopy",
    "TrackerOptions", "TrackResult", "track",
    "SolveResult", "total_degree_solve", "distinct_points",
    "EndgameOptions", "EndgameResult", "cauchy_loop", "cauchy_endgame", "track_with_endgame",
    "MonodromyOptions", "MonodromyResult", "TraceTestResult", "monodromy_solve", "trace_test", "track_parameters",
    "MonodromySolver", "MonodromyGraph", "MonodromyStatistics", "make_tracker",
    "CertificationResult", "certify", "krawczyk",
]
