"""The terminal summary: the shared blocks laid out with rich, for a person at a screen.

Every string goes into a ``Text`` object, which rich never reads as markup, so a person
who types ``[bold]`` sees ``[bold]``. Colour only repeats what the words already say: with
``NO_COLOR``, on a dumb terminal (ASCII borders and bars, no colour) or in a narrow window the
summary says the same. ``--format text`` is the plain layout for screen readers and
clinical notes. This module is imported only when the terminal format is used.
"""

import os
import shutil
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from needlecheck import out
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
    Tone,
    report_blocks,
)

if TYPE_CHECKING:
    from needlecheck.report.build import Report

#: Lines longer than this are hard to read, however wide the window.
MAX_WIDTH = 100
DUMB_TERMINALS = frozenset({"dumb", "unknown"})
#: Below this width a table of more than two columns squeezes its text into slivers, so
#: each row is shown as a small stack instead.
STACK_TABLES_BELOW = 80

TONE_COLOUR: dict[Tone, str] = {
    "danger": "red",
    "warning": "yellow",
    "good": "green",
    "info": "cyan",
    "plain": "default",
}

#: ``SIMPLE_HEAD`` (a rule under the header only) drawn with ASCII, for dumb terminals.
_ASCII_SIMPLE_HEAD = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def render(report: "Report") -> str:
    return render_blocks(report_blocks(report))


def render_blocks(blocks: Iterable[Block], *, max_width: int | None = MAX_WIDTH) -> str:
    """The blocks as the terminal in use shows them (colour and width detected), at most
    ``max_width`` columns wide (None: the whole width)."""
    # The window's size (COLUMNS first): given in full, because rich assumes 80 columns on
    # a dumb terminal otherwise.
    window = shutil.get_terminal_size()
    columns = window.columns if max_width is None else min(window.columns, max_width)
    console = out.console(columns=columns, lines=window.lines)
    layout = _Layout(
        # A dumb terminal may not draw Unicode boxes (rich only asks when it writes to a
        # terminal itself), nor can an encoding without them.
        ascii_only=os.environ.get("TERM", "").lower() in DUMB_TERMINALS
        or console.options.ascii_only,
        stack_tables=console.width < STACK_TABLES_BELOW,
    )
    with console.capture() as captured:
        for renderable in _renderables(blocks, layout):
            console.print(renderable)
    # Padding spaces at line ends only get in the way when the summary is copied.
    return "\n".join(line.rstrip() for line in captured.get().split("\n"))


class _Layout(NamedTuple):
    # A NamedTuple: a frozen dataclass costs several times as much to define, and every
    # run that lays out blocks defines it.
    ascii_only: bool
    stack_tables: bool


def _renderables(blocks: Iterable[Block], layout: _Layout) -> Iterator[RenderableType]:
    previous: Block | None = None
    for block in blocks:
        # A blank line between blocks, except under a heading: it belongs to what follows.
        if previous is not None and not isinstance(previous, Heading):
            yield Text()
        yield _renderable(block, layout)
        previous = block


def _renderable(block: Block, layout: _Layout) -> RenderableType:
    if isinstance(block, Title):
        return Group(Text(block.text, style="bold"), *(Text(line) for line in block.lines))
    if isinstance(block, OutcomeBlock):
        colour = TONE_COLOUR[block.tone]
        return Panel(
            Group(
                Text(block.title, style=f"bold {colour}"),
                Text(),
                Text(block.advice),
                Text(),
                Text.assemble((block.next_step_label, "bold"), " ", block.next_step),
            ),
            box=box.ASCII if layout.ascii_only else box.ROUNDED,
            border_style=colour,
            padding=(0, 1),
        )
    if isinstance(block, Heading):
        return Text(block.text, style=f"bold {TONE_COLOUR[block.tone]}")
    if isinstance(block, Paragraph):
        style = "bold red" if block.tone == "danger" else TONE_COLOUR[block.tone]
        return Text(block.text, style=style)
    if isinstance(block, Bullets):
        marker = "-" if layout.ascii_only else "•"
        return _hanging((marker,) * len(block.items), block.items)
    if isinstance(block, Numbered):
        return _hanging(tuple(f"{n}." for n in range(1, len(block.items) + 1)), block.items)
    if isinstance(block, Entry):
        return Group(
            Text(block.term, style="bold"),
            Padding(Group(*(Text(line) for line in block.lines)), (0, 0, 0, 2)),
            Padding(Group(*(Text(item) for item in block.items)), (0, 0, 0, 4)),
            Padding(Group(*(Text(note, style="dim") for note in block.notes)), (0, 0, 0, 2)),
        )
    if isinstance(block, Listing):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        for mark, lines in block.items:
            grid.add_row(Text(mark), Text("\n".join(lines)))
        return grid
    if isinstance(block, Chart):
        full, empty = ("#", ".") if layout.ascii_only else ("█", "·")
        bars = (Text(f"  {bar.label}  {bar.drawn(full, empty)}") for bar in block.bars)
        return Group(Text(block.title, style="bold"), *bars)
    if layout.stack_tables and len(block.headers) > 2:
        return stacked(block)
    return _table(block, ascii_only=layout.ascii_only)


def _hanging(markers: tuple[str, ...], items: tuple[str, ...]) -> RichTable:
    """A list whose wrapped lines line up under the text, not under the marker."""
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for marker, item in zip(markers, items, strict=True):
        grid.add_row(Text(marker), Text(item))
    return grid


def stacked(block: Table) -> Group:
    """Each row as its first cell in bold, then the other cells named by their column,
    indented under it."""
    rows: list[RenderableType] = []
    for first, *rest in block.rows:
        details = [
            Text.assemble((f"{header}: ", "italic"), cell)
            for header, cell in zip(block.headers[1:], rest, strict=True)
            if cell
        ]
        indent = 2 + len(first) - len(first.lstrip(" "))  # under an indented first cell
        rows += [Text(first, style="bold"), Padding(Group(*details), (0, 0, 0, indent))]
    return Group(*rows)


def _table(block: Table, *, ascii_only: bool) -> RichTable:
    table = RichTable(
        box=_ASCII_SIMPLE_HEAD if ascii_only else box.SIMPLE_HEAD,
        header_style="bold",
        expand=True,
        show_edge=False,
        pad_edge=False,
    )
    for header in block.headers:
        table.add_column(Text(header), overflow="fold")
    for row in block.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table
