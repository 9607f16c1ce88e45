"""Real layer sizes: sparse outputs, sampled entries against a direct computation, canonical sums."""

from __future__ import annotations

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symconv import Conv, inputs, kernel
from symconv.expansion import canonical_sums, expand


def direct_entry(weights, layer, row, col):
    """M[row, col] for a zero-padded CHW conv, from the definition (independent of the pattern)."""
    D, Cg = weights.shape[:2]
    C, H, W = layer.input_shape
    _, Ho, Wo = layer.output_shape
    u, v, w = row // (Ho * Wo), (row // Wo) % Ho, row % Wo
    i, j, k = col // (H * W), (col // W) % H, col % W
    (pt, _), (pl, _) = layer.padding
    p, q = j - (v * layer.stride[0] - pt), k - (w * layer.stride[1] - pl)
    group = u // (D // layer.groups)
    if not (0 <= p < weights.shape[2] and 0 <= q < weights.shape[3]) or i // Cg != group:
        return 0
    return int(weights[u, i % Cg, p, q])


def test_resnet_sized_layer_to_scipy_matches_sampled_entries():
    rng = np.random.default_rng(0)
    weights = rng.integers(-3, 4, size=(16, 16, 3, 3))
    layer = Conv(weights, (16, 56, 56), padding=1)
    M = layer.to_scipy()
    assert M.shape == (16 * 56 * 56, 16 * 56 * 56)
    assert M.indices.dtype == np.int32 and M.data.dtype == np.int64
    assert M.has_sorted_indices
    rows = rng.integers(0, M.shape[0], size=300)
    for row in rows:
        start, stop = M.indptr[row], M.indptr[row + 1]
        for col, value in zip(M.indices[start:stop], M.data[start:stop]):
            assert value == direct_entry(weights, layer, row, col)
        _, Ho, Wo = layer.output_shape
        v, w = (row // Wo) % Ho, row % Wo
        inside = [sum(0 <= o - 1 + t < 56 for t in range(3)) for o in (v, w)]
        assert stop - start == 16 * inside[0] * inside[1]
    cols = rng.integers(0, M.shape[1], size=200)
    dense_rows = M[rows[:20]].toarray()
    for r_index, row in enumerate(rows[:20]):
        for col in cols:
            assert dense_rows[r_index, col] == direct_entry(weights, layer, row, col)


def test_grouped_strided_layer_to_scipy_matches_sampled_entries():
    rng = np.random.default_rng(1)
    weights = rng.integers(-3, 4, size=(8, 2, 3, 3))
    layer = Conv(weights, (8, 20, 20), padding=1, stride=2, groups=4)
    M = layer.to_scipy().toarray()
    for row in rng.integers(0, M.shape[0], size=50):
        for col in range(M.shape[1]):
            assert M[row, col] == direct_entry(weights, layer, row, col)


def test_a_large_symbolic_matrix_can_be_built_sparse():
    layer = Conv(kernel((2, 1, 3, 3)), (1, 40, 40))
    M = layer.matrix(sparse=True)
    assert isinstance(M, sympy.SparseMatrix)
    assert len(M.todok()) == 2 * 38 * 38 * 9


def test_symbolic_expansion_at_benchmark_size_equals_sympy_arithmetic_on_samples():
    layer = Conv(kernel((8, 3, 3, 3)), (3, 16, 16))
    expansion = expand(layer)
    exprs = expansion.exprs()
    assert sum(int(n) for n in np.diff(expansion.indptr)) == 42_336
    for row in range(0, len(exprs), 97):
        assert exprs[row] == sympy.Add(*[m * x for m, x in expansion.row_terms(row)])


term_atoms = st.one_of(
    st.integers(-3, 3).map(sympy.Integer),
    st.sampled_from(sympy.symbols("a b c")),
)
input_atoms = st.one_of(
    st.integers(-3, 3).map(sympy.Integer),
    st.sampled_from([*sympy.symbols("x y z"), sympy.Symbol("w", positive=True), sympy.Symbol("A")]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(term_atoms, input_atoms), max_size=8), min_size=1, max_size=4))
def test_canonical_sums_equal_plain_sympy_arithmetic(rows):
    values = [m for row in rows for m, _ in row]
    xs = [x for row in rows for _, x in row]
    indptr = np.cumsum([0] + [len(r) for r in rows])
    index = np.arange(len(values))
    built = canonical_sums(values, xs, index, index, indptr)
    expected = [sympy.Add(*[m * x for m, x in row]) for row in rows]
    assert built == expected
    assert [sympy.srepr(e) for e in built] == [sympy.srepr(e) for e in expected]


def test_canonical_sums_fall_back_for_expressions_and_shared_symbols():
    a, b = sympy.symbols("a b")
    values = [a + 1, a]
    xs = [a, b]
    built = canonical_sums(values, xs, np.array([0, 1]), np.array([0, 1]), np.array([0, 2]))
    assert built == [(a + 1) * a + a * b]


def test_apply_works_for_numeric_and_symbolic_inputs():
    layer = Conv([[[1, 2]]], (1, 3))
    assert layer([[1, 1, 1]]).tolist() == [[3, 3]]
    x = inputs((1, 3))
    assert layer(x)[0, 0] == x[0, 0] + 2 * x[0, 1]
