"""Dimension of a neuromanifold by exact (modular) Jacobian ranks.

The dimension of M = closure of im(mu) equals the generic rank of the
Jacobian of mu: theta -> f_theta. algnet computes the rank of the matrix
whose rows are gradients in theta of <c_i, f_theta(z_i)> at a random point
theta_0, random inputs z_i and random output covectors c_i, all integers,
reduced modulo a word-size prime p (reverse mode on the straight-line
program: no symbolic expansion). The rows form a sketch of the Jacobian of
theta -> (coefficients of f_theta): about as many rows as its rank suffice.

What is proved
--------------
* rank_p(J) <= rank_QQ(J(theta_0)) <= generic rank = dim M: the modular
  rank is a **proved lower bound**.
* dim M <= min(ambient, N - s), where s is the rank of the tangent vectors
  of the known symmetry group's orbit at theta_0 (they lie in the kernel of
  the Jacobian, which is checked). When the lower bound meets this upper
  bound the dimension is **certified**.
* Otherwise the answer holds with probability at least 1 - eps, with eps the
  Schwartz–Zippel bound k (deg_theta f + deg_x f) / p for a k x k minor,
  multiplied over independent primes (and assuming p is not one of the
  finitely many primes dividing every nonzero maximal minor).

Examples
--------
>>> from algnet import parse_spec
>>> res = dimension(parse_spec("linear 4-2-3"), seed=0)
>>> res.dimension, res.expected, res.certified
(10, 10, True)
>>> dimension(parse_spec("dense 3-2-1 r=2"), seed=0).dimension   # sums of 2 squares in 3 vars: defective
5
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.architectures.spec import parse_spec
from algnet.core.backends import ModP
from algnet.core.fastla import PartialRank, centred_buffer, rank_mod_p_auto, rank_profile_blas, store_rows
from algnet.core.linalg import rank_mod_p
from algnet.core.matrix import gf_method
from algnet.core.primes import check_primes, default_primes
from algnet.errors import NotApplicableError, NumericalError
from algnet.display import RichReprMixin

__all__ = ["DimensionResult", "dimension", "local_rank", "LocalRankResult", "jacobian_sketch", "estimate_dimension"]

#: Sketches with min(rows, parameters) >= LARGE_SKETCH are computed modulo primes
#: below FAST_PRIME_BOUND by default: algnet.core.fastla multiplies residues below
#: 2^21 exactly with one float64 product (inner blocks of 4096), while primes
#: near 2^28 need two (measured: 62 s against 113 s CPU for a 9749 x 9747 rank).
LARGE_SKETCH = 2000
FAST_PRIME_BOUND = 2**21
#: Above this many parameters the known symmetries' tangents are not computed when the rank
#: already meets the ambient dimension (``symmetry_dimension`` is then None).
SKIP_TANGENTS_ABOVE = 2000
#: Intermediate gradients per block of sketch rows (bytes): bounds the evaluation's extra memory.
BLOCK_BYTES = 64 * 2**20
#: Peak bytes per sketch entry on the BLAS route (min(rows, N) >= 200): the float64 sketch, built
#: in place and eliminated in place (algnet.core.fastla, overwrite=True); the rest is blocks.
BYTES_PER_ENTRY = 8
#: Peak bytes per sketch entry on the flint route (short sketches): the int64 sketch, its residues
#: as a Python list and flint's fmpz_mat/nmod_mat copies (algnet.core.matrix.to_nmod_mat).
FLINT_BYTES_PER_ENTRY = 72
#: Sketch entries eliminated per second (rows x columns x rank / seconds), measured in bench/bench_guards.py.
ELIMINATION_RATE = 1.0e10
#: Sketch entries evaluated per second (reverse mode, int64 modulo p), measured in bench/bench_guards.py.
EVALUATION_RATE = 1.0e6


def estimate_dimension(net, margin: int = 2, prime: int | None = None) -> dict:
    """Estimated peak memory (bytes) and seconds of :func:`dimension`'s heavy step.

    The heavy step is the rank of a rows x N sketch with rows = min(N, ambient) + margin.
    On the BLAS route the peak is the float64 sketch (8 bytes per entry) plus
    the larger of one evaluation block (:data:`BLOCK_BYTES` of gradients and
    its conversion) and the elimination's blocks (two or four buffers of
    :data:`algnet.core.fastla.WORK_ENTRIES` entries, and a leaf panel of 32
    columns); short sketches go to flint at :data:`FLINT_BYTES_PER_ENTRY`.
    ``prime`` is the prime ``dimension`` would use (default: its default
    for this size; primes above 2^22 need two extra digit buffers).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> est = estimate_dimension(parse_spec("dense 100-100-100-100 r=2"))
    >>> est["rows"], est["columns"], 6.7 * 2**30 < est["memory"] < 7 * 2**30, est["route"]
    (30002, 30000, True, 'fastla')
    """
    from algnet.core.fastla import WORK_ENTRIES, product_plan

    N = net.n_params
    rows = min(N, net.ambient_dimension) + margin
    entries = rows * N
    r = min(rows, N)
    if prime is None:
        prime = int((default_primes(1, bound=FAST_PRIME_BOUND) if r >= LARGE_SKETCH else default_primes(1))[0])
    route = gf_method((rows, N), prime)
    block_rows = max(1, BLOCK_BYTES // (8 * max(N, 1) * 3))
    evaluation = 8 * min(block_rows, rows) * N * 5      # 3 gradient copies + residues + floats, per block
    if route == "fastla":
        buffers = 4 if product_plan(prime).split else 2
        elimination = 8 * (buffers * min(WORK_ENTRIES, entries // 4 + 1) + 3 * 32 * rows)
        memory = BYTES_PER_ENTRY * entries + max(evaluation, elimination)
    else:
        memory = FLINT_BYTES_PER_ENTRY * entries + evaluation
    seconds = 0.3 + entries * r / ELIMINATION_RATE + entries / EVALUATION_RATE
    return {"rows": rows, "columns": N, "memory": memory, "seconds": seconds, "route": route}


@dataclass(frozen=True)
class DimensionResult(RichReprMixin):
    """Dimension of a neuromanifold, with what was proved.

    Attributes
    ----------
    spec : str
    dimension : int
        The computed dimension (a proved lower bound; exact when ``certified``).
    ambient : int
        Dimension of the function space (outputs x monomials).
    parameters : int
        Number of parameters N.
    expected : int or None
        Expected dimension from the family's theorem, if any.
    expected_source : str or None
    fiber_dimension : int
        N - dimension (generic fiber dimension of mu).
    symmetry_dimension : int or None
        Rank of the known symmetry group's orbit tangents at the sample point
        (None when not computed: the rank met the ambient dimension of a
        network with more than ``SKIP_TANGENTS_ABOVE`` parameters).
    upper_bound : int
        min(ambient, N - symmetry_dimension): proved upper bound.
    defect : int or None
        expected - dimension.
    pivots : tuple of int
        Pivot parameter columns: a maximal set of parameters whose directions
        are independent (witness of the lower bound).
    certified : bool
    reason : str
    probability_bound : float
        Upper bound on the probability that the dimension is larger than
        reported (0.0 when certified).
    method, primes, seed, rows, seconds
    upper_bound_source : str
        Which proved upper bound ``upper_bound`` comes from: the ambient
        dimension, the known symmetry orbits, a flattening, or proved
        kernel fields (hidden symmetries); see :mod:`algnet.analyses.bounds`.
    hidden_symmetries : tuple of str
        Formulas of proved kernel fields of the Jacobian beyond the known
        symmetries (when that route was used).
    """

    spec: str
    dimension: int
    ambient: int
    parameters: int
    expected: int | None
    expected_source: str | None
    fiber_dimension: int
    symmetry_dimension: int | None
    upper_bound: int
    defect: int | None
    pivots: tuple
    certified: bool
    reason: str
    probability_bound: float
    method: str
    primes: tuple
    seed: int
    rows: int
    seconds: float = field(compare=False)
    upper_bound_source: str = "ambient dimension / known symmetry orbits"
    hidden_symmetries: tuple = ()
    partial: bool = False

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record of this result."""
        from algnet.evidence import Evidence

        proves = (f"dim M = {self.dimension}" if self.certified
                  else f"{self.dimension} <= dim M <= {self.upper_bound}")
        return Evidence(method=self.method, certified=self.certified, proves=proves,
                        probability_bound=self.probability_bound, primes=self.primes, seed=self.seed,
                        seconds=self.seconds, partial=self.partial)

    @property
    def identifiable_up_to_symmetry(self) -> bool:
        """Generic fibers have the dimension of the known symmetry orbits."""
        return self.fiber_dimension == self.symmetry_dimension

    def as_dict(self) -> dict:
        """JSON-ready dictionary (the keys of ``algnet dim --json``)."""
        return {
            "spec": self.spec,
            "dimension": self.dimension,
            "ambient": self.ambient,
            "parameters": self.parameters,
            "expected": self.expected,
            "expected_source": self.expected_source,
            "fiber_dimension": self.fiber_dimension,
            "symmetry_dimension": self.symmetry_dimension,
            "upper_bound": self.upper_bound,
            "defect": self.defect,
            "certified": self.certified,
            "reason": self.reason,
            "probability_bound": self.probability_bound,
            "method": self.method,
            "seed": self.seed,
            "primes": list(self.primes),
            "rows": self.rows,
            "upper_bound_source": self.upper_bound_source,
            "hidden_symmetries": list(self.hidden_symmetries),
            "pivots": list(self.pivots),
            "seconds": round(self.seconds, 4),
            "evidence": self.evidence.as_dict(),
        }

    def __repr__(self):
        cert = "certified" if self.certified else f"probabilistic (P[wrong] <= {self.probability_bound:.1e})"
        exp = "" if self.expected is None else f", expected {self.expected}"
        return (f"DimensionResult({self.spec!r}: dim {self.dimension} of ambient {self.ambient}, "
                f"{self.parameters} params, fiber {self.fiber_dimension}{exp}; {cert}; "
                f"{self.method}, primes {list(self.primes)}, seed {self.seed})")

    def summary(self) -> str:
        """Several readable lines."""
        if self.partial:
            return "\n".join([f"dimension >= {self.dimension} (interrupted; lower bound)",
                              f"spec            {self.spec}", f"upper bound     {self.upper_bound}",
                              f"reason          {self.reason}",
                              f"method          {self.method}; primes {list(self.primes)}; seed {self.seed}; "
                              f"{self.seconds:.2f} s"])
        lines = [
            f"spec            {self.spec}",
            f"dimension       {self.dimension}" + ("" if self.expected is None else f"   (expected {self.expected}"
                                                   + ("" if not self.defect else f", defect {self.defect}") + ")"),
            f"ambient         {self.ambient}",
            f"parameters      {self.parameters}",
            f"fiber dimension {self.fiber_dimension}   (known symmetries: {self.symmetry_dimension})",
            f"certified       {'yes' if self.certified else 'no'}: {self.reason}",
            f"upper bound     {self.upper_bound} ({self.upper_bound_source})",
            f"method          {self.method}; primes {list(self.primes)}; seed {self.seed}; {self.seconds:.2f} s",
        ]
        for h in self.hidden_symmetries:
            lines.append(f"hidden symmetry {h}")
        return "\n".join(lines)


def jacobian_sketch(net, theta, rows: int, p: int, rng, block: int | None = None,
                    centred: bool = False, progress=None) -> np.ndarray:
    """``rows`` random rows of the Jacobian of mu at ``theta`` modulo ``p``:
    gradients of <c_i, f_theta(z_i)> with z_i, c_i uniform in GF(p).

    The rows are evaluated in blocks of ``block`` rows (default: about
    :data:`BLOCK_BYTES` of intermediate gradients per block) written into one
    preallocated matrix, so the peak memory is the sketch itself plus one
    block, whatever the layer widths.

    With ``centred`` the matrix is float64 centred residues, the layout that
    :func:`algnet.core.fastla.rank_profile_blas` eliminates in place
    (``overwrite=True``): the rank then needs no second copy of the sketch.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")
    >>> jacobian_sketch(net, [1, 2, 3, 4], 3, 101, np.random.default_rng(0)).shape
    (3, 4)
    """
    Z = rng.integers(0, p, size=(rows,) + tuple(net.input_shape), dtype=np.int64)
    C = rng.integers(0, p, size=(rows,) + tuple(net.output_shape), dtype=np.int64)
    th = np.asarray(theta, dtype=np.int64) % p
    N = net.n_params
    if block is None:
        block = max(1, BLOCK_BYTES // (8 * max(N, 1) * 3))
    if rows <= block and not centred:
        return net.jacobian(th, Z, C=C, p=p)
    out = centred_buffer(rows, N) if centred else np.empty((rows, N), dtype=np.int64)
    for i in range(0, rows, block):
        J = net.jacobian(th, Z[i:i + block], C=C[i:i + block], p=p)
        if centred:
            store_rows(out, i, J, p)
        else:
            out[i:i + block] = J
        if progress is not None:
            progress(J.shape[0])
    return out


def _rank_and_pivots(J: np.ndarray, p: int, want_pivots: bool):
    """Rank of J mod p and (when asked) its pivot columns, the column rank profile.

    flint ``nmod_mat`` for small sketches, exact float64-BLAS elimination
    (:mod:`algnet.core.fastla`) above its measured crossover.
    """
    if not want_pivots:
        return rank_mod_p_auto(J, p), ()
    return rank_mod_p_auto(J, p, pivots=True)


def dimension(net, seed=None, primes=None, margin: int = 2, pivots: bool = True, certify: bool = True,
              bound_time: float = 30.0, force: bool = False, time_limit: float | None = None,
              show_progress: bool = False, prefer_theorems: bool = False) -> DimensionResult:
    """Dimension of the neuromanifold of ``net`` (a Network or a spec string).

    Parameters
    ----------
    net : Network or str
    seed : int, optional
        Seed of the random parameter point, inputs and covectors (drawn and
        recorded when None).
    primes : sequence of int, optional
        Primes below 2^28 to compute with. By default one prime, and a second
        one (with fresh random points) only when the first does not certify:
        the largest primes below 2^28, or below ``FAST_PRIME_BOUND`` = 2^21
        when the sketch has at least ``LARGE_SKETCH`` = 2000 rows and columns
        (its exact float64-BLAS rank then needs one matrix product per update
        instead of two, about twice as fast; the probability bound uses the
        prime actually used).
    margin : int
        Extra rows beyond min(N, ambient).
    pivots : bool
        Also return the pivot columns (costs an rref instead of a rank).
    certify : bool
        When the rank does not meet the ambient dimension or the known
        symmetry bound (a defective network), look for a proved upper bound
        that sees the defect (:func:`algnet.analyses.bounds.upper_bound`:
        flattenings, then proved kernel fields); the result names the bound.
    bound_time : float
        Seconds allowed for that search.
    force : bool
        Run even when the estimated memory exceeds the machine's limit
        (:func:`algnet.guards.memory_limit`) or the time exceeds ``time_limit``.
    time_limit : float, optional
        Seconds; refuse (before computing) when the estimate is longer.
    show_progress : bool
        Progress bars of the sketch's evaluation (rows) and elimination (columns).
        Ctrl-C during the elimination returns a result marked ``partial``:
        the columns already proved independent give a lower bound.
    prefer_theorems : bool
        For a defective rank, try the network's proved bound from theorems
        (narrow layers, secant theorems) before the searches and stop there
        when it meets the rank: much cheaper, but no hidden symmetry is listed
        (``upper_bound(theorems_first=True)``; the atlas uses it).

    Returns
    -------
    DimensionResult

    Raises
    ------
    NotApplicableError
        For networks that are not polynomial maps (ReLU: use the functional dimension).
    TooLargeError
        When the estimated memory or time of the sketch's rank exceeds the
        machine or ``time_limit`` (the estimate is in the message); decided
        in milliseconds, before any evaluation.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> r = dimension(parse_spec("conv k=2,3 r=2"), seed=1)
    >>> r.dimension, r.certified
    (4, True)
    """
    t0 = time.perf_counter()
    net = parse_spec(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec} is not a polynomial network",
                                 hint="use algnet.relu.functional_dimension for ReLU networks")
    seed = _check_dimension_options(seed, margin, pivots, certify, bound_time)
    primes = check_primes(primes)
    _guard(net, margin, force, time_limit, max(primes) if primes else None)
    user_primes = primes is not None
    N = net.n_params
    ambient = net.ambient_dimension
    nrows = min(N, ambient) + margin
    if user_primes:
        plist = list(primes)
    elif min(nrows, N) >= LARGE_SKETCH:
        plist = list(default_primes(2, bound=FAST_PRIME_BOUND))
    else:
        plist = list(default_primes(2))
    rng = np.random.default_rng(seed)
    deg = net.parameter_degree() + net.degree  # degree of Jacobian entries in (theta, z, c) is <= this
    exp = net.expected_dimension()
    expected, expected_source = (exp if exp is not None else (None, None))

    best_rank, best_piv, used, sym_rank = -1, (), [], 0
    prob = 1.0
    for i, p in enumerate(plist):
        if i > 0 and not user_primes and best_rank == min(ambient, N - sym_rank):
            break
        theta = rng.integers(0, p, size=N, dtype=np.int64)
        if gf_method((nrows, N), p) == "fastla":
            # float64 sketch eliminated in place: peak = the sketch + a few blocks (estimate_dimension)
            J = jacobian_sketch(net, theta, nrows, p, rng, centred=True,
                                progress=_bar(show_progress, nrows, "Jacobian sketch (rows)"))
            try:
                r, piv = rank_profile_blas(J, p, overwrite=True,
                                           progress=_bar(show_progress, N, "rank mod p (columns)"))
            except PartialRank as e:
                return _interrupted(net, max(best_rank, len(e.pivots)), e, p, used, seed, nrows, t0)
            piv = piv if pivots else ()
        else:
            J = jacobian_sketch(net, theta, nrows, p, rng)
            r, piv = _rank_and_pivots(J, p, pivots)
        del J
        if r == ambient and N > SKIP_TANGENTS_ABOVE:
            # the rank meets the ambient dimension: certified without the symmetry orbit, whose
            # tangent matrix (up to N x N) would cost more than the sketch (3000 linear layers)
            used.append(p)
            prob *= min(1.0, max(r, 1) * deg / p)
            best_rank, best_piv, sym_rank = r, piv, None
            break
        T = net.symmetry_tangents(theta, p=p)
        if T.shape[0]:
            chk = net.jacobian(theta, rng.integers(0, p, size=(2,) + tuple(net.input_shape)),
                               C=rng.integers(0, p, size=(2,) + tuple(net.output_shape)), p=p)
            if np.any(ModP(p).matmul(np.mod(chk, p), np.mod(T.T, p)) != 0):
                raise NumericalError(f"{net.spec}: a symmetry tangent is not in the kernel of the Jacobian",
                                     hint="this is a bug in the architecture's symmetry_tangents; please report it")
            s = rank_mod_p_auto(T, p)
        else:
            s = 0
        used.append(p)
        prob *= min(1.0, max(r, 1) * deg / p)
        if r > best_rank:
            best_rank, best_piv = r, piv
        sym_rank = max(sym_rank, s)
    upper = min(ambient, N - (sym_rank or 0))
    source = "ambient dimension" if upper == ambient else "known symmetry orbits"
    hidden = ()
    if best_rank < upper and certify:
        from algnet.analyses.bounds import upper_bound as _proved_upper_bound

        b = _proved_upper_bound(net, best_rank, seed=seed, time_limit=bound_time, theorems_first=prefer_theorems)
        if b is not None and b.value < upper:
            upper, source, hidden = b.value, f"{b.route}: {b.detail}", b.hidden_symmetries
    certified = best_rank == upper
    if certified:
        if best_rank == ambient:
            reason = "modular rank (proved lower bound) equals the ambient dimension"
        elif source == "known symmetry orbits":
            reason = ("modular rank (proved lower bound) equals parameters minus the rank of the "
                      "known symmetry orbit's tangent space (proved upper bound)")
        else:
            reason = f"modular rank (proved lower bound) equals the proved upper bound from {source.split(':')[0]}"
        prob = 0.0
    else:
        reason = (f"modular rank {best_rank} is a proved lower bound; the proved upper bound is {upper}; "
                  f"equality with the generic rank holds with probability >= 1 - {prob:.1e} (Schwartz-Zippel)")
    return DimensionResult(
        spec=net.spec, dimension=best_rank, ambient=ambient, parameters=N, expected=expected,
        expected_source=expected_source, fiber_dimension=N - best_rank, symmetry_dimension=sym_rank,
        upper_bound=upper, defect=(expected - best_rank) if expected is not None else None,
        pivots=best_piv, certified=certified, reason=reason, probability_bound=prob,
        method="jacobian-sketch rank mod p (reverse mode on the straight-line program)",
        primes=tuple(used), seed=int(seed), rows=nrows, seconds=time.perf_counter() - t0,
        upper_bound_source=source, hidden_symmetries=tuple(hidden))


def _bar(show: bool, total: int, desc: str):
    """A tqdm bar's ``update`` (closed when complete), or None."""
    if not show:
        return None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit="", leave=False)

    def update(k):
        bar.update(k)
        if bar.n >= total:
            bar.close()
    return update


def _interrupted(net, lower, e, p, used, seed, nrows, t0) -> DimensionResult:
    """Ctrl-C during the elimination: the independent columns found so far, as a proved lower bound."""
    N, ambient = net.n_params, net.ambient_dimension
    reason = (f"interrupted after {e.columns} of {N} columns: {lower} parameter directions proved independent "
              f"modulo {p} (a lower bound on the dimension)")
    return DimensionResult(
        spec=net.spec, dimension=lower, ambient=ambient, parameters=N, expected=None, expected_source=None,
        fiber_dimension=N - lower, symmetry_dimension=None, upper_bound=min(ambient, N), defect=None,
        pivots=tuple(e.pivots), certified=False, reason=reason, probability_bound=1.0,
        method="jacobian-sketch rank mod p (reverse mode on the straight-line program)",
        primes=tuple(used) + (p,), seed=int(seed), rows=nrows, seconds=time.perf_counter() - t0, partial=True)


def _guard(net, margin, force, time_limit, prime=None):
    from algnet.guards import check_resources, check_time_limit, format_bytes, format_seconds

    if not isinstance(force, (bool, np.bool_)):
        from algnet.errors import ParameterError

        raise ParameterError(f"force={force!r} must be True or False", hint="e.g. force=True")
    time_limit = check_time_limit(time_limit)
    est = estimate_dimension(net, margin, prime)
    check_resources(
        f"{net.spec}: the Jacobian sketch has {est['rows']} x {est['columns']} entries; its rank "
        f"(estimated {format_bytes(est['memory'])}, {format_seconds(est['seconds'])})",
        memory=est["memory"], seconds=est["seconds"], time_limit=time_limit, force=force,
        hint="a smaller network (fewer layers or narrower widths), or a machine with more free memory",
        rows=est["rows"], columns=est["columns"])


def _check_dimension_options(seed, margin, pivots, certify, bound_time):
    """The seed to use (drawn when None); bad options raise ParameterError."""
    import math
    import numbers

    from algnet.analyses.shared import check_seed
    from algnet.errors import ParameterError

    if isinstance(margin, bool) or not isinstance(margin, numbers.Integral) or margin < 0:
        raise ParameterError(f"margin={margin!r} must be a non-negative integer", hint="e.g. margin=2")
    for name, v in (("pivots", pivots), ("certify", certify)):
        if not isinstance(v, (bool, np.bool_)):
            raise ParameterError(f"{name}={v!r} must be True or False", hint=f"e.g. {name}=True")
    if isinstance(bound_time, bool) or not isinstance(bound_time, numbers.Real) or math.isnan(bound_time) \
            or bound_time <= 0:
        raise ParameterError(f"bound_time={bound_time!r} must be a positive number of seconds",
                             hint="e.g. bound_time=30")
    return check_seed(seed)


@dataclass(frozen=True)
class LocalRankResult:
    """Rank of the Jacobian of mu at a given parameter.

    ``lower`` is proved (a modular rank of an exact matrix); ``upper`` is
    proved when ``certified`` (exact kernel vectors verified over QQ).
    """

    spec: str
    rank: int
    lower: int
    upper: int
    parameters: int
    certified: bool
    reason: str
    primes: tuple
    seed: int

    def __int__(self):
        return self.rank

    @property
    def evidence(self):
        """The :class:`algnet.evidence.Evidence` record of this result."""
        from algnet.evidence import Evidence

        proves = (f"rank = {self.rank}" if self.certified else f"{self.lower} <= rank <= {self.upper}")
        return Evidence(method="Jacobian rank at the point (modular rank; exact kernel check)",
                        certified=self.certified, proves=proves, primes=self.primes, seed=self.seed)

    def __repr__(self):
        c = "certified" if self.certified else f"lower bound (upper {self.upper})"
        return f"LocalRankResult({self.spec!r}: rank {self.rank} of {self.parameters} params; {c}; primes {list(self.primes)})"


def local_rank(net, theta, seed=0, primes=None, certify: bool = True) -> LocalRankResult:
    """Rank of the Jacobian of mu at a given rational parameter ``theta``.

    The full Jacobian of theta -> (f_theta(z_1), ..., f_theta(z_K)) at
    unisolvent points z (rank equal to that of the coefficient Jacobian) is
    reduced modulo primes (a proved lower bound); with ``certify`` the
    kernel is lifted to QQ by rational reconstruction and verified exactly,
    which proves the upper bound.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")
    >>> local_rank(net, [1, 0, 1, 0]).rank     # generic point: rank 3
    3
    >>> local_rank(net, [0, 0, 0, 0]).rank     # the origin: rank 0
    0
    """
    from fractions import Fraction

    from algnet.architectures.base import _unisolvent
    from algnet.core.backends import Exact, ModP
    from algnet.core.crt import crt_vector, reconstruct_vector
    from algnet.core.linalg import kernel_mod_p
    from algnet.errors import ParameterError, ReconstructionError

    net = parse_spec(net)
    theta = [Fraction(t) if not isinstance(t, (int, np.integer)) else int(t) for t in np.asarray(theta, dtype=object).ravel()]
    if len(theta) != net.n_params:
        raise ParameterError(f"{net.spec}: expected {net.n_params} parameters, got {len(theta)}",
                             hint="pass a flat vector in the order of net.param_shapes")
    monos = net.output_monomials()
    plist = check_primes(primes) or list(default_primes(4))
    _, pts = _unisolvent(net.n_inputs, monos, ModP(plist[0]), seed)
    X = pts.reshape((len(monos),) + tuple(net.input_shape))
    N = net.n_params
    ranks, kernels = [], []
    for p in plist:
        B = ModP(p)
        th = B.asarray(np.array(theta, dtype=object))
        J = net.jacobian(th, X, p=p)
        ranks.append(rank_mod_p(J, p))
        if certify:
            kernels.append(kernel_mod_p(J, p))
    lower = max(ranks)
    if not certify:
        return LocalRankResult(net.spec, lower, lower, N, N, False, "modular rank (lower bound) only",
                               tuple(plist), seed)
    # exact certificate of the upper bound: kernel vectors verified over QQ
    good = [K for K, r in zip(kernels, ranks) if r == lower]
    good_primes = [p for p, r in zip(plist, ranks) if r == lower]
    Jq = net.jacobian(np.array(theta, dtype=object), X, backend=Exact())
    upper = N
    reason = "modular rank (lower bound); kernel certificate failed"
    try:
        if len(good) >= 2 and all(K.shape == good[0].shape for K in good):
            vecs = []
            for row in range(good[0].shape[0]):
                lifted, M = crt_vector([K[row] for K in good], good_primes)
                vecs.append(reconstruct_vector(lifted, M))
            if vecs:
                prod = Jq.astype(object) @ np.array(vecs, dtype=object).T
                ok = all(v == 0 for v in prod.ravel())
            else:
                ok = True
            if ok:
                upper = N - len(vecs)
                reason = ("modular rank is a proved lower bound; the kernel lifted to QQ by rational "
                          "reconstruction and verified exactly proves the upper bound")
    except ReconstructionError:
        pass
    return LocalRankResult(net.spec, lower, lower, upper, N, upper == lower, reason, tuple(plist), seed)
