"""symconv: a convolutional layer written exactly as the matrix it is.

Given a kernel K and an input shape, symconv builds the matrix M with y' = M x'
(x', y' the flattened input and output) exactly with SymPy, expands M x', and
writes the whole derivation as plain text and as LaTeX.

>>> from symconv import Conv, kernel
>>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).matrix().shape
(8, 9)
"""

from typing import TYPE_CHECKING, Any

from .errors import EntryError, LayerError, MissingDependencyError, ReadError, ShapeError, SizeError, SymconvError
from .formula import Formula
from .layer import Composed, Conv, ConvTranspose, Layer
from .neuron import Neuron
from .structure import Structure
from .symbols import inputs, kernel
from .torch_bridge import from_torch, torch_jacobian

if TYPE_CHECKING:  # the names of _CHECKING, for type checkers and the API reference; not imported at run time
    from .checking.check import check, check_expansion, check_formula, check_matrix
    from .checking.report import CheckReport

__version__ = "0.1.0"

_CHECKING = ("CheckReport", "check", "check_expansion", "check_formula", "check_matrix")
"""Made when first asked for: checking needs lark, which ``import symconv`` does not load."""


def __getattr__(name: str) -> Any:
    if name in _CHECKING:
        from . import checking

        return getattr(checking, name)
    raise AttributeError(f"module 'symconv' has no attribute {name!r}")

__all__ = [
    "CheckReport",
    "Composed",
    "Conv",
    "ConvTranspose",
    "EntryError",
    "Formula",
    "Layer",
    "LayerError",
    "MissingDependencyError",
    "Neuron",
    "ReadError",
    "ShapeError",
    "SizeError",
    "Structure",
    "SymconvError",
    "__version__",
    "check",
    "check_expansion",
    "check_formula",
    "check_matrix",
    "inputs",
    "from_torch",
    "kernel",
    "torch_jacobian",
]
