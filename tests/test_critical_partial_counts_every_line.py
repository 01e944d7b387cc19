"""A partial critical-point count is a lower bound in every line that prints a count, not only in the first.

Before, a run stopped part-way printed ``critical points >= N`` but then ``pure / spurious 1 / 0`` and
``real 1 (minima 1, ...)`` as if they were the answer. The stop here is a stand-in for Ctrl-C during the
classification; the counts themselves are checked against Eckart-Young (the rank-one truncations of diag(3, 1)).
"""

import re

from algnet.analyses.critical import classify, solve

TARGET = [3.0, 0.0, 0.0, 1.0]          # diag(3, 1), row-major


def _stopped_run(monkeypatch):
    real, calls = classify._purity, []

    def stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(classify, "_purity", stop)
    return solve.critical_points("linear 2-1-2", loss="frobenius", target=TARGET, seed=0, strata=False)


def test_every_count_of_a_partial_result_says_at_least(monkeypatch):
    """Eckart-Young: 2 rank-one critical points, one classified before the stop (real, pure). Every count
    line of the summary and the repr carries '>=' (or 'lower bound'); the JSON says partial."""
    r = _stopped_run(monkeypatch)
    assert r.partial and r.critical_points == 2 and r.real == 1 and r.pure == 1
    text = r.summary()
    count_lines = [ln for ln in text.splitlines()
                   if ln.startswith(("critical points", "function-space", "pure /", "real ", "certified"))]
    assert len(count_lines) == 6, text
    for ln in count_lines:
        head = ln.split("; completeness")[0]          # the completeness text is words, not counts
        assert not re.findall(r"\b\d+\b", re.sub(r">= \d+", "", head)), ln     # every count after '>='
    assert re.search(r"pure / spurious\s+>= 1 / >= \d", text)
    assert re.search(r"real\s+>= 1\s+\(minima >= \d", text)
    assert ">= 2 isolated critical points" in repr(r) and "lower bounds" in repr(r)
    assert r.as_dict()["partial"] is True


def test_a_complete_result_prints_plain_counts():
    """The complete count (Eckart-Young: 2 pure points and the origin) prints no '>='."""
    r = solve.critical_points("linear 2-1-2", loss="frobenius", target=TARGET, seed=0, strata=False)
    assert not r.partial and r.pure == 2
    assert ">=" not in r.summary() and ">=" not in repr(r)
