"""How large a result symconv builds or prints without being asked, and the one check every entry point makes.

Every size is computed from shapes alone (:attr:`Layer.matrix_shape`, the pattern's
``nnz``, which counts links per axis without listing them), so a refusal comes before
any allocation and within milliseconds. Each limit can be lifted with ``force=True``
(``--force`` on the command line); what needs no M (the layer's description, its
output shape, ``to_scipy()``, ``as_linear_operator()``) has no limit but memory.
"""

from __future__ import annotations

from .errors import SizeError

MAX_DENSE_ENTRIES = 4_000_000
"""``matrix()`` (dense SymPy): at most this many entries (rows x columns); sparse=True is bounded by nonzeros."""

MAX_TERMS = 2_000_000
"""Expansions, sparse SymPy matrices and products of layers: at most this many terms (nonzeros with multiplicity)."""

MAX_SYMBOLS = 2_000_000
"""Symbol factories (``kernel``, ``inputs``, name ranges) and input arrays: at most this many entries."""

MAX_PRINTED_ENTRIES = 10_000
"""A matrix block of a derivation: at most this many entries (rows x columns) in text or LaTeX."""

MAX_PRINTED_TERMS = 200_000
"""An expansion, input or output block: at most this many terms or entries in text or LaTeX."""

MAX_DENSE_NUMPY = 2**25
"""``to_numpy()``: at most this many entries (about 268 MB of float64)."""


WAYS_FOR_M = ("use to_scipy() or as_linear_operator() for a numeric kernel, structure() for the block view of M, "
              "or pass force=True (CLI: --force)")
"""What to do instead of building a large symbolic M."""


def check_matrix(layer: object, *, sparse: bool, force: bool, what: str = "M") -> None:
    """Refuse a symbolic matrix that is too large, before any work (``layer`` is read through its shapes).

    A dense matrix is bounded by its entries (:data:`MAX_DENSE_ENTRIES`); a sparse one, and
    the work behind either, by its terms (:data:`MAX_TERMS`).

    Parameters
    ----------
    layer : LayerLike
        The layer; only ``matrix_shape`` and ``terms()`` are read.
    sparse : bool
        True for a sparse matrix (only the terms are bounded).
    force : bool
        True to lift both limits.
    what : str, default "M"
        What the matrix is called in the message (``"[[M, b], [0, 1]]"`` for the affine form).

    Raises
    ------
    SizeError
        If the matrix is over a limit and ``force`` is false; the message names the limit and
        the ways around it.
    LayerError
        If ``sparse`` or ``force`` is not a bool.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.limits import check_matrix
    >>> check_matrix(Conv(kernel((1, 1, 3)), (1, 5)), sparse=False, force=False)
    >>> check_matrix(Conv(kernel((1, 1, 3, 3)), (1, 2000, 2000)), sparse=False, force=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: M (3992004x4000000) has 15,968,016,000,000 entries, more than the limit of ...
    """
    check_flag("sparse", sparse)
    check_flag("force", force)
    rows, cols = layer.matrix_shape  # type: ignore[attr-defined]
    if not sparse:
        check_size(f"{what} ({rows}x{cols})", rows * cols, MAX_DENSE_ENTRIES, name="MAX_DENSE_ENTRIES",
                   ways="pass sparse=True (memory in proportion to the nonzeros), " + WAYS_FOR_M, force=force)
    check_size(f"{what} ({rows}x{cols})", layer.terms(), MAX_TERMS, unit="terms", name="MAX_TERMS",  # type: ignore
               ways=WAYS_FOR_M, force=force)


def available_memory() -> int | None:
    """Return the bytes of memory the system can still give (``MemAvailable`` on Linux), or None when unknown.

    Returns
    -------
    int or None
        The available memory in bytes, read from ``/proc/meminfo``; None on a system without
        it (then no memory check is made).

    Examples
    --------
    >>> from symconv.limits import available_memory
    >>> found = available_memory()
    >>> found is None or found > 0
    True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def check_memory(what: str, nbytes: int, *, ways: str) -> None:
    """Refuse, before allocating, a result larger than the memory the system has available.

    Parameters
    ----------
    what : str
        What would be built, for the message (``"to_scipy() of M (8x9)"``).
    nbytes : int
        How many bytes it would take.
    ways : str
        What to do instead, appended to the message.

    Raises
    ------
    SizeError
        If ``nbytes`` exceeds :func:`available_memory` (never when that is unknown).

    Examples
    --------
    >>> from symconv.limits import check_memory
    >>> check_memory("a small array", 1024, ways="use less")
    >>> check_memory("a huge array", 2**80, ways="use less")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: a huge array needs 1,125,899,906,842,624.0 GiB, more than the ... available; use less
    """
    available = available_memory()
    if available is not None and nbytes > available:
        raise SizeError(f"{what} needs {nbytes / 2**30:,.1f} GiB, more than the {available / 2**30:,.1f} GiB of memory "
                        f"available; {ways}")


def check_flag(name: str, value: object) -> bool:
    """Return ``value`` if it is True or False, else raise (``force="no"`` must not mean True).

    Parameters
    ----------
    name : str
        The flag's name, for the message.
    value : object
        The value given.

    Returns
    -------
    bool
        ``value`` itself.

    Raises
    ------
    LayerError
        If ``value`` is not a bool (1, ``"yes"`` and None are refused too).

    Examples
    --------
    >>> from symconv.limits import check_flag
    >>> check_flag("force", True)
    True
    >>> check_flag("force", "no")
    Traceback (most recent call last):
    ...
    symconv.errors.LayerError: force must be True or False, got 'no'
    """
    if not isinstance(value, bool):
        from .errors import LayerError

        raise LayerError(f"{name} must be True or False, got {value!r}")
    return value


def check_size(what: str, size: int, limit: int, *, unit: str = "entries", ways: str = "", force: bool = False,
               name: str = "") -> None:
    """Raise :class:`~symconv.errors.SizeError` when ``size`` exceeds ``limit`` and ``force`` is false.

    The message says what is too large, its size, the limit (by ``name`` when given) and the
    ways around it (``ways``).

    Parameters
    ----------
    what : str
        What is too large, for the message (``"M (8x9)"``).
    size : int
        Its size.
    limit : int
        The largest size allowed.
    unit : str, default "entries"
        The unit of ``size`` in the message (``"terms"``, ``"cells"``, ...).
    ways : str, default ""
        What to do instead, appended to the message.
    force : bool, default False
        True to allow any size.
    name : str, default ""
        The limit's name in :mod:`symconv.limits` (``"MAX_TERMS"``), quoted in the message.

    Raises
    ------
    SizeError
        If ``size > limit`` and ``force`` is false.
    LayerError
        If ``force`` is not a bool.

    Examples
    --------
    >>> from symconv.limits import check_size
    >>> check_size("M", 8, 10)
    >>> check_size("M", 12, 10, ways="pass force=True")
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: M has 12 entries, more than the limit of 10; pass force=True
    >>> check_size("M", 12, 10, force=True)
    """
    if check_flag("force", force) or size <= limit:
        return
    limit_text = f"{name} = {limit:,}" if name else f"{limit:,}"
    message = f"{what} has {size:,} {unit}, more than the limit of {limit_text}"
    raise SizeError(message + (f"; {ways}" if ways else ""))
