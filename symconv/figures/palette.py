"""The colours of every figure format, in one place: kernel entries, highlights, padding.

Kernel entries get light colours (black labels stay readable on them, in print and on
screen) from ColorBrewer's Set3 and Pastel palettes; a matrix entry that is the sum of
several kernel entries (a padding mode that folds the window back onto the input) is
grey. Every renderer (matplotlib, TikZ, SVG/HTML) asks this module, so a colour in a PNG
is the colour of the same entry in the TikZ picture and in the interactive page.
"""

from __future__ import annotations

KERNEL_COLOURS = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#a6cee3",
    "#bc80bd", "#ccebc5", "#ffed6f", "#b3e2cd", "#fdcdac", "#cbd5e8", "#f4cae4", "#e6f5c9", "#fff2ae",
    "#f1e2cc",
)
"""One colour per kernel entry, cycling when a kernel has more entries than colours."""

SUM_COLOUR = "#d9d9d9"
"""A matrix entry that sums several kernel entries."""

HIGHLIGHT = "#c0392b"
"""The outline of the chosen output, its receptive field, its row of M."""

PADDING_FILL = "#f0f0f0"
"""A cell of the padding (outside the input)."""

INSERTED_FILL = "#fafafa"
"""A zero inserted between the inputs of a transposed convolution."""

INK = "#000000"
FAINT = "#b0b0b0"
"""Grid lines, zeros, cells that are not read."""

MUTED = "#808080"
"""Titles of what the chosen output does not read; values copied by a padding mode."""

OUTPUT_DONE = "#dbe9f6"
"""An output already computed (the animation's growing output)."""


def kernel_colour(index: int | None) -> str:
    """The fill of a kernel entry (by its colour index), or :data:`SUM_COLOUR` for None.

    Examples
    --------
    >>> kernel_colour(0), kernel_colour(len(KERNEL_COLOURS)), kernel_colour(None)
    ('#8dd3c7', '#8dd3c7', '#d9d9d9')
    """
    if index is None:
        return SUM_COLOUR
    return KERNEL_COLOURS[index % len(KERNEL_COLOURS)]


def rgb255(colour: str) -> tuple[int, int, int]:
    """``"#c0392b"`` as ``(192, 57, 43)``."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
