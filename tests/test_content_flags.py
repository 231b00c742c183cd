"""Content flags (the notes a report prints, what favours needling, the activity each
rating names) come from the content and are checked at load; a malformed table or value
is a content problem naming the item, never a crash."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import build_content
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.report.build import Report, build_report
from test_content import LOGIC, TEXT, _broken, _question

MUSCLE_ANSWERS = {"pain_areas": ("lower_back", "buttock"), "muscle_tightness": "yes"}
ACTIVITY_ANSWERS = {"activity_1": "gardening", "activity_1_score": 3}


def _group(logic: dict[str, Any], gid: str) -> dict[str, Any]:
    result: dict[str, Any] = next(g for g in logic["feature_groups"] if g["id"] == gid)
    return result


def _score(logic: dict[str, Any], sid: str) -> dict[str, Any]:
    result: dict[str, Any] = next(s for s in logic["scores"] if s["id"] == sid)
    return result


def _content(logic: dict[str, Any]) -> Content:
    return build_content(logic, copy.deepcopy(TEXT), "screening.toml", "text/en.toml")


def _report(content: Content, changes: dict[str, Any], mode: Mode = "self") -> Report:
    answers = {**safe_answers(content, mode), "pain_areas": ("lower_back",), **changes}
    return build_report(content, assess(content, answers, mode))


def test_notes_come_from_the_question_flagged_report_notes(content: Content) -> None:
    changes = {"clinician_notes": "walks with a stick"}
    assert _report(content, changes, "clinician").clinician_notes == "walks with a stick"
    logic = copy.deepcopy(LOGIC)
    del _question(logic, "clinician_notes")["report_notes"]
    assert _report(_content(logic), changes, "clinician").clinician_notes == ""


def test_favours_comes_from_the_group_flagged_favours(content: Content) -> None:
    favours = content.feature_groups[1].favours
    assert favours and favours in _report(content, MUSCLE_ANSWERS).favours
    logic = copy.deepcopy(LOGIC)
    del _group(logic, "muscle_features")["favours"]
    unflagged = _content(logic)
    assert favours not in _report(unflagged, MUSCLE_ANSWERS).favours


def test_activities_come_from_the_score_that_names_them(content: Content) -> None:
    psfs = next(s for s in _report(content, ACTIVITY_ANSWERS).scores if s.id == "psfs_average")
    assert "gardening (3/10)" in psfs.detail
    logic = copy.deepcopy(LOGIC)
    del _score(logic, "psfs_average")["activities"]
    psfs = next(
        s for s in _report(_content(logic), ACTIVITY_ANSWERS).scores if s.id == "psfs_average"
    )
    assert "gardening" not in psfs.detail


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda lo: _question(lo, "age").update(report_notes=True), "'report_notes'"),
        (lambda lo: _question(lo, "clinician_notes").update(report_notes="yes"), "'report_notes'"),
        (lambda lo: _question(lo, "activity_1").update(report_notes=True), "more than one"),
        (lambda lo: _group(lo, "muscle_features").update(favours="yes"), "'favours'"),
        (lambda lo: _group(lo, "nerve_root_features").update(favours=True), "'favours'"),
        (lambda lo: _score(lo, "psfs_average").update(activities=["activity_1"]), "'activities'"),
        (
            lambda lo: _score(lo, "psfs_average").update(activities=["age", "activity_2", "x"]),
            "'activities'",
        ),
        (lambda lo: _score(lo, "sbi_total").update(bothersome_from="four"), "bothersome_from"),
        (lambda lo: _score(lo, "sbi_total").update(bothersome_from=25), "bothersome_from"),
    ],
)
def test_a_bad_flag_is_refused_at_load(change: Any, expected: str) -> None:
    problems = _broken(lambda logic, text: change(logic))
    assert any(expected in problem for problem in problems), problems


def test_a_title_for_an_answer_the_rule_cannot_start_from_is_refused_at_load() -> None:
    def change(logic: dict[str, Any], text: dict[str, Any]) -> None:
        text["rules"]["anticoagulants"]["summary_maybe"] = "Takes blood thinners, perhaps"

    problems = _broken(change)
    assert any("[rules.anticoagulants]" in p and "'summary_maybe'" in p for p in problems)
