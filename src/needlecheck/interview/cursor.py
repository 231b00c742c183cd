"""Where the interview is: which question comes next, and where Back leads.

Pure logic over the content and the answers so far: no I/O, no terminal. Which
questions apply is decided by ``engine.applicable_answers``, the same function that
screens an answers file, so the interview can never ask a question the engine would
ignore, or skip one it needs.

Two phases:

* the walk: questions in content order, each one after the question asked before it;
  an answer given earlier is offered again as the default when the walk passes it;
* the review, once every applicable question has an answer: only questions without an
  answer (ones that appear because an edit changed a show-if) are asked, then the
  review again.

``history`` is the stack of questions actually asked, most recent last: Back pops it, so
it leads to the question asked before, never to one a show-if skipped.

A question can also be asked again out of turn (``recheck``: a warning sign that typed
words may describe, spec 4.6): its new answer replaces the old one, and the walk then
carries on from where it was, as if the question had not been asked in between.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from needlecheck.engine import applicable_answers
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content, Question
from needlecheck.records import Record


class Snapshot(Record):
    """What a draft keeps of the cursor: enough to carry on where the person stopped."""

    answers: Mapping[str, Answer]
    history: tuple[str, ...]
    reviewing: bool


class Cursor:
    """Where one interview is. A plain class: a dataclass would cost more to define at
    every start than the whole walk costs to run."""

    def __init__(
        self,
        content: Content,
        mode: Mode,
        answers: Mapping[str, Answer] | None = None,
        history: Sequence[str] = (),
    ) -> None:
        self.content = content
        self.mode = mode
        self.answers: dict[str, Answer] = dict(answers or {})
        self.history = list(history)
        self.reviewing = False
        #: A question reopened by Back or from the review; asked before anything else.
        self._revisit: str | None = None
        #: The reopened question came from the review: Back returns to the review.
        self._from_review = False
        #: Questions to ask again out of turn, first first (see ``recheck``).
        self._rechecks: list[str] = []

    @classmethod
    def restore(cls, content: Content, mode: Mode, snapshot: Snapshot) -> Cursor:
        """A cursor from a draft, keeping only what still fits the content."""
        cursor = cls(content, mode, snapshot.answers, snapshot.history)
        cursor.reviewing = snapshot.reviewing
        cursor._prune()
        return cursor

    @classmethod
    def prefilled(cls, content: Content, mode: Mode, answers: Mapping[str, Answer]) -> Cursor:
        """A cursor that starts from answers already known (``--ask-missing``): it is in
        the review phase at once, so only the questions that apply and have no answer are
        asked (show-ifs read the known answers), then the review."""
        cursor = cls(content, mode, answers)
        cursor.reviewing = True
        cursor._prune()
        return cursor

    def missing(self) -> int:
        """How many questions that apply have no answer yet."""
        return sum(q.id not in self.answers for q in self.applicable())

    def snapshot(self) -> Snapshot:
        return Snapshot(dict(self.answers), tuple(self.history), self.reviewing)

    def applicable(self) -> list[Question]:
        """The questions that apply given the answers so far, in the order they are asked."""
        return applicable_answers(self.content, self.answers, self.mode)[1]

    def current(self) -> Question | None:
        """The question to ask now, or None when it is time for the review."""
        if self._revisit is not None:
            return self.content.question_by_id[self._revisit]
        applicable = self.applicable()
        if self._rechecks:
            return self.content.question_by_id[self._rechecks[0]]
        if not self.reviewing:
            following = self._after(self.history[-1], applicable) if self.history else applicable
            if following:
                return following[0]
        return next((q for q in applicable if q.id not in self.answers), None)

    def progress(self, question: Question) -> tuple[int, int]:
        """(number, total): where ``question`` stands among the questions that apply."""
        applicable = [q.id for q in self.applicable()]
        return applicable.index(question.id) + 1, len(applicable)

    def rechecking(self) -> bool:
        """The question to ask now is asked again out of turn (``recheck``)."""
        return self._revisit is None and bool(self._rechecks)

    def recheck(self, question_ids: list[str]) -> None:
        """Ask these answered questions again, now, before the walk goes on. Only those
        that apply are asked."""
        applying = {q.id for q in self.applicable()}
        self._rechecks = [qid for qid in question_ids if qid in applying]

    def answer(self, question_id: str, value: Answer) -> None:
        self.answers[question_id] = value
        if self._rechecks and self._rechecks[0] == question_id and self._revisit is None:
            # Asked out of turn: the walk carries on from where it was.
            self._rechecks.pop(0)
            self._prune()
            return
        self._rechecks = []
        if question_id in self.history:
            self.history.remove(question_id)
        self.history.append(question_id)
        self._revisit = None
        self._from_review = False
        self._prune()

    def can_go_back(self) -> bool:
        return self._from_review or bool(self.history)

    def back(self) -> None:
        """Return to the question asked before the current one (or to the review).

        Back at a question asked again out of turn returns to the text that led to it."""
        self._rechecks = []
        if self._from_review:
            self._revisit, self._from_review = None, False
        elif self.history:
            self._revisit = self.history.pop()

    def start_review(self) -> None:
        self.reviewing = True

    def reopen(self, question_id: str) -> None:
        """Ask an answered question again, from the review."""
        self._revisit, self._from_review = question_id, True

    def _after(self, question_id: str, applicable: list[Question]) -> list[Question]:
        order = {q.id: index for index, q in enumerate(self.content.questions)}
        position = order[question_id]
        return [q for q in applicable if order[q.id] > position]

    def _prune(self) -> None:
        """Drop answers (and history) of questions that no longer apply.

        A show-if that turns false hides its question, and the answer goes with it: it
        would only be ignored by the engine, and a question that reappears is asked anew.
        """
        used = applicable_answers(self.content, self.answers, self.mode)[0]
        self.answers = used
        self.history = [qid for qid in dict.fromkeys(self.history) if qid in used]
        self._rechecks = [qid for qid in self._rechecks if qid in used]
