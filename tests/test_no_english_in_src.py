"""Every word a person sees lives in the text files (issue 11, issue 17): no module under
``src/`` holds a user-facing English sentence.

The check reads every string literal of every module (f-strings included, docstrings
not) and flags one that reads as prose: two words of letters in a row. Not flagged:
what only the author of the content files sees (the content checks of ``loading/`` and
the messages of ``ContentError``, ``ConditionError``, ``FhirError`` and of a builder's
``problem``, read before a release, in English like the specification), faults of
needlecheck itself (``RuntimeError``), and markup (HTML tags, CSS rules, rich and
prompt_toolkit styles).

Every sentence once in the code now lives in a ``[ui]`` key (the ratchet that listed
those still to move is gone): the check fails on any English sentence in ``src/``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import needlecheck

SOURCE = Path(needlecheck.__file__).parent

#: Calls whose messages only a content author or a maintainer reads.
AUTHOR_CALLS = {"problem", "ContentError", "ConditionError", "FhirError", "RuntimeError"}
#: Functions whose returned text is a content check's (the loader names the term).
AUTHOR_FUNCTIONS = {"term_problem"}
#: Modules that are the content checks (the loader, for the content author).
AUTHOR_MODULES = ("loading/",)

PROSE = re.compile(r"[A-Za-z]{2,}[,:;]? [a-z]{2,}")
MARKUP = re.compile(r"<[^>]*>|\{[^{}]*\}")
STYLE = re.compile(
    r"^((bold|dim|italic|underline|reverse|noreverse|nobold|(fg|bg):\S+|"
    r"red|green|yellow|blue|cyan|magenta|white|black|bright_\w+|on)\s*)+$"
)

#: Literals that are not shown, by module and how they begin: patterns that read a
#: library's English, a FHIRPath expression, the HTML report's style sheet.
NOT_SHOWN = {
    ("answers/files.py", r"at line (\d+), column (\d+)"),
    ("cli_usage.py", "does not take a value."),
    ("render/fhir_questionnaire.py", "%resource.repeat(item).where(linkId in"),
    ("render/html.py", "\n:root { color-scheme: light; }"),
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for statement in body if isinstance(body, list) else []:
            if (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                found.add(id(statement.value))
    return found


def _name(function: ast.expr) -> str | None:
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return None


def english_literals(source: str) -> Iterator[tuple[int, str]]:
    """Each string literal in ``source`` that reads as an English sentence shown to a
    person: (line, text; an f-string's placeholders as ``{}``)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)

    def visit(node: ast.AST, exempt: bool) -> Iterator[tuple[int, str]]:
        if isinstance(node, ast.Call) and _name(node.func) in AUTHOR_CALLS:
            exempt = True
        if isinstance(node, ast.FunctionDef) and node.name in AUTHOR_FUNCTIONS:
            exempt = True
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
            if not exempt and _reads_as_prose(text):
                yield node.lineno, text
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not exempt and id(node) not in skip and _reads_as_prose(node.value):
                yield node.lineno, node.value
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child, exempt)

    yield from visit(tree, False)


def _reads_as_prose(text: str) -> bool:
    if STYLE.match(text.strip()):
        return False
    bare = text
    while MARKUP.search(bare):
        bare = MARKUP.sub(" ", bare)
    return bool(PROSE.search(bare))


def _found() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = path.relative_to(SOURCE).as_posix()
        if module.startswith(AUTHOR_MODULES):
            continue
        for line, text in english_literals(path.read_text("utf-8")):
            if not any(module == where and text.startswith(start) for where, start in NOT_SHOWN):
                found.setdefault(module, []).append(f"{module}:{line}: {text[:70]!r}")
    return found


def test_the_check_finds_a_planted_english_sentence() -> None:
    planted = (
        '"""A module docstring is not shown."""\n'
        "from needlecheck import out\n"
        "HINT = 'press Enter to carry on'\n"
        "def f(path):\n"
        '    """Nor is a function\'s docstring."""\n'
        "    out.status(f'report written to {path}')\n"
        "    out.status(content.text('files.written', path=path))\n"
        "    raise OutputError(say('files.exists', path=path))\n"
        "def g(builder):\n"
        "    builder.problem('[meta]', 'content_version is missing')\n"
        "    raise RuntimeError('a fault in the prompt')\n"
        "STYLE = 'fg:ansicyan bold'\n"
        "PAGE = '<p class=\"next-step\">{}</p>'\n"
    )
    found = [text for _, text in english_literals(planted)]
    assert found == ["press Enter to carry on", "report written to {}"]


def test_no_module_under_src_holds_user_facing_english() -> None:
    found = _found()
    assert not found, "move these to [ui] keys of the text files:\n" + "\n".join(
        line for lines in found.values() for line in lines
    )
