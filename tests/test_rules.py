"""Every rule of spec section 4 fires, and does not fire, at its boundaries.

Each case starts from a complete answer set on which no rule fires and changes only
what the case names, so it shows exactly what those answers do.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.model.logic import SEVERITY

Y, NS, N = "yes", "not_sure", "no"

# (rule id, changes to the safe answers, whether the rule fires[, mode])
CASES: list[tuple[Any, ...]] = [
    # 4.1 emergency
    *[
        (rule, {question: value}, value != N)
        for rule, question in [
            ("ces_saddle_numbness", "saddle_numbness"),
            ("ces_bladder", "bladder_change"),
            ("ces_bowel", "bowel_change"),
            ("ces_both_legs", "both_legs_recent"),
            ("major_trauma", "major_trauma"),
        ]
        for value in (Y, NS, N)
    ],
    ("ces_sexual", {"sexual_change": "yes"}, True),
    ("ces_sexual", {"sexual_change": "not_sure"}, True),
    ("ces_sexual", {"sexual_change": "no"}, False),
    ("ces_sexual", {"sexual_change": "not_applicable"}, False),
    ("ces_sexual", {"sexual_change": "prefer_not_to_say"}, False),
    ("new_weakness", {"leg_weakness": "new_or_worsening"}, True),
    ("new_weakness", {"leg_weakness": "longstanding"}, False),
    ("cancer_neuro", {"cancer_history": "current_or_recent", "sbi_numbness": 1}, True),
    ("cancer_neuro", {"cancer_history": "not_sure", "leg_weakness": "longstanding"}, True),
    ("cancer_neuro", {"cancer_history": "current_or_recent", "pain_areas": ("below_knee",)}, True),
    ("cancer_neuro", {"cancer_history": "current_or_recent", "pain_areas": ("foot",)}, True),
    ("cancer_neuro", {"cancer_history": "current_or_recent", "sbi_numbness": 0}, False),
    ("cancer_neuro", {"cancer_history": "past", "sbi_numbness": 6}, False),
    ("infection_severe", {"fever_unwell": Y, "back_pain": 7}, True),
    ("infection_severe", {"fever_unwell": NS, "leg_pain": 7}, True),
    ("infection_severe", {"fever_unwell": Y, "immune_weakened": NS}, True),
    ("infection_severe", {"fever_unwell": Y, "recent_surgery": NS}, True),
    # v2: long-term steroids and poorly controlled (or unsure) diabetes count too.
    ("infection_severe", {"fever_unwell": Y, "steroids_long_term": Y}, True),
    ("infection_severe", {"fever_unwell": NS, "steroids_long_term": NS}, True),
    ("infection_severe", {"fever_unwell": Y, "steroids_long_term": N}, False),
    ("infection_severe", {"fever_unwell": N, "steroids_long_term": Y}, False),
    ("infection_severe", {"fever_unwell": Y, "diabetes": "yes_poor_control_or_numb_feet"}, True),
    ("infection_severe", {"fever_unwell": Y, "diabetes": "not_sure"}, True),
    ("infection_severe", {"fever_unwell": Y, "diabetes": "yes_controlled"}, False),
    ("infection_severe", {"fever_unwell": Y, "diabetes": "no"}, False),
    ("infection_severe", {"fever_unwell": N, "diabetes": "not_sure"}, False),
    ("infection_severe", {"fever_unwell": Y, "back_pain": 6, "leg_pain": 6}, False),
    ("infection_severe", {"fever_unwell": N, "back_pain": 10, "immune_weakened": Y}, False),
    # 4.2 urgent review
    ("cancer_history", {"cancer_history": "past"}, True),
    ("cancer_history", {"cancer_history": "current_or_recent"}, True),
    ("cancer_history", {"cancer_history": "not_sure"}, True),
    ("cancer_history", {"cancer_history": "no"}, False),
    ("cancer_history", {"cancer_history": "current_or_recent", "sbi_numbness": 1}, False),
    *[
        (rule, {question: value}, value != N)
        for rule, question in [
            ("weight_loss", "weight_loss"),
            ("night_pain", "night_pain"),
            ("thoracic_pain", "upper_back_pain"),
            ("immune_weakened", "immune_weakened"),
        ]
        for value in (Y, NS, N)
    ],
    ("fever", {"fever_unwell": Y, "back_pain": 6}, True),
    ("fever", {"fever_unwell": NS}, True),
    ("fever", {"fever_unwell": Y, "back_pain": 7}, False),
    ("fever", {"fever_unwell": N}, False),
    ("age_onset", {"first_episode": Y, "age": 19}, True),
    ("age_onset", {"first_episode": NS, "age": 51}, True),
    ("age_onset", {"first_episode": Y, "age": 20}, False),
    ("age_onset", {"first_episode": Y, "age": 50}, False),
    ("age_onset", {"first_episode": N, "age": 70}, False),
    ("under_16", {"age": 15}, True),
    ("under_16", {"age": 0}, True),
    ("under_16", {"age": 16}, False),
    ("fracture_risk", {"fall_or_lift_onset": Y, "osteoporosis": Y}, True),
    ("fracture_risk", {"fall_or_lift_onset": NS, "steroids_long_term": NS}, True),
    ("fracture_risk", {"fall_or_lift_onset": Y, "age": 65}, True),
    ("fracture_risk", {"fall_or_lift_onset": Y, "age": 64}, False),
    ("fracture_risk", {"fall_or_lift_onset": N, "osteoporosis": Y, "age": 80}, False),
    ("longstanding_weakness", {"leg_weakness": "longstanding"}, True),
    ("longstanding_weakness", {"leg_weakness": "new_or_worsening"}, False),
    ("longstanding_weakness", {"leg_weakness": "none"}, False),
    ("both_legs_longstanding", {"pain_side": "both"}, True),
    ("both_legs_longstanding", {"pain_side": "both", "both_legs_recent": Y}, False),
    ("both_legs_longstanding", {"pain_side": "alternating"}, False),
    # 4.3 not advised
    ("unwilling", {"willing_needles": "no"}, True),
    ("unwilling", {"willing_needles": "unsure"}, False),
    ("needle_phobia", {"needle_fear": "severe"}, True),
    ("needle_phobia", {"needle_fear": "mild"}, False),
    *[
        (rule, {question: value}, value != N)
        for rule, question in [
            ("skin_problem", "skin_problem_area"),
            ("bleeding_disorder", "bleeding_disorder"),
        ]
        for value in (Y, NS, N)
    ],
    ("uncontrolled_epilepsy", {"epilepsy": "uncontrolled"}, True),
    ("uncontrolled_epilepsy", {"epilepsy": "not_sure"}, True),
    ("uncontrolled_epilepsy", {"epilepsy": "controlled"}, False),
    ("no_consent_capacity", {"consent_capacity": "no"}, True, "clinician"),
    ("no_consent_capacity", {"consent_capacity": "not_sure"}, False, "clinician"),
    ("no_consent_capacity", {"consent_capacity": "no"}, False, "self"),
    # 4.4 precautions
    *[
        (rule, {question: value}, value != N)
        for rule, question in [
            ("anticoagulants", "blood_thinners"),
            ("lymphoedema", "lymphoedema"),
            ("immune_precaution", "immune_weakened"),
            ("vascular", "vascular_disease"),
            ("heart_valve", "heart_valve"),
            ("fainting", "fainting_history"),
            ("metal_allergy", "metal_allergy"),
            ("recent_surgery", "recent_surgery"),
            ("implanted_device", "implanted_device"),
        ]
        for value in (Y, NS, N)
    ],
    ("pregnancy", {"pregnant": "yes"}, True),
    ("pregnancy", {"pregnant": "not_sure"}, True),
    ("pregnancy", {"pregnant": "not_applicable"}, False),
    ("diabetes", {"diabetes": "yes_poor_control_or_numb_feet"}, True),
    ("diabetes", {"diabetes": "not_sure"}, True),
    ("diabetes", {"diabetes": "yes_controlled"}, False),
    ("diabetes_controlled", {"diabetes": "yes_controlled"}, True),
    ("diabetes_controlled", {"diabetes": "not_sure"}, False),
    ("controlled_epilepsy", {"epilepsy": "controlled"}, True),
    ("controlled_epilepsy", {"epilepsy": "uncontrolled"}, False),
    ("mild_needle_fear", {"needle_fear": "mild"}, True),
    ("mild_needle_fear", {"willing_needles": "unsure"}, True),
    ("mild_needle_fear", {"needle_fear": "mild", "willing_needles": "no"}, False),
    ("mild_needle_fear", {"willing_needles": "unsure", "needle_fear": "severe"}, False),
    ("mild_needle_fear", {"needle_fear": "none", "willing_needles": "yes"}, False),
    ("consent_unsure", {"consent_capacity": "not_sure"}, True, "clinician"),
    ("consent_unsure", {"consent_capacity": "no"}, False, "clinician"),
    (
        "prior_dn_worse",
        {"treatments_tried": ("dry_needling",), "dry_needling_response": "worse"},
        True,
    ),
    (
        "prior_dn_worse",
        {"treatments_tried": ("dry_needling",), "dry_needling_response": "no_change"},
        False,
    ),
    # The show-if of dry_needling_response is false, so its answer is ignored.
    ("prior_dn_worse", {"treatments_tried": ("massage",), "dry_needling_response": "worse"}, False),
    ("ces_sexual_private", {"sexual_change": "prefer_not_to_say"}, True),
    ("ces_sexual_private", {"sexual_change": "not_applicable"}, False),
    # 4.6 (every kind of term: tests/test_text_warning_sign.py)
    ("text_warning_sign", {"activity_1": "I wet myself"}, True),
    ("text_warning_sign", {"activity_1": "speed walking"}, False),
    ("text_warning_sign", {"bladder_change": Y, "activity_1": "I wet myself"}, False),
]


def _case_id(case: tuple[Any, ...]) -> str:
    rule, changes, fires, *mode = case
    shown = ",".join(f"{k}={v}" for k, v in changes.items())
    return f"{rule}-{'fires' if fires else 'quiet'}-{shown}{'-' + mode[0] if mode else ''}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_boundary(content: Content, case: tuple[Any, ...]) -> None:
    rule_id, changes, fires, *rest = case
    mode: Mode = rest[0] if rest else "self"
    answers = safe_answers(content, "clinician") | changes
    assessment = assess(content, answers, mode)
    fired = {rule.id for rule in assessment.findings}
    assert (rule_id in fired) is fires, sorted(fired)
    if fires:
        rule = next(r for r in content.rules if r.id == rule_id)
        assert SEVERITY[assessment.level] >= SEVERITY[rule.level]


def test_safe_answers_fire_nothing(content: Content) -> None:
    for mode in ("self", "clinician"):
        assessment = assess(content, safe_answers(content, mode), mode)
        assert assessment.findings == ()
        assert assessment.level == "may_suit"


def test_every_rule_is_tested_both_ways(content: Content) -> None:
    firing = {case[0] for case in CASES if case[2]}
    quiet = {case[0] for case in CASES if not case[2]}
    every = {rule.id for rule in content.rules}
    assert firing == every
    assert quiet == every


def test_rule_ids_and_levels_follow_the_spec(content: Content) -> None:
    """Rule ids are a public interface (spec section 4): exactly these, at these levels."""
    expected = {
        "emergency": "ces_saddle_numbness ces_bladder ces_bowel ces_sexual ces_both_legs "
        "new_weakness cancer_neuro infection_severe major_trauma",
        "urgent_review": "cancer_history weight_loss fever night_pain thoracic_pain age_onset "
        "under_16 fracture_risk immune_weakened longstanding_weakness both_legs_longstanding",
        "not_advised": "unwilling needle_phobia skin_problem bleeding_disorder "
        "uncontrolled_epilepsy no_consent_capacity",
        "discuss_precautions": "anticoagulants pregnancy lymphoedema diabetes diabetes_controlled "
        "immune_precaution vascular heart_valve controlled_epilepsy fainting mild_needle_fear "
        "metal_allergy recent_surgery implanted_device consent_unsure prior_dn_worse "
        "ces_sexual_private text_warning_sign",
    }
    actual: dict[str, list[str]] = {}
    for rule in content.rules:
        actual.setdefault(rule.level, []).append(rule.id)
    assert actual == {level: ids.split() for level, ids in expected.items()}


# ── A finding's title says what was answered ─────────────────────────────────────────

#: How a title would hedge between two answers instead of saying the one given.
HEDGES = {"en": ("or unsure", "(or unsure)"), "es": ("o no lo sabe",)}
#: How a title says the answer was "not sure".
NOT_SURE = {"en": "not sure", "es": "no sabe"}


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        ("yes", "Takes blood-thinning medicine"),
        ("not_sure", "Not sure about taking blood-thinning medicine"),
    ],
)
def test_a_finding_title_says_what_was_answered(content: Content, answer: str, title: str) -> None:
    from needlecheck.report.build import build_report

    answers = safe_answers(content) | {"blood_thinners": answer}
    report = build_report(content, assess(content, answers))
    assert [f.summary for f in report.findings if f.id == "anticoagulants"] == [title]


@pytest.mark.parametrize("code", ["en", "es"])
def test_no_finding_title_hedges_between_answers(code: str) -> None:
    """For each rule, each answer to the question its condition starts with that fires
    it alone: the title says that answer, never "yes, or unsure"; "not sure" gets a
    title of its own."""
    from needlecheck.loading.content import load_content
    from needlecheck.model.conditions import questions_in
    from needlecheck.report.build import build_report

    content = load_content(code)
    checked = 0
    for rule in content.rules:
        lead = content.question_by_id[next(questions_in(rule.when))]
        titles = {}
        for value in lead.options:
            answers = safe_answers(content, "clinician") | {lead.id: value}
            report = build_report(content, assess(content, answers, "clinician"))
            for finding in (f for f in report.findings if f.id == rule.id):
                checked += 1
                titles[value] = finding.summary
                title = finding.summary.lower()
                assert not any(hedge in title for hedge in HEDGES[code]), (rule.id, value)
        if "not_sure" in titles and len(titles) > 1:
            assert NOT_SURE[code] in titles.pop("not_sure").lower(), rule.id
            assert not any(NOT_SURE[code] in title.lower() for title in titles.values())
    assert checked > 40
