"""What symconv returns is an ordinary SymPy (or SciPy) object that SymPy users can take further.

Default kernel and input entries are ``Indexed`` objects ``K[u, i, p, q]`` and ``x[i, j, k]``:
they round-trip through ``str`` and ``sympify``, ``pycode`` writes valid Python, and
``lambdify`` evaluates expansions on numpy arrays. Layers are immutable, their ``repr`` is
the call that makes them, and SymPy's printers print layers and derivations.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
import scipy.sparse
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import IndexedBase, Rational

from symconv import Conv, ConvTranspose, inputs, kernel
from symconv.printing.latex import derivation_latex
from symconv.symbols import namespace

K, X = IndexedBase("K"), IndexedBase("x")


LAYERS = {
    "worked example": lambda: Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)),
    "default symbols, stride and padding": lambda: Conv(kernel((2, 2, 3, 3)), (2, 5, 5), stride=2, padding=1),
    "hwc, groups, bias": lambda: Conv(kernel((4, 1, 2)), (2, 6), groups=2, order="HWC", bias=[1, -2, 3, 0]),
    "reflect 1-d": lambda: Conv(kernel((1, 1, 3)), (1, 4), padding=1, padding_mode="reflect"),
    "transposed": lambda: ConvTranspose(kernel((1, 2, 2, 2)), (1, 2, 3), stride=2, padding=(0, 1)),
    "composed": lambda: Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4)),
}


@pytest.mark.parametrize("name", LAYERS)
def test_default_entries_round_trip_through_str_and_sympify(name):
    layer = LAYERS[name]()
    local = namespace()
    for expr in [*layer.derive().y_exprs, *layer.matrix()]:
        assert sympy.sympify(str(expr), locals=local) == expr
    assert sympy.sympify(str(layer.matrix()), locals=local) == layer.matrix()


def test_indexed_entries_are_what_sympy_itself_makes():
    assert kernel((2, 1, 2, 2))[1, 0, 0, 1] == K[1, 0, 0, 1]
    assert inputs((1, 3, 3))[0, 2, 1] == X[0, 2, 1]
    assert kernel((1, 1, 2), stem="W")[0, 0, 1] == IndexedBase("W")[0, 0, 1]


@pytest.mark.parametrize("name", LAYERS)
def test_pycode_writes_python_that_computes_the_expansion(name):
    for expr in LAYERS[name]().derive().y_exprs:
        code = sympy.pycode(expr)
        compile(code, "<pycode>", "eval")  # valid Python
        assert "{" not in code, code


@pytest.mark.parametrize("name", [n for n in LAYERS if n not in ("worked example", "composed")])
def test_lambdify_of_the_expansion_on_numpy_arrays_equals_the_sparse_matrix(name):
    layer = LAYERS[name]()
    rng = np.random.default_rng(1)
    weights = rng.integers(-4, 5, size=layer.kernel_shape)
    image = rng.integers(-4, 5, size=layer.input_shape)
    f = sympy.lambdify([K, X], layer.derive().y_exprs)
    numeric = layer.replace(kernel=weights)
    flat = np.moveaxis(image, 0, -1).ravel() if layer.order == "HWC" else image.ravel()  # x' by the test's own rule
    expected = numeric.to_scipy() @ flat
    if numeric.bias_vector is not None:
        expected = expected + np.array(numeric.bias_vector, dtype=np.int64)
    assert np.array_equal(np.array(f(weights, image)), expected)


def test_the_pretty_printer_shows_no_raw_braces():
    shown = sympy.pretty(Conv(kernel((1, 1, 2)), (1, 3)).derive().y_exprs[0], use_unicode=True)
    assert "{" not in shown and "K" in shown


@pytest.mark.parametrize("attribute", ["stride", "padding", "kernel_entries", "output_shape", "order", "bias", "new"])
def test_layers_are_immutable(attribute):
    layer = Conv(kernel((1, 1, 2)), (1, 5), stride=2)
    with pytest.raises(dataclasses.FrozenInstanceError, match=rf"^cannot assign to field '{attribute}'"):
        setattr(layer, attribute, (1,))
    with pytest.raises(AttributeError):
        del layer.stride
    assert layer.output_shape == (1, 2) and layer.matrix().shape == (2, 5)


def test_replace_makes_a_changed_copy_and_names_unknown_arguments():
    layer = Conv(kernel((1, 1, 2), "a:b"), (1, 5))
    assert layer.replace(stride=2) == Conv(kernel((1, 1, 2), "a:b"), (1, 5), stride=2)
    with pytest.raises(TypeError, match=r"^replace\(\) got unknown argument\(s\) strides; Conv takes kernel, "):
        layer.replace(strides=2)


REPRS = [
    ("Conv(kernel((2, 1, 2, 2), 'a:h'), (1, 3, 3))", Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))),
    ("Conv(kernel((1, 1, 3)), (1, 5), stride=2, padding=1)", Conv(kernel((1, 1, 3)), (1, 5), stride=2, padding=1)),
    ("Conv(kernel((1, 1, 3), stem='W'), (1, 5), padding='same', padding_mode='circular')",
     Conv(kernel((1, 1, 3), stem="W"), (1, 5), padding="same", padding_mode="circular")),
    ("Conv([[[1, Rational(1, 3)]]], (1, 3), padding=((1, 0),), bias=[5])",
     Conv([[[1, Fraction(1, 3)]]], (1, 3), padding=((1, 0),), bias=[5])),
    ("Conv(kernel((2, 1, 1, 1), 'w0:2'), (1, 2, 2), flip=True, order='HWC')",
     Conv(kernel((2, 1, 1, 1), "w0:2"), (1, 2, 2), flip=True, order="HWC")),
    ("ConvTranspose(kernel((2, 1, 2)), (2, 3), stride=2, output_padding=1, groups=2)",
     ConvTranspose(kernel((2, 1, 2)), (2, 3), stride=2, output_padding=1, groups=2)),
    ("Conv([[[1, -1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))", Conv([[[1, -1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))),
]


@pytest.mark.parametrize(("text", "layer"), REPRS, ids=[t for t, _ in REPRS])
def test_repr_is_the_call_that_makes_the_layer(text, layer):
    assert repr(layer) == text
    made = eval(text, {"Conv": Conv, "ConvTranspose": ConvTranspose, "kernel": kernel, "Rational": Rational})
    assert made == layer and made.matrix() == layer.matrix()


@pytest.mark.parametrize("label", ["lambda", "α"])
def test_repr_lists_the_entries_of_a_base_that_kernel_cannot_make(label):
    # kernel(stem=...) refuses keywords and non-ASCII names; a user's own IndexedBase may still have one
    base = sympy.IndexedBase(label)
    layer = Conv([[[base[0, 0, 0], base[0, 0, 1]]]], (1, 3))
    assert repr(layer) == f"Conv([[[{label}[0, 0, 0], {label}[0, 0, 1]]]], (1, 3))"


def test_repr_and_hash_of_a_large_symbolic_layer_do_not_walk_nested_arrays():
    layer = Conv(kernel((64, 64, 3, 3)), (64, 56, 56), padding=1)
    assert repr(layer) == "Conv(kernel((64, 64, 3, 3)), (64, 56, 56), padding=1)"
    assert hash(layer) == hash(layer.replace()) and layer == layer.replace()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=2, max_size=6), st.integers(1, 3), st.sampled_from(["CHW", "HWC"]))
def test_repr_of_numeric_layers_evaluates_back_to_an_equal_layer(values, stride, order):
    layer = Conv([[values]], (1, 8), stride=stride, order=order, padding=((1, 2),))
    assert eval(repr(layer), {"Conv": Conv, "Rational": Rational}) == layer


def test_layers_and_derivations_render_in_jupyter_and_in_sympy_latex():
    layer = LAYERS["worked example"]()
    assert layer._repr_latex_().startswith("$$") and "cross-correlation" in layer._repr_latex_()
    assert sympy.latex(layer) == layer._repr_latex_().strip("$")
    derivation = layer.derive([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    assert sympy.latex(derivation) == derivation_latex(derivation, mode="math")
    assert derivation._repr_latex_() == "$$" + sympy.latex(derivation) + "$$"
    assert sympy.sstr(derivation) == str(derivation) == derivation.text()


def test_matrix_has_one_documented_type_whatever_the_size():
    small, large = Conv(kernel((1, 1, 2)), (1, 3)), Conv(kernel((1, 1, 2, 2)), (1, 30, 30))
    for layer in (small, large):
        dense, sparse = layer.matrix(), layer.matrix(sparse=True)
        assert type(dense) is sympy.MutableDenseMatrix and type(sparse) is sympy.MutableSparseMatrix
        assert dense == sparse
    assert type(small.affine_matrix()) is sympy.MutableDenseMatrix


def test_to_scipy_returns_a_csr_array():
    M = Conv([[[1, 2]]], (1, 3)).to_scipy()
    assert isinstance(M, scipy.sparse.csr_array)
    assert scipy.sparse.csr_matrix(M).toarray().tolist() == [[1, 2, 0], [0, 1, 2]]
