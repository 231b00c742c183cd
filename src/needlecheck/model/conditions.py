"""Conditions as data: the tree of a condition, and the walks over it.

A condition is a small tree (in the spirit of FHIR ``enableWhen``): comparisons on one
question, combined with all/any. It is never Python source and is never ``eval``-ed.
There is no general negation on purpose: a comparison on an unanswered question has a
fixed result (``missing``), and negation would flip it. ``condition_parser`` reads a
tree from the content; ``condition_compiler`` turns it into a fast predicate.
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Final, NamedTuple

from needlecheck.model.answers import Answers, Mode
from needlecheck.model.text_signs import TermPattern, TextSign
from needlecheck.records import Record

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


# Condition nodes are records (``needlecheck.records``), walked by kind (isinstance).
# Two are equal when of one kind with equal fields: as tuples an "all" would equal an
# "any" over the same items.
class Compare(Record):
    question: str
    op: str
    value: Value | None = None
    other: str | None = None  # compare with another question's answer instead of a value


class AllOf(Record):
    items: "tuple[Condition, ...]"


class AnyOf(Record):
    items: "tuple[Condition, ...]"


class Fired(Record):
    rule: str
    fired: bool  # False: "did not fire"


class ModeIs(Record):
    mode: Mode


class Ref(Record):
    name: str
    condition: "Condition"


class TextWarningSign(Record):
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
