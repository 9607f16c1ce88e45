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
        line = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {line} (see {self.prog} --help)\n")


@dataclass(frozen=True)
class Outcome:
    """What a command produced: its text, its exit status, and whether ``--output`` takes the text."""

    text: str
    status: int = 0
    to_file: bool = True


def add_layer_options(parser: argparse.ArgumentParser) -> None:
    """Add the flags that describe a layer (shared by every command that takes one)."""
    layer = parser.add_argument_group("layer")
    layer.add_argument("--input-shape", metavar="CxHxW",
                       help="input shape, e.g. 1x3x3 (channels first; read from --input when omitted)")
    layer.add_argument("--kernel-shape", metavar="DxCxPxQ",
                       help="kernel shape, e.g. 2x1x2x2 (C_in x C_out/groups x k... with --transpose; read from "
                            "--kernel when omitted)")
    kernels = layer.add_mutually_exclusive_group()
    kernels.add_argument("--kernel", metavar="BRACKETS",
                         help="the kernel as nested brackets, e.g. \"[[0,1],[2,3]]\" (only the spatial axes for a "
                              "single channel)")
    kernels.add_argument("--kernel-names", metavar="NAMES",
                         help="kernel symbols: a range a:h or w0:8, or names (default K_{u,i,p,q})")
    kernels.add_argument("--kernel-values", metavar="VALUES",
                         help="kernel entries, row-major: numbers (3, -2, 1/2, 0.25, 1e3) or names")
    inputs = layer.add_mutually_exclusive_group()
    inputs.add_argument("--input", metavar="BRACKETS",
                        help="the input as nested brackets, e.g. \"[[0,1,2],[3,4,5],[6,7,8]]\" (the channel axis may "
                             "be left out for one channel)")
    inputs.add_argument("--input-values", metavar="VALUES",
                        help="input entries, row-major (default: the symbols x_{i,j,k})")
    inputs.add_argument("--input-names", metavar="NAMES", help="input symbols: a range a:l or w0:9, or names")
    layer.add_argument("--stride", default="1", help="stride, e.g. 2 or 2x1 (default 1)")
    layer.add_argument("--padding", default="0",
                       help="padding: 1, one per axis 1x2, valid, same, full, or before:after per axis 1:2,0:1 "
                            "(default 0)")
    layer.add_argument("--dilation", default="1", help="dilation, e.g. 2 or 2x1 (default 1)")
    layer.add_argument("--groups", default="1", help="channel groups (default 1)")
    layer.add_argument("--padding-mode", default="zeros", choices=["zeros", "circular", "reflect", "replicate"])
    layer.add_argument("--flip", action="store_true", help="true convolution (kernel flipped), not cross-correlation")
    layer.add_argument("--order", default="CHW", choices=["CHW", "HWC"], help="flattening order (default CHW)")
    biases = layer.add_mutually_exclusive_group()
    biases.add_argument("--bias-values", metavar="VALUES", help="bias entries, one per output channel")
    biases.add_argument("--bias-names", metavar="NAMES", help="bias symbols, e.g. p:q")
    layer.add_argument("--transpose", action="store_true", help="a transposed convolution (PyTorch's ConvTranspose)")
    layer.add_argument("--output-padding", default="0", help="output padding of a transposed convolution")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=["text", "latex"], default="text", help="text (default) or latex")
    output.add_argument("--standalone", action="store_true", help="with --format latex: a whole document")
    output.add_argument("--blocks", metavar="NAMES",
                        help="comma-separated blocks to show: layer,input,flat_input,kernel,bias,matrix,expansion,"
                             "output (default all the layer has)")
    output.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    output.add_argument("--force", action="store_true", help="print and build beyond the size limits")
    notation = parser.add_argument_group("notation")
    notation.add_argument("--term-order", choices=["kernel", "input"], default="kernel",
                          help="which factor of a product of two symbols comes first: kernel (a*x, the default) or "
                               "input (x*a, as in Goodfellow et al.'s aw + bx + ey + fz)")
    notation.add_argument("--mul-symbol", choices=["star", "none", "dot", "times"], default=None,
                          help="the sign between two symbols: star (a*x, the default in text), none (ax, juxtaposed), "
                               "dot, times")
    notation.add_argument("--no-values", action="store_true",
                          help="do not append the value to a row of numbers (0*0+1*1+3*2+4*3 = 19)")
    notation.add_argument("--width", metavar="N",
                          help="text: wrap lines longer than N characters (default: the terminal's width when "
                               "printing to a terminal)")
    notation.add_argument("--layout", choices=["auto", "fit", "split", "summary"], default="auto",
                          help="LaTeX: how wide and tall matrices meet the page (default auto)")


def _count(shape: tuple[int, ...]) -> int:
    total = 1
    for size in shape:
        total *= size
    return total


def layer_from_args(args: argparse.Namespace) -> Any:
    """Build the layer the flags describe (a SymconvError, which names the flag, on bad values)."""
    import sympy

    from .. import parsing
    from ..entries import exact_array
    from ..layer import Conv, ConvTranspose
    from ..limits import MAX_SYMBOLS, check_size
    from ..symbols import kernel, named_symbols

    force = bool(getattr(args, "force", False))
    weights: Any
    if args.kernel is not None:
        weights = parsing.parse_nested(args.kernel, argument="--kernel")
        kernel_shape, _ = exact_array(weights, argument="--kernel")
        if args.kernel_shape is not None and parsing.parse_shape(args.kernel_shape, argument="--kernel-shape") \
                != kernel_shape:
            raise SymconvUsage(f"--kernel has shape {'x'.join(map(str, kernel_shape))} but --kernel-shape is "
                               f"{args.kernel_shape}; give one of them")
    elif args.kernel_shape is None:
        raise SymconvUsage("the kernel is missing: give --kernel \"[[...]]\", or --kernel-shape with --kernel-names "
                           "or --kernel-values")
    else:
        kernel_shape = parsing.parse_shape(args.kernel_shape, argument="--kernel-shape")
    input_shape = _input_shape(args, kernel_shape)
    if args.kernel is None:
        full = len(kernel_shape) == len(input_shape) + 1
        if not 3 <= len(kernel_shape) <= 5 or not (full or len(kernel_shape) == len(input_shape) - 1):
            raise SymconvUsage(
                f"--kernel-shape {args.kernel_shape} has {len(kernel_shape)} size(s) but --input-shape "
                f"{'x'.join(map(str, input_shape))} has {len(input_shape) - 1} spatial size(s); expected "
                f"{len(input_shape) + 1} sizes (D x C x one per spatial axis)"
            )
        if args.kernel_values is not None:
            weights = sympy.ImmutableDenseNDimArray(
                parsing.parse_values(args.kernel_values, _count(kernel_shape), argument="--kernel-values"),
                kernel_shape)
        elif args.kernel_names is not None:
            check_size(f"--kernel-shape {args.kernel_shape}", _count(kernel_shape), MAX_SYMBOLS, name="MAX_SYMBOLS",
                       force=force, ways="give --kernel-values instead of names, or pass --force")
            weights = sympy.ImmutableDenseNDimArray(
                named_symbols(args.kernel_names, _count(kernel_shape), argument="--kernel-names"), kernel_shape)
        else:
            weights = kernel(kernel_shape, force=force)
    groups = parsing.parse_per_axis(args.groups, argument="--groups")
    if isinstance(groups, tuple):
        raise SymconvUsage(f"--groups {args.groups!r} is one number, not one per axis")
    full_shape = kernel_shape if len(kernel_shape) == len(input_shape) + 1 else (1, 1, *kernel_shape)
    channels = (full_shape[1] * groups) if args.transpose else full_shape[0]
    bias = None
    if args.bias_values is not None:
        bias = parsing.parse_values(args.bias_values, channels, argument="--bias-values")
    elif args.bias_names is not None:
        bias = named_symbols(args.bias_names, channels, argument="--bias-names")
    ndim = len(input_shape) - 1
    common = dict(
        stride=parsing.parse_per_axis(args.stride, argument="--stride"),
        dilation=parsing.parse_per_axis(args.dilation, argument="--dilation"),
        groups=groups, order=args.order, bias=bias,
    )
    output_padding = parsing.parse_per_axis(args.output_padding, argument="--output-padding", minimum=0)
    if args.transpose:
        if args.padding_mode != "zeros" or args.flip:
            raise SymconvUsage("--transpose supports neither --padding-mode other than zeros nor --flip (as PyTorch)")
        padding = parsing.parse_per_axis(args.padding, argument="--padding", minimum=0)
        return ConvTranspose(weights, input_shape, padding=padding, output_padding=output_padding, **common)
    if output_padding not in (0, (0,) * ndim):
        raise SymconvUsage("--output-padding needs --transpose")
    return Conv(weights, input_shape, padding=parsing.parse_padding(args.padding, ndim),
                padding_mode=args.padding_mode, flip=args.flip, **common)


def _input_shape(args: argparse.Namespace, kernel_shape: tuple[int, ...]) -> tuple[int, ...]:
    from .. import parsing
    from ..entries import exact_array

    if args.input_shape is not None:
        shape = parsing.parse_shape(args.input_shape, argument="--input-shape")
        if not 2 <= len(shape) <= 4:
            raise SymconvUsage(f"--input-shape {args.input_shape} has {len(shape)} size(s); expected 2 to 4 "
                               "(C x one size per spatial axis)")
        return shape
    if getattr(args, "input", None) is None:
        raise SymconvUsage("the input shape is missing: give --input-shape (e.g. 1x3x3) or --input \"[[...]]\"")
    shape, _ = exact_array(parsing.parse_nested(args.input, argument="--input"), argument="--input")
    if len(shape) == len(kernel_shape) - 2 or (len(shape) == len(kernel_shape) and len(kernel_shape) <= 3):
        shape = (1, *shape)  # one channel, written without its axis
    return shape


class SymconvUsage(SymconvError, ValueError):
    """Flags that do not go together."""


def input_from_args(args: argparse.Namespace, layer: Any) -> Any:
    """The input the flags give (--input or --input-values), or None for the symbolic input."""
    import sympy

    from .. import parsing
    from ..entries import exact_array

    if getattr(args, "input", None) is not None:
        shape, entries = exact_array(parsing.parse_nested(args.input, argument="--input"), argument="--input")
        if shape != layer.input_shape and (1, *shape) == layer.input_shape:
            shape = layer.input_shape
        if shape != layer.input_shape:
            raise SymconvUsage(f"--input has shape {'x'.join(map(str, shape))} but the layer's input shape is "
                               f"{'x'.join(map(str, layer.input_shape))}")
        return sympy.ImmutableDenseNDimArray(entries, shape)
    if getattr(args, "input_names", None) is not None:
        from ..symbols import named_symbols

        return sympy.ImmutableDenseNDimArray(
            named_symbols(args.input_names, _count(layer.input_shape), argument="--input-names"), layer.input_shape)
    if args.input_values is None:
        return None
    return sympy.ImmutableDenseNDimArray(
        parsing.parse_values(args.input_values, _count(layer.input_shape), argument="--input-values"),
        layer.input_shape,
    )


def render(derivation: Any, args: argparse.Namespace) -> str:
    """Render a derivation as the flags ask (format, blocks, force)."""
    blocks = None if args.blocks is None else [b.strip() for b in args.blocks.split(",") if b.strip()]
    if blocks is not None and not blocks:
        raise SymconvUsage("--blocks is empty; name some of layer,input,flat_input,kernel,bias,matrix,expansion,output")
    force = args.force or args.output is not None
    latex = getattr(args, "latex", False) or args.format == "latex"
    if args.standalone and not latex:
        raise SymconvUsage("--standalone needs --format latex (a LaTeX document)")
    settings = notation_settings(args, latex)
    if latex:
        return derivation.latex(standalone=args.standalone, blocks=blocks, force=force, **settings)
    return derivation.text(blocks=blocks, force=force, **settings)


def notation_settings(args: argparse.Namespace, latex: bool) -> dict[str, Any]:
    """The printer settings the notation flags ask for (nothing for a flag left at its default)."""
    import shutil
    import sys

    from .. import parsing

    settings: dict[str, Any] = {}
    if getattr(args, "term_order", "kernel") != "kernel":
        settings["term_order"] = args.term_order
    symbol = getattr(args, "mul_symbol", None)
    if symbol is not None:
        settings["mul_symbol"] = {"star": "*", "none": None, "dot": "dot", "times": "times"}[symbol]
    if getattr(args, "no_values", False):
        settings["show_values"] = False
    if latex:
        if getattr(args, "width", None) is not None:
            raise SymconvUsage("--width is for text; LaTeX fits the page (see --layout)")
        if getattr(args, "layout", "auto") != "auto":
            settings["layout"] = args.layout
        return settings
    if getattr(args, "layout", "auto") != "auto":
        raise SymconvUsage("--layout is for LaTeX (--format latex); text wraps with --width")
    if getattr(args, "width", None) is not None:
        width = parsing.parse_per_axis(args.width, argument="--width")
        if isinstance(width, tuple) or width < 20:
            raise SymconvUsage(f"--width {args.width!r} must be one number of characters, at least 20")
        settings["width"] = width
    elif getattr(args, "wrap_to_terminal", False) and sys.stdout.isatty() and args.output is None:
        settings["width"] = max(20, shutil.get_terminal_size().columns)
    return settings

