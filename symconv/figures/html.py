"""An interactive page: hovering or clicking an output highlights its window, its row of M and its expression.

The page is one self-contained HTML file (inline SVG, CSS and a few lines of
JavaScript; no network, no CDN). Everything it shows comes from symconv: the SVG is the
scene of the layer (:mod:`symconv.figures.scene`, the same layout as the PNG and the
TikZ picture), and the data behind the highlighting is, for every row s of M, the taps
of :meth:`~symconv.pattern.ConvPattern.window` and the row's expression in the text
printer's term style. The page computes nothing: a slider only chooses which row to
show, so nothing on it can disagree with symconv.

:func:`html_fragment` is the part that goes inside a page (Jupyter shows it inline);
:func:`html_page` is the whole file.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

from . import palette
from .model import FigureModel, Neuron
from .scene import Box, Scene, Text, input_fill, input_stroke
from .scene import number_text as _number

_SCRIPT = """
(function () {
  var root = document.getElementById(%(id)s);
  var data = JSON.parse(root.querySelector("script.symconv-data").textContent);
  var svg = root.querySelector("svg");
  var unit = data.unit;
  function el(id) { return document.getElementById(data.id + "-" + id); }
  var lit = [];
  var inputCells = svg.querySelectorAll("rect[data-role=input]");
  function rest(channels) {
    // as the scene draws them: the channels the selected output reads in their own border, the others faint
    inputCells.forEach(function (node) {
      var read = channels.indexOf(+node.getAttribute("data-channel")) >= 0;
      node.setAttribute("stroke", node.getAttribute(read ? "data-base-stroke" : "data-faint-stroke"));
    });
  }
  function restore() {
    lit.forEach(function (node) {
      node.classList.remove("hl");
      node.setAttribute("fill", node.getAttribute("data-base-fill"));
      node.setAttribute("stroke", node.getAttribute("data-base-stroke"));
      node.setAttribute("stroke-width", node.getAttribute("data-base-width"));
      node.style.fill = "";
    });
    lit = [];
  }
  function light(node, fill, width) {
    node.classList.add("hl");
    if (fill) { node.setAttribute("fill", fill); }
    node.setAttribute("stroke", data.highlight);
    node.setAttribute("stroke-width", width);
    lit.push(node);
  }
  function select(s) {
    var row = data.rows[s];
    restore();
    rest(row.channels);
    row.taps.forEach(function (tap) { light(el("in-" + data.inputs[tap[0]]), data.colours[tap[1]], 1.2); });
    row.kernel.forEach(function (k) { var node = el("k-" + k); if (node) { light(node, null, 1.2); } });
    light(el("out-" + s), null, 1.5);
    var band = el("mrow");
    if (band) { band.setAttribute("y", (data.mtop + s) * unit); }
    root.querySelector(".symconv-name").textContent = row.name + " = y'_" + s + " =";
    root.querySelector(".symconv-expr").textContent = row.expr;
    root.setAttribute("data-selected", s);
    var slider = root.querySelector("input.symconv-row");
    slider.value = s;
    root.querySelector(".symconv-row-value").textContent = "s = " + s;
  }
  svg.querySelectorAll("[data-row]").forEach(function (node) {
    node.addEventListener("mouseenter", function () { select(+node.getAttribute("data-row")); });
    node.addEventListener("click", function () { select(+node.getAttribute("data-row")); });
  });
  var slider = root.querySelector("input.symconv-row");
  slider.addEventListener("input", function () { select(+slider.value); });
  var timer = null;
  var play = root.querySelector("button.symconv-play");
  play.addEventListener("click", function () {
    if (timer) { clearInterval(timer); timer = null; play.textContent = "play"; return; }
    play.textContent = "stop";
    timer = setInterval(function () { select((+slider.value + 1) %% data.rows.length); }, 700);
  });
  select(data.initial);
})();
"""

_STYLE = """
.symconv-figure { font-family: Georgia, "DejaVu Serif", serif; color: #000; max-width: 100%%; }
.symconv-figure svg { width: 100%%; max-width: 60em; height: auto; display: block; }
.symconv-figure svg [data-row] { cursor: pointer; }
.symconv-figure .symconv-caption { font-size: 12pt; margin: 0.4em 0; overflow-wrap: anywhere; }
.symconv-figure .symconv-expr { font-family: "DejaVu Sans Mono", monospace; }
.symconv-figure .symconv-controls { font-size: 10pt; margin: 0.3em 0; }
"""


def _attributes(values: dict[str, Any]) -> str:
    return " ".join(f'{name}="{html.escape(str(value), quote=True)}"' for name, value in values.items()
                    if value is not None)


def _padded(padded: tuple[int, ...]) -> str:
    return ",".join(map(str, padded))


def _rect(box: Box, unit: float, prefix: str, model: FigureModel) -> str:
    values: dict[str, Any] = {
        "x": _number(box.x * unit), "y": _number(box.y * unit), "width": _number(box.w * unit),
        "height": _number(box.h * unit), "fill": box.fill or "none", "stroke": box.stroke or "none",
        "stroke-width": _number(box.stroke_width), "data-role": box.role,
    }
    if box.dash:
        values["stroke-dasharray"] = "2 1.5"
    if box.role == "input" and model.window is not None:
        channel, padded = box.key
        cell = model.window.input_cell(channel, padded)
        values.update({"id": f"{prefix}-in-{channel}-{_padded(padded)}", "data-channel": channel,
                       "data-padded": _padded(padded), "data-column": cell.column, "data-kind": cell.kind,
                       "data-base-fill": input_fill(cell),
                       "data-base-stroke": input_stroke(cell), "data-faint-stroke": palette.FAINT,
                       "data-base-width": "0.4" if cell.kind == "input" else "0.25"})
    elif box.role == "kernel":
        values.update({"id": f"{prefix}-k-{box.key}", "data-index": box.key, "data-base-fill": box.fill,
                       "data-base-stroke": palette.INK, "data-base-width": "0.4"})
    elif box.role == "output":
        values.update({"id": f"{prefix}-out-{box.key}", "data-row": box.key, "data-base-fill": box.fill,
                       "data-base-stroke": palette.INK, "data-base-width": "0.4"})
    elif box.role == "matrix":
        values.update({"data-row": box.key[0], "data-column": box.key[1]})
    elif box.role == "highlight-row":
        values.update({"id": f"{prefix}-mrow", "pointer-events": "none"})
    return f"<rect {_attributes(values)}/>"


def svg_math(text: str, font: float) -> str:
    """A label's text as SVG text content, its ``_{...}`` and ``^{...}`` set as smaller, shifted ``tspan``s.

    The scene sizes every label for that look (:func:`~symconv.figures.scene.visible_length`
    counts a sub- or superscript character as three quarters of one), so a subscripted name
    fits its cell as it does in the PNG and the TikZ picture. Braces inside a script are
    dropped, as TeX drops them; the rest is escaped.

    Examples
    --------
    >>> svg_math("x_{0,1}", 8)
    'x<tspan dy="2" font-size="6">0,1</tspan>'
    >>> svg_math("K_{0}^{2}b", 8)
    'K<tspan dy="2" font-size="6">0</tspan><tspan dy="-5" font-size="6">2</tspan><tspan dy="3">b</tspan>'
    >>> svg_math("a<b", 8)
    'a&lt;b'
    """
    shifts = {"_": 0.25 * font, "^": -0.375 * font}
    small = _number(0.75 * font)
    pieces: list[str] = []
    plain = ""
    level = 0.0
    index = 0
    while index < len(text):
        mark = text[index]
        if mark not in shifts or index + 1 == len(text):
            plain += mark
            index += 1
            continue
        if text[index + 1] == "{":
            depth, end = 0, index + 1
            for end in range(index + 1, len(text)):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                if depth == 0:
                    break
            script = text[index + 2:end].replace("{", "").replace("}", "")
            index = end + 1
        else:
            script = text[index + 1]
            index += 2
        if plain:
            pieces.append(_shifted(plain, -level, None))
            level, plain = 0.0, ""
        pieces.append(_shifted(script, shifts[mark] - level, small))
        level = shifts[mark]
    if plain:
        pieces.append(_shifted(plain, -level, None))
    return "".join(pieces)


def _shifted(text: str, dy: float, size: str | None) -> str:
    if dy == 0 and size is None:
        return html.escape(text)
    values = {"dy": _number(dy) if dy else None, "font-size": size}
    return f"<tspan {_attributes(values)}>{html.escape(text)}</tspan>"


def _label(box: Box, unit: float) -> str:
    assert box.label is not None
    values: dict[str, Any] = {"x": _number((box.x + box.w / 2) * unit), "y": _number((box.y + box.h / 2) * unit),
              "font-size": _number(box.font), "fill": box.text_colour, "text-anchor": "middle",
              "dominant-baseline": "central", "pointer-events": "none", "class": "symconv-label"}
    return f"<text {_attributes(values)}>{svg_math(box.label.text, box.font)}</text>"


_ANCHOR = {"north west": ("start", "hanging"), "west": ("start", "central"), "east": ("end", "central"),
           "center": ("middle", "central")}


def _text(text: Text, unit: float) -> str:
    anchor, baseline = _ANCHOR[text.anchor]
    step = 1.3 * text.font
    first = text.y * unit - ((len(text.lines) - 1) * step / 2 if baseline == "central" else 0)
    pieces = []
    for number, line in enumerate(text.lines):
        values: dict[str, Any] = {
            "x": _number(text.x * unit), "y": _number(first + number * step), "font-size": _number(text.font),
            "fill": text.colour, "text-anchor": anchor, "dominant-baseline": baseline, "data-role": text.role}
        content = svg_math(line.text, text.font) if text.math else html.escape(line.text)
        pieces.append(f"<text {_attributes(values)}>{content}</text>")
    return "".join(pieces)


def svg_markup(scene: Scene, model: FigureModel, prefix: str) -> str:
    """The scene as inline SVG (1 unit = 1 pt), with the ids and data attributes the page's script uses."""
    unit = scene.unit
    width, height = scene.width * unit, scene.height * unit
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_number(width)} {_number(height)}" '
             f'width="{_number(width * 4 / 3)}" height="{_number(height * 4 / 3)}" role="img">',
             f'<rect x="0" y="0" width="{_number(width)}" height="{_number(height)}" fill="#ffffff"/>']
    parts.extend(_rect(box, unit, prefix, model) for box in scene.boxes if box.fill is not None)
    for line in scene.lines:
        values = {"x1": _number(line.x0 * unit), "y1": _number(line.y0 * unit), "x2": _number(line.x1 * unit),
                  "y2": _number(line.y1 * unit), "stroke": line.colour, "stroke-width": _number(line.width)}
        parts.append(f"<line {_attributes(values)}/>")
    parts.extend(_rect(box, unit, prefix, model) for box in scene.boxes if box.fill is None)
    parts.extend(_label(box, unit) for box in scene.boxes if box.label is not None and box.font)
    parts.extend(_text(text, unit) for text in scene.texts)
    band = next((box for box in scene.boxes if box.role == "highlight-row"), None)
    if band is not None and model.matrix is not None:
        top = band.y - band.key
        for row in range(model.matrix.shape[0]):
            hit = {"x": _number(band.x * unit), "y": _number((top + row) * unit), "width": _number(band.w * unit),
                   "height": _number(unit), "fill": "transparent", "data-row": row, "data-role": "matrix-row"}
            parts.append(f"<rect {_attributes(hit)}/>")
    parts.append("</svg>")
    return "\n".join(parts)


def page_data(scene: Scene, model: FigureModel, neurons: list[Neuron], prefix: str) -> dict[str, Any]:
    """What the script needs: for every row s of M, the input cells of its window, their colours, its expression."""
    assert model.window is not None
    inputs: dict[tuple[int, tuple[int, ...]], int] = {}
    colours: dict[str, int] = {}
    rows = []
    for neuron in neurons:
        taps = []
        for tap in neuron.taps:
            number = inputs.setdefault((tap.channel, tap.padded), len(inputs))
            colour = colours.setdefault(palette.kernel_colour(tap.kernel_index), len(colours))
            taps.append([number, colour])
        rows.append({"taps": taps, "channels": sorted({tap.channel for tap in neuron.taps}),
                     "kernel": sorted(neuron.kernel_indices()), "name": neuron.name.text,
                     "expr": neuron.expression.text})
    band = next((box for box in scene.boxes if box.role == "highlight-row"), None)
    return {
        "id": prefix,
        "unit": scene.unit,
        "highlight": palette.HIGHLIGHT,
        "inputs": [f"{channel}-{_padded(padded)}" for channel, padded in inputs],
        "colours": list(colours),
        "rows": rows,
        "initial": model.window.neuron.row,
        "mtop": None if band is None else band.y - band.key,
    }


def html_fragment(scene: Scene, model: FigureModel, neurons: list[Neuron]) -> str:
    """The figure as a ``<div>`` with its SVG, caption, controls, style and script (for a page or a notebook)."""
    assert model.window is not None
    digest = hashlib.sha1(repr((model.title, model.summary, scene.width, scene.height)).encode()).hexdigest()[:10]
    prefix = f"symconv-{digest}"
    svg = svg_markup(scene, model, prefix)
    data = json.dumps(page_data(scene, model, neurons, prefix), separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    neuron = model.window.neuron
    rows = len(neurons)
    return "\n".join([
        f'<div class="symconv-figure" id="{prefix}" data-selected="{neuron.row}">',
        f"<style>{_STYLE % {}}</style>",
        svg,
        '<p class="symconv-caption"><span class="symconv-name">'
        f"{html.escape(neuron.name.text)} = y'_{neuron.row} =</span> "
        f'<span class="symconv-expr">{html.escape(neuron.expression.text)}</span></p>',
        '<p class="symconv-controls">Hover over or click an output (a cell of y or a row of M), or choose its row: '
        f'<input class="symconv-row" type="range" min="0" max="{rows - 1}" value="{neuron.row}" '
        'aria-label="row s of M"> '
        f'<span class="symconv-row-value">s = {neuron.row}</span> <button class="symconv-play">play</button></p>',
        f'<script type="application/json" class="symconv-data">{data}</script>',
        f"<script>{_SCRIPT % {'id': json.dumps(prefix)}}</script>",
        "</div>",
    ])


def html_page(scene: Scene, model: FigureModel, neurons: list[Neuron]) -> str:
    """A whole, self-contained HTML page holding :func:`html_fragment`."""
    title = html.escape(model.title)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>symconv: {title}</title>\n</head>\n<body>\n"
            + html_fragment(scene, model, neurons) + "\n</body>\n</html>\n")
