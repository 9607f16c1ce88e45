"""``symconv derive``: M, M x' and y for any layer described with flags."""

from __future__ import annotations

import argparse
import sys

from .options import Outcome, add_layer_options, add_output_options, input_from_args, layer_from_args, render

NAME = "derive"
HELP = "derive M, M x' and y for a layer"
DESCRIPTION = "Derive the matrix M of a layer and the expansion y' = M x' for an input."


def configure(parser: argparse.ArgumentParser) -> None:
    add_layer_options(parser)
    add_output_options(parser)
    parser.set_defaults(wrap_to_terminal=True)


def run(args: argparse.Namespace) -> Outcome:
    layer = layer_from_args(args)
    x = input_from_args(args, layer)
    bar = _progress(layer.matrix_shape[0] * layer.matrix_shape[1])
    derivation = layer.derive(x)
    if bar is not None:
        bar.update(1)
    text = render(derivation, args)
    if bar is not None:
        bar.update(1)
        bar.close()
    return Outcome(text)


def _progress(total_entries: int):  # type: ignore[no-untyped-def]
    """A tqdm bar on stderr for long work when stderr is a terminal (None otherwise)."""
    if total_entries < 200_000 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=2, desc="symconv", unit="step", file=sys.stderr, leave=False)
