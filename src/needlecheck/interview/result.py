"""The result after the interview, laid out to fit one screen.

After some 50 questions the full report is far taller than a terminal, and printed whole
its outcome would scroll away. So the person first sees, on one screen: the outcome and
its advice, the next step, the titles of what was found, a line on what was not asked
(after "Stop here" at an emergency) and where the full report is; on a small screen the
advice is left out before the findings are. The full report is offered in a pager
afterwards.

Pure layout, no terminal: a report in, lines out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from needlecheck import out
from needlecheck.render.blocks import LEVEL_TONE

if TYPE_CHECKING:
    from needlecheck.interview.prompter import TextKind
    from needlecheck.report.build import Report

Line = tuple[str, "TextKind"]

#: Lines kept free under the result for the questions that follow it.
RESERVED_LINES = 6


def result_lines(
    report: Report,
    columns: int,
    rows: int,
    *,
    words: Callable[..., str],
    where: str,
) -> list[Line]:
    """The one-screen result in the interview's ``words``; ``where`` says where the full
    report is."""
    not_asked = len(report.assessment.unanswered)  # the JSON report's ``unanswered``
    urgent = LEVEL_TONE[report.level] == "danger"
    strong: TextKind = "emergency" if urgent else "heading"

    def para(text: str, kind: TextKind = "plain", indent: str = "") -> list[Line]:
        wrapped = out.wrap(
            text, columns, indent=indent, subsequent_indent=indent + "  " * bool(indent)
        )
        return [(line, kind) for line in wrapped.split("\n")]

    rule: list[Line] = [("━" * min(columns, 80), strong)]
    title = para(report.title, strong)
    next_step = para(f"{report.words('next_step_label')} {report.next_step}", strong)
    tail: list[Line] = []
    if not_asked and report.level == "emergency":
        tail += para(words("interview.result_not_asked", count=not_asked), "muted")
    tail += para(where, "muted")
    room = rows - RESERVED_LINES - 2 * len(rule) - len(title) - len(next_step) - len(tail)
    # On a small screen the outcome's explanation gives way to the findings' titles, and
    # they to what to do next (for an emergency, where to go and the number to call).
    advice = para(report.advice)
    findings = [f.summary for f in (*report.act_first, *report.against, *report.care)]
    if report.missing and report.level != "emergency":  # principle 9: "not asked" only
        findings.append(words("interview.result_missing", count=len(report.missing)))
    listed = _findings(findings, words, para, room - len(advice))
    if len(advice) > room or not listed:
        without_advice = _findings(findings, words, para, room)
        if len(advice) > room or without_advice:
            advice, listed = [], without_advice
    if findings and not listed:  # not even one title fits: never hide that there are some
        listed = para(words("interview.result_found_count", count=len(findings)), "heading")
    return rule + title + advice + next_step + rule + listed + tail


def _findings(
    findings: list[str], words: Callable[..., str], para: Callable[..., list[Line]], room: int
) -> list[Line]:
    """The findings' titles in at most ``room`` lines, and how many more there are; none
    when not even one fits."""
    heading = para(words("interview.result_found"), "heading")
    listed: list[Line] = []
    for number, finding in enumerate(findings):
        item = para(f"• {finding}", "plain", indent="  ")
        more = len(findings) - number
        if len(heading) + len(listed) + len(item) + (1 if more > 1 else 0) > room:
            if listed:
                listed += para(words("interview.result_more", count=more), "muted", indent="  ")
            break
        listed += item
    return heading + listed if listed else []
