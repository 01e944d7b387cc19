"""Group-convolutional networks over a cyclic group (preset ``gconv``).

``gconv n=N layers=L r=R``: signals on the cyclic group Z/N (vectors of
length N), L circular convolutions with full-length filters (group
convolutions of :class:`~algnet.architectures.layers.GroupConv`), the
activation t^R after every layer but the last; the output is equivariant
(a signal on Z/N). ``act=c0,...,cD`` gives a polynomial activation instead.

The neuromanifold has dimension L(N - 1) + 1 for a monomial activation
(Hendi–Persson–Larfors, arXiv:2603.29566): the parameters minus one
rescaling per junction. Other finite groups: compose ``GroupConv(table)``
layers with :class:`~algnet.architectures.sequential.Sequential`.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("gconv n=5 layers=2 r=2")
>>> net.n_params, net.input_shape, net.output_shape, net.expected_dimension()[0]
(10, (5,), (5,), 9)
"""

from __future__ import annotations

from algnet.architectures.layers.activations import Polynomial, Power, activation_spec
from algnet.architectures.layers.groupconv import GroupConv, cyclic
from algnet.architectures.sequential import Sequential
from algnet.architectures.spec import activation_option, parse_int, register_family, require, split_options
from algnet.errors import SpecError
from algnet.formulas import gconv_dimension

__all__ = ["GConvNetwork"]

_SRC = "Hendi-Persson-Larfors (arXiv:2603.29566)"


class GConvNetwork(Sequential):
    """Cyclic group-convolutional network (see the module docstring).

    Examples
    --------
    >>> GConvNetwork(4, 3, r=3).spec
    'gconv n=4 layers=3 r=3'
    >>> GConvNetwork(4, 1).spec, GConvNetwork(4, 1).expected_dimension()[0]   # one layer: the circulants
    ('gconv n=4 layers=1', 4)
    """

    family = "gconv"

    def __init__(self, n: int, layers: int = 2, r: int | None = None, act=None):
        for name, v in (("n", n), ("layers", layers)):
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise SpecError(f"{name}={v} must be a positive integer", token=f"{name}={v}",
                                hint="e.g. GConvNetwork(5, layers=2, r=2)")
        if layers == 1:
            from algnet.architectures.conv import _refuse_one_layer_activation

            _refuse_one_layer_activation(r, act, f"gconv n={n} layers=1", f"GConvNetwork({n}, layers=1)")
            r, act = 1, None
        r, act = activation_spec(2 if r is None else r, act)
        self.n, self.L, self.r, self.act = n, layers, r, act
        from algnet.architectures.sequential import check_depth

        check_depth(2 * layers - 1, f"gconv n={n} layers={layers}")    # before a list of that many layers is made
        G = cyclic(n)
        seq = []
        for l in range(layers):
            seq.append(GroupConv(G))
            if l < layers - 1 and (act is not None or r != 1):
                seq.append(Polynomial(*act) if act is not None else Power(r))
        spec = f"gconv n={n} layers={layers}" + (
            "" if layers == 1 else f" r={r}" if act is None else " act=" + ",".join(map(str, act)))
        self.spec = spec        # named in a refusal of the build's size checks
        self._build(seq)
        self.spec = spec

    def expected_dimension(self):
        if self.act is not None or (self.r < 2 and self.L > 1):
            return None
        return gconv_dimension(self.n, self.L), _SRC


@register_family("gconv")
def _parse_gconv(tokens, spec):
    pos, opts, flags = split_options(tokens, spec, {"n", "layers", "r", "act"}, set())
    require(not pos, spec, " ".join(pos), "gconv takes only n=, layers=, r= (or act=) options")
    require("n" in opts, spec, "(missing n=)", "gconv needs n=N (the order of the cyclic group)")
    n = parse_int(opts["n"], "n", spec)
    layers = parse_int(opts["layers"], "layers", spec) if "layers" in opts else 2
    if layers == 1:
        extra = next((f"{k}={opts[k]}" for k in ("r", "act") if k in opts), None)
        require(extra is None, spec, extra or "", f"a network of one layer has no activation (it acts between "
                f"layers), so {(extra or '').split('=')[0]}= means nothing here: write 'gconv n={n} layers=1'")
        return GConvNetwork(n, 1)
    act = activation_option(opts, spec, "gconv")
    if act is not None:
        return GConvNetwork(n, layers, act=act)
    return GConvNetwork(n, layers, r=parse_int(opts["r"], "r", spec))
