"""Drafts during the interview: resume or restart, and a save after every change.

At the start, the saved draft of this interview (by mode and ref) is locked against a
second interview, then offered to carry on with, restarted, or set aside if unusable
(moved, never deleted). After each change the cursor is saved, so Ctrl-C, end of input
or a closed terminal loses nothing. Whatever goes wrong with drafts (a read-only folder,
a draft planted or opened to others) is said once, and the interview goes on without.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from needlecheck import escaping
from needlecheck.errors import Interrupted, OutputError
from needlecheck.interview.cursor import Cursor
from needlecheck.interview.draft_lock import DraftBusy
from needlecheck.interview.drafts import DraftError, DraftStore
from needlecheck.interview.prompter import Option, Prompter
from needlecheck.storage import NotYours

if TYPE_CHECKING:
    from needlecheck.interview.drafts import Draft
    from needlecheck.model.answers import Mode
    from needlecheck.model.content import Content


class DraftPolicy(Enum):
    ASK = "ask"  # offer to carry on with a saved draft
    RESUME = "resume"
    RESTART = "restart"
    OFF = "off"  # --no-draft: nothing read, nothing written


class DraftKeeper:
    """The draft of one interview (``store`` None: no drafts)."""

    def __init__(
        self,
        content: Content,
        mode: Mode,
        prompter: Prompter,
        words: Callable[..., str],
        *,
        store: DraftStore | None,
        ref: str | None,
    ) -> None:
        self.content, self.mode, self.prompter, self.words = content, mode, prompter, words
        self.store, self.ref = store, ref
        #: A draft of this interview is on disk (saved now, or kept from before).
        self.on_disk = False

    def resume_or_restart(self, policy: DraftPolicy) -> Cursor | None:
        """The cursor of the draft to carry on with, or None to start afresh."""
        if self.store is None:
            return None
        try:
            self.store.prepare()
        except OutputError as error:  # a read-only folder: no drafts, said once
            self._say_failed(error)
            self.store = None
            return None
        if not self._lock():
            return None
        try:
            draft = self.store.load(self.content, self.mode, self.ref)
        except DraftError as error:
            self._set_aside(error)
            return None
        except NotYours as error:  # planted, or opened to others: not used, not touched
            where = escaping.visible(str(error.path))
            reason = self.words(f"interview.not_yours_{error.kind}")
            self.prompter.show(
                self.words("interview.draft_not_yours", path=where, reason=reason), "muted"
            )
            self._without_drafts()
            return None
        if draft is None:
            if policy is DraftPolicy.RESUME:
                self.prompter.show(self.words("interview.no_draft_found"), "muted")
            return None
        self.on_disk = True
        if policy is DraftPolicy.ASK:
            policy = self._ask_resume(draft)  # its "start again" says the answers go
        elif policy is DraftPolicy.RESTART:
            self.prompter.show(self._draft_words("interview.restart_deleting", draft), "muted")
        if policy is DraftPolicy.RESTART:
            self.store.delete(self.mode, self.ref)
            self.on_disk = False
            return None
        cursor = Cursor.restore(self.content, self.mode, draft.snapshot)
        self.prompter.show(self.words("interview.resumed", count=len(cursor.answers)), "muted")
        return cursor

    def save(self, cursor: Cursor) -> None:
        """Save the draft; if it cannot be saved, say so once and carry on without."""
        if self.store is None or not cursor.answers:
            return
        try:
            self.store.save(self.content, self.mode, cursor.snapshot(), self.ref)
        except OutputError as error:
            self._say_failed(error)
            self._without_drafts()
            return
        self.on_disk = True

    def unlock(self) -> None:
        """Give up the lock on this interview's draft (the draft stays)."""
        if self.store is not None:
            self.store.unlock()

    def _say_failed(self, error: OutputError) -> None:
        self.prompter.show(self.words("interview.draft_failed", reason=error.message), "muted")

    def _lock(self) -> bool:
        """Hold this interview's draft; False if the interview goes on without one.
        Another interview running on it: say so, with its pid, and offer to go on without
        a draft or to stop (the default)."""
        assert self.store is not None
        try:
            self.store.lock(self.mode, self.ref)
        except OutputError as error:  # a read-only folder: no drafts, said once
            self._say_failed(error)
            self.store = None
            return False
        except DraftBusy as busy:
            if busy.pid is None:
                question = self.words("interview.draft_busy_question_unknown")
            else:
                question = self.words("interview.draft_busy_question", pid=busy.pid)
            choice = self.prompter.select(
                "draft_busy_question",
                question,
                [
                    Option("stop", self.words("interview.draft_busy_stop")),
                    Option("without", self.words("interview.draft_busy_without")),
                ],
                default="stop",
            )
            if choice != "without":
                raise Interrupted(self.words("interview.draft_busy_stopped")) from None
            self.store = None
            return False
        return True

    def _without_drafts(self) -> None:
        """Go on without drafts: nothing more read or written, the lock given up."""
        self.unlock()
        self.store, self.on_disk = None, False

    def _set_aside(self, reason: DraftError) -> None:
        """An unusable draft is kept, moved aside, never deleted; the person is told where."""
        assert self.store is not None
        try:
            kept = self.store.set_aside(self.mode, self.ref)
        except OutputError as error:  # left where it is, and nothing written over it
            self.prompter.show(
                self.words("interview.draft_left", reason=reason.words, error=error.message),
                "muted",
            )
            self._without_drafts()
            return
        where = escaping.visible(str(kept))
        self.prompter.show(
            self.words("interview.draft_set_aside", reason=reason.words, path=where), "muted"
        )

    def _ask_resume(self, draft: Draft) -> DraftPolicy:
        choice = self.prompter.select(
            "resume_question",
            self._draft_words("interview.resume_question", draft),
            [
                Option(DraftPolicy.RESUME.value, self.words("interview.resume_choice")),
                Option(DraftPolicy.RESTART.value, self.words("interview.restart_choice")),
            ],
            default=DraftPolicy.RESUME.value,
        )
        return DraftPolicy.RESTART if choice == DraftPolicy.RESTART.value else DraftPolicy.RESUME

    def _draft_words(self, key: str, draft: Draft) -> str:
        """Wording about ``draft``: when it was saved, how many answers, whose it is."""
        return self.words(
            key,
            saved=self.content.date(draft.saved_at, long=True),
            count=len(draft.snapshot.answers),
            owner=self._draft_owner(),
        )

    def _draft_owner(self) -> str:
        """Whose unfinished screening this is, as the resume offer names it."""
        if self.ref is None:
            return self.words("interview.draft_without_ref")
        return self.words("interview.draft_for_ref", ref=self.ref)
