r"""The expansion of y' = M x' (+ b): every output as its terms, read from the index pattern.

Each output :math:`y'_r` is kept as the list of its terms :math:`M_{r,c}\,x'_c` in the
order of the receptive field (one term per kernel tap, so a reflected input appears
as often as the window meets it), plus the bias. The canonical SymPy sum of a row is
built straight from those terms, never by multiplying SymPy matrices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cmp_to_key, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from sympy.core.basic import Basic

from .entries import exact_array
from .errors import ShapeError
from .layout import Layout
from .limits import MAX_TERMS, WAYS_FOR_M, check_size

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LayerLike

Term = tuple[sympy.Expr, sympy.Expr]
"""A term of a row: (matrix entry M[r, c], input entry x'[c])."""


def flatten_input(layer: LayerLike, x: Any) -> list[sympy.Expr]:
    """Return x' (the flattened input, in the layer's order) for an input x of ``input_shape``.

    Parameters
    ----------
    layer : LayerLike
        The layer (its ``input_shape`` and ``order`` are read).
    x : array_like
        The input, channels first, of shape ``layer.input_shape``: nested lists, a numpy or
        SymPy array, of numbers and SymPy expressions (kept exact).

    Returns
    -------
    list of sympy.Expr
        x', ``C * n1 * ...`` exact entries.

    Raises
    ------
    ShapeError
        If x is ragged or its shape is not ``input_shape``.
    EntryError
        If an entry of x is not a number or a SymPy expression.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.expansion import flatten_input
    >>> flatten_input(Conv([[[[1]], [[1]]]], (2, 1, 2), order="HWC"), [[[1, 2]], [[3, 4]]])
    [1, 3, 2, 4]
    """
    shape, flat = exact_array(x, argument="x")
    if shape != layer.input_shape:
        raise ShapeError(f"x has shape {shape}; the layer expects input_shape {layer.input_shape}")
    return Layout(layer.input_shape, layer.order).flatten(flat)


def unflatten(flat: list[Any], shape: tuple[int, ...], order: str) -> sympy.Array:
    """Return the tensor of ``shape`` (channels first) whose flattening in ``order`` is ``flat``.

    Parameters
    ----------
    flat : list
        The flat vector.
    shape : tuple of int
        The tensor's shape, channels first.
    order : str
        ``"CHW"`` or ``"HWC"``.

    Returns
    -------
    sympy.ImmutableDenseNDimArray
        The tensor.

    Examples
    --------
    >>> from symconv.expansion import unflatten
    >>> unflatten([1, 3, 2, 4], (2, 1, 2), "HWC")
    [[[1, 2]], [[3, 4]]]
    """
    return sympy.ImmutableDenseNDimArray(Layout(shape, order).unflatten(list(flat)), shape)


@dataclass
class Expansion:
    """The outputs of a layer for one input, term by term: made by :func:`expand`.

    Parameters
    ----------
    layer : LayerLike
        The layer.
    inputs : list of sympy.Expr
        x', the flattened input.
    values : list of sympy.Expr
        The value of every tap (the kernel entries, or the entries of a product).
    taps : numpy.ndarray
        The index pattern's tap of every term: the terms of row ``r`` are
        ``values[taps[e]] * inputs[cols[e]]`` for ``e`` in ``indptr[r]:indptr[r+1]``,
        in receptive-field order.
    cols : numpy.ndarray
        The column of x' of every term.
    indptr : numpy.ndarray
        CSR row pointers: where each row's terms start.
    bias : list of sympy.Expr or None
        b, one entry per row (None without bias).

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import expand
    >>> expansion = expand(Conv(kernel((1, 1, 2), "a:b"), (1, 3), bias=[5]), [[1, 2, 3]])
    >>> expansion.rows, expansion.row_terms(0), expansion.exprs()
    (2, [(a, 1), (b, 2)], [a + 2*b + 5, 2*a + 3*b + 5])
    """

    layer: LayerLike
    inputs: list[sympy.Expr]
    values: list[sympy.Expr]
    taps: np.ndarray
    cols: np.ndarray
    indptr: np.ndarray
    bias: list[sympy.Expr] | None

    @property
    def rows(self) -> int:
        """The number of outputs (rows of M).

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.expansion import expand
        >>> expand(Conv([[[1, 2]]], (1, 5), stride=2)).rows
        2
        """
        return len(self.indptr) - 1

    def row_terms(self, row: int) -> list[Term]:
        """Return the terms ``(M[r, c], x'[c])`` of one row, in receptive-field order.

        Parameters
        ----------
        row : int
            The row r of M (the output y'_r).

        Returns
        -------
        list of tuple
            One ``(matrix entry, input entry)`` pair per kernel tap that reads the input; a
            padding mode that folds the window gives the same input entry more than once.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.expansion import expand
        >>> expand(Conv(kernel((1, 1, 3), "a:c"), (1, 2), padding=1, padding_mode="reflect")).row_terms(0)
        [(a, x[0, 1]), (b, x[0, 0]), (c, x[0, 1])]
        """
        start, stop = int(self.indptr[row]), int(self.indptr[row + 1])
        return [(self.values[t], self.inputs[c]) for t, c in
                zip(self.taps[start:stop].tolist(), self.cols[start:stop].tolist())]

    def exprs(self) -> list[sympy.Expr]:
        """Return y' as canonical SymPy expressions (equal to plain SymPy arithmetic).

        Returns
        -------
        list of sympy.Expr
            One expression per row: like terms combined, the bias added.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.expansion import expand
        >>> expand(Conv(kernel((1, 1, 3), "a:c"), (1, 2), padding=1, padding_mode="reflect")).exprs()[0]
        a*x[0, 1] + b*x[0, 0] + c*x[0, 1]
        """
        sums = canonical_sums(self.values, self.inputs, self.taps, self.cols, self.indptr)
        if self.bias is not None:
            sums = [s + b for s, b in zip(sums, self.bias)]
        return sums

    def output(self) -> sympy.Array:
        """Return y, y' reshaped to the layer's output shape.

        Returns
        -------
        sympy.ImmutableDenseNDimArray
            y, of ``layer.output_shape``, channels first.

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.expansion import expand
        >>> expand(Conv([[[1, 1]], [[1, -1]]], (1, 3)), [[1, 2, 4]]).output()
        [[3, 6], [-1, -2]]
        """
        return unflatten(self.exprs(), self.layer.output_shape, self.layer.order)


def expand(layer: LayerLike, x: Any = None, *, force: bool = False) -> Expansion:
    """Return the expansion of M x' (+ b) for an input x (the symbolic input ``x[i, j, k]`` when None).

    Parameters
    ----------
    layer : LayerLike
        The layer.
    x : array_like, optional
        The input, channels first, of ``layer.input_shape``; None (the default) for the
        symbols ``x[i, j, k]`` of :func:`symconv.inputs`.
    force : bool, default False
        Expand even above :data:`~symconv.limits.MAX_TERMS` terms.

    Returns
    -------
    Expansion
        Every output as its terms, read from the index pattern (no SymPy matrix is built).

    Raises
    ------
    SizeError
        Above ``MAX_TERMS`` terms unless ``force`` (checked from the shapes first).
    ShapeError
        If x does not have the layer's input shape.
    EntryError
        If an entry of x is not a number or a SymPy expression.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import expand
    >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    >>> expand(layer, [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]).exprs()[0]
    a + 2*b + 4*c + 5*d
    """
    check_terms(layer, force)
    if x is None:
        from .symbols import inputs

        x = inputs(layer.input_shape, force=force)
    return expand_flat(layer, flatten_input(layer, x), force=force)


def expand_flat(layer: LayerLike, flat: list[sympy.Expr], *, force: bool = False) -> Expansion:
    """Return the expansion for x' given already flattened (see :func:`expand`).

    Parameters
    ----------
    layer : LayerLike
        The layer.
    flat : list of sympy.Expr
        x', exact entries in the layer's flattening order (not checked).
    force : bool, default False
        Expand even above :data:`~symconv.limits.MAX_TERMS` terms.

    Returns
    -------
    Expansion
        Every output as its terms.

    Raises
    ------
    SizeError
        Above ``MAX_TERMS`` terms unless ``force``.

    Examples
    --------
    >>> import sympy
    >>> from symconv import Conv
    >>> from symconv.expansion import expand_flat
    >>> expand_flat(Conv([[[1, 2]]], (1, 3)), sympy.symbols("p q r")).exprs()
    [p + 2*q, q + 2*r]
    """
    check_terms(layer, force)
    _, cols, taps = layer.pattern.entries()
    return Expansion(layer, flat, list(layer.values), taps, cols, layer.pattern.indptr, layer.bias_vector)


def check_terms(layer: LayerLike, force: bool) -> None:
    """Refuse an expansion with more than :data:`~symconv.limits.MAX_TERMS` terms unless ``force``.

    Parameters
    ----------
    layer : LayerLike
        The layer (its ``terms()`` is counted from the shapes alone).
    force : bool
        True to allow any number of terms.

    Raises
    ------
    SizeError
        Above ``MAX_TERMS`` terms and ``force`` false.
    LayerError
        If ``force`` is not a bool.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import check_terms
    >>> check_terms(Conv(kernel((1, 1, 3)), (1, 5)), False)
    >>> check_terms(Conv(kernel((1, 1, 3, 3)), (1, 1000, 1000)), False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: M x' (996004 outputs) has 8,964,036 terms, more than the limit of ...
    """
    check_size(f"M x' ({layer.matrix_shape[0]} outputs)", layer.terms(), MAX_TERMS, unit="terms", name="MAX_TERMS",
               ways=WAYS_FOR_M.replace("structure() for the block view of M", "neuron() for one output"), force=force)


# -- canonical sums ---------------------------------------------------------------------------
_SAFE = 2**31
_ATOM_TYPES = (sympy.Symbol, sympy.Indexed)
"""The non-number factors the fast path handles (exact types: subclasses such as Dummy take the plain path)."""


def canonical_sums(values: Sequence[sympy.Expr], inputs: Sequence[sympy.Expr], taps: np.ndarray,
                   cols: np.ndarray, indptr: np.ndarray) -> list[sympy.Expr]:
    r"""Return :math:`\sum_e \mathrm{values}[t_e]\,\mathrm{inputs}[c_e]` for every row, canonically.

    When every value and input is an integer, a ``Symbol`` or an ``Indexed`` entry
    (and no atom is both a kernel entry and an input), like terms are combined and
    ordered with vectorised numpy and the SymPy nodes are created directly in the
    order SymPy's own ``Add`` and ``Mul`` would give (the tests check equality, and
    ``srepr`` equality, with plain SymPy arithmetic). Any other row is summed by
    ``sympy.Add``.

    Parameters
    ----------
    values : sequence of sympy.Expr
        The value of every tap.
    inputs : sequence of sympy.Expr
        x'.
    taps : numpy.ndarray
        The tap of every term.
    cols : numpy.ndarray
        The column of x' of every term.
    indptr : numpy.ndarray
        CSR row pointers (``len(indptr) - 1`` rows).

    Returns
    -------
    list of sympy.Expr
        One canonical sum per row (``0`` for a row without terms).

    Examples
    --------
    >>> import numpy as np
    >>> import sympy
    >>> from symconv.expansion import canonical_sums
    >>> a, b = sympy.symbols("a b")
    >>> one, two = sympy.Integer(1), sympy.Integer(2)
    >>> canonical_sums([a, b], [two, one], np.array([0, 1, 0]), np.array([0, 0, 1]), np.array([0, 3]))
    [3*a + 2*b]
    """
    kinds = _integer_atom_kinds(values, inputs)
    if kinds is None:
        return [
            sympy.Add(*[values[t] * inputs[c] for t, c in zip(taps[a:b].tolist(), cols[a:b].tolist())])
            for a, b in zip(indptr[:-1].tolist(), indptr[1:].tolist())
        ]
    atoms, (m_number, m_atom), (x_number, x_atom) = kinds
    if taps.size == 0:
        return [sympy.S.Zero] * (len(indptr) - 1)
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    coefficient = m_number[taps] * x_number[cols]
    first, second = m_atom[taps], x_atom[cols]
    low, high = np.minimum(first, second), np.maximum(first, second)
    order = np.lexsort((high, low, rows))
    rows, low, high, coefficient = rows[order], low[order], high[order], coefficient[order]
    starts = np.flatnonzero(np.concatenate(([True], (np.diff(rows) != 0) | (np.diff(low) != 0) | (np.diff(high) != 0))))
    rows, low, high = rows[starts], low[starts], high[starts]
    coefficient = np.add.reduceat(coefficient, starts) if coefficient.size else coefficient
    keep = coefficient != 0
    rows, low, high, coefficient = rows[keep], low[keep], high[keep], coefficient[keep]

    # rank every atom and coefficient as Basic.compare orders them: numbers first, then the atoms
    numbers = sorted((sympy.Integer(int(v)) for v in np.unique(coefficient).tolist()), key=cmp_to_key(Basic.compare))
    number_rank = {int(n): rank for rank, n in enumerate(numbers)}
    atom_rank = np.arange(len(numbers), len(numbers) + len(atoms), dtype=np.int64)
    atom_rank = np.append(atom_rank, -1)  # index -1 -> none
    number_values = np.array(sorted(number_rank), dtype=np.int64)
    number_ranks = np.array([number_rank[v] for v in number_values.tolist()], dtype=np.int64)
    coefficient_rank = number_ranks[np.searchsorted(number_values, coefficient)] if numbers else coefficient

    # a term is a number (first), a lone atom (its class's place among Mul and the atom classes) or a Mul
    class_rank = _class_ranks(atoms)
    atom_class = np.array([class_rank[type(a)] for a in atoms] + [-1], dtype=np.int64)
    is_constant = high < 0
    is_unit = coefficient == 1
    has_two = low >= 0
    lone = ~is_constant & is_unit & ~has_two
    term_class = np.where(lone, atom_class[high], class_rank[sympy.Mul])
    term_class = np.where(is_constant, -1, term_class)
    length = 1 + has_two + ~is_unit
    r_low, r_high = atom_rank[low], atom_rank[high]
    a0 = np.where(is_unit, np.where(has_two, r_low, r_high), coefficient_rank)
    a1 = np.where(is_unit, np.where(has_two, r_high, -1), np.where(has_two, r_low, r_high))
    a2 = np.where(~is_unit & has_two, r_high, -1)
    order = np.lexsort((a2, a1, a0, length, term_class, rows))

    terms = _terms(atoms, numbers, low[order], high[order], coefficient[order])
    bounds = np.searchsorted(rows[order], np.arange(len(indptr)), side="left").tolist()
    add = sympy.Add._from_args
    zero = sympy.S.Zero
    return [add(terms[a:b], True) if b - a > 1 else terms[a] if b > a else zero
            for a, b in zip(bounds[:-1], bounds[1:])]


def _terms(atoms: list[sympy.Expr], numbers: list[sympy.Integer], low: np.ndarray, high: np.ndarray,
           coefficient: np.ndarray) -> list[sympy.Expr]:
    """The SymPy node of every term, in the given order: a number, an atom, or a Mul of a coefficient and atoms.

    When every term is of one kind (all atom x atom, as for a symbolic kernel and input; or all
    number x atom), one comprehension makes them without a branch per term.
    """
    mul = sympy.Mul._from_args
    integers = {int(n): n for n in numbers}
    lows, highs, values = low.tolist(), high.tolist(), coefficient.tolist()
    if low.size and low.min() >= 0 and (coefficient == 1).all():
        return [mul((atoms[a], atoms[b]), True) for a, b in zip(lows, highs)]
    if low.size and low.max() < 0 and high.min() >= 0 and (coefficient != 1).all():
        return [mul((integers[v], atoms[b]), True) for v, b in zip(values, highs)]
    terms: list[sympy.Expr] = []
    for lo, hi, value in zip(lows, highs, values):
        if hi < 0:
            terms.append(integers[value])
        elif lo < 0:
            terms.append(atoms[hi] if value == 1 else mul((integers[value], atoms[hi]), True))
        else:
            pair = (atoms[lo], atoms[hi])
            terms.append(mul(pair if value == 1 else (integers[value], *pair), True))
    return terms


def _class_ranks(atoms: list[sympy.Expr]) -> dict[type, int]:
    """The place of each atom class and of ``Mul`` in SymPy's class order (``Basic.compare`` by class name)."""
    representatives = {type(a): a for a in atoms}
    representatives[sympy.Mul] = sympy.Mul(2, sympy.Symbol("a"))
    ordered = sorted(representatives.values(), key=cmp_to_key(Basic.compare))
    return {type(item): rank for rank, item in enumerate(ordered)}


_PLAIN = sympy.Symbol("a")._assumptions0


def _sorted_atoms(atoms: set[sympy.Expr]) -> list[sympy.Expr]:
    """Atoms in ``Basic.compare`` order.

    Plain symbols (no assumptions) compare by name alone, and ``Indexed`` entries of a
    plain ``IndexedBase`` with integer indices by (number of indices, name, indices);
    anything else is sorted with ``Basic.compare`` itself.
    """
    symbols = [a for a in atoms if type(a) is sympy.Symbol]
    indexed = [(_indexed_key(a), a) for a in atoms if type(a) is sympy.Indexed]
    if all(s._assumptions0 == _PLAIN for s in symbols) and all(key is not None for key, _ in indexed):
        indexed.sort(key=lambda pair: pair[0])  # type: ignore[arg-type, return-value]
        by_class = {sympy.Symbol: sorted(symbols, key=lambda s: s.name), sympy.Indexed: [a for _, a in indexed]}
        ranks = _class_ranks([*symbols[:1], *by_class[sympy.Indexed][:1]])
        return [a for cls in sorted(by_class, key=lambda c: ranks.get(c, 0)) for a in by_class[cls]]
    return sorted(atoms, key=cmp_to_key(Basic.compare))


@lru_cache(maxsize=1 << 16)
def _indexed_key(entry: sympy.Indexed) -> tuple[int, str, tuple[int, ...]] | None:
    """The sort key of an ``Indexed`` of a plain ``IndexedBase`` with integer indices, or None for any other.

    Cached: the same default entries (``K[u, i, p, q]``, ``x[i, j, k]``) are sorted again and again.
    """
    base, *indices = entry.args
    plain_base = type(base) is sympy.IndexedBase and len(base.args) == 1 and type(base.args[0]) is sympy.Symbol
    if not (plain_base and base.args[0]._assumptions0 == _PLAIN and all(i.is_Integer for i in indices)):
        return None
    return (len(indices), base.args[0].name, tuple(int(i) for i in indices))


def _integer_atom_kinds(values: Sequence[sympy.Expr], inputs: Sequence[sympy.Expr]):  # type: ignore[no-untyped-def]
    """Split values and inputs into integers and atoms, or None if the fast path does not apply.

    Returns the atoms (sorted as SymPy sorts them) and, for values and for inputs,
    an int64 array of their numbers (1 for an atom) and an int64 array of their
    atom's index (-1 for a number).
    """
    def split(items: Sequence[sympy.Expr]):  # type: ignore[no-untyped-def]
        numbers: list[int] = []
        names: list[Any] = []
        for item in items:
            if item.is_Integer and abs(int(item)) < _SAFE:
                numbers.append(int(item))
                names.append(None)
            elif type(item) in _ATOM_TYPES and item.is_commutative:
                numbers.append(1)
                names.append(item)
            else:
                return None
        return numbers, names

    found_values, found_inputs = split(values), split(inputs)
    if found_values is None or found_inputs is None:
        return None
    value_atoms = {s for s in found_values[1] if s is not None}
    input_atoms = {s for s in found_inputs[1] if s is not None}
    if value_atoms & input_atoms:
        return None
    atoms = _sorted_atoms(value_atoms | input_atoms)
    if len(values) * len(inputs) and max(map(abs, found_values[0]), default=0) * max(
            map(abs, found_inputs[0]), default=0) * max(len(values), len(inputs)) >= 2**62:
        return None
    index = {s: i for i, s in enumerate(atoms)}

    def arrays(found):  # type: ignore[no-untyped-def]
        numbers, names = found
        return (np.array(numbers, dtype=np.int64),
                np.array([-1 if s is None else index[s] for s in names], dtype=np.int64))

    return atoms, arrays(found_values), arrays(found_inputs)
