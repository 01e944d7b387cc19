"""The swallowtail and the solver's components that are no solutions.

The swallowtail is the discriminant of x^4 + a x^2 + b x + c. Writing the quartic as (x - t)^2 (x^2 + 2 t x + s)
parametrizes it (by hand): (t, s) -> (a, b, c) = (s - 3 t^2, 2 t^3 - 2 t s, t^2 s). Its singular locus is the
cuspidal edge of triple roots (s = -3 t^2, where the Jacobian drops rank) and the curve of self-intersection of
quartics with two double roots, (x - t)^2 (x + t)^2: the pairs (t, t^2) and (-t, t^2) have one image
(-2 t^2, 0, t^4). A quartic with double roots at t1 != t2 is (x - t1)^2 (x - t2)^2, so these are the only pairs.

The pairs with s_s != t_s do not exist (the Groebner basis of their equations is [1]), yet sympy's solve took a
minute over them and returned 8 components with cube roots whose branches do not match: none satisfies
mu(s) = mu(t) at a sampled point. They were listed as 'branches meet' at smooth points. A system with Groebner basis
[1] is now skipped, and a component the solver returns is kept only when its sample solves the equations (the search
then says it is not complete)."""

import numpy as np
import sympy

import algnet.analyses.singular.map_loci as map_loci
from algnet.analyses.singular import map_singular_points
from algnet.analyses.singular.algebraic import sample_component
from algnet.architectures.polymap import parametrization

SWALLOWTAIL = ["s - 3*t^2", "2*t^3 - 2*t*s", "t^2*s"]


def test_a_component_that_does_not_solve_its_equations_is_no_sample():
    x, y = sympy.symbols("x y")
    rng = np.random.default_rng(0)
    ok = sample_component({x: sympy.cbrt(y)}, [y], [x, y], [], [x**3 - y], rng)
    assert not isinstance(ok, str) and ok[1][0] ** 3 == ok[1][1] != 0
    # the real cube root negated: (-y^(1/3))^3 = -y, never y at y != 0
    bad = sample_component({x: -sympy.cbrt(y)}, [y], [x, y], [], [x**3 - y], rng)
    assert isinstance(bad, str) and "does not solve" in bad
    # a non-real branch is a solution: x = y^(1/3) e^(2 pi i / 3)
    w = sympy.Rational(-1, 2) + sympy.sqrt(3) * sympy.I / 2
    assert not isinstance(sample_component({x: w * sympy.cbrt(y)}, [y], [x, y], [], [x**3 - y], rng), str)


def test_a_spurious_pair_from_the_solver_is_set_aside(monkeypatch):
    """The Whitney umbrella (u v, v, u^2): its pairs are (u, 0), (-u, 0); a component that is no pair, handed in
    beside the solver's, is not listed and the search is not called complete."""
    solve = map_loci._solve

    def with_a_spurious_component(eqs, unknowns, notes, what, **budget):
        got = solve(eqs, unknowns, notes, what, **budget)
        if what == "pairs with one image":
            s_u, s_v, t_u, t_v = unknowns[:4]
            c = sympy.Symbol("c")
            got = got + [{s_u: c, s_v: 1, t_u: c + 1, t_v: 2}]
        return got

    monkeypatch.setattr(map_loci, "_solve", with_a_spurious_component)
    res = map_singular_points(parametrization(["u*v", "v", "u^2"]), seed=0)
    assert [(c.source, c.dimension, c.status) for c in res.candidates] == [
        ("rank drop", 0, "singular"), ("branches meet", 1, "singular")]
    (pair,) = [c for c in res.candidates if c.source == "branches meet"]
    assert pair.other[1] == "0" and pair.theta[1] == "0" and pair.theta[0] == str(-sympy.sympify(pair.other[0]))
    assert not res.complete and any("does not solve" in n for n in res.notes)


def test_swallowtail_singular_along_its_cuspidal_edge_and_self_intersection():
    res = map_singular_points(parametrization(SWALLOWTAIL), seed=0)
    assert res.complete         # the pairs with s_s != t_s: none (a Groebner basis [1]), no solver output to set aside
    got = {c.source: c for c in res.candidates}
    assert len(res.candidates) == 2 and all(c.status == "singular" and c.dimension == 1 for c in res.candidates)
    a, b, c = (sympy.Rational(x) for x in got["branches meet"].point)
    assert b == 0 and a ** 2 == 4 * c and a < 0                     # (-2 t^2, 0, t^4)
    a, b, c = (sympy.Rational(x) for x in got["rank drop"].point)
    t = sympy.real_root(b / 8, 3)                                   # (-6 t^2, 8 t^3, -3 t^4): triple root t
    assert (a, b, c) == (-6 * t**2, 8 * t**3, -3 * t**4)


def test_json_marks_the_map_loci_cut_by_the_time_limit_partial(tmp_path, capsys):
    """The strata of a map finish at once; the nodes of the quintic (t^3 - t, t^5 + 2 t^2) take half a minute,
    beyond the limit: the JSON says partial at the top (as the exit status did), not only inside
    'map_singular_points'."""
    import json

    from algnet.cli import main

    path = tmp_path / "quintic.txt"
    path.write_text("t^3 - t\nt^5 + 2*t^2\n")
    code = main(["singular", "--map", str(path), "--seed", "0", "--time-limit", "3", "--json"])
    d = json.loads(capsys.readouterr().out)
    assert code != 0 and d["map_singular_points"]["partial"]
    assert d["partial"] is True and "singular points of the map's image are not" in d["partial_reason"]
