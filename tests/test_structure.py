"""The block structure: M rebuilt from the blocks equals matrix(), and every claim about a level holds in M.

The claims are checked on M itself: for a one-channel 1-D layer with distinct kernel
symbols a_0, a_1, ..., the coefficient of a_p in M[v, j] says where tap p sits.
"""

from __future__ import annotations

import time

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, SizeError, kernel
from symconv.examples import example_layer

from .latex_check import compile_latex
from .test_formula import products
from .test_oracle import conv_cases, transpose_cases


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases())
def test_the_blocks_of_a_convolution_rebuild_M(case):
    layer = case[0]
    assert layer.structure().as_matrix() == layer.matrix()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transpose_cases())
def test_the_blocks_of_a_transposed_convolution_rebuild_M(case):
    layer = case[0]
    assert layer.structure().as_matrix() == layer.matrix()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(products())
def test_the_blocks_of_a_product_rebuild_M(layer):
    assert (layer.structure().as_matrix() - layer.matrix()).applyfunc(sympy.expand).is_zero_matrix


def coefficient(M, v, j, symbol):
    return sympy.expand(M[v, j]).coeff(symbol)


@st.composite
def one_axis(draw):
    mode = draw(st.sampled_from(["zeros", "circular", "reflect", "replicate"]))
    n, k = draw(st.integers(2, 8)), draw(st.integers(1, 4))
    stride, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    limit = {"zeros": 3, "circular": n, "reflect": n - 1, "replicate": 3}[mode]
    before, after = draw(st.integers(0, limit)), draw(st.integers(0, limit))
    if n + before + after < dilation * (k - 1) + 1:
        before = after = 0
        n = dilation * (k - 1) + 1 + draw(st.integers(0, 2))
        if mode == "reflect":
            mode = "replicate"
    return Conv(kernel((1, 1, k), [f"a{p}" for p in range(k)]), (1, n), stride=stride, dilation=dilation,
                padding=((before, after),), padding_mode=mode, flip=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(one_axis())
def test_what_a_level_is_said_to_be_holds_in_M(layer):
    band = layer.structure().bands[0]
    M = layer.matrix()
    m, n = M.shape
    taps = sympy.symbols(f"a0:{band.kernel}")
    folded = {}
    for row, tap, column in band.folded():
        folded[(row, tap, column)] = folded.get((row, tap, column), 0) + 1
    assert all(row in band.edge_rows() for row, _, _ in folded)
    for p, a in enumerate(taps):
        for v in range(m):
            for j in range(n):
                if band.pattern in ("circulant", "circulant rows"):
                    # row v is row (S v) mod n of the circulant with tap p on the cyclic diagonal offset(p) mod n
                    expected = int((j - (band.stride * v) % n) % n == band.offset(p) % n)
                else:
                    expected = int(j == band.stride * v + band.offset(p)) + folded.get((v, p, j), 0)
                assert coefficient(M, v, j, a) == expected, (band, p, v, j)
    if band.pattern == "circulant":
        assert m == n and band.stride == 1
        assert all(M[v, j] == M[(v + 1) % n, (j + 1) % n] for v in range(n) for j in range(n))
    if band.pattern == "toeplitz":
        assert all(M[v, j] == M[v + 1, j + 1] for v in range(m - 1) for j in range(n - 1)
                   if v + 1 not in band.edge_rows() and v not in band.edge_rows() or not band.folds)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2))
def test_a_transposed_level_holds_its_taps_where_it_says(n, k, stride, dilation, padding):
    full = (n - 1) * stride + dilation * (k - 1) + 1
    if full - 2 * padding < 1:
        padding = 0
    layer = ConvTranspose(kernel((1, 1, k), [f"a{p}" for p in range(k)]), (1, n), stride=stride,
                          dilation=dilation, padding=padding)
    band = layer.structure().bands[0]
    M = layer.matrix()
    assert band.pattern == ("toeplitz" if stride == 1 else "columns")
    for p, a in enumerate(sympy.symbols(f"a0:{k}")):
        for v in range(M.shape[0]):
            for j in range(M.shape[1]):
                assert coefficient(M, v, j, a) == int(v == stride * j + band.offset(p))


def test_the_worked_example_is_two_levels_of_toeplitz_blocks():
    text = example_layer().structure().text()
    assert "M_u =\n[A_u B_u   0]\n[  0 A_u B_u]\n" in text
    assert "A_0 =\n[a b 0]\n[0 a b]\nB_0 =\n[c d 0]\n[0 c d]\nA_1 =\n[e f 0]\n[0 e f]\nB_1 =\n[g h 0]\n[0 g h]" in text
    assert "Each channel block M_u is doubly block Toeplitz" in text
    assert "block Toeplitz: A_u on j - v = 0, B_u on j - v = 1" in text


@pytest.mark.parametrize(
    ("layer", "phrase"),
    [
        pytest.param(Conv(kernel((1, 1, 3)), (1, 5), padding=1, padding_mode="circular"),
                     "circulant: K_{u,i,0} on (j - v) mod 5 = 4", id="circular-same-size-is-circulant"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 5), padding=2, padding_mode="circular"),
                     "row v is row v mod 5 of the 5x5 circulant", id="circular-larger-output"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 6), stride=2, padding=1),
                     "rows 0, 2, 4, ... of a Toeplitz matrix (stride 2)", id="strided"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 6), dilation=2),
                     "(dilation 2: the taps' diagonals are 2 apart)", id="dilated"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 4), padding=1, padding_mode="replicate"),
                     "plus, only in the rows v = 0, 3 (whose windows reach into the padding)", id="replicate"),
        pytest.param(Conv(kernel((4, 1, 3)), (2, 4), groups=2),
                     "block diagonal over 2 groups: block (u, i) is zero unless u // 2 = i", id="groups"),
        pytest.param(ConvTranspose(kernel((1, 1, 2)), (1, 3), stride=2),
                     "columns 0, 2, 4, ... of a Toeplitz matrix (the transpose of a stride-2 band)", id="transposed"),
        pytest.param(Conv(kernel((2, 2, 2, 2)), (2, 3, 3), order="HWC"),
                     "M is doubly block Toeplitz over the positions, with blocks the DxC matrices of kernel entries",
                     id="hwc"),
    ],
)
def test_the_structure_says_what_each_option_does(layer, phrase):
    assert phrase in layer.structure().text()
    assert layer.structure().as_matrix() == layer.matrix()


def test_the_cost_does_not_grow_with_the_image():
    def timed(size):
        layer = Conv(kernel((16, 16, 3, 3)), (16, size, size), padding=1)
        start = time.perf_counter()
        text = layer.structure().text()
        return time.perf_counter() - start, text

    small, _ = timed(8)
    large, text = timed(224)
    assert large < 1.0 and large < 10 * small + 0.1
    assert "224x224 grid over the positions along H" in text


def test_as_matrix_refuses_a_huge_dense_matrix():
    with pytest.raises(SizeError, match=r"^the structure's dense matrix has "):
        Conv(kernel((16, 16, 3, 3)), (16, 224, 224), padding=1).structure().as_matrix()


STRUCTURE_LATEX = {
    "seed": example_layer,
    "strided-padded-dilated": lambda: Conv(kernel((2, 1, 3, 3)), (1, 7, 7), stride=2, padding=2, dilation=2),
    "grouped-reflect": lambda: Conv(kernel((4, 1, 3, 3)), (2, 5, 5), groups=2, padding=1, padding_mode="reflect"),
    "circular-hwc": lambda: Conv(kernel((2, 2, 3, 2)), (2, 5, 4), padding=(1, 0), padding_mode="circular",
                                 order="HWC"),
    "3d": lambda: Conv(kernel((1, 1, 2, 2, 2)), (1, 3, 3, 3)),
    "transposed": lambda: ConvTranspose(kernel((2, 1, 3, 3)), (2, 3, 3), stride=2, padding=1, groups=2),
    "product": lambda: Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4)),
    "large": lambda: Conv(kernel((16, 16, 3, 3)), (16, 224, 224), padding=1),
}


@pytest.mark.latex
@pytest.mark.parametrize("name", sorted(STRUCTURE_LATEX))
def test_structure_latex_compiles_without_overfull_boxes(name, tmp_path):
    compile_latex(STRUCTURE_LATEX[name]().structure().latex(standalone=True), tmp_path)


def test_jupyter_shows_one_math_array():
    shown = example_layer().structure()._repr_latex_()
    assert shown.startswith("$$\\begin{array}{l}") and shown.endswith("\\end{array}$$")


def test_folding_padding_is_not_called_toeplitz_overall():
    text = Conv(kernel((1, 1, 3, 3)), (1, 4, 4), padding=1, padding_mode="reflect").structure().text()
    assert "doubly block Toeplitz" not in text
    assert "a correction of rank at most 2" in text


def test_a_product_shows_each_factor_with_its_own_kernel():
    layer = Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4))
    text = layer.structure().text()
    assert text.startswith("M = M2 M1, a product of 2 layers; the blocks of each factor")
    assert "The factor M1 (3x4):" in text and "Toeplitz: K1_{u,i,0} on j - v = 0" in text
    assert "The factor M2 (2x3):" in text and "[1 -1  0]\n[0  1 -1]" in text
    assert r"The factor $M_{1}$" in layer.structure().latex()
