"""The history command: the latest saved screenings listed, and each score drawn over time."""

from __future__ import annotations

from needlecheck import out
from needlecheck.commands.common import load, reader_of, show_view, skipped_said

#: How many screenings a listing that is not on a terminal shows unless told.
PIPED_LIMIT = 20
#: Lines a history entry takes on a terminal (its date and outcome, then its scores,
#: which wrap once at 80 columns), and lines kept for the heading and the last line.
ENTRY_LINES, OTHER_LINES = 3, 3


def history(
    *, plot: bool, ref: str | None, limit: int | None, view_format: str, lang: str | None
) -> None:
    """List the latest saved screenings, newest first (only ``ref``'s, if given): at most
    ``limit`` (a screenful if None, every one if 0), then how many earlier ones there
    are; with ``plot``, draw each score over time, for every reference with enough
    screenings among those listed; in ``view_format`` (terminal, text or markdown)."""
    from needlecheck.progress.history import latest_saved
    from needlecheck.render.progress_view import (
        CHART_MINIMUM,
        chart_blocks,
        history_blocks,
        series_by_reference,
    )

    saved = skipped_said(latest_saved(ref, default_limit() if limit is None else limit or None))
    screenings = [each.screening for each in saved.screenings]
    content = load(lang, reader_of(screenings))
    blocks = list(history_blocks(content, screenings, ref=ref, more=saved.more))
    # One series per reference: one caller's course is never drawn with another's.
    for series in series_by_reference(screenings) if plot else ():
        if len(series.screenings) < CHART_MINIMUM:
            out.status(series.too_few(content))
        else:
            blocks += chart_blocks(content, series)
    show_view(blocks, view_format)


def default_limit() -> int:
    """A screenful on a terminal; otherwise ``PIPED_LIMIT``."""
    lines = out.height()
    if lines is None:
        return PIPED_LIMIT
    return max(1, (lines - OTHER_LINES) // ENTRY_LINES)
