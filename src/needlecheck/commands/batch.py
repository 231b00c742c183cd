"""Screening many answers files in one process: a clinic's archive, a forms tool's export.

``screen --answers F1 F2 …``, a folder of answers files, or JSON Lines on standard input
(``--answers -``, one answers object per line) are each assessed as one answers file
is, with the same content loaded once. Each report goes to a file of its own in
``--output-dir`` (private to the user), or every report to standard output as one line
of JSON (``--format jsonl``). A file that cannot be assessed is named on standard error
with its problems, one line each, and the others still run; the exit code is then 2.
A single answers file never comes here: it keeps the one-file behaviour of ``screen``.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from needlecheck import out
from needlecheck.answers.files import (
    FORMATS as ANSWERS_FORMATS,
)
from needlecheck.answers.files import (
    MAX_FILE_BYTES,
    STDIN,
    answers_from_bytes,
    read_answers,
    read_source_bytes,
    too_large,
)
from needlecheck.engine import assess
from needlecheck.errors import AnswersFileError, Interrupted, OutputError
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content
from needlecheck.words import reason, say

if TYPE_CHECKING:
    from needlecheck.report.build import Report

#: The report file's suffix in --output-dir, by format.
REPORT_SUFFIXES = {
    "json": ".json",
    "text": ".txt",
    "markdown": ".md",
    "html": ".html",
    "fhir": ".fhir.json",
    "fhir-bundle": ".bundle.json",
}
#: Suffixes taken off an answers file's name to name its report (longest first).
INPUT_SUFFIXES = (".fhir.json", ".bundle.json", *ANSWERS_FORMATS)
#: JSON Lines on standard input, read whole: room for a large archive (some 700,000
#: answers files), yet never all of a machine's memory.
MAX_JSON_LINES_BYTES = 1_000_000_000


@dataclass(frozen=True, slots=True)
class Source:
    """One answers file to screen: a path, or a record of standard input (its bytes)."""

    #: As given (a path), or which line of standard input: named so in every message.
    name: str
    #: The report's file name in --output-dir, before its suffix.
    stem: str
    #: The bytes of a record of standard input; None for a file, read when screened.
    data: bytes | None = None

    def answers(self, content: Content, mode: Mode) -> dict[str, Answer]:
        """Validated answers; raises ``AnswersFileError`` as ``read_answers`` does."""
        if self.data is None:
            return read_answers(content, self.name, mode)
        if len(self.data) > MAX_FILE_BYTES:
            raise too_large(self.name)
        return answers_from_bytes(content, self.data, self.name, mode=mode)


def collect(content: Content, arguments: Sequence[str]) -> tuple[list[Source], bool]:
    """The answers files that ``--answers`` names, in order, and whether they are a batch.

    A folder gives the files directly in it whose names end in .json or .toml (not
    hidden ones), sorted by name. ``-`` is standard input, read whole: one JSON document
    is one answers file, as before; more lines than one that are not one document are
    JSON Lines, one answers object per line. Raises ``AnswersFileError``.
    """
    sources: list[Source] = []
    batch = len(arguments) > 1
    for argument in arguments:
        if argument == STDIN:
            records = _standard_input(content)
            batch |= len(records) > 1
            sources += records
        elif Path(argument).is_dir():
            batch = True
            found = _folder(Path(argument))
            if not found:
                raise AnswersFileError(content.text("batch.no_files", folder=argument))
            sources += found
        else:
            sources.append(Source(argument, _stem(Path(argument).name)))
    return sources, batch


def _folder(folder: Path) -> list[Source]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise AnswersFileError(
            say("answers.cannot_read", name=str(folder), reason=reason(error))
        ) from None
    return [
        Source(entry.path, _stem(entry.name))
        for entry in entries
        if not entry.name.startswith(".")
        and entry.name.lower().endswith(tuple(ANSWERS_FORMATS))
        and entry.is_file()
    ]


def _standard_input(content: Content) -> list[Source]:
    standard_input = content.text("answers.standard_input")
    data = read_source_bytes(STDIN, standard_input, limit=MAX_JSON_LINES_BYTES)
    lines = [(number, line) for number, line in enumerate(data.splitlines(), 1) if line.strip()]
    if len(lines) > 1 and (len(data) > MAX_FILE_BYTES or not _one_document(data)):
        return [
            Source(content.text("batch.stdin_line", line=number), f"stdin-line-{number}", data=line)
            for number, line in lines
        ]
    if len(data) > MAX_FILE_BYTES:  # one answers file, too large to be one
        raise too_large(standard_input)
    return [Source(standard_input, "stdin", data=data)]


def _one_document(data: bytes) -> bool:
    """Whether ``data`` is one JSON document (which may span lines), as before JSON Lines."""
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


def _stem(name: str) -> str:
    lowered = name.lower()
    suffix = next((s for s in INPUT_SUFFIXES if lowered.endswith(s)), "")
    return name[: len(name) - len(suffix)] or name


def check_destination(content: Content, file_format: str, output_dir: Path | None) -> str:
    """The format of a batch's reports (``auto``: JSON in a folder); raises
    ``OutputError`` when they have nowhere to go."""
    if output_dir is None:
        if file_format != "jsonl":
            raise OutputError(content.text("batch.needs_destination"))
        return file_format
    if file_format == "jsonl":
        raise OutputError(content.text("batch.jsonl_to_folder"))
    if file_format == "terminal":
        raise OutputError(content.text("batch.terminal_to_folder"))
    return "json" if file_format == "auto" else file_format


def screen_all(
    content: Content,
    sources: Sequence[Source],
    *,
    mode: Mode,
    file_format: str,
    output_dir: Path | None,
    force: bool,
) -> None:
    """Assess every source and deliver each report. Raises ``AnswersFileError`` (exit 2)
    at the end if any could not be assessed, ``Interrupted`` on Ctrl-C, which stops
    between files and keeps every report delivered so far."""
    from needlecheck.report.build import build_report

    deliver: _JsonLines | _Folder = (
        _Folder(content, output_dir, file_format, force=force) if output_dir else _JsonLines()
    )
    bad = done = 0
    safety_net: tuple[str, ...] = ()
    emergency_title = content.outcomes["emergency"].title
    progress = content.text("batch.progress")
    try:
        with _stop_between_files() as stop_asked, out.progress(len(sources), progress) as advance:
            for source in sources:
                try:
                    assessment = assess(content, source.answers(content, mode), mode)
                    report = build_report(content, assessment)
                    deliver.write(source, report)
                except (AnswersFileError, OutputError) as error:
                    bad += 1
                    _report_bad(content, source, error, emergency_title)
                    safety_net = safety_net or error.after
                else:
                    if assessment.level == "emergency":
                        out.status(
                            content.text("batch.emergency", name=source.name, title=report.title)
                        )
                done += 1
                advance()
                if stop_asked():
                    # Spec 8: the safety net of an unreadable file, however the batch ends.
                    stopped = content.text("batch.stopped", done=done, total=len(sources))
                    raise Interrupted(stopped, after=safety_net)
    finally:
        deliver.close()
    if bad:
        # Spec 8: a file that could not be read at all ends with the safety net, once.
        raise AnswersFileError(
            content.text("batch.bad_count", bad=bad, total=len(sources)), after=safety_net
        )


@contextmanager
def _stop_between_files() -> Iterator[Callable[[], bool]]:
    """Whether Ctrl-C asked the batch to stop: it stops once the file in hand is
    delivered and counted, so no report is cut in half and the count said at the stop is
    exactly what was delivered. SIGINT ignored (a script's background job) stays so."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        yield lambda: False
        return
    asked: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: asked.append(number))
    try:
        yield lambda: bool(asked)
    finally:
        signal.signal(signal.SIGINT, previous)


def _report_bad(
    content: Content, source: Source, error: AnswersFileError | OutputError, title: str
) -> None:
    """The file and its problems, one line each; an emergency its valid answers show
    comes first, on one line (spec 8: the advice before the problems). The safety net
    of a file that could not be parsed is shown once, after them all."""
    if error.before:
        out.status(content.text("batch.emergency_in_bad_file", name=source.name, title=title))
    out.status(str(error), error.details)


class _JsonLines:
    """Every report on standard output, one line each, in the order of the sources; each
    names its source first (``"source"``), so a line can be traced to its file."""

    def write(self, source: Source, report: Report) -> None:
        from needlecheck.render.json_lines import line

        out.document(line(report, source=source.name))

    def close(self) -> None:
        out.flush()


class _Folder:
    """One report file per source in a private folder; names never repeat in a run."""

    def __init__(self, content: Content, folder: Path, file_format: str, *, force: bool) -> None:
        from needlecheck.storage import private_directory

        self.content, self.format, self.force = content, file_format, force
        self.folder = private_directory(folder)
        self.used: set[str] = set()
        self.written = 0

    def write(self, source: Source, report: Report) -> None:
        from needlecheck.render import render
        from needlecheck.storage import write_private

        path = self.folder / self._name(source.stem, REPORT_SUFFIXES[self.format])
        if source.data is None and _same_file(path, Path(source.name)):
            raise OutputError(
                self.content.text("batch.own_input", name=source.name, path=str(path))
            )
        write_private(path, render(report, self.format), overwrite=self.force)
        self.written += 1

    def _name(self, stem: str, suffix: str) -> str:
        """``stem`` and ``suffix``, numbered from 2 if a report of this run has the name."""
        numbered = (f"{stem}-{number}{suffix}" for number in itertools.count(2))
        candidates = itertools.chain([stem + suffix], numbered)
        name = next(n for n in candidates if n.lower() not in self.used)
        self.used.add(name.lower())
        return name

    def close(self) -> None:
        if self.written:
            out.status(
                self.content.text("batch.written", count=self.written, folder=str(self.folder))
            )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False
