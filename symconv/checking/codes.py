"""Values as integer codes: the checker compares whole matrices with numpy, and SymPy only where it must.

A :class:`Table` gives every distinct value (kernel entries, numbers, sums, entries read from
text) one integer code; structurally equal values share a code, and code 0 is zero. A matrix
of 1.2 million entries is then an integer array, compared with one numpy operation; only
pairs of *different* codes that are not both in SymPy's canonical polynomial form (atoms, and
expanded sums of rational multiples of products of symbols and indexed entries, which equal
each other only when they are the same expression) are compared symbolically, once per
distinct pair, with ``sympy.expand`` of their difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import sympy

CODE = np.int64


def _variable(value: sympy.Expr) -> bool:
    return isinstance(value, (sympy.Symbol, sympy.Indexed))


def _monomial_factor(value: sympy.Expr) -> bool:
    if isinstance(value, sympy.Rational) or _variable(value):
        return True
    return isinstance(value, sympy.Pow) and _variable(value.base) and isinstance(value.exp, sympy.Integer) \
        and value.exp > 0


def canonical_polynomial(value: sympy.Expr) -> bool:
    """True for a polynomial with rational coefficients in SymPy's expanded form (two differ unless identical).

    SymPy's ``Add`` collects like terms and its ``Mul`` collects powers, so two such values that
    are different expressions are different polynomials: the checker need not ``expand`` their
    difference.

    Examples
    --------
    >>> import sympy
    >>> a, b = sympy.symbols("a b")
    >>> x = sympy.IndexedBase("x")
    >>> values = (a, 3 * a * x[0] + b**2 - sympy.Rational(1, 2), b * (a + b), sympy.sqrt(2) * a)
    >>> [canonical_polynomial(v) for v in values]
    [True, True, False, False]
    """
    terms = value.args if isinstance(value, sympy.Add) else (value,)
    return all(all(_monomial_factor(f) for f in term.args) if isinstance(term, sympy.Mul) else _monomial_factor(term)
               for term in terms)


class Table:
    """Interns SymPy values as integer codes (code 0 is zero).

    Examples
    --------
    >>> import sympy
    >>> a, b = sympy.symbols("a b")
    >>> table = Table()
    >>> table.codes([0, a, b, a]).tolist()
    [0, 1, 2, 1]
    >>> table.equal(table.codes([2 * (a + b), a]), table.codes([2 * a + 2 * b, b])).tolist()
    [True, False]
    """

    def __init__(self) -> None:
        self.values: list[sympy.Expr] = [sympy.S.Zero]
        self._index: dict[sympy.Expr, int] = {sympy.S.Zero: 0}
        self._atomic: list[bool] = [True]
        self._canonical: list[bool] = [True]
        self._same: dict[tuple[int, int], bool] = {}

    def __len__(self) -> int:
        return len(self.values)

    def code(self, value: sympy.Expr) -> int:
        """The code of one value (a new code for a value not seen before)."""
        found = self._index.get(value)
        if found is None:
            found = len(self.values)
            self._index[value] = found
            self.values.append(value)
            self._atomic.append(bool(value.is_Atom or isinstance(value, sympy.Indexed)))
            self._canonical.append(canonical_polynomial(value))
        return found

    def codes(self, values: Iterable[sympy.Expr]) -> np.ndarray:
        """The codes of many values, as an int64 array."""
        code = self.code
        return np.fromiter((code(sympy.Integer(v) if isinstance(v, int) else v) for v in values), dtype=CODE)

    def combine(self, operation: Callable[..., sympy.Expr], *operands: np.ndarray) -> np.ndarray:
        """Apply a SymPy operation elementwise to code arrays, once per distinct combination of codes."""
        arrays = np.broadcast_arrays(*operands)
        shape = arrays[0].shape
        if not arrays[0].size:
            return np.zeros(shape, dtype=CODE)
        stacked = np.stack([array.reshape(-1) for array in arrays], axis=1)
        distinct, inverse = np.unique(stacked, axis=0, return_inverse=True)
        values = self.values
        results = np.array([self.code(operation(*(values[c] for c in row))) for row in distinct.tolist()],
                           dtype=CODE)
        return results[inverse.reshape(-1)].reshape(shape)

    def same(self, first: int, second: int) -> bool:
        """True when the values of two codes are equal symbolically (``expand`` of their difference is 0)."""
        if first == second:
            return True
        if (self._atomic[first] and self._atomic[second]) or (self._canonical[first] and self._canonical[second]):
            return False
        key = (first, second) if first < second else (second, first)
        known = self._same.get(key)
        if known is None:
            known = sympy.expand(self.values[first] - self.values[second]) == 0
            self._same[key] = known
        return known

    def equal(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Elementwise symbolic equality of two code arrays of the same shape."""
        equal = first == second
        differ = ~equal
        if not differ.any():
            return equal
        pairs = np.stack([first[differ], second[differ]], axis=1)
        distinct, inverse = np.unique(pairs, axis=0, return_inverse=True)
        verdicts = np.array([self.same(a, b) for a, b in distinct.tolist()], dtype=bool)
        if verdicts.any():
            equal = equal.copy()
            equal[differ] = verdicts[inverse.reshape(-1)]
        return equal
