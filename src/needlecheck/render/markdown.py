"""Markdown, for notes, tickets and e-mail. Free text is escaped so it stays literal."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from needlecheck.render.blocks import (
    Bar,
    Block,
    Bullets,
    Chart,
    Entry,
    Heading,
    Listing,
    Numbered,
    OutcomeBlock,
    Paragraph,
    Table,
    Title,
    report_blocks,
)

if TYPE_CHECKING:
    from needlecheck.report.build import Report

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
#: What ``_SPECIAL`` leaves of a block's marker at the start of a line: a list item's
#: ("- ", "-", "2. "), a thematic break or a setext underline ("---", "- - -", "==="). Each
#: would turn the text into a list, a rule or a heading ("+", ")", "*", "#" are escaped
#: anywhere).
_LINE_START = re.compile(r"^(?:-(?= |[- ]*$)|=(?==*$)|\d+(?=\.(?: |$)))")


def escape(text: str) -> str:
    """Markdown-escape text and keep it on one line, which stays text even where a line
    starts (a note's "- took ibuprofen", an activity "1. walking", a line "---")."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(_escape_marker, escaped)


def _escape_marker(marker: re.Match[str]) -> str:
    """A backslash before the marker's sign: "\\-", "\\=", "2\\."."""
    return marker[0] + "\\" if marker[0][0].isdigit() else "\\" + marker[0]


def render(report: Report) -> str:
    return render_blocks(report_blocks(report))


def render_blocks(blocks: Iterable[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Title):
            parts.append(
                f"# {escape(block.text)}\n\n" + "  \n".join(escape(line) for line in block.lines)
            )
        elif isinstance(block, OutcomeBlock):
            parts.append(
                f"## {escape(block.title)}\n\n{escape(block.advice)}\n\n"
                f"**{escape(block.next_step_label)}** {escape(block.next_step)}"
            )
        elif isinstance(block, Heading):
            parts.append(f"### {escape(block.text)}")
        elif isinstance(block, Paragraph):
            text = escape(block.text)
            if block.breaks:  # a hard line break (CommonMark), each line escaped
                text = "\\\n".join(escape(line) for line in block.text.split("\n"))
            parts.append(f"**{text}**" if block.tone == "danger" else text)
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {escape(item)}" for item in block.items))
        elif isinstance(block, Numbered):
            parts.append("\n".join(f"{n}. {escape(item)}" for n, item in enumerate(block.items, 1)))
        elif isinstance(block, Entry):
            parts.append(_entry(block))
        elif isinstance(block, Listing):
            parts.append(
                "\n".join(
                    f"- **{escape(mark)}** " + "  \n  ".join(map(escape, lines))
                    for mark, lines in block.items
                )
            )
        elif isinstance(block, Chart):
            bars = (f"- {escape(bar.label)}: {_bar(bar)}" for bar in block.bars)
            parts.append("\n".join([f"**{escape(block.title)}**", "", *bars]))
        elif isinstance(block, Table):
            lines = [
                "| " + " | ".join(escape(h) for h in block.headers) + " |",
                "|" + "---|" * len(block.headers),
            ]
            lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in block.rows]
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _entry(block: Entry) -> str:
    """The term in bold, its lines and notes as paragraphs of hard-broken lines, its
    items as a list."""
    parts = ["  \n".join([f"**{escape(block.term)}**", *map(escape, block.lines)])]
    if block.items:
        parts.append("\n".join(f"- {escape(item)}" for item in block.items))
    if block.notes:
        parts.append("  \n".join(map(escape, block.notes)))
    return "\n\n".join(parts)


def _bar(bar: Bar) -> str:
    """The bar as code, so it keeps its width, then the value; the value alone if none."""
    cells = bar.cells("█", "·")
    return f"`{cells}` {escape(bar.value)}" if cells else escape(bar.value)
