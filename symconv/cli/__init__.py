"""The ``symconv`` command line: one module per command, registered in :data:`COMMANDS`.

Exit status 0 on success; 2, with one line on stderr, on bad arguments. A command may
also exit 1 for a result that is not an error (``symconv check`` on a wrong derivation).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from ..errors import SymconvError
from . import check, derive, example, figure
from .options import CommandParser, Outcome

COMMANDS = (example, derive, check, figure)
"""The command modules, in the order ``--help`` lists them. Each has ``NAME``, ``HELP``,
``DESCRIPTION``, ``configure(parser)`` and ``run(args) -> Outcome``."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``symconv`` command, with one subcommand per module of :data:`COMMANDS`.

    Returns
    -------
    argparse.ArgumentParser
        The parser (a :class:`~symconv.cli.options.CommandParser`: a usage error is one line
        on stderr and exit status 2); the CLI reference is generated from it.

    Examples
    --------
    >>> from symconv.cli import build_parser
    >>> parser = build_parser()
    >>> parser.prog, parser.parse_args(["example", "--latex"]).command
    ('symconv', 'example')
    """
    from .. import __version__

    parser = CommandParser(
        prog="symconv",
        description="Write a convolutional layer as its matrix M (y' = M x'), exactly, in text or LaTeX.",
    )
    parser.add_argument("--version", action="version", version=f"symconv {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)
    for command in COMMANDS:
        command.configure(subcommands.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``symconv`` (None, the default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 2, with one line on stderr, when a value is refused (a
        :class:`~symconv.errors.SymconvError`, in the command line's words) or ``--output``
        cannot be written; 1 for a result that is not an error (``symconv check`` of a wrong
        derivation).

    Raises
    ------
    SystemExit
        From argparse: status 2 for an unknown flag or a missing command, 0 after
        ``--help`` or ``--version``.

    Examples
    --------
    >>> from symconv.cli import main
    >>> main(["example", "--blocks", "flat_input"])
    x' = flatten(x) (9), x'[i*H*W + j*W + k] = x[i,j,k], H=3, W=3:
    [1 2 3|4 5 6|7 8 9]
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    command = next(c for c in COMMANDS if c.NAME == args.command)
    try:
        outcome = command.run(args)
    except (ValueError, TypeError, ImportError) as error:  # ImportError: a MissingDependencyError
        if not isinstance(error, SymconvError):
            raise
        return fail(args.command, str(error))
    return emit(args, outcome)


_ARGUMENT_FLAGS = {"input_shape": "--input-shape", "output_padding": "--output-padding",
                   "padding_mode": "--padding-mode", "stride": "--stride", "dilation": "--dilation",
                   "padding": "--padding", "groups": "--groups", "bias": "--bias-values", "blocks": "--blocks",
                   "x": "--input-values"}


def command_line_words(message: str) -> str:
    """An API message in the command line's words: the flag instead of the argument, ``--force`` for ``force=True``.

    Examples
    --------
    >>> command_line_words("stride must be >= 1; pass force=True (CLI: --force)")
    '--stride must be >= 1; pass --force'
    """
    message = re.sub(r"\S+=\S+ \(CLI: ([^)]+)\)", r"\1", message)
    message = re.sub(r"\(([^();]*); CLI: ([^)]+)\)", r"(\2)", message)
    message = re.sub(r"\(CLI: ([^)]+)\)", r"(\1)", message)
    message = re.sub(r"\b(input_shape|output_padding|padding_mode)\b", lambda m: _ARGUMENT_FLAGS[m.group(1)], message)
    first = re.match(r"(\w+)\b", message)
    if first and first.group(1) in _ARGUMENT_FLAGS and not message.startswith("--"):
        message = _ARGUMENT_FLAGS[first.group(1)] + message[first.end():]
    return message


def fail(command: str, message: str) -> int:
    """Write ``symconv COMMAND: error: MESSAGE`` as one line on stderr (in the command line's words); return 2."""
    line = " ".join(command_line_words(message).split())
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
