"""The exceptions symconv raises.

Wrong input from the user raises an error that is also the matching built-in
(``ValueError`` or ``TypeError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations


class SymconvError(Exception):
    """Base class of every error symconv raises on purpose."""


class LayerError(SymconvError, ValueError):
    """A layer description is inconsistent (shapes, stride, padding, groups, ...)."""


class EntryError(SymconvError, TypeError):
    """A kernel, input or bias entry is not a number or a SymPy expression."""


class ShapeError(SymconvError, ValueError):
    """An array is ragged, empty, or of the wrong rank or shape."""


class ReadError(SymconvError, ValueError):
    """Text given to the checker cannot be read: it says where (``line``, ``column``, from 1) and why.

    Raised by the readers of :mod:`symconv.checking` (entries, arrays, rules) for a malformed matrix, expansion or
    entry rule. A hand derivation that reads fine but is wrong is not an error: it is a report.
    """

    def __init__(self, reason: str, line: int = 1, column: int = 1):
        super().__init__(f"line {line}, column {column}: {reason}")
        self.reason = reason
        self.line = line
        self.column = column

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.reason, self.line, self.column))


class SizeError(SymconvError, ValueError):
    """An output would be too large to build or print without being asked to."""


class MissingDependencyError(SymconvError, ImportError):
    """An optional dependency (torch, latexify-py, ...) is not installed."""
