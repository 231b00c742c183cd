"""A screening's answers as a FHIR R4 QuestionnaireResponse (``--format fhir``), in the
structure of its mode's Questionnaire (``render.fhir_questionnaire``), for forms tools
and health records; ``needlecheck screen --answers`` reads it back unchanged.

Built as plain JSON: no FHIR library is needed at run time (the test suite validates
the output with ``fhir.resources``). FHIR has no empty answer, so an empty multi answer
is the explicit "none of these" option, and an empty text is left out.
"""

from __future__ import annotations

import json
from typing import Any

from needlecheck import escaping
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content, Question
from needlecheck.model.fhir_terms import NONE_CODE, option_coding, questionnaire_url
from needlecheck.render.fhir_questionnaire import questions_in
from needlecheck.report.build import Report


def render(report: Report) -> str:
    return dump(questionnaire_response(report))


def questionnaire_response(report: Report) -> dict[str, Any]:
    """The answers a screening used, in the structure of its mode's Questionnaire."""
    content, assessment = report.content, report.assessment
    groups = []
    for section in content.sections:
        items = [
            {"linkId": q.id, "text": q.prompt(assessment.mode), "answer": answers}
            for q in questions_in(content, section, assessment.mode)
            if (answers := _answers(content, q, assessment.answers.get(q.id)))
        ]
        if items:
            groups.append(
                {"linkId": section.id, "text": section.title_for(assessment.mode), "item": items}
            )
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "language": content.language,
        "questionnaire": f"{questionnaire_url(content, assessment.mode)}|{content.content_version}",
        # The Questionnaire's required items are the safety questions: one unanswered
        # leaves the screening open ("incomplete").
        "status": "in-progress" if assessment.missing_safety else "completed",
        "authored": report.created.isoformat(timespec="seconds"),
        "item": groups,
    }
    if report.ref:
        response["subject"] = {"display": report.ref}
    return response


def dump(resource: dict[str, Any]) -> str:
    return escaping.json_text(json.dumps(resource, indent=2, ensure_ascii=False)) + "\n"


def _answers(content: Content, question: Question, value: Answer | None) -> list[dict[str, Any]]:
    """A needlecheck answer as FHIR answers; none for an empty text (FHIR has no empty)."""
    if value is None:
        return []
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if isinstance(value, tuple):
        chosen = value or (NONE_CODE,)
        return [{"valueCoding": option_coding(content, question, option)} for option in chosen]
    if question.type == "text":
        return [{"valueString": value}] if value else []
    return [{"valueCoding": option_coding(content, question, value)}]
