"""Reading a condition from the content: a table of ``screening.toml`` checked against
the questions, definitions and rules it may refer to where it is written, and turned
into a condition tree (``conditions``). Any fault is a ``ConditionError`` naming it.
"""

from collections.abc import Mapping
from typing import NamedTuple

from needlecheck.model.conditions import (
    LIST_OPERATORS,
    NO_VALUE_OPERATORS,
    OPERATORS,
    ORDER_OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ConditionError,
    Fired,
    ModeIs,
    Ref,
    TextWarningSign,
)
from needlecheck.model.content import Question
from needlecheck.model.text_signs import TermPattern, TextSign


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
    if op in NO_VALUE_OPERATORS:
        if "value" in raw or "other" in raw:
            raise ConditionError(f"operator {op!r} takes no value")
        return Compare(qid, op)
    if "other" in raw:
        other = raw["other"]
        if "value" in raw or op not in ORDER_OPERATORS | {"=", "!="}:
            raise ConditionError("'other' is for comparing two answers, without a value")
        if not isinstance(other, str) or other not in scope.questions:
            raise ConditionError(f"refers to unknown question {other!r}")
        if scope.questions[other].type != question.type:
            raise ConditionError(f"cannot compare {qid!r} with {other!r}: different types")
        return Compare(qid, op, other=other)
    if "value" not in raw:
        raise ConditionError(f"operator {op!r} needs a value")
    value = raw["value"]
    if op in LIST_OPERATORS:
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
