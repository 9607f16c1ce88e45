r"""Griffe extension: symconv's numpydoc docstrings, written with Sphinx markup, rendered as Markdown.

symconv's docstrings follow numpydoc, whose markup is reStructuredText: roles such as
``:class:`~symconv.Conv``` or ``:math:`y' = M x'```, and ``.. math::`` blocks. mkdocstrings
renders docstrings as Markdown, where these would show as literal text. :class:`SphinxMarkup`
rewrites them, in every docstring of the package, before mkdocstrings parses the sections:

- a role naming a public, documented object of symconv becomes a link to its entry in the API
  reference (so a wrong or vanished target fails the strict build); any other role target
  (``fractions.Fraction``, a private helper) stays code, without a link;
- ``:math:`...``` becomes ``$...$`` and a ``.. math::`` block a ``$$ ... $$`` display, which
  ``pymdownx.arithmatex`` hands to the site's MathJax;
- a paragraph ending in ``::`` before an indented literal block ends in ``:``.

Double backquotes (``code``) already mean code in Markdown and are left alone.

>>> print(rewrite_markup("A :class:`~symconv.layer.Conv` of :math:`y' = M x'`.", lambda target: None))
A <autoref identifier="symconv.layer.Conv" optional><code>Conv</code></autoref> of $y' = M x'$.
>>> print(rewrite_markup("Notes\n-----\n.. math:: m = n - k + 1\n\nso::\n\n    m <= n", lambda target: target))
Notes
-----
<BLANKLINE>
$$
m = n - k + 1
$$
<BLANKLINE>
so:
<BLANKLINE>
    m <= n
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import griffe

ROLE = re.compile(r":(?:py:)?(?P<role>[a-z]+):`(?P<body>[^`]+)`")
CODE_ROLES = {"class", "func", "meth", "mod", "data", "attr", "exc", "obj", "const", "type", "any"}
MATH_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)$")


def _role(match: re.Match[str], resolve: Callable[[str], str | None]) -> str:
    role, body = match["role"], match["body"]
    if role == "math":
        return f"${body}$"
    if role not in CODE_ROLES:
        return f"`{body}`"
    explicit = re.fullmatch(r"(?P<title>.+?)\s*<(?P<target>[^>]+)>", body)
    if explicit:
        title, target = explicit["title"], explicit["target"]
    else:
        target = body.lstrip("~").lstrip(".")
        title = target.rsplit(".", 1)[-1] if body.startswith("~") else target
    found = resolve(target)
    if found is None:
        return f'<autoref identifier="{target}" optional><code>{title}</code></autoref>'
    return f'<autoref identifier="{found}"><code>{title}</code></autoref>'


def _math_blocks(lines: list[str]) -> Iterator[str]:
    index = 0
    while index < len(lines):
        directive = MATH_DIRECTIVE.match(lines[index])
        if not directive:
            yield lines[index]
            index += 1
            continue
        indent = len(directive["indent"].expandtabs())
        body = [directive["first"]] if directive["first"].strip() else []
        index += 1
        while index < len(lines) and (not lines[index].strip()
                                      or len(lines[index]) - len(lines[index].lstrip()) > indent):
            body.append(lines[index].strip())
            index += 1
        equations = "\n".join(body).strip().split("\n\n")
        for equation in equations:
            if equation.strip() and not equation.lstrip().startswith(":"):
                yield from ("", directive["indent"] + "$$", *(directive["indent"] + line
                                                               for line in equation.strip().splitlines()),
                            directive["indent"] + "$$")
        yield ""


def rewrite_markup(text: str, resolve: Callable[[str], str | None]) -> str:
    """Return ``text`` with Sphinx roles, ``.. math::`` blocks and ``::`` literal markers as Markdown.

    ``resolve(target)`` returns the full path of the object a role names when the API reference
    documents it, or None (the role then stays code without a link).
    """
    lines = list(_math_blocks(text.splitlines()))
    for number, line in enumerate(lines[:-2]):
        following = lines[number + 1:]
        block = next((later for later in following if later.strip()), "")
        if line.rstrip().endswith("::") and not following[0].strip() and block.startswith((" ", "\t")):
            stripped = line.rstrip()[:-2]
            lines[number] = stripped + ":" if stripped.strip() else ""
    text = "\n".join(lines)
    return ROLE.sub(lambda match: _role(match, resolve), text)


def documented(obj: griffe.Object | griffe.Alias) -> bool:
    """Return True when ``obj`` has an entry of its own in the API reference: public all the way, and documented."""
    if any(part.startswith("_") for part in obj.path.split(".")):
        return False
    try:
        target = obj.final_target if isinstance(obj, griffe.Alias) else obj
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    return target.is_module or bool(target.docstring)


class SphinxMarkup(griffe.Extension):
    """Rewrite the Sphinx markup of every docstring in a package as Markdown (see the module docstring)."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: object) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = rewrite_markup(obj.docstring.value, lambda target, obj=obj: _resolve(obj, target))


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)  # type: ignore[arg-type]


def _resolve(scope: griffe.Object, target: str) -> str | None:
    """The full path of the documented symconv object ``target`` names from ``scope``, or None."""
    root = scope.package
    candidates = [target]
    owner: griffe.Object | None = scope
    while owner is not None:
        candidates.append(f"{owner.path}.{target}")
        owner = owner.parent
    for path in candidates:
        if not path.startswith(root.path + ".") and path != root.path:
            continue
        try:
            found = root.get_member(path.split(".")[1:]) if path != root.path else root
        except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
        if documented(found):
            return found.path
    return None
