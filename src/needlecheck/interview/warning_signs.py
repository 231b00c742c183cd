"""Warning signs during the interview: the emergency stop (spec section 3), the re-ask
of a sign that typed words may describe (spec 4.6), and the time frame said when the
person stops early (principle 11).

The emergency advice is laid out to fit above its choice by ``emergency_screen``.
All three leave finding signs to the engine (``engine.fire_rules``, ``engine.assess``),
never to a copy of the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from needlecheck import escaping
from needlecheck.engine import assess, fire_rules
from needlecheck.interview.emergency_screen import advice_lines, choice_height
from needlecheck.interview.prompter import BACK, Back, Option, Prompter

if TYPE_CHECKING:
    from needlecheck.interview.cursor import Cursor
    from needlecheck.model.answers import Answer, Mode
    from needlecheck.model.content import Content, Question
    from needlecheck.model.logic import Rule


class WarningSigns:
    def __init__(
        self, content: Content, mode: Mode, prompter: Prompter, words: Callable[..., str]
    ) -> None:
        self.content, self.mode, self.prompter, self.words = content, mode, prompter, words
        #: Emergency rules whose advice the person saw and chose to carry on past.
        self.acknowledged: set[str] = set()
        #: Why each question asked again out of turn is asked again (one line each).
        self._recheck_reasons: dict[str, str] = {}

    def emergency_stop(self, cursor: Cursor) -> bool | Back:
        """If an answer has just fired an emergency rule, say so at once and offer to stop.

        Returns True when the person stops (the default), BACK to change the answer, and
        False to carry on. Carrying on acknowledges the rules shown; going back does not,
        so the advice comes again if the answer stays.
        """
        fired = fire_rules(self.content, cursor.answers, self.mode)
        new = [r for r in fired if r.level == "emergency" and r.id not in self.acknowledged]
        if not new:
            return False
        question = self.words("interview.emergency_question")
        options = [
            Option("stop", self.words("interview.emergency_stop")),
            Option("continue", self.words("interview.emergency_continue")),
        ]
        back = self.words("interview.emergency_back") if cursor.can_go_back() else None
        labels = [option.label for option in options] + ([back] if back else [])
        self._show_advice(new, cursor.answers, question, labels)
        choice = self.prompter.select(
            "emergency_question", question, options, default="stop", back=back
        )
        if choice is BACK:
            return BACK
        if choice == "continue":
            self.acknowledged.update(rule.id for rule in new)
            return False
        return True

    def _show_advice(
        self, rules: Sequence[Rule], answers: Mapping[str, Answer], question: str, labels: list[str]
    ) -> None:
        """The emergency advice for ``rules``, laid out to fit above the choice that
        follows (``question`` and its options' ``labels``)."""
        outcome = self.content.outcomes["emergency"]
        columns, rows = self.prompter.screen_size()
        lines = advice_lines(
            outcome.title,
            [rule.message for rule in rules],
            [rule.summary_for(answers) for rule in rules],
            outcome.next_step,
            columns,
            rows - choice_height(question, labels, columns),
        )
        self.prompter.show("\n".join(lines), "emergency")

    def recheck(self, cursor: Cursor, question: Question) -> None:
        """Typed words that may describe a warning sign (found by the engine as for the
        report) ask that sign's question again at once, with one line saying why."""
        matches = assess(self.content, cursor.answers, self.mode).matches
        found = {m.question: m.term for m in matches if m.field == question.id}
        self._recheck_reasons = {
            sign: self.words(
                "interview.text_sign_again", term=escaping.visible(term), field=question.label
            )
            for sign, term in found.items()
        }
        cursor.recheck(list(found))

    def why_again(self, question_id: str) -> str:
        """The line saying why a question is asked again (once; then it is forgotten)."""
        return self._recheck_reasons.pop(question_id, "")

    def time_frame(self, answers: Mapping[str, Answer]) -> str:
        """Stopped early, the time frame of the most urgent finding so far, in one line:
        where to go now after an emergency, else the doctor within days after an
        ``urgent_review`` rule; nothing otherwise."""
        levels = {rule.level for rule in fire_rules(self.content, answers, self.mode)}
        if "emergency" in levels:
            return self.content.outcomes["emergency"].next_step
        if "urgent_review" in levels:
            return self.words("interview.interrupted_urgent")
        return ""
