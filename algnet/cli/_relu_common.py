"""Shared helpers of the ReLU commands (``fd``, ``regions``): weights from a seed or a file."""

from __future__ import annotations

from algnet.errors import NotApplicableError, ParameterError


def add_weight_args(p) -> None:
    g = p.add_mutually_exclusive_group()
    from algnet.cli._common import _seed

    g.add_argument("--seed", type=_seed, default=None,
                   help="random rational weights m/1024, m uniform in [-1024, 1024] (default seed 0)")
    g.add_argument("--weights", default=None, help="weights file (.npz or .json: W1, b1, W2, b2, ...)")
    p.add_argument("--slice", default=None,
                   help="JSON file {origin: [...], directions: [[...], [...]]}: a 2-D affine slice of the input space")


def network_and_weights(args):
    """(net, theta, source description) from SPEC and --seed / --weights."""
    from algnet.architectures.relu import ReluNetwork
    from algnet.architectures.spec import parse_spec

    net = parse_spec(args.spec)
    if not isinstance(net, ReluNetwork):
        raise NotApplicableError(f"{net.spec} is not a ReLU network", hint="use a spec like 'relu 2-5-3-1'")
    if args.weights:
        from algnet.relu.weights import load_weights

        net, theta = load_weights(args.weights, spec=net.spec)
        return net, theta, f"weights from {args.weights}"
    seed = 0 if args.seed is None else args.seed
    return net, net.random_params(seed=seed), f"random rational weights, seed {seed}"


def slice_from_args(args, net):
    from algnet.relu.regions import Slice

    if args.slice:
        return Slice.from_file(args.slice, net.widths[0])
    return None


def parse_box(text):
    from algnet.architectures.relu import to_fraction

    parts = [t for t in text.split(",")]
    if len(parts) != 4:
        raise ParameterError(f"--box {text!r}: need XMIN,XMAX,YMIN,YMAX", hint="e.g. --box -1,1,-1,1 (rationals allowed: -1/2)")
    return tuple(to_fraction(t) for t in parts)
