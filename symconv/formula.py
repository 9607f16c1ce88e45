r"""The general rule for the entry :math:`M_{s,t}` of a layer's matrix, as one Python function.

For every layer symconv writes a plain Python function ``M(s, t)`` that computes the
entry of M in row s and column t from the layer's options alone (never from M): it
splits s into the output index (u, v, w...) and t into the input index (i, j, k...)
with the flattening rule of the layer's order, and returns the kernel entry that joins
them, or 0. latexify-py renders that same function to LaTeX, and the tests evaluate it
for every (s, t) of hundreds of random layers against :meth:`~symconv.Layer.matrix`, so
the printed rule is the computed one.

Notes
-----
The function is generated as source text from the layer's options (stride, padding
and its mode, dilation, groups, flip, order, transposition) and compiled once. Its
module holds five small functions, each rendered on its own:

``split_row(s)``, ``split_column(t)``
    The output index (u, v, w) of row s and the input index (i, j, k) of column t.
``row(u, v, w)``, ``column(i, j, k)``
    The flattening rules they invert: ``s = u*H'*W' + v*W' + w`` (CHW) or
    ``s = (v*W' + w)*D + u`` (HWC), and likewise for t.
``rule(u, v, w, i, j, k)``
    The entry as a cases expression. For a forward convolution with zero padding,
    stride S, dilation d and padding b before the input, output position v reads input
    position j through the window position (j - S v + b)/d when that is an integer in
    [0, P); with ``flip`` the kernel index is P - 1 minus it. With another padding
    mode, a window that reaches into the padding folds back onto the input, and the
    entry becomes a sum over the kernel taps p whose folded position equals j (see
    :func:`circular`, :func:`reflect`, :func:`replicate`). Groups add the condition
    that i and u are in the same group. A transposed convolution, M = F^T, takes the
    forward rule with the roles of s and t swapped: output v receives input j through
    the window position (v - S j + b)/d.

The letters are those of :func:`symconv.symbols.notation`. In the generated source
the primed output sizes H', W', T' are the single letters ``Ĥ``, ``Ŵ``, ``Ť`` (Python
names cannot hold a prime); every printed form writes them H', W', T'.
"""

from __future__ import annotations

import hashlib
import linecache
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy

from .errors import LayerError
from .layout import flat_index_text
from .protocol import LayerSummary
from .symbols import Notation, notation
from .view import View

PRIMED = {"T": "Ť", "H": "Ĥ", "W": "Ŵ"}
"""The Python letter of each primed output size (T', H', W')."""

DISPLAY = {letter: size + "'" for size, letter in PRIMED.items()}
"""How the letters of :data:`PRIMED` are printed: ``Ĥ`` as ``H'``."""


# -- the padding modes' folding of a padded position back onto the input ---------------------------
def circular(a: int, n: int) -> int:
    r"""Return the input position read at padded position ``a`` with circular padding (size ``n``): a mod n.

    Parameters
    ----------
    a : int
        The padded position (negative before the input, ``n`` or more after it).
    n : int
        The input size.

    Returns
    -------
    int
        :math:`a \bmod n`.

    Examples
    --------
    >>> from symconv.formula import circular
    >>> [circular(a, 3) for a in (-2, -1, 0, 1, 2, 3, 4)]
    [1, 2, 0, 1, 2, 0, 1]
    """
    return a % n


def reflect(a: int, n: int) -> int:
    """Return the input position read at padded position ``a`` with reflect padding: the mirror image without the edge.

    Valid for -(n-1) <= a <= 2(n-1), which reflect padding (padding < n) guarantees.

    Parameters
    ----------
    a : int
        The padded position.
    n : int
        The input size.

    Returns
    -------
    int
        :math:`n - 1 - |n - 1 - |a||`.

    Examples
    --------
    >>> from symconv.formula import reflect
    >>> [reflect(a, 3) for a in (-2, -1, 0, 1, 2, 3, 4)]
    [2, 1, 0, 1, 2, 1, 0]
    """
    return n - 1 - abs(n - 1 - abs(a))


def replicate(a: int, n: int) -> int:
    """Return the input position read at padded position ``a`` with replicate padding: the nearest edge.

    Parameters
    ----------
    a : int
        The padded position.
    n : int
        The input size.

    Returns
    -------
    int
        ``a`` clipped to ``[0, n - 1]``.

    Examples
    --------
    >>> from symconv.formula import replicate
    >>> [replicate(a, 3) for a in (-2, -1, 0, 1, 2, 3, 4)]
    [0, 0, 0, 1, 2, 2, 2]
    """
    return min(max(a, 0), n - 1)


FOLDS: dict[str, Callable[[int, int], int]] = {"circular": circular, "reflect": reflect, "replicate": replicate}
"""The folding function of every padding mode other than zeros."""


@dataclass(frozen=True)
class Formula(View):
    """The rule for :math:`M_{s,t}`: one Python function, its pieces, and the sizes it uses.

    Made by :meth:`symconv.Layer.formula`; ``text()``, ``latex()`` and ``entry(s, t)``
    read it. For a product of layers, ``factors`` holds the formula of every factor
    (in the order they are applied) and the entry is the sum over the products of
    their entries; the pieces of the product itself are then empty.

    Parameters
    ----------
    summary : LayerSummary
        The layer the rule is for.
    number : int, default 0
        0 for a layer on its own; n for the n-th factor of a product (printed
        ``M_n`` with kernel ``K^{(n)}``).
    row_letters : tuple of str, default ()
        (u, v, w...): the letters of the output index.
    column_letters : tuple of str, default ()
        (i, j, k...): the letters of the input index.
    row_split : tuple of str, default ()
        Python expressions of each row letter in terms of s.
    column_split : tuple of str, default ()
        Python expressions of each column letter in terms of t.
    row_join : str, default ""
        The Python expression of s in terms of the row letters.
    column_join : str, default ""
        The Python expression of t in terms of the column letters.
    kernel_index : tuple of str, default ()
        The Python expressions of the indices of K.
    conditions : tuple of str, default ()
        The conditions under which the entry is not 0 (groups, and the axes whose
        windows never fold).
    sums : tuple of tuple of str, default ()
        ``(tap letter, kernel size)`` of every axis summed over (windows that fold).
    fold_conditions : tuple of str, default ()
        The conditions on the summed taps.
    folds : tuple of str, default ()
        The folding functions used (``"reflect"``, ...).
    sizes : tuple of tuple, default ()
        ``(Python name, value)`` of C, the input sizes, D, the output sizes and the
        kernel sizes.
    factors : tuple of Formula, default ()
        The formulas of the factors of a product, in the order they are applied.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> formula = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).formula()
    >>> print(formula.text(), end="")
    M[s, t] = K[u, i, j - v, k - w]  if 0 <= j - v < P and 0 <= k - w < Q
              0                      otherwise
    where u = s // (H'*W'), v = s // W' % H', w = s % W'  # s = u*H'*W' + v*W' + w
          i = t // (H*W), j = t // W % H, k = t % W  # t = i*H*W + j*W + k
          C = 1, H = 3, W = 3, D = 2, H' = 2, W' = 2, P = 2, Q = 2
    >>> formula.entry(3, 8)
    d
    """

    summary: LayerSummary
    number: int = 0
    row_letters: tuple[str, ...] = ()
    column_letters: tuple[str, ...] = ()
    row_split: tuple[str, ...] = ()
    column_split: tuple[str, ...] = ()
    row_join: str = ""
    column_join: str = ""
    kernel_index: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    sums: tuple[tuple[str, str], ...] = ()
    fold_conditions: tuple[str, ...] = ()
    folds: tuple[str, ...] = ()
    sizes: tuple[tuple[str, int], ...] = ()
    factors: tuple[Formula, ...] = field(default=())

    # -- the generated function ----------------------------------------------------------------
    @property
    def is_product(self) -> bool:
        """True for the formula of a product of layers (its factors carry the rules).

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).formula().is_product
        True
        """
        return bool(self.factors)

    def value_source(self) -> str:
        """Return the Python expression of the kernel entry: ``K[u][i][j - v][k - w]``.

        Returns
        -------
        str
            ``K`` indexed by :attr:`kernel_index`, one bracket per index.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).formula().value_source()
        'K[u][i][j - v][k - w]'
        """
        return "K" + "".join(f"[{index}]" for index in self.kernel_index)

    def rule_body(self) -> list[str]:
        """Return the body of ``rule(...)``: an ``if``/``else`` on the conditions, a sum over folded taps, or both.

        Returns
        -------
        list of str
            The lines of the body, indented relative to each other.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, padding_mode="reflect").formula().rule_body()
        ['return sum(K[u][i][p] if reflect(v + p - 1, W) == j else 0 for p in range(P))']
        """
        value = self.value_source()
        if self.sums:
            loops = " ".join(f"for {letter} in range({size})" for letter, size in self.sums)
            value = f"sum({value} if {' and '.join(self.fold_conditions)} else 0 {loops})"
        if not self.conditions:
            return [f"return {value}"]
        return [f"if {' and '.join(self.conditions)}:", f"    return {value}", "else:", "    return 0"]

    @cached_property
    def source(self) -> str:
        """The Python source of the module that computes every entry (empty for a product), made once.

        Its functions are ``M(s, t)``, ``rule(u, v, w, i, j, k)``, ``split_row(s)``,
        ``split_column(t)``, ``row(u, v, w)`` and ``column(i, j, k)``.

        Examples
        --------
        >>> from symconv import Conv
        >>> print(Conv([[[1, 2]]], (1, 3)).formula().source.split(chr(10) * 3)[0])
        def M(s, t):
            u, v = split_row(s)
            i, j = split_column(t)
            return rule(u, v, i, j)
        """
        if self.is_product:
            return ""
        rows, columns = ", ".join(self.row_letters), ", ".join(self.column_letters)
        lines = [
            "def M(s, t):",
            f"    {rows} = split_row(s)",
            f"    {columns} = split_column(t)",
            f"    return rule({rows}, {columns})",
            "",
            "",
            f"def rule({rows}, {columns}):",
            *("    " + line for line in self.rule_body()),
            "",
            "",
            "def split_row(s):",
            f"    return ({', '.join(self.row_split)},)" if len(self.row_split) == 1
            else f"    return ({', '.join(self.row_split)})",
            "",
            "",
            "def split_column(t):",
            f"    return ({', '.join(self.column_split)},)" if len(self.column_split) == 1
            else f"    return ({', '.join(self.column_split)})",
            "",
            "",
            f"def row({rows}):",
            f"    return {self.row_join}",
            "",
            "",
            f"def column({columns}):",
            f"    return {self.column_join}",
        ]
        return "\n".join(lines) + "\n"

    @cached_property
    def namespace(self) -> dict[str, Any]:
        """The compiled module: its functions, the kernel K as nested lists, the sizes, the folds ({} for a product).

        The source is registered with :mod:`linecache` under a name made from its hash, so
        that ``inspect.getsource`` (and latexify-py) can read every function back. Compiled once.

        Examples
        --------
        >>> from symconv import Conv
        >>> namespace = Conv([[[1, 2]]], (1, 3)).formula().namespace
        >>> namespace["K"], namespace["W"], namespace["P"]
        ([[[1, 2]]], 3, 2)
        """
        if self.is_product:
            return {}
        summary = self.summary
        assert summary.kernel is not None and summary.kernel_shape is not None
        digest = hashlib.sha1(self.source.encode()).hexdigest()[:16]
        filename = f"<symconv formula {digest}>"
        linecache.cache[filename] = (len(self.source), None, self.source.splitlines(True), filename)
        scope: dict[str, Any] = {
            "__name__": "symconv_formula",
            "K": sympy.ImmutableDenseNDimArray(summary.kernel, summary.kernel_shape).tolist(),
            **dict(self.sizes),
            **{name: FOLDS[name] for name in self.folds},
        }
        exec(compile(self.source, filename, "exec"), scope)  # noqa: S102 - symconv's own generated source
        return scope

    def function(self, name: str = "M") -> Callable[..., Any]:
        """Return one function of the generated module: ``M`` (the default), ``rule``, ``split_row``, ``row``, ...

        Parameters
        ----------
        name : str, default "M"
            The function's name: ``M``, ``rule``, ``split_row``, ``split_column``, ``row`` or
            ``column``.

        Returns
        -------
        callable
            The function (plain Python, on ints).

        Raises
        ------
        KeyError
            If the module has no such name (or the formula is of a product).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> formula = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).formula()
        >>> formula.function("split_row")(5), formula.function()(5, 4)
        ((1, 0, 1), g)
        """
        return self.namespace[name]

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of M.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).formula().shape
        (8, 9)
        """
        return self.summary.matrix_shape

    def entry(self, s: int, t: int) -> sympy.Expr:
        """Return the entry M[s, t] computed by the rule (for a product, the sum over the factors' entries).

        Parameters
        ----------
        s : int
            The row, ``0 <= s < rows``.
        t : int
            The column, ``0 <= t < columns``.

        Returns
        -------
        sympy.Expr
            The entry: a kernel entry, a sum of them (a padding mode that folds), or 0.

        Raises
        ------
        LayerError
            If ``s`` or ``t`` is not an int index of M.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> rule = Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, padding_mode="reflect").formula()
        >>> rule.entry(0, 1), rule.entry(1, 1)
        (a + c, b)
        """
        rows, columns = self.shape
        for name, value, size in (("s", s, rows), ("t", t, columns)):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
                raise LayerError(f"{name} = {value!r} is not an index of M ({rows}x{columns}); "
                                 f"expected an int with 0 <= {name} < {size}")
        if self.is_product:
            return sympy.expand(self._product_row(s)[t])
        return sympy.sympify(self.function()(s, t))

    def _product_row(self, s: int) -> list[sympy.Expr]:
        """Row s of the product M_n ... M_1, from the factors' rules (the last factor's row times the rest)."""
        last, *earlier = reversed(self.factors)
        vector = [last.entry(s, m) for m in range(last.shape[1])]
        for factor in earlier:
            rows, columns = factor.shape
            vector = [sympy.Add(*[vector[m] * factor.entry(m, c) for m in range(rows) if vector[m] != 0])
                      for c in range(columns)]
        return vector


# -- building the rule from a layer's summary -------------------------------------------------------
def formula(summary: LayerSummary, number: int = 0) -> Formula:
    """Return the :class:`Formula` of a layer described by its summary (a product gives its factors' formulas).

    Parameters
    ----------
    summary : LayerSummary
        The layer's summary (:meth:`symconv.Layer.summary`).
    number : int, default 0
        0 for a layer on its own; n for the n-th factor of a product.

    Returns
    -------
    Formula
        The rule, generated from the options (stride, padding and its mode, dilation,
        groups, flip, order, transposition).

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> from symconv.formula import formula
    >>> rule = formula(ConvTranspose([[[1, 2]]], (1, 3), stride=2).summary())
    >>> rule.conditions
    ('0 <= v - 2*j < P',)
    """
    if summary.kind == "product":
        return Formula(summary, factors=tuple(formula(f, n) for n, f in enumerate(summary.factors, 1)))
    letters = notation(summary.ndim)
    assert summary.kernel_shape is not None
    in_sizes = letters.input_sizes
    out_sizes = tuple(PRIMED[size] for size in in_sizes)
    row_split, row_join = _split("s", letters.output_channel, letters.output_positions, "D", out_sizes,
                                 summary.order)
    column_split, column_join = _split("t", letters.input_channel, letters.input_positions, "C", in_sizes,
                                       summary.order)
    conditions: list[str] = []
    group = _group_condition(summary, letters)
    if group:
        conditions.append(group)
    index: list[str] = []
    sums: list[tuple[str, str]] = []
    fold_conditions: list[str] = []
    folds: list[str] = []
    transposed = summary.kind == "transpose"
    for axis in range(summary.ndim):
        out, inp = letters.output_positions[axis], letters.input_positions[axis]
        tap, size = letters.taps[axis], letters.kernel_sizes[axis]
        stride, dilation = summary.stride[axis], summary.dilation[axis]
        if transposed:
            before, after = summary.padding[axis], summary.padding[axis]
        else:
            before, after = summary.padding[axis]
        if not transposed and summary.padding_mode != "zeros" and (before or after):
            window = f"({size} - 1 - {tap})" if summary.flip else tap
            position = _linear([(stride, out), (dilation, window)], -before)
            fold_conditions.append(f"{summary.padding_mode}({position}, {in_sizes[axis]}) == {inp}")
            sums.append((tap, size))
            index.append(tap)
            if summary.padding_mode not in folds:
                folds.append(summary.padding_mode)
            continue
        # the window position that joins the two positions: (j - S v + b) / d, or (v - S j + b) / d transposed
        reader, read = (out, inp) if transposed else (inp, out)
        offset = _linear([(1, reader), (-stride, read)], before)
        window = offset
        if dilation != 1:
            conditions.append(f"({offset}) % {dilation} == 0")
            window = f"({offset}) // {dilation}"
        conditions.append(f"0 <= {window} < {size}")
        index.append(f"{size} - 1 - ({window})" if summary.flip else window)
    channels = _kernel_channels(summary, letters)
    sizes = [("C", summary.input_shape[0]), *zip(in_sizes, summary.input_shape[1:]),
             ("D", summary.output_shape[0]), *zip(out_sizes, summary.output_shape[1:]),
             *zip(letters.kernel_sizes, summary.kernel_shape[2:])]
    return Formula(
        summary, number,
        row_letters=(letters.output_channel, *letters.output_positions),
        column_letters=(letters.input_channel, *letters.input_positions),
        row_split=row_split, column_split=column_split, row_join=row_join, column_join=column_join,
        kernel_index=(*channels, *index), conditions=tuple(conditions), sums=tuple(sums),
        fold_conditions=tuple(fold_conditions), folds=tuple(folds), sizes=tuple(sizes),
    )


def _linear(terms: list[tuple[int, str]], constant: int) -> str:
    """Python text of a sum of multiples of names plus a constant: ``j - 2*v + 1``, ``v + p - 1``."""
    text = ""
    for factor, name in terms:
        if factor == 0:
            continue
        sign = "-" if factor < 0 else "+"
        magnitude = abs(factor)
        piece = name if magnitude == 1 else f"{magnitude}*{name}"
        text = (f"-{piece}" if sign == "-" else piece) if not text else f"{text} {sign} {piece}"
    if constant:
        text = f"{text} {'-' if constant < 0 else '+'} {abs(constant)}" if text else str(constant)
    return text or "0"


def _split(flat: str, channel: str, positions: tuple[str, ...], channels: str, sizes: tuple[str, ...],
           order: str) -> tuple[tuple[str, ...], str]:
    """The letters (channel, positions...) of a flat index, and the flat index from them, in ``order``.

    CHW: ``s = u*Ĥ*Ŵ + v*Ŵ + w``; HWC: ``s = (v*Ŵ + w)*D + u``; in 3-D ``s = (v*Ĥ*Ŵ + w*Ŵ + z)*D + u``.
    """
    def product(names: tuple[str, ...]) -> str:
        return "*".join(names)

    def divided(divisor: tuple[str, ...]) -> str:
        if not divisor:
            return flat
        return f"{flat} // {product(divisor)}" if len(divisor) == 1 else f"{flat} // ({product(divisor)})"

    n = len(sizes)
    if order == "CHW":
        split = [divided(sizes)]
        for axis in range(n):
            below = sizes[axis + 1 :]
            split.append(f"{divided(below)} % {sizes[axis]}" if below else f"{flat} % {sizes[axis]}")
        return tuple(split), flat_index_text(order, channel, positions, channels, sizes)
    split = [f"{flat} % {channels}"]
    for axis in range(n):
        divisor = (channels, *sizes[axis + 1 :])
        split.append(divided(divisor) if axis == 0 else f"{divided(divisor)} % {sizes[axis]}")
    return tuple(split), flat_index_text(order, channel, positions, channels, sizes)


def _group_condition(summary: LayerSummary, letters: Notation) -> str:
    """``i // 2 == u // 2``: the input and output channels are in the same group ('' for one group)."""
    if summary.groups == 1:
        return ""
    per_in = summary.input_shape[0] // summary.groups
    per_out = summary.output_shape[0] // summary.groups
    i, u = letters.input_channel, letters.output_channel
    left = i if per_in == 1 else f"{i} // {per_in}"
    right = u if per_out == 1 else f"{u} // {per_out}"
    return f"{left} == {right}"


def _kernel_channels(summary: LayerSummary, letters: Notation) -> tuple[str, str]:
    """The two channel indices of K: (u, i mod C/g) forward; (i, u mod D/g) transposed (PyTorch's layout)."""
    i, u = letters.input_channel, letters.output_channel
    if summary.kind == "transpose":
        per_group = summary.output_shape[0] // summary.groups
        return i, _local(u, per_group, summary.groups)
    per_group = summary.input_shape[0] // summary.groups
    return u, _local(i, per_group, summary.groups)


def _local(channel: str, per_group: int, groups: int) -> str:
    """The index of a channel within its group: ``i``, ``i % 2`` or ``0``."""
    if groups == 1:
        return channel
    return "0" if per_group == 1 else f"{channel} % {per_group}"
