"""The documentation site builds in strict mode, offline, and shows everything it promises.

The module builds the site once, as ``mkdocs build --strict`` into a temporary folder (with the
notebooks executed), so a broken link, a cross-reference to a name without an entry, any plugin's
warning or a failing notebook fails the build, and the first test. The other tests read the built
HTML, the way a reader's browser would: every name of ``symconv.__all__`` has an API entry showing
its parameters and an example; every public module has an entry; the command-line reference names
every flag of every command; no page loads anything from the network; and, in headless Chromium,
MathJax (shipped with the site) typesets every formula of every page, each page finding every file
it asks for on the site. The slides of the teachers' page compile with pdflatex.

The build takes 10 to 20 seconds, about half of it executing the notebooks; opening every page in
Chromium about 30.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import inspect
import os
import pathlib
import pkgutil
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

import symconv

from .conftest import browser_available, chromium_driver
from .latex import compile_latex as compile_document
from .test_doc_transcripts import run_session, transcripts

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 600
"""Seconds the build may take before the test fails."""

pytest.importorskip("mkdocs", reason="building the site needs the docs tools: pip install -e '.[test]'")


# A small DOM of the built pages ----------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def elements(self, *, skip: Callable[[Element], bool] | None = None) -> list[Element]:
        """Every element below this one, in document order, not descending into those ``skip`` selects."""
        found = []
        for child in self.children:
            if isinstance(child, Element):
                found.append(child)
                if skip is None or not skip(child):
                    found.extend(child.elements(skip=skip))
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {name: value or "" for name, value in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        element: Element | None = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    return builder.root


# The build --------------------------------------------------------------------------------------------------------

@dataclass
class Site:
    folder: pathlib.Path
    log: str
    _parsed: dict[str, Element] = field(default_factory=dict, repr=False)

    def pages(self) -> list[pathlib.Path]:
        return sorted(self.folder.rglob("*.html"))

    def page(self, relative: str) -> Element:
        if relative not in self._parsed:
            self._parsed[relative] = parse((self.folder / relative).read_text(encoding="utf-8"))
        return self._parsed[relative]

    @functools.cached_property
    def entries(self) -> dict[str, Element]:
        """The API entries by id: each ``div.doc-object`` of the reference, keyed by its heading's id."""
        found = {}
        for path in sorted((self.folder / "reference").rglob("index.html")):
            for element in self.page(str(path.relative_to(self.folder))).elements():
                if {"doc", "doc-heading"} <= element.classes and "id" in element.attrs and element.parent is not None:
                    found[element.attrs["id"]] = element.parent
        return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("site")
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SYMCONV_DOCS_EXECUTE="true")
    environment["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), environment.get("PYTHONPATH", "")) if p)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
    return Site(folder, log)


def test_the_site_builds_in_strict_mode_without_a_warning(site):
    warnings = [line for line in site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    # a notebook's Jupyter kernel may log a ZMQ race as it shuts down (seen once in CI): that is the kernel's
    # transport, not the site; a cell that fails stops the build above, and every other line still fails here
    kernel_noise = "ERROR:tornado.general:Uncaught exception in ZMQStream callback"
    assert [line for line in warnings if line != kernel_noise] == []
    for page in ["index.html", "what-m-is/index.html", "options/index.html", "teaching/index.html",
                 "cli/index.html", "benchmarks/index.html", "reference/index.html", "notebooks/neuron/index.html"]:
        assert (site.folder / page).is_file(), page


# The API reference ------------------------------------------------------------------------------------------------



def own_elements(entry: Element) -> list[Element]:
    """The elements of an API entry itself, without the entries of its members (``div.doc-children``)."""
    return entry.elements(skip=lambda element: "doc-children" in element.classes)


def is_section_title(element: Element) -> bool:
    return element.tag == "p" and any("doc-section-title" in child.classes for child in element.elements())


def section(entry: Element, title: str) -> list[Element]:
    """The elements of the docstring section ``title`` ("Parameters", "Examples", ...) of an entry, or [].

    A section is its title paragraph and what follows it, up to the next section, admonition (a Notes section)
    or the entries of the members.
    """
    for element in own_elements(entry):
        if "doc-section-title" in element.classes and element.text().strip() == f"{title}:":
            paragraph = element.parent
            assert paragraph is not None and paragraph.parent is not None
            siblings = [child for child in paragraph.parent.children if isinstance(child, Element)]
            body = []
            for sibling in siblings[siblings.index(paragraph) + 1:]:
                if is_section_title(sibling) or sibling.tag == "details" or sibling.classes & {"admonition",
                                                                                              "doc-children"}:
                    break
                body += [sibling, *sibling.elements()]
            return body
    return []


def named_parameters(name: str) -> list[str]:
    """The parameters of ``symconv.<name>`` a caller can pass by name (the signature of a class's constructor)."""
    obj = getattr(symconv, name)
    if not callable(obj):
        return []
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return []
    return [parameter.name for parameter in signature.parameters.values()
            if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) and parameter.name != "self"]


PUBLIC_NAMES = list(symconv.__all__)


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_every_public_name_has_an_entry_with_its_parameters_and_an_example(site, name):
    entry = site.entries.get(f"symconv.{name}")
    assert entry is not None, f"symconv.{name} has no entry in the API reference (docs/reference/*.md)"
    if not callable(getattr(symconv, name)):
        return  # __version__: a value, with nothing to pass and nothing to run
    parameters = named_parameters(name)
    if parameters:
        table = section(entry, "Parameters")
        documented = {element.text().strip() for element in table if element.tag == "code"}
        missing = [parameter for parameter in parameters if parameter not in documented]
        assert table and not missing, f"symconv.{name}: the Parameters section lacks {missing or parameters}"
    examples = section(entry, "Examples")
    assert any(">>>" in element.text() for element in examples if element.tag == "pre"), (
        f"symconv.{name}: no Examples section with a >>> example")


def test_an_entry_is_read_with_its_sections_and_without_its_members():
    entry = parse("""<div class="doc doc-object"><h2 id="p.f" class="doc doc-heading">f</h2>
      <div class="doc doc-contents"><p><span class="doc-section-title">Parameters:</span></p>
      <table><tr><td><code>x</code></td></tr></table>
      <p><span class="doc-section-title">Examples:</span></p><p>Needs <code>y</code>:</p>
      <div class="highlight"><pre>&gt;&gt;&gt; f(1)</pre></div>
      <p><span class="doc-section-title">Raises:</span></p><table><tr><td><code>E</code></td></tr></table>
      <div class="doc doc-children"><div class="doc doc-object"><h3 id="p.f.g" class="doc doc-heading">g</h3>
      <p><span class="doc-section-title">Examples:</span></p><div class="highlight"><pre>&gt;&gt;&gt; g()</pre></div>
      </div></div></div></div>""").elements()[0]
    assert [element.text() for element in section(entry, "Parameters") if element.tag == "code"] == ["x"]
    assert [element.text() for element in section(entry, "Examples") if element.tag in ("code", "pre")] == [
        "y", ">>> f(1)"]
    assert section(entry, "Returns") == []


def public_modules() -> list[str]:
    return [module.name for module in pkgutil.walk_packages(symconv.__path__, "symconv.")
            if not any(part.startswith("_") for part in module.name.split("."))]


def test_every_public_module_has_an_entry(site):
    modules = ["symconv", *public_modules()]
    assert len(modules) > 50
    assert [module for module in modules if module not in site.entries] == []


# The command-line reference ---------------------------------------------------------------------------------------

def cli_reference_hook():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs" / "hooks" / "cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def flags_by_command() -> dict[str, list[str]]:
    from symconv.cli import build_parser

    hook = cli_reference_hook()
    return {sub.prog: [flag for action in sub._actions for flag in action.option_strings]
            for _, _, sub in hook.subcommands(build_parser())}


def test_the_cli_reference_names_every_flag_of_every_command(site):
    commands = flags_by_command()
    assert list(commands) == ["symconv example", "symconv derive", "symconv check", "symconv figure"]
    page = site.page("cli/index.html")
    headings = [element for element in page.elements() if element.tag in ("h2", "h3")]
    for command, flags in commands.items():
        heading = next(h for h in headings if h.tag == "h3" and h.text().strip().rstrip("¶").strip() == command)
        siblings = [child for child in heading.parent.children if isinstance(child, Element)]
        start = siblings.index(heading) + 1
        end = next((i for i in range(start, len(siblings)) if siblings[i].tag in ("h2", "h3")), len(siblings))
        shown = {element.text() for sibling in siblings[start:end] for element in [sibling, *sibling.elements()]
                 if element.tag == "code"}
        assert len(flags) > 5 and [flag for flag in flags if flag not in shown] == [], command


def test_the_cli_reference_follows_the_parser():
    import argparse

    parser = argparse.ArgumentParser(prog="tool")
    commands = parser.add_subparsers()
    one = commands.add_parser("one", help="the first")
    group = one.add_mutually_exclusive_group()
    group.add_argument("--left", help="go left")
    group.add_argument("--right", action="store_true", help="go right, 100%% sure")
    one.add_argument("--mode", choices=["a", "b"], default="a")
    text = cli_reference_hook().reference(parser)
    assert "| [`tool one`](#tool-one) | the first |" in text
    assert "| `--left` | `LEFT` |  | go left; not with `--right` |" in text
    assert "| `--right` |  |  | go right, 100% sure; not with `--left` |" in text
    assert "| `--mode` | `a` `b` | `a` |  |" in text


# Offline ----------------------------------------------------------------------------------------------------------

def external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE)) and not url.startswith("data:")


def test_no_page_loads_anything_from_the_network(site):
    loads = []
    for path in site.pages():
        page = parse(path.read_text(encoding="utf-8"))
        for element in page.elements():
            for attribute in ("src", "srcset", "data"):
                if external(element.attrs.get(attribute, "")):
                    loads.append((path.relative_to(site.folder), element.tag, element.attrs[attribute]))
            if element.tag == "link" and external(element.attrs.get("href", "")):
                loads.append((path.relative_to(site.folder), "link", element.attrs["href"]))
            if element.tag in ("script", "style"):
                for url in re.findall(r"""(?:import\(|url\(|@import\s)\s*["']?(https?://[^"')\s]+)""", element.text()):
                    loads.append((path.relative_to(site.folder), element.tag, url))
    for path in site.folder.rglob("*.css"):
        for url in re.findall(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", path.read_text(encoding="utf-8")):
            loads.append((path.relative_to(site.folder), "css", url))
    assert loads == []


def test_the_site_ships_mathjax_and_loads_it_on_every_page(site):
    assert (site.folder / "assets" / "mathjax" / "MathJax.js").is_file()
    assert (site.folder / "assets" / "mathjax" / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    for path in site.pages():
        scripts = [element.attrs.get("src", "") for element in parse(path.read_text(encoding="utf-8")).elements()
                   if element.tag == "script"]
        assert sum(src.endswith("assets/mathjax/MathJax.js") for src in scripts) == 1, path


# The pages --------------------------------------------------------------------------------------------------------

def test_the_benchmarks_page_is_the_benchmarks_readme(site):
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    heading = re.search(r"^## (.+)$", readme, re.MULTILINE).group(1)
    text = " ".join(site.page("benchmarks/index.html").text().split())
    assert "compares symconv with the obvious alternatives" in text and heading in text


def test_the_what_m_is_page_typesets_symconvs_own_latex():
    from symconv.examples import example_derivation

    page = (ROOT / "docs" / "what-m-is.md").read_text(encoding="utf-8")
    shown = [" ".join(body.split()) for body in re.findall(r"^\$\$\n(.*?)\n\$\$$", page, re.MULTILINE | re.DOTALL)]
    for block in ["input", "flat_input", "kernel", "matrix", "expansion", "output"]:
        latex = example_derivation().latex(blocks=[block])
        for display in re.findall(r"\\\[\n(.*?)\n\\\]", latex, re.DOTALL):
            assert " ".join(display.split()) in shown, f"the {block} display of what-m-is.md is not symconv's LaTeX"


def test_the_notebooks_are_shown_with_their_outputs(site):
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        page = site.page(f"notebooks/{notebook.stem}/index.html")
        outputs = [element for element in page.elements() if "jp-OutputArea-output" in element.classes]
        errors = [element for element in outputs if element.attrs.get("data-mime-type", "").endswith("stderr")]
        assert outputs and not errors, notebook.name


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (CI installs it)")
def test_the_slides_of_the_teachers_page_compile(tmp_path):
    page = ROOT / "docs" / "teaching.md"
    run_session(transcripts(page)[0], tmp_path)
    slides = re.search(r"^```latex\n(.*?)^```$", page.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL).group(1)
    compiled = compile_document(slides, tmp_path, "lecture")
    assert compiled.ok, compiled.log[-3000:]
    assert compiled.pdf.stat().st_size > 0


# In a browser -----------------------------------------------------------------------------------------------------

PAGES_WITH_MATH = ["what-m-is/", "views/", "reference/geometry/", "notebooks/checking/"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(_QuietHandler, directory=str(site.folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    with chromium_driver(1200, 1000) as driver:
        yield driver


def typeset(driver, url: str) -> dict:
    """Open ``url``, wait for MathJax to finish, and return what it typeset and what the page loaded."""
    import time

    driver.get(url)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not driver.execute_script(
            "return !!(window.MathJax && MathJax.isReady && MathJax.Hub.queue.pending === 0)"):
        time.sleep(0.1)
    return driver.execute_script("""return {
        version: window.MathJax && MathJax.version,
        formulas: document.querySelectorAll('.arithmatex, .jp-RenderedLatex').length,
        typeset: document.querySelectorAll('script[type^="math/tex"]').length,
        rendered: document.querySelectorAll('.MathJax, .MathJax_Display').length,
        errors: Array.from(document.querySelectorAll('.MathJax_Error, merror')).map(e => e.textContent),
        untouched: Array.from(document.querySelectorAll('.arithmatex')).filter(
            e => !e.querySelector('script[type^="math/tex"]')).length,
        loaded: performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])}""")


@pytest.mark.browser
@pytest.mark.skipif(not browser_available(), reason="chromium, chromedriver or selenium is not installed "
                                                    "(CI installs them and sets SYMCONV_REQUIRE_BROWSER=1)")
def test_mathjax_typesets_every_formula_of_every_page_offline(site, served, browser):
    pages = sorted(str(path.parent.relative_to(site.folder)) for path in site.folder.rglob("index.html")
                   if "assets" not in path.parts)
    problems = {}
    for page in pages:
        url = served + ("" if page == "." else f"{page}/")
        state = typeset(browser, url)
        wrong = {
            "MathJax": state["version"] != "2.7.9",
            "formulas left as text": state["untouched"],
            "errors": state["errors"],
            "not rendered": state["rendered"] < state["typeset"] or state["typeset"] < state["formulas"],
            "loaded from elsewhere": [name for name, _ in state["loaded"] if not name.startswith(served)],
            "failed to load": [name for name, status in state["loaded"] if status != 200],
            "no formula on a page that has some": f"{page}/" in PAGES_WITH_MATH and state["formulas"] == 0,
        }
        if any(wrong.values()):
            problems[page] = {key: value for key, value in wrong.items() if value}
    assert len(pages) > 25 and problems == {}
