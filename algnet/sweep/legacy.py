"""The sweep's own ReLU analysis ``batch_fd`` (the batch functional dimension alone), which the registry
does not have; ``fd`` and ``regions`` come from the registry.

The rows keep the keys of earlier sweeps (``fd``, ``bound``, ``gap``, ``attains_bound``, ``depth``,
``width``, ...). The registry takes precedence over the names here.

Examples
--------
>>> sorted(ANALYSES)
['batch_fd']
>>> option_checker("batch_fd", ANALYSES["batch_fd"])({"batch": 4})
{'batch': 4}
"""

from __future__ import annotations

import inspect

from algnet.errors import NotApplicableError, ParameterError

__all__ = ["ANALYSES", "option_checker"]


def _relu(spec):
    from algnet.architectures.relu import ReluNetwork
    from algnet.architectures.spec import parse_spec

    net = parse_spec(spec)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: this analysis is for ReLU networks", hint="use 'relu ...' specs")
    return net


def _arch(net) -> dict:
    hidden = list(net.widths[1:-1])
    return {"widths": list(net.widths), "depth": len(hidden), "width": max(hidden) if hidden else 0,
            "parameters": net.n_params, "bound": net.dimension_bound}


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


ANALYSES = {"batch_fd": batch_fd}


def option_checker(name, fn):
    """A checker that rejects options ``fn`` does not take (before any task runs)."""
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
