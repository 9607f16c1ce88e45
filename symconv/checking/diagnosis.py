r"""Name what is wrong with a candidate — only what can be confirmed by rebuilding it.

Each hypothesis is one mistake from :data:`MISTAKES`, or two of them together. For a hypothesis
the checker *rebuilds* what the candidate would be if the person had made that mistake: a
changed layer (``layer.replace(flip=True)``, ``stride=1``, ...) for a mistaken option, the
layer's rule with the slip applied (:func:`~symconv.checking.rules.layer_rule`) for an index
slip, another flattening order or a transposition for a mistaken layout. The hypothesis is
reported only if the rebuilt object equals the candidate entry for entry (symbolically). Single
mistakes are tried first; pairs only when no single mistake explains the candidate.

To stay fast on large layers, a hypothesis is first checked on its shape, then on a few sample
rows (those where the candidate is wrong, and some spread over the matrix), and is rebuilt in
full only when those agree.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import LayerError, ShapeError
from ..layout import Layout
from ..symbols import notation
from . import rules
from .candidates import Candidate, Context, matrix_codes, reorder, row_sums
from .evaluation import Domain, evaluate
from .report import Sentence

MISTAKES = ("flip", "order", "input_order", "output_order", "transpose", "stride", "dilation", "padding", "size",
            "offset", "s_for_u", "taps", "channels", "shift")
"""Every mistake the checker can confirm. Layer options: ``flip`` (convolution vs cross-correlation),
``stride``, ``dilation``, ``padding`` (ignored); layout: ``order`` (channels-last vs channels-first
flattening of x' and y'), ``input_order``, ``output_order`` (of one of them), ``transpose`` (rows and
columns swapped), ``size`` (an output size off by one); index slips (:data:`~.rules.SLIPS`):
``offset`` (v - j for j - v), ``s_for_u``, ``taps``, ``channels`` (kernel indices swapped),
``shift`` (an offset shifted by one)."""

_SLIP_KINDS = set(rules.SLIPS)
_FLATTENING = ("order", "input_order", "output_order")


@dataclass(frozen=True)
class Mistake:
    """One mistake: ``kind`` from :data:`MISTAKES`; ``axis`` and ``amount`` for ``size`` and ``shift``."""

    kind: str
    axis: int | None = None
    amount: int = 0

    @property
    def group(self) -> str:
        """Mistakes of one group exclude each other in a pair."""
        if self.kind in _FLATTENING:
            return "flattening"
        return f"size{self.axis}" if self.kind == "size" else self.kind


@dataclass(frozen=True)
class _Plan:
    """How to rebuild a hypothesis: the changed layer, the domain, the slips, a transposition."""

    layer: Any
    output_shape: tuple[int, ...]
    input_shape: tuple[int, ...]
    output_order: str
    input_order: str
    slips: tuple[rules.Slip, ...]
    transpose: bool
    rule: rules.Rule | None


def applicable(context: Context, candidate: Candidate) -> list[Mistake]:
    """The mistakes worth trying for this layer and this kind of candidate (none that changes nothing)."""
    summary = context.summary
    kind = candidate.kind
    found: list[Mistake] = []
    single = summary.kind in ("conv", "transpose")
    if summary.kind == "conv":
        found.append(Mistake("flip"))
    channels_in, channels_out = summary.input_shape[0], summary.output_shape[0]
    spatial_in = len(summary.input_shape) > 1 and int(np.prod(summary.input_shape[1:])) > 1
    spatial_out = len(summary.output_shape) > 1 and int(np.prod(summary.output_shape[1:])) > 1
    moves_in, moves_out = channels_in > 1 and spatial_in, channels_out > 1 and spatial_out
    if moves_in and moves_out:
        found.append(Mistake("order"))
    if moves_in:
        found.append(Mistake("input_order"))
    if moves_out:
        found.append(Mistake("output_order"))
    if kind != "expansion":
        found.append(Mistake("transpose"))
    if single:
        if any(s != 1 for s in summary.stride):
            found.append(Mistake("stride"))
        if any(d != 1 for d in summary.dilation):
            found.append(Mistake("dilation"))
        padded = any(pair != (0, 0) for pair in summary.padding) if summary.kind == "conv" else any(summary.padding)
        if padded:
            found.append(Mistake("padding"))
    if rules.supports_rule(summary):
        assert summary.kernel_shape is not None
        if kind != "formula":
            for axis, size in enumerate(summary.output_shape[1:]):
                found.extend(Mistake("size", axis, amount) for amount in (-1, 1) if size + amount >= 1)
        found.append(Mistake("offset"))
        found.append(Mistake("s_for_u"))
        spatial = summary.kernel_shape[2:]
        if len(spatial) > 1 and any(k > 1 for k in spatial):
            found.append(Mistake("taps"))
        if summary.kernel_shape[0] > 1 or summary.kernel_shape[1] > 1:
            found.append(Mistake("channels"))
        axes: list[int | None] = list(range(summary.ndim))
        if summary.ndim > 1:
            axes.append(None)
        found.extend(Mistake("shift", axis, amount) for axis in axes for amount in (-1, 1))
    return found


def _plan(mistakes: tuple[Mistake, ...], context: Context, kind: str) -> _Plan | None:
    summary = context.summary
    kinds = {m.kind for m in mistakes}
    changes: dict[str, Any] = {}
    if "flip" in kinds:
        changes["flip"] = not summary.flip
    if "stride" in kinds:
        changes["stride"] = 1
    if "dilation" in kinds:
        changes["dilation"] = 1
    if "padding" in kinds:
        changes["padding"] = 0
    try:
        changed = context.replaced(**changes)
    except (LayerError, ShapeError, TypeError):
        return None
    order = summary.order
    other = "HWC" if order == "CHW" else "CHW"
    output_order = other if kinds & {"order", "output_order"} else order
    input_order = other if kinds & {"order", "input_order"} else order
    if kind == "formula":
        output_shape, input_shape = tuple(summary.output_shape), tuple(summary.input_shape)
    else:
        output_shape, input_shape = tuple(changed.output_shape), tuple(changed.input_shape)
        sizes = list(output_shape)
        for m in mistakes:
            if m.kind == "size":
                assert m.axis is not None
                sizes[m.axis + 1] += m.amount
        output_shape = tuple(sizes)
    slips = tuple(rules.Slip(m.kind, m.axis, m.amount) for m in mistakes if m.kind in _SLIP_KINDS)
    changed_summary = changed.summary()
    rule = rules.layer_rule(changed_summary, slips) if rules.supports_rule(changed_summary) else None
    if rule is None:
        reshaped = (output_shape, input_shape) != (tuple(changed.output_shape), tuple(changed.input_shape))
        if slips or reshaped:
            return None
    return _Plan(changed, output_shape, input_shape, output_order, input_order, slips, "transpose" in kinds, rule)


def _shape(plan: _Plan, candidate: Candidate) -> tuple[int, ...]:
    rows, cols = int(np.prod(plan.output_shape)), int(np.prod(plan.input_shape))
    if candidate.kind == "expansion":
        return plan.output_shape if candidate.nested else (rows,)
    return (cols, rows) if plan.transpose else (rows, cols)


def _matrix(plan: _Plan, context: Context, rows: np.ndarray | None) -> np.ndarray:
    """M under the plan, in the plan's orders; only ``rows`` (all when None)."""
    if plan.rule is not None:
        kernel_codes = context.kernel_codes
        assert kernel_codes is not None
        domain = Domain(Layout(plan.output_shape, plan.output_order), Layout(plan.input_shape, plan.input_order),
                        tuple(plan.layer.kernel_shape))
        return evaluate(plan.rule, domain, context.table, kernel_codes, stem=context.stem, rows=rows)
    codes = matrix_codes(plan.layer, context.table)
    codes = reorder(codes, 0, plan.output_shape, plan.layer.order, plan.output_order)
    codes = reorder(codes, 1, plan.input_shape, plan.layer.order, plan.input_order)
    return codes if rows is None else codes[rows]


def _bias(plan: _Plan) -> list[Any] | None:
    layer = plan.layer
    if plan.rule is not None:
        bias = getattr(layer, "bias", None)
        return None if bias is None else Layout(plan.output_shape, plan.output_order).per_channel(list(bias))
    vector = layer.bias_vector
    if vector is None:
        return None
    index = reorder(np.arange(len(vector)), 0, plan.output_shape, layer.order, plan.output_order)
    return [vector[i] for i in index.tolist()]


def rebuild(mistakes: tuple[Mistake, ...], context: Context, candidate: Candidate,
            positions: np.ndarray | None = None) -> np.ndarray | None:
    """What the candidate would be under these mistakes, as codes in the candidate's form (None: not applicable).

    ``positions`` restricts the result to some rows of M (or entries of the expansion).
    """
    plan = _plan(mistakes, context, candidate.kind)
    if plan is None or _shape(plan, candidate) != candidate.codes.shape and candidate.kind != "expansion":
        return None
    if candidate.kind == "expansion":
        if _shape(plan, candidate) != candidate.shape:
            return None
        layout = Layout(plan.output_shape, plan.output_order)
        order = layout.permutation() if candidate.nested else np.arange(layout.size)
        wanted = order if positions is None else order[positions]
        matrix = _matrix(plan, context, wanted)
        assert context.x is not None
        x_flat = Layout(plan.input_shape, plan.input_order).flatten(list(context.x))
        bias = _bias(plan)
        return row_sums(matrix, x_flat, None if bias is None else [bias[i] for i in wanted.tolist()], context.table)
    if plan.transpose:
        matrix = _matrix(plan, context, None).T
        return matrix if positions is None else matrix[positions]
    return _matrix(plan, context, positions)


def _agrees(rebuilt: np.ndarray | None, wanted: np.ndarray, context: Context) -> bool:
    return rebuilt is not None and rebuilt.shape == wanted.shape and bool(context.table.equal(rebuilt, wanted).all())


def confirmed(mistakes: tuple[Mistake, ...], context: Context, candidate: Candidate, sample: np.ndarray) -> bool:
    """True when rebuilding under ``mistakes`` gives the candidate exactly (sample rows first, then all)."""
    plan = _plan(mistakes, context, candidate.kind)
    if plan is None:
        return False
    shape = _shape(plan, candidate)
    if shape != (candidate.shape if candidate.kind == "expansion" else candidate.codes.shape):
        return False
    wanted = candidate.codes
    if not _agrees(rebuild(mistakes, context, candidate, sample), wanted[sample], context):
        return False
    return _agrees(rebuild(mistakes, context, candidate), wanted, context)


def search(context: Context, candidate: Candidate, sample: np.ndarray) -> tuple[list[tuple[Mistake, ...]], int]:
    """The confirmed explanations (single mistakes, else pairs) and how many hypotheses were tried."""
    atoms = applicable(context, candidate)
    tried = 0
    found: list[tuple[Mistake, ...]] = []
    for mistake in atoms:
        tried += 1
        if confirmed((mistake,), context, candidate, sample):
            found.append((mistake,))
    if found:
        return found, tried
    for first, second in itertools.combinations(atoms, 2):
        if first.group == second.group:
            continue
        tried += 1
        if confirmed((first, second), context, candidate, sample):
            found.append((first, second))
    return found, tried


# -- words ---------------------------------------------------------------------------------------------
_ORDER_WORDS = {"CHW": "channels first (CHW)", "HWC": "channels last (HWC)"}


def _lookup(context: Context, slips: tuple[rules.Slip, ...]) -> rules.Node:
    return rules.layer_rule(context.summary, slips).branches[0].value


def describe(mistake: Mistake, context: Context) -> Sentence:
    """What the mistake is, in the layer's letters and numbers (for a slip, with the lookup as written)."""
    summary = context.summary
    kind = mistake.kind
    other = "HWC" if summary.order == "CHW" else "CHW"
    if kind == "flip":
        if summary.flip:
            return Sentence("the kernel not flipped: a cross-correlation where the layer is a true convolution")
        return Sentence("the kernel flipped: a true convolution (signal processing) where the layer is a "
                        "cross-correlation (deep learning)")
    if kind in _FLATTENING:
        which = {"order": "$x'$ and $y'$", "input_order": "$x'$", "output_order": "$y'$"}[kind]
        return Sentence(f"{which} flattened {_ORDER_WORDS[other]} where the layer flattens "
                        f"{_ORDER_WORDS[summary.order]}")
    if kind == "transpose":
        return Sentence("rows and columns swapped: this is $M$ transposed")
    if kind in ("stride", "dilation"):
        values = getattr(summary, kind)
        return Sentence(f"the {kind} ignored: {kind} 1 where the layer has {kind} {'x'.join(map(str, values))}")
    if kind == "padding":
        return Sentence("the padding ignored: no padding where the layer pads the input")
    letters = notation(summary.ndim)
    if kind == "size":
        assert mistake.axis is not None
        size = summary.output_shape[mistake.axis + 1]
        return Sentence(f"the wrong output size: ${letters.output_sizes[mistake.axis]} = {size + mistake.amount}$ "
                        f"where it is ${size}$")
    slip = rules.Slip(kind, mistake.axis, mistake.amount)
    words = {
        "offset": "the offset's sign reversed",
        "s_for_u": f"${letters.row}$ (the row of $M$) written where the output channel ${letters.output_channel}$ "
                   "belongs",
        "taps": "the kernel's spatial indices in reverse order",
        "channels": "the kernel's two channel indices swapped",
        "shift": "an offset shifted by one",
    }[kind]
    return Sentence(words, _lookup(context, (slip,)), _lookup(context, ()))


def slipped_rule(mistakes: tuple[Mistake, ...], context: Context) -> rules.Rule | None:
    """The rule the candidate follows under ``mistakes``, when they include an index slip (else None)."""
    plan = _plan(mistakes, context, "formula")
    if plan is None or not plan.slips:
        return None
    return plan.rule
