"""What the build of a :class:`~algnet.architectures.sequential.Sequential` derives from its layers -- the numbered
parameters, degree, homogeneity, polynomiality (:func:`derived`) -- and the same values from planned layers before
any layer is made (:func:`planned_values`, with the input and output shapes): one derivation for the built network
and for a preset's answers from its spec.

Examples
--------
>>> from algnet.architectures.layers import Linear, Power
>>> from algnet.architectures.layers.base import PlannedLayer
>>> plan = [PlannedLayer(Linear, d_in=3, d_out=2), PlannedLayer(Power, r=2), PlannedLayer(Linear, d_in=2, d_out=1)]
>>> made = [p.make() for p in plan]
>>> planned_values(plan, None)["param_shapes"] == derived(made, made)[0]["param_shapes"]
True
"""

from __future__ import annotations

from math import prod

from algnet.architectures.sequential_limits import MAX_LAYERS, small_evaluation

__all__ = ["derived", "planned_values"]


def derived(sequence, walk) -> tuple[dict, list]:
    """``(values, names)``: the network's ``param_shapes`` (each layer's parameters numbered, in the depth-first
    ``walk`` of its layers and their children: ``W1, b1, W2, ...``), ``degree`` and ``homogeneous`` (the top-level
    ``sequence``'s degree maps) and ``polynomial``; ``names`` gives per layer of ``walk`` its number (0 without
    parameters) and ``{local: global}`` names. The layers may be made or planned
    (:class:`~algnet.architectures.layers.base.PlannedLayer`): the build and :meth:`Sequential._unbuilt` share it.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear, Power
    >>> seq = [Linear(2, 1), Power(3), Linear(1, 1, bias=True)]
    >>> values, names = derived(seq, seq)
    >>> values["param_shapes"], values["degree"], values["homogeneous"], names[2]
    ((('W1', (1, 2)), ('W2', (1, 1)), ('b2', (1,))), 3, False, (2, {'W': 'W2', 'b': 'b2'}))
    """
    shapes, names, number, polynomial = [], [], 0, True
    for lay in walk:
        ps = lay.param_shapes()
        if ps:
            number += 1
            local = {}
            for name, shp in ps:
                local[name] = full = name + str(number)
                shapes.append((full, tuple(shp)))
            names.append((number, local))
        else:
            names.append((0, {}))
        polynomial = polynomial and lay.polynomial
    deg, hom = 1, True
    for lay in sequence:
        deg, hom = lay.degree_map(deg, hom)
    return {"param_shapes": tuple(shapes), "degree": deg, "homogeneous": hom, "polynomial": polynomial}, names


def planned_values(plan, input_shape) -> dict:
    """The attributes the build would set from the planned layers ``plan``
    (:class:`~algnet.architectures.layers.base.PlannedLayer`, of classes whose facts come from their arguments) on
    inputs of ``input_shape`` (None: the first layer's own): ``input_shape``, ``output_shape`` and :func:`derived`'s
    values; empty when the build would refuse the network (deeper than :data:`.sequential_limits.MAX_LAYERS`, or one
    evaluation not :func:`.sequential_limits.small_evaluation`: the build's checks say why) or the input shape is
    not known. The planned layers are left bound (:meth:`~algnet.architectures.layers.base.PlannedLayer.bind`) when
    the input shape is known.

    Examples
    --------
    >>> from algnet.architectures.layers import Linear
    >>> from algnet.architectures.layers.base import PlannedLayer
    >>> got = planned_values([PlannedLayer(Linear, d_in=2, d_out=3, bias=True)], (2, 5))
    >>> got["output_shape"], got["param_shapes"], got["homogeneous"]
    ((3, 5), (('W1', (3, 2)), ('b1', (3,))), False)
    >>> planned_values([PlannedLayer(Linear, d_in=2, d_out=10**8)], None)
    {}
    """
    shape = plan[0].natural_input_shape() if input_shape is None else tuple(input_shape)
    if shape is None:
        return {}
    values = {"input_shape": shape}
    entries = prod(shape)
    for p in plan:                      # every planned layer bound (its facts kept), even when refused below
        shape = p.bind(shape)
        entries += prod(shape)          # (a class whose facts come from its arguments creates its output only)
    if len(plan) > MAX_LAYERS or not small_evaluation(entries):
        return {}
    values["output_shape"] = shape
    values.update(derived(plan, plan)[0])
    return values
