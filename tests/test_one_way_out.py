"""One way out: everything needlecheck prints goes through ``out.py`` (issue 11), so its
rules (wrapping at words, escaping untrusted text, a closed or full standard output)
hold everywhere. No other module under ``src/`` touches ``sys.stdout``/``sys.stderr``,
calls ``print()`` or makes its own rich ``Console``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import needlecheck

SOURCE = Path(needlecheck.__file__).parent

#: The one way out (with ``out_streams``, its half about streams that are closed or
#: fail), and the entry point's tiny ``--version`` path, which answers before anything
#: else is imported (``out`` included) to stay as fast as Python's own start.
ALLOWED = {SOURCE / "out.py", SOURCE / "out_streams.py", SOURCE / "entry.py"}

STREAMS = {"stdout", "stderr", "__stdout__", "__stderr__"}


def ways_out(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Each place in ``tree`` that writes past ``out``: (line, what)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in STREAMS:
            if isinstance(node.value, ast.Name) and node.value.id == "sys":
                yield node.lineno, f"sys.{node.attr}"
        elif isinstance(node, ast.ImportFrom) and node.module == "sys":
            for alias in node.names:
                if alias.name in STREAMS:
                    yield node.lineno, f"from sys import {alias.name}"
        elif isinstance(node, ast.Call):
            function = node.func
            name = (
                function.id
                if isinstance(function, ast.Name)
                else function.attr
                if isinstance(function, ast.Attribute)
                else None
            )
            if name == "print" and isinstance(function, ast.Name):
                yield node.lineno, "print()"
            elif name == "Console":
                yield node.lineno, "Console()"


def test_the_check_sees_every_way_out() -> None:
    code = (
        "import sys\nfrom sys import stderr\nprint('x')\nsys.stdout.write('x')\n"
        "rich.console.Console()\nConsole(file=sys.__stderr__)\nconsole.print('fine')\n"
    )
    found = [what for _, what in ways_out(ast.parse(code))]
    assert sorted(found) == sorted(
        [
            "from sys import stderr",
            "print()",
            "sys.stdout",
            "Console()",
            "Console()",
            "sys.__stderr__",
        ]
    )


def test_nothing_under_src_prints_past_out() -> None:
    modules = sorted(SOURCE.rglob("*.py"))
    assert len(modules) > 20
    found = [
        f"{path.relative_to(SOURCE.parent)}:{line}: {what}"
        for path in modules
        if path not in ALLOWED
        for line, what in ways_out(ast.parse(path.read_text("utf-8"), str(path)))
    ]
    assert found == [], "print through needlecheck.out instead:\n" + "\n".join(found)
