"""Principles 9 and 11 in every report format (spec section 1, v2).

Principle 9: an emergency report never says it has no result or that questions must be
answered first; unanswered questions are one short "not asked" line after the emergency
advice; no section on what favours dry needling. Principle 11: an incomplete report with
an urgent_review finding keeps "within the next few days" in its headline and closing
next step, and what to act on comes before the list of missing questions.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.render import render
from needlecheck.report.build import build_report
from render_views import DOCUMENT_FORMATS, out_of_order, rendered, report_for, shows, words_of
from strategies import answer_sets

MODES: tuple[Mode, ...] = ("self", "clinician")
WITHIN_DAYS = "within the next few days"


def _emergency_answers(content: Content) -> dict[str, Any]:
    """A bladder change, points that favour needling, and most questions never reached."""
    answers = {
        "bladder_change": "yes",
        "pain_areas": ("lower_back", "buttock"),
        "muscle_tightness": "yes",
        "worse_when_sitting": "yes",
        "goals": ("less_medication",),
    }
    return {qid: value for qid, value in answers.items() if qid in content.question_by_id}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_an_emergency_report_lists_unanswered_only_as_not_asked(
    file_format: str, mode: Mode
) -> None:
    content = load_content(reader=mode)
    report = report_for(content, _emergency_answers(content), mode)
    assert report.level == "emergency"
    output = rendered(report, file_format)
    seen = words_of(output, file_format)
    assert "cannot give a result" not in seen
    assert not shows(output, file_format, content.text("heading_missing"))
    assert not shows(output, file_format, content.text("heading_favours"))
    for group in content.feature_groups:
        assert not shows(output, file_format, group.title), group.id
    for note in content.notes:
        if note.favours:
            assert not shows(output, file_format, note.text), note.id
    missing_label = content.question_by_id["saddle_numbness"].label
    assert missing_label not in seen  # no list of the questions never reached
    not_asked = content.text("not_asked", count=len(report.assessment.unanswered))
    assert (
        out_of_order(
            output,
            file_format,
            [content.outcomes["emergency"].title, content.text("heading_act_first"), not_asked],
        )
        == []
    )


@pytest.mark.parametrize("mode", MODES)
def test_an_emergency_json_report_asks_nothing_first(mode: Mode) -> None:
    content = load_content(reader=mode)
    report = report_for(content, _emergency_answers(content), mode)
    data = json.loads(render(report, "json"))
    assert data["outcome"]["level"] == "emergency"
    assert "saddle_numbness" in data["unanswered"]  # the data keep every id
    text = json.dumps(data, ensure_ascii=False)
    assert "cannot give a result" not in text
    assert content.text("discuss_missing", questions="").split(":")[0] not in text
    for note in content.notes:
        if note.favours:
            assert note.text not in data["discuss_with_pt"], note.id


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(MODES), file_format=st.sampled_from(["text", "json"]))
def test_no_emergency_report_says_it_has_no_result(
    data: st.DataObject, mode: Mode, file_format: str
) -> None:
    content = load_content(reader=mode)
    answers = data.draw(answer_sets(content, mode)) | {"bladder_change": "yes"}
    report = build_report(content, assess(content, answers, mode))
    output = render(report, file_format)
    assert "cannot give a result" not in output
    assert content.text("heading_favours") not in output
    assert content.text("heading_missing") not in output


def _incomplete_urgent(content: Content) -> dict[str, Any]:
    answers = safe_answers(content) | {"weight_loss": "yes"}
    del answers["saddle_numbness"]
    return answers


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_an_incomplete_report_keeps_the_urgent_time_frame(file_format: str, mode: Mode) -> None:
    content = load_content(reader=mode)
    report = report_for(content, _incomplete_urgent(content), mode)
    assert report.level == "incomplete"
    assert WITHIN_DAYS in report.next_step
    output = rendered(report, file_format)
    closing = content.text("next_step_closing", next_step=report.next_step)
    assert (
        out_of_order(
            output,
            file_format,
            [
                report.title,
                content.text("heading_act_first"),
                content.text("heading_missing"),
                closing,
            ],
        )
        == []
    )
    assert words_of(output, file_format).endswith(" ".join(closing.split()))
    if file_format != "terminal":  # the terminal draws the headline in a box
        assert shows(output, file_format, report.next_step)


@pytest.mark.parametrize("mode", MODES)
def test_an_incomplete_json_report_keeps_the_urgent_time_frame(mode: Mode) -> None:
    content = load_content(reader=mode)
    data = json.loads(render(report_for(content, _incomplete_urgent(content), mode), "json"))
    assert data["outcome"]["level"] == "incomplete"
    assert WITHIN_DAYS in data["outcome"]["next_step"]


def test_an_incomplete_report_without_an_urgent_finding_keeps_its_next_step() -> None:
    content = load_content()
    answers = safe_answers(content)
    del answers["saddle_numbness"]
    report = report_for(content, answers)
    assert report.next_step == content.outcomes["incomplete"].next_step
    assert WITHIN_DAYS not in report.next_step


def test_spanish_incomplete_report_keeps_the_urgent_time_frame() -> None:
    content = load_content("es")
    report = report_for(content, _incomplete_urgent(content))
    assert "en los próximos días" in report.next_step
