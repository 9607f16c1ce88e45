"""``symconv figure``: M and the sliding window as a picture, in the format the output file's suffix names."""

from __future__ import annotations

import argparse
import re

from ..errors import MissingDependencyError
from .options import Outcome, SymconvUsage, add_layer_options, input_from_args, layer_from_args

NAME = "figure"
HELP = "draw M and the sliding window (PNG, SVG, PDF, TikZ, GIF, MP4, HTML)"
DESCRIPTION = ("Draw the matrix M of a layer as a grid and the window of one output over the input, and write it "
               "to FILE in the format its suffix names: .png, .svg, .pdf, .tex (TikZ), .gif or .mp4 (the sliding "
               "window, one frame per row of M) or .html (an interactive page).")


def configure(parser: argparse.ArgumentParser) -> None:
    add_layer_options(parser)
    figure = parser.add_argument_group("figure")
    figure.add_argument("--kind", choices=["matrix", "window", "both"], default="both",
                        help="M as a grid, the window of one output, or both (default both)")
    figure.add_argument("--neuron", metavar="U,V,W",
                        help="the output whose window is drawn: its coordinates (channel, then positions, e.g. 0,1,1)"
                             " or its row s of M (one number); default the middle output of channel 0")
    figure.add_argument("--width", type=float, default=4.5, metavar="INCHES",
                        help="width of the figure in inches (default 4.5, a book page)")
    figure.add_argument("--dpi", type=int, metavar="N", help="pixels per inch of a PNG, GIF or MP4")
    figure.add_argument("--fps", type=float, metavar="N", help="frames per second of a GIF or MP4 (default 1.5)")
    figure.add_argument("--standalone", action="store_true",
                        help="with .tex: a whole document, not a picture to \\input")
    figure.add_argument("--force", action="store_true", help="draw a layer above the size limits")
    figure.add_argument("--output", "-o", required=True, metavar="FILE",
                        help="the file to write: .png, .svg, .pdf, .tex, .gif, .mp4 or .html")


def parse_neuron(text: str | None) -> int | tuple[int, ...] | None:
    """``"0,1,1"`` -> ``(0, 1, 1)``, ``"5"`` -> ``5`` (a row of M), None -> None.

    Examples
    --------
    >>> parse_neuron("0,1,1"), parse_neuron("5"), parse_neuron(None)
    ((0, 1, 1), 5, None)
    """
    if text is None:
        return None
    parts = re.split(r"[,x]", text.strip())
    if not all(re.fullmatch(r"\d+", part.strip()) for part in parts):
        raise SymconvUsage(f"--neuron {text!r} is not an output; expected its coordinates such as 0,1,1 "
                           "(channel, then positions) or its row s of M such as 5")
    numbers = tuple(int(part) for part in parts)
    return numbers[0] if len(numbers) == 1 else numbers


def run(args: argparse.Namespace) -> Outcome:
    from ..figures import figure, format_of

    fmt = format_of(args.output)
    if args.standalone and fmt != "tex":
        raise SymconvUsage("--standalone needs a .tex output (a LaTeX document)")
    for flag, value in (("--dpi", args.dpi), ("--fps", args.fps)):
        if value is not None and not 0 < value <= 2000:
            raise SymconvUsage(f"{flag} {value} is out of range; expected a positive number up to 2000")
    layer = layer_from_args(args)
    x = input_from_args(args, layer)
    drawing = figure(layer, kind=args.kind, neuron=parse_neuron(args.neuron), x=x, width=args.width,
                     force=args.force)
    try:
        path = drawing.save(args.output, standalone=args.standalone, dpi=args.dpi, fps=args.fps)
    except MissingDependencyError as error:
        raise SymconvUsage(str(error)) from None
    except OSError as error:
        raise SymconvUsage(f"cannot write --output {args.output!r}: {error}") from None
    return Outcome(f"wrote {path} ({fmt})\n", to_file=False)
