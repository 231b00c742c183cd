"""The forget command: every unfinished interview (draft) removed, then every saved
screening, after asking (or with --yes); with a reference, only that reference's."""

from __future__ import annotations

import sys
from collections.abc import Callable

from needlecheck import out
from needlecheck.commands.common import check_ref
from needlecheck.errors import NeedlecheckError


def forget(*, yes: bool, ref: str | None, confirm: Callable[[str], bool]) -> None:
    """Remove drafts, then saved screenings. ``confirm`` asks a yes/no question (default
    no) and is only called when standard input is a terminal and ``yes`` is not given."""
    from needlecheck.history import count_saved, forget_saved, screenings_folder

    ref = check_ref(ref, clinician=True)
    forget_drafts(ref)
    count = count_saved(ref)
    whose = "" if ref is None else f" with the reference {ref}"
    if count == 0:
        out.status(f"there are no saved screenings{whose} to remove")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise NeedlecheckError(
                "forget asks before removing anything, and standard input is not a terminal; "
                "add --yes to remove without asking"
            )
        if not confirm(f"Remove {count} saved screening(s){whose} from {screenings_folder()}?"):
            out.status("nothing was removed")
            return
    removed = forget_saved(ref)
    out.status(f"removed {removed} saved screening(s){whose}")


def forget_drafts(ref: str | None) -> None:
    """Drafts hold unfinished answers only: removed without asking, each one named (with
    ``ref``, only that reference's)."""
    from needlecheck.interview.drafts import DraftStore, state_directory

    for path in DraftStore(state_directory()).forget(ref):
        out.status(f"removed the unfinished answers in {path}")
