"""The JSON report of spec section 8 on one line (``--format jsonl``): JSON Lines, one
report a line, for programs that read many (``screen --answers F1 F2 … --format jsonl``)."""

from __future__ import annotations

import json

from needlecheck import escaping
from needlecheck.report.build import Report
from needlecheck.report.json_contract import report_dict


def render(report: Report) -> str:
    return escaping.json_text(json.dumps(report_dict(report), ensure_ascii=False)) + "\n"
