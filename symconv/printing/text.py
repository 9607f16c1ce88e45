r"""Plain-text printing of derivations, in the seed's notation.

Arrays print in nested brackets, one innermost row per line; entries that are numbers
or symbols are separated by spaces, expressions by ``", "``. The flattened input and
the columns of M carry ``|`` after every W entries (every C entries in HWC order).
Matrix columns are right-aligned to their widest entry. Terms follow
:mod:`symconv.printing.terms`: ``1a+2b+4c+5d``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from ..derivation import BLOCKS, SEED_BLOCKS, Derivation
from ..errors import LayerError, SizeError
from .terms import TermStyle

MAX_PRINTED_ENTRIES = 10_000
"""Above this many entries (rows x columns), a matrix block needs ``force=True`` (or ``--force``/``--output``)."""


class TextPrinter(StrPrinter):
    """A SymPy ``StrPrinter`` that also prints :class:`~symconv.derivation.Derivation` objects."""

    printmethod = "_symconv_text"
    _default_settings = {**StrPrinter._default_settings, "blocks": None, "force": False}

    def entry(self, value: sympy.Expr) -> str:
        """An array or matrix entry: ``a``, ``-2``, ``1/2``, ``a+c``."""
        if value.is_Symbol:
            return value.name
        return self._print(value).replace(" ", "")

    def _print_Derivation(self, derivation: Derivation) -> str:
        chosen = _chosen_blocks(self._settings["blocks"])
        parts = []
        for name in chosen:
            body = block_body(self, derivation, name, force=self._settings["force"])
            if body is not None:
                parts.append(block_title(derivation, name) + "\n" + body)
        return "\n\n".join(parts) + "\n"


def _lead(number: sympy.Rational) -> str:
    if number.is_Integer:
        return str(number)
    sign = "-" if number < 0 else ""
    return f"{sign}({abs(number.p)}/{number.q})"


def _after(number: sympy.Rational) -> str:
    text = str(number)
    return text if number.is_Integer and number >= 0 else f"({text})"


_PRINTER = TextPrinter()


def _factor(value: sympy.Expr) -> str:
    return value.name if value.is_Symbol else "(" + _PRINTER.entry(value) + ")"


TEXT_STYLE = TermStyle(
    lead=_lead, after=_after, factor=_factor, juxtapose="", times_numbers="*", times_symbols="*", plus="+",
    minus="-", zero="0",
)


def _chosen_blocks(blocks: Iterable[str] | None) -> tuple[str, ...]:
    if blocks is None:
        return BLOCKS
    chosen = tuple(blocks)
    if not chosen:
        raise LayerError(f"blocks is empty; expected some of {', '.join(BLOCKS)}")
    unknown = [b for b in chosen if b not in BLOCKS]
    if unknown:
        raise LayerError(f"blocks {unknown} are not known; expected some of {', '.join(BLOCKS)}")
    return tuple(b for b in BLOCKS if b in chosen)


def _fmt(shape: Iterable[int]) -> str:
    return "x".join(map(str, shape))


def flat_index_text(layer: Any) -> str:
    """The flattening rule, e.g. ``x'[i*H*W + j*W + k] = x[i,j,k]``."""
    dims = len(layer.input_shape) - 1
    letters = ["j", "k", "l"][:dims]
    sizes = ["D", "H", "W"][3 - dims:]
    spatial = " + ".join(
        "*".join([letter, *sizes[n + 1:]]) for n, letter in enumerate(letters)
    )
    index = ",".join(["i", *letters])
    named = ", ".join(f"{s}={v}" for s, v in zip(sizes, layer.input_shape[1:]))
    if layer.order == "CHW":
        channel = "*".join(["i", *sizes])
        rule = f"x'[{channel} + {spatial}] = x[{index}]"
    else:
        rule = f"x'[({spatial})*C + i] = x[{index}]"
        named = f"C={layer.input_shape[0]}, " + named
    return f"{rule}, {named}"


def block_title(derivation: Derivation, name: str) -> str:
    """The title line of a block."""
    layer = derivation.layer
    rows, cols = layer.matrix_shape
    plus_b = " + b" if layer.bias_vector is not None else ""
    titles = {
        "layer": "Layer:",
        "input": f"x, the input ({_fmt(layer.input_shape)}):",
        "flat_input": f"x' = flatten(x) ({cols}), {flat_index_text(layer)}:",
        "kernel": (f"K, the kernel ({_fmt(layer.kernel_shape)}):" if hasattr(layer, "kernel_shape")
                   else "The kernels of the factors:"),
        "bias": f"b ({rows}):",
        "matrix": f"M ({rows}x{cols}), y' = M x'{plus_b}:",
        "expansion": f"y' = {_product_name(layer)}x'{plus_b} ({rows}):",
        "output": f"y = reshape(y', {_fmt(layer.output_shape)}):",
    }
    return titles[name]


def _product_name(layer: Any) -> str:
    """``M `` for one layer, ``M2 M1 `` for a product of layers (as in y' = M2 M1 x')."""
    factors = getattr(layer, "factors", None)
    if not factors:
        return "M "
    return "".join(f"M{i} " for i in range(len(factors), 0, -1))


def nested_lines(entries: list[str], shape: tuple[int, ...], separator: str) -> list[str]:
    """Nested brackets, one innermost row per line (the seed's layout).

    Examples
    --------
    >>> nested_lines(["1", "2", "3", "4"], (1, 2, 2), " ")
    ['[', '[', '[1 2]', '[3 4]', ']', ']']
    """
    if len(shape) == 1:
        return ["[" + separator.join(entries) + "]"]
    step = len(entries) // shape[0]
    lines = ["["]
    for start in range(0, len(entries), step):
        lines.extend(nested_lines(entries[start : start + step], shape[1:], separator))
    lines.append("]")
    return lines


def _separator(values: list[sympy.Expr]) -> str:
    return " " if all(v.is_Atom for v in values) else ", "


def group_size(layer: Any) -> int:
    """How many entries of x' lie between two ``|`` marks: W (CHW) or C (HWC); 0 for no marks (a group of 1)."""
    size = layer.input_shape[-1] if layer.order == "CHW" else layer.input_shape[0]
    return size if size > 1 else 0


def _with_bars(entries: list[str], group: int) -> str:
    pieces = []
    for index, entry in enumerate(entries):
        if index:
            pieces.append("|" if group and index % group == 0 else " ")
        pieces.append(entry)
    return "[" + "".join(pieces) + "]"


def _kernel_of(layer: Any) -> list[tuple[str, Any]]:
    from ..layer import Composed

    if isinstance(layer, Composed):
        return [(f"K{i}", factor) for i, factor in enumerate(layer.factors, 1) if hasattr(factor, "kernel_shape")]
    return [("K", layer)] if hasattr(layer, "kernel_shape") else []


def check_printable(derivation: Derivation, force: bool) -> None:
    """Raise ``SizeError`` if a matrix block is larger than ``MAX_PRINTED_ENTRIES`` and not forced."""
    rows, cols = derivation.layer.matrix_shape
    if rows * cols > MAX_PRINTED_ENTRIES and not force:
        raise SizeError(
            f"M is {rows}x{cols} = {rows * cols} entries, more than MAX_PRINTED_ENTRIES = {MAX_PRINTED_ENTRIES}; "
            "pass force=True (CLI: --force) or write to a file (CLI: --output FILE), or leave the matrix out "
            "(blocks=...; CLI: --blocks)"
        )


def matrix_rows(printer: TextPrinter, entries: dict[tuple[int, int], sympy.Expr], shape: tuple[int, int],
                group: int) -> list[str]:
    """The rows of a matrix, columns right-aligned, ``|`` after every ``group`` columns."""
    rows, cols = shape
    text = [["0"] * cols for _ in range(rows)]
    for (r, c), value in entries.items():
        text[r][c] = printer.entry(value)
    widths = [max(len(text[r][c]) for r in range(rows)) for c in range(cols)]
    return [_with_bars([cell.rjust(width) for cell, width in zip(row, widths)], group) for row in text]


def block_body(printer: TextPrinter, derivation: Derivation, name: str, *, force: bool = False) -> str | None:
    """The text of one block (None if the layer has nothing to show there)."""
    layer = derivation.layer
    if name == "layer":
        lines = list(layer.describe())
        factors = getattr(layer, "factors", None)
        for index, part in enumerate(factors or [layer], 1):
            prefix = f"M{index}: " if factors else ""
            lines.extend(prefix + formula for formula in part.size_formulas())
        return "\n".join(lines)
    if name == "input":
        values = list(sympy.flatten(derivation.x))
        return "\n".join(nested_lines([printer.entry(v) for v in values], layer.input_shape, _separator(values)))
    if name == "flat_input":
        return _with_bars([printer.entry(v) for v in derivation.expansion.inputs], group_size(layer))
    if name == "kernel":
        kernels = _kernel_of(layer)
        kernel_lines: list[str] = []
        for label, part in kernels:
            values = part.kernel_entries
            if len(kernels) > 1:
                kernel_lines.append(f"{label} ({_fmt(part.kernel_shape)}):")
            kernel_lines.extend(
                nested_lines([printer.entry(v) for v in values], part.kernel_shape, _separator(values))
            )
        return "\n".join(kernel_lines) if kernel_lines else None
    if name == "bias":
        bias = layer.bias_vector
        if bias is None:
            return None
        return "[" + _separator(bias).join(printer.entry(b) for b in bias) + "]"
    if name == "matrix":
        check_printable(derivation, force)
        blocks = []
        for label, part, entries in derivation.matrices:
            lines = matrix_rows(printer, entries, part.matrix_shape, group_size(part))
            body = "\n".join(["[", *lines, "]"])
            if len(derivation.matrices) > 1:
                title = f"{label} ({part.matrix_shape[0]}x{part.matrix_shape[1]})"
                title += ":" if label != "M" else " = " + " ".join(m for m, _, _ in derivation.matrices[-2::-1]) + ":"
                body = title + "\n" + body
            blocks.append(body)
        return "\n".join(blocks)
    if name == "expansion":
        return "[" + ", ".join(derivation.rows(TEXT_STYLE)) + "]"
    if name == "output":
        rows = derivation.rows(TEXT_STYLE)
        from ..expansion import unflatten

        reshaped = unflatten(list(range(len(rows))), layer.output_shape, layer.order)
        ordered = [rows[i] for i in sympy.flatten(reshaped)]
        return "\n".join(nested_lines(ordered, layer.output_shape, ", "))
    raise AssertionError(name)  # pragma: no cover


def derivation_text(derivation: Derivation, *, blocks: Iterable[str] | None = None, force: bool = False) -> str:
    """Return the whole derivation as plain text.

    Examples
    --------
    >>> from symconv import Conv
    >>> print(derivation_text(Conv([[[1, 2]]], (1, 3)).derive([[5, 6, 7]]), blocks=["expansion"]), end="")
    y' = M x' (2):
    [5*1+6*2, 6*1+7*2]
    """
    return TextPrinter({"blocks": blocks, "force": force}).doprint(derivation)


def derivation_blocks(derivation: Derivation) -> dict[str, str]:
    """Return the body of every block (without titles) in the seed's six-block order."""
    printer = TextPrinter({"force": True})
    bodies = {name: block_body(printer, derivation, name, force=True) for name in SEED_BLOCKS}
    return {name: body for name, body in bodies.items() if body is not None}
