r"""Write the rows of y' = M x' as strings straight from the index pattern.

The style (the same in text and LaTeX, with each format's own symbols):

* a term is the product of a matrix entry m and an input x; the coefficient comes
  first: when x is a number it leads (``1a``, as in the worked example), when m is a number
  and x is not, m leads (``2x_{0,1}``); the coefficient 1 is written (``1a``);
* a number next to a non-number is juxtaposed (``1a``); two numbers are joined by
  ``*`` (``\cdot`` in LaTeX), two non-numbers by ``*`` (a thin space in LaTeX):
  ``1*2``, ``a*x_{0,0}``;
* negative numbers fold into the sign (``1a-2b``); fractions are parenthesised in
  text (``(1/2)a``, ``-(1/2)a``), ``\tfrac`` in LaTeX; a non-number that is not a
  single symbol (``a+c`` in a folded entry) is parenthesised;
* a zero input keeps its term (``0a``): the receptive field is shown whole;
* terms follow the receptive field, one per kernel tap; the bias comes last.

Strings are made once per distinct value and then joined per term, so rendering
costs a few list operations per term rather than a SymPy print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from ..expansion import Expansion


@dataclass(frozen=True)
class TermStyle:
    r"""How one output format writes the pieces of a term, and the reader's choices (order, signs, values).

    A printer makes its own (:meth:`symconv.printing.text.TextPrinter.style`,
    :meth:`symconv.printing.latex.LatexDerivationPrinter.style`);
    :data:`symconv.printing.text.TEXT_STYLE` is the plain text one.

    Parameters
    ----------
    lead : callable
        A number in first position (the coefficient): ``2``, ``-2``, ``(1/2)``.
    after : callable
        A number after a product sign: ``2``, ``(-2)``.
    factor : callable
        A non-number: a symbol's name, or a parenthesised expression.
    juxtapose : str
        Between a leading number and a non-number (empty: ``1a``).
    times_numbers : str
        Between two numbers (input first): ``0*1``, ``0 \cdot 1``.
    times_symbols : str
        Between two non-numbers: ``a*x``; empty for juxtaposition (``aw``).
    plus : str
        Between terms: ``+``.
    minus : str
        Before a negative term, replacing ``plus`` and its sign: ``-``.
    zero : str
        A row without terms.
    input_first : bool, default False
        Two non-numbers: the input's factor first (``wa``, as Goodfellow et al. write) instead
        of the kernel's.
    equals : str, optional
        Appended with the value to a row whose terms are all numbers
        (``0*0+1*1+3*2+4*3 = 19``); None (the default): never.
    number : callable, optional
        A number on its own (a row's value): ``-1/2``; None (the default): as ``lead`` writes it.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import expand
    >>> from symconv.printing.terms import TermStyle, row_strings
    >>> style = TermStyle(lead=str, after=str, factor=str, juxtapose="", times_numbers="*", times_symbols="*",
    ...                   plus=" + ", minus=" - ", zero="0")
    >>> row_strings(expand(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), [[1, -2, 0]]), style)
    ['1a - 2b', '-2a + 0b']
    """

    lead: Callable[[sympy.Rational], str]
    """A number in first position (the coefficient): ``2``, ``-2``, ``(1/2)``."""
    after: Callable[[sympy.Rational], str]
    """A number after a product sign: ``2``, ``(-2)``."""
    factor: Callable[[sympy.Expr], str]
    """A non-number: a symbol's name, or a parenthesised expression."""
    juxtapose: str
    times_numbers: str
    """Between two numbers (input first): ``0*1``, ``0 \\cdot 1``."""
    times_symbols: str
    """Between two non-numbers: ``a*x``; empty for juxtaposition (``aw``)."""
    plus: str
    minus: str
    zero: str
    input_first: bool = False
    """Two non-numbers: the input's factor first (``aw``, as Goodfellow et al. write) instead of the kernel's."""
    equals: str | None = None
    """Appended with the value to a row whose terms are all numbers (``0*0+1*1+3*2+4*3 = 19``); None: never."""
    number: Callable[[sympy.Rational], str] | None = None
    """A number on its own (a row's value): ``-1/2``; None: as ``lead`` writes it."""


def row_values(expansion: Expansion) -> list[sympy.Rational | None]:
    """Return the value of every row whose kernel entries, inputs and bias are all numbers (None for any other row).

    Parameters
    ----------
    expansion : Expansion
        The expansion of M x' (+ b).

    Returns
    -------
    list
        One ``sympy.Rational`` or None per row.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.expansion import expand
    >>> from symconv.printing.terms import row_values
    >>> row_values(expand(Conv([[[1, 2]]], (1, 3), bias=[5]), [[1, 0, 3]]))
    [6, 11]
    """
    values, inputs = expansion.values, expansion.inputs
    value_number = [v.is_Rational for v in values]
    input_number = [v.is_Rational for v in inputs]
    bounds = expansion.indptr.tolist()
    taps, cols = expansion.taps.tolist(), expansion.cols.tolist()
    bias = expansion.bias
    found: list[sympy.Rational | None] = []
    for row, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        pairs = list(zip(taps[a:b], cols[a:b]))
        if not all(value_number[t] and input_number[c] for t, c in pairs) or (bias is not None and
                                                                               not bias[row].is_Rational):
            found.append(None)
            continue
        total = sum((values[t] * inputs[c] for t, c in pairs), sympy.Integer(0))
        found.append(total + (bias[row] if bias is not None else 0))
    return found


def row_strings(expansion: Expansion, style: TermStyle) -> list[str]:
    """Return every row of M x' (+ b) as one string, terms in receptive-field order.

    Parameters
    ----------
    expansion : Expansion
        The expansion of M x' (+ b).
    style : TermStyle
        How terms are written.

    Returns
    -------
    list of str
        One string per row (``style.zero`` for a row without terms), the bias last, and,
        with ``style.equals``, the value of a row of numbers after it.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import expand
    >>> from symconv.printing.terms import row_strings
    >>> from symconv.printing.text import TEXT_STYLE
    >>> row_strings(expand(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), [[1, -2, 0]]), TEXT_STYLE)
    ['1a-2b', '-2a+0b']
    """
    values, inputs = expansion.values, expansion.inputs
    value_number = [v.is_Rational for v in values]
    input_number = [v.is_Rational for v in inputs]
    input_lead = [style.lead(v) if n else style.factor(v) for v, n in zip(inputs, input_number)]
    # tail: what follows a number input; head: what precedes a non-number input
    tail = [
        (style.times_numbers + style.after(v)) if n else (style.juxtapose + style.factor(v))
        for v, n in zip(values, value_number)
    ]
    head = [
        (style.lead(v) + style.juxtapose) if n else (style.factor(v) + style.times_symbols)
        for v, n in zip(values, value_number)
    ]
    taps, cols = expansion.taps.tolist(), expansion.cols.tolist()
    if style.input_first:
        kernel_after = [style.times_symbols + style.factor(v) if not n else "" for v, n in zip(values, value_number)]
        terms = [
            input_lead[c] + tail[t] if input_number[c] else
            (head[t] + input_lead[c] if value_number[t] else input_lead[c] + kernel_after[t])
            for t, c in zip(taps, cols)
        ]
    else:
        terms = [
            input_lead[c] + tail[t] if input_number[c] else head[t] + input_lead[c] for t, c in zip(taps, cols)
        ]
    bounds = expansion.indptr.tolist()
    plus, minus, negative = style.plus, style.minus, style.plus + "-"
    rows = [plus.join(terms[a:b]).replace(negative, minus) for a, b in zip(bounds[:-1], bounds[1:])]
    rows = [row if row else style.zero for row in rows]
    if expansion.bias is not None:
        bias_terms = [style.lead(b) if b.is_Rational else style.factor(b) for b in expansion.bias]
        rows = [
            bias_term if row == style.zero else row + (plus + bias_term).replace(negative, minus)
            for row, bias_term in zip(rows, bias_terms)
        ]
    if style.equals is not None:
        rows = [_with_value(row, value, style) for row, value in zip(rows, row_values(expansion))]
    return rows


def _with_value(row: str, value: sympy.Rational | None, style: TermStyle) -> str:
    """``0*0+1*1 = 1``: a row of numbers and its value (a lone number is its own value)."""
    if value is None or style.equals is None:
        return row
    shown = (style.number or style.lead)(value)
    return row if row in (shown, style.lead(value)) else row + style.equals + shown
