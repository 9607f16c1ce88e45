"""The seed's worked example comes out of symconv character for character."""

from __future__ import annotations

import pathlib

import pytest
import sympy

from symconv import Conv, kernel
from symconv.cli import main
from symconv.derivation import EXAMPLE_BLOCKS
from symconv.examples import EXAMPLE_INPUT, example_derivation

GOLDEN = pathlib.Path(__file__).parent / "golden"


def seed_block(name: str) -> str:
    """A block copied from the seed's text (tests/golden/seed_<name>.txt)."""
    return (GOLDEN / f"seed_{name}.txt").read_text().rstrip("\n")


@pytest.mark.parametrize("name", EXAMPLE_BLOCKS)
def test_each_block_equals_the_seed(name):
    assert example_derivation().blocks()[name] == seed_block(name)


def test_the_text_derivation_holds_the_six_seed_blocks_in_order():
    text = example_derivation().text()
    positions = [text.index(seed_block(name)) for name in EXAMPLE_BLOCKS]
    assert positions == sorted(positions)


def test_the_whole_text_is_stable_byte_for_byte():
    assert example_derivation().text() == (GOLDEN / "example.txt").read_text()


def test_the_whole_latex_is_stable_byte_for_byte():
    assert example_derivation().latex(standalone=True) == (GOLDEN / "example.tex").read_text()


def test_symconv_example_prints_the_derivation(capsys):
    assert main(["example"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "example.txt").read_text()


def test_symconv_example_latex_prints_the_latex_derivation(capsys):
    assert main(["example", "--latex", "--standalone"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "example.tex").read_text()


def test_the_seed_matrix_is_the_sympy_matrix_of_the_seed():
    a, b, c, d, e, f, g, h = sympy.symbols("a:h")
    expected = sympy.Matrix(
        [
            [a, b, 0, c, d, 0, 0, 0, 0],
            [0, a, b, 0, c, d, 0, 0, 0],
            [0, 0, 0, a, b, 0, c, d, 0],
            [0, 0, 0, 0, a, b, 0, c, d],
            [e, f, 0, g, h, 0, 0, 0, 0],
            [0, e, f, 0, g, h, 0, 0, 0],
            [0, 0, 0, e, f, 0, g, h, 0],
            [0, 0, 0, 0, e, f, 0, g, h],
        ]
    )
    assert Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).matrix() == expected


def test_apply_equals_the_seed_output_and_m_times_x():
    layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    a, b, c, d, e, f, g, h = sympy.symbols("a:h")
    y = layer.apply(EXAMPLE_INPUT)
    assert y.shape == (2, 2, 2)
    assert y[0, 0, 0] == a + 2 * b + 4 * c + 5 * d
    assert y[1, 1, 1] == 5 * e + 6 * f + 8 * g + 9 * h
    x_flat = sympy.Matrix(list(range(1, 10)))
    assert list(layer.matrix() * x_flat) == list(sympy.flatten(y))


def test_the_seed_general_formula_slip_is_caught():
    """The seed writes M[s,t] = K[s,i,v-j,w-k]; its own example needs K[u,i,j-v,k-w]."""
    layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    M = layer.matrix()
    K = layer.kernel
    H = W = 3
    Hp = Wp = 2

    def seed_formula(s, t, corrected):
        u, v, w = s // (Hp * Wp), (s // Wp) % Hp, s % Wp
        i, j, k = t // (H * W), (t // W) % H, t % W
        p, q = (j - v, k - w) if corrected else (v - j, w - k)
        channel = u if corrected else s
        if 0 <= p < 2 and 0 <= q < 2 and channel < 2:
            return K[channel, i, p, q]
        return 0

    corrected = sympy.Matrix(8, 9, lambda s, t: seed_formula(s, t, True))
    as_written = sympy.Matrix(8, 9, lambda s, t: seed_formula(s, t, False))
    assert corrected == M
    assert as_written != M
