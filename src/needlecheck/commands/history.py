"""The history command: the latest saved screenings listed, and each score drawn over time."""

from __future__ import annotations

from needlecheck import out
from needlecheck.commands.common import load, skipped_said

#: How many screenings a listing that is not on a terminal shows unless told.
PIPED_LIMIT = 20
#: Lines a history entry takes on a terminal (its date and outcome, then its scores,
#: which wrap once at 80 columns), and lines kept for the heading and the last line.
ENTRY_LINES, OTHER_LINES = 3, 3


def history(*, plot: bool, ref: str | None, limit: int | None, lang: str | None) -> None:
    """List the latest saved screenings, newest first (only ``ref``'s, if given): at most
    ``limit`` (a screenful if None, every one if 0), then how many earlier ones there
    are; with ``plot``, draw each score over time, for every reference with enough
    screenings among those listed."""
    from needlecheck.history import latest_saved
    from needlecheck.progress_view import (
        CHART_MINIMUM,
        print_chart,
        print_history,
        series_by_reference,
    )

    content = load(lang)
    saved = skipped_said(latest_saved(ref, default_limit() if limit is None else limit or None))
    screenings = [each.screening for each in saved.screenings]
    console = out.console()
    print_history(console, content, screenings, ref=ref, more=saved.more)
    if not plot:
        return
    # One series per reference: one caller's course is never drawn with another's.
    for series in series_by_reference(screenings):
        if len(series.screenings) < CHART_MINIMUM:
            out.status(series.too_few(content))
        else:
            console.print()
            print_chart(console, content, series)


def default_limit() -> int:
    """A screenful on a terminal; otherwise ``PIPED_LIMIT``."""
    lines = out.height()
    if lines is None:
        return PIPED_LIMIT
    return max(1, (lines - OTHER_LINES) // ENTRY_LINES)
