"""The interview: welcome, the questions with Back, the emergency stop, the review.

It yields the same validated answers as an answers file (each typed or chosen answer
goes through ``Question.parse``) and leaves the assessment to the engine: emergency
rules are detected with ``engine.fire_rules``, never with a copy of the rules.

After each change the cursor is saved as a draft, so Ctrl-C, end of input or a closed
terminal loses nothing; ``errors.Interrupted`` tells the CLI to stop with exit code 130.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from needlecheck import out
from needlecheck.engine import assess, fire_rules
from needlecheck.errors import Interrupted, OutputError
from needlecheck.interview.cursor import Cursor
from needlecheck.interview.draft_lock import DraftBusy
from needlecheck.interview.drafts import DraftError, DraftStore, state_directory
from needlecheck.interview.prompts import (
    BACK,
    Back,
    Option,
    Prompter,
    TerminalPrompter,
    answer_keys,
)
from needlecheck.interview.review import Row as ReviewRow
from needlecheck.interview.review import page_showing, warning_lines
from needlecheck.interview.review import pages as review_pages
from needlecheck.model import MODES, Answer, AnswerError, Content, Mode, Question
from needlecheck.storage import NotYours

if TYPE_CHECKING:
    from needlecheck.interview.drafts import Draft
    from needlecheck.report import Report

#: Typed alone at a typed question, goes back (the lists have a "← Back" entry).
BACK_WORD = "<"
_WHOLE_NUMBER = re.compile(r"[+-]?\d+")
#: Lines of a terminal kept free under a review page: its title, the review question
#: and its options, and a notice.
REVIEW_RESERVED_LINES = 9


class DraftPolicy(Enum):
    ASK = "ask"  # offer to carry on with a saved draft
    RESUME = "resume"
    RESTART = "restart"
    OFF = "off"  # --no-draft: nothing read, nothing written


class Finished(NamedTuple):
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


class Prefilled(NamedTuple):
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
        self.store, self.ref, self.prefilled = store, ref, prefilled
        self.cursor = (
            Cursor(content, mode)
            if prefilled is None
            else Cursor.prefilled(content, mode, prefilled.answers)
        )
        #: Emergency rules whose advice the person saw and chose to carry on past.
        self.acknowledged: set[str] = set()
        #: A draft of this interview is on disk (saved now, or kept from before).
        self.draft_on_disk = False
        self._section_shown: str | None = None
        #: The review row just reopened for a change: its page is shown, the row marked.
        self._changed_row: int | None = None
        #: Why each question asked again out of turn is asked again (one line each).
        self._recheck_reasons: dict[str, str] = {}
        #: A PT on the phone is a trained user: an answer's key answers at once (the Back
        #: key and the review catch slips); a person screening themselves presses Enter.
        self.answers_at_once = mode == "clinician"

    # ── wording
    def words(self, key: str, **values: object) -> str:
        """Interface wording; a ``<key>_clinician`` variant wins in clinician mode."""
        if self.mode == "clinician" and f"{key}_clinician" in self.content.ui:
            key += "_clinician"
        return self.content.text(key, **values)

    # ── the whole interview
    def run(self, policy: DraftPolicy) -> Finished:
        try:
            self._welcome(policy)
            self._resume_or_restart(policy)
            if not self._emergency_stop():
                self._ask_until_confirmed()
        except (KeyboardInterrupt, EOFError):
            self._save()
            if self.store is not None:
                self.store.unlock()
            hint = (
                "interview.interrupted_saved"
                if self.draft_on_disk
                else "interview.interrupted_not_saved"
            )
            raise Interrupted(self.words(hint), before=self._time_frame()) from None
        return Finished(
            dict(self.cursor.answers),
            self.ref,
            self.mode,
            self.store,
            self.ask_to_keep,
            self.show_result,
        )

    def _time_frame(self) -> str:
        """Stopped early, the time frame of the most urgent finding so far, in one line
        (principle 11): where to go now after an emergency, else the doctor within days
        after an ``urgent_review`` rule; nothing otherwise."""
        levels = {rule.level for rule in fire_rules(self.content, self.cursor.answers, self.mode)}
        if "emergency" in levels:
            return self.content.outcomes["emergency"].next_step
        if "urgent_review" in levels:
            return self.words("interview.interrupted_urgent")
        return ""

    def show_result(
        self, report: Report, full_report: Callable[[], str] | None, written_to: str | None
    ) -> None:
        """The result on one screen, then the full report in a pager if the person wants
        it (``full_report`` renders it; None when it went to the file ``written_to``)."""
        from needlecheck.interview.result import result_lines

        columns, rows = self.prompter.screen_size()
        if written_to is not None:
            where = self.words("interview.result_where_file", path=out.visible(written_to))
        else:
            where = self.words("interview.result_where_pager")
        self.prompter.show("")
        self.prompter.show_lines(result_lines(report, columns, rows, words=self.words, where=where))
        if full_report is None:
            return
        try:
            choice = self.prompter.select(
                "full_report_question",
                self.words("interview.full_report_question"),
                [
                    Option("no", self.words("interview.full_report_no")),
                    Option("yes", self.words("interview.full_report_yes")),
                ],
                default="no",
            )
        except (KeyboardInterrupt, EOFError):
            return
        if choice == "yes":
            self.prompter.page(full_report())

    def ask_to_keep(self) -> bool:
        """After the result: keep this screening to follow progress? Nothing is kept unless
        the person says yes; stopping here (Ctrl-C, end of input) means no."""
        try:
            choice = self.prompter.select(
                "keep_question",
                self.words("interview.keep_question"),
                [
                    Option("no", self.words("interview.keep_no")),
                    Option("yes", self.words("interview.keep_yes")),
                ],
                default="no",
            )
        except (KeyboardInterrupt, EOFError):
            return False
        return choice == "yes"

    def _welcome(self, policy: DraftPolicy) -> None:
        self.prompter.show(self.words("interview.welcome_title"), "title")
        self.prompter.show(self.words("interview.welcome"))
        self.prompter.show(self.words("interview.keys"), "muted")
        if policy is DraftPolicy.OFF:
            self.prompter.show(self.words("interview.no_draft"), "muted")
        if self.prefilled is not None:
            self.prompter.show(
                self.words(
                    "interview.prefilled",
                    file=out.visible(self.prefilled.source),
                    count=len(self.cursor.answers),
                    missing=self.cursor.missing(),
                ),
                "muted",
            )

    def _resume_or_restart(self, policy: DraftPolicy) -> None:
        if self.store is None:
            return
        try:
            self.store.prepare()
        except OutputError as error:  # a read-only folder: no drafts, said once
            self.prompter.show(self.words("interview.draft_failed", reason=error.message), "muted")
            self.store = None
            return
        if not self._lock():
            return
        try:
            draft = self.store.load(self.content, self.mode, self.ref)
        except DraftError as error:
            self._set_aside(error)
            return
        except NotYours as error:  # planted, or opened to others: not used, not touched
            where = out.visible(str(error.path))
            reason = self.words(f"interview.not_yours_{error.kind}")
            self.prompter.show(
                self.words("interview.draft_not_yours", path=where, reason=reason), "muted"
            )
            self._without_drafts()
            return
        if draft is None:
            if policy is DraftPolicy.RESUME:
                self.prompter.show(self.words("interview.no_draft_found"), "muted")
            return
        self.draft_on_disk = True
        if policy is DraftPolicy.ASK:
            policy = self._ask_resume(draft)
        if policy is DraftPolicy.RESTART:
            self.store.delete(self.mode, self.ref)
            self.draft_on_disk = False
            return
        self.cursor = Cursor.restore(self.content, self.mode, draft.snapshot)
        self.prompter.show(self.words("interview.resumed", count=len(self.cursor.answers)), "muted")

    def _lock(self) -> bool:
        """Hold this interview's draft; False if the interview goes on without one.
        Another interview running on it: say so, with its pid, and offer to go on without
        a draft or to stop (the default)."""
        assert self.store is not None
        try:
            self.store.lock(self.mode, self.ref)
        except OutputError as error:  # a read-only folder: no drafts, said once
            self.prompter.show(self.words("interview.draft_failed", reason=error.message), "muted")
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
        if self.store is not None:
            self.store.unlock()
        self.store, self.draft_on_disk = None, False

    def _set_aside(self, reason: DraftError) -> None:
        """An unusable draft is kept, moved aside, never deleted; the person is told where."""
        assert self.store is not None
        try:
            kept = self.store.set_aside(self.mode, self.ref)
        except OutputError as error:  # left where it is, and nothing written over it
            self.prompter.show(
                self.words("interview.draft_left", reason=reason.message, error=error.message),
                "muted",
            )
            self._without_drafts()
            return
        where = out.visible(str(kept))
        self.prompter.show(
            self.words("interview.draft_set_aside", reason=reason.message, path=where), "muted"
        )

    def _ask_resume(self, draft: Draft) -> DraftPolicy:
        saved = self.content.date(draft.saved_at, long=True)
        choice = self.prompter.select(
            "resume_question",
            self.words(
                "interview.resume_question",
                saved=saved,
                count=len(draft.snapshot.answers),
                owner=self._draft_owner(),
            ),
            [
                Option(DraftPolicy.RESUME.value, self.words("interview.resume_choice")),
                Option(DraftPolicy.RESTART.value, self.words("interview.restart_choice")),
            ],
            default=DraftPolicy.RESUME.value,
        )
        return DraftPolicy.RESTART if choice == DraftPolicy.RESTART.value else DraftPolicy.RESUME

    def _draft_owner(self) -> str:
        """Whose unfinished screening this is, as the resume offer names it."""
        if self.ref is None:
            return self.words("interview.draft_without_ref")
        return self.words("interview.draft_for_ref", ref=self.ref)

    def _ask_until_confirmed(self) -> None:
        while True:
            question = self.cursor.current()
            if question is None:
                self.cursor.start_review()
                if self._review():
                    return
                continue
            again = self.cursor.rechecking()
            if again:
                self.prompter.show(self._recheck_reasons.pop(question.id, ""), "warning")
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
                self._recheck_signs(question)

    def _recheck_signs(self, question: Question) -> None:
        """Typed words that may describe a warning sign (spec 4.6, found by the engine as
        for the report) ask that sign's question again at once, with one line saying why."""
        matches = assess(self.content, self.cursor.answers, self.mode).matches
        found = {m.question: m.term for m in matches if m.field == question.id}
        self._recheck_reasons = {
            sign: self.words(
                "interview.text_sign_again", term=out.visible(term), field=question.label
            )
            for sign, term in found.items()
        }
        self.cursor.recheck(list(found))

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
        message = self._message(question)
        options = [Option(value, question.option_labels[value]) for value in question.shown_order]
        if question.type in ("choice", "yes_no"):
            chosen = self.prompter.select(
                question.id,
                message,
                options,
                default=previous if isinstance(previous, str) else None,
                help_text=question.help,
                instruction=self._choose_instruction(options),
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
        at_once_keys = self._at_once_digits(question)
        if at_once_keys:
            instruction = self.words(
                "interview.digit_instruction", low=at_once_keys[0], high=at_once_keys[-1]
            )
        elif question.type == "integer":
            instruction = self.words(
                "interview.number_instruction", allowed=self.content.allowed(question)
            )
        else:
            instruction = self.words("interview.text_instruction")
        if can_go_back:
            instruction += " " + self.words("interview.back_instruction", word=BACK_WORD)
        typed = self.prompter.text(
            question.id,
            message,
            check=lambda text: self._reason_refused(question, text),
            default="" if previous is None else str(previous),
            help_text=question.help,
            instruction=instruction,
            back_word=BACK_WORD if can_go_back else None,
            at_once_keys=at_once_keys,
        )
        return typed if typed is BACK else self._parse_typed(question, typed)

    def _at_once_digits(self, question: Question) -> str:
        """The digits that answer a scale at once: in clinician mode, on a scale whose
        every value is one digit (0-6), so a digit can never be the start of another."""
        if not self.answers_at_once or question.type != "integer":
            return ""
        if question.min is None or question.max is None or question.max > 9:
            return ""
        return "".join(str(value) for value in range(max(question.min, 0), question.max + 1))

    def _message(self, question: Question) -> str:
        """The question as shown. In clinician mode a question everyone is asked is read
        aloud to the caller as worded, so it speaks to them ("Have you…?") and says so;
        a clinician-only one is the PT's own and speaks of the caller (spec 3.6 v2)."""
        if self.mode != "clinician":
            return question.prompt_self
        if question.modes == frozenset(MODES):
            return self.words("interview.read_aloud", question=question.prompt_self)
        return question.prompt_clinician

    def _choose_instruction(self, options: list[Option]) -> str:
        """How to answer a list, naming the y and n keys where this list has them."""
        keys = [
            self.words("interview.key_for", letter=key.letters[0], label=option.label)
            for key in answer_keys(self.content)
            for option in options
            if option.value in key.values
        ]
        if not keys:
            return self.words("interview.choose_instruction")
        return self.words("interview.choose_instruction_keys", keys=", ".join(keys))

    def _parse_typed(self, question: Question, typed: str) -> Answer:
        """A typed answer through the same check as an answers file (``Question.parse``)."""
        text = typed.strip()
        if question.type != "integer":
            return question.parse(text)
        if not text:
            raise ValueError(
                self.words("interview.required", allowed=self.content.allowed(question))
            )
        return question.parse(int(text) if _WHOLE_NUMBER.fullmatch(text) else text)

    def _reason_refused(self, question: Question, typed: str) -> str | None:
        try:
            self._parse_typed(question, typed)
        except AnswerError as error:
            return self.content.say(error.words)
        except ValueError as error:
            return str(error)
        return None

    # ── the emergency stop (spec section 3)
    def _emergency_stop(self) -> bool:
        """If an answer has just fired an emergency rule, say so at once and offer to stop.

        Returns True when the person stops (the default). Carrying on acknowledges the
        rules shown; going back to change the answer does not, so the advice comes again
        if the answer stays.
        """
        fired = fire_rules(self.content, self.cursor.answers, self.mode)
        new = [r for r in fired if r.level == "emergency" and r.id not in self.acknowledged]
        if not new:
            return False
        outcome = self.content.outcomes["emergency"]
        advice = [outcome.title, "", *(rule.message for rule in new), "", outcome.next_step]
        self.prompter.show("\n".join(advice), "emergency")
        choice = self.prompter.select(
            "emergency_question",
            self.words("interview.emergency_question"),
            [
                Option("stop", self.words("interview.emergency_stop")),
                Option("continue", self.words("interview.emergency_continue")),
            ],
            default="stop",
            back=self.words("interview.emergency_back") if self.cursor.can_go_back() else None,
        )
        if choice is BACK:
            self.cursor.back()
            self._save()
            return False
        if choice == "continue":
            self.acknowledged.update(rule.id for rule in new)
            return False
        return True

    # ── the review
    def _review(self) -> bool:
        """Every answer, by section, a page at a time; True once the person confirms them."""
        questions = self.cursor.applicable()
        columns, height = self.prompter.screen_size()
        # Answers that disagree (spec 4.7, found by the engine): both rows marked, and why
        # above every page that shows one of them.
        contradictions = assess(self.content, self.cursor.answers, self.mode).contradictions
        disagreeing = {qid for contradiction in contradictions for qid in contradiction.questions}
        warnings = warning_lines([c.text for c in contradictions], columns)
        rows = self._review_rows(questions, disagreeing)
        review = review_pages(
            rows,
            columns,
            max(height - REVIEW_RESERVED_LINES - len(warnings), 3),
            self.words("interview.review_continued"),
        )
        marked = {row.number for row in rows if row.contradicts}
        page = page_showing(review, self._changed_row)
        self._changed_row = None
        while True:
            self.prompter.show("")
            self.prompter.show(
                self.words("interview.review_title", page=page + 1, pages=len(review)), "heading"
            )
            shows_marked = not marked.isdisjoint(review[page].numbers)
            self.prompter.show_lines((warnings if shows_marked else []) + review[page].lines)
            choice = self.prompter.select(
                "review_question",
                self.words("interview.review_question"),
                self._review_options(page, len(review)),
                default="confirm" if page == len(review) - 1 else "next",
                back=self.words("interview.back"),
            )
            if choice == "next":
                page += 1
            elif choice == "previous":
                page -= 1
            else:
                break
        if choice == "confirm":
            return True
        if choice is BACK:
            self.cursor.back()
            self._section_shown = None
            return False
        picked = self.prompter.text(
            "review_pick",
            self.words("interview.review_pick", total=len(questions)),
            check=lambda text: self._reason_not_row(text, len(questions)),
            instruction=self.words("interview.back_instruction", word=BACK_WORD),
            back_word=BACK_WORD,
        )
        if picked is not BACK:
            self.cursor.reopen(questions[int(picked) - 1].id)
            self._changed_row = int(picked)
            self._section_shown = None
        return False

    def _review_rows(self, questions: list[Question], disagreeing: set[str]) -> list[ReviewRow]:
        none_label = self.content.text("none_selected")
        missing = self.content.text("not_answered")
        return [
            ReviewRow(
                number,
                self.content.section_by_id[question.section].title_for(self.mode),
                question.label,
                question.format_answer(
                    self.cursor.answers.get(question.id), none_label=none_label, missing=missing
                )
                or self.words("interview.left_blank"),
                changed=number == self._changed_row,
                contradicts=question.id in disagreeing,
            )
            for number, question in enumerate(questions, 1)
        ]

    def _review_options(self, page: int, pages: int) -> list[Option]:
        last = page == pages - 1
        options = [
            Option("confirm", self.words("interview.review_confirm"))
            if last
            else Option("next", self.words("interview.review_next", page=page + 2, pages=pages)),
            Option("change", self.words("interview.review_change")),
        ]
        if page > 0:
            options.append(Option("previous", self.words("interview.review_previous")))
        return options

    def _reason_not_row(self, typed: str, total: int) -> str | None:
        text = typed.strip()
        if _WHOLE_NUMBER.fullmatch(text) and 1 <= int(text) <= total:
            return None
        return self.words("interview.review_pick_invalid", total=total)

    # ── drafts
    def _save(self) -> None:
        """Save the draft; if it cannot be saved, say so once and carry on without."""
        if self.store is None or not self.cursor.answers:
            return
        try:
            self.store.save(self.content, self.mode, self.cursor.snapshot(), self.ref)
        except OutputError as error:
            self.prompter.show(self.words("interview.draft_failed", reason=error.message), "muted")
            self._without_drafts()
            return
        self.draft_on_disk = True
