"""Monodromy solving on a graph of parameter values, and the trace test.

For a family F(x; p) with a known start pair (x0, p0), known solutions are
transported along paths in parameter space; a closed path permutes the
solutions over its base point, and for an irreducible solution variety the
monodromy group acts transitively, so every solution is eventually reached
(Duff–Hill–Jensen–Lee–Leykin–Sommars, IMA J. Numer. Anal. 2019,
arXiv:1609.08722). Completeness is checked by the trace test.

=============  ================================================================
module         contents
=============  ================================================================
``solver``     :class:`MonodromySolver`: the solve loop (stopping rules, growth)
``graph``      :class:`MonodromyGraph`: nodes (solution sets), edges (correspondences)
``scheduler``  :class:`Scheduler`: one path tracker for all transports, refill rule
``stats``      :class:`MonodromyStatistics`: paths, failures, rounds, history
``trace``      :func:`trace_test`
``options``    :class:`MonodromyOptions`, :class:`MonodromyResult`, :class:`TraceTestResult`
=============  ================================================================

:func:`monodromy_solve` is a thin wrapper: ``MonodromySolver(...).solve(...)``.

Solutions are identified through a ``key`` (default: the point itself),
e.g. the image of a point under a map whose fibers should count once.
Known symmetries (group actions) seed and complete orbits at p0.

A family may solve some of its unknowns by substitution
(:class:`~algnet.homotopy.pinned.PinnedFamily`: ``full(X, P)`` puts them
back from the parameters): the solver tracks the remaining unknowns and
hands the full points, at their own node's parameters, to the key, the
trace functional, the group actions and the sampler's start pairs; start
points may be given and solutions are returned as full points.

Examples
--------
>>> import numpy as np
>>> fam, x0, p0, count = example_family("bezout 2,2")   # x^2 + y = a, y^2 + x = b: 4 solutions
>>> w = np.array([1.0, 2.0 - 1.0j])              # the trace test stops the search: no count is given
>>> res = monodromy_solve(fam, x0, p0, seed=1, trace_direction=np.array([1.0 + 0.5j, -0.3j]),
...                       trace_functional=lambda X: X @ w)
>>> len(res.solutions), res.stop_reason
(4, 'trace test passed')
>>> trace_test(fam, res.solutions, p0, seed=2).passed
True
"""

from __future__ import annotations

from typing import Callable

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.monodromy.examples import ExampleFamily, example_family
from algnet.homotopy.monodromy.graph import Edge, MonodromyGraph, SolutionSet
from algnet.homotopy.monodromy.options import MonodromyOptions, MonodromyResult, TraceTestResult
from algnet.homotopy.monodromy.scheduler import Scheduler
from algnet.homotopy.monodromy.solver import MonodromySolver
from algnet.homotopy.monodromy.stats import MonodromyStatistics
from algnet.homotopy.monodromy.trace import trace_test
from algnet.homotopy.systems import System
from algnet.homotopy.tracker import TrackerOptions, track
from algnet.interrupts import ctrl_c_safe

__all__ = ["MonodromyOptions", "MonodromyResult", "monodromy_solve", "TraceTestResult", "trace_test",
           "track_parameters", "MonodromySolver", "MonodromyGraph", "SolutionSet", "Edge", "Scheduler",
           "MonodromyStatistics", "example_family", "ExampleFamily"]


@ctrl_c_safe
def track_parameters(family: System, X, p0, p1, options: TrackerOptions | None = None,
                     show_progress: bool = False):
    """Track solutions X of F(.; p0) to F(.; p1) along the segment (a parameter homotopy): fewer than 16 paths on
    one thread to their ends by :func:`~algnet.homotopy.few_paths.track_few` (the compiled tracker's kernel calls,
    the same result), else by :func:`~algnet.homotopy.tracker.track`.

    Examples
    --------
    >>> import numpy as np
    >>> fam = example_family("square").family                         # x^2 = p
    >>> r = track_parameters(fam, np.array([[1.0]]), [1.0], [4.0 + 0.5j])
    >>> bool(abs(r.x[0, 0] ** 2 - (4 + 0.5j)) < 1e-10), r.status
    (True, ('success',))
    """
    if not show_progress:
        # a few paths to their ends on one thread: the compiled tracker's kernel calls without its objects
        from algnet.homotopy.few_paths import track_few

        got = track_few(family, X, p0, p1, options or TrackerOptions())
        if got is not None:
            return got
    return track(ParameterHomotopy(family, p0, p1), X, options, show_progress=show_progress, desc="parameter")


@ctrl_c_safe
def monodromy_solve(family: System, x0, p0, seed=None, options: MonodromyOptions | None = None,
                    key: Callable | None = None, group_actions=(), target_count: int | None = None,
                    free_parameters=None, trace_direction=None, trace_functional: Callable | None = None,
                    parameter_scale=None, sampler: Callable | None = None,
                    show_progress: bool = False, trace_weights=None) -> MonodromyResult:
    """Solve F(.; p0) = 0 by monodromy from known solutions ``x0``.

    Parameters
    ----------
    family : System
        A family with ``n_params > 0`` and ``param_derivative``.
    x0 : array (n,) or (k, n)
        Known solutions of F(.; p0).
    p0 : array (m,)
    seed : int, optional
        Seeds the random nodes (stored in the result).
    options : MonodromyOptions, optional
    key : callable, optional
        X (N, n) -> (N, q) identifying solutions (default: X itself); two
        solutions with equal keys count once.
    group_actions : sequence of callables
        X (N, n) -> (N, n), known symmetries. When the family has
        ``start_parameters`` (an :class:`OffsetFamily`-like family), an
        acted point is moved back to p0 by a parameter homotopy; otherwise
        the action is assumed to map solutions to solutions.
    target_count : int, optional
        Stop when this many solutions are known at p0 (e.g. a known root count).
    free_parameters : index array, optional
        Parameters varied at the random nodes (default: all).
    trace_direction, trace_functional : optional
        Set both to stop by the trace test (see :func:`trace_test`): the
        points p0 ± v join the graph and the test is evaluated whenever
        their edges to p0 are saturated; if it fails the graph grows.
    trace_weights : array (q,), optional
        Instead of ``trace_functional`` (with ``trace_direction``): the
        trace functional is ``key(X) @ trace_weights``, summed from the keys
        the solver already holds (no evaluation of its own). The degree route
        passes its functional this way (its keys are the network's values,
        the functional a random combination of them).
    parameter_scale : array (m,), optional
        Typical size of each parameter (random nodes draw p_j of size
        ``loop_scale * parameter_scale[j]``); use it when parameter blocks
        have very different sizes.
    sampler : callable, optional
        ``sampler(rng, k) -> X (k, n)``: random points, each of which solves
        the member of the family at its own parameters ``family.start_parameters(X)``
        (a family of the :class:`OffsetFamily` kind). ``options.random_starts``
        of them are tracked to p0 before the first round: one batch that
        lands on many different solutions at once (each path ends on some
        solution over p0), which the graph then completes.
    show_progress : bool

    Returns
    -------
    MonodromyResult
        Ctrl-C returns the solutions found so far, marked ``partial``.

    Examples
    --------
    >>> import numpy as np
    >>> fam, x0, p0, count = example_family("quintic")       # x^5 = p: 5 solutions
    >>> r = monodromy_solve(fam, x0, p0, seed=0, trace_direction=np.array([0.5 + 1j]),
    ...                     trace_functional=lambda X: X[:, 0])
    >>> len(r.solutions), r.stop_reason, r.trace.passed
    (5, 'trace test passed', True)

    With an unknown solved by substitution: x^2 + y + z = a, y^2 + x = b, z = c tracked in (x, y) only,
    the solutions returned as full points (x, y, z):

    >>> from algnet.homotopy.pinned import PinnedFamily
    >>> from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
    >>> G = PolynomialSystem.from_terms([{(2, 0, 0): 1, (0, 1, 0): 1, (0, 0, 1): 1}, {(0, 2, 0): 1, (1, 0, 0): 1},
    ...                                  {(0, 0, 1): 1}])
    >>> fam = OffsetFamily(G)
    >>> x0 = np.array([1.0, 2.0, 0.5])
    >>> p0 = fam.start_parameters(x0)[0]
    >>> r = monodromy_solve(PinnedFamily(fam, [(2, 2, 2)]), x0, p0, seed=1, target_count=4)
    >>> r.solutions.shape, r.stop_reason, bool(np.abs(fam.evaluate(r.solutions, p0)[0]).max() < 1e-10)
    ((4, 3), 'target count reached', True)
    """
    solver = MonodromySolver(family, options, key=key, group_actions=group_actions, free_parameters=free_parameters,
                             parameter_scale=parameter_scale, sampler=sampler)
    return solver.solve(x0, p0, seed=seed, target_count=target_count, trace_direction=trace_direction,
                        trace_functional=trace_functional, show_progress=show_progress,
                        trace_weights=trace_weights)
