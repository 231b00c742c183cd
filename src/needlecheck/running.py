"""One run of needlecheck as a whole program: what a person sees when it stops early or
fails, and its exit code, whether Typer reads the arguments (``cli``) or the interview
starts without it (``fast_start``).

No Typer here: the interview's start without Typer goes through this module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from needlecheck import language, out, words
from needlecheck.errors import ExitCode, NeedlecheckError


def run_program(main: Callable[[], None], arguments: list[str]) -> None:
    """Run ``main`` with messages in the language the arguments ask for: Ctrl-C stops it
    with a line saying so, and a fault of needlecheck's shows no traceback (which could
    hold answers) unless ``--debug`` was given."""
    out.stand_in_for_closed_streams()
    words.choose(language.from_arguments(arguments))
    try:
        main()
    except KeyboardInterrupt:
        out.status(words.say("cli.stopped"))
        sys.exit(ExitCode.INTERRUPTED)
    except Exception:
        if "--debug" in arguments:
            raise
        out.status(_bug_report_hint())
        sys.exit(ExitCode.INTERNAL)


@contextmanager
def errors_shown(leave: Callable[[int], NoReturn]) -> Iterator[None]:
    """Errors a user can fix shown on one line, then ``leave`` with their exit code;
    standard output closed or full is one such error."""
    with out.standard_output_faults():
        try:
            yield
        except NeedlecheckError as error:
            out.error(error)
            leave(int(error.exit_code))


def _bug_report_hint() -> str:
    """What to do about a fault of needlecheck's, in the chosen language, else in English;
    if the text files themselves are what is broken, their key names the advice."""
    for language_code in (words.chosen(), language.DEFAULT_LANGUAGE):
        try:
            return words.word(words.say("cli.bug_report"), words.interface(language_code))
        except Exception:  # the fault being reported may be in the text files
            continue
    return "cli.bug_report"
