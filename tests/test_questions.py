"""``needlecheck questions``: the whole question bank, as text for people and JSON for
programs (the FHIR Questionnaire is tested in test_fhir)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from needlecheck.cli import app
from needlecheck.language import LANGUAGES
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Mode
from needlecheck.model.condition_parser import Scope, parse
from needlecheck.model.conditions import (
    OPERATORS,
    AllOf,
    AnyOf,
    Compare,
    Fired,
    ModeIs,
    Ref,
)
from needlecheck.model.content import Content
from needlecheck.render.question_list import SYMBOL_OPERATORS, condition_table, describe


def _questions(*args: str) -> str:
    # Wide enough that no line is wrapped (piped text is wrapped at 80 columns).
    result = CliRunner().invoke(app, ["questions", *args], env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def _entries(text: str) -> dict[str, str]:
    """Each question's block of the text listing, by id."""
    blocks = text.split("\n\n")
    return {
        match.group(1): block
        for block in blocks
        if (match := re.match(r"([a-z0-9_]+): ", block)) and "\n  " in block
    }


@pytest.mark.parametrize("clinician", [False, True])
def test_text_lists_every_question_with_what_it_accepts(content: Content, clinician: bool) -> None:
    mode: Mode = "clinician" if clinician else "self"
    entries = _entries(_questions(*(["--clinician"] if clinician else [])))
    assert list(entries) == [q.id for q in content.questions]
    for question in content.questions:
        entry = entries[question.id]
        assert entry.startswith(f"{question.id}: {question.label}\n  {question.prompt(mode)}")
        for value in question.options:
            assert f"\n    {value} = {question.option_labels[value]}" in entry
        if question.type in ("integer", "text"):
            assert question.allowed() in entry
        assert (content.text("questions.safety") in entry) is question.safety
        assert (content.text("questions.clinician_only") in entry) is (
            not question.applies_in("self")
        )


def test_text_shows_show_if_conditions_as_answers_files_spell_them(content: Content) -> None:
    entries = _entries(_questions())
    assert "Asked only if: treatments_tried not empty." in entries["treatment_relief"]
    assert (
        "Asked only if: treatments_tried contains dry_needling." in entries["dry_needling_response"]
    )
    assert "Asked only if" not in entries["age"]


@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_text_heads_each_section_in_the_words_of_its_mode(content: Content, mode: Mode) -> None:
    listing = _questions(*(["--clinician"] if mode == "clinician" else []))
    titles = [section.title_for(mode) for section in content.sections]
    assert re.findall(r"^(.+) \[[a-z_]+\]$", listing, re.MULTILINE) == titles


def test_json_holds_the_whole_bank(content: Content) -> None:
    bank = json.loads(_questions("--format", "json"))
    assert bank["content_version"] == content.content_version
    assert [s["id"] for s in bank["sections"]] == [s.id for s in content.sections]
    assert [s["title"] for s in bank["sections"]] == [
        {"self": s.title, "clinician": s.title_clinician} for s in content.sections
    ]
    listed = [q for section in bank["sections"] for q in section["questions"]]
    assert [q["id"] for q in listed] == [q.id for q in content.questions]
    for entry, question in zip(listed, content.questions, strict=True):
        assert entry["type"] == question.type
        assert entry["prompt"] == {
            "self": question.prompt_self,
            "clinician": question.prompt_clinician,
        }
        assert [o["value"] for o in entry["options"]] == list(question.options)
        assert (entry["min"], entry["max"]) == (question.min, question.max)
        assert entry["safety"] is question.safety
        assert set(entry["modes"]) == set(question.modes)
        if question.show_if is None:
            assert entry["show_if"] is None
        else:  # the table parses back to the very same condition
            scope = Scope(questions=content.question_by_id, definitions={})
            assert parse(entry["show_if"], scope) == question.show_if


def test_every_kind_of_condition_round_trips(content: Content) -> None:
    definitions = {"nerve_signs": Compare("leg_weakness", "!=", "none")}
    scope = Scope(content.question_by_id, definitions, frozenset({"ces_bladder"}), True)
    tables: list[dict[str, Any]] = [
        {"question": "age", "op": "<", "value": 20},
        {"question": "leg_pain", "op": ">", "other": "back_pain"},
        {"question": "pain_areas", "op": "contains_any", "value": ["below_knee", "foot"]},
        {"all": [{"question": "activity_1", "op": "not_empty"}, {"mode": "clinician"}]},
        {"any": [{"ref": "nerve_signs"}, {"not_fired": "ces_bladder"}]},
        {"fired": "ces_bladder"},
    ]
    for table in tables:
        assert condition_table(parse(table, scope)) == table
    emergency = frozenset(rule.id for rule in content.rules if rule.level == "emergency")
    rules_scope = scope._replace(earlier_rules=emergency, text_signs=content.text_signs)
    table = {"text_warning_sign": ["activity_1", "clinician_notes"]}
    assert condition_table(parse(table, rules_scope)) == table


def test_conditions_read_in_one_line_in_each_language() -> None:
    nested = AllOf(
        (
            Compare("duration", "in", ("6_to_12_weeks", "over_1_year")),
            AnyOf((Compare("leg_pain", ">", other="back_pain"), ModeIs("clinician"))),
        )
    )
    english, spanish = load_content("en"), load_content("es")
    assert describe(nested, english) == (
        "duration in [6_to_12_weeks, over_1_year] and (leg_pain > back_pain or mode = clinician)"
    )
    assert describe(nested, spanish) == (
        "duration es uno de [6_to_12_weeks, over_1_year] y (leg_pain > back_pain o modo = clinician)"
    )
    assert describe(Ref("nerve_signs", ModeIs("self")), english) == "nerve_signs"
    assert describe(Fired("ces_bladder", fired=False), english) == "rule ces_bladder did not fire"
    assert describe(Compare("activity_1", "not_empty"), spanish) == "activity_1 no está vacía"


def test_every_worded_operator_has_its_words_in_each_language() -> None:
    worded = set(OPERATORS) - SYMBOL_OPERATORS
    for code in LANGUAGES:
        ui = load_content(code).ui
        assert {key for key in worded if f"conditions.{key}" in ui} == worded, code


def test_unknown_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["questions", "--format", "pdf"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
