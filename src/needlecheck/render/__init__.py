"""Renderers: one module per output format, each laying out the same ``Report``.

Modules are imported only when their format is asked for, so a JSON run never pays for
rich or the HTML code.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from needlecheck.render.blocks import Block
    from needlecheck.report.build import Report

#: Format name to the module that renders it (each has ``render(report) -> str``).
FORMATS = {
    "terminal": "needlecheck.render.terminal",
    "text": "needlecheck.render.text",
    "markdown": "needlecheck.render.markdown",
    "html": "needlecheck.render.html",
    "json": "needlecheck.render.json_report",
    "jsonl": "needlecheck.render.json_lines",
    "fhir": "needlecheck.render.fhir",
    "fhir-bundle": "needlecheck.render.fhir_bundle",
}


def render(report: Report, file_format: str) -> str:
    module = importlib.import_module(FORMATS[file_format])
    result: str = module.render(report)
    return result


def render_blocks(blocks: Iterable[Block], file_format: str) -> str:
    """Blocks other than a report's (``needlecheck about``), in a format that lays out
    blocks on their own: terminal, text or markdown."""
    module = importlib.import_module(FORMATS[file_format])
    result: str = module.render_blocks(blocks)
    return result
