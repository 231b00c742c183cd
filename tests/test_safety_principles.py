"""The eight safety principles of spec section 1, as properties over generated answers.

Each test states one principle; the risk orders below are copied from the spec (principle
4), independently of the content files, so a content change that breaks a principle
fails here.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content
from needlecheck.model.logic import SEVERITY, FeatureGroup, Rule
from needlecheck.render import render
from needlecheck.render.markdown import escape as markdown_escape
from needlecheck.report.build import build_report
from strategies import answer_sets

CONTENT = load_content()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODES = st.sampled_from(["self", "clinician"])

# Principle 4: risk order, safest first; values in one tuple are equally risky.
YES_NO_ORDER = (("no",), ("not_sure", "yes"))
RISK_ORDER: dict[str, tuple[tuple[str, ...], ...]] = {
    "sexual_change": (("no", "not_applicable"), ("prefer_not_to_say",), ("not_sure", "yes")),
    "pregnant": (("no", "not_applicable"), ("not_sure", "yes")),
    "pain_side": (("back_only", "left", "right", "alternating"), ("both",)),
    "leg_weakness": (("none",), ("longstanding",), ("new_or_worsening",)),
    "cancer_history": (("no",), ("past",), ("not_sure", "current_or_recent")),
    "willing_needles": (("yes",), ("unsure",), ("no",)),
    "needle_fear": (("none",), ("mild",), ("severe",)),
    "diabetes": (("no",), ("yes_controlled",), ("yes_poor_control_or_numb_feet", "not_sure")),
    "epilepsy": (("no",), ("controlled",), ("uncontrolled", "not_sure")),
    "consent_capacity": (("yes",), ("not_sure",), ("no",)),
    "dry_needling_response": (("helped", "no_change", "not_sure"), ("worse",)),
}
#: Integers where higher is riskier (principle 4); age is not ordered.
ORDERED_INTEGERS = (
    "leg_pain",
    "back_pain",
    "sbi_leg_pain",
    "sbi_numbness",
    "sbi_weakness",
    "sbi_sitting",
)


def _rank(question_id: str, value: Answer) -> int:
    question = CONTENT.question_by_id[question_id]
    if question.type == "integer":
        assert isinstance(value, int)
        return value
    order = YES_NO_ORDER if question.type == "yes_no" else RISK_ORDER[question_id]
    return next(rank for rank, group in enumerate(order) if value in group)


ORDERED = [q.id for q in CONTENT.questions if q.type == "yes_no"] + [*RISK_ORDER, *ORDERED_INTEGERS]


def _severity(answers: dict[str, Answer], mode: str) -> int:
    return SEVERITY[assess(CONTENT, answers, mode).level]  # type: ignore[arg-type]


def test_risk_orders_cover_every_ordered_question() -> None:
    """Every choice question with a safety role has a risk order in this test."""
    unordered_by_spec = {"duration", "treatment_relief", "pain_areas", "treatments_tried", "goals"}
    for question in CONTENT.questions:
        if question.type in ("choice",) and question.id not in unordered_by_spec:
            assert question.id in RISK_ORDER, question.id
            flat = [v for group in RISK_ORDER[question.id] for v in group]
            assert sorted(flat) == sorted(question.options), question.id


# ── Principle 2: emergency outranks everything, and is shown first
@SETTINGS
@given(data=st.data(), mode=MODES)
def test_emergency_outranks_everything(data: st.DataObject, mode: str) -> None:
    answers = data.draw(answer_sets(CONTENT, mode))
    assessment = assess(CONTENT, answers, mode)  # type: ignore[arg-type]
    emergency_fired = any(rule.level == "emergency" for rule in assessment.findings)
    assert (assessment.level == "emergency") is emergency_fired
    if emergency_fired:
        assert assessment.findings[0].level == "emergency"
        text = render(build_report(CONTENT, assessment), "text")
        title = CONTENT.outcomes["emergency"].title
        # The first thing after the header is the emergency outcome and its advice.
        body = text.split("\n\n", 1)[1]
        assert body.startswith(title)


# ── Principle 3: uncertainty is never read as safety
@SETTINGS
@given(data=st.data(), mode=MODES)
def test_not_sure_counts_like_yes(data: st.DataObject, mode: str) -> None:
    answers = data.draw(answer_sets(CONTENT, mode, complete=True))
    question = data.draw(
        st.sampled_from([q for q in CONTENT.questions if q.type == "yes_no" and q.safety])
    )
    as_yes = _severity(answers | {question.id: "yes"}, mode)
    as_not_sure = _severity(answers | {question.id: "not_sure"}, mode)
    assert as_yes == as_not_sure
    assert as_not_sure >= _severity(answers | {question.id: "no"}, mode)


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_unsure_answers_are_reported(data: st.DataObject, mode: str) -> None:
    answers = data.draw(answer_sets(CONTENT, mode))
    assessment = assess(CONTENT, answers, mode)  # type: ignore[arg-type]
    unsure = {
        qid
        for qid, value in assessment.answers.items()
        if CONTENT.question_by_id[qid].safety and value in ("not_sure", "unsure")
    }
    assert set(assessment.unsure) == unsure
    report = build_report(CONTENT, assessment)
    for qid in unsure:
        assert CONTENT.question_by_id[qid].label in render(report, "text")


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_missing_safety_answer_never_gives_a_favourable_outcome(
    data: st.DataObject, mode: str
) -> None:
    answers = data.draw(answer_sets(CONTENT, mode, complete=True))
    safety = [q.id for q in CONTENT.questions if q.safety and mode in q.modes]
    removed = data.draw(st.sets(st.sampled_from(safety), min_size=1))
    for qid in removed:
        del answers[qid]
    assessment = assess(CONTENT, answers, mode)  # type: ignore[arg-type]
    assert assessment.level not in ("may_suit", "discuss_precautions")
    assert assessment.level in ("emergency", "incomplete")
    assert set(removed) <= set(assessment.unanswered)


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_unanswered_lists_cauda_equina_signs_first(data: st.DataObject, mode: str) -> None:
    answers = data.draw(answer_sets(CONTENT, mode))
    unanswered = assess(CONTENT, answers, mode).unanswered  # type: ignore[arg-type]
    ces = set(CONTENT.safety_net.questions)
    flags = [qid in ces for qid in unanswered]
    assert flags == sorted(flags, reverse=True)


# ── Principle 4: adding a risk never improves the outcome
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=MODES)
def test_monotonic_under_the_risk_order(data: st.DataObject, mode: str) -> None:
    answers = data.draw(answer_sets(CONTENT, mode))
    qid = data.draw(st.sampled_from(ORDERED))
    question = CONTENT.question_by_id[qid]
    assume(mode in question.modes and qid in answers)
    if question.type == "integer":
        assert question.max is not None
        current = answers[qid]
        assert isinstance(current, int)
        riskier: Answer = data.draw(st.integers(current, question.max))
    else:
        riskier = data.draw(
            st.sampled_from(
                [v for v in question.options if _rank(qid, v) >= _rank(qid, answers[qid])]
            )
        )
    assert _severity(answers | {qid: riskier}, mode) >= _severity(answers, mode)


# ── Principle 5: never advise starting, stopping or changing a medication
MEDICATION_ADVICE = re.compile(
    r"\b(stop|stopping|start|starting|come off|reduce|increase|lower|raise|skip|halve|double|switch)"
    r"\b[^.]{0,30}\b(medicine|medication|tablets?|pills?|dose|warfarin|blood[- ]thinn\w*|drugs?)\b"
    r"|\bstop taking\b|\bcome off\b",
    re.IGNORECASE,
)
ALLOWED_MEDICATION_WORDS = re.compile(r"\b(do not|don't|never|without)\b", re.IGNORECASE)


def _all_wording(content: Content) -> list[str]:
    texts = [*content.ui.values()]
    for rule in content.rules:
        texts += [rule.summary, *rule.summaries.values(), rule.message, rule.discuss]
    for outcome in content.outcomes.values():
        texts += [outcome.title, outcome.advice, outcome.next_step]
    texts += [note.text for note in content.notes]
    texts += [group.summary for group in content.feature_groups]
    texts += [*content.safety_net.signs, content.safety_net.action]
    return texts


def _advises_medication_change(sentence: str) -> bool:
    return bool(MEDICATION_ADVICE.search(sentence)) and not ALLOWED_MEDICATION_WORDS.search(
        sentence
    )


def test_the_medication_check_can_fail() -> None:
    assert _advises_medication_change("Stop taking warfarin two days before needling.")
    assert _advises_medication_change("Reduce your dose of blood thinners first.")
    assert not _advises_medication_change(
        "Do not change the medicine without asking the prescriber."
    )


def test_no_wording_advises_a_medication_change(content: Content) -> None:
    for text in _all_wording(content):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert not _advises_medication_change(sentence), sentence


def test_blood_thinner_advice_says_to_bring_name_and_dose_and_ask_the_prescriber(
    content: Content,
) -> None:
    rule = next(r for r in content.rules if r.id == "anticoagulants")
    assert "name and dose" in rule.message
    assert "prescri" in rule.message


# ── Principle 6: never "muscular, not nerve"
NOT_NERVE = re.compile(
    r"muscular,? not nerve|not (a |from a |from the )?nerve|only (in the )?muscle", re.I
)


def test_the_not_nerve_check_can_fail() -> None:
    assert NOT_NERVE.search("Your pain is muscular, not nerve pain.")
    assert NOT_NERVE.search("This is not a nerve problem.")


def test_no_wording_claims_muscle_not_nerve(content: Content) -> None:
    for text in _all_wording(content) + [f.text for f in content.features]:
        assert not NOT_NERVE.search(text), text
    muscle = next(g for g in content.feature_groups if g.id == "muscle_features")
    assert "examination" in muscle.summary


# ── Principle 7: no claim without a source
def test_every_rule_and_feature_group_has_a_known_source(content: Content) -> None:
    items: list[Rule | FeatureGroup] = [*content.rules, *content.feature_groups]
    for item in items:
        assert item.sources, item.id
        assert set(item.sources) <= set(content.sources), item.id


# ── Principle 8: red-flag questions are asked of everyone
def test_red_flag_questions_have_no_show_if_and_are_safety_questions(content: Content) -> None:
    red_flags = [q for q in content.questions if q.section == "red_flags"]
    assert len(red_flags) == 17  # v2: recent_surgery moved in
    for question in red_flags:
        assert question.show_if is None, question.id
        assert question.safety, question.id
        assert question.modes == {"self", "clinician"}, question.id


# ── Principle 1: screens, not diagnoses; every report ends with a next step
@settings(max_examples=60, deadline=None)
@given(data=st.data(), mode=MODES, file_format=st.sampled_from(["text", "markdown"]))
def test_every_report_disclaims_and_ends_with_the_next_step(
    data: st.DataObject, mode: str, file_format: str
) -> None:
    assessment = assess(CONTENT, data.draw(answer_sets(CONTENT, mode)), mode)  # type: ignore[arg-type]
    report = build_report(CONTENT, assessment)
    text = render(report, file_format)
    # The outcome's next step, except that an incomplete one keeps the time frame of an
    # urgent finding (principle 11).
    urgent = any(rule.level == "urgent_review" for rule in assessment.findings)
    if assessment.level == "incomplete" and urgent:
        assert "within the next few days" in report.next_step
    else:
        assert report.next_step == CONTENT.outcomes[assessment.level].next_step
    closing = CONTENT.text("next_step_closing", next_step=report.next_step)
    last_paragraph = text.strip().split("\n\n")[-1]
    assert last_paragraph.strip("*") == (
        closing if file_format == "text" else markdown_escape(closing)
    )
    assert "not a diagnosis" in text
    for sign in CONTENT.safety_net.signs:
        assert sign.split()[0] in text
