"""Documents as ordered lists of plain blocks, shared by every document format.

Each renderer (terminal, text, Markdown, HTML) lays out blocks and nothing else, so
every format carries the same content in the same order: the reports, ``about``, the
question listing (``render.question_list``) and the views of saved screenings
(``render.progress_view``). For a report the order is a safety decision (principles 1
and 2): the outcome and its next step come first, emergency and urgent advice right
after, the safety net is always present, and the report ends with the next step again.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple

from needlecheck.model.content import Content

if TYPE_CHECKING:
    from needlecheck.report.build import Report
    from needlecheck.report.views import FindingView

Tone = Literal["danger", "warning", "good", "info", "plain"]

#: Outcome level to the tone it is shown in.
LEVEL_TONE: dict[str, Tone] = {
    "emergency": "danger",
    "incomplete": "warning",
    "urgent_review": "danger",
    "not_advised": "warning",
    "discuss_precautions": "info",
    "may_suit": "good",
}


class Title(NamedTuple):
    text: str
    lines: tuple[str, ...]


class OutcomeBlock(NamedTuple):
    level: str
    title: str
    advice: str
    next_step_label: str
    next_step: str
    tone: Tone


class Heading(NamedTuple):
    text: str
    tone: Tone = "plain"


class Paragraph(NamedTuple):
    text: str
    tone: Tone = "plain"
    #: Its line breaks are kept in every format (clinician notes of several lines).
    breaks: bool = False


class Bullets(NamedTuple):
    items: tuple[str, ...]


class Numbered(NamedTuple):
    items: tuple[str, ...]


class Table(NamedTuple):
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: In a layout without columns (plain text), name each cell after the first by its
    #: column: in a comparison the column is the point.
    name_cells: bool = False


class Entry(NamedTuple):
    """A term and what is said of it, indented under it (a question in the listing):
    its lines, then its items (one accepted answer each) further in, then its notes."""

    term: str
    lines: tuple[str, ...]
    items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class Listing(NamedTuple):
    """Items each led by a short mark (its number) with their lines under them, and no
    blank line between items: a compact list a screen holds many of (the history)."""

    items: tuple[tuple[str, tuple[str, ...]], ...]


#: Cells in a full chart bar; small enough for any terminal beside a date and a value.
BAR_WIDTH = 20


class Bar(NamedTuple):
    label: str
    #: How much of the bar is filled, 0 to 1; None: no value to draw.
    filled: float | None
    value: str

    def cells(self, full: str, empty: str) -> str:
        """The bar alone, in ``full`` and ``empty`` cells ("" when there is nothing to draw)."""
        if self.filled is None:
            return ""
        count = max(0, min(BAR_WIDTH, round(self.filled * BAR_WIDTH)))
        return full * count + empty * (BAR_WIDTH - count)

    def drawn(self, full: str, empty: str) -> str:
        """The bar, then its value; the value alone when there is nothing to draw."""
        cells = self.cells(full, empty)
        return f"{cells}  {self.value}" if cells else self.value


class Chart(NamedTuple):
    """A bar chart: one bar per row, each beside its label and its value in words."""

    title: str
    bars: tuple[Bar, ...]


Block = (
    Title
    | OutcomeBlock
    | Heading
    | Paragraph
    | Bullets
    | Numbered
    | Table
    | Entry
    | Listing
    | Chart
)


def report_blocks(report: "Report") -> Iterator[Block]:
    words = report.words
    yield Title(words("report_title"), tuple(_header_lines(report)))
    tone = LEVEL_TONE[report.level]
    yield OutcomeBlock(
        report.level, report.title, report.advice, words("next_step_label"), report.next_step, tone
    )
    yield from _first_after_outcome(report)
    if report.unsure:
        yield Heading(words("heading_unsure"), "warning")
        yield Paragraph(words("unsure_intro"))
        yield Bullets(report.unsure)
    if report.against:
        yield Heading(words("heading_against"), "warning")
        yield Bullets(tuple(_finding_line(report, f) for f in report.against))
    if report.care:
        yield Heading(words("heading_care"), "info")
        yield Bullets(tuple(_finding_line(report, f) for f in report.care))
    if report.favours:
        yield Heading(words("heading_favours"), "good")
        yield Bullets(report.favours)
    for group in report.features:
        yield Heading(group.title)
        yield Bullets(group.present)
        if group.summary:
            yield Paragraph(group.summary)
    if report.scores:
        yield Heading(words("heading_scores"))
        yield Table(
            (words("column_score"), words("column_result"), words("column_meaning")),
            tuple((s.label, s.shown, f"{s.meaning} {s.detail}".strip()) for s in report.scores),
        )
    if report.discuss and not report.clinician:
        yield Heading(words("heading_discuss"))
        yield Numbered(report.discuss)
    yield Heading(report.safety_net.title, "danger")
    yield Bullets(report.safety_net.signs)
    yield Paragraph(report.safety_net.action, "danger")
    yield Heading(words("heading_answers"))
    yield Table(
        (words("column_question"), words("column_answer")),
        tuple((a.label, a.answer) for a in report.answers),
    )
    if report.warnings:
        yield Heading(words("heading_warnings"))
        yield Bullets(report.warnings)
    yield Paragraph(report.disclaimer)
    yield Paragraph(words("next_step_closing", next_step=report.next_step), tone)


def _first_after_outcome(report: "Report") -> Iterator[Block]:
    """What must be read first: what to act on, the missing questions, contradictions."""
    words = report.words
    act_first: list[Block] = []
    if report.act_first:
        act_first += [
            Heading(words("heading_act_first"), "danger"),
            Bullets(tuple(_finding_line(report, f) for f in report.act_first)),
        ]
    missing: list[Block] = []
    if report.missing:
        missing += [
            Heading(words("heading_missing"), "warning"),
            Paragraph(words("missing_intro")),
            Bullets(report.missing),
        ]
    # Principle 2 and spec 4.6: what to act on stands right after the outcome, in every
    # report; then the missing questions (spec 2), or after an emergency one short line
    # for the questions never reached (principle 9).
    yield from act_first + missing
    if report.not_asked:
        yield Paragraph(words("not_asked", count=report.not_asked))
    # Spec 3.6 v2: the clinician report opens with its summary, after only what must be
    # acted on first (principle 2) and the missing safety answers (spec 2).
    if report.clinician:
        yield from _clinician_summary(report)
    if report.contradictions:  # spec 4.7: high, before the other findings
        yield Heading(words("heading_contradictions"), "warning")
        yield Bullets(report.contradictions)


def _clinician_summary(report: "Report") -> Iterator[Block]:
    """For the PT, right after the outcome: every finding with its rule id and sources,
    the notes, and what to discuss with the caller and the treating PT."""
    words = report.words
    yield Heading(words("heading_clinician"))
    yield Table(
        (
            words("column_level"),
            words("column_finding"),
            words("column_rule"),
            words("column_sources"),
        ),
        tuple(
            (f.level, f.summary, f.id, cited(report.content, f.sources))
            for f in report.clinician_findings
        )
        or ((words("clinician_no_findings"), "", "", ""),),
    )
    if report.clinician_notes.strip():
        yield Paragraph(words("clinician_notes", notes=report.clinician_notes), breaks=True)
    if report.discuss:
        yield Heading(words("heading_discuss_clinician"))
        yield Numbered(report.discuss)


def _header_lines(report: "Report") -> Iterator[str]:
    words = report.words
    yield words("header_date", date=report.content.date(report.created))
    if report.clinician:
        yield (
            words("header_clinician", ref=report.ref)
            if report.ref
            else words("header_clinician_no_ref")
        )
    yield words(
        "header_versions",
        version=report.needlecheck_version,
        content=report.content.content_version,
    )


def _finding_line(report: "Report", finding: "FindingView") -> str:
    line = f"{finding.summary}: {finding.message}"
    if finding.lower_certainty:
        sources = ", ".join(finding.lower_certainty)
        line += " " + report.words("finding_lower_certainty", sources=sources)
    return line


def cited(content: Content, source_ids: tuple[str, ...]) -> str:
    """Source ids as cited, each of lower certainty marked so (spec 7)."""
    from needlecheck.report.build import lower_certainty

    flagged = lower_certainty(content, source_ids)
    return ", ".join(
        content.text("source_lower_certainty", source=s) if s in flagged else s for s in source_ids
    )
