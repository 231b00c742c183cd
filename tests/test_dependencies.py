"""needlecheck imports nothing it does not declare: each module it imports is its own,
the standard library's, or one of the dependencies in ``pyproject.toml``.

A test extra (platformdirs, pexpect, hypothesis…) is installed wherever the tests run,
so an import of one in needlecheck would pass every test and fail for every user who
installed needlecheck alone; a package that only arrives with another (prompt_toolkit
with questionary) could go when that one changes.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import needlecheck

SOURCE = Path(needlecheck.__file__).parent
#: Beside the tests, wherever needlecheck is installed from (CI installs a copy).
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def declared() -> set[str]:
    """The import names of the dependencies ``pyproject.toml`` declares."""
    project = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]
    names = (re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0] for spec in project["dependencies"])
    return {name.lower().replace("-", "_") for name in names}


def imported_from_outside() -> dict[str, set[str]]:
    """Each top-level module needlecheck imports that is neither its own nor the standard
    library's, with the files that import it (anywhere: in functions too)."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in {name.split(".")[0] for name in names}:
                if top not in sys.stdlib_module_names and top not in {"needlecheck", "__future__"}:
                    found.setdefault(top, set()).add(str(path.relative_to(SOURCE)))
    return found


def test_every_module_imported_is_declared() -> None:
    undeclared = {
        name: files for name, files in imported_from_outside().items() if name not in declared()
    }
    assert undeclared == {}


def test_the_check_sees_imports_from_outside() -> None:
    assert {"typer", "rich", "questionary"} <= imported_from_outside().keys()
