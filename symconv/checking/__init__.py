"""Check hand derivations: a matrix M, an entry rule for M[s, t] or an expansion y' = M x', against a layer.

:func:`check` reads the candidate (objects, or untrusted text through lark grammars, never
evaluated), compares it with the layer's truth entry by entry, and confirms diagnoses by
rebuilding the candidate under each hypothesis. The modules, in the order data flows:
:mod:`~.grammars`, :mod:`~.reading`, :mod:`~.arrays` and :mod:`~.rulereading` (text);
:mod:`~.rules` and :mod:`~.evaluation` (entry rules); :mod:`~.codes` and :mod:`~.candidates`
(values as codes); :mod:`~.diagnosis` (the hypotheses); :mod:`~.report` (the result) and
:mod:`~.check` (the entry point).
"""

from .check import check, check_expansion, check_formula, check_matrix, guess_kind
from .report import CheckReport, Diagnosis, Sentence, WrongEntry

__all__ = ["CheckReport", "Diagnosis", "Sentence", "WrongEntry", "check", "check_expansion", "check_formula",
           "check_matrix", "guess_kind"]
