"""The history command: the saved screenings listed, and each score drawn over time."""

from __future__ import annotations

from needlecheck import out
from needlecheck.commands.common import load, saved_screenings


def history(*, plot: bool, ref: str | None, lang: str | None) -> None:
    """List saved screenings (only ``ref``'s, if given); with ``plot``, draw each score
    over time for every reference with enough screenings."""
    from needlecheck.progress_view import (
        CHART_MINIMUM,
        print_chart,
        print_history,
        series_by_reference,
    )

    content = load(lang)
    screenings = saved_screenings(ref)
    console = out.console()
    print_history(console, content, screenings, ref=ref)
    if not plot:
        return
    # One series per reference: one caller's course is never drawn with another's.
    for series in series_by_reference(screenings):
        if len(series.screenings) < CHART_MINIMUM:
            out.status(series.too_few(content))
        else:
            console.print()
            print_chart(console, content, series)
