"""dim M computes the network's parameter degree once per call (the modular ranks and the exact rank over QQ both
bound their Schwartz-Zippel probability by it).

Truth: the map (s + t, (s + t)^2) factors through the single value s + t, so its image is the parabola y = x^2 (a
curve: dimension 1, by hand), below min(outputs, parameters) = 2, which is when the exact rank also runs.
"""

from algnet import parse_spec
from algnet.analyses.dimension import dimension


def test_parameter_degree_is_computed_once(monkeypatch):
    net = parse_spec("map s+t; (s+t)^2")
    cls, calls = type(net), []
    real = cls.parameter_degree

    def counted(self):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(cls, "parameter_degree", counted)
    res = dimension(net, seed=1)
    assert res.dimension == 1          # the parabola, by hand
    assert len(calls) == 1             # twice before: once for the modular ranks, once for the exact rank
