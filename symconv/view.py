"""What every view of a layer (formula, structure, neuron) offers: text, LaTeX, Jupyter and SymPy printing.

A view is a frozen record; symconv's printers render it with one ``_print_<View>``
method each (:class:`~symconv.printing.text.TextPrinter`,
:class:`~symconv.printing.latex.LatexDerivationPrinter`), and this mixin gives every
view the same entry points to them.
"""

from __future__ import annotations

from typing import Any


class View:
    """The printing entry points of a view: ``text()``, ``latex()``, ``_repr_latex_`` and SymPy's hooks."""

    def text(self) -> str:
        """Return the view as plain text."""
        from .printing.text import TextPrinter

        return TextPrinter().doprint(self)

    def latex(self, *, standalone: bool = False) -> str:
        r"""Return the view as LaTeX: text and ``\[ ... \]`` displays for ``\input``, or a whole document."""
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
