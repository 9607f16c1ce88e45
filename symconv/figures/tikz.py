r"""Paint a :class:`~symconv.figures.scene.Scene` as a TikZ picture, so a paper gets vector figures in its own fonts.

The picture uses TikZ and graphicx only (``\usepackage{tikz}`` and
``\usepackage{graphicx}`` in the document that ``\input``\ s it); colours are written
inline, so it defines nothing. Every label is the LaTeX printer's form of a value
(names pass through :func:`symconv.printing.common.latex_name`, so a user's name can
never inject LaTeX); the other words are symconv's own, with special characters
escaped. The picture is set by ``\symconvfit`` (:data:`symconv.printing.page.FIT_MACRO`,
defined with ``\providecommand`` at the top of the picture), so TeX scales it down to
``\linewidth`` when it is wider (it is laid out to the width asked for).
"""

from __future__ import annotations

from ..printing.page import FIT_MACRO
from . import palette
from .model import Label
from .scene import Box, Line, Scene, Text
from .scene import number_text as _number

PACKAGES = ("amsmath", "graphicx", "tikz")
"""What a document needs to ``\\input`` a symconv picture (amsmath for the captions' mathematics)."""

_ANCHOR = {"north west": "north west", "west": "west", "east": "east", "center": "center"}
def _colour(colour: str) -> str:
    red, green, blue = palette.rgb255(colour)
    return f"{{rgb,255:red,{red};green,{green};blue,{blue}}}"


def _font(size: float) -> str:
    return rf"\fontsize{{{_number(size)}}}{{{_number(size * 1.2)}}}\selectfont"


def _box(box: Box) -> str:
    options = []
    if box.fill is not None:
        options.append("fill=" + _colour(box.fill))
    if box.stroke is not None:
        options.append("draw=" + _colour(box.stroke))
        options.append(f"line width={_number(box.stroke_width)}pt")
        if box.dash:
            options.append("dash pattern=on 2pt off 1.5pt")
    corner = f"({_number(box.x)},{_number(box.y)}) rectangle ({_number(box.x + box.w)},{_number(box.y + box.h)})"
    return rf"\path[{', '.join(options)}] {corner};"


def _label(box: Box) -> str:
    assert box.label is not None
    return (rf"\node[font={_font(box.font)}, text={_colour(box.text_colour)}] at "
            f"({_number(box.x + box.w / 2)},{_number(box.y + box.h / 2)}) {{${box.label.latex}$}};")


def _line(line: Line) -> str:
    dash = ", dash pattern=on 2pt off 1.5pt" if line.dash else ""
    return (rf"\draw[draw={_colour(line.colour)}, line width={_number(line.width)}pt{dash}] "
            f"({_number(line.x0)},{_number(line.y0)}) -- ({_number(line.x1)},{_number(line.y1)});")


def _text(text: Text) -> str:
    def one(line: Label) -> str:
        return f"${line.latex}$" if text.math else line.latex

    body = r"\\".join(one(line) for line in text.lines)
    return (rf"\node[anchor={_ANCHOR[text.anchor]}, align=left, font={_font(text.font)}, "
            f"text={_colour(text.colour)}] at ({_number(text.x)},{_number(text.y)}) {{{body}}};")


def tikz_picture(scene: Scene, *, title: str = "") -> str:
    r"""The scene as a ``tikzpicture`` (one cell = ``scene.unit`` points), wrapped to fit ``\linewidth``."""
    comments = [
        f"% {' '.join(title.split())}" if title else "% a figure made by symconv",
        "% needs \\usepackage{tikz} and \\usepackage{graphicx}",
    ]
    lines = [
        rf"\begin{{tikzpicture}}[x={_number(scene.unit)}pt, y=-{_number(scene.unit)}pt, "
        r"every node/.style={inner sep=0pt, outer sep=0pt}]",
        # the picture's bounding box is the scene's (labels never widen it)
        rf"\useasboundingbox (0,0) rectangle ({_number(scene.width)},{_number(scene.height)});",
    ]
    # filled boxes, then lines, then outlines (as the matplotlib painter does)
    lines.extend(_box(box) for box in scene.boxes if box.fill is not None)
    lines.extend(_line(line) for line in scene.lines)
    lines.extend(_box(box) for box in scene.boxes if box.fill is None)
    lines.extend(_label(box) for box in scene.boxes if box.label is not None and box.font)
    lines.extend(_text(text) for text in scene.texts)
    lines.append(r"\end{tikzpicture}")
    return "\n".join(comments) + "\n" + FIT_MACRO + "%\n\\symconvfit{" + "\n".join(lines) + "}"


def tikz_document(scene: Scene, *, title: str = "") -> str:
    """A whole document (``article``) holding the picture; it compiles with pdflatex."""
    preamble = "\\documentclass{article}\n\\usepackage{fix-cm}\n" + "".join(
        f"\\usepackage{{{name}}}\n" for name in PACKAGES)
    return (preamble + "\\pagestyle{empty}\n\\begin{document}\n\\noindent\n"
            + tikz_picture(scene, title=title) + "\n\\end{document}\n")
