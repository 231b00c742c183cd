"""The views of saved screenings: the history, a comparison and the score charts, as
the blocks every document format lays out (``render.blocks``), so they get the reports'
terminal layout (width, ASCII on a dumb terminal, tables stacked when narrow), plain
text and Markdown.

What each view says is decided here, from the wording in the content's
``[ui.progress]`` table; the renderers only lay it out.
"""

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from needlecheck.model.content import Content
from needlecheck.progress.compare import (
    RED_FLAG_LEVELS,
    Comparison,
    ScoreChange,
    Threshold,
)
from needlecheck.render.blocks import (
    Bar,
    Block,
    Chart,
    Heading,
    Listing,
    Paragraph,
    Table,
)
from needlecheck.report.json_contract import ScoreValue, Screening

#: A chart needs this many screenings to show a course rather than a single change.
CHART_MINIMUM = 3


def format_value(content: Content, value: ScoreValue | None) -> str:
    if value is None:
        return content.text("progress.missing_value")
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _value_of_max(content: Content, value: ScoreValue | None, maximum: int) -> str:
    if value is None:
        return content.text("progress.missing_value")
    return content.text("progress.value_of_max", value=format_value(content, value), max=maximum)


def format_change(value: ScoreValue | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    return f"{value:+.1f}" if isinstance(value, float) else f"{value:+d}"


def threshold_words(content: Content, threshold: Threshold | None) -> str:
    if threshold is None:
        return content.text("progress.threshold_none")
    points = f"{threshold.points:g}" if threshold.points is not None else None
    if threshold.percent is None:
        return content.text("progress.threshold_points", points=points)
    return content.text(
        "progress.threshold_points_or_percent", points=points, percent=f"{threshold.percent:g}"
    )


def result_words(content: Content, change: ScoreChange) -> str:
    words = content.text(f"progress.verdict_{change.verdict}")
    if change.crossing is None:
        return words
    cut_off = next(s.bothersome_from for s in content.scores if s.id == change.item_of)
    return f"{words}; {content.text(f'progress.crossing_{change.crossing}', cut_off=cut_off)}"


def act_first_lines(content: Content, comparison: Comparison) -> list[str]:
    """New red flags and a more serious outcome, which come before anything else."""
    before, after = comparison.before, comparison.after
    since = content.date(before.created)
    lines = [
        content.text(
            "progress.new_red_flag", date=since, summary=finding.summary, message=finding.message
        ).strip()
        for finding in comparison.new_red_flags
    ]
    outcome = content.outcomes[after.level]
    if comparison.level_raised:
        lines.append(
            content.text(
                "progress.level_raised",
                date=since,
                before=content.outcomes[before.level].title,
                after=outcome.title,
            )
        )
    elif after.level in RED_FLAG_LEVELS:
        lines.append(content.text("progress.still_act", title=outcome.title))
    if lines:
        lines.append(content.text("progress.next_step", next_step=outcome.next_step))
    return lines


def outcome_line(content: Content, comparison: Comparison) -> str:
    before = content.outcomes[comparison.before.level].title
    after = content.outcomes[comparison.after.level].title
    if before == after:
        return content.text("progress.outcome_same", title=after)
    return content.text("progress.outcome_changed", before=before, after=after)


def meaningful_lines(content: Content, comparison: Comparison) -> list[str]:
    """One sentence per meaningful change, worse news first."""
    changes = sorted(comparison.meaningful, key=lambda change: change.verdict != "worsened")
    return [
        content.text(
            "progress.meaningful_line",
            label=change.label,
            verdict=content.text(f"progress.verdict_{change.verdict}"),
            before=format_value(content, change.before),
            after=format_value(content, change.after),
        )
        for change in changes
    ] or [content.text("progress.meaningful_none")]


class Series(NamedTuple):
    """The saved screenings of one reference (None: screenings saved without one)."""

    ref: str | None
    screenings: Sequence[Screening]
    #: Other references have screenings too, so this one's is named even without a ref.
    named: bool

    def heading(self, content: Content) -> str:
        if self.ref is not None:
            return content.text("progress.chart_heading_ref", ref=self.ref)
        if self.named:
            return content.text("progress.chart_heading_no_ref")
        return content.text("progress.chart_heading")

    def too_few(self, content: Content) -> str:
        count = len(self.screenings)
        if self.ref is not None:
            return content.text("progress.chart_too_few_ref", ref=self.ref, count=count)
        if self.named:
            return content.text("progress.chart_too_few_no_ref", count=count)
        return content.text("progress.chart_too_few", count=count)


def series_by_reference(screenings: Sequence[Screening]) -> list[Series]:
    """The screenings split by reference, each oldest first, in order of first saving."""
    by_ref: dict[str | None, list[Screening]] = {}
    for screening in screenings:
        by_ref.setdefault(screening.ref, []).append(screening)
    named = len(by_ref) > 1
    return [Series(ref, group, named) for ref, group in by_ref.items()]


def chart_blocks(content: Content, series: Series) -> Iterator[Block]:
    """Each score of ``series`` over time: one bar per screening, scaled to the score's
    maximum, under the series' heading."""
    yield Heading(series.heading(content))
    for score in content.scores:
        direction = content.text(f"progress.chart_{score.better}")
        bars = []
        for screening in series.screenings:
            value = screening.scores.get(score.id)
            filled = None if value is None else value / score.max
            bars.append(Bar(content.date(screening.created), filled, format_value(content, value)))
        title = content.text(
            "progress.chart_title", label=score.label, max=score.max, direction=direction
        )
        yield Chart(title, tuple(bars))


def history_entries(content: Content, screenings: Sequence[Screening]) -> list[str]:
    """One entry per screening, oldest first: its date and outcome, then its scores."""
    entries = []
    for screening in screenings:
        heading = content.text(
            "progress.history_entry",
            date=content.date(screening.created),
            outcome=content.outcomes[screening.level].title,
        )
        if screening.ref:
            heading += " " + content.text("progress.history_ref", ref=screening.ref)
        scores = "; ".join(
            content.text(
                "progress.history_score",
                label=score.label,
                value=_value_of_max(content, screening.scores.get(score.id), score.max),
            )
            for score in content.scores
        )
        entries.append(f"{heading}\n{scores}")
    return entries


def history_blocks(
    content: Content, screenings: Sequence[Screening], *, ref: str | None, more: int = 0
) -> Iterator[Block]:
    """The saved screenings given (oldest first; those with ``ref`` when it is given),
    listed newest first, each numbered in the order saved; then how many earlier ones,
    ``more``, are not shown."""
    if not screenings:
        empty = (
            content.text("progress.history_empty_ref", ref=ref)
            if ref
            else content.text("progress.history_empty")
        )
        yield Paragraph(empty)
        return
    yield Heading(content.text("progress.history_heading"))
    # A list, not a wide table: it fits any terminal and pastes cleanly into notes.
    numbered = enumerate(history_entries(content, screenings), more + 1)
    yield Listing(
        tuple((str(number), tuple(entry.split("\n"))) for number, entry in numbered)[::-1]
    )
    if more:
        yield Paragraph(content.text("progress.history_more", count=more))


def comparison_blocks(content: Content, comparison: Comparison) -> Iterator[Block]:
    """What to act on first, then the outcome, each score before and after, and which
    changed meaningfully."""
    words = content.text
    before, after = comparison.before, comparison.after
    alerts = act_first_lines(content, comparison)
    if alerts:
        yield Heading(words("progress.act_first"), "danger")
        yield from (Paragraph(alert, "danger") for alert in alerts)
    yield Heading(
        words(
            "progress.compare_heading",
            before=content.date(before.created),
            after=content.date(after.created),
        )
    )
    if comparison.versions_differ:
        missing = words("progress.missing_value")
        versions = words(
            "progress.versions_differ",
            before=before.content_version or missing,
            after=after.content_version or missing,
        )
        yield Paragraph(versions)
    if not comparison.level_raised:
        yield Paragraph(outcome_line(content, comparison))
    yield _score_table(content, comparison)
    yield Heading(words("progress.meaningful_heading"))
    # Lines led by "- " in every format, as the view has always shown them (a list's
    # marker in the terminal layout would be "•").
    changes = "\n".join(f"- {line}" for line in meaningful_lines(content, comparison))
    yield Paragraph(changes, breaks=True)
    if comparison.unknown_scores:
        names = ", ".join(comparison.unknown_scores)
        yield Paragraph(words("progress.unknown_scores", names=names))
    yield Paragraph(words("progress.closing"))


def _score_table(content: Content, comparison: Comparison) -> Table:
    """Each score before and after; a score's items under it, indented."""
    words = content.text
    columns = ("score", "before", "after", "change", "threshold", "result")
    rows = []
    for change in comparison.scores:
        item = change.item_of is not None
        rows.append(
            (
                f"  {change.label}" if item else change.label,
                format_value(content, change.before),
                format_value(content, change.after),
                format_change(change.change),
                "" if item else threshold_words(content, change.threshold),
                result_words(content, change),
            )
        )
    return Table(tuple(words(f"progress.column_{key}") for key in columns), tuple(rows), True)
