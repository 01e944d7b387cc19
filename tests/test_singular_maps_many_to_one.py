"""Singular points of the image of a map that is many-to-one over C, and the solver's time budget.

mu(s, t) = (s^3 + t, t^2 + s^3 t, t^3) factors through u = s^3: (u, t) -> (x, y, z) = (u + t, t x, t^3). By hand,
y^3 = t^3 x^3 = z x^3, so the image is the hypersurface F = y^3 - x^3 z = 0 (irreducible: degree one in z with coprime
coefficients; Macaulay2's elimination gives the same generator). grad F = (-3 x^2 z, 3 y^2, -x^3) vanishes exactly on
the line x = y = 0: the singular locus is that line, which the map covers (x = 0, t^3 = z: s^3 = -t). The curve s = 0,
(t, t^2, t^3), where the Jacobian drops rank, is smooth on the surface away from the origin (grad F = (-3 t^5, 3 t^4,
-t^3) != 0).

The pairs (s, t), (s', t') with one image lie over the whole image (s' = w s, w^3 = 1), and sympy's solve ran for hours
on them (``algnet singular "map s^3 + t; t^2 + s^3*t; t^3"`` printed nothing). A map of two or more parameters onto a
hypersurface with a known generator whose random point has a second preimage now takes its singular points from the
singular locus V(F, grad F) of the closure; every symbolic solve of the search has a CPU budget besides.
"""

import sympy

from algnet.analyses.singular import map_singular_points
from algnet.architectures.polymap import parametrization

X, Y, Z = sympy.symbols("x y z")
F = Y**3 - X**3 * Z


def _point(c):
    return [sympy.sympify(v) for v in c.point]


def test_the_cube_composed_map_is_singular_exactly_along_a_line():
    res = map_singular_points(parametrization(["s^3 + t", "t^2 + s^3*t", "t^3"]), seed=0, time_limit=60)
    assert not res.partial and res.complete
    assert res.singular and all(c.certified for c in res.candidates)
    for c in res.candidates:
        x, y, z = _point(c)
        at = {X: x, Y: y, Z: z}
        assert sympy.simplify(F.subs(at)) == 0                              # a point of the image
        on_line = x == 0 and y == 0
        grad_zero = all(sympy.simplify(sympy.diff(F, v).subs(at)) == 0 for v in (X, Y, Z))
        assert grad_zero == on_line
        assert (c.status == "singular") == grad_zero                        # the hand verdict
    line = [c for c in res.singular if c.dimension == 1]
    assert line and all(_point(c)[:2] == [0, 0] for c in line)             # the whole line, not a point of it
    drop = [c for c in res.candidates if c.source == "rank drop"]
    assert drop and drop[0].status == "smooth" and drop[0].dimension == 1   # the twisted cubic, s = 0


def test_similar_maps_through_a_power_of_a_parameter():
    """s -> s^2 and s -> s^4 in place of s^3: (s^2 + t, t^2 + s^2 t, t^3) has the same image; (s^4 + t, t^2, s^4 t)
    is (x, y, z) = (u + t, t^2, u t), so z = x t - y, y x^2 = (y + z)^2, singular where x = 0 and y + z = 0 (hand)."""
    res = map_singular_points(parametrization(["s^2 + t", "t^2 + s^2*t", "t^3"]), seed=1, time_limit=60)
    assert res.complete and [tuple(_point(c)[:2]) for c in res.singular if c.dimension == 1] == [(0, 0)]
    res = map_singular_points(parametrization(["s^4 + t", "t^2", "s^4*t"]), seed=0, time_limit=60)
    assert res.complete
    lines = [c for c in res.singular if c.dimension == 1]
    assert lines and all(_point(c)[0] == 0 and sum(_point(c)[1:]) == 0 for c in lines)
    assert {tuple(_point(c)) for c in res.singular if c.dimension == 0} <= {(0, 0, 0)}


def test_a_solve_past_its_budget_is_not_examined_and_says_so():
    """The same surface embedded in C^4 by x^2 (no generator of a hypersurface): the pairs are solved, within a
    budget of 2 CPU seconds; past it the search returns, not complete, with a note (it ran for hours)."""
    polys = ["s^3 + t", "t^2 + s^3*t", "t^3", "s^6 + 2*s^3*t + t^2"]
    res = map_singular_points(parametrization(polys), seed=0, time_limit=60, solve_seconds=2)
    assert not res.partial and not res.complete
    assert any("did not finish within 2 CPU seconds" in n for n in res.notes)


def test_a_cone_with_fibers_of_positive_dimension_lists_its_vertex_once():
    """(v a^2, 2 v a b, v b^2): the quadric cone y1^2 = 4 y0 y2, singular at its vertex only (hand: the gradient
    (-4 y2, 2 y1, -4 y0) vanishes only there). The fibers are curves, so the pairs are not solved; the singular locus
    of the closure is the vertex, a rank drop already listed: one candidate, not two."""
    res = map_singular_points(parametrization(["v*a^2", "2*v*a*b", "v*b^2"]), seed=0, time_limit=60)
    assert [(c.source, c.point, c.status, c.certified) for c in res.candidates] == [
        ("rank drop", ("0", "0", "0"), "singular", True)]


def test_the_command_line_finishes_with_the_singular_line(capsys):
    """The command that printed nothing for hours: its singular points in the JSON, the search complete."""
    import json

    from algnet.cli import main

    code = main(["singular", "map s^3 + t; t^2 + s^3*t; t^3", "--seed", "0", "--json", "--time-limit", "60"])
    d = json.loads(capsys.readouterr().out)
    assert code == 0 and not d.get("partial")
    pts = d["map_singular_points"]
    assert pts["complete"] and not pts["partial"]
    assert [(c["dimension"], c["status"], c["point"][:2]) for c in pts["candidates"] if c["status"] == "singular"] \
        == [(1, "singular", ["0", "0"])]


def test_a_rank_drop_of_an_injective_map_with_a_finite_fiber_is_singular():
    """(s^3 + t^2, s t, t^3) is one-to-one on a dense set (t is fixed by s t and t^3 up to a cube root of one w, and
    then s^3 + w^2 t^2 = s^3 + t^2 forces w = 1 when t != 0); the fiber over the origin is the origin alone, where
    the Jacobian is zero. By hand (Macaulay2's elimination agrees) the image is F = (y^3 - x z)^3 + z^5 = 0, of
    multiplicity 5 at the origin: singular. The tests of the tangent planes saw one limit plane (z = 0) and leaned
    'smooth' ('undecided'); the multiplicity of the map at the rank drop decides it."""
    s, t = sympy.symbols("s t")
    G = (Y**3 - X * Z) ** 3 + Z**5
    assert sympy.expand(G.subs({X: s**3 + t**2, Y: s * t, Z: t**3})) == 0
    assert all(sympy.diff(G, v).subs({X: 0, Y: 0, Z: 0}) == 0 for v in (X, Y, Z))         # singular at 0
    res = map_singular_points(parametrization(["s^3 + t^2", "s*t", "t^3"]), seed=0, time_limit=60)
    (drop,) = [c for c in res.candidates if c.source == "rank drop"]
    assert drop.point == ("0", "0", "0") and drop.status == "singular" and drop.certified
