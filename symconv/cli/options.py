"""The flags every ``symconv`` command shares: describing a layer, an input, and where the output goes.

Every value is read by :mod:`symconv.parsing` (never evaluated); a bad value raises a
:class:`~symconv.errors.SymconvError` that the command line turns into exit status 2.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, NoReturn

from ..errors import SymconvError


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line ending with where to find help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


@dataclass(frozen=True)
class Outcome:
    """What a command produced: its text, its exit status, and whether ``--output`` takes the text."""

    text: str
    status: int = 0
    to_file: bool = True


def add_layer_options(parser: argparse.ArgumentParser) -> None:
    """Add the flags that describe a layer (shared by every command that takes one)."""
    layer = parser.add_argument_group("layer")
    layer.add_argument("--input-shape", required=True, metavar="CxHxW", help="input shape, e.g. 1x3x3")
    layer.add_argument("--kernel-shape", required=True, metavar="DxCxKHxKW",
                       help="kernel shape, e.g. 2x1x2x2 (C_in x C_out/groups x k... with --transpose)")
    names = layer.add_mutually_exclusive_group()
    names.add_argument("--kernel-names", metavar="RANGE", help="kernel symbols, e.g. a:h (default K_{u,i,p,q})")
    names.add_argument("--kernel-values", metavar="VALUES",
                       help="kernel entries, row-major: numbers (3, -2, 1/2, 0.25) or names, comma-separated")
    layer.add_argument("--input-values", metavar="VALUES",
                       help="input entries, row-major (default: symbols x_{i,j,k})")
    layer.add_argument("--stride", default="1", help="stride, e.g. 2 or 2x1 (default 1)")
    layer.add_argument("--padding", default="0",
                       help="padding: 1, 1x2, valid, same, full, or before:after pairs 1:2,0:1 (default 0)")
    layer.add_argument("--dilation", default="1", help="dilation, e.g. 2 or 2x1 (default 1)")
    layer.add_argument("--groups", type=int, default=1, help="channel groups (default 1)")
    layer.add_argument("--padding-mode", default="zeros", choices=["zeros", "circular", "reflect", "replicate"])
    layer.add_argument("--flip", action="store_true", help="true convolution (kernel flipped), not cross-correlation")
    layer.add_argument("--order", default="CHW", choices=["CHW", "HWC"], help="flattening order (default CHW)")
    layer.add_argument("--bias-values", metavar="VALUES", help="bias entries, one per output channel")
    layer.add_argument("--bias-names", metavar="RANGE", help="bias symbols, e.g. p:q")
    layer.add_argument("--transpose", action="store_true", help="a transposed convolution (PyTorch's ConvTranspose)")
    layer.add_argument("--output-padding", default="0", help="output padding of a transposed convolution")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=["text", "latex"], default="text", help="text (default) or latex")
    output.add_argument("--standalone", action="store_true", help="with --format latex: a whole document")
    output.add_argument("--blocks", metavar="NAMES",
                        help="comma-separated blocks to show: layer,input,flat_input,kernel,bias,matrix,expansion,"
                             "output (default all)")
    output.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    output.add_argument("--force", action="store_true", help="print a matrix even above the size limit")


def layer_from_args(args: argparse.Namespace) -> Any:
    """Build the layer the flags describe (raises ValueError/TypeError on bad values)."""
    from .. import parsing
    from ..layer import Conv, ConvTranspose
    from ..symbols import kernel, named_symbols

    input_shape = parsing.parse_shape(args.input_shape, argument="--input-shape")
    kernel_shape = parsing.parse_shape(args.kernel_shape, argument="--kernel-shape")
    count = 1
    for size in kernel_shape:
        count *= size
    if args.kernel_values is not None:
        import sympy

        weights: Any = sympy.ImmutableDenseNDimArray(
            parsing.parse_values(args.kernel_values, count, argument="--kernel-values"), kernel_shape
        )
    else:
        weights = kernel(kernel_shape, args.kernel_names)
    bias = None
    if args.bias_values is not None and args.bias_names is not None:
        raise SymconvUsage("--bias-values and --bias-names are exclusive; give one of them")
    channels = (kernel_shape[1] * args.groups) if args.transpose else kernel_shape[0]
    if args.bias_values is not None:
        bias = parsing.parse_values(args.bias_values, channels, argument="--bias-values")
    elif args.bias_names is not None:
        bias = named_symbols(args.bias_names, channels, argument="--bias-names")
    common = dict(
        stride=parsing.parse_per_axis(args.stride, argument="--stride"),
        dilation=parsing.parse_per_axis(args.dilation, argument="--dilation"),
        groups=args.groups, order=args.order, bias=bias,
    )
    if args.transpose:
        padding = parsing.parse_per_axis(args.padding, argument="--padding")
        if args.padding_mode != "zeros" or args.flip:
            raise SymconvUsage("--transpose supports neither --padding-mode other than zeros nor --flip (as PyTorch)")
        output_padding = parsing.parse_per_axis(args.output_padding, argument="--output-padding")
        return ConvTranspose(weights, input_shape, padding=padding, output_padding=output_padding, **common)
    output_padding = parsing.parse_per_axis(args.output_padding, argument="--output-padding")
    if output_padding not in (0, (0,) * (len(input_shape) - 1)):
        raise SymconvUsage("--output-padding needs --transpose")
    return Conv(weights, input_shape, padding=parsing.parse_padding(args.padding), padding_mode=args.padding_mode,
                flip=args.flip, **common)


class SymconvUsage(SymconvError, ValueError):
    """Flags that do not go together."""


def input_from_args(args: argparse.Namespace, layer: Any) -> Any:
    if args.input_values is None:
        return None
    import sympy

    from .. import parsing

    count = 1
    for size in layer.input_shape:
        count *= size
    return sympy.ImmutableDenseNDimArray(
        parsing.parse_values(args.input_values, count, argument="--input-values"), layer.input_shape
    )


def render(derivation: Any, args: argparse.Namespace) -> str:
    """Render a derivation as the flags ask (format, blocks, force)."""
    blocks = None if args.blocks is None else [b.strip() for b in args.blocks.split(",") if b.strip()]
    force = args.force or args.output is not None
    latex = getattr(args, "latex", False) or args.format == "latex"
    if args.standalone and not latex:
        raise SymconvUsage("--standalone needs --format latex (a LaTeX document)")
    if latex:
        return derivation.latex(standalone=args.standalone, blocks=blocks, force=force)
    return derivation.text(blocks=blocks, force=force)

