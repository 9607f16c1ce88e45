"""``symconv derive``: M, M x' and y for any layer described with flags, or one of its views (``--view``)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from .options import (
    Outcome,
    SymconvUsage,
    add_layer_options,
    add_output_options,
    input_from_args,
    layer_from_args,
    render,
)

NAME = "derive"
HELP = "derive M, M x' and y for a layer, or a view of it (--view)"
DESCRIPTION = ("Derive the matrix M of a layer and the expansion y' = M x' for an input; or, with --view, the rule "
               "for the entry M[s, t] (formula), M as blocks (structure) or one output with its receptive field "
               "(neuron, with --neuron).")

VIEWS = ("formula", "structure", "neuron")
"""The views ``--view`` can show instead of the derivation."""


def configure(parser: argparse.ArgumentParser) -> None:
    add_layer_options(parser)
    add_output_options(parser)
    parser.set_defaults(wrap_to_terminal=True)
    views = parser.add_argument_group("views")
    views.add_argument("--view", choices=VIEWS,
                       help="instead of the derivation: the entry rule M[s, t] (formula), M as nested grids of "
                            "blocks (structure), or one output (neuron, with --neuron)")
    views.add_argument("--neuron", metavar="U,V,W",
                       help="with --view neuron: the output coordinates (channel, then positions), e.g. 0,1,1")


def run(args: argparse.Namespace) -> Outcome:
    layer = layer_from_args(args)
    if args.view is not None or args.neuron is not None:
        return Outcome(render_view(layer, args))
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


def render_view(layer: Any, args: argparse.Namespace) -> str:
    """The view ``--view`` asks for, in text or LaTeX (``--format``, ``--standalone``)."""
    if args.neuron is not None and args.view != "neuron":
        raise SymconvUsage("--neuron needs --view neuron")
    if args.blocks is not None:
        raise SymconvUsage("--blocks chooses blocks of the derivation; it does not go with --view")
    if args.standalone and args.format != "latex":
        raise SymconvUsage("--standalone needs --format latex (a LaTeX document)")
    if args.view == "neuron":
        if args.neuron is None:
            raise SymconvUsage("--view neuron needs --neuron, the output coordinates, e.g. --neuron 0,1,1")
        view = layer.neuron(parse_neuron(args.neuron), x=input_from_args(args, layer))
    else:
        if args.input_values is not None:
            raise SymconvUsage(f"--input-values goes with the derivation or --view neuron; --view {args.view} "
                               "does not read an input")
        view = layer.formula() if args.view == "formula" else layer.structure()
    return view.latex(standalone=args.standalone) if args.format == "latex" else view.text()


def parse_neuron(text: str) -> tuple[int, ...]:
    """``"0,1,1"`` -> ``(0, 1, 1)``; anything but comma-separated non-negative ints is refused.

    Examples
    --------
    >>> parse_neuron(" 0, 1,1")
    (0, 1, 1)
    """
    if not re.fullmatch(r"\s*\d+\s*(,\s*\d+\s*)*", text):
        raise SymconvUsage(f"--neuron {text!r} is not output coordinates; expected comma-separated non-negative "
                           "ints (the output channel, then the positions), e.g. 0,1,1")
    return tuple(int(part) for part in text.split(","))


def _progress(total_entries: int):  # type: ignore[no-untyped-def]
    """A tqdm bar on stderr for long work when stderr is a terminal (None otherwise)."""
    if total_entries < 200_000 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=2, desc="symconv", unit="step", file=sys.stderr, leave=False)
