"""MkDocs hook: the site typesets its mathematics with a MathJax that ships inside it, never one from a CDN.

The LaTeX on the pages (``$...$`` and ``$$...$$``, which ``pymdownx.arithmatex`` wraps for MathJax)
and in the notebooks' outputs is typeset in the reader's browser by MathJax 2.7, whose files come
from the PyPI package ``jupyter-server-mathjax`` (the copy Jupyter itself serves; it is in the
``docs`` and ``test`` extras). :func:`on_files` adds those files to the site under
``assets/mathjax/``, so ``mkdocs build`` writes them and ``mkdocs serve`` serves them; the site loads
``assets/mathjax/MathJax.js`` after ``javascripts/mathjax-config.js`` (``extra_javascript`` in
mkdocs.yml). Nothing is fetched from the network, at build time or when a page is read.

mkdocs-jupyter would add a ``<script>`` that loads MathJax from its ``custom_mathjax_url`` to every
notebook page; mkdocs.yml sets that URL to :data:`NOTEBOOK_MATHJAX_URL` and :func:`on_post_page`
removes the script, keeping the notebook's own MathJax configuration (``$`` for inline math, as in
Jupyter), which the site's MathJax reads when it starts. It also removes nbconvert's loader of
mermaid.js, which would import it from a CDN for a notebook with mermaid diagrams.
"""

from __future__ import annotations

import importlib.metadata
import pathlib
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

MATHJAX_DISTRIBUTION = "jupyter-server-mathjax"
"""The PyPI package whose ``jupyter_server_mathjax/static`` folder is MathJax 2.7."""
MATHJAX_PARTS = ("MathJax.js", "LICENSE", "config", "extensions", "fonts", "jax", "localization/en")
"""What the site needs of that folder: the loader, the combined configuration, TeX input, HTML-CSS and SVG
output with the STIX-Web fonts, and English (the other languages are left out)."""
SITE_FOLDER = "assets/mathjax"
NOTEBOOK_MATHJAX_URL = "symconv-offline-mathjax"
"""The ``custom_mathjax_url`` of mkdocs-jupyter in mkdocs.yml: a marker this hook removes, never a URL."""
MERMAID_SCRIPT = re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>', re.DOTALL)
"""nbconvert's loader of mermaid.js (from a CDN, for notebooks with mermaid diagrams, which symconv's have not)."""


def mathjax_folder() -> pathlib.Path:
    """Return the folder of the installed MathJax (``jupyter_server_mathjax/static``).

    Raises
    ------
    mkdocs.exceptions.PluginError
        When ``jupyter-server-mathjax`` is not installed, with the command that installs it.
    """
    try:
        distribution = importlib.metadata.distribution(MATHJAX_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise PluginError(f"the site's MathJax comes from the package {MATHJAX_DISTRIBUTION}, which is not "
                          "installed; install the docs tools with: pip install -e '.[docs]'") from None
    folder = pathlib.Path(str(distribution.locate_file("jupyter_server_mathjax/static")))
    if not (folder / "MathJax.js").is_file():
        raise PluginError(f"{MATHJAX_DISTRIBUTION} is installed but has no MathJax.js in {folder}")
    return folder


def mathjax_files(folder: pathlib.Path) -> list[pathlib.Path]:
    """Return the files of :data:`MATHJAX_PARTS` under ``folder``, relative to it, in a stable order."""
    found: list[pathlib.Path] = []
    for part in MATHJAX_PARTS:
        path = folder / part
        if path.is_file():
            found.append(pathlib.Path(part))
        else:
            found.extend(sorted(p.relative_to(folder) for p in path.rglob("*") if p.is_file()))
    return found


def on_files(files: Files, config) -> Files:  # type: ignore[no-untyped-def]
    folder = mathjax_folder()
    for relative in mathjax_files(folder):
        files.append(File.generated(config, f"{SITE_FOLDER}/{relative.as_posix()}",
                                    abs_src_path=str(folder / relative)))
    return files


def on_post_page(output: str, page, config) -> str:  # type: ignore[no-untyped-def]
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    script = f'<script src="{NOTEBOOK_MATHJAX_URL}"> </script>'
    if script not in output:
        raise PluginError(f"{page.file.src_uri}: mkdocs-jupyter no longer writes {script!r}; the notebook page "
                          "would load MathJax twice or from elsewhere (see docs/hooks/offline_math.py)")
    return MERMAID_SCRIPT.sub("", output.replace(script, ""))
