r"""Plain-text printing of derivations, in the notation of the question symconv grew from.

Arrays print in nested brackets, one innermost row per line; entries that are numbers
or symbols are separated by spaces, expressions by ``", "``. The flattened input and
the columns of M carry ``|`` after every W entries (every C entries in HWC order).
Matrix columns are right-aligned to their widest entry. Terms follow
:mod:`symconv.printing.terms`: ``1a+2b+4c+5d``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from ..arithmetic import SizeFormula
from ..derivation import EXAMPLE_BLOCKS, Derivation
from ..errors import LayerError
from ..layout import FlatteningRule
from .common import (
    check_blocks,
    check_printable,
    chosen_blocks,
    describe_lines,
    integer_text,
    product_label,
    rational_parts,
    shape_text,
    term_order,
)
from .terms import TermStyle, row_values

MUL_SYMBOLS = {None: "", "*": "*", "star": "*", "dot": "\u00b7", "ldot": ".", "times": "\u00d7"}
"""The text of each ``mul_symbol`` (SymPy's names; None juxtaposes: ``aw``)."""


class TextPrinter(StrPrinter):
    """A SymPy ``StrPrinter`` that also prints derivations, views and check reports, in the question's notation.

    It prints :class:`~symconv.derivation.Derivation` objects block by block, and the views
    (formula, structure, neuron) and :class:`~symconv.checking.report.CheckReport` through
    one ``_print_<Class>`` method each; ``Indexed`` entries print as ``K_{0,0,1}``, numbers
    exactly (``1/2``).

    Parameters
    ----------
    settings : dict, optional
        SymPy's ``StrPrinter`` settings and these of its own: ``blocks`` (the blocks to
        print, None for all), ``force`` (print above the size limits), ``term_order``
        (``"kernel"``: ``a*x``, the default, or ``"input"``: ``x*a``), ``mul_symbol``
        (between two non-numbers: ``"*"``, the default, ``None`` to juxtapose as books do,
        ``"dot"``, ``"ldot"`` or ``"times"``), ``show_values`` (a row of numbers ends with
        its value, ``0*0+1*1 = 1``, and the output shows the values; default True) and
        ``width`` (wrap lines longer than this many characters, at least 20; None, the
        default: never).

    Raises
    ------
    LayerError
        If ``term_order``, ``mul_symbol`` or ``width`` has a value that is not known.
    TypeError
        If a setting is unknown (SymPy's check).

    Examples
    --------
    >>> import sympy
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.text import TextPrinter
    >>> TextPrinter().doprint(sympy.IndexedBase("K")[0, 1] * sympy.Rational(1, 2))
    'K_{0,1}/2'
    >>> printer = TextPrinter({"blocks": ["expansion"], "term_order": "input", "mul_symbol": None})
    >>> print(printer.doprint(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive()), end="")
    y' = M x' (2):
    [x_{0,0}a+x_{0,1}b, x_{0,1}a+x_{0,2}b]
    """

    printmethod = "_symconv_text"
    _default_settings = {**StrPrinter._default_settings, "blocks": None, "force": False, "term_order": "kernel",
                         "mul_symbol": "*", "show_values": True, "width": None}

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings)
        term_order(self._settings["term_order"])
        if self._settings["mul_symbol"] not in MUL_SYMBOLS:
            raise LayerError(f"mul_symbol {self._settings['mul_symbol']!r} is not known; expected None, '*', 'dot', "
                             "'ldot' or 'times'")
        width = self._settings["width"]
        if width is not None and (isinstance(width, bool) or not isinstance(width, int) or width < 20):
            raise LayerError(f"width must be None or a number of characters >= 20, got {width!r}")

    def style(self) -> TermStyle:
        """Return the term style in text (see :mod:`symconv.printing.terms`), with the reader's settings.

        Returns
        -------
        TermStyle
            ``term_order``, ``mul_symbol`` and ``show_values`` applied.

        Examples
        --------
        >>> from symconv.printing.text import TextPrinter
        >>> style = TextPrinter({"mul_symbol": "dot"}).style()
        >>> style.times_symbols, style.input_first, style.equals
        ('·', False, ' = ')
        """
        symbol = MUL_SYMBOLS[self._settings["mul_symbol"]]
        return TermStyle(
            lead=_lead, after=_after, factor=_factor, juxtapose="", times_numbers=symbol or "*",
            times_symbols=symbol, plus="+", minus="-", zero="0", input_first=self._settings["term_order"] == "input",
            equals=" = " if self._settings["show_values"] else None, number=self._print,
        )

    def entry(self, value: sympy.Expr) -> str:
        """Return an array or matrix entry as text: ``a``, ``-2``, ``1/2``, ``a+c``, ``K_{0,0,1}``.

        Parameters
        ----------
        value : sympy.Expr
            The entry.

        Returns
        -------
        str
            A symbol's name as it is; anything else as printed, without spaces.

        Examples
        --------
        >>> import sympy
        >>> from symconv.printing.text import TextPrinter
        >>> a, c = sympy.symbols("a c")
        >>> [TextPrinter().entry(v) for v in (a + c, sympy.Rational(-1, 2), sympy.IndexedBase("K")[0, 0, 1])]
        ['a+c', '-1/2', 'K_{0,0,1}']
        """
        if value.is_Symbol:
            return value.name
        return self._print(value).replace(" ", "")

    def _print_Integer(self, expr: sympy.Integer) -> str:
        return integer_text(int(expr))

    def _print_Rational(self, expr: sympy.Rational) -> str:
        sign, numerator, denominator = rational_parts(expr)
        return f"{sign}{numerator}/{denominator}"

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        """``K[0, 0, 1]`` as the subscript a textbook writes: ``K_{0,0,1}``."""
        return self._print(expr.base.label) + "_{" + ",".join(self._print(i) for i in expr.indices) + "}"

    def _print_Derivation(self, derivation: Derivation) -> str:
        chosen = chosen_blocks(self._settings["blocks"], derivation.summary)
        check_blocks(derivation, chosen, self._settings["force"])
        parts = []
        for name in chosen:
            body = block_body(self, derivation, name, force=self._settings["force"])
            if body is not None:
                parts.append(block_title(derivation, name) + "\n" + body)
        return "\n\n".join(parts) + "\n"

    # -- the views of a layer (symconv.formula, symconv.structure, symconv.neuron) -------------------
    def _print_Formula(self, formula: Any) -> str:
        from .formula import formula_text

        return formula_text(formula)

    def _print_Structure(self, structure: Any) -> str:
        from .structure import structure_text

        return structure_text(structure)

    def _print_Neuron(self, neuron: Any) -> str:
        from .neuron import neuron_text

        return neuron_text(neuron)

    def _print_CheckReport(self, report: Any) -> str:
        """A check of a hand derivation (see :mod:`symconv.printing.checking`)."""
        from .checking import report_text

        return report_text(self, report)


def _lead(number: sympy.Rational) -> str:
    sign, numerator, denominator = rational_parts(number)
    if number.is_Integer:
        return sign + numerator
    return f"{sign}({numerator}/{denominator})"


def _after(number: sympy.Rational) -> str:
    sign, numerator, denominator = rational_parts(number)
    text = sign + numerator + ("" if number.is_Integer else "/" + denominator)
    return text if number.is_Integer and number >= 0 else f"({text})"


_PRINTER = TextPrinter()


def _factor(value: sympy.Expr) -> str:
    text = _PRINTER.entry(value)
    return text if value.is_Symbol or value.is_Indexed else "(" + text + ")"


TEXT_STYLE = TermStyle(
    lead=_lead, after=_after, factor=_factor, juxtapose="", times_numbers="*", times_symbols="*", plus="+",
    minus="-", zero="0",
)
"""The plain term style (no values appended): what the benchmarks and the read-back tests use."""


def size_formula_text(formula: SizeFormula) -> str:
    """Return one axis's output size with its numbers: ``m1 = floor((3 + 0 + 0 - 1*(2 - 1) - 1) / 1) + 1 = 2``.

    Parameters
    ----------
    formula : SizeFormula
        The axis's formula.

    Returns
    -------
    str
        The formula of a convolution or of a transposed one, with the numbers filled in.

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> from symconv.printing.text import size_formula_text
    >>> size_formula_text(ConvTranspose([[[1, 2]]], (1, 3), stride=2).summary().size_formulas[0])
    'm1 = (3 - 1)*2 - 2*0 + 1*(2 - 1) + 0 + 1 = 6'
    """
    f = formula
    if f.transposed:
        return (f"m{f.axis + 1} = ({f.n} - 1)*{f.stride} - 2*{f.pad_before} + {f.dilation}*({f.k} - 1) "
                f"+ {f.output_padding} + 1 = {f.size}")
    return (f"m{f.axis + 1} = floor(({f.n} + {f.pad_before} + {f.pad_after} - {f.dilation}*({f.k} - 1) - 1) "
            f"/ {f.stride}) + 1 = {f.size}")


def flat_rule_text(rule: FlatteningRule) -> str:
    """Return the flattening rule, e.g. ``x'[i*H*W + j*W + k] = x[i,j,k], H=3, W=3``.

    Parameters
    ----------
    rule : FlatteningRule
        The rule (:meth:`symconv.layout.Layout.rule`).

    Returns
    -------
    str
        The rule with the sizes' values.

    Examples
    --------
    >>> from symconv.layout import Layout
    >>> from symconv.printing.text import flat_rule_text
    >>> flat_rule_text(Layout((1, 3, 3), "CHW").rule()), flat_rule_text(Layout((2, 3), "HWC").rule())
    ("x'[i*H*W + j*W + k] = x[i,j,k], H=3, W=3", "x'[j*C + i] = x[i,j], C=2, W=3")
    """
    index = ",".join(["i", *rule.letters])
    named = ", ".join(f"{s}={v}" for s, v in zip(rule.size_names, rule.sizes))
    channels = "" if rule.order == "CHW" else f"C={rule.channels}, "
    return f"x'[{rule.index_text()}] = x[{index}], {channels}{named}"


def block_title(derivation: Derivation, name: str) -> str:
    """Return the title line of a block.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    name : str
        The block (one of :data:`~symconv.derivation.BLOCKS`).

    Returns
    -------
    str
        The title, ending with ``:``.

    Raises
    ------
    KeyError
        If ``name`` is not a block.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.text import block_title
    >>> block_title(Conv([[[1, 2]]], (1, 3), bias=[1]).derive(), "matrix")
    "M (2x3), y' = M x' + b:"
    """
    summary = derivation.summary
    rows, cols = summary.matrix_shape
    plus_b = " + b" if summary.has_bias else ""
    titles = {
        "layer": "Layer:",
        "input": f"x, the input ({shape_text(summary.input_shape)}):",
        "flat_input": f"x' = flatten(x) ({cols}), {flat_rule_text(summary.input_layout.rule())}:",
        "kernel": (f"K, the kernel ({shape_text(summary.kernel_shape)}):" if summary.kernel_shape is not None
                   else "The kernels of the factors:"),
        "bias": f"b ({rows}):",
        "matrix": f"M ({rows}x{cols}), y' = M x'{plus_b}:",
        "expansion": f"y' = {product_label(summary)}x'{plus_b} ({rows}):",
        "output": f"y = reshape(y', {shape_text(summary.output_shape)}):",
    }
    return titles[name]


def nested_lines(entries: list[str], shape: tuple[int, ...], separator: str) -> list[str]:
    """Return nested brackets, one innermost row per line (the layout of the worked example).

    Parameters
    ----------
    entries : list of str
        The printed entries, row-major.
    shape : tuple of int
        The array's shape.
    separator : str
        Between two entries of a row (``" "`` for atoms, ``", "`` for expressions).

    Returns
    -------
    list of str
        The lines.

    Examples
    --------
    >>> from symconv.printing.text import nested_lines
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


def _separator(values: Sequence[sympy.Expr]) -> str:
    return " " if all(v.is_Atom for v in values) else ", "


def _with_bars(entries: list[str], group: int) -> str:
    pieces = []
    for index, entry in enumerate(entries):
        if index:
            pieces.append("|" if group and index % group == 0 else " ")
        pieces.append(entry)
    return "[" + "".join(pieces) + "]"


def matrix_rows(printer: TextPrinter, entries: dict[tuple[int, int], sympy.Expr], shape: tuple[int, int],
                group: int) -> list[str]:
    """Return the rows of a matrix, columns right-aligned, ``|`` after every ``group`` columns.

    Parameters
    ----------
    printer : TextPrinter
        Prints the entries.
    entries : dict
        The nonzero entries, ``{(row, column): entry}``.
    shape : tuple of int
        ``(rows, columns)``.
    group : int
        Columns between two ``|`` (0: none).

    Returns
    -------
    list of str
        One bracketed line per row.

    Examples
    --------
    >>> import sympy
    >>> from symconv.printing.text import TextPrinter, matrix_rows
    >>> matrix_rows(TextPrinter(), {(0, 0): sympy.Symbol("a"), (1, 1): sympy.Integer(-12)}, (2, 2), 0)
    ['[a   0]', '[0 -12]']
    """
    rows, cols = shape
    text = [["0"] * cols for _ in range(rows)]
    for (r, c), value in entries.items():
        text[r][c] = printer.entry(value)
    widths = [max(len(text[r][c]) for r in range(rows)) for c in range(cols)]
    return [_with_bars([cell.rjust(width) for cell, width in zip(row, widths)], group) for row in text]


def block_body(printer: TextPrinter, derivation: Derivation, name: str, *, force: bool = False) -> str | None:
    """Return the text of one block, without its title (None if the layer has nothing to show there).

    Parameters
    ----------
    printer : TextPrinter
        Prints the entries, with its settings.
    derivation : Derivation
        The derivation.
    name : str
        The block (one of :data:`~symconv.derivation.BLOCKS`).
    force : bool, default False
        Print the matrix above :data:`~symconv.limits.MAX_PRINTED_ENTRIES` entries.

    Returns
    -------
    str or None
        The body; None for ``bias`` without a bias, or ``kernel`` of a product without kernels.

    Raises
    ------
    SizeError
        For the matrix block above the printing limit, unless ``force``.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.text import TextPrinter, block_body
    >>> print(block_body(TextPrinter(), Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive(), "matrix"))
    [
    [a b 0]
    [0 a b]
    ]
    """
    summary = derivation.summary
    if name == "layer":
        lines = describe_lines(summary)
        factors = summary.factors
        for index, part in enumerate(factors or (summary,), 1):
            prefix = f"M{index}: " if factors else ""
            lines.extend(prefix + size_formula_text(formula) for formula in part.size_formulas)
        return "\n".join(lines)
    if name == "input":
        values = summary.input_layout.unflatten(derivation.inputs)
        return "\n".join(nested_lines([printer.entry(v) for v in values], summary.input_shape, _separator(values)))
    if name == "flat_input":
        return _with_bars([printer.entry(v) for v in derivation.inputs], summary.input_layout.bar_every())
    if name == "kernel":
        kernels = summary.kernels()
        kernel_lines: list[str] = []
        for number, part in kernels:
            assert part.kernel is not None and part.kernel_shape is not None
            if len(kernels) > 1:
                kernel_lines.append(f"K{number} ({shape_text(part.kernel_shape)}):")
            kernel_lines.extend(
                nested_lines([printer.entry(v) for v in part.kernel], part.kernel_shape, _separator(part.kernel))
            )
        return "\n".join(kernel_lines) if kernel_lines else None
    if name == "bias":
        bias = derivation.bias
        if bias is None:
            return None
        return "[" + _separator(bias).join(printer.entry(b) for b in bias) + "]"
    if name == "matrix":
        check_printable(derivation, force)
        shown = derivation.matrices
        blocks = []
        for matrix in shown:
            lines = matrix_rows(printer, matrix.entries, matrix.shape, matrix.bar_every)
            body = "\n".join(["[", *lines, "]"])
            if len(shown) > 1:
                title = f"{matrix.label} ({matrix.shape[0]}x{matrix.shape[1]})"
                title += ":" if matrix.label != "M" else " = " + " ".join(m.label for m in shown[-2::-1]) + ":"
                body = title + "\n" + body
            blocks.append(body)
        return "\n".join(blocks)
    width = printer._settings["width"]
    if name == "expansion":
        return wrap("[" + ", ".join(derivation.rows(printer.style())) + "]", width)
    if name == "output":
        rows = derivation.rows(printer.style())
        if printer._settings["show_values"]:  # a row of numbers shows its value only
            values = row_values(derivation.expansion)
            rows = [row if value is None else printer._print(value) for value, row in zip(values, rows)]
        ordered = summary.output_layout.unflatten(rows)
        return "\n".join(wrap(line, width) for line in nested_lines(ordered, summary.output_shape, ", "))
    raise AssertionError(name)  # pragma: no cover


def wrap(line: str, width: int | None) -> str:
    """Return a line broken to ``width``: after ``", "`` between rows, and inside a row that is itself too long.

    A row is broken before ``+``/``-`` outside parentheses. Continuation lines are indented
    by two spaces.

    Parameters
    ----------
    line : str
        The line.
    width : int or None
        The most characters per line; None leaves the line as it is.

    Returns
    -------
    str
        The line, with newlines where it was broken.

    Examples
    --------
    >>> from symconv.printing.text import wrap
    >>> print(wrap("[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d]", 27))
    [1a+2b+4c+5d, 2a+3b+5c+6d,
      4a+5b+7c+8d]
    >>> print(wrap("[1a+2b+4c+5d+6e+7f+8g]", 12))
    [1a+2b+4c+5d
      +6e+7f+8g]
    """
    if width is None or len(line) <= width:
        return line
    lines: list[str] = []
    current = ""
    for piece in _split_outside(line, ", ", after=True):
        limit = width - (2 if lines else 0)
        if current and len(current) + len(piece.rstrip()) > limit:
            lines.append(current.rstrip())
            current = ""
        if len(piece.rstrip()) > width - 2:  # a row longer than a line: break it between terms
            for term in _split_outside(piece, "+-", after=False):
                if current and len(current) + len(term.rstrip()) > width - (2 if lines else 0):
                    lines.append(current.rstrip())
                    current = ""
                current += term
        else:
            current += piece
    lines.append(current.rstrip())
    return "\n  ".join(lines)


def _split_outside(text: str, marks: str, *, after: bool) -> list[str]:
    """Split ``text`` at ``marks`` (the two characters ", ", or any of "+-") outside parentheses and braces."""
    pieces: list[str] = []
    depth, start = 0, 0
    for position, character in enumerate(text):
        depth += {"(": 1, ")": -1, "{": 1, "}": -1, "[": 1, "]": -1}.get(character, 0)
        if after and text.startswith(marks, position) and depth <= 1:
            pieces.append(text[start : position + len(marks)])
            start = position + len(marks)
        elif not after and character in marks and position > start and depth <= 1 and text[position - 1] not in "(*/e":
            pieces.append(text[start:position])
            start = position
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def derivation_text(derivation: Derivation, *, blocks: Iterable[str] | None = None, force: bool = False,
                    **settings: Any) -> str:
    """Return the whole derivation as plain text; ``settings`` are :class:`TextPrinter`'s.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    blocks : iterable of str, optional
        The blocks to print; None (the default) for every block the layer has.
    force : bool, default False
        Print blocks above the printing limits.
    **settings : object
        The printer's other settings (``term_order``, ``mul_symbol``, ``show_values``,
        ``width``, and SymPy's).

    Returns
    -------
    str
        Each block's title and body, blocks separated by a blank line.

    Raises
    ------
    LayerError
        If a block name or a setting's value is not known.
    SizeError
        If a block is too large to print and ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.text import derivation_text
    >>> print(derivation_text(Conv([[[1, 2]]], (1, 3)).derive([[5, 6, 7]]), blocks=["expansion"]), end="")
    y' = M x' (2):
    [5*1+6*2 = 17, 6*1+7*2 = 20]
    """
    return TextPrinter({"blocks": blocks, "force": force, **settings}).doprint(derivation)


def derivation_blocks(derivation: Derivation) -> dict[str, str]:
    """Return the body of every block (without titles) in the worked example's six-block order.

    The matrix is printed whatever its size; the other blocks keep their limits.

    Parameters
    ----------
    derivation : Derivation
        The derivation.

    Returns
    -------
    dict
        ``{name: body}`` for ``input``, ``flat_input``, ``kernel``, ``matrix``, ``expansion``
        and ``output`` (a block the layer lacks is left out).

    Raises
    ------
    SizeError
        If a block other than the matrix is too large to print.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.text import derivation_blocks
    >>> derivation_blocks(Conv([[[1, 2]]], (1, 3)).derive([[5, 6, 7]]))["expansion"]
    '[5*1+6*2 = 17, 6*1+7*2 = 20]'
    """
    printer = TextPrinter({"force": True})
    check_blocks(derivation, [name for name in EXAMPLE_BLOCKS if name != "matrix"], force=False)
    bodies = {name: block_body(printer, derivation, name, force=True) for name in EXAMPLE_BLOCKS}
    return {name: body for name, body in bodies.items() if body is not None}

