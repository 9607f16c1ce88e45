r"""Check a hand derivation — a matrix M, an entry rule for M[s, t], or the expansion y' = M x' — against a layer.

>>> from symconv import Conv, kernel, check
>>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
>>> check(layer, "M[s, t] = K[u, i, j - v, k - w] if 0 <= j - v < P and 0 <= k - w < Q, else 0").ok
True
>>> report = check(layer, "[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d, "
...                       "1e+2f+4g+5h, 2e+3f+5g+6h, 4e+5f+7g+8h, 5e+6f+8g+9h]",
...                x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
>>> report.ok, report.kind
(True, 'expansion')
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import sympy

from ..errors import LayerError
from ..layout import Layout
from . import diagnosis
from .arrays import TextArray, read_array
from .candidates import Candidate, Context, expansion_candidate, expansion_codes, formula_candidate, matrix_candidate
from .report import CheckReport, Diagnosis, WrongEntry

KINDS = ("matrix", "formula", "expansion")
"""The kinds of candidate: M itself, an entry rule for M[s, t], or y' = M x' (flat) / y (nested)."""

FIRST = 5
"""How many wrong entries a report lists by default."""

_RULE_WORDS = re.compile(r"(?<![A-Za-z])(?:if|otherwise)(?![A-Za-z])|\\begin\s*\{\s*cases|\\left\s*\\\{")


def guess_kind(layer: Any, candidate: Any, x: Any = None) -> str:
    """Return which kind of candidate this is: ``"matrix"``, ``"formula"`` or ``"expansion"``.

    A function, or text with ``if``/``otherwise``/``cases``, is a rule; an array of the shape
    of M is a matrix; one of the shape of y or y' (or any array when ``x`` is given) is an
    expansion; any other 2-D array is taken for a matrix.

    Parameters
    ----------
    layer : Layer
        The layer (its shapes are read).
    candidate : object
        The candidate, as :func:`check` takes it.
    x : array_like, optional
        The input an expansion was written for; given, any array is an expansion.

    Returns
    -------
    str
        The kind.

    Raises
    ------
    ReadError
        If the candidate is text that cannot be read as an array.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.checking import guess_kind
    >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    >>> guess_kind(layer, "[a b 0|c d 0|0 0 0]"), guess_kind(layer, "K[u, i, j-v, k-w] if j >= v else 0")
    ('expansion', 'formula')
    """
    if callable(candidate) and not isinstance(candidate, (str, sympy.Basic)):
        return "formula"
    if isinstance(candidate, sympy.MatrixBase):
        return "matrix"
    if isinstance(candidate, str):
        if looks_like_rule(candidate):
            return "formula"
        shape = read_array(candidate).shape
    elif isinstance(candidate, TextArray):
        shape = candidate.shape
    else:
        shape = np.shape(np.asarray(candidate, dtype=object))
    if x is not None:
        return "expansion"
    if tuple(shape) == tuple(layer.matrix_shape):
        return "matrix"
    if tuple(shape) in (tuple(layer.output_shape), (layer.matrix_shape[0],)) or len(shape) != 2:
        return "expansion"
    return "matrix"


def looks_like_rule(text: str) -> bool:
    r"""Return True when text holds ``if``, ``otherwise``, ``cases`` or ``\left\{``: it is read as an entry rule.

    Parameters
    ----------
    text : str
        The candidate text.

    Returns
    -------
    bool
        True for a rule (the words must stand alone: ``gift`` is not ``if``).

    Examples
    --------
    >>> from symconv.checking.check import looks_like_rule
    >>> looks_like_rule("K[u, i, j-v] if 0 <= j-v < P, otherwise 0"), looks_like_rule("[a b 0]")
    (True, False)
    """
    if not any(word in text for word in ("if", "otherwise", "cases", "\\left")):
        return False
    return _RULE_WORDS.search(text) is not None


def check(layer: Any, candidate: Any, *, x: Any = None, kind: str | None = None, first: int = FIRST,
          force: bool = False) -> CheckReport:
    r"""Compare a hand derivation with the layer's truth and say what is wrong: a :class:`CheckReport`.

    Parameters
    ----------
    layer : Layer
        The layer (:class:`~symconv.Conv`, :class:`~symconv.ConvTranspose` or a product).
    candidate : object
        A matrix (a SymPy matrix, nested lists, a numpy array, or text: the question's bracket
        rows, Python/SymPy lists, or LaTeX ``bmatrix``/``pmatrix``/``array``); an entry rule for
        M[s, t] (text in the layer's letters, or a Python function whose parameters are those
        letters: ``def rule(u, i, v, w, j, k, P, Q, K)``); or an expansion (y' as a flat list, y
        nested in the output shape, as objects or text).
    x : array_like, optional
        The input an expansion was written for (default: the symbolic input ``x[i, j, k]``).
    kind : str, optional
        ``"matrix"``, ``"formula"`` or ``"expansion"``; by default (None) :func:`guess_kind`
        decides.
    first : int, default 5
        How many wrong entries the report lists.
    force : bool, default False
        Check even above the size limit (M with more than ``MAX_DENSE_ENTRIES`` entries).

    Returns
    -------
    CheckReport
        ``.ok``, the number of wrong entries, the first few, and the confirmed diagnoses.
        A wrong candidate is a report, not an exception.

    Raises
    ------
    ReadError
        Text that cannot be read (with its line and column).
    LayerError
        If ``kind`` is not one of the three (a ``ValueError``).
    ShapeError
        If x does not have the layer's input shape, a candidate matrix is not 2-D, or a
        rule is checked against a product of layers.
    EntryError
        If a candidate rule is neither text nor a function of the index letters.
    SizeError
        If M has more than ``MAX_DENSE_ENTRIES`` entries and ``force`` is false.

    Examples
    --------
    >>> # the general formula of the question symconv grew from, checked for its own worked example
    >>> from symconv import Conv, check, kernel
    >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    >>> report = check(layer, "M[s, t] = K[s, i, v-j, w-k] if 0 <= v-j < P and 0 <= w-k < Q, else 0")
    >>> report.ok, report.wrong
    (False, 41)
    >>> [d.kinds for d in report.diagnoses]
    [('offset', 's_for_u')]
    """
    if isinstance(candidate, str) and kind != "formula" and (kind is not None or not looks_like_rule(candidate)):
        candidate = read_array(candidate)  # read once, whatever decides the kind
    chosen = kind if kind is not None else guess_kind(layer, candidate, x)
    if chosen not in KINDS:
        raise LayerError(f"kind {chosen!r} is not known; expected one of {', '.join(KINDS)}")
    context = Context.of(layer, x, force=force, expansion=chosen == "expansion")
    if chosen == "matrix":
        read = matrix_candidate(candidate, context)
        expected = context.expected_matrix()
    elif chosen == "formula":
        read = formula_candidate(candidate, context)
        expected = context.expected_matrix()
    else:
        read = expansion_candidate(candidate, context)
        expected = expansion_codes(context)
        if read.nested:
            expected = expected[Layout(layer.output_shape, layer.order).permutation()]
    return _report(context, read, expected, first)


def check_matrix(layer: Any, candidate: Any, **options: Any) -> CheckReport:
    r"""Return :func:`check` of a candidate matrix M.

    Parameters
    ----------
    layer : Layer
        The layer.
    candidate : object
        The matrix: a SymPy matrix, nested lists, a numpy array, or text (bracket rows,
        Python lists, LaTeX ``bmatrix``/``pmatrix``/``array``).
    **options : object
        :func:`check`'s other options: ``x``, ``first``, ``force``.

    Returns
    -------
    CheckReport
        The report.

    Raises
    ------
    ReadError
        Text that cannot be read.
    ShapeError
        If the candidate is not 2-D.
    SizeError
        If M is too large to check and ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.checking import check_matrix
    >>> layer = Conv(kernel((1, 1, 2), "a:b"), (1, 3))
    >>> report = check_matrix(layer, r"\begin{bmatrix} a & b & 0 \\ 0 & b & a \end{bmatrix}")
    >>> report.ok, report.wrong, report.source
    (False, 2, 'LaTeX')
    """
    return check(layer, candidate, kind="matrix", **options)


def check_formula(layer: Any, candidate: Any, **options: Any) -> CheckReport:
    """Return :func:`check` of a candidate entry rule for M[s, t] (text or a Python function).

    Parameters
    ----------
    layer : Layer
        The layer (one with a kernel of its own: not a product).
    candidate : str or callable
        The rule: text in the layer's letters, or a Python function whose parameters are
        those letters (``def rule(u, i, v, j, P, K)``).
    **options : object
        :func:`check`'s other options: ``first``, ``force``.

    Returns
    -------
    CheckReport
        The report; ``report.rule`` is the rule as it was read.

    Raises
    ------
    ReadError
        Text that cannot be read.
    EntryError
        If the candidate is neither text nor a function of the index letters.
    ShapeError
        If the layer is a product of layers.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.checking import check_formula
    >>> def rule(u, i, v, j, P, K):
    ...     return K[u][i][j - v] if 0 <= j - v < P else 0
    >>> check_formula(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), rule).ok
    True
    """
    return check(layer, candidate, kind="formula", **options)


def check_expansion(layer: Any, candidate: Any, *, x: Any = None, **options: Any) -> CheckReport:
    """Return :func:`check` of a candidate expansion: y' = M x' as a flat list, or y nested in the output shape.

    Parameters
    ----------
    layer : Layer
        The layer.
    candidate : object
        The expansion, as objects or text (``1a+2b`` in the question's style, or SymPy's).
    x : array_like, optional
        The input it was written for (default: the symbolic input ``x[i, j, k]``).
    **options : object
        :func:`check`'s other options: ``first``, ``force``.

    Returns
    -------
    CheckReport
        The report; ``report.nested`` says whether y (nested) or y' (flat) was read.

    Raises
    ------
    ReadError
        Text that cannot be read.
    ShapeError
        If x does not have the layer's input shape.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.checking import check_expansion
    >>> report = check_expansion(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[[1a+2b, 2a+3c]]", x=[[1, 2, 3]])
    >>> report.ok, report.nested, report.unknown_names, report.first[0].found
    (False, True, ('c',), 2*a + 3*c)
    """
    return check(layer, candidate, x=x, kind="expansion", **options)


def _report(context: Context, candidate: Candidate, expected: np.ndarray, first: int) -> CheckReport:
    summary = context.summary
    expected_shape = tuple(summary.output_shape) if candidate.kind == "expansion" and candidate.nested \
        else tuple(expected.shape)
    found_shape = candidate.shape if candidate.kind == "expansion" else tuple(candidate.codes.shape)
    same_shape = expected_shape == found_shape
    wrong_rows = np.zeros(0, dtype=np.int64)
    entries: tuple[WrongEntry, ...] = ()
    wrong = compared = 0
    if same_shape:
        equal = context.table.equal(candidate.codes, expected)
        compared = int(equal.size)
        wrong = int(compared - np.count_nonzero(equal))
        positions = np.flatnonzero(~equal.reshape(-1))
        entries = tuple(_entry(context, candidate, int(p), expected) for p in positions[:first].tolist())
        width = expected.shape[1] if expected.ndim == 2 else 1
        wrong_rows = np.unique(positions // width)[:4]
    diagnoses: tuple[Diagnosis, ...] = ()
    tried = 0
    if not (same_shape and wrong == 0):
        size = candidate.codes.shape[0]
        spread = np.linspace(0, size - 1, num=min(size, 6)).astype(np.int64) if size else np.zeros(0, np.int64)
        sample = np.unique(np.concatenate([wrong_rows, spread]))
        found, tried = diagnosis.search(context, candidate, sample)
        diagnoses = tuple(_diagnosis(mistakes, context) for mistakes in found)
    return CheckReport(candidate.kind, summary, expected_shape, found_shape, compared, wrong, entries, diagnoses,
                       tried, candidate.rule, candidate.unknown, candidate.source, candidate.nested)


def _entry(context: Context, candidate: Candidate, position: int, expected: np.ndarray) -> WrongEntry:
    summary = context.summary
    out_layout = Layout(tuple(summary.output_shape), summary.order)
    in_layout = Layout(tuple(summary.input_shape), summary.order)
    flat_expected = expected.reshape(-1)
    found = context.table.values[int(candidate.codes.reshape(-1)[position])]
    value = context.table.values[int(flat_expected[position])]
    if candidate.kind == "expansion":
        if candidate.nested:
            index = tuple(int(i) for i in np.unravel_index(position, tuple(summary.output_shape)))
            row = out_layout.join(index[0], index[1:])
        else:
            row = position
            channel, coords = out_layout.split(row)
            index = (channel, *coords)
        return WrongEntry(row, None, index, None, value, found, _outside(found, context))
    row, column = divmod(position, expected.shape[1])
    channel, coords = out_layout.split(row)
    in_channel, in_coords = in_layout.split(column)
    return WrongEntry(row, column, (channel, *coords), (in_channel, *in_coords), value, found,
                      _outside(found, context))


def _outside(value: sympy.Expr, context: Context) -> bool:
    """True when a value reads the kernel outside its shape (``K[2, 0, 1, 0]`` for a kernel with 2 output channels)."""
    kernel = context.summary.kernel
    if kernel is None or not isinstance(value, sympy.Indexed):
        return False
    return str(value.base.label) == context.stem and value not in set(kernel)


def _diagnosis(mistakes: tuple[diagnosis.Mistake, ...], context: Context) -> Diagnosis:
    sentences = tuple(diagnosis.describe(m, context) for m in mistakes)
    return Diagnosis(tuple(m.kind for m in mistakes), sentences, diagnosis.slipped_rule(mistakes, context))
