"""Conditions as data: the tree of a condition, and the walks over it.

A condition is a small tree (in the spirit of FHIR ``enableWhen``): comparisons on one
question, combined with all/any. It is never Python source and is never ``eval``-ed.
There is no general negation on purpose: a comparison on an unanswered question has a
fixed result (``missing``), and negation would flip it. ``condition_parser`` reads a
tree from the content; ``condition_compiler`` turns it into a fast predicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final, NamedTuple

from needlecheck.answer_types import Answer, Answers, Mode
from needlecheck.text_signs import TextSign, searchable

Scalar = str | int
Value = Scalar | tuple[Scalar, ...]

#: Operators and the question types they work on.
OPERATORS: Final[Mapping[str, frozenset[str]]] = {
    "=": frozenset({"integer", "choice", "yes_no", "text"}),
    "!=": frozenset({"integer", "choice", "yes_no", "text"}),
    "<": frozenset({"integer"}),
    "<=": frozenset({"integer"}),
    ">": frozenset({"integer"}),
    ">=": frozenset({"integer"}),
    "in": frozenset({"integer", "choice", "yes_no"}),
    "not_in": frozenset({"integer", "choice", "yes_no"}),
    "contains": frozenset({"multi"}),
    "not_contains": frozenset({"multi"}),
    "contains_any": frozenset({"multi"}),
    "count_at_least": frozenset({"multi"}),
    "answered": frozenset({"integer", "choice", "multi", "yes_no", "text"}),
    "not_empty": frozenset({"multi", "text"}),
}
#: Operators whose value is a list of values.
LIST_OPERATORS = frozenset({"in", "not_in", "contains_any"})
#: Operators that take no value.
NO_VALUE_OPERATORS = frozenset({"answered", "not_empty"})
#: Operators that order numbers.
ORDER_OPERATORS = frozenset({"<", "<=", ">", ">="})


# Condition nodes stay dataclasses: unlike NamedTuples they compare equal only to their
# own kind, so an "all" can never equal an "any" over the same items.
@dataclass(frozen=True, slots=True)
class Compare:
    question: str
    op: str
    value: Value | None = None
    other: str | None = None  # compare with another question's answer instead of a value


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Fired:
    rule: str
    fired: bool  # False: "did not fire"


@dataclass(frozen=True, slots=True)
class ModeIs:
    mode: Mode


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    condition: Condition


@dataclass(frozen=True, slots=True)
class TextWarningSign:
    """Words in one of ``fields`` may describe a sign whose emergency rule did not fire
    (spec 4.6). Only answers that apply reach a condition, so a hidden or other-mode
    question is never searched."""

    fields: tuple[str, ...]
    signs: tuple[TextSign, ...]
    #: Every sign's terms in one pattern: most text matches none, and is passed in one search.
    any_sign: re.Pattern[str]


Condition = Compare | AllOf | AnyOf | Fired | ModeIs | Ref | TextWarningSign


class Context(NamedTuple):
    """What a predicate may look at besides the answers (``fired`` grows as rules fire)."""

    mode: Mode
    fired: set[str]


Predicate = Callable[[Answers, Context], bool]


class ConditionError(ValueError):
    """A condition in the content is malformed; the message says what and where."""


def parts_of(condition: Condition) -> Iterator[Condition]:
    """The condition and every condition inside it, depth first: the one walk of a tree."""
    yield condition
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from parts_of(item)
    elif isinstance(condition, Ref):
        yield from parts_of(condition.condition)


def questions_in(condition: Condition) -> Iterator[str]:
    """Every question id a condition reads."""
    for part in parts_of(condition):
        if isinstance(part, Compare):
            yield part.question
            if part.other:
                yield part.other
        elif isinstance(part, TextWarningSign):
            yield from part.fields
            yield from (sign.question for sign in part.signs)


def text_checks_in(condition: Condition) -> Iterator[TextWarningSign]:
    """Every free-text search in a condition."""
    return (part for part in parts_of(condition) if isinstance(part, TextWarningSign))


class Guard(NamedTuple):
    """A question whose answer must be one of ``values`` for a condition to hold."""

    question: str
    values: frozenset[Scalar]


def guard_of(condition: Condition) -> Guard | None:
    """What must hold for ``condition`` to hold where a missing answer fails it (rules,
    features, notes), found at its start; None when nothing so simple is.

    Most rules are one answer among a few values, and most answer sets fire none of
    them: testing the guard inline rejects such a rule without calling its predicate.
    """
    while isinstance(condition, AllOf | Ref):
        condition = condition.items[0] if isinstance(condition, AllOf) else condition.condition
    if not isinstance(condition, Compare) or condition.other is not None:
        return None
    if condition.op == "in":
        assert isinstance(condition.value, tuple)
        return Guard(condition.question, frozenset(condition.value))
    if condition.op == "=":
        assert isinstance(condition.value, str | int)
        return Guard(condition.question, frozenset({condition.value}))
    return None


# ── Compiling to predicates ──────────────────────────────────────────────────────────


def compile_condition(condition: Condition, *, missing: bool) -> Predicate:
    """A fast predicate for a condition.

    ``missing`` is the result of a comparison whose question is unanswered: False in
    rules (a missing answer never fires a rule), True in show-ifs (an unanswered input
    counts as shown).
    """
    if isinstance(condition, AllOf):
        return _all_of(tuple(compile_condition(item, missing=missing) for item in condition.items))
    if isinstance(condition, AnyOf):
        return _any_of(tuple(compile_condition(item, missing=missing) for item in condition.items))
    if isinstance(condition, Ref):
        return compile_condition(condition.condition, missing=missing)
    if isinstance(condition, Fired):
        rule, wanted = condition.rule, condition.fired
        return lambda answers, context: (rule in context.fired) is wanted
    if isinstance(condition, ModeIs):
        mode = condition.mode
        return lambda answers, context: context.mode == mode
    if isinstance(condition, TextWarningSign):
        return _compile_text_warning_sign(condition)
    return _compile_compare(condition, missing)


def _compile_text_warning_sign(condition: TextWarningSign) -> Predicate:
    fields, signs, any_sign = condition.fields, condition.signs, condition.any_sign

    def text_may_describe_a_sign(answers: Answers, context: Context) -> bool:
        for field in fields:
            text = answers.get(field)
            if not isinstance(text, str) or not text:
                continue
            text = searchable(text)
            if any_sign.search(text) is None:
                continue
            for sign in signs:
                if sign.emergency_rule not in context.fired and sign.pattern.search(text):
                    return True
        return False

    return text_may_describe_a_sign


def _compile_compare(compare: Compare, missing: bool) -> Predicate:
    qid, other = compare.question, compare.other
    if other is not None:
        order = _pair_test(compare.op)

        def compare_two(answers: Answers, context: Context) -> bool:
            left, right = answers.get(qid), answers.get(other)
            if left is None or right is None:
                return missing
            return order(left, right)

        return compare_two

    # The two commonest operators test inline: a call saved per comparison is a large
    # share of an assessment (benchmarks/bench.py).
    if compare.op == "in":
        assert isinstance(compare.value, tuple)
        values = frozenset(compare.value)

        def answer_in(answers: Answers, context: Context) -> bool:
            value = answers.get(qid)
            return missing if value is None else value in values

        return answer_in
    if compare.op == "=":
        expected = compare.value

        def answer_equals(answers: Answers, context: Context) -> bool:
            value = answers.get(qid)
            return missing if value is None else value == expected

        return answer_equals

    test = _value_test(compare)

    def compare_one(answers: Answers, context: Context) -> bool:
        value = answers.get(qid)
        return missing if value is None else test(value)

    return compare_one


# Plain loops rather than all()/any() over a generator, which costs a frame per call.
def _all_of(parts: tuple[Predicate, ...]) -> Predicate:
    def all_hold(answers: Answers, context: Context) -> bool:
        for part in parts:  # noqa: SIM110
            if not part(answers, context):
                return False
        return True

    return all_hold


def _any_of(parts: tuple[Predicate, ...]) -> Predicate:
    def any_holds(answers: Answers, context: Context) -> bool:
        for part in parts:  # noqa: SIM110
            if part(answers, context):
                return True
        return False

    return any_holds


def _pair_test(op: str) -> Callable[[Answer, Answer], bool]:
    tests: dict[str, Callable[[Answer, Answer], bool]] = {
        "=": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        "<": lambda a, b: a < b,  # type: ignore[operator]
        "<=": lambda a, b: a <= b,  # type: ignore[operator]
        ">": lambda a, b: a > b,  # type: ignore[operator]
        ">=": lambda a, b: a >= b,  # type: ignore[operator]
    }
    return tests[op]


def _value_test(compare: Compare) -> Callable[[Answer], bool]:
    op, value = compare.op, compare.value
    if op == "answered":
        return lambda answer: True
    if op == "not_empty":
        return lambda answer: bool(answer.strip() if isinstance(answer, str) else answer)
    if op in LIST_OPERATORS:
        assert isinstance(value, tuple)
        values = frozenset(value)
        if op == "not_in":
            return lambda answer: answer not in values
        return lambda answer: not values.isdisjoint(answer)  # type: ignore[arg-type]
    if op == "count_at_least":
        assert isinstance(value, int)
        return lambda answer: len(answer) >= value  # type: ignore[arg-type]
    if op == "contains":
        return lambda answer: value in answer  # type: ignore[operator]
    if op == "not_contains":
        return lambda answer: value not in answer  # type: ignore[operator]
    if op == "!=":
        return lambda answer: answer != value
    assert isinstance(value, int)
    bound = value
    orders: dict[str, Callable[[Answer], bool]] = {
        "<": lambda answer: answer < bound,  # type: ignore[operator]
        "<=": lambda answer: answer <= bound,  # type: ignore[operator]
        ">": lambda answer: answer > bound,  # type: ignore[operator]
        ">=": lambda answer: answer >= bound,  # type: ignore[operator]
    }
    return orders[op]
