"""Compiling a condition tree (``conditions``) to a fast predicate: a function of the
answers and the context, called for every rule, feature and note of every assessment,
so each one is shaped for speed (``benchmarks/bench.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from needlecheck.model.answers import Answer, Answers
from needlecheck.model.conditions import (
    LIST_OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Context,
    Fired,
    ModeIs,
    Predicate,
    Ref,
    TextWarningSign,
)
from needlecheck.model.text_signs import searchable


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
