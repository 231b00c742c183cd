"""needlecheck's names in FHIR, shared by the FHIR exports and the QuestionnaireResponse
reader: the canonical addresses and the one code system (all from the content's
``[fhir]`` data), and every word a FHIR resource takes from the content, looked up here
and nowhere else, so that a translation or a clinician wording has one place to change.
"""

from __future__ import annotations

from needlecheck.model.answers import Mode
from needlecheck.model.content import Content, Question
from needlecheck.model.logic import Rule

#: The answer option that states "none of these" on a multi question; an empty list in
#: needlecheck's own answers. A multi question never has an option of this value (the
#: content tests check it).
NONE_CODE = "none"


def questionnaire_id(mode: Mode) -> str:
    return "needlecheck-clinician" if mode == "clinician" else "needlecheck"


def questionnaire_url(content: Content, mode: Mode) -> str:
    return f"{content.fhir.url}/Questionnaire/{questionnaire_id(mode)}"


def code_system(content: Content) -> str:
    """needlecheck's one code system: option values, levels, rule ids and score ids."""
    return f"{content.fhir.url}/CodeSystem/needlecheck"


def coding(content: Content, code: str, display: str) -> dict[str, str]:
    return {
        "system": code_system(content),
        "version": content.content_version,
        "code": code,
        "display": display,
    }


def option_coding(content: Content, question: Question, option: str) -> dict[str, str]:
    if question.type == "multi" and option == NONE_CODE:
        return coding(content, option, none_label(content))
    display = question.option_labels[option]
    return coding(content, option, display)


def none_label(content: Content) -> str:
    return content.text("fhir.none_of_these")


def level_title(content: Content, level: str) -> str:
    return content.outcomes[level].title


def emergency_warning(content: Content, rule: Rule) -> str:
    """What a forms tool shows at once after a red-flag answer that fires ``rule``."""
    return f"{level_title(content, 'emergency')}. {rule.message}"


def subject_display(content: Content, mode: Mode, ref: str | None) -> str:
    if ref:
        return ref
    return content.text("fhir.subject_clinician" if mode == "clinician" else "fhir.subject_self")


def method_text(content: Content, version: str) -> str:
    return content.text("fhir.method", version=version, content=content.content_version)
