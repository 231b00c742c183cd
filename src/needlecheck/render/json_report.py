"""The JSON report of spec section 8 (a public format: keys are stable)."""

from __future__ import annotations

import json
from typing import Any

from needlecheck.report import FindingView, Report


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


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
