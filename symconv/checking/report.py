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
    r"""One entry where the candidate differs from the truth.

    For a matrix, ``row`` is s and ``column`` is t, with ``output`` = (u, v, w, ...) and
    ``input`` = (i, j, k, ...) their decompositions; for an expansion, ``row`` is the index in
    y' and ``column`` and ``input`` are None.

    Parameters
    ----------
    row : int
        s: the row of M, or the index in y'.
    column : int or None
        t: the column of M (None for an expansion).
    output : tuple of int
        (u, v, w, ...), the output index of the row.
    input : tuple of int or None
        (i, j, k, ...), the input index of the column (None for an expansion).
    expected : sympy.Expr
        The layer's value.
    found : sympy.Expr
        The candidate's value.
    outside_kernel : bool, default False
        True when the found value reads the kernel outside its shape (such as
        ``K[2, 0, 1, 0]`` for a kernel with 2 output channels).

    Examples
    --------
    >>> from symconv import Conv, check, kernel
    >>> check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[b a 0]\n[0 b a]").first[0]
    WrongEntry(row=0, column=0, output=(0, 0), input=(0, 0), expected=a, found=b, outside_kernel=False)
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
    r"""What one mistake is: words, and for an index slip the kernel lookup as written and as it should be.

    ``words`` are symconv's own; letters and formulas in them are marked ``$...$`` (the text
    printer drops the marks, the LaTeX printer sets them as math).

    Parameters
    ----------
    words : str
        The sentence.
    written : Node, optional
        The kernel lookup as the candidate writes it (None unless an index slipped).
    correct : Node, optional
        The lookup as the layer has it.

    Examples
    --------
    >>> from symconv import Conv, check, kernel
    >>> report = check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[b a 0]\n[0 b a]")
    >>> report.diagnoses[0].sentences[0].words
    'the kernel flipped: a true convolution (signal processing) where the layer is a cross-correlation (deep learning)'
    """

    words: str
    written: Node | None = None
    correct: Node | None = None


@dataclass(frozen=True)
class Diagnosis:
    """A confirmed explanation: one mistake or two, a sentence each, and the rule they give (for index slips).

    Parameters
    ----------
    kinds : tuple of str
        Names from :data:`symconv.checking.diagnosis.MISTAKES`.
    sentences : tuple of Sentence
        One per mistake.
    rule : Rule, optional
        The entry rule the mistakes give, for index slips (None otherwise).

    Examples
    --------
    >>> from symconv import Conv, check, kernel
    >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    >>> report = check(layer, "M[s, t] = K[s, i, v-j, w-k] if 0 <= v-j < P and 0 <= w-k < Q, else 0")
    >>> report.diagnoses[0].kinds, report.diagnoses[0].sentences[0].words
    (('offset', 's_for_u'), "the offset's sign reversed")
    """

    kinds: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    rule: Rule | None = None


@dataclass(frozen=True)
class CheckReport:
    r"""What a check found: whether the candidate is right, where it is wrong, and why (when that can be confirmed).

    Made by :func:`symconv.check`. A wrong candidate is a report, not an exception:
    ``bool(report)`` is ``report.ok``; ``str(report)`` is ``report.text()``; Jupyter shows
    the LaTeX.

    Parameters
    ----------
    kind : str
        ``"matrix"``, ``"formula"`` or ``"expansion"``.
    summary : LayerSummary
        The layer checked against.
    expected_shape : tuple of int
        The shape of the truth (M, y' or y).
    found_shape : tuple of int
        The shape of the candidate.
    compared : int
        How many entries were compared (0 when the shapes differ).
    wrong : int
        How many of them differ.
    first : tuple of WrongEntry
        The first few wrong entries, in row-major order.
    diagnoses : tuple of Diagnosis
        The confirmed explanations; empty when no single mistake or pair explains the candidate.
    tried : int
        How many hypotheses were rebuilt and compared.
    rule : Rule, optional
        The candidate rule as it was read (a rule given as text), for the reader to verify.
    unknown_names : tuple of str, default ()
        Names in the candidate that the layer does not have.
    source : str, default ""
        What the candidate was given as (``"text"``, ``"LaTeX"``, ``"function"``, a type name).
    nested : bool, default False
        For an expansion: True when y was given nested in the output shape, False for the
        flat y'.

    Examples
    --------
    >>> from symconv import Conv, check, kernel
    >>> report = check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[b a 0]\n[0 b a]")
    >>> report
    <CheckReport of a matrix: 4 of 6 entries wrong, 1 diagnosis(es)>
    >>> report.ok, report.wrong, report.compared, report.diagnoses[0].kinds
    (False, 4, 6, ('flip',))
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
        r"""True when the candidate has the right shape and every entry equals the truth.

        Examples
        --------
        >>> from symconv import Conv, check, kernel
        >>> check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[a b 0]\n[0 a b]").ok
        True
        """
        return self.expected_shape == self.found_shape and self.wrong == 0

    def __bool__(self) -> bool:
        return self.ok

    def text(self) -> str:
        r"""Return the report as plain text.

        Returns
        -------
        str
            What was checked, the verdict, the first wrong entries and the diagnoses
            (:func:`symconv.printing.checking.report_text`).

        Examples
        --------
        >>> from symconv import Conv, check, kernel
        >>> print(check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[a b 0]\n[0 a b]").text(), end="")
        Check of a matrix M for the layer: 1-D cross-correlation: input 1x3, kernel 1x1x2, output 1x2
        Correct: all 6 entries equal symconv's M.
        """
        from ..printing.text import TextPrinter

        return TextPrinter().doprint(self)  # type: ignore[no-any-return]

    def latex(self, *, standalone: bool = False) -> str:
        r"""Return the report as LaTeX (a whole document with ``standalone=True``; needs amsmath and graphicx).

        Parameters
        ----------
        standalone : bool, default False
            True for a whole document that compiles with pdflatex.

        Returns
        -------
        str
            The LaTeX (:func:`symconv.printing.checking.report_latex`).

        Examples
        --------
        >>> from symconv import Conv, check, kernel
        >>> print(check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[a b 0]\n[0 a b]").latex().splitlines()[2])
        Correct: all $6$ entries equal symconv's $M$.
        """
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
