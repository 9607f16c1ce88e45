"""Ready-made examples, starting with the worked example of the seed question.

The seed: input x of shape 1x3x3 holding 1..9, kernel K of shape 2x1x2x2 holding
a..h, so that M is 8x9 and M x' = [1a+2b+4c+5d, ...].
"""

from __future__ import annotations

from .derivation import Derivation
from .layer import Conv
from .symbols import kernel

SEED_INPUT = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
"""The seed's input x (1x3x3)."""


def seed_layer() -> Conv:
    """Return the seed's layer: kernel a..h of shape 2x1x2x2 on a 1x3x3 input.

    Examples
    --------
    >>> seed_layer().matrix().shape
    (8, 9)
    """
    return Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))


def seed_derivation() -> Derivation:
    """Return the derivation of the seed's worked example (input 1..9).

    Examples
    --------
    >>> seed_derivation().blocks()["flat_input"]
    '[1 2 3|4 5 6|7 8 9]'
    """
    return seed_layer().derive(SEED_INPUT)
