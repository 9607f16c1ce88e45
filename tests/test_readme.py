"""The README's command-line examples run as written (exit status 0), so the front page never lies."""

from __future__ import annotations

import pathlib
import re
import shlex

import pytest

from symconv.cli import main
from symconv.examples import example_derivation

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def readme_commands() -> list[list[str]]:
    """Every ``symconv ...`` line of the README's "Command line" shell block (continuations joined)."""
    section = README.read_text(encoding="utf-8").split("## Command line", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    joined = re.sub(r"\\\n\s*", " ", block)
    commands = []
    for line in joined.splitlines():
        line = line.split("  #")[0].strip()
        if line.startswith("symconv ") and "[" not in line.split("--")[0]:
            commands.append(shlex.split(line)[1:])
    return commands


COMMANDS = readme_commands()


def test_the_readme_shows_every_command():
    assert {args[0] for args in COMMANDS} == {"derive", "check", "figure"}


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a)[:60] for a in COMMANDS])
def test_a_readme_command_runs(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_matrix.txt").write_text(example_derivation().blocks()["matrix"], encoding="utf-8")
    if args[0] == "figure":
        pytest.importorskip("matplotlib", reason="figures need matplotlib: pip install 'symconv[figures]'")
    status = main(args)
    captured = capsys.readouterr()
    assert status == 0, captured.err
