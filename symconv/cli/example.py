"""``symconv example``: the worked example of Cross Validated question 411498."""

from __future__ import annotations

import argparse

from .options import Outcome, add_output_options, render

NAME = "example"
HELP = "print the worked example of Cross Validated question 411498"
DESCRIPTION = ("Print the worked example of the question symconv grew from (input x 1x3x3 holding 1..9, "
               "kernel K 2x1x2x2 holding a..h): x, x', K, M, M x' = y', y.")


def configure(parser: argparse.ArgumentParser) -> None:
    add_output_options(parser)
    parser.add_argument("--latex", action="store_true", help="print LaTeX instead of text (same as --format latex)")


def run(args: argparse.Namespace) -> Outcome:
    from ..examples import example_derivation

    return Outcome(render(example_derivation(), args))
