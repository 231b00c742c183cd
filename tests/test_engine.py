"""The engine's parts beyond rules: applicability, unanswered, scores, features, notes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import CONTENT_DIR
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content


def test_show_if_false_answer_is_ignored_with_a_warning(content: Content) -> None:
    answers = safe_answers(content) | {"treatments_tried": (), "treatment_relief": "none"}
    assessment = assess(content, answers)
    assert "treatment_relief" not in assessment.answers
    assert [(i.question_id, i.reason) for i in assessment.ignored] == [
        ("treatment_relief", "does_not_apply")
    ]
    assert "treatment_relief" not in assessment.unanswered


def test_clinician_only_answer_is_ignored_outside_clinician_mode(content: Content) -> None:
    answers = safe_answers(content) | {"consent_capacity": "no", "clinician_notes": "x"}
    assessment = assess(content, answers, "self")
    assert {(i.question_id, i.reason) for i in assessment.ignored} == {
        ("consent_capacity", "clinician_only"),
        ("clinician_notes", "clinician_only"),
    }
    assert assessment.level == "may_suit"


def test_unanswered_show_if_input_counts_as_shown(content: Content) -> None:
    answers = safe_answers(content)
    del answers["treatments_tried"]
    unanswered = assess(content, answers).unanswered
    assert {"treatments_tried", "treatment_relief", "dry_needling_response"} <= set(unanswered)


def test_questions_that_do_not_apply_are_never_unanswered(content: Content) -> None:
    answers = safe_answers(content)
    assert "treatment_relief" not in answers  # hidden: no treatments were tried
    assessment = assess(content, answers)
    assert assessment.unanswered == ()
    clinician = assess(content, safe_answers(content), "self")
    assert "consent_capacity" not in clinician.unanswered


def test_missing_safety_question_gives_incomplete_with_ces_first(content: Content) -> None:
    answers = safe_answers(content)
    for qid in ("age", "bowel_change", "duration", "heart_valve"):
        del answers[qid]
    assessment = assess(content, answers)
    assert assessment.level == "incomplete"
    assert assessment.unanswered == ("bowel_change", "age", "heart_valve", "duration")
    assert assessment.missing_safety == ("bowel_change", "age", "heart_valve")


def test_unanswered_lists_leg_weakness_right_after_the_cauda_equina_signs(
    content: Content,
) -> None:
    """Spec 2 (v2): leg weakness is a same-day sign, so it sorts with the cauda equina
    signs (after them), before age and every other question."""
    answers = safe_answers(content)
    asked_late = ("heart_valve", "age", "leg_weakness", "both_legs_recent", "saddle_numbness")
    for qid in asked_late:
        del answers[qid]
    unanswered = assess(content, answers).unanswered
    assert unanswered == (
        "saddle_numbness",
        "both_legs_recent",
        "leg_weakness",
        "age",
        "heart_valve",
    )


def test_missing_non_safety_question_does_not_make_it_incomplete(content: Content) -> None:
    answers = safe_answers(content)
    del answers["duration"]
    assessment = assess(content, answers)
    assert assessment.level == "may_suit"
    assert assessment.unanswered == ("duration",)


def test_emergency_outranks_incomplete(content: Content) -> None:
    answers = safe_answers(content) | {"bladder_change": "yes"}
    del answers["age"]
    assert assess(content, answers).level == "emergency"


def test_incomplete_outranks_urgent_review(content: Content) -> None:
    answers = safe_answers(content) | {"night_pain": "yes"}
    del answers["heart_valve"]
    assert assess(content, answers).level == "incomplete"


def test_findings_are_most_severe_first(content: Content) -> None:
    answers = safe_answers(content) | {
        "blood_thinners": "yes",
        "night_pain": "yes",
        "bladder_change": "yes",
    }
    assert [r.id for r in assess(content, answers).findings] == [
        "ces_bladder",
        "night_pain",
        "anticoagulants",
    ]


def test_scores(content: Content) -> None:
    answers = safe_answers(content) | {
        "sbi_leg_pain": 6,
        "sbi_numbness": 4,
        "sbi_weakness": 3,
        "sbi_sitting": 1,
        "activity_1": "walking",
        "activity_1_score": 3,
        "activity_2": "sitting",
        "activity_2_score": 4,
        "activity_3": "lifting",
        "activity_3_score": 4,
    }
    assessment = assess(content, answers)
    assert assessment.scores == {
        "sbi_total": 14,
        "leg_pain": 3,
        "back_pain": 4,
        "psfs_average": 3.7,
    }
    assert assessment.bothersome["sbi_total"] == ("sbi_leg_pain", "sbi_numbness")


def test_scores_are_null_when_an_item_is_missing(content: Content) -> None:
    answers = safe_answers(content)
    for qid in ("sbi_weakness", "leg_pain"):
        del answers[qid]
    scores = assess(content, answers).scores
    assert scores["sbi_total"] is None
    assert scores["leg_pain"] is None
    assert scores["back_pain"] == 4
    assert scores["psfs_average"] is None  # no activity named


def test_psfs_is_the_mean_of_the_answered_activities(content: Content) -> None:
    answers = safe_answers(content) | {
        "activity_1": "run",
        "activity_1_score": 2,
        "activity_2": "drive",
        "activity_2_score": 5,
    }
    assert assess(content, answers).scores["psfs_average"] == 3.5


def test_blank_activity_hides_its_score(content: Content) -> None:
    answers = safe_answers(content) | {"activity_1": "   ", "activity_1_score": 9}
    assessment = assess(content, answers)
    assert "activity_1_score" not in assessment.answers
    assert assessment.scores["psfs_average"] is None


@pytest.mark.parametrize(
    ("changes", "nerve"),
    [
        ({}, []),
        ({"pain_areas": ("below_knee",)}, ["pain_below_knee"]),
        ({"leg_pain": 5, "back_pain": 4}, ["leg_worse_than_back"]),
        ({"leg_pain": 4, "back_pain": 4}, []),
        ({"sbi_numbness": 4}, ["marked_numbness"]),
        ({"sbi_numbness": 3}, []),
        (
            {"cough_sneeze_worse": "yes", "pain_areas": ("foot",)},
            ["pain_below_knee", "cough_sneeze_pain"],
        ),
    ],
)
def test_nerve_root_features(
    content: Content, changes: dict[str, Answer], nerve: list[str]
) -> None:
    assessment = assess(content, safe_answers(content) | changes)
    assert [f.id for f in assessment.features["nerve_root_features"]] == nerve
    met = [g.id for g in assessment.groups_met]
    assert ("nerve_root_features" in met) is (len(nerve) >= 2)


def test_features_never_change_the_level(content: Content) -> None:
    answers = safe_answers(content) | {
        "pain_areas": ("buttock", "foot"),
        "leg_pain": 8,
        "back_pain": 2,
        "sbi_numbness": 5,
        "cough_sneeze_worse": "yes",
        "muscle_tightness": "yes",
        "worse_when_sitting": "yes",
    }
    assessment = assess(content, answers)
    assert len(assessment.features["nerve_root_features"]) == 4
    assert assessment.level == "may_suit"


def test_muscle_features_need_no_foot_pain_little_numbness_and_no_weakness(
    content: Content,
) -> None:
    def muscle(changes: dict[str, Answer]) -> list[str]:
        assessment = assess(content, safe_answers(content) | changes)
        return [f.id for f in assessment.features["muscle_features"]]

    assert "no_nerve_signs" in muscle({"sbi_numbness": 1})
    assert "no_nerve_signs" not in muscle({"sbi_numbness": 2})
    assert "no_nerve_signs" not in muscle({"pain_areas": ("buttock", "foot")})


@pytest.mark.parametrize(
    ("changes", "notes"),
    [
        (
            {"treatments_tried": ("massage", "stretching"), "treatment_relief": "short_lived"},
            ["other_treatments_not_lasting"],
        ),
        ({"treatments_tried": ("massage",), "treatment_relief": "short_lived"}, []),
        (
            {
                "treatments_tried": ("dry_needling",),
                "dry_needling_response": "helped",
                "treatment_relief": "lasting",
            },
            ["dry_needling_helped"],
        ),
        ({"goals": ("less_medication",)}, ["drug_free_option"]),
        (
            {
                "duration": "6_to_12_weeks",
                "treatments_tried": ("massage",),
                "treatment_relief": "none",
            },
            ["ask_doctor_assessment"],
        ),
        (
            {
                "duration": "under_6_weeks",
                "treatments_tried": ("massage",),
                "treatment_relief": "none",
            },
            [],
        ),
    ],
)
def test_discussion_notes(content: Content, changes: dict[str, Answer], notes: list[str]) -> None:
    assessment = assess(content, safe_answers(content) | changes)
    assert [n.id for n in assessment.notes] == notes


def test_the_engine_imports_no_user_interface_or_io_library() -> None:
    engine_files = [
        "engine.py",
        "model/answers.py",
        "model/conditions.py",
        "model/condition_compiler.py",
        "model/content.py",
        "model/logic.py",
        "model/text_signs.py",
    ]
    forbidden = {
        "questionary",
        "rich",
        "typer",
        "prompt_toolkit",
        "os",
        "sys",
        "pathlib",
        "subprocess",
        "socket",
    }
    for name in engine_files:
        tree = ast.parse((Path(CONTENT_DIR.parent) / name).read_text("utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (
                node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
            )
        }
        assert not imported & forbidden, (name, imported & forbidden)


def test_incomplete_report_lists_urgent_findings_before_missing_questions(
    content: Content,
) -> None:
    """Principle 11 (v2): what to act on stands right after the outcome, before the
    long list of missing questions; an emergency lists no missing questions at all."""
    from needlecheck.render import render
    from needlecheck.report.build import build_report

    answers = safe_answers(content) | {"night_pain": "yes"}
    del answers["saddle_numbness"]
    text = render(build_report(content, assess(content, answers)), "text")
    missing = text.index(content.text("heading_missing"))
    urgent = text.index(content.text("heading_act_first"))
    assert urgent < missing
    emergency = safe_answers(content) | {"bladder_change": "yes"}
    del emergency["age"]
    text = render(build_report(content, assess(content, emergency)), "text")
    assert content.text("heading_act_first") in text
    assert content.text("heading_missing") not in text  # principle 9
