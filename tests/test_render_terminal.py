"""The rich terminal summary: colour by outcome, clean without colour, on dumb terminals
and at 60 columns, and free text always shown literally."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, safe_answers
from needlecheck.cli import app
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.render.blocks import LEVEL_TONE
from needlecheck.render.terminal import MAX_WIDTH, TONE_COLOUR
from needlecheck.report.build import Report
from render_views import ANSI, rendered, report_for, shows

BOX_DRAWING = re.compile(r"[\u2500-\u257f•]")
#: SGR colour codes: foreground 30-37, 90-97 and extended 38;…, background likewise.
COLOUR_CODE = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
STANDARD_COLOURS = {"red": 31, "green": 32, "yellow": 33, "cyan": 36}
TRICKY_TEXT = "[bold red]run[/] [link=https://example.org]5 km[/link] :warning: \x1b[2Jend"


def _report(content: Content, mode: Mode = "self", **changes: Any) -> Report:
    answers = {**safe_answers(content, mode), **changes}
    return report_for(content, answers, mode, "AB12" if mode == "clinician" else None)


LEVEL_CHANGES: dict[str, dict[str, Any]] = {
    "emergency": {"bladder_change": "yes"},
    "incomplete": {"saddle_numbness": None},
    "urgent_review": {"weight_loss": "yes"},
    "not_advised": {"willing_needles": "no"},
    "discuss_precautions": {"blood_thinners": "yes"},
    "may_suit": {},
}


def _level_report(content: Content, level: str) -> Report:
    answers = {**safe_answers(content), **LEVEL_CHANGES[level]}
    report = report_for(content, {k: v for k, v in answers.items() if v is not None})
    assert report.level == level
    return report


@pytest.mark.parametrize("level", LEVEL_CHANGES)
def test_outcome_title_is_coloured_by_its_tone(content: Content, level: str) -> None:
    report = _level_report(content, level)
    output = rendered(report, "terminal", TTY_COMPATIBLE="1", TERM="xterm-256color")
    colour = STANDARD_COLOURS[TONE_COLOUR[LEVEL_TONE[level]]]
    title_line = next(line for line in output.splitlines() if report.title in line)
    assert re.search(rf"\x1b\[[0-9;]*\b{colour}m[^\x1b]*{re.escape(report.title)}", title_line)
    # The outcome is framed in a panel, before anything but the header.
    assert output.index("╭") < output.index(report.title)


def test_no_colour_with_no_color(content: Content) -> None:
    report = _level_report(content, "emergency")
    output = rendered(report, "terminal", TTY_COMPATIBLE="1", TERM="xterm", NO_COLOR="1")
    assert not COLOUR_CODE.search(output)
    assert shows(output, "terminal", report.title)
    assert "╭" in output  # still laid out: only the colour goes


def test_dumb_terminal_gets_plain_ascii(content: Content) -> None:
    report = _level_report(content, "discuss_precautions")
    output = rendered(report, "terminal", TTY_COMPATIBLE="1", TERM="dumb")
    assert "\x1b" not in output
    assert not BOX_DRAWING.search(output)
    assert max(len(line) for line in output.splitlines()) <= 60  # its width still counts
    assert "+---" in output  # the outcome panel, in ASCII
    assert shows(output, "terminal", report.next_step)


@pytest.mark.parametrize("columns", [60, 44])
@pytest.mark.parametrize("example", ["emergency-bladder.json", "warfarin-diabetes.toml"])
def test_lines_fit_a_narrow_window(content: Content, columns: int, example: str) -> None:
    from needlecheck.answers.files import read_answers

    answers = read_answers(content, str(EXAMPLES / example))
    report = report_for(content, answers, "clinician", "AB12")
    output = rendered(report, "terminal", columns=columns, TTY_COMPATIBLE="1", TERM="xterm")
    lines = ANSI.sub("", output).splitlines()
    assert max(len(line) for line in lines) <= columns
    # Wide tables are stacked, so every word of a finding still reads in order.
    for rule in report.assessment.findings:
        title = rule.summary_for(report.assessment.answers)  # what was answered
        assert shows(output, "terminal", f"{title}: {rule.message}")


def test_wide_windows_are_capped_for_reading(content: Content) -> None:
    output = rendered(_report(content, "clinician"), "terminal", columns=220)
    assert max(len(line) for line in output.splitlines()) <= MAX_WIDTH


def test_tables_are_tables_when_there_is_room(content: Content) -> None:
    output = rendered(_report(content), "terminal", columns=100)
    header = next(line for line in output.splitlines() if "Score" in line and "Result" in line)
    assert "What it means" in header


@pytest.mark.parametrize("variables", [{}, {"TTY_COMPATIBLE": "1", "TERM": "xterm"}])
def test_free_text_is_shown_literally(content: Content, variables: dict[str, str]) -> None:
    notes = "[red]urgent[/red] :warning:"
    report = _report(
        content,
        "clinician",
        activity_1=TRICKY_TEXT,
        activity_1_score=2,
        clinician_notes=notes,
    )
    output = rendered(report, "terminal", columns=100, **variables)
    activity = "[bold red]run[/] [link=https://example.org]5 km[/link] :warning: \\x1b[2Jend"
    # Every place free text appears: the discussion list, the scores, the notes, the answers.
    for phrase in (
        content.text("discuss_activities", activities=f"{activity} (2/10)"),
        content.text("score_activities", activities=f"{activity} (2/10)"),
        content.text("clinician_notes", notes=notes),
    ):
        assert shows(output, "terminal", phrase), phrase
    assert "\x1b[2J" not in output  # the typed escape is shown, never obeyed
    assert "⚠" not in output  # no emoji codes either


def test_text_format_is_plain_even_when_colour_is_forced() -> None:
    result = CliRunner().invoke(
        app,
        ["screen", "--answers", str(EXAMPLES / "emergency-bladder.json"), "--format", "text"],
        env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"},
    )
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert not BOX_DRAWING.search(result.stdout)


def test_explicit_terminal_format_to_a_pipe(content: Content) -> None:
    result = CliRunner().invoke(
        app,
        ["screen", "--answers", str(EXAMPLES / "emergency-bladder.json"), "-f", "terminal"],
        env={"COLUMNS": "60", "TERM": "xterm"},
    )
    assert result.exit_code == 0
    assert "╭" in result.stdout
    assert "\x1b" not in result.stdout  # a pipe gets no colour


@pytest.mark.pty
def test_a_real_terminal_gets_the_rich_summary() -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        str(Path(sys.executable).parent / "needlecheck"),
        ["screen", "--answers", str(EXAMPLES / "emergency-bladder.json")],
        env={
            **{name: value for name, value in os.environ.items() if name != "NO_COLOR"},
            "TERM": "xterm-256color",
            "COLUMNS": "60",
        },
        dimensions=(40, 60),
        encoding="utf-8",
        timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = child.before
    assert "╭" in output
    assert "\x1b[" in output  # coloured
    assert max(len(ANSI.sub("", line)) for line in output.splitlines()) <= 60
