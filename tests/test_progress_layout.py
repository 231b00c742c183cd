"""The views of saved screenings laid out as the reports are (issue 11, "every view a
renderer"): ASCII on a dumb terminal, readable at 60 columns, and the same blocks in
plain text, Markdown and HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from needlecheck.cli import app
from needlecheck.model.content import Content
from needlecheck.render import html, markdown, text
from needlecheck.render.blocks import Bar, Chart, Listing, Paragraph
from needlecheck.render.progress_view import Series, chart_blocks, history_blocks
from test_history import (
    EMERGENCY_EXAMPLE,
    RUNNER,
    answers_file,
    screen_and_save,
)
from test_progress import EARLIER, LATER, screening

# Saves go to a throwaway home.
pytestmark = pytest.mark.usefixtures("data_home")


def saved_course(tmp_path: Path) -> None:
    """Three screenings of one person, the last an emergency."""
    for n, pain in enumerate((7, 5)):
        screen_and_save(answers_file(tmp_path, f"s{n}", leg_pain=pain))
    screen_and_save(EMERGENCY_EXAMPLE)


def shown(*args: str, columns: int, term: str = "xterm") -> str:
    result = RUNNER.invoke(app, list(args), env={"COLUMNS": str(columns), "TERM": term})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("args", [["history", "--plot"], ["compare"]])
def test_a_dumb_terminal_gets_ascii_only(tmp_path: Path, args: list[str]) -> None:
    saved_course(tmp_path)
    output = shown(*args, columns=80, term="dumb")
    # "→" is in the content's own words ("before → after"), as in the reports.
    assert {char for char in output if not char.isascii()} <= {"→"}
    if "--plot" in args:
        assert "##############......  7" in output


@pytest.mark.parametrize("args", [["history", "--plot"], ["compare", "--from-first"]])
def test_every_line_fits_60_columns(tmp_path: Path, args: list[str]) -> None:
    saved_course(tmp_path)
    output = shown(*args, columns=60)
    assert max(len(line) for line in output.splitlines()) <= 60
    if args[0] == "compare":  # each score a small stack, its cells named
        assert "Leg pain\n  Before: 7\n  After: 4\n  Change: -3\n" in output


def test_the_history_in_plain_text_markdown_and_html(content: Content) -> None:
    screenings = [screening({"leg_pain": 7}), screening({"leg_pain": 4}, created=LATER)]
    blocks = list(history_blocks(content, screenings, ref=None, more=8))
    plain = text.render_blocks(blocks)
    assert plain.startswith("Saved screenings\n\n10  2026-03-16 09:00  Dry needling may suit you\n")
    assert "\n    Sciatica bothersomeness missing; Leg pain 4/10;" in plain
    assert " 9  2026-03-02 09:00" in plain
    assert plain.endswith("8 earlier screening(s) not shown; add --limit 0 to see them all.\n")
    written = markdown.render_blocks(blocks)
    assert "- **10** 2026-03-16 09:00 Dry needling may suit you  \n  Sciatica" in written
    assert '<ul class="listing">\n<li><strong>10</strong> 2026-03-16' in html.page(
        blocks, language="en"
    )


def test_a_chart_in_plain_text_markdown_and_html(content: Content) -> None:
    screenings = [screening({"leg_pain": 10}, created=EARLIER), screening({"leg_pain": None})]
    charts = list(chart_blocks(content, Series(None, screenings, named=False)))
    leg = next(c for c in charts if isinstance(c, Chart) and c.title.startswith("Leg pain"))
    assert leg.bars == (
        Bar("2026-03-02 09:00", 1.0, "10"),
        Bar("2026-03-02 09:00", None, "missing"),
    )
    assert "- 2026-03-02 09:00: `████████████████████` 10\n- 2026-03-02 09:00: missing" in (
        markdown.render_blocks([leg])
    )
    page = html.page([leg], language="en")
    assert '<li>2026-03-02 09:00 <meter value="1.000"></meter> 10</li>' in page
    assert "<li>2026-03-02 09:00 missing</li>" in page


def test_untrusted_marks_and_lines_are_escaped_in_markdown_and_html() -> None:
    hostile = Listing((("<b>1</b>", ("*a* [x](javascript:y)", "<script>")),))
    assert "<script>" not in html.page([hostile], language="en")
    written = markdown.render_blocks([hostile])
    assert "](javascript" not in written and "**\\<b\\>1\\</b\\>**" in written


def test_history_with_format_text_is_plain_and_wrapped(tmp_path: Path) -> None:
    saved_course(tmp_path)
    output = shown("history", "--plot", "--format", "text", columns=60)
    assert output.startswith("Saved screenings\n\n3  ")
    assert "\n   Sciatica bothersomeness " in output  # the scores under the date
    assert "Leg pain (0 to 10, lower is better)\n  " in output
    assert "██████████████······  7" in output
    assert max(len(line) for line in output.splitlines()) <= 60


def test_compare_in_text_names_each_cell_and_in_markdown_is_a_table(tmp_path: Path) -> None:
    saved_course(tmp_path)
    plain = shown("compare", "--from-first", "--format", "text", columns=200)
    assert plain.startswith("Act on this first\n\n")
    assert "Leg pain: Before: 7 | After: 4 | Change: -3 | Meaningful change: 2 points" in plain
    written = shown("compare", "--from-first", "--format", "markdown", columns=200)
    assert written.startswith("### Act on this first\n\n**New since ")
    assert "| Leg pain | 7 | 4 | -3 | 2 points or 30% | improved meaningfully |" in written
    assert "\\- Leg pain improved meaningfully: 7 → 4" in written


def test_lines_that_start_as_list_items_stay_lines_of_their_paragraph_in_markdown() -> None:
    # A clinician's note of several lines, or the changes a comparison lists: "- a" at
    # the start of a line would end the paragraph and leave a "\" shown at its end.
    note = Paragraph("- took ibuprofen\n2. rested\nok", breaks=True)
    assert markdown.render_blocks([note]) == "\\- took ibuprofen\\\n2\\. rested\\\nok\n"
