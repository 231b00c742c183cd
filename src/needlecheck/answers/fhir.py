"""A FHIR R4 QuestionnaireResponse as an answers file (spec section 8).

Turns a response to needlecheck's Questionnaire (its own export, or what a forms tool
such as LHC-Forms returns) into the raw answers an answers file holds, so the usual
validation checks them. Items are found by ``linkId`` at any depth of groups, codings by
``code``, and the explicit "none of these" option is an empty list. Everything that
cannot be mapped is a problem listed like any other; a response to another
questionnaire is refused outright.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from needlecheck.errors import AnswersFileError
from needlecheck.model.answers import MODES
from needlecheck.model.content import Content, Problem, Question
from needlecheck.model.fhir_terms import NONE_CODE, code_system, questionnaire_url
from needlecheck.words import Words, say

RESOURCE_TYPE = "QuestionnaireResponse"
#: The value keys an answer may use for each needlecheck question type.
VALUE_KEYS = {
    "integer": "valueInteger",
    "choice": "valueCoding",
    "yes_no": "valueCoding",
    "multi": "valueCoding",
    "text": "valueString",
}


def is_fhir_resource(raw: Mapping[str, Any]) -> bool:
    return "resourceType" in raw


def answers_from_response(
    content: Content, resource: Mapping[str, Any], name: Words | str
) -> tuple[dict[str, object], list[Problem]]:
    """The raw answers of a QuestionnaireResponse, and every item that cannot be mapped.

    Raises ``AnswersFileError`` for a resource that is not a response to needlecheck.
    """
    kind = resource.get("resourceType")
    if kind != RESOURCE_TYPE:
        raise AnswersFileError(
            say("fhir_answers.not_a_response", name=name, kind=_short(kind), expected=RESOURCE_TYPE)
        )
    _check_questionnaire(content, resource.get("questionnaire"), name)
    raw: dict[str, object] = {}
    problems: list[Problem] = []
    # Scores a forms tool calculated are not answers: needlecheck works them out again.
    calculated = {score.id for score in content.scores} - set(content.question_by_id)
    for where, item in _items(resource.get("item", []), "item", problems):
        link = item.get("linkId")
        answers = item.get("answer", [])
        if not isinstance(link, str):
            problems.append(Problem(None, say("fhir_answers.no_link_id", where=where)))
            continue
        if not isinstance(answers, list):
            problems.append(
                Problem(link, say("fhir_answers.answer_not_list", where=where, field="'answer'"))
            )
            continue
        question = content.question_by_id.get(link)
        if not answers or link in calculated:
            continue  # a group, a display item, an unanswered question or a score
        if question is None:
            problems.append(Problem(link, say("answers.unknown_question")))
        elif link in raw:
            problems.append(Problem(link, say("fhir_answers.answered_twice")))
        else:
            value = _value(content, question, answers, problems)
            if value is not None:
                raw[link] = value
    return raw, problems


def _check_questionnaire(content: Content, canonical: object, name: Words | str) -> None:
    """One line refusing a response to any questionnaire but needlecheck's (any mode or
    content version: v1 answers stay valid)."""
    if canonical is None:
        return
    url = canonical.split("|", 1)[0] if isinstance(canonical, str) else None
    if url not in {questionnaire_url(content, mode) for mode in MODES}:
        raise AnswersFileError(
            say(
                "fhir_answers.other_questionnaire",
                name=name,
                given=_short(canonical),
                expected=questionnaire_url(content, "self"),
            )
        )


def _items(
    items: object, where: str, problems: list[Problem]
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every item with where it stands, groups and items nested in answers included."""
    if not isinstance(items, list):
        problems.append(Problem(None, say("fhir_answers.items_not_list", where=where)))
        return
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(None, say("fhir_answers.not_an_item", where=at)))
            continue
        yield at, item
        if "item" in item:
            yield from _items(item["item"], f"{at}.item", problems)
        for number, answer in enumerate(item.get("answer") or []):
            if isinstance(answer, dict) and "item" in answer:
                yield from _items(answer["item"], f"{at}.answer[{number}].item", problems)


def _value(
    content: Content, question: Question, answers: list[Any], problems: list[Problem]
) -> object:
    """One question's answers as an answers-file value, or None after adding problems."""
    expected = VALUE_KEYS[question.type]
    values = []
    for answer in answers:
        given = (
            [key for key in answer if key.startswith("value")] if isinstance(answer, dict) else []
        )
        if given != [expected]:
            shown: Words | str = ", ".join(given) or say("fhir_answers.no_value")
            problems.append(
                Problem(
                    question.id, say("fhir_answers.wrong_value", expected=expected, given=shown)
                )
            )
            return None
        value = answer[expected]
        if expected == "valueCoding":
            value = _code(content, question, value, problems)
            if value is None:
                return None
        values.append(value)
    if question.type != "multi":
        if len(values) > 1:
            problems.append(Problem(question.id, say("fhir_answers.too_many", count=len(values))))
            return None
        return values[0]
    if NONE_CODE in values:
        if len(values) > 1:
            problems.append(Problem(question.id, say("fhir_answers.none_with_others")))
            return None
        return []
    return values


def _code(
    content: Content, question: Question, coding: object, problems: list[Problem]
) -> str | None:
    if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
        problems.append(Problem(question.id, say("fhir_answers.no_code")))
        return None
    system = coding.get("system", code_system(content))
    if system != code_system(content):
        problems.append(
            Problem(question.id, say("fhir_answers.other_system", code=_short(coding["code"])))
        )
        return None
    code: str = coding["code"]
    return code


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
