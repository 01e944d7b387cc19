"""A classification stopped part-way (Ctrl-C, a time limit) keeps the points it classified; the rest are counted.

Before, a stop during the classification at the target dropped every point classified so far and reported the
count at the generic complex target with nothing classified ("real: not classified"); on layers Linear(2,2),
Power(2), Linear(2,2), Power(3), Linear(2,1) (197 points, the real-fiber searches taking minutes) a time limit
then threw away minutes of classified points. The interrupt here is a stand-in; the counts are checked against
Eckart-Young.
"""

import numpy as np

from algnet.analyses.critical import classify, solve

#: u = diag(3, 1) in the coefficients of the 2x2 end-to-end matrix (row-major)
TARGET = [3.0, 0.0, 0.0, 1.0]


def _interrupt_at(monkeypatch, k):
    """Ctrl-C (a stand-in) when the purity of the k-th point (1-based) is asked."""
    real, calls = classify._purity, []

    def stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == k:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(classify, "_purity", stop)


def test_a_stop_during_the_classification_keeps_the_classified_points(monkeypatch):
    """Eckart-Young for diag(3, 1): the rank-one critical points of the Frobenius distance are the truncations
    3 e1 e1^T (squared distance 1, the minimum) and e2 e2^T (squared distance 9, a saddle). Stopped at the second,
    the first stays classified (real, its loss one of the two values and the type that goes with it) and the second
    is counted, unclassified: 2 critical points, a lower bound."""
    _interrupt_at(monkeypatch, 2)
    r = solve.critical_points("linear 2-1-2", loss="frobenius", target=TARGET, seed=0, strata=False)
    assert r.partial and r.partial_reason == "interrupted"
    assert r.critical_points == 2 and r.function_space_points == 2 and r.unclassified == 1
    assert len(r.points) == 1 and r.real == 1 and r.pure == 1
    p = r.points[0]
    assert p.real and p.kind == {1.0: "minimum", 9.0: "saddle"}[round(p.loss, 9)]
    assert r.minima + r.saddles == 1
    # the image is one of the two truncations
    y = np.array(p.image).real
    assert min(np.abs(y - [3, 0, 0, 0]).max(), np.abs(y - [0, 0, 0, 1]).max()) < 1e-8
    text = r.summary()
    assert "critical points >= 2" in text and "not classified        1 of the critical points" in text
    assert r.as_dict()["unclassified"] == 1


def test_a_stop_at_the_first_point_counts_every_tracked_point(monkeypatch):
    """Stopped before any point was classified (but after both were tracked to the target): 2 points, none
    classified, no real point claimed."""
    _interrupt_at(monkeypatch, 1)
    r = solve.critical_points("linear 2-1-2", loss="frobenius", target=TARGET, seed=1, strata=False)
    assert r.partial and r.critical_points == 2 and r.unclassified == 2 and r.real == 0 and not r.points


def test_the_classification_shows_its_progress_with_the_total(capsys):
    """show_progress: a bar over the points at the target whose total is their number (the 2 rank-one points)."""
    from algnet.analyses.critical.paths import example_points

    fam, X, u = example_points("linear 2-1-2", target=TARGET)
    pts = classify.classify_points(fam, X, u, 3, show_progress=True)
    err = capsys.readouterr().err
    assert len(pts) == X.shape[0] == 2
    assert "classify" in err and "0/2 [" in err       # the total shown from the start
