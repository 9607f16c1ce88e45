"""The ``symconv`` command line: one module per command, registered in :data:`COMMANDS`.

Exit status 0 on success; 2, with one line on stderr, on bad arguments. A command may
also exit 1 for a result that is not an error (``symconv check`` on a wrong derivation).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..errors import SymconvError
from . import check, derive, example
from .options import CommandParser, Outcome

COMMANDS = (example, derive, check)
"""The command modules, in the order ``--help`` lists them. Each has ``NAME``, ``HELP``,
``DESCRIPTION``, ``configure(parser)`` and ``run(args) -> Outcome``."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``symconv`` command."""
    parser = CommandParser(
        prog="symconv",
        description="Write a convolutional layer as its matrix M (y' = M x'), exactly, in text or LaTeX.",
    )
    subcommands = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)
    for command in COMMANDS:
        command.configure(subcommands.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = next(c for c in COMMANDS if c.NAME == args.command)
    try:
        outcome = command.run(args)
    except (ValueError, TypeError) as error:
        if not isinstance(error, SymconvError):
            raise
        return fail(args.command, str(error))
    return emit(args, outcome)


def fail(command: str, message: str) -> int:
    """Write ``symconv COMMAND: error: MESSAGE`` as one line on stderr and return 2."""
    line = " ".join(message.split())
    sys.stderr.write(f"symconv {command}: error: {line}\n")
    return 2


def emit(args: argparse.Namespace, outcome: Outcome) -> int:
    """Write an outcome's text to ``--output`` or stdout; return its status (2 if the file cannot be written)."""
    output = getattr(args, "output", None)
    if output is not None and outcome.to_file:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(outcome.text)
        except OSError as error:
            return fail(args.command, f"cannot write --output {output!r}: {error}")
    else:
        sys.stdout.write(outcome.text)
    return outcome.status


__all__ = ["COMMANDS", "build_parser", "main"]
