r"""How a tensor of shape (C, n1[, n2[, n3]]) becomes a vector: the two flattening orders, in one place.

Every other module (the index pattern, the bias, the expansion, the numeric
operators, the printers) asks this module where entry (channel, position) of a
tensor lands in its flat vector; none of them writes the rule again.

Notes
-----
With :math:`P = n_1 n_2 \cdots` spatial positions (row-major) and :math:`C` channels,
entry (channel :math:`c`, position :math:`p`) of the tensor is entry

.. math:: c P + p \quad (\texttt{CHW}), \qquad p C + c \quad (\texttt{HWC})

of the flat vector. The same rule orders the links inside one row of M (channel,
then window position for CHW; window position, then channel for HWC), so that a row
lists its inputs in the order they appear in x'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

ORDERS = ("CHW", "HWC")
"""The flattening orders: channels first (the question's ``x'_{iHW+jW+k} = x_{i,j,k}``) or channels last."""

T = TypeVar("T")


def flat_index(order: str, channel: Any, position: Any, channels: Any, positions: Any) -> Any:
    """Return where (channel, position) lands in a vector of ``channels`` x ``positions`` entries.

    Works elementwise on numpy arrays (with broadcasting) as well as on ints.

    Examples
    --------
    >>> flat_index("CHW", 1, 2, 2, 3), flat_index("HWC", 1, 2, 2, 3)
    (5, 5)
    >>> flat_index("CHW", 0, 2, 2, 3), flat_index("HWC", 0, 2, 2, 3)
    (2, 4)
    """
    if order == "CHW":
        return channel * positions + position
    return position * channels + channel


@dataclass(frozen=True)
class Layout:
    """The flattening of a tensor of ``shape`` (channels first) into a vector, in ``order``.

    Examples
    --------
    >>> layout = Layout((2, 1, 3), "HWC")
    >>> layout.flatten(["a0", "a1", "a2", "b0", "b1", "b2"])
    ['a0', 'b0', 'a1', 'b1', 'a2', 'b2']
    >>> layout.unflatten(['a0', 'b0', 'a1', 'b1', 'a2', 'b2'])
    ['a0', 'a1', 'a2', 'b0', 'b1', 'b2']
    >>> layout.per_channel(["p", "q"])
    ['p', 'q', 'p', 'q', 'p', 'q']
    """

    shape: tuple[int, ...]
    order: str

    @property
    def channels(self) -> int:
        """C, the first axis."""
        return self.shape[0]

    @property
    def positions(self) -> int:
        """The number of spatial positions (the product of the spatial sizes)."""
        count = 1
        for size in self.shape[1:]:
            count *= size
        return count

    @property
    def size(self) -> int:
        """The length of the flat vector."""
        return self.channels * self.positions

    def index(self, channel: Any, position: Any) -> Any:
        """Where (channel, position) lands in the flat vector (see :func:`flat_index`)."""
        return flat_index(self.order, channel, position, self.channels, self.positions)

    def split(self, flat: int) -> tuple[int, tuple[int, ...]]:
        """The inverse of :meth:`index`: entry ``flat`` of the vector is (channel, spatial coordinates).

        Examples
        --------
        >>> Layout((2, 2, 3), "CHW").split(7), Layout((2, 2, 3), "HWC").split(7)
        ((1, (0, 1)), (1, (1, 0)))
        """
        if not 0 <= flat < self.size:
            raise IndexError(f"entry {flat} is outside a vector of {self.size} entries")
        channel, position = (divmod(flat, self.positions) if self.channel_blocks
                             else divmod(flat, self.channels)[::-1])
        coordinates = np.unravel_index(position, self.shape[1:]) if self.shape[1:] else ()
        return int(channel), tuple(int(c) for c in coordinates)

    def join(self, channel: int, coordinates: tuple[int, ...]) -> int:
        """Where (channel, spatial coordinates) lands in the flat vector."""
        position = int(np.ravel_multi_index(coordinates, self.shape[1:])) if coordinates else 0
        return int(self.index(channel, position))

    def permutation(self) -> np.ndarray:
        """``perm[r]`` = the flat index of the r-th entry in channels-first row-major order."""
        channel = np.arange(self.channels, dtype=np.int64)[:, None]
        position = np.arange(self.positions, dtype=np.int64)[None, :]
        return np.asarray(self.index(channel, position)).reshape(-1)

    def flatten(self, channels_first: list[T]) -> list[T]:
        """Reorder a channels-first row-major list into the flat vector."""
        flat: list[Any] = [None] * self.size
        for value, target in zip(channels_first, self.permutation().tolist()):
            flat[target] = value
        return flat

    def unflatten(self, flat: list[T]) -> list[T]:
        """Reorder a flat vector into the channels-first row-major list of the tensor's entries."""
        return [flat[i] for i in self.permutation().tolist()]

    def per_channel(self, values: list[T]) -> list[T]:
        """The flat vector whose every entry is the value of its channel (the bias b from one entry per channel)."""
        return self.flatten([value for value in values for _ in range(self.positions)])

    @property
    def channel_blocks(self) -> bool:
        """True when each channel's entries form one contiguous block of the flat vector (CHW)."""
        return self.order == "CHW"

    def bar_every(self) -> int:
        """How many flat entries form one group for printing (a ``|`` between groups): W for CHW, C for HWC.

        Returns 0 when a group would be a single entry (no bars).
        """
        size = self.shape[-1] if self.order == "CHW" else self.channels
        return size if size > 1 else 0

    def rule(self) -> FlatteningRule:
        """The flattening rule as a record for the printers (letters from :func:`symconv.symbols.notation`)."""
        from .symbols import notation

        letters = notation(len(self.shape) - 1)
        return FlatteningRule(self.order, letters.input_positions, letters.input_sizes, self.shape[1:],
                              self.channels)


@dataclass(frozen=True)
class FlatteningRule:
    """x' as a formula: ``x'[i*H*W + j*W + k] = x[i,j,k]`` (CHW) or ``x'[(j*W + k)*C + i] = x[i,j,k]`` (HWC).

    ``letters`` are the spatial index names (j, k, l), ``size_names`` their sizes'
    names (T, H, W as needed), ``sizes`` the sizes and ``channels`` C.
    """

    order: str
    letters: tuple[str, ...]
    size_names: tuple[str, ...]
    sizes: tuple[int, ...]
    channels: int

    def spatial_terms(self) -> list[tuple[str, tuple[str, ...]]]:
        """``[(letter, sizes it is multiplied by), ...]``: in 2-D ``j*W + k`` is ``[("j", ("W",)), ("k", ())]``."""
        return [(letter, self.size_names[n + 1 :]) for n, letter in enumerate(self.letters)]
