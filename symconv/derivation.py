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
    """One matrix of a derivation: its label (``M``, ``M1``, ...), what it belongs to, and its entries.

    Parameters
    ----------
    label : str
        ``"M"`` for the layer's matrix; ``"M1"``, ``"M2"``, ... for the factors of a product.
    summary : LayerSummary
        The layer (or factor) the matrix belongs to.
    entries : dict
        The nonzero entries, ``{(row, column): entry}``.

    Examples
    --------
    >>> from symconv import Conv
    >>> shown = (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).derive().matrices
    >>> [(m.label, m.shape) for m in shown]
    [('M1', (2, 3)), ('M2', (1, 2)), ('M', (1, 3))]
    """

    label: str
    summary: LayerSummary
    entries: dict[tuple[int, int], sympy.Expr]

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of the matrix.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).derive().matrices[0].shape
        (2, 3)
        """
        return self.summary.matrix_shape

    @property
    def bar_every(self) -> int:
        """Columns between two ``|`` marks (the input's flattening groups; 0 for none).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[[1]]]], (1, 2, 3)).derive().matrices[0].bar_every
        3
        """
        return self.summary.input_layout.bar_every()


@dataclass(repr=False)
class Derivation:
    """Everything needed to write out y' = M x' (+ b) for one layer and one input: made by :meth:`symconv.Layer.derive`.

    Nothing is computed when it is made: the input's symbols, the expansion and the
    matrices are built when a block or a property first asks for them (each checked
    against :mod:`symconv.limits` first), so the ``layer`` block of any layer prints at once.
    ``str(d)`` is ``d.text()``; in Jupyter a derivation renders as one LaTeX display.

    Parameters
    ----------
    summary : LayerSummary
        What the layer is (the printers read it instead of the layer).
    _layer : LayerLike
        The layer itself, read for its pattern, values and bias when a block needs them.
    _inputs : list of sympy.Expr, optional
        x', the flattened input, already checked; None (the default) for the symbols
        ``x[i, j, k]``, made on first use.
    force : bool, default False
        Lift the size limits of the expansion and the input's symbols.

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
        """x', the flattened input (the symbols ``x[i, j, k]`` when no input was given), made once.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).derive().inputs
        [x[0, 0], x[0, 1], x[0, 2]]
        """
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
        """The input tensor, channels first (x' unflattened).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).derive([[4, 5, 6]]).x
        [[4, 5, 6]]
        """
        return unflatten(self.inputs, self.summary.input_shape, self.summary.order)

    @cached_property
    def expansion(self) -> Expansion:
        """The expansion of M x' (+ b), term by term (:class:`~symconv.expansion.Expansion`), made once.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).derive([[4, 5, 6]]).expansion.row_terms(0)
        [(1, 4), (2, 5)]
        """
        check_terms(self._layer, self.force)  # before the input's symbols are made
        return expand_flat(self._layer, self.inputs, force=self.force)

    @property
    def terms(self) -> int:
        """The number of terms of M x' (counted from the shapes; nothing is built).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).derive().terms
        4
        """
        return int(self._layer.terms())

    @cached_property
    def bias(self) -> list[sympy.Expr] | None:
        """b, one entry per row of y' (None without bias), made once.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3), bias=[7]).derive().bias
        [7, 7]
        """
        return self._layer.bias_vector

    @cached_property
    def matrices(self) -> list[ShownMatrix]:
        """Each matrix shown (:class:`ShownMatrix`): M, or M1, M2, ... and their product M, made once.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).derive().matrices[0].entries
        {(0, 0): 1, (0, 1): 2, (1, 1): 1, (1, 2): 2}
        """
        from .matrices import matrix_entries

        layer = self._layer
        whole = ShownMatrix("M", self.summary, matrix_entries(layer))
        if self.summary.kind != "product":
            return [whole]
        shown = [ShownMatrix(f"M{i}", part.summary(), matrix_entries(part)) for i, part in enumerate(layer.factors, 1)]
        return [*shown, whole]

    def rows(self, style: Any) -> list[str]:
        """Return y' as printed strings in a term style, rendered once per style.

        Parameters
        ----------
        style : TermStyle
            The term style (:class:`~symconv.printing.terms.TermStyle`): a printer's
            ``style()``, or :data:`symconv.printing.text.TEXT_STYLE`.

        Returns
        -------
        list of str
            One string per row of y', terms in receptive-field order (``1a+2b``).

        Raises
        ------
        SizeError
            If the expansion is over :data:`~symconv.limits.MAX_TERMS` terms and the derivation
            was not forced.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.printing.text import TEXT_STYLE
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive([[1, 2, 3]]).rows(TEXT_STYLE)
        ['1a+2b', '2a+3b']
        """
        from .printing.terms import row_strings

        cache = self.__dict__.setdefault("_rows", {})
        if style not in cache:
            cache[style] = row_strings(self.expansion, style)
        return cache[style]

    @cached_property
    def y_exprs(self) -> list[sympy.Expr]:
        """y' as canonical SymPy expressions, made once.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive([[1, 2, 3]]).y_exprs
        [a + 2*b, 2*a + 3*b]
        """
        return self.expansion.exprs()

    def text(self, *, blocks: Any = None, force: bool = False, **settings: Any) -> str:
        """Return the derivation as plain text, in the notation of the question symconv grew from.

        Parameters
        ----------
        blocks : list of str, optional
            The blocks to print, among ``layer``, ``input``, ``flat_input``, ``kernel``,
            ``bias``, ``matrix``, ``expansion`` and ``output``; they print in that order. None
            (the default) prints every block the layer has.
        force : bool, default False
            Print blocks above the printing limits (:data:`~symconv.limits.MAX_PRINTED_ENTRIES`
            entries of M, :data:`~symconv.limits.MAX_PRINTED_TERMS` terms).
        **settings : object
            The text printer's settings (:class:`~symconv.printing.text.TextPrinter`):
            ``term_order="input"`` and ``mul_symbol=None`` write ``aw + bx`` as Goodfellow et
            al. do, ``show_values=False`` leaves out the value of a row of numbers,
            ``width=80`` wraps long lines; and SymPy's ``StrPrinter`` settings.

        Returns
        -------
        str
            Each block's title and body, blocks separated by a blank line, ending with a newline.

        Raises
        ------
        LayerError
            If a block name is unknown, ``bias`` is named for a layer without bias, or a setting
            has a value that is not known.
        SizeError
            If a block is too large to print and ``force`` is false.
        TypeError
            If a setting is unknown.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> d = Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive()
        >>> print(d.text(blocks=["matrix", "expansion"]), end="")
        M (2x3), y' = M x':
        [
        [a b 0]
        [0 a b]
        ]
        <BLANKLINE>
        y' = M x' (2):
        [a*x_{0,0}+b*x_{0,1}, a*x_{0,1}+b*x_{0,2}]
        >>> print(d.text(blocks=["expansion"], term_order="input", mul_symbol=None), end="")
        y' = M x' (2):
        [x_{0,0}a+x_{0,1}b, x_{0,1}a+x_{0,2}b]
        """
        from .printing.text import derivation_text

        return derivation_text(self, blocks=blocks, force=force, **settings)

    def latex(self, *, standalone: bool = False, blocks: Any = None, force: bool = False, **settings: Any) -> str:
        r"""Return the derivation as LaTeX (amsmath and graphicx); a whole document with ``standalone=True``.

        Parameters
        ----------
        standalone : bool, default False
            True for a whole document that compiles with pdflatex; False for a body to ``\input``.
        blocks : list of str, optional
            The blocks to print, as for :meth:`text`.
        force : bool, default False
            Print blocks above the printing limits.
        **settings : object
            The LaTeX printer's settings (:class:`~symconv.printing.latex.LatexDerivationPrinter`,
            SymPy's ``LatexPrinter`` settings included): ``layout`` (``"auto"``, ``"fit"``,
            ``"split"``, ``"summary"``; see :mod:`symconv.printing.page`), ``term_order``,
            ``mul_symbol``, ``show_values``.

        Returns
        -------
        str
            Titles in text mode and ``\[ ... \]`` displays, laid out for an ``article`` page.

        Raises
        ------
        LayerError
            If a block name or a setting's value is not known.
        SizeError
            If a block is too large to print and ``force`` is false.
        TypeError
            If a setting is unknown.

        Examples
        --------
        >>> from symconv import Conv
        >>> print(Conv([[[1, 2]]], (1, 3)).derive([[1, 2, 3]]).latex(blocks=["flat_input"]), end="")
        The flattened input $x'$ ($3$ entries, $x'_{iW + j} = x_{i,j}$):
        \[
        x'^{\top} = \left[\begin{array}{ccc}
        1 & 2 & 3
        \end{array}\right]
        \]
        """
        from .printing.latex import derivation_latex

        return derivation_latex(self, standalone=standalone, blocks=blocks, force=force, **settings)

    def blocks(self) -> dict[str, str]:
        """Return each block's plain-text body (without its title), keyed by block name.

        The six blocks of the worked example, in its order: ``input``, ``flat_input``,
        ``kernel``, ``matrix``, ``expansion``, ``output``; the matrix is printed whatever its
        size (the other blocks keep their limits).

        Returns
        -------
        dict
            ``{block name: body}``.

        Raises
        ------
        SizeError
            If a block other than the matrix is too large to print.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> blocks = Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive([[1, 2, 3]]).blocks()
        >>> list(blocks)
        ['input', 'flat_input', 'kernel', 'matrix', 'expansion', 'output']
        >>> blocks["expansion"]
        '[1a+2b, 2a+3b]'
        """
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

    Parameters
    ----------
    layer : LayerLike
        The layer.
    x : array_like, optional
        The input, channels first, of ``layer.input_shape``; None (the default) for the
        symbols ``x[i, j, k]``.
    force : bool, default False
        Lift the size limits of the expansion and of the input's symbols (printing has its
        own ``force``).

    Returns
    -------
    Derivation
        The derivation, ready to print.

    Raises
    ------
    ShapeError
        If x does not have the layer's input shape.
    EntryError
        If an entry of x is not a number or a SymPy expression, or x uses a kernel's name.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.derivation import derive
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
