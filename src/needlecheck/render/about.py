"""``needlecheck about``: what dry needling is, its side effects, the evidence and who
should not have it, as the blocks every document format lays out (``render.blocks``):
each point with its source ids, then the sources in full."""

from __future__ import annotations

from collections.abc import Iterator

from needlecheck.model.content import Content
from needlecheck.model.wording import Statement
from needlecheck.render.blocks import Block, Bullets, Heading, Paragraph, Table, Title, cited


def about_blocks(content: Content) -> Iterator[Block]:
    """Each point with its source ids, then the sources in full."""
    about = content.about
    in_order: dict[str, None] = {}  # source ids in order of first citation
    yield Title(about.title, ())
    yield Paragraph(about.intro)
    for part in about.parts:
        yield Heading(part.title)
        if part.table:
            yield Table(part.table.columns, part.table.rows, name_cells=True)
            yield Paragraph(about.sources_label.format(sources=cited(content, part.table.sources)))
            in_order.update(dict.fromkeys(part.table.sources))
        if part.points:
            yield Bullets(tuple(_with_sources(content, point) for point in part.points))
            in_order.update(dict.fromkeys(s for point in part.points for s in point.sources))
    yield Paragraph(about.closing)
    yield Paragraph(content.text("disclaimer"))
    yield Heading(about.sources_title)
    yield Bullets(
        tuple(
            f"{cited(content, (source,))}: {content.sources[source].citation}"
            for source in in_order
        )
    )


def _with_sources(content: Content, statement: Statement) -> str:
    return f"{statement.text} [{cited(content, statement.sources)}]"
