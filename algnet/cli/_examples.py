"""Examples shown at the end of ``algnet --help`` and of every sub-command's ``--help``.

Each command line here runs as written (``tests/test_cli_help_examples.py`` runs them in a temporary directory that
holds the input files they name: ``points.npz``, an array ``X`` of 50 points in the plane, made by the first example
of ``local-complexity``); keep them small (seconds) and keep the sweep's store before the commands that read it.
"""

from __future__ import annotations

import argparse

#: sub-command (a nested one as "superposition thomson") -> example command lines, each with a comment
EXAMPLES = {
    "": [("algnet dim \"dense 3-2-1 r=2\" --seed 0", "dimension of a network's neuromanifold"),
         ("algnet implicit \"linear 3-1-2\" --max-degree 2", "its equations"),
         ("algnet fd \"relu 2-5-3-1\" --seed 0", "functional dimension of a ReLU network"),
         ("algnet verify --quick", "recompute the published theorems on small cases"),
         ("algnet COMMAND --help", "the options of one command")],
    "critical": [("algnet critical \"linear 2-1-2\" --loss frobenius --seed 0", "Eckart-Young: 3 critical points"),
                 ("algnet critical \"conv k=2,2 r=2\" --seed 0 --json", "generic loss, as JSON")],
    "degree": [("algnet degree \"linear 4-2-3\" --method formula", "3x4 matrices of rank <= 2: degree 6"),
               ("algnet degree \"linear 3-1-3\" --method monodromy --seed 0",
                "monodromy and trace test (auto takes the theorem's degree; compiles on first use)")],
    "dim": [("algnet dim \"dense 3-2-1 r=2\" --seed 0", "a defective case: dimension 5, expected 6"),
            ("algnet dim \"linear 4-2-3\" --json", "JSON with the seed drawn")],
    "ed-degree": [("algnet ed-degree \"linear 3-2-3\"", "Eckart-Young: binom(3, 2) = 3"),
                  ("algnet ed-degree \"linear 2-1-2\" --metric generic --seed 0", "P1 x P1: generic ED degree 6")],
    "fd": [("algnet fd \"relu 2-5-3-1\" --seed 0", "exact, on a decisive set of the plane"),
           ("algnet fd \"relu 3-4-1\" --exact always --json", "batch functional dimension over QQ, as JSON")],
    "fibers": [("algnet fibers \"dense 2-2-2 r=2\" --seed 0", "2 fiber points: the known sign symmetries"),
               ("algnet fibers \"linear 2-1-2\" --json", "")],
    "hilbert": [("algnet hilbert \"linear 3-1-2\" --up-to 4", "2x3 matrices of rank <= 1: Hilbert polynomial"),
                ("algnet hilbert \"linear 3-1-2\" --up-to 4 --json", "")],
    "implicit": [("algnet implicit \"linear 3-1-2\" --max-degree 2", "the three 2x2 minors"),
                 ("algnet implicit \"dense 2-2-3 r=2\" -d 3 --format m2 --seed 0", "a Macaulay2 script")],
    "local-complexity": [("python -c \"import numpy as np; np.savez('points.npz', X=np.random.rand(50, 2))\"",
                          "50 points in the plane"),
                         ("algnet local-complexity \"relu 2-8-1\" --data points.npz --radius 0.1 --seed 0", "")],
    "plot-training": [("algnet plot-training training.sqlite --out curves.png",
                       "a store written by algnet.relu.training.TrainingRecorder(db='training.sqlite')")],
    "regions": [("algnet regions \"relu 2-16-16-1\" --seed 0 --plane --plot regions.png", "567 regions"),
                ("algnet regions \"relu 2-5-1\" --box=-2,2,-2,2 --json", "")],
    "singular": [("algnet singular \"linear 3-2-3\" --seed 0", "rank <= 1 matrices are the singular points"),
                 ("algnet singular \"conv k=2,2 r=2\" --seed 0 --json", "")],
    "superposition": [("algnet superposition --n 5 --m 2 --steps 500 --seed 0", "5 features in 2 dimensions"),
                      ("algnet superposition thomson --n 12 --m 3 --seed 0", "the icosahedron"),
                      ("algnet superposition loss1 --polygon 5", "")],
    "superposition thomson": [("algnet superposition thomson --n 12 --m 3 --seed 0", "the icosahedron")],
    "superposition loss1": [("algnet superposition loss1 --polygon 5 --bias=-1/4", "exactly, over Q(sqrt 5)")],
    "sweep": [("algnet sweep dim --grid \"dense {2..3}-{1..2}-1 r={2,3}\" --seeds 0..1 --db dims.sqlite", ""),
              ("algnet sweep summary --db dims.sqlite", "one row per architecture"),
              ("algnet sweep export --db dims.sqlite --format csv --out dims.csv", "one row per task")],
    "sweep-plot": [("algnet sweep-plot --db dims.sqlite --analysis dim --out defects.png",
                    "after the first example of 'algnet sweep --help'")],
    "verify": [("algnet verify --list --quick", "the theorems, and how many cases each"),
               ("algnet verify --quick", "small cases only (seconds, after the first compile)"),
               ("algnet verify --only determinantal --json", "")],
    "voronoi": [("algnet voronoi \"conv k=2,2 r=2\" --samples 200 --plot landing.png", "")],
}

#: a description for the sub-commands registered without one (``--help`` showed only the options)
DESCRIPTIONS = {
    "implicit": "Equations of the neuromanifold of SPEC (or of the polynomial map in --map FILE) degree by degree "
                "up to --max-degree: kernels of evaluation matrices at points of M sampled over GF(p), lifted to "
                "QQ (Chinese remaindering, rational reconstruction), every equation verified exactly at fresh "
                "rational points of M.",
    "verify": "Recompute published theorems (determinantal varieties, polynomial, convolutional and attention "
              "networks, ReLU networks, ...) on small cases with algnet's own methods; print computed and "
              "predicted side by side, each row with its source (the 'source' field of --json). Exit status 1 if "
              "a row disagrees.",
}


def epilog(command: str) -> str:
    """The ``examples:`` block of ``command``'s help (empty when it has none).

    Examples
    --------
    >>> print(epilog("ed-degree"))
    examples:
      algnet ed-degree "linear 3-2-3"
          Eckart-Young: binom(3, 2) = 3
      algnet ed-degree "linear 2-1-2" --metric generic --seed 0
          P1 x P1: generic ED degree 6
    """
    lines = []
    for cmd, note in EXAMPLES.get(command, ()):
        lines.append(f"  {cmd}")
        if note:
            lines.append(f"      {note}")
    return "examples:\n" + "\n".join(lines) if lines else ""


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, keeping the indented lines of a description or epilog (the examples) as written;
    the other paragraphs are wrapped as usual.

    Examples
    --------
    >>> p = argparse.ArgumentParser(prog="x", description="Wrapped text.", epilog=epilog("ed-degree"),
    ...                             formatter_class=HelpFormatter)
    >>> '  algnet ed-degree "linear 3-2-3"\\n' in p.format_help()
    True
    """

    def _fill_text(self, text, width, indent):
        out, para = [], []

        def flush():
            if para:
                out.append(super(HelpFormatter, self)._fill_text(" ".join(para), width, indent))
                para.clear()

        for line in text.splitlines():
            if line.startswith(" "):
                flush()
                out.append(indent + line)
            else:
                para.append(line)
        flush()
        return "\n".join(out)


#: the same kind of value shows the same placeholder in every usage line (argparse's default is the option's
#: name in capitals: --weights WEIGHTS, --data DATA, --time-limit TIME_LIMIT)
METAVARS = {"--data": "FILE.npz", "--weights": "FILE", "--slice": "FILE.json", "--plot": "FILE", "--out": "FILE",
            "--db": "FILE", "--time-limit": "SECONDS", "--fiber-time": "SECONDS", "--max-seconds": "SECONDS",
            "--box": "XMIN,XMAX,YMIN,YMAX", "--seeds": "A..B", "--points-seed": "SEED"}


def _placeholders(parser) -> None:
    for a in parser._actions:
        if a.metavar is None and a.nargs != 0 and a.choices is None:
            if a.option_strings:
                a.metavar = next((METAVARS[f] for f in a.option_strings if f in METAVARS), None)
            elif a.dest == "spec":
                a.metavar = "SPEC"


def decorate(parser: argparse.ArgumentParser, command: str = "") -> None:
    """Give ``parser`` (the top-level one for ``command`` "") and its sub-commands, recursively, their examples,
    missing descriptions and the placeholders of :data:`METAVARS`, with :class:`HelpFormatter`.

    Examples
    --------
    >>> from algnet.cli import build_parser
    >>> "algnet verify --quick" in build_parser().format_help()
    True
    """
    parser.formatter_class = HelpFormatter
    _placeholders(parser)
    if not parser.description and command in DESCRIPTIONS:
        parser.description = DESCRIPTIONS[command]
    if not parser.epilog:
        parser.epilog = epilog(command) or None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if sub.prog.split()[-1] == name:          # once per parser, not again under an alias (dimension)
                    decorate(sub, f"{command} {name}".strip())
