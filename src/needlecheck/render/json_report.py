"""The JSON report of spec section 8 as a file: the contract itself is ``report_json``."""

from __future__ import annotations

import json

from needlecheck import escaping
from needlecheck.report import Report
from needlecheck.report_json import report_dict


def render(report: Report) -> str:
    return escaping.json_text(json.dumps(report_dict(report), indent=2, ensure_ascii=False)) + "\n"
