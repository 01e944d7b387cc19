"""Registrations of the ReLU analyses (read by :mod:`algnet.registry`): ``fd``, ``regions``, ``local_complexity``.

Each runs on a ``relu ...`` spec at random rational weights drawn from the
seed (the seed also draws the random inputs), so sweeps are reproducible.
The JSON keys of ``fd`` and ``regions`` are those of the sweep store.

Examples
--------
>>> from algnet.registry import get_analysis
>>> r = get_analysis("regions").run("relu 2-3-1", seed=0, plane="true")
>>> r.as_dict()["regions"], r.evidence.certified
(7, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from algnet.evidence import Evidence
from algnet.registry import Analysis, Option, register
from algnet.display import RichReprMixin

__all__ = ["ReluResult", "relu_fd", "relu_regions", "relu_local_complexity", "relu_topology"]


@dataclass(frozen=True)
class ReluResult(RichReprMixin):
    """A flat result (``values``) with its evidence; ``as_dict`` merges the evidence fields.

    Examples
    --------
    >>> from algnet.evidence import Evidence
    >>> r = ReluResult({"regions": 4}, Evidence("exact enumeration", certified=True, seed=3))
    >>> r["regions"], r.as_dict()["certified"], r.as_dict()["seed"], r.as_dict()["evidence_method"]
    (4, True, 3, 'exact enumeration')
    """

    values: dict
    evidence: Evidence

    def as_dict(self) -> dict:
        d = dict(self.values)
        ev = self.evidence.as_dict()
        for k in ("certified", "proves", "probability_bound", "primes", "seed", "seconds", "partial"):
            d.setdefault(k, ev[k])
        d.setdefault("evidence_method", ev["method"])
        d["evidence"] = {k: v for k, v in ev.items() if k != "seconds"}   # time kept once, at the top level
        return d

    def __getitem__(self, key):
        return self.values[key]


def _relu(net):
    from algnet.architectures.relu import ReluNetwork
    from algnet.errors import NotApplicableError

    if isinstance(net, str):            # called directly with a spec (the registry passes a parsed network)
        from algnet.architectures.spec import parse_spec

        net = parse_spec(net)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{getattr(net, 'spec', type(net).__name__)}: this analysis is for ReLU networks",
                                 hint="use 'relu ...' specs")
    return net


def _seed(seed):
    import numpy as np

    return int(np.random.SeedSequence().entropy % 2**32) if seed is None else int(seed)


def _arch(net) -> dict:
    hidden = list(net.widths[1:-1])
    return {"spec": net.spec, "widths": list(net.widths), "depth": len(hidden), "width": max(hidden) if hidden else 0,
            "parameters": net.n_params, "bound": net.dimension_bound}


def relu_fd(net, seed=None, batch=None, max_regions=20000, exact="auto"):
    """Functional dimension at random weights (decisive set for n0 <= 2, else the batch rank at random inputs,
    spread over boxes of radius 2 to 8192 when those of [-2, 2]^n0 stay below D').

    Examples
    --------
    A generic one-hidden-layer network attains D' = (n0 + 1) n1 + 1 (13 parameters minus
    one positive scaling per hidden neuron; Grigsby-Lindsey-Meyerhoff-Wu):

    >>> from algnet import parse_spec
    >>> r = relu_fd(parse_spec("relu 2-3-1"), seed=0)
    >>> r["fd"], r["bound"], r["scope"], r.evidence.certified
    (10, 10, 'decisive set', True)
    """
    from algnet.errors import TooLargeError
    from algnet.guards_fd import check_fd
    from algnet.relu.functional import functional_dimension

    net, seed = _relu(net), _seed(seed)
    check_fd(net, batch)  # algnet.guards: refuse sizes that cannot fit, with the estimate
    theta = net.random_params(seed=seed)
    out = _arch(net)
    fd = None
    if net.widths[0] <= 2:
        try:
            fd = functional_dimension(net, theta, max_regions=max_regions, exact=exact, float_check=False)
        except TooLargeError:
            fd = None
    if fd is not None:
        out.update(fd=fd.functional_dimension, exact=fd.certified, scope="decisive set", regions=fd.regions,
                   method=fd.batch.method)
        ev = fd.evidence
    else:
        from algnet.relu.spread import best_batch

        b, scope = best_batch(net, theta, batch=batch, seed=seed, exact=exact)
        cert = b.certified and b.rank == b.bound
        out.update(fd=b.rank, exact=cert, scope=scope, regions=None, method=b.method)
        ev = b.evidence.with_(certified=cert, proves=(f"functional dimension = {b.rank} (random inputs reach D')"
                                                      if cert else f"functional dimension >= {b.rank}"))
    out["attains_bound"] = out["fd"] == out["bound"]
    out["gap"] = out["bound"] - out["fd"]
    return ReluResult(out, ev.with_(seed=seed))


def relu_regions(net, seed=None, box=None, plane=False, vertices=False):
    """Exact region count at random weights on a box (default [-1, 1]^2) or the whole plane; with
    ``vertices`` also the number of distinct vertices (it needs the exact vertices of every region, the
    costly part on large partitions; None otherwise).

    Examples
    --------
    Three lines in general position cut the plane into 1 + 3 + 3 = 7 regions (no vertex counted by default):

    >>> from algnet import parse_spec
    >>> r = relu_regions(parse_spec("relu 2-3-1"), seed=0, plane=True)
    >>> r["regions"], r["vertices"]
    (7, None)

    One line (359/512) x + (281/1024) y + 23/1024 = 0 (seed 0) crosses the square [-1, 1]^2 through two of its
    sides: two regions, and the 4 corners and 2 crossings as vertices:

    >>> r = relu_regions(parse_spec("relu 2-1-1"), seed=0, vertices=True)
    >>> r["regions"], r["vertices"]
    (2, 6)
    """
    from algnet.relu.regions import linear_regions

    net, seed = _relu(net), _seed(seed)
    part = linear_regions(net, net.random_params(seed=seed), box=None if plane else (box or (-1, 1, -1, 1)),
                          plane=plane)
    out = _arch(net)
    out.update(regions=part.count, bounded=part.n_bounded, vertices=part.n_vertices if vertices else None,
               exact=True, method=part.method)
    return ReluResult(out, part.evidence.with_(seed=seed))


def relu_local_complexity(net, seed=None, points=100, radius=0.1, directions=None):
    """Mean local complexity at ``points`` random inputs in [-1, 1]^n0 (weights and points from the seed).

    Examples
    --------
    With one input and one hidden layer, a neuron counts at x when its breakpoint
    -b/w lies within ``radius`` of x; counted here by hand from the same weights and points:

    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 1-3-1")
    >>> r = relu_local_complexity(net, seed=0, points=50, radius=0.5)
    >>> th = [float(t) for t in net.random_params(seed=0)]
    >>> breaks = np.array([-b / w for w, b in zip(th[0:3], th[3:6])])
    >>> X = np.random.default_rng(0).uniform(-1, 1, (50, 1))
    >>> r["mean"] == float((abs(X - breaks) < 0.5).sum(axis=1).mean())
    True
    """
    import numpy as np

    from algnet.relu.local_complexity import local_complexity
    from algnet.relu.model import PLModel

    net, seed = _relu(net), _seed(seed)
    m = PLModel.from_relu_network(net, net.random_params(seed=seed))
    X = np.random.default_rng(seed).uniform(-1, 1, (int(points), net.widths[0]))
    lc = local_complexity(m, X, radius=radius, directions=directions, seed=seed)
    out = _arch(net)
    out.update(lc.as_dict())
    return ReluResult(out, lc.evidence)


def relu_topology(net, seed=None, box=None, level=0.0):
    """PL Morse numbers of the output and Betti numbers of {F <= level} and {F >= level} on a box, at random
    weights (input dimension 2; the whole box partition is enumerated exactly).

    Examples
    --------
    Euler's relation on the partition of the square (V - E + F = 1), and the alternating sum of
    the Morse numbers is the Euler characteristic of the square, 1:

    >>> from algnet import parse_spec
    >>> r = relu_topology(parse_spec("relu 2-3-1"), seed=0)
    >>> v, e, f = r["f_vector"]
    >>> v - e + f, r["morse_numbers"][0] - r["morse_numbers"][1] + r["morse_numbers"][2]
    (1, 1)
    """
    from algnet.errors import NotApplicableError
    from algnet.relu.regions import linear_regions
    from algnet.relu.topology import complex_topology

    net, seed = _relu(net), _seed(seed)
    if net.widths[0] != 2:
        raise NotApplicableError(f"{net.spec}: the topology analysis enumerates a 2-D box",
                                 hint="input dimension 2 (for 1-3 inputs in Python: polyhedral_complex + complex_topology)")
    part = linear_regions(net, net.random_params(seed=seed), box=box or (-1, 1, -1, 1))
    top = complex_topology(part)
    out = _arch(net)
    out.update(regions=part.count, f_vector=list(top.f_vector), morse_numbers=list(top.morse_numbers),
               critical_points=len(top.critical), level=level, sublevel_betti=list(top.sublevel_betti(level)),
               superlevel_betti=list(top.superlevel_betti(level)), ties=top.ties)
    return ReluResult(out, top.evidence.with_(seed=seed))


def _box(v):
    from algnet.relu.regions import parse_box

    return parse_box(v)


def _pos_int(v):
    i = int(v)
    if i < 1:
        raise ValueError(f"{v!r} is not a positive integer")
    return i


def _pos_float(v):
    f = float(v)
    if not f > 0 or f == float("inf"):
        raise ValueError(f"{v!r} is not a positive number")
    return f


register(Analysis(
    name="fd", function=relu_fd, result_type=ReluResult, aliases=("functional_dimension",),
    options=(Option("batch", _pos_int, None, "number of random inputs (default 2 ceil(D / n_out))"),
             Option("max_regions", _pos_int, 20000, "limit of the region enumeration"),
             Option("exact", str, "auto", "exact rank over QQ: auto | always | never", ("auto", "always", "never"))),
    json_keys=("spec", "widths", "depth", "width", "parameters", "bound", "fd", "exact", "scope", "regions", "method",
               "attains_bound", "gap", "certified", "seed"),
    summary="functional dimension of a ReLU network at random rational weights"))

register(Analysis(
    name="regions", function=relu_regions, result_type=ReluResult, aliases=("linear_regions",),
    options=(Option("box", _box, None, "XMIN,XMAX,YMIN,YMAX (default -1,1,-1,1)"),
             Option("plane", bool, False, "the whole plane"),
             Option("vertices", bool, False, "also count the distinct vertices (needs the exact vertices of every "
                    "region: costly on large partitions)")),
    json_keys=("spec", "widths", "depth", "width", "parameters", "bound", "regions", "bounded", "vertices", "exact",
               "certified", "seed"),
    summary="exact number of linear regions of a ReLU network on a box or the plane"))

register(Analysis(
    name="local_complexity", function=relu_local_complexity, result_type=ReluResult, aliases=("lc",),
    options=(Option("points", _pos_int, 100, "number of random inputs in [-1, 1]^n0"),
             Option("radius", _pos_float, 0.1, "radius of the cross-polytope"),
             Option("directions", _pos_int, None, "number of random directions (default min(n0, 16))")),
    json_keys=("spec", "points", "radius", "directions", "mean", "per_layer_mean", "certified", "seed"),
    summary="local complexity (Humayun-Balestriero-Baraniuk) at random inputs"))


register(Analysis(
    name="relu_topology", function=relu_topology, result_type=ReluResult, aliases=("morse",),
    options=(Option("box", _box, None, "XMIN,XMAX,YMIN,YMAX (default -1,1,-1,1)"),
             Option("level", float, 0.0, "level t of the sublevel set {F <= t} and superlevel set {F >= t}")),
    json_keys=("spec", "widths", "depth", "width", "regions", "morse_numbers", "critical_points", "level",
               "sublevel_betti", "superlevel_betti", "certified", "seed"),
    summary="PL Morse critical points and Betti numbers of sub/superlevel sets of a 2-input ReLU network on a box"))


def _hidden(net, seed=None, **options):
    from algnet.relu.hidden_symmetries import hidden_symmetries

    return hidden_symmetries(net, seed=seed, **options)


register(Analysis(
    name="hidden_symmetries", function=_hidden, result_type=ReluResult, aliases=("hidden",),
    options=(Option("batch_factor", _pos_int, 2, "|Z| = batch_factor D' random inputs"),
             Option("exact", str, "never", "exact rank over QQ: auto | always | never", ("auto", "always", "never")),
             Option("method", str, "batch", "batch (|Z| random inputs) or decisive (exact, input dimension <= 2)",
                    ("batch", "decisive")),
             Option("inputs", str, "scales", "random inputs: scales (grid points up to 2, 32, 512) or normal "
                    "(standard normal, as Grigsby-Lindsey-Rolnick)", ("scales", "normal"))),
    json_keys=("spec", "input_dim", "width", "depth", "batch_fd", "bound", "no_hidden_symmetries", "certified", "seed"),
    summary="whether random weights of a ReLU MLP have hidden symmetries (Grigsby-Lindsey-Rolnick)"))
