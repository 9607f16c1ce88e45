"""``symconv check``: compare a hand-written matrix, entry rule or expansion with a layer; say what is wrong.

Exit status 0 when the candidate is right, 1 when it is wrong (the report on stdout), 2 when it
cannot be read (one line on stderr with the file, line and column).
"""

from __future__ import annotations

import argparse
import sys

from ..errors import ReadError
from .options import Outcome, SymconvUsage, add_layer_options, input_from_args, layer_from_args

NAME = "check"
HELP = "check a hand-written matrix, entry rule or expansion against a layer"
DESCRIPTION = ("Compare a hand derivation with the layer's truth: a matrix M (the question's bracket rows, "
               "Python lists or LaTeX), an entry rule for M[s, t] in the layer's letters, or the expansion "
               "y' = M x' (for --input-values, else for the symbolic input). Exit 0 when it is right, 1 when "
               "it is wrong (the report says where and, when it can be confirmed, why), 2 when it cannot be read.")


def configure(parser: argparse.ArgumentParser) -> None:
    add_layer_options(parser)
    candidate = parser.add_argument_group("candidate (one of)")
    which = candidate.add_mutually_exclusive_group(required=True)
    which.add_argument("--matrix", metavar="FILE", help="a file holding M ('-' for standard input)")
    which.add_argument("--formula", metavar="FILE",
                       help="a file holding an entry rule, e.g. M[s, t] = K[u, i, j - v, k - w] if "
                            "0 <= j - v < P and 0 <= k - w < Q, else 0")
    which.add_argument("--expansion", metavar="FILE", help="a file holding y' = M x' (a list) or y (nested)")
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=["text", "latex"], default="text", help="text (default) or latex")
    output.add_argument("--standalone", action="store_true", help="with --format latex: a whole document")
    output.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    output.add_argument("--force", action="store_true", help="check even a matrix above the size limit")


def _read(path: str, flag: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise SymconvUsage(f"cannot read {flag} {path!r}: {error}") from None


def run(args: argparse.Namespace) -> Outcome:
    from ..checking import check

    layer = layer_from_args(args)
    x = input_from_args(args, layer)
    kind, flag, path = next((kind, f"--{kind}", getattr(args, name)) for kind, name in
                            (("matrix", "matrix"), ("formula", "formula"), ("expansion", "expansion"))
                            if getattr(args, name) is not None)
    if args.standalone and args.format != "latex":
        raise SymconvUsage("--standalone needs --format latex (a LaTeX document)")
    text = _read(path, flag)
    try:
        report = check(layer, text, x=x, kind=kind, force=args.force)
    except ReadError as error:
        raise SymconvUsage(f"{flag} {path}: {error}") from None
    rendered = report.latex(standalone=args.standalone) if args.format == "latex" else report.text()
    return Outcome(rendered, status=0 if report.ok else 1)
