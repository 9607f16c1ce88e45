"""The sliding window as an animation (GIF, or MP4 with ffmpeg): one frame per row of M, the output growing.

Frame s shows the window of output s (row s of M) over the input, the kernel, M with row
s framed (or row s alone, for ``kind="window"``), the outputs before s drawn as computed,
and the expression of y'_s, like the convolution-arithmetic animations but with M beside
the window. Every frame is the scene of the same model with another
:class:`~symconv.figures.model.Neuron` (:func:`~symconv.figures.model.all_neurons`),
painted by :mod:`symconv.figures.matplotlib_figure` with one cell size for all frames.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import MissingDependencyError
from ..limits import check_size
from .matplotlib_figure import paint, require_matplotlib
from .model import FigureModel, all_neurons
from .scene import Scene, SceneOptions, build_scene

MAX_FRAMES = 144
"""An animation has one frame per row of M: at most this many unless forced."""
DEFAULT_FPS = 1.5
"""Frames per second: time to read each row."""
ANIMATION_DPI = 110
"""Pixels per inch of the frames (a 4.5 in figure is about 500 pixels wide)."""


def frames(model: FigureModel, layer: Any, x: Any = None, *, options: SceneOptions | None = None,
           force: bool = False) -> list[Scene]:
    """One scene per row of M, all with the cell size of the model's own scene (so every frame matches)."""
    assert model.window is not None
    rows = model.summary.matrix_shape[0]
    check_size("the animation", rows, MAX_FRAMES, unit="frames (one per row of M)", name="MAX_FRAMES", force=force,
               ways="pass force=True (CLI: --force), or animate a smaller layer")
    options = options or SceneOptions()
    unit = build_scene(model, options).unit
    scenes = []
    for neuron in all_neurons(layer, x, force=force):
        step = replace(model, window=replace(model.window, neuron=neuron))
        scenes.append(build_scene(step, replace(options, unit=unit, done_rows=neuron.row)))
    return scenes


def save_animation(scenes: list[Scene], target: Any, fmt: str, *, fps: float = DEFAULT_FPS,
                   dpi: int = ANIMATION_DPI) -> None:
    """Write the frames as an animated ``gif`` (Pillow) or ``mp4`` (ffmpeg) to a path."""
    require_matplotlib()
    from matplotlib.animation import FFMpegWriter, PillowWriter
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if fmt == "mp4" and not FFMpegWriter.isAvailable():
        raise MissingDependencyError("an MP4 animation needs ffmpeg, which is not installed (Debian: apt-get "
                                     "install ffmpeg); write a .gif instead")
    rate: Any = fps  # matplotlib takes any positive number of frames per second
    if fmt == "mp4":
        writer: Any = FFMpegWriter(fps=rate, codec="libx264", extra_args=["-pix_fmt", "yuv420p"],
                                   metadata={"comment": "made by symconv"})
    else:
        writer = PillowWriter(fps=rate, metadata={"comment": "made by symconv"})
    width = max(scene.width for scene in scenes)
    height = max(scene.height for scene in scenes)
    # even pixel sizes (H.264 needs them); every frame is painted on the same canvas
    inches = [2 * round(side * scenes[0].unit / 72 * dpi / 2) / dpi for side in (width, height)]
    figure = Figure(figsize=(inches[0], inches[1]))
    FigureCanvasAgg(figure)
    with writer.saving(figure, str(target), dpi):
        for scene in scenes:
            paint(replace(scene, width=width, height=height), figure)
            writer.grab_frame()
