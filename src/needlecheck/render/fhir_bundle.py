"""A screening and its result as a FHIR R4 Bundle (``--format fhir-bundle``), so that a
health record receives the outcome with the answers, not the answers alone.

The Bundle (type ``collection``) holds the QuestionnaireResponse of ``render.fhir``; a
RiskAssessment whose first prediction is the outcome level and then one prediction per
level of the findings that fired (the level as ``qualitativeRisk``, the rule ids as the
outcome's codings), the next step as ``mitigation`` and the screening-not-diagnosis line
as ``note``; and one Observation per score that has a value (SDC data extraction: a
standard code where the content names one, needlecheck's own code always), each
``derivedFrom`` the response. Built as plain JSON, like the other FHIR exports.
"""

from __future__ import annotations

import uuid
from typing import Any

from needlecheck.model.content import Content
from needlecheck.model.fhir_terms import coding, level_title, method_text, subject_display
from needlecheck.model.logic import Rule, Score
from needlecheck.render.fhir import dump, questionnaire_response
from needlecheck.report.build import Report

OBSERVATION_CATEGORIES = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"


def render(report: Report) -> str:
    return dump(bundle(report))


def bundle(report: Report) -> dict[str, Any]:
    """The response, the RiskAssessment based on it and the score Observations."""
    response_url = _new_url()
    entries = [
        (response_url, questionnaire_response(report)),
        (_new_url(), risk_assessment(report, response_url)),
        *((_new_url(), resource) for resource in observations(report, response_url)),
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _when(report),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def risk_assessment(report: Report, response_url: str) -> dict[str, Any]:
    content, assessment = report.content, report.assessment
    by_level: dict[str, list[Rule]] = {}
    for rule in assessment.findings:  # most severe first, so levels come in that order
        by_level.setdefault(rule.level, []).append(rule)
    predictions = [] if report.level in by_level else [_prediction(content, report.level, [])]
    predictions += [_prediction(content, level, rules) for level, rules in by_level.items()]
    return {
        "resourceType": "RiskAssessment",
        "status": "final",
        "subject": _subject(report),
        "occurrenceDateTime": _when(report),
        "method": {"text": method_text(content, report.needlecheck_version)},
        "basis": [{"reference": response_url}],
        "prediction": predictions,
        "mitigation": report.next_step,
        "note": [{"text": report.disclaimer}],
    }


def _prediction(content: Content, level: str, rules: list[Rule]) -> dict[str, Any]:
    """One level as the qualitative risk, and the findings that fired it as the outcome."""
    title = level_title(content, level)
    prediction: dict[str, Any] = {
        "qualitativeRisk": {"coding": [coding(content, level, title)], "text": title}
    }
    if rules:
        prediction["outcome"] = {
            "coding": [coding(content, rule.id, rule.summary) for rule in rules],
            "text": "; ".join(rule.summary for rule in rules),
        }
        prediction["rationale"] = " ".join(rule.message for rule in rules)
    return prediction


def observations(report: Report, response_url: str) -> list[dict[str, Any]]:
    """One Observation per score with a value; a score missing an item has none."""
    values = report.assessment.scores
    return [
        _observation(report, score, value, response_url)
        for score in report.content.scores
        if (value := values.get(score.id)) is not None
    ]


def _observation(
    report: Report, score: Score, value: int | float, response_url: str
) -> dict[str, Any]:
    content = report.content
    codings = [coding(content, score.id, score.label)]
    standard = content.fhir.score_codes.get(score.id)
    if standard is not None:
        codings.insert(0, standard._asdict())
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORIES, "code": "survey", "display": "Survey"}]}
        ],
        "code": {"coding": codings, "text": score.label},
        "subject": _subject(report),
        "effectiveDateTime": _when(report),
    }
    if isinstance(value, int):
        resource["valueInteger"] = value
    else:  # an average: a decimal, which R4 holds only as a quantity
        resource["valueQuantity"] = {"value": value, "system": UCUM, "code": "{score}"}
    resource["derivedFrom"] = [{"reference": response_url}]
    return resource


def _subject(report: Report) -> dict[str, str]:
    mode = report.assessment.mode
    return {"display": subject_display(report.content, mode, report.ref)}


def _when(report: Report) -> str:
    return report.created.isoformat(timespec="seconds")


def _new_url() -> str:
    return f"urn:uuid:{uuid.uuid4()}"
