"""The questions command: every question listed for reading, for programs (JSON) or
for forms tools (a FHIR R4 Questionnaire)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from needlecheck import out
from needlecheck.commands.common import load

if TYPE_CHECKING:
    from needlecheck.model import Mode


def questions(*, list_format: str, clinician: bool, lang: str | None) -> None:
    """List every question: its id, wording and the answers it accepts."""
    mode: Mode = "clinician" if clinician else "self"
    content = load(lang, mode)
    if list_format == "fhir":
        from needlecheck.render.fhir_questionnaire import render_questionnaire

        out.document(render_questionnaire(content, mode))
    elif list_format == "json":
        from needlecheck.question_bank import render_json

        out.document(render_json(content))
    else:
        from needlecheck.question_bank import render_text

        out.document(render_text(content, mode), prose=True)
