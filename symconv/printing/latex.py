r"""LaTeX printing of derivations (amsmath and graphicx), the same blocks as the text printer, fitted to the page.

Tensors print as matrices of their two last axes, labelled by their leading indices
(:math:`x_{0}`, :math:`K_{1,0}`); the flattened input and M are ``array`` environments
with a vertical rule where the text has ``|``; y' is a column vector. Every display is
laid out for a standard ``article`` page by :mod:`symconv.printing.page` (split into row
and column blocks, or scaled down by TeX), so pdflatex reports no overfull box.
``standalone=True`` wraps everything in a document that compiles with pdflatex.

The printer is a subclass of SymPy's ``LatexPrinter``: every SymPy setting works (for
instance ``symbol_names`` and ``mul_symbol``), entries are printed with ``self._print``,
and every name goes through :func:`symconv.printing.common.latex_name`.

Settings of its own: ``blocks``, ``force``, ``standalone``, ``layout`` (``"auto"``,
``"fit"``, ``"split"`` or ``"summary"``), ``term_order`` (``"kernel"`` or ``"input"``),
``show_values`` and ``derivation_mode`` (``"document"``, or ``"math"`` for one array).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter

from ..arithmetic import SizeFormula
from ..derivation import Derivation
from ..layout import FlatteningRule
from ..protocol import LayerSummary
from ..symbols import is_math_name
from .common import (
    check_blocks,
    chosen_blocks,
    describe_lines,
    integer_text,
    latex_name,
    product_label,
    rational_parts,
    term_order,
)
from .page import (
    FIT_MACRO,
    MAX_DISPLAY_ROWS,
    MIN_SCALE,
    PREAMBLE,
    TEXT_WIDTH,
    check_layout,
    column_breaks,
    fit_to_width,
    math_width,
    plan_matrix,
    standalone_document,
)
from .terms import TermStyle, row_values

__all__ = ["PREAMBLE", "LatexDerivationPrinter", "derivation_latex", "flat_rule_latex", "layer_latex",
           "size_formula_latex"]


class LatexDerivationPrinter(LatexPrinter):
    r"""A SymPy ``LatexPrinter`` that also prints derivations, views and check reports, fitted to the page.

    Every SymPy setting works (``symbol_names``, ``mul_symbol``, ...); entries are printed
    with ``self._print``, every name goes through :func:`symconv.printing.common.latex_name`,
    and ``Indexed`` entries print as :math:`K_{0,0,1}`.

    Parameters
    ----------
    settings : dict, optional
        SymPy's ``LatexPrinter`` settings and these of its own: ``blocks`` (the blocks to
        print, None for all), ``force`` (print above the size limits), ``standalone`` (a
        whole document), ``layout`` (``"auto"``, the default, ``"fit"``, ``"split"`` or
        ``"summary"``; see :mod:`symconv.printing.page`), ``term_order`` (``"kernel"`` or
        ``"input"``), ``show_values`` (default True) and ``derivation_mode``
        (``"document"``, the default, or ``"math"`` for one ``array``).

    Raises
    ------
    LayerError
        If ``layout`` or ``term_order`` has a value that is not known.
    TypeError
        If a setting is unknown (SymPy's check).

    Examples
    --------
    >>> import sympy
    >>> from symconv import Conv
    >>> from symconv.printing.latex import LatexDerivationPrinter
    >>> LatexDerivationPrinter().doprint(sympy.IndexedBase("K")[0, 1] * sympy.Symbol("alpha"))
    '\\alpha K_{0,1}'
    >>> printer = LatexDerivationPrinter({"blocks": ["flat_input"], "derivation_mode": "math"})
    >>> print(printer.doprint(Conv([[[1, 2]]], (1, 3)).derive([[1, 2, 3]])))
    \begin{array}{l}
    \text{The flattened input }x'\text{ (}3\text{ entries, }x'_{iW + j} = x_{i,j}\text{):} \\[1ex]
    x'^{\top} = \left[\begin{array}{ccc}
    1 & 2 & 3
    \end{array}\right]
    \end{array}
    """

    printmethod = "_symconv_latex"
    _default_settings = {
        **LatexPrinter._default_settings,
        "blocks": None,
        "force": False,
        "standalone": False,
        "layout": "auto",
        "term_order": "kernel",
        "show_values": True,
        "derivation_mode": "document",
    }

    def __init__(self, settings: dict[str, Any] | None = None):
        super().__init__(settings)
        check_layout(self._settings["layout"])
        term_order(self._settings["term_order"])

    def style(self) -> TermStyle:
        r"""Return the term style in LaTeX (see :mod:`symconv.printing.terms`), with the reader's settings.

        Returns
        -------
        TermStyle
            Fractions as ``\tfrac``, ``mul_symbol`` (a thin space ``\,`` when None),
            ``term_order`` and ``show_values`` applied.

        Examples
        --------
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> style = LatexDerivationPrinter({"mul_symbol": None}).style()
        >>> style.times_symbols, style.plus
        ('\\,', ' + ')
        """
        symbol = self._settings["mul_symbol"]
        return TermStyle(
            lead=self._lead, after=self._after, factor=self._factor, juxtapose="",
            times_numbers=self._settings["mul_symbol_latex_numbers"],
            times_symbols=r"\," if symbol is None else self._settings["mul_symbol_latex"],
            plus=" + ", minus=" - ", zero="0", input_first=self._settings["term_order"] == "input",
            equals=" = " if self._settings["show_values"] else None,
        )

    def _lead(self, number: sympy.Rational) -> str:
        sign, numerator, denominator = rational_parts(number)
        if number.is_Integer:
            return sign + numerator
        return sign + rf"\tfrac{{{numerator}}}{{{denominator}}}"

    def _after(self, number: sympy.Rational) -> str:
        if number.is_Integer and number >= 0:
            return integer_text(int(number))
        if number.is_Integer:
            return f"({integer_text(int(number))})"
        text = self._lead(number)
        return text if number > 0 else rf"\left({text}\right)"

    def _factor(self, value: sympy.Expr) -> str:
        text = self._print(value)
        return text if value.is_Symbol or value.is_Indexed else rf"\left({text}\right)"

    def entry(self, value: sympy.Expr) -> str:
        r"""Return a matrix or tensor entry as LaTeX.

        Parameters
        ----------
        value : sympy.Expr
            The entry.

        Returns
        -------
        str
            The printer's LaTeX of it.

        Examples
        --------
        >>> import sympy
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> LatexDerivationPrinter().entry(sympy.Rational(1, 2)), LatexDerivationPrinter().entry(sympy.Symbol("w_1"))
        ('\\frac{1}{2}', 'w_{1}')
        """
        return self._print(value)

    def _print_Integer(self, expr: sympy.Integer) -> str:
        return integer_text(int(expr))

    def _print_Rational(self, expr: sympy.Rational) -> str:
        sign, numerator, denominator = rational_parts(expr)
        return rf"{sign}\frac{{{numerator}}}{{{denominator}}}"

    # -- names: every one goes through latex_name ---------------------------------------
    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        chosen = self._settings["symbol_names"].get(expr)
        if chosen is not None:
            return chosen
        return latex_name(expr.name, math=lambda name: LatexPrinter._deal_with_super_sub(self, name, style=style))

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        """``K[0, 0, 1]`` as :math:`K_{0,0,1}` (the base's LaTeX is made once per printer)."""
        base, *indices = expr.args
        cache = self.__dict__.setdefault("_bases", {})
        if base not in cache:
            cache[base] = self._print(base)
        return cache[base] + "_{" + ",".join(str(i) if i.is_Integer else self._print(i) for i in indices) + "}"

    def _print_IndexedBase(self, expr: sympy.IndexedBase) -> str:
        return self._print(expr.label)

    def _hprint_Function(self, func: str) -> str:
        if is_math_name(func):
            return super()._hprint_Function(func)
        return latex_name(func)

    # -- blocks ------------------------------------------------------------------------
    def _print_Derivation(self, derivation: Derivation) -> str:
        chosen = chosen_blocks(self._settings["blocks"], derivation.summary)
        check_blocks(derivation, chosen, self._settings["force"])
        pieces = [found for name in chosen if (found := self.block(derivation, name)) is not None]
        if self._settings["derivation_mode"] == "math":
            rows = []
            for title, displays in pieces:
                rows.append(_title_in_math(title))
                rows.extend(displays)
            return "\\begin{array}{l}\n" + " \\\\[1ex]\n".join(rows) + "\n\\end{array}"
        body = "\n\n".join(
            title + "\n" + "\n".join("\\[\n" + fit_to_width(display) + "\n\\]" for display in displays)
            for title, displays in pieces
        ) + "\n"
        if "\\symconvfit{" in body:
            body = FIT_MACRO + "\n\n" + body
        if self._settings["standalone"]:
            return standalone_document(body)
        return body

    def block(self, derivation: Derivation, name: str) -> tuple[str, list[str]] | None:
        r"""Return the title (text mode) and displays (math) of one block, or None.

        Parameters
        ----------
        derivation : Derivation
            The derivation.
        name : str
            The block (one of :data:`~symconv.derivation.BLOCKS`).

        Returns
        -------
        tuple or None
            ``(title, displays)``, each display the math of one ``\[ ... \]``; None for ``bias``
            without a bias, or ``kernel`` of a product without kernels.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> title, displays = LatexDerivationPrinter().block(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive([[1, 2, 3]]),
        ...                                                  "expansion")
        >>> print(title)
        The expansion $y' = M x'$ ($2$ entries):
        >>> print(displays[0])
        y' = M x' = \left[\begin{array}{c}
        1a + 2b \\
        2a + 3b
        \end{array}\right]
        """
        summary = derivation.summary
        rows, cols = summary.matrix_shape
        plus_b = " + b" if summary.has_bias else ""
        if name == "layer":
            return self.layer_title(summary), [self.size_formulas(summary)]
        if name == "input":
            return (f"The input $x$ (${_times(summary.input_shape)}$):",
                    self.tensor("x", summary.input_layout.unflatten(derivation.inputs), summary.input_shape))
        if name == "flat_input":
            texts = [self.entry(v) for v in derivation.inputs]
            return (f"The flattened input $x'$ (${cols}$ entries, ${flat_rule_latex(summary.input_layout.rule())}$):",
                    self.row_vector(r"x'^{\top}", texts, summary.input_layout.bar_every()))
        if name == "kernel":
            kernels = summary.kernels()
            displays = []
            for number, part in kernels:
                assert part.kernel is not None and part.kernel_shape is not None
                stem = "K" if number == 0 else f"K^{{({number})}}"
                displays.extend(self.tensor(stem, list(part.kernel), part.kernel_shape))
            if not displays:
                return None
            if len(kernels) > 1 or summary.kind == "product":
                return "The kernels of the factors:", displays
            return f"The kernel (${_times(kernels[0][1].kernel_shape or ())}$):", displays
        if name == "bias":
            bias = derivation.bias
            if bias is None:
                return None
            return (f"The bias $b$ (${rows}$ entries):",
                    self.row_vector(r"b^{\top}", [self.entry(b) for b in bias], 0))
        if name == "matrix":
            shown = derivation.matrices
            displays, notes = [], []
            for matrix in shown:
                label = matrix.label
                name_tex = label[0] + (f"_{{{label[1:]}}}" if len(label) > 1 else "")
                if label == "M" and len(shown) > 1:
                    name_tex += " = " + " ".join(f"M_{{{m.label[1:]}}}" for m in shown[-2::-1])
                found, note = self.matrix(name_tex, matrix.entries, matrix.shape, matrix.bar_every)
                displays.extend(found)
                if note:
                    notes.append(note)
            title = f"The matrix $M$ (${rows} \\times {cols}$), $y' = M x'{plus_b}$:"
            return (title + (" " + " ".join(notes) if notes else ""), displays)
        if name == "expansion":
            terms = derivation.rows(self.style())
            product = re.sub(r"M(\d+)", r"M_{\1}", product_label(summary))
            return (f"The expansion $y' = {product}x'{plus_b}$ (${rows}$ entries):",
                    self.column_vector(f"y' = {product}x'{plus_b}", terms))
        if name == "output":
            terms = derivation.rows(self.style())
            if self._settings["show_values"]:  # a row of numbers shows its value only
                terms = [t if v is None else self._lead(v) for v, t in zip(row_values(derivation.expansion), terms)]
            ordered = summary.output_layout.unflatten(terms)
            title = f"The output $y$, $y'$ reshaped to ${_times(summary.output_shape)}$:"
            if self._layout() != "fit" and max(map(math_width, ordered), default=0) * summary.output_shape[-1] > \
                    TEXT_WIDTH / MIN_SCALE:
                # entries too long to set side by side: name each by its row of y' (shown in full above)
                positions = summary.output_layout.unflatten(list(range(len(terms))))
                ordered = [f"y'_{{{row}}}" for row in positions]
                title = (f"The output $y$, $y'$ reshaped to ${_times(summary.output_shape)}$ (each entry is the row "
                         "of $y'$ it names, written out above):")
            return title, self.tensor("y", ordered, summary.output_shape, printed=True)
        raise AssertionError(name)  # pragma: no cover

    # -- the pieces, laid out for the page ---------------------------------------------------
    def _layout(self) -> str:
        return str(self._settings["layout"])

    def matrix(self, label: str, entries: dict[tuple[int, int], sympy.Expr], shape: tuple[int, int],
               bar_every: int) -> tuple[list[str], str]:
        r"""Return the displays of a matrix (whole, in blocks, or its corner) and a note on what is shown.

        Parameters
        ----------
        label : str
            The matrix's name in math (``M``, ``M_{1}``).
        entries : dict
            The nonzero entries, ``{(row, column): entry}``.
        shape : tuple of int
            ``(rows, columns)``.
        bar_every : int
            Columns between two vertical rules (0: none).

        Returns
        -------
        tuple
            ``(displays, note)``: the math of every display, and a sentence for the title
            (empty when the matrix is shown whole).

        Examples
        --------
        >>> import sympy
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> displays, note = LatexDerivationPrinter().matrix("M", {(0, 0): sympy.Symbol("a")}, (1, 2), 0)
        >>> print(displays[0])
        M = \left[\begin{array}{cc}
        a & 0
        \end{array}\right]
        """
        rows, cols = shape
        cells = [["0"] * cols for _ in range(rows)]
        for (r, c), value in entries.items():
            cells[r][c] = self.entry(value)
        return self.grid(label, cells, bar_every)

    def grid(self, label: str, cells: list[list[str]], bar_every: int) -> tuple[list[str], str]:
        r"""Return the displays of a grid of LaTeX cells as one matrix, and a note on what is shown.

        Parameters
        ----------
        label : str
            The matrix's name in math.
        cells : list of list of str
            The entries as LaTeX, row by row.
        bar_every : int
            Columns between two vertical rules (0: none).

        Returns
        -------
        tuple
            ``(displays, note)`` as for :meth:`matrix`; the layout is chosen by
            :func:`symconv.printing.page.plan_matrix`.

        Examples
        --------
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> displays, note = LatexDerivationPrinter().grid("M", [["a", "0"], ["0", "b"]], 1)
        >>> print(displays[0])
        M = \left[\begin{array}{c|c}
        a & 0 \\
        0 & b
        \end{array}\right]
        """
        rows = len(cells)
        cols = len(cells[0]) if cells else 0
        mode, chunks = plan_matrix(cells, self._layout(), label_width=math_width(label) + 15)
        if mode == "whole":
            return [label + " = " + _array(cells, 0, cols, bar_every)], ""
        if mode == "summary":
            chunk = chunks[0]
            r1, c1 = chunk.rows[1], chunk.columns[1]
            corner = [row[:c1] + ([r"\cdots"] if c1 < cols else []) for row in cells[:r1]]
            if r1 < rows:
                corner.append([r"\vdots"] * c1 + ([r"\ddots"] if c1 < cols else []))
            note = (f"It is too large for the page: shown is its top-left corner, rows $1$ to ${r1}$ and columns $1$ "
                    f"to ${c1}$ of ${rows} \\times {cols}$ (layout=\"split\" prints it whole, in blocks).")
            return [label + " = " + _array(corner, 0, len(corner[0]), bar_every)], note
        displays = []
        for chunk in chunks:
            (r0, r1), (c0, c1) = chunk.rows, chunk.columns
            part = [row[c0:c1] for row in cells[r0:r1]]
            where = (rf"{label}\text{{, rows }}{r0 + 1}\text{{--}}{r1}\text{{, columns }}{c0 + 1}\text{{--}}{c1}"
                     r"\text{:}\quad ")
            before = r"\cdots\;" if c0 > 0 else ""
            after = r"\;\cdots" if c1 < cols else ""
            displays.append(where + before + _array(part, c0, c1, bar_every) + after)
        note = f"It is shown in {len(displays)} blocks of rows and columns."
        return displays, note

    def row_vector(self, label: str, texts: list[str], bar_every: int) -> list[str]:
        r"""Return the displays of a row vector, cut into runs that fit the page, ``\cdots`` where it continues.

        Parameters
        ----------
        label : str
            The vector's name in math (``x'^{\top}``).
        texts : list of str
            The entries as LaTeX.
        bar_every : int
            Entries between two vertical rules (0: none); runs keep whole groups.

        Returns
        -------
        list of str
            The math of every display (one with ``layout="fit"``).

        Examples
        --------
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> print(LatexDerivationPrinter().row_vector("b^{\\top}", ["1", "2", "3", "4"], 2)[0])
        b^{\top} = \left[\begin{array}{cc|cc}
        1 & 2 & 3 & 4
        \end{array}\right]
        """
        if self._layout() == "fit":
            return [label + " = " + _array([texts], 0, len(texts), bar_every)]
        runs = column_breaks([math_width(t) for t in texts], (TEXT_WIDTH - math_width(label) - 60) / MIN_SCALE)
        if bar_every and len(runs) > 1 and runs[0][1] >= bar_every:  # whole groups per display
            per = runs[0][1] // bar_every * bar_every
            runs = [(start, min(start + per, len(texts))) for start in range(0, len(texts), per)]
        displays = []
        for start, stop in runs:
            before = r"\cdots\;" if start > 0 else ""
            after = r"\;\cdots" if stop < len(texts) else ""
            prefix = label + " = " if start == 0 else ""
            displays.append(prefix + before + _array([texts[start:stop]], start, stop, bar_every) + after)
        return displays

    def column_vector(self, label: str, texts: list[str]) -> list[str]:
        r"""Return the displays of a column vector of (long) expressions, at most a page's worth of lines per display.

        An entry too long for the line is broken between its terms into lines of its own.

        Parameters
        ----------
        label : str
            The vector's name in math (``y' = M x'``).
        texts : list of str
            The entries as LaTeX.

        Returns
        -------
        list of str
            The math of every display.

        Examples
        --------
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> print(LatexDerivationPrinter().column_vector("y'", ["a + b", "c"])[0])
        y' = \left[\begin{array}{c}
        a + b \\
        c
        \end{array}\right]
        """
        if self._layout() != "fit":
            available = (TEXT_WIDTH - math_width(label) - 40) / MIN_SCALE
            pieces = [_break_sum(text, available) for text in texts]
            texts = [piece[0] if len(piece) == 1 else
                     r"\begin{array}{l}" + r" \\ \quad ".join(piece) + r"\end{array}" for piece in pieces]
            heights = [len(piece) for piece in pieces]
            runs, start, lines = [], 0, 0
            for index, height in enumerate(heights):
                if index > start and lines + height > MAX_DISPLAY_ROWS:
                    runs.append((start, index))
                    start, lines = index, 0
                lines += height
            runs.append((start, len(texts)))
        else:
            runs = [(0, len(texts))]
        displays = []
        for start, stop in runs:
            body = r"\left[\begin{array}{c}" + "\n" + " \\\\\n".join(texts[start:stop]) + "\n" + r"\end{array}\right]"
            if len(runs) == 1:
                displays.append(label + " = " + body)
            else:
                displays.append(rf"{label}\text{{, rows }}{start + 1}\text{{--}}{stop}\text{{:}}\quad " + body)
        return displays

    def tensor(self, stem: str, entries: list[Any], shape: tuple[int, ...], *, printed: bool = False) -> list[str]:
        r"""Return the displays of a tensor: one matrix per index of its leading axes, side by side as they fit.

        Parameters
        ----------
        stem : str
            The tensor's name in math (``x``, ``K``); each matrix is labelled by its leading
            indices (``x_{0}``, ``K_{1,0}``).
        entries : list
            The entries, row-major: SymPy values, or LaTeX strings with ``printed=True``.
        shape : tuple of int
            The tensor's shape (at least 2 axes).
        printed : bool, default False
            True when ``entries`` are LaTeX already.

        Returns
        -------
        list of str
            The math of every display.

        Examples
        --------
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> print(LatexDerivationPrinter().tensor("x", [1, 2, 3, 4], (1, 2, 2))[0])
        x_{0} = \left[\begin{array}{cc}
        1 & 2 \\
        3 & 4
        \end{array}\right]
        """
        texts = entries if printed else [self.entry(v) for v in entries]
        rows, cols = shape[-2], shape[-1]
        size = rows * cols
        matrices: list[tuple[str, float]] = []
        displays: list[str] = []
        for number, index in enumerate(itertools.product(*map(range, shape[:-2]))):
            block = texts[number * size : (number + 1) * size]
            label = stem + ("_{" + ",".join(map(str, index)) + "}" if index else "")
            cells = [block[r * cols : (r + 1) * cols] for r in range(rows)]
            found, _ = self.grid(label, cells, 0)
            if len(found) > 1:
                displays.extend(found)
                continue
            matrices.append((found[0], math_width(label) + 25 + sum(
                max(math_width(row[c]) for row in cells) + 10 for c in range(cols))))
        line: list[str] = []
        used = 0.0
        for display, width in matrices:
            if line and used + width + 10 > TEXT_WIDTH:
                displays.append(r" \quad ".join(line))
                line, used = [], 0.0
            line.append(display)
            used += width + 10
        if line:
            displays.append(r" \quad ".join(line))
        return displays

    def layer_title(self, summary: LayerSummary) -> str:
        r"""Return the layer's description, as text (it wraps like any paragraph).

        Parameters
        ----------
        summary : LayerSummary
            The layer.

        Returns
        -------
        str
            ``The layer: ...`` with symconv's description escaped for text mode.

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> LatexDerivationPrinter().layer_title(Conv([[[1, 2]]], (1, 3)).summary())
        'The layer: 1-D cross-correlation: input 1$\\times$3, kernel 1$\\times$1$\\times$2, output 1$\\times$2.'
        """
        lines = describe_lines(summary)
        return "The layer: " + "; ".join(_escape(line) for line in lines) + "."

    def size_formulas(self, summary: LayerSummary) -> str:
        r"""Return the output-size formulas of every axis (and of the factors of a product), aligned.

        Parameters
        ----------
        summary : LayerSummary
            The layer.

        Returns
        -------
        str
            An ``aligned`` environment, one formula per line.

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> print(LatexDerivationPrinter().size_formulas(Conv([[[1, 2]]], (1, 3)).summary()))
        \begin{aligned}
        m_{1} &= \left\lfloor \frac{3 + 0 + 0 - 1 \cdot (2 - 1) - 1}{1} \right\rfloor + 1 = 2
        \end{aligned}
        """
        parts = summary.factors or (summary,)
        lines: list[str] = []
        for index, part in enumerate(parts, 1):
            prefix = rf"M_{{{index}}}\text{{: }}\ " if len(parts) > 1 else ""
            lines.extend(prefix + size_formula_latex(formula, aligned=True) for formula in part.size_formulas)
        return r"\begin{aligned}" + "\n" + " \\\\[1ex]\n".join(lines) + "\n" + r"\end{aligned}"

    def layer_math(self, summary: LayerSummary) -> str:
        r"""Return what the layer is and its output sizes, as one piece of math (for Jupyter and ``sympy.latex``).

        Parameters
        ----------
        summary : LayerSummary
            The layer.

        Returns
        -------
        str
            An ``array`` of ``\text`` lines and the aligned size formulas.

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> print(LatexDerivationPrinter().layer_math(Conv([[[1, 2]]], (1, 3)).summary()).splitlines()[1])
        \text{1-D cross-correlation: input 1$\times$3, kernel 1$\times$1$\times$2, output 1$\times$2} \\
        """
        described = [rf"\text{{{_escape(line)}}}" for line in describe_lines(summary)]
        return r"\begin{array}{l}" + "\n" + " \\\\\n".join([*described, self.size_formulas(summary)]) + "\n" + \
            r"\end{array}"

    # -- the views of a layer (symconv.formula, symconv.structure, symconv.neuron) -------------------
    def view(self, pieces: list[tuple[str, str]]) -> str:
        r"""Return a view's (text, math) pieces as a body of displays (a document with ``standalone``), or as one array.

        Parameters
        ----------
        pieces : list of tuple of str
            ``(text before, math)`` pairs.

        Returns
        -------
        str
            :func:`symconv.printing.displays.document` of the pieces, or with
            ``derivation_mode="math"`` :func:`symconv.printing.displays.math_array`.

        Examples
        --------
        >>> from symconv.printing.latex import LatexDerivationPrinter
        >>> print(LatexDerivationPrinter({"derivation_mode": "math"}).view([("The sum:", "a + b")]))
        \begin{array}{l}
        \text{The sum:} \\
        a + b
        \end{array}
        """
        from .displays import document, math_array

        if self._settings["derivation_mode"] == "math":
            return math_array(pieces)
        return document(pieces, standalone=self._settings["standalone"])

    def _print_Formula(self, formula: Any) -> str:
        from .formula import formula_displays

        return self.view(formula_displays(formula))

    def _print_Structure(self, structure: Any) -> str:
        from .structure import structure_displays

        return self.view(structure_displays(structure, itemize=self._settings["derivation_mode"] != "math"))

    def _print_Neuron(self, neuron: Any) -> str:
        from .neuron import neuron_displays

        return self.view(neuron_displays(neuron))

    def _print_CheckReport(self, report: Any) -> str:
        """A check of a hand derivation (see :mod:`symconv.printing.checking`)."""
        from .checking import report_latex

        return report_latex(self, report, standalone=self._settings["standalone"])


def _break_sum(text: str, width: float) -> list[str]:
    """Lines of a sum too wide for ``width`` points, broken before a top-level `` + `` or `` - ``."""
    if math_width(text) <= width:
        return [text]
    lines, current, depth, position = [], "", 0, 0
    while position < len(text):
        if text.startswith(r"\left(", position):
            depth += 1
        elif text.startswith(r"\right)", position):
            depth -= 1
        if depth == 0 and text.startswith((" + ", " - "), position) and current and \
                math_width(current) > width * 0.85:
            lines.append(current)
            current = ""
        current += text[position]
        position += 1
    lines.append(current)
    return lines


def _array(cells: list[list[str]], first_column: int, stop_column: int, bar_every: int) -> str:
    """``\\left[\\begin{array}{...}...\\end{array}\\right]`` with a rule after every ``bar_every``-th column of M."""
    columns = len(cells[0]) if cells else 0
    spec = ""
    for offset in range(columns):
        spec += "c"
        absolute = first_column + offset + 1
        if bar_every and absolute % bar_every == 0 and offset < columns - 1 and absolute < stop_column:
            spec += "|"
    lines = [" & ".join(row) for row in cells]
    return r"\left[\begin{array}{" + spec + "}\n" + " \\\\\n".join(lines) + "\n" + r"\end{array}\right]"


def size_formula_latex(formula: SizeFormula, *, aligned: bool = False) -> str:
    r"""Return one axis's output size with its numbers, in LaTeX (``&=`` for an ``aligned`` environment).

    Parameters
    ----------
    formula : SizeFormula
        The axis's formula.
    aligned : bool, default False
        True to write ``&=`` (for an ``aligned`` environment) instead of ``=``.

    Returns
    -------
    str
        Math.

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> from symconv.printing.latex import size_formula_latex
    >>> size_formula_latex(ConvTranspose([[[1, 2]]], (1, 3), stride=2).summary().size_formulas[0])
    'm_{1} = (3 - 1) \\cdot 2 - 2 \\cdot 0 + 1 \\cdot (2 - 1) + 0 + 1 = 6'
    """
    f = formula
    equals = "&=" if aligned else "="
    if f.transposed:
        return (rf"m_{{{f.axis + 1}}} {equals} ({f.n} - 1) \cdot {f.stride} - 2 \cdot {f.pad_before} + {f.dilation} "
                rf"\cdot ({f.k} - 1) + {f.output_padding} + 1 = {f.size}")
    return (rf"m_{{{f.axis + 1}}} {equals} \left\lfloor \frac{{{f.n} + {f.pad_before} + {f.pad_after} - {f.dilation} "
            rf"\cdot ({f.k} - 1) - 1}}{{{f.stride}}} \right\rfloor + 1 = {f.size}")


def flat_rule_latex(rule: FlatteningRule) -> str:
    """Return the flattening rule in math mode: ``x'_{iHW + jW + k} = x_{i,j,k}``.

    Parameters
    ----------
    rule : FlatteningRule
        The rule (:meth:`symconv.layout.Layout.rule`).

    Returns
    -------
    str
        Math.

    Examples
    --------
    >>> from symconv.layout import Layout
    >>> from symconv.printing.latex import flat_rule_latex
    >>> flat_rule_latex(Layout((1, 3, 3), "CHW").rule()), flat_rule_latex(Layout((2, 2, 3), "HWC").rule())
    ("x'_{iHW + jW + k} = x_{i,j,k}", "x'_{(jW + k)C + i} = x_{i,j,k}")
    """
    index = ",".join(["i", *rule.letters])
    return f"x'_{{{rule.index_text(times='')}}} = x_{{{index}}}"


def layer_latex(summary: LayerSummary) -> str:
    """Return the layer as math (its description and output sizes), for ``_repr_latex_`` and ``sympy.latex``.

    Parameters
    ----------
    summary : LayerSummary
        The layer.

    Returns
    -------
    str
        :meth:`LatexDerivationPrinter.layer_math` of a default printer.

    Examples
    --------
    >>> import sympy
    >>> from symconv import Conv
    >>> from symconv.printing.latex import layer_latex
    >>> layer = Conv([[[1, 2]]], (1, 3))
    >>> layer_latex(layer.summary()) == sympy.latex(layer)
    True
    """
    return LatexDerivationPrinter().layer_math(summary)


def _title_in_math(title: str) -> str:
    """A title with inline ``$...$`` math, written for math mode: text parts in ``\\text{}``."""
    parts = title.split("$")
    return "".join(part if index % 2 else (r"\text{" + part + "}" if part else "")
                   for index, part in enumerate(parts))


def _times(shape: Iterable[int]) -> str:
    return r" \times ".join(map(str, shape))


def _escape(text: str) -> str:
    """symconv's own description text (shapes, words, numbers) for text mode: ``1x3x3`` as 1×3×3."""
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return re.sub(r"(?<=\d)x(?=\d)", r"$\\times$", text)


def derivation_latex(derivation: Derivation, *, standalone: bool = False, blocks: Iterable[str] | None = None,
                     force: bool = False, mode: str = "document", **settings: Any) -> str:
    r"""Return the derivation as LaTeX: a body for ``\input``, a whole document, or (``mode="math"``) one array.

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    standalone : bool, default False
        True for a whole document that compiles with pdflatex.
    blocks : iterable of str, optional
        The blocks to print; None (the default) for every block the layer has.
    force : bool, default False
        Print blocks above the printing limits.
    mode : str, default "document"
        ``"document"`` (titles and displays) or ``"math"`` (one ``array``, for Jupyter).
    **settings : object
        The printer's other settings (:class:`LatexDerivationPrinter`): ``layout``,
        ``term_order``, ``mul_symbol``, ``show_values``, and any of SymPy's ``LatexPrinter``.

    Returns
    -------
    str
        The LaTeX.

    Raises
    ------
    LayerError
        If a block name or a setting's value is not known.
    SizeError
        If a block is too large to print and ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.latex import derivation_latex
    >>> print(derivation_latex(Conv([[[1, 2]]], (1, 3)).derive([[5, 6, 7]]), blocks=["expansion"]))
    The expansion $y' = M x'$ ($2$ entries):
    \[
    y' = M x' = \left[\begin{array}{c}
    5 \cdot 1 + 6 \cdot 2 = 17 \\
    6 \cdot 1 + 7 \cdot 2 = 20
    \end{array}\right]
    \]
    <BLANKLINE>
    """
    settings = {"standalone": standalone, "blocks": blocks, "force": force, "derivation_mode": mode, **settings}
    return LatexDerivationPrinter(settings).doprint(derivation)
