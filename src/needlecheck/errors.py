"""Errors a user can cause, each with its exit code.

The CLI prints the message on one line (plus any detail lines) and exits with the code;
it never shows a traceback for these. A message is ``Words`` (a ``[ui]`` key and its
values), worded in the chosen language when it is shown; ``str(error)`` words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from needlecheck.words import Words, word


class ExitCode(IntEnum):
    OK = 0
    #: An unexpected fault in needlecheck itself.
    INTERNAL = 1
    #: Something the user can fix: a bad answers file, a bad option, a file in the way.
    USAGE = 2
    #: Ctrl-C or end of input: the draft is kept.
    INTERRUPTED = 130
    #: The program reading needlecheck's output (``| head``) stopped early. Shells show
    #: this code (128 + SIGPIPE) for any program stopped that way.
    BROKEN_PIPE = 141


class NeedlecheckError(Exception):
    """An error the user can fix. ``details`` are extra lines shown under the message.

    ``message`` and each detail are ``Words``, or text already worded (a content's).
    """

    exit_code = ExitCode.USAGE

    def __init__(
        self,
        message: Words | str,
        details: Sequence[Words | str] = (),
        *,
        before: str = "",
        after: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        #: The details as given (``Words`` or text); ``details`` words them.
        self.detail_words = tuple(details)
        #: Advice shown before the message (an invalid file's emergency advice, spec 8).
        self.before = before
        #: Lines shown after the details (the safety net when a file cannot be parsed).
        self.after = tuple(after)

    def __str__(self) -> str:
        return word(self.message)

    @property
    def details(self) -> tuple[str, ...]:
        """The details, worded in the chosen language."""
        return tuple(word(detail) for detail in self.detail_words)


class AnswersFileError(NeedlecheckError):
    """The answers file cannot be read or has problems; nothing was assessed."""


class OutputError(NeedlecheckError):
    """The report cannot be written where it was asked to go."""


class NotATerminalError(NeedlecheckError):
    """An interview was asked for without a terminal to hold it."""


class NotAReportError(NeedlecheckError):
    """A file is not a needlecheck JSON report (damaged, or another program's file)."""


class Interrupted(NeedlecheckError):
    """The person stopped the interview (Ctrl-C or end of input)."""

    exit_code = ExitCode.INTERRUPTED
