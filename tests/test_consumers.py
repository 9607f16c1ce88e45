"""Every consumer of the index pattern agrees with the independent oracle, on layers that exercise every rule.

One small layer per geometry rule (stride, dilation, padding given each way, each padding
mode, flip, groups, HWC order, bias, transposed), and one test per consumer: the SymPy
matrix, the expansion, the affine matrix, the CSR matrix, the LinearOperator, the text
printer (rows read back) and the windows of single outputs. ``tools/mutations.py
--per-consumer`` breaks each rule in turn and checks that every consumer's test fails.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symconv import Conv, ConvTranspose, inputs

from .oracle import conv_direct, conv_transpose_direct, flatten
from .termparser import parse_row

RNG = np.random.default_rng(7)


def weights(shape):
    values = RNG.integers(-3, 4, size=shape)
    values[values == 0] = 5  # no zero entries: a moved tap always shows
    return values


CONV = {
    # name: (kernel shape, input shape, options as the user writes them, oracle padding pairs)
    "stride": ((2, 1, 2, 3), (1, 5, 7), {"stride": (2, 3)}, ((0, 0), (0, 0))),
    "dilation": ((1, 2, 2, 2), (2, 5, 6), {"dilation": (2, 3)}, ((0, 0), (0, 0))),
    "padding pairs": ((1, 1, 3), (1, 5), {"padding": ((2, 1),)}, ((2, 1),)),
    "padding same": ((2, 1, 4, 2), (1, 5, 4), {"padding": "same"}, ((1, 2), (0, 1))),
    "padding full": ((1, 1, 3), (1, 4), {"padding": "full"}, ((2, 2),)),
    "circular": ((1, 1, 3, 3), (1, 4, 4), {"padding": 2, "padding_mode": "circular"}, ((2, 2), (2, 2))),
    "reflect": ((1, 1, 3), (1, 5), {"padding": 2, "padding_mode": "reflect"}, ((2, 2),)),
    "replicate": ((1, 1, 2, 3), (1, 3, 4), {"padding": (1, 2), "padding_mode": "replicate"}, ((1, 1), (2, 2))),
    "flip": ((2, 1, 2, 3), (1, 3, 4), {"flip": True}, ((0, 0), (0, 0))),
    "groups": ((4, 1, 3), (2, 5), {"groups": 2, "stride": 2}, ((0, 0),)),
    "groups 3-d": ((2, 2, 2, 1, 2), (4, 3, 2, 3), {"groups": 2}, ((0, 0), (0, 0), (0, 0))),
    "hwc": ((2, 3, 2, 2), (3, 3, 3), {"order": "HWC", "padding": 1}, ((1, 1), (1, 1))),
    "hwc bias": ((3, 2, 2), (2, 4), {"order": "HWC", "bias": [1, -2, 3]}, ((0, 0),)),
    "bias": ((2, 1, 2, 2), (1, 3, 3), {"bias": [4, -1]}, ((0, 0), (0, 0))),
}

TRANSPOSE = {
    "transposed": ((2, 1, 3), (2, 3), {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}),
    "transposed 2-d dilation hwc": ((1, 2, 2, 2), (1, 2, 3), {"dilation": (2, 1), "order": "HWC", "bias": [1, 2]}),
}

CASES = sorted(CONV) + sorted(TRANSPOSE)


def build(name):
    """(layer with a numeric kernel, the same layer with the kernel as symbols, oracle(x) -> y, with bias)."""
    if name in CONV:
        kernel_shape, input_shape, options, pairs = CONV[name]
        kernel = weights(kernel_shape)
        layer = Conv(kernel, input_shape, **options)
        symbols = sympy.symbols(f"k0:{kernel.size}")
        symbolic = Conv(np.array(symbols, dtype=object).reshape(kernel_shape), input_shape, **options)

        def oracle(x, entries, with_bias=True):
            ndim = len(input_shape) - 1
            return conv_direct(entries, x, stride=_per_axis(options.get("stride", 1), ndim), padding=pairs,
                               dilation=_per_axis(options.get("dilation", 1), ndim),
                               groups=options.get("groups", 1), padding_mode=options.get("padding_mode", "zeros"),
                               flip=options.get("flip", False), bias=options.get("bias") if with_bias else None)
    else:
        kernel_shape, input_shape, options = TRANSPOSE[name]
        kernel = weights(kernel_shape)
        layer = ConvTranspose(kernel, input_shape, **options)
        symbols = sympy.symbols(f"k0:{kernel.size}")
        symbolic = ConvTranspose(np.array(symbols, dtype=object).reshape(kernel_shape), input_shape, **options)

        def oracle(x, entries, with_bias=True):
            ndim = len(input_shape) - 1
            return conv_transpose_direct(entries, x, stride=_per_axis(options.get("stride", 1), ndim),
                                         padding=_per_axis(options.get("padding", 0), ndim),
                                         output_padding=_per_axis(options.get("output_padding", 0), ndim),
                                         dilation=_per_axis(options.get("dilation", 1), ndim),
                                         groups=options.get("groups", 1),
                                         bias=options.get("bias") if with_bias else None)
    order = options.get("order", "CHW")
    return layer, symbolic, kernel, np.array(symbols, dtype=object).reshape(kernel_shape), oracle, order


def _per_axis(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


def _same(a, b):
    return all(sympy.expand(p - q) == 0 for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("name", CASES)
def test_sympy_matrix(name):
    _, symbolic, _, entries, oracle, order = build(name)
    x = np.array(inputs(symbolic.input_shape).tolist(), dtype=object)
    product = symbolic.matrix() * sympy.Matrix(flatten(x, order))
    assert _same(product, flatten(oracle(x, entries, with_bias=False), order))


@pytest.mark.parametrize("name", CASES)
def test_expansion(name):
    _, symbolic, _, entries, oracle, order = build(name)
    x = np.array(inputs(symbolic.input_shape).tolist(), dtype=object)
    assert _same(symbolic.derive().y_exprs, flatten(oracle(x, entries), order))


@pytest.mark.parametrize("name", CASES)
def test_affine_matrix(name):
    _, symbolic, _, entries, oracle, order = build(name)
    x = np.array(inputs(symbolic.input_shape).tolist(), dtype=object)
    homogeneous = symbolic.affine_matrix() * sympy.Matrix([*flatten(x, order), 1])
    assert _same(homogeneous, [*flatten(oracle(x, entries), order), 1])


@pytest.mark.parametrize("name", CASES)
def test_csr(name):
    layer, _, kernel, _, oracle, order = build(name)
    x = RNG.integers(-4, 5, size=layer.input_shape)
    expected = np.array(flatten(oracle(np.array(x, dtype=object), np.array(kernel, dtype=object), with_bias=False),
                                order), dtype=np.int64)
    assert np.array_equal(layer.to_scipy() @ np.array(flatten(x, order), dtype=np.int64), expected)


@pytest.mark.parametrize("name", CASES)
def test_linear_operator(name):
    layer, _, kernel, _, oracle, order = build(name)
    x = RNG.integers(-4, 5, size=layer.input_shape)
    expected = np.array(flatten(oracle(np.array(x, dtype=object), np.array(kernel, dtype=object), with_bias=False),
                                order), dtype=np.float64)
    operator = layer.as_linear_operator()
    x_flat = np.array(flatten(x, order), dtype=np.float64)
    assert np.array_equal(operator.matvec(x_flat), expected)
    v = RNG.integers(-4, 5, size=expected.size).astype(np.float64)
    assert operator.rmatvec(v) @ x_flat == v @ expected


@pytest.mark.parametrize("name", CASES)
def test_text_printer(name):
    """The printed expansion, read back by an independent parser, is the oracle's output."""
    _, symbolic, _, entries, oracle, order = build(name)
    x_values = RNG.integers(1, 9, size=symbolic.input_shape)
    x = np.array([sympy.Integer(int(v)) for v in x_values.ravel()], dtype=object).reshape(x_values.shape)
    rows = symbolic.derive(x).blocks()["expansion"][1:-1].split(", ")
    names = {str(s): s for s in entries.ravel()}
    assert _same([parse_row(row, names) for row in rows], flatten(oracle(x, entries), order))


@pytest.mark.parametrize("name", CASES)
def test_windows(name):
    """Each output's window reads the columns and kernel entries that the oracle's output depends on."""
    _, symbolic, _, entries, oracle, order = build(name)
    x = np.array(inputs(symbolic.input_shape).tolist(), dtype=object)
    x_flat = flatten(x, order)
    outputs = flatten(oracle(x, entries, with_bias=False), order)
    flat_kernel = list(entries.ravel())
    for row, expected in enumerate(outputs):
        window = symbolic.pattern.window(row)
        rebuilt = sympy.Add(*[flat_kernel[t.kernel_index] * x_flat[t.column] for t in window.taps
                              if t.column is not None])
        assert sympy.expand(rebuilt - expected) == 0, row
