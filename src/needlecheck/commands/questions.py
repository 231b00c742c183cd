"""The questions command: every question listed for reading (the terminal layout, plain
text or Markdown, from the same blocks as the reports), for programs (JSON) or for forms
tools (a FHIR R4 Questionnaire)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from needlecheck import out
from needlecheck.commands.common import load, screen_format

if TYPE_CHECKING:
    from needlecheck.model.answers import Mode


def questions(*, list_format: str, clinician: bool, lang: str | None) -> None:
    """List every question: its id, wording and the answers it accepts."""
    mode: Mode = "clinician" if clinician else "self"
    content = load(lang, mode)
    if list_format == "fhir":
        from needlecheck.render.fhir_questionnaire import render_questionnaire

        out.document(render_questionnaire(content, mode))
    elif list_format == "json":
        from needlecheck.render.question_list import render_json

        out.document(render_json(content))
    else:
        from needlecheck.render import render_blocks
        from needlecheck.render.question_list import question_blocks

        file_format = screen_format() if list_format == "auto" else list_format
        listing = render_blocks(question_blocks(content, mode), file_format)
        out.document(listing, prose=file_format == "text")
