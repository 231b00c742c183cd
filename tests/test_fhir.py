"""Both FHIR exports validate against FHIR R4 (``fhir.resources``, a test dependency only),
and say the same as needlecheck: the Questionnaire holds the question bank, and a
QuestionnaireResponse holds exactly the answers a screening used."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck.answers.files import read_answers
from needlecheck.cli import app
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.conditions import AllOf, AnyOf, Compare, Condition, ModeIs
from needlecheck.model.content import Content
from needlecheck.model.fhir_terms import NONE_CODE, code_system, option_coding, questionnaire_url
from needlecheck.render.fhir import questionnaire_response
from needlecheck.render.fhir_questionnaire import FhirError, enable_when, questionnaire
from needlecheck.report.json_contract import report_dict
from render_views import report_for
from strategies import answer_sets

# The installed fhir.resources defaults to R5; its R4B package is R4 for these two
# resources (R4B changed neither Questionnaire nor QuestionnaireResponse).
r4_questionnaire = pytest.importorskip("fhir.resources.R4B.questionnaire")
r4_response = pytest.importorskip("fhir.resources.R4B.questionnaireresponse")

CONTENT = load_content()
MODES: tuple[Mode, ...] = ("self", "clinician")
#: R4 Questionnaire item types (the library does not check the code).
R4_ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
    "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip
R4_OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
ANSWER_KEYS = {"integer": "valueInteger", "choice": "valueCoding", "text": "valueString"}


def _items(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every item of a resource by linkId, nested ones included."""
    found: dict[str, dict[str, Any]] = {}
    pending = list(resource["item"])
    while pending:
        item = pending.pop()
        assert item["linkId"] not in found, f"duplicate linkId {item['linkId']}"
        found[item["linkId"]] = item
        pending += item.get("item", [])
    return found


def _extension(item: dict[str, Any], name: str) -> int:
    url = f"http://hl7.org/fhir/StructureDefinition/{name}"
    value: int = next(e["valueInteger"] for e in item["extension"] if e["url"] == url)
    return value


@pytest.mark.parametrize("mode", MODES)
def test_questionnaire_is_valid_r4(mode: Mode) -> None:
    resource = questionnaire(CONTENT, mode)
    parsed = r4_questionnaire.Questionnaire.model_validate(resource)
    assert parsed.url == questionnaire_url(CONTENT, mode)
    assert parsed.version == CONTENT.content_version
    for item in _items(resource).values():
        assert item["type"] in R4_ITEM_TYPES


@pytest.mark.parametrize("mode", MODES)
def test_questionnaire_holds_every_question_of_its_mode(mode: Mode) -> None:
    resource = questionnaire(CONTENT, mode)
    assert [group["linkId"] for group in resource["item"]] == [s.id for s in CONTENT.sections]
    items = _items(resource)
    asked = [q for q in CONTENT.questions if q.applies_in(mode)]
    for group in resource["item"]:
        in_group = [
            item["linkId"]
            for item in group["item"]
            if item["type"] != "display" and not item.get("readOnly")
        ]
        assert in_group == [q.id for q in asked if q.section == group["linkId"]]
    assert ("clinician_notes" in items) is (mode == "clinician")
    for question in asked:
        item = items[question.id]
        assert item["text"] == question.prompt(mode)
        assert item.get("repeats", False) is (question.type == "multi")
        if question.options:
            assert item["type"] == "choice"
            none = [NONE_CODE] if question.type == "multi" else []
            assert [o["valueCoding"]["code"] for o in item["answerOption"]] == [
                *question.shown_order,
                *none,
            ]
            for option in item["answerOption"]:
                coding = option["valueCoding"]
                assert coding["system"] == code_system(CONTENT)
                if coding["code"] != NONE_CODE or question.type != "multi":
                    assert coding["display"] == question.option_labels[coding["code"]]
        if question.type == "integer":
            assert item["type"] == "integer"
            assert (_extension(item, "minValue"), _extension(item, "maxValue")) == (
                question.min,
                question.max,
            )
        if question.type == "text":
            assert item["type"] == "text"
        if question.help:
            assert items[f"{question.id}.help"]["text"] == question.help


#: The answer order of spec section 3 (v2), as the spec's table states it.
SPEC_ORDER = {
    "sexual_change": ["no", "yes", "not_sure", "not_applicable", "prefer_not_to_say"],
    "pregnant": ["no", "yes", "not_sure", "not_applicable"],
    "cancer_history": ["no", "past", "current_or_recent", "not_sure"],
    "diabetes": ["no", "yes_controlled", "yes_poor_control_or_numb_feet", "not_sure"],
    "epilepsy": ["no", "controlled", "uncontrolled", "not_sure"],
    "willing_needles": ["no", "yes", "unsure"],
    "consent_capacity": ["no", "yes", "not_sure"],
    "leg_weakness": ["none", "longstanding", "new_or_worsening"],
    "needle_fear": ["none", "mild", "severe"],
    "treatment_relief": ["none", "short_lived", "lasting"],
}


@pytest.mark.parametrize("mode", MODES)
def test_answer_options_follow_the_spec_order(mode: Mode) -> None:
    items = _items(questionnaire(CONTENT, mode))
    for question in CONTENT.questions:
        if not question.applies_in(mode) or not question.options:
            continue
        shown = [o["valueCoding"]["code"] for o in items[question.id]["answerOption"]]
        if question.type == "yes_no":
            expected = ["no", "yes", "not_sure"]
        elif question.type == "multi":  # "any other choice: file order", then "none"
            expected = [*question.options, NONE_CODE]
        else:
            expected = SPEC_ORDER.get(question.id, list(question.options))
        assert shown == expected, question.id


@pytest.mark.parametrize("mode", MODES)
def test_show_if_becomes_enable_when_on_earlier_questions(mode: Mode) -> None:
    resource = questionnaire(CONTENT, mode)
    order = [
        item["linkId"] for group in resource["item"] for item in group["item"]
    ]  # questions in the order asked
    items = _items(resource)
    shown_if = {q.id for q in CONTENT.questions if q.show_if and q.applies_in(mode)}
    questions_enabled = {
        link for link, item in items.items() if "enableWhen" in item and item["type"] != "display"
    }
    assert shown_if == questions_enabled
    for link in shown_if:
        for check in items[link]["enableWhen"]:
            assert check["operator"] in R4_OPERATORS
            assert order.index(check["question"]) < order.index(link)
            if "answerCoding" in check:
                source = items[check["question"]]
                codes = {o["valueCoding"]["code"] for o in source["answerOption"]}
                assert check["answerCoding"]["code"] in codes
                assert check["answerCoding"]["system"] == code_system(CONTENT)
    # Tried something: answered, and not with "none of these" (an empty answer).
    assert items["treatment_relief"]["enableWhen"] == [
        {"question": "treatments_tried", "operator": "exists", "answerBoolean": True},
        {
            "question": "treatments_tried",
            "operator": "!=",
            "answerCoding": option_coding(
                CONTENT, CONTENT.question_by_id["treatments_tried"], NONE_CODE
            ),
        },
    ]
    assert items["treatment_relief"]["enableBehavior"] == "all"
    assert items["dry_needling_response"]["enableWhen"] == [
        {
            "question": "treatments_tried",
            "operator": "=",
            "answerCoding": {
                "system": code_system(CONTENT),
                "version": CONTENT.content_version,
                "code": "dry_needling",
                "display": CONTENT.question_by_id["treatments_tried"].option_labels["dry_needling"],
            },
        }
    ]


def _compare(question: str, op: str, value: Any = None) -> Compare:
    return Compare(question, op, tuple(value) if isinstance(value, list) else value)


@pytest.mark.parametrize(
    ("condition", "operators", "behaviour"),
    [
        (_compare("age", ">=", 16), [">="], "all"),
        (_compare("pain_side", "in", ["left", "right"]), ["=", "="], "any"),
        (_compare("goals", "contains_any", ["less_pain", "sleep_better"]), ["=", "="], "any"),
        (_compare("pain_side", "not_in", ["both", "back_only"]), ["!=", "!="], "all"),
        (
            AnyOf((_compare("age", "<", 20), _compare("pain_side", "=", "both"))),
            ["<", "="],
            "any",
        ),
        (
            AllOf((_compare("activity_1", "answered"), _compare("pain_side", "!=", "both"))),
            ["exists", "!="],
            "all",
        ),
        (
            AnyOf((_compare("pain_side", "in", ["left", "right"]), _compare("age", ">", 50))),
            ["=", "=", ">"],
            "any",
        ),
    ],
)
def test_conditions_fhir_can_state(
    condition: Condition, operators: list[str], behaviour: str
) -> None:
    checks, found = enable_when(CONTENT, condition)
    assert [check["operator"] for check in checks] == operators
    assert found == behaviour


@pytest.mark.parametrize(
    "condition",
    [
        AllOf((_compare("pain_side", "in", ["left", "right"]), _compare("age", ">", 50))),
        AnyOf((AllOf((_compare("age", ">", 50),)), _compare("age", "<", 20))),
        ModeIs("clinician"),
        _compare("goals", "count_at_least", 2),
        _compare("goals", "not_contains", "less_pain"),
        Compare("leg_pain", ">", other="back_pain"),
    ],
)
def test_conditions_fhir_cannot_state_are_refused(condition: Condition) -> None:
    with pytest.raises(FhirError):
        enable_when(CONTENT, condition)


def _check_response(content: Content, response: dict[str, Any], mode: Mode) -> None:
    """Valid R4, and every answer fits its Questionnaire item."""
    r4_response.QuestionnaireResponse.model_validate(response)
    form = questionnaire(content, mode)
    assert response["questionnaire"] == f"{form['url']}|{form['version']}"
    form_items = _items(form)
    group_of = {item["linkId"]: group["linkId"] for group in form["item"] for item in group["item"]}
    answered_groups = [group["linkId"] for group in response["item"]]
    assert answered_groups == [g["linkId"] for g in form["item"] if g["linkId"] in answered_groups]
    for group in response["item"]:
        for item in group["item"]:
            question = form_items[item["linkId"]]
            assert group_of[item["linkId"]] == group["linkId"]
            assert item["answer"], "an item without an answer is left out"
            assert len(item["answer"]) == 1 or question.get("repeats")
            for answer in item["answer"]:
                (key,) = answer
                assert key == ANSWER_KEYS[question["type"]]
                if key == "valueCoding":
                    assert answer[key] in [o["valueCoding"] for o in question["answerOption"]]
                if key == "valueInteger":
                    low, high = _extension(question, "minValue"), _extension(question, "maxValue")
                    assert low <= answer[key] <= high


def _answers_in(response: dict[str, Any]) -> dict[str, Answer]:
    """The answers a response holds, read back into needlecheck's form."""
    answers: dict[str, Answer] = {}
    for group in response["item"]:
        for item in group["item"]:
            question = CONTENT.question_by_id[item["linkId"]]
            values = [next(iter(a.values())) for a in item["answer"]]
            codes = tuple(v["code"] if isinstance(v, dict) else v for v in values)
            if question.type == "multi" and codes == (NONE_CODE,):
                codes = ()
            answers[question.id] = codes if question.type == "multi" else codes[0]
    return answers


@pytest.mark.parametrize(
    "name", ["emergency-bladder.json", "runner-right-buttock.json", "warfarin-diabetes.toml"]
)
@pytest.mark.parametrize("mode", MODES)
def test_response_for_the_examples(name: str, mode: Mode) -> None:
    report = report_for(CONTENT, read_answers(CONTENT, str(EXAMPLES / name)), mode, None)
    response = questionnaire_response(report)
    _check_response(CONTENT, response, mode)
    assert response["authored"] == report.created.isoformat(timespec="seconds")
    # Clinician mode asks consent_capacity, which the example files leave out.
    assert response["status"] == ("in-progress" if mode == "clinician" else "completed")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(MODES))
def test_response_holds_exactly_the_answers_used(data: st.DataObject, mode: Mode) -> None:
    report = report_for(CONTENT, data.draw(answer_sets(CONTENT, mode)), mode, None)
    response = questionnaire_response(report)
    _check_response(CONTENT, response, mode)
    # FHIR has no empty text: an empty one is left out ("none of these" is an answer).
    used = {qid: value for qid, value in report.assessment.answers.items() if value != ""}
    assert _answers_in(response) == used
    incomplete = bool(report.assessment.missing_safety)
    assert response["status"] == ("in-progress" if incomplete else "completed")


def test_clinician_reference_is_the_subject() -> None:
    answers = read_answers(CONTENT, str(EXAMPLES / "runner-right-buttock.json"))
    response = questionnaire_response(report_for(CONTENT, answers, "clinician", "AB12"))
    assert response["subject"] == {"display": "AB12"}
    assert "subject" not in questionnaire_response(report_for(CONTENT, answers))


@pytest.mark.parametrize("mode", MODES)
def test_questions_command_prints_the_questionnaire(mode: Mode) -> None:
    args = ["questions", "--format", "fhir", *(["--clinician"] if mode == "clinician" else [])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    # In clinician mode the PT reads it: worded for the clinician reader (spec 3.6 v2).
    assert json.loads(result.stdout) == questionnaire(load_content(reader=mode), mode)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(MODES))
def test_own_export_read_back_gives_the_same_report(
    data: st.DataObject, mode: Mode, tmp_path_factory: pytest.TempPathFactory
) -> None:
    drawn = report_for(CONTENT, data.draw(answer_sets(CONTENT, mode)), mode, None)
    # The answers a screening used (an ignored one is not exported), but an empty text:
    # FHIR cannot hold one, so it is left out.
    used = {k: v for k, v in drawn.assessment.answers.items() if v != ""}
    report = report_for(CONTENT, used, mode, None)
    path = tmp_path_factory.mktemp("fhir") / "response.fhir.json"
    path.write_text(json.dumps(questionnaire_response(report)), encoding="utf-8")
    again = report_for(CONTENT, read_answers(CONTENT, str(path)), mode, None)
    original, read_back = report_dict(report), report_dict(again)
    original.pop("created"), read_back.pop("created")
    assert read_back == original


SPANISH = load_content("es")


@pytest.mark.parametrize("mode", MODES)
def test_the_spanish_questionnaire_is_the_same_form_in_spanish(mode: Mode) -> None:
    spanish, english = questionnaire(SPANISH, mode), questionnaire(CONTENT, mode)
    r4_questionnaire.Questionnaire.model_validate(spanish)
    assert (spanish["language"], english["language"]) == ("es", "en")
    assert spanish["url"] == english["url"]
    items, english_items = _items(spanish), _items(english)
    assert items.keys() == english_items.keys()
    for question in SPANISH.questions:
        if question.applies_in(mode):
            item = items[question.id]
            assert item["text"] == question.prompt(mode) != english_items[question.id]["text"]
            codes = [option["valueCoding"]["code"] for option in item.get("answerOption", [])]
            english_codes = [
                option["valueCoding"]["code"]
                for option in english_items[question.id].get("answerOption", [])
            ]
            assert codes == english_codes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(MODES), spanish_first=st.booleans())
def test_a_response_in_either_language_screens_the_same(
    data: st.DataObject, mode: Mode, spanish_first: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    written_in, read_in = (SPANISH, CONTENT) if spanish_first else (CONTENT, SPANISH)
    drawn = report_for(written_in, data.draw(answer_sets(written_in, mode)), mode, None)
    used = {k: v for k, v in drawn.assessment.answers.items() if v != ""}
    report = report_for(written_in, used, mode, None)
    path = tmp_path_factory.mktemp("fhir") / "response.fhir.json"
    path.write_text(json.dumps(questionnaire_response(report)), encoding="utf-8")
    again = report_for(read_in, read_answers(read_in, str(path)), mode, None)
    assert again.assessment.answers == report.assessment.answers
    assert again.level == report.level
    assert [rule.id for rule in again.assessment.findings] == [
        rule.id for rule in report.assessment.findings
    ]


def test_empty_pain_areas_survives_a_round_trip(tmp_path: Any) -> None:
    answers = dict(read_answers(CONTENT, str(EXAMPLES / "runner-right-buttock.json")))
    answers["pain_areas"] = ()
    report = report_for(CONTENT, answers)
    response = questionnaire_response(report)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    again = read_answers(CONTENT, str(path))
    assert again["pain_areas"] == ()
    assert report_for(CONTENT, again).level == report.level != "incomplete"
