"""The sweep's own ReLU analyses (``fd``, ``batch_fd``, ``regions``), for names the registry does not know.

These adapters keep the row keys of earlier sweeps (``fd``, ``bound``,
``gap``, ``attains_bound``, ``depth``, ``width``, ...). The registry takes
precedence: ``fd`` and ``regions`` are registered there now, so only
``batch_fd`` is served from here; the other two stay as the reference the
ReLU catalog's test compares against.

Examples
--------
>>> sorted(ANALYSES)
['batch_fd', 'fd', 'regions']
>>> option_checker("fd", ANALYSES["fd"])({"batch": 4})
{'batch': 4}
"""

from __future__ import annotations

import inspect

from algnet.errors import ParameterError

__all__ = ["ANALYSES", "option_checker"]


def _relu(spec):
    from algnet.architectures.spec import parse_relu_spec

    return parse_relu_spec(spec, hint="use 'relu ...' specs")


def _arch(net) -> dict:
    hidden = list(net.widths[1:-1])
    return {"widths": list(net.widths), "depth": len(hidden), "width": max(hidden) if hidden else 0,
            "parameters": net.n_params, "bound": net.dimension_bound}


def fd(spec, seed, batch=None, max_regions=20000):
    """ReLU functional dimension (decisive set when n_0 <= 2, else the batch rank at random inputs, spread over
    boxes of radius 2 to 8192 when [-2, 2]^n_0 stays below D')."""
    from algnet.errors import TooLargeError
    from algnet.relu.functional import functional_dimension

    net = _relu(spec)
    theta = net.random_params(seed=seed)
    out = _arch(net)
    res = None
    if net.widths[0] <= 2:
        try:
            res = functional_dimension(net, theta, max_regions=max_regions, float_check=False)
        except TooLargeError:
            res = None
    if res is not None:
        out.update(fd=res.functional_dimension, exact=res.certified, scope="decisive set", regions=res.regions,
                   method=res.batch.method, certified=res.certified)
    else:
        from algnet.relu.spread import best_batch

        b, scope = best_batch(net, theta, batch=batch, seed=seed)
        out.update(fd=b.rank, exact=b.certified and b.rank == b.bound, scope=scope, regions=None, method=b.method,
                   certified=b.certified and b.rank == b.bound)
    out["attains_bound"] = out["fd"] == out["bound"]
    out["gap"] = out["bound"] - out["fd"]
    out["seed"] = seed
    return out


def batch_fd(spec, seed, batch=None):
    """ReLU batch functional dimension at random inputs (a lower bound of the functional dimension)."""
    from algnet.relu.functional import batch_functional_dimension

    net = _relu(spec)
    b = batch_functional_dimension(net, net.random_params(seed=seed), batch=batch, seed=seed,
                                   on_nonsmooth="drop", float_check=False)
    out = _arch(net)
    out.update(fd=b.rank, exact=b.certified, method=b.method, points=b.n_points, gap=b.gap,
               attains_bound=b.rank == b.bound, certified=b.certified, seed=seed)
    return out


def regions(spec, seed, box=None, plane=False, vertices=False):
    """Exact linear-region count of a ReLU network on a box (default [-1, 1]^2) or the plane (the distinct
    vertices counted only with ``vertices``)."""
    from algnet.relu.regions import linear_regions

    net = _relu(spec)
    part = linear_regions(net, net.random_params(seed=seed), box=None if plane else (box or (-1, 1, -1, 1)),
                          plane=plane)
    out = _arch(net)
    out.update(regions=part.count, bounded=part.n_bounded, vertices=part.n_vertices if vertices else None,
               exact=True, certified=True,
               method="exact polyhedral partition over QQ", seed=seed)
    return out


ANALYSES = {"fd": fd, "batch_fd": batch_fd, "regions": regions}


def option_checker(name, fn):
    """A checker that rejects options ``fn`` does not take (before any task runs).

    Examples
    --------
    >>> check = option_checker("fd", fd)
    >>> check({"batch": 3})
    {'batch': 3}
    >>> check({"bach": 3})
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: analysis 'fd' has no option 'bach'
      hint: did you mean 'batch'? options: batch, max_regions
    """
    params = [p for p in inspect.signature(fn).parameters if p not in ("spec", "seed")]

    def check(options):
        for k in options or {}:
            if k not in params:
                import difflib

                close = difflib.get_close_matches(str(k), params, n=1)
                raise ParameterError(f"analysis {name!r} has no option {k!r}",
                                     hint=(f"did you mean {close[0]!r}? " if close else "") + "options: "
                                     + (", ".join(params) or "none"))
        return dict(options or {})

    return check
