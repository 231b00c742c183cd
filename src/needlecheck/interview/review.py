"""The review screen's layout: every answer, grouped by section, cut into pages.

Pure layout, no terminal: rows in, lines out. Each page fits the height it is given, so
on a 24-line terminal the person reads a whole page at once, with the review question
below it. A section heading never ends a page alone; a row's wrapped lines stay together.
Typed answers are shown through ``escaping.visible``, never as markup or terminal controls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from needlecheck import escaping, out
from needlecheck.records import Record

if TYPE_CHECKING:
    from needlecheck.interview.prompter import TextKind

#: A laid-out line and how it is shown.
Line = tuple[str, "TextKind"]

#: The gutter before a row's number: the row just changed, or a contradiction.
CHANGED_MARK = "▸"
CONTRADICTION_MARK = "!"


class Row(Record):
    number: int
    section_title: str
    label: str
    #: The answer in words (typed text as the person typed it; made visible here).
    answer: str
    changed: bool = False
    contradicts: bool = False


def row_lines(row: Row, columns: int, number_width: int) -> list[Line]:
    """One answer: ``▸ 12. Question: answer``, wrapped under its wording; each line of
    an answer of several lines (clinician notes) starts a line of its own, under it."""
    mark = CHANGED_MARK if row.changed else CONTRADICTION_MARK if row.contradicts else " "
    lead = f"{mark} {row.number:>{number_width}}. "
    hang = " " * len(lead)
    text = f"{lead}{row.label}: {escaping.visible(row.answer, keep_newlines=True)}"
    kind: TextKind = "changed" if row.changed else "warning" if row.contradicts else "plain"
    wrapped = [
        out.wrap(line, columns, indent=hang if number else "", subsequent_indent=hang)
        for number, line in enumerate(text.split("\n"))
    ]
    return [(line, kind) for block in wrapped for line in block.split("\n")]


def warning_lines(texts: Sequence[str], columns: int) -> list[Line]:
    """Why rows are marked ``!`` (answers that disagree, spec 4.7): ``! text``, wrapped."""
    lead = f"{CONTRADICTION_MARK} "
    return [
        (line, "warning")
        for text in texts
        for line in out.wrap(lead + text, columns, subsequent_indent=" " * len(lead)).split("\n")
    ]


class Page(Record):
    lines: list[Line]
    #: The row numbers on this page.
    numbers: list[int]


def pages(rows: Sequence[Row], columns: int, height: int, continued: str) -> list[Page]:
    """The rows under their section headings, cut into pages of at most ``height`` lines
    (a row taller than a page gets a page of its own). A page that starts inside a
    section names it again, followed by ``continued``."""
    number_width = len(str(len(rows)))
    result = [Page([], [])]
    section = None
    for row in rows:
        block = row_lines(row, columns, number_width)
        new_section = row.section_title != section
        section = row.section_title
        title = section if new_section else f"{section} {continued}"
        heading: list[Line] = [(line, "heading") for line in out.wrap(title, columns).split("\n")]
        if new_section:
            block = heading + block
        if result[-1].lines and len(result[-1].lines) + len(block) > height:
            result.append(Page([] if new_section else heading, []))
        result[-1].lines.extend(block)
        result[-1].numbers.append(row.number)
    return result


def page_showing(review: Sequence[Page], number: int | None) -> int:
    """The index of the page that shows row ``number`` (the first page when none does)."""
    return next((i for i, page in enumerate(review) if number in page.numbers), 0)
