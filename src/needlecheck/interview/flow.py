"""The interview from welcome to confirmed answers: the question loop, one question
asked at a time, and Back.

It yields the same validated answers as an answers file (each typed or chosen answer
goes through ``Question.parse``) and leaves the assessment to the engine. The parts it
runs live beside it: ``resume`` (drafts), ``warning_signs`` (the emergency stop and the
re-ask of a sign), ``review_screen``, ``ending`` (the result and the keep question) and
``asking`` (a question's wording and how to answer it).

After each change the cursor is saved as a draft, so Ctrl-C, end of input or a closed
terminal loses nothing; ``errors.Interrupted`` tells the CLI to stop with exit code 130.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from needlecheck import escaping
from needlecheck.errors import Interrupted
from needlecheck.interview import asking
from needlecheck.interview.cursor import Cursor
from needlecheck.interview.drafts import DraftStore, state_directory
from needlecheck.interview.prompter import BACK, BACK_WORD, Back, Option, Prompter
from needlecheck.interview.resume import DraftKeeper, DraftPolicy
from needlecheck.interview.warning_signs import WarningSigns
from needlecheck.model.content import AnswerError
from needlecheck.records import Record

if TYPE_CHECKING:
    from needlecheck.interview.ending import Ending
    from needlecheck.interview.review_screen import ReviewScreen
    from needlecheck.model.answers import Answer, Mode
    from needlecheck.model.content import Content, Question
    from needlecheck.report.build import Report

__all__ = ["DraftPolicy", "Finished", "Interview", "Prefilled", "interview_in_terminal"]


class Finished(Record):
    """A completed interview: the answers, where its draft is (None: no drafts), and the
    question, asked after the result, whether to keep the screening."""

    answers: dict[str, Answer]
    ref: str | None
    mode: Mode
    store: DraftStore | None
    wants_to_keep: Callable[[], bool]
    show_result: Callable[[Report, Callable[[], str] | None, str | None], None]

    def discard_draft(self) -> None:
        """A finished interview deletes its draft (call once the report is delivered),
        and gives up its lock."""
        if self.store is not None:
            try:
                self.store.delete(self.mode, self.ref)
            finally:
                self.store.unlock()


class Prefilled(Record):
    """Answers already known (``--ask-missing``), and the file they came from."""

    answers: Mapping[str, Answer]
    source: str


def interview_in_terminal(
    content: Content,
    mode: Mode,
    *,
    ref: str | None,
    policy: DraftPolicy,
    prefilled: Prefilled | None = None,
) -> Finished:
    """Run the interview in this terminal, with drafts in the user's state folder."""
    from needlecheck.interview.prompts import TerminalPrompter

    store = None if policy is DraftPolicy.OFF else DraftStore(state_directory())
    prompter = TerminalPrompter(content)
    interview = Interview(content, mode, prompter, store=store, ref=ref, prefilled=prefilled)
    return interview.run(policy)


class Interview:
    def __init__(
        self,
        content: Content,
        mode: Mode,
        prompter: Prompter,
        *,
        store: DraftStore | None,
        ref: str | None = None,
        prefilled: Prefilled | None = None,
    ) -> None:
        self.content, self.mode, self.prompter = content, mode, prompter
        self.ref, self.prefilled = ref, prefilled
        self.cursor = (
            Cursor(content, mode)
            if prefilled is None
            else Cursor.prefilled(content, mode, prefilled.answers)
        )
        self.drafts = DraftKeeper(content, mode, prompter, self.words, store=store, ref=ref)
        self.signs = WarningSigns(content, mode, prompter, self.words)
        self._section_shown: str | None = None
        #: A PT on the phone is a trained user: an answer's key answers at once (the Back
        #: key and the review catch slips); a person screening themselves presses Enter.
        self.answers_at_once = mode == "clinician"

    # The review and the ending come after the last question: imported when first
    # reached, so that they do not delay the first question.
    @functools.cached_property
    def review(self) -> ReviewScreen:
        from needlecheck.interview.review_screen import ReviewScreen

        return ReviewScreen(self.content, self.mode, self.prompter, self.words)

    @functools.cached_property
    def ending(self) -> Ending:
        from needlecheck.interview.ending import Ending

        return Ending(self.prompter, self.words)

    def words(self, key: str, **values: object) -> str:
        """Interface wording; a ``<key>_clinician`` variant wins in clinician mode."""
        if self.mode == "clinician" and f"{key}_clinician" in self.content.ui:
            key += "_clinician"
        return self.content.text(key, **values)

    # ── the whole interview
    def run(self, policy: DraftPolicy) -> Finished:
        try:
            self._welcome(policy)
            resumed = self.drafts.resume_or_restart(policy)
            if resumed is not None:
                self.cursor = resumed
            if not self._emergency_stop():
                self._ask_until_confirmed()
        except (KeyboardInterrupt, EOFError):
            self._save()
            self.drafts.unlock()
            hint = (
                "interview.interrupted_saved"
                if self.drafts.on_disk
                else "interview.interrupted_not_saved"
            )
            before = self.signs.time_frame(self.cursor.answers)
            raise Interrupted(self.words(hint), before=before) from None
        return Finished(
            dict(self.cursor.answers),
            self.ref,
            self.mode,
            self.drafts.store,
            self.ending.ask_to_keep,
            self.ending.show_result,
        )

    def _welcome(self, policy: DraftPolicy) -> None:
        self.prompter.show(self.words("interview.welcome_title"), "title")
        self.prompter.show(self.words("interview.welcome"))
        self.prompter.show(self.words("interview.keys"), "muted")
        stopping = "interview.no_draft" if policy is DraftPolicy.OFF else "interview.stop_kept"
        self.prompter.show(self.words(stopping), "muted")
        if self.prefilled is not None:
            self.prompter.show(
                self.words(
                    "interview.prefilled",
                    file=escaping.visible(self.prefilled.source),
                    count=len(self.cursor.answers),
                    missing=self.cursor.missing(),
                ),
                "muted",
            )

    def _ask_until_confirmed(self) -> None:
        while True:
            question = self.cursor.current()
            if question is None:
                self.cursor.start_review()
                if self.review.confirmed(self.cursor):
                    return
                self._section_shown = None  # the question asked next shows its section
                continue
            again = self.cursor.rechecking()
            if again:
                self.prompter.show(self.signs.why_again(question.id), "warning")
            else:
                self._show_position(question)
            given = self._ask(question, again=again)
            if given is BACK:
                self.cursor.back()
                self._save()
                continue
            self.cursor.answer(question.id, given)
            self._save()
            if self._emergency_stop():
                return
            if question.type == "text":
                self.signs.recheck(self.cursor, question)

    def _emergency_stop(self) -> bool:
        """True when the person stops at an emergency; Back there goes to the question."""
        choice = self.signs.emergency_stop(self.cursor)
        if choice is BACK:
            self.cursor.back()
            self._save()
            return False
        return choice

    def _save(self) -> None:
        self.drafts.save(self.cursor)

    # ── one question
    def _show_position(self, question: Question) -> None:
        section = self.content.section_by_id[question.section]
        title = section.title_for(self.mode)
        if section.id != self._section_shown:
            self._section_shown = section.id
            self.prompter.show("")
            self.prompter.show(title, "heading")
            self.prompter.show(section.intro_for(self.mode))
        number, total = self.cursor.progress(question)
        self.prompter.show(
            self.words("interview.progress", section=title, number=number, total=total),
            "progress",
        )

    def _ask(self, question: Question, *, again: bool = False) -> Answer | Back:
        """One question, answered and validated (by ``Question.parse``), or Back. Asked
        ``again`` out of turn, its earlier answer is not offered: the person chooses anew."""
        can_go_back = self.cursor.can_go_back()
        back = self.words("interview.back") if can_go_back else None
        previous = None if again else self.cursor.answers.get(question.id)
        message = asking.message(question, self.mode, self.words)
        options = [Option(value, question.option_labels[value]) for value in question.shown_order]
        if question.type in ("choice", "yes_no"):
            chosen = self.prompter.select(
                question.id,
                message,
                options,
                default=previous if isinstance(previous, str) else None,
                help_text=question.help,
                instruction=asking.choose_instruction(self.content, options, self.words),
                back=back,
                at_once=self.answers_at_once,
            )
            return chosen if chosen is BACK else question.parse(chosen)
        if question.type == "multi":
            ticked = self.prompter.checkbox(
                question.id,
                message,
                options,
                checked=previous if isinstance(previous, tuple) else (),
                help_text=question.help,
                instruction=self.words("interview.multi_instruction"),
                back=back,
            )
            return ticked if ticked is BACK else question.parse(ticked)
        # The digits answer a scale at once only for a trained user, as the lists' keys.
        at_once_keys = asking.scale_digits(question) if self.answers_at_once else ""
        typed = self.prompter.text(
            question.id,
            message,
            check=lambda text: self._reason_refused(question, text),
            default="" if previous is None else str(previous),
            help_text=question.help,
            instruction=asking.typed_instruction(
                self.content,
                question,
                self.words,
                at_once_keys=at_once_keys,
                can_go_back=can_go_back,
            ),
            back_word=BACK_WORD if can_go_back else None,
            at_once_keys=at_once_keys,
            several_lines=question.report_notes,
        )
        return typed if typed is BACK else asking.parse_typed(question, typed)

    def _reason_refused(self, question: Question, typed: str) -> str | None:
        """Why a typed answer is refused, in one sentence (None: accepted)."""
        if self.cursor.can_go_back():
            hint = asking.back_key_hint(typed, self.words)
            if hint is not None:
                return hint
        try:
            asking.parse_typed(question, typed)
        except AnswerError as error:
            return asking.refusal(self.content, question, error, self.words)
        return None
