r"""Printing a :class:`~symconv.formula.Formula`: plain text, and LaTeX rendered by latexify-py.

The LaTeX of every piece is latexify-py's rendering of a function of the formula's
generated module (``rule``, ``split_row``, ``row``, ...), the functions that compute the
entries; symconv adds only the left-hand sides (:math:`M_{s,t} =`, :math:`(u, v, w) =`),
writes the primed sizes :math:`H'` for the letters that stand for them in Python, and,
for the n-th factor of a product, :math:`K^{(n)}` for its kernel.
"""

from __future__ import annotations

import ast
import inspect
import re
from typing import Any

from ..errors import MissingDependencyError
from ..formula import DISPLAY, FOLDS, Formula

LATEXIFY_HINT = "pip install latexify-py (it supports Python < 3.14)"

SHORT_VALUE = 40
"""A value up to this long is set beside its condition, with the 0 of the other case below it."""


# -- text ---------------------------------------------------------------------------------------------
def shown(text: str) -> str:
    """Return Python text with the primed sizes written as primes: ``s // Ŵ`` -> ``s // W'``.

    Parameters
    ----------
    text : str
        Text of the generated module (letters ``Ť``, ``Ĥ``, ``Ŵ`` for T', H', W').

    Returns
    -------
    str
        The same text with the primes.

    Examples
    --------
    >>> from symconv.printing.formula import shown
    >>> shown("s // Ŵ % Ĥ")
    "s // W' % H'"
    """
    for letter, name in DISPLAY.items():
        text = text.replace(letter, name)
    return text


def _names(formula: Formula) -> tuple[str, str]:
    """The printed names of M and K: ``M``, ``K`` or, for factor n of a product, ``Mn``, ``Kn``."""
    suffix = str(formula.number) if formula.number else ""
    return "M" + suffix, "K" + suffix


def fold_source(name: str) -> str:
    """Return a folding function read from its own source: ``reflect(a, n) = n - 1 - abs(n - 1 - abs(a))``.

    Parameters
    ----------
    name : str
        ``"circular"``, ``"reflect"`` or ``"replicate"``.

    Returns
    -------
    str
        ``name(a, n) = expression``, the expression as :mod:`symconv.formula` computes it.

    Raises
    ------
    KeyError
        If ``name`` is not a padding mode that folds.

    Examples
    --------
    >>> from symconv.printing.formula import fold_source
    >>> fold_source("circular"), fold_source("replicate")
    ('circular(a, n) = a % n', 'replicate(a, n) = min(max(a, 0), n - 1)')
    """
    function = FOLDS[name]
    tree = ast.parse(inspect.getsource(function))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    returned = definition.body[-1]
    assert isinstance(returned, ast.Return) and returned.value is not None
    arguments = ", ".join(argument.arg for argument in definition.args.args)
    return f"{name}({arguments}) = {ast.unparse(returned.value)}"


def formula_text(formula: Formula) -> str:
    """Return the rule as plain text (Python operators: ``//`` floor division, ``%`` remainder).

    Parameters
    ----------
    formula : Formula
        The rule (:meth:`symconv.Layer.formula`).

    Returns
    -------
    str
        The entry's cases, then ``where`` the index splits with the flattening, the folding
        functions used, and the sizes; for a product, each factor's rule in turn.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.formula import formula_text
    >>> print(formula_text(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).formula()), end="")
    M[s, t] = K[u, i, j - v]  if 0 <= j - v < P
              0               otherwise
    where u = s // W', v = s % W'  # s = u*W' + v
          i = t // W, j = t % W  # t = i*W + j
          C = 1, W = 3, D = 1, W' = 2, P = 2
    """
    if formula.is_product:
        count = len(formula.factors)
        product = " ".join(f"M{n}" for n in range(count, 0, -1))
        lines = [f"M = {product}, a product of {count} layers: M[s, t] = ({product})[s, t]; the entries of each "
                 "factor, with its own indices and sizes:"]
        for factor in formula.factors:
            lines.append("")
            lines.append(formula_text(factor).rstrip("\n"))
        return "\n".join(lines) + "\n"
    matrix, kernel = _names(formula)
    value = kernel + "[" + ", ".join(formula.kernel_index) + "]"
    if formula.sums:
        ranges = ", ".join(f"{letter} = 0..{size}-1" for letter, size in formula.sums)
        value = f"sum of {value} over {ranges} with {' and '.join(formula.fold_conditions)}"
    head = f"{matrix}[s, t] = "
    indent = " " * len(head)
    conditions = " and ".join(formula.conditions)
    if not conditions:
        lines = [head + value]
    elif len(value) <= SHORT_VALUE:
        lines = [f"{head}{value}  if {conditions}", indent + "0".ljust(len(value)) + "  otherwise"]
    else:  # a long value: its condition on a line of its own, still in the form the checker reads
        lines = [head + value, f"{indent}if {conditions}", f"{indent}0 otherwise"]
    # one definition per letter, as the checker of hand derivations reads them (so the rule can be copied,
    # edited and checked); the joins are said in words
    where = [
        ", ".join(f"{letter} = {split}" for letter, split in zip(formula.row_letters, formula.row_split))
        + f"  # s = {formula.row_join}",
        ", ".join(f"{letter} = {split}" for letter, split in zip(formula.column_letters, formula.column_split))
        + f"  # t = {formula.column_join}",
        *(fold_source(name) for name in formula.folds),
        ", ".join(f"{name} = {value}" for name, value in formula.sizes),
    ]
    lines.append("where " + where[0])
    lines.extend("      " + line for line in where[1:])
    return shown("\n".join(lines)) + "\n"


# -- LaTeX --------------------------------------------------------------------------------------------
def _latexify() -> Any:
    try:
        import latexify
    except ImportError:
        raise MissingDependencyError(
            f"the LaTeX of a formula is rendered by latexify-py, which is not installed; {LATEXIFY_HINT}"
        ) from None
    return latexify


def rendered(formula: Formula, name: str, *, signature: bool = False) -> str:
    """Return latexify-py's LaTeX of one function of the formula's module, primes and the factor's kernel written in.

    Parameters
    ----------
    formula : Formula
        The rule.
    name : str
        The function: ``rule``, ``split_row``, ``split_column``, ``row`` or ``column``.
    signature : bool, default False
        True to render the function's signature too (``f(s) = ...``).

    Returns
    -------
    str
        Math.

    Raises
    ------
    MissingDependencyError
        If latexify-py is not installed (it supports Python < 3.14).

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.formula import rendered
    >>> rendered(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).formula(), "column")
    'i W + j'
    """
    latex = _latexify().get_latex(formula.function(name), use_signature=signature)
    latex = shown(latex)
    if formula.number:
        latex = re.sub(r"(?<![\\A-Za-z])K_\{", f"K^{{({formula.number})}}_{{", latex)
    return latex


def _fold_latex(name: str) -> str:
    return shown(_latexify().get_latex(FOLDS[name], use_signature=True))


def formula_displays(formula: Formula) -> list[tuple[str, str]]:
    r"""Return ``[(text before, math), ...]``: the rule, the index splits with the flattening, the folds, the sizes.

    Parameters
    ----------
    formula : Formula
        The rule.

    Returns
    -------
    list of tuple of str
        The pieces of the LaTeX (for :func:`symconv.printing.displays.document` or
        :func:`~symconv.printing.displays.math_array`).

    Raises
    ------
    MissingDependencyError
        If latexify-py is not installed.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.formula import formula_displays
    >>> pieces = formula_displays(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).formula())
    >>> pieces[-1]
    ('', "C = 1,\\ W = 3,\\ D = 1,\\ W' = 2,\\ P = 2")
    """
    if formula.is_product:
        count = len(formula.factors)
        product = " ".join(f"M_{{{n}}}" for n in range(count, 0, -1))
        pieces = [(f"A product of {count} layers; each factor has its own indices $s$, $t$ and sizes.",
                   f"M = {product}")]
        for factor in formula.factors:
            pieces.extend(formula_displays(factor))
        return pieces
    rows, columns = formula.shape
    lhs = f"(M_{{{formula.number}}})_{{s,t}}" if formula.number else "M_{s,t}"
    which = f"the factor $M_{{{formula.number}}}$" if formula.number else "$M$"
    pieces = [(f"The entry of {which} (${rows} \\times {columns}$) in row $s$ and column $t$:",
               lhs + " = " + rendered(formula, "rule"))]
    row_letters, column_letters = ", ".join(formula.row_letters), ", ".join(formula.column_letters)
    pieces.append(("where", f"({row_letters}) = " + rendered(formula, "split_row") + r", \quad s = "
                   + rendered(formula, "row")))
    pieces.append(("", f"({column_letters}) = " + rendered(formula, "split_column") + r", \quad t = "
                   + rendered(formula, "column")))
    for name in formula.folds:
        pieces.append(("", _fold_latex(name)))
    pieces.append(("", r",\ ".join(f"{shown(name)} = {value}" for name, value in formula.sizes)))
    return pieces
