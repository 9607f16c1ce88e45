r"""Printing a :class:`~symconv.neuron.Neuron`: where it looks, its row of M, and what it computes.

The expression :math:`m_s \cdot x'` is written in the term style of the derivations
(:mod:`symconv.printing.terms`: ``5a+6b+8c+9d``), one term per kernel tap. Long rows,
receptive fields and expressions are split over several LaTeX displays
(:func:`~symconv.printing.displays.chunks`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..expansion import Expansion
from ..neuron import FieldTap, Neuron
from .displays import DISPLAY_WIDTH, chunks, visible_width
from .terms import TermStyle, row_strings

ROW_LIMIT = 64
"""Up to this many columns the row m_s is printed whole in text; above, only its nonzero entries."""

ROW_WIDTH = 80
"""The row m_s is one LaTeX display when its entries are about this wide at most; else its nonzero entries."""



def term_list(neuron: Neuron, style: TermStyle) -> list[str]:
    """Return the terms of m_s . x' (+ b_s) in a term style: one per tap that reads the input, then the bias.

    Parameters
    ----------
    neuron : Neuron
        The neuron.
    style : TermStyle
        How terms are written (no value is appended to a term).

    Returns
    -------
    list of str
        The terms, each with its sign.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.neuron import term_list
    >>> from symconv.printing.text import TEXT_STYLE
    >>> term_list(Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, bias=[7]).neuron(0, 0), TEXT_STYLE)
    ['b*x_{0,0}', 'c*x_{0,1}', '7']
    """
    reading = [tap for tap in neuron.taps if tap.column is not None]
    columns = [column for column, _ in neuron.inputs]
    values = [value for _, value in neuron.inputs]
    where = np.searchsorted(columns, [int(tap.column) for tap in reading if tap.column is not None]).astype(np.int64)
    one_per_row = Expansion(None, values, [tap.weight for tap in reading],  # type: ignore[arg-type]
                            np.arange(len(reading)), where, np.arange(len(reading) + 1), None)
    style = replace(style, equals=None)  # one term per row: no value after each
    found = row_strings(one_per_row, style) if reading else []
    if neuron.bias is not None:
        bias = Expansion(None, [], [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),  # type: ignore[arg-type]
                         np.array([0, 0]), [neuron.bias])
        found.append(row_strings(bias, style)[0])
    return found


def joined(terms: list[str], style: TermStyle, *, leading: bool = True) -> str:
    """Return terms joined as the derivations join them (``1a-2b``); ``leading=False`` writes the first sign too.

    Parameters
    ----------
    terms : list of str
        Terms, each with its sign (``-2b``).
    style : TermStyle
        The style's ``plus``, ``minus`` and ``zero``.
    leading : bool, default True
        False for a continuation line: its first term gets a sign (``+ 2b``).

    Returns
    -------
    str
        The sum (``style.zero`` for no terms).

    Examples
    --------
    >>> from symconv.printing.neuron import joined
    >>> from symconv.printing.text import TEXT_STYLE
    >>> joined(["1a", "-2b"], TEXT_STYLE), joined(["2c"], TEXT_STYLE, leading=False), joined([], TEXT_STYLE)
    ('1a-2b', '+ 2c', '0')
    """
    if not terms:
        return style.zero
    text = terms[0] if leading else ((style.minus.lstrip() + " " + terms[0][1:]) if terms[0].startswith("-")
                                     else style.plus.lstrip() + " " + terms[0])
    for term in terms[1:]:
        text += (style.minus + term[1:]) if term.startswith("-") else (style.plus + term)
    return text


def _position(coordinates: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, coordinates)) + ")"


def field_entry(tap: FieldTap, arrow: str) -> str:
    r"""Return a tap's coordinates, ``(0, 1, 1)``, followed in the padding by what it reads.

    ``(0, -1, 1) -> 0`` on zero padding, ``(0, -1, 1) -> (0, 1, 1)`` where a padding mode reads
    the input.

    Parameters
    ----------
    tap : FieldTap
        A tap of the neuron's window.
    arrow : str
        The arrow between a padding position and what it reads (``->`` in text,
        ``\mapsto`` in LaTeX).

    Returns
    -------
    str
        The entry of the receptive field.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.neuron import field_entry
    >>> neuron = Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, padding_mode="reflect").neuron(0, 0)
    >>> [field_entry(tap, "->") for tap in neuron.field]
    ['(0, -1) -> (0, 1)', '(0, 0)', '(0, 1)']
    """
    text = _position(tap.coordinates)
    if not tap.in_padding:
        return text
    return f"{text} {arrow} " + ("0" if tap.reads is None else _position(tap.reads))


def _letters(neuron: Neuron) -> tuple[str, str]:
    from ..symbols import notation

    letters = notation(neuron.summary.ndim)
    out = ", ".join((letters.output_channel, *letters.output_positions))
    inp = ", ".join((letters.input_channel, *letters.input_positions))
    return f"({out})", f"({inp})"


def _field_words(neuron: Neuron, inp: str, math: str) -> str:
    count = len(neuron.taps)
    padded = any(tap.in_padding for tap in neuron.taps)
    what = f"its {count} taps" if neuron.summary.kind != "product" else f"the {count} nonzero entries of its row"
    text = f"its receptive field, the input coordinates {math}{inp}{math} of {what}"
    if padded:
        text += " (a tap in the padding is followed by what it reads: the input there, or 0 on zero padding)"
    return text


# -- text ---------------------------------------------------------------------------------------------
def neuron_text(neuron: Neuron) -> str:
    """Return the neuron as plain text.

    Parameters
    ----------
    neuron : Neuron
        The neuron.

    Returns
    -------
    str
        Its position and row, its receptive field, its row of M (whole up to
        :data:`ROW_LIMIT` columns, else its nonzero entries) and what it computes.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.neuron import neuron_text
    >>> print(neuron_text(Conv([[[1, 2]]], (1, 3)).neuron(0, 1)).splitlines()[-2])
    y'_1 = m_1 . x' = 1x_{0,1}+2x_{0,2}
    """
    from .text import TEXT_STYLE, TextPrinter, _with_bars

    printer = TextPrinter()
    out, inp = _letters(neuron)
    s = neuron.row
    rows, columns = neuron.summary.matrix_shape
    lines = [f"The neuron {out} = {_position(neuron.position)}: y'_{s}, the entry s = {s} of y' "
             f"(row {s} of M, {rows}x{columns}).",
             _field_words(neuron, inp, "")[0].upper() + _field_words(neuron, inp, "")[1:] + ":",
             ", ".join(field_entry(tap, "->") for tap in neuron.field),
             f"m_{s}, row {s} of M:"]
    if columns <= ROW_LIMIT:
        cells = ["0"] * columns
        for column, value in neuron.weights:
            cells[column] = printer.entry(value)
        lines.append(_with_bars(cells, neuron.summary.input_layout.bar_every()))
    else:
        lines.append(f"{len(neuron.weights)} nonzero entries (column: entry): "
                     + ", ".join(f"{column}: {printer.entry(value)}" for column, value in neuron.weights))
    plus_b = f" + b_{s}" if neuron.bias is not None else ""
    expression = joined(term_list(neuron, TEXT_STYLE), TEXT_STYLE)
    lines.append(f"y'_{s} = m_{s} . x'{plus_b} = {expression}")
    lines.append(f"the neuron's output, with an activation f: f(m_{s} . x'{plus_b}) = f({expression})")
    return "\n".join(lines) + "\n"


# -- LaTeX --------------------------------------------------------------------------------------------
def neuron_displays(neuron: Neuron) -> list[tuple[str, str]]:
    r"""Return ``[(text before, math), ...]`` of the neuron.

    Parameters
    ----------
    neuron : Neuron
        The neuron.

    Returns
    -------
    list of tuple of str
        The pieces of the LaTeX: the receptive field, the row of M, what it computes (long
        ones split over several displays).

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.neuron import neuron_displays
    >>> neuron_displays(Conv([[[1, 2]]], (1, 3)).neuron(0, 1))[1]
    ('Its weights $m_{1}$, row $1$ of $M$:', 'm_{1} = \\left[\\begin{array}{ccc}0 & 1 & 2\\end{array}\\right]')
    """
    from .latex import LatexDerivationPrinter

    printer = LatexDerivationPrinter()
    out, inp = _letters(neuron)
    s = neuron.row
    rows, columns = neuron.summary.matrix_shape
    pieces: list[tuple[str, str]] = []
    field = [field_entry(tap, r"\mapsto") for tap in neuron.field]
    title = (f"The neuron ${out} = {_position(neuron.position)}$: the entry $y'_{{{s}}}$ of $y'$, row $s = {s}$ of "
             f"$M$ (${rows} \\times {columns}$); " + _field_words(neuron, inp, "$") + ":")
    field_runs = chunks(field) or [[]]
    for number, run in enumerate(field_runs):
        opening = r"\{" if number == 0 else ""
        closing = r"\}" if number == len(field_runs) - 1 else ","
        pieces.append((title if number == 0 else "", opening + ", ".join(run) + closing))
    cells = ["0"] * columns if columns <= ROW_LIMIT else []
    for column, value in neuron.weights if cells else ():
        cells[column] = printer.entry(value)
    if cells and sum(visible_width(cell) + 2 for cell in cells) <= ROW_WIDTH:
        group = neuron.summary.input_layout.bar_every()
        spec = "".join("|c" if group and n and n % group == 0 else "c" for n in range(columns))
        vector = r"\left[\begin{array}{" + spec + "}" + " & ".join(cells) + r"\end{array}\right]"
        pieces.append((f"Its weights $m_{{{s}}}$, row ${s}$ of $M$:", f"m_{{{s}}} = {vector}"))
    else:
        entries = [f"m_{{{s},{column}}} = {printer.entry(value)}" for column, value in neuron.weights]
        for number, run in enumerate(chunks(entries)):
            pieces.append((f"The {len(entries)} nonzero entries of its weights $m_{{{s}}}$, row ${s}$ of $M$:"
                           if number == 0 else "", ",\\ ".join(run)))
    plus_b = f" + b_{{{s}}}" if neuron.bias is not None else ""
    style = printer.style()
    lead = f"y'_{{{s}}} = m_{{{s}}} \\cdot x'{plus_b} = "
    runs = chunks(term_list(neuron, style), DISPLAY_WIDTH - visible_width(lead)) or [[]]
    for number, run in enumerate(runs):
        if number == 0:
            pieces.append((f"What it computes: $y'_{{{s}}}$ and, with an activation $f$, the neuron's output:",
                           lead + joined(run, style)))
        else:
            pieces.append(("", r"\quad " + joined(run, style, leading=False)))
    if len(runs) == 1:
        pieces.append(("", f"f(m_{{{s}}} \\cdot x'{plus_b}) = f\\left({joined(runs[0], style)}\\right)"))
    else:
        pieces.append(("", f"f(m_{{{s}}} \\cdot x'{plus_b}) = f\\left(y'_{{{s}}}\\right)"))
    return pieces
