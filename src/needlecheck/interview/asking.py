"""How one question is put to the person: its wording for the mode, how to answer it
(the y and n keys, a scale's digits, Back), and a typed answer read as an answers file
would read it (``Question.parse``), refused in a sentence that says what to type.

Pure: wording in, wording out; the prompts are the flow's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from needlecheck.interview import notes
from needlecheck.interview.prompter import BACK_KEY, BACK_WORD, Option, answer_keys
from needlecheck.model.answers import MODES
from needlecheck.model.content import MAX_TEXT_LENGTH

if TYPE_CHECKING:
    from needlecheck.model.answers import Answer, Mode
    from needlecheck.model.content import AnswerError, Content, Question

WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def message(question: Question, mode: Mode, words: Callable[..., str]) -> str:
    """The question as shown. In clinician mode a question everyone is asked is read
    aloud to the caller as worded, so it speaks to them ("Have you…?") and says so;
    a clinician-only one is the PT's own and speaks of the caller (spec 3.6 v2)."""
    if mode != "clinician":
        return question.prompt_self
    if question.modes == frozenset(MODES):
        return words("interview.read_aloud", question=question.prompt_self)
    return question.prompt_clinician


def choose_instruction(
    content: Content, options: Sequence[Option], words: Callable[..., str]
) -> str:
    """How to answer a list, naming the y and n keys where this list has them."""
    keys = [
        words("interview.key_for", letter=key.letters[0], label=option.label)
        for key in answer_keys(content)
        for option in options
        if option.value in key.values
    ]
    if not keys:
        return words("interview.choose_instruction")
    return words("interview.choose_instruction_keys", keys=", ".join(keys))


def scale_digits(question: Question) -> str:
    """The digits that can answer a scale at once: those of a scale whose every value is
    one digit (0-6), so a digit can never be the start of another."""
    if question.type != "integer":
        return ""
    if question.min is None or question.max is None or question.max > 9:
        return ""
    return "".join(str(value) for value in range(max(question.min, 0), question.max + 1))


def typed_instruction(
    content: Content,
    question: Question,
    words: Callable[..., str],
    *,
    at_once_keys: str,
    can_go_back: bool,
) -> str:
    """How to answer a typed question: its digits, the numbers allowed, or typing; and
    the word for Back where there is a question to go back to."""
    if at_once_keys:
        instruction = words(
            "interview.digit_instruction", low=at_once_keys[0], high=at_once_keys[-1]
        )
    elif question.type == "integer":
        instruction = words("interview.number_instruction", allowed=content.allowed(question))
    elif question.report_notes:  # several lines (notes.py)
        instruction = notes.instruction(words)
    else:
        instruction = words("interview.text_instruction")
    if can_go_back:
        instruction += " " + words("interview.back_instruction", word=BACK_WORD)
    return instruction


def parse_typed(question: Question, typed: str) -> Answer:
    """A typed answer through the same check as an answers file (``Question.parse``):
    raises its ``AnswerError``."""
    text = typed.strip()
    if question.type != "integer":
        return question.parse(text)
    return question.parse(int(text) if WHOLE_NUMBER.fullmatch(text) else text)


def refusal(
    content: Content, question: Question, error: AnswerError, words: Callable[..., str]
) -> str:
    """Why a typed answer is refused, as a sentence to the person; ``error`` is worded for
    whoever writes an answers file ("expected a whole number…, got text")."""
    if question.type == "integer":
        return words("interview.type_number", allowed=content.allowed(question))
    if error.words.key == "answers.too_long":
        length = error.words.values["length"]
        return words("interview.text_too_long", length=length, max=MAX_TEXT_LENGTH)
    return words("interview.text_invalid_character")


def back_key_hint(typed: str, words: Callable[..., str]) -> str | None:
    """The list's Back key typed alone where Back takes a word: say the word."""
    if typed.strip().lower() == BACK_KEY:
        return words("interview.back_instruction", word=BACK_WORD)
    return None
