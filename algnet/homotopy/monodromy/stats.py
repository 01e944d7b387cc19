"""Counters of a monodromy solve: paths, failures by status, rounds, and the history of new solutions.

Examples
--------
>>> s = MonodromyStatistics()
>>> s.note_status(["success", "diverged", "diverged"]); s.failures
{'diverged': 2}
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MonodromyStatistics"]


@dataclass
class MonodromyStatistics:
    """What a solve has spent and found so far.

    ``paths`` tracked (sent to the tracker), ``failures`` by status,
    ``rounds`` (times transports were sent), ``history`` (one row each time
    new solutions appeared at p0: generators, solutions at p0, new ones,
    paths so far), ``trace_paths`` / ``trace_failures`` on the current
    trace edges, ``start_paths`` / ``start_new``: random starts tracked to p0 and the new
    solutions they found there, ``detours`` / ``detours_found``: failed transports tracked again
    around the trouble (two paths each) and the new solutions their endpoints were, ``rescued``:
    endpoints the tracker called singular that are only badly scaled (``MonodromySolver.rescue``).

    Examples
    --------
    >>> st = MonodromyStatistics()
    >>> st.note_sent(4); st.note_status(["success", "diverged", "success", "failed"])
    >>> st.paths, st.rounds, st.failures, st.paths_per_solution(2)
    (4, 1, {'diverged': 1, 'failed': 1}, 2.0)
    """

    paths: int = 0
    failures: dict = field(default_factory=dict)
    rounds: int = 0
    history: list = field(default_factory=list)
    trace_paths: int = 0
    trace_failures: int = 0
    start_paths: int = 0
    start_new: int = 0
    detours: int = 0
    detours_found: int = 0
    rescued: int = 0

    def note_status(self, statuses):
        """Count the paths that did not succeed, by status."""
        for s in statuses:
            if s != "success":
                self.failures[s] = self.failures.get(s, 0) + 1

    def note_sent(self, k: int):
        self.paths += k
        self.rounds += 1

    def note_new(self, generators: int, known: int, new: int):
        self.history.append((generators, known, new, self.paths))

    def reset_trace(self):
        self.trace_paths = self.trace_failures = 0

    def paths_per_solution(self, known: int) -> float:
        """Paths tracked per solution known (the cost measure of the benchmarks)."""
        return self.paths / max(known, 1)
