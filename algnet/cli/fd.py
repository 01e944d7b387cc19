"""``algnet fd``: exact functional dimension of a ReLU network, or batch functional dimension of a trained model."""

from __future__ import annotations

import json
import time

from algnet.cli._common import load_point_rows
from algnet.cli._relu_common import (add_weight_args, check_time_limit_flag, has_torch, model_from_args,
                                     network_and_weights, slice_from_args)


def register(sub):
    p = sub.add_parser("fd", help="exact (batch) functional dimension of a ReLU network or trained model",
                       description="Exact rank of the Jacobian of theta -> (F_theta(z))_z: for random inputs Z "
                                   "(batch functional dimension) and, when the input space is 1-D or 2-D (or a "
                                   "--slice is given), for a decisive set built from the exact regions. With --torch "
                                   "MODEL.pt: the batch functional dimension of the model at the points of --data "
                                   "FILE.npz, or at random inputs (--batch, --points-seed; the input shape from the "
                                   "first Linear layer or --input-shape) (rank mod p, a proved lower bound, with the "
                                   "float64 rank beside it). Shared (tied) weights and PReLU slopes are parameters.")
    add_weight_args(p)
    p.add_argument("--data", default=None, help="inputs Z of the batch functional dimension (.npz, array X, one row "
                                                "per point; instead of random inputs)")
    p.add_argument("--batch", type=int, default=None, help="number of random inputs Z (default 2 ceil(D / n_out)); "
                                                         "with --data: use the first BATCH points")
    p.add_argument("--points-seed", type=int, default=1, help="seed of the random inputs Z (default 1)")
    p.add_argument("--max-regions", type=int, default=200_000, help="limit for the region enumeration")
    p.add_argument("--exact", choices=("auto", "always", "never"), default="auto",
                   help="exact rank over QQ: always, when small (auto, default), or never (modular lower bound)")
    p.add_argument("--float", dest="float_check", action="store_true", default=None,
                   help="always compare with numpy's float64 SVD rank (default: small Jacobians only)")
    p.add_argument("--force", action="store_true",
                   help="run even when the estimated memory exceeds the machine's limit or the estimated time the "
                        "default budget of 600 CPU seconds")
    p.add_argument("--time-limit", type=float, default=None,
                   help="CPU seconds for the whole run, shared by its steps (the batch rank, then the regions "
                        "and their rank, then the spread inputs, each with the time the earlier ones left): a rank "
                        "estimated longer than the time left is refused (instead of the default budget; --force "
                        "does not lift it), and the region enumeration stops when the time is spent: the "
                        "functional dimension from the regions finished by then is a lower bound, marked PARTIAL "
                        "(exit status 3)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _check(args):
    from algnet.errors import ParameterError

    if args.batch is not None and args.batch < 1:
        raise ParameterError(f"--batch {args.batch}", hint="a positive number of inputs")
    if args.points_seed < 0:
        raise ParameterError(f"--points-seed {args.points_seed} is negative", hint="a seed >= 0")
    if args.max_regions < 1:
        raise ParameterError(f"--max-regions {args.max_regions}", hint="a positive limit")
    check_time_limit_flag(args.time_limit)


def run_torch(args, cpu0=None) -> int:
    from algnet.relu.model_fd import model_batch_fd

    cpu0 = time.process_time() if cpu0 is None else cpu0     # the start of the run's --time-limit

    model = _torch_model(args)
    if args.data:
        X = load_point_rows(args)
        if args.batch is not None:
            X = X[: args.batch]
        r = model_batch_fd(model, X, float_check=args.float_check is not False, force=args.force,
                           time_limit=args.time_limit)
        inputs = f"{r.n_points} data points of {args.data}"
    else:   # the input shape is the model's: random inputs, as for a SPEC (was refused: "--data needed")
        from algnet.relu.spread import model_best_batch

        r, inputs = model_best_batch(model, batch=args.batch, seed=args.points_seed, force=args.force,
                                     time_limit=args.time_limit)
    fd, why = _torch_regions_fd(args, model, _time_left(args.time_limit, cpu0))
    d = r.as_dict()
    d["weights"] = f"torch model {args.torch}"
    d["batch_inputs"] = inputs
    d["points_seed"] = None if args.data else args.points_seed
    value, exact, scope = _torch_headline(r, fd, why, inputs)
    d["functional_dimension"], d["functional_dimension_exact"], d["functional_dimension_scope"] = value, exact, scope
    if fd is not None and value != fd.functional_dimension:
        d["regions_functional_dimension"] = fd.functional_dimension     # the slice's own (smaller) lower bound
    d["regions_not_computed"] = None if fd is not None else why     # as for a SPEC
    if model.notes:   # printed in the text, missing from the JSON
        d["notes"] = list(model.notes)
    status = _stopped(d, fd, bool(exact))
    if args.json:
        print(json.dumps(d, indent=1))
        return status
    rel = "=" if r.certified else ">="
    print(f"{r.spec}   (torch model {args.torch})")
    print(f"  batch functional dimension {rel} {r.rank}   ({'exact' if r.certified else 'proved lower bound'}; "
          f"{r.n_points} points, {r.n_rows} rows, {r.parameters} parameters; {r.method}; primes {list(r.primes)})")
    print(f"  inputs: {inputs}")
    if fd is not None:
        print(f"  functional dimension {'=' if exact else '>='} {value}   "
              f"({scope}; {'exact' if exact else 'proved lower bound'})")
        if value != fd.functional_dimension:
            print(f"  rank at the points of the regions of the {'slice' if fd.scope.startswith('2-D') else 'input'}"
                  f": {fd.functional_dimension} ({fd.regions} regions, {fd.batch.n_points} points; a weaker bound)")
    elif not args.data:     # why the decisive set was not used (was only in the JSON)
        print(f"  functional dimension from the regions: not computed ({why.splitlines()[0]})")
    if r.float_rank is not None:
        print(f"  float64 SVD rank on the same points: {r.float_rank}")
    elif getattr(r, "float_note", ""):
        print(f"  float64 SVD rank on the same points: {r.float_note}")
    if r.dropped:
        print(f"  dropped {len(r.dropped)} inputs on region boundaries: {list(r.dropped)[:10]}")
    if model.notes:
        print("  note: " + "; ".join(model.notes))
    if fd is not None and fd.partial:
        print(f"  PARTIAL: the region enumeration stopped at {fd.stopped}"
              + ("" if fd.certified else "; the functional dimension above is a lower bound, not the answer"))
    return status


def _torch_headline(r, fd, why, inputs):
    """The strongest proved statement of a torch run, as ``_headline`` for a SPEC: the functional dimension is at
    least every proved rank (the batch rank at ``inputs`` and the rank at the regions' points, e.g. a slice's); equal
    when the regions certify it or a certified batch rank reaches the bound; (value or None, exact, source)."""
    if fd is None:
        return None, None, why
    src = f"{fd.scope}; {fd.regions} regions, {fd.batch.n_points} points"
    if fd.certified or r.rank <= fd.functional_dimension:
        return fd.functional_dimension, fd.certified, src
    exact = bool(r.certified and r.rank == fd.bound)
    return r.rank, exact, (f"the batch rank at {inputs}" + (" reaches the bound D' (batch FD <= FD <= D')" if exact
                           else f", above the rank {fd.functional_dimension} at the points of the regions ({src})"))


def _torch_regions_fd(args, model, rest=None):
    """(FunctionalDimension or None, why not): without --data, a model on R^1 or R^2 also gets the functional
    dimension from the decisive set of its exact regions, as a SPEC does: a Linear/ReLU MLP with biases by its ReLU
    network's route, any other model (convolutions, pooling, PReLU, no biases, shared weights, ...) by its own
    regions (``model_fd.model_functional_dimension``)."""
    if args.data:
        return None, "not computed with --data (the batch rank at those points)"
    sl = slice_from_args(args, model.input_size)      # --slice had been ignored: 'regions on R^1 or R^2 only'
    if model.input_size > 2 and sl is None:
        return None, (f"regions enumerated on R^1 or R^2 only (this model's inputs: R^{model.input_size}); "
                      "--slice FILE.json for a 2-D slice")
    from algnet.errors import NotApplicableError, NonSmoothPointError, TooLargeError
    from algnet.relu.functional import functional_dimension

    if rest is not None and rest <= 0:
        return None, f"the --time-limit of {args.time_limit:g} s was spent on the batch rank, before the regions"
    try:
        return functional_dimension(model, slice=sl, max_regions=args.max_regions, force=args.force,
                                    time_limit=rest), ""
    except (NotApplicableError, TooLargeError, NonSmoothPointError) as e:
        return None, e.message + _time_left_note(args.time_limit, rest)
    except KeyboardInterrupt:   # the batch rank is finished: keep it
        return None, "interrupted during the region enumeration"


def _torch_model(args):
    """The model of --torch; a model whose input shape is unknown (its first layer is no Linear) and no --data:
    refused with the two ways to give the shape."""
    from algnet.errors import ParameterError

    try:
        return model_from_args(args)
    except ParameterError as e:
        if args.data or args.input_shape or "input shape" not in e.message:
            raise
        raise ParameterError(f"{args.torch}: the input shape of this model is not known from its layers (its first "
                             "layer is not Linear), so no random inputs can be drawn",
                             hint=f"algnet fd --torch {args.torch} --input-shape C,H,W (random inputs of that shape) "
                                  "or --data FILE.npz (the points' shape)") from None


def _data_inputs(args):
    """The points of --data (the first --batch of them) for a SPEC, or None without --data."""
    if not args.data:
        return None
    X = load_point_rows(args)
    return X[: args.batch] if args.batch is not None else X


def _relu_spec(spec):
    from algnet.architectures.spec import parse_relu_spec
    from algnet.cli._relu_common import refuse_layer_language_relu

    refuse_layer_language_relu(spec)
    return parse_relu_spec(spec, "not a ReLU network")


def run(args) -> int:
    from algnet.errors import NotApplicableError, TooLargeError
    from algnet.guards_fd import check_fd
    from algnet.relu.functional import batch_functional_dimension, functional_dimension

    _check(args)
    cpu0 = time.process_time()     # one --time-limit for the whole run: each step gets what the earlier ones left
    if has_torch(args):
        return run_torch(args, cpu0)
    Z = _data_inputs(args)   # --data with a SPEC: the batch FD at those points (it was silently ignored)
    if args.spec is not None:  # refuse sizes that cannot fit, in milliseconds, before any weight is drawn
        check_fd(_relu_spec(args.spec), args.batch if Z is None else len(Z), force=args.force,
                 time_limit=args.time_limit)
    net, theta, source = network_and_weights(args)   # no --seed: one drawn, used and recorded (JSON "seed")
    sl = slice_from_args(args, net.widths[0])
    if Z is not None and Z.shape[1] != net.widths[0]:
        from algnet.errors import ParameterError

        raise ParameterError(f"--data {args.data}: the points have {Z.shape[1]} coordinates, {net.spec} takes "
                             f"{net.widths[0]}", hint="one row per input point")
    b = batch_functional_dimension(net, theta, Z, batch=None if Z is not None else args.batch, seed=args.points_seed,
                                   exact=args.exact, on_nonsmooth="drop", float_check=args.float_check,
                                   force=args.force, time_limit=args.time_limit)
    inputs = (f"{b.n_points} data points of {args.data}" if Z is not None
              else f"{b.n_points} random inputs (seed {args.points_seed})")
    fd, why, partial = None, "", False
    rest = _time_left(args.time_limit, cpu0)
    try:
        if rest is not None and rest <= 0:
            why = f"the --time-limit of {args.time_limit:g} s was spent on the batch rank, before the regions"
        else:
            fd = functional_dimension(net, theta, slice=sl, max_regions=args.max_regions, exact=args.exact,
                                      float_check=args.float_check, force=args.force, time_limit=rest)
    except (NotApplicableError, TooLargeError) as e:
        why = e.message + _time_left_note(args.time_limit, rest)
    except KeyboardInterrupt:   # the batch rank is finished and proved: keep it, as a lower bound (was: nothing)
        why, partial = "interrupted during the region enumeration", True
    spread = _spread(args, net, theta, b, fd, Z, partial, _time_left(args.time_limit, cpu0))
    fd_value, fd_exact, fd_src = _headline(net, theta, b, fd, why, partial, inputs, spread)
    if spread is not None and spread.rank <= b.rank:
        fd_src += f"; no higher at {spread.n_points} inputs spread over boxes of radius 2 to 8192"
    out = _record(args, net, source, b, fd, fd_value, fd_exact, fd_src, inputs, Z, partial)
    out["spread_batch_rank"] = spread.rank if spread is not None else None
    out["regions_not_computed"] = None if fd is not None else (why or "not computed")
    status = _stopped(out, fd, fd_exact)
    if partial:
        import sys

        from algnet.cli._common import EXIT_INTERRUPTED

        print("algnet: interrupted", file=sys.stderr)
        status = EXIT_INTERRUPTED
    if args.json:
        print(json.dumps(out, indent=1))
        return status
    _print_text(net, source, sl, b, fd, fd_value, fd_exact, fd_src, inputs)
    if fd is None:          # why the regions' functional dimension is missing (as the JSON's regions_not_computed)
        print(f"  functional dimension from the regions: not computed ({out['regions_not_computed'].splitlines()[0]})")
    return status


def _stopped(out: dict, fd, fd_exact: bool) -> int:
    """The exit status of regions cut short by --time-limit (EXIT_PARTIAL when the value printed is then a lower
    bound only, else 0), marked in the JSON record ``out``."""
    from algnet.cli._common import EXIT_PARTIAL

    if fd is None or not fd.partial:
        return 0
    out["regions_partial"] = f"stopped at {fd.stopped}"
    if fd_exact:
        return 0
    out["partial"], out["partial_reason"] = True, f"regions stopped at {fd.stopped}: a lower bound"
    return EXIT_PARTIAL


def _time_left(time_limit, cpu0):
    """The CPU seconds of ``time_limit`` (None: no limit) left since ``cpu0`` (``time.process_time()``); <= 0 when
    spent.

    Examples
    --------
    >>> _time_left(None, 0.0) is None, _time_left(10.0, time.process_time()) > 9
    (True, True)
    """
    return None if time_limit is None else time_limit - (time.process_time() - cpu0)


def _time_left_note(time_limit, rest) -> str:
    """The words added to a refusal under a time limit that earlier steps had partly spent."""
    if time_limit is None or rest is None or rest >= time_limit:
        return ""
    return f" ({max(rest, 0.0):.3g} s of the --time-limit {time_limit:g} s were left after the batch rank)"


def _spread(args, net, theta, b, fd, Z, partial, rest=None):
    """Without regions (input dimension >= 3, no --slice) and below D': the batch rank at random inputs spread
    over boxes of radius 2 .. 8192 (algnet.relu.spread), a better proved lower bound; None otherwise, and when
    ``rest`` (the CPU seconds left of --time-limit) is spent or shorter than its estimate. (Was: only the inputs
    of [-2, 2]^n_0, e.g. relu 3-3-2-1 --seed 3: FD >= 6 printed, FD = D' = 18 reached far out.)"""
    if fd is not None or Z is not None or partial or b.rank >= net.dimension_bound:
        return None
    if rest is not None and rest <= 0:
        return None
    from algnet.errors import TooLargeError
    from algnet.relu.spread import spread_functional_dimension

    try:
        return spread_functional_dimension(net, theta, batch=args.batch, seed=args.points_seed, exact=args.exact,
                                           force=args.force, time_limit=rest)
    except KeyboardInterrupt:   # an extra bound: the batch rank found before it stands
        return None
    except TooLargeError:       # refused by its estimate (the time left, or the size): the batch rank stands
        if rest is None:
            raise
        return None


def _headline(net, theta, b, fd, why, partial, inputs, spread=None):
    """The strongest proved statement: FD >= every proved batch rank, FD = value when certified, with the
    computation it comes from (a batch rank above a slice's is not printed with the slice's scope);
    (value, exact, source)."""
    fd_src = f"{fd.scope}; {fd.regions} regions, {fd.batch.n_points} points" if fd is not None else ""
    if fd is not None and fd.certified:
        return fd.functional_dimension, True, fd_src
    if spread is not None and spread.rank > b.rank:
        exact = spread.certified and spread.rank == net.dimension_bound
        return spread.rank, exact, (f"the batch rank at {spread.n_points} random inputs spread over boxes of radius "
                                    f"2 to 8192 (algnet.relu.spread; seed {b.seed})"
                                    + (" reaches the bound D'" if exact else "; " + why if why else ""))
    cands = [fd.functional_dimension if fd else None, b.rank]
    fd_value = max(c for c in cands if c is not None)
    fd_exact = b.certified and b.rank == net.dimension_bound and not partial
    pruned = False
    if b.certified and not fd_exact and not partial and b.rank < net.dimension_bound:
        from algnet.relu.kinks import pruned_bound

        fd_exact = pruned = b.rank == pruned_bound(net, theta)     # pruned / dead units: a smaller bound
    if fd_exact:
        fd_src = (f"the batch rank at {inputs} reaches the bound D' (batch FD <= FD <= D')" if not pruned else
                  f"the batch rank {b.rank} at {inputs} reaches the bound {b.rank}, D' = {net.dimension_bound} "
                  "lowered by the zero columns of the units pruned or dead at every input (batch FD <= FD <= that "
                  "bound)")
    elif fd is None or b.rank > fd.functional_dimension:
        fd_src = f"the batch rank at {inputs}" + (f"; {why}" if why else "")
    return fd_value, fd_exact, fd_src


def _record(args, net, source, b, fd, fd_value, fd_exact, fd_src, inputs, Z, partial) -> dict:
    """The JSON record of a run."""
    return {"spec": net.spec, "weights": source, "parameters": net.n_params, "bound": net.dimension_bound,
            "functional_dimension": fd_value,
            "functional_dimension_scope": fd_src,
            "regions": fd.regions if fd else None,
            "batch_functional_dimension": b.rank, "batch_points": b.n_points,
            "batch_exact": b.certified, "batch_method": b.method,
            "exact": fd_exact, "certified": fd_exact,
            "method": (fd.batch.method if fd else b.method),
            "gap": net.dimension_bound - fd_value,
            "float64_rank": (fd.batch.float_rank if fd else b.float_rank),
            "float64_batch_rank": b.float_rank, "points_seed": None if Z is not None else args.points_seed,
            **({"float64_batch_note": b.float_note} if getattr(b, "float_note", "") else {}),
            "batch_inputs": inputs,
            "seed": None if args.weights else args.seed,
            "dropped_nonsmooth_inputs": list(b.dropped), "unused_zero_neuron_inputs": list(b.unused_zero_neurons),
            "primes": list(b.primes), "partial": partial}


def _print_text(net, source, sl, b, fd, fd_value, fd_exact, fd_src, inputs):
    """The text report of a run."""
    rel = "=" if fd_exact else ">="
    print(f"{net.spec}   ({source})")
    print(f"  parameters D = {net.n_params}, bound D' = {net.dimension_bound}")
    print(f"  functional dimension {rel} {fd_value}  ({'exact' if fd_exact else 'proved lower bound'}; {fd_src})")
    if fd is not None and fd.functional_dimension != fd_value:
        where = "the regions finished (PARTIAL)" if fd.partial else "every region"
        print(f"  rank at the points of {where} of the {'slice' if sl is not None else 'input space'}: "
              f"{fd.functional_dimension} ({fd.regions} regions, {fd.batch.n_points} points)")
    if fd is not None and fd.partial:
        print(f"  PARTIAL: the region enumeration stopped at {fd.stopped}"
              + ("" if fd_exact else "; the functional dimension above is a lower bound, not the answer"))
    if fd is not None and fd.batch.float_rank is not None:
        print(f"  float64 SVD rank on the {'decisive' if sl is None else 'slice'} points: {fd.batch.float_rank}"
              + ("" if fd.batch.float_rank == fd.functional_dimension else "   <-- floating point is wrong"))
    print(f"  batch functional dimension, {inputs} = {b.rank}  "
          f"({'exact' if b.certified else 'proved lower bound'}; {b.method})")
    if b.float_rank is not None:
        print(f"  float64 SVD rank on the same inputs: {b.float_rank} (threshold {b.float_tol:.3g})")
    elif getattr(b, "float_note", ""):
        print(f"  float64 SVD rank on the same inputs: {b.float_note}")
    if b.dropped:
        print(f"  dropped {len(b.dropped)} non-smooth inputs: {list(b.dropped)[:10]}")
    if b.unused_zero_neurons:
        print(f"  {len(b.unused_zero_neurons)} inputs have a zero pre-activation at a neuron F does not see (pruned): "
              "differentiable there, kept")
