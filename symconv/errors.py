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


class SizeError(SymconvError, ValueError):
    """An output would be too large to build or print without being asked to."""


class MissingDependencyError(SymconvError, ImportError):
    """An optional dependency (torch, latexify-py, ...) is not installed."""
