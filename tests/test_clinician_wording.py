"""Clinician mode speaks of "the caller" (spec 3.6 v2): no report format says "you".

The PT reads the report for themselves, so a "you" in it would mean the PT. Every format
is rendered over many answer sets, with the content worded for the clinician reader.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.render import FORMATS
from needlecheck.report.build import build_report
from render_views import rendered
from strategies import answer_sets

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
CLINICIAN = load_content(reader="clinician")


def second_person(text: str) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in SECOND_PERSON.finditer(text)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(CLINICIAN, "clinician"), ref=st.sampled_from([None, "AB12"]))
def test_no_clinician_report_format_says_you(answers: dict[str, Answer], ref: str | None) -> None:
    report = build_report(CLINICIAN, assess(CLINICIAN, answers, "clinician"), ref=ref)
    for file_format in FORMATS:
        assert second_person(rendered(report, file_format)) == [], file_format


def test_every_rule_and_outcome_is_worded_for_the_clinician() -> None:
    texts = [
        text
        for rule in CLINICIAN.rules
        for text in (rule.summary, *rule.summaries.values(), rule.message, rule.discuss)
    ]
    texts += [t for o in CLINICIAN.outcomes.values() for t in (o.title, o.advice, o.next_step)]
    texts += [*CLINICIAN.safety_net.signs, CLINICIAN.safety_net.action]
    # Report wording (the interview's own is checked in its tests; history views are
    # shown to whoever saved the screenings, --help to whoever runs needlecheck).
    texts += [
        CLINICIAN.text(key)
        for key in CLINICIAN.ui
        if not key.startswith(("interview.", "progress.", "questions.", "help."))
    ]
    assert [t for t in texts if SECOND_PERSON.search(t)] == []


def test_the_self_report_still_speaks_to_the_person() -> None:
    itself = load_content()
    assert itself.outcomes["discuss_precautions"].title == (
        "May suit you, with precautions to discuss"
    )
    assert CLINICIAN.outcomes["discuss_precautions"].title == (
        "May suit the caller, with precautions to discuss"
    )


def test_the_clinician_report_opens_with_the_clinician_summary() -> None:
    answers: dict[str, Answer] = {"blood_thinners": "yes", "age": 40}
    report = build_report(CLINICIAN, assess(CLINICIAN, answers, "clinician"), ref="AB12")
    text = rendered(report, "text")
    summary = text.index(CLINICIAN.text("heading_clinician"))
    discuss = text.index(CLINICIAN.text("heading_discuss_clinician"))
    assert text.index(report.title) < summary < discuss
    assert discuss < text.index(CLINICIAN.text("heading_care"))
    assert discuss < text.index(CLINICIAN.text("heading_answers"))
    assert "anticoagulants" in text[summary:discuss]
