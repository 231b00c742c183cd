"""Conditions as data: parsed from content tables, checked, and compiled to fast predicates.

A condition is a small tree (in the spirit of FHIR ``enableWhen``): comparisons on one
question, combined with all/any. It is never Python source and is never ``eval``-ed.
There is no general negation on purpose: a comparison on an unanswered question has a
fixed result (``missing``), and negation would flip it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final, NamedTuple

from needlecheck.model import Answer, Answers, Mode, Question
from needlecheck.text_signs import TermPattern, TextSign, searchable

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
_LIST_OPERATORS = frozenset({"in", "not_in", "contains_any"})
_NO_VALUE_OPERATORS = frozenset({"answered", "not_empty"})
_ORDER_OPERATORS = frozenset({"<", "<=", ">", ">="})


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
    any_sign: TermPattern


Condition = Compare | AllOf | AnyOf | Fired | ModeIs | Ref | TextWarningSign


class Context(NamedTuple):
    """What a predicate may look at besides the answers (``fired`` grows as rules fire)."""

    mode: Mode
    fired: set[str]


Predicate = Callable[[Answers, Context], bool]


class ConditionError(ValueError):
    """A condition in the content is malformed; the message says what and where."""


# ── Parsing and checking ─────────────────────────────────────────────────────────────


class Scope(NamedTuple):
    """What a condition may refer to at the place it is written."""

    questions: Mapping[str, Question]
    definitions: Mapping[str, Condition]
    earlier_rules: frozenset[str] = frozenset()
    allow_rules: bool = False
    #: The terms of free text that may describe a warning sign (``[[text_signs]]``).
    text_signs: tuple[TextSign, ...] = ()


def parse(raw: object, scope: Scope) -> Condition:
    """Turn a content table into a checked condition. Raises ``ConditionError``."""
    if not isinstance(raw, dict):
        raise ConditionError(f"a condition must be a table, not {type(raw).__name__}")
    keys = set(raw)
    if keys in ({"all"}, {"any"}):
        items = raw.get("all", raw.get("any"))
        if not isinstance(items, list) or not items:
            raise ConditionError(f"'{next(iter(keys))}' needs a non-empty list of conditions")
        parsed = tuple(parse(item, scope) for item in items)
        return AllOf(parsed) if "all" in keys else AnyOf(parsed)
    if keys == {"ref"}:
        name = raw["ref"]
        if name not in scope.definitions:
            raise ConditionError(f"refers to unknown definition {name!r}")
        return Ref(name, scope.definitions[name])
    if keys in ({"fired"}, {"not_fired"}):
        (key,) = keys
        rule = raw[key]
        if not scope.allow_rules:
            raise ConditionError("only rules may depend on other rules")
        if rule not in scope.earlier_rules:
            raise ConditionError(f"refers to rule {rule!r}, which is not defined above it")
        return Fired(rule, fired=key == "fired")
    if keys == {"mode"}:
        if raw["mode"] not in ("self", "clinician"):
            raise ConditionError(f"unknown mode {raw['mode']!r}")
        return ModeIs(raw["mode"])
    if keys == {"text_warning_sign"}:
        return _parse_text_warning_sign(raw["text_warning_sign"], scope)
    if "question" in keys:
        return _parse_compare(raw, scope)
    raise ConditionError(f"not a condition: keys {sorted(keys)}")


def _parse_text_warning_sign(fields: object, scope: Scope) -> TextWarningSign:
    if not scope.allow_rules:
        raise ConditionError("'text_warning_sign' is for rules only")
    if not isinstance(fields, list) or not fields:
        raise ConditionError("'text_warning_sign' needs a non-empty list of text questions")
    for field in fields:
        if not isinstance(field, str) or field not in scope.questions:
            raise ConditionError(f"refers to unknown question {field!r}")
        if scope.questions[field].type != "text":
            raise ConditionError(f"'text_warning_sign' searches text questions; {field!r} is not")
    if not scope.text_signs:
        raise ConditionError("'text_warning_sign' needs [[text_signs]] with their terms")
    for sign in scope.text_signs:
        if sign.emergency_rule not in scope.earlier_rules:
            raise ConditionError(
                f"refers to rule {sign.emergency_rule!r}, which is not defined above it"
            )
    every_term = tuple(term for sign in scope.text_signs for term in sign.terms)
    return TextWarningSign(tuple(fields), scope.text_signs, TermPattern(every_term))


def _parse_compare(raw: dict[str, object], scope: Scope) -> Compare:
    extra = set(raw) - {"question", "op", "value", "other"}
    if extra:
        raise ConditionError(f"unexpected keys {sorted(extra)}")
    qid, op = raw["question"], raw.get("op")
    if not isinstance(qid, str) or qid not in scope.questions:
        raise ConditionError(f"refers to unknown question {qid!r}")
    question = scope.questions[qid]
    if not isinstance(op, str) or op not in OPERATORS:
        raise ConditionError(f"unknown operator {op!r} (known: {', '.join(OPERATORS)})")
    if question.type not in OPERATORS[op]:
        raise ConditionError(f"operator {op!r} does not work on {question.type} question {qid!r}")
    if op in _NO_VALUE_OPERATORS:
        if "value" in raw or "other" in raw:
            raise ConditionError(f"operator {op!r} takes no value")
        return Compare(qid, op)
    if "other" in raw:
        other = raw["other"]
        if "value" in raw or op not in _ORDER_OPERATORS | {"=", "!="}:
            raise ConditionError("'other' is for comparing two answers, without a value")
        if not isinstance(other, str) or other not in scope.questions:
            raise ConditionError(f"refers to unknown question {other!r}")
        if scope.questions[other].type != question.type:
            raise ConditionError(f"cannot compare {qid!r} with {other!r}: different types")
        return Compare(qid, op, other=other)
    if "value" not in raw:
        raise ConditionError(f"operator {op!r} needs a value")
    value = raw["value"]
    if op in _LIST_OPERATORS:
        if not isinstance(value, list) or not value:
            raise ConditionError(f"operator {op!r} needs a non-empty list of values")
        for item in value:
            _check_value(question, item, op)
        return Compare(qid, op, value=tuple(value))
    if op == "count_at_least":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConditionError("'count_at_least' needs a whole number of at least 1")
        return Compare(qid, op, value=value)
    _check_value(question, value, op)
    assert isinstance(value, str | int)
    return Compare(qid, op, value=value)


def _check_value(question: Question, value: object, op: str) -> None:
    if question.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConditionError(f"{question.id!r} is a number; {value!r} is not")
        return
    if question.type == "text":
        if not isinstance(value, str):
            raise ConditionError(f"{question.id!r} is text; {value!r} is not")
        return
    if value not in question.options:
        raise ConditionError(
            f"{value!r} is not an option of {question.id!r} ({', '.join(question.options)})"
        )


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
    if op in _LIST_OPERATORS:
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
