"""Spec strings: one line that describes a network.

Grammar (tokens separated by spaces; ``key=value`` options in any order)::

    linear W0-W1-...-WL [bias]
    dense  W0-W1-...-WL r=R | r=R1,...,R(L-1) | act=c0,c1,...,cD [bias]
    conv   k=K1,K2,... [s=S1,S2,...] r=R | act=c0,...,cD
    attention d=D a=A [dout=D'] t=T [layers=L]
    attention d=D0,D1,...,DL a=A1,...,AL t=T
    gconv  n=N layers=L r=R | act=c0,...,cD
    relu   W0-W1-...-WL
    layers Layer(...), Layer(...), ... [, input_shape=(...)]
    map    p1; p2; ...; pm [params=v1,...]

Numbers are plain digits (``2_0`` is rejected, not read as 20); a
misspelled option or flag gets a suggestion (``r2`` -> ``r=2``,
``bais`` -> ``bias``).

Each family module registers its parser with :func:`register_family`;
:func:`parse_spec` dispatches on the first word, and every ``Network``
prints its canonical spec back (``net.spec``), which parses to an equal
network.

Examples
--------
>>> parse_spec("dense 3-2-1 r=2").spec
'dense 3-2-1 r=2'
>>> parse_spec("dense 3-2-1 r=2") == parse_spec("dense  3-2-1   r=2")
True
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from typing import Callable

from algnet.errors import SpecError
from algnet.numtext import abbreviate, quote

__all__ = ["register_family", "parse_spec", "GRAMMAR", "split_options", "parse_widths", "parse_int"]

GRAMMAR = """\
  linear W0-W1-...-WL [bias]                e.g. linear 4-2-3
  dense  W0-...-WL r=R [bias] [act=c0,..,cD] e.g. dense 3-2-1 r=2, dense 3-3-5-1 r=2,4 (one r per hidden layer)
  conv   k=K1,K2,... [s=S1,S2,...] r=R      e.g. conv k=2,3 s=1,1 r=2, conv k=2,3 act=0,1,1 (one layer: conv k=3)
  attention d=D a=A [dout=D'] t=T [layers=L] e.g. attention d=2 a=2 dout=1 t=2 layers=1
  attention d=D0,...,DL a=A1,...,AL t=T     e.g. attention d=4,3,3,2 a=2,2,2 t=3
  gconv  n=N layers=L r=R                   e.g. gconv n=5 layers=2 r=2 (cyclic group; one layer: no r=)
  relu   W0-W1-...-WL                       e.g. relu 2-5-3-3
  layers L1, L2, ... [, input_shape=(..)]   e.g. layers Linear(2, 2), Residual([Linear(2, 2), Power(2)]), Linear(2, 1)
  map    p1; p2; ... [params=v1,v2,..]      e.g. map s^2; s*t; t^2 (any polynomial map)"""

_FAMILIES: dict[str, Callable] = {}
_DIGITS = re.compile(r"[0-9]+")
_LETTER = re.compile(r"[a-z]")
_RATIONAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(/[0-9]+)?")
_LOADED = False
_FAMILY_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def register_family(name: str):
    """Decorator: register ``parser(tokens: list[str], spec: str) -> Network`` for specs whose first word is
    ``name`` (one word of letters, digits, '_' or '-', starting with a letter; matched in lower case, as
    :func:`parse_spec` reads the first word).

    Raises
    ------
    ParameterError
        A name that no spec could reach (``'two words'``, ``''``), or a name already taken by another parser (a
        built-in family such as ``dense`` included: every spec of it would have meant something else).

    Examples
    --------
    >>> "dense" in _families()
    True
    >>> register_family("dense")(lambda tokens, spec: None)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: the spec family 'dense' is registered twice ...
    """
    from algnet.errors import ParameterError

    if not isinstance(name, str) or not _FAMILY_NAME.fullmatch(name):
        raise ParameterError(f"{name!r} cannot be a spec family: a family is one word of letters, digits, '_' or "
                             "'-', starting with a letter (the first word of its specs)", hint="e.g. 'mynet'")
    key = name.lower()      # parse_spec reads the first word in lower case: 'MyNet' was registered but unreachable

    def deco(fn):
        old = _FAMILIES.get(key)
        builtin = FAMILY_MODULES.get(key)
        if (old is not None and _where(old) != _where(fn)) or (
                builtin is not None and getattr(fn, "__module__", None) != f"algnet.architectures.{builtin}"):
            raise ParameterError(f"the spec family {key!r} is registered twice (by {_where(fn)}; it is "
                                 f"{'a built-in family' if builtin else 'taken by ' + _where(old)})",
                                 hint="pick another name; taken: "
                                      + ", ".join(sorted(set(_FAMILIES) | set(FAMILY_MODULES))))
        _FAMILIES[key] = fn
        return fn

    return deco


def _where(fn) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', type(fn).__name__)}"


#: the module that registers each family, imported alone by :func:`parse_spec` (the other families' modules cost
#: 15 ms of a new process's first parse without cached bytecode, 3 ms with); a family
#: missing here is still found by :func:`_families`, which imports every module of the package
FAMILY_MODULES = {"linear": "dense", "dense": "dense", "conv": "conv", "attention": "attention", "gconv": "gconv",
                  "relu": "relu", "layers": "compose", "map": "polymap"}


def _family(name: str):
    """The parser of the family ``name`` (its own module imported first, all of them if that does not register it),
    or None."""
    if name not in _FAMILIES and name in FAMILY_MODULES:
        importlib.import_module(f"algnet.architectures.{FAMILY_MODULES[name]}")
    return _FAMILIES.get(name) or _families().get(name)


def _families() -> dict[str, Callable]:
    global _LOADED
    if not _LOADED:
        from algnet import architectures as pkg

        for mod in pkgutil.iter_modules(pkg.__path__):
            if mod.name not in ("spec", "base") and not mod.name.startswith("_"):
                importlib.import_module(f"{pkg.__name__}.{mod.name}")
        _LOADED = True
    return _FAMILIES


def _err(spec: str, token: str, why: str) -> SpecError:
    return SpecError(f"bad spec {quote(spec)}: {why} (token {quote(token)}){_non_ascii(token)}",
                     token=abbreviate(token), hint="the grammar is\n" + GRAMMAR)


def _non_ascii(token: str) -> str:
    """The first non-ASCII character of ``token`` named, with its ASCII spelling when it has one (a Unicode dash or
    minus sign pasted from a document looks like '-'; fullwidth digits look like 0-9); '' when all ASCII.

    Examples
    --------
    >>> _non_ascii("2\u22123-1")
    ": the character '\u2212' (U+2212 MINUS SIGN) is not ASCII: write '-' instead"
    >>> _non_ascii("2-3-1")
    ''
    """
    import unicodedata

    c = next((c for c in token if not c.isascii()), None)
    if c is None:
        return ""
    name = unicodedata.name(c, "")
    if unicodedata.category(c) == "Pd" or "MINUS" in name or "HYPHEN" in name:
        ascii_ = "-"
    else:
        norm = unicodedata.normalize("NFKC", c)
        ascii_ = norm if norm.isascii() and norm.isprintable() else ""
    return (f": the character {c!r} (U+{ord(c):04X}{' ' + name if name else ''}) is not ASCII"
            + (f": write {ascii_!r} instead" if ascii_ else ": specs are written in ASCII"))


def parse_spec(spec):
    """Parse a spec string to a ``Network`` (networks pass through).

    Raises
    ------
    SpecError
        Naming the offending token and showing the grammar.

    Examples
    --------
    >>> parse_spec("linear 4-2-3").widths
    (4, 2, 3)
    >>> parse_spec("dense 3-x-1 r=2")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: bad spec 'dense 3-x-1 r=2': widths must be positive integers joined by '-' (token '3-x-1')
      hint: ...
    """
    if not isinstance(spec, str):
        if hasattr(spec, "spec") and hasattr(spec, "family"):
            return spec
        raise SpecError(f"expected a spec string, got {type(spec).__name__}", token=abbreviate(spec),
                        hint="the grammar is\n" + GRAMMAR)
    tokens = spec.split()
    if not tokens:
        raise _err(spec, "", "empty spec")
    fam = tokens[0].lower()
    parser = _family(fam)
    if parser is None:
        fams = _families()
        close = difflib.get_close_matches(fam, sorted(fams), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise _err(spec, tokens[0], f"unknown family{hint}; known: {', '.join(sorted(fams))}")
    if fam in FAMILY_MODULES:
        return parser(tokens[1:], spec)
    return _own_family(parser, fam, tokens, spec)


def _own_family(parser, fam, tokens, spec):
    # a family registered by the user: its parser's own failures and a result that is not a network are reported
    # as such (they were a traceback, or the object returned as if it were the network)
    from algnet.architectures.base import Network
    from algnet.errors import AlgnetError

    try:
        net = parser(tokens[1:], spec)
    except AlgnetError:
        raise
    except Exception as e:      # noqa: BLE001 - any failure of a user's parser is named, not a traceback
        raise SpecError(f"bad spec {quote(spec)}: the parser of the family {quote(fam)} ({_where(parser)}) failed: "
                        f"{type(e).__name__}: {abbreviate(e)}", token=abbreviate(tokens[0]),
                        hint="check the spec against that family's grammar (its parser raised the error)") from e
    if not isinstance(net, Network):
        raise SpecError(f"bad spec {quote(spec)}: the parser of the family {quote(fam)} ({_where(parser)}) returned a "
                        f"{type(net).__name__}, not a network", token=abbreviate(tokens[0]),
                        hint="a family's parser returns a Network, e.g. a Sequential of layers")
    return net


def parse_relu_spec(spec, what: str = "this analysis is for ReLU networks",
                    hint: str = "use a spec like 'relu 2-5-3-1'"):
    """Parse a spec (or pass a network through) and check that it is a ReLU network.

    Raises
    ------
    NotApplicableError
        ``"<spec>: <what>"`` with ``hint``, for any other family.

    Examples
    --------
    >>> parse_relu_spec("relu 2-3-1").widths
    (2, 3, 1)
    >>> parse_relu_spec("linear 2-3-1")
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: linear 2-3-1: this analysis is for ReLU networks
      hint: use a spec like 'relu 2-5-3-1'
    """
    from algnet.architectures.relu import ReluNetwork
    from algnet.errors import NotApplicableError

    net = parse_spec(spec)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec}: {what}", hint=hint)
    return net


def split_options(tokens: list[str], spec: str, allowed_keys: set[str], allowed_flags: set[str]):
    """Split tokens into positional words, ``key=value`` options and flags.

    Examples
    --------
    >>> split_options(["3-2-1", "r=2", "bias"], "dense 3-2-1 r=2 bias", {"r", "act"}, {"bias"})
    (['3-2-1'], {'r': '2'}, {'bias'})
    """
    pos, opts, flags = [], {}, set()
    for t in tokens:
        if "=" in t:
            k, _, v = t.partition("=")
            k = k.lower()
            if k not in allowed_keys:
                close = difflib.get_close_matches(k, sorted(allowed_keys | allowed_flags), n=1, cutoff=0.5)
                dym = f" (did you mean {close[0] + '=' if close[0] in allowed_keys else close[0]!r}?)" if close else ""
                allowed = ", ".join(sorted(allowed_keys)) or "none (this family takes no key=value options)"
                raise _err(spec, t, f"unknown option {k!r}{dym}; allowed: {allowed}")   # was "allowed: " + nothing
            if k in opts:
                raise _err(spec, t, f"option {k!r} given twice")
            opts[k] = v
        elif t.lower() in allowed_flags:
            if t.lower() in flags:     # as a key=value option given twice (was accepted silently)
                raise _err(spec, t, f"flag {t.lower()!r} given twice")
            flags.add(t.lower())
        else:
            guess = _did_you_mean(t, allowed_keys, allowed_flags)
            if guess:
                raise _err(spec, t, f"unknown word (did you mean {guess!r}?)")
            pos.append(t)
    return pos, opts, flags


def _did_you_mean(token: str, keys: set, flags: set) -> str | None:
    """A suggestion for a word that looks like a misspelled option or flag (``r2``, ``bais``)."""
    low = token.lower()
    if not _LETTER.search(low):
        return None
    m = re.fullmatch(r"([a-z]+)[:]?([0-9/,.\-]+)", low)
    if m and m.group(1) in keys:
        return f"{m.group(1)}={m.group(2)}"
    close = difflib.get_close_matches(low, sorted(flags), n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(low, sorted(keys), n=1, cutoff=0.6)
    return f"{close[0]}=..." if close else None


def parse_widths(token: str, spec: str, min_len: int = 2) -> tuple[int, ...]:
    """Parse ``3-2-1`` into (3, 2, 1).

    Examples
    --------
    >>> parse_widths("3-2-1", "dense 3-2-1 r=2")
    (3, 2, 1)
    """
    parts = token.split("-")
    if not all(map(_DIGITS.fullmatch, parts)):
        raise _err(spec, token, "widths must be positive integers joined by '-'")
    _check_digits(parts, token, spec)
    ws = tuple(map(int, parts))
    if min(ws) <= 0:
        raise _err(spec, token, "widths must be positive integers joined by '-'")
    if len(ws) < min_len:
        raise _err(spec, token, f"need at least {min_len} widths")
    return ws


def parse_int(value: str, key: str, spec: str, minimum: int = 1) -> int:
    """Parse an integer option value, at least ``minimum``.

    Examples
    --------
    >>> parse_int("4", "r", "dense 3-2-1 r=4")
    4
    >>> parse_int("0", "r", "dense 3-2-1 r=0")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: bad spec 'dense 3-2-1 r=0': r must be >= 1 (token 'r=0')
    ...
    """
    if not _DIGITS.fullmatch(value.lstrip("-")) or value.count("-") > 1 or ("-" in value and value[0] != "-"):
        raise _err(spec, f"{key}={value}", f"{key} must be an integer (plain digits)")
    _check_digits([value.lstrip("-")], f"{key}={value}", spec)
    v = int(value)
    if v < minimum:
        raise _err(spec, f"{key}={value}", f"{key} must be >= {minimum}")
    return v


#: most digits of a number in a spec: a width, an exponent or a count of 10^100 is far beyond what can be computed
#: (Python itself refuses to read more than 4300 digits: a ValueError traceback)
MAX_SPEC_DIGITS = 100


def _check_digits(numbers, token: str, spec: str) -> None:
    long = max(numbers, key=len, default="")
    if len(long) > MAX_SPEC_DIGITS:
        raise _err(spec, token, f"a number of {len(long)} digits: numbers in a spec have at most {MAX_SPEC_DIGITS} "
                                "digits (widths, exponents and counts that large cannot be computed with)")


def parse_int_list(value: str, key: str, spec: str, minimum: int = 1) -> tuple[int, ...]:
    """Parse ``2,3,2`` into (2, 3, 2)."""
    return tuple(parse_int(v, key, spec, minimum) for v in value.split(","))


def parse_rational_list(value: str, key: str, spec: str) -> tuple:
    """Parse ``0,1,1/2`` into a tuple of ``fractions.Fraction``."""
    from fractions import Fraction

    try:
        if any(not _RATIONAL.fullmatch(v) for v in value.split(",")):
            raise ValueError(value)
        _check_digits(re.findall(r"[0-9]+", value), f"{key}={value}", spec)
        return tuple(Fraction(v) for v in value.split(","))
    except (ValueError, ZeroDivisionError):
        raise _err(spec, f"{key}={value}", f"{key} must be comma-separated rationals") from None


def activation_option(opts: dict, spec: str, family: str, token: str = "(missing r=)"):
    """The coefficients of ``act=c0,c1,...`` (Fractions), or None when ``r=`` is given instead.

    Exactly one of the two options must be present; ``token`` is what the
    error points at when neither is.

    Examples
    --------
    >>> activation_option({"act": "0,1,1/2"}, "dense 2-1 act=0,1,1/2", "dense")
    (Fraction(0, 1), Fraction(1, 1), Fraction(1, 2))
    >>> activation_option({"r": "2"}, "dense 2-1 r=2", "dense") is None
    True
    >>> activation_option({}, "conv k=2", "conv")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: ...conv needs r=R (activation exponent) or act=c0,c1,...
    """
    if "act" in opts:
        require("r" not in opts, spec, "act=", "give either r= or act=, not both")
        return parse_rational_list(opts["act"], "act", spec)
    require("r" in opts, spec, token, f"{family} needs r=R (activation exponent) or act=c0,c1,...")
    return None


def require(cond: bool, spec: str, token: str, why: str) -> None:
    """Raise a SpecError unless ``cond``."""
    if not cond:
        raise _err(spec, token, why)
