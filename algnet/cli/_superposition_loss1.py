"""``algnet superposition loss1``: critical points and Hessian of the 1-sparse loss on the command line."""

from __future__ import annotations

import json
import os

import numpy as np

from algnet.errors import ParameterError


def register_loss1(subs):
    """Add the sub-command ``loss1`` to the sub-parsers of ``algnet superposition``; returns its parser.

    Examples
    --------
    >>> import argparse
    >>> s = register_loss1(argparse.ArgumentParser().add_subparsers())
    >>> args = s.parse_args(["--polygon", "5"])
    >>> args.polygon, args.radius2, args.copies, args.func is run_loss1
    (5, '1', 1, True)
    """
    s = subs.add_parser("loss1", help="is (W, b) a critical point / strict local minimum of the 1-sparse loss L_1?",
                        description="Closed-form L_1 (one active feature, uniform on [0,1]) on its ReLU piece: "
                                    "value, gradient, Hessian inertia modulo O(m). Exact over QQ for rational "
                                    "weights or exact polygons; floats are analysed numerically (or exactly at "
                                    "their binary values with --exact).")
    src = s.add_mutually_exclusive_group(required=True)
    src.add_argument("--weights", metavar="FILE.npz", help="arrays W (m x n), b (n) and optionally importance")
    src.add_argument("--polygon", type=int, metavar="N", help="the regular N-gon, exactly (N in 2,3,4,5,6,8,10,12)")
    s.add_argument("--radius2", default="1", help="--polygon: squared norm of the features (rational, default 1)")
    s.add_argument("--bias", default="0",
                   help="--polygon: bias of every feature (rational, default 0; negative: --bias=-1/4)")
    s.add_argument("--thomson-regime", action="store_true",
                   help="restrict to unit norms and fixed biases (the Thomson regime: L_1 is then a Thomson-type "
                        "energy)")
    s.add_argument("--l0-weight", default="0", help="minimise L_1 + WEIGHT * L_0 (default 0)")
    s.add_argument("--exact", action="store_true", help="analyse float weights exactly at their binary values")
    s.add_argument("--certify", action="store_true",
                   help="--polygon: certify the optimal (norm, bias) polygon in ball arithmetic")
    s.add_argument("--copies", type=int, default=1, metavar="K",
                   help="--certify: direct sum of K optimal polygons (are direct sums minima of L_1?)")
    s.add_argument("--extra-dims", type=int, default=0, metavar="E",
                   help="--certify: E further free hidden dimensions")
    s.add_argument("--full-loss", type=float, default=None, metavar="S",
                   help="also test the full expected loss at sparsity S numerically (Monte Carlo)")
    s.add_argument("--polish", type=int, default=0, metavar="K",
                   help="--full-loss: first take up to K damped Newton steps on the fixed sample")
    s.add_argument("--seed", type=int, default=None, help="seed of the Monte Carlo sample of --full-loss")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.set_defaults(func=run_loss1)
    return s


def _read_weights(path):
    """(W, b, importance or None) from an .npz file; any file that is not such an .npz (empty, truncated, not a
    zip, pickled) is refused with what it is, not a traceback (an empty file raised EOFError, a truncated one
    zipfile.BadZipFile).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "w.npz")
    >>> _ = open(path, "wb").write(b"PK\\x03\\x04 truncated")
    >>> _read_weights(path)                     # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: --weights ...w.npz cannot be read as an .npz file (BadZipFile: ...)
      hint: ...
    """
    hint = "--weights FILE.npz with arrays W (m x n) and b (n), e.g. written by 'algnet superposition --save FILE.npz'"
    if not os.path.isfile(path):
        raise ParameterError(f"no weights file {path}", hint=hint)
    if os.path.getsize(path) == 0:
        raise ParameterError(f"--weights {path} is empty", hint=hint)
    try:
        z = np.load(path, allow_pickle=False)
        if not hasattr(z, "files"):             # an .npy file: one array
            raise ParameterError(f"--weights {path} holds one array, not W and b", hint=hint)
        if "W" not in z.files or "b" not in z.files:
            raise ParameterError(f"{path!r} has arrays {z.files}, not W and b",
                                 hint="save with numpy.savez(FILE, W=W, b=b) or 'algnet superposition --save "
                                      "FILE.npz'")
        return z["W"], z["b"], (z["importance"] if "importance" in z.files else None)
    except ParameterError:
        raise
    except Exception as e:      # not an npz, truncated, corrupt member, pickled arrays
        what = ("is not an .npz file" if "magic string" in str(e) or "pickled" in str(e) else
                f"cannot be read as an .npz file ({type(e).__name__}: {str(e)[:160]})")
        raise ParameterError(f"--weights {path} {what}", hint=hint) from None


def _rational(text, name):
    from algnet.superposition.exact import to_fmpq

    try:
        return to_fmpq(str(text))
    except (ValueError, ZeroDivisionError):
        raise ParameterError(f"--{name} {text!r} is not a rational number", hint=f"e.g. --{name} 1/2") from None


def _loss1_fields(out: dict, cut: bool) -> dict:
    """The top-level ``method``, ``seed``, ``certified`` and ``partial`` of ``loss1 --json``, from its parts:
    certified only when every part computed is; the seed of the full loss's Monte Carlo sample (None when no
    part drew random numbers).

    Examples
    --------
    >>> part = {"method": "exact", "certified": True, "seed": None, "partial": False}
    >>> _loss1_fields({"loss1": part, "full_loss": dict(part, method="Monte Carlo", certified=False, seed=7)}, False)
    {'method': 'exact; Monte Carlo', 'seed': 7, 'certified': False, 'partial': False}
    """
    parts = [v for v in out.values() if isinstance(v, dict)]
    seeds = [p["seed"] for p in parts if p.get("seed") is not None]
    return {"method": "; ".join(p["method"] for p in parts), "seed": seeds[0] if seeds else None,
            "certified": not cut and all(p["certified"] for p in parts),
            "partial": cut or any(p["partial"] for p in parts)}


def _approx(x) -> str:
    """An exact value to 10 digits, or in words when beyond float64 (weights near 1e300 analysed exactly).

    Examples
    --------
    >>> from fractions import Fraction
    >>> _approx(Fraction(1, 3)), _approx(Fraction(10**400, 3))
    ('0.3333333333', 'beyond float64')
    """
    try:
        return f"{float(x):.10g}"
    except OverflowError:
        return "beyond float64"


def _check_sum_options(args) -> None:
    """Refuse --copies / --extra-dims / --polish out of range or without the step they belong to (they were
    silently ignored: --copies 0, --copies -1 and --polish -1 ran the plain analysis without a word)."""
    if args.copies < 1:
        raise ParameterError(f"--copies {args.copies}: the number of polygons in the direct sum is at least 1",
                             hint="--copies 2 (two orthogonal copies of the optimal polygon), with --certify")
    if args.extra_dims < 0:
        raise ParameterError(f"--extra-dims {args.extra_dims}: the number of further hidden dimensions is at least 0",
                             hint="--extra-dims 1 (one free hidden dimension besides the polygons' planes)")
    if args.full_loss is not None and not 0 < args.full_loss < 1:     # the library's hint named --sparsity
        raise ParameterError(f"--full-loss {args.full_loss:g}: the sparsity S of the full loss is in (0, 1), the "
                             "probability that a feature is 0", hint="--full-loss 0.9")
    if args.polish < 0 or (args.polish and args.full_loss is None):
        raise ParameterError(f"--polish {args.polish}: the number of Newton steps before the full loss is at least 0, "
                             "and it needs --full-loss S", hint="--full-loss 0.9 --polish 5")
    if (args.copies != 1 or args.extra_dims != 0) and not (args.certify and args.polygon is not None):
        raise ParameterError("--copies and --extra-dims are options of the direct-sum certificate: they need "
                             "--polygon N --certify", hint="algnet superposition loss1 --polygon 5 --certify "
                                                           "--copies 2")


def run_loss1(args) -> int:
    """Run ``algnet superposition loss1``: the exact 1-sparse loss, certificates and the full loss as asked."""
    from algnet.superposition.loss1 import loss1_analysis, polygon_analysis

    from algnet.cli._common import later_step

    from algnet.superposition.loss1 import check_l0_weight

    lam = check_l0_weight(_rational(args.l0_weight, "l0-weight"), "--l0-weight")
    kw = dict(l0_weight=lam, unit_norm=args.thomson_regime, fix_bias=args.thomson_regime)
    cert = full = sum_cert = None
    cut = False     # Ctrl-C in a step after the exact loss (certificates, full loss): what was finished is printed
    _check_sum_options(args)
    if args.polygon is not None:
        r = polygon_analysis(args.polygon, radius2=_rational(args.radius2, "radius2"),
                             bias=_rational(args.bias, "bias"), **kw)
        if args.certify and (args.copies > 1 or args.extra_dims > 0) and lam != 0:
            raise ParameterError("--copies/--extra-dims certify L_1 only",
                                 hint="drop --l0-weight (the optimal biases are negative, L_0 vanishes)")
        if args.certify:
            from algnet.superposition.certify import certify_polygon_minimum

            cert, cut = later_step(certify_polygon_minimum, args.polygon, l0_weight=float(lam))
            if (args.copies > 1 or args.extra_dims > 0) and not cut:
                from algnet.superposition.certify import certify_polygon_sum

                sum_cert, cut = later_step(certify_polygon_sum, args.polygon, copies=args.copies,
                                           extra_dims=args.extra_dims)
        W = b = None
    else:
        if args.certify:
            raise ParameterError("--certify works with --polygon N", hint="algnet superposition loss1 --polygon 5 "
                                                                          "--certify")
        W, b, I = _read_weights(args.weights)
        r = loss1_analysis(W, b, I, exact=True if args.exact else None, **kw)
    if args.full_loss is not None and not cut:
        from algnet.superposition.fullloss import full_loss_analysis

        if W is None:
            from algnet.superposition.polytopes import regular_polygon

            W = regular_polygon(args.polygon) * np.sqrt(float(_rational(args.radius2, "radius2")))
            b = np.full(args.polygon, float(_rational(args.bias, "bias")))
            I = None
        full, cut = later_step(full_loss_analysis, W, b, args.full_loss, I, seed=args.seed, polish=args.polish)
    if args.json:
        out = {"loss1": r.as_dict(), "certificate": cert.as_dict() if cert else None,
               "direct_sum_certificate": sum_cert.as_dict() if sum_cert else None,
               "full_loss": full.as_dict() if full else None}
        out.update(_loss1_fields(out, cut))
        if cut:
            out["partial_reason"] = "interrupted: the parts given as null were not finished"
        print(json.dumps(out, indent=1, default=str))
        return 130 if cut else 0
    if cut:
        asked = (("the certificate", args.certify, cert),
                 ("the direct-sum certificate", args.certify and (args.copies > 1 or args.extra_dims > 0), sum_cert),
                 ("the full loss", args.full_loss is not None, full))
        print("PARTIAL (interrupted): the 1-sparse loss below is complete; not finished: "
              + ", ".join(what for what, wanted, got in asked if wanted and got is None))
    print(f"1-sparse loss F = L_1{' + ' + str(lam) + ' L_0' if lam else ''} over {r.field}"
          + (f", restricted to {r.constraint}" if r.constraint != "none" else "") + f": n={r.n}, m={r.m}")
    exact_text = str(r.value)
    if r.field == "float":
        print(f"value {r.value:.10g}")
    elif len(exact_text) <= 80:
        print(f"value {exact_text} (= {_approx(r.value)})")
    else:
        print(f"value {_approx(r.value)} (exact value has {len(exact_text)} characters; see --json)")
    print(f"gradient norm {r.gradient_norm:.3g}: {'critical point' if r.stationary else 'NOT a critical point'}")
    if r.inertia:
        print(f"Hessian inertia (positive, zero, negative) = {r.inertia}; O(m) orbit dimension {r.symmetry_dimension}")
    print(f"verdict: {r.verdict}" + (f"  (non-smooth terms dropped: {', '.join(r.dropped_terms)})"
                                     if r.dropped_terms else ""))
    print(f"[{r.evidence.status}: {r.evidence.proves}]")
    if cert:
        print(f"certificate: {cert.evidence.proves}; value in {cert.value}  [{cert.evidence.status}]")
    if sum_cert:
        print(f"direct sum: {sum_cert.evidence.proves}  [{sum_cert.evidence.status}]")
    if full:
        print(f"full loss at S={full.sparsity} (Monte Carlo {full.samples} samples, seed {full.seed}): "
              f"value {full.value:.6g}, gradient norm {full.gradient_norm:.3g}; {full.verdict}  "
              f"[{full.evidence.status}]")
    return 130 if cut else 0
