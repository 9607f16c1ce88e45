r"""LaTeX printing of derivations (amsmath only), the same blocks as the text printer.

Tensors print as matrices of their two last axes, labelled by their leading indices
(:math:`x_{0}`, :math:`K_{1,0}`); the flattened input and M are ``array``
environments with a vertical rule where the text has ``|``; y' is a column vector.
``standalone=True`` wraps everything in a document that compiles with pdflatex.

The printer is a subclass of SymPy's ``LatexPrinter``: every SymPy setting works
(for instance ``symbol_names``), and entries are printed with ``self._print``.
"""

from __future__ import annotations

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
from .common import check_printable, chosen_blocks, describe_lines, latex_name, product_label
from .terms import TermStyle

PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath}
\begin{document}
"""


class LatexDerivationPrinter(LatexPrinter):
    """A SymPy ``LatexPrinter`` that also prints :class:`~symconv.derivation.Derivation` objects."""

    printmethod = "_symconv_latex"
    _default_settings = {
        **LatexPrinter._default_settings,
        "blocks": None,
        "force": False,
        "standalone": False,
        "derivation_mode": "document",
    }

    def style(self) -> TermStyle:
        """The term style in LaTeX (see :mod:`symconv.printing.terms`)."""
        return TermStyle(
            lead=self._lead, after=self._after, factor=self._factor, juxtapose="", times_numbers=r" \cdot ",
            times_symbols=r"\,", plus=" + ", minus=" - ", zero="0",
        )

    def _lead(self, number: sympy.Rational) -> str:
        if number.is_Integer:
            return str(number)
        sign = "-" if number < 0 else ""
        return sign + rf"\tfrac{{{abs(number.p)}}}{{{number.q}}}"

    def _after(self, number: sympy.Rational) -> str:
        if number.is_Integer and number >= 0:
            return str(number)
        if number.is_Integer:
            return f"({number})"
        text = self._lead(number)
        return text if number > 0 else rf"\left({text}\right)"

    def _factor(self, value: sympy.Expr) -> str:
        text = self._print(value)
        return text if value.is_Symbol or value.is_Indexed else rf"\left({text}\right)"

    def entry(self, value: sympy.Expr) -> str:
        """A matrix or tensor entry."""
        return self._print(value)

    # -- names: every one goes through latex_name ---------------------------------------
    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        chosen = self._settings["symbol_names"].get(expr)
        if chosen is not None:
            return chosen
        return latex_name(expr.name, math=lambda name: LatexPrinter._deal_with_super_sub(self, name, style=style))

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        """``K[0, 0, 1]`` as :math:`K_{0,0,1}`."""
        return self._print(expr.base) + "_{" + ",".join(self._print(i) for i in expr.indices) + "}"

    def _print_IndexedBase(self, expr: sympy.IndexedBase) -> str:
        return self._print(expr.label)

    def _hprint_Function(self, func: str) -> str:
        if is_math_name(func):
            return super()._hprint_Function(func)
        return latex_name(func)

    # -- blocks ------------------------------------------------------------------------
    def _print_Derivation(self, derivation: Derivation) -> str:
        chosen = chosen_blocks(self._settings["blocks"])
        pieces: list[tuple[str, list[str]]] = []
        for name in chosen:
            found = self.block(derivation, name)
            if found is not None:
                pieces.append(found)
        if self._settings["derivation_mode"] == "math":
            rows = []
            for title, displays in pieces:
                rows.append(_title_in_math(title))
                rows.extend(displays)
            return "\\begin{array}{l}\n" + " \\\\[1ex]\n".join(rows) + "\n\\end{array}"
        body = "\n\n".join(
            title + "\n" + "\n".join(r"\[" + "\n" + d + "\n" + r"\]" for d in displays)
            for title, displays in pieces
        ) + "\n"
        if self._settings["standalone"]:
            return PREAMBLE + "\n" + body + "\n\\end{document}\n"
        return body

    def block(self, derivation: Derivation, name: str) -> tuple[str, list[str]] | None:
        """The title (text mode) and displays (math) of one block, or None."""
        summary = derivation.summary
        rows, cols = summary.matrix_shape
        plus_b = " + b" if derivation.bias is not None else ""
        if name == "layer":
            return "The layer:", [self.layer_math(summary)]
        if name == "input":
            return (f"The input $x$ (${_times(summary.input_shape)}$):",
                    self.tensor("x", list(sympy.flatten(derivation.x)), summary.input_shape))
        if name == "flat_input":
            texts = [self.entry(v) for v in derivation.expansion.inputs]
            return (f"The flattened input $x'$ (${cols}$ entries, ${flat_rule_latex(summary.input_layout.rule())}$):",
                    [r"x'^{\top} = " + _vector(texts, summary.input_layout.bar_every())])
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
            return f"The bias $b$ (${rows}$ entries):", [r"b^{\top} = " + _vector([self.entry(b) for b in bias], 0)]
        if name == "matrix":
            check_printable(derivation, self._settings["force"])
            shown = derivation.matrices
            displays = []
            for matrix in shown:
                label = matrix.label
                name_tex = label[0] + (f"_{{{label[1:]}}}" if len(label) > 1 else "")
                if label == "M" and len(shown) > 1:
                    name_tex += " = " + " ".join(f"M_{{{m.label[1:]}}}" for m in shown[-2::-1])
                displays.append(name_tex + " = " + self.matrix_array(matrix.entries, matrix.shape, matrix.bar_every))
            return f"The matrix $M$ (${rows} \\times {cols}$), $y' = M x'{plus_b}$:", displays
        if name == "expansion":
            terms = derivation.rows(self.style())
            column = r"\left[\begin{array}{c}" + "\n" + " \\\\\n".join(terms) + "\n" + r"\end{array}\right]"
            product = re.sub(r"M(\d+)", r"M_{\1}", product_label(summary))
            return (f"The expansion $y' = {product}x'{plus_b}$ (${rows}$ entries):",
                    [f"y' = {product}x'{plus_b} = " + column])
        if name == "output":
            terms = derivation.rows(self.style())
            ordered = summary.output_layout.unflatten(terms)
            return (f"The output $y$, $y'$ reshaped to ${_times(summary.output_shape)}$:",
                    self.tensor("y", ordered, summary.output_shape, printed=True))
        raise AssertionError(name)  # pragma: no cover

    def tensor(self, stem: str, entries: list[Any], shape: tuple[int, ...], *, printed: bool = False) -> list[str]:
        """Displays of a tensor: one matrix per index of its leading axes, four to a display."""
        texts = entries if printed else [self.entry(v) for v in entries]
        rows, cols = shape[-2], shape[-1]
        lead = shape[:-2]
        size = rows * cols
        matrices = []
        import itertools

        for number, index in enumerate(itertools.product(*map(range, lead))):
            block = texts[number * size : (number + 1) * size]
            label = stem + ("_{" + ",".join(map(str, index)) + "}" if index else "")
            lines = [" & ".join(block[r * cols : (r + 1) * cols]) for r in range(rows)]
            matrices.append(
                label + r" = \left[\begin{array}{" + "c" * cols + "}\n" + " \\\\\n".join(lines) + "\n"
                + r"\end{array}\right]"
            )
        return [r" \quad ".join(matrices[i : i + 4]) for i in range(0, len(matrices), 4)]

    def matrix_array(self, entries: dict[tuple[int, int], sympy.Expr], shape: tuple[int, int], group: int) -> str:
        """An ``array`` with a vertical rule after every ``group`` columns."""
        rows, cols = shape
        cells = [["0"] * cols for _ in range(rows)]
        for (r, c), value in entries.items():
            cells[r][c] = self.entry(value)
        spec = "|".join("c" * group for _ in range(cols // group)) if group else "c" * cols
        lines = [" & ".join(row) for row in cells]
        return r"\left[\begin{array}{" + spec + "}\n" + " \\\\\n".join(lines) + "\n" + r"\end{array}\right]"

    def layer_math(self, summary: LayerSummary) -> str:
        """What the layer is and the output-size formulas of every axis (and of the factors of a product)."""
        parts = summary.factors or (summary,)
        lines = []
        for index, part in enumerate(parts, 1):
            described = [rf"\text{{{_escape(line)}}}" for line in describe_lines(part)]
            if len(parts) > 1:
                described[0] = rf"M_{{{index}}}\text{{: }}" + described[0]
            lines.extend(described)
            lines.extend(size_formula_latex(formula) for formula in part.size_formulas)
        return r"\begin{array}{l}" + "\n" + " \\\\\n".join(lines) + "\n" + r"\end{array}"

    def _print_CheckReport(self, report: Any) -> str:
        """A check of a hand derivation (see :mod:`symconv.printing.checking`)."""
        from .checking import report_latex

        return report_latex(self, report, standalone=self._settings["standalone"])


def size_formula_latex(formula: SizeFormula) -> str:
    """One axis's output size with its numbers, in LaTeX."""
    f = formula
    if f.transposed:
        return (rf"m_{{{f.axis + 1}}} = ({f.n} - 1) \cdot {f.stride} - 2 \cdot {f.pad_before} + {f.dilation} "
                rf"\cdot ({f.k} - 1) + {f.output_padding} + 1 = {f.size}")
    return (rf"m_{{{f.axis + 1}}} = \left\lfloor \dfrac{{{f.n} + {f.pad_before} + {f.pad_after} - {f.dilation} "
            rf"\cdot ({f.k} - 1) - 1}}{{{f.stride}}} \right\rfloor + 1 = {f.size}")


def flat_rule_latex(rule: FlatteningRule) -> str:
    """The flattening rule in math mode: ``x'_{iHW + jW + k} = x_{i,j,k}``."""
    spatial = " + ".join("".join([letter, *sizes]) for letter, sizes in rule.spatial_terms())
    index = ",".join(["i", *rule.letters])
    if rule.order == "CHW":
        return f"x'_{{{''.join(['i', *rule.size_names])} + {spatial}}} = x_{{{index}}}"
    return f"x'_{{({spatial})C + i}} = x_{{{index}}}"


def layer_latex(summary: LayerSummary) -> str:
    """The layer as math (its description and output sizes), for ``_repr_latex_`` and ``sympy.latex``."""
    return LatexDerivationPrinter().layer_math(summary)


def _title_in_math(title: str) -> str:
    """A title with inline ``$...$`` math, written for math mode: text parts in ``\\text{}``."""
    parts = title.split("$")
    return "".join(part if index % 2 else (r"\text{" + part + "}" if part else "")
                   for index, part in enumerate(parts))


def _times(shape: Iterable[int]) -> str:
    return r" \times ".join(map(str, shape))


def _vector(entries: list[str], group: int) -> str:
    n = len(entries)
    spec = "|".join("c" * group for _ in range(n // group)) if group and n % group == 0 else "c" * n
    return r"\left[\begin{array}{" + spec + "}\n" + " & ".join(entries) + "\n" + r"\end{array}\right]"


def _escape(text: str) -> str:
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return re.sub(r"(?<=\d)x(?=\d)", r"$\\times$", text)


def derivation_latex(derivation: Derivation, *, standalone: bool = False, blocks: Iterable[str] | None = None,
                     force: bool = False, mode: str = "document") -> str:
    r"""Return the derivation as LaTeX: a body for ``\input``, a whole document, or (``mode="math"``) one array.

    Examples
    --------
    >>> from symconv import Conv
    >>> print(derivation_latex(Conv([[[1, 2]]], (1, 3)).derive([[5, 6, 7]]), blocks=["expansion"]))
    The expansion $y' = M x'$ ($2$ entries):
    \[
    y' = M x' = \left[\begin{array}{c}
    5 \cdot 1 + 6 \cdot 2 \\
    6 \cdot 1 + 7 \cdot 2
    \end{array}\right]
    \]
    <BLANKLINE>
    """
    settings = {"standalone": standalone, "blocks": blocks, "force": force, "derivation_mode": mode}
    return LatexDerivationPrinter(settings).doprint(derivation)
