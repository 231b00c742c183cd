"""The JSON report of spec section 8 as a file: the contract itself is ``report.json_contract``."""

from __future__ import annotations

import json

from needlecheck import escaping
from needlecheck.report.build import Report
from needlecheck.report.json_contract import report_dict


def render(report: Report) -> str:
    return escaping.json_text(json.dumps(report_dict(report), indent=2, ensure_ascii=False)) + "\n"
