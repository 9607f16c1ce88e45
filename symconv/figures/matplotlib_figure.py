"""Paint a :class:`~symconv.figures.scene.Scene` with matplotlib: PNG, SVG and PDF files, and frames of an animation.

matplotlib (``pip install 'symconv[figures]'``) is imported when a figure is painted,
never when symconv is imported, and only its object-oriented API is used (no
``pyplot``, no global state, no window). Labels are set with matplotlib's mathtext
from the LaTeX printer's form when mathtext can read it, else as plain text.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from ..errors import MissingDependencyError
from .model import Label
from .scene import Box, Scene, Text

INSTALL_HINT = "pip install 'symconv[figures]'"
DEFAULT_DPI = 200
"""Pixels per inch of a PNG (a 4.5 in figure is 900 pixels wide)."""

FONT = {"fontfamily": "serif", "math_fontfamily": "cm"}
"""A book's look: serif text, Computer Modern mathematics (both ship with matplotlib)."""

_NUMBER = re.compile(r"-?\d+")

_ALIGN = {"north west": ("left", "top"), "west": ("left", "center"), "east": ("right", "center"),
          "center": ("center", "center")}


def require_matplotlib() -> Any:
    """Import matplotlib, or raise :class:`~symconv.errors.MissingDependencyError` with the install command."""
    try:
        import matplotlib
    except ImportError:
        raise MissingDependencyError(
            f"figures in PNG, SVG, PDF, GIF or MP4 need matplotlib, which is not installed; {INSTALL_HINT}"
        ) from None
    return matplotlib


@lru_cache(maxsize=4096)
def mathtext(label: Label, math: bool = True) -> str:
    r"""The string matplotlib draws for a label: ``$...$`` mathtext when it parses, else the plain text, escaped.

    Examples
    --------
    >>> mathtext(Label("K_{0,1}", "K_{0,1}")), mathtext(Label("x%y", r"\texttt{x{\char37}y}"))
    ('$K_{0,1}$', 'x%y')
    """
    plain = label.text.replace("$", r"\$")
    if not math or _NUMBER.fullmatch(label.text):
        return plain  # a number looks the same without mathtext, which is costly to lay out
    candidate = "$" + label.latex.replace(r"\tfrac", r"\frac") + "$"
    try:
        _parser().parse(candidate)
    except (ValueError, RuntimeError):
        return plain
    return candidate


@lru_cache(maxsize=1)
def _parser() -> Any:
    from matplotlib.mathtext import MathTextParser

    return MathTextParser("path")


def paint(scene: Scene, figure: Any = None) -> Any:
    """Draw a scene on a new ``matplotlib.figure.Figure`` (or clear and redraw ``figure``) and return it."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = scene.size_inches
    if figure is None:
        figure = Figure(figsize=(width, height))
        FigureCanvasAgg(figure)
    else:
        figure.clear()
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, scene.width)
    axes.set_ylim(scene.height, 0)
    axes.set_axis_off()
    # filled boxes, then lines, then outlines (as the TikZ painter does)
    _boxes(axes, [box for box in scene.boxes if box.fill is not None], 1)
    _lines(axes, scene)
    _boxes(axes, [box for box in scene.boxes if box.fill is None], 3)
    for box in scene.boxes:
        if box.label is not None and box.font:
            axes.text(box.x + box.w / 2, box.y + box.h / 2, mathtext(box.label), fontsize=box.font,
                      color=box.text_colour, ha="center", va="center_baseline", zorder=4, **FONT)
    for text in scene.texts:
        _text(axes, text, scene)
    return figure


def _boxes(axes: Any, boxes: list[Box], zorder: int) -> None:
    from matplotlib.collections import PolyCollection

    if not boxes:
        return
    polygons = [((b.x, b.y), (b.x + b.w, b.y), (b.x + b.w, b.y + b.h), (b.x, b.y + b.h)) for b in boxes]
    collection = PolyCollection(
        polygons,
        facecolors=[b.fill if b.fill is not None else "none" for b in boxes],
        edgecolors=[b.stroke if b.stroke is not None else "none" for b in boxes],
        linewidths=[b.stroke_width for b in boxes],
        linestyles=[(0, (2, 1.5)) if b.dash else "solid" for b in boxes],
        joinstyle="miter",
        zorder=zorder,
    )
    axes.add_collection(collection)


def _lines(axes: Any, scene: Scene) -> None:
    from matplotlib.collections import LineCollection

    if scene.lines:
        axes.add_collection(LineCollection(
            [((ln.x0, ln.y0), (ln.x1, ln.y1)) for ln in scene.lines],
            colors=[ln.colour for ln in scene.lines], linewidths=[ln.width for ln in scene.lines],
            linestyles=[(0, (2, 1.5)) if ln.dash else "solid" for ln in scene.lines], zorder=2,
        ))


def _text(axes: Any, text: Text, scene: Scene) -> None:
    ha, va = _ALIGN[text.anchor]
    step = 1.3 * text.font / scene.unit
    count = len(text.lines)
    first = text.y - (count - 1) * step / 2 if va == "center" else text.y
    for number, line in enumerate(text.lines):
        axes.text(text.x, first + number * step, mathtext(line, text.math), fontsize=text.font, color=text.colour,
                  ha=ha, va=va, **FONT)


def save(scene: Scene, target: Any, fmt: str, *, dpi: int = DEFAULT_DPI) -> None:
    """Write a scene as ``png``, ``svg`` or ``pdf`` to a path or a binary file object."""
    figure = paint(scene)
    metadata = {"Software": "symconv"} if fmt == "png" else {"Creator": "symconv"} if fmt in ("svg", "pdf") else {}
    figure.savefig(target, format=fmt, dpi=dpi, metadata=metadata)


def to_bytes(scene: Scene, fmt: str, *, dpi: int = DEFAULT_DPI) -> bytes:
    """A scene as the bytes of a ``png``, ``svg`` or ``pdf`` file."""
    buffer = io.BytesIO()
    save(scene, buffer, fmt, dpi=dpi)
    return buffer.getvalue()
