"""The layer protocol: what a layer contributes to a network.

A :class:`Layer` adds itself to the straight-line program (``forward``),
declares its parameters (``param_shapes``, local names such as ``W`` and
``b`` that :class:`~algnet.architectures.sequential.Sequential` numbers
``W1, b1, W2, ...``), maps the input shape to the output shape (``bind``,
which rejects a mismatch naming the layer) and the degree of the data in the
inputs (``degree_map``), and declares its structure:

* ``out_params`` / ``in_params``: ``(local name, axis)`` pairs saying along
  which axis of which parameter the output units (neurons, channels) are
  produced and the input units are read (``axis=None``: the whole array is
  one unit, e.g. a single-channel filter). From these the network derives the
  symmetries *between* layers: GL of the units between two linear maps, the
  rescaling of every unit around a homogeneous activation, and the
  permutations of units around any coordinatewise activation;
* ``internal_tangents`` (symmetries inside the layer, e.g. GL_a of attention's
  Q and K), ``finite_order`` / ``finite_actions`` (e.g. permutations of
  heads) and ``degenerations`` (zero patterns: filter taps, rank drops,
  heads).

Activations set ``elementwise = True`` and ``scale_degree`` (r for t^r, 1 for
ReLU, None when no rescaling commutes with them).

Examples
--------
>>> from algnet.architectures.layers import Linear
>>> lay = Linear(3, 2)
>>> lay.bind((3,)), lay.param_shapes()
((2,), [('W', (2, 3))])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.errors import SpecError

__all__ = ["Layer", "PlannedLayer", "as_bool", "as_int", "layer_error"]


def layer_error(layer, why: str, hint: str = "check the widths of consecutive layers") -> SpecError:
    """A SpecError that names the layer.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear
    >>> str(layer_error(Linear(2, 3), "expects 2 inputs, gets 4")).splitlines()[0]
    'Linear(2, 3): expects 2 inputs, gets 4'
    """
    where = f"layer {layer.position} ({layer!r})" if getattr(layer, "position", None) else repr(layer)
    return SpecError(f"{where}: {why}", token=repr(layer), hint=hint)


def as_int(value, name: str, owner: str, minimum: int = 1) -> int:
    """An integer argument (no bools, no floats with a fraction), at least ``minimum``.

    Examples
    --------
    >>> as_int(3.0, "r", "Power")
    3
    >>> as_int(2.5, "r", "Power")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: Power: r=2.5 must be an integer
      hint: give r as a whole number >= 1
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, Fraction)) and value == int(value):
            value = int(value)
        else:
            raise SpecError(f"{owner}: {name}={value!r} must be an integer", token=f"{name}={value}",
                            hint=f"give {name} as a whole number >= {minimum}")
    value = int(value)
    if value < minimum:
        raise SpecError(f"{owner}: {name}={value} must be >= {minimum}", token=f"{name}={value}",
                        hint=f"give {name} >= {minimum}")
    return value


def as_bool(value, name: str, owner: str) -> bool:
    """A yes/no argument: True or False (Python's or numpy's). Anything else is refused: ``bias='no'`` was read
    as True, and a number (``bias=1``) is not a yes or no either.

    Examples
    --------
    >>> as_bool(True, "bias", "Linear"), as_bool(False, "bias", "Linear")
    (True, False)
    >>> as_bool("no", "bias", "Linear")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: Linear: bias='no' must be True or False
      hint: give bias=True or bias=False
    >>> as_bool(1, "bias", "Linear")
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: Linear: bias=1 must be True or False
      hint: give bias=True or bias=False
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise SpecError(f"{owner}: {name}={value!r} must be True or False", token=f"{name}={value!r}",
                    hint=f"give {name}=True or {name}=False")


class Layer:
    """Base class of the layers (defaults: no parameters, no structure).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power
    >>> isinstance(Power(2), Layer), Power(2).param_shapes(), Linear(2, 3).param_shapes()
    (True, [], [('W', (3, 2))])
    """

    unit_name = "neuron"
    elementwise = False
    scale_degree = None       # activations: t -> s^d t commutes (None: no rescaling)
    identity = False          # activations equal to t -> t
    polynomial = True
    out_params = None         # [(local name, axis or None)]: the output units
    in_params = None          # [(local name, axis or None)]: the input units
    bias_param = None         # local name of a bias vector over the output units
    affine_in = False         # an input translation is absorbed by ``bias_param``
    position = None           # set by the network: 1-based position in its sequence
    in_shape = out_shape = None
    #: the class-level facts (``facts_from``, ``input_shape_from``) are the layer's, from the arguments it keeps
    #: under their constructor names: a :class:`PlannedLayer` of this class answers them without making the layer
    facts_from_arguments = False
    absorbs_scale = False     # its output is linear in its own weights (a bias allowed): a scalar factor moves in

    # ------------------------------------------------ class-level facts
    @staticmethod
    def facts_from(in_shape: tuple, **arguments) -> tuple:
        """All the layer's facts at once, for the input shape ``in_shape``: ``(output shape, [(local name, shape)],
        degree factor, keeps homogeneity, scalar)`` -- an output of degree ``factor * d`` in the network input for
        an input of degree d, homogeneous when the input is and ``keeps``; ``scalar``: the map is y = c x for its
        one weight c (default: unchanged shape, no parameters, degree kept, not scalar)."""
        return tuple(in_shape), [], 1, True, False

    @staticmethod
    def input_shape_from(**arguments):
        """The input shape the layer fixes by itself (default None: taken from the previous layer)."""
        return None

    @classmethod
    def made_from(cls, **arguments):
        """The layer with these arguments (by their constructor names)."""
        return cls(**arguments)

    # ------------------------------------------------------------- shapes
    def bind(self, in_shape: tuple | None) -> tuple:
        """Check the input shape and return the output shape (default: unchanged)."""
        if in_shape is None:
            raise layer_error(self, "cannot tell its input shape", "start with a layer that fixes the input "
                              "width (Linear, LightningAttention) or give input_shape=")
        self.in_shape = self.out_shape = tuple(in_shape)
        return self.out_shape

    def natural_input_shape(self):
        """The input shape this layer fixes by itself (None: taken from the previous layer)."""
        return None

    def param_shapes(self) -> list:
        """``[(local name, shape)]`` in parameter order."""
        return []

    @property
    def units_in(self) -> int:
        return _units(self.in_shape, self.in_params, self)

    @property
    def units_out(self) -> int:
        return _units(self.out_shape, self.out_params, self)

    def degree_map(self, degree: int, homogeneous: bool) -> tuple[int, bool]:
        """(degree, homogeneous) of the output in the network input, from the input's."""
        return degree, homogeneous

    # ------------------------------------------------------------ forward
    def forward(self, P, h, names: dict):
        """Add the layer to the program ``P``; ``names`` maps local to global parameter names."""
        raise NotImplementedError

    # ---------------------------------------------------------- structure
    def internal_tangents(self, prm: dict, B) -> list[dict]:
        """Tangents of symmetries inside the layer, as ``{local name: array}``."""
        return []

    def finite_order(self) -> int:
        """Order of the finite symmetries inside the layer (e.g. head permutations)."""
        return 1

    def finite_actions(self) -> list:
        """Generators of the finite symmetries: functions ``{local: array} -> {local: array}``."""
        return []

    def finite_description(self) -> str:
        """What the finite symmetries inside the layer are (read when ``finite_order() > 1``)."""
        return f"finite symmetries of {self!r}"

    def degenerations(self) -> list:
        """``[(label, kind, [(local name, flat index), ...])]``: zero patterns of the layer."""
        return []

    def degeneration_factors(self, net, last: bool) -> list:
        """Lattice factors of the layer (:mod:`algnet.architectures.strata`); ``last``: it is the network's
        last layer. Default: each of :meth:`degenerations` as an on/off factor."""
        from algnet.architectures.strata import pattern_factor

        return [pattern_factor(net, self, label, kind, zero) for label, kind, zero in self.degenerations()]

    def is_scalar(self) -> bool:
        """Whether the (bound) layer's map is y = c x for its one weight c (:mod:`algnet.architectures.scalar_layers`;
        default: no)."""
        return False

    def children(self) -> list:
        """Inner layer sequences (composite layers)."""
        return []

    def work_entries(self) -> int:
        """Scalars per input sample that the layer's forward pass creates (after ``bind``): its output, the
        temporaries it keeps for the reverse pass, and those of its inner layers. The size model of
        :meth:`algnet.architectures.sequential.Sequential.evaluation_entries`.

        Examples
        --------
        >>> from algnet.architectures.layers import Linear, Sequential
        >>> Sequential(Linear(3, 5)).sequence[0].work_entries()        # the 5 outputs
        5
        """
        own = int(np.prod(self.out_shape, dtype=object)) if self.out_shape is not None else 0
        return own + sum(lay.work_entries() for block in self.children() for lay in block)

    def spec_token(self) -> str:
        """The layer in the composition grammar (``repr`` by default)."""
        return repr(self)

    def __eq__(self, other):
        return type(self) is type(other) and repr(self) == repr(other)

    def __hash__(self):
        return hash(repr(self))


class PlannedLayer:
    """A layer not yet made: its class and constructor arguments (by the names under which the layer keeps them,
    readable as attributes). Bound to an input shape (:meth:`bind`), it answers the layer's parameter shapes, degree
    map and scalar test from one call of the class's :meth:`Layer.facts_from` (:attr:`Layer.facts_from_arguments`),
    as the made layer does.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear
    >>> plan = PlannedLayer(Linear, d_in=3, d_out=2, bias=True)
    >>> plan.bind((3,)), plan.param_shapes(), plan.degree_map(1, True), plan.is_scalar(), plan.d_out
    ((2,), [('W', (2, 3)), ('b', (2,))], (1, False), False, 2)
    >>> plan.make()
    Linear(3, 2, bias=True)
    """

    __slots__ = ("cls", "arguments", "facts", "polynomial")

    def __init__(self, cls, **arguments):
        self.cls, self.arguments, self.polynomial = cls, arguments, cls.polynomial

    def __getattr__(self, name):
        try:
            return self.__getattribute__("arguments")[name]
        except KeyError:
            raise AttributeError(name) from None

    def make(self):
        """The layer (:meth:`Layer.made_from`)."""
        return self.cls.made_from(**self.arguments)

    def bind(self, in_shape) -> tuple:
        """The output shape (unchecked: the arguments are known to fit) for ``in_shape`` (None: its own input); the
        layer's facts for this input are kept."""
        if in_shape is None:
            in_shape = self.cls.input_shape_from(**self.arguments)
        self.facts = facts = self.cls.facts_from(in_shape, **self.arguments)
        return facts[0]

    def param_shapes(self) -> list:
        """As :meth:`Layer.param_shapes` (bound)."""
        return self.facts[1]

    def degree_map(self, degree: int, homogeneous: bool) -> tuple[int, bool]:
        """As :meth:`Layer.degree_map` (bound)."""
        facts = self.facts
        return degree * facts[2], homogeneous and facts[3]

    def natural_input_shape(self):
        """As :meth:`Layer.natural_input_shape`."""
        return self.cls.input_shape_from(**self.arguments)

    def is_scalar(self) -> bool:
        """As :meth:`Layer.is_scalar` (bound; no for a class whose facts do not come from its arguments)."""
        return self.cls.facts_from_arguments and self.facts[4]

    def children(self) -> list:
        return []

    def __repr__(self):
        return "PlannedLayer(" + self.cls.__name__ + ", " + repr(self.arguments) + ")"


def _units(shape, params, layer) -> int:
    if params is None or shape is None:
        return 0
    if any(ax is None for _, ax in params):
        return 1
    if any(callable(ax) for _, ax in params):
        return layer.units_out
    return int(shape[0]) if len(shape) else 1


def unit_slice(arr, axis, i):
    """Index of unit i along ``axis`` (the whole array when ``axis`` is None; ``axis``
    may also be a callable giving the index of unit i, e.g. rows spread over heads)."""
    if callable(axis):
        return axis(i)
    if axis is None:
        return (slice(None),) * np.ndim(arr)
    idx = [slice(None)] * np.ndim(arr)
    idx[axis] = i
    return tuple(idx)
