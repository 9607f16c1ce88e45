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
    """How one output format writes the pieces of a term."""

    lead: Callable[[sympy.Rational], str]
    """A number in first position (the coefficient): ``2``, ``-2``, ``(1/2)``."""
    after: Callable[[sympy.Rational], str]
    """A number after a product sign: ``2``, ``(-2)``."""
    factor: Callable[[sympy.Expr], str]
    """A non-number: a symbol's name, or a parenthesised expression."""
    juxtapose: str
    times_numbers: str
    times_symbols: str
    plus: str
    minus: str
    zero: str


def row_strings(expansion: Expansion, style: TermStyle) -> list[str]:
    """Return every row of M x' (+ b) as one string, terms in receptive-field order.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import expand
    >>> from symconv.printing.text import TEXT_STYLE
    >>> row_strings(expand(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), [[1, -2, 0]]), TEXT_STYLE)
    ['1a-2b', '-2a+0b']
    """
    values, inputs = expansion.values, expansion.inputs
    value_number = [v.is_Rational for v in values]
    input_number = [v.is_Rational for v in inputs]
    input_first = [style.lead(v) if n else style.factor(v) for v, n in zip(inputs, input_number)]
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
    terms = [
        input_first[c] + tail[t] if input_number[c] else head[t] + input_first[c] for t, c in zip(taps, cols)
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
    return rows
