"""The one way out to the screen: every line needlecheck prints goes through here.

Two rules live here and nowhere else, so they hold everywhere:

- **Untrusted text is shown, never obeyed.** Answers, loaded files, file names and refs
  pass through :func:`visible`, which turns control characters (C0, DEL, C1), bidi
  controls and zero-width characters into visible escapes such as ``\\x1b`` or
  ``\\u202e``. Markup is the renderers' business; this is about the terminal itself.
- **Prose is wrapped at word boundaries** to the terminal's width (:func:`wrap`), so a
  terminal never breaks a word in two.

This module is light (standard library and `errors` only): the CLI imports it at start-up.
It also owns what happens when standard output itself fails (closed, full, a reader
that left): :func:`standard_output_faults`.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from needlecheck.errors import ExitCode

if TYPE_CHECKING:
    from needlecheck.errors import NeedlecheckError

#: Width used when the output is not a terminal (a pipe, a file): 80 columns.
DEFAULT_WIDTH = 80
#: Narrowest width needlecheck lays text out for.
MIN_WIDTH = 20

#: Characters that are printable to Python but change how a terminal shows the text
#: around them: bidi overrides and isolates, marks, and zero-width characters.
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _escape_char(char: str) -> str:
    # Python's own escapes (\\n, \\x1b, \\x85, \\u202e, \\ud800): familiar, and one line.
    return repr(char)[1:-1]


def _needs_escape(char: str, keep_newlines: bool) -> bool:
    if char == "\n":
        return not keep_newlines
    if char in _INVISIBLE:
        return True
    # Cc: C0, DEL and C1 controls; Cs: lone surrogates (cannot be encoded); Cf: other
    # format characters that are invisible on a terminal; Zl, Zp: line and paragraph
    # separators, which break a line as a newline does.
    return unicodedata.category(char) in {"Cc", "Cs", "Cf", "Zl", "Zp"}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi and zero-width character shown as an escape.

    A newline is escaped too unless ``keep_newlines``: a value on one line stays on one
    line (an error message cannot be split in two by a crafted file name).
    """
    if text.isprintable() and not any(char in _INVISIBLE for char in text):
        return text  # the common case, without a loop in Python
    return "".join(
        _escape_char(char) if _needs_escape(char, keep_newlines) else char for char in text
    )


#: The most of one value (a word, a number, a name) a message quotes.
CUT_AT = 80


def cut(text: str, limit: int = CUT_AT) -> str:
    """``text`` with every run of more than ``limit`` characters without a space cut to
    its first ones and "…": a hostile value (a 4,000-digit number) cannot fill a screen."""
    if len(text) <= limit:
        return text
    return " ".join(
        word if len(word) <= limit else word[: limit - 1] + "…" for word in text.split(" ")
    )


def width(stream: TextIO | None = None) -> int:
    """Columns to lay text out in: the terminal's width, or 80 when not a terminal."""
    if not _is_terminal(stream or sys.stdout):
        return DEFAULT_WIDTH
    columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(MIN_WIDTH, columns)


def wrap(text: str, columns: int, *, indent: str = "", subsequent_indent: str | None = None) -> str:
    """``text`` wrapped at word boundaries to ``columns``, paragraph by paragraph.

    Line breaks in ``text`` are kept; a word longer than a whole line is the only thing
    ever broken.
    """
    follow = indent if subsequent_indent is None else subsequent_indent
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=max(MIN_WIDTH, columns),
                initial_indent=indent,
                subsequent_indent=follow,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


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
    return OSError(errno.EBADF, "it is closed")


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


_STREAM_NAMES = {"stdin": "standard input", "stdout": "standard output", "stderr": "standard error"}


def _write(stream: TextIO, text: str) -> None:
    stream.write(text)
    stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def status(message: str, details: tuple[str, ...] | list[str] = ()) -> None:
    """A line on standard error about what needlecheck did or could not do (an error, a
    file written, a file skipped): ``needlecheck: message``, then one line per detail.

    Messages may quote untrusted text (file names, keys), so every line is made visible.
    On a terminal the lines are wrapped at words; to a pipe or a log each stays one line,
    so it can be searched for.
    """
    lines = [visible(f"needlecheck: {message}"), *(f"  - {visible(d)}" for d in details)]
    if _is_terminal(sys.stderr):
        columns = width(sys.stderr)
        lines = [wrap(line, columns, subsequent_indent="    ") for line in lines]
    # Standard error closed or full: the exit code is all that can still say it.
    with contextlib.suppress(OSError, ValueError):
        _write(sys.stderr, "\n".join(lines) + "\n")


def notice(text: str) -> None:
    """Paragraphs of needlecheck's own advice on standard error, beside an error (an
    invalid answers file's emergency advice or safety net, spec 8): made visible, and
    wrapped at words on a terminal."""
    lines = [visible(line) for line in text.split("\n")]
    if _is_terminal(sys.stderr):
        columns = width(sys.stderr)
        lines = [wrap(line, columns) if line else line for line in lines]
    _write(sys.stderr, "\n".join(lines) + "\n")


def error(error: NeedlecheckError) -> None:
    """An error a user or a file can cause: any advice to show before it, its line and
    detail lines, then any advice after it (all on standard error)."""
    if error.before:
        notice(error.before)
    status(str(error), error.details)
    if error.after:
        notice("\n".join(error.after))


@contextlib.contextmanager
def standard_output_faults() -> Iterator[None]:
    """A reader of standard output that stops early (``| head``) ends needlecheck with
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
        status(
            f"cannot write to standard output: its encoding ({error.encoding}) cannot show "
            "all of the text; set PYTHONIOENCODING=utf-8, or write to a file with --output FILE"
        )
        sys.exit(ExitCode.USAGE)
    except OSError as error:
        if not _standard_output_fails():
            raise
        _discard_standard_output()
        status(f"cannot write to standard output: {error.strerror or type(error).__name__}")
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


#: A progress bar is shown only for more items than this: a few go by too fast to need one.
PROGRESS_FROM = 10


def _no_progress() -> None:
    pass


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error while ``total`` items are worked through, when
    standard error is a terminal and there are more than a few; yields the function to
    call after each item. Lines written to standard error meanwhile (``status``) appear
    above the bar; standard output is left alone, so reports piped from it stay whole.
    rich is imported only when a bar is shown."""
    if total <= PROGRESS_FROM or not _is_terminal(sys.stderr):
        yield _no_progress
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        f"{escape(visible(label))}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        redirect_stdout=False,
        redirect_stderr=True,
    )
    with bar:
        task = bar.add_task("", total=total)
        yield lambda: bar.advance(task)
