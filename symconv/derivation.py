r"""The derivation x -> x' -> K -> M -> M x' = y' -> y as data, for the printers to render.

A :class:`Derivation` holds SymPy objects and index arrays only; the text and LaTeX
printers (:mod:`symconv.printing`) turn it into strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sympy

from .expansion import Expansion, expand, unflatten

if TYPE_CHECKING:  # pragma: no cover
    from .layer import Layer

BLOCKS = ("layer", "input", "flat_input", "kernel", "bias", "matrix", "expansion", "output")
"""Every block a derivation can show, in order; the seed's six are input to output (bias aside)."""

SEED_BLOCKS = ("input", "flat_input", "kernel", "matrix", "expansion", "output")
"""The six blocks of the seed's worked example."""


@dataclass(repr=False)
class Derivation:
    """Everything needed to write out y' = M x' (+ b) for one layer and one input.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> d = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).derive([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    >>> print(d.text(blocks=["expansion"]), end="")
    y' = M x' (8):
    [1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d, 1e+2f+4g+5h, 2e+3f+5g+6h, 4e+5f+7g+8h, 5e+6f+8g+9h]
    """

    layer: Any
    expansion: Expansion

    @property
    def x(self) -> sympy.Array:
        """The input tensor, channels first."""
        return unflatten(self.expansion.inputs, self.layer.input_shape, self.layer.order)

    @cached_property
    def matrices(self) -> list[tuple[str, Any, dict[tuple[int, int], sympy.Expr]]]:
        """``(name, layer, entries)`` of each matrix shown: M, or M1, M2, ... and their product M."""
        from .layer import Composed
        from .matrices import matrix_entries

        if isinstance(self.layer, Composed):
            shown = [(f"M{i}", factor, matrix_entries(factor)) for i, factor in enumerate(self.layer.factors, 1)]
            return [*shown, ("M", self.layer, matrix_entries(self.layer))]
        return [("M", self.layer, matrix_entries(self.layer))]

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

    def text(self, *, blocks: Any = None, force: bool = False) -> str:
        """Return the derivation as plain text (see :mod:`symconv.printing.text`)."""
        from .printing.text import derivation_text

        return derivation_text(self, blocks=blocks, force=force)

    def latex(self, *, standalone: bool = False, blocks: Any = None, force: bool = False) -> str:
        """Return the derivation as LaTeX (amsmath only); a whole document with ``standalone=True``."""
        from .printing.latex import derivation_latex

        return derivation_latex(self, standalone=standalone, blocks=blocks, force=force)

    def blocks(self) -> dict[str, str]:
        """Return each block's plain-text body (without its title), keyed by block name."""
        from .printing.text import derivation_blocks

        return derivation_blocks(self)

    def _repr_latex_(self) -> str:
        from .printing.latex import derivation_latex

        return derivation_latex(self, mode="math")

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        layer = self.layer
        return (f"<Derivation of {type(layer).__name__} {layer.input_shape} -> {layer.output_shape}, "
                f"M {layer.matrix_shape[0]}x{layer.matrix_shape[1]}>")


def derive(layer: Layer, x: Any = None) -> Derivation:
    """Return the derivation of a layer for input x (a symbolic input ``x_{i,j,k}`` when None).

    Examples
    --------
    >>> from symconv import Conv
    >>> derive(Conv([[[1, 2]]], (1, 3))).y_exprs
    [x_{0,0} + 2*x_{0,1}, x_{0,1} + 2*x_{0,2}]
    """
    return Derivation(layer, expand(layer, x))
