"""Singular points of the image of a polynomial map (algnet.analyses.singular.maps, ``algnet singular --map``).

Truth by hand: the node (t^2 - 1, t^3 - t) meets itself at (0, 0) (t = +-1, tangent vectors (2, 2) and
(-2, 2)); the cusp (t^2, t^3) has its only singular point at the origin (t = 0, velocity 0, y^2 = x^3); the
Whitney umbrella (u v, v, u^2), i.e. x^2 = y^2 z, is singular along the line x = y = 0 ((u, 0) and (-u, 0)
have the image (0, 0, u^2)); the twisted cubic curve (t, t^2, t^3) is smooth (an injective immersion, its
image closed); (t^3, t^3) drops rank at t = 0 but its image is the line x = y, smooth. Where the image is a
hypersurface, the singular points are compared with Singular (eliminate, then the Jacobian ideal).
"""

import json
import shutil
import subprocess
import sys
from fractions import Fraction

import pytest
import sympy

from algnet.analyses.singular.maps import map_singular_points
from algnet.architectures.polymap import parametrization
from algnet.errors import NotApplicableError, TooLargeError


def _points(res, status):
    return [tuple(Fraction(str(sympy.nsimplify(x))) for x in c.point) for c in res.candidates if c.status == status]


def test_node_has_one_singular_point_at_the_origin():
    res = map_singular_points(parametrization(["t^2 - 1", "t^3 - t"]), seed=0)
    assert _points(res, "singular") == [(0, 0)]
    (c,) = res.singular
    assert c.certified and c.source == "branches meet" and sorted(c.theta + c.other) == ["-1", "1"]
    assert all(x.status != "undecided" for x in res.candidates)


def test_cusp_is_singular_at_the_origin_only():
    res = map_singular_points(parametrization(["t^2", "t^3"]), seed=1)
    assert _points(res, "singular") == [(0, 0)]
    assert [c.source for c in res.singular] == ["rank drop"] and res.singular[0].certified


def test_whitney_umbrella_is_singular_along_a_line():
    res = map_singular_points(parametrization(["u*v", "v", "u^2"]), seed=0)
    sing = res.singular
    assert all(c.certified for c in sing)
    assert {c.source for c in sing} == {"rank drop", "branches meet"}
    line = [c for c in sing if c.dimension == 1]
    assert len(line) == 1
    x, y, z = (Fraction(str(sympy.nsimplify(v))) for v in line[0].point)
    assert (x, y) == (0, 0) and z > 0             # on the line x = y = 0, on the real (z > 0) half
    assert (0, 0, 0) in _points(res, "singular")  # the pinch point


def test_twisted_cubic_curve_has_no_candidate():
    res = map_singular_points(parametrization(["t", "t^2", "t^3"]), seed=0)
    assert res.candidates == () and "none" in res.table()


def test_rank_drop_with_smooth_image_is_smooth():
    res = map_singular_points(parametrization(["t^3", "t^3"]), seed=0)
    assert res.singular == ()
    assert [(c.source, c.point, c.status, c.certified) for c in res.candidates] == \
        [("rank drop", ("0", "0"), "smooth", True)]


def test_acnode_is_a_point_of_the_closure_not_of_the_real_image():
    # (t^2 + 1, t^3 + t): y^2 = x^2 (x - 1); t = +-i both map to (0, 0), an isolated real point of the curve
    res = map_singular_points(parametrization(["t^2 + 1", "t^3 + t"]), seed=0)
    (c,) = res.singular
    assert c.point == ("0", "0") and not c.real and "not real" in res.table()


def test_not_a_map_and_too_many_parameters_are_refused():
    with pytest.raises(NotApplicableError):
        map_singular_points("linear 2-1-2")
    with pytest.raises(TooLargeError):
        map_singular_points(parametrization(["a*b", "c*d", "e", "a + b + c + d + e"]))


def test_cli_map_prints_the_tested_points(tmp_path):
    f = tmp_path / "node.txt"
    f.write_text("t^2 - 1\nt^3 - t\n")
    out = subprocess.run([sys.executable, "-m", "algnet", "singular", "--map", str(f), "--seed", "0", "--json"],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    assert "rank_drop_locus_note" not in d
    cands = d["map_singular_points"]["candidates"]
    assert [(c["point"], c["status"], c["certified"]) for c in cands] == [(["0", "0"], "singular", True)]


def _singular_locus(polys, params):
    """(dim, generators) of the singular locus of the hypersurface image, by Singular."""
    ys = [f"y{i}" for i in range(len(polys))]
    script = "\n".join([
        "short=0;", f"ring r = 0,({','.join(params + ys)}),dp;",
        "ideal I = " + ", ".join(f"{y}-({p})" for y, p in zip(ys, polys)) + ";",
        f"ideal J = eliminate(I, {'*'.join(params)});", f"ring s = 0,({','.join(ys)}),dp;",
        "ideal J = imap(r, J);", "ideal S = std(J + jacob(J));", "print(dim(S));",
        "int i; for(i=1;i<=size(S);i++){print(S[i]);}", "quit;"])
    out = subprocess.run(["Singular", "-q"], input=script, capture_output=True, text=True, timeout=120).stdout
    lines = [ln.strip() for ln in out.splitlines() if ln.strip() and not ln.startswith("//")]
    syms = sympy.symbols(ys)
    gens = [sympy.sympify(ln.replace("^", "**"), locals=dict(zip(ys, syms))) for ln in lines[1:]]
    return int(lines[0]), gens, syms


@pytest.mark.skipif(shutil.which("Singular") is None, reason="Singular is not installed")
@pytest.mark.parametrize("polys,params", [(["t^2-1", "t^3-t"], ["t"]), (["t^2", "t^3"], ["t"]),
                                          (["u*v", "v", "u^2"], ["u", "v"]), (["t^3", "t^3"], ["t"]),
                                          (["t^2", "t^5 - t^3"], ["t"])])
def test_agrees_with_singular_on_hypersurfaces(polys, params):
    dim, gens, syms = _singular_locus(polys, params)
    res = map_singular_points(parametrization(polys), seed=0)
    decided = [c for c in res.candidates if c.status != "undecided"]
    assert decided == list(res.candidates)
    for c in res.candidates:
        pt = dict(zip(syms, (sympy.sympify(x) for x in c.point)))
        on = all(sympy.simplify(g.subs(pt)) == 0 for g in gens)
        assert on == (c.status == "singular"), (c, gens)
    # the singular locus has the dimension of the largest singular component found (-1: empty)
    assert dim == max((c.dimension for c in res.singular), default=-1)


def test_space_cusp_is_singular_and_the_triple_cover_is_not_called_birational():
    # (t^2, t^3, t^4): z - x^2 and y^2 - x^3 vanish on it; at the origin their linear parts leave the plane z = 0 of
    # dimension 2 > 1 as Zariski tangent space: singular (by hand). t -> (t^3, t^3) is three-to-one over C, so its
    # rank drop is not a curve branch of multiplicity >= 2.
    res = map_singular_points(parametrization(["t^2", "t^3", "t^4"]), seed=0)
    (c,) = res.candidates
    assert (c.point, c.status, c.certified, c.rank) == (("0", "0", "0"), "singular", True, 0)
    res = map_singular_points(parametrization(["t^3", "t^3"]), seed=0)
    assert "curve branch" not in res.candidates[0].decided_by


def test_time_limit_returns_the_finished_components_marked_partial():
    res = map_singular_points(parametrization(["u*v", "v", "u^2"]), seed=0, time_limit=0.001)
    assert res.partial and "PARTIAL" in res.table() and res.as_dict()["partial"] is True
    assert all(c.status == "singular" for c in res.candidates)        # whatever was finished is right


def test_a_map_with_positive_dimensional_fibers_is_not_called_complete():
    # (u v, u v): every fiber is a hyperbola; the pairs of preimages are not solved for, so an empty list of
    # singular points must not read as "smooth everywhere" (the image, the line x = y, is smooth all the same)
    res = map_singular_points(parametrization(["u*v", "u*v"]), seed=0)
    assert not res.complete and "pairs of preimages were not solved" in " ".join(res.notes)
    assert res.singular == ()


@pytest.mark.parametrize("kw", [dict(seed=-1), dict(seed="a"), dict(starts=-2), dict(starts=True),
                                dict(time_limit=float("nan")), dict(time_limit=0)])
def test_bad_options_are_a_parameter_error(kw):
    from algnet.errors import ParameterError

    with pytest.raises(ParameterError):
        map_singular_points(parametrization(["t^2", "t^3"]), **kw)
