"""The :class:`Figure` of a layer: one model, saved in any format by the file's suffix, shown inline by Jupyter.

>>> from symconv import Conv, kernel
>>> from symconv.figures import figure
>>> fig = figure(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
>>> fig.model.window.neuron.expression.text
'1a+2b+4c+5d'
>>> fig.to_tikz().count("tikzpicture")
2
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..limits import check_size
from .model import FigureError, FigureModel, all_neurons, build_model
from .scene import DEFAULT_WIDTH_IN, Scene, SceneOptions, build_scene

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".tex": "tex", ".gif": "gif", ".mp4": "mp4",
           ".html": "html"}
"""The formats a figure is saved in, by the file's suffix."""

MAX_PAGE_MATRIX = 20_000
"""The interactive page shows M (with every row hoverable) up to this many entries; above, the window alone."""

MAX_PAGE_TERMS = 250_000
"""The interactive page holds the window of every output: at most this many terms of M x' unless forced."""


def format_of(path: str | os.PathLike[str]) -> str:
    """Return the format a file's suffix asks for.

    Parameters
    ----------
    path : str or os.PathLike
        The file's path; its suffix (any case) names the format.

    Returns
    -------
    str
        ``"png"``, ``"svg"``, ``"pdf"``, ``"tex"``, ``"gif"``, ``"mp4"`` or ``"html"``
        (see :data:`FORMATS`).

    Raises
    ------
    FigureError
        If the suffix is not one of :data:`FORMATS`.

    Examples
    --------
    >>> from symconv.figures import format_of
    >>> format_of("figures/layer.PNG"), format_of("layer.tex")
    ('png', 'tex')
    >>> format_of("layer.jpg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.figures.model.FigureError: cannot tell the format of 'layer.jpg' from its suffix '.jpg'; expected one of ...
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise FigureError(f"cannot tell the format of {str(path)!r} from its suffix {suffix!r}; expected one of "
                          + ", ".join(FORMATS))
    return FORMATS[suffix]


class Figure:
    """A figure of a layer: M as a grid, the window of one output, or both; saved in any format by the file's suffix.

    Every format draws the same :class:`~symconv.figures.model.FigureModel`, built from the
    layer's index pattern alone; Jupyter shows the figure inline (PNG, SVG, or the
    interactive HTML). The options are checked when the figure is made.

    Parameters
    ----------
    layer : Layer
        A :class:`~symconv.Conv`, :class:`~symconv.ConvTranspose` or (``kind="matrix"``)
        a product of layers.
    kind : str, default "both"
        ``"matrix"``, ``"window"`` or ``"both"``.
    neuron : tuple of int or int, optional
        The output whose window is drawn: ``(u, v, w)`` or its row s of M (default: the
        middle output of channel 0).
    x : array_like, optional
        The input's values (default: the symbols ``x[i, j, k]``).
    width : float, default 4.5
        The width in inches, from 1 to 40 (4.5 is a book page's text width).
    force : bool, default False
        Draw a layer above the size limits (:data:`~symconv.figures.model.MAX_FIGURE_CELLS`
        cells, :data:`~symconv.figures.animation.MAX_FRAMES` frames).

    Attributes
    ----------
    layer : Layer
        The layer drawn.
    kind : str
        What is drawn.
    neuron : tuple of int or int or None
        The output whose window is drawn, as given.
    x : array_like or None
        The input's values, as given.
    width : float
        The width in inches.
    force : bool
        Whether the size limits are lifted.

    Raises
    ------
    FigureError
        If ``width`` is not a number from 1 to 40, ``kind`` is unknown, a product of layers
        is asked for a window, or ``neuron`` is not an output of the layer.
    SizeError
        If the figure has more than ``MAX_FIGURE_CELLS`` cells and ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import Figure
    >>> fig = Figure(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), neuron=(1, 0, 1))
    >>> fig
    <Figure (both) of Conv(kernel((2, 1, 2, 2), 'a:h'), (1, 3, 3))>
    >>> fig.model.window.neuron.expression.text
    'e*x_{0,0,1}+f*x_{0,0,2}+g*x_{0,1,1}+h*x_{0,1,2}'
    """

    def __init__(self, layer: Any, *, kind: str = "both", neuron: Any = None, x: Any = None,
                 width: float = DEFAULT_WIDTH_IN, force: bool = False):
        if isinstance(width, bool) or not isinstance(width, (int, float)) or not 1 <= width <= 40:
            raise FigureError(f"width {width!r} is not a width in inches; expected a number from 1 to 40")
        self.layer = layer
        self.kind = kind
        self.neuron = neuron
        self.x = x
        self.width = float(width)
        self.force = force
        self.model  # noqa: B018 - validate the options now, not when the figure is first saved

    @cached_property
    def model(self) -> FigureModel:
        """What the figure shows (:class:`~symconv.figures.model.FigureModel`), built once.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.figures import figure
        >>> model = figure(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), kind="matrix").model
        >>> model.kind, model.matrix.shape, model.window
        ('matrix', (8, 9), None)
        """
        return build_model(self.layer, kind=self.kind, neuron=self.neuron, x=self.x, force=self.force)

    @cached_property
    def scene(self) -> Scene:
        """Where everything goes (:class:`~symconv.figures.scene.Scene`), laid out once for the figure's width.

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.figures import figure
        >>> type(figure(Conv([[[1, 2]]], (1, 3))).scene).__name__
        'Scene'
        """
        return build_scene(self.model, SceneOptions(width_in=self.width))

    # -- formats ---------------------------------------------------------------------------
    def to_bytes(self, fmt: str) -> bytes:
        """Return the figure as a ``png``, ``svg`` or ``pdf`` file's bytes (drawn by matplotlib).

        Parameters
        ----------
        fmt : str
            ``"png"``, ``"svg"`` or ``"pdf"``.

        Returns
        -------
        bytes
            The file's contents.

        Raises
        ------
        MissingDependencyError
            If matplotlib is not installed (``pip install 'symconv[figures]'``).

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.figures import figure
        >>> figure(Conv([[[1, 2]]], (1, 3))).to_bytes("svg")[:5]
        b'<?xml'
        """
        from .matplotlib_figure import to_bytes

        return to_bytes(self.scene, fmt)  # type: ignore[no-any-return]

    def to_tikz(self, *, standalone: bool = False) -> str:
        r"""Return the figure as a ``tikzpicture`` to ``\input`` (needs tikz and graphicx), or a whole document.

        Parameters
        ----------
        standalone : bool, default False
            True for a whole document that compiles with pdflatex.

        Returns
        -------
        str
            The TikZ code (no matplotlib needed).

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.figures import figure
        >>> tikz = figure(Conv([[[1, 2]]], (1, 3))).to_tikz()
        >>> tikz.count(r"\begin{tikzpicture}"), figure(Conv([[[1, 2]]], (1, 3))).to_tikz(standalone=True)[:14]
        (1, '\\documentclass')
        """
        from .tikz import tikz_document, tikz_picture

        if standalone:
            return tikz_document(self.scene, title=self.model.title)
        return tikz_picture(self.scene, title=self.model.title) + "\n"

    def to_html(self, *, fragment: bool = False) -> str:
        """Return the interactive page (self-contained), or with ``fragment=True`` its ``<div>`` alone.

        Hovering an output shows its window, its row of M and its expression.

        Parameters
        ----------
        fragment : bool, default False
            True for the ``<div>`` alone (what Jupyter shows), False for a whole page.

        Returns
        -------
        str
            The HTML, with its script and style inline.

        Raises
        ------
        FigureError
            For a product of layers, which has no single sliding window.
        SizeError
            If the page would hold more than ``MAX_PAGE_TERMS`` terms and the figure was not forced.

        Examples
        --------
        >>> from symconv import Conv
        >>> from symconv.figures import figure
        >>> figure(Conv([[[1, 2]]], (1, 3))).to_html(fragment=True)[:30]
        '<div class="symconv-figure" id'
        """
        from .html import html_fragment, html_page

        model, neurons = self._page()
        scene = build_scene(model, SceneOptions(width_in=self.width, all_kernels=True, caption=False))
        return (html_fragment if fragment else html_page)(scene, model, neurons)

    def _page(self) -> tuple[FigureModel, list[Any]]:
        """The model of the interactive page (M with the window when M is small enough) and every row's neuron."""
        if self.model.summary.kind == "product":
            raise FigureError("a product of layers has no single sliding window; the interactive page needs one "
                              "(save a .png, .svg, .pdf or .tex of kind 'matrix' instead)")
        check_size("the interactive page", self.layer.pattern.nnz, MAX_PAGE_TERMS, unit="terms (every output's "
                   "window)", name="MAX_PAGE_TERMS", force=self.force,
                   ways="pass force=True (CLI: --force), or draw a smaller layer")
        rows, cols = self.model.summary.matrix_shape
        kind = "both" if rows * cols <= MAX_PAGE_MATRIX else "window"
        model = self.model if self.model.kind == kind else build_model(
            self.layer, kind=kind, neuron=self.neuron, x=self.x, force=self.force)
        return model, all_neurons(self.layer, self.x, force=self.force)

    def save(self, path: str | os.PathLike[str], *, standalone: bool = False, dpi: int | None = None,
             fps: float | None = None) -> Path:
        """Write the figure in the format its suffix names; return the path.

        ``.png``, ``.svg``, ``.pdf`` (matplotlib), ``.tex`` (TikZ), ``.gif`` or ``.mp4`` (the
        animation: one frame per row of M; MP4 needs ffmpeg), ``.html`` (the interactive page).

        Parameters
        ----------
        path : str or os.PathLike
            The file to write.
        standalone : bool, default False
            For ``.tex``: True for a whole document.
        dpi : int, optional
            The pixels per inch of PNG and animation frames (None: the format's default).
        fps : float, optional
            The frames per second of an animation (None: the default).

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        FigureError
            If the suffix is not a known format, or an animation or page is asked of a figure
            without a window.
        MissingDependencyError
            If the format needs matplotlib (or ffmpeg for MP4) and it is not installed.
        SizeError
            If an animation or page would be over its size limit and the figure was not forced.

        Examples
        --------
        >>> import pathlib
        >>> import tempfile
        >>> from symconv import Conv
        >>> from symconv.figures import figure
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = figure(Conv([[[1, 2]]], (1, 3))).save(pathlib.Path(folder) / "layer.tex")
        ...     path.name, path.read_text().startswith("%")
        ('layer.tex', True)
        """
        fmt = format_of(path)
        target = Path(path)
        if fmt in ("png", "svg", "pdf"):
            from .matplotlib_figure import DEFAULT_DPI, save

            save(self.scene, target, fmt, dpi=dpi or DEFAULT_DPI)
        elif fmt == "tex":
            target.write_text(self.to_tikz(standalone=standalone), encoding="utf-8")
        elif fmt == "html":
            target.write_text(self.to_html(), encoding="utf-8")
        else:
            self.animate(target, fmt, dpi=dpi, fps=fps)
        return target

    def animate(self, target: Path, fmt: str, *, dpi: int | None = None, fps: float | None = None) -> None:
        """Write the animation of the sliding window (one frame per row of M) as ``gif`` or ``mp4``.

        Parameters
        ----------
        target : pathlib.Path
            The file to write.
        fmt : str
            ``"gif"`` or ``"mp4"``.
        dpi : int, optional
            The pixels per inch of the frames (None: the default).
        fps : float, optional
            The frames per second (None: the default).

        Raises
        ------
        FigureError
            If the figure has no window (``kind="matrix"``, or a product of layers).
        MissingDependencyError
            If matplotlib (or, for MP4, ffmpeg) is not installed.
        SizeError
            Above the number of frames allowed, unless the figure was forced.

        Examples
        --------
        >>> import pathlib
        >>> import tempfile
        >>> from symconv import Conv
        >>> from symconv.figures import figure
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     figure(Conv([[[1, 2]]], (1, 3))).animate(pathlib.Path(folder) / "window.gif", "gif", fps=2)
        ...     (pathlib.Path(folder) / "window.gif").read_bytes()[:3]
        b'GIF'
        """
        from .animation import ANIMATION_DPI, DEFAULT_FPS, frames, save_animation

        if self.model.window is None:
            raise FigureError("an animation slides a window; a product of layers has none (kind 'matrix' draws "
                              "its M as a still figure)" if self.model.summary.kind == "product" else
                              "an animation slides a window; use kind 'window' or 'both', not 'matrix'")
        scenes = frames(self.model, self.layer, self.x, options=SceneOptions(width_in=self.width), force=self.force)
        save_animation(scenes, target, fmt, fps=fps or DEFAULT_FPS, dpi=dpi or ANIMATION_DPI)

    # -- Jupyter -----------------------------------------------------------------------------
    def _repr_png_(self) -> bytes | None:
        try:
            return self.to_bytes("png")
        except MissingDependencyError:
            return None

    def _repr_svg_(self) -> str | None:
        try:
            return self.to_bytes("svg").decode("utf-8")
        except MissingDependencyError:
            return None

    def _repr_html_(self) -> str | None:
        if self.model.summary.kind == "product":
            return None
        return self.to_html(fragment=True)

    def __repr__(self) -> str:
        return f"<Figure ({self.kind}) of {self.layer!r}>"


def figure(layer: Any, *, kind: str = "both", neuron: Any = None, x: Any = None, width: float = DEFAULT_WIDTH_IN,
           force: bool = False) -> Figure:
    """Return the :class:`Figure` of a layer (see :class:`Figure` for the options).

    Parameters
    ----------
    layer : Layer
        The layer.
    kind : str, default "both"
        ``"matrix"``, ``"window"`` or ``"both"``.
    neuron : tuple of int or int, optional
        The output whose window is drawn (default: the middle output of channel 0).
    x : array_like, optional
        The input's values (default: the symbols ``x[i, j, k]``).
    width : float, default 4.5
        The width in inches.
    force : bool, default False
        Draw a layer above the size limits.

    Returns
    -------
    Figure
        The figure; save it with :meth:`Figure.save`.

    Raises
    ------
    FigureError
        If an option is not valid (see :class:`Figure`).
    SizeError
        If the figure is too large and ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import figure
    >>> fig = figure(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    >>> fig.model.window.neuron.expression.text
    '1a+2b+4c+5d'
    """
    return Figure(layer, kind=kind, neuron=neuron, x=x, width=width, force=force)


__all__ = ["FORMATS", "Figure", "figure", "format_of"]
