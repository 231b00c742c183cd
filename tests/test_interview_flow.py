"""The interview flow, driven by a scripted prompter: no terminal needed.

A ``Script`` answers every question from an answer set, the way a person would, and
takes its turn from explicit steps where a test wants something else: Back, a wrong
answer, a review edit, Ctrl-C.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import STATE_FOLDER, home_variables, safe_answers
from needlecheck.engine import applicable_answers, assess
from needlecheck.errors import ExitCode, Interrupted
from needlecheck.interview.drafts import DraftStore, state_directory
from needlecheck.interview.flow import DraftPolicy, Finished, Interview
from needlecheck.interview.prompter import BACK, Back, Option, TextKind
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content

INTERRUPT = KeyboardInterrupt()
END_OF_INPUT = EOFError()


class Script:
    """A ``Prompter`` that answers like a person following a script.

    ``steps`` are ``(name, response)`` pairs taken in order, each when the prompt of that
    name comes up: a question id, or the wording key of an interface question such as
    ``"review_question"``. Any other question is answered from ``answers``.
    """

    def __init__(
        self,
        content: Content,
        mode: Mode,
        answers: Mapping[str, Answer],
        steps: Sequence[tuple[str, object]] = (),
        size: tuple[int, int] = (80, 500),
    ) -> None:
        self.content, self.mode, self.answers = content, mode, answers
        self.size = size
        self.steps = list(steps)
        self.messages: dict[str, str] = {}
        self.asked: list[str] = []
        self.shown: list[tuple[str, TextKind]] = []
        #: Each block of laid-out lines shown (the review's pages).
        self.pages: list[list[tuple[str, TextKind]]] = []
        #: Texts shown in the pager.
        self.paged: list[str] = []
        self.defaults: list[tuple[str, object]] = []
        self.refused: list[tuple[str, str]] = []
        self.backs_offered: list[tuple[str, bool]] = []
        #: Each prompt that answers on its first key: a list's keys, or a scale's digits.
        self.at_once: dict[str, str] = {}
        #: Each typed prompt whose answer may take several lines (clinician notes).
        self.several_lines: set[str] = set()

    # ── what was shown
    def show(self, text: str, kind: TextKind = "plain") -> None:
        self.shown.append((text, kind))

    def show_lines(self, lines: Sequence[tuple[str, TextKind]]) -> None:
        self.pages.append(list(lines))

    def screen_size(self) -> tuple[int, int]:
        return self.size

    def page(self, text: str) -> None:
        self.paged.append(text)

    def text_shown(self) -> str:
        return "\n".join(text for text, _ in self.shown)

    # ── prompts
    def select(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
        at_once: bool = False,
    ) -> str | Back:
        key = self._prompted(name, message, default, back is not None)
        if at_once:
            self.at_once[key] = "list"
        response: str | Back = self._response(key, lambda value: value)
        assert response is BACK or response in [o.value for o in options], (key, response)
        assert response is not BACK or back is not None, f"no Back offered at {key}"
        return response

    def checkbox(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
    ) -> list[str] | Back:
        key = self._prompted(name, message, list(checked), back is not None)
        response: list[str] | Back = self._response(key, list)
        assert response is not BACK or back is not None, f"no Back offered at {key}"
        return response

    def text(
        self,
        name: str,
        message: str,
        *,
        check: Callable[[str], str | None],
        default: str = "",
        help_text: str = "",
        instruction: str = "",
        back_word: str | None = None,
        at_once_keys: str = "",
        several_lines: bool = False,
    ) -> str | Back:
        key = self._prompted(name, message, default, back_word is not None)
        if at_once_keys:
            self.at_once[key] = at_once_keys
        if several_lines:
            self.several_lines.add(key)
        while True:  # like the terminal: the prompt stays until an answer is accepted
            response: str | Back = self._response(key, str)
            if response is BACK:
                assert back_word is not None, f"no Back offered at {key}"
                return BACK
            assert isinstance(response, str)
            reason = check(response)
            if reason is None:
                return response
            self.refused.append((key, reason))

    # ── helpers
    def _prompted(self, name: str, message: str, default: object, back_offered: bool) -> str:
        self.messages[name] = message
        self.asked.append(name)
        self.defaults.append((name, default))
        self.backs_offered.append((name, back_offered))
        return name

    def _response(self, key: str, convert: Callable[[Any], object]) -> Any:
        if self.steps and self.steps[0][0] == key:
            response = self.steps.pop(0)[1]
            if isinstance(response, BaseException):
                raise response
            return response
        assert key in self.answers, f"unscripted prompt {key!r}"
        return convert(self.answers[key])


def run(
    content: Content,
    script: Script,
    *,
    store: DraftStore | None = None,
    policy: DraftPolicy = DraftPolicy.ASK,
    ref: str | None = None,
) -> Finished:
    finished = Interview(content, script.mode, script, store=store, ref=ref).run(policy)
    assert script.steps == [], f"steps not reached: {script.steps}"
    return finished


def confirm(answers: dict[str, Answer]) -> dict[str, Answer]:
    """An answer set that also confirms the review."""
    return answers | {"review_question": "confirm"}


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "state" / "needlecheck")


# ── the whole interview ──────────────────────────────────────────────────────────────


def test_a_full_interview_gives_the_answers_an_answers_file_would(
    content: Content, store: DraftStore
) -> None:
    answers = safe_answers(content)
    script = Script(content, "self", confirm(answers))
    finished = run(content, script, store=store)
    assert finished.answers == answers
    assert assess(content, finished.answers).level == "may_suit"
    questions = [key for key in script.asked if key in content.question_by_id]
    assert questions == list(answers)  # in the spec's order, hidden ones skipped
    shown = script.text_shown()
    assert content.text("interview.welcome_title") in shown
    for section in content.sections:
        assert section.title in shown and section.intro in shown
    assert f"question 1 of {len(content.questions) - 2}" in shown  # all but clinician extras
    assert f"question {len(answers)} of " in shown


def test_the_welcome_says_what_this_is_and_what_it_is_not(content: Content) -> None:
    welcome = content.text("interview.welcome")
    assert "not a diagnosis" in welcome
    assert "minutes" in welcome
    assert "stay on this computer" in welcome


def test_a_finished_interview_deletes_its_draft_once_used(
    content: Content, store: DraftStore
) -> None:
    finished = run(content, Script(content, "self", confirm(safe_answers(content))), store=store)
    assert store.exists("self", None)  # kept until the report is delivered
    finished.discard_draft()
    assert not store.exists("self", None)


def test_every_question_but_the_first_offers_back(content: Content) -> None:
    script = Script(content, "self", confirm(safe_answers(content)))
    run(content, script)
    offered = dict(script.backs_offered)
    assert offered.pop("age") is False
    assert all(offered.values())


def test_in_clinician_mode_a_questions_key_answers_it_at_once(content: Content) -> None:
    answers = safe_answers(content, "clinician")
    clinician = Script(content, "clinician", confirm(answers))
    run(content, clinician)
    lists = [q.id for q in content.questions if q.id in answers and q.type in ("choice", "yes_no")]
    scales = {"sbi_leg_pain", "sbi_numbness", "sbi_weakness", "sbi_sitting"}  # 0-6
    assert clinician.at_once == dict.fromkeys(lists, "list") | dict.fromkeys(scales, "0123456")
    # the 0-10 pain scores, text, ticks and the review, keep and emergency choices need Enter
    itself = Script(content, "self", confirm(safe_answers(content)))
    run(content, itself)
    assert itself.at_once == {}  # a person screening themselves always presses Enter


# ── validation at the prompt ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_typed_answer_is_checked_like_an_answers_file_and_refused_in_a_sentence(
    code: str,
) -> None:
    content = load_content(code)
    steps = [("age", "150"), ("age", "forty"), ("age", ""), ("age", "4.5"), ("age", " 41 ")]
    script = Script(content, "self", confirm(safe_answers(content)), steps)
    finished = run(content, script)
    assert finished.answers["age"] == 41
    reasons = [reason for key, reason in script.refused if key == "age"]
    question = content.question_by_id["age"]
    for wrong in (150, "forty", "", "4.5"):  # an answers file's check refuses each too
        with pytest.raises(ValueError):
            question.parse(wrong)
    # Whatever was typed, one sentence says what to type.
    assert reasons == [content.text("interview.type_number", allowed=content.allowed(question))] * 4
    if code == "en":
        assert reasons[0] == "Please type a whole number from 0 to 120."


def test_text_too_long_is_refused_in_a_sentence(content: Content) -> None:
    steps = [("activity_1", "x" * 501), ("activity_1", "walking the dog")]
    answers = confirm(safe_answers(content)) | {"activity_1_score": 3}
    script = Script(content, "self", answers, steps)
    run(content, script)
    [(_, reason)] = script.refused
    assert reason == "This answer is 501 characters long. Please shorten it to 500 or fewer."


def test_b_at_a_typed_question_or_the_review_pick_says_to_type_the_back_word(
    content: Content,
) -> None:
    steps = [
        ("age", "b"),  # the first question has no Back: b is only not a number
        ("leg_pain", "b"),
        ("activity_1", " B "),
        ("review_question", "change"),
        ("review_pick", "b"),
        ("review_pick", BACK),
        ("review_question", "confirm"),
    ]
    script = Script(content, "self", safe_answers(content), steps)
    finished = run(content, script)
    assert finished.answers["activity_1"] == ""  # b is not taken as the answer
    to_go_back = "Type < to go back."
    assert script.refused == [
        ("age", "Please type a whole number from 0 to 120."),
        ("leg_pain", to_go_back),
        ("activity_1", to_go_back),
        ("review_pick", to_go_back),
    ]


def test_text_may_be_left_empty_and_hides_its_score(content: Content) -> None:
    steps = [("activity_1", "   ")]
    script = Script(content, "self", confirm(safe_answers(content)), steps)
    finished = run(content, script)
    assert finished.answers["activity_1"] == ""
    assert "activity_1_score" not in script.asked


def test_text_longer_than_allowed_is_refused(content: Content) -> None:
    steps = [("activity_1", "x" * 501), ("activity_1", "walking the dog")]
    answers = confirm(safe_answers(content)) | {"activity_1_score": 3}
    script = Script(content, "self", answers, steps)
    finished = run(content, script)
    assert finished.answers["activity_1"] == "walking the dog"
    assert finished.answers["activity_1_score"] == 3
    assert "500" in script.refused[0][1]


def test_a_new_choice_question_has_no_answer_chosen_for_it(content: Content) -> None:
    script = Script(content, "self", confirm(safe_answers(content)))
    run(content, script)
    first_defaults: dict[str, object] = {}
    for key, default in script.defaults:
        first_defaults.setdefault(key, default)
    assert first_defaults["saddle_numbness"] is None
    assert first_defaults["pain_areas"] == []


# ── Back ─────────────────────────────────────────────────────────────────────────────


def test_back_returns_to_the_previous_question_with_its_answer_offered(
    content: Content,
) -> None:
    steps = [("first_episode", BACK), ("age", "70")]
    script = Script(content, "self", confirm(safe_answers(content)), steps)
    finished = run(content, script)
    assert script.asked[:3] == ["age", "first_episode", "age"]
    assert script.defaults[2] == ("age", "40")
    assert finished.answers["age"] == 70


def test_back_then_a_change_makes_hidden_questions_appear_and_disappear(
    content: Content,
) -> None:
    answers = safe_answers(content) | {"treatments_tried": ("massage", "dry_needling")}
    answers |= {"treatment_relief": "none", "dry_needling_response": "worse"}
    steps = [
        ("dry_needling_response", BACK),
        ("treatment_relief", BACK),
        ("treatments_tried", ["massage"]),  # dry needling was a mistake
    ]
    script = Script(content, "self", confirm(answers), steps)
    finished = run(content, script)
    assert "dry_needling_response" not in finished.answers
    assert finished.answers["treatment_relief"] == "none"
    changed_at = len(script.asked) - 1 - script.asked[::-1].index("treatments_tried")
    assert script.asked[changed_at + 1 : changed_at + 3] == ["treatment_relief", "goals"]
    assert not assess(content, finished.answers).ignored


def test_back_from_a_score_skips_the_hidden_activity_score(content: Content) -> None:
    answers = safe_answers(content) | {"activity_2": "gardening", "activity_2_score": 4}
    steps = [("activity_2_score", BACK), ("activity_2", BACK), ("activity_1", "cycling")]
    answers |= {"activity_1_score": 5}
    script = Script(content, "self", confirm(answers), steps)
    finished = run(content, script)
    asked = script.asked
    back_path = asked[asked.index("activity_2_score") :][:3]
    assert back_path == ["activity_2_score", "activity_2", "activity_1"]
    assert finished.answers["activity_1"] == "cycling"
    assert finished.answers["activity_1_score"] == 5


# ── review ───────────────────────────────────────────────────────────────────────────


def review_number(content: Content, answers: Mapping[str, Answer], question_id: str) -> str:
    """The row of a question in the review of ``answers``: its place among those that apply."""
    applying = [q.id for q in applicable_answers(content, answers, "self")[1]]
    return str(applying.index(question_id) + 1)


def test_the_review_lists_every_answer_in_words(content: Content) -> None:
    answers = safe_answers(content)
    script = Script(content, "self", confirm(answers))
    run(content, script)
    (page,) = script.pages  # one page on a tall screen
    rows = [line for line, kind in page if kind != "heading"]
    assert len(rows) == len(answers)
    by_label = dict(row.split(". ", 1)[1].split(": ", 1) for row in rows)
    assert by_label[content.question_by_id["age"].label] == "40"
    assert by_label[content.question_by_id["saddle_numbness"].label] == "No"
    assert by_label[content.question_by_id["treatments_tried"].label] == "none"
    assert by_label[content.question_by_id["activity_1"].label] == "(left blank)"
    headings = [line for line, kind in page if kind == "heading"]
    assert headings == [section.title for section in content.sections]


def test_the_review_names_each_activity_score_by_its_activity(content: Content) -> None:
    # As the reports do: "Activity 1 score (gardening)", the typed words made visible.
    answers = safe_answers(content) | {"activity_1": " gardening ", "activity_1_score": 3}
    answers |= {"activity_2": "lift\x1b]0;x\x07", "activity_2_score": 6}
    script = Script(content, "self", confirm(answers))
    run(content, script)
    (page,) = script.pages
    labels = [line.split(". ", 1)[1].split(": ", 1)[0] for line, kind in page if kind != "heading"]
    score = content.question_by_id["activity_1_score"].label
    assert f"{score} (gardening)" in labels
    other = content.question_by_id["activity_2_score"].label
    assert f"{other} (lift\\x1b]0;x\\x07)" in labels
    assert content.question_by_id["activity_1"].label in labels  # the activity's own row


def test_a_review_edit_asks_new_questions_then_returns_to_the_review(
    content: Content,
) -> None:
    answers = safe_answers(content)
    steps = [
        ("review_question", "change"),
        ("review_pick", review_number(content, answers, "treatments_tried")),
        ("treatments_tried", ["dry_needling"]),
        ("review_question", "confirm"),
    ]
    more = {"treatment_relief": "short_lived", "dry_needling_response": "helped"}
    script = Script(content, "self", answers | more, steps)
    finished = run(content, script)
    review = script.asked.index("review_pick")
    assert script.asked[review + 1 :] == [
        "treatments_tried",
        "treatment_relief",
        "dry_needling_response",
        "review_question",
    ]
    assert finished.answers["treatments_tried"] == ("dry_needling",)
    assert finished.answers["dry_needling_response"] == "helped"
    assert len(script.pages) == 2


def test_the_review_marks_both_answers_that_disagree_and_says_why(content: Content) -> None:
    answers = safe_answers(content) | {"pain_side": "back_only", "pain_areas": ("foot",)}
    steps = [
        ("review_question", "change"),
        ("review_pick", review_number(content, answers, "pain_side")),
        ("pain_side", "right"),
        ("review_question", "confirm"),
    ]
    script = Script(content, "self", answers, steps)
    run(content, script)
    first, after_the_change = script.pages
    (contradiction,) = content.contradictions
    warnings = [line for line, kind in first if kind == "warning"]
    flagged = [line for line in warnings if line.startswith("! ")]
    labels = [content.question_by_id[qid].label for qid in ("pain_areas", "pain_side")]
    assert [label for label in labels if not any(label in line for line in flagged)] == []
    assert " ".join(contradiction.text.split()) in " ".join(" ".join(warnings).split())
    assert [line for line, kind in after_the_change if kind == "warning"] == []


def test_the_review_pages_on_and_back_on_a_24_line_screen(content: Content) -> None:
    """Previous page returns to the page before, unchanged; only the last page offers to
    confirm, and only pages after the first offer to go back a page."""

    class Paging(Script):
        def select(self, name: str, message: str, options: Sequence[Option], **more: Any) -> Any:
            values = [option.value for option in options]
            if name == "review_question":
                offered.append(values)
                if not (self.steps and self.steps[0][0] == name):
                    self._prompted(name, message, None, True)
                    return "next" if "next" in values else "confirm"
            return super().select(name, message, options, **more)

    offered: list[list[str]] = []
    steps = [("review_question", "next"), ("review_question", "previous")]
    script = Paging(content, "self", safe_answers(content), steps, size=(80, 24))
    run(content, script)
    title = content.text("interview.review_title", page="NUMBER", pages="COUNT")
    pattern = re.escape(title).replace("NUMBER", r"(\d+)").replace("COUNT", r"\d+")
    numbers = [int(m.group(1)) for text, _ in script.shown if (m := re.fullmatch(pattern, text))]
    pages = len(offered) - 2
    assert pages >= 3 and numbers == [1, 2, 1, *range(2, pages + 1)]
    assert script.pages[2] == script.pages[0]
    assert [("previous" in values, "confirm" in values) for values in offered] == [
        (number > 1, number == pages) for number in numbers
    ]


def test_the_review_pick_refuses_a_number_out_of_range(content: Content) -> None:
    steps = [
        ("review_question", "change"),
        ("review_pick", "0"),
        ("review_pick", "999"),
        ("review_pick", "1"),
        ("age", "55"),
        ("review_question", "confirm"),
    ]
    script = Script(content, "self", safe_answers(content), steps)
    finished = run(content, script)
    assert [key for key, _ in script.refused] == ["review_pick", "review_pick"]
    assert finished.answers["age"] == 55


def test_back_at_a_reopened_question_returns_to_the_review_unchanged(content: Content) -> None:
    steps = [
        ("review_question", "change"),
        ("review_pick", "1"),
        ("age", BACK),
        ("review_question", "confirm"),
    ]
    script = Script(content, "self", safe_answers(content), steps)
    assert run(content, script).answers["age"] == 40


def test_back_from_the_review_reopens_the_last_question(content: Content) -> None:
    answers = safe_answers(content)
    last = list(answers)[-1]
    steps = [("review_question", BACK), (last, "reading"), ("review_question", "confirm")]
    answers = answers | {"activity_3_score": 2}
    script = Script(content, "self", answers, steps)
    finished = run(content, script)
    assert finished.answers[last] == "reading"
    assert finished.answers["activity_3_score"] == 2


# ── emergency stop (spec section 3) ──────────────────────────────────────────────────


def test_an_emergency_answer_shows_the_advice_at_once_and_stops(content: Content) -> None:
    answers = safe_answers(content) | {"bladder_change": "not_sure"}
    script = Script(content, "self", answers, [("emergency_question", "stop")])
    finished = run(content, script)
    assert script.asked[-1] == "emergency_question"
    assert script.asked[-2] == "bladder_change"
    emergency = [text for text, kind in script.shown if kind == "emergency"]
    outcome = content.outcomes["emergency"]
    assert len(emergency) == 1
    assert outcome.title in emergency[0] and outcome.next_step in emergency[0]
    assert content.rules[1].message in emergency[0]  # ces_bladder
    assert "bowel_change" not in finished.answers
    assert assess(content, finished.answers).level == "emergency"


def test_stopping_is_the_default(content: Content) -> None:
    answers = safe_answers(content) | {"saddle_numbness": "yes"}
    script = Script(content, "self", answers, [("emergency_question", "stop")])
    run(content, script)
    assert ("emergency_question", "stop") in script.defaults


def test_carrying_on_after_an_emergency_shows_it_once(content: Content) -> None:
    answers = confirm(safe_answers(content) | {"saddle_numbness": "yes"})
    script = Script(content, "self", answers, [("emergency_question", "continue")])
    finished = run(content, script)
    assert script.asked.count("emergency_question") == 1
    assert finished.answers == {k: v for k, v in answers.items() if k != "review_question"}


def test_a_second_emergency_rule_is_shown_when_it_fires(content: Content) -> None:
    answers = confirm(safe_answers(content) | {"saddle_numbness": "yes", "major_trauma": "yes"})
    steps = [("emergency_question", "continue"), ("emergency_question", "continue")]
    script = Script(content, "self", answers, steps)
    run(content, script)
    positions = [i for i, key in enumerate(script.asked) if key == "emergency_question"]
    assert [script.asked[i - 1] for i in positions] == ["saddle_numbness", "major_trauma"]


def test_emergency_detection_is_the_engines_even_for_combined_rules(content: Content) -> None:
    # infection_severe needs fever and severe pain: it fires at back_pain, not before.
    answers = safe_answers(content) | {"fever_unwell": "yes", "back_pain": 8}
    script = Script(content, "self", answers, [("emergency_question", "stop")])
    run(content, script)
    assert script.asked.count("emergency_question") == 1
    assert script.asked[-2] == "back_pain"


def test_going_back_from_the_emergency_to_change_the_answer(content: Content) -> None:
    steps = [
        ("saddle_numbness", "yes"),  # pressed by mistake
        ("emergency_question", BACK),
        ("saddle_numbness", "no"),
    ]
    script = Script(content, "self", confirm(safe_answers(content)), steps)
    finished = run(content, script)
    assert finished.answers["saddle_numbness"] == "no"
    assert assess(content, finished.answers).level == "may_suit"


# ── free text that may describe a warning sign (spec 4.6) ────────────────────────────


def wet_myself(content: Content) -> dict[str, Answer]:
    return safe_answers(content) | {
        "activity_1": "walking, but I wet myself",
        "activity_1_score": 3,
    }


def test_typed_words_of_a_warning_sign_ask_its_question_again_at_once(content: Content) -> None:
    script = Script(content, "self", confirm(wet_myself(content)))
    finished = run(content, script)
    typed_at = script.asked.index("activity_1")
    assert script.asked[typed_at + 1 : typed_at + 3] == ["bladder_change", "activity_1_score"]
    assert script.asked.count("bladder_change") == 2
    why = content.text(
        "interview.text_sign_again",
        term="wet myself",
        field=content.question_by_id["activity_1"].label,
    )
    assert (why, "warning") in script.shown
    # nothing is chosen for it: a habitual Enter does not keep the earlier No
    assert [d for name, d in script.defaults if name == "bladder_change"] == [None, None]
    assert finished.answers["bladder_change"] == "no"
    assessment = assess(content, finished.answers)
    assert [rule.id for rule in assessment.findings] == ["text_warning_sign"]  # the PT sees it


def test_a_yes_to_the_question_asked_again_shows_the_emergency_at_once(content: Content) -> None:
    steps = [
        ("bladder_change", "no"),
        ("bladder_change", "yes"),
        ("emergency_question", "stop"),
    ]
    script = Script(content, "self", wet_myself(content), steps)
    finished = run(content, script)
    assert script.asked[-3:] == ["activity_1", "bladder_change", "emergency_question"]
    assessment = assess(content, finished.answers)
    assert assessment.level == "emergency"
    assert "text_warning_sign" not in [rule.id for rule in assessment.findings]


def test_each_warning_sign_in_a_text_is_asked_again_in_the_sign_order(content: Content) -> None:
    answers = safe_answers(content) | {
        "activity_1": "walking: my other leg hurts and I need pads",
        "activity_1_score": 3,
    }
    script = Script(content, "self", confirm(answers), [])
    run(content, script)
    typed_at = script.asked.index("activity_1")
    assert script.asked[typed_at + 1 : typed_at + 4] == [
        "bladder_change",
        "both_legs_recent",
        "activity_1_score",
    ]


def test_words_of_a_sign_whose_emergency_was_shown_ask_nothing_again(content: Content) -> None:
    answers = wet_myself(content) | {"bladder_change": "yes"}
    steps = [("emergency_question", "continue")]
    script = Script(content, "self", confirm(answers), steps)
    run(content, script)
    assert script.asked.count("bladder_change") == 1


def test_a_text_without_warning_words_asks_nothing_again(content: Content) -> None:
    answers = safe_answers(content) | {"activity_1": "tennis", "activity_1_score": 3}
    script = Script(content, "self", confirm(answers))
    run(content, script)
    asked = [key for key in script.asked if key in content.question_by_id]
    assert asked == [q.id for q in applicable_answers(content, answers, "self")[1]]


def test_back_at_the_question_asked_again_returns_to_the_text(content: Content) -> None:
    steps = [
        ("bladder_change", "no"),
        ("bladder_change", BACK),
        ("activity_1", "walking"),
    ]
    script = Script(content, "self", confirm(wet_myself(content)), steps)
    finished = run(content, script)
    assert finished.answers["activity_1"] == "walking"
    assert script.asked.count("bladder_change") == 2
    assert "text_warning_sign" not in [r.id for r in assess(content, finished.answers).findings]


def test_a_review_edit_to_warning_words_asks_the_sign_again_then_the_review(
    content: Content,
) -> None:
    answers = safe_answers(content)
    steps = [
        ("review_question", "change"),
        ("review_pick", review_number(content, answers, "activity_2")),
        ("activity_2", "gardening, though both legs go numb"),
        ("activity_2_score", "4"),
        ("review_question", "confirm"),
    ]
    script = Script(content, "self", answers, steps)
    finished = run(content, script)
    edited = script.asked.index("review_pick")
    assert script.asked[edited + 1 :] == [
        "activity_2",
        "both_legs_recent",
        "activity_2_score",
        "review_question",
    ]
    assert finished.answers["activity_2_score"] == 4


# ── drafts: Ctrl-C, end of input, resume ─────────────────────────────────────────────


def test_ctrl_c_saves_a_private_draft_and_stops_with_130(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "self", safe_answers(content), [("bowel_change", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    assert stopped.value.exit_code == ExitCode.INTERRUPTED
    assert "run needlecheck again" in str(stopped.value)
    assert "\n" not in str(stopped.value)
    path = store.path("self", None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = json.loads(path.read_text("utf-8"))
    assert list(saved["answers"]) == ["age", "first_episode", "saddle_numbness", "bladder_change"]
    assert saved["mode"] == "self" and saved["content_version"] == content.content_version


@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_ctrl_c_after_an_urgent_answer_says_within_days_before_the_resume_hint(
    content: Content, store: DraftStore, mode: Mode
) -> None:
    answers = safe_answers(content, mode) | {"weight_loss": "yes"}  # urgent_review
    script = Script(content, mode, answers, [("fever_unwell", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    key = "interview.interrupted_urgent" + ("_clinician" if mode == "clinician" else "")
    assert stopped.value.before == content.text(key)
    assert "within the next few days" in stopped.value.before
    assert "\n" not in stopped.value.before
    assert "run needlecheck" in str(stopped.value)


def test_ctrl_c_without_an_urgent_answer_says_only_how_to_carry_on(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "self", safe_answers(content), [("fever_unwell", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    assert stopped.value.before == ""


def test_ctrl_c_after_carrying_on_past_an_emergency_repeats_where_to_go(
    content: Content, store: DraftStore
) -> None:
    answers = safe_answers(content) | {"bowel_change": "yes", "weight_loss": "yes"}
    steps = [("emergency_question", "continue"), ("fever_unwell", INTERRUPT)]
    with pytest.raises(Interrupted) as stopped:
        run(content, Script(content, "self", answers, steps), store=store)
    assert stopped.value.before == content.outcomes["emergency"].next_step


def test_end_of_input_saves_the_draft_too(content: Content, store: DraftStore) -> None:
    script = Script(content, "self", safe_answers(content), [("pain_areas", END_OF_INPUT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert store.exists("self", None)


def test_stopping_before_any_answer_saves_nothing(content: Content, store: DraftStore) -> None:
    script = Script(content, "self", {}, [("age", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    assert not store.directory.exists() or list(store.directory.iterdir()) == []
    assert str(stopped.value) == content.text("interview.interrupted_not_saved")


def interrupt_at(
    content: Content,
    store: DraftStore,
    question_id: str,
    mode: Mode = "self",
    ref: str | None = None,
) -> None:
    script = Script(content, mode, safe_answers(content, mode), [(question_id, INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store, ref=ref)


def test_the_next_run_offers_to_carry_on_where_it_stopped(
    content: Content, store: DraftStore
) -> None:
    interrupt_at(content, store, "weight_loss")
    answers = safe_answers(content)
    script = Script(content, "self", confirm(answers), [("resume_question", "resume")])
    finished = run(content, script, store=store)
    assert script.asked[:2] == ["resume_question", "weight_loss"]
    assert ("resume_question", "resume") in script.defaults  # carrying on is the default
    assert finished.answers == answers


def test_resume_and_restart_decide_without_asking(content: Content, store: DraftStore) -> None:
    interrupt_at(content, store, "weight_loss")
    script = Script(content, "self", safe_answers(content), [("night_pain", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store, policy=DraftPolicy.RESUME)
    assert script.asked[0] == "weight_loss"

    script = Script(content, "self", confirm(safe_answers(content)))
    run(content, script, store=store, policy=DraftPolicy.RESTART)
    assert script.asked[0] == "age"
    assert "resume_question" not in script.asked


@pytest.mark.parametrize(("mode", "ref"), [("self", None), ("clinician", "AB12")])
def test_restart_says_what_it_deletes_before_deleting_it(
    content: Content, store: DraftStore, mode: Mode, ref: str | None
) -> None:
    interrupt_at(content, store, "weight_loss", mode, ref)
    draft = store.load(content, mode, ref)
    assert draft is not None
    saved = content.date(draft.saved_at, long=True)
    kept_when_said: list[bool] = []

    class Watching(Script):
        def show(self, text: str, kind: TextKind = "plain") -> None:
            super().show(text, kind)
            if saved in text:
                kept_when_said.append(store.exists(mode, ref))

    script = Watching(content, mode, confirm(safe_answers(content, mode)))
    run(content, script, store=store, policy=DraftPolicy.RESTART, ref=ref)
    [said] = [text for text, _ in script.shown if saved in text]
    assert f"({len(draft.snapshot.answers)} answered)" in said
    assert said.startswith("Starting again (--restart): deleting")
    assert (ref or "your answers") in said
    assert kept_when_said == [True]  # said while the draft was still there
    assert script.asked[0] == "age"


def test_choosing_to_start_again_deletes_the_draft(content: Content, store: DraftStore) -> None:
    interrupt_at(content, store, "weight_loss")
    script = Script(content, "self", {}, [("resume_question", "restart"), ("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert not store.exists("self", None)


def test_resume_carries_on_where_back_had_led(content: Content, store: DraftStore) -> None:
    steps = [("bladder_change", BACK), ("saddle_numbness", INTERRUPT)]
    script = Script(content, "self", safe_answers(content), steps)
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    script = Script(content, "self", confirm(safe_answers(content)))
    run(content, script, store=store, policy=DraftPolicy.RESUME)
    assert script.asked[0] == "saddle_numbness"


def test_a_resumed_emergency_is_shown_again_at_once(content: Content, store: DraftStore) -> None:
    answers = safe_answers(content) | {"bowel_change": "yes"}
    steps = [("emergency_question", "continue"), ("sexual_change", INTERRUPT)]
    with pytest.raises(Interrupted):
        run(content, Script(content, "self", answers, steps), store=store)
    script = Script(content, "self", answers, [("emergency_question", "stop")])
    run(content, script, store=store, policy=DraftPolicy.RESUME)
    assert script.asked == ["emergency_question"]


def test_drafts_are_kept_per_mode(content: Content, store: DraftStore) -> None:
    interrupt_at(content, store, "weight_loss", mode="clinician")
    assert store.exists("clinician", None) and not store.exists("self", None)
    script = Script(content, "self", confirm(safe_answers(content)))
    run(content, script, store=store)
    assert "resume_question" not in script.asked


def test_a_damaged_draft_is_set_aside_with_a_reason(content: Content, store: DraftStore) -> None:
    store.directory.mkdir(parents=True)
    store.path("self", None).write_text("{not json", encoding="utf-8")
    script = Script(content, "self", {}, [("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert "cannot be used (the file is damaged)" in script.text_shown()
    assert not store.exists("self", None)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"content_version": "0"}, "the questions have changed"),
        ({"draft_format": 99}, "different version of needlecheck"),
        ({"answers": {"age": 400}}, "do not fit the current questions"),
        ({"history": "age"}, "damaged"),
    ],
)
def test_a_draft_that_no_longer_fits_is_not_used(
    content: Content, store: DraftStore, change: dict[str, object], reason: str
) -> None:
    interrupt_at(content, store, "weight_loss")
    record = json.loads(store.path("self", None).read_text("utf-8")) | change
    store.path("self", None).write_text(json.dumps(record), encoding="utf-8")
    script = Script(content, "self", {}, [("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert reason in script.text_shown()
    assert "400" not in script.text_shown()  # reasons never repeat an answer


def test_a_draft_that_cannot_be_written_is_said_once_and_the_interview_goes_on(
    content: Content, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    store = DraftStore(blocker / "needlecheck")
    script = Script(content, "self", confirm(safe_answers(content)))
    finished = run(content, script, store=store)
    assert finished.answers == safe_answers(content)
    warnings = [text for text, _ in script.shown if text.startswith("Your answers cannot be saved")]
    assert len(warnings) == 1


def test_without_a_store_nothing_is_saved(content: Content) -> None:
    script = Script(content, "self", safe_answers(content), [("weight_loss", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=None, policy=DraftPolicy.OFF)
    assert str(stopped.value) == content.text("interview.interrupted_not_saved")
    assert content.text("interview.no_draft") in script.text_shown()


#: Words that would promise stopped answers are kept, in each language.
KEPT_PROMISES = {"en": ("kept", "carry on later"), "es": ("se guardan", "seguir más tarde")}


@pytest.mark.parametrize("code", ["en", "es"])
@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_no_draft_never_promises_that_answers_are_kept(code: str, mode: Mode) -> None:
    content = load_content(code)
    script = Script(content, mode, safe_answers(content, mode), [("age", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=None, policy=DraftPolicy.OFF)
    said = (script.text_shown() + "\n" + str(stopped.value)).lower()
    assert [words for words in KEPT_PROMISES[code] if words in said] == []
    assert "Ctrl-C" in script.text_shown()  # how to stop is still said


def test_with_drafts_the_welcome_says_stopped_answers_are_kept(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "self", {}, [("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert "your answers are kept so you can carry on later" in script.text_shown()


def test_forget_removes_every_draft_and_names_them(content: Content, store: DraftStore) -> None:
    interrupt_at(content, store, "weight_loss")
    interrupt_at(content, store, "weight_loss", mode="clinician")
    interrupt_at(content, store, "weight_loss", mode="clinician", ref="AB/12")
    leftover = store.directory / ".draft-self.json.abc123.tmp"
    leftover.write_text("", encoding="utf-8")
    removed = store.forget()
    drafts = {store.path("self", None), store.path("clinician", None)}
    assert set(removed) == drafts | {store.path("clinician", "AB/12"), leftover}
    assert list(store.directory.iterdir()) == []
    assert store.forget() == []


def test_drafts_live_in_the_users_state_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in home_variables(tmp_path).items():
        monkeypatch.setenv(name, value)
    folder = state_directory()
    if os.name == "posix" and "darwin" not in os.uname().sysname.lower():
        assert folder == tmp_path / STATE_FOLDER
    assert not folder.exists()  # finding the folder creates nothing


# ── clinician mode ───────────────────────────────────────────────────────────────────


def test_clinician_mode_asks_about_the_caller_with_the_extras(
    content: Content, store: DraftStore
) -> None:
    answers = safe_answers(content, "clinician") | {"clinician_notes": "spoke to daughter"}
    script = Script(content, "clinician", confirm(answers))
    finished = run(content, script, store=store, ref="AB12")
    assert finished.answers["clinician_notes"] == "spoke to daughter"
    assert finished.ref == "AB12"
    questions = [key for key in script.asked if key in content.question_by_id]
    assert questions[-1] == "clinician_notes"
    needling = [q for q in questions if content.question_by_id[q].section == "needling"]
    assert needling[0] == "consent_capacity"
    shown = script.text_shown()
    assert content.text("interview.welcome_title_clinician") in shown
    assert content.section_by_id["red_flags"].intro_clinician in shown
    symptoms = content.section_by_id["symptoms"]
    assert symptoms.title_clinician in shown
    assert symptoms.title not in shown  # "Your symptoms" is not the PT's


def test_clinician_mode_marks_what_the_pt_reads_aloud(content: Content) -> None:
    script = Script(content, "clinician", confirm(safe_answers(content, "clinician")))
    run(content, script)
    saddle = content.question_by_id["saddle_numbness"]
    assert script.messages["saddle_numbness"] == content.text(
        "interview.read_aloud", question=saddle.prompt_self
    )  # worded to the caller, and marked as read aloud (spec 3.6 v2)
    consent = content.question_by_id["consent_capacity"]
    assert script.messages["consent_capacity"] == consent.prompt_clinician  # the PT's own
    assert "caller" in consent.prompt_clinician
    itself = Script(content, "self", confirm(safe_answers(content)))
    run(content, itself)
    assert itself.messages["saddle_numbness"] == saddle.prompt_self  # unmarked for a person


def test_a_clinician_draft_is_resumed_only_under_its_own_reference(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "clinician", safe_answers(content, "clinician"), [("age", "50")])
    script.steps.append(("weight_loss", INTERRUPT))
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store, ref="AB12")
    assert "--clinician" in str(stopped.value) and "--ref" in str(stopped.value)
    for other in ("CD34", None):  # another caller, or none: AB12's answers are not offered
        script = Script(content, "clinician", confirm(safe_answers(content, "clinician")))
        finished = run(content, script, store=store, ref=other)
        assert "resume_question" not in script.asked
        assert finished.answers["age"] != 50
        finished.discard_draft()
    assert store.exists("clinician", "AB12")  # the other callers left AB12's draft alone
    answers = confirm(safe_answers(content, "clinician"))
    script = Script(content, "clinician", answers, [("resume_question", "resume")])
    finished = run(content, script, store=store, ref="AB12")
    assert "for reference AB12, saved on" in script.messages["resume_question"]
    assert finished.ref == "AB12"
    assert finished.answers["age"] == 50


def test_a_draft_renamed_to_another_reference_is_not_used(
    content: Content, store: DraftStore
) -> None:
    interrupt_at(content, store, "weight_loss", mode="clinician", ref="AB12")
    store.path("clinician", "AB12").rename(store.path("clinician", "CD34"))
    script = Script(content, "clinician", confirm(safe_answers(content, "clinician")))
    run(content, script, store=store, ref="CD34")
    assert "resume_question" not in script.asked
    assert "another reference" in script.text_shown()


@pytest.mark.parametrize(
    ("response", "kept"), [("no", False), ("yes", True), (INTERRUPT, False), (END_OF_INPUT, False)]
)
def test_the_screening_is_kept_only_after_a_yes_at_the_end(
    content: Content, response: object, kept: bool
) -> None:
    script = Script(content, "self", confirm(safe_answers(content)), [("keep_question", response)])
    finished = Interview(content, "self", script, store=None).run(DraftPolicy.OFF)
    assert "keep_question" not in script.asked  # asked only after the result is shown
    assert finished.wants_to_keep() is kept
    assert script.defaults[-1] == ("keep_question", "no")


def test_forget_that_cannot_remove_a_draft_says_so_in_one_line(
    content: Content, store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from needlecheck.errors import OutputError
    from needlecheck.interview.cursor import Snapshot

    store.save(content, "self", Snapshot({}, (), reviewing=False), None)

    def refuse(self: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(OutputError, match=r"cannot remove .*draft.*Permission denied"):
        store.forget()


# ── the result after the interview ───────────────────────────────────────────────────


def show_result(
    content: Content, answers: dict[str, Answer], steps: Sequence[tuple[str, object]] = ()
) -> Script:
    """The interview's one-screen result for ``answers``, at 80×24."""
    from needlecheck.report.build import build_report

    script = Script(content, "self", confirm(answers), steps)
    finished = Interview(content, "self", script, store=None).run(DraftPolicy.OFF)
    report = build_report(content, assess(content, finished.answers))
    script.shown, script.pages, script.size = [], [], (80, 24)
    finished.show_result(report, lambda: "THE FULL REPORT", None)
    return script


def test_the_result_fits_one_screen_and_offers_the_full_report(content: Content) -> None:
    answers = safe_answers(content) | {
        "blood_thinners": "yes",
        "diabetes": "yes_poor_control_or_numb_feet",
        "metal_allergy": "yes",
        "lymphoedema": "not_sure",
        "vascular_disease": "yes",
        "epilepsy": "uncontrolled",
        "heart_valve": "yes",
        "implanted_device": "yes",
        "fainting_history": "yes",
        "bleeding_disorder": "yes",
        "skin_problem_area": "yes",
    }
    script = show_result(content, answers, [("full_report_question", "yes")])
    (lines,) = script.pages
    assert len(lines) <= 24 - 6  # room left for the two questions after it
    shown = " ".join(" ".join(line.split()) for line, _ in lines)
    report_title = content.outcomes[assess(content, answers).level].title
    assert report_title in shown
    assert content.text("interview.result_more", count=0).split("0")[0] in shown
    assert script.paged == ["THE FULL REPORT"]
    assert ("full_report_question", "no") in script.defaults


def test_the_full_report_is_not_opened_without_a_yes(content: Content) -> None:
    script = show_result(content, safe_answers(content), [("full_report_question", "no")])
    assert script.paged == []


def test_the_result_after_stop_here_says_what_was_not_asked_and_never_no_result(
    content: Content,
) -> None:
    answers: dict[str, Answer] = {"age": 40, "first_episode": "no", "saddle_numbness": "yes"}
    from needlecheck.report.build import build_report

    script = Script(content, "self", answers, [("emergency_question", "stop")], size=(80, 24))
    finished = Interview(content, "self", script, store=None).run(DraftPolicy.OFF)
    assessment = assess(content, finished.answers)
    script.pages = []
    finished.show_result(build_report(content, assessment), None, "report.md")
    shown = "\n".join(line for line, _ in script.pages[0])
    emergency = content.outcomes["emergency"]
    assert emergency.title in shown and " ".join(emergency.advice.split()[:4]) in shown
    not_asked = content.text("interview.result_not_asked", count=len(assessment.unanswered))
    assert " ".join(not_asked.split()) in " ".join(shown.split())
    missing = content.text("interview.result_missing", count=len(assessment.missing_safety))
    assert missing not in shown
    assert "no result" not in shown and "cannot give" not in shown
    assert "report.md" in shown
