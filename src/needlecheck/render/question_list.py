"""``needlecheck questions``: the whole question bank, for writing answers files and for a
PT preparing a call, as the blocks every document format lays out (``render.blocks``),
or as JSON for programs. (The FHIR Questionnaire is in ``render.fhir_questionnaire``.)

Ids, option values and show-if conditions are printed exactly as an answers file and
the content files spell them (spec section 8).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from needlecheck.model.answers import MODES, Mode
from needlecheck.model.conditions import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Fired,
    ModeIs,
    Ref,
    TextWarningSign,
)
from needlecheck.model.content import Content, Question
from needlecheck.render.blocks import Block, Entry, Heading, Paragraph, Title

#: Operators printed as they are in every language; the others are words ([ui.conditions]).
SYMBOL_OPERATORS = frozenset({"=", "!=", "<", "<=", ">", ">="})


def question_blocks(content: Content, mode: Mode) -> Iterator[Block]:
    """Every question, in the order asked, worded for ``mode``, under its section."""
    words = content.text
    yield Title(
        words("questions.title"), (words("questions.intro", version=content.content_version),)
    )
    for section in content.sections:
        yield Heading(f"{section.title_for(mode)} [{section.id}]")
        yield Paragraph(section.intro_for(mode))
        for question in content.questions:
            if question.section == section.id:
                yield _entry(content, question, mode)


def _entry(content: Content, question: Question, mode: Mode) -> Entry:
    words = content.text
    lines = [question.prompt(mode)]
    if question.help:
        lines.append(question.help)
    if question.options:
        lines.append(
            words("questions.any_of") if question.type == "multi" else words("questions.one_of")
        )
    else:
        lines.append(words("questions.answer", allowed=content.allowed(question)))
    notes = []
    if question.show_if is not None:
        notes.append(words("questions.shown_if", condition=describe(question.show_if, content)))
    if not question.applies_in("self"):
        notes.append(words("questions.clinician_only"))
    if question.safety:
        notes.append(words("questions.safety"))
    items = tuple(f"{value} = {question.option_labels[value]}" for value in question.options)
    return Entry(f"{question.id}: {question.label}", tuple(lines), items, tuple(notes))


def describe(condition: Condition, content: Content) -> str:
    """A condition in one line, in the content's language (``[ui.conditions]``), with the
    ids and values of the content files."""
    if isinstance(condition, Compare):
        value = condition.value
        if condition.other is not None:
            shown = condition.other
        elif isinstance(value, tuple):
            shown = f"[{', '.join(map(str, value))}]"
        else:
            shown = "" if value is None else str(value)
        if condition.op in SYMBOL_OPERATORS:
            return f"{condition.question} {condition.op} {shown}"
        return content.text(f"conditions.{condition.op}", question=condition.question, value=shown)
    if isinstance(condition, AllOf | AnyOf):
        joiner = content.text(
            "conditions.all" if isinstance(condition, AllOf) else "conditions.any"
        )
        return f" {joiner} ".join(
            f"({describe(item, content)})"
            if isinstance(item, AllOf | AnyOf)
            else describe(item, content)
            for item in condition.items
        )
    if isinstance(condition, Ref):
        return condition.name
    if isinstance(condition, Fired):
        return content.text(
            f"conditions.{'fired' if condition.fired else 'not_fired'}", rule=condition.rule
        )
    if isinstance(condition, TextWarningSign):
        return content.text("conditions.text_sign", fields=", ".join(condition.fields))
    return content.text("conditions.mode", mode=condition.mode)


def render_json(content: Content) -> str:
    """The whole bank in both wordings, for programs."""
    bank = {
        "content_version": content.content_version,
        "language": content.language,
        "sections": [
            {
                "id": section.id,
                "title": {"self": section.title, "clinician": section.title_clinician},
                "intro": {"self": section.intro, "clinician": section.intro_clinician},
                "questions": [
                    _question_dict(q) for q in content.questions if q.section == section.id
                ],
            }
            for section in content.sections
        ],
    }
    return json.dumps(bank, indent=2, ensure_ascii=False) + "\n"


def _question_dict(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "type": question.type,
        "label": question.label,
        "prompt": {"self": question.prompt_self, "clinician": question.prompt_clinician},
        "help": question.help,
        "options": [
            {"value": value, "label": question.option_labels[value]} for value in question.options
        ],
        "min": question.min,
        "max": question.max,
        "safety": question.safety,
        "modes": [mode for mode in MODES if question.applies_in(mode)],
        "show_if": condition_table(question.show_if) if question.show_if else None,
    }


def condition_table(condition: Condition) -> dict[str, Any]:
    """A condition as the table the content files write (content README, Conditions)."""
    if isinstance(condition, Compare):
        table: dict[str, Any] = {"question": condition.question, "op": condition.op}
        if condition.other is not None:
            table["other"] = condition.other
        elif condition.value is not None:
            value = condition.value
            table["value"] = list(value) if isinstance(value, tuple) else value
        return table
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        return {key: [condition_table(item) for item in condition.items]}
    if isinstance(condition, Ref):
        return {"ref": condition.name}
    if isinstance(condition, Fired):
        return {"fired" if condition.fired else "not_fired": condition.rule}
    if isinstance(condition, TextWarningSign):
        return {"text_warning_sign": list(condition.fields)}
    assert isinstance(condition, ModeIs)
    return {"mode": condition.mode}
