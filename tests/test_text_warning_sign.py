"""Free text that may describe a warning sign fires ``text_warning_sign`` (spec 4.6).

Each case starts from the safe answer set (no rule fires) and changes only what it
names, so it shows what those words do: every kind of term fires, near misses do not,
text that does not apply is never searched, and a sign whose own emergency rule fired
adds nothing.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import CONTENT_DIR, ContentError, build_content, load_content
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.model.logic import SEVERITY
from needlecheck.model.text_signs import TextMatch, signs_in
from needlecheck.render import render
from needlecheck.report.build import build_report
from render_views import DOCUMENT_FORMATS, out_of_order, rendered, report_for, shows
from strategies import WARNING_TEXTS, answer_sets

RULE = "text_warning_sign"
CONTENT = load_content()


def _fires(content: Content, changes: dict[str, Any], mode: Mode = "self") -> bool:
    answers = safe_answers(content, mode) | changes
    return RULE in {rule.id for rule in assess(content, answers, mode).findings}


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("I wet myself on the bus", True),  # a phrase
        ("I WET   MYSELF", True),  # case ignored, any run of spaces
        ("wet\nmyself", True),
        ("my bladder", True),  # a plain word
        ("bladders", False),  # a plain word is a whole word
        ("speed walking", False),  # "pee" inside a longer word
        ("reading a manuscript", False),  # "anus" inside a longer word
        ("pee", True),
        ("urinating hurts", True),  # a stem: urinat*
        ("incontinence pads", True),  # incontinen*
        ("genitals feel odd", True),  # genital*
        ("foot drop", True),
        ("foot-drop", True),  # hyphen between the words of a phrase
        ("foot — drop", True),  # em dash with spaces (U+2014)
        ("foot\u2010drop", True),  # hyphen U+2010
        ("foot\u2015drop", True),  # horizontal bar U+2015
        ("foot_drop", False),  # an underscore is not a separator
        ("footdrop", True),
        ("foot slapping on stairs", True),  # a stem on a phrase's last word
        ("my left leg gave way", True),
        ("both legs", True),
        ("erectile problems", True),
        ("bowel", True),
        ("running 5 km", False),
        ("", False),
    ],
)
def test_each_kind_of_term_fires_and_near_misses_do_not(text: str, fires: bool) -> None:
    assert _fires(CONTENT, {"activity_1": text}) is fires


@pytest.mark.parametrize("field", ["activity_1", "activity_2", "activity_3"])
def test_every_activity_is_searched(field: str) -> None:
    assert _fires(CONTENT, {field: "I wet myself"})
    assert not _fires(CONTENT, {field: "gardening"})


def test_clinician_notes_are_searched_only_in_clinician_mode() -> None:
    assert _fires(CONTENT, {"clinician_notes": "says both legs went numb"}, "clinician")
    answers = safe_answers(CONTENT, "self") | {"clinician_notes": "says both legs went numb"}
    assessment = assess(CONTENT, answers, "self")
    assert RULE not in {rule.id for rule in assessment.findings}
    assert assessment.matches == ()


def test_text_in_a_question_that_does_not_apply_is_not_searched() -> None:
    logic = tomllib.loads((CONTENT_DIR / "screening.toml").read_text("utf-8"))
    text = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))
    logic = copy.deepcopy(logic)
    third = next(q for q in logic["questions"] if q["id"] == "activity_3")
    third["show_if"] = {"question": "activity_2", "op": "not_empty"}
    content = build_content(logic, text, "screening.toml", "text/en.toml")
    assert not _fires(content, {"activity_2": "", "activity_3": "I wet myself"})
    assert _fires(content, {"activity_2": "walking", "activity_3": "I wet myself"})


# Spec 4.6: a sign counts while its own emergency rule has not fired, unanswered included.
@pytest.mark.parametrize(
    ("sign", "value", "text", "fires"),
    [
        ("bladder_change", "no", "I wet myself", True),
        ("bladder_change", None, "I wet myself", True),
        ("bladder_change", "yes", "I wet myself", False),
        ("bladder_change", "not_sure", "I wet myself", False),
        ("saddle_numbness", "no", "numb bum", True),
        ("saddle_numbness", "not_sure", "numb bum", False),
        ("bowel_change", "no", "soiled myself", True),
        ("bowel_change", "yes", "soiled myself", False),
        ("both_legs_recent", "no", "both legs", True),
        ("both_legs_recent", "yes", "both legs", False),
        ("sexual_change", "no", "erection problems", True),
        ("sexual_change", "not_applicable", "erection problems", True),
        ("sexual_change", "prefer_not_to_say", "erection problems", True),
        ("sexual_change", None, "erection problems", True),
        ("sexual_change", "yes", "erection problems", False),
        ("sexual_change", "not_sure", "erection problems", False),
        ("leg_weakness", "none", "foot drop", True),
        ("leg_weakness", "longstanding", "foot drop", True),
        ("leg_weakness", None, "foot drop", True),
        ("leg_weakness", "new_or_worsening", "foot drop", False),
    ],
)
def test_a_sign_whose_emergency_rule_fired_adds_nothing(
    sign: str, value: str | None, text: str, fires: bool
) -> None:
    answers = safe_answers(CONTENT) | {"activity_1": text}
    if value is None:
        del answers[sign]
    else:
        answers[sign] = value
    assessment = assess(CONTENT, answers)
    assert (RULE in {rule.id for rule in assessment.findings}) is fires
    assert bool(assessment.matches) is fires


def test_another_sign_still_counts_when_one_fired() -> None:
    answers = safe_answers(CONTENT) | {"bladder_change": "yes", "activity_1": "I wet myself"}
    answers |= {"activity_2": "my foot drags"}
    assessment = assess(CONTENT, answers)
    assert assessment.level == "emergency"
    assert assessment.matches == (TextMatch("leg_weakness", "activity_2", "foot drags"),)


def test_matches_are_one_per_sign_and_field_in_sign_then_field_order() -> None:
    answers = safe_answers(CONTENT, "clinician") | {
        "activity_1": "Walking: foot-drop, and my bladder leaks, pee a lot",
        "activity_2": "Wet myself",
        "clinician_notes": "groin numb",
    }
    assessment = assess(CONTENT, answers, "clinician")
    assert [rule.id for rule in assessment.findings] == [RULE]  # fires once
    assert [(m.question, m.field) for m in assessment.matches] == [
        ("saddle_numbness", "clinician_notes"),
        ("bladder_change", "activity_1"),
        ("bladder_change", "activity_2"),
        ("leg_weakness", "activity_1"),
    ]
    assert assessment.matches[2].term == "Wet myself"  # as written
    assert assessment.matches[3].term == "foot-drop"


def test_json_finding_carries_matches_and_quotes_the_words() -> None:
    answers = safe_answers(CONTENT) | {"activity_1": "I wet myself"}
    report = build_report(CONTENT, assess(CONTENT, answers))
    finding = next(f for f in json.loads(render(report, "json"))["findings"] if f["id"] == RULE)
    assert finding["level"] == "discuss_precautions"
    assert finding["sources"] == ["CES-CARD"]
    assert finding["matches"] == [
        {"question": "bladder_change", "field": "activity_1", "term": "wet myself"}
    ]
    assert "'wet myself' in Activity 1" in finding["message"]
    others = json.loads(
        render(
            build_report(CONTENT, assess(CONTENT, safe_answers(CONTENT) | {"pregnant": "yes"})),
            "json",
        )
    )
    assert all("matches" not in f for f in others["findings"])


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"activity_1": "I wet myself", "pregnant": "yes"}, RULE),
        ({"sexual_change": "prefer_not_to_say", "pregnant": "yes"}, "ces_sexual_private"),
    ],
)
def test_flagged_findings_stand_under_act_on_this_first(
    content: Content, file_format: str, changes: dict[str, Any], rule: str
) -> None:
    report = report_for(content, safe_answers(content) | changes)
    assert [f.id for f in report.act_first] == [rule]
    assert rule not in [f.id for f in report.care]
    finding, pregnancy = report.act_first[0], report.care[0]
    output = rendered(report, file_format, columns=100)
    heading = content.text("heading_act_first")
    line = f"{finding.summary}: {finding.message}"
    assert (
        out_of_order(
            output, file_format, [report.title, heading, line, content.text("heading_care")]
        )
        == []
    )
    assert shows(output, file_format, f"{pregnancy.summary}: {pregnancy.message}")
    if rule == RULE:
        assert shows(output, file_format, "'wet myself' in Activity 1")


def test_the_interview_can_ask_which_signs_a_text_may_describe(content: Content) -> None:
    assert signs_in(content.text_signs, "Both legs, and I wet myself") == (
        ("bladder_change", "wet myself"),
        ("both_legs_recent", "Both legs"),
    )
    assert signs_in(content.text_signs, "speed") == ()


def test_terms_are_content_in_the_spec_sign_order(content: Content) -> None:
    assert [sign.question for sign in content.text_signs] == [
        "saddle_numbness",
        "bladder_change",
        "bowel_change",
        "sexual_change",
        "leg_weakness",
        "both_legs_recent",
    ]


LOGIC = tomllib.loads((CONTENT_DIR / "screening.toml").read_text("utf-8"))
TEXT = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))


def _problems(change: Any) -> list[str]:
    logic = copy.deepcopy(LOGIC)
    change(logic)
    with pytest.raises(ContentError) as raised:
        build_content(logic, TEXT, "screening.toml", "text/en.toml")
    return raised.value.problems


def _sign(logic: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(sign for sign in logic["text_signs"] if sign["question"] == qid)


def _rule(logic: dict[str, Any]) -> dict[str, Any]:
    return next(rule for rule in logic["rules"] if rule["id"] == RULE)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda lg: _sign(lg, "bowel_change").update(question="goals"),
            "'question' must be a safety question",
        ),
        (
            lambda lg: _sign(lg, "bowel_change").update(emergency_rule="fever"),
            "'emergency_rule' is not an emergency rule",
        ),
        (
            lambda lg: _sign(lg, "bowel_change").update(emergency_rule="ces_bladder"),
            "rule 'ces_bladder' does not read 'bowel_change'",
        ),
        (
            lambda lg: _rule(lg).update(when={"text_warning_sign": ["activity_1_score"]}),
            "searches text questions; 'activity_1_score' is not",
        ),
        (lambda lg: _rule(lg).update(act_first="yes"), "'act_first' must be true or false"),
    ],
)
def test_broken_signs_fail_loudly_at_load(change: Any, expected: str) -> None:
    problems = _problems(change)
    assert any(expected in problem for problem in problems), problems


# ── Principles 4 and 10 over answer sets with free text
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODES = st.sampled_from(["self", "clinician"])
FIELDS = ("activity_1", "activity_2", "activity_3", "clinician_notes")


@SETTINGS
@given(data=st.data(), mode=MODES)
def test_free_text_never_lowers_the_outcome_and_is_never_passed_over(
    data: st.DataObject, mode: Mode
) -> None:
    """Principle 10: writing words that may describe a warning sign into a free-text
    answer that applies never lowers the level, and fires the rule unless every sign
    those words describe has already fired its emergency rule."""
    answers = data.draw(answer_sets(CONTENT, mode))
    field = data.draw(
        st.sampled_from([f for f in FIELDS if mode in CONTENT.question_by_id[f].modes])
    )
    words = data.draw(st.sampled_from(WARNING_TEXTS))
    before = assess(CONTENT, answers, mode)
    after = assess(CONTENT, answers | {field: words}, mode)
    assert SEVERITY[after.level] >= SEVERITY[before.level]
    fired = {rule.id for rule in after.findings}
    quiet = [q for q, _ in signs_in(CONTENT.text_signs, words) if _sign_rule(q) not in fired]
    assert (RULE in fired) is bool(quiet) or RULE in {r.id for r in before.findings}
    assert {m.question for m in after.matches if m.field == field} == set(quiet)


def _sign_rule(question: str) -> str:
    return next(s.emergency_rule for s in CONTENT.text_signs if s.question == question)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("po*o", "'*' is allowed only at the end of the last word"),
        ("poo* myself", "'*' is allowed only at the end of the last word"),
        ("poo**", "'*' is allowed only at the end of the last word"),
        ("  ", "a term must be non-empty text"),
        ("poo (a lot)", "whole words of letters or digits"),
        ("faecal", "term 'faecal': listed twice"),
    ],
)
def test_broken_terms_fail_loudly_at_load(term: str, expected: str) -> None:
    problems = _problems(lambda logic: _sign(logic, "bowel_change")["terms"].append(term))
    assert any("text sign 'bowel_change': " in p and expected in p for p in problems), problems


def test_terms_are_compiled_when_a_text_is_first_searched_not_at_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Compiling every sign's terms costs more than the rest of loading the content, and
    # most runs read no free text: loading compiles nothing, the first search does.
    from needlecheck.model import text_signs

    compiled: list[tuple[str, ...]] = []
    compile_terms = text_signs.compile_terms

    def counted(terms: tuple[str, ...]) -> re.Pattern[str]:
        compiled.append(terms)
        return compile_terms(terms)

    monkeypatch.setattr(text_signs, "compile_terms", counted)
    content = build_content(LOGIC, TEXT, "screening.toml", "en.toml")
    assert compiled == []
    assert _fires(content, {"activity_1": "I wet myself on the bus"})
    assert compiled
