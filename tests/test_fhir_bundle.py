"""The FHIR Bundle (``--format fhir-bundle``) validates against FHIR R4 (``fhir.resources``
R4B, and a structural check of what the library leaves open: references, code systems,
codes), and says what needlecheck's own report says: outcome, findings and scores."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from needlecheck.answers.files import read_answers
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Mode
from needlecheck.model.fhir_terms import NONE_CODE, code_system
from needlecheck.model.logic import LEVELS
from needlecheck.render.fhir import questionnaire_response
from needlecheck.render.fhir_bundle import bundle
from needlecheck.report.build import Report
from needlecheck.report.json_contract import report_dict
from render_views import report_for
from strategies import answer_sets

r4 = {
    name: pytest.importorskip(f"fhir.resources.R4B.{name.lower()}")
    for name in ("Bundle", "QuestionnaireResponse", "RiskAssessment", "Observation")
}

CONTENT = load_content()
MODES: tuple[Mode, ...] = ("self", "clinician")
LOINC = "http://loinc.org"
#: Every code of needlecheck's code system: option values, levels, rule ids, score ids.
KNOWN_CODES = (
    {option for q in CONTENT.questions for option in q.options}
    | {NONE_CODE}
    | set(LEVELS)
    | {rule.id for rule in CONTENT.rules}
    | {score.id for score in CONTENT.scores}
)


def _codings(value: object) -> list[dict[str, Any]]:
    """Every Coding anywhere in a resource."""
    if isinstance(value, list):
        return [c for item in value for c in _codings(item)]
    if not isinstance(value, dict):
        return []
    own = [value] if "code" in value and "system" in value else []
    return own + [c for item in value.values() for c in _codings(item)]


def _references(value: object) -> list[str]:
    if isinstance(value, list):
        return [r for item in value for r in _references(item)]
    if not isinstance(value, dict):
        return []
    own = [value["reference"]] if isinstance(value.get("reference"), str) else []
    return own + [r for item in value.values() for r in _references(item)]


def _check_bundle(report: Report, resource: dict[str, Any]) -> None:
    """Valid R4 as a whole and entry by entry, references resolved, codes known."""
    r4["Bundle"].Bundle.model_validate(resource)
    assert resource["type"] == "collection"
    urls = [entry["fullUrl"] for entry in resource["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("urn:uuid:") for url in urls)
    for entry in resource["entry"]:
        kind = entry["resource"]["resourceType"]
        getattr(r4[kind], kind).model_validate(entry["resource"])
        for reference in _references(entry["resource"]):
            assert reference in urls, f"{kind} refers to {reference}, not in the Bundle"
    for coding in _codings(resource):
        if coding["system"] == code_system(CONTENT):
            assert coding["code"] in KNOWN_CODES
            assert coding["version"] == CONTENT.content_version
    kinds = [entry["resource"]["resourceType"] for entry in resource["entry"]]
    observations = len([s for s in report.assessment.scores.values() if s is not None])
    assert kinds == ["QuestionnaireResponse", "RiskAssessment", *["Observation"] * observations]


def _risk(resource: dict[str, Any]) -> dict[str, Any]:
    risk: dict[str, Any] = resource["entry"][1]["resource"]
    return risk


def _levels_and_rules(risk: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (
            prediction["qualitativeRisk"]["coding"][0]["code"],
            [c["code"] for c in prediction.get("outcome", {}).get("coding", [])],
        )
        for prediction in risk["prediction"]
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(MODES))
def test_bundle_validates_and_says_what_the_report_says(data: st.DataObject, mode: Mode) -> None:
    report = report_for(CONTENT, data.draw(answer_sets(CONTENT, mode)), mode, None)
    resource = bundle(report)
    _check_bundle(report, resource)
    response = resource["entry"][0]["resource"]
    assert response == questionnaire_response(report)
    risk = _risk(resource)
    assert risk["basis"] == [{"reference": resource["entry"][0]["fullUrl"]}]
    assert risk["mitigation"] == report.next_step
    assert risk["note"] == [{"text": report.disclaimer}]
    # First the outcome level (on its own when no finding has it: incomplete, may_suit),
    # then each level of the findings, most severe first, with its rule ids.
    levels = _levels_and_rules(risk)
    assert levels[0][0] == report.level
    expected: dict[str, list[str]] = {}
    for rule in report.assessment.findings:
        expected.setdefault(rule.level, []).append(rule.id)
    assert [entry for entry in levels if entry[1]] == list(expected.items())
    assert len(levels) == len(expected) + (report.level not in expected)
    scores = report_dict(report)["scores"]
    for entry in resource["entry"][2:]:
        observation = entry["resource"]
        assert observation["derivedFrom"] == [{"reference": resource["entry"][0]["fullUrl"]}]
        (own,) = [c for c in observation["code"]["coding"] if c["system"] == code_system(CONTENT)]
        value = observation.get("valueInteger", observation.get("valueQuantity", {}).get("value"))
        assert value == scores.pop(own["code"])
        # A standard code only where the content names one that means the same.
        standard = [c for c in observation["code"]["coding"] if c is not own]
        assert standard == [s._asdict() for s in [CONTENT.fhir.score_codes.get(own["code"])] if s]
    assert all(value is None for value in scores.values()), "a score with a value is missing"


@pytest.mark.parametrize("score", ["leg_pain", "back_pain"])
def test_pain_ratings_carry_the_loinc_code(score: str) -> None:
    answers = read_answers(CONTENT, str(EXAMPLES / "runner-right-buttock.json"))
    resource = bundle(report_for(CONTENT, answers))
    (observation,) = [
        e["resource"]
        for e in resource["entry"][2:]
        if score in {c["code"] for c in e["resource"]["code"]["coding"]}
    ]
    loinc = observation["code"]["coding"][0]
    assert (loinc["system"], loinc["code"]) == (LOINC, "72514-3")
    assert observation["valueInteger"] == answers[score]


def test_an_emergency_travels_as_the_first_prediction() -> None:
    answers = read_answers(CONTENT, str(EXAMPLES / "emergency-bladder.json"))
    report = report_for(CONTENT, answers)
    risk = _risk(bundle(report))
    level, rules = _levels_and_rules(risk)[0]
    assert level == "emergency"
    assert "ces_bladder" in rules
    assert risk["prediction"][0]["qualitativeRisk"]["text"] == report.title


def test_each_export_gets_new_entry_ids() -> None:
    answers = read_answers(CONTENT, str(EXAMPLES / "runner-right-buttock.json"))
    report = report_for(CONTENT, answers)
    first, second = (json.dumps(bundle(report)) for _ in range(2))
    assert first != second
