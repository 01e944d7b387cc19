"""``Sequential(*layers)``: a network composed of layers, its structure derived.

The forward pass is the layers' forward passes in order; the parameters are
the layers' parameters, numbered depth first (``W1, b1, W2, ...``: a layer's
local name followed by its number among the layers that have parameters).
The structure comes from the layers:

* inside a layer: its ``internal_tangents``, ``finite_actions`` and
  ``degenerations`` (e.g. attention's GL_a, head permutations, filter taps);
* between two layers A, C whose units match (A's output units are C's input
  units) with only coordinatewise activations in between, or residual blocks
  that start with a layer reading the units and end with one making them
  (x + f(x) commutes with the units' maps: :mod:`.junctions`) (a *junction*):

  - no activation (or identities): GL of the units, X -> M X absorbed by
    A -> M A and C -> C M^-1; with biases on both sides also the
    translations of the units;
  - homogeneous activations of total degree r (t^r, ReLU): each unit
    rescaled, A's unit by s and C's by s^-r;
  - any activation: permutations of the units (finite), and the removal of
    a unit (a degeneration: its output and input weights zero);
  - two group convolutions: the translations of the group (finite).

A network built by the user may have symmetries the layers do not predict;
the analyses then see a fiber larger than the known symmetry orbit and say so.

Examples
--------
>>> from algnet.architectures.layers import Linear, Power
>>> net = Sequential(Linear(3, 2), Power(2), Linear(2, 1))
>>> net.param_names()[:3], net.degree, net.finite_symmetry_order()
(['W1[0,0]', 'W1[0,1]', 'W1[0,2]'], 2, 2)
>>> net.symmetry_tangents(net.random_params(seed=0)).shape     # one rescaling per hidden neuron
(2, 8)
>>> net.spec
'layers Linear(3, 2), Power(2), Linear(2, 1)'
"""

from __future__ import annotations

import copy
from fractions import Fraction
from math import prod

import numpy as np

from algnet.architectures.base import Network, as_backend
from algnet.architectures.junction_maps import _bearing
from algnet.architectures.junctions import find_junctions, unit_widths
from algnet.architectures.layers.base import Layer
from algnet.architectures.layers.combinators import Residual
# (MAX_LAYERS and check_depth are also imported from here by the presets)
from algnet.architectures.sequential_limits import MAX_LAYERS, check_depth
from algnet.architectures.sequential_limits import check_one_sample as _check_one_sample
from algnet.architectures.sequential_plan import derived, planned_values
from algnet.architectures.sequential_strata import SequentialStrata
from algnet.errors import SpecError

#: re-exported (the presets import the depth limit from here)
_REEXPORTED = (MAX_LAYERS,)

__all__ = ["Sequential"]


class _BuiltAttr:
    """An attribute set by :meth:`Sequential._build`: reading it first builds deferred layers. A non-data descriptor:
    once the value is in the instance's ``__dict__`` (set by the build, by the caller, or known from the spec),
    Python reads it there without calling :meth:`__get__`."""

    def __init__(self, default):
        self.default = default

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, cls=None):
        # only called while the value is not in obj.__dict__
        if obj is None:
            return self.default
        d = obj.__dict__
        if "_lazy" in d:
            got = obj._unbuilt(self.name)       # known from the spec (then kept in obj.__dict__), or built
            if got is not UNKNOWN:
                return got
            obj.ensure_built()
        return d.get(self.name, self.default)


class _BuildOnRead:
    """An attribute set by :meth:`Sequential._build` with no class default: reading it before the build builds deferred
    layers, then reads it (an AttributeError, as for any missing attribute, when nothing is deferred). A non-data
    descriptor, so that once the build sets it Python reads the instance's ``__dict__``; and the class has no
    ``__getattr__``: asking for any other missing name (``hasattr(net, "basis")``, which the analyses ask often) is
    Python's own quick AttributeError, with no Python frame.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("dense 3-2-1 r=2")
    >>> "sequence" in vars(net), len(net.sequence), "sequence" in vars(net), hasattr(net, "basis")
    (False, 3, True, False)
    """

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, cls=None):
        if obj is None:         # (Python's own words for a missing attribute)
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {self.name!r}")
        if obj.__dict__.get("_lazy") is None:
            raise AttributeError(f"{type(obj).__name__!r} object has no attribute {self.name!r}")
        obj.ensure_built()
        return getattr(obj, self.name)


#: what :meth:`Sequential._unbuilt` returns for an attribute it cannot give without building the layers
UNKNOWN = object()

#: the attributes :meth:`Sequential._build` sets on the network besides the :class:`_BuiltAttr` ones: only reading
#: one of these (not yet set) builds deferred layers (``sequence`` and the private ones through :class:`_BuildOnRead`;
#: ``spec`` and ``symmetry_description`` have the class defaults of Network); any other missing name is an
#: AttributeError at once (``hasattr(net, "basis")`` builds nothing)
SET_BY_BUILD = frozenset({"sequence", "_given_input", "_offsets", "_junctions", "symmetry_description", "spec"})


class Sequential(SequentialStrata, Network):
    """A composition of layers (see the module docstring).

    Parameters
    ----------
    *layers : Layer (or lists of layers)
    input_shape : tuple, optional
        Needed when the first layer does not fix it (convolutions, attention's
        number of tokens): e.g. ``(5,)`` or ``(d, t)``.

    Raises
    ------
    SpecError
        Naming the layer whose input does not match the previous output.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power
    >>> net = Sequential(Linear(2, 1), Power(2))
    >>> net.spec, net.evaluate([1, 2], [[3, 1]]).tolist()        # (3 + 2)^2
    ('layers Linear(2, 1), Power(2)', [[25]])
    """

    family = "layers"
    # set by _build: reading one builds deferred layers first (class defaults of Network would hide them)
    param_shapes = _BuiltAttr(())
    input_shape = _BuiltAttr(())
    output_shape = _BuiltAttr(())
    degree = _BuiltAttr(1)
    homogeneous = _BuiltAttr(True)
    polynomial = _BuiltAttr(True)
    # set by _build, no class default: reading one before the build builds deferred layers
    sequence = _BuildOnRead()
    _given_input = _BuildOnRead()
    _offsets = _BuildOnRead()
    _junctions = _BuildOnRead()

    def __init__(self, *layers, input_shape=None):
        self._build(layers, input_shape)

    # ------------------------------------------------------------- assembly
    def _build_later(self, layers, input_shape=None) -> None:
        """Defer :meth:`_build` until an attribute it sets is first read (parsing a grid of specs builds no
        layers; the attributes set by the caller before, such as ``spec``, are kept). The layers must be
        known to fit (checked by the caller). ``layers`` may be the name of a method that returns them."""
        self._lazy = (layers if isinstance(layers, str) else tuple(layers), input_shape)

    def _plan(self):
        """The layers as :class:`~algnet.architectures.layers.base.PlannedLayer` (classes and arguments, no layer
        made), for a preset whose spec fixes them, else None. A preset that gives a plan defers its build with
        ``self._build_later("_made_plan")``; the attributes the build sets are then answered from the plan
        (:meth:`_unbuilt`) by the same derivation as the build's.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> [p.cls.__name__ for p in parse_spec("dense 3-2-1 r=2")._plan()]
        ['Linear', 'Power', 'Linear']
        """
        return None

    def _made_plan(self) -> list:
        """The layers of :meth:`_plan`, made."""
        return [p.make() for p in self._plan()]

    def _known_plan(self):
        """The plan of a network whose build is deferred (:meth:`_plan`), bound to its input, when every planned
        class answers its facts from its arguments, else None: made once per network (the plan is immutable), with
        its values (:func:`.sequential_plan.planned_values`) kept as the attributes' answers."""
        d = self.__dict__
        plan = d.get("_known", UNKNOWN)
        if plan is UNKNOWN:
            plan, values, lazy = None, None, d.get("_lazy")
            if lazy is not None and lazy[0] == "_made_plan":
                plan = self._plan() or None
                if plan is not None:
                    for p in plan:
                        if not p.cls.facts_from_arguments:
                            plan = None
                            break
                if plan is not None:
                    values = planned_values(plan, lazy[1])
                    if not values and not hasattr(plan[-1], "facts"):
                        plan = None             # no input shape: the plan is not bound
            if values:
                d.update(values)                # read by _BuiltAttr as set values (equal to the build's)
            d["_known"] = plan
        return plan

    def _unbuilt(self, name: str):
        """The value the build would give the attribute ``name`` (one of the :class:`_BuiltAttr`), from the layers'
        plan (:meth:`_plan`) without making the layers, or :data:`UNKNOWN` (then the layers are built): no plan, or
        a network the build's checks refuse (too deep, or one evaluation above :data:`.sequential_limits.SMALL_BYTES`:
        they say why). The same derivation as the build's (:func:`.sequential_plan.derived`) on the planned layers
        (``tests/test_unbuilt_attributes.py`` compares them over many specs).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> from algnet.architectures.layers import Linear
        >>> Sequential(Linear(2, 1))._unbuilt("degree") is UNKNOWN
        True
        >>> net = parse_spec("dense 3-2-1 r=2 bias")
        >>> net._unbuilt("param_shapes"), net._unbuilt("homogeneous"), "sequence" in vars(net)
        ((('W1', (2, 3)), ('b1', (2,)), ('W2', (1, 2)), ('b2', (1,))), False, False)
        """
        d = self.__dict__
        plan = d["_known"] if "_known" in d else self._known_plan()
        return UNKNOWN if plan is None else d.get(name, UNKNOWN)

    def ensure_built(self):
        """Build the layers now if their construction was deferred (see :meth:`_build_later`); returns self.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> net = parse_spec("dense 3-2-1 r=2")
        >>> "sequence" in vars(net), "sequence" in vars(net.ensure_built())
        (False, True)
        """
        lazy = self.__dict__.pop("_lazy", None)
        if lazy is not None:
            keep = dict(self.__dict__)
            layers, shape = lazy
            # layers made by the named method are new objects: not copied again (0.15 of a 0.25 ms build)
            fresh = isinstance(layers, str)
            try:
                self._build(getattr(self, layers)() if fresh else layers, shape, copy_layers=not fresh)
            except BaseException:       # a refused or interrupted build stays deferred (not half built)
                self.__dict__.clear()
                self.__dict__.update(keep)
                self._lazy = lazy
                raise
            self.__dict__.update(keep)
        return self

    def _build(self, layers, input_shape=None, copy_layers: bool = True) -> None:
        items = []
        for lay in layers:
            items.extend(lay if isinstance(lay, (list, tuple)) else [lay])
        if not items:
            raise SpecError("a network needs at least one layer", token="", hint="e.g. Sequential(Linear(2, 1))")
        check_depth(len(items), self.__dict__.get("spec") or "this network")
        for k, lay in enumerate(items, 1):
            if not isinstance(lay, Layer):
                raise SpecError(f"layer {k}: {lay!r} is not a layer", token=repr(lay),
                                hint="compose Linear, Power, Polynomial, Conv1d, GroupConv, LightningAttention, ...")
        self.sequence = tuple(copy.deepcopy(lay) for lay in items) if copy_layers else tuple(items)
        self._given_input = _input_shape(input_shape) if input_shape is not None else None
        shape = self._given_input
        if shape is None:
            shape = self.sequence[0].natural_input_shape()
        self.input_shape = tuple(shape) if shape is not None else None
        for k, lay in enumerate(self.sequence, 1):
            lay.position = k
            shape = lay.bind(shape)
        self.output_shape = tuple(shape)
        self.input_shape = tuple(self.sequence[0].in_shape)
        _check_one_sample(self)
        walk = self._all_layers()
        values, names = derived(self.sequence, walk)
        for lay, (number, local) in zip(walk, names):
            lay._names = local
            if number:
                lay.number = number
        for k, v in values.items():
            setattr(self, k, v)
        self._offsets = {}
        i = 0
        for nm, shp in self.param_shapes:
            self._offsets[nm] = i
            i += prod(shp)
        self._junctions = [j for seq, out in self._sequences(ends=True) for j in find_junctions(seq, out)]
        self.symmetry_description = self._describe_symmetries()
        self.spec = self._make_spec()

    def expected_dimension(self):
        """(dimension, source): for a composition of ``LightningAttention`` layers of one head each, the count
        of the ``attention`` preset with the same widths, ranks and tokens (the same layers, hence the same
        neuromanifold: :meth:`algnet.architectures.attention.AttentionNetwork.expected_dimension`, with its
        hypotheses); None for any other composition (the families that know a count override this).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("layers LightningAttention(3, 2, 2), LightningAttention(2, 3, 2), input_shape=(3, 2)"
        ...            ).expected_dimension()[0]                         # as attention d=3,2,3 a=2,2 t=2
        18
        >>> parse_spec("layers Linear(2, 2), Power(2), Linear(2, 1)").expected_dimension() is None
        True
        """
        from algnet.architectures.layers.attention import LightningAttention

        seq = self.sequence
        if not seq or any(type(lay) is not LightningAttention or lay.heads != 1 for lay in seq):
            return None
        from algnet.architectures.attention import AttentionNetwork

        net = AttentionNetwork((seq[0].d_in,) + tuple(lay.d_out for lay in seq), tuple(lay.a for lay in seq),
                               t=int(self.input_shape[1]))
        got = net.expected_dimension()
        return None if got is None else (got[0], f"{got[1]}, of {net.spec} (the same layers)")

    def evaluation_entries(self) -> int:
        """Scalars per input sample of one forward pass and the values its reverse pass keeps: the input and
        each layer's :meth:`~algnet.architectures.layers.base.Layer.work_entries` (outputs, windows of a
        convolution, t x t matrices of an attention layer). Analyses multiply it by their batch.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 3-2-1 r=2").evaluation_entries()     # input 3, then 2, 2 (t^2), 1
        8
        """
        return int(prod(self.input_shape)) + sum(lay.work_entries() for lay in self.sequence)

    def _make_spec(self) -> str:
        s = "layers " + ", ".join(repr(lay) for lay in self.sequence)
        if self._given_input is not None and self._given_input != self.sequence[0].natural_input_shape():
            s += ", input_shape=" + repr(tuple(self.input_shape))
        return s

    def _all_layers(self):
        def walk(items):
            for lay in items:
                yield lay
                for child in lay.children():
                    yield from walk(child)

        return list(walk(self.sequence))

    def _sequences(self, ends: bool = False):
        """The network's sequence and every block's, the blocks of a layer after the layer (in the order of
        :meth:`_all_layers`); with ``ends``, pairs (sequence, whether a move of its units that keeps the sequence's
        output keeps the network's, the ``output`` of :func:`~algnet.architectures.junctions.find_junctions`): the
        network's own, and a Residual's block (x + block(x) is kept when block(x) is) when no unit-bearing layer
        comes before the Residual in its sequence or an enclosing one (that layer's junction or stream passes
        through the block and may move the same units: counted twice). A Product's branches: no (their roots are
        the Product's junction's)."""
        top = list(self.sequence)
        out = [(top, True)]

        def walk(items, passed):
            for i, lay in enumerate(items):
                through = passed or any(_bearing(l) for l in items[:i])
                kids = [list(c) for c in lay.children()]
                out.extend((seq, isinstance(lay, Residual) and not through) for seq in kids)
                for seq in kids:
                    walk(seq, through)

        walk(top, False)
        return out if ends else [seq for seq, _ in out]

    def forward(self, P, x):
        h = x
        for lay in self.sequence:
            h = lay.forward(P, h, lay._names)
        return h

    # ------------------------------------------------------------ structure
    def _describe_symmetries(self) -> str:
        parts = []
        for j in self._junctions:
            parts.append(j.description())
        for lay in self._all_layers():
            if lay.internal_tangents.__func__ is not Layer.internal_tangents:
                parts.append(f"inside {lay!r}")
        return "; ".join(p for p in parts if p) or "none known"

    def _local(self, prm: dict, lay) -> dict:
        return {local: prm[g] for local, g in lay._names.items()}

    def symmetry_tangents(self, theta, backend=None, p=None):
        """Tangents of the known continuous symmetries at theta (rows), derived from the layers."""
        B = as_backend(backend, p)
        prm = {k: B.asarray(v) for k, v in self.unflatten(theta).items()}
        rows = []
        for lay in self._all_layers():
            for t in lay.internal_tangents(self._local(prm, lay), B):
                rows.append(self._flat({lay._names[k]: v for k, v in t.items()}, B))
        for j in self._junctions:
            for t in j.tangents(prm, B):
                rows.append(self._flat(t, B))
        if not rows:
            return B.zeros((0, self.n_params))
        return np.stack(rows)

    def _flat(self, parts: dict, B) -> np.ndarray:
        row = B.zeros(self.n_params)
        for name, arr in parts.items():
            i = self._offsets[name]
            arr = np.asarray(arr).reshape(-1)
            row[i:i + arr.shape[0]] = B.add(row[i:i + arr.shape[0]], arr)
        return row

    def finite_symmetry_order(self) -> int:
        """Order of the known finite symmetry group (unit permutations, heads, group translations)."""
        return prod(j.finite_order() for j in self._junctions) * prod(lay.finite_order() for lay in self._all_layers())

    def finite_actions(self) -> list:
        """Generators of the known finite symmetries, as maps on parameter vectors (N, n) -> (N, n).

        Examples
        --------
        >>> from algnet.architectures.layers import Linear, Power
        >>> net = Sequential(Linear(1, 2), Power(2), Linear(2, 1))
        >>> (swap,) = net.finite_actions()
        >>> swap(np.array([[1, 2, 3, 4]])).tolist()                # neurons 1 and 2 exchanged
        [[2, 1, 4, 3]]
        """
        gens = []
        for j in self._junctions:
            gens.extend(j.finite_actions())
        for lay in self._all_layers():
            for act in lay.finite_actions():
                gens.append(_LocalAction(lay, act))
        return [self._vectorize(g) for g in gens]

    def _vectorize(self, act):
        def apply(T):
            T = np.asarray(T)
            out = np.empty_like(T)
            for k in range(T.shape[0]):
                prm = {a: np.array(b, copy=True) for a, b in self.unflatten(T[k]).items()}
                row = self.flatten(act(prm))
                if out.dtype.kind in "iuf" and any(isinstance(v, complex) for v in np.ravel(row)):
                    out = out.astype(np.complex128)     # a root of unity of order > 2 (a Product's components)
                elif out.dtype.kind in "iu" and any(isinstance(v, Fraction) for v in np.ravel(row)):
                    out = out.astype(object)            # a reflection about a fraction (a polynomial activation)
                out[k] = row
            return out

        return apply

    def finite_symmetry_description(self) -> str:
        parts = [j.finite_description() for j in self._junctions]
        parts += [lay.finite_description() for lay in self._all_layers() if lay.finite_order() > 1]
        return "; ".join(p for p in parts if p) or "none used"

    def unit_widths(self) -> list[int]:
        """Input units followed by the output units of every layer that has units (top level)."""
        return unit_widths(self.sequence)

    def without_scalar_layers(self):
        """(smaller network, reason) with the same neuromanifold when a layer only multiplies by a scalar that a
        neighbour absorbs (:func:`algnet.architectures.scalar_layers.without_scalar_layers`), else None.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("conv k=2,1,2 r=2").without_scalar_layers()[0].spec
        'conv k=2,2 s=1,1 r=4'
        """
        from algnet.architectures.scalar_layers import has_scalar_layer_to_remove, without_scalar_layers

        plan = self._known_plan()
        if plan is not None and not has_scalar_layer_to_remove(plan):
            return None             # answered from the plan: no layer made
        return without_scalar_layers(self)


class _LocalAction:
    def __init__(self, lay, act):
        self.lay, self.act = lay, act

    def __call__(self, prm):
        local = {k: prm[g] for k, g in self.lay._names.items()}
        new = self.act(local)
        out = dict(prm)
        for k, v in new.items():
            out[self.lay._names[k]] = v
        return out


def _input_shape(shape) -> tuple:
    """The given ``input_shape`` as a tuple of positive integers; SpecError otherwise (``input_shape=2`` was a
    TypeError traceback, ``input_shape=(2, 0)`` a network with no inputs whose analyses ended in tracebacks).

    Examples
    --------
    >>> _input_shape([2, 3])
    (2, 3)
    >>> _input_shape((2, 0))
    Traceback (most recent call last):
    ...
    algnet.errors.SpecError: input_shape=(2, 0): every size must be a whole number >= 1
      hint: e.g. input_shape=(3,) for 3 inputs, input_shape=(2, 4) for 4 tokens of width 2
    """
    hint = "e.g. input_shape=(3,) for 3 inputs, input_shape=(2, 4) for 4 tokens of width 2"
    if not isinstance(shape, (tuple, list)) or not shape:
        raise SpecError(f"input_shape={shape!r} is not a tuple of sizes", token=f"input_shape={shape!r}", hint=hint)
    if any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in shape):
        raise SpecError(f"input_shape={tuple(shape)!r}: every size must be a whole number >= 1",
                        token=f"input_shape={tuple(shape)!r}", hint=hint)
    return tuple(int(n) for n in shape)
