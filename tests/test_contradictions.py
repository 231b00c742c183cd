"""Answers that disagree are flagged (spec 4.7): a warning, high in every report, never a level."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content
from needlecheck.render import render
from needlecheck.report.build import build_report
from render_views import DOCUMENT_FORMATS, out_of_order, rendered, report_for, shows
from strategies import answer_sets

CONTENT = load_content()
BACK_ONLY_BUT_FOOT: dict[str, Answer] = {
    "pain_side": "back_only",
    "pain_areas": ("lower_back", "foot"),
}


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"pain_side": "back_only", "pain_areas": ("lower_back", "back_of_thigh")}, True),
        ({"pain_side": "back_only", "pain_areas": ("below_knee",)}, True),
        (BACK_ONLY_BUT_FOOT, True),
        ({"pain_side": "back_only", "pain_areas": ("lower_back", "buttock")}, False),
        ({"pain_side": "right", "pain_areas": ("foot",)}, False),
        ({"pain_side": "back_only", "pain_areas": None}, False),  # unanswered: no comparison holds
        ({"pain_side": None, "pain_areas": ("foot",)}, False),
    ],
)
def test_leg_pain_but_back_only_both_ways(changes: dict[str, Any], flagged: bool) -> None:
    answers = {
        qid: value for qid, value in (safe_answers(CONTENT) | changes).items() if value is not None
    }
    found = [c.id for c in assess(CONTENT, answers).contradictions]
    assert found == (["leg_pain_but_back_only"] if flagged else [])


def test_a_contradiction_names_the_answers_it_reads(content: Content) -> None:
    (contradiction,) = content.contradictions
    assert contradiction.questions == ("pain_side", "pain_areas")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(["self", "clinician"]))
def test_a_contradiction_never_changes_the_level(data: st.DataObject, mode: str) -> None:
    answers = data.draw(answer_sets(CONTENT, mode))
    with_them = assess(CONTENT, answers, mode)  # type: ignore[arg-type]
    without = assess(CONTENT._replace(contradictions=()), answers, mode)  # type: ignore[arg-type]
    assert with_them.level == without.level
    assert with_them.findings == without.findings


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
def test_shown_after_the_outcome_and_before_other_findings(
    content: Content, file_format: str
) -> None:
    answers = safe_answers(content) | BACK_ONLY_BUT_FOOT | {"weight_loss": "yes", "pregnant": "yes"}
    report = report_for(content, answers)
    output = rendered(report, file_format, columns=100)
    text = content.contradictions[0].text
    order = [
        report.title,
        content.text("heading_act_first"),
        content.text("heading_contradictions"),
        text,
        content.text("heading_care"),
    ]
    assert out_of_order(output, file_format, order) == []
    quiet = report_for(content, safe_answers(content))
    assert not shows(
        rendered(quiet, file_format), file_format, content.text("heading_contradictions")
    )


def test_json_lists_it_first_among_the_warnings(content: Content) -> None:
    answers = safe_answers(content) | BACK_ONLY_BUT_FOOT | {"clinician_notes": "x"}
    report = json.loads(render(build_report(content, assess(content, answers)), "json"))
    assert report["contradictions"] == ["leg_pain_but_back_only"]
    assert report["warnings"][0] == content.contradictions[0].text
    assert len(report["warnings"]) == 2  # and the ignored clinician notes
    assert report["outcome"]["level"] == "may_suit"
    calm = json.loads(render(build_report(content, assess(content, safe_answers(content))), "json"))
    assert calm["contradictions"] == [] and calm["warnings"] == []


def test_a_contradiction_without_words_or_with_a_broken_condition_fails_at_load() -> None:
    import copy
    import tomllib

    from needlecheck.loading.content import CONTENT_DIR, ContentError, build_content

    logic = tomllib.loads((CONTENT_DIR / "screening.toml").read_text("utf-8"))
    text = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))
    broken_logic, broken_text = copy.deepcopy(logic), copy.deepcopy(text)
    broken_logic["contradictions"][0]["when"] = {"question": "pain_side", "op": "=", "value": "leg"}
    del broken_text["contradictions"]["leg_pain_but_back_only"]
    with pytest.raises(ContentError) as raised:
        build_content(broken_logic, broken_text, "screening.toml", "text/en.toml")
    problems = "\n".join(raised.value.problems)
    assert "contradiction 'leg_pain_but_back_only': condition 'leg' is not an option" in problems
    assert "[contradictions.leg_pain_but_back_only]: missing" in problems
