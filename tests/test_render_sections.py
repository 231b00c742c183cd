"""Each report section appears exactly when it should, in every document format.

Each scenario changes one thing from the safe answer set and names the optional
sections it must show; every other optional section must be absent. The checks read
the words a person sees (see ``render_views``), not snapshots.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import safe_answers
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from render_views import (
    DOCUMENT_FORMATS,
    out_of_order,
    rendered,
    report_for,
    shows,
    words,
    words_of,
)

#: Optional sections, by the interface wording of their heading.
OPTIONAL = {
    "act_first": "heading_act_first",
    "missing": "heading_missing",
    "unsure": "heading_unsure",
    "against": "heading_against",
    "care": "heading_care",
    "favours": "heading_favours",
    "discuss": "heading_discuss",
    "clinician": "heading_clinician",
    "warnings": "heading_warnings",
}
NERVE_TITLE = "Signs that a nerve root may be irritated"
MUSCLE_TITLE = "Signs that buttock muscles may add to the pain"

#: name: (answers changed from the safe set, mode, optional sections that must show)
SCENARIOS: dict[str, tuple[dict[str, Any], Mode, set[str]]] = {
    "nothing found": ({}, "self", set()),
    "emergency sign": ({"bladder_change": "yes"}, "self", {"act_first", "discuss"}),
    "urgent sign": ({"weight_loss": "yes"}, "self", {"act_first", "discuss"}),
    "safety question unanswered": ({"saddle_numbness": None}, "self", {"missing", "discuss"}),
    "unsure about a safety question": (
        {"first_episode": "not_sure"},
        "self",
        {"unsure", "discuss"},
    ),
    "absolute contraindication": ({"willing_needles": "no"}, "self", {"against", "discuss"}),
    "precaution": ({"blood_thinners": "yes"}, "self", {"care", "discuss"}),
    "a point in favour": ({"goals": ("less_medication",)}, "self", {"favours", "discuss"}),
    "nerve-root features": (
        {"pain_areas": ("lower_back", "foot"), "leg_pain": 7},
        "self",
        {"discuss"},
    ),
    "muscle features": (
        {"pain_areas": ("lower_back", "buttock"), "muscle_tightness": "yes"},
        "self",
        {"favours", "discuss"},
    ),
    "answer to a question that does not apply": (
        {"treatment_relief": "none"},
        "self",
        {"warnings"},
    ),
    "activities named": (
        {"activity_1": "gardening", "activity_1_score": 3},
        "self",
        {"discuss"},
    ),
    "clinician mode": ({}, "clinician", {"clinician"}),
}


def _answers(content: Content, changes: dict[str, Any], mode: Mode) -> dict[str, Any]:
    # The baseline has pain in the lower back only, so no feature group is met.
    answers = {**safe_answers(content, mode), "pain_areas": ("lower_back",), **changes}
    return {qid: value for qid, value in answers.items() if value is not None}


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
@pytest.mark.parametrize("name", SCENARIOS)
def test_optional_sections_show_exactly_when_they_apply(
    content: Content, name: str, file_format: str
) -> None:
    changes, mode, expected = SCENARIOS[name]
    report = report_for(content, _answers(content, changes, mode), mode)
    output = rendered(report, file_format)
    for section, key in OPTIONAL.items():
        heading = content.text(
            "heading_discuss_clinician" if key == "heading_discuss" and mode == "clinician" else key
        )
        assert shows(output, file_format, heading) is (section in expected), (section, heading)
    # Always there: the outcome with its next step, scores, safety net, answers, disclaimer.
    for always in (
        report.title,
        report.next_step,
        content.text("heading_scores"),
        content.safety_net.title,
        *content.safety_net.signs,
        content.safety_net.action,
        content.text("heading_answers"),
        report.disclaimer,
    ):
        assert shows(output, file_format, always), always


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_feature_groups_show_their_features_and_summary_when_met(
    content: Content, file_format: str
) -> None:
    nerve = report_for(
        content, _answers(content, {"pain_areas": ("lower_back", "foot"), "leg_pain": 7}, "self")
    )
    output = rendered(nerve, file_format)
    group = next(g for g in content.feature_groups if g.id == "nerve_root_features")
    assert shows(output, file_format, NERVE_TITLE)
    assert shows(output, file_format, "Pain reaches below the knee or into the foot")
    assert shows(output, file_format, "Leg pain is worse than back pain")
    assert shows(output, file_format, group.summary)
    assert shows(output, file_format, content.text("discuss_examination"))

    # One muscle feature only (no nerve signs): listed, but the group summary is not claimed.
    one = report_for(content, _answers(content, {}, "self"))
    output = rendered(one, file_format)
    muscle = next(g for g in content.feature_groups if g.id == "muscle_features")
    assert shows(output, file_format, MUSCLE_TITLE)
    assert not shows(output, file_format, muscle.summary)
    assert not shows(output, file_format, NERVE_TITLE)


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_scores_say_what_they_mean(content: Content, file_format: str) -> None:
    changes = {
        "sbi_leg_pain": 5,
        "sbi_sitting": 4,
        "activity_1": "gardening",
        "activity_1_score": 3,
        "activity_2": "driving",
        "activity_2_score": 6,
    }
    report = report_for(content, _answers(content, changes, "self"))
    output = rendered(report, file_format, columns=100)
    assert shows(output, file_format, "9/24")  # 5 + 0 + 0 + 4
    assert shows(
        output,
        file_format,
        content.text(
            "score_bothersome", items="Bothered by leg pain, Bothered by pain when sitting"
        ),
    )
    assert shows(output, file_format, "A drop of about 2 points (or 30%) is a meaningful change")
    assert shows(output, file_format, "4.5/10")  # PSFS: (3 + 6) / 2
    assert shows(output, file_format, "gardening (3/10); driving (6/10)")
    assert shows(output, file_format, "A change of 2 points is meaningful")


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_emergency_advice_comes_first_and_the_next_step_last(
    content: Content, file_format: str
) -> None:
    changes = {"bladder_change": "yes", "blood_thinners": "yes", "goals": ("less_medication",)}
    report = report_for(content, _answers(content, changes, "clinician"), "clinician", "AB12")
    output = rendered(report, file_format)
    order = [
        report.title,
        content.text("heading_act_first"),
        content.text("heading_clinician"),  # spec 3.6 v2: the clinician summary first
        content.text("heading_discuss_clinician"),
        content.text("heading_care"),
        content.safety_net.title,
        content.text("heading_answers"),
        report.disclaimer,
        content.text("next_step_closing", next_step=report.next_step),
    ]
    assert out_of_order(output, file_format, order) == []
    assert words_of(output, file_format).endswith(words(order[-1]))
    assert not shows(output, file_format, content.text("heading_favours"))  # principle 9


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_discussion_list_is_numbered_in_order(content: Content, file_format: str) -> None:
    changes = {"blood_thinners": "yes", "first_episode": "not_sure", "goals": ("less_medication",)}
    report = report_for(content, _answers(content, changes, "self"))
    assert len(report.discuss) >= 3
    output = rendered(report, file_format, columns=100)
    heading = content.text("heading_discuss")
    if file_format == "html":  # an <ol> numbers itself; see test_render_html
        assert out_of_order(output, file_format, [heading, *report.discuss]) == []
    else:
        numbered = [f"{number}. {point}" for number, point in enumerate(report.discuss, 1)]
        assert out_of_order(output, file_format, [heading, *numbered]) == []


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_clinician_section_lists_every_finding_with_its_sources(
    content: Content, file_format: str
) -> None:
    changes = {"bladder_change": "yes", "weight_loss": "yes", "blood_thinners": "yes"}
    report = report_for(content, _answers(content, changes, "clinician"), "clinician", "AB12")
    output = rendered(report, file_format, columns=100)
    assert shows(output, file_format, "AB12")
    assert len(report.assessment.findings) >= 3
    for rule in report.assessment.findings:
        assert shows(output, file_format, rule.id)
        for source in rule.sources:
            assert shows(output, file_format, source)


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_findings_come_with_their_reasons(content: Content, file_format: str) -> None:
    changes = {"willing_needles": "no", "blood_thinners": "yes"}
    report = report_for(content, _answers(content, changes, "self"))
    output = rendered(report, file_format)
    for rule in report.assessment.findings:
        title = rule.summary_for(report.assessment.answers)  # what was answered
        assert shows(output, file_format, f"{title}: {rule.message}")


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_a_lower_certainty_source_is_shown_as_such_wherever_cited(
    content: Content, file_format: str, mode: Mode
) -> None:
    """Spec 7: SECONDARY is flagged lower certainty in the content and marked in every
    format: beside its finding, and in the clinician's sources column."""
    assert content.sources["SECONDARY"].lower_certainty
    assert not content.sources["ISCP"].lower_certainty
    changes = {"recent_surgery": "yes", "blood_thinners": "yes"}
    report = report_for(content, _answers(content, changes, mode), mode)
    output = rendered(report, file_format, columns=100)
    note = content.text("finding_lower_certainty", sources="SECONDARY")
    surgery, thinners = (
        next(f for f in report.care if f.id == rule)
        for rule in ("recent_surgery", "anticoagulants")
    )
    assert shows(output, file_format, f"{surgery.summary}: {surgery.message} {note}")
    assert shows(output, file_format, f"{thinners.summary}: {thinners.message}")
    assert words_of(output, file_format).count(words(note)) == 1  # not beside the other
    marked = content.text("source_lower_certainty", source="SECONDARY")
    assert shows(output, file_format, marked) is (mode == "clinician")


def test_json_findings_name_their_lower_certainty_sources(content: Content) -> None:
    changes = {"recent_surgery": "yes", "blood_thinners": "yes"}
    report = report_for(content, _answers(content, changes, "self"))
    findings = {f["id"]: f for f in json.loads(rendered(report, "json"))["findings"]}
    assert findings["recent_surgery"]["lower_certainty_sources"] == ["SECONDARY"]
    assert findings["anticoagulants"]["lower_certainty_sources"] == []


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_each_activity_score_among_the_answers_names_its_activity(
    content: Content, file_format: str
) -> None:
    answers = safe_answers(content) | {"activity_1": " gardening ", "activity_1_score": 3}
    answers |= {"activity_2": "<b>lifting</b>", "activity_2_score": 6}
    output = rendered(report_for(content, answers), file_format, columns=160)
    assert shows(output, file_format, "Activity 1 score (gardening)")
    assert shows(output, file_format, "Activity 2 score (<b>lifting</b>)")  # as typed


def test_an_activity_score_names_its_activity_in_spanish() -> None:
    from needlecheck.loading.content import load_content

    spanish = load_content("es")
    answers = safe_answers(spanish) | {"activity_1": "cuidar el jardín", "activity_1_score": 3}
    labels = [answer.label for answer in report_for(spanish, answers).answers]
    assert "Puntuación de la actividad 1 (cuidar el jardín)" in labels
