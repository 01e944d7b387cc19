"""The size limits a composition of layers is checked against before it is built or evaluated: its depth
(:func:`check_depth`) and the memory of one evaluation at a single input (:func:`check_one_sample`).

Examples
--------
>>> check_depth(2, "dense 2-1-1 r=2"), MAX_LAYERS
(2, 5000)
"""

from __future__ import annotations

__all__ = ["MAX_LAYERS", "check_depth", "check_one_sample", "small_evaluation", "EVALUATION_BYTES_PER_ENTRY",
           "SMALL_BYTES"]


#: Bytes per scalar of an evaluation (the value and its gradient, int64 or float64).
EVALUATION_BYTES_PER_ENTRY = 16
#: Below this many bytes a network's single-sample evaluation is not compared with the machine's memory.
SMALL_BYTES = 2**26


def small_evaluation(entries: int) -> bool:
    """Whether an evaluation of this many scalars per sample is below :data:`SMALL_BYTES` (then
    :func:`check_one_sample` compares nothing with the machine's memory).

    Examples
    --------
    >>> small_evaluation(8), small_evaluation(10**9)
    (True, False)
    """
    return EVALUATION_BYTES_PER_ENTRY * entries < SMALL_BYTES


def check_one_sample(net) -> None:
    """Refuse (TooLargeError) a network whose forward pass at a single input cannot fit in memory (an
    attention layer over 10^5 tokens: 10^10 scalars per head), before any analysis allocates it.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_one_sample(parse_spec("dense 3-2-1 r=2").ensure_built()) is None       # 8 entries: nothing to refuse
    True
    """
    from algnet.guards import check_resources, format_bytes

    entries = net.evaluation_entries()
    if small_evaluation(entries):   # every network of the checks and tests: no reading of /proc/meminfo per build
        return
    need = EVALUATION_BYTES_PER_ENTRY * entries
    spec = net.__dict__.get("spec") or "layers " + ", ".join(repr(lay) for lay in net.sequence)
    check_resources(f"{spec}: one evaluation at a single input creates about {entries:.3g} numbers "
                    f"({format_bytes(need)}: outputs, convolution windows, t x t attention matrices)",
                    memory=need, forceable=False,
                    hint="a smaller network (fewer tokens, shorter inputs or filters, narrower layers)",
                    entries=entries)


#: Most layers in one sequence. Building a network takes 0.2-0.5 ms per layer and its symmetries' junctions grow
#: with the square of the depth (1.9 s of CPU for 2000 linear
#: layers, 6.5 s for 4000; 100000 attention layers did not build in 30 s), and every evaluation walks each layer.
#: 3000 layers are in the tests (tests/test_bad_inputs.py: a 3000-layer linear network's dimension in seconds).
MAX_LAYERS = 5000


def check_depth(layers: int, spec: str) -> int:
    """``layers`` when at most :data:`MAX_LAYERS`, else TooLargeError naming ``spec`` (before any layer is built).

    Examples
    --------
    >>> check_depth(3, "dense 3-2-1 r=2")
    3
    >>> check_depth(10**5, "attention d=2 a=2 t=2 layers=100000")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: attention d=2 a=2 t=2 layers=100000: 100000 layers, above the limit of 5000 ...
    """
    if layers > MAX_LAYERS:
        from algnet.errors import TooLargeError

        spec = spec if len(spec) <= 100 else spec[:97] + "..."

        raise TooLargeError(f"{spec}: {layers} layers, above the limit of {MAX_LAYERS} (building takes 0.2-0.5 ms "
                            f"per layer and grows with the square of the depth; every evaluation walks each layer)",
                            hint="a shallower network", layers=layers, limit=MAX_LAYERS)
    return layers
