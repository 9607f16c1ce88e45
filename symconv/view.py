"""What every view of a layer (formula, structure, neuron) offers: text, LaTeX, Jupyter and SymPy printing.

A view is a frozen record; symconv's printers render it with one ``_print_<View>``
method each (:class:`~symconv.printing.text.TextPrinter`,
:class:`~symconv.printing.latex.LatexDerivationPrinter`), and this mixin gives every
view the same entry points to them.
"""

from __future__ import annotations

from typing import Any


class View:
    r"""The printing entry points of a view: ``text()``, ``latex()``, ``_repr_latex_`` and SymPy's hooks.

    A mixin of :class:`~symconv.formula.Formula`, :class:`~symconv.structure.Structure` and
    :class:`~symconv.neuron.Neuron`: ``str(view)`` and ``sympy.sstr(view)`` are
    ``view.text()``, ``sympy.latex(view)`` is one math-mode ``array``, and Jupyter shows
    the LaTeX.

    Examples
    --------
    >>> import sympy
    >>> from symconv import Conv
    >>> from symconv.view import View
    >>> neuron = Conv([[[1, 2]]], (1, 3)).neuron(0, 1)
    >>> isinstance(neuron, View), str(neuron) == neuron.text(), sympy.latex(neuron).startswith(r"\begin{array}")
    (True, True, True)
    """

    def text(self) -> str:
        """Return the view as plain text.

        Returns
        -------
        str
            The text printer's rendering (:class:`~symconv.printing.text.TextPrinter`), ending
            with a newline.

        Examples
        --------
        >>> from symconv import Conv
        >>> print(Conv([[[1, 2]]], (1, 3)).neuron(0, 1).text(), end="")
        The neuron (u, v) = (0, 1): y'_1, the entry s = 1 of y' (row 1 of M, 2x3).
        Its receptive field, the input coordinates (i, j) of its 2 taps:
        (0, 1), (0, 2)
        m_1, row 1 of M:
        [0 1 2]
        y'_1 = m_1 . x' = 1x_{0,1}+2x_{0,2}
        the neuron's output, with an activation f: f(m_1 . x') = f(1x_{0,1}+2x_{0,2})
        """
        from .printing.text import TextPrinter

        return TextPrinter().doprint(self)

    def latex(self, *, standalone: bool = False) -> str:
        r"""Return the view as LaTeX: text and ``\[ ... \]`` displays for ``\input``, or a whole document.

        Parameters
        ----------
        standalone : bool, default False
            True for a whole document that compiles with pdflatex (amsmath and graphicx).

        Returns
        -------
        str
            The LaTeX printer's rendering (:class:`~symconv.printing.latex.LatexDerivationPrinter`).

        Raises
        ------
        MissingDependencyError
            For a :class:`~symconv.formula.Formula`, when latexify-py (which renders its
            functions) is not installed.

        Examples
        --------
        >>> from symconv import Conv
        >>> print(Conv([[[1, 2]]], (1, 3)).neuron(0, 1).latex().splitlines()[6])
        m_{1} = \left[\begin{array}{ccc}0 & 1 & 2\end{array}\right]
        """
        from .printing.latex import LatexDerivationPrinter

        return LatexDerivationPrinter({"standalone": standalone}).doprint(self)

    def _latex(self, printer: Any) -> str:
        """``sympy.latex(view)``: the view as one math-mode ``array``."""
        from .printing.latex import LatexDerivationPrinter

        return LatexDerivationPrinter({"derivation_mode": "math"}).doprint(self)

    def _repr_latex_(self) -> str:
        return "$$" + self._latex(None) + "$$"

    def _sympystr(self, printer: Any) -> str:
        return self.text()

    def __str__(self) -> str:
        return self.text()
