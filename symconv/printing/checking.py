r"""How a :class:`~symconv.checking.report.CheckReport` is written, in plain text and in LaTeX.

The printers' ``_print_CheckReport`` methods call :func:`report_text` and :func:`report_latex`.
Both write the same parts: what was checked and against which layer, the rule as it was read,
the verdict, the first wrong entries with their flat and decomposed indices, and the confirmed
diagnoses. In LaTeX every word is fixed text from symconv (escaped), every value goes through the
printer's ``_print`` and every rule through :func:`symconv.checking.rules.rule_latex`; wide
displays are scaled to the line (:func:`~symconv.printing.page.fit_to_width`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..checking.rules import LATEX, TEXT, expression, rule_latex, rule_text
from ..layout import flat_index_text
from ..symbols import notation
from .common import describe_lines, shape_text
from .page import FIT_MACRO, fit_to_width, standalone_document

if TYPE_CHECKING:  # pragma: no cover
    from ..checking.report import CheckReport, Sentence, WrongEntry


def _subject(report: CheckReport) -> str:
    if report.kind == "matrix":
        return "a matrix M"
    if report.kind == "formula":
        return "a rule for M[s, t]"
    return "an expansion of y" if report.nested else "an expansion y' = M x'"


def _what(report: CheckReport) -> str:
    if report.kind == "expansion":
        return "y" if report.nested else "y'"
    return "M"


def _decomposition(report: CheckReport, side: str, latex: bool) -> str:
    """``s = u*H'*W' + v*W' + w`` (or ``t = ...``) in the layer's order, with letters only."""
    summary = report.summary
    letters = notation(summary.ndim)
    if side == "s":
        index = flat_index_text(summary.order, letters.output_channel, letters.output_positions,
                                letters.output_channels, letters.output_sizes, "" if latex else "*")
        return f"{letters.row} = {index}"
    index = flat_index_text(summary.order, letters.input_channel, letters.input_positions, letters.input_channels,
                            letters.input_sizes, "" if latex else "*")
    return f"{letters.column} = {index}"


def _index_text(letters: tuple[str, ...], values: tuple[int, ...]) -> str:
    return f"({', '.join(letters)}) = ({', '.join(map(str, values))})"


def _sides(report: CheckReport) -> tuple[tuple[str, ...], tuple[str, ...]]:
    letters = notation(report.summary.ndim)
    return ((letters.output_channel, *letters.output_positions), (letters.input_channel, *letters.input_positions))


def _verdict(report: CheckReport) -> str:
    what = _what(report)
    if report.ok:
        return f"Correct: all {report.compared} entries equal symconv's {what}."
    if report.expected_shape != report.found_shape:
        return (f"Wrong shape: the candidate is {shape_text(report.found_shape)}, {what} is "
                f"{shape_text(report.expected_shape)}.")
    return f"Wrong: {report.wrong} of {report.compared} entries differ from {what}."


def _sentence_text(sentence: Sentence) -> str:
    words = sentence.words.replace("$", "")
    if sentence.written is None or sentence.correct is None:
        return words
    return f"{words}: {expression(sentence.written, TEXT)} where the layer has " \
           f"{expression(sentence.correct, TEXT)}"


def _no_diagnosis(report: CheckReport) -> str:
    return (f"No single mistake, nor any pair, from the checker's list explains the candidate "
            f"({report.tried} hypotheses rebuilt and compared).")


def report_text(printer: Any, report: CheckReport) -> str:
    r"""Return the report as plain text (``printer`` is a :class:`~symconv.printing.text.TextPrinter`).

    What was checked and against which layer, the rule as it was read, the verdict, the first
    wrong entries with their flat and decomposed indices, and the confirmed diagnoses.
    ``report.text()`` calls it.

    Parameters
    ----------
    printer : TextPrinter
        Prints the values.
    report : CheckReport
        The report.

    Returns
    -------
    str
        The report, ending with a newline.

    Examples
    --------
    >>> from symconv import Conv, kernel, check
    >>> from symconv.printing.checking import report_text
    >>> from symconv.printing.text import TextPrinter
    >>> layer = Conv(kernel((1, 1, 2), "a:b"), (1, 3))
    >>> print(report_text(TextPrinter(), check(layer, "[a b 0]\n[0 a b]")), end="")
    Check of a matrix M for the layer: 1-D cross-correlation: input 1x3, kernel 1x1x2, output 1x2
    Correct: all 6 entries equal symconv's M.
    >>> print(check(layer, "[b a 0]\n[0 b a]").text().replace(" where", "\n       where"), end="")
    Check of a matrix M for the layer: 1-D cross-correlation: input 1x3, kernel 1x1x2, output 1x2
    Wrong: 4 of 6 entries differ from M.
    First wrong entries (s = u*W' + v, t = i*W + j):
      M[0, 0]  s = 0, (u, v) = (0, 0)  t = 0, (i, j) = (0, 0)  expected a, found b
      M[0, 1]  s = 0, (u, v) = (0, 0)  t = 1, (i, j) = (0, 1)  expected b, found a
      M[1, 1]  s = 1, (u, v) = (0, 1)  t = 1, (i, j) = (0, 1)  expected a, found b
      M[1, 2]  s = 1, (u, v) = (0, 1)  t = 2, (i, j) = (0, 2)  expected b, found a
    Diagnosis, confirmed by rebuilding the candidate under it:
      1. the kernel flipped: a true convolution (signal processing)
           where the layer is a cross-correlation (deep learning)
    """
    lines = [f"Check of {_subject(report)} for the layer: " + "; ".join(describe_lines(report.summary))]
    if report.rule is not None:
        lines.append("Read as: " + rule_text(report.rule))
    lines.append(_verdict(report))
    if report.unknown_names:
        lines.append("Names the layer does not have: " + ", ".join(report.unknown_names))
    if report.first:
        lines.append(f"First wrong entries ({_decomposition(report, 's', False)}"
                     + ("" if report.kind == "expansion" else f", {_decomposition(report, 't', False)}") + "):")
        lines.extend("  " + _entry_text(printer, report, entry) for entry in report.first)
    if not report.ok:
        if report.diagnoses:
            lines.append("Diagnosis, confirmed by rebuilding the candidate under it:")
            for number, diagnosis in enumerate(report.diagnoses, 1):
                sentences = [_sentence_text(s) for s in diagnosis.sentences]
                lines.append(f"  {number}. " + sentences[0])
                lines.extend("     and " + sentence for sentence in sentences[1:])
                if diagnosis.rule is not None:
                    lines.append("     which is the rule " + rule_text(diagnosis.rule))
        else:
            lines.append(_no_diagnosis(report))
    return "\n".join(lines) + "\n"


def _entry_text(printer: Any, report: CheckReport, entry: WrongEntry) -> str:
    out_letters, in_letters = _sides(report)
    values = f"expected {printer.entry(entry.expected)}, found {printer.entry(entry.found)}"
    if entry.outside_kernel:
        values += " (outside the kernel)"
    if entry.input is None:
        where = f"y[{', '.join(map(str, entry.output))}]" if report.nested else f"y'[{entry.row}]"
        return f"{where}  s = {entry.row}, {_index_text(out_letters, entry.output)}  {values}"
    return (f"M[{entry.row}, {entry.column}]  s = {entry.row}, {_index_text(out_letters, entry.output)}  "
            f"t = {entry.column}, {_index_text(in_letters, entry.input)}  {values}")


# -- LaTeX ----------------------------------------------------------------------------------------------
def _escape(text: str) -> str:
    from .latex import _escape as escape

    return escape(text).replace("<", r"\textless{}").replace(">", r"\textgreater{}")


def _words_latex(words: str) -> str:
    """symconv's own words with ``$...$`` marks: the text escaped, the marked math kept."""
    parts = words.split("$")
    return "".join(f"${part}$" if index % 2 else _escape(part) for index, part in enumerate(parts))


def _sentence_latex(sentence: Sentence) -> str:
    words = _words_latex(sentence.words)
    if sentence.written is None or sentence.correct is None:
        return words
    return (f"{words}: ${expression(sentence.written, LATEX)}$ where the layer has "
            f"${expression(sentence.correct, LATEX)}$")


def _pieces(printer: Any, report: CheckReport) -> list[tuple[str, str]]:
    """The report as ("text", paragraph with inline math), ("more", the paragraph continued) and ("math", display)."""
    what = {"M": "$M$", "y": "$y$", "y'": "$y'$"}[_what(report)]
    subject = {"matrix": "a matrix $M$", "formula": "a rule for $M_{s,t}$"}.get(
        report.kind, "an expansion of $y$" if report.nested else "an expansion $y' = M x'$")
    described = "; ".join(_escape(line) for line in describe_lines(report.summary))
    pieces = [("text", f"Check of {subject} for the layer:"), ("more", f"{described}.")]
    if report.rule is not None:
        pieces.append(("text", "Read as:"))
        pieces.extend(("math", line) for line in rule_latex(report.rule))
    if report.ok:
        pieces.append(("text", f"Correct: all ${report.compared}$ entries equal symconv's {what}."))
    elif report.expected_shape != report.found_shape:
        pieces.append(("text", f"Wrong shape: the candidate is ${_times(report.found_shape)}$, {what} is "
                               f"${_times(report.expected_shape)}$."))
    else:
        pieces.append(("text", f"Wrong: ${report.wrong}$ of ${report.compared}$ entries differ from {what}."))
    if report.unknown_names:
        names = ", ".join("$" + printer._print(_symbol(name)) + "$" for name in report.unknown_names)
        pieces.append(("text", "Names the layer does not have: " + names + "."))
    if report.first:
        sides = f"${_decomposition(report, 's', True)}$"
        if report.kind != "expansion":
            sides += f", ${_decomposition(report, 't', True)}$"
        pieces.append(("text", f"The first wrong entries ({sides}):"))
        pieces.extend(("math", display) for display in _entries_latex(printer, report))
    if not report.ok:
        if report.diagnoses:
            pieces.append(("text", "Diagnosis, confirmed by rebuilding the candidate under it:"))
            for number, diagnosis in enumerate(report.diagnoses, 1):
                sentences = [_sentence_latex(s) for s in diagnosis.sentences]
                pieces.append(("text", f"{number}. " + sentences[0] + (";" if len(sentences) > 1 else "")))
                pieces.extend(("more", "and " + sentence + ";") for sentence in sentences[1:])
                pieces.append(("more", "together they give the rule" if diagnosis.rule is not None else ""))
                if diagnosis.rule is not None:
                    pieces.extend(("math", line) for line in rule_latex(diagnosis.rule))
        else:
            pieces.append(("text", _escape(_no_diagnosis(report))))
    return pieces


def _symbol(name: str) -> Any:
    import sympy

    return sympy.Symbol(name)


def _times(shape: tuple[int, ...]) -> str:
    return r" \times ".join(map(str, shape))


LONG_VALUE = 48
"""A value whose LaTeX is longer than this many characters is set in its own display below the table."""


TERMS_PER_LINE = 4
"""A long sum in a note is set four terms to a line."""


def _broken_sum(printer: Any, value: Any, text: str) -> str:
    """A long sum as an ``array`` of lines of :data:`TERMS_PER_LINE` terms (anything else as it is)."""
    import sympy

    if not isinstance(value, sympy.Add) or len(value.args) <= TERMS_PER_LINE:
        return text
    pieces = []
    for number, term in enumerate(value.as_ordered_terms()):
        negative = term.could_extract_minus_sign()
        shown = printer._print(-term if negative else term)
        sign = ("-" if negative else "") if number == 0 else (" - " if negative else " + ")
        pieces.append(sign + shown)
    lines = ["".join(pieces[start:start + TERMS_PER_LINE]) for start in range(0, len(pieces), TERMS_PER_LINE)]
    return r"\begin{array}[t]{l}" + " \\\\ \\quad {}".join(lines) + r"\end{array}"


def _entries_latex(printer: Any, report: CheckReport) -> list[str]:
    """The table of wrong entries, then one display per value too long for a table cell."""
    out_letters, in_letters = _sides(report)
    matrix = report.kind != "expansion"
    header = ["s", "(" + ",".join(out_letters) + ")"]
    if matrix:
        header += ["t", "(" + ",".join(in_letters) + ")"]
    header += [r"\text{expected}", r"\text{found}"]
    rows: list[str] = []
    notes: list[str] = []
    for entry in report.first:
        cells = [str(entry.row), "(" + ",".join(map(str, entry.output)) + ")"]
        if matrix and entry.input is not None:
            cells += [str(entry.column), "(" + ",".join(map(str, entry.input)) + ")"]
        for word, value in (("expected", entry.expected), ("found", entry.found)):
            text = printer._print(value)
            if word == "found" and entry.outside_kernel:
                text += r"\ \text{(outside the kernel)}"
            if len(text) > LONG_VALUE:
                notes.append(rf"({len(notes) + 1})\quad \text{{{word} at }} s = {entry.row}"
                             + (f", t = {entry.column}" if entry.column is not None else "") + r":\quad "
                             + _broken_sum(printer, value, text))
                text = rf"\text{{see ({len(notes)})}}"
            cells.append(text)
        rows.append(" & ".join(cells))
    spec = "cc" + ("cc" if matrix else "") + "ll"
    table = (r"\begin{array}{" + spec + "}\n" + " & ".join(header) + r" \\ \hline" + "\n"
             + " \\\\\n".join(rows) + "\n" + r"\end{array}")
    return [table, *notes]


def report_latex(printer: Any, report: CheckReport, *, standalone: bool = False) -> str:
    r"""Return the report as LaTeX: paragraphs and displays (a whole document with ``standalone``).

    Every word is symconv's own text (escaped), every value goes through the printer's
    ``_print`` and every rule through :func:`symconv.checking.rules.rule_latex`; wide displays
    are scaled to the line.

    Parameters
    ----------
    printer : LatexDerivationPrinter
        Prints the values.
    report : CheckReport
        The report.
    standalone : bool, default False
        True for a whole document that compiles with pdflatex.

    Returns
    -------
    str
        The LaTeX.

    Examples
    --------
    >>> from symconv import Conv, kernel, check
    >>> from symconv.printing.checking import report_latex
    >>> from symconv.printing.latex import LatexDerivationPrinter
    >>> report = check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[b a 0]\n[0 b a]")
    >>> report_latex(LatexDerivationPrinter(), report).splitlines()[2]
    'Wrong: $4$ of $6$ entries differ from $M$.'
    """
    parts: list[str] = []
    for kind, content in _pieces(printer, report):
        if kind == "more":
            if content:
                parts[-1] = parts[-1].rstrip("\n") + " " + content + "\n"
        elif kind == "text":
            parts.append(content + "\n")
        else:
            parts.append("\\[\n" + fit_to_width(content) + "\n\\]\n")
    body = "\\noindent " + "\n".join(parts)
    if "\\symconvfit{" in body:
        body = FIT_MACRO + "\n\n" + body
    if standalone:
        return standalone_document(body)
    return body


def report_math(report: CheckReport) -> str:
    r"""Return the report in math mode (one ``array``), for Jupyter's ``_repr_latex_``.

    Parameters
    ----------
    report : CheckReport
        The report.

    Returns
    -------
    str
        A math-mode ``array``, text in ``\text{}``.

    Examples
    --------
    >>> from symconv import Conv, kernel, check
    >>> from symconv.printing.checking import report_math
    >>> report = check(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), "[a b 0]\n[0 a b]")
    >>> report_math(report).splitlines()[:2]
    ['\\begin{array}{l}', '\\text{Check of a matrix }M\\text{ for the layer:} \\\\[1ex]']
    """
    from .latex import LatexDerivationPrinter, _title_in_math

    printer = LatexDerivationPrinter()
    rows = []
    for kind, content in _pieces(printer, report):
        if kind == "math":
            rows.append(content)
        elif content:
            rows.append(_title_in_math(content))
    return "\\begin{array}{l}\n" + " \\\\[1ex]\n".join(rows) + "\n\\end{array}"
