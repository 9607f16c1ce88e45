"""One neuron: its row equals the row of matrix(), its expression the row of derive(x), its receptive field the window.

The receptive field is checked against coordinates computed here from the layer's own
arguments (output position times stride, plus tap times dilation, minus padding), and
what a tap in the padding reads against numpy's padding of an index array.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, LayerError, inputs, kernel
from symconv.examples import EXAMPLE_INPUT, example_layer
from symconv.printing.text import TEXT_STYLE

from .latex_check import compile_latex
from .oracle import NP_PAD_MODE
from .test_formula import products
from .test_oracle import conv_cases, transpose_cases


def expected_field(layer, options, position):
    """Every (channel, padded coordinates) a forward window covers, and what numpy's padding reads there."""
    u, *out = position
    kernel_size = layer.kernel_shape[2:]
    c_group = layer.kernel_shape[1]
    group = u // (layer.output_shape[0] // options["groups"])
    sizes = layer.input_shape[1:]
    field = {}
    for c in range(c_group):
        channel = group * c_group + c
        for window in itertools.product(*map(range, kernel_size)):
            padded = tuple(o * s + t * d - before for o, s, t, d, (before, _) in
                           zip(out, options["stride"], window, options["dilation"], options["padding"]))
            inside = all(0 <= p < n for p, n in zip(padded, sizes))
            if inside:
                reads = padded
            elif options["padding_mode"] == "zeros":
                reads = None
            else:
                reads = []
                for p, n, (before, after) in zip(padded, sizes, options["padding"]):
                    index = np.pad(np.arange(n), (before, after), mode=NP_PAD_MODE[options["padding_mode"]])
                    reads.append(int(index[p + before]))
                reads = tuple(reads)
            field.setdefault((channel, *padded), []).append(None if reads is None else (channel, *reads))
    return field


def check_row_and_expression(layer, position):
    neuron = layer.neuron(*position)
    M = layer.matrix()
    s = neuron.row
    assert neuron.row_vector == M[s, :]
    derivation = layer.derive()
    assert sympy.expand(neuron.expression - derivation.y_exprs[s]) == 0
    printed = neuron.text().splitlines()
    assert f"y'_{s} = m_{s} . x'" + (f" + b_{s}" if layer.bias is not None else "") + \
        f" = {derivation.rows(TEXT_STYLE)[s]}" in printed
    return neuron


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases(), st.data())
def test_a_neuron_of_a_convolution_is_its_row_of_M_and_its_window(case, data):
    layer, _, options = case
    position = tuple(data.draw(st.integers(0, size - 1)) for size in layer.output_shape)
    neuron = check_row_and_expression(layer, position)
    field = {}
    for tap in neuron.taps:
        field.setdefault(tap.coordinates, []).append(tap.reads)
    expected = expected_field(layer, options, position)
    assert field.keys() == expected.keys()
    assert all(sorted(field[key], key=str) == sorted(expected[key], key=str) for key in field)
    assert list(neuron.receptive_field) == sorted(field_tap.coordinates for field_tap in neuron.taps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transpose_cases(), st.data())
def test_a_neuron_of_a_transposed_convolution_is_its_row_of_M(case, data):
    layer = case[0]
    position = tuple(data.draw(st.integers(0, size - 1)) for size in layer.output_shape)
    neuron = check_row_and_expression(layer, position)
    assert all(not tap.in_padding for tap in neuron.taps)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(products(), st.data())
def test_a_neuron_of_a_product_is_its_row_of_M(layer, data):
    position = tuple(data.draw(st.integers(0, size - 1)) for size in layer.output_shape)
    check_row_and_expression(layer, position)


def test_the_worked_example_neuron_with_its_input():
    neuron = example_layer().neuron(1, 1, 1, x=EXAMPLE_INPUT)
    assert neuron.text() == (
        "The neuron (u, v, w) = (1, 1, 1): y'_7, the entry s = 7 of y' (row 7 of M, 8x9).\n"
        "Its receptive field, the input coordinates (i, j, k) of its 4 taps:\n"
        "(0, 1, 1), (0, 1, 2), (0, 2, 1), (0, 2, 2)\n"
        "m_7, row 7 of M:\n"
        "[0 0 0|0 e f|0 g h]\n"
        "y'_7 = m_7 . x' = 5e+6f+8g+9h\n"
        "the neuron's output, with an activation f: f(m_7 . x') = f(5e+6f+8g+9h)\n"
    )
    e, f, g, h = sympy.symbols("e:h")
    assert neuron.activation(lambda z: sympy.Max(z, 0)) == sympy.Max(5 * e + 6 * f + 8 * g + 9 * h, 0)
    assert neuron.expression == example_layer().derive(EXAMPLE_INPUT).y_exprs[7]


def test_padding_taps_say_what_they_read():
    zeros = Conv(kernel((1, 1, 3)), (1, 4), padding=1).neuron(0, 0)
    assert zeros.receptive_field == ((0, -1), (0, 0), (0, 1))
    assert zeros.padding_reads == {(0, -1): None}
    assert "(0, -1) -> 0, (0, 0), (0, 1)" in zeros.text()
    reflect = Conv(kernel((1, 1, 3)), (1, 4), padding=1, padding_mode="reflect").neuron(0, 3)
    assert reflect.padding_reads == {(0, 4): (0, 2)}
    assert "(0, 2), (0, 3), (0, 4) -> (0, 2)" in reflect.text()


def test_a_wide_row_lists_its_nonzero_entries():
    text = Conv(kernel((1, 1, 3, 3), "a:i"), (1, 10, 10)).neuron(0, 0, 0).text()
    assert "9 nonzero entries (column: entry): 0: a, 1: b, 2: c, 10: d," in text


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ((0, 1), r"^neuron \(0, 1\) is not an output position; expected 3 ints \(u, v, w\) with 0 <= u < 2, "),
        ((0, 2, 0), r"^neuron \(0, 2, 0\) is outside the output 2x2x2; expected 0 <= u < 2, 0 <= v < 2, 0 <= w < 2$"),
        ((0, 1.0, 0), r"^neuron \(0, 1.0, 0\) is not an output position"),
        ((True, 0, 0), r"^neuron \(True, 0, 0\) is not an output position"),
    ],
)
def test_a_neuron_outside_the_output_is_refused(position, message):
    with pytest.raises(LayerError, match=message):
        example_layer().neuron(*position)


def test_both_call_forms_and_a_given_symbolic_input():
    layer = example_layer()
    assert layer.neuron((0, 1, 1)) == layer.neuron(0, 1, 1)
    assert layer.neuron(0, 0, 0, x=inputs((1, 3, 3))).given


NEURON_LATEX = {
    "seed": lambda: example_layer().neuron(1, 1, 1, x=EXAMPLE_INPUT),
    "reflect-bias": lambda: Conv(kernel((1, 1, 3, 3)), (1, 4, 4), padding=1, padding_mode="reflect",
                                 bias=[7]).neuron(0, 0, 3),
    "wide": lambda: Conv(kernel((4, 4, 3, 3)), (4, 10, 10), padding=1).neuron(1, 0, 0),
    "grouped-3d": lambda: Conv(kernel((2, 1, 2, 2, 2)), (2, 3, 3, 3), groups=2).neuron(1, 1, 1, 1),
    "transposed": lambda: ConvTranspose(kernel((2, 1, 3, 3)), (2, 3, 3), stride=2, padding=1, groups=2).neuron(1, 2, 2),
    "product": lambda: (Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4))).neuron(0, 0),
}


@pytest.mark.latex
@pytest.mark.parametrize("name", sorted(NEURON_LATEX))
def test_neuron_latex_compiles_without_overfull_boxes(name, tmp_path):
    compile_latex(NEURON_LATEX[name]().latex(standalone=True), tmp_path)


def test_jupyter_shows_one_math_array():
    shown = example_layer().neuron(0, 0, 0)._repr_latex_()
    assert shown.startswith("$$\\begin{array}{l}") and shown.endswith("\\end{array}$$")
