"""The emergency advice at the interview's stop, laid out to fit above its choice
(``interview/emergency_screen.py``): in every language, mode and region's words, on a
24-line screen 80 or 40 columns wide, the title and where to go now with the number to
call are always shown with the choice; why comes with them as room allows."""

from __future__ import annotations

import pytest

from needlecheck import out
from needlecheck.interview.emergency_screen import advice_lines, choice_height
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.model.logic import Rule

ROWS = 24


def height(lines: list[str], columns: int) -> int:
    return sum(len(out.wrap(line, columns).split("\n")) for line in lines)


def laid_out(content: Content, rules: list[Rule], columns: int, room: int) -> list[str]:
    outcome = content.outcomes["emergency"]
    reasons = [rule.message for rule in rules]
    signs = [rule.summary for rule in rules]
    return advice_lines(outcome.title, reasons, signs, outcome.next_step, columns, room)


def room_under(content: Content, columns: int, rows: int = ROWS) -> int:
    keys = ("stop", "continue", "back")
    labels = [content.text(f"interview.emergency_{key}") for key in keys]
    return rows - choice_height(content.text("interview.emergency_question"), labels, columns)


def cauda_equina_rules(content: Content) -> list[Rule]:
    """The four cauda equina rules, all at once (a resumed draft can fire them together)."""
    return [rule for rule in content.rules if rule.id.startswith("ces_")]


@pytest.mark.parametrize("region", ["GB", "JP"])  # JP: no row, the longest general words
@pytest.mark.parametrize("mode", ["self", "clinician"])
@pytest.mark.parametrize("code", ["en", "es"])
@pytest.mark.parametrize("columns", [79, 39])  # a prompt's columns: the terminal's less one
@pytest.mark.parametrize("count", [1, 4])
def test_the_title_and_next_step_fit_with_the_choice_on_24_lines(
    code: str, mode: Mode, region: str, columns: int, count: int
) -> None:
    content = load_content(code, reader=mode, environment=(("NEEDLECHECK_REGION", region),))
    rules = cauda_equina_rules(content)[:count]
    assert len(rules) == count
    room = room_under(content, columns)
    lines = laid_out(content, rules, columns, room)
    outcome = content.outcomes["emergency"]
    assert outcome.title in lines and outcome.next_step in lines
    assert height(lines, columns) <= room, lines


def test_with_room_why_is_said_in_full_and_framed(content: Content) -> None:
    rules = cauda_equina_rules(content)
    lines = laid_out(content, rules, 79, room=500)
    assert all(rule.message in lines for rule in rules)
    assert lines[0] == lines[-1] == "━" * 79


def test_with_less_room_each_sign_is_named_on_a_line(content: Content) -> None:
    rules = cauda_equina_rules(content)[:1]
    outcome = content.outcomes["emergency"]
    lines = laid_out(content, rules, 39, room_under(content, 39))
    assert lines[1:-1] == [outcome.title, f"• {rules[0].summary}", outcome.next_step]


def test_without_room_only_the_title_and_next_step_are_shown(content: Content) -> None:
    outcome = content.outcomes["emergency"]
    lines = laid_out(content, cauda_equina_rules(content), 39, room=0)
    assert lines == [outcome.title, outcome.next_step]
