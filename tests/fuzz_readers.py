"""Coverage-guided fuzzing of the checker's readers with atheris (libFuzzer).

    python tests/fuzz_readers.py -runs=100000          # a bounded run
    python tests/fuzz_readers.py -max_total_time=600   # ten minutes

Every input is decoded as text and given to the entry, array and rule readers and to ``check``
for a small layer. The only exceptions allowed are symconv's documented errors
(:class:`~symconv.errors.ReadError` from the readers, any ``SymconvError`` from ``check``); any
other exception is a crash that libFuzzer reports with the input that caused it. The test suite
runs a bounded number of inputs (``tests/test_checking_fuzz.py``).
"""

from __future__ import annotations

import sys


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["symconv", "lark"]):
        from symconv import Conv, ReadError, SymconvError, check, kernel
        from symconv.checking.arrays import read_array
        from symconv.checking.reading import Vocabulary, read_entry
        from symconv.checking.rulereading import read_rule

    layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    names = Vocabulary(list(layer.kernel_entries))
    readers = (lambda text: read_entry(text, names), read_array, read_rule)

    def one_input(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        for read in readers:
            try:
                read(text)
            except ReadError:
                pass
        try:
            check(layer, text)
        except SymconvError:
            pass

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
