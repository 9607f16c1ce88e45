"""Every command-line transcript on the documentation pages is what symconv prints today.

pytest doctests the ``>>>`` examples of the pages (``--doctest-glob=*.md``); this test does the
same for their shell transcripts, the fenced ``console`` blocks: each ``$ command`` line runs in
bash, in a fresh folder per block (so a later command can read a file an earlier one wrote), with
this checkout's ``symconv`` first on the PATH, and its standard output must be the lines that
follow it on the page, character for character, with nothing on standard error (an example that
shows an error writes ``2>&1``). Blocks fenced ``sh`` are commands to adapt, not transcripts, and
are not run.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("**/*.md"))
FENCE = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Step:
    command: str
    output: str


@dataclass(frozen=True)
class Transcript:
    page: pathlib.Path
    line: int
    steps: tuple[Step, ...]

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT / 'docs')}:{self.line}"


def transcripts(page: pathlib.Path) -> list[Transcript]:
    """Return the ``console`` blocks of ``page``, each as its commands and their expected output."""
    text = page.read_text(encoding="utf-8")
    found = []
    for block in FENCE.finditer(text):
        steps: list[Step] = []
        command, output = None, []
        for line in block.group(1).splitlines():
            if line.startswith("$ "):
                if command is not None:
                    steps.append(Step(command, "".join(f"{out}\n" for out in output)))
                command, output = line[2:], []
            elif command is None:
                raise AssertionError(f"{page.name}: a console block must start with '$ ': {line!r}")
            else:
                output.append(line)
        if command is not None:
            steps.append(Step(command, "".join(f"{out}\n" for out in output)))
        found.append(Transcript(page, text.count("\n", 0, block.start()) + 1, tuple(steps)))
    return found


TRANSCRIPTS = [transcript for page in PAGES for transcript in transcripts(page)]


def test_the_pages_have_transcripts_to_run():
    pages = {transcript.page.name for transcript in TRANSCRIPTS}
    assert {"index.md", "cli.md", "views.md", "figures.md"} <= pages, pages


def test_a_transcript_is_read_as_commands_and_their_output(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("text\n\n```console\n$ echo a\na\n$ true\n$ printf 'b\\n\\nc\\n'\nb\n\nc\n```\n")
    (transcript,) = transcripts(page)
    assert transcript.line == 3
    assert transcript.steps == (Step("echo a", "a\n"), Step("true", ""), Step("printf 'b\\n\\nc\\n'", "b\n\nc\n"))


def run_session(transcript: Transcript, folder: pathlib.Path) -> list[tuple[str, str]]:
    """Run the commands of ``transcript`` in one bash session in ``folder``; return each one's (stdout, stderr)."""
    environment = dict(os.environ)
    environment["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent), environment.get("PATH", "")])
    environment["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), environment.get("PYTHONPATH", "")) if p)
    session = folder / ".session"
    session.mkdir()
    script = "".join(f"{{ {step.command}\n}} > {session}/{number}.out 2> {session}/{number}.err\n"
                     for number, step in enumerate(transcript.steps))
    subprocess.run(["bash", "-c", script], cwd=folder, env=environment, check=False, timeout=300)
    return [((session / f"{number}.out").read_text(), (session / f"{number}.err").read_text())
            for number in range(len(transcript.steps))]


def test_a_session_keeps_variables_and_files_and_separates_the_outputs(tmp_path):
    steps = (Step("X=1; echo $X > x.txt", ""), Step("cat x.txt; echo $X  # a comment", "1\n1\n"),
             Step("ls missing", ""))
    outputs = run_session(Transcript(tmp_path / "page.md", 1, steps), tmp_path)
    assert outputs[:2] == [("", ""), ("1\n1\n", "")]
    assert outputs[2][0] == "" and "missing" in outputs[2][1]


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=[transcript.name for transcript in TRANSCRIPTS])
def test_transcript_matches_what_symconv_prints(transcript, tmp_path):
    if any("symconv figure" in step.command and re.search(r"\.(png|svg|pdf|gif)\b", step.command)
           for step in transcript.steps):
        pytest.importorskip("matplotlib", reason="PNG, SVG, PDF and GIF need matplotlib: pip install -e '.[test]'")
    for step, (stdout, stderr) in zip(transcript.steps, run_session(transcript, tmp_path)):
        assert stderr == "", f"{transcript.name}: $ {step.command}\nwrote to stderr:\n{stderr}"
        assert stdout == step.output, f"{transcript.name}: $ {step.command}"
