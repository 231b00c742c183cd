"""The about command: what dry needling is, its side effects, the evidence, and who
should not have it."""

from __future__ import annotations

from needlecheck import out
from needlecheck.commands.common import load, screen_format


def about(*, about_format: str, lang: str | None) -> None:
    """The about text in ``about_format`` (``auto``: the terminal layout on screen,
    plain text when piped)."""
    from needlecheck.render import render_blocks
    from needlecheck.render.about import about_blocks

    file_format = screen_format() if about_format == "auto" else about_format
    out.document(render_blocks(about_blocks(load(lang)), file_format), prose=file_format == "text")
