r"""Fitting LaTeX to the page: how wide and tall material is laid out on a standard ``article`` page.

The strategy, chosen per block by the size of what it shows (``latex(layout=...)`` and
``--layout`` force one):

``fit``
    Every display is measured by TeX itself (:func:`fit_to_width`): one that fits is set as
    it is; one wider than ``\linewidth`` is scaled down to exactly the line width.
``split`` (the default, ``auto``, for anything that would need scaling below :data:`MIN_SCALE`)
    Wide matrices and vectors are cut into column blocks and tall ones into row blocks, each
    a display of its own that says which rows and columns it holds, with ``\cdots`` where
    the matrix continues; every block is still measured and scaled by TeX if needed.
``summary`` (``auto`` chooses it when a matrix would take more than :data:`MAX_SPLIT_DISPLAYS`)
    The top-left corner of the matrix, with ``\cdots``, ``\vdots`` and ``\ddots``, and a
    sentence that says it is a corner and how large the whole is.

Displays never exceed :data:`MAX_DISPLAY_ROWS` rows (a display cannot break across pages),
so pdflatex reports neither ``Overfull \hbox`` nor ``Overfull \vbox``. TeX scales with
``\resizebox`` from graphicx, so a document that ``\input``\ s symconv's LaTeX needs the
packages of :data:`PACKAGES`.

Widths are estimated from the LaTeX text (:func:`math_width`), in points of a 10pt
document; the estimate only chooses where to cut: TeX's own measurement guarantees the fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..arithmetic import check_choice

PACKAGES = ("amsmath", "graphicx")
"""The LaTeX packages symconv's output needs."""

PREAMBLE = "\\documentclass{article}\n" + "".join(f"\\usepackage{{{name}}}\n" for name in PACKAGES) + \
    "\\begin{document}\n"
"""The start of a standalone document."""


def standalone_document(body: str) -> str:
    r"""Return ``body`` as a whole ``article`` document (amsmath and graphicx) that compiles with pdflatex.

    Parameters
    ----------
    body : str
        What goes between ``\begin{document}`` and ``\end{document}``.

    Returns
    -------
    str
        :data:`PREAMBLE`, the body, and the end of the document.

    Examples
    --------
    >>> from symconv.printing.page import standalone_document
    >>> standalone_document("Hello.").splitlines()[-2:]
    ['Hello.', '\\end{document}']
    """
    return PREAMBLE + "\n" + body + "\n\\end{document}\n"

TEXT_WIDTH = 345.0
"""``\\textwidth`` of a standard 10pt ``article`` page, in points."""

MIN_SCALE = 0.7
"""The smallest scale a display may be set at before it is split instead."""

MAX_DISPLAY_ROWS = 32
"""The most rows of a matrix or column vector in one display (a display cannot break across pages)."""

MAX_SPLIT_DISPLAYS = 12
"""With ``layout="auto"``, a matrix that would need more displays than this is shown as its corner."""

LAYOUTS = ("auto", "fit", "split", "summary")

COLUMN_SEPARATION = 10.0
"""Points between two columns of an ``array`` (2 * \\arraycolsep)."""


FIT_MACRO = ("\\providecommand{\\symconvfit}[1]{\\sbox0{$\\displaystyle #1$}"
             "\\ifdim\\wd0>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox0}\\else\\usebox0\\fi}")
"""The one macro symconv's LaTeX defines: ``\\symconvfit{math}`` sets math at its size, or scaled down to the line."""


def fit_to_width(math: str) -> str:
    r"""Return math for a display (inside ``\[ ... \]``) that TeX scales down to ``\linewidth`` when it is wider.

    Math that is surely narrower than the line (by :func:`display_width`) is left as it is;
    the rest goes into ``\symconvfit``, defined by :data:`FIT_MACRO`.

    Parameters
    ----------
    math : str
        The display's math.

    Returns
    -------
    str
        ``math``, or ``\symconvfit{math}``.

    Examples
    --------
    >>> from symconv.printing.page import fit_to_width
    >>> fit_to_width("a + b")
    'a + b'
    >>> fit_to_width(" + ".join(["K_{0,0,0,0}"] * 40))[:14]
    '\\symconvfit{K_'
    """
    if display_width(math) <= 0.8 * TEXT_WIDTH:
        return math
    return "\\symconvfit{" + math + "}"


def display_width(tex: str) -> float:
    r"""Return an estimate of the width of display math in points: ``array`` environments count by their widest row.

    Parameters
    ----------
    tex : str
        Display math, possibly with (nested) ``array`` and ``aligned`` environments.

    Returns
    -------
    float
        The width in points of a 10pt document.

    Examples
    --------
    >>> from symconv.printing.page import display_width
    >>> display_width(r"M = \left[\begin{array}{cc} a & b \\ c & d \end{array}\right]") < 60
    True
    """
    pattern = re.compile(r"\\begin\{(array|aligned)\}(\{[^{}]*\})?((?:(?!\\begin\{)(?!\\end\{).)*?)\\end\{\1\}", re.S)
    while True:
        match = pattern.search(tex)
        if match is None:
            return math_width(tex)
        rows = [row.split("&") for row in re.split(r"\\\\(?:\[[^\]]*\])?", match.group(3))]
        columns = max((len(row) for row in rows), default=0)
        width = sum(max(math_width(row[c]) for row in rows if c < len(row)) + COLUMN_SEPARATION
                    for c in range(columns))
        tex = tex[: match.start()] + f"\\symconvwidth{{{width:.1f}}}" + tex[match.end():]


_COMMAND_WIDTHS = {"cdot": 7.8, "times": 7.8, "ast": 7.8, "quad": 10.0, "qquad": 20.0, ",": 1.7, ";": 2.8,
                   "cdots": 13.0, "ldots": 13.0, "alpha": 6.4, "top": 7.8}


def math_width(tex: str) -> float:
    """Return an estimate of the width of inline math ``tex`` in points (10pt font); generous rather than tight.

    Parameters
    ----------
    tex : str
        Inline math.

    Returns
    -------
    float
        The width in points; sub- and superscripts count smaller.

    Examples
    --------
    >>> from symconv.printing.page import math_width
    >>> round(math_width("1a + 2b"))
    33
    """
    width = 0.0
    subscript = 0
    position = 0
    while position < len(tex):
        character = tex[position]
        if character == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", tex[position:])
            name = match.group(1) if match else ""
            position += len(name) + 1
            if name == "symconvwidth":
                found = re.match(r"\{([\d.]+)\}", tex[position:])
                if found:
                    width += float(found.group(1))
                    position += len(found.group(0))
                continue
            if name in ("texttt", "text", "mathrm", "left", "right", "tfrac", "frac", "dfrac", "begin", "end"):
                continue
            if name == "char":
                digits = re.match(r"\d+", tex[position:])
                position += len(digits.group(0)) if digits else 0
                width += 5.25
                continue
            width += _COMMAND_WIDTHS.get(name, 6.0) * (0.7 if subscript else 1.0)
            continue
        if character in "_^":
            subscript += 1
            position += 1
            if position < len(tex) and tex[position] != "{":
                width += 3.6
                subscript -= 1
                position += 1
            continue
        if character == "{":
            position += 1
            continue
        if character == "}":
            subscript = max(0, subscript - 1) if subscript else 0
            position += 1
            continue
        if character in "+-=<>":
            width += 4.2 if subscript else 12.2
        elif character in " \t\n":
            pass
        elif character in ",.;":
            width += 2.0 if subscript else 2.8
        elif character in "()[]|":
            width += 2.7 if subscript else 3.9
        elif character.isupper():
            width += 5.5 if subscript else 8.0
        elif character.isdigit():
            width += 4.2 if subscript else 5.0
        else:
            width += 4.2 if subscript else 5.6
        position += 1
    return width


@dataclass(frozen=True)
class Chunk:
    """One display's part of a matrix: rows ``rows[0]:rows[1]``, columns ``columns[0]:columns[1]``.

    Parameters
    ----------
    rows : tuple of int
        The first row and the row after the last.
    columns : tuple of int
        The first column and the column after the last.

    Examples
    --------
    >>> from symconv.printing.page import plan_matrix
    >>> plan_matrix([["a", "b", "c"], ["d", "e", "f"]], "auto")
    ('whole', [Chunk(rows=(0, 2), columns=(0, 3))])
    """

    rows: tuple[int, int]
    columns: tuple[int, int]


def column_breaks(widths: list[float], available: float) -> list[tuple[int, int]]:
    """Return columns of the given widths cut into consecutive runs that fit ``available`` points each.

    Parameters
    ----------
    widths : list of float
        The width of every column, in points.
    available : float
        The width of a run, in points (each column also counts :data:`COLUMN_SEPARATION`).

    Returns
    -------
    list of tuple of int
        ``(start, stop)`` of every run; a column wider than ``available`` gets a run of its own.

    Examples
    --------
    >>> from symconv.printing.page import column_breaks
    >>> column_breaks([40.0] * 10, 130.0)
    [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
    """
    runs = []
    start, used = 0, 0.0
    for index, width in enumerate(widths):
        need = width + COLUMN_SEPARATION
        if index > start and used + need > available:
            runs.append((start, index))
            start, used = index, 0.0
        used += need
    runs.append((start, len(widths)))
    return runs


def row_breaks(rows: int, most: int = MAX_DISPLAY_ROWS) -> list[tuple[int, int]]:
    """Return ``rows`` rows cut into consecutive runs of at most ``most`` (as even as possible).

    Parameters
    ----------
    rows : int
        The number of rows.
    most : int, default 32
        The most rows of a run (:data:`MAX_DISPLAY_ROWS`).

    Returns
    -------
    list of tuple of int
        ``(start, stop)`` of every run.

    Examples
    --------
    >>> from symconv.printing.page import row_breaks
    >>> row_breaks(70, 32)
    [(0, 23), (23, 47), (47, 70)]
    """
    if rows <= most:
        return [(0, rows)]
    count = -(-rows // most)
    bounds = [round(i * rows / count) for i in range(count + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


def plan_matrix(cells: list[list[str]], layout: str, *, label_width: float = 40.0,
                text_width: float = TEXT_WIDTH) -> tuple[str, list[Chunk]]:
    """Return how to show a matrix of LaTeX cells: ``("whole" | "split" | "summary", chunks)``.

    ``auto`` keeps the matrix whole when it fits at :data:`MIN_SCALE` or larger and has at
    most :data:`MAX_DISPLAY_ROWS` rows; else it splits it, or shows its corner when that
    would take more than :data:`MAX_SPLIT_DISPLAYS` displays.

    Parameters
    ----------
    cells : list of list of str
        The matrix's entries as LaTeX, row by row.
    layout : str
        ``"auto"``, ``"fit"`` (always whole; TeX scales it), ``"split"`` or ``"summary"``.
    label_width : float, default 40.0
        The width of the label before the matrix (``M = ``), in points.
    text_width : float, default 345.0
        The width of the page's text, in points (:data:`TEXT_WIDTH`).

    Returns
    -------
    tuple
        The mode and the :class:`Chunk` of every display (one chunk, the corner, for a summary).

    Examples
    --------
    >>> from symconv.printing.page import plan_matrix
    >>> plan_matrix([["a"] * 3] * 2, "auto")
    ('whole', [Chunk(rows=(0, 2), columns=(0, 3))])
    >>> plan_matrix([["K_{0,0,0,0}"] * 60] * 40, "auto")
    ('summary', [Chunk(rows=(0, 16), columns=(0, 8))])
    """
    rows = len(cells)
    columns = len(cells[0]) if cells else 0
    widths = [max((math_width(row[c]) for row in cells), default=0.0) for c in range(columns)]
    natural = label_width + sum(w + COLUMN_SEPARATION for w in widths)
    whole = [Chunk((0, rows), (0, columns))]
    if layout == "fit" or (layout == "auto" and natural * MIN_SCALE <= text_width and rows <= MAX_DISPLAY_ROWS):
        return "whole", whole
    available = (text_width - label_width - 30.0) / MIN_SCALE
    column_runs = column_breaks(widths, available)
    row_runs = row_breaks(rows)
    chunks = [Chunk(r, c) for r in row_runs for c in column_runs]
    if layout == "summary" or (layout == "auto" and len(chunks) > MAX_SPLIT_DISPLAYS):
        corner_rows = min(rows, MAX_DISPLAY_ROWS // 2)
        corner_columns = column_runs[0][1] if len(column_runs) > 1 else columns
        corner_columns = max(1, min(corner_columns, columns) - (1 if corner_columns < columns else 0))
        return "summary", [Chunk((0, corner_rows), (0, corner_columns))]
    if len(chunks) == 1:
        return "whole", whole
    return "split", chunks


def check_layout(layout: object) -> str:
    """Return ``layout`` if it is one of :data:`LAYOUTS`, else raise a LayerError that lists them.

    Parameters
    ----------
    layout : object
        The ``layout`` setting.

    Returns
    -------
    str
        ``layout``.

    Raises
    ------
    LayerError
        If ``layout`` is not ``"auto"``, ``"fit"``, ``"split"`` or ``"summary"``.

    Examples
    --------
    >>> from symconv.printing.page import check_layout
    >>> check_layout("split")
    'split'
    >>> check_layout("tiny")
    Traceback (most recent call last):
    ...
    symconv.errors.LayerError: layout 'tiny' is not known; expected one of 'auto', 'fit', 'split', 'summary'
    """
    return check_choice("layout", layout, LAYOUTS)
