r"""The derivation x -> x' -> K -> M -> M x' = y' -> y as data, for the printers to render.

A :class:`Derivation` holds plain records, SymPy objects and index arrays only: what
the layer is (a :class:`~symconv.protocol.LayerSummary`), the expansion of M x', and
every matrix shown. The text and LaTeX printers (:mod:`symconv.printing`) turn it into
strings without ever seeing the layer object.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sympy

from .entries import check_printed_names
from .expansion import Expansion, check_terms, expand_flat, flatten_input, unflatten
from .protocol import LayerSummary

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LayerLike

BLOCKS = ("layer", "input", "flat_input", "kernel", "bias", "matrix", "expansion", "output")
"""Every block a derivation can show, in order."""

EXAMPLE_BLOCKS = ("input", "flat_input", "kernel", "matrix", "expansion", "output")
"""The six blocks of the worked example of the question symconv grew from (Cross Validated 411498)."""


@dataclass(frozen=True)
class ShownMatrix:
    """One matrix of a derivation: its label (``M``, ``M1``, ...), what it belongs to, and its entries."""

    label: str
    summary: LayerSummary
    entries: dict[tuple[int, int], sympy.Expr]

    @property
    def shape(self) -> tuple[int, int]:
        return self.summary.matrix_shape

    @property
    def bar_every(self) -> int:
        """Columns between two ``|`` marks (the input's flattening groups)."""
        return self.summary.input_layout.bar_every()


@dataclass(repr=False)
class Derivation:
    """Everything needed to write out y' = M x' (+ b) for one layer and one input.

    Nothing is computed when it is made: the input's symbols, the expansion and the
    matrices are built when a block or a property first asks for them (each checked
    against :mod:`symconv.limits` first), so the ``layer`` block of any layer prints at once.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> d = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).derive([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    >>> print(d.text(blocks=["expansion"]), end="")
    y' = M x' (8):
    [1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d, 1e+2f+4g+5h, 2e+3f+5g+6h, 4e+5f+7g+8h, 5e+6f+8g+9h]
    """

    summary: LayerSummary
    _layer: Any
    _inputs: list[sympy.Expr] | None = None
    force: bool = False

    @cached_property
    def inputs(self) -> list[sympy.Expr]:
        """x', the flattened input (the symbols ``x[i, j, k]`` when no input was given)."""
        if self._inputs is not None:
            return self._inputs
        from .symbols import inputs

        x = inputs(self.summary.input_shape, force=self.force)
        flat = flatten_input(self._layer, x)
        check_printed_names({"kernel": self._kernel_entries(), "x": flat}, separate=True)
        return flat

    def _kernel_entries(self) -> list[sympy.Expr]:
        return [entry for _, part in self.summary.kernels() for entry in (part.kernel or ())]

    @property
    def x(self) -> sympy.Array:
        """The input tensor, channels first."""
        return unflatten(self.inputs, self.summary.input_shape, self.summary.order)

    @cached_property
    def expansion(self) -> Expansion:
        """The expansion of M x' (+ b), term by term."""
        check_terms(self._layer, self.force)  # before the input's symbols are made
        return expand_flat(self._layer, self.inputs, force=self.force)

    @property
    def terms(self) -> int:
        """The number of terms of M x' (counted from the shapes; nothing is built)."""
        return int(self._layer.terms())

    @cached_property
    def bias(self) -> list[sympy.Expr] | None:
        """b, one entry per row of y' (None without bias)."""
        return self._layer.bias_vector

    @cached_property
    def matrices(self) -> list[ShownMatrix]:
        """Each matrix shown: M, or M1, M2, ... and their product M."""
        from .matrices import matrix_entries

        layer = self._layer
        whole = ShownMatrix("M", self.summary, matrix_entries(layer))
        if self.summary.kind != "product":
            return [whole]
        shown = [ShownMatrix(f"M{i}", part.summary(), matrix_entries(part)) for i, part in enumerate(layer.factors, 1)]
        return [*shown, whole]

    def rows(self, style: Any) -> list[str]:
        """y' as printed strings in a term style, rendered once per style (see :mod:`symconv.printing.terms`)."""
        from .printing.terms import row_strings

        cache = self.__dict__.setdefault("_rows", {})
        if style not in cache:
            cache[style] = row_strings(self.expansion, style)
        return cache[style]

    @cached_property
    def y_exprs(self) -> list[sympy.Expr]:
        """y' as canonical SymPy expressions."""
        return self.expansion.exprs()

    def text(self, *, blocks: Any = None, force: bool = False, **settings: Any) -> str:
        """Return the derivation as plain text.

        ``settings`` are the text printer's (:class:`~symconv.printing.text.TextPrinter`):
        ``term_order="input"`` and ``mul_symbol=None`` write ``aw + bx`` as Goodfellow et al.
        do, ``show_values=False`` leaves out the value of a row of numbers, ``width=80``
        wraps long lines.
        """
        from .printing.text import derivation_text

        return derivation_text(self, blocks=blocks, force=force, **settings)

    def latex(self, *, standalone: bool = False, blocks: Any = None, force: bool = False, **settings: Any) -> str:
        """Return the derivation as LaTeX (amsmath and graphicx); a whole document with ``standalone=True``.

        ``settings`` are the LaTeX printer's (:class:`~symconv.printing.latex.LatexDerivationPrinter`,
        SymPy's ``LatexPrinter`` settings included): ``layout`` (``"auto"``, ``"fit"``,
        ``"split"``, ``"summary"``; see :mod:`symconv.printing.page`), ``term_order``,
        ``mul_symbol``, ``show_values``.
        """
        from .printing.latex import derivation_latex

        return derivation_latex(self, standalone=standalone, blocks=blocks, force=force, **settings)

    def blocks(self) -> dict[str, str]:
        """Return each block's plain-text body (without its title), keyed by block name."""
        from .printing.text import derivation_blocks

        return derivation_blocks(self)

    def _repr_latex_(self) -> str:
        from .printing.latex import derivation_latex

        return "$$" + derivation_latex(self, mode="math") + "$$"

    def _latex(self, printer: Any) -> str:
        """``sympy.latex(derivation)``: the derivation as one math-mode ``array``."""
        from .printing.latex import derivation_latex

        return derivation_latex(self, mode="math")

    def _sympystr(self, printer: Any) -> str:
        """``sympy.sstr(derivation)``: the plain-text derivation."""
        return self.text()

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        """The text derivation when it is short (as a terminal shows it), else one line that says what it is."""
        rows, cols = self.summary.matrix_shape
        if rows * cols <= 400 and self.terms <= 400:
            return self.text().rstrip("\n")
        kind = {"conv": "Conv", "transpose": "ConvTranspose", "product": "Composed"}[self.summary.kind]
        return (f"<Derivation of {kind} {self.summary.input_shape} -> {self.summary.output_shape}, "
                f"M {rows}x{cols}: print(d.text()) or d.text(blocks=[...]) to show it>")


def derive(layer: LayerLike, x: Any = None, *, force: bool = False) -> Derivation:
    """Return the derivation of a layer for input x (the symbolic input ``x[i, j, k]`` when None).

    A given x is checked at once (its shape, its entries, and that no name of it is also a
    kernel or bias name, which would print as ``a*a``); everything else is computed on demand.

    Examples
    --------
    >>> from symconv import Conv
    >>> derive(Conv([[[1, 2]]], (1, 3))).y_exprs
    [x[0, 0] + 2*x[0, 1], x[0, 1] + 2*x[0, 2]]
    """
    summary = layer.summary()
    flat = None
    if x is not None:
        flat = flatten_input(layer, x)
        kernels = [entry for _, part in summary.kernels() for entry in (part.kernel or ())]
        check_printed_names({"kernel": kernels, "x": flat}, separate=True)
    return Derivation(summary, layer, flat, force)
