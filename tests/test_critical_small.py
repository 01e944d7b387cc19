"""The small-system routes of the critical-point count: one projective total-degree homotopy, or one
multihomogeneous (linear-product) homotopy on a slice cutting the layers separately, with the gamma trick.

Truth: Eckart-Young (binom(min(m, n), r) for the Frobenius metric), the generic ED degree 3d - 2 of the
rational normal curve of degree d, 6 for P^1 x P^1 (the Segre variety of 2 x 2 rank-one matrices) and 13
for the Veronese surface (Draisma-Horobet-Ottaviani-Sturmfels-Thomas, FoCM 2016, Example 5.12 and
Thm. 5.8; the Chern-class values are recomputed here by :func:`segre_veronese_ged`, which uses no
homotopy), and the monodromy route (a second method: monodromy plus the trace test).
"""

from math import comb

import numpy as np
import pytest

from algnet.analyses.critical import critical_points, ed_degree
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.architectures.polymap import parametrization
from algnet.errors import NotApplicableError, ParameterError


ROUTES = ["total degree", "multihomogeneous"]


@pytest.mark.parametrize("method", ROUTES)
@pytest.mark.parametrize("spec, m, n, r", [("linear 2-1-2", 2, 2, 1), ("linear 3-1-3", 3, 3, 1),
                                           ("linear 3-1-2", 2, 3, 1)])
def test_eckart_young(spec, m, n, r, method):
    """Q = identity is special: the gradient system can have non-isolated solutions that look non-singular in
    floating point (they fail Krawczyk's test and are left out), and the trace test can fail; completeness
    is then not claimed, and auto gives way to monodromy."""
    res = ed_degree(spec, metric="frobenius", seed=5, method=method)
    assert res.critical.route == method
    assert res.ed_degree == comb(min(m, n), r) == res.critical.certified_distinct
    assert res.critical.complete or res.critical.completeness.startswith("NOT complete")
    auto = ed_degree(spec, metric="frobenius", seed=5)         # auto: an incomplete small route gives way
    assert auto.critical.complete and auto.ed_degree == comb(min(m, n), r)


@pytest.mark.parametrize("spec, truth", [
    ("linear 2-1-2", segre_veronese_ged([1, 1], [1, 1])),     # P1 x P1 under O(1, 1): 6
    ("dense 2-1-1 r=2", 3 * 2 - 2),                           # rational normal curves, 3 d - 2
    ("dense 2-1-1 r=3", 3 * 3 - 2),
    ("dense 2-1-1 r=4", 3 * 4 - 2),
    ("dense 3-1-1 r=2", segre_veronese_ged([2], [2])),        # the Veronese surface: 13
])
@pytest.mark.parametrize("method", ROUTES)
def test_generic_ed_degrees_against_theorems(spec, truth, method):
    assert truth in (6, 4, 7, 10, 13)                         # the formula itself, against the literature
    res = ed_degree(spec, metric="generic", seed=2, method=method)
    if not res.critical.complete:
        # a critical point whose representative on the slice is far out ends singular and is missed; the trace
        # test sees it (measured: the layered slice of dense 2-1-1 r=4, seed 2, 9 of 10): a lower bound
        assert res.ed_degree < truth and "(s = 1 against the value and slope at s = 0) NOT passed" in res.critical.completeness
        res = ed_degree(spec, metric="generic", seed=2)       # auto gives way to monodromy
    assert res.ed_degree == truth and res.critical.complete and not res.partial
    assert res.critical.certified_distinct == truth           # Krawczyk boxes with disjoint image balls
    assert res.evidence.proves.count("completeness by") == 1


def test_a_map_given_by_its_polynomials():
    """The cone over the conic (s^2, s t, t^2) as an arbitrary map: generic ED degree 3 * 2 - 2 = 4."""
    res = ed_degree(parametrization(["s^2", "s*t", "t^2"]), metric="generic", seed=1, method="total degree")
    assert res.ed_degree == 4 and res.critical.complete


def test_convolutional_counts_against_the_chern_class_value():
    """conv k=2,3 r=2: P^1 x P^2 under O(2, 1), 22 (Chern classes); 27 multihomogeneous paths (625 total degree)."""
    truth = segre_veronese_ged([1, 2], [2, 1])
    res = ed_degree("conv k=2,3 r=2", metric="generic", seed=3, method="multihomogeneous")
    assert res.critical.route == "multihomogeneous" and "(27 paths" in res.critical.completeness
    assert res.critical.trace_test_passed                     # the multihomogeneous route's second check
    assert res.ed_degree == truth == 22 and res.critical.certified_distinct == truth and res.critical.complete
    # auto: the parameter homotopy from the structure's generic solutions (found by that route once)
    # (the structure's first count solves it, by that route at its own parameters)
    first = ed_degree("conv k=2,3 r=2", metric="generic", seed=3)
    assert first.critical.route in ("parameter homotopy", "multihomogeneous") and first.ed_degree == truth
    auto = ed_degree("conv k=2,3 r=2", metric="generic", seed=4)
    assert auto.critical.route == "parameter homotopy" and auto.critical.complete and auto.critical.paths == 22
    assert "multihomogeneous homotopy at" in auto.critical.completeness and "(seed" in auto.critical.completeness
    assert auto.ed_degree == truth and auto.critical.certified_distinct == truth


@pytest.mark.parametrize("spec, metric", [("linear 2-1-2", "generic"), ("dense 2-1-1 r=3", "generic"),
                                          ("conv k=2,2 r=2", "generic"), ("linear 3-1-3", "frobenius")])
@pytest.mark.parametrize("method", ROUTES)
def test_same_count_as_monodromy_and_from_two_seeds(spec, metric, method):
    small = [ed_degree(spec, metric=metric, seed=s, method=method) for s in (0, 7)]
    mono = ed_degree(spec, metric=metric, seed=0, method="monodromy")
    assert mono.critical.route == "monodromy" and mono.critical.trace_test_passed
    assert small[0].ed_degree == small[1].ed_degree == mono.ed_degree
    assert all(r.critical.certified_distinct == r.ed_degree for r in small)


def test_auto_takes_the_small_route_by_path_count():
    # counts only: the structure's generic solutions come from the small route (9 and 19 paths), then each call
    # tracks one path per critical image from them
    for spec, paths in (("linear 2-1-2", 6), ("conv k=2,2 r=2", 14)):
        ed_degree(spec, metric="generic", seed=0)       # (the structure's first count, if not solved before)
        c = ed_degree(spec, metric="generic", seed=1).critical
        assert c.route == "parameter homotopy" and c.paths == paths and c.complete
        assert "multihomogeneous homotopy at" in c.completeness and "(seed" in c.completeness
    assert ed_degree("linear 3-2-3", metric="frobenius", seed=0).critical.route == "monodromy"    # 289 and more
    # the classification keeps monodromy under auto
    assert critical_points("linear 2-1-2", loss="generic", seed=0, spurious=False, strata=False,
                           certify=False).route == "monodromy"


def test_route_not_applicable_and_bad_method():
    for method in ROUTES:
        with pytest.raises(NotApplicableError):    # biases: coefficients not homogeneous in the parameters
            ed_degree("dense 2-1-1 r=2 bias", metric="generic", seed=0, method=method)
    with pytest.raises(ParameterError):
        ed_degree("linear 2-1-2", metric="generic", seed=0, method="bezout")
    # auto falls back to monodromy where the route does not apply
    assert ed_degree("dense 2-1-1 r=2 bias", metric="generic", seed=0).critical.route == "monodromy"


@pytest.mark.parametrize("method", ROUTES)
def test_failed_paths_make_a_lower_bound(monkeypatch, method):
    """Paths stopped after 3 steps (and again after 3 on the retry): the count is not claimed complete."""
    from algnet.analyses.critical import total_degree

    real = total_degree._options
    monkeypatch.setattr(total_degree, "_options", lambda **kw: real(**{**kw, "max_steps": 3}))
    res = ed_degree("linear 2-1-2", metric="generic", seed=0, method=method)
    assert res.critical.complete is False
    assert "NOT complete" in res.critical.completeness
    assert "completeness by" not in res.evidence.proves
    import algnet.cli.critical as cli

    monkeypatch.setattr(cli, "interrupted", lambda: False)    # a Ctrl-C seen by an earlier test is not this one
    assert f"{method} homotopy failed" in cli.lower_bound_reason(res, "interrupted")


def test_singular_endpoints_are_excluded_like_monodromy_excludes_them():
    """linear 2-1-2, generic metric: of the 27 paths, those at the rank-drop locus (a positive-dimensional set
    of solutions of the slice gradient system) end singular and are excluded; the count then equals the
    monodromy route's (which never reaches them) and the Chern-class value."""
    from algnet.analyses.critical.system import example_family
    from algnet.analyses.critical.total_degree import total_degree_solve

    fam = example_family("linear 2-1-2", "generic", seed=4)
    sol = total_degree_solve(fam, np.random.default_rng(4))
    assert sol.paths >= 27 and sol.complete
    assert sol.excluded.get("singular endpoint", 0) > 0
    G = fam.gradient(sol.solutions, np.broadcast_to(fam.loss.u, (sol.solutions.shape[0], fam.n_params)))
    assert np.abs(G).max() < 1e-8 * (1 + np.abs(sol.solutions).max()) ** 3    # every endpoint kept solves G = 0


def test_multihomogeneous_bezout_by_hand():
    """linear 2-1-2 cut on the second layer: groups P^2 (W1) x P^1 (W2), equations of degrees (1, 2) twice
    and (2, 1) once: the coefficient of a^2 b in (a + 2b)^2 (2a + b) is 1 * 1 + 4 * 2 = 9 (hand computation)."""
    from algnet.analyses.critical.multihom import multihomogeneous_bezout

    assert multihomogeneous_bezout([[1, 2], [1, 2], [2, 1]], (2, 1)) == 9
    # one group: Bezout's theorem, the product of the degrees
    assert multihomogeneous_bezout([[3, 0], [5, 0], [2, 0]], (3, 0)) == 30


@pytest.mark.slow          # two full classifications: about 7 s of CPU at load 10
def test_classification_after_the_small_route_matches_monodromy():
    """The whole classification (real target, spurious search, strata) started from the multihomogeneous
    route's points gives the counts of the monodromy route (second method): conv k=2,2 r=2, 14 pure (the
    Chern-class value) and the spurious point 0."""
    a = critical_points("conv k=2,2 r=2", loss="generic", seed=0, method="multihomogeneous")
    b = critical_points("conv k=2,2 r=2", loss="generic", seed=0, method="monodromy")
    assert a.route == "multihomogeneous" and b.route == "monodromy" and a.complete and b.complete
    assert a.pure == b.pure == segre_veronese_ged([1, 1], [2, 1]) and a.lost == b.lost == 0
    assert (a.spurious, a.real, a.minima, a.saddles) == (b.spurious, b.real, b.minima, b.saddles)
