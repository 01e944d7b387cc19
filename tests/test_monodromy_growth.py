"""The growth rule ``MonodromyOptions(growth="found")``: an edge between two nodes after a round that found at least
``edge_after`` new points at p0, else a new node; counts against theorems (Bezout, the determinantal degree).

Every count asserted here is a theorem's value; the rule is checked decision by decision against the round's
own count of new points (what the rule claims to read), not against an earlier run.
"""

import numpy as np
import pytest

from test_monodromy_solver import _dense_family, _solve as _solve_family

from algnet.errors import ParameterError
from algnet.homotopy.monodromy import MonodromyOptions, MonodromySolver


class _Recorder:
    """Wraps ``MonodromySolver.add_generator``: per growth, (points found by the round, free pairs?, kind)."""

    def __init__(self, monkeypatch):
        self.rows = []
        original = MonodromySolver.add_generator

        def add_generator(solver):
            g = solver.graph
            found, free, nodes, edges = solver._found, bool(g.free_pairs()), len(g.nodes), len(g.edges)
            original(solver)
            kind = "edge" if len(g.nodes) == nodes else "node"
            assert len(g.edges) == edges + (1 if kind == "edge" else solver.opt.new_node_edges)
            self.rows.append((found, free, kind))
        monkeypatch.setattr(MonodromySolver, "add_generator", add_generator)


def _check_rule(rows, edge_after):
    for found, free, kind in rows:
        assert kind == ("edge" if free and found >= edge_after else "node"), (found, free, kind, rows)


def _solve(degrees, seed, opt):
    """A trace-tested solve of the dense family of these degrees from one random start pair."""
    return _solve_family(_dense_family(degrees, seed=sum(degrees)), seed, options=opt)[0]


@pytest.mark.parametrize("degrees,seed", [((3, 3), 0), ((2, 2, 2), 1), ((4, 2), 2)])
def test_found_growth_reaches_the_bezout_count_and_follows_its_rule(monkeypatch, degrees, seed):
    rec = _Recorder(monkeypatch)
    res = _solve(degrees, seed, MonodromyOptions(growth="found", edge_after=1))
    assert len(res.solutions) == int(np.prod(degrees)) and res.trace.passed, res
    assert rec.rows, "the starting graph alone found every solution: the rule was not exercised"
    _check_rule(rec.rows, 1)


def test_found_growth_takes_edges_on_the_degree_route_and_gets_the_theorem_degree(monkeypatch):
    """linear 4-2-4 (4x4 matrices of rank <= 2, degree 20 by the determinantal formula) with an edge after every
    round that found a point: edges are taken, each growth as the rule says, and the degree is the theorem's."""
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options
    from algnet.formulas import determinantal_degree

    rec = _Recorder(monkeypatch)
    kinds = set()
    for seed in (0, 2):
        r = degree("linear 4-2-4", seed=seed, method="monodromy", fiber=False, certify=False, confirm=False,
                   options=degree_options(stop_at_expected=False, loop_scale=1.0, edge_after=1))
        assert r.degree == determinantal_degree(4, 4, 2) == 20 and r.trace_test_passed
        kinds |= {kind for _, _, kind in rec.rows}
    _check_rule(rec.rows, 1)
    assert kinds == {"edge", "node"}, rec.rows


def test_found_growth_is_node_growth_until_a_round_finds_enough():
    """With ``edge_after`` above the Bezout count no round can find that many points: the run is
    ``growth="node"``'s exactly (its random nodes come from the same generator; the edges' from another)."""
    runs = [_solve((3, 3), 0, MonodromyOptions(growth=g, edge_after=10)) for g in ("node", "found")]
    assert [len(r.solutions) for r in runs] == [9, 9] and runs[0].trace.passed and runs[1].trace.passed
    assert runs[0].loops > 1        # the graph grew
    assert runs[0].paths == runs[1].paths and runs[0].nodes == runs[1].nodes and runs[0].edges == runs[1].edges


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_edge_after_must_be_a_positive_integer(bad):
    fam = _dense_family((2, 2), seed=0)
    with pytest.raises(ParameterError, match="edge_after"):
        MonodromySolver(fam, MonodromyOptions(growth="found", edge_after=bad))
