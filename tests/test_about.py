"""``needlecheck about``: what dry needling is, the comparison with acupuncture, side
effects with the numbers of spec section 6, the evidence honestly, who should not have
it, and sources; every point sourced, and nothing beyond the spec."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from needlecheck.cli import app
from needlecheck.loading.content import CONTENT_DIR, ContentError, build_content
from needlecheck.model.content import Content
from render_views import shows, terminal_environment, words_of

LOGIC = tomllib.loads((CONTENT_DIR / "screening.toml").read_text("utf-8"))
TEXT = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))

#: The sources spec section 6 names for each part, in the order of the parts; the last
#: part (who should not have it) keeps to the contraindications of spec 4.3 and the red
#: flags of 4.1, with their sources.
ALLOWED_SOURCES = [
    {"APTA"},
    {"APTA", "PLYMOUTH", "IJAZ"},
    {"BRADY", "BOYCE", "GATTIE-2020"},
    {"LIU", "HU", "GATTIE", "MAHMOUDZADEH", "NICE-NG59", "WHO-2023"},
    {"GATTIE-2020", "BRADY", "BOYCE", "SECONDARY"},
    {"ISCP", "SIERPINA", "MCMASTER", "ACUPMED", "AACP", "IFOMPT", "CES-CARD"},
]
#: Claims the spec says were never found, and wording principle 6 forbids.
NEVER = [
    "Pain Medicine",
    "meta-analysis",
    "JOSPT",
    "2–3 sessions",
    "2-3 sessions",
    "2021",
    "muscular, not nerve",
    "not nerve",
]


def _about(*args: str) -> str:
    with terminal_environment(COLUMNS="100"):
        result = CliRunner().invoke(app, ["about", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _all_text(content: Content) -> str:
    about = content.about
    parts = [about.title, about.intro, about.closing]
    for part in about.parts:
        parts += [part.title, *(point.text for point in part.points)]
        if part.table:
            parts += [*part.table.columns, *(cell for row in part.table.rows for cell in row)]
    return " ".join(parts)


def test_every_part_is_there_and_sourced_within_the_spec(content: Content) -> None:
    about = content.about
    assert [part.title for part in about.parts] == [
        "What dry needling is",
        "How it differs from acupuncture",
        "Side effects",
        "What the evidence shows, and what it does not",
        "What a course of treatment is like",
        "Who should not have it",
    ]
    for part, allowed in zip(about.parts, ALLOWED_SOURCES, strict=True):
        cited = {s for point in part.points for s in point.sources}
        if part.table:
            cited |= set(part.table.sources)
        assert cited <= allowed, part.title
        assert all(point.sources for point in part.points)


def test_side_effects_and_evidence_say_what_spec_section_6_says(content: Content) -> None:
    text = _all_text(content)
    for fact in (
        "1 in 5",
        "more than 1 in 3",
        "1 in 1,000 treatments or fewer",
        "bruise",
        "Nothing is injected",
        "only where the law allows",
        "exercise",
        "up to about 30 minutes",
        "disputed between the professions",
        "short term",
        "alongside other physiotherapy",
        "only one small trial",
        "long term has not been shown",
        "NICE",
        "advises against acupuncture for low back pain and sciatica",
        "World Health Organization (2023)",
        "conditional recommendation",
        "low certainty",
    ):
        assert fact in text, fact
    for claim in NEVER:
        assert claim not in text, claim


def test_the_course_part_says_what_spec_6_v2_says(content: Content) -> None:
    (part,) = [p for p in content.about.parts if p.title == "What a course of treatment is like"]
    text = " ".join(point.text for point in part.points)
    for fact in (
        "examines you first",
        "only briefly",
        "twitch or cramp",
        "a day or so",
        "In US practice a course is usually 3 to 6 sessions",
        "needlecheck compare",
        "Tell the PT at once",
        "No one can promise",
    ):
        assert fact in text, fact
    twitch = next(point for point in part.points if "twitch" in point.text)
    assert "SECONDARY" in twitch.sources
    output = _about("--format", "text")
    assert shows(output, "text", "What a course of treatment is like")
    # SECONDARY is cited as of lower certainty (spec 7).
    assert shows(output, "text", content.text("source_lower_certainty", source="SECONDARY"))


def test_comparison_is_a_table(content: Content) -> None:
    (table,) = [part.table for part in content.about.parts if part.table]
    assert table.columns[1:] == ("Dry needling", "Traditional acupuncture")
    output = _about("--format", "terminal")
    header = next(line for line in output.splitlines() if "Dry needling" in line)
    assert "Traditional acupuncture" in header  # side by side at 100 columns
    markdown = _about("--format", "markdown")
    assert "| Based on | Anatomy, and how nerves and muscles work |" in markdown


@pytest.mark.parametrize("file_format", ["text", "markdown", "terminal"])
def test_every_point_shows_its_sources_and_every_source_is_cited_in_full(
    content: Content, file_format: str
) -> None:
    output = _about("--format", file_format)

    def named(source: str) -> str:  # spec 7: a lower-certainty source is cited as such
        if content.sources[source].lower_certainty:
            return content.text("source_lower_certainty", source=source)
        return source

    cited: set[str] = set()
    for part in content.about.parts:
        assert shows(output, file_format, part.title)
        for point in part.points:
            sources = ", ".join(map(named, point.sources))
            assert shows(output, file_format, f"{point.text} [{sources}]")
            cited |= set(point.sources)
        if part.table:
            cited |= set(part.table.sources)
    seen = words_of(output, file_format)
    for source in cited:
        assert f"{named(source)}: {content.sources[source].citation}" in seen
    assert seen.rindex(content.about.sources_title) > seen.index(content.about.closing)
    assert shows(output, file_format, content.text("disclaimer"))


def test_plain_text_when_piped_and_narrow_terminal_stacks_the_table(content: Content) -> None:
    plain = _about()
    assert "\x1b" not in plain and "╭" not in plain
    assert "Based on: Dry needling: Anatomy" in plain  # each cell named by its column
    with terminal_environment(COLUMNS="60"):
        from needlecheck.render import render_blocks
        from needlecheck.render.about import about_blocks

        narrow = render_blocks(about_blocks(content), "terminal")
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert shows(narrow, "terminal", "Based on Dry needling: Anatomy, and how nerves")


def _broken(change: Callable[[dict[str, Any]], None]) -> list[str]:
    text = copy.deepcopy(TEXT)
    change(text["about"])
    with pytest.raises(ContentError) as raised:
        build_content(LOGIC, text, "screening.toml", "text/en.toml")
    return raised.value.problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda about: about["parts"][2]["points"][0].pop("sources"), "has no source"),
        (lambda about: about["parts"][0]["points"][0].update(sources=["BLOG"]), "'BLOG'"),
        (lambda about: about["parts"][1]["table"]["rows"][0].pop(), "every row needs 3 cells"),
        (lambda about: about["parts"][1]["table"].pop("sources"), "table: has no source"),
        (lambda about: about.pop("intro"), "'intro' is missing"),
        (lambda about: about.update(parts=[]), "'parts' must be a non-empty array"),
        (lambda about: about["parts"][0].update(points=[]), "needs points or a table"),
    ],
)
def test_broken_about_text_fails_loudly(
    change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    problems = _broken(change)
    assert any(expected in problem and "text/en.toml" in problem for problem in problems)
