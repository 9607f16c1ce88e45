r"""Turn what a person gives (a matrix, a rule, an expansion; objects or text) into codes of the layer's shape.

Everything is compared as codes of one :class:`~symconv.checking.codes.Table`: M as a
(rows x columns) int array, y' as a vector. :class:`Context` holds what every step needs about
the layer (its summary, the names a candidate may use, the codes of its kernel, the input x);
:func:`matrix_codes` and :func:`expansion_codes` give the truth from the layer's index pattern
(:mod:`symconv.pattern`), and the ``*_candidate`` functions read a candidate.

A candidate of another shape than the layer's is not an error: its codes keep the shape it has,
and the report says so (a wrong output size is one of the diagnoses).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from ..entries import exact_array, exact_entry
from ..errors import EntryError, ShapeError
from ..layout import Layout
from ..limits import MAX_DENSE_ENTRIES, check_size
from ..symbols import inputs
from . import rules
from .arrays import TextArray, read_array
from .codes import CODE, Table
from .evaluation import Domain, decompose, evaluate
from .reading import Vocabulary, read_entries, read_entry
from .rulereading import read_rule


@dataclass
class Context:
    """What checking needs about a layer: its summary, names, kernel codes and (for expansions) the input x."""

    layer: Any
    summary: Any
    table: Table
    names: Vocabulary
    kernel_codes: np.ndarray | None
    stem: str
    x: list[sympy.Expr] | None
    force: bool = False
    _expected: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, layer: Any, x: Any = None, *, force: bool = False, expansion: bool = False) -> Context:
        """The context of ``layer``; for an ``expansion``, ``x`` is its input (default: the symbolic input)."""
        summary = layer.summary()
        rows, cols = layer.matrix_shape
        check_size("the check of M", rows * cols, MAX_DENSE_ENTRIES, ways="pass force=True (CLI: --force)",
                   force=force, name="MAX_DENSE_ENTRIES")
        table = Table()
        kernels = [part.kernel for _, part in summary.kernels() if part.kernel is not None]
        flat_x = None
        if x is not None:
            shape, flat_x = exact_array(x, argument="x")
            if shape != tuple(layer.input_shape):
                raise ShapeError(f"x has shape {shape}; the layer expects input_shape {tuple(layer.input_shape)}")
        if expansion and flat_x is None:
            symbolic = inputs(layer.input_shape)
            flat_x = list(symbolic.reshape(len(symbolic)).tolist())
        values: list[Any] = [*(v for kernel in kernels for v in kernel), *(flat_x or [])]
        bias = layer.bias_vector
        if bias is not None:
            values.extend(bias)
        kernel_codes = table.codes(summary.kernel) if summary.kernel is not None else None
        return cls(layer, summary, table, Vocabulary(values), kernel_codes, _stem(summary.kernel), flat_x, force)

    def domain(self) -> Domain:
        """The domain of a rule for this layer: how its s and t decompose, and its sizes."""
        summary = self.summary
        return Domain(Layout(tuple(summary.output_shape), summary.order),
                      Layout(tuple(summary.input_shape), summary.order), tuple(summary.kernel_shape))

    def replaced(self, **changes: Any) -> Any:
        """``layer.replace(**changes)``, made once per set of changes (errors are remembered too)."""
        key = tuple(sorted(changes.items()))
        cache = self._expected.setdefault("replaced", {})
        if key not in cache:
            try:
                cache[key] = self.layer.replace(**changes) if changes else self.layer
            except (ValueError, TypeError) as error:
                cache[key] = error
        found = cache[key]
        if isinstance(found, Exception):
            raise found
        return found

    def expected_matrix(self) -> np.ndarray:
        """M as codes (computed once)."""
        if "matrix" not in self._expected:
            self._expected["matrix"] = matrix_codes(self.layer, self.table)
        return self._expected["matrix"]  # type: ignore[no-any-return]


def _stem(kernel: tuple[sympy.Expr, ...] | None) -> str:
    """The name of the kernel's ``IndexedBase`` when its entries are ``K[u, i, p, q]``, else ``K``."""
    if kernel and isinstance(kernel[0], sympy.Indexed) and isinstance(kernel[0].base.label, sympy.Symbol):
        return str(kernel[0].base.label.name)
    return "K"


# -- the truth ------------------------------------------------------------------------------------
def matrix_codes(layer: Any, table: Table) -> np.ndarray:
    """M of a layer as a dense array of codes, from its index pattern (entries folded by padding are summed)."""
    rows, cols = layer.matrix_shape
    pattern_rows, pattern_cols, taps = layer.pattern.entries()
    values = table.codes(layer.values)
    codes = np.zeros(rows * cols, dtype=CODE)
    keys = pattern_rows.astype(np.int64) * cols + pattern_cols
    if np.unique(keys).size == keys.size:
        codes[keys] = values[taps]
    else:
        from ..matrices import matrix_entries

        for (row, col), value in matrix_entries(layer).items():
            codes[row * cols + col] = table.code(value)
    return codes.reshape(rows, cols)


def reorder(codes: np.ndarray, axis: int, shape: tuple[int, ...], old: str, new: str) -> np.ndarray:
    """Codes indexed along ``axis`` by a vector flattened in order ``old``, re-indexed for order ``new``."""
    if old == new:
        return codes
    before, after = Layout(shape, old).permutation(), Layout(shape, new).permutation()
    index = np.empty_like(before)
    index[after] = before
    return np.take(codes, index, axis=axis)


def row_sums(matrix: np.ndarray, x_flat: list[sympy.Expr], bias: list[sympy.Expr] | None, table: Table) -> np.ndarray:
    """y' = M x' (+ b) for the rows of a code matrix, as codes (``x_flat`` in the matrix's column order)."""
    values = table.values
    result = np.empty(matrix.shape[0], dtype=CODE)
    products: dict[tuple[int, int], sympy.Expr] = {}
    for row in range(matrix.shape[0]):
        columns = np.flatnonzero(matrix[row])
        terms = []
        for column, code in zip(columns.tolist(), matrix[row, columns].tolist()):
            product = products.get((code, column))
            if product is None:
                product = products[(code, column)] = values[code] * x_flat[column]
            terms.append(product)
        if bias is not None:
            terms.append(bias[row])
        result[row] = table.code(sympy.Add(*terms))
    return result


def expansion_codes(context: Context) -> np.ndarray:
    """y' = M x' (+ b) of the layer, in the layer's order, as codes (computed once)."""
    if "expansion" not in context._expected:
        from ..expansion import expand

        exprs = expand(context.layer, _tensor(context.x, context.summary.input_shape)).exprs()
        context._expected["expansion"] = context.table.codes(exprs)
    return context._expected["expansion"]  # type: ignore[no-any-return]


def _tensor(flat: list[sympy.Expr] | None, shape: tuple[int, ...]) -> Any:
    return None if flat is None else sympy.ImmutableDenseNDimArray(flat, shape)


# -- candidates ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A candidate read into codes.

    ``kind`` is ``"matrix"``, ``"formula"`` or ``"expansion"``. ``codes`` is M (2-D) or, for an
    expansion, the entries in the order given (flat: y' in the layer's order; nested: y
    channels-first, ``nested`` True). ``rule`` is the rule as read (a formula given as text).
    """

    kind: str
    codes: np.ndarray
    source: str
    rule: rules.Rule | None = None
    nested: bool = False
    shape: tuple[int, ...] = ()
    unknown: tuple[str, ...] = ()


def _text_entries(array: TextArray, context: Context) -> np.ndarray:
    values = read_entries(array.cells, context.names, where=array.position)
    lookup = {cell: context.table.code(value) for cell, value in values.items()}
    return np.array(list(map(lookup.__getitem__, array.cells)), dtype=CODE)


def _object_entries(value: Any, context: Context) -> tuple[tuple[int, ...], np.ndarray]:
    """Shape and codes of an array-like of numbers, SymPy expressions or entry strings."""
    if isinstance(value, sympy.MatrixBase):
        rows, cols = value.shape
        codes = np.zeros(rows * cols, dtype=CODE)
        for (row, col), entry in value.todok().items():
            codes[row * cols + col] = context.table.code(exact_entry(entry, argument="candidate"))
        return (rows, cols), codes
    shape, entries = exact_array(_read_strings(value, context), argument="candidate")
    return shape, context.table.codes(entries)


def _read_strings(value: Any, context: Context, depth: int = 0) -> Any:
    if isinstance(value, str):
        return read_entry(value, context.names)
    if isinstance(value, (list, tuple)) and depth < 6:
        return [_read_strings(item, context, depth + 1) for item in value]
    return value


def _array_entries(candidate: Any, context: Context) -> tuple[tuple[int, ...], np.ndarray, str, tuple[str, ...]]:
    """Shape, codes (row-major), what it was given as, and the names the layer does not have, of an array."""
    unknown_before = set(context.names.unknown)
    if isinstance(candidate, (str, TextArray)):
        array = read_array(candidate) if isinstance(candidate, str) else candidate
        shape, codes = array.shape, _text_entries(array, context)
        source = "LaTeX" if "\\begin" in array.text else "text"
    else:
        shape, codes = _object_entries(candidate, context)
        source = type(candidate).__name__
    return shape, codes, source, tuple(sorted(context.names.unknown - unknown_before))


def matrix_candidate(candidate: Any, context: Context) -> Candidate:
    """A candidate M: a SymPy matrix, nested lists or a numpy array, or text (:func:`~.reading.read_array`)."""
    shape, codes, source, unknown = _array_entries(candidate, context)
    if len(shape) == 1:
        shape = (1, shape[0])
    if len(shape) != 2:
        raise ShapeError(f"a candidate matrix must have 2 dimensions, got shape {'x'.join(map(str, shape))}")
    return Candidate("matrix", codes.reshape(shape), source, shape=shape, unknown=unknown)


def formula_candidate(candidate: Any, context: Context) -> Candidate:
    """A candidate rule for M[s, t]: text in the layer's letters, or a Python function of them."""
    if context.kernel_codes is None:
        raise ShapeError("a rule for M[s, t] is checked against a layer with one kernel; this layer is a "
                         "product of layers: check its matrix or its expansion")
    domain = context.domain()
    if callable(candidate) and not isinstance(candidate, str):
        codes = _function_codes(candidate, domain, context)
        return Candidate("formula", codes, "function", shape=codes.shape)
    if not isinstance(candidate, str):
        raise EntryError(f"a rule must be text or a function of the index letters, got {type(candidate).__name__}")
    rule = read_rule(candidate)
    codes = evaluate(rule, domain, context.table, context.kernel_codes, stem=context.stem)
    return Candidate("formula", codes, "text", rule=rule, shape=codes.shape)


PRIMED = {"H'": "Hp", "W'": "Wp", "T'": "Tp"}
"""How a Python function names the output sizes (a parameter cannot hold a prime): ``Hp`` for H'."""


def _function_codes(function: Callable[..., Any], domain: Domain, context: Context) -> np.ndarray:
    """Call a rule written as a Python function once per (s, t); its parameters are named by the letters."""
    letters = domain.letters
    sizes = {PRIMED.get(name, name): value for name, value in domain.sizes().items()}
    allowed = [letters.row, letters.column, letters.output_channel, *letters.output_positions,
               letters.input_channel, *letters.input_positions, *sizes, letters.kernel]
    try:
        parameters = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        raise EntryError("the rule's parameters cannot be inspected; pass a def or a lambda") from None
    unknown = [name for name in parameters if name not in allowed]
    if unknown:
        raise EntryError(f"the rule has parameter(s) {', '.join(unknown)}; its parameters must be letters of the "
                         f"layer: {', '.join(allowed)} (H' is spelled Hp)")
    rows, cols = domain.shape
    out_parts = decompose(domain.output, np.arange(rows))
    in_parts = decompose(domain.input, np.arange(cols))
    out_names = [letters.output_channel, *letters.output_positions]
    in_names = [letters.input_channel, *letters.input_positions]
    kernel = _KernelAccess(context, domain.kernel_shape)
    codes = np.zeros((rows, cols), dtype=CODE)
    code = context.table.code
    for s in range(rows):
        arguments: dict[str, Any] = dict(sizes)
        arguments.update({name: int(part[s]) for name, part in zip(out_names, out_parts)})
        arguments[letters.row] = s
        arguments[letters.kernel] = kernel
        for t in range(cols):
            arguments[letters.column] = t
            arguments.update({name: int(part[t]) for name, part in zip(in_names, in_parts)})
            value = function(**{name: arguments[name] for name in parameters})
            codes[s, t] = code(exact_entry(value, argument="the rule's value"))
    return codes


class _KernelAccess:
    """``K[u, i, p, q]`` or ``K[u][i][p][q]`` inside a rule function: the entry, or ``K[...]`` outside the kernel."""

    def __init__(self, context: Context, shape: tuple[int, ...], prefix: tuple[Any, ...] = ()):
        self._context, self._shape, self._prefix = context, shape, prefix

    def __getitem__(self, index: Any) -> Any:
        indices = self._prefix + (index if isinstance(index, tuple) else (index,))
        if len(indices) < len(self._shape):
            return _KernelAccess(self._context, self._shape, indices)
        if len(indices) > len(self._shape):
            raise IndexError(f"K takes {len(self._shape)} indices, got {len(indices)}")
        exact = [exact_entry(i, argument="an index of K") for i in indices]
        inside = all(e.is_Integer and 0 <= int(e) < size for e, size in zip(exact, self._shape))
        context = self._context
        assert context.kernel_codes is not None
        if inside:
            flat = int(np.ravel_multi_index(tuple(int(e) for e in exact), self._shape))
            return context.table.values[int(context.kernel_codes[flat])]
        return sympy.IndexedBase(context.stem)[tuple(exact)]


def expansion_candidate(candidate: Any, context: Context) -> Candidate:
    """A candidate y' (a flat list, in the layer's order) or y (nested, of the output shape), objects or text."""
    shape, codes, source, unknown = _array_entries(candidate, context)
    if len(shape) == 2 and 1 in shape and shape != tuple(context.summary.output_shape):
        shape = (shape[0] * shape[1],)
    nested = len(shape) > 1
    return Candidate("expansion", codes.reshape(-1), source, nested=nested, shape=shape, unknown=unknown)
