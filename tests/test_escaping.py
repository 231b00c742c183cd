"""Every text shown to a person is escaped by one rule, ``escaping.visible`` (issue 13, item 6).

Free text from answers, in every human-readable format (text, Markdown, HTML, terminal),
shows C0, C1, DEL, bidi controls and zero-width characters as visible escapes; Markdown
escapes ``&``; markup stays inert. JSON and FHIR keep the text as typed, but never as raw
C1, bidi or zero-width characters (they are ``\\u`` escapes in the file). A hypothesis
fuzz target runs parse → assess → every renderer.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import home_variables, run_needlecheck, safe_answers
from needlecheck import escaping
from needlecheck.model.content import Content, validate_answers
from render_views import rendered, report_for

HUMAN = ("text", "markdown", "html", "terminal")
MACHINE = ("json", "fhir", "fhir-bundle")
#: One of each class that must never reach a person raw.
HOSTILE = "\x1b]52;c;b3duZWQ=\x07 \x85 \x9b31m \x7f \u202eevil\u202c \u200b \u2066x\u2069 \ufeff"
COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*m")
SHOWN_ESCAPES = (r"\x1b", r"\x85", r"\x9b", r"\x7f", r"\u202e", r"\u200b", r"\u2066", r"\ufeff")


def hidden(text: str) -> list[str]:
    """The characters of ``text`` a terminal or page would obey or hide (newlines and
    a terminal's own colour codes aside)."""
    return [
        char
        for char in COLOUR_CODE.sub("", text)
        if char not in "\n" and escaping.visible(char, keep_newlines=True) != char
    ]


def hostile_report(content: Content, typed: str) -> object:
    answers = safe_answers(content, "clinician") | {
        "activity_1": typed,
        "activity_1_score": 3,
        "clinician_notes": typed,
    }
    return report_for(content, answers, "clinician", "AB12")


def test_every_class_of_control_is_a_visible_escape_in_every_human_format(
    content: Content,
) -> None:
    report = hostile_report(content, HOSTILE)
    for file_format in HUMAN:
        output = rendered(report, file_format, columns=200)  # type: ignore[arg-type]
        assert hidden(output) == [], (file_format, hidden(output))
        flat = output.replace("\\\\", "\\")  # Markdown escapes the backslash itself
        for escape in SHOWN_ESCAPES:
            assert escape in flat, (file_format, escape)


def test_markdown_escapes_the_ampersand(content: Content) -> None:
    output = rendered(hostile_report(content, "&lt;script&gt; & co"), "markdown")  # type: ignore[arg-type]
    assert "\\&lt;script\\&gt; \\& co" in output
    assert not re.search(r"(?<!\\)&", output)  # every & in the page is escaped


def test_json_and_fhir_keep_the_text_but_no_raw_controls(content: Content) -> None:
    report = hostile_report(content, HOSTILE)
    for file_format in MACHINE:
        output = rendered(report, file_format)  # type: ignore[arg-type]
        assert hidden(output) == [], (file_format, hidden(output))
        assert HOSTILE in strings(json.loads(output)), file_format


def strings(value: object) -> list[str]:
    """Every string inside a loaded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_out_visible_is_the_only_rule(content: Content) -> None:
    import needlecheck.report.build

    assert not hasattr(needlecheck.report.build, "printable")
    for char in "\x00\x1b\x7f\x85\x9f\u061c\u200b\u200d\u200e\u202a\u202e\u2066\u2069\ufeff":
        assert escaping.visible(char) != char and escaping.visible(char).isascii()


def test_an_ascii_json_document_has_delete_escaped_too() -> None:
    assert escaping.json_text(json.dumps({"a": "x\x7fy"})) == '{"a": "x\\u007fy"}'
    assert escaping.json_text('{"a": "plain"}') == '{"a": "plain"}'


def test_line_breaks_and_tabs_in_a_typed_answer_become_spaces(content: Content) -> None:
    def shown(typed: str) -> list[str]:
        report = hostile_report(content, typed)
        return [answer.answer for answer in report.answers]  # type: ignore[attr-defined]

    assert "stairs and hills  running" in shown("stairs\tand\nhills\r\nrunning")
    assert "plain typed text" in shown("plain typed text")


def test_a_hidden_character_inside_ordinary_text_is_escaped() -> None:
    for char in (*escaping._INVISIBLE, "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\u00ad"):
        shown = escaping.visible(f"left buttock {char}— back")
        assert shown == f"left buttock {repr(char)[1:-1]}— back", repr(char)
    assert escaping.visible("plain — text, accents é") == "plain — text, accents é"


#: Text with every kind of character a hostile file might hold.
HOSTILE_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\x00\x1b\x07\x7f\x85\x9b\u202e\u2066\u200b\ufeff<>&[]*_`|#\n\r\t"),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    typed=HOSTILE_TEXT,
    markup=st.sampled_from(["<script>alert(1)</script>", "[x](javascript:1)", "<img src=x>"]),
)
def test_fuzz_parse_assess_every_renderer(content: Content, typed: str, markup: str) -> None:
    raw = safe_answers(content, "clinician") | {
        "activity_1": typed + markup,
        "clinician_notes": typed,
    }
    answers, problems = validate_answers(content, json.loads(json.dumps(raw)))
    if problems:  # refused on the way in (too long, a lone surrogate): nothing to render
        return
    report = report_for(content, answers, "clinician", "AB12")
    for file_format in (*HUMAN, *MACHINE):
        output = rendered(report, file_format, columns=120)
        assert hidden(output) == [], (file_format, typed)
    html = rendered(report, "html")
    assert "<script>" not in html and "<img" not in html
    markdown = rendered(report, "markdown")
    assert "<script>" not in markdown and "](javascript" not in markdown
    assert not any(unicodedata.category(c) == "Cs" for c in markdown)


#: What a hostile saved report might hold where a name or a finding's words go.
HOSTILE_SAVED = "AB\x1b]52;c;b3duZWQ=\x07\u202eX\x9b2J"


@pytest.mark.parametrize("command", [["history"], ["history", "--plot"], ["compare"]])
def test_a_loaded_report_cannot_drive_the_terminal(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "home"
    folder = home / ".local" / "share" / "needlecheck" / "screenings"
    folder.mkdir(parents=True, mode=0o700)
    for day, name in ((2, "aaaaaaaa"), (3, "bbbbbbbb")):
        report = {
            "content_version": "2",
            "created": f"2026-03-0{day}T09:00:00+00:00",
            "ref": HOSTILE_SAVED,
            "outcome": {"level": "emergency" if day == 3 else "may_suit"},
            "scores": {"leg_pain": 4},
            "findings": [
                {
                    "id": "ces_bladder",
                    "level": "emergency",
                    "summary": HOSTILE_SAVED,
                    "message": HOSTILE_SAVED,
                }
            ]
            if day == 3
            else [],
            "answers": {},
        }
        path = folder / f"2026030{day}T090000000000Z-{name}.json"
        path.write_text(json.dumps(report), "utf-8")
        path.chmod(0o600)
    env = {**os.environ, **home_variables(home), "COLUMNS": "200"}
    result = run_needlecheck(*command, env=env)
    shown = result.stdout + result.stderr
    assert "\\x1b]52" in shown, shown
    assert hidden(shown) == [], hidden(shown)


def test_typed_text_shows_controls_as_escapes_and_the_cursor_keeps_its_place() -> None:
    """While an answer is typed and once it is left on screen (issue 12, item 5)."""
    from prompt_toolkit.document import Document
    from prompt_toolkit.layout.processors import TransformationInput

    from needlecheck.interview.screen_text import VisibleControls

    typed = "ab\u202ec\x9bd\u200b"
    shown = VisibleControls().apply_transformation(
        TransformationInput(None, Document(typed), 0, lambda i: i, [("", typed)], 80, 1)  # type: ignore[arg-type]
    )
    assert "".join(text for _, text, *_ in shown.fragments) == escaping.visible(typed)
    places = [shown.source_to_display(i) for i in range(len(typed) + 1)]
    assert places == [0, 1, 2, 8, 9, 13, 14, 20]  # each escape as wide as it is shown
    assert [shown.display_to_source(place) for place in places] == list(range(len(typed) + 1))
    assert shown.display_to_source(5) == 2  # inside \u202e: on that character
