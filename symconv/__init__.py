"""symconv: a convolutional layer written exactly as the matrix it is.

Given a kernel K and an input shape, symconv builds the matrix M with y' = M x'
(x', y' the flattened input and output) exactly with SymPy, expands M x', and
writes the whole derivation as plain text and as LaTeX.

>>> from symconv import Conv, kernel
>>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).matrix().shape
(8, 9)
"""

from .errors import EntryError, LayerError, MissingDependencyError, ShapeError, SizeError, SymconvError
from .formula import Formula
from .layer import Composed, Conv, ConvTranspose, Layer
from .neuron import Neuron
from .structure import Structure
from .symbols import inputs, kernel
from .torch_bridge import from_torch, torch_jacobian

__version__ = "0.1.0"

__all__ = [
    "Composed",
    "Conv",
    "ConvTranspose",
    "EntryError",
    "Formula",
    "Layer",
    "LayerError",
    "MissingDependencyError",
    "Neuron",
    "ShapeError",
    "SizeError",
    "Structure",
    "SymconvError",
    "__version__",
    "inputs",
    "from_torch",
    "kernel",
    "torch_jacobian",
]
