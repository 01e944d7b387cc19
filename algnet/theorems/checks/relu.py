"""Verification rows for ReLU networks (THEOREMS.md section 5).

Computed sides: region counts from the exact partition
(:func:`algnet.relu.regions.linear_regions`), functional dimensions from
exact ranks over QQ of Jacobians at decisive sets
(:func:`algnet.relu.functional.functional_dimension`); never the formula.
"""

from __future__ import annotations

from itertools import combinations

from algnet.theorems import formulas as F
from algnet.theorems.verification import Check

SRC_Z = "Zaslavsky 1975 (Mem. AMS 154)"
SRC_GLMW = "Grigsby-Lindsey-Meyerhoff-Wu 2022, arXiv:2209.04036, Thm. 7.1"
SRC_ATTAIN = ("Grigsby-Lindsey-Meyerhoff-Wu 2022, arXiv:2209.04036 (D' attained when every hidden width is >= n_0: "
              "conjectured, proved in cases)")
SRC_MPCB = "Montufar-Pascanu-Cho-Bengio 2014 (NeurIPS), Thm. 4"


def _generic_lines(net, theta) -> bool:
    """Exact test: no two parallel lines, no three concurrent (first layer of a 2-n-1 net)."""
    W, b = net.layers(theta)[0]
    return _generic([(W[i, 0], W[i, 1], b[i]) for i in range(W.shape[0])])


def _generic(L) -> bool:
    """Exact test on lines (a, b, c) of the plane: no two parallel, no three concurrent."""
    for (a1, b1, _), (a2, b2, _) in combinations(L, 2):
        if a1 * b2 - a2 * b1 == 0:
            return False
    for p, q, r in combinations(L, 3):
        det = (p[0] * (q[1] * r[2] - q[2] * r[1]) - p[1] * (q[0] * r[2] - q[2] * r[0])
               + p[2] * (q[0] * r[1] - q[1] * r[0]))
        if det == 0:
            return False
    return True


def _zaslavsky(n: int, n0: int):
    def compute():
        from algnet.architectures.relu import ReluNetwork
        from algnet.relu.regions import linear_regions

        net = ReluNetwork([n0, n, 1])
        seed = 0
        while True:
            theta = net.random_params(seed=seed)
            if n0 == 2 and _generic_lines(net, theta):
                break
            if n0 == 1:
                W, b = net.layers(theta)[0]
                pts = [-b[i] / W[i, 0] for i in range(n) if W[i, 0] != 0]
                if len(set(pts)) == n:
                    break
            seed += 1
        part = linear_regions(net, theta, plane=True)
        return {"computed": part.count, "predicted": F.zaslavsky_regions(n, n0), "certified": True,
                "method": "exact partition of the whole input space",
                "detail": f"random rational weights, seed {seed} (genericity checked exactly)", "seed": seed}

    return compute


def _bound(widths, seed):
    def compute():
        from algnet.architectures.relu import ReluNetwork
        from algnet.relu.functional import functional_dimension

        net = ReluNetwork(widths)
        theta = net.random_params(seed=seed)
        fd = functional_dimension(net, theta, exact="always", float_check=False)
        # the rescaling tangents must lie in the kernel of the Jacobian (exactly)
        import numpy as np

        from algnet.relu.functional import decisive_set
        from algnet.relu.regions import linear_regions

        Z = decisive_set(linear_regions(net, theta, plane=True), widths[0])
        J = net.jacobian(theta, Z)
        T = net.symmetry_tangents(theta)
        in_kernel = T.shape[0] == 0 or not np.any(J.dot(T.T) != 0)
        predicted = F.relu_dimension_bound(widths)
        return {"computed": fd.functional_dimension, "predicted": predicted,
                "agree": fd.functional_dimension <= predicted and in_kernel,
                "certified": fd.certified, "method": "exact QQ rank at a decisive set (computed <= D')",
                "detail": f"seed {seed}; {fd.regions} regions; D = {net.n_params}; rescaling tangents in the "
                          f"kernel: {in_kernel}", "seed": seed}

    return compute


def _attained(widths, seeds=range(5)):
    """THEOREMS 5: D' is attained at SOME parameters when every hidden width is >= n_0 (proved in cases). An
    existence claim: the row tries the seeded random weights in order and stops at the first whose functional
    dimension, a proved lower bound (exact rank over QQ), reaches D' = D - (hidden units), the proved upper
    bound; the detail lists every seed tried and its value."""

    def compute():
        from algnet.architectures.relu import ReluNetwork
        from algnet.relu.functional import functional_dimension
        from algnet.relu.spread import spread_functional_dimension

        net = ReluNetwork(list(widths))
        d_prime = sum(n * (m + 1) for m, n in zip(widths, widths[1:])) - sum(widths[1:-1])   # by hand
        tried, best, used = [], -1, None
        for seed in seeds:
            theta = net.random_params(seed=seed)
            if widths[0] <= 2:      # the whole input space, decisive set
                fd = functional_dimension(net, theta, exact="always", float_check=False)
                value, exact = fd.functional_dimension, fd.certified
            else:                   # inputs spread over growing boxes: a lower bound, equality at D'
                b = spread_functional_dimension(net, theta, seed=0, exact="always")
                value, exact = b.rank, b.certified
            tried.append(f"seed {seed}: {value}" + ("" if exact else " (not exact)"))
            if exact and value > best:
                best, used = value, seed
            if exact and value == d_prime:
                break
        how = ("a decisive set of the exact partition (the functional dimension)" if widths[0] <= 2
               else "inputs spread over boxes of radius 2..8192, inputs seed 0 (a lower bound; = D' proves FD = D')")
        return {"computed": best, "predicted": d_prime, "certified": best == d_prime,
                "method": f"exact QQ rank at {how}",
                "detail": "weights " + "; ".join(tried), "seed": used}

    return compute


def _montufar(hidden):
    def compute():
        from algnet.relu.constructions import montufar_network
        from algnet.relu.regions import linear_regions

        net, theta = montufar_network(hidden)
        part = linear_regions(net, theta, plane=True)
        lin = part.linear_region_count()
        predicted = F.montufar_lower_bound([1] + list(hidden))
        return {"computed": lin, "predicted": predicted, "agree": lin >= predicted, "certified": True,
                "method": "exact partition; adjacent regions with equal affine maps merged (computed >= bound)",
                "detail": f"{net.spec}, {part.count} activation regions on R",
                "seed": None}          # Montufar's construction: fixed weights, nothing drawn

    return compute


def _torch_net(kind: str, n: int, seed: int):
    """A seeded torch model whose first layer cuts R^2 by n lines (torch's default initialisation, float32): Linear
    then ReLU, or a Conv1d with kernel 2 on a (1, 2) input then LeakyReLU (the same arrangement of lines)."""
    import torch

    nn = torch.nn
    torch.manual_seed(seed)
    if kind == "linear":
        return nn.Sequential(nn.Linear(2, n), nn.ReLU(), nn.Linear(n, 1)), None
    return nn.Sequential(nn.Conv1d(1, n, 2), nn.LeakyReLU(0.125), nn.Flatten(), nn.Linear(n, 1)), (1, 2)


def _torch_zaslavsky(kind: str, n: int):
    """THEOREMS 5, Zaslavsky, on the trained-model path: a torch model imported exactly
    (:func:`~algnet.relu.torch_import.from_torch_model`) and partitioned node by node
    (:func:`~algnet.relu.model_regions.model_regions`); genericity checked exactly on the imported weights."""

    def compute():
        from fractions import Fraction

        from algnet.relu.model_regions import model_regions
        from algnet.relu.torch_import import from_torch_model

        for seed in range(50):
            net, shape = _torch_net(kind, n, seed)
            first = net[0]
            W = first.weight.detach().double().reshape(n, 2).tolist()
            b = first.bias.detach().double().tolist()
            if _generic([(Fraction(w[0]), Fraction(w[1]), Fraction(c)) for w, c in zip(W, b)]):
                break
        part = model_regions(from_torch_model(net.eval(), shape), plane=True)
        return {"computed": part.count, "predicted": F.zaslavsky_regions(n, 2), "certified": True,
                "method": "torch model imported exactly; exact node-wise partition of the whole plane",
                "detail": f"torch.manual_seed({seed}) default initialisation (genericity checked exactly)",
                "seed": seed}

    return compute


def _torch_attained(widths, seeds=range(5)):
    """THEOREMS 5, D' attained (every hidden width >= n_0), on the trained-model path: a torch Linear/ReLU model
    imported exactly, its functional dimension from the decisive set of
    :func:`~algnet.relu.model_fd.model_functional_dimension` (the model's own forward-mode Jacobian)."""

    def compute():
        import torch

        from algnet.relu.model_fd import model_functional_dimension
        from algnet.relu.torch_import import from_torch_model

        nn = torch.nn
        d_prime = sum(n * (m + 1) for m, n in zip(widths, widths[1:])) - sum(widths[1:-1])   # by hand
        tried, best, used = [], -1, None
        for seed in seeds:
            torch.manual_seed(seed)
            layers = []
            for m, n in zip(widths, widths[1:]):
                layers += [nn.Linear(m, n), nn.ReLU()]
            fd = model_functional_dimension(from_torch_model(nn.Sequential(*layers[:-1]).eval()))
            tried.append(f"seed {seed}: {fd.functional_dimension}" + ("" if fd.certified else " (not exact)"))
            if fd.functional_dimension > best:
                best, used = fd.functional_dimension, seed
            if fd.functional_dimension == d_prime:
                break
        return {"computed": best, "predicted": d_prime, "certified": best == d_prime,
                "method": "torch model imported exactly; rank mod p at a decisive set (= D' proves FD = D')",
                "detail": "torch.manual_seed default initialisation; " + "; ".join(tried), "seed": used}

    return compute


def checks(quick: bool):
    """The ReLU rows (region counts and functional dimensions; more cases when not ``quick``).

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> [run_check(c).agree for c in checks(quick=True) if c.case == "relu 2-3-1, whole R^2"]   # 7 regions
    [True]
    """
    out = []
    zas = [(3, 2), (4, 2), (5, 2), (3, 1), (6, 1)] + ([] if quick else [(8, 2), (12, 2), (20, 2), (10, 1)])
    for n, n0 in zas:
        out.append(Check("ReLU regions: Zaslavsky (generic one hidden layer)", f"relu {n0}-{n}-1, whole R^{n0}",
                         SRC_Z, _zaslavsky(n, n0)))
    bnd = [((2, 3, 1), 0), ((1, 3, 1), 0), ((2, 2, 2, 1), 1)] + ([] if quick else [((2, 4, 1), 2), ((2, 3, 3, 1), 3),
                                                                                   ((1, 2, 3, 2), 4), ((2, 5, 2), 5)])
    for w, seed in bnd:
        out.append(Check("ReLU functional dimension <= D'", "relu " + "-".join(map(str, w)) + f" seed {seed}",
                         SRC_GLMW, _bound(w, seed)))
    att = [(2, 3, 1), (2, 2, 2, 1), (3, 3, 1)] + ([] if quick else [(2, 3, 3, 1), (1, 3, 2, 1), (3, 4, 3, 1),
                                                                    (3, 3, 3, 1)])
    for w in att:
        out.append(Check("ReLU functional dimension D' attained", "relu " + "-".join(map(str, w)),
                         SRC_ATTAIN, _attained(w)))
    mont = [[2, 2], [3, 2]] + ([] if quick else [[2, 2, 3], [3, 3, 2], [4, 3]])
    for h in mont:
        out.append(Check("ReLU regions: Montufar deep lower bound attained", "relu 1-" + "-".join(map(str, h)) + "-1",
                         SRC_MPCB, _montufar(h)))
    import importlib.util

    if importlib.util.find_spec("torch") is not None:      # the trained-model path (torch is an optional extra)
        for kind, n in [("linear", 4), ("conv", 5)] + ([] if quick else [("linear", 7), ("conv", 8)]):
            case = (f"torch Linear(2, {n}) + ReLU" if kind == "linear" else
                    f"torch Conv1d(1, {n}, 2) + LeakyReLU on (1, 2) inputs") + ", whole R^2"
            out.append(Check("ReLU regions: Zaslavsky (generic one hidden layer)", case, SRC_Z,
                             _torch_zaslavsky(kind, n)))
        for w in [(2, 3, 1), (2, 2, 2, 1)] + ([] if quick else [(2, 3, 3, 1)]):
            out.append(Check("ReLU functional dimension D' attained", "torch relu " + "-".join(map(str, w)),
                             SRC_ATTAIN, _torch_attained(w)))
    return out
