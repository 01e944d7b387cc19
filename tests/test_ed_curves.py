"""The second method of ``ed-degree`` for a map of P^1 onto a curve: the Chern-class formula 3d + 2g - 2 of a smooth
curve (DHOST 2016, Thm. 5.8), claimed only when the map is proved an injective immersion (then g = 0 and d is the
forms' degree), and for the Frobenius metric only when the curve meets the isotropic quadric transversally.

Truths: 3d - 2 for the rational normal curves of degree 2, 3, 4 (4, 7, 10: the theorem, by hand); and, computed
once by Macaulay2 from the implicit equations (the critical ideal of the squared distance with a random target and
a random symmetric metric, or the identity, saturated by the singular locus; ``degree``): the twisted cubic 7 and
the rational normal quartic 10 with the Frobenius metric; the cone x^2 + y^2 = z^2 (the conic (s^2 - t^2, 2st,
s^2 + t^2), tangent to the isotropic quadric at its two points) 2 with the Frobenius metric, 4 with a generic one;
the cuspidal cubic y^3 = x^2 z 6 and the nodal cubic y^2 z = x^3 + x^2 z 7 (generic metric; Pluecker: the degree
plus the class, 3 + 3 and 3 + 4). Before, every map said "second method: none".
"""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import ed_degree


def curve_formula(net, metric):
    from algnet.analyses.critical.curve_ed import curve_formula as formula      # (new: the base has no such module)

    return formula(net, metric)

CONIC = "map s^2; s*t; t^2"
TWISTED_CUBIC = "map s^3; s^2*t; s*t^2; t^3"
QUARTIC = "map s^4; s^3*t; s^2*t^2; s*t^3; t^4"
CIRCLE = "map s^2 - t^2; 2*s*t; s^2 + t^2"
CUSP = "map s^3; s^2*t; t^3"
NODE = "map s^2*t - t^3; s^3 - s*t^2; t^3"


@pytest.mark.parametrize("spec, d", [(CONIC, 2), (TWISTED_CUBIC, 3), (QUARTIC, 4)])
def test_rational_normal_curves_are_cross_checked(spec, d):
    res = ed_degree(spec, metric="generic", seed=1)
    assert res.formula == 3 * d - 2 == res.ed_degree and res.agrees
    assert "injective immersion of P^1" in res.formula_source and f"degree d = {d}" in res.formula_source


@pytest.mark.parametrize("spec, truth", [(TWISTED_CUBIC, 7), (QUARTIC, 10)])
def test_frobenius_metric_when_transversal_to_the_isotropic_quadric(spec, truth):
    value, source = curve_formula(parse_spec(spec), "frobenius")
    assert value == truth and "transversally" in source


def test_a_conic_tangent_to_the_isotropic_quadric_claims_nothing_for_frobenius():
    res = ed_degree(CIRCLE, metric="frobenius", seed=2)
    assert res.ed_degree == 2 and res.formula is None           # Macaulay2: 2, below the generic 4
    assert "isotropic quadric" in res.formula_source and "not claimed" in res.formula_source
    assert curve_formula(parse_spec(CIRCLE), "generic")[0] == 4


@pytest.mark.parametrize("spec, truth", [(CUSP, 6), (NODE, 7)])
def test_singular_curves_are_not_given_the_smooth_formula(spec, truth):
    res = ed_degree(spec, metric="generic", seed=3)
    assert res.ed_degree == truth and res.formula is None        # 3d - 2 = 7 would be wrong for the cusp
    assert "not an injective immersion" in res.formula_source


def test_a_base_point_is_not_taken_for_a_smooth_cubic():
    """s (s^2, s t, t^2): the image is the conic (generic ED degree 4, 3 * 2 - 2), not a cubic (7); and the
    second point's coordinates of the check do not clash with parameters named u, v."""
    value, source = curve_formula(parse_spec("map s^3; s^2*t; s*t^2"), "generic")
    assert value is None and "base point" in source
    assert curve_formula(parse_spec("map u^3; u^2*v; u*v^2; v^3"), "generic")[0] == 7


def test_the_cli_prints_the_second_method(capsys):
    from algnet.cli import main

    assert main(["ed-degree", TWISTED_CUBIC, "--metric", "generic", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "generic ED degree = 7" in out and "second method: 7 (" in out and "agrees" in out


def test_maps_that_are_not_curves_of_p1_are_left_alone():
    assert curve_formula(parse_spec("map s; s*t; t^2"), "generic") is None          # not homogeneous
    assert curve_formula(parse_spec("map s^2; s*t; t^2"), "bombieri") is None
    assert curve_formula(parse_spec("linear 2-1-2"), "frobenius") is None


def test_the_curve_formula_is_in_the_stored_record_key():
    """A stored structure's record holds the closed form (:func:`algnet.analyses.critical.ed.formula_field`): every
    module the curve formula runs is among the sources its key hashes (else an edit could leave a stale value)."""
    import os

    from algnet.analyses.critical import ed, structure_store as store
    from algnet.analyses.critical.tape_stamp import traced
    from algnet.analyses.critical.tape_store import TAPE_SOURCES

    critical = os.path.dirname(os.path.abspath(ed.__file__))
    package = os.path.dirname(os.path.dirname(critical))
    for spec in (TWISTED_CUBIC, CIRCLE):
        net = parse_spec(spec)
        for kind in ("generic", "frobenius"):
            ed._FORMULAS.clear()
            (value, _), files = traced(ed._ed_formula, net, kind)
            hashed = ({os.path.join(critical, f) for f in store.STRUCTURE_SOURCES}
                      | {os.path.join(package, f) for f in store.SOLVE_SOURCES}
                      | {os.path.abspath(str(p)) for p in TAPE_SOURCES}
                      | {os.path.abspath(f) for f in store._class_sources(net)})
            ran = {os.path.abspath(f) for f in files if os.path.abspath(f).startswith(package + os.sep)}
            ran -= {os.path.join(package, "errors.py")}
            assert os.path.join(critical, "curve_ed.py") in ran and not ran - hashed, sorted(ran - hashed)


def test_beyond_the_decided_sizes_nothing_is_claimed():
    """The quintic rational normal curve (its generic ED degree is 13 = 3 * 5 - 2) is past the sizes whose
    hypotheses are decided: no value, and the source says why (never a formula on an unproved hypothesis)."""
    value, source = curve_formula(parse_spec("map s^5; s^4*t; s^3*t^2; s^2*t^3; s*t^4; t^5"), "generic")
    assert value is None and "was not decided" in source
