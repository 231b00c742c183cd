"""Clinician notes of several lines (issue 14 item 3): the line breaks a PT typed are
kept in every report format, and survive a round trip through the FHIR input."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest

from needlecheck.answers.fhir import answers_from_response
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.report.build import Report
from render_views import rendered, report_for

CLINICIAN = load_content(reader="clinician")
NOTES = "Caller sounded breathless.\nAsked about <b>heat</b> & *ice*.\nCall back Monday."
LINES = NOTES.split("\n")
ANSWERS: dict[str, Answer] = {"age": 40, "clinician_notes": NOTES}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _report() -> Report:
    return report_for(CLINICIAN, ANSWERS, "clinician", ref="AB12")


def _follows(text: str, first: str, second: str) -> bool:
    """``second`` starts the line right after the one ending with ``first``."""
    lines = [line.strip() for line in text.splitlines()]
    return any(a.endswith(first) and b.startswith(second) for a, b in pairwise(lines))


@pytest.mark.parametrize("file_format", ["text", "terminal"])
def test_plain_formats_keep_each_note_line(file_format: str) -> None:
    text = ANSI.sub("", rendered(_report(), file_format, columns=100))
    assert _follows(text, LINES[0], LINES[1])
    assert _follows(text, LINES[1], LINES[2])


def test_markdown_breaks_the_line_and_stays_literal() -> None:
    text = rendered(_report(), "markdown")
    assert "Caller sounded breathless.\\\nAsked about" in text
    assert "\\*ice\\*" in text
    assert "\\\nCall back Monday." in text


def test_html_breaks_the_line_and_escapes() -> None:
    page = rendered(_report(), "html")
    assert "Caller sounded breathless.<br>\nAsked about &lt;b&gt;heat&lt;/b&gt; &amp;" in page
    assert "<br>\nCall back Monday." in page


def test_json_keeps_the_notes_whole() -> None:
    data = json.loads(rendered(_report(), "json"))
    assert data["answers"]["clinician_notes"] == NOTES


def test_fhir_value_string_keeps_the_breaks_and_reads_back() -> None:
    resource = json.loads(rendered(_report(), "fhir"))
    raw, problems = answers_from_response(CLINICIAN, resource, "response.json")
    assert problems == []
    assert raw["clinician_notes"] == NOTES


def test_an_answers_file_gives_notes_of_several_lines(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from needlecheck.cli import app

    answers = tmp_path / "notes.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["screen", "--answers", str(answers), "--clinician", "--ref", "AB12", "--format", "text"],
    )
    assert result.exit_code == 0, result.output
    assert _follows(result.output, LINES[0], LINES[1])


def test_control_characters_in_notes_stay_visible() -> None:
    report = report_for(CLINICIAN, {"clinician_notes": "a\x1b[31mb\r\nc\td"}, "clinician")
    assert report.clinician_notes == "a\\x1b[31mb\nc d"
