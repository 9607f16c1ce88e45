"""Shapes, flattening order, options normalised once, bias and the affine form, composition."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symconv import Conv, ConvTranspose, inputs, kernel


@pytest.mark.parametrize(
    ("kernel_shape", "input_shape", "options", "output_shape"),
    [
        ((2, 1, 2, 2), (1, 3, 3), {}, (2, 2, 2)),
        ((4, 3, 3), (3, 10), {"stride": 3}, (4, 3)),
        ((4, 3, 3), (3, 10), {"padding": "same"}, (4, 10)),
        ((4, 3, 4), (3, 10), {"padding": "same", "dilation": 2}, (4, 10)),
        ((4, 3, 3), (3, 10), {"padding": "full"}, (4, 12)),
        ((1, 1, 3, 3, 3), (1, 5, 6, 7), {"padding": 1, "stride": (1, 2, 3)}, (1, 5, 3, 3)),
        ((6, 1, 3, 3), (3, 8, 8), {"groups": 3, "padding": ((1, 0), (2, 2))}, (6, 7, 10)),
    ],
)
def test_output_shape(kernel_shape, input_shape, options, output_shape):
    layer = Conv(np.ones(kernel_shape, dtype=int), input_shape, **options)
    assert layer.output_shape == output_shape
    assert layer.matrix_shape == (int(np.prod(output_shape)), int(np.prod(input_shape)))


def test_same_padding_puts_the_odd_extra_after():
    assert Conv(np.ones((1, 1, 4), dtype=int), (1, 9), padding="same").padding == ((1, 2),)


def test_chw_flattening_is_the_seeds():
    """x'[i*H*W + j*W + k] = x[i, j, k]."""
    layer = Conv(kernel((1, 2, 1, 1)), (2, 3, 4))
    x = inputs((2, 3, 4))
    flat = layer.derive().expansion.inputs
    for i in range(2):
        for j in range(3):
            for k in range(4):
                assert flat[i * 12 + j * 4 + k] == x[i, j, k]


def test_hwc_flattening_is_channels_last_for_input_and_output():
    layer = Conv(kernel((2, 2, 1, 1)), (2, 3, 4), order="HWC")
    x = inputs((2, 3, 4))
    expansion = layer.derive().expansion
    for i in range(2):
        for j in range(3):
            for k in range(4):
                assert expansion.inputs[(j * 4 + k) * 2 + i] == x[i, j, k]
    y = layer.apply(x)
    exprs = expansion.exprs()
    assert exprs[(1 * 4 + 2) * 2 + 1] == y[1, 1, 2]


def test_bias_and_the_affine_matrix():
    layer = Conv(kernel((2, 1, 2), "a:d"), (1, 3), bias=sympy.symbols("p q"))
    p, q = sympy.symbols("p q")
    assert layer.bias_vector == [p, p, q, q]
    A = layer.affine_matrix()
    x = inputs((1, 3))
    homogeneous = A * sympy.Matrix([*sympy.flatten(x), 1])
    assert list(homogeneous[:-1]) == list(sympy.flatten(layer.apply(x)))
    assert homogeneous[-1] == 1


def test_bias_vector_in_hwc_order_repeats_per_position():
    layer = Conv(np.ones((2, 1, 2), dtype=int), (1, 3), bias=[5, 7], order="HWC")
    assert layer.bias_vector == [5, 7, 5, 7]


def test_composition_matrix_is_the_product_and_bias_chains():
    first = Conv(kernel((2, 1, 2), "a:d"), (1, 4), bias=[1, 2])
    second = Conv(kernel((1, 2, 2), "e:h"), (2, 3), bias=[3])
    both = second @ first
    assert both.matrix() == second.matrix() * first.matrix()
    x = inputs((1, 4))
    assert [sympy.expand(v) for v in sympy.flatten(both.apply(x))] == \
        [sympy.expand(v) for v in sympy.flatten(second.apply(first.apply(x)))]
    with pytest.raises(TypeError, match=r"^kernel entry a is not a number"):
        both.to_scipy()  # symbolic kernels have no numeric form


def test_composed_numeric_forms():
    first = Conv([[[1, 2]]], (1, 4))
    second = Conv([[[3, -1]]], (1, 3))
    both = second @ first
    assert np.array_equal(both.to_scipy().toarray(), np.array(both.matrix(), dtype=np.int64))
    v = np.arange(4.0)
    assert np.allclose(both.as_linear_operator().matvec(v), both.to_scipy() @ v)


def test_transposed_output_size_follows_pytorch():
    layer = ConvTranspose(np.ones((2, 3, 3, 3), dtype=int), (2, 4, 5), stride=2, padding=1, output_padding=1,
                          dilation=(1, 2))
    assert layer.output_shape == (3, (4 - 1) * 2 - 2 + 2 + 1 + 1, (5 - 1) * 2 - 2 + 2 * 2 + 1 + 1)


@pytest.mark.parametrize(
    "layer",
    [
        Conv(np.ones((2, 1, 3, 2), dtype=int), (1, 7, 6), stride=(2, 3), padding=((1, 2), (0, 1)), dilation=(2, 1)),
        Conv(np.ones((1, 1, 4), dtype=int), (1, 9), padding="same"),
        ConvTranspose(np.ones((1, 2, 3, 3), dtype=int), (1, 4, 5), stride=(2, 3), padding=1, output_padding=(1, 2)),
    ],
    ids=["conv", "same", "transposed"],
)
def test_printed_size_formulas_evaluate_to_the_output_shape(layer):
    """Each printed formula, recomputed from its own numbers, gives the size of the built matrix."""
    import re

    for axis, line in enumerate(layer.size_formulas()):
        left, right = line.split(" = ", 1)[1].rsplit(" = ", 1)
        numbers = [int(v) for v in re.findall(r"\d+", left)]
        if left.startswith("floor"):
            n, before, after, d, k, one_a, one_b, s, one_c = numbers
            value = (n + before + after - d * (k - one_a) - one_b) // s + one_c
        else:
            n, one_a, s, two, p, d, k, one_b, op, one_c = numbers
            value = (n - one_a) * s - two * p + d * (k - one_b) + op + one_c
        assert value == int(right) == layer.output_shape[axis + 1]
    assert layer.matrix_shape[0] == int(np.prod(layer.output_shape))
