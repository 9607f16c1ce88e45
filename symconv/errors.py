"""The exceptions symconv raises.

Wrong input from the user raises an error that is also the matching built-in
(``ValueError`` or ``TypeError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations


class SymconvError(Exception):
    """Base class of every error symconv raises on purpose.

    Catch it to handle any of symconv's errors at once; each specific error also inherits
    the matching built-in (``ValueError``, ``TypeError`` or ``ImportError``). Every message
    says what is wrong, quotes the value received, and says what was expected or how to fix it.

    Examples
    --------
    >>> from symconv import Conv, SymconvError
    >>> try:
    ...     Conv([[[1, 2]]], (1, 3), stride=0)
    ... except SymconvError as error:
    ...     print(type(error).__name__, error)
    LayerError stride must be >= 1 in every dimension, got 0
    """


class LayerError(SymconvError, ValueError):
    """A layer description is inconsistent (shapes, stride, padding, groups, ...); also a ``ValueError``.

    Raised when a layer is made with options that do not make a layer (a kernel that does
    not fit, an unknown padding word, groups that do not divide the channels, layers that
    do not chain) and for unknown options of the printers.

    Examples
    --------
    >>> from symconv import Conv, LayerError
    >>> try:
    ...     Conv([[[1, 2, 3, 4]]], (1, 3))
    ... except ValueError as error:
    ...     print(isinstance(error, LayerError))
    True
    """


class EntryError(SymconvError, TypeError):
    """A kernel, input or bias entry is not a number or a SymPy expression; also a ``TypeError``.

    Raised for a string, None, a bool or a function among the entries, a name that cannot
    be printed, and when a numeric method (``to_scipy()``, ``to_numpy()``) meets a symbol.

    Examples
    --------
    >>> from symconv import Conv
    >>> Conv([[["a", "b"]]], (1, 3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel entry 'a' is a str; expected a number or a SymPy expression (use ...
    """


class ShapeError(SymconvError, ValueError):
    """An array is ragged, empty, or of the wrong rank or shape; also a ``ValueError``.

    Examples
    --------
    >>> from symconv import Conv
    >>> Conv([[[1, 2]]], (1, 3)).apply([[1, 2]])
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: x has shape (1, 2); the layer expects input_shape (1, 3)
    """


class ReadError(SymconvError, ValueError):
    """Text given to the checker cannot be read; also a ``ValueError``. It says where (line and column, from 1) and why.

    Raised by the readers of :mod:`symconv.checking` (entries, arrays, rules) for a malformed
    matrix, expansion or entry rule. A hand derivation that reads fine but is wrong is not an
    error: it is a report.

    Parameters
    ----------
    reason : str
        Why the text cannot be read.
    line : int, default 1
        The line of the text where reading stopped, from 1.
    column : int, default 1
        The column, from 1.

    Attributes
    ----------
    reason : str
        The reason, without the position.
    line : int
        The line, from 1.
    column : int
        The column, from 1.

    Examples
    --------
    >>> from symconv.errors import ReadError
    >>> error = ReadError("a ']' closes nothing", 2, 7)
    >>> str(error), error.line, error.column
    ("line 2, column 7: a ']' closes nothing", 2, 7)
    """

    def __init__(self, reason: str, line: int = 1, column: int = 1):
        super().__init__(f"line {line}, column {column}: {reason}")
        self.reason = reason
        self.line = line
        self.column = column

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.reason, self.line, self.column))


class SizeError(SymconvError, ValueError):
    """An output would be too large to build or print without being asked to; also a ``ValueError``.

    Every limit is in :mod:`symconv.limits` and is checked from the shapes alone, before
    any work; ``force=True`` (``--force`` on the command line) lifts it. The message says
    what is too large, its size, the limit, and the ways around it.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> Conv(kernel((1, 1, 3, 3)), (1, 2000, 2000)).matrix()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: M (3992004x4000000) has 15,968,016,000,000 entries, more than the limit of ...
    """


class MissingDependencyError(SymconvError, ImportError):
    """An optional dependency (torch, latexify-py, matplotlib, ...) is not installed; also an ``ImportError``.

    The message names the command that installs it.

    Examples
    --------
    >>> from symconv import MissingDependencyError
    >>> issubclass(MissingDependencyError, ImportError)
    True
    """
