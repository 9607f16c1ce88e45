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

from ..derivation import Derivation
from ..expansion import unflatten
from .terms import TermStyle
from .text import _chosen_blocks, _kernel_of, _product_name, check_printable, group_size

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
        return text if value.is_Symbol else rf"\left({text}\right)"

    def entry(self, value: sympy.Expr) -> str:
        """A matrix or tensor entry."""
        return self._print(value)

    # -- blocks ------------------------------------------------------------------------
    def _print_Derivation(self, derivation: Derivation) -> str:
        chosen = _chosen_blocks(self._settings["blocks"])
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
            return "$$\\begin{array}{l}\n" + " \\\\[1ex]\n".join(rows) + "\n\\end{array}$$"
        body = "\n\n".join(
            title + "\n" + "\n".join(r"\[" + "\n" + d + "\n" + r"\]" for d in displays)
            for title, displays in pieces
        ) + "\n"
        if self._settings["standalone"]:
            return PREAMBLE + "\n" + body + "\n\\end{document}\n"
        return body

    def block(self, derivation: Derivation, name: str) -> tuple[str, list[str]] | None:
        """The title (text mode) and displays (math) of one block, or None."""
        layer = derivation.layer
        rows, cols = layer.matrix_shape
        plus_b = " + b" if layer.bias_vector is not None else ""
        if name == "layer":
            return "The layer:", [self.layer_math(layer)]
        if name == "input":
            return (f"The input $x$ (${_times(layer.input_shape)}$):",
                    self.tensor("x", list(sympy.flatten(derivation.x)), layer.input_shape))
        if name == "flat_input":
            texts = [self.entry(v) for v in derivation.expansion.inputs]
            return (f"The flattened input $x'$ (${cols}$ entries, {_flat_rule(layer)}):",
                    [r"x'^{\top} = " + _vector(texts, group_size(layer))])
        if name == "kernel":
            displays = []
            for label, part in _kernel_of(layer):
                stem = label if label == "K" else f"K^{{({label[1:]})}}"
                displays.extend(self.tensor(stem, part.kernel_entries, part.kernel_shape))
            if not displays:
                return None
            kernels = _kernel_of(layer)
            if len(kernels) > 1:
                return "The kernels of the factors:", displays
            return f"The kernel (${_times(kernels[0][1].kernel_shape)}$):", displays
        if name == "bias":
            bias = layer.bias_vector
            if bias is None:
                return None
            return f"The bias $b$ (${rows}$ entries):", [r"b^{\top} = " + _vector([self.entry(b) for b in bias], 0)]
        if name == "matrix":
            check_printable(derivation, self._settings["force"])
            displays = []
            labels = [label for label, _, _ in derivation.matrices]
            for label, part, entries in derivation.matrices:
                name_tex = label[0] + (f"_{{{label[1:]}}}" if len(label) > 1 else "")
                if label == "M" and len(derivation.matrices) > 1:
                    name_tex += " = " + " ".join(f"M_{{{m[1:]}}}" for m in labels[-2::-1])
                displays.append(name_tex + " = " + self.matrix_array(entries, part.matrix_shape, group_size(part)))
            return f"The matrix $M$ (${rows} \\times {cols}$), $y' = M x'{plus_b}$:", displays
        if name == "expansion":
            terms = derivation.rows(self.style())
            column = r"\left[\begin{array}{c}" + "\n" + " \\\\\n".join(terms) + "\n" + r"\end{array}\right]"
            product = re.sub(r"M(\d+)", r"M_{\1}", _product_name(layer))
            return (f"The expansion $y' = {product}x'{plus_b}$ (${rows}$ entries):",
                    [f"y' = {product}x'{plus_b} = " + column])
        if name == "output":
            terms = derivation.rows(self.style())
            reshaped = unflatten(list(range(len(terms))), layer.output_shape, layer.order)
            ordered = [terms[i] for i in sympy.flatten(reshaped)]
            return (f"The output $y$, $y'$ reshaped to ${_times(layer.output_shape)}$:",
                    self.tensor("y", ordered, layer.output_shape, printed=True))
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

    def layer_math(self, layer: Any) -> str:
        """The output-size formulas of every axis (and the factors of a product) as aligned math."""
        from ..layer import Composed, ConvTranspose

        parts: list[Any] = layer.factors if isinstance(layer, Composed) else [layer]
        lines = []
        for index, part in enumerate(parts, 1):
            described = [rf"\text{{{_escape(line)}}}" for line in part.describe()]
            if len(parts) > 1:
                described[0] = rf"M_{{{index}}}\text{{: }}" + described[0]
            lines.extend(described)
            for axis in range(len(part.input_shape) - 1):
                n, m = part.input_shape[axis + 1], part.output_shape[axis + 1]
                k, s, d = part.kernel_shape[axis + 2], part.stride[axis], part.dilation[axis]
                if isinstance(part, ConvTranspose):
                    p, a = part.padding[axis], part.output_padding[axis]
                    lines.append(rf"m_{{{axis + 1}}} = ({n} - 1) \cdot {s} - 2 \cdot {p} + {d} \cdot ({k} - 1) "
                                 rf"+ {a} + 1 = {m}")
                else:
                    before, after = part.padding[axis]
                    lines.append(
                        rf"m_{{{axis + 1}}} = \left\lfloor \dfrac{{{n} + {before} + {after} - {d} \cdot ({k} - 1) "
                        rf"- 1}}{{{s}}} \right\rfloor + 1 = {m}"
                    )
        return r"\begin{array}{l}" + "\n" + " \\\\\n".join(lines) + "\n" + r"\end{array}"


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


def _flat_rule(layer: Any) -> str:
    dims = len(layer.input_shape) - 1
    letters = ["j", "k", "l"][:dims]
    sizes = ["D", "H", "W"][3 - dims:]
    spatial = " + ".join("".join([letter, *sizes[n + 1:]]) for n, letter in enumerate(letters))
    index = ",".join(["i", *letters])
    if layer.order == "CHW":
        rule = f"x'_{{{''.join(['i', *sizes])} + {spatial}}} = x_{{{index}}}"
    else:
        rule = f"x'_{{({spatial})C + i}} = x_{{{index}}}"
    return f"${rule}$"


def derivation_latex(derivation: Derivation, *, standalone: bool = False, blocks: Iterable[str] | None = None,
                     force: bool = False, mode: str = "document") -> str:
    r"""Return the derivation as LaTeX: a body for ``\input``, a whole document, or one math display.

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
