"""The classification's progress bar says when the real weights behind a real image are searched: that search can
solve real slices of the fibers, each up to its CPU budget (minutes under load on networks with positive-dimensional
fibers), and before, the bar stood still without saying why."""

from algnet.analyses.critical import classify
from algnet.analyses.critical.paths import example_points


def test_the_progress_bar_names_the_real_weight_search(capsys):
    """Eckart-Young for diag(3, 1): both rank-one critical images are real, so both are searched."""
    fam, X, u = example_points("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    pts = classify.classify_points(fam, X, u, 3, show_progress=True)
    err = capsys.readouterr().err
    assert sum(p.real for p in pts) == 2
    assert "real image 1: searching real weights" in err and "real image 2: searching real weights" in err
    assert "CPU s each" in err or "solved before" in err
