"""A long ``layers`` spec is read in time linear in its length, and one above the layer limit is refused first.

Each number's source text was taken with ast.get_source_segment, which splits the whole spec into lines on every
call: 2,000 layers took 11.5 CPU s to read (500: 0.7 s, 1,000: 3 s -- quadratic), and a spec of 6,000 layers was
read for minutes before the limit of 5,000 layers refused it.
"""

import time

import pytest

from algnet import parse_spec
from algnet.architectures.sequential_limits import MAX_LAYERS
from algnet.errors import SpecError, TooLargeError


def _cpu(f):
    t = time.process_time()
    out = f()
    return out, time.process_time() - t


def test_a_spec_above_the_layer_limit_is_refused_before_its_layers_are_read():
    # the last layer is not even a layer: the count is refused first, in a fraction of a second (was ~100 s)
    text = "layers " + ", ".join(["Linear(1, 1)"] * MAX_LAYERS + ["Powr(2)"])
    t = time.process_time()
    with pytest.raises(TooLargeError, match=f"{MAX_LAYERS + 1} layers"):
        parse_spec(text)
    assert time.process_time() - t < 3


def test_a_long_spec_reads_in_linear_time():
    # 3,000 layers x 1 -> 1: 3,000 parameters (counted by hand), read in well under a second (was about 26 CPU s)
    net, cpu = _cpu(lambda: parse_spec("layers " + ", ".join(["Linear(1, 1)"] * 3000)))
    assert net.n_params == 3000
    assert cpu < 4


def test_numbers_are_still_checked_as_written():
    # the number's text is still the text written (a wide character before it shifts byte offsets, not digits)
    with pytest.raises(SpecError, match="no '_'"):
        parse_spec("layers Linear(1_0, 2)")
    with pytest.raises(SpecError, match="0x"):
        parse_spec("layers Conv1d(1, 2, 3, padding='é', stride=0x1), input_shape=(6,)")
    assert parse_spec("layers Linear(10, 2)").n_params == 20
