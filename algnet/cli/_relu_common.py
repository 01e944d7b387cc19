"""Shared helpers of the ReLU commands (``fd``, ``regions``, ``local-complexity``).

A network comes from a SPEC with ``--seed`` (random rational weights) or
``--weights FILE`` (.npz/.json), or from a trained PyTorch model
``--torch MODEL.pt`` (a saved module, a TorchScript archive of a sequence
of layers, or a state dict, also inside a training checkpoint; ``--builder package.module:function`` makes
the model a state dict belongs to, or ``--relu-mlp`` declares it a plain ReLU MLP; ``--input-shape C,H,W``
when the first layer is not Linear). Data points come from ``--data FILE.npz`` (array ``X``,
or the first array in the file; one row per point).
"""

from __future__ import annotations

import os

from algnet.errors import NotApplicableError, ParameterError


def add_weight_args(p, torch: bool = True, slice: bool = True) -> None:
    p.add_argument("spec", nargs="?", default=None, help="e.g. 'relu 2-5-3-1' (not needed with --torch)")
    g = p.add_mutually_exclusive_group()
    from algnet.cli._common import _seed

    g.add_argument("--seed", type=_seed, default=None,
                   help="random rational weights m/1024, m uniform in [-1024, 1024] (default: a seed drawn at "
                        "random and printed; the same seed gives the same weights in fd, regions and "
                        "local-complexity)")
    g.add_argument("--weights", default=None, help="weights file (.npz or .json: W1, b1, W2, b2, ...)")
    if torch:
        g.add_argument("--torch", default=None, metavar="MODEL.pt",
                       help="a trained PyTorch model: torch.save(model), torch.jit.save, or a state dict (+ --builder; "
                            "also a training checkpoint's 'model_state_dict' or a Lightning 'state_dict')")
        p.add_argument("--builder", default=None, metavar="MODULE:FUNCTION",
                       help="function returning the nn.Module a state dict belongs to")
        p.add_argument("--relu-mlp", action="store_true", default=None,
                       help="declare that a state dict (which stores weights, not the forward pass) is of Linear "
                            "layers run one after the other (in the order their shapes chain) with ReLU between them "
                            "and nothing after the last; without it or --builder a state dict is refused")
        p.add_argument("--input-shape", default=None, metavar="C,H,W",
                       help="shape of one input without the batch dimension, when the first layer is not Linear "
                            "(default: the shape of one point of --data, e.g. 1,8,8 for data of shape N x 1 x 8 x 8)")
        p.add_argument("--frozen", default=None, choices=("parameters", "fixed"),
                       help="tensors of the model with requires_grad=False: 'parameters' (counted as parameters, "
                            "the architecture's; the default) or 'fixed' (constants; not for a plain state dict, "
                            "which does not record them)")
    if not slice:
        return
    p.add_argument("--slice", default=None,
                   help="JSON file {origin: [...], directions: [[...], [...]]} or {points: [p0, p1, p2]}: "
                        "a 2-D affine slice of the input space")


def _input_shape(text):
    if text is None:
        return None
    try:
        shape = tuple(int(t) for t in str(text).split(","))
    except ValueError:
        raise ParameterError(f"--input-shape {text!r} is not a list of integers",
                             hint="e.g. --input-shape 1,8,8") from None
    if not shape or any(s <= 0 for s in shape):
        raise ParameterError(f"--input-shape {text!r}: sizes must be positive", hint="e.g. --input-shape 1,8,8")
    return shape


def has_torch(args) -> bool:
    return getattr(args, "torch", None) is not None


def model_from_args(args):
    """The PLModel of --torch MODEL.pt."""
    from algnet.relu.torch_load import load_torch_model

    if args.spec is not None:
        raise ParameterError(f"give either a SPEC ({args.spec!r}) or --torch, not both",
                             hint="the model file defines the architecture")
    shape = _input_shape(args.input_shape)
    frozen = getattr(args, "frozen", None) or "parameters"
    try:
        return load_torch_model(args.torch, input_shape=shape, builder=args.builder, frozen=frozen,
                                relu_mlp=bool(getattr(args, "relu_mlp", None)))
    except ParameterError as e:
        # a model whose first layer is not Linear needs the shape of one input: the points of --data have it
        data_shape = _data_point_shape(args) if shape is None and "input shape" in e.message else None
        if data_shape is None:
            raise
        return load_torch_model(args.torch, input_shape=data_shape, builder=args.builder, frozen=frozen,
                                relu_mlp=bool(getattr(args, "relu_mlp", None)))


def _data_point_shape(args):
    """The shape of one point of ``--data`` when the points are arrays of two or more axes (images: ``(N, C, H,
    W)`` gives ``(C, H, W)``), read from the file's header only; None otherwise."""
    path = getattr(args, "data", None)
    if not path or not os.path.isfile(path):
        return None
    from algnet.data_files import array_headers

    try:
        headers = array_headers(path)
    except Exception:           # not an npz/npy file: load_data says so when it reads it
        return None
    shape = (headers.get("X") or next(iter(headers.values()), (None, None)))[0]
    return tuple(shape[1:]) if shape is not None and len(shape) >= 3 else None


def network_and_weights(args, then: dict | None = None):
    """(net, theta, source description) from SPEC and --seed / --weights; without either, a seed is drawn and
    stored on ``args.seed`` (every ReLU command: the same SPEC and seed give the same weights, and the JSON's
    "seed" says which). The exact weights are estimated from the SPEC's size before any is built, together with
    the step ``then`` that follows (:func:`check_exact_weights`), and refused unless ``args.force``."""
    from algnet.architectures.relu import ReluNetwork
    from algnet.architectures.spec import parse_spec

    for flag, name in (("--builder", "builder"), ("--input-shape", "input_shape"), ("--frozen", "frozen"),
                       ("--relu-mlp", "relu_mlp")):
        if getattr(args, name, None) is not None:       # was silently ignored without --torch
            given = flag if getattr(args, name) is True else f"{flag} {getattr(args, name)}"
            raise ParameterError(f"{given} is used only with --torch MODEL.pt",
                                 hint=f"add --torch MODEL.pt, or drop {flag} (a SPEC defines the network)")
    if args.spec is None:
        raise ParameterError("no network given", hint="give a SPEC such as 'relu 2-5-1' (with --seed or --weights), "
                                                       "or --torch MODEL.pt")
    net = parse_spec(args.spec)
    if not isinstance(net, ReluNetwork):
        refuse_layer_language_relu(net.spec)
        raise NotApplicableError(f"{net.spec} is not a ReLU network", hint="use a spec like 'relu 2-5-3-1'")
    check_exact_weights(net, force=bool(getattr(args, "force", False)), then=then)
    if args.weights:
        from algnet.relu.weights import load_weights

        if (os.path.isfile(args.weights) and not args.weights.lower().endswith((".npz", ".json"))
                and not _starts_with_brace(args.weights)):           # JSON under another name is still read
            raise ParameterError(f"--weights {args.weights}: not an .npz or .json file",
                                 hint="a file written by np.savez(FILE.npz, W1=..., b1=..., ...) or a .json object")

        net, theta = load_weights(args.weights, spec=net.spec)
        return net, theta, f"weights from {args.weights}"
    from algnet.cli._common import seed_from_args

    seed = seed_from_args(args)     # --seed, or one drawn (and recorded on args) when not given
    if seed < 0:
        raise ParameterError(f"--seed {seed} is negative", hint="a seed >= 0")
    return net, net.random_params(seed=seed), f"random rational weights, seed {seed}"


#: CPU seconds per exact weight of a ReLU network: a random Fraction drawn (or one read from a file) and the
#: model's integer layers made from it; measured on relu 300-300-300-1 and 600-600-600-1 (180,901 and 721,801
#: weights): 6.9 and 8.6 microseconds on a loaded 2-core machine, 135-141 bytes each at the peak (tracemalloc; the
#: memory estimate uses :data:`algnet.relu.regions_estimate.EXACT_WEIGHT_BYTES`)
EXACT_WEIGHT_SECONDS = 6e-6


def check_exact_weights(net, *, force: bool = False, then: dict | None = None) -> dict:
    """Refuse (TooLargeError) building the exact rational weights of the ReLU network ``net`` when their memory is
    above the limit or their CPU time, with the step ``then`` that follows ({"what", "seconds", "memory"}), above
    the budget of :data:`~algnet.guards.DEFAULT_BUDGET` seconds, unless ``force``: the estimate reads the widths
    only (relu 3000-3000-3000-1 built its 18 million Fractions, 3 GB and minutes, before any estimate). Returns the
    estimate ({"weights", "seconds", "memory"}).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_exact_weights(parse_spec("relu 2-3-1"))["weights"]
    13
    >>> check_exact_weights(parse_spec("relu 30000-30000-30000-1"))     # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 30000-30000-30000-1: building its 1,800,090,001 weights in exact rationals ...
    """
    from algnet.guards import DEFAULT_BUDGET, check_resources
    from algnet.relu.regions_estimate import EXACT_WEIGHT_BYTES

    n = int(net.n_params)
    est = {"weights": n, "seconds": n * EXACT_WEIGHT_SECONDS, "memory": n * EXACT_WEIGHT_BYTES}
    what = f"{net.spec}: building its {n:,} weights in exact rationals"
    seconds, memory = est["seconds"], est["memory"]
    if then:
        what += f", then {then['what']}"
        seconds += float(then.get("seconds") or 0.0)
        memory += float(then.get("memory") or 0.0)
    check_resources(what, memory=memory, seconds=seconds, time_limit=DEFAULT_BUDGET, force=force,
                    hint="a narrower or shallower network" + (f"; {then['hint']}" if then and then.get("hint") else ""),
                    forceable=True)
    return est


def _starts_with_brace(path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4096).lstrip().startswith(b"{")


def slice_from_args(args, n0):
    from algnet.relu.slices import Slice

    if getattr(args, "through", None):
        X = load_data(args)
        try:
            idx = [int(t) for t in args.through.split(",")]
        except ValueError:
            idx = []
        if not 1 <= len(idx) <= 3 or any(not 0 <= i < len(X) for i in idx):
            raise ParameterError(f"--through {args.through!r}: need one to three row numbers of the data "
                                 f"(0..{len(X) - 1})", hint="e.g. --through 0,1,2 --data points.npz")
        if args.slice:
            raise ParameterError("give either --slice or --through", hint="one slice")
        return Slice.through_points(*(X[i].ravel() for i in idx), labels=tuple(f"#{i}" for i in idx),
                                    seed=getattr(args, "points_seed", None) or 0)
    if args.slice:
        if not os.path.isfile(args.slice):
            raise ParameterError(f"no slice file {args.slice}", hint="--slice FILE.json: a JSON object with origin "
                                                                    "and directions, or points")
        return Slice.from_file(args.slice, n0)
    return None


def load_data(args):
    """The array of data points of --data FILE.npz (key X, or the only/first array) or FILE.npy, one row per point:
    headers checked (real numbers, at least one row) and the float64 array's size against the memory limit
    (refused unless --force) before any element is read (:func:`algnet.data_files.load_arrays`)."""
    from algnet.data_files import load_arrays

    path = getattr(args, "data", None)
    if not path:
        raise ParameterError("no data points given", hint="--data FILE.npz (an array X with one row per point)")
    force = getattr(args, "force", None)
    (X,) = load_arrays(path, ["X"], first=True, force=bool(force), forceable=force is not None)
    if X.ndim == 1:
        X = X.reshape(1, -1)
    return X


def check_time_limit_flag(value):
    """Refuse a --time-limit that is not a positive finite number of seconds, in the command line's words (the
    library's check names ``time_limit=`` and None)."""
    import math

    if value is not None and not (math.isfinite(value) and value > 0):
        raise ParameterError(f"option --time-limit {value:g} is invalid: not a positive finite number of seconds",
                             hint="e.g. --time-limit 60 (leave the option out for no limit)")
    return value


def check_plot_path(path):
    """Refuse a picture path before any computation (missing directory, unknown format)."""
    if path is None:
        return
    d = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(d):
        raise ParameterError(f"--plot {path}: the directory {d} does not exist", hint="create it, or give another path")
    if os.path.splitext(path)[1].lower() not in (".png", ".pdf", ".svg", ".jpg", ".jpeg"):
        raise ParameterError(f"--plot {path}: unknown picture format", hint="end the file name in .png, .pdf or .svg")


def parse_box(text, line: bool = False):
    from algnet.relu.regions import parse_box as pb

    return pb(text, line=line)


def refuse_layer_language_relu(spec: str) -> None:
    """Raise the refusal of a ReLU network written in the layer language (ReLU() / LeakyReLU() layers): the ReLU
    analyses read 'relu A-B-...' specs and torch models. Nothing happens for any other spec.

    >>> refuse_layer_language_relu("relu 2-3-1")
    >>> refuse_layer_language_relu("layers Linear(2, 3), ReLU(), Linear(3, 1)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    algnet.errors.NotApplicableError: layers Linear(2, 3), ReLU(), Linear(3, 1): the ReLU analyses read a network ...
    """
    from algnet.errors import NotApplicableError

    if spec.strip().lower().startswith("layers") and "relu" in spec.lower():
        raise NotApplicableError(f"{spec}: the ReLU analyses read a network given as 'relu A-B-...' or as a torch "
                                 "model, not in the layer language",
                                 hint="write a fully connected ReLU network as 'relu 2-3-1' (with --seed or "
                                      "--weights), or save the model with torch.save and give --torch MODEL.pt")
