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
    """Return where entry (channel, position) of a tensor lands in its flat vector.

    Works elementwise on numpy arrays (with broadcasting) as well as on ints.

    Parameters
    ----------
    order : str
        ``"CHW"`` (channels first) or ``"HWC"`` (channels last).
    channel : int or numpy.ndarray
        The channel c.
    position : int or numpy.ndarray
        The spatial position p, row-major over the spatial axes.
    channels : int or numpy.ndarray
        The number of channels C.
    positions : int or numpy.ndarray
        The number of spatial positions P (the product of the spatial sizes).

    Returns
    -------
    int or numpy.ndarray
        :math:`c P + p` for CHW, :math:`p C + c` for HWC.

    Examples
    --------
    >>> from symconv.layout import flat_index
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

    Parameters
    ----------
    shape : tuple of int
        The tensor's shape, channels first: ``(C, n1[, n2[, n3]])``.
    order : str
        ``"CHW"``: channel by channel, each channel row-major (the question's
        :math:`x'_{iHW + jW + k} = x_{i,j,k}`); ``"HWC"``: position by position, the channels
        of a position together.

    Notes
    -----
    With :math:`P` spatial positions and :math:`C` channels, entry (c, p) lands at
    :math:`c P + p` (CHW) or :math:`p C + c` (HWC); see :func:`flat_index`.

    Examples
    --------
    >>> from symconv.layout import Layout
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
        """C, the size of the first axis.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3, 4), "CHW").channels
        2
        """
        return self.shape[0]

    @property
    def positions(self) -> int:
        """The number of spatial positions (the product of the spatial sizes).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3, 4), "CHW").positions
        12
        """
        count = 1
        for size in self.shape[1:]:
            count *= size
        return count

    @property
    def size(self) -> int:
        """The length of the flat vector (channels times positions).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3, 4), "HWC").size
        24
        """
        return self.channels * self.positions

    def index(self, channel: Any, position: Any) -> Any:
        """Return where (channel, position) lands in the flat vector (see :func:`flat_index`).

        Parameters
        ----------
        channel : int or numpy.ndarray
            The channel.
        position : int or numpy.ndarray
            The spatial position, row-major over the spatial axes.

        Returns
        -------
        int or numpy.ndarray
            The flat index (elementwise for arrays).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 2, 3), "CHW").index(1, 4), Layout((2, 2, 3), "HWC").index(1, 4)
        (10, 9)
        """
        return flat_index(self.order, channel, position, self.channels, self.positions)

    def split(self, flat: int) -> tuple[int, tuple[int, ...]]:
        """Return the channel and spatial coordinates of entry ``flat`` of the vector (the inverse of :meth:`join`).

        Parameters
        ----------
        flat : int
            An index of the flat vector, ``0 <= flat < size``.

        Returns
        -------
        tuple
            ``(channel, (n1, n2, ...))``: the channel and the spatial coordinates, as ints.

        Raises
        ------
        IndexError
            If ``flat`` is outside the vector.

        Examples
        --------
        >>> from symconv.layout import Layout
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
        """Return where (channel, spatial coordinates) lands in the flat vector.

        Parameters
        ----------
        channel : int
            The channel.
        coordinates : tuple of int
            The spatial coordinates, one per spatial axis.

        Returns
        -------
        int
            The flat index.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 2, 3), "CHW").join(1, (0, 1)), Layout((2, 2, 3), "HWC").join(1, (1, 0))
        (7, 7)
        """
        position = int(np.ravel_multi_index(coordinates, self.shape[1:])) if coordinates else 0
        return int(self.index(channel, position))

    def permutation(self) -> np.ndarray:
        """Return ``perm`` with ``perm[r]`` the flat index of the r-th entry in channels-first row-major order.

        Returns
        -------
        numpy.ndarray
            An int64 array of ``size`` entries (the identity for CHW).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3), "HWC").permutation().tolist()
        [0, 2, 4, 1, 3, 5]
        """
        channel = np.arange(self.channels, dtype=np.int64)[:, None]
        position = np.arange(self.positions, dtype=np.int64)[None, :]
        return np.asarray(self.index(channel, position)).reshape(-1)

    def flatten(self, channels_first: list[T]) -> list[T]:
        """Return a channels-first row-major list reordered into the flat vector.

        Parameters
        ----------
        channels_first : list
            The tensor's entries in channels-first row-major order (``size`` of them).

        Returns
        -------
        list
            The same entries in the order of the flat vector.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3), "HWC").flatten(["a0", "a1", "a2", "b0", "b1", "b2"])
        ['a0', 'b0', 'a1', 'b1', 'a2', 'b2']
        """
        flat: list[Any] = [None] * self.size
        for value, target in zip(channels_first, self.permutation().tolist()):
            flat[target] = value
        return flat

    def unflatten(self, flat: list[T]) -> list[T]:
        """Return a flat vector reordered into the channels-first row-major list of the tensor's entries.

        Parameters
        ----------
        flat : list
            The flat vector (``size`` entries).

        Returns
        -------
        list
            The entries in channels-first row-major order (the inverse of :meth:`flatten`).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3), "HWC").unflatten(["a0", "b0", "a1", "b1", "a2", "b2"])
        ['a0', 'a1', 'a2', 'b0', 'b1', 'b2']
        """
        return [flat[i] for i in self.permutation().tolist()]

    def per_channel(self, values: list[T]) -> list[T]:
        """Return the flat vector whose every entry is the value of its channel (the bias b from one entry per channel).

        Parameters
        ----------
        values : list
            One value per channel.

        Returns
        -------
        list
            ``size`` entries: entry (c, p) of the tensor holds ``values[c]``, in the flat order.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3), "CHW").per_channel(["p", "q"]), Layout((2, 3), "HWC").per_channel(["p", "q"])
        (['p', 'p', 'p', 'q', 'q', 'q'], ['p', 'q', 'p', 'q', 'p', 'q'])
        """
        return self.flatten([value for value in values for _ in range(self.positions)])

    @property
    def channel_blocks(self) -> bool:
        """True when each channel's entries form one contiguous block of the flat vector (CHW).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3), "CHW").channel_blocks, Layout((2, 3), "HWC").channel_blocks
        (True, False)
        """
        return self.order == "CHW"

    def bar_every(self) -> int:
        """Return how many flat entries form one group for printing (a ``|`` between groups).

        Returns
        -------
        int
            W (the last spatial size) for CHW, C for HWC; 0 when a group would be a single entry
            (no bars).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((1, 3, 3), "CHW").bar_every(), Layout((2, 3, 3), "HWC").bar_every()
        (3, 2)
        >>> Layout((1, 3), "HWC").bar_every()
        0
        """
        size = self.shape[-1] if self.order == "CHW" else self.channels
        return size if size > 1 else 0

    def rule(self) -> FlatteningRule:
        """Return the flattening rule as a record for the printers (letters from :func:`symconv.symbols.notation`).

        Returns
        -------
        FlatteningRule
            The order, the spatial index letters, their sizes' names and values, and C.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((1, 3, 3), "CHW").rule()
        FlatteningRule(order='CHW', letters=('j', 'k'), size_names=('H', 'W'), sizes=(3, 3), channels=1)
        """
        from .symbols import notation

        letters = notation(len(self.shape) - 1)
        return FlatteningRule(self.order, letters.input_positions, letters.input_sizes, self.shape[1:],
                              self.channels)


@dataclass(frozen=True)
class FlatteningRule:
    """x' as a formula: ``x'[i*H*W + j*W + k] = x[i,j,k]`` (CHW) or ``x'[(j*W + k)*C + i] = x[i,j,k]`` (HWC).

    Made by :meth:`Layout.rule`; the text and LaTeX printers write it
    (:func:`symconv.printing.text.flat_rule_text`, :func:`symconv.printing.latex.flat_rule_latex`).

    Parameters
    ----------
    order : str
        ``"CHW"`` or ``"HWC"``.
    letters : tuple of str
        The spatial index letters (j, k, l as needed).
    size_names : tuple of str
        The names of their sizes (T, H, W as needed).
    sizes : tuple of int
        The spatial sizes.
    channels : int
        C, the number of channels.

    Examples
    --------
    >>> from symconv.layout import Layout
    >>> from symconv.printing.text import flat_rule_text
    >>> flat_rule_text(Layout((2, 3, 3), "HWC").rule())
    "x'[(j*W + k)*C + i] = x[i,j,k], C=2, H=3, W=3"
    """

    order: str
    letters: tuple[str, ...]
    size_names: tuple[str, ...]
    sizes: tuple[int, ...]
    channels: int

    def index_text(self, times: str = "*") -> str:
        """Return the flat index of ``x[i, j, k]``: ``i*H*W + j*W + k`` (CHW) or ``(j*W + k)*C + i`` (HWC).

        Parameters
        ----------
        times : str, default "*"
            The multiplication sign (``""`` for LaTeX).

        Returns
        -------
        str
            :func:`flat_index_text` with the input's letters.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> Layout((2, 3), "HWC").rule().index_text(), Layout((1, 3, 3), "CHW").rule().index_text("")
        ('j*C + i', 'iHW + jW + k')
        """
        return flat_index_text(self.order, "i", self.letters, "C", self.size_names, times)


def flat_index_text(order: str, channel: str, letters: tuple[str, ...], channels: str,
                    size_names: tuple[str, ...], times: str = "*") -> str:
    """Return a flat index written with letters: ``u*H'*W' + v*W' + w`` (CHW) or ``(v*W' + w)*D + u`` (HWC).

    The one place that writes the flattening rule as a formula, for x', y', the checker's
    report and the entry formula.

    Parameters
    ----------
    order : str
        ``"CHW"`` or ``"HWC"``.
    channel : str
        The channel's letter (i, u).
    letters : tuple of str
        The spatial letters (j, k or v, w...).
    channels : str
        The number of channels' name (C, D), used by HWC.
    size_names : tuple of str
        The spatial sizes' names (H, W...).
    times : str, default "*"
        The multiplication sign (``""`` for LaTeX).

    Returns
    -------
    str
        The index; HWC puts the spatial part in parentheses only when it has more than one term.

    Examples
    --------
    >>> from symconv.layout import flat_index_text
    >>> flat_index_text("CHW", "u", ("v", "w"), "D", ("H'", "W'"))
    "u*H'*W' + v*W' + w"
    >>> flat_index_text("HWC", "u", ("v",), "D", ("W'",)), flat_index_text("HWC", "i", ("j", "k"), "C", ("H", "W"), "")
    ('v*D + u', '(jW + k)C + i')
    """
    spatial = " + ".join(times.join([letter, *size_names[n + 1 :]]) for n, letter in enumerate(letters))
    if order == "CHW":
        return f"{times.join([channel, *size_names])} + {spatial}"
    position = spatial if len(letters) == 1 else f"({spatial})"
    return f"{position}{times}{channels} + {channel}"

