"""atlas_explain's list of computed-bound routes against the routes the bounds code builds.

Every ``ProvedUpperBound(value, route, ...)`` in :mod:`algnet.analyses.bounds` is found in the source (ast), its
route resolved (a string, or a module constant such as ``TAIL_ROUTE``); all but the theorem route must be in
``atlas_explain._SEARCHED``, so a new route cannot be left out of the atlas's explanations again.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import algnet.analyses.bounds as B
from algnet.sweep import atlas_explain


def _modules():
    yield B
    for info in pkgutil.iter_modules(B.__path__):
        yield importlib.import_module(f"{B.__name__}.{info.name}")


def _constant(name):
    for mod in _modules():
        if isinstance(getattr(mod, name, None), str):
            return getattr(mod, name)
    raise AssertionError(f"route constant {name} not found in algnet.analyses.bounds")


def bound_routes() -> set:
    routes = set()
    for mod in _modules():
        tree = ast.parse(Path(mod.__file__).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ProvedUpperBound":
                arg = node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "route")
                routes.add(arg.value if isinstance(arg, ast.Constant) else _constant(arg.id))
    return routes


def test_the_scan_finds_the_routes():
    routes = bound_routes()
    assert {B.THEOREM_ROUTE, B.TAIL_ROUTE, "flattening", "equations"} <= routes
    from algnet.analyses.bounds.reduction import REDUCTION_ROUTE

    assert REDUCTION_ROUTE in routes and len(routes) >= 7


def test_searched_lists_every_computed_route():
    assert bound_routes() - {B.THEOREM_ROUTE} == set(atlas_explain._SEARCHED)


def test_a_certified_tail_or_reduction_bound_is_explained():
    # a dimension below the narrow-layer bound, certified by the tail-field or the reduction route: explained as a
    # computed bound (these fell to "no known explanation" before)
    from algnet.analyses.bounds.reduction import REDUCTION_ROUTE

    for route in (B.TAIL_ROUTE, REDUCTION_ROUTE):
        group, reason = atlas_explain._certified_reason(5, 6, 7, f"{route}: dim M <= 5")
        assert group == "defect proved by a computed bound" and route in reason
    assert atlas_explain._certified_reason(5, 6, 7, "known symmetries: x")[0] == "no known explanation"
