"""Ready-made examples, starting with the worked example of the question symconv grew from.

The question is "representation of a convolutional layer as a fully connected one
(matrix representation)" on Cross Validated (stats.stackexchange.com, question 411498).
Its answer works one case by hand: an input x of shape 1x3x3 holding 1..9 and a kernel
K of shape 2x1x2x2 holding a..h, so that M is 8x9 and M x' = [1a+2b+4c+5d, ...].
"""

from __future__ import annotations

from .derivation import Derivation
from .layer import Conv
from .symbols import kernel

SOURCE = "Cross Validated question 411498, 'representation of a convolutional layer as a fully connected one'"
"""Where the worked example comes from."""

EXAMPLE_INPUT = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
"""The worked example's input x (1x3x3)."""


def example_layer() -> Conv:
    """Return the worked example's layer: kernel a..h of shape 2x1x2x2 on a 1x3x3 input.

    Returns
    -------
    Conv
        ``Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))``, whose M is 8x9.

    Examples
    --------
    >>> from symconv.examples import example_layer
    >>> example_layer().matrix().shape
    (8, 9)
    """
    return Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))


def example_derivation() -> Derivation:
    """Return the derivation of the worked example (input 1..9).

    Returns
    -------
    Derivation
        :func:`example_layer` derived for :data:`EXAMPLE_INPUT`; its blocks are those of the
        question's answer, character for character.

    Examples
    --------
    >>> from symconv.examples import example_derivation
    >>> example_derivation().blocks()["flat_input"]
    '[1 2 3|4 5 6|7 8 9]'
    """
    return example_layer().derive(EXAMPLE_INPUT)
