"""The other half of ``out.py``: standard streams that are missing or fail.

A process started without a standard stream (``<&-``, ``>&-``) gets a stand-in that says
so; a reader of standard output that leaves early (``| head``), a full disk
(``>/dev/full``) or an encoding that cannot show the text ends needlecheck with one line
and its exit code, never a traceback. Only ``out`` uses this module (and re-exports it).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator

from needlecheck.errors import ExitCode
from needlecheck.words import Words, reason, say


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the process was started without (``<&-``,
    ``>&-``): not a terminal, and reading or writing it is an ``OSError`` that says so,
    handled as any other fault of a stream."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def buffer(self) -> ClosedStream:  # for code that reads bytes (``sys.stdin.buffer``)
        return self

    def isatty(self) -> bool:
        return False

    def read(self, size: int | None = -1, /) -> str:
        raise _closed()

    def write(self, text: str, /) -> int:
        raise _closed()

    def flush(self) -> None:
        pass


def _closed() -> OSError:
    return OSError(errno.EBADF, str(say("reasons.closed")))


def stand_in_for_closed_streams() -> None:
    """Give a closed standard stream a :class:`ClosedStream`, and its file descriptor
    ``/dev/null``: otherwise the next file opened would take descriptor 0, 1 or 2, and
    what is meant for the screen could land in it."""
    for descriptor, name in enumerate(("stdin", "stdout", "stderr")):
        try:
            os.fstat(descriptor)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: this one
        if getattr(sys, name) is None:
            setattr(sys, name, ClosedStream(_STREAM_NAMES[name]))


#: As Python names its standard streams (never shown: messages name a stream in words).
_STREAM_NAMES = {"stdin": "<stdin>", "stdout": "<stdout>", "stderr": "<stderr>"}


@contextlib.contextmanager
def standard_output_faults(show: Callable[[Words | str], None]) -> Iterator[None]:
    """``show`` shows a line on standard error (``out.status``). A reader of standard output that stops early (``| head``) ends needlecheck with
    ``BROKEN_PIPE`` and no message; Click would exit 1, which means a fault here.
    Standard output closed (``>&-``), full (``>/dev/full``) or in an encoding that cannot
    show the report is the surroundings', not a fault: one line and exit 2."""
    try:
        try:
            yield
        finally:
            sys.stdout.flush()  # so a failure shows here, not in the interpreter's exit
    except BrokenPipeError:
        _discard_standard_output()
        sys.exit(ExitCode.BROKEN_PIPE)
    except UnicodeEncodeError as error:
        if not _is_standard_output_encoding(error.encoding):
            raise
        _discard_standard_output()
        show(say("streams.cannot_encode", encoding=error.encoding))
        sys.exit(ExitCode.USAGE)
    except OSError as error:
        if not _standard_output_fails():
            raise
        _discard_standard_output()
        show(say("streams.cannot_write", reason=reason(error)))
        sys.exit(ExitCode.USAGE)


def _discard_standard_output() -> None:
    """What is still buffered goes nowhere, so the last flush at exit cannot fail."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def _standard_output_fails() -> bool:
    """Whether standard output is what failed (and not, say, a file being read)."""
    try:
        sys.stdout.write("")
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _is_standard_output_encoding(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == codecs.lookup(sys.stdout.encoding).name
    except (LookupError, TypeError):
        return False
