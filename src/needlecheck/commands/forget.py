"""The forget command: every unfinished interview (draft) and every saved screening
removed, after naming them and asking (or with --yes); with a reference, only that
reference's."""

from __future__ import annotations

import sys
from collections.abc import Callable

from needlecheck import out
from needlecheck.commands.common import check_ref
from needlecheck.errors import Interrupted, NeedlecheckError
from needlecheck.words import say, word


def ask_yes_no(question: str) -> bool:
    """``question`` asked on the terminal, with the chosen language's choice after it,
    until the answer is one of its words for yes or no (Enter: no). The end of input
    stops needlecheck, as Ctrl-C does."""
    yes, no = (set(word(say(key)).split()) for key in ("forget.yes_answers", "forget.no_answers"))
    prompt = f"{question} {word(say('forget.yes_no_choice'))}: "
    while (typed := out.ask(prompt)) is not None:
        answer = typed.strip().lower()
        if not answer or answer in yes | no:
            return answer in yes
        out.document(f"{word(say('forget.not_yes_or_no'))}\n")
    raise Interrupted(say("cli.stopped"))


def forget(*, yes: bool, ref: str | None, confirm: Callable[[str], bool] = ask_yes_no) -> None:
    """Remove drafts, then saved screenings. ``confirm`` asks a yes/no question (default
    no) and is only called when standard input is a terminal and ``yes`` is not given."""
    from needlecheck.interview.drafts import DraftStore, state_directory
    from needlecheck.progress.history import forget_saved, saved_to_forget, screenings_folder

    ref = check_ref(ref, clinician=True)
    drafts = DraftStore(state_directory())
    unfinished = drafts.forgettable(ref)
    saved_files = saved_to_forget(ref)
    count = len(saved_files)
    whose = "" if ref is None else say("forget.with_ref", ref=ref)
    if (count or unfinished) and not yes:
        if not sys.stdin.isatty():
            raise NeedlecheckError(say("forget.needs_terminal"))
        # Everything it deletes is named before anything is.
        drafts_named = say("forget.what_unfinished", paths=", ".join(map(str, unfinished)))
        saved = say("forget.what_saved", count=count, whose=whose, folder=screenings_folder())
        what = (
            say("forget.what_both", unfinished=drafts_named, saved=saved)
            if count and unfinished
            else (saved if count else drafts_named)
        )
        if not confirm(word(say("forget.confirm", what=what))):
            out.status(say("forget.nothing_removed"))
            return
    for path in drafts.forget(ref, named=unfinished):
        out.status(say("forget.removed_draft", path=path))
    if count == 0:
        out.status(say("forget.nothing_saved", whose=whose))
        return
    removed = forget_saved(saved_files, every_one=ref is None)
    out.status(say("forget.removed", count=removed, whose=whose))
