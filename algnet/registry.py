"""One registry of analyses: it drives the command line, sweeps and ``verify``.

An :class:`Analysis` names a function ``function(network, seed=None,
**options) -> result`` (the result has ``as_dict()`` and an ``evidence``
record), the type of its result, its options (which become CLI flags and are
checked before a sweep starts), and the stable JSON keys of its result.
Analyses register themselves in *provider* modules (listed in
``_PROVIDERS``), imported the first time the registry is read.

Examples
--------
>>> a = get_analysis("dim")                  # CLI names are aliases
>>> a.name
'dimension'
>>> a.check_options({"margin": "3"})
{'margin': 3}
>>> get_analysis("dimensoin")
Traceback (most recent call last):
...
algnet.errors.ParameterError: unknown analysis 'dimensoin'
  hint: did you mean 'dimension'? known: ...
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from algnet.errors import ParameterError

__all__ = ["Option", "Analysis", "register", "get_analysis", "analyses", "analysis_names"]

#: Modules that register analyses (imported on first use of the registry).
_PROVIDERS = ("algnet.analyses.catalog", "algnet.relu.catalog", "algnet.analyses.critical.catalog")

_REGISTRY: dict[str, "Analysis"] = {}
_ALIASES: dict[str, str] = {}
_LOADED = False


def _parse_bool(v) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in ("1", "true", "yes", "on"):
        return True
    if s in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{v!r} is not a boolean")


def _plain(error: Exception, value, name: str = "") -> str:
    """The message of a conversion error, with Python's own wording ("invalid literal for int() with base 10")
    said plainly, as the command line shows it; an algnet error's message alone (its hint, in the words of a
    Python call, is not the option's), without a leading ``name=value`` that repeats the option.

    Examples
    --------
    >>> from algnet.errors import ParameterError
    >>> _plain(ParameterError("time_limit=-1.0 must be positive", hint="e.g. time_limit=60"), "-1", "time_limit")
    'must be positive'
    """
    import re

    from algnet.errors import AlgnetError

    if isinstance(error, AlgnetError):
        return re.sub(rf"^{re.escape(name)}=\S+ ", "", error.message) if name else error.message
    text = str(error)
    if text.startswith("invalid literal for int()"):
        return f"{value!r} is not an integer"
    if text.startswith("could not convert string to float"):
        return f"{value!r} is not a number"
    return text


@dataclass(frozen=True)
class Option:
    """One option of an analysis (a CLI flag ``--name`` and a sweep option).

    ``type`` converts a string (from the command line or a sweep) to the
    value: ``int``, ``float``, ``str``, ``bool`` or any callable that raises
    ``ValueError``/``TypeError`` (or an algnet error) on bad input.

    Examples
    --------
    >>> o = Option("max_primes", int, default=3, help="how many primes at most")
    >>> o.flag, o.convert("5")
    ('--max-primes', 5)
    >>> Option("progress", bool, default=True).flag          # on by default: the flag turns it off
    '--no-progress'
    >>> o.convert("2.5")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: option max_primes='2.5' is invalid: ...
    """

    name: str
    type: Callable = str
    default: Any = None
    help: str = ""
    choices: tuple | None = None
    short: str = ""

    @property
    def flag(self) -> str:
        """The command-line flag: ``--name`` (``--no-name`` for a boolean that is on by default)."""
        name = self.name.replace("_", "-")
        return f"--no-{name}" if self.type is bool and self.default is True else f"--{name}"

    def convert(self, value):
        """The value converted and checked; bad values raise ParameterError naming the option."""
        if value is None:
            return None
        conv = _parse_bool if self.type is bool else self.type
        if self.type is int and (isinstance(value, bool) or (isinstance(value, float) and not value.is_integer())):
            raise ParameterError(f"option {self.name}={value!r} is not an integer", hint=self.help or None)
        try:
            out = conv(value)
        except (ValueError, TypeError) as e:
            e = _plain(e, value, self.name)
            raise ParameterError(f"option {self.name}={value!r} is invalid: {e}",
                                 hint=self.help or f"give a {getattr(self.type, '__name__', 'value')}") from None
        if self.choices is not None and out not in self.choices:
            raise ParameterError(f"option {self.name}={value!r} is not one of {list(self.choices)}",
                                 hint=f"--{self.name.replace('_', '-')} " + "|".join(map(str, self.choices)))
        return out


@dataclass(frozen=True)
class Analysis:
    """A registered analysis.

    Attributes
    ----------
    name : str
        Canonical name (``dimension``, ``degree``, ...).
    function : callable
        ``function(network, seed=None, **options) -> result``.
    result_type : type or None
    aliases : tuple of str
        Other names (the CLI sub-command when it differs: ``dim``).
    options : tuple of Option
    json_keys : tuple of str
        The stable keys of ``result.as_dict()``.
    summary : str
        One line for listings and ``--help``.

    Examples
    --------
    A toy analysis (not registered) whose function counts the parameters:

    >>> a = Analysis("params", lambda net, seed=None, scale=1: scale * net.n_params,
    ...              options=(Option("scale", int, default=1),))
    >>> a.run("linear 2-3-1", scale="2")           # (2*3 + 3*1) weights, twice
    18
    >>> a.check_options({"scael": 2})
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: analysis 'params' has no option 'scael'
      hint: did you mean 'scale'? options: scale
    """

    name: str
    function: Callable
    result_type: type | None = None
    aliases: tuple = ()
    options: tuple = ()
    json_keys: tuple = ()
    summary: str = ""
    _by_name: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self._by_name.update({o.name: o for o in self.options})

    def check_options(self, options: dict | None) -> dict:
        """Options converted to their types; unknown names raise ParameterError (with "did you mean")."""
        out = {}
        for k, v in (options or {}).items():
            opt = self._by_name.get(k) or self._by_name.get(str(k).replace("-", "_"))
            if opt is None:
                close = difflib.get_close_matches(str(k), list(self._by_name), n=1)
                raise ParameterError(
                    f"analysis {self.name!r} has no option {k!r}",
                    hint=(f"did you mean {close[0]!r}? " if close else "")
                    + "options: " + (", ".join(sorted(self._by_name)) or "none"))
            out[opt.name] = opt.convert(v)
        return out

    def run(self, network, seed=None, **options):
        """Run on a Network or a spec string; returns the result object."""
        from algnet.architectures.spec import parse_spec

        return self.function(parse_spec(network), seed=seed, **self.check_options(options))

    def run_json(self, network, seed=None, **options) -> dict:
        """``run(...).as_dict()``: what sweeps store and ``--json`` prints."""
        return self.run(network, seed=seed, **options).as_dict()

    def add_arguments(self, parser) -> None:
        """Add one flag per option to an argparse parser (dest = option name).

        A boolean option that is off by default becomes ``--name``; one that is
        on by default becomes ``--no-name``. ``Option.short`` adds a short flag.
        """
        for o in self.options:
            flags = [o.flag] + ([o.short] if o.short else [])
            if o.type is bool:
                on = o.default is True
                parser.add_argument(*flags, dest=o.name, action="store_false" if on else "store_true",
                                    default=bool(o.default), help=(f"skip: {o.help}" if on and o.help else o.help))
            else:
                parser.add_argument(*flags, dest=o.name, default=o.default, help=o.help,
                                    choices=list(o.choices) if o.choices else None,
                                    type=None if o.choices else str)

    def options_from_args(self, args) -> dict:
        """The options given on an argparse namespace (``None`` values left out), converted."""
        given = {o.name: getattr(args, o.name) for o in self.options if getattr(args, o.name, None) is not None}
        return self.check_options(given)


def register(analysis: Analysis) -> Analysis:
    """Add ``analysis`` to the registry (its name and aliases must be new).

    Examples
    --------
    A name that is already taken is refused (the registry is left unchanged):

    >>> register(Analysis("dimension", lambda net, seed=None: None))
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: analysis name 'dimension' is registered twice
      hint: pick another name or alias
    >>> get_analysis("dimension").summary != ""
    True
    """
    _load()     # the built-in analyses first: a name of theirs is taken even before the registry is first read
    for n in (analysis.name,) + tuple(analysis.aliases):
        if n in _REGISTRY or n in _ALIASES:
            raise ParameterError(f"analysis name {n!r} is registered twice", hint="pick another name or alias")
    _REGISTRY[analysis.name] = analysis
    for a in analysis.aliases:
        _ALIASES[a] = analysis.name
    return analysis


def _load() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for mod in _PROVIDERS:
            importlib.import_module(mod)


def analyses() -> dict:
    """The registered analyses by canonical name.

    Examples
    --------
    >>> "dimension" in analyses()
    True
    """
    _load()
    return dict(_REGISTRY)


def analysis_names() -> list:
    """Every name :func:`get_analysis` accepts: the canonical names, then the aliases.

    Examples
    --------
    >>> names = analysis_names()
    >>> "dimension" in names and "dim" in names
    True
    >>> set(analyses()) <= set(names)
    True
    """
    _load()
    return list(_REGISTRY) + list(_ALIASES)


def get_analysis(name: str) -> Analysis:
    """The analysis called ``name`` (or one of its aliases).

    Examples
    --------
    >>> get_analysis("dim") is get_analysis("dimension")
    True
    >>> get_analysis("dimension").run("linear 2-1-2", seed=0).dimension    # 2x2 matrices of rank <= 1
    3
    """
    _load()
    key = _ALIASES.get(name, name) if isinstance(name, str) else None    # a list or a dict cannot be looked up
    if key not in _REGISTRY:
        known = sorted(set(_REGISTRY) | set(_ALIASES))
        close = difflib.get_close_matches(str(name), known, n=1)
        raise ParameterError(f"unknown analysis {name!r}",
                             hint=(f"did you mean {close[0]!r}? " if close else "") + "known: " + ", ".join(known))
    return _REGISTRY[key]
