"""FHIR R4 exports: the question bank as a Questionnaire, a screening's answers as a
QuestionnaireResponse, for loading into FHIR forms tools and health records.

Built as plain JSON: no FHIR library is needed at run time (the test suite validates
the output with ``fhir.resources``). Each mode has its own Questionnaire, because the
wording and the clinician-only questions differ. Question ids are the ``linkId``s and
option values the codes, so both resources use the public ids of the spec.

One difference in meaning: needlecheck shows a question whose show-if input is
unanswered, while FHIR ``enableWhen`` on an unanswered question is false. Forms tools
ask in order, so the input is always answered first there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from needlecheck.conditions import AllOf, AnyOf, Compare, Condition
from needlecheck.model import MAX_TEXT_LENGTH, Answer, Content, Mode, Question, Section
from needlecheck.report import Report

BASE_URL = "https://needlecheck.invalid/fhir"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_CODES = "http://hl7.org/fhir/questionnaire-item-control"

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


def questionnaire_url(mode: Mode) -> str:
    return f"{BASE_URL}/Questionnaire/{_questionnaire_id(mode)}"


def code_system(question_id: str) -> str:
    """The code system of one question's options: its values are the codes."""
    return f"{BASE_URL}/CodeSystem/{question_id}"


def render(report: Report) -> str:
    return _dump(questionnaire_response(report))


def render_questionnaire(content: Content, mode: Mode) -> str:
    return _dump(questionnaire(content, mode))


def questionnaire(content: Content, mode: Mode) -> dict[str, Any]:
    """The questions of one mode, grouped by section, as an R4 Questionnaire."""
    groups = []
    for section in content.sections:
        items = [_question_item(content, q, mode) for q in _questions_in(content, section, mode)]
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
                    "item": [intro, *items],
                }
            )
    return {
        "resourceType": "Questionnaire",
        "id": _questionnaire_id(mode),
        "url": questionnaire_url(mode),
        "version": content.content_version,
        "name": "NeedlecheckClinician" if mode == "clinician" else "Needlecheck",
        "title": content.text("questions.title"),
        "status": "active",
        "language": content.language,
        "subjectType": ["Patient"],
        "description": content.text("disclaimer"),
        "item": groups,
    }


def questionnaire_response(report: Report) -> dict[str, Any]:
    """The answers a screening used, in the structure of its mode's Questionnaire."""
    content, assessment = report.content, report.assessment
    groups = []
    for section in content.sections:
        items = [
            {"linkId": q.id, "text": q.prompt(assessment.mode), "answer": answers}
            for q in _questions_in(content, section, assessment.mode)
            if (answers := _answers(q, assessment.answers.get(q.id)))
        ]
        if items:
            groups.append(
                {"linkId": section.id, "text": section.title_for(assessment.mode), "item": items}
            )
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "language": content.language,
        "questionnaire": f"{questionnaire_url(assessment.mode)}|{content.content_version}",
        # An unanswered safety question leaves the screening open ("incomplete").
        "status": "in-progress" if assessment.missing_safety else "completed",
        "authored": report.created.isoformat(timespec="seconds"),
        "item": groups,
    }
    if report.ref:
        response["subject"] = {"display": report.ref}
    return response


def _questionnaire_id(mode: Mode) -> str:
    return "needlecheck-clinician" if mode == "clinician" else "needlecheck"


def _questions_in(content: Content, section: Section, mode: Mode) -> Iterator[Question]:
    return (q for q in content.questions if q.section == section.id and q.applies_in(mode))


def _question_item(content: Content, question: Question, mode: Mode) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.prompt(mode),
        "type": ITEM_TYPES[question.type],
        # What the interview insists on; "none" is a valid multi answer, text is optional.
        "required": question.type not in ("multi", "text"),
    }
    if question.type == "multi":
        item["repeats"] = True
    if question.type == "text":
        item["maxLength"] = MAX_TEXT_LENGTH
    if question.type == "integer":
        item["extension"] = [
            {"url": MIN_VALUE, "valueInteger": question.min},
            {"url": MAX_VALUE, "valueInteger": question.max},
        ]
    if question.options:
        item["answerOption"] = [
            {"valueCoding": _coding(question, option)} for option in question.options
        ]
    if question.show_if is not None:
        conditions, behaviour = _enable_when(content, question.show_if)
        item["enableWhen"] = conditions
        if len(conditions) > 1:
            item["enableBehavior"] = behaviour
    if question.help:
        item["item"] = [_help(question)]
    return item


def _help(question: Question) -> dict[str, Any]:
    """The hint under a question, as the SDC help item forms tools show on request."""
    control = {"coding": [{"system": ITEM_CONTROL_CODES, "code": "help"}]}
    return {
        "linkId": f"{question.id}.help",
        "type": "display",
        "text": question.help,
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
    }


def _enable_when(content: Content, condition: Condition) -> tuple[list[dict[str, Any]], str]:
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
    if compare.op in ("answered", "not_empty"):
        return [{"question": question.id, "operator": "exists", "answerBoolean": True}], "all"
    if compare.other is None and compare.op in OPERATORS:
        assert isinstance(compare.value, str | int)
        return [_check(question, OPERATORS[compare.op], compare.value)], "all"
    if compare.other is None and compare.op in LIST_OPERATORS:
        assert isinstance(compare.value, tuple)
        operator, behaviour = LIST_OPERATORS[compare.op]
        return [_check(question, operator, value) for value in compare.value], behaviour
    raise FhirError(f"cannot state {compare} in FHIR enableWhen")


def _check(question: Question, operator: str, value: str | int) -> dict[str, Any]:
    check: dict[str, Any] = {"question": question.id, "operator": operator}
    if isinstance(value, int):
        check["answerInteger"] = value
    elif question.options:
        check["answerCoding"] = {"system": code_system(question.id), "code": value}
    else:
        check["answerString"] = value
    return check


def _answers(question: Question, value: Answer | None) -> list[dict[str, Any]]:
    """A needlecheck answer as FHIR answers; none for an empty one (FHIR has no empty)."""
    if value is None:
        return []
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if isinstance(value, tuple):
        return [{"valueCoding": _coding(question, option)} for option in value]
    if question.type == "text":
        return [{"valueString": value}] if value.strip() else []
    return [{"valueCoding": _coding(question, value)}]


def _coding(question: Question, option: str) -> dict[str, str]:
    return {
        "system": code_system(question.id),
        "code": option,
        "display": question.option_labels[option],
    }


def _dump(resource: dict[str, Any]) -> str:
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
