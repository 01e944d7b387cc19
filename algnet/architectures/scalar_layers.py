"""Layers that multiply by one scalar, and the smaller network with the same neuromanifold.

A layer is *scalar* when its map is y = c x for its single weight c: a single-channel convolution whose filter has
size 1 and whose output has as many entries as its input (stride 1, or one output), or a bias-free ``Linear(1, 1)``.
Such a layer changes no function the network can compute, up to the weights of a neighbour:

* next to a layer that is linear in its weights (``Linear``, ``Conv1d``, ``Conv2d``; with or without a bias), with
  no activation in between: W (c x) = (c W) x and c (W x + b) = (c W) x + c b, so c is absorbed and the layer drops;
* between two power activations, ``Power(a), c, Power(b)``, followed (after Power(b)) by such a linear layer L:
  (c y^a)^b = c^b y^(ab) and L(c^b z) = L'(z) with L's weights scaled by c^b, so the three layers become one
  ``Power(a b)``.

In both cases the image of the smaller network contains the original's (the scale moved into a neighbour's weights,
whose set of values is a linear space, closed under a nonzero scale) and equals it at c = 1, so the two
neuromanifolds are the same set in the same coefficient space (same input, same output monomials): every metric
sees the same variety, and the ED degree, dimension and degree are those of the smaller network. A scalar layer
with a scale that cannot move (first layer before an activation, a filter of size 1 with a stride that drops
entries) is kept.

Examples
--------
>>> from algnet import parse_spec
>>> small, why = without_scalar_layers(parse_spec("conv k=2,1,2 r=2"))
>>> small.spec
'conv k=2,2 s=1,1 r=4'
>>> without_scalar_layers(parse_spec("conv k=2,2 r=2")) is None
True
"""

from __future__ import annotations

from algnet.architectures.layers.activations import Power
from algnet.architectures.layers.base import PlannedLayer
from algnet.architectures.layers.conv import Conv1d, Conv2d

__all__ = ["without_scalar_layers", "is_scalar_layer", "has_scalar_layer_to_remove"]


def is_scalar_layer(layer) -> bool:
    """True when the (bound) layer's map is y = c x for its one weight c; for a
    :class:`~algnet.architectures.layers.base.PlannedLayer` (of a class whose facts come from its arguments, bound),
    when the layer it makes is.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [is_scalar_layer(lay) for lay in parse_spec("conv k=2,1,2 r=2").sequence]
    [False, False, True, False, False]
    """
    return layer.is_scalar()


def _class(layer):
    return layer.cls if isinstance(layer, PlannedLayer) else type(layer)


def _absorbs(layer) -> bool:
    """A layer whose output is linear in its own weights (a bias allowed): a scale moves into its weights."""
    return layer is not None and _class(layer).absorbs_scale


def _is_power(layer) -> bool:
    return layer is not None and issubclass(_class(layer), Power)


def _first_removal(seq):
    """``(i, how)`` for the first scalar layer of ``seq`` (layers or planned layers) that can go: ``how`` is
    ``"next"`` or ``"previous"`` (the neighbour absorbing its scale) or ``"powers"`` (between two powers, then a layer
    absorbing the power of the scale); None when none can."""
    for i, lay in enumerate(seq):
        if not lay.is_scalar():
            continue
        before = seq[i - 1] if i > 0 else None
        after = seq[i + 1] if i + 1 < len(seq) else None
        if _absorbs(after):
            return i, "next"
        if _absorbs(before):
            return i, "previous"
        if _is_power(before) and _is_power(after) and i + 2 < len(seq) and _absorbs(seq[i + 2]):
            return i, "powers"
    return None


def has_scalar_layer_to_remove(seq) -> bool:
    """Whether :func:`without_scalar_layers` removes a layer of the sequence ``seq`` (layers, or planned layers
    whose classes' facts come from their arguments, bound: answered before any layer is made).

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power
    >>> from algnet.architectures.sequential_plan import planned_values
    >>> plan = [PlannedLayer(Linear, d_in=2, d_out=1), PlannedLayer(Linear, d_in=1, d_out=1), PlannedLayer(Power, r=2)]
    >>> _ = planned_values(plan, None)                                                  # binds the planned layers
    >>> has_scalar_layer_to_remove(plan), has_scalar_layer_to_remove(plan[1:])         # the first Linear absorbs it
    (True, False)
    """
    return _first_removal(list(seq)) is not None


def _reduce_once(seq):
    """(new layer list, reason) after one removal, or None."""
    got = _first_removal(seq)
    if got is None:
        return None
    i, how = got
    lay = seq[i]
    if how == "next":
        return seq[:i] + seq[i + 1:], f"{lay!r} is a scalar c absorbed by the weights of the next {seq[i + 1]!r}"
    if how == "previous":
        return seq[:i] + seq[i + 1:], f"{lay!r} is a scalar c absorbed by the weights of the previous {seq[i - 1]!r}"
    a, b = seq[i - 1].r, seq[i + 1].r
    return (seq[:i - 1] + [Power(a * b)] + seq[i + 2:],
            f"{lay!r} is a scalar c between Power({a}) and Power({b}): (c y^{a})^{b} = "
            f"c^{b} y^{a * b}, c^{b} absorbed by the weights of {seq[i + 2]!r}")


def without_scalar_layers(net):
    """(smaller network, reason) with the same neuromanifold when ``net`` has a scalar layer that can go (see the
    module docstring); None when it has none (or is not a composition of layers).

    The smaller network is a :class:`~algnet.architectures.conv.ConvNetwork` when its layers are one (a spec string
    then names it), else a :class:`~algnet.architectures.sequential.Sequential` of the remaining layers.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> small, why = without_scalar_layers(parse_spec("conv k=2,1,2,2 r=2"))
    >>> small.spec
    'layers Conv1d(1, 1, 2), Power(4), Conv1d(1, 1, 2), Power(2), Conv1d(1, 1, 2), input_shape=(4,)'
    >>> without_scalar_layers(parse_spec("dense 2-1-1-1 r=2"))[0].spec
    'layers Linear(2, 1), Power(4), Linear(1, 1)'
    """
    seq = getattr(net, "sequence", None)
    if not seq or not getattr(net, "polynomial", False):
        return None
    seq, reasons = list(seq), []
    while True:
        step = _reduce_once(seq)
        if step is None:
            break
        seq, why = step
        reasons.append(why)
    if not reasons:
        return None
    small = _as_conv(seq, net.input_shape)
    if small is None:
        from algnet.architectures.sequential import Sequential

        small = Sequential(*seq, input_shape=net.input_shape)
    return small, "; ".join(reasons)


def _as_conv(seq, input_shape):
    """The :class:`~algnet.architectures.conv.ConvNetwork` with exactly these layers, or None."""
    from algnet.architectures.conv import ConvNetwork

    convs, powers = (seq, []) if all(isinstance(c, (Conv1d, Conv2d)) for c in seq) else (seq[0::2], seq[1::2])
    if (not all(isinstance(c, (Conv1d, Conv2d)) and c.dims == 1 and c.single and c.padding == "valid" for c in convs)
            or not all(isinstance(p, Power) for p in powers) or len({p.r for p in powers}) > 1
            or (powers and len(convs) != len(powers) + 1)):
        return None
    r = powers[0].r if powers else 1
    try:
        net = ConvNetwork([c.kernel[0] for c in convs], [c.stride[0] for c in convs], r=r)
    except Exception:       # noqa: BLE001 -- not expressible as a conv preset: the Sequential serves
        return None
    same = (tuple(net.input_shape) == tuple(input_shape)
            and [repr(x) for x in net.sequence] == [repr(x) for x in seq])
    return net if same else None
