"""The forget command: every unfinished interview (draft) removed, then every saved
screening, after asking (or with --yes); with a reference, only that reference's."""

from __future__ import annotations

import sys
from collections.abc import Callable

from needlecheck import out
from needlecheck.commands.common import check_ref
from needlecheck.errors import NeedlecheckError
from needlecheck.words import say, word


def forget(*, yes: bool, ref: str | None, confirm: Callable[[str], bool]) -> None:
    """Remove drafts, then saved screenings. ``confirm`` asks a yes/no question (default
    no) and is only called when standard input is a terminal and ``yes`` is not given."""
    from needlecheck.history import count_saved, forget_saved, screenings_folder

    ref = check_ref(ref, clinician=True)
    forget_drafts(ref)
    count = count_saved(ref)
    whose = "" if ref is None else say("forget.with_ref", ref=ref)
    if count == 0:
        out.status(say("forget.nothing_saved", whose=whose))
        return
    if not yes:
        if not sys.stdin.isatty():
            raise NeedlecheckError(say("forget.needs_terminal"))
        question = say("forget.confirm", count=count, whose=whose, folder=screenings_folder())
        if not confirm(word(question)):
            out.status(say("forget.nothing_removed"))
            return
    removed = forget_saved(ref)
    out.status(say("forget.removed", count=removed, whose=whose))


def forget_drafts(ref: str | None) -> None:
    """Drafts hold unfinished answers only: removed without asking, each one named (with
    ``ref``, only that reference's)."""
    from needlecheck.interview.drafts import DraftStore, state_directory

    for path in DraftStore(state_directory()).forget(ref):
        out.status(say("forget.removed_draft", path=path))
