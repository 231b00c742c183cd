"""Clinician mode in Spanish speaks of "la persona que llama" (spec 3.6 v2, issue 17): no
report format speaks to its reader, as ``test_clinician_wording.py`` checks "you" in
English.

The PT reads the report for themselves, so "usted" in it would mean the PT, and so would
a "su" or "sus" with no person named before it in its sentence ("sus agujas": yours).
A "su" after the caller is named is the caller's ("la persona que llama debe ir a su
médico"). Every format is rendered over many answer sets, in Spanish, for the clinician.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.render import FORMATS
from needlecheck.report.build import build_report
from render_views import rendered
from strategies import answer_sets

CLINICIAN = load_content("es", reader="clinician")
#: Where one sentence ends in any format: after its stop, or at a line, a JSON string, an
#: HTML tag or a table cell.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[\n\"<>|│]")
USTED = re.compile(r"\busted(es)?\b", re.IGNORECASE)
POSSESSIVE = re.compile(r"\b(su|sus|suyos?|suyas?)\b", re.IGNORECASE)
#: How the reports name the caller: "la persona que llama", or "la persona" once named.
PERSON = re.compile(r"\bpersonas?\b", re.IGNORECASE)


def to_the_reader(text: str) -> list[str]:
    """The sentences of ``text`` that speak to whoever reads it."""
    found = []
    for sentence in SENTENCE_END.split(" ".join(text.split())):
        possessive = POSSESSIVE.search(sentence)
        if USTED.search(sentence) or (
            possessive and not PERSON.search(sentence[: possessive.start()])
        ):
            found.append(sentence.strip())
    return found


def test_the_check_finds_the_reader_addressed() -> None:
    assert to_the_reader("Pregunte al fisioterapeuta de qué material son sus agujas.")
    assert to_the_reader("Si usted nota debilidad, llame.")
    assert to_the_reader('{"discuss": "Su dolor"}')
    assert not to_the_reader("La persona que llama debe ir a su médico de familia.")
    assert to_the_reader("Consulta sugerida. Hable con su médico.") == ["Hable con su médico."]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(CLINICIAN, "clinician"), ref=st.sampled_from([None, "AB12"]))
def test_no_spanish_clinician_report_format_speaks_to_its_reader(
    answers: dict[str, Answer], ref: str | None
) -> None:
    report = build_report(CLINICIAN, assess(CLINICIAN, answers, "clinician"), ref=ref)
    for file_format in FORMATS:
        assert to_the_reader(rendered(report, file_format)) == [], file_format


@pytest.mark.parametrize("file_format", list(FORMATS))
def test_every_finding_in_every_format_speaks_of_the_caller(file_format: str) -> None:
    """Every yes/no question answered with its last option (yes, or not sure): the most
    findings one report can hold, so every rule's clinician wording is shown."""
    risky = {q.id: q.options[-1] for q in CLINICIAN.questions if q.type == "yes_no"} | {"age": 70}
    report = build_report(CLINICIAN, assess(CLINICIAN, risky, "clinician"), ref="AB12")
    assert to_the_reader(rendered(report, file_format)) == []


def test_every_rule_outcome_and_report_line_is_worded_for_the_clinician() -> None:
    texts = [
        text for rule in CLINICIAN.rules for text in (rule.summary, rule.message, rule.discuss)
    ]
    texts += [t for o in CLINICIAN.outcomes.values() for t in (o.title, o.advice, o.next_step)]
    texts += [*CLINICIAN.safety_net.signs, CLINICIAN.safety_net.action]
    texts += [q.prompt("clinician") for q in CLINICIAN.questions]
    # The report's own lines (the [ui] keys of no area). The interview's words are for
    # reading aloud to the caller; history, --help and the like speak to whoever runs
    # needlecheck.
    texts += [CLINICIAN.text(key) for key in CLINICIAN.ui if "." not in key]
    assert [t for t in texts if to_the_reader(t)] == []


def test_no_message_in_clinician_mode_says_usted() -> None:
    # Messages about files, drafts and streams say "su" of them ("its answers"), so only
    # "usted" is looked for, as "you" is in English.
    messages = [
        CLINICIAN.text(key)
        for key in CLINICIAN.ui
        if "." in key and not key.startswith(("interview.", "progress.", "questions.", "help."))
    ]
    assert [text for text in messages if USTED.search(text)] == []
