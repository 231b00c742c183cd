"""The JSON report of spec section 8, both ways: written from a ``Report`` and read back.

One home for the contract (a public format: keys are stable). ``report_dict`` writes
it; ``read_report`` reads back the parts that history and progress need, so a field
renamed here is renamed for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from needlecheck import escaping
from needlecheck.errors import NotAReportError
from needlecheck.model.answers import Mode
from needlecheck.model.logic import LEVELS, Level
from needlecheck.words import say

if TYPE_CHECKING:
    from needlecheck.report.build import Report
    from needlecheck.report.views import FindingView

ScoreValue = int | float

#: Years a saved report may carry; any other is a damaged (or hand-made) report.
YEARS_ACCEPTED = (1970, 9000)
#: Larger than any score or rating (the largest is out of 100); nan and inf fail too.
MAX_MAGNITUDE = 1_000_000


# ── Writing ─────────────────────────────────────────────────────────────────────────


def report_dict(report: Report) -> dict[str, Any]:
    assessment, content = report.assessment, report.content
    return {
        "needlecheck_version": report.needlecheck_version,
        "content_version": content.content_version,
        "language": content.language,
        "mode": assessment.mode,
        "ref": report.ref,
        "created": report.created.isoformat(timespec="seconds"),
        "outcome": {
            "level": report.level,
            "title": report.title,
            "advice": report.advice,
            "next_step": report.next_step,
            "region": content.emergency.region,
            "emergency_number": content.emergency.number,
        },
        "findings": [_finding_dict(finding) for finding in report.findings],
        "features": {
            group: [feature.id for feature in present]
            for group, present in assessment.features.items()
        },
        "feature_groups_met": [group.id for group in assessment.groups_met],
        "notes": [note.id for note in assessment.notes],
        "scores": dict(assessment.scores),
        "discuss_with_pt": list(report.discuss),
        "unanswered": list(assessment.unanswered),
        "unsure": list(assessment.unsure),
        "contradictions": [c.id for c in assessment.contradictions],
        "warnings": [*report.contradictions, *report.warnings],
        "safety_net": {"signs": list(report.safety_net.signs), "action": report.safety_net.action},
        "disclaimer": report.disclaimer,
        "answers": {
            qid: list(value) if isinstance(value, tuple) else value
            for qid, value in assessment.answers.items()
        },
    }


def _finding_dict(finding: FindingView) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": finding.id,
        "level": finding.level,
        "summary": finding.summary,
        "message": finding.message,
        "discuss": finding.discuss,
        "sources": list(finding.sources),
        "lower_certainty_sources": list(finding.lower_certainty),
    }
    if finding.id == "text_warning_sign" or finding.matches:
        entry["matches"] = [match._asdict() for match in finding.matches]
    return entry


# ── Reading back ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class SavedFinding:
    id: str
    level: str
    summary: str
    message: str


@dataclass(frozen=True, slots=True)
class Screening:
    """What progress is measured by, read from one saved JSON report."""

    created: datetime
    content_version: str | None
    level: Level
    ref: str | None
    #: Score name to value; None when the report has the score but it was not computed.
    scores: Mapping[str, ScoreValue | None]
    answers: Mapping[str, object]
    findings: tuple[SavedFinding, ...]
    #: The reference exactly as the file holds it, to check against the file's name;
    #: never shown (``ref`` is what a person sees).
    written_ref: str | None
    #: Whose words the report was written in: a PT's screening of a caller, or the
    #: person's own (a report without the field).
    mode: Mode = "self"


def read_report(data: object) -> Screening:
    """The parts of a JSON report (spec section 8) that progress needs.

    Tolerates what an older content version may lack (scores, findings, answers) and
    rejects what is not a needlecheck report at all. Raises ``NotAReportError`` with
    the reason, which never quotes a value from the file (it may be health data).
    """
    if not isinstance(data, dict):
        raise NotAReportError(say("saved.not_an_object"))
    outcome = data.get("outcome")
    level = outcome.get("level") if isinstance(outcome, dict) else None
    if level not in LEVELS:
        raise NotAReportError(say("saved.no_level"))
    written_ref = _optional_text(data, "ref")
    return Screening(
        created=_created(data.get("created")),
        content_version=_optional_text(data, "content_version"),
        level=cast(Level, level),
        ref=_shown(written_ref),
        scores=_scores(data.get("scores", {})),
        answers=_answers(data),
        findings=_findings(data.get("findings", [])),
        written_ref=written_ref,
        mode="clinician" if data.get("mode") == "clinician" else "self",
    )


def _created(raw: object) -> datetime:
    try:
        created = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        created = None
    if created is None:
        raise NotAReportError(say("saved.no_date"))
    # Far from the ends of the calendar, so that showing it in any time zone cannot fail.
    if not YEARS_ACCEPTED[0] <= created.year <= YEARS_ACCEPTED[1]:
        raise NotAReportError(say("saved.year_out_of_range"))
    # A report always carries its offset; a hand-edited one without is taken as local.
    return created if created.tzinfo else created.astimezone()


def _plausible_number(value: object) -> bool:
    """A score or item rating as a report can hold one: a finite number of modest size
    (a 401-digit one cannot even be turned into a float)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE
    )


def _shown(text: str | None) -> str | None:
    """Text from a file that anyone may have written, as a person may see it: every
    control, bidi and zero-width character a visible escape (``escaping.visible``)."""
    return None if text is None else escaping.visible(text)


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise NotAReportError(say("saved.not_text", key=repr(key)))
    return value


def _table(data: Mapping[str, Any], key: str) -> dict[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise NotAReportError(say("saved.not_a_table", key=repr(key)))
    return value


def _answers(data: Mapping[str, Any]) -> dict[str, object]:
    answers = _table(data, "answers")
    for name, value in answers.items():
        if isinstance(value, int) and not _plausible_number(value):
            raise NotAReportError(say("saved.answer_out_of_range", name=repr(name)))
    return answers


def _scores(raw: object) -> dict[str, ScoreValue | None]:
    if not isinstance(raw, dict):
        raise NotAReportError(say("saved.not_a_table", key=repr("scores")))
    for name, value in raw.items():
        if value is None:
            continue
        if not _plausible_number(value):
            raise NotAReportError(say("saved.score_not_a_number", name=repr(name)))
    return raw


def _findings(raw: object) -> tuple[SavedFinding, ...]:
    if not isinstance(raw, list):
        raise NotAReportError(say("saved.not_a_list", key=repr("findings")))
    findings = []
    for entry in raw:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("id"), str)
            and isinstance(entry.get("level"), str)
        ):
            raise NotAReportError(say("saved.finding_without_id"))
        summary, message = entry.get("summary"), entry.get("message")
        findings.append(
            SavedFinding(
                escaping.visible(entry["id"]),
                entry["level"],
                # Wording may be absent from an older report: the rule id still says what.
                escaping.visible(summary if isinstance(summary, str) and summary else entry["id"]),
                escaping.visible(message) if isinstance(message, str) else "",
            )
        )
    return tuple(findings)
