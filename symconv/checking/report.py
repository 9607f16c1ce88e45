r"""The result of a check, as plain data: :class:`CheckReport`, its :class:`WrongEntry` rows and :class:`Diagnosis`.

A report is a view (a frozen record); the text and LaTeX printers render it
(``TextPrinter._print_CheckReport``, ``LatexDerivationPrinter._print_CheckReport``, through
:mod:`symconv.printing.checking`). It never refers to the layer object, only to its
:class:`~symconv.protocol.LayerSummary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from ..protocol import LayerSummary
from .rules import Node, Rule


@dataclass(frozen=True)
class WrongEntry:
    """One entry where the candidate differs from the truth.

    For a matrix, ``row`` is s and ``column`` is t, with ``output`` = (u, v, w, ...) and
    ``input`` = (i, j, k, ...) their decompositions; for an expansion, ``row`` is the index in
    y' and ``column`` and ``input`` are None. ``outside_kernel`` is True when the found value
    reads the kernel outside its shape (such as ``K[2, 0, 1, 0]`` for a kernel with 2 output
    channels).
    """

    row: int
    column: int | None
    output: tuple[int, ...]
    input: tuple[int, ...] | None
    expected: sympy.Expr
    found: sympy.Expr
    outside_kernel: bool = False


@dataclass(frozen=True)
class Sentence:
    """What one mistake is: words, and for an index slip the kernel lookup as written and as it should be.

    ``words`` are symconv's own; letters and formulas in them are marked ``$...$`` (the text
    printer drops the marks, the LaTeX printer sets them as math).
    """

    words: str
    written: Node | None = None
    correct: Node | None = None


@dataclass(frozen=True)
class Diagnosis:
    """A confirmed explanation: one mistake or two, a sentence each, and the rule they give (for index slips).

    ``kinds`` are names from :data:`symconv.checking.diagnosis.MISTAKES`.
    """

    kinds: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    rule: Rule | None = None


@dataclass(frozen=True)
class CheckReport:
    """What a check found: whether the candidate is right, where it is wrong, and why (when that can be confirmed).

    Attributes
    ----------
    kind
        ``"matrix"``, ``"formula"`` or ``"expansion"``.
    summary
        The layer checked against.
    expected_shape, found_shape
        The shape of the truth and of the candidate (M, y' or y).
    compared
        How many entries were compared (0 when the shapes differ).
    wrong
        How many of them differ.
    first
        The first few wrong entries, in row-major order.
    diagnoses
        The confirmed explanations; empty when no single mistake or pair explains the candidate.
    tried
        How many hypotheses were rebuilt and compared.
    rule
        The candidate rule as it was read (a rule given as text), for the reader to verify.
    unknown_names
        Names in the candidate that the layer does not have.
    source
        What the candidate was given as (``"text"``, ``"LaTeX"``, ``"function"``, a type name).
    input_text
        For an expansion, the input x it was compared for (None: the symbolic x).
    """

    kind: str
    summary: LayerSummary
    expected_shape: tuple[int, ...]
    found_shape: tuple[int, ...]
    compared: int
    wrong: int
    first: tuple[WrongEntry, ...]
    diagnoses: tuple[Diagnosis, ...]
    tried: int
    rule: Rule | None = None
    unknown_names: tuple[str, ...] = ()
    source: str = ""
    nested: bool = False

    @property
    def ok(self) -> bool:
        """True when the candidate has the right shape and every entry equals the truth."""
        return self.expected_shape == self.found_shape and self.wrong == 0

    def __bool__(self) -> bool:
        return self.ok

    def text(self) -> str:
        """The report as plain text."""
        from ..printing.text import TextPrinter

        return TextPrinter().doprint(self)  # type: ignore[no-any-return]

    def latex(self, *, standalone: bool = False) -> str:
        """The report as LaTeX (a whole document with ``standalone=True``; needs amsmath and graphicx)."""
        from ..printing.latex import LatexDerivationPrinter

        return LatexDerivationPrinter({"standalone": standalone}).doprint(self)  # type: ignore[no-any-return]

    def _repr_latex_(self) -> str:
        from ..printing.checking import report_math

        return "$$" + report_math(self) + "$$"

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        verdict = "correct" if self.ok else (f"{self.wrong} of {self.compared} entries wrong" if self.compared
                                             else "wrong shape")
        article = "an" if self.kind == "expansion" else "a"
        return f"<CheckReport of {article} {self.kind}: {verdict}, {len(self.diagnoses)} diagnosis(es)>"

    def _sympystr(self, printer: Any) -> str:
        return self.text()
