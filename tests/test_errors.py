"""Bad input gets a clear error that names the argument, its value and the rule; never a wrong matrix."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from symconv import (
    Conv,
    ConvTranspose,
    EntryError,
    LayerError,
    ShapeError,
    SizeError,
    SymconvError,
    inputs,
    kernel,
)

K = [[[[1, 2], [3, 4]]]]  # 1x1x2x2


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Conv(K, (2, 3, 3)), ShapeError,
         r"^kernel has 1 input channel\(s\) per group .* input_shape\[0\] == 1\*1$"),
        (lambda: Conv(K, (1, 1, 3)), LayerError, r"^kernel does not fit: axis 0 has input size 1 \+ padding 0\+0"),
        (lambda: Conv([[1, 2]], (1, 3)), ShapeError, r"^kernel has shape \(1, 2\) \(2 dimensions\); expected"),
        (lambda: Conv(K, (1, 3)), ShapeError, r"^input_shape \(1, 3\) has 1 spatial dimension\(s\) but kernel"),
        (lambda: Conv(K, (1, 3, 3, 3, 3)), ShapeError, r"^input_shape \(1, 3, 3, 3, 3\) has 5 dimensions"),
        (lambda: Conv([[[]]], (1, 3)), ShapeError, r"^kernel has an empty dimension: shape \(1, 1, 0\)"),
        (lambda: Conv(K, (1, 0, 3)), ShapeError, r"^input_shape must hold positive integers, got \(1, 0, 3\)"),
        (lambda: Conv(K, (1, 2.5, 3)), ShapeError, r"^input_shape must hold positive integers, got \(1, 2.5, 3\)"),
        (lambda: Conv(K, "1x3x3"), ShapeError,
         r"^input_shape must be a list or tuple of positive integers, got a str '1x3x3'"),
        (lambda: Conv([[[1, 2], [3]]], (1, 3)), ShapeError, r"^kernel is ragged: element \[0, 1\] has length 1"),
        (lambda: Conv([[["a", "b"]]], (1, 3)), EntryError, r"^kernel entry 'a' is a str; expected a number or a "
                                                           r"SymPy expression \(use sympy.Symbol"),
        (lambda: Conv([[[None, 1]]], (1, 3)), EntryError, r"^kernel entry None is a NoneType"),
        (lambda: Conv([[[True, 1]]], (1, 3)), EntryError, r"^kernel entry True is a bool"),
        (lambda: Conv([[[float("nan"), 1]]], (1, 3)), EntryError, r"^kernel entry nan is not finite"),
        (lambda: Conv([[[sympy.oo, 1]]], (1, 3)), EntryError, r"^kernel entry oo is not finite"),
        (lambda: Conv([[[sympy.Eq(1, 1), 1]]], (1, 3)), EntryError, r"^kernel entry True is a SymPy BooleanTrue"),
        (lambda: Conv(K, (1, 3, 3), stride=0), LayerError, r"^stride must be >= 1 in every dimension, got 0$"),
        (lambda: Conv(K, (1, 3, 3), dilation=(1, 0)), LayerError, r"^dilation must be >= 1 in every dimension"),
        (lambda: Conv(K, (1, 3, 3), stride=(1, 2, 3)), LayerError, r"^stride \(1, 2, 3\) has 3 entries; the layer "
                                                                  r"has 2 spatial dimension\(s\)$"),
        (lambda: Conv(K, (1, 3, 3), stride=1.5), LayerError, r"^stride must be an int or a tuple of 2 ints, got 1.5$"),
        (lambda: Conv(K, (1, 3, 3), padding=-1), LayerError, r"^padding must be >= 0, got -1$"),
        (lambda: Conv(K, (1, 3, 3), padding=((0, -1), 0)), LayerError, r"^padding must be >= 0 in every dimension"),
        (lambda: Conv(K, (1, 3, 3), padding="half"), LayerError, r"^padding 'half' is not known"),
        (lambda: Conv(K, (1, 3, 3), padding="same", stride=2), LayerError, r"^padding='same' needs stride 1"),
        (lambda: Conv(K, (1, 3, 3), padding=1, padding_mode="mirror"), LayerError,
         r"^padding_mode 'mirror' is not known; expected one of 'zeros', 'circular', 'reflect', 'replicate'$"),
        (lambda: Conv(K, (1, 3, 3), padding=3, padding_mode="reflect"), LayerError,
         r"^padding_mode='reflect' needs padding < input size, but axis 0 has padding \(3, 3\) and size 3$"),
        (lambda: Conv(K, (1, 3, 3), padding=4, padding_mode="circular"), LayerError,
         r"^padding_mode='circular' needs padding <= input size"),
        (lambda: Conv(K, (1, 3, 3), order="WHC"), LayerError, r"^order 'WHC' is not known; expected one of 'CHW', "
                                                             r"'HWC'$"),
        (lambda: Conv(K, (1, 3, 3), groups=0), LayerError, r"^groups must be an int >= 1, got 0$"),
        (lambda: Conv(np.ones((3, 1, 2, 2), dtype=int), (2, 3, 3), groups=2), LayerError,
         r"^groups=2 must divide both the 2 input channels and the 3 output channels$"),
        (lambda: Conv(K, (1, 3, 3), flip="yes"), LayerError, r"^flip must be True or False, got 'yes'$"),
        (lambda: Conv(K, (1, 3, 3), bias=[1, 2]), ShapeError, r"^bias has shape \(2,\); expected \(1,\)"),
        (lambda: Conv("abc", (1, 3)), ShapeError, r"^kernel must be array-like"),
        (lambda: ConvTranspose(K, (1, 3, 3), output_padding=1), LayerError,
         r"^output_padding \(1, 1\) must be smaller than stride or dilation, but axis 0 has output_padding 1, "
         r"stride 1, dilation 1$"),
        (lambda: ConvTranspose(K, (2, 3, 3)), ShapeError, r"^kernel has 1 input channel\(s\) \(its first axis"),
        (lambda: ConvTranspose(K, (1, 2, 2), padding=3), LayerError, r"^padding \(3, 3\) is too large: axis 0"),
        (lambda: ConvTranspose(K, (1, 3, 3), padding=-1), LayerError, r"^padding must be >= 0 in every dimension"),
        (lambda: Conv(K, (1, 3, 3)) @ Conv(K, (1, 3, 3)), LayerError,
         r"^layers do not chain: the first outputs shape \(1, 2, 2\) but the second expects input shape \(1, 3, 3\)$"),
        (lambda: Conv(K, (1, 3, 3)).apply([[1, 2, 3]]), ShapeError, r"^x has shape \(1, 3\); the layer expects "
                                                                   r"input_shape \(1, 3, 3\)$"),
        (lambda: kernel((2, 1, 2, 2), "a:c"), ShapeError, r"^names 'a:c' gives 3 names; the shape needs 8$"),
        (lambda: kernel((1, 1, 2), ["a", "a"]), ShapeError, (
            r"^names \['a', 'a'\] repeats the name a; every entry needs its own symbol$")),
        (lambda: kernel((1, 1, 2), "a;b"), ShapeError, (
            r"^names item 'a;b' is neither a name \(a, w1, x_0, K_\{0,1\}\) nor a range \(a:h, w0:8\); "
            r"it holds ';'$")),
        (lambda: inputs((0, 3)), ShapeError, r"^shape must hold positive integers"),
        (lambda: Conv(kernel((1, 1, 2)), (1, 3)).to_scipy(), EntryError,
         r"^kernel entry K\[0, 0, 0\] is not a number; numeric matrices need a numeric kernel"),
    ],
)
def test_bad_input_raises_a_clear_error(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_errors_are_also_the_matching_builtins():
    assert issubclass(LayerError, ValueError) and issubclass(ShapeError, ValueError)
    assert issubclass(EntryError, TypeError) and issubclass(SizeError, ValueError)
    for cls in (LayerError, ShapeError, EntryError, SizeError):
        assert issubclass(cls, SymconvError)


def test_to_numpy_refuses_a_huge_dense_matrix_unless_forced(monkeypatch):
    import symconv.numeric

    monkeypatch.setattr(symconv.numeric, "MAX_DENSE_NUMPY", 10)
    layer = Conv(K, (1, 3, 3))
    with pytest.raises(SizeError, match=r"^M \(4x9\) has 36 entries, more than the limit of MAX_DENSE_NUMPY = 10; "
                                        r"use to_scipy"):
        layer.to_numpy()
    assert layer.to_numpy(force=True).shape == (4, 9)


def test_printing_a_large_matrix_needs_force():
    layer = Conv(np.ones((1, 1, 3, 3), dtype=int), (1, 100, 100))
    derivation = layer.derive(np.zeros((1, 100, 100), dtype=int))
    with pytest.raises(SizeError, match=r"^the matrix block \(M, 9604x10000\) has 96,040,000 entries, more than "
                                        r"the limit of MAX_PRINTED_ENTRIES = 10,000; pass force=True"):
        derivation.text()
    assert derivation.text(blocks=["expansion"]).startswith("y' = M x' (9604):\n[0*1+0*1")


def test_exact_numbers_are_kept_exact():
    layer = Conv([[[Fraction(1, 3), 0.5, np.int64(2)]]], (1, 3))
    assert layer.kernel_entries == (sympy.Rational(1, 3), sympy.Rational(1, 2), sympy.Integer(2))
