#!/usr/bin/env python3
r"""How long the views of a layer take: the structure's cost follows the kernel, not the image.

Run from anywhere (the repository root is put on ``sys.path``)::

    python3 benchmarks/views.py

The issue's benchmark: ``structure()`` and its text for a symbolic 16 -> 16 layer with a
3x3 kernel and padding 1 on a 224x224 image take about as long as on an 8x8 image, well
under a second, while the full M (about 115 million nonzeros) is never built. For scale,
the time the full SymPy M would take is estimated from ``matrix(sparse=True)`` on a
8x8 image of the same layer, per nonzero. ``formula()`` with its text and ``neuron()``
with its text are timed too: they read the options and one window only.

Each time is the median of several runs after one warm-up; before each run a fresh
layer is made (so no cached pattern is reused), outside the timed region.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sympy.core.cache import clear_cache  # noqa: E402

from symconv import Conv, kernel  # noqa: E402

CHANNELS = 16
"""16 -> 16 channels."""

KERNEL = kernel((CHANNELS, CHANNELS, 3, 3))
"""The symbolic kernel K_{u,i,p,q}, 16x16x3x3."""

SIZES = (8, 224)
"""The small and the large image."""

REPEATS = 7


def layer(size: int) -> Conv:
    """The symbolic 16 -> 16, 3x3, padding 1 layer on a size x size image."""
    return Conv(KERNEL, (CHANNELS, size, size), padding=1)


def median_time(work: Callable[[Conv], Any], size: int, repeats: int = REPEATS) -> float:
    """The median time of ``work(layer)`` on a fresh layer, after one warm-up (collector on).

    Every repeat starts as run.py's do: a fresh layer, SymPy's cache cleared, ``gc.collect()``.
    """
    times = []
    for run in range(repeats + 1):
        fresh = layer(size)
        clear_cache()
        gc.collect()
        start = time.perf_counter()
        work(fresh)
        elapsed = time.perf_counter() - start
        if run:
            times.append(elapsed)
    return statistics.median(times)


def full_matrix_estimate(size: int, sample: int = 8) -> tuple[int, float]:
    """``(nonzeros, seconds)``: the nonzeros of M on a size x size image (counted from the shapes) and the time
    ``matrix(sparse=True)`` would take, extrapolated per nonzero from a sample x sample image."""
    sample_layer = layer(sample)
    start = time.perf_counter()
    sample_layer.matrix(sparse=True)
    per_nonzero = (time.perf_counter() - start) / sample_layer.pattern.nnz
    nonzeros = layer(size).pattern.nnz
    return nonzeros, nonzeros * per_nonzero


VIEWS: dict[str, Callable[[Conv], Any]] = {
    "structure() and its text": lambda conv: conv.structure().text(),
    "structure() and its LaTeX": lambda conv: conv.structure().latex(),
    "formula() and its text": lambda conv: conv.formula().text(),
    "neuron(5, 3, 3) and its text": lambda conv: conv.neuron(5, 3, 3).text(),
}


def run() -> list[dict[str, Any]]:
    """Measure every view on the small and the large image; return one row per view, then the full-M estimate."""
    small, large = SIZES
    nonzeros, estimate = full_matrix_estimate(large)
    rows: list[dict[str, Any]] = []
    for name, work in VIEWS.items():
        times = {size: median_time(work, size) for size in SIZES}
        rows.append({"view": name, f"{small}x{small}": times[small], f"{large}x{large}": times[large],
                     "ratio": times[large] / times[small]})
    rows.append({"view": "full M (estimate)", "nonzeros": nonzeros, "seconds": estimate})
    return rows


def main() -> None:
    """Print the table of :func:`run`."""
    small, large = SIZES
    *rows, full = run()
    print(f"symbolic {CHANNELS} -> {CHANNELS} channels, 3x3 kernel, padding 1; median of {REPEATS} runs")
    print(f"{'view':36} {f'{small}x{small}':>10} {f'{large}x{large}':>10} {'ratio':>7}")
    for row in rows:
        print(f"{row['view']:36} {row[f'{small}x{small}'] * 1e3:8.1f} ms {row[f'{large}x{large}'] * 1e3:7.1f} ms "
              f"{row['ratio']:6.2f}x")
    print(f"the full M on {large}x{large}: {full['nonzeros']:,} nonzeros; matrix(sparse=True) would take about "
          f"{full['seconds']:,.0f} s (extrapolated per nonzero from the {small}x{small} image) and is never built "
          "by the views")


if __name__ == "__main__":
    main()
