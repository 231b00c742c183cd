"""Typed screening content: the whole (``Content``), its sections and questions, and the
checking of answers against them.

The content itself is data (see ``content/``); ``loading`` turns it into these types,
the logic's parts (levels, rules, scores) in ``logic`` and the wording's
(outcomes, sources, ``about``) in ``wording``. No I/O, no user-interface library.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from needlecheck.model.answers import MODES, Answer, Mode
from needlecheck.records import Record
from needlecheck.words import WordedError, Words, say, word

if TYPE_CHECKING:
    from datetime import datetime

    from needlecheck.model.conditions import Condition, Predicate
    from needlecheck.model.logic import Contradiction, Feature, FeatureGroup, Note, Rule, Score
    from needlecheck.model.text_signs import TextSign
    from needlecheck.model.wording import (
        About,
        EmergencyContact,
        FhirIdentity,
        Outcome,
        SafetyNet,
        Source,
    )


QuestionType = Literal["integer", "choice", "multi", "yes_no", "text"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("integer", "choice", "multi", "yes_no", "text")
YES_NO_OPTIONS = ("yes", "no", "not_sure")
#: Option values that mean the person did not know (principle 3: never read as safe).
UNSURE_VALUES = frozenset({"not_sure", "unsure"})
#: Longest free-text answer accepted; longer text is an input error, not silently cut.
MAX_TEXT_LENGTH = 500

# The types below are records (``needlecheck.records``): as immutable as a NamedTuple or
# a frozen dataclass, without the code those generate for each class at every start.


class Section(Record):
    id: str
    always_asked: bool
    title: str
    title_clinician: str
    intro: str
    intro_clinician: str

    def title_for(self, mode: Mode) -> str:
        return self.title_clinician if mode == "clinician" else self.title

    def intro_for(self, mode: Mode) -> str:
        return self.intro_clinician if mode == "clinician" else self.intro


class Question(Record):
    id: str
    section: str
    type: QuestionType
    label: str
    prompt_self: str
    prompt_clinician: str
    help: str = ""
    options: tuple[str, ...] = ()
    #: The same options in the order they are shown (spec 3, v2: "No" first everywhere);
    #: answers files and JSON keep ``options``' order.
    shown_order: tuple[str, ...] = ()
    option_labels: Mapping[str, str] = MappingProxyType({})
    min: int | None = None
    max: int | None = None
    safety: bool = False
    modes: frozenset[Mode] = frozenset(MODES)
    show_if: Condition | None = None
    is_shown: Predicate | None = None
    #: Its answer is printed in the report as the clinician's notes (``report_notes``).
    report_notes: bool = False

    def prompt(self, mode: Mode) -> str:
        return self.prompt_clinician if mode == "clinician" else self.prompt_self

    def applies_in(self, mode: Mode) -> bool:
        return mode in self.modes

    def allowed(self) -> str:
        """What this question accepts, in words of the chosen language."""
        return word(self.allowed_words())

    def allowed_words(self) -> Words:
        """What this question accepts (``[ui.allowed]``), for error messages."""
        if self.type == "integer":
            return say("allowed.integer", min=self.min, max=self.max)
        if self.type == "text":
            return say("allowed.text", length=MAX_TEXT_LENGTH)
        key = "allowed.multi" if self.type == "multi" else "allowed.choice"
        return say(key, options=", ".join(self.options))

    def parse(self, raw: object) -> Answer:
        """Check one raw answer (as read from JSON or TOML) and return it in canonical form.

        Raises ``AnswerError`` (a ``ValueError``) with the reason as ``Words``; the caller
        adds the question id.
        """
        if self.type == "integer":
            # bool is an int subclass: JSON true must not pass as 1.
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise self._problem("answers.expected", given=_describe(raw))
            assert self.min is not None and self.max is not None
            if not self.min <= raw <= self.max:
                raise self._problem("answers.out_of_range", value=raw)
            return raw
        if self.type == "text":
            if not isinstance(raw, str):
                raise self._problem("answers.expected", given=_describe(raw))
            if len(raw) > MAX_TEXT_LENGTH:
                raise self._problem("answers.too_long", length=len(raw))
            if _has_lone_surrogate(raw):  # no text can hold one: JSON "\ud800" alone
                raise self._problem("answers.invalid_character")
            return raw
        if self.type == "multi":
            if not isinstance(raw, list | tuple):
                raise self._problem("answers.expected", given=_describe(raw))
            unknown = [v for v in raw if not isinstance(v, str) or v not in self.options]
            if unknown:
                shown = ", ".join(_short(v) for v in unknown)
                raise self._problem("answers.unknown_option", options=shown)
            if len(set(raw)) != len(raw):
                raise AnswerError("answers.listed_twice")
            # Canonical order is the content's order, so equal answers compare equal.
            chosen = set(raw)
            return tuple(option for option in self.options if option in chosen)
        if not isinstance(raw, str):
            raise self._problem("answers.expected", given=_describe(raw))
        if raw not in self.options:
            raise self._problem("answers.not_an_option", value=_short(raw))
        return raw

    def _problem(self, key: str, **values: object) -> AnswerError:
        """Problem ``key`` with what this question accepts (rare: worded only then)."""
        return AnswerError(key, allowed=self.allowed_words(), **values)

    def format_answer(self, value: Answer | None, *, none_label: str, missing: str) -> str:
        """An answer in words, as a person reads it."""
        if value is None:
            return missing
        if isinstance(value, tuple):
            return ", ".join(self.option_labels[v] for v in value) if value else none_label
        if isinstance(value, int):
            return str(value)
        if self.type == "text":
            return value
        return self.option_labels[value]


class Content(Record):
    """The whole screening content in one language, validated."""

    content_version: str
    language: str
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    feature_groups: tuple[FeatureGroup, ...]
    features: tuple[Feature, ...]
    notes: tuple[Note, ...]
    scores: tuple[Score, ...]
    sources: Mapping[str, Source]
    outcomes: Mapping[str, Outcome]
    safety_net: SafetyNet
    fhir: FhirIdentity
    about: About
    emergency: EmergencyContact
    ui: Mapping[str, str]
    question_by_id: Mapping[str, Question]
    section_by_id: Mapping[str, Section]
    #: Terms of free text that may describe a warning sign, in the spec's sign order.
    text_signs: tuple[TextSign, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()

    def text(self, key: str, **values: object) -> str:
        """Interface wording from the text file, with its {placeholders} filled in."""
        if not values:
            return self.ui[key]
        return word(Words(key, values), self.ui)

    def say(self, message: Words | str) -> str:
        """A message (``Words``) in this content's language."""
        return word(message, self.ui)

    def allowed(self, question: Question) -> str:
        """What ``question`` accepts, in this language (``[ui.allowed]``)."""
        return self.say(question.allowed_words())

    def date(self, moment: datetime, *, long: bool = False) -> str:
        """A date and time as this language writes it (``[ui.dates]``), in local time:
        a report may have been written with another offset (another machine, UTC)."""
        moment = moment.astimezone()
        return self.text(
            "dates.long" if long else "dates.short",
            year=moment.year,
            month=moment.month,
            month_name=self.ui[f"dates.month_{moment.month}"],
            day=moment.day,
            hour=moment.hour,
            minute=moment.minute,
        )


class AnswerError(WordedError, ValueError):
    """An answer a question does not accept; ``words`` says why (``[ui.answers]``)."""


class Problem(Record):
    """One thing wrong with an answers file."""

    question_id: str | None
    message: Words

    def words(self) -> Words:
        """The problem as one line: the question's id, then what is wrong."""
        if self.question_id is None:
            return self.message
        return say("answers.problem", question=self.question_id, problem=self.message)

    def __str__(self) -> str:
        return word(self.words())


def validate_answers(
    content: Content, raw: Mapping[str, object]
) -> tuple[dict[str, Answer], list[Problem]]:
    """Check every raw answer; return the clean answers and every problem found.

    A missing question is not a problem (spec section 3): ``incomplete`` deals with it.
    """
    answers: dict[str, Answer] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        question = content.question_by_id.get(key)
        if question is None:
            # Suggesting a close match is slow; a few suggestions are all anyone reads.
            suggest = len(problems) < 20
            problems.append(Problem(key, _unknown_question(key, content, suggest=suggest)))
            continue
        try:
            answers[key] = question.parse(value)
        except AnswerError as error:
            problems.append(Problem(key, error.words))
    return answers, problems


def _unknown_question(key: str, content: Content, *, suggest: bool) -> Words:
    import difflib  # only on this error path

    close = difflib.get_close_matches(key, list(content.question_by_id), n=1) if suggest else []
    if close:
        return say("answers.unknown_question_close", close=repr(close[0]))
    return say("answers.unknown_question")


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: What a raw value is, in words (``[ui.answers]``), by its type.
_KINDS: Mapping[type, str] = {
    bool: "answers.kind_bool",
    int: "answers.kind_number",
    float: "answers.kind_decimal",
    str: "answers.kind_text",
    list: "answers.kind_list",
    dict: "answers.kind_table",
}


def _describe(value: object) -> Words | str:
    key = _KINDS.get(type(value))
    kind: Words | str = type(value).__name__ if key is None else say(key)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return say("answers.kind_value", kind=kind, value=_short(value))
    return kind
