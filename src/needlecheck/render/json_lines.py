"""The JSON report of spec section 8 on one line (``--format jsonl``): JSON Lines, one
report a line, for programs that read many (``screen --answers F1 F2 … --format jsonl``).
The only way a report becomes a line, for one answers file and for a batch."""

from __future__ import annotations

import json

from needlecheck import escaping
from needlecheck.report.build import Report
from needlecheck.report.json_contract import report_dict


def render(report: Report) -> str:
    return line(report)


def line(report: Report, **leading: str) -> str:
    """The report as one line of JSON, ``leading`` fields first (a batch's ``source``)."""
    fields = {**leading, **report_dict(report)}
    return escaping.json_text(json.dumps(fields, ensure_ascii=False)) + "\n"
