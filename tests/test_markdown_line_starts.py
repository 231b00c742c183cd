"""Typed text stays text in Markdown: an answer or a note line that starts as Markdown
structure would ("- ", "1. ", "# ", a line of "---") is shown, never obeyed.

The Markdown is read back by CommonMark's rules for what a line starts (list items,
headings, thematic breaks, setext underlines, quotes, fences, HTML): text typed in place
of a plain word must leave every line starting as it did.
"""

from __future__ import annotations

import re

import pytest

from conftest import safe_answers
from needlecheck.loading.content import load_content
from needlecheck.render.blocks import (
    Block,
    Bullets,
    Entry,
    Heading,
    Listing,
    Numbered,
    Paragraph,
    Title,
)
from needlecheck.render.markdown import render_blocks
from render_views import rendered, report_for

#: A container a line can open with (CommonMark 5.2, 5.3): a list item's marker, or a
#: block quote's; read repeatedly, as nested containers are.
_CONTAINER = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?: +|$)| {0,3}> ?")
#: What the rest of the line may start (CommonMark 4.1-4.6): a thematic break, a setext
#: heading's underline, an ATX heading, a code fence, an HTML block.
_LEAF_STARTS = {
    "thematic break": re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$"),
    "setext underline": re.compile(r" {0,3}(?:=+|-+)[ \t]*$"),
    "heading": re.compile(r" {0,3}#{1,6}(?:[ \t]|$)"),
    "fence": re.compile(r" {0,3}(?:```|~~~)"),
    "html": re.compile(r" {0,3}<[A-Za-z/!?]"),
}

TYPED = (
    *("- running", "* running", "+ running", "1. walking", "2) walking", "# big"),
    *("---", "- - -", "===", "-", "> quoted", "```"),
)


def line_starts(markdown: str) -> list[tuple[str, ...]]:
    """For each line, the containers it opens, then what the rest of it starts."""
    starts = []
    for line in markdown.splitlines():
        kinds: list[str] = []
        rest = line
        while (container := _CONTAINER.match(rest)) and container.end():
            kinds.append("quote" if ">" in container[0] else "list item")
            rest = rest[container.end() :]
        kinds += (kind for kind, leaf in _LEAF_STARTS.items() if leaf.match(rest))
        starts.append(tuple(kinds))
    return starts


def test_the_reading_sees_what_markdown_starts() -> None:
    # The reading itself can fail: each of these lines does start structure.
    assert line_starts("- - running\n1. # big\n---\n  2. x\n> ===") == [
        ("list item", "list item"),
        ("list item", "heading"),
        ("thematic break", "setext underline"),
        ("list item",),
        ("quote", "setext underline"),
    ]
    assert line_starts("\\- running\n1\\. walking\n\\---\n\\# big\n-5 degrees") == [()] * 5


def _blocks(text: str) -> list[Block]:
    """Every kind of block that lays out free text, with ``text`` where a line starts."""
    return [
        Title(text, (text, text)),
        Heading(text),
        Paragraph(text),
        Paragraph(text, "danger"),
        Paragraph(f"{text}\n{text}", breaks=True),
        Bullets((text, text)),
        Numbered((text, text)),
        Entry(text, (text, text), (text, text), (text, text)),
        Listing((("1", (text, text)), ("2", (text,)))),
    ]


@pytest.mark.parametrize("typed", TYPED)
def test_typed_text_starts_no_structure_in_any_block(typed: str) -> None:
    assert line_starts(render_blocks(_blocks(typed))) == line_starts(render_blocks(_blocks("x")))


def test_answers_and_note_lines_stay_text_in_the_report() -> None:
    clinician = load_content(reader="clinician")

    def markdown(activities: tuple[str, str, str], note_lines: tuple[str, ...]) -> str:
        answers = safe_answers(clinician, "clinician") | {
            "activity_1": activities[0],
            "activity_1_score": 3,
            "activity_2": activities[1],
            "activity_2_score": 4,
            "activity_3": activities[2],
            "activity_3_score": 5,
            "clinician_notes": "\n".join(note_lines),
        }
        return rendered(report_for(clinician, answers, "clinician", "AB12"), "markdown")

    typed = markdown(("- running", "# big", "1. walking"), ("Seen today", "---", "- ice", "==="))
    plain = markdown(("running", "big", "walking"), ("Seen today", "x", "ice", "x"))
    assert "Seen today\\\n\\---\\\n\\- ice" in typed
    assert line_starts(typed) == line_starts(plain)
