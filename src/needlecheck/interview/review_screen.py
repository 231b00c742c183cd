"""The review: every answer shown, a page at a time, until the person confirms them.

From any page the person can go on, go back a page, change one answer (by its row
number) or go Back to the last question. Answers that disagree (spec 4.7, found by the
engine) are marked, with why above every page showing one. The layout is ``review``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from needlecheck import escaping
from needlecheck.engine import assess
from needlecheck.interview.asking import WHOLE_NUMBER, back_key_hint
from needlecheck.interview.prompter import BACK, BACK_WORD, Option, Prompter
from needlecheck.interview.review import Row, page_showing, warning_lines
from needlecheck.interview.review import pages as review_pages
from needlecheck.model.logic import activity_questions, rated_activity

if TYPE_CHECKING:
    from needlecheck.interview.cursor import Cursor
    from needlecheck.model.answers import Answer, Mode
    from needlecheck.model.content import Content, Question

#: Lines of a terminal kept free under a review page: its title, the review question
#: and its options, and a notice.
REVIEW_RESERVED_LINES = 9


class ReviewScreen:
    def __init__(
        self, content: Content, mode: Mode, prompter: Prompter, words: Callable[..., str]
    ) -> None:
        self.content, self.mode, self.prompter, self.words = content, mode, prompter, words
        self._activity_of = activity_questions(content.scores)
        #: The row just reopened for a change: its page is shown, the row marked.
        self._changed_row: int | None = None

    def confirmed(self, cursor: Cursor) -> bool:
        """True once the person confirms every answer; else ``cursor`` has gone where they
        asked: Back to the last question, or to the answer to change."""
        questions = cursor.applicable()
        columns, height = self.prompter.screen_size()
        # Answers that disagree: both rows marked, and why above every page showing one.
        contradictions = assess(self.content, cursor.answers, self.mode).contradictions
        disagreeing = {qid for contradiction in contradictions for qid in contradiction.questions}
        warnings = warning_lines([c.text for c in contradictions], columns)
        rows = self._rows(cursor, questions, disagreeing)
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
                self._options(page, len(review)),
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
            cursor.back()
            return False
        picked = self.prompter.text(
            "review_pick",
            self.words("interview.review_pick", total=len(questions)),
            check=lambda text: self._reason_not_row(text, len(questions)),
            instruction=self.words("interview.back_instruction", word=BACK_WORD),
            back_word=BACK_WORD,
        )
        if picked is not BACK:
            cursor.reopen(questions[int(picked) - 1].id)
            self._changed_row = int(picked)
        return False

    def _rows(self, cursor: Cursor, questions: list[Question], disagreeing: set[str]) -> list[Row]:
        none_label = self.content.text("none_selected")
        missing = self.content.text("not_answered")
        return [
            Row(
                number,
                self.content.section_by_id[question.section].title_for(self.mode),
                self._label(question, cursor.answers),
                question.format_answer(
                    cursor.answers.get(question.id), none_label=none_label, missing=missing
                )
                or self.words("interview.left_blank"),
                changed=number == self._changed_row,
                contradicts=question.id in disagreeing,
            )
            for number, question in enumerate(questions, 1)
        ]

    def _label(self, question: Question, answers: Mapping[str, Answer]) -> str:
        """As in the reports: an activity score named by its activity, made visible."""
        activity = rated_activity(self._activity_of.get(question.id), answers)
        if activity is None:
            return question.label
        return self.content.text(
            "activity_score_label", label=question.label, activity=escaping.visible(activity)
        )

    def _options(self, page: int, pages: int) -> list[Option]:
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
        if WHOLE_NUMBER.fullmatch(text) and 1 <= int(text) <= total:
            return None
        hint = back_key_hint(typed, self.words)
        return hint or self.words("interview.review_pick_invalid", total=total)
