"""The question listing is a renderer of ``Block``s (issue 11): ``questions`` gets the
terminal layout, plain text and Markdown the reports have, each fitted to the width."""

from __future__ import annotations

from typer.testing import CliRunner

from needlecheck.cli import app
from needlecheck.model.content import Content
from needlecheck.render.blocks import Entry, Heading, Title
from needlecheck.render.question_list import question_blocks


def _listing(*args: str, columns: int = 80) -> str:
    result = CliRunner().invoke(
        app, ["questions", *args], env={"COLUMNS": str(columns), "TERM": "dumb"}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_question_is_an_entry_under_its_section(content: Content) -> None:
    blocks = list(question_blocks(content, "self"))
    assert isinstance(blocks[0], Title)
    entries = [block for block in blocks if isinstance(block, Entry)]
    assert [entry.term.split(":")[0] for entry in entries] == [q.id for q in content.questions]
    headings = [block.text for block in blocks if isinstance(block, Heading)]
    assert len(headings) == len(content.sections)


def test_markdown_listing_escapes_ids_and_lists_the_answers(content: Content) -> None:
    listing = _listing("--format", "markdown")
    assert listing.startswith(f"# {content.text('questions.title')}\n")
    assert "**first\\_episode: " in listing
    assert "\n- not\\_sure = " in listing


def test_terminal_listing_fits_a_narrow_screen_word_for_word(content: Content) -> None:
    listing = _listing("--format", "terminal", columns=40)
    assert max(len(line) for line in listing.splitlines()) <= 40
    flat = " ".join(listing.split())
    for question in content.questions:
        assert " ".join(question.prompt("self").split()) in flat


def test_auto_is_plain_text_when_piped() -> None:
    assert _listing() == _listing("--format", "text")
