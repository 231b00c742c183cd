"""The JSON report of spec section 8 (a public format: keys are stable)."""

from __future__ import annotations

import json
from typing import Any

from needlecheck.report import Report, lower_certainty


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
        "findings": [
            {
                "id": rule.id,
                "level": rule.level,
                "summary": rule.summary,
                "message": rule.message,
                "discuss": rule.discuss,
                "sources": list(rule.sources),
                "lower_certainty_sources": list(lower_certainty(content, rule.sources)),
            }
            for rule in assessment.findings
        ],
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
        "warnings": list(report.warnings),
        "safety_net": {"signs": list(report.safety_net.signs), "action": report.safety_net.action},
        "disclaimer": report.disclaimer,
        "answers": {
            qid: list(value) if isinstance(value, tuple) else value
            for qid, value in assessment.answers.items()
        },
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
