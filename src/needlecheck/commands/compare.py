"""The compare command: which two screenings to compare (two report files, or saved
ones), that they are one person's, and the comparison shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from needlecheck import out
from needlecheck.commands.common import load, reader_of, show_view, skipped_said
from needlecheck.errors import NeedlecheckError
from needlecheck.words import say

if TYPE_CHECKING:
    from needlecheck.report.json_contract import Screening


def compare(
    files: list[Path], *, ref: str | None, from_first: bool, view_format: str, lang: str | None
) -> None:
    """Compare two screenings: each score before and after, and which changed
    meaningfully; in ``view_format`` (terminal, text or markdown)."""
    from needlecheck.progress.compare import compare as compare_screenings
    from needlecheck.render.progress_view import comparison_blocks

    before, after = screenings_to_compare(files, ref, from_first=from_first)
    check_same_person(before, after)
    content = load(lang, reader_of((before, after)))
    comparison = compare_screenings(content, before, after)
    show_view(comparison_blocks(content, comparison), view_format)


def check_same_person(before: Screening, after: Screening) -> None:
    """Screenings with different references (or one without) may be of two people."""
    if before.ref != after.ref:  # one saved without a reference is someone else's too
        no_ref = str(say("compare.no_ref"))
        refs = ", ".join(ref or no_ref for ref in (before.ref, after.ref))
        raise NeedlecheckError(say("compare.different_people", refs=refs))


def screenings_to_compare(
    files: list[Path], ref: str | None, *, from_first: bool
) -> tuple[Screening, Screening]:
    """The earlier and the later screening, from two files or from the saved ones."""
    if files:
        if len(files) != 2:
            raise NeedlecheckError(say("compare.two_files"))
        if ref is not None or from_first:
            raise NeedlecheckError(say("compare.files_or_saved"))
        from needlecheck.progress.history import read_screening

        old, new = read_screening(files[0]), read_screening(files[1])
        if new.created < old.created:
            out.status(say("compare.later_first", path=files[0]))
            old, new = new, old
        return old, new
    from needlecheck.progress.history import first_saved, latest_saved

    # Only the files compared are read: by their names, which sort by time.
    latest = skipped_said(latest_saved(ref, 1 if from_first else 2, count_more=False))
    saved = list(latest.screenings)
    if from_first and saved:
        first = skipped_said(first_saved(ref)).screenings
        saved = [*first, *saved] if first and first[0].path != saved[0].path else saved
    if len(saved) < 2:
        raise NeedlecheckError(say("compare.needs_two", count=len(saved)))
    return saved[0].screening, saved[1].screening
