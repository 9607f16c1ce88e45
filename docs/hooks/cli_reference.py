"""MkDocs hook: the command-line reference on the CLI page is generated from symconv's own parser.

docs/cli.md holds the hand-written examples and one placeholder line, :data:`PLACEHOLDER`;
:func:`on_page_markdown` replaces it, at every build, with :func:`reference` of
``symconv.cli.build_parser()``: for each command its usage line, its description and one table per
group of flags (flag, value, default, meaning, and which flags exclude each other). The reference
therefore lists every flag the installed ``symconv`` accepts, and cannot fall behind it;
tests/test_site.py checks that it names every option of every command.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="tool")
>>> commands = parser.add_subparsers(dest="command")
>>> run = commands.add_parser("run", help="run it", description="Run it once.")
>>> _ = run.add_argument("--speed", metavar="N", default="1", help="how fast (default %(default)s)")
>>> print(reference(parser, level=2))
The program: `tool [-h] {run} ...`
<BLANKLINE>
| command | what it does |
|---|---|
| [`tool run`](#tool-run) | run it |
<BLANKLINE>
## `tool run`
<BLANKLINE>
Run it once.
<BLANKLINE>
```text
usage: tool run [-h] [--speed N]
```
<BLANKLINE>
| flag | value | default | meaning |
|---|---|---|---|
| `-h`, `--help` |  |  | show this help message and exit |
| `--speed` | `N` | `1` | how fast (default 1) |
<BLANKLINE>
"""

from __future__ import annotations

import argparse
import html
import re

from mkdocs.exceptions import PluginError

PAGE = "cli.md"
PLACEHOLDER = "<!-- the command-line reference, generated from symconv.cli.build_parser() -->"


def subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """Return (name, one-line help, parser) for each subcommand of ``parser``, in the order ``--help`` lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    return []


def markdown_text(text: str) -> str:
    """Return ``text`` with the characters Markdown, its tables and arithmatex would interpret escaped.

    >>> markdown_text("a*x and x_{i,j} | $5 <b>")
    'a\\\\*x and x\\\\_{i,j} \\\\| \\\\$5 &lt;b&gt;'
    """
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]|$])", r"\\\1", text)


def _value(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.choices is not None and action.metavar is None:
        return " ".join(f"`{choice}`" for choice in action.choices)
    metavar = action.metavar or action.dest.upper()
    return f"`{metavar}`"


def _default(action: argparse.Action) -> str:
    if action.nargs == 0 or action.default in (None, argparse.SUPPRESS):
        return ""
    return f"`{action.default}`"


def _meaning(action: argparse.Action, prog: str, excludes: dict[argparse.Action, list[str]]) -> str:
    helptext = action.help or ""
    if "%" in helptext:
        helptext = argparse.HelpFormatter(prog)._expand_help(action)
    text = markdown_text(helptext)
    others = excludes.get(action)
    if others:
        text += ("; " if text else "") + "not with " + ", ".join(f"`{flag}`" for flag in others)
    return text


def _flag_table(actions: list[argparse.Action], prog: str, excludes: dict[argparse.Action, list[str]]) -> list[str]:
    lines = ["| flag | value | default | meaning |", "|---|---|---|---|"]
    for action in actions:
        if action.help == argparse.SUPPRESS:
            continue
        flags = ", ".join(f"`{flag}`" for flag in action.option_strings) or f"`{action.dest}`"
        lines.append(f"| {flags} | {_value(action)} | {_default(action)} | {_meaning(action, prog, excludes)} |")
    return lines


def usage(parser: argparse.ArgumentParser, width: int = 100) -> str:
    """Return the usage of ``parser`` as argparse writes it, wrapped at ``width`` columns whatever the terminal."""
    formatter = argparse.HelpFormatter(parser.prog, width=width)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _heading_anchor(prog: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", prog.lower()).strip("-")


def command_reference(parser: argparse.ArgumentParser, level: int = 3) -> list[str]:
    """Return the Markdown lines of one command: heading, description, usage and its flags by group."""
    lines = [f"{'#' * level} `{parser.prog}`", ""]
    if parser.description:
        lines += [markdown_text(parser.description), ""]
    lines += ["```text", usage(parser), "```", ""]
    excludes: dict[argparse.Action, list[str]] = {}
    for group in parser._mutually_exclusive_groups:
        for action in group._group_actions:
            excludes[action] = [other.option_strings[0] for other in group._group_actions if other is not action]
    groups = [group for group in parser._action_groups if group._group_actions]
    for group in groups:
        if len(groups) > 1:
            title = group.title or ""
            lines += [f"{title[0].upper()}{title[1:]}:" if title else "", ""]
        lines += _flag_table(group._group_actions, parser.prog, excludes)
        lines.append("")
    return lines


def reference(parser: argparse.ArgumentParser, level: int = 3) -> str:
    """Return the Markdown reference of every command of ``parser``: a summary table, then each command."""
    commands = subcommands(parser)
    program = " ".join(usage(parser).split()).removeprefix("usage: ")
    lines = [f"The program: `{program}`", "", "| command | what it does |", "|---|---|"]
    for _, summary, sub in commands:
        lines.append(f"| [`{sub.prog}`](#{_heading_anchor(sub.prog)}) | {markdown_text(summary)} |")
    lines.append("")
    for _, _, sub in commands:
        lines += command_reference(sub, level)
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
    if page.file.src_uri != PAGE:
        return markdown
    if PLACEHOLDER not in markdown:
        raise PluginError(f"docs/{PAGE} has lost the line {PLACEHOLDER!r} that the generated CLI reference replaces")
    from symconv.cli import build_parser

    return markdown.replace(PLACEHOLDER, reference(build_parser()))
