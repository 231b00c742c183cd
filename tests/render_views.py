"""Reports as a person sees them in each document format, reduced to plain words.

Tests check content ("this heading is shown", "this comes before that"), never
snapshots: ``words_of`` strips each format's markup (ANSI codes, Markdown escapes, HTML
tags) and joins all white space, so a sentence wrapped at 60 columns still matches.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html.parser import HTMLParser

from needlecheck.engine import assess
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content
from needlecheck.render import render
from needlecheck.report.build import Report, build_report

DOCUMENT_FORMATS = ("terminal", "text", "markdown", "html")
#: Everything that changes how rich sees the terminal; tests set what they need.
TERMINAL_VARIABLES = ("COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def report_for(
    content: Content, answers: Mapping[str, Answer], mode: Mode = "self", ref: str | None = None
) -> Report:
    return build_report(content, assess(content, answers, mode), ref=ref)


@contextmanager
def terminal_environment(**variables: str) -> Iterator[None]:
    """Only the given terminal variables are set while rendering (others removed)."""
    saved = {name: os.environ.get(name) for name in TERMINAL_VARIABLES}
    for name in TERMINAL_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def rendered(report: Report, file_format: str, *, columns: int = 60, **variables: str) -> str:
    """The report in ``file_format``; the terminal one as a ``columns`` wide pipe would get it."""
    with terminal_environment(COLUMNS=str(columns), **variables):
        return render(report, file_format)


def words(text: str) -> str:
    return " ".join(text.split())


class _TextOfPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_head = self.in_head or tag == "head"

    def handle_endtag(self, tag: str) -> None:
        self.in_head = self.in_head and tag != "head"

    def handle_data(self, data: str) -> None:
        if not self.in_head:
            self.parts.append(data)


def words_of(output: str, file_format: str) -> str:
    """What a reader of ``output`` sees, as words separated by single spaces."""
    if file_format == "terminal":
        return words(ANSI.sub("", output))
    if file_format == "markdown":
        unbolded = re.sub(r"(?<!\\)\*\*", "", output)
        return words(re.sub(r"\\(.)", r"\1", unbolded))
    if file_format == "html":
        page = _TextOfPage()
        page.feed(output)
        page.close()
        return words(" ".join(page.parts))
    return words(output)


def shows(output: str, file_format: str, phrase: str) -> bool:
    return words(phrase) in words_of(output, file_format)


def out_of_order(output: str, file_format: str, phrases: list[str]) -> list[str]:
    """The phrases not shown in this order (each searched after the one before it)."""
    seen = words_of(output, file_format)
    start = 0
    for index, phrase in enumerate(phrases):
        found = seen.find(words(phrase), start)
        if found < 0:
            return phrases[index:]
        start = found + len(words(phrase))
    return []
