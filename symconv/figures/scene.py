r"""Where everything of a figure goes: a :class:`~symconv.figures.model.FigureModel` laid out as boxes, lines and texts.

The scene is the one layout every format paints (matplotlib for PNG/SVG/PDF and the
animation, TikZ, the SVG of the interactive page): positions are in *cells* (one cell
of a grid is 1 x 1, x to the right, y downwards) and :attr:`Scene.unit` says how many
points a cell is, chosen so that the figure fits the width asked for (a book page by
default) and stays below :data:`MAX_HEIGHT_IN`. Fonts and line widths are in points,
so they keep their size whatever the scale: labels that would be smaller than
:data:`MIN_LABEL_PT` are left out (their cells keep their colours).

Every box keeps a ``role`` and a ``key`` saying what it shows (``("matrix", (s, t))``
for ``M[s, t]``, ``("input", (i, padded))`` for an input cell, ...), so a test can read
what a picture highlights and labels from its scene.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from . import palette
from .model import FigureModel, InputCell, Label, MatrixCell, MatrixView, Neuron, WindowView

TITLE_PT = 9.0
"""Titles and the caption (a book's caption size)."""
SUBTITLE_PT = 7.0
"""Channel and slice names, indices along M."""
MAX_LABEL_PT = 9.0
MIN_LABEL_PT = 4.0
"""A cell label smaller than this is left out; the cell keeps its colour."""
MAX_UNIT_PT = 20.0
"""The largest cell, in points."""
DEFAULT_WIDTH_IN = 4.5
"""The default width of a figure: it fits the text width of a book or an ``article`` page."""
MAX_HEIGHT_IN = 7.0
"""A figure is scaled down to stay below this height (an ``article`` page's text height is about 7.6 in)."""
MAX_LEGEND = 32
"""A legend with more entries than this is replaced by one line saying what the colours are."""
MARGIN_PT = 4.0
"""White space around a figure."""
CHAR_WIDTH = 0.6
"""The width of a character, in ems (an estimate on the safe side, used for layout)."""


@dataclass(frozen=True)
class Box:
    """A rectangle, optionally filled and labelled at its centre."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None
    stroke_width: float
    role: str
    key: Any
    label: Label | None = None
    font: float = 0.0
    text_colour: str = palette.INK
    dash: bool = False


@dataclass(frozen=True)
class Line:
    """A straight line."""

    x0: float
    y0: float
    x1: float
    y1: float
    colour: str
    width: float
    dash: bool = False


@dataclass(frozen=True)
class Text:
    """Text lines anchored at (x, y): ``anchor`` is ``"north west"``, ``"west"``, ``"east"`` or ``"center"``.

    ``math`` says that the LaTeX form of each line is mathematics (set in ``$...$``);
    otherwise it is text-mode LaTeX.
    """

    x: float
    y: float
    lines: tuple[Label, ...]
    font: float
    anchor: str
    role: str
    math: bool = False
    colour: str = palette.INK


@dataclass(frozen=True)
class Scene:
    """Everything a figure draws, in cells; ``unit`` is the size of a cell in points."""

    width: float
    height: float
    unit: float
    boxes: tuple[Box, ...]
    lines: tuple[Line, ...]
    texts: tuple[Text, ...]

    @property
    def size_inches(self) -> tuple[float, float]:
        """(width, height) in inches."""
        return self.width * self.unit / 72, self.height * self.unit / 72

    def find(self, role: str) -> list[Box]:
        """The boxes of one role (``"matrix"``, ``"input"``, ``"kernel"``, ``"output"``, ``"row"``, ...)."""
        return [box for box in self.boxes if box.role == role]


@dataclass(frozen=True)
class SceneOptions:
    """How a model is laid out (the defaults make a static figure)."""

    width_in: float = DEFAULT_WIDTH_IN
    max_height_in: float = MAX_HEIGHT_IN
    all_kernels: bool = False
    """Draw every kernel slice, not only those the chosen output uses (the interactive page)."""
    caption: bool = True
    done_rows: int = 0
    """Outputs with a row below this are drawn as computed (the animation's growing output)."""
    unit: float | None = None
    """A fixed cell size in points (the animation keeps one for every frame)."""


def number_text(value: float) -> str:
    """A coordinate or size for SVG and TikZ: at most three decimals, no trailing zeros.

    Examples
    --------
    >>> number_text(1.5), number_text(2.0), number_text(-0.0001)
    ('1.5', '2', '0')
    """
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


# -- measuring text -------------------------------------------------------------------------------
def visible_length(text: str) -> float:
    """The printed length of a label in characters: subscripts count less, braces and ``_`` not at all.

    An estimate on the safe side (mathematics sets a thin space after a comma).

    Examples
    --------
    >>> visible_length("a"), visible_length("K_{0,0,1,1}"), visible_length("1a+2b")
    (1.0, 6.25, 5.0)
    """
    length = 0.0
    depth = 0
    for character in text:
        if character in "_^":
            continue
        if character == "{":
            depth += 1
            continue
        if character == "}":
            depth = max(0, depth - 1)
            continue
        length += 0.75 if depth else 1.0
    return round(length, 6)


def label_font(text: str, width: float, unit: float) -> float:
    """The font size (points) of a label in a cell ``width`` cells wide, or 0 when it would be too small."""
    size = min(MAX_LABEL_PT, 0.55 * unit, 0.9 * width * unit / (CHAR_WIDTH * max(visible_length(text), 1.0)))
    return round(size, 2) if size >= MIN_LABEL_PT else 0.0


def split_terms(text: str, *, spaced: bool) -> list[str]:
    r"""Split a row string before each ``+``/``-`` that joins two terms (outside brackets); pieces join back to it.

    ``spaced`` is True for the LaTeX style (terms joined by ``" + "``).

    Examples
    --------
    >>> split_terms("1a+2b-(1/2)c+1*(-2)", spaced=False)
    ['1a', '+2b', '-(1/2)c', '+1*(-2)']
    >>> split_terms(r"1 a + \left(-2\right) b - c", spaced=True)
    ['1 a', ' + \\left(-2\\right) b', ' - c']
    """
    pieces = []
    depth = 0
    start = 0
    index = 0
    while index < len(text):
        character = text[index]
        if text.startswith("\\left", index):
            depth += 1
            index += 5
            continue
        if text.startswith("\\right", index):
            depth -= 1
            index += 6
            continue
        if character in "({[":
            depth += 1
        elif character in ")}]":
            depth -= 1
        elif depth == 0 and index > start:
            if spaced and text.startswith((" + ", " - "), index):
                pieces.append(text[start:index])
                start = index
                index += 3
                continue
            if not spaced and character in "+-" and text[index - 1] not in "*(/":
                pieces.append(text[start:index])
                start = index
        index += 1
    pieces.append(text[start:])
    return pieces


def wrap_expression(label: Label, chars: int) -> tuple[Label, ...]:
    """Break an expression into lines of about ``chars`` characters between terms (text and LaTeX alike)."""
    text_terms = split_terms(label.text, spaced=False)
    latex_terms = split_terms(label.latex, spaced=True)
    if len(text_terms) != len(latex_terms) or visible_length(label.text) <= chars:
        return (label,)
    lines: list[Label] = []
    text, latex = "", ""
    for text_term, latex_term in zip(text_terms, latex_terms):
        if text and visible_length(text + text_term) > chars:
            lines.append(Label(text, latex))
            text, latex = "", ""
        text += text_term
        latex += latex_term
    lines.append(Label(text, latex))
    return tuple(lines)


# -- the canvas the layout writes on ------------------------------------------------------------
class _Canvas:
    """Boxes, lines and texts in local coordinates, with the extent they cover."""

    def __init__(self, unit: float):
        self.unit = unit
        self.boxes: list[Box] = []
        self.lines: list[Line] = []
        self.texts: list[Text] = []
        self.width = 0.0
        self.height = 0.0

    def cover(self, x: float, y: float) -> None:
        self.width = max(self.width, x)
        self.height = max(self.height, y)

    def box(self, box: Box) -> None:
        self.boxes.append(box)
        self.cover(box.x + box.w, box.y + box.h)

    def line(self, line: Line) -> None:
        self.lines.append(line)
        self.cover(max(line.x0, line.x1), max(line.y0, line.y1))

    def text(self, x: float, y: float, lines: tuple[Label, ...], font: float, *, anchor: str = "north west",
             role: str = "title", math: bool = False, colour: str = palette.INK) -> float:
        """Add text; return its height in cells."""
        text = Text(x, y, lines, font, anchor, role, math, colour)
        self.texts.append(text)
        width = max(visible_length(line.text) for line in lines) * CHAR_WIDTH * font / self.unit
        height = len(lines) * 1.3 * font / self.unit
        left = x - width if anchor == "east" else x - width / 2 if anchor == "center" else x
        top = y - height / 2 if anchor in ("west", "east", "center") else y
        self.cover(left + width, top + height)
        return height

    def paste(self, other: _Canvas, dx: float, dy: float) -> None:
        """Add another canvas's content, moved by (dx, dy)."""
        self.boxes.extend(replace(b, x=b.x + dx, y=b.y + dy) for b in other.boxes)
        self.lines.extend(replace(ln, x0=ln.x0 + dx, x1=ln.x1 + dx, y0=ln.y0 + dy, y1=ln.y1 + dy)
                          for ln in other.lines)
        self.texts.extend(replace(t, x=t.x + dx, y=t.y + dy) for t in other.texts)
        self.cover(dx + other.width, dy + other.height)

    def pt(self, points: float) -> float:
        """A length in points, in cells."""
        return points / self.unit


_SPECIAL = {"\\": r"\textbackslash{}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "{": r"\{",
            "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape_text(text: str) -> str:
    r"""Plain words for LaTeX's text mode, every special character escaped.

    Examples
    --------
    >>> escape_text("C_in, 50%")
    'C\\_in, 50\\%'
    """
    return "".join(_SPECIAL.get(character, character) for character in text)


def _plain(text: str, latex: str | None = None) -> tuple[Label, ...]:
    """Words of symconv's own: LaTeX given, or the text escaped."""
    return (Label(text, escape_text(text) if latex is None else latex),)


# -- the scene ----------------------------------------------------------------------------------
def build_scene(model: FigureModel, options: SceneOptions | None = None) -> Scene:
    """Lay a model out: the cell size is the largest (up to :data:`MAX_UNIT_PT`) that fits the width and height.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures.model import build_model
    >>> scene = build_scene(build_model(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), kind="matrix"))
    >>> sorted((box.key, box.label.text) for box in scene.find("matrix"))[:3]
    [((0, 0), 'a'), ((0, 1), 'b'), ((0, 3), 'c')]
    """
    options = options or SceneOptions()
    if options.unit is not None:
        return _layout(model, options, options.unit)
    unit = MAX_UNIT_PT
    width_pt, height_pt = options.width_in * 72, options.max_height_in * 72
    scene = _layout(model, options, unit)
    for _ in range(8):
        scale = min(width_pt / (scene.width * unit), height_pt / (scene.height * unit))
        if scale >= 1:
            break
        unit *= scale * 0.98
        scene = _layout(model, options, unit)
    return scene


def _layout(model: FigureModel, options: SceneOptions, unit: float) -> Scene:
    canvas = _Canvas(unit)
    line_pt = options.width_in * 72 - 2 * MARGIN_PT
    y = canvas.text(0, 0, wrap_words(_title(model.title), _chars(line_pt, TITLE_PT)), TITLE_PT, role="figure-title")
    y += canvas.pt(4)
    neuron = model.window.neuron if model.window is not None else None
    if model.matrix is not None:
        section = _matrix_section(model.matrix, unit, neuron if model.kind == "both" else None)
        canvas.paste(section, 0, y)
        y = canvas.height + canvas.pt(12)
    if model.window is not None:
        section = _window_section(model.window, unit, options, show_row=model.matrix is None)
        canvas.paste(section, 0, y)
        y = canvas.height + canvas.pt(6)
        key = wrap_words(_key(model.window, model.summary.padding_mode), _chars(line_pt, SUBTITLE_PT))
        y += canvas.text(0, y, key, SUBTITLE_PT, role="key", colour=palette.MUTED) + canvas.pt(6)
    if neuron is not None and options.caption:
        caption = Label(f"{neuron.name.text} = y'_{neuron.row} = {neuron.expression.text}",
                        f"{neuron.name.latex} = y'_{{{neuron.row}}} = {neuron.expression.latex}")
        chars = int(_chars(line_pt, TITLE_PT) / 1.3)  # mathematics sets space around + and -
        canvas.text(0, y, wrap_expression(caption, chars), TITLE_PT, role="caption", math=True)
    framed = _Canvas(unit)
    margin = framed.pt(MARGIN_PT)
    framed.paste(canvas, margin, margin)
    framed.cover(framed.width + margin, framed.height + margin)
    return Scene(framed.width, framed.height, unit, tuple(framed.boxes), tuple(framed.lines), tuple(framed.texts))


def _chars(width_pt: float, font: float) -> int:
    """How many characters of a font fit a width."""
    return max(20, int(width_pt / (CHAR_WIDTH * font)))


def wrap_words(lines: tuple[Label, ...], chars: int) -> tuple[Label, ...]:
    """Break text lines between words into lines of at most ``chars`` characters (LaTeX alike, word for word).

    Examples
    --------
    >>> wrap_words((Label("a bb $c$", "a bb c"),), 4)
    (Label(text='a bb', latex='a bb'), Label(text='$c$', latex='c'))
    """
    wrapped: list[Label] = []
    for line in lines:
        text_words, latex_words = line.text.split(" "), line.latex.split(" ")
        if len(text_words) != len(latex_words) or len(line.text) <= chars:
            wrapped.append(line)
            continue
        text: list[str] = []
        latex: list[str] = []
        for text_word, latex_word in zip(text_words, latex_words):
            if text and len(" ".join([*text, text_word])) > chars:
                wrapped.append(Label(" ".join(text), " ".join(latex)))
                text, latex = [], []
            text.append(text_word)
            latex.append(latex_word)
        wrapped.append(Label(" ".join(text), " ".join(latex)))
    return tuple(wrapped)


def _key(view: WindowView, padding_mode: str) -> tuple[Label, ...]:
    """One sentence that says how to read the window (and the padding, when there is some)."""
    if view.transposed:
        text = ("Framed in red: the window of the chosen output (framed in y), the kernel flipped, sliding with "
                "stride 1 over x stretched (the inputs s apart, zeros between them, padding around); each "
                "framed cell is coloured as the kernel entry over it.")
    else:
        text = ("Framed in red: the window of the chosen output (framed in y), each cell coloured as the kernel "
                "entry over it.")
        if any(cell.kind == "padding" for grid in view.inputs for cell in grid.cells):
            held = "zeros" if padding_mode == "zeros" else f"copies of inputs ({padding_mode})"
            text += f" Dashed grey: the padding, holding {held}."
    text += " In y, each cell holds its row s of M."
    latex = text.replace(" x ", " $x$ ").replace(" y,", " $y$,").replace(" y)", " $y$)")
    latex = latex.replace(" s ", " $s$ ").replace(" M.", " $M$.")
    return (Label(text, latex),)


def _title(text: str) -> tuple[Label, ...]:
    r"""One of our own titles: ``x`` between sizes becomes a times sign, ``y' = M x'`` mathematics in LaTeX.

    Examples
    --------
    >>> _title("M (8x9), y' = M x'")
    (Label(text="M (8×9), y' = M x'", latex="M (8$\\times$9), $y' = M x'$"),)
    """
    text = re.sub(r"(\d)x(?=\d)", "\\1×", text)
    latex = escape_text(text).replace("×", r"$\times$").replace("y' = M x'", "$y' = M x'$")
    return (Label(text, latex),)


# -- M ----------------------------------------------------------------------------------------------
def _matrix_section(view: MatrixView, unit: float, neuron: Neuron | None) -> _Canvas:
    canvas = _Canvas(unit)
    rows, cols = view.shape
    title = f"M ({rows}x{cols}), y' = M x'"
    y = canvas.text(0, 0, _title(title), TITLE_PT) + canvas.pt(3)
    index_font = min(SUBTITLE_PT, 0.5 * unit)
    show_index = index_font >= MIN_LABEL_PT and max(len(str(rows - 1)), len(str(cols - 1))) * CHAR_WIDTH \
        * index_font <= 1.2 * unit
    left = canvas.pt(CHAR_WIDTH * index_font * len(str(rows - 1)) + 3) if show_index else 0.0
    if show_index:
        y += canvas.pt(index_font * 1.3)
        for column in range(cols):
            canvas.text(left + column + 0.5, y - canvas.pt(index_font * 0.7), _plain(str(column)), index_font,
                        anchor="center",
                        role="index", colour=palette.MUTED)
        for row in range(rows):
            canvas.text(left - canvas.pt(2), y + row + 0.5, _plain(str(row)), index_font, anchor="east",
                        role="index", colour=palette.MUTED)
    _grid_frame(canvas, left, y, cols, rows, view.bar_every, view.column_blocks, view.row_blocks)
    for cell in view.cells:
        canvas.box(_matrix_box(cell, left + cell.column, y + cell.row, unit))
    if neuron is not None:
        canvas.box(Box(left, y + neuron.row, cols, 1, None, palette.HIGHLIGHT, 1.5, "highlight-row", neuron.row))
    _legend(canvas, view, left + cols + canvas.pt(10), y, rows)
    return canvas


def _matrix_box(cell: MatrixCell, x: float, y: float, unit: float, role: str = "matrix") -> Box:
    return Box(x, y, 1, 1, palette.kernel_colour(cell.colour), None, 0.0, role, (cell.row, cell.column),
               cell.label, label_font(cell.label.text, 1, unit))


def _grid_frame(canvas: _Canvas, x: float, y: float, cols: int, rows: int, bar_every: int, column_blocks: int,
                row_blocks: int) -> None:
    """The frame of a grid of M, faint cell lines when cells are large, the ``|`` groups and channel blocks."""
    if canvas.unit >= 8:
        for column in range(1, cols):
            canvas.line(Line(x + column, y, x + column, y + rows, palette.FAINT, 0.25))
        for row in range(1, rows):
            canvas.line(Line(x, y + row, x + cols, y + row, palette.FAINT, 0.25))
    if bar_every:
        for column in range(bar_every, cols, bar_every):
            canvas.line(Line(x + column, y, x + column, y + rows, palette.MUTED, 0.6))
    if column_blocks:
        for column in range(column_blocks, cols, column_blocks):
            canvas.line(Line(x + column, y, x + column, y + rows, palette.INK, 1.0))
    if row_blocks:
        for row in range(row_blocks, rows, row_blocks):
            canvas.line(Line(x, y + row, x + cols, y + row, palette.INK, 1.0))
    canvas.box(Box(x, y, cols, rows, None, palette.INK, 0.6, "frame", None))


def _legend(canvas: _Canvas, view: MatrixView, x: float, y: float, rows: int) -> None:
    if not view.legend:
        return
    font = SUBTITLE_PT + 1
    if len(view.legend) > MAX_LEGEND:
        canvas.text(x, y, _plain(f"colours: {len(view.legend)} kernel entries"), SUBTITLE_PT, role="legend")
        return
    step = canvas.pt(font * 1.5)
    swatch = canvas.pt(font)
    per_column = max(12, int(max(rows, 1) / step))
    widest = max(visible_length(entry.label.text) for entry in view.legend)
    column_width = swatch + canvas.pt(4 + CHAR_WIDTH * font * widest + 8)
    for number, entry in enumerate(view.legend):
        column, place = divmod(number, per_column)
        left, top = x + column * column_width, y + place * step
        canvas.box(Box(left, top, swatch, swatch, palette.kernel_colour(entry.colour), palette.INK, 0.3, "legend",
                       entry.colour))
        canvas.text(left + swatch + canvas.pt(4), top + swatch / 2, (entry.label,), font, anchor="west",
                    role="legend", math=True)


# -- the window -------------------------------------------------------------------------------------
def input_fill(cell: InputCell) -> str:
    """The fill of an input cell outside the window: white for an input, grey for padding, near white for a zero."""
    return {"input": "#ffffff", "padding": palette.PADDING_FILL, "inserted": palette.INSERTED_FILL}[cell.kind]


def input_stroke(cell: InputCell) -> str:
    """The border of an input cell outside the window: black for an input, grey for padding or an inserted zero."""
    return palette.INK if cell.kind == "input" else palette.MUTED


def _window_section(view: WindowView, unit: float, options: SceneOptions, *, show_row: bool) -> _Canvas:
    canvas = _Canvas(unit)
    neuron = view.neuron
    gap = max(1.0, canvas.pt(14))
    x = 0.0
    blocks = [_input_block(view, unit), _kernel_block(view, unit, options.all_kernels),
              _output_block(view, unit, options.done_rows)]
    for block in blocks:
        canvas.paste(block, x, 0)
        x += block.width + gap
    if show_row:
        canvas.paste(_row_block(view, neuron, unit, max(canvas.width, 24.0)), 0, canvas.height + canvas.pt(10))
    return canvas


def _slices(extent: tuple[tuple[int, int], ...]) -> tuple[list[tuple[int, ...]], list[int], list[int]]:
    """The leading coordinates of the 2-D slices of a grid, and its row and column coordinates."""
    ranges = [list(range(first, last + 1)) for first, last in extent]
    if len(ranges) == 1:
        return [()], [0], ranges[0]
    if len(ranges) == 2:
        return [()], ranges[0], ranges[1]
    return [(depth,) for depth in ranges[0]], ranges[1], ranges[2]


def _input_block(view: WindowView, unit: float) -> _Canvas:
    canvas = _Canvas(unit)
    neuron = view.neuron
    if view.transposed:
        title = "x, stretched"
    else:
        title = "x, padded" if any(c.kind == "padding" for c in view.inputs[0].cells) else "x"
    canvas.text(0, 0, _plain(title, "$x$" + title[1:]), TITLE_PT)
    canvas.height += canvas.pt(3)
    taps = {(tap.channel, tap.padded): tap for tap in neuron.taps}
    read = {tap.channel for tap in neuron.taps}
    ndim = len(view.inputs[0].extent)
    panels = []
    for grid in view.inputs:
        depths, rows, cols = _slices(grid.extent)
        for depth in depths:
            cells = [grid.cell((*depth, r, c)[-ndim:]) for r in rows for c in cols]
            name = f"i={grid.channel}" + (f", j={depth[0]}" if depth else "")
            panels.append(_Panel(name if len(view.inputs) > 1 or depth else "", grid.channel, cells))

    def draw(cell: InputCell, x: float, y: float) -> None:
        tap = taps.get((cell.channel, cell.padded))
        active = cell.channel in read
        colour = palette.INK if cell.kind == "input" and active else palette.MUTED
        if tap is not None:
            box = Box(x, y, 1, 1, palette.kernel_colour(tap.kernel_index), palette.HIGHLIGHT, 1.2, "input",
                      (cell.channel, cell.padded), cell.label, label_font(cell.label.text, 1, unit), colour)
        else:
            box = Box(x, y, 1, 1, input_fill(cell), input_stroke(cell) if active else palette.FAINT,
                      0.4 if cell.kind == "input" else 0.25, "input", (cell.channel, cell.padded), cell.label,
                      label_font(cell.label.text, 1, unit), colour, dash=cell.kind != "input")
        canvas.box(box)

    _panels_in_order(canvas, panels, (len(rows), len(cols)), ndim == 1, draw)
    return canvas


@dataclass(frozen=True)
class _Panel:
    """A 2-D slice to draw: its subtitle, the column of panels it goes in, and its cells in row-major order."""

    title: str
    column: Any
    cells: list[Any]


def _panels_in_order(canvas: _Canvas, panels: list[_Panel], size: tuple[int, int], one_d: bool, draw: Any) -> None:
    """Panels of one column (3-D slices of a channel) stacked, columns side by side; in 1-D, all stacked."""
    rows, cols = size
    sub = canvas.pt(SUBTITLE_PT * 1.4) if any(panel.title for panel in panels) else 0.0
    gap = max(0.6, canvas.pt(8))
    top = canvas.height
    column_of: dict[Any, int] = {}
    filled: dict[int, int] = {}
    for panel in panels:
        px = 0 if one_d else column_of.setdefault(panel.column, len(column_of))
        py = filled.get(px, 0)
        filled[px] = py + 1
        left = px * (cols + gap)
        y0 = top + py * (rows + sub + gap)
        if panel.title:
            canvas.text(left, y0, _plain(panel.title), SUBTITLE_PT, role="subtitle", colour=palette.MUTED)
        for number, cell in enumerate(panel.cells):
            row, column = divmod(number, cols)
            draw(cell, left + column, y0 + sub + row)


def _kernel_block(view: WindowView, unit: float, all_kernels: bool) -> _Canvas:
    canvas = _Canvas(unit)
    used = view.neuron.kernel_indices()
    grids = [grid for grid in view.kernels if all_kernels or any(cell.index in used for cell in grid.cells)]
    lead = grids[0].lead
    if all_kernels:
        title = "K"
    elif view.transposed:
        title = f"K[:, {lead[1]}]"
    else:
        title = f"K[{lead[0]}]"
    canvas.text(0, 0, _plain(title, "$" + title.replace("[", "_{").replace("]", "}") + "$"), TITLE_PT)
    canvas.height += canvas.pt(3)
    shape = [len({cell.coordinates[axis] for cell in grids[0].cells}) for axis in range(2, len(grids[0].cells[0]
                                                                                                .coordinates))]
    ndim = len(shape)
    panels = []
    for grid in grids:
        per_slice = shape[-1] * (shape[-2] if ndim > 1 else 1)
        for start in range(0, len(grid.cells), per_slice):
            cells = grid.cells[start:start + per_slice]
            name = f"{grid.lead[0]},{grid.lead[1]}"
            if ndim == 3:
                name += f", p={cells[0].coordinates[2]}"
            panels.append(_Panel(name if len(grids) > 1 or ndim == 3 else "", grid.lead, list(cells)))

    def draw(cell: Any, x: float, y: float) -> None:
        on = cell.index in used
        canvas.box(Box(x, y, 1, 1, palette.kernel_colour(cell.colour) if on or all_kernels else "#ffffff",
                       palette.INK, 0.4, "kernel", cell.index, cell.label, label_font(cell.label.text, 1, unit),
                       palette.INK if on or all_kernels else palette.MUTED))

    size = (shape[-2] if ndim > 1 else 1, shape[-1])
    _panels_in_order(canvas, panels, size, ndim == 1, draw)
    return canvas


def _output_block(view: WindowView, unit: float, done_rows: int) -> _Canvas:
    canvas = _Canvas(unit)
    canvas.text(0, 0, _plain("y", "$y$"), TITLE_PT)
    canvas.height += canvas.pt(3)
    shape = view.output_shape
    ndim = len(shape) - 1
    per_channel = len(view.outputs) // shape[0]
    per_slice = shape[-1] * (shape[-2] if ndim > 1 else 1)
    panels = []
    for channel in range(shape[0]):
        cells = view.outputs[channel * per_channel:(channel + 1) * per_channel]
        for start in range(0, per_channel, per_slice):
            chunk = cells[start:start + per_slice]
            name = f"u={channel}" + (f", v={chunk[0].position[0]}" if ndim == 3 else "")
            panels.append(_Panel(name if shape[0] > 1 or ndim == 3 else "", channel, list(chunk)))
    chosen = view.neuron.row

    def draw(cell: Any, x: float, y: float) -> None:
        label = Label(str(cell.row), str(cell.row))
        font = label_font(label.text, 1, unit)
        if cell.row == chosen:
            box = Box(x, y, 1, 1, "#ffffff", palette.HIGHLIGHT, 1.5, "output", cell.row, label, font, palette.MUTED)
        else:
            fill = palette.OUTPUT_DONE if cell.row < done_rows else "#ffffff"
            box = Box(x, y, 1, 1, fill, palette.INK, 0.4, "output", cell.row, label, font, palette.MUTED)
        canvas.box(box)

    size = (shape[-2] if ndim > 1 else 1, shape[-1])
    _panels_in_order(canvas, panels, size, ndim == 1, draw)
    return canvas


def _row_block(view: WindowView, neuron: Neuron, unit: float, width: float) -> _Canvas:
    """Row s of M, wrapped after a whole number of ``|`` groups when it is wider than the figure."""
    canvas = _Canvas(unit)
    title = f"row s={neuron.row} of M ({view.columns} columns)"
    latex = f"row $s={neuron.row}$ of $M$ ({view.columns} columns)"
    y = canvas.text(0, 0, _plain(title, latex), TITLE_PT) + canvas.pt(3)
    group = view.bar_every or 1
    per_line = view.columns if view.columns <= width else max(group, int(width // group) * group)
    cells = {cell.column: cell for cell in neuron.matrix_row}
    for start in range(0, view.columns, per_line):
        count = min(per_line, view.columns - start)
        _grid_frame(canvas, 0, y, count, 1, view.bar_every, 0, 0)
        for column in range(start, start + count):
            if column in cells:
                canvas.box(_matrix_box(cells[column], column - start, y, unit, role="row"))
        y += 1 + canvas.pt(6)
    return canvas
