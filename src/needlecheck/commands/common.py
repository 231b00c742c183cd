"""What several commands share: the content in the chosen language, whom the views of
saved screenings speak to, the check of a clinician reference, the format for the screen, the views of saved screenings in the
format asked for, and the files of saved screenings that could not be read."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from needlecheck import language, out, region
from needlecheck.errors import NeedlecheckError
from needlecheck.words import say

if TYPE_CHECKING:
    from collections.abc import Iterable

    from needlecheck.model.answers import Mode
    from needlecheck.model.content import Content
    from needlecheck.progress.history import SavedScreenings
    from needlecheck.render.blocks import Block
    from needlecheck.report.json_contract import Screening


def load(lang: str | None, mode: Mode = "self") -> Content:
    """The content in the language asked for, or the locale's, worded for the mode's
    reader (in clinician mode, the PT: everything speaks of "the caller"), with the
    emergency number of the region the environment names (spec 6a)."""
    from needlecheck.loading.content import load_content

    content = load_content(
        language.choose(lang),
        reader=mode,
        environment=region.environment(os.environ),
    )
    if content.emergency.rejected is not None:
        out.status(content.text("region_rejected", value=repr(content.emergency.rejected)))
    return content


def reader_of(screenings: Iterable[Screening]) -> Mode:
    """Whom views of saved screenings speak to: the PT when every one is a PT's screening
    of a caller (their reports speak of "the caller"), else the person."""
    modes = {screening.mode for screening in screenings}
    return "clinician" if modes == {"clinician"} else "self"


def check_ref(ref: str | None, clinician: bool) -> str | None:
    """A clinician reference as given, if it is one: initials or a record number, and
    only in clinician mode."""
    if ref is None:
        return None
    if not clinician:
        raise NeedlecheckError(say("options.ref_needs_clinician"))
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,19}", ref):
        raise NeedlecheckError(say("options.ref_form"))
    return ref


def screen_format() -> str:
    """The rich summary for a person at a terminal; plain text for pipes and files."""
    return "terminal" if out.to_terminal() else "text"


def show_view(blocks: Iterable[Block], view_format: str) -> None:
    """A view of saved screenings on standard output: the terminal layout across the
    whole width (a comparison's six columns need it, and a history entry then keeps to
    the lines a screenful is counted in), or plain text wrapped at words, or Markdown."""
    if view_format == "terminal":
        from needlecheck.render.terminal import render_blocks

        out.document(render_blocks(blocks, max_width=None))
    else:
        from needlecheck.render import render_blocks as render_format

        out.document(render_format(blocks, view_format), prose=view_format == "text")


def skipped_said(saved: SavedScreenings) -> SavedScreenings:
    """``saved``, once each file that could not be read is named in one line."""
    for line in saved.skipped:
        out.status(line)
    return saved
