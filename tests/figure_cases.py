"""The layers every figure test draws (the acceptance list of issue 12), with the arguments the user gave them.

Each case keeps the user's own arguments (kernel, input shape, options), so the
independent oracle (tests/oracle.py) is fed those and never the layer's normalised fields.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from symconv import Conv, ConvTranspose, inputs, kernel

from .oracle import conv_direct, conv_transpose_direct, flatten


@dataclass
class Case:
    kind: str  # "conv" or "transpose"
    weights: Any
    input_shape: tuple[int, ...]
    options: dict[str, Any] = field(default_factory=dict)
    x: Any = None
    neuron: Any = None

    def layer(self):
        cls = Conv if self.kind == "conv" else ConvTranspose
        return cls(self.weights, self.input_shape, **self.options)

    def oracle_matrix(self) -> dict[tuple[int, int], sympy.Expr]:
        """The nonzeros of M read off the direct sliding-window (or scatter) sum of a symbolic input."""
        x = np.array(inputs(self.input_shape).tolist(), dtype=object)
        weights = np.array(sympy.Array(self.weights).tolist(), dtype=object)
        ndim = len(self.input_shape) - 1
        options = self.options
        per_axis = lambda name, default: _per_axis(options.get(name, default), ndim)  # noqa: E731
        if self.kind == "conv":
            y = conv_direct(weights, x, stride=per_axis("stride", 1), padding=self.padding_pairs(),
                            dilation=per_axis("dilation", 1), groups=options.get("groups", 1),
                            padding_mode=options.get("padding_mode", "zeros"))
        else:
            y = conv_transpose_direct(weights, x, stride=per_axis("stride", 1), padding=per_axis("padding", 0),
                                      output_padding=per_axis("output_padding", 0),
                                      dilation=per_axis("dilation", 1), groups=options.get("groups", 1))
        x_flat, y_flat = flatten(x, "CHW"), flatten(y, "CHW")
        found = {}
        for row, expression in enumerate(y_flat):
            expression = sympy.expand(expression)
            for column, entry in enumerate(x_flat):
                coefficient = expression.coeff(entry)
                if coefficient != 0:
                    found[(row, column)] = coefficient
        return found

    def padding_pairs(self) -> list[tuple[int, int]]:
        ndim = len(self.input_shape) - 1
        padding = self.options.get("padding", 0)
        if isinstance(padding, int):
            return [(padding, padding)] * ndim
        return [tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in padding]

    def expected_window(self, channel: int, position: tuple[int, ...]) -> set[tuple[int, tuple[int, ...]]]:
        """The cells one output's window covers, from the definition (cross-correlation, or the stretched input).

        Convolution: output o reads padded position o*s + t*d - before through tap t.
        Transposed: output o covers stretched positions o + p - t*d (input r sits at r*s).
        """
        ndim = len(self.input_shape) - 1
        stride = _per_axis(self.options.get("stride", 1), ndim)
        dilation = _per_axis(self.options.get("dilation", 1), ndim)
        shape = tuple(sympy.Array(self.weights).shape)
        k = shape[2:]
        groups = self.options.get("groups", 1)
        if self.kind == "conv":
            before = [pair[0] for pair in self.padding_pairs()]
            per_group_in = self.input_shape[0] // groups
            group = channel // (shape[0] // groups)
            axes = [[o * s + t * d - b for t in range(kk)] for o, s, d, b, kk in zip(position, stride, dilation,
                                                                                       before, k)]
        else:
            padding = _per_axis(self.options.get("padding", 0), ndim)
            per_group_in = self.input_shape[0] // groups
            group = channel // shape[1]
            axes = [[o + p - t * d for t in range(kk)] for o, p, d, kk in zip(position, padding, dilation, k)]
        channels = range(group * per_group_in, (group + 1) * per_group_in)
        return {(c, tuple(cell)) for c in channels for cell in itertools.product(*axes)}


def _per_axis(value: Any, ndim: int) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * ndim


SEED_INPUT = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]

CASES = {
    "worked example": Case("conv", kernel((2, 1, 2, 2), "a:h"), (1, 3, 3), x=SEED_INPUT),
    "strided, padded, dilated 2-D": Case("conv", kernel((1, 1, 3, 3), "a:i"), (1, 5, 5),
                                         {"stride": 2, "padding": 2, "dilation": 2}, neuron=(0, 1, 1)),
    "grouped": Case("conv", kernel((4, 1, 2, 2)), (2, 3, 3), {"groups": 2}, neuron=(2, 0, 1)),
    "1-D, reflect padding": Case("conv", kernel((1, 1, 3), "a:c"), (1, 6), {"padding": 1, "padding_mode": "reflect"},
                                 x=[[1, 2, 3, 4, 5, 6]], neuron=(0, 0)),
    "transposed": Case("transpose", kernel((1, 1, 3, 3), "a:i"), (1, 2, 2), {"stride": 2, "padding": 1},
                       neuron=(0, 1, 1)),
    "3-D": Case("conv", kernel((1, 1, 2, 2, 2), "a:h"), (1, 3, 3, 3), {"padding": ((1, 1), (0, 0), (0, 0))},
                neuron=(0, 0, 1, 1)),
    "circular, strided 2-D": Case("conv", kernel((1, 1, 3, 3), "a:i"), (1, 4, 4),
                                  {"padding": 1, "padding_mode": "circular", "stride": 2}),
    "transposed 1-D, grouped, dilated": Case("transpose", kernel((2, 1, 2), "a:d"), (2, 3),
                                             {"stride": 3, "dilation": 2, "groups": 2, "padding": 1}),
}
"""Every layer the picture test checks; the first five are the acceptance list of issue 12."""

ACCEPTANCE = list(CASES)[:5]
