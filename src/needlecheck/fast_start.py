"""The interview started without Typer, when the arguments are only the interview's own.

Importing Typer is about a sixth of the time until the first question is on screen, and
starting the interview is the call a person waits on. So the few arguments that start
one (``needlecheck``, ``screen``, the switches below, ``--lang`` and ``--ref`` with their
values) are read here, and anything else (help, a file, a format, a mistake) goes to
Typer, which declares every option and words every usage error (``cli``).
``tests/test_fast_start.py`` holds the two readings together: wherever this one takes
an argument list, Typer makes the same request of it.
"""

from __future__ import annotations

import sys
from typing import Any

from needlecheck import language, running
from needlecheck.commands.screen import ScreenRequest, screen

#: The interview's switches, as ``cli.screen`` declares them, and the request's fields.
SWITCHES = {
    "--clinician": "clinician",
    "--resume": "resume",
    "--restart": "restart",
    "--no-draft": "no_draft",
    "--save": "save",
}
#: Options with a value: ``--lang`` one of ``language.LANGUAGES``, ``--ref`` any text
#: that does not start with ``-``.
VALUED = {"--lang": "lang", "--ref": "ref"}


def interview_request(arguments: list[str]) -> ScreenRequest | None:
    """The interview ``arguments`` ask for, or None when only Typer can read them:
    ``[--lang L] [screen] (SWITCH | --lang L | --ref R)...``, the last value winning."""
    given: dict[str, Any] = {}
    rest = _without_command(arguments)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if not equals and name in SWITCHES:
            given[SWITCHES[name]] = True
            continue
        if name not in VALUED or not (equals or rest):
            return None
        if not equals:
            value = rest.pop(0)
        if value.startswith("-") or (name == "--lang" and value not in language.LANGUAGES):
            return None
        given[VALUED[name]] = value
    return ScreenRequest(**given)


def _without_command(arguments: list[str]) -> list[str]:
    """The arguments without ``screen`` where it names the command: first, or after a
    leading ``--lang`` and its value (Typer moves that ``--lang`` to the command)."""
    first = arguments[0] if arguments else ""
    at = 1 if first.startswith("--lang=") else 2 if first == "--lang" else 0
    if arguments[at : at + 1] == ["screen"]:
        return [*arguments[:at], *arguments[at + 1 :]]
    return list(arguments)


def run(request: ScreenRequest, arguments: list[str]) -> None:
    """The interview ``request`` asks for, as one whole run (``running``)."""
    running.run_program(lambda: _screen(request), arguments)


def _screen(request: ScreenRequest) -> None:
    with running.errors_shown(sys.exit):
        screen(request)
