"""The one-screen result after the interview (interview/result.py): however little room
the screen leaves, it never hides that the screening found something."""

from __future__ import annotations

from conftest import safe_answers
from needlecheck.interview.result import result_lines
from needlecheck.loading.content import load_content
from render_views import report_for

CONTENT = load_content()


def test_a_screen_too_small_for_any_finding_still_counts_them() -> None:
    changes = {"blood_thinners": "yes", "recent_surgery": "yes", "needle_fear": "mild"}
    report = report_for(CONTENT, safe_answers(CONTENT) | changes)
    findings = len(report.act_first) + len(report.against) + len(report.care)
    assert findings >= 2
    lines = [line for line, _ in result_lines(report, 40, 10, words=CONTENT.text, where="x")]
    assert CONTENT.text("interview.result_found_count", count=findings) in lines, lines
    roomy = [line for line, _ in result_lines(report, 80, 60, words=CONTENT.text, where="x")]
    assert CONTENT.text("interview.result_found") in roomy  # with room: the titles
