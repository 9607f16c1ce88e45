"""Figures of a layer: M as a grid and the sliding window of one output, in every format a book or a page needs.

``figure(layer, ...)`` returns a :class:`Figure`; ``Figure.save(path)`` writes PNG, SVG or
PDF (matplotlib), a TikZ picture (``.tex``), an animation of the sliding window (``.gif``,
or ``.mp4`` with ffmpeg) or an interactive page (``.html``), by the file's suffix.
Jupyter shows a figure inline. Every format draws the same
:class:`~symconv.figures.model.FigureModel`, built from the layer's index pattern alone.

matplotlib is needed for PNG, SVG, PDF, GIF and MP4 only (``pip install 'symconv[figures]'``);
TikZ and HTML need nothing beyond symconv.
"""

from .figure import FORMATS, Figure, figure, format_of
from .model import KINDS, MAX_FIGURE_CELLS, FigureError, FigureModel, build_model

__all__ = ["FORMATS", "KINDS", "MAX_FIGURE_CELLS", "Figure", "FigureError", "FigureModel", "build_model", "figure",
           "format_of"]
