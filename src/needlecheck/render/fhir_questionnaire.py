"""The question bank as a FHIR R4 Questionnaire that behaves in forms tools (SDC).

Built as plain JSON: no FHIR library is needed at run time (the test suite validates
the output with ``fhir.resources`` and fills it in LHC-Forms). Each mode has its own
Questionnaire, because the wording and the clinician-only questions differ. Question
ids are the ``linkId``s and option values the codes of needlecheck's one code system,
listed in the order shown (spec 3: "No" first).

What a forms tool gets beyond the questions: ``required`` exactly on the safety
questions; a warning shown at once after a red-flag answer that on its own is an
emergency; a "none of these" option on every multi question (an empty answer is an
answer); radio buttons and check boxes; and the scores that add up answers, calculated
live (SDC ``calculatedExpression``).

One difference in meaning: needlecheck shows a question whose show-if input is
unanswered, while FHIR ``enableWhen`` on an unanswered question is false. Forms tools
ask in order, so the input is always answered first there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from needlecheck.model.answers import Mode
from needlecheck.model.conditions import AllOf, AnyOf, Compare, Condition
from needlecheck.model.content import MAX_TEXT_LENGTH, Content, Question, Section
from needlecheck.model.fhir_terms import (
    NONE_CODE,
    emergency_warning,
    option_coding,
    questionnaire_id,
    questionnaire_url,
)
from needlecheck.model.logic import Rule, Score

HL7_EXTENSION = "http://hl7.org/fhir/StructureDefinition"
SDC_EXTENSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition"
MIN_VALUE = f"{HL7_EXTENSION}/minValue"
MAX_VALUE = f"{HL7_EXTENSION}/maxValue"
ITEM_CONTROL = f"{HL7_EXTENSION}/questionnaire-itemControl"
ITEM_CONTROL_CODES = "http://hl7.org/fhir/questionnaire-item-control"
OPTION_EXCLUSIVE = f"{HL7_EXTENSION}/questionnaire-optionExclusive"
VARIABLE = f"{HL7_EXTENSION}/variable"
CALCULATED = f"{SDC_EXTENSION}/sdc-questionnaire-calculatedExpression"
FHIRPATH = "text/fhirpath"
#: A choice with at most this many options is a row of radio buttons, not a drop-down.
SHORT_CHOICE = 5

#: needlecheck question type to FHIR item type (a multi question is a repeating choice).
ITEM_TYPES = {
    "integer": "integer",
    "choice": "choice",
    "yes_no": "choice",
    "multi": "choice",
    "text": "text",
}
#: needlecheck comparisons that FHIR ``enableWhen`` can state directly, as its operators.
OPERATORS = {"=": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "contains": "="}
#: Operators on a list of values: one ``enableWhen`` per value, joined by this behaviour.
LIST_OPERATORS = {"in": ("=", "any"), "contains_any": ("=", "any"), "not_in": ("!=", "all")}


class FhirError(ValueError):
    """A show-if condition that FHIR ``enableWhen`` cannot express."""


def render_questionnaire(content: Content, mode: Mode) -> str:
    return json.dumps(questionnaire(content, mode), indent=2, ensure_ascii=False) + "\n"


def questionnaire(content: Content, mode: Mode) -> dict[str, Any]:
    """The questions of one mode, grouped by section, as an R4 Questionnaire."""
    groups = []
    for section in content.sections:
        items = [
            item for q in questions_in(content, section, mode) for item in _items(content, q, mode)
        ]
        if items:
            intro = {
                "linkId": f"{section.id}.intro",
                "type": "display",
                "text": section.intro_for(mode),
            }
            groups.append(
                {
                    "linkId": section.id,
                    "type": "group",
                    "text": section.title_for(mode),
                    "item": [intro, *items, *_calculated_scores(content, section, mode)],
                }
            )
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(mode),
        "url": questionnaire_url(content, mode),
        "version": content.content_version,
        "name": "NeedlecheckClinician" if mode == "clinician" else "Needlecheck",
        "title": content.text("questions.title"),
        "status": "active",
        "language": content.language,
        "subjectType": ["Patient"],
        "description": content.text("disclaimer"),
        "item": groups,
    }


def questions_in(content: Content, section: Section, mode: Mode) -> Iterator[Question]:
    return (q for q in content.questions if q.section == section.id and q.applies_in(mode))


def emergency_rules(content: Content, question: Question) -> list[Rule]:
    """Emergency rules that this question's answer fires on its own."""
    return [
        rule
        for rule in content.rules
        if rule.level == "emergency"
        and isinstance(rule.when, Compare)
        and rule.when.question == question.id
    ]


def _items(content: Content, question: Question, mode: Mode) -> Iterator[dict[str, Any]]:
    """The question's item, then the warning of each emergency its answer fires alone,
    shown by the forms tool as soon as the answer is given."""
    yield _question_item(content, question, mode)
    for rule in emergency_rules(content, question):
        checks, behaviour = enable_when(content, rule.when)
        warning: dict[str, Any] = {
            "linkId": f"{question.id}.{rule.id}",
            "type": "display",
            "text": emergency_warning(content, rule),
            "enableWhen": checks,
        }
        if len(checks) > 1:
            warning["enableBehavior"] = behaviour
        yield warning


def _question_item(content: Content, question: Question, mode: Mode) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.prompt(mode),
        "type": ITEM_TYPES[question.type],
        # The spec's safety questions: without an answer the screening is incomplete.
        "required": question.safety,
    }
    if question.type == "multi":
        item["repeats"] = True
    if question.type == "text":
        item["maxLength"] = MAX_TEXT_LENGTH
    extensions = []
    if question.type == "integer":
        extensions += [
            {"url": MIN_VALUE, "valueInteger": question.min},
            {"url": MAX_VALUE, "valueInteger": question.max},
        ]
    control = _control(question)
    if control:
        extensions.append(_item_control(control))
    if extensions:
        item["extension"] = extensions
    if question.options:
        item["answerOption"] = [
            {"valueCoding": option_coding(content, question, option)}
            for option in question.shown_order
        ]
    if question.type == "multi":
        # An empty answer is an answer ("none"): a forms tool needs an option to say it.
        exclusive = {"url": OPTION_EXCLUSIVE, "valueBoolean": True}
        item["answerOption"].append(
            {
                "extension": [exclusive],
                "valueCoding": option_coding(content, question, NONE_CODE),
            }
        )
    if question.show_if is not None:
        conditions, behaviour = enable_when(content, question.show_if)
        item["enableWhen"] = conditions
        if len(conditions) > 1:
            item["enableBehavior"] = behaviour
    if question.help:
        item["item"] = [_help(question)]
    return item


def _control(question: Question) -> str | None:
    if question.type == "multi":
        return "check-box"
    if question.options and len(question.options) <= SHORT_CHOICE:
        return "radio-button"
    return None


def _item_control(code: str) -> dict[str, Any]:
    concept = {"coding": [{"system": ITEM_CONTROL_CODES, "code": code}]}
    return {"url": ITEM_CONTROL, "valueCodeableConcept": concept}


def _help(question: Question) -> dict[str, Any]:
    """The hint under a question, as the SDC help item forms tools show on request."""
    return {
        "linkId": f"{question.id}.help",
        "type": "display",
        "text": question.help,
        "extension": [_item_control("help")],
    }


def _calculated_scores(content: Content, section: Section, mode: Mode) -> list[dict[str, Any]]:
    """Read-only items for the scores worked out from several answers of this section,
    calculated by the forms tool as the answers come in (empty until they allow it)."""
    asked = {q.id for q in questions_in(content, section, mode)}
    return [
        _calculated_score(score)
        for score in content.scores
        if score.method != "value" and set(score.items) <= asked
    ]


def _calculated_score(score: Score) -> dict[str, Any]:
    links = " | ".join(f"'{item}'" for item in score.items)
    values = f"%resource.repeat(item).where(linkId in ({links})).answer.value"
    total = "%values.aggregate($this + $total, 0)"
    if score.method == "sum":  # null unless every item is answered
        expression = f"iif(%values.count() = {len(score.items)}, {total}, {{}})"
    else:  # the mean of the answered items, one decimal; null when none is answered
        expression = f"iif(%values.count() > 0, ({total} / %values.count()).round(1), {{}})"
    return {
        "linkId": score.id,
        "type": "integer" if score.method == "sum" else "decimal",
        "text": score.label,
        "readOnly": True,
        "extension": [
            {
                "url": VARIABLE,
                "valueExpression": {"name": "values", "language": FHIRPATH, "expression": values},
            },
            {
                "url": CALCULATED,
                "valueExpression": {"language": FHIRPATH, "expression": expression},
            },
        ],
    }


def enable_when(content: Content, condition: Condition) -> tuple[list[dict[str, Any]], str]:
    """A show-if as ``enableWhen`` items and their ``enableBehavior`` (all or any).

    FHIR has one level of all/any over simple comparisons; anything deeper raises
    ``FhirError`` (the content tests check that every show-if fits).
    """
    if isinstance(condition, AllOf | AnyOf):
        behaviour = "all" if isinstance(condition, AllOf) else "any"
        parts = condition.items
    else:
        behaviour, parts = "all", (condition,)
    checks: list[dict[str, Any]] = []
    for part in parts:
        if not isinstance(part, Compare):
            raise FhirError(f"cannot state {part} in FHIR enableWhen")
        part_checks, part_behaviour = _compare(content, part)
        if len(part_checks) > 1 and len(parts) > 1 and part_behaviour != behaviour:
            raise FhirError(f"cannot state {part} inside {behaviour!r} in FHIR enableWhen")
        if len(parts) == 1:
            behaviour = part_behaviour
        checks += part_checks
    return checks, behaviour


def _compare(content: Content, compare: Compare) -> tuple[list[dict[str, Any]], str]:
    question = content.question_by_id[compare.question]
    exists = {"question": question.id, "operator": "exists", "answerBoolean": True}
    if compare.op == "not_empty" and question.type == "multi":
        # "None of these" is an answer in FHIR but empty in needlecheck.
        return [exists, _check(content, question, "!=", NONE_CODE)], "all"
    if compare.op in ("answered", "not_empty"):
        return [exists], "all"
    if compare.other is None and compare.op in OPERATORS:
        assert isinstance(compare.value, str | int)
        return [_check(content, question, OPERATORS[compare.op], compare.value)], "all"
    if compare.other is None and compare.op in LIST_OPERATORS:
        assert isinstance(compare.value, tuple)
        operator, behaviour = LIST_OPERATORS[compare.op]
        checks = [_check(content, question, operator, value) for value in compare.value]
        return checks, behaviour
    raise FhirError(f"cannot state {compare} in FHIR enableWhen")


def _check(content: Content, question: Question, operator: str, value: str | int) -> dict[str, Any]:
    check: dict[str, Any] = {"question": question.id, "operator": operator}
    if isinstance(value, int):
        check["answerInteger"] = value
    elif question.options:
        check["answerCoding"] = option_coding(content, question, value)
    else:
        check["answerString"] = value
    return check
