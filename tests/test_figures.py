"""The picture test: what a figure highlights and labels is the layer's, read from the figure's own data.

The model and the scene (which every format paints) are checked against independent
sources: the labelled cells of M are M's nonzeros, compared with the direct
sliding-window sum of tests/oracle.py and with the text printer's M; the highlighted
input cells are the window of the chosen output, compared with the definition
(o*s + t*d - p, or the stretched input of a transposed convolution) and with the columns
of its row of M; the caption is the derivation's row. Every renderer draws that scene,
so this proves every format (tests/test_figure_formats.py checks the files themselves).
"""

from __future__ import annotations

import pytest

from symconv import Conv, kernel
from symconv.figures import FigureError, build_model, figure, format_of, palette
from symconv.figures.model import MAX_FIGURE_CELLS, all_neurons
from symconv.figures.scene import build_scene, split_terms, wrap_expression
from symconv.printing.text import TEXT_STYLE

from .figure_cases import CASES


def every_neuron(name):
    case = CASES[name]
    layer = case.layer()
    return case, layer, all_neurons(layer, case.x)


# -- the picture test ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CASES)
def test_labelled_cells_of_m_are_its_nonzeros(name):
    case = CASES[name]
    layer = case.layer()
    model = build_model(layer, kind="both", neuron=case.neuron, x=case.x)
    labelled = {(cell.row, cell.column): cell.value for cell in model.matrix.cells}
    assert labelled == case.oracle_matrix()
    dense = layer.matrix()
    assert labelled == {(r, c): dense[r, c] for r in range(dense.rows) for c in range(dense.cols) if dense[r, c] != 0}
    # the scene draws each of them, with the printer's label and the kernel entry's colour
    scene = build_scene(model)
    drawn = {box.key: box for box in scene.find("matrix")}
    assert set(drawn) == set(labelled)
    for cell in model.matrix.cells:
        assert drawn[(cell.row, cell.column)].label.text == layer.derive().blocks()["matrix"].split("\n")[
            cell.row + 1].strip("[]").replace("|", " ").split()[cell.column]
        assert drawn[(cell.row, cell.column)].fill == palette.kernel_colour(cell.colour)


@pytest.mark.parametrize("name", CASES)
def test_highlighted_cells_are_the_window_of_the_output(name):
    case, layer, neurons = every_neuron(name)
    model = build_model(layer, kind="window", x=case.x)
    for neuron in neurons:
        covered = {(tap.channel, tap.padded) for tap in neuron.taps}
        assert covered == case.expected_window(neuron.channel, neuron.position)
        # the cells that hold an input are exactly the columns of row s of M (its receptive field)
        read = {tap.column for tap in neuron.taps if tap.column is not None}
        assert read == {cell.column for cell in neuron.matrix_row} == set(layer.pattern.window(neuron.row).columns())
        for tap in neuron.taps:
            cell = model.window.input_cell(tap.channel, tap.padded)
            assert cell.column == tap.column
            assert (tap.column is None) == (cell.kind != "input" and cell.source is None)


@pytest.mark.parametrize("name", CASES)
def test_the_scene_highlights_the_window_and_the_output_and_shows_its_row(name):
    case, layer, neurons = every_neuron(name)
    rows = layer.derive(case.x).rows(TEXT_STYLE)
    for neuron in neurons[:: max(1, len(neurons) // 4)]:
        model = build_model(layer, kind="both", neuron=neuron.row, x=case.x)
        scene = build_scene(model)
        lit = {box.key for box in scene.find("input") if box.stroke == palette.HIGHLIGHT}
        assert lit == {(tap.channel, tap.padded) for tap in neuron.taps}
        assert [box.key for box in scene.find("output") if box.stroke == palette.HIGHLIGHT] == [neuron.row]
        assert [box.key for box in scene.find("highlight-row")] == [neuron.row]
        caption = next(text for text in scene.texts if text.role == "caption")
        assert "".join(line.text for line in caption.lines) == f"{neuron.name.text} = y'_{neuron.row} = " \
            + rows[neuron.row]


def test_each_window_cell_is_coloured_as_the_kernel_entry_over_it():
    case = CASES["worked example"]
    model = build_model(case.layer(), kind="window", neuron=(1, 1, 0), x=case.x)
    scene = build_scene(model)
    lit = {box.label.text: box.fill for box in scene.find("input") if box.stroke == palette.HIGHLIGHT}
    colours = {box.label.text: box.fill for box in scene.find("kernel")}
    assert lit == {"4": colours["e"], "5": colours["f"], "7": colours["g"], "8": colours["h"]}


def test_a_transposed_window_is_the_flipped_kernel_over_the_stretched_input():
    layer = CASES["transposed"].layer()
    model = build_model(layer, kind="window", neuron=(0, 1, 1))
    grid = model.window.inputs[0]
    kinds = {cell.padded: cell.kind for cell in grid.cells}
    assert [kinds[(0, c)] for c in range(-1, 4)] == ["padding", "input", "inserted", "input", "padding"]
    assert [kinds[(1, c)] for c in range(-1, 4)] == ["padding", "inserted", "inserted", "inserted", "padding"]
    names = {(tap.padded): str(layer.summary().kernel[tap.kernel_index]) for tap in model.window.neuron.taps}
    assert names == {(0, 0): "i", (0, 1): "h", (0, 2): "g", (1, 0): "f", (1, 1): "e", (1, 2): "d",
                     (2, 0): "c", (2, 1): "b", (2, 2): "a"}
    assert model.window.neuron.expression.text == "i*x_{0,0,0}+g*x_{0,0,1}+c*x_{0,1,0}+a*x_{0,1,1}"


def test_padding_cells_show_what_the_padding_mode_puts_there():
    model = build_model(CASES["1-D, reflect padding"].layer(), kind="window", x=[[1, 2, 3, 4, 5, 6]])
    row = [(cell.padded[0], cell.kind, cell.label.text) for cell in model.window.inputs[0].cells]
    assert row[0] == (-1, "padding", "2") and row[-1] == (6, "padding", "5")
    zeros = build_model(Conv([[[1, 1, 1]]], (1, 3), padding=1), kind="window", x=[[7, 8, 9]])
    assert [cell.label.text for cell in zeros.window.inputs[0].cells] == ["0", "7", "8", "9", "0"]


def test_labels_are_dropped_above_a_size_but_colours_kept():
    layer = Conv(kernel((1, 1, 3, 3), "a:i"), (1, 20, 20), padding=1)  # M is 400 x 400
    scene = build_scene(build_model(layer, kind="matrix"))
    cells = scene.find("matrix")
    assert len(cells) == layer.pattern.nnz
    assert all(box.font == 0 for box in cells)
    assert {box.fill for box in cells} == {palette.kernel_colour(i) for i in range(9)}
    legend = [text for text in scene.texts if text.role == "legend"]
    assert [line.text for text in legend for line in text.lines] == list("abcdefghi")


def test_a_figure_fits_the_width_asked_for():
    for width in (3.0, 4.5, 6.5):
        scene = figure(CASES["grouped"].layer(), width=width).scene
        assert scene.size_inches[0] <= width + 1e-9


def test_long_expressions_wrap_between_terms():
    label = build_model(Conv(kernel((1, 1, 5, 5)), (1, 5, 5)), kind="window").window.neuron.expression
    lines = wrap_expression(label, 40)
    assert len(lines) > 1
    assert "".join(line.text for line in lines) == label.text
    assert "".join(line.latex for line in lines) == label.latex
    assert split_terms("-1a+2b-3c", spaced=False) == ["-1a", "+2b", "-3c"]


# -- errors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kind": "grid"}, r"^kind 'grid' is not a figure kind; expected one of matrix, window, both$"),
        ({"neuron": (0, 2, 0)},
         r"^neuron \(0, 2, 0\) is outside the output of shape \(2, 2, 2\); expected \(u, v, w\) with 0 <= u < 2"),
        ({"neuron": 8}, r"^neuron 8 is not a row of M; expected 0 <= s < 8$"),
        ({"neuron": "0,1"}, r"^neuron '0,1' is not an output; expected its coordinates"),
        ({"width": 0.5}, r"^width 0.5 is not a width in inches; expected a number from 1 to 40$"),
    ],
)
def test_bad_options_name_the_argument(options, message):
    with pytest.raises(FigureError, match=message):
        figure(CASES["worked example"].layer(), **options)


def test_a_product_of_layers_is_drawn_as_its_matrix_only():
    product = Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4))
    assert figure(product, kind="matrix").model.matrix.shape == (2, 4)
    with pytest.raises(FigureError, match="^a product of layers has no single sliding window"):
        figure(product)


def test_a_huge_figure_needs_force():
    layer = Conv(kernel((8, 8, 3, 3)), (8, 32, 32), padding=1)
    with pytest.raises(ValueError, match=f"^the figure has .* cells, more than the limit of MAX_FIGURE_CELLS = "
                                         f"{MAX_FIGURE_CELLS:,}; pass force=True"):
        figure(layer, kind="matrix")


def test_a_huge_page_needs_force():
    layer = Conv(kernel((16, 3, 3, 3)), (3, 32, 32), padding=1)
    drawing = figure(layer, kind="window")
    with pytest.raises(ValueError, match="^the interactive page has 424,128 terms .*, more than the limit of "
                                         "MAX_PAGE_TERMS = 250,000; pass force=True"):
        drawing.to_html()


def test_force_reaches_the_expansion_behind_a_window(monkeypatch):
    import symconv.expansion

    monkeypatch.setattr(symconv.expansion, "MAX_TERMS", 100)  # a small layer stands for one above the limit
    layer = Conv(kernel((1, 1, 3, 3)), (1, 12, 12))  # 900 terms
    with pytest.raises(ValueError, match="more than the limit of MAX_TERMS = 100"):
        build_model(layer, kind="window")
    model = build_model(layer, kind="window", force=True)
    v, w = divmod(model.window.neuron.row, 10)
    assert model.window.neuron.expression.text == "+".join(
        f"K_{{0,0,{p},{q}}}*x_{{0,{v + p},{w + q}}}" for p in range(3) for q in range(3))
    assert len(all_neurons(layer, force=True)) == 100


def test_the_format_follows_the_suffix():
    assert [format_of(f"f.{s}") for s in ("png", "SVG", "pdf", "tex", "gif", "mp4", "html")] == \
        ["png", "svg", "pdf", "tex", "gif", "mp4", "html"]
    with pytest.raises(FigureError, match=r"^cannot tell the format of 'f\.jpeg' from its suffix '\.jpeg'"):
        format_of("f.jpeg")
