r"""What the views' LaTeX printers share: a list of (text, math) pieces set as a document body or one array.

A view (formula, structure, neuron) is rendered as pieces ``(text before, math)``. In a
document each math becomes a display ``\[ ... \]`` that TeX scales to the line width when
it is wider (:func:`~symconv.printing.page.fit_to_width`); in Jupyter or ``sympy.latex``
the pieces become the rows of one math-mode ``array``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .latex import _title_in_math
from .page import FIT_MACRO, fit_to_width, math_width, standalone_document


def document(pieces: Sequence[tuple[str, str]], *, standalone: bool = False) -> str:
    r"""Return text lines and ``\[ ... \]`` displays; with ``standalone`` a whole document (amsmath and graphicx).

    Parameters
    ----------
    pieces : sequence of tuple of str
        ``(text before, math)`` pairs; either may be empty.
    standalone : bool, default False
        True for a whole document that compiles with pdflatex.

    Returns
    -------
    str
        The LaTeX; a display wider than the line goes through ``\symconvfit`` (whose
        definition is then prepended).

    Examples
    --------
    >>> from symconv.printing.displays import document
    >>> print(document([("The sum:", "a + b")]))
    The sum:
    \[
    a + b
    \]
    <BLANKLINE>
    """
    parts = []
    for before, math in pieces:
        if before:
            parts.append(before)
        if math:
            parts.append("\\[\n" + fit_to_width(math) + "\n\\]")
    body = "\n".join(parts) + "\n"
    if "\\symconvfit{" in body:
        body = FIT_MACRO + "\n\n" + body
    if standalone:
        return standalone_document(body)
    return body


def math_array(pieces: Sequence[tuple[str, str]]) -> str:
    r"""Return the pieces as the rows of one ``array`` (text in ``\text{}``).

    Parameters
    ----------
    pieces : sequence of tuple of str
        ``(text before, math)`` pairs; text may hold inline ``$...$`` math.

    Returns
    -------
    str
        A math-mode ``array`` (for Jupyter and ``sympy.latex``).

    Examples
    --------
    >>> from symconv.printing.displays import math_array
    >>> print(math_array([("The sum $s$:", "s = a + b")]))
    \begin{array}{l}
    \text{The sum }s\text{:} \\
    s = a + b
    \end{array}
    """
    rows = []
    for before, math in pieces:
        if before:
            rows.append(_title_in_math(before))
        if math:
            rows.append(math)
    return "\\begin{array}{l}\n" + " \\\\\n".join(rows) + "\n\\end{array}"


DISPLAY_WIDTH = 60
"""About how many characters of math fit on one display line of an ``article`` page (subscripts count 0.7)."""


def visible_width(latex: str) -> float:
    r"""Return the width of math in characters of about 5.5pt (:func:`symconv.printing.page.math_width` / 5.5).

    Parameters
    ----------
    latex : str
        Inline math.

    Returns
    -------
    float
        The width, rounded to one decimal.

    Examples
    --------
    >>> from symconv.printing.displays import visible_width
    >>> visible_width(r"K_{0,1}\,x_{2}")
    5.4
    """
    return round(math_width(latex) / 5.5, 1)


def chunks(items: Sequence[str], budget: float = DISPLAY_WIDTH, separator: float = 2.0) -> list[list[str]]:
    """Return the items split into runs whose :func:`visible_width` (plus a separator each) stays within ``budget``.

    Parameters
    ----------
    items : sequence of str
        LaTeX items, in order.
    budget : float, default 60
        The width of a run, in characters (:data:`DISPLAY_WIDTH`).
    separator : float, default 2.0
        The width counted for the separator after each item.

    Returns
    -------
    list of list of str
        Consecutive runs; an item wider than the budget gets a run of its own.

    Examples
    --------
    >>> from symconv.printing.displays import chunks
    >>> chunks(["aaaa", "bbbb", "cccc"], budget=14)
    [['aaaa', 'bbbb'], ['cccc']]
    """
    found: list[list[str]] = []
    width = 0.0
    for item in items:
        size = visible_width(item) + separator
        if found and width + size <= budget:
            found[-1].append(item)
            width += size
        else:
            found.append([item])
            width = size
    return found
