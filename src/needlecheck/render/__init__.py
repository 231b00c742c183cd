"""Renderers: one module per output format, each laying out the same ``Report``.

Modules are imported only when their format is asked for, so a JSON run never pays for
rich or the HTML code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from needlecheck.report import Report

#: Format name to the module that renders it (each has ``render(report) -> str``).
FORMATS = {
    "text": "needlecheck.render.text",
    "markdown": "needlecheck.render.markdown",
    "json": "needlecheck.render.json_report",
}


def render(report: Report, file_format: str) -> str:
    module = importlib.import_module(FORMATS[file_format])
    result: str = module.render(report)
    return result
