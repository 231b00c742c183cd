"""The one way out to the screen: every line needlecheck prints goes through here.

**Prose is wrapped at word boundaries** to the terminal's width (:func:`wrap`,
:func:`wrap_lines`; 80 columns in a pipe), so nothing that shows it breaks a word in two;
every message line is made visible first (``escaping.visible``: untrusted text is shown,
never obeyed).

Documents go to standard output through :func:`document`, a question answered by typing
a line through :func:`ask`, rich views through a :func:`console` made here, messages to
standard error through :func:`status`, :func:`notice` and :func:`error`; no other module
writes to ``sys.stdout`` or ``sys.stderr`` (``tests/test_one_way_out.py``).

This module is light (standard library only): the CLI imports it at start-up.
What happens when a standard stream itself fails (closed, full, a reader that left) is
its other half, ``out_streams.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from needlecheck import out_streams
from needlecheck.escaping import visible
from needlecheck.words import Words, word

if TYPE_CHECKING:
    from rich.console import Console

    from needlecheck.errors import NeedlecheckError

#: Width used when the output is not a terminal (a pipe, a file): 80 columns.
DEFAULT_WIDTH = 80
#: Narrowest width needlecheck lays text out for.
MIN_WIDTH = 20


def width(stream: TextIO | None = None) -> int:
    """Columns to lay text out in: the terminal's width; when not a terminal, ``COLUMNS``
    if it is set (as rich and the terminal layout read it), else 80."""
    if _is_terminal(stream or sys.stdout):
        columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    else:
        given = os.environ.get("COLUMNS", "")
        columns = int(given) if given.isdecimal() and int(given) > 0 else DEFAULT_WIDTH
    return max(MIN_WIDTH, columns)


def height() -> int | None:
    """Lines of the terminal standard output is, or None when it is not one."""
    if not to_terminal():
        return None
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).lines


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


#: A list item's marker at the start of a line: its continuation lines hang under its text.
_LIST_MARKER = re.compile(r"\s*(?:[-*] |\d+\. )?")


def wrap_lines(text: str, columns: int) -> str:
    """A plain-text document with every line longer than ``columns`` wrapped at words,
    its continuation lines indented under its text (past an indent and a list marker
    such as ``- `` or ``2. ``). Shorter lines, blank lines and words that alone are too
    long for a line (a web address) are left as they are: never broken."""
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= columns:
            lines.append(line)
            continue
        hang = " " * len(_LIST_MARKER.match(line).group())  # type: ignore[union-attr]
        lines.extend(
            textwrap.wrap(
                line,
                width=columns,
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [line]
        )
    return "\n".join(lines)


def to_terminal() -> bool:
    """Whether standard output is a terminal (a person reading it as it comes)."""
    return _is_terminal(sys.stdout)


def document(text: str, *, prose: bool = False) -> None:
    """A whole document (a report, a listing) on standard output, as it is. ``prose``:
    plain text, each line wrapped at words to the width (the terminal's, or 80 columns
    for a pipe or a file), so nothing that shows it breaks a word in two."""
    sys.stdout.write(wrap_lines(text, width()) if prose else text)


def flush() -> None:
    """Whatever is still buffered for standard output, written now."""
    sys.stdout.flush()


def ask(prompt: str) -> str | None:
    """The line typed on standard input after ``prompt`` (shown on standard output, made
    visible), without its line end; None at the end of input."""
    sys.stdout.write(visible(prompt))
    sys.stdout.flush()
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def console(*, columns: int | None = None, lines: int | None = None) -> Console:
    """A rich console for standard output (its size detected unless given), for views
    rich lays out. Text is never read as markup or emoji codes, nor coloured by
    guesswork: untrusted text stays text."""
    from rich.console import Console

    return Console(width=columns, height=lines, highlight=False, emoji=False, markup=False)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def status(message: Words | str, details: Sequence[Words | str] = ()) -> None:
    """A line on standard error about what needlecheck did or could not do (an error, a
    file written, a file skipped): ``needlecheck: message``, then one line per detail,
    worded in the chosen language (``Words``) or as given.

    Messages may quote untrusted text (file names, keys), so every line is made visible.
    On a terminal the lines are wrapped at words; to a pipe or a log each stays one line,
    so it can be searched for.
    """
    lines = [
        visible(f"needlecheck: {word(message)}"),
        *(f"  - {visible(word(detail))}" for detail in details),
    ]
    # Standard error closed or full: the exit code is all that can still say it.
    with contextlib.suppress(OSError, ValueError):
        _to_standard_error(lines, hang="    ")


def notice(text: str) -> None:
    """Paragraphs of needlecheck's own advice on standard error, beside an error (an
    invalid answers file's emergency advice or safety net, spec 8): made visible, and
    wrapped at words on a terminal."""
    _to_standard_error([visible(line) for line in text.split("\n")])


def _to_standard_error(lines: list[str], *, hang: str | None = None) -> None:
    """``lines`` on standard error, now: wrapped at words on a terminal (continuation
    lines indented by ``hang``), one line each to a pipe or a log."""
    if _is_terminal(sys.stderr):
        columns = width(sys.stderr)
        lines = [wrap(line, columns, subsequent_indent=hang) for line in lines]
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.flush()


def error(error: NeedlecheckError) -> None:
    """An error a user or a file can cause: any advice to show before it, its line and
    detail lines, then any advice after it (all on standard error)."""
    if error.before:
        notice(error.before)
    status(str(error), error.details)
    if error.after:
        notice("\n".join(error.after))


def standard_output_faults() -> contextlib.AbstractContextManager[None]:
    """Around everything that writes to standard output: a reader that left, a full
    disk or a closed stream ends needlecheck with one line and its exit code
    (``out_streams``)."""
    return out_streams.standard_output_faults(status)


#: A progress bar is shown only for more items than this: a few go by too fast to need one.
PROGRESS_FROM = 10


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error while ``total`` items are worked through, when
    standard error is a terminal and there are more than a few; yields the function to
    call after each item. Lines written to standard error meanwhile (``status``) appear
    above the bar; standard output is left alone, so reports piped from it stay whole.
    rich is imported only when a bar is shown."""
    if total <= PROGRESS_FROM or not _is_terminal(sys.stderr):
        yield lambda: None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        escape(visible(label)),
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


def stand_in_for_closed_streams() -> None:
    """Before anything else: a standard stream the process was started without gets a
    stand-in, so that nothing meant for the screen lands in a file (``out_streams``)."""
    out_streams.stand_in_for_closed_streams()
