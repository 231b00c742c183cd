"""The content files load, and a broken content file fails loudly, naming file and item."""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from needlecheck.loading.content import CONTENT_DIR, ContentError, build_content
from needlecheck.model.content import Content

LOGIC = tomllib.loads((CONTENT_DIR / "screening.toml").read_text("utf-8"))
TEXT = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))


def _broken(change: Callable[[dict[str, Any], dict[str, Any]], None]) -> list[str]:
    logic, text = copy.deepcopy(LOGIC), copy.deepcopy(TEXT)
    change(logic, text)
    with pytest.raises(ContentError) as raised:
        build_content(logic, text, "screening.toml", "text/en.toml")
    return raised.value.problems


def _question(logic: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in logic["questions"] if q["id"] == qid)


def _rule(logic: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in logic["rules"] if r["id"] == rid)


def test_the_real_content_loads(content: Content) -> None:
    assert content.content_version == "2"
    assert [s.id for s in content.sections] == [
        "about",
        "red_flags",
        "symptoms",
        "needling",
        "history",
    ]
    assert len(content.questions) == 57
    assert len(content.rules) == 44


def test_red_flags_hold_recent_surgery_right_after_immune_weakened(content: Content) -> None:
    """Spec 3.2 (v2): recent surgery is a warning sign, asked of everyone, without a show-if."""
    red_flags = [q.id for q in content.questions if q.section == "red_flags"]
    assert red_flags[-2:] == ["immune_weakened", "recent_surgery"]
    surgery = content.question_by_id["recent_surgery"]
    assert surgery.safety and surgery.show_if is None and surgery.modes == {"self", "clinician"}


BROKEN: dict[str, tuple[Callable[[dict[str, Any], dict[str, Any]], None], str]] = {
    "unknown question in a condition": (
        lambda logic, text: _rule(logic, "ces_bladder")["when"].update(question="bladder"),
        r"screening\.toml: rule 'ces_bladder': condition refers to unknown question 'bladder'",
    ),
    "unknown option in a condition": (
        lambda logic, text: _rule(logic, "new_weakness")["when"].update(value="sudden"),
        r"rule 'new_weakness': condition 'sudden' is not an option of 'leg_weakness'",
    ),
    "operator on the wrong type": (
        lambda logic, text: _rule(logic, "new_weakness")["when"].update(op=">="),
        r"rule 'new_weakness': condition operator '>=' does not work on choice question",
    ),
    "duplicate question id": (
        lambda logic, text: logic["questions"].append(dict(_question(logic, "age"))),
        r"question 'age': duplicate id",
    ),
    "duplicate rule id": (
        lambda logic, text: logic["rules"].append(dict(_rule(logic, "fever"))),
        r"rule 'fever': duplicate id",
    ),
    "rule with an unknown source": (
        lambda logic, text: _rule(logic, "fever").update(sources=["WIKIPEDIA"]),
        r"rule 'fever': unknown source 'WIKIPEDIA'",
    ),
    "rule without a source": (
        lambda logic, text: _rule(logic, "fever").update(sources=[]),
        r"rule 'fever': has no source",
    ),
    "red-flag question given a show-if": (
        lambda logic, text: _question(logic, "bladder_change").update(
            show_if={"question": "age", "op": ">=", "value": 18}
        ),
        r"question 'bladder_change': section 'red_flags' is always asked: no show-if allowed",
    ),
    "red-flag question that is not a safety question": (
        lambda logic, text: _question(logic, "night_pain").update(safety=False),
        r"question 'night_pain': every question in section 'red_flags' must be a safety question",
    ),
    "show-if on a later question": (
        lambda logic, text: _question(logic, "treatment_relief").update(
            show_if={"question": "goals", "op": "not_empty"}
        ),
        r"question 'treatment_relief' show_if: condition refers to unknown question 'goals'",
    ),
    "rule depending on a later rule": (
        lambda logic, text: _rule(logic, "ces_bladder").update(when={"not_fired": "fever"}),
        r"rule 'ces_bladder': condition refers to rule 'fever', which is not defined above it",
    ),
    "unknown rule level": (
        lambda logic, text: _rule(logic, "fever").update(level="soon"),
        r"rule 'fever': unknown level 'soon'",
    ),
    "missing wording": (
        lambda logic, text: text["rules"]["fever"].pop("message"),
        r"text/en\.toml: \[rules\.fever\]: 'message' is missing",
    ),
    "wording for an id that does not exist": (
        lambda logic, text: text["rules"].update(
            feverish={"summary": "x", "message": "x", "discuss": "x"}
        ),
        r"text/en\.toml: \[rules\.feverish\]: no such id in screening\.toml",
    ),
    "option without a label": (
        lambda logic, text: text["questions"]["pain_side"]["options"].pop("both"),
        r"\[questions\.pain_side\.options\]: no label for option 'both'",
    ),
    "content versions that differ": (
        lambda logic, text: text["meta"].update(content_version="3"),
        r"text/en\.toml: \[meta\]: content_version does not match",
    ),
    "shown order missing an option": (
        lambda logic, text: _question(logic, "willing_needles").update(shown_order=["no", "yes"]),
        r"question 'willing_needles': shown_order must list yes, unsure, no, each once",
    ),
    "shown order with an option twice": (
        lambda logic, text: logic["shown_order"].update(yes_no=["no", "no", "yes"]),
        r"\[shown_order\] yes_no: shown_order must list yes, no, not_sure, each once",
    ),
    "no shown order for yes_no questions": (
        lambda logic, text: logic.pop("shown_order"),
        r"\[shown_order\] yes_no: is missing",
    ),
    "yes_no shown with Yes first": (
        lambda logic, text: logic["shown_order"].update(yes_no=["yes", "no", "not_sure"]),
        r"\[shown_order\] yes_no: 'no' must be shown first",
    ),
    "a choice shown without No first": (
        lambda logic, text: _question(logic, "willing_needles").pop("shown_order"),
        r"question 'willing_needles': 'no' must be shown first",
    ),
    "a condition written as code": (
        lambda logic, text: _rule(logic, "fever").update(when="fever_unwell == 'yes'"),
        r"rule 'fever': condition a condition must be a table",
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_content_fails_naming_file_and_item(case: tuple[Any, str]) -> None:
    change, expected = case
    problems = _broken(change)
    assert any(re.search(expected, problem) for problem in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    def two_problems(logic: dict[str, Any], text: dict[str, Any]) -> None:
        _rule(logic, "fever").update(sources=["NOPE"])
        _rule(logic, "night_pain").update(level="whenever")

    problems = _broken(two_problems)
    assert len(problems) == 2


def test_interface_wording_used_in_code_exists(content: Content) -> None:
    """Every content.text("key") / report.words("key") in the code has its wording."""
    source = "\n".join(p.read_text("utf-8") for p in Path(CONTENT_DIR.parent).rglob("*.py"))
    keys = set(
        re.findall(r"""(?:\.text|\bwords)\(\s*["']([a-z_.]+)["']\s*(?:\)|,\s*\w+=)""", source)
    )
    assert keys, "the pattern found no keys: the check would pass vacuously"
    missing = sorted(keys - set(content.ui))
    assert not missing


#: Spec 3 (v2): the order every question's answers are shown in. "other" means file order.
SPEC_ANSWER_ORDER = {
    "yes_no": ("no", "yes", "not_sure"),
    "sexual_change": ("no", "yes", "not_sure", "not_applicable", "prefer_not_to_say"),
    "pregnant": ("no", "yes", "not_sure", "not_applicable"),
    "cancer_history": ("no", "past", "current_or_recent", "not_sure"),
    "diabetes": ("no", "yes_controlled", "yes_poor_control_or_numb_feet", "not_sure"),
    "epilepsy": ("no", "controlled", "uncontrolled", "not_sure"),
    "willing_needles": ("no", "yes", "unsure"),
    "consent_capacity": ("no", "yes", "not_sure"),
    "leg_weakness": ("none", "longstanding", "new_or_worsening"),
    "needle_fear": ("none", "mild", "severe"),
    "treatment_relief": ("none", "short_lived", "lasting"),
}
#: Spec 3 and 3.6: the option values in the order of answers files and JSON (unchanged).
SPEC_FILE_ORDER = {
    "yes_no": ("yes", "no", "not_sure"),
    "willing_needles": ("yes", "unsure", "no"),
    "consent_capacity": ("yes", "no", "not_sure"),
    "treatment_relief": ("lasting", "short_lived", "none"),
}


def test_every_question_shows_its_answers_in_the_order_of_the_spec_table(
    content: Content,
) -> None:
    for question in content.questions:
        key = "yes_no" if question.type == "yes_no" else question.id
        expected = SPEC_ANSWER_ORDER.get(key, question.options)
        assert question.shown_order == expected, question.id
        if key in SPEC_FILE_ORDER:  # only the showing changed
            assert question.options == SPEC_FILE_ORDER[key], question.id
