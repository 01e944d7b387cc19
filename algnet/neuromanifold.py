"""One object per neuromanifold: its analyses, computed once and shared.

A :class:`Neuromanifold` wraps a network (a spec string, a
:class:`~algnet.Network`, or a polynomial map from
:func:`algnet.parametrization`) and one seed. Each analysis is run through
the registry (:mod:`algnet.registry`) the first time it is asked for and
cached with its options; the dimension of M is computed once and reused by
every analysis that needs it (degree, equations, Hilbert function, strata,
fibers), so their evidence records point to the same dimension evidence
(``result.evidence.depends_on``).

Examples
--------
>>> from algnet import Neuromanifold
>>> M = Neuromanifold("linear 3-1-3", seed=0)     # 3x3 matrices of rank <= 1
>>> M.dimension().dimension, M.degree(method="formula").degree
(5, 6)
>>> M.equations(max_degree=2).generator_degrees
(2, 2, 2, 2, 2, 2, 2, 2, 2)
>>> M.dimension() is M.dimension()                 # cached
True
>>> M
Neuromanifold('linear 3-1-3', seed=0; computed: dimension, degree, implicit)
"""

from __future__ import annotations

from algnet.analyses.shared import DimensionCache, dimension_result, sharing

__all__ = ["Neuromanifold"]


def _key(options: dict) -> tuple:
    """A hashable key for a set of options (arrays by shape and content, other unhashables by repr)."""

    def frozen(v):
        if isinstance(v, (list, tuple)):
            return tuple(frozen(x) for x in v)
        if hasattr(v, "shape") and hasattr(v, "tobytes"):
            return ("array", tuple(v.shape), str(v.dtype), v.tobytes())
        try:
            hash(v)
        except TypeError:
            return ("repr", repr(v))
        return v

    return tuple(sorted((k, frozen(v)) for k, v in options.items()))


def _shown(options: dict) -> dict:
    """The options as JSON shows them: arrays as nested lists, other objects by their text (a Fraction as 1/2).

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction
    >>> _shown({"target": np.array([[1, 2], [3, 5]]), "scale": Fraction(1, 2), "args": ()})
    {'target': [[1, 2], [3, 5]], 'scale': '1/2'}
    """

    def plain(v):
        if hasattr(v, "tolist"):
            return plain(v.tolist())
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        return str(v)

    return {k: plain(v) for k, v in options.items() if not (k == "args" and not v)}


def _check_arguments(function, name: str, args: tuple, options: dict) -> None:
    """Refuse, before any work, arguments ``function`` does not take (a misspelt option, one positional too many).

    Examples
    --------
    >>> def critical_points(net, loss="generic", seed=None):
    ...     pass
    >>> _check_arguments(critical_points, "critical_points", ("net",), {"los": "frobenius"})
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: critical_points() has no option 'los'
      hint: did you mean 'loss'? options: loss
    """
    import difflib
    import inspect

    from algnet.errors import ParameterError

    signature = inspect.signature(function)
    names = [p for p in signature.parameters if p not in ("net", "network", "seed")]
    for key in options:
        if key not in signature.parameters:
            close = difflib.get_close_matches(key, names, n=1)
            hint = (f"did you mean {close[0]!r}? " if close else "") + "options: " + ", ".join(names)
            raise ParameterError(f"{name}() has no option {key!r}", hint=hint)
    try:
        signature.bind(*args, **options)
    except TypeError as e:
        raise ParameterError(f"{name}(): {e}", hint="options: " + ", ".join(names)) from None


class Neuromanifold:
    """The neuromanifold M of a network, with cached analyses.

    Parameters
    ----------
    network : Network, str or polynomial map
        The network (a spec string is parsed; any :class:`~algnet.Network`,
        including :func:`algnet.parametrization` maps, is taken as is).
    seed : int, optional
        The seed of every randomised analysis run through this object; drawn
        (and recorded in :attr:`seed`) when not given.

    Attributes
    ----------
    network : Network
    seed : int
    computed : dict
        The cached results, by analysis name and options.

    Notes
    -----
    Results are cached per analysis and options: ``M.degree()`` twice runs
    the homotopy once, ``M.equations(2)`` and ``M.equations(3)`` are two
    computations. The dimension is computed once (with the default options)
    and shared by all analyses.

    Examples
    --------
    >>> M = Neuromanifold("linear 2-1-2", seed=3)        # 2 x 2 matrices of rank <= 1
    >>> M.seed, M.dimension().dimension, list(M.computed)
    (3, 3, [('dimension', ())])
    """

    def __init__(self, network, seed: int | None = None):
        from algnet.analyses.shared import check_seed
        from algnet.architectures.spec import parse_spec

        # the analyses' own check: a numpy integer is a seed, one of 2^63 or more is refused here, not by the
        # first analysis run (check_seed draws 32 bits when seed is None)
        self.seed = check_seed(seed)
        self.network = parse_spec(network)
        self.computed: dict = {}
        self._options: dict = {}      # the options of each computed result, as JSON shows them (by cache key)
        self._dimensions = DimensionCache()

    # ------------------------------------------------------------ properties
    @property
    def spec(self) -> str:
        """The network's spec string."""
        return self.network.spec

    @property
    def ambient_dimension(self) -> int:
        """Dimension of the function space (outputs x monomials)."""
        return self.network.ambient_dimension

    @property
    def n_params(self) -> int:
        """Number of parameters of the network."""
        return self.network.n_params

    def __repr__(self):
        names = list(dict.fromkeys(name for name, _ in self.computed))
        done = ", ".join(names) if names else "nothing yet"
        return f"Neuromanifold({self.spec!r}, seed={self.seed}; computed: {done})"

    def as_dict(self) -> dict:
        """JSON-ready record of everything computed so far (each result's ``as_dict()``, with its options).

        Examples
        --------
        >>> M = Neuromanifold("linear 2-1-2", seed=0)
        >>> _ = M.dimension()
        >>> d = M.as_dict()
        >>> d["spec"], d["seed"], [r["analysis"] for r in d["results"]]
        ('linear 2-1-2', 0, ['dimension'])
        """
        results = [{"analysis": key[0], "options": self._options.get(key, {}), **res.as_dict()}
                   for key, res in self.computed.items() if hasattr(res, "as_dict")]
        return {"spec": self.spec, "seed": self.seed, "results": results}

    def summary(self) -> str:
        """One line per computed result: its value's evidence status.

        Examples
        --------
        >>> M = Neuromanifold("linear 3-1-3", seed=0)
        >>> _ = M.dimension(), M.degree(method="formula")
        >>> print(M.summary())
        linear 3-1-3 (seed 0)
          dimension: certified -- dim M = 5
          degree (method=formula): certified -- deg M = 6 (closed form of a theorem: ...)
        """
        lines = [f"{self.spec} (seed {self.seed})"]
        for key, res in self.computed.items():
            opts = self._options.get(key, {})
            label = key[0] + (f" ({', '.join(f'{k}={v}' for k, v in opts.items())})" if opts else "")
            ev = getattr(res, "evidence", None)
            lines.append(f"  {label}: " + (f"{ev.status} -- {ev.proves}" if ev is not None else repr(res)))
        return "\n".join(lines)

    # --------------------------------------------------------------- running
    def run(self, name: str, **options):
        """Run the registered analysis ``name`` with ``options`` (cached), sharing the dimension.

        Examples
        --------
        >>> Neuromanifold("linear 2-1-2", seed=1).run("singular", depth=1).dimension
        3
        """
        from algnet.registry import get_analysis

        analysis = get_analysis(name)
        options = analysis.check_options(options)
        if analysis.name == "dimension" and not options:
            return self.dimension()
        key = (analysis.name, _key(options))
        if key not in self.computed:
            self._share_dimension()
            with sharing(cache=self._dimensions):
                self.computed[key] = analysis.function(self.network, seed=self.seed, **options)
            self._options[key] = _shown(options)
        return self.computed[key]

    def _share_dimension(self) -> None:
        """Compute the shared dimension before an analysis: a polynomial network's only (a ReLU network's analyses,
        ``fd``, ``regions``, ..., use none, and the dimension of a ReLU network is refused)."""
        if getattr(self.network, "polynomial", True):
            self.dimension()

    # -------------------------------------------------------------- analyses
    def dimension(self, **options):
        """Dimension of M (:func:`algnet.analyses.dimension.dimension`), computed once.

        With options (``primes=``, ``margin=``) a separate computation is made
        and cached; the shared dimension is the one without options.

        Examples
        --------
        >>> M = Neuromanifold("linear 2-1-2", seed=0)          # 2 x 2 matrices of rank <= 1: det = 0
        >>> M.dimension().dimension, M.dimension(primes=[268435367]).primes
        (3, (268435367,))
        """
        if options:
            return self.run("dimension", **options)
        key = ("dimension", ())
        if key not in self.computed:
            with sharing(cache=self._dimensions):
                self.computed[key] = dimension_result(self.network, seed=self.seed)
        return self.computed[key]

    def degree(self, **options):
        """Degree of M (:func:`algnet.analyses.degree.degree`; options: ``method``, ``certify``, ...).

        Examples
        --------
        >>> Neuromanifold("linear 2-1-2", seed=0).degree(method="formula").degree     # the quadric det = 0
        2
        """
        return self.run("degree", **options)

    @property
    def witness_set(self):
        """The witness points of the last degree computed by monodromy: ``(function coordinates, parameters)``.

        ``None`` until :meth:`degree` has run with a witness set.

        Examples
        --------
        >>> M = Neuromanifold("linear 2-1-2", seed=0)
        >>> M.witness_set is None                  # no degree computed by monodromy yet
        True
        """
        for (name, _), res in reversed(list(self.computed.items())):
            if name == "degree" and getattr(res, "witness_function", None) is not None:
                return res.witness_function, res.witness_parameters
        return None

    def hilbert_function(self, up_to: int = 4, **options):
        """Hilbert function of M's coordinate ring (:func:`algnet.analyses.hilbert.hilbert_function`).

        Examples
        --------
        >>> Neuromanifold("linear 2-1-2", seed=0).hilbert_function(3).values     # binom(e+3, 3) - binom(e+1, 3)
        (1, 4, 9, 16)
        """
        return self.run("hilbert", up_to=up_to, **options)

    def equations(self, max_degree: int = 3, **options):
        """Equations of M up to ``max_degree`` (:func:`algnet.analyses.implicit.implicitize`).

        Examples
        --------
        >>> Neuromanifold("linear 2-1-2", seed=0).equations(2).equations()
        ['a[0,0]*a[1,1] - a[0,1]*a[1,0]']
        """
        return self.run("implicit", max_degree=max_degree, **options)

    def singular_strata(self, **options):
        """Subnetwork strata and their singular / boundary points (:func:`algnet.analyses.singular.strata`).

        Examples
        --------
        >>> s = Neuromanifold("linear 3-2-3", seed=0).singular_strata().strata[1]    # rank <= 1 in rank <= 2
        >>> s.name, s.status
        ('widths 3-1-3', 'singular')
        """
        return self.run("singular", **options)

    def fibers(self, **options):
        """Generic fiber against the known symmetries (:func:`algnet.analyses.fibers.identifiability`).

        Examples
        --------
        >>> f = Neuromanifold("dense 2-2-2 r=2", seed=0).fibers()      # the two hidden neurons swapped
        >>> f.fiber_count, f.count_status
        (2, 'exact')
        """
        return self.run("fibers", **options)

    def _critical(self, name: str, args, options):
        from algnet.errors import NotApplicableError, ParameterError

        if "seed" in options:
            # the function is called with this object's seed: a second one would be a TypeError, or (if it won)
            # a result cached under one seed but computed with another
            raise ParameterError(f"{name}() takes its seed from the Neuromanifold (seed={self.seed}), not seed=",
                                 hint=f"Neuromanifold(network, seed={options['seed']!r}).{name}(...)")
        try:
            from algnet.analyses import critical
        except ImportError:
            raise NotApplicableError("the critical-point analysis (algnet.analyses.critical) is not available",
                                     hint="update algnet") from None
        function = getattr(critical, name, None)
        if function is None:
            raise NotApplicableError(f"algnet.analyses.critical has no {name}()",
                                     hint="call the functions of algnet.analyses.critical directly")
        _check_arguments(function, name, (self.network, *args), {"seed": self.seed, **options})
        key = (name, _key({"args": args, **options}))
        if key not in self.computed:
            self._share_dimension()
            with sharing(cache=self._dimensions):
                self.computed[key] = function(self.network, *args, seed=self.seed, **options)
            self._options[key] = _shown({"args": args, **options})
        return self.computed[key]

    def critical_points(self, *args, **options):
        """Critical points of a loss on M (:func:`algnet.analyses.critical.critical_points`, when installed).

        Arguments are passed on (``loss=``, ``target=``, ...); the seed is this object's.

        Raises
        ------
        NotApplicableError
            When this installation has no critical-point analysis.
        """
        return self._critical("critical_points", args, options)

    def ed_degree(self, *args, **options):
        """Euclidean distance degree of M (:func:`algnet.analyses.critical.ed_degree`, when installed)."""
        return self._critical("ed_degree", args, options)
