"""Plain text: no colour, no box drawing, nothing a screen reader stumbles on, and
nothing lost when pasted into clinical notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from needlecheck.render.blocks import (
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


def render(report: Report) -> str:
    return render_blocks(report_blocks(report))


def render_blocks(blocks: Iterable[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Title):
            parts.append("\n".join((block.text, *block.lines)))
        elif isinstance(block, OutcomeBlock):
            parts.append(
                f"{block.title}\n{block.advice}\n{block.next_step_label} {block.next_step}"
            )
        elif isinstance(block, (Heading, Paragraph)):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Numbered):
            parts.append("\n".join(f"{n}. {item}" for n, item in enumerate(block.items, 1)))
        elif isinstance(block, Table):
            parts.append("\n".join(_row(block, row) for row in block.rows))
        elif isinstance(block, Entry):
            lines = [block.term, *(f"  {line}" for line in block.lines)]
            lines += [f"    {item}" for item in block.items]
            parts.append("\n".join([*lines, *(f"  {note}" for note in block.notes)]))
        elif isinstance(block, Listing):
            parts.append(_listing(block))
        elif isinstance(block, Chart):
            bars = (f"  {bar.label}  {bar.drawn('█', '·')}" for bar in block.bars)
            parts.append("\n".join([block.title, *bars]))
    return "\n\n".join(parts) + "\n"


def _row(table: Table, row: tuple[str, ...]) -> str:
    """A table row as "first: rest", which reads aloud and pastes cleanly."""
    cells = zip(table.headers, row, strict=True)
    first, *rest = (
        f"{header}: {cell}" if table.name_cells and index and header else cell
        for index, (header, cell) in enumerate(cells)
        if cell
    )
    return f"{first}: {' | '.join(rest)}" if rest else first


def _listing(block: Listing) -> str:
    """Each item's mark right-aligned, its lines beside it, the later ones under the first."""
    width = max(len(mark) for mark, _ in block.items)
    hang = " " * (width + 2)
    return "\n".join(f"{mark:>{width}}  " + f"\n{hang}".join(lines) for mark, lines in block.items)
