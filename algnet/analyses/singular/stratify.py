"""Strata of a network: each subnetwork stratum with the dimension of its image, the
Jacobian rank there and the nature of its generic image point; the rank-drop locus."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.analyses.singular.lattice import stratum_networks
from algnet.analyses.singular.point import analyze_point
from algnet.analyses.singular.primitives import sample_inputs
from algnet.analyses.shared import check_seed, dimension_result, records_dimension
from algnet.architectures.spec import parse_spec
from algnet.errors import NotApplicableError, TooLargeError
from algnet.display import RichReprMixin

__all__ = ["Stratum", "StrataResult", "strata", "rank_drop_locus"]


@dataclass(frozen=True)
class Stratum:
    """One subnetwork stratum and the nature of its generic image point.

    Attributes
    ----------
    name, kind : str
    key : tuple
        Canonical key (family-specific).
    parameters : int
        Free parameters of the stratum.
    dimension : int
        Dimension of its image (exact Jacobian rank via ``dimension``).
    dimension_certified : bool
    rank : int
        Rank of the parent's Jacobian at a generic point of the stratum.
    rank_drop : bool
        rank < dim M.
    status : str
        smooth / singular / boundary (of its generic image point in M).
    singular, nodal, boundary : bool or None
    decided_by, proves : str
    certified : bool
        The singular / smooth verdict is a proof (boundary verdicts are numerical
        evidence; ``as_dict()['status_certified']`` combines both).
    zero, ties : tuple
        The linear constraints on the parent's parameters.
    point : tuple
        The generic point used (parent parameters).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> s = strata(parse_spec("linear 2-2-2"), seed=0).strata[1]     # rank <= 1 inside all 2 x 2 matrices
    >>> isinstance(s, Stratum), s.name, s.dimension, s.status
    (True, 'widths 2-1-2', 3, 'smooth')
    """

    name: str
    kind: str
    key: tuple
    parameters: int
    dimension: int
    dimension_certified: bool
    rank: int
    rank_drop: bool
    status: str
    singular: bool | None
    nodal: bool | None
    boundary: bool | None
    branches: int
    decided_by: str
    proves: str
    certified: bool
    zero: tuple
    ties: tuple
    point: tuple

    def as_dict(self) -> dict:
        return {
            "name": self.name, "kind": self.kind, "parameters": self.parameters,
            "dimension": self.dimension, "dimension_certified": self.dimension_certified,
            "rank": self.rank, "rank_drop": self.rank_drop, "status": self.status,
            "singular": self.singular, "nodal": self.nodal, "boundary": self.boundary,
            "branches": self.branches, "decided_by": self.decided_by, "proves": self.proves,
            "certified": self.certified,
            "status_certified": self.certified and self.status != "boundary",
            "zero": list(self.zero), "ties": [list(t) for t in self.ties],
            "point": [str(v) for v in self.point],
        }


@dataclass(frozen=True)
class StrataResult(RichReprMixin):
    """The strata lattice of a network (a networkx DiGraph ordered by inclusion).

    ``graph`` has one node per stratum name with the attributes of
    :class:`Stratum`; an edge A -> B means B is a degeneration of A (its
    image lies in the closure of A's image).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> res = strata(parse_spec("linear 2-2-2"), seed=0)
    >>> res.dimension, res.ambient, list(res.graph.edges)
    (4, 4, [('widths 2-2-2', 'widths 2-1-2')])
    """

    spec: str
    dimension: int
    ambient: int
    strata: tuple
    graph: object = field(compare=False, repr=False)
    depth: int = 2
    seed: int = 0
    seconds: float = field(default=0.0, compare=False)
    partial: bool = False
    depends_on: tuple = field(default=(), repr=False)
    vertex: Stratum | None = None

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record: certified when every stratum's verdict is a proof
        (boundary verdicts are numerical) and the dimension of M is certified. The row of the cone's vertex
        or of the constant functions (``vertex``, not a subnetwork stratum) is not counted among the strata."""
        from algnet.evidence import Evidence

        proved = [s for s in self.strata if s.certified and s.status != "boundary"]
        proves = (f"{len(proved)} of {len(self.strata)} stratum verdicts (smooth / singular) proved exactly; "
                  f"the others rest on generic points or numerical searches")
        if self.partial:
            proves += "; interrupted: the lattice is incomplete"
        every = bool(self.strata) and len(proved) == len(self.strata)
        return Evidence.combine("subnetwork strata: exact Jacobian ranks and equation-free point tests",
                                self.depends_on, certified=every and not self.partial, proves=proves,
                                probability_bound=None, seed=self.seed, seconds=self.seconds, partial=self.partial)

    def __repr__(self):
        sing = sum(1 for s in self.strata if s.status != "smooth")
        return (f"StrataResult({self.spec!r}: dim {self.dimension}, {len(self.strata)} strata, "
                f"{sing} singular or boundary" + (f"; singular {self.vertex.name}" if self.vertex else "")
                + f"; depth {self.depth}, seed {self.seed}" + (", PARTIAL" if self.partial else "") + ")")

    def as_dict(self) -> dict:
        edges = [[a, b] for a, b in self.graph.edges()]
        return {"spec": self.spec, "dimension": self.dimension, "ambient": self.ambient, "depth": self.depth,
                "seed": self.seed, "strata": [s.as_dict() for s in self.strata], "edges": edges,
                "vertex": None if self.vertex is None else self.vertex.as_dict(),
                "partial": self.partial, "seconds": round(self.seconds, 4), "evidence": self.evidence.as_dict()}

    def table(self) -> str:
        """A plain-text table."""
        head = f"{'stratum':48s} {'params':>6s} {'dim':>4s} {'rank':>4s}  status"
        lines = [f"{self.spec}: dim M = {self.dimension}, ambient {self.ambient} (seed {self.seed})", head,
                 "-" * len(head)]
        for s in self.strata + ((self.vertex,) if self.vertex else ()):
            nod = "" if s.nodal is None else (" (nodal)" if s.nodal else " (not nodal)")
            if s.status == "boundary":
                st = "boundary [numerical]" + ("; singular" + nod if s.singular else "")
            elif s.status == "singular":
                st = "singular" + nod
            else:
                st = "smooth"
            if s.rank_drop and s.status == "smooth" and s.dimension < self.dimension:
                st += " [rank drop]"
            cert = "" if s.certified else " ?"
            lines.append(f"{s.name[:48]:48s} {s.parameters:6d} {s.dimension:4d} {s.rank:4d}  {st}{cert}")
        if any(not s.certified for s in self.strata + ((self.vertex,) if self.vertex else ())):
            lines.append("('?': not certified; see 'decided_by' and 'proves' in --json)")
        return "\n".join(lines)

    def plot(self, path=None, ax=None):
        """Draw the lattice (networkx + matplotlib), colored by status."""
        import matplotlib

        if path is not None and ax is None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        import networkx as nx

        G = self.graph
        if ax is None:
            fig, ax = plt.subplots(figsize=(max(6, 1.8 * len(self.strata) ** 0.8), 5))
        else:
            fig = ax.figure
        pos = {}
        bydim = {}
        for s in self.strata:
            bydim.setdefault(s.dimension, []).append(s.name)
        for d, names in bydim.items():
            for i, nm in enumerate(names):
                pos[nm] = (i - (len(names) - 1) / 2, d)
        colors = {"smooth": "#8fbf8f", "singular": "#f0a040", "boundary": "#d04040"}
        st = {s.name: s for s in self.strata}
        nx.draw_networkx_edges(G, pos, ax=ax, arrows=True, edge_color="#999999")
        nx.draw_networkx_nodes(G, pos, ax=ax, node_color=[colors[st[v].status] for v in G.nodes],
                               node_size=500, edgecolors=["k" if st[v].nodal else "none" for v in G.nodes])
        labels = {v: f"{v}\n{st[v].status}" + (" nodal" if st[v].nodal else "") for v in G.nodes}
        nx.draw_networkx_labels(G, {k: (x, y - 0.28) for k, (x, y) in pos.items()}, labels, ax=ax, font_size=7)
        ax.set_ylabel("dimension of the image")
        ax.set_title(f"strata of {self.spec}\n(green smooth, orange singular, red boundary; ringed = nodal)",
                     fontsize=9)
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(left=True, labelleft=True)
        ax.margins(0.2)
        if path is not None:
            fig.tight_layout()
            fig.savefig(path, dpi=120)
        return fig


@records_dimension
def strata(net, depth: int = 2, seed=None, starts: int = 4, max_strata: int = 40, force: bool = False,
           show_progress: bool = False, time_limit: float | None = None) -> StrataResult:
    """Subnetwork strata, their image dimensions, Jacobian ranks and the
    nature (smooth / singular / boundary) of their generic image points.

    Parameters
    ----------
    net : Network or str
    depth : int
        Maximal number of elementary degenerations combined.
    seed : int, optional
    starts : int
        Random starts of the numerical fiber search per parameter space.
    max_strata : int
        Refuse (TooLargeError) above this many strata unless ``force``.
    force : bool
        Run above ``max_strata`` and above the size estimate (:mod:`~algnet.analyses.singular.estimate`:
        milliseconds, before any rank).
    show_progress : bool
    time_limit : float, optional
        Wall seconds: refused when the estimate is longer (:data:`~algnet.guards.DEFAULT_BUDGET` without), and
        stopped at the limit with the strata finished (``partial``).

    Returns
    -------
    StrataResult
        Ctrl-C returns the strata finished so far, marked ``partial``. Its ``vertex`` is the row of the
        origin f = 0 when M is a cone that is not a linear space (the vertex is then singular;
        :mod:`algnet.analyses.singular.vertex`); with output biases the row of the constant functions (weights
        0, the output biases free) when M is not a linear space (each is then singular;
        :mod:`algnet.analyses.singular.constants`); else None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> res = strata(parse_spec("linear 2-1-2"), seed=0)
    >>> [(s.name, s.dimension, s.rank) for s in res.strata]
    [('widths 2-1-2', 3, 3)]
    """
    import networkx as nx

    t0 = time.perf_counter()
    net = parse_spec(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec} is not a polynomial network",
                                 hint="strata and singularities are defined here for polynomial networks")
    seed = check_seed(seed, bits=20)
    from algnet.analyses.dimension import dimension as _dim

    from algnet.guards import check_resources   # each stratum's parameter map is an N x N integer matrix

    check_resources(f"{net.spec}: the strata's {net.n_params} x {net.n_params} parameter maps",
                    memory=16 * net.n_params ** 2, force=force, hint="a smaller network, or dimension() alone")
    from algnet.analyses.singular.lattice import stratum_count

    k = stratum_count(net, depth)       # counted before any is built (each holds its parameter map)
    if k > max_strata and not force:
        raise TooLargeError(f"{net.spec}: {k} strata at depth {depth} (limit {max_strata})",
                            strata=k, hint="lower depth=, or pass force=True")
    from algnet.analyses.singular.estimate import check_strata
    from algnet.guards import check_time_limit, time_cap

    time_limit = check_time_limit(time_limit)
    check_strata(net, depth, force=force, time_limit=time_limit)
    pairs = stratum_networks(net, depth)
    dimM = dimension_result(net, seed=seed)
    n = dimM.dimension
    X, Xn = sample_inputs(net, seed)
    rng = np.random.default_rng(seed)
    dims = {}
    # search spaces: strata whose images have dimension at least the stratum's
    it = pairs
    if show_progress:
        from tqdm import tqdm

        it = tqdm(pairs, desc="strata")
    out = []
    G = nx.DiGraph()
    partial = False
    try:
        # the time limit stops the work between (and inside) the strata, as Ctrl-C does: the strata done are kept
        with time_cap(time_limit, repeat=2.0):
            for sp, snet in pairs:
                dims[sp.key] = _dim(snet, seed=seed) if snet.n_params else None
            _stratify(net, pairs, dims, n, it, rng, seed, starts, X, Xn, out, G)
    except KeyboardInterrupt:
        partial = True
    out = _in_singular_closures(net, out)
    byk = {sp.key: sp.name for sp, _ in pairs}
    for sp, _ in pairs:
        for pk in sp.parents:
            if pk in byk and byk[pk] in G and byk[sp.key] in G:
                G.add_edge(byk[pk], sp.name)
    vertex = None if partial else _vertex_row(net, dimM, out, X)
    return StrataResult(net.spec, n, net.ambient_dimension, tuple(out), G, depth, int(seed),
                        time.perf_counter() - t0, partial, vertex=vertex)


def _draw(net, snet, rng):
    """One small-integer point u of the stratum's parameters and its parent parameters theta."""
    u = [int(v) * int(s) for v, s in zip(rng.integers(1, 10, size=snet.n_params),
                                        rng.choice([-1, 1], size=snet.n_params))]
    if hasattr(snet, "rational_sample"):       # a point whose second parametrization is rational
        u = snet.rational_sample(u)
    return u, [int(v) for v in snet.embed(np.array(u, dtype=np.int64))]


def _generic_sample(net, snet, rng, seed, name: str, most: int = 6):
    """A sample point of the stratum where the Jacobian of mu has the stratum's generic rank: small random
    integers hit special points (``conv k=2,2,2 s=1,2,1 r=1``'s stratum w3=(*,0) at w1 = (6,-6), w2 = (-9,9),
    a double root, rank 3 instead of 4: called a boundary for seed 4 and smooth for the others). The first point
    is drawn from ``rng``; more are drawn (from a generator of its own, seeded by the seed and the stratum's name,
    so the other strata's points do not move) while one raises the largest rank seen (at least one more, at most
    ``most`` in all), and the first of the largest rank is kept: a special point is then kept only when every
    later draw is as special."""
    if not snet.n_params:
        return [], [0] * net.n_params
    from zlib import crc32

    from algnet.analyses.dimension import local_rank

    u, theta = _draw(net, snet, rng)
    best, more = (local_rank(net, theta, seed=seed, certify=False).rank, u, theta), None
    for _ in range(most - 1):
        more = more or np.random.default_rng([int(seed), crc32(name.encode())])
        u, theta = _draw(net, snet, more)
        rk = local_rank(net, theta, seed=seed, certify=False).rank
        if rk <= best[0]:
            break
        best = (rk, u, theta)
    return best[1], best[2]


def _stratify(net, pairs, dims, n, it, rng, seed, starts, X, Xn, out, G):
    """Analyse the generic point of each stratum (appends to ``out`` and ``G``, so Ctrl-C keeps what is done)."""
    for sp, snet in it:
        dr = dims[sp.key]
        d = dr.dimension if dr is not None else 0
        u, theta = _generic_sample(net, snet, rng, seed, sp.name)
        if d == n:
            from algnet.analyses.dimension import local_rank

            rk = local_rank(net, theta, seed=seed).rank
            st = Stratum(sp.name, sp.kind, sp.key, snet.n_params, d, dr.certified, rk, rk < n, "smooth",
                         False, None, False, 1, "generic point",
                         "the stratum's image is dense in M, so its generic point is a generic point of M, "
                         "which is smooth (Sing is a proper closed subset); probabilistic in the choice of point"
                         + ("; the Jacobian drops rank there: a smooth point reached through a degenerate "
                            "parametrization" if rk < n else ""),
                         False, sp.zero, sp.ties, tuple(theta))
            if n == net.ambient_dimension:
                st = _fills(st, n)
        else:
            spaces = [s2 for sp2, s2 in pairs if sp2.key != sp.key and dims[sp2.key] is not None
                      and dims[sp2.key].dimension >= d and sp2.key != pairs[0][0].key]
            spaces += snet.partner_spaces(u) if hasattr(snet, "partner_spaces") else []
            a = analyze_point(net, theta, dimension=n, stratum_dimension=d, search_spaces=spaces,
                              starts=starts, seed=seed, X=X, Xn=Xn)
            st = Stratum(sp.name, sp.kind, sp.key, snet.n_params, d, dr.certified if dr else True, a.rank,
                         a.rank_drop, a.status, a.singular, a.nodal, a.boundary, a.branch_planes, a.decided_by,
                         a.proves, a.certified, sp.zero, sp.ties, tuple(theta))
            if n == net.ambient_dimension and not a.singular and not a.boundary and not a.certified:
                st = _fills(st, n)
        out.append(st)
        G.add_node(st.name, **{k: v for k, v in st.as_dict().items() if k in ("dimension", "status", "rank")})


def _in_singular_closures(net, out):
    """A stratum whose parameters are limits of a singular stratum's is singular (Sing M is closed): a strided
    chain's filter w_a with a factor g0 + g1 y^t (``stride_degenerations``) becomes, at g = (0, 1) or (1, 0), w_a
    with its first or its last t taps zero, so a zero pattern holding those taps lies in that stratum's closure.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> res = strata(parse_spec("conv k=3,3 s=2,1 r=1"), depth=2, seed=1)          # Sing = {z1 = z3 = z5 = 0}
    >>> [s.status for s in res.strata if s.name == "w1=(0,0,*) w2=(*,*,*)"]
    ['singular']
    """
    import dataclasses

    if not hasattr(net, "stride_degenerations"):
        return out
    found = {st.key: st for st in out}
    lifted = []
    for i, (name, a, t, b, _) in enumerate(net.stride_degenerations()):
        src = found.get(("stride", i))
        if b is not None or src is None or not src.singular:
            continue
        k, o = dict(net.param_shapes)[a][0], net._offsets[a]
        ends = ({o + j for j in range(t)}, {o + j for j in range(k - t, k)})
        lifted.append((src, ends))
    if not lifted:
        return out
    new = []
    for st in out:
        src = next((sr for sr, ends in lifted if not st.singular and st.key[:1] != ("stride",)
                    and any(e <= set(st.zero) for e in ends) and st.parameters > 0), None)
        if src is not None:
            st = dataclasses.replace(
                st, status="singular", singular=True, certified=src.certified, decided_by=f"closure of '{src.name}'",
                proves=f"its parameters are limits of those of '{src.name}' (the factor g0 + g1 y^t with g = (0, 1) or "
                       f"(1, 0)), whose generic point is singular: Sing M is closed ({src.proves})")
        new.append(st)
    return new


def _fills(st, n):
    """M has the dimension of its ambient space C^N (a proved rank: a modular lower bound meeting N), so M is
    C^N and every point of it is smooth: the probabilistic verdict 'smooth' of a stratum becomes certified."""
    from dataclasses import replace

    return replace(st, certified=True, decided_by="M is its ambient space",
                   proves=f"dim M = {n} = the number of coordinates (proved): M = C^{n}, smooth everywhere; "
                   + st.proves)


def _vertex_row(net, dimM, out, X):
    """The row of the cone's vertex f = 0 (:mod:`algnet.analyses.singular.vertex`) when M is a cone and not a
    linear space, unless a stratum already maps to the origin; for a network with output biases the row of
    the constant functions (:mod:`algnet.analyses.singular.constants`) when M is not a linear space, unless a
    stratum already maps to them; else None."""
    from algnet.analyses.singular.constants import _terms
    from algnet.analyses.singular.vertex import cone_vertex

    terms = _terms(net)          # the symbolic expansion, once for both rows
    if terms is None:
        return None
    c = _constants_row(net, dimM, out, X, terms)
    if c is not None:
        return c
    if any(s.dimension == 0 for s in out):
        return None
    v = cone_vertex(net, dimM.dimension, dimM.certified, terms=terms)
    if v is None:
        return None
    # mu(t theta) = t^e mu(theta) with e >= 2: every first derivative vanishes at theta = 0, rank 0 (a weighted
    # cone: the rank of the degree-1 monomials' coefficients, v.rank)
    return Stratum("cone vertex (f = 0)", "cone vertex", ("cone vertex",), 0, 0, True, v.rank,
                   v.rank < dimM.dimension, "singular", True, None, False, 0,
                   "cone vertex (exact span of the coefficients)", v.proves, v.certified,
                   tuple(range(net.n_params)), (), (0,) * net.n_params)


def _constants_row(net, dimM, out, X, terms=None):
    """The stratum of the constant functions (weights 0, output biases free) when M is singular there, or None
    (no output biases, a linear space, or a stratum of the lattice whose generic point (its output biases
    included) is a constant function at the sample inputs ``X``: that stratum is this one); ``terms``: the
    expansion of :func:`~algnet.analyses.span.coefficient_terms` if the caller has it."""
    from algnet.analyses.singular.constants import constant_functions

    c = constant_functions(net, dimM.dimension, dimM.certified, terms=terms)
    if c is None or any(s.dimension == c.dimension and _constant_at(net, s.point, X) for s in out):
        return None
    zero = tuple(p for p in range(net.n_params) if p not in c.output_biases)
    point = tuple(1 if p in c.output_biases else 0 for p in range(net.n_params))
    return Stratum("constant functions (weights 0)", "constant functions", ("constant functions",), c.dimension,
                   c.dimension, True, c.rank, c.rank < dimM.dimension, "singular", True, None, False, 0,
                   "cone over the constant functions (exact span of the coefficients)", c.proves, c.certified,
                   zero, (), point)


def _constant_at(net, theta, X) -> bool:
    """Whether mu(theta) takes one value at every sample input (exact arithmetic)."""
    from algnet.analyses.singular.primitives import exact_values

    vals = [exact_values(net, theta, [x]) for x in X]
    return all(list(v) == list(vals[0]) for v in vals[1:])


def rank_drop_locus(res: StrataResult) -> list[dict]:
    """The strata on which the Jacobian of mu drops rank, and what their image points are.

    Each entry: name, kind, rank, dimension of M, ``nature``: 'singular point',
    'boundary point' or 'smooth point through a degenerate parametrization'
    (the source of spurious critical points of the loss), and ``certified``. The cone's vertex
    (``res.vertex``: theta = 0, where every first derivative of a map homogeneous of degree >= 2 in
    the parameters vanishes, rank 0; a weighted cone's rank there is computed exactly) is part of the locus and is
    listed last, like the text and the
    JSON of ``algnet singular``; with output biases that row is the stratum of the constant functions (the
    weights 0, the output biases free; its Jacobian rank exact, the number of outputs for linear and dense).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [(d["name"], d["nature"]) for d in rank_drop_locus(strata(parse_spec("linear 3-2-3"), seed=0))]
    [('widths 3-1-3', 'singular point'), ('cone vertex (f = 0)', 'singular point')]
    >>> [(d["kind"], d["rank"]) for d in rank_drop_locus(strata(parse_spec("linear 2-1-2"), seed=0))]
    [('cone vertex', 0)]
    >>> [(d["kind"], d["rank"]) for d in rank_drop_locus(strata(parse_spec("linear 3-1-3 bias"), seed=0))]
    [('constant functions', 3)]
    """
    out = []
    for s in res.strata + ((res.vertex,) if res.vertex is not None else ()):
        if not s.rank_drop:
            continue
        nature = {"boundary": "boundary point", "singular": "singular point"}.get(
            s.status, "smooth point through a degenerate parametrization")
        out.append({"name": s.name, "kind": s.kind, "rank": s.rank, "dimension": res.dimension, "nature": nature,
                    "certified": s.certified and s.status != "boundary"})
    return out
