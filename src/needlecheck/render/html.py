"""One self-contained, printable HTML page with the same content as the terminal summary.

Everything is escaped, the style sheet is inline, and the page's Content-Security-Policy
forbids loading anything at all, so the file can be opened, printed or e-mailed without
reaching the network. The width is fixed, so it looks the same on every screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
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

STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1b1b1b;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { width: 48rem; max-width: calc(100% - 2rem); margin: 2rem auto; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
.meta { margin: 0; color: #555; font-size: .9rem; }
.outcome { margin: 1.5rem 0; padding: .75rem 1.25rem; border: 2px solid;
  border-left-width: .75rem; border-radius: .375rem; }
.outcome h2 { margin: .25rem 0 .5rem; font-size: 1.45rem; }
.outcome .next-step { font-weight: 600; }
.outcome.tone-danger { border-color: #b91c1c; background: #fef2f2; }
.outcome.tone-warning { border-color: #b45309; background: #fffbeb; }
.outcome.tone-info { border-color: #1d4ed8; background: #eff6ff; }
.outcome.tone-good { border-color: #15803d; background: #f0fdf4; }
h2.tone-danger, p.tone-danger { color: #b91c1c; }
h2.tone-warning { color: #92400e; }
h2.tone-info { color: #1e40af; }
h2.tone-good { color: #166534; }
p.tone-danger { font-weight: 700; }
li { margin: .25rem 0; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid #d4d4d4; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #737373; }
tbody th { font-weight: 600; }
@media print {
  @page { margin: 16mm; }
  body { font-size: 11pt; }
  main { width: auto; max-width: none; margin: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .outcome, li, tr { break-inside: avoid; }
}
"""

#: Nothing may be fetched: no scripts, images, fonts or links out.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def render(report: Report) -> str:
    return page(report_blocks(report), language=report.content.language)


def page(blocks: Iterable[Block], *, language: str) -> str:
    title = ""
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Title):
            title = block.text
        body.append(_element(block))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _element(block: Block) -> str:
    if isinstance(block, Title):
        lines = "".join(f'\n<p class="meta">{escape(line)}</p>' for line in block.lines)
        return f"<header>\n<h1>{escape(block.text)}</h1>{lines}\n</header>"
    if isinstance(block, OutcomeBlock):
        return (
            f'<section class="outcome tone-{block.tone}" aria-labelledby="outcome">\n'
            f'<h2 id="outcome">{escape(block.title)}</h2>\n<p>{escape(block.advice)}</p>\n'
            f'<p class="next-step">{escape(block.next_step_label)} {escape(block.next_step)}</p>'
            "\n</section>"
        )
    if isinstance(block, Heading):
        return f'<h2 class="tone-{block.tone}">{escape(block.text)}</h2>'
    if isinstance(block, Paragraph):
        text = escape(block.text)
        if block.breaks:
            text = "<br>\n".join(escape(line) for line in block.text.split("\n"))
        return f'<p class="tone-{block.tone}">{text}</p>'
    if isinstance(block, Bullets):
        return "<ul>\n" + "".join(f"<li>{escape(item)}</li>\n" for item in block.items) + "</ul>"
    if isinstance(block, Numbered):
        return "<ol>\n" + "".join(f"<li>{escape(item)}</li>\n" for item in block.items) + "</ol>"
    if isinstance(block, Entry):
        lines = "<br>\n".join(escape(line) for line in block.lines)
        items = "".join(f"<li>{escape(item)}</li>\n" for item in block.items)
        notes = "<br>\n".join(escape(note) for note in block.notes)
        return (
            f'<section class="entry">\n<h3>{escape(block.term)}</h3>\n<p>{lines}</p>\n'
            + (f"<ul>\n{items}</ul>\n" if items else "")
            + (f'<p class="meta">{notes}</p>\n' if notes else "")
            + "</section>"
        )
    if isinstance(block, Listing):
        items = "".join(
            f"<li><strong>{escape(mark)}</strong> "
            + "<br>\n".join(escape(line) for line in lines)
            + "</li>\n"
            for mark, lines in block.items
        )
        return f'<ul class="listing">\n{items}</ul>'
    if isinstance(block, Chart):
        bars = "".join(
            f"<li>{escape(bar.label)} "
            + ("" if bar.filled is None else f'<meter value="{bar.filled:.3f}"></meter> ')
            + f"{escape(bar.value)}</li>\n"
            for bar in block.bars
        )
        return f'<section class="chart">\n<h3>{escape(block.title)}</h3>\n<ul>\n{bars}</ul>\n</section>'
    return _table(block)


def _table(block: Table) -> str:
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in block.headers)
    rows = "".join(
        f'<tr><th scope="row">{escape(first)}</th>'
        + "".join(f"<td>{escape(cell)}</td>" for cell in rest)
        + "</tr>\n"
        for first, *rest in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>"
