"""The shared example files give exactly what their README says."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from needlecheck.answers.files import read_answers
from needlecheck.engine import assess
from needlecheck.errors import AnswersFileError
from needlecheck.model.content import Content

EXPECTED = {
    "runner-right-buttock.json": ("discuss_precautions", ["mild_needle_fear"]),
    "emergency-bladder.json": ("emergency", ["ces_bladder", "ces_both_legs", "mild_needle_fear"]),
    "warfarin-diabetes.toml": (
        "discuss_precautions",
        ["anticoagulants", "diabetes_controlled", "mild_needle_fear"],
    ),
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_example_outcome_and_rules(
    content: Content, name: str, expected: tuple[str, list[str]]
) -> None:
    level, rules = expected
    assessment = assess(content, read_answers(content, str(EXAMPLES / name)))
    assert assessment.level == level
    assert [rule.id for rule in assessment.findings] == rules


def test_runner_has_muscle_features(content: Content) -> None:
    assessment = assess(content, read_answers(content, str(EXAMPLES / "runner-right-buttock.json")))
    assert assessment.features["muscle_features"]
    assert [g.id for g in assessment.groups_met] == ["muscle_features"]


def test_invalid_example_lists_all_five_problems(content: Content) -> None:
    with pytest.raises(AnswersFileError) as raised:
        read_answers(content, str(EXAMPLES / "invalid.json"))
    problems = raised.value.details
    assert len(problems) == 5
    by_id = {problem.split(":")[0]: problem for problem in problems}
    assert set(by_id) == {"age", "pain_side", "leg_pain", "treatments_tried", "unknown_question"}
    assert "0 to 120" in by_id["age"]
    assert "back_only" in by_id["pain_side"]
    assert "whole number" in by_id["leg_pain"]
    assert "list" in by_id["treatments_tried"]
    assert "not a needlecheck question" in by_id["unknown_question"]
