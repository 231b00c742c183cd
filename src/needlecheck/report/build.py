"""What a report says, decided once for every format.

``build_report`` turns an assessment into a ``Report``: the sections a person reads, in
order, already in words (the parts' types are in ``views``). Each renderer
(terminal, text, Markdown, HTML, JSON) only lays this out, so every format carries the
same content and the same safety wording.
"""

import re
from datetime import datetime
from typing import NamedTuple

from needlecheck import __version__, escaping
from needlecheck.engine import Assessment
from needlecheck.model.content import Content, Question
from needlecheck.model.logic import Rule, Score, activity_questions, rated_activity
from needlecheck.model.text_signs import TextMatch
from needlecheck.model.wording import SafetyNet
from needlecheck.report.views import AnswerView, FeatureView, FindingView, ScoreView


class Report(NamedTuple):
    content: Content
    assessment: Assessment
    ref: str | None
    created: datetime
    needlecheck_version: str
    level: str
    title: str
    advice: str
    next_step: str
    #: Every finding, most severe first.
    findings: tuple[FindingView, ...]
    #: Emergency and urgent findings, and those the content marks act_first: shown
    #: before anything else.
    act_first: tuple[FindingView, ...]
    #: Labels of unanswered safety questions, cauda equina signs first (never listed in
    #: an emergency report, principle 9).
    missing: tuple[str, ...]
    #: In an emergency report, how many questions that apply were never answered: shown
    #: as one "not asked" line after the emergency advice (principle 9); else 0.
    not_asked: int
    #: Labels of safety questions answered "not sure".
    unsure: tuple[str, ...]
    against: tuple[FindingView, ...]
    care: tuple[FindingView, ...]
    favours: tuple[str, ...]
    features: tuple[FeatureView, ...]
    scores: tuple[ScoreView, ...]
    discuss: tuple[str, ...]
    safety_net: SafetyNet
    disclaimer: str
    answers: tuple[AnswerView, ...]
    #: Answers that disagree (spec 4.7), shown high in the report.
    contradictions: tuple[str, ...]
    #: Answers that were given but not used.
    warnings: tuple[str, ...]
    #: Every finding with its sources, for the clinician section (clinician mode only).
    clinician_findings: tuple[FindingView, ...]
    clinician_notes: str

    def words(self, key: str, **values: object) -> str:
        return self.content.text(key, **values)

    @property
    def clinician(self) -> bool:
        return self.assessment.mode == "clinician"


def build_report(
    content: Content,
    assessment: Assessment,
    *,
    ref: str | None = None,
    created: datetime | None = None,
) -> Report:
    outcome = content.outcomes[assessment.level]
    findings = tuple(_finding(content, assessment, rule) for rule in assessment.findings)
    # Principle 9: an emergency report lists nothing as missing and nothing in favour.
    emergency = assessment.level == "emergency"
    clinician = assessment.mode == "clinician"
    notes = next((assessment.answers.get(q.id) for q in content.questions if q.report_notes), "")
    return Report(
        content=content,
        assessment=assessment,
        ref=ref if clinician else None,
        created=created or datetime.now().astimezone(),
        needlecheck_version=__version__,
        level=assessment.level,
        title=outcome.title,
        advice=outcome.advice,
        next_step=_next_step(content, assessment),
        findings=findings,
        act_first=tuple(f for f in findings if _acts_first(f)),
        missing=() if emergency else labels(content, assessment.missing_safety),
        not_asked=len(assessment.unanswered) if emergency else 0,
        unsure=labels(content, assessment.unsure),
        against=tuple(f for f in findings if f.level == "not_advised"),
        care=tuple(f for f in findings if f.level == "discuss_precautions" and not f.act_first),
        favours=() if emergency else _favours(assessment),
        features=() if emergency else _features(content, assessment),
        scores=tuple(_score(content, assessment, score) for score in content.scores),
        discuss=discussion_points(content, assessment),
        safety_net=content.safety_net,
        disclaimer=content.text("disclaimer"),
        answers=_answers(content, assessment),
        contradictions=tuple(c.text for c in assessment.contradictions),
        warnings=warnings(content, assessment),
        clinician_findings=findings if clinician else (),
        clinician_notes=_shown(notes, lines=True).strip() if isinstance(notes, str) else "",
    )


#: Line breaks and tabs in free text become spaces: one answer, one line.
_SPACES = dict.fromkeys(map(ord, "\t\n\r"), ord(" "))


def _shown(text: str, *, lines: bool = False) -> str:
    """Free text a person typed, safe to show literally in any format: every control,
    bidi and zero-width character as a visible escape (``escaping.visible``, the one rule);
    with ``lines``, its line breaks (any of \\n, \\r\\n, \\r) are kept as \\n
    (clinician notes)."""
    if text.isprintable():  # the common case: no line break, tab or control to change
        return text
    if not lines:
        return escaping.visible(text.translate(_SPACES))
    return "\n".join(
        escaping.visible(line.translate(_SPACES)).rstrip() for line in _LINE_BREAK.split(text)
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def labels(content: Content, question_ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(content.question_by_id[qid].label for qid in question_ids)


def _finding(content: Content, assessment: Assessment, rule: Rule) -> FindingView:
    matches: tuple[TextMatch, ...] = ()
    message = rule.message
    if rule.text_checks:  # quote the words, and say where they were written
        matches = tuple(m._replace(term=_shown(m.term)) for m in assessment.matches)
        by_id = content.question_by_id
        quotes = (
            content.text(
                "text_warning_quote",
                term=match.term,
                field=by_id[match.field].label,
                sign=by_id[match.question].label,
            )
            for match in matches
        )
        message = " ".join((*quotes, message))
    return FindingView(
        rule.id,
        rule.level,
        rule.summary_for(assessment.answers),
        message,
        rule.discuss,
        rule.sources,
        lower_certainty(content, rule.sources),
        rule.act_first,
        matches,
    )


def _next_step(content: Content, assessment: Assessment) -> str:
    """The outcome's next step; an incomplete one keeps the time frame of an urgent
    finding (principle 11)."""
    if assessment.level == "incomplete" and any(
        rule.level == "urgent_review" for rule in assessment.findings
    ):
        return content.text("incomplete_next_step_urgent")
    return content.outcomes[assessment.level].next_step


def _acts_first(finding: FindingView) -> bool:
    return finding.act_first or finding.level in ("emergency", "urgent_review")


def lower_certainty(content: Content, source_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The sources among ``source_ids`` that the content flags as lower certainty."""
    return tuple(s for s in source_ids if content.sources[s].lower_certainty)


def _favours(assessment: Assessment) -> tuple[str, ...]:
    favours = [note.text for note in assessment.notes if note.favours]
    favours.extend(group.favours for group in assessment.groups_met if group.favours)
    return tuple(favours)


def _features(content: Content, assessment: Assessment) -> tuple[FeatureView, ...]:
    met = {group.id for group in assessment.groups_met}
    return tuple(
        FeatureView(
            id=group.id,
            title=group.title,
            present=tuple(f.text for f in assessment.features[group.id]),
            summary=group.summary if group.id in met else None,
        )
        for group in content.feature_groups
        if assessment.features[group.id]
    )


def _score(content: Content, assessment: Assessment, score: Score) -> ScoreView:
    value = assessment.scores[score.id]
    shown = (
        content.text("score_value", value=value, max=score.max)
        if value is not None
        else content.text("not_answered")
    )
    detail = ""
    bothersome = assessment.bothersome.get(score.id)
    if bothersome:
        names = ", ".join(labels(content, bothersome))
        detail = content.text("score_bothersome", items=names)
    elif score.activities:
        activities = _activities(assessment, score)
        if activities:
            detail = content.text("score_activities", activities="; ".join(activities))
    return ScoreView(score.id, score.label, value, shown, score.meaning, detail)


def _activities(assessment: Assessment, score: Score) -> list[str]:
    """The activities behind a PSFS-style score, with their ratings: "running (2/10)"."""
    named = []
    activity_of = activity_questions((score,))
    for item in score.items:
        activity = rated_activity(activity_of.get(item), assessment.answers)
        rating = assessment.answers.get(item)
        if activity is not None:
            shown = _shown(activity)
            named.append(f"{shown} ({rating}/{score.max})" if isinstance(rating, int) else shown)
    return named


def discussion_points(content: Content, assessment: Assessment) -> tuple[str, ...]:
    """The numbered list of what to discuss with a PT, most important first."""
    points: list[str] = []
    # Principle 9: after an emergency nothing is asked first and nothing favours needling.
    emergency = assessment.level == "emergency"
    if assessment.missing_safety and not emergency:
        missing = ", ".join(labels(content, assessment.missing_safety))
        points.append(content.text("discuss_missing", questions=missing))
    points.extend(rule.discuss for rule in assessment.findings)
    if assessment.unsure:
        unsure = ", ".join(labels(content, assessment.unsure))
        points.append(content.text("discuss_unsure", questions=unsure))
    if assessment.groups_met and not emergency:
        points.append(content.text("discuss_examination"))
    points.extend(note.text for note in assessment.notes if not (emergency and note.favours))
    score = next((s for s in content.scores if s.activities), None)
    activities = _activities(assessment, score) if score else []
    if activities:
        points.append(content.text("discuss_activities", activities="; ".join(activities)))
    # One point can come from two rules (the same advice); say it once.
    return tuple(dict.fromkeys(points))


def warnings(content: Content, assessment: Assessment) -> tuple[str, ...]:
    return tuple(
        content.text(f"warning_{ignored.reason}", question=ignored.question_id)
        for ignored in assessment.ignored
    )


def _answers(content: Content, assessment: Assessment) -> tuple[AnswerView, ...]:
    """Every answer used and every question that applies without one, in question order;
    each activity rating named by its activity ("Activity 1 score (running)")."""
    none_label, missing = content.text("none_selected"), content.text("not_answered")
    answers = assessment.answers
    # After an emergency, the questions never reached are counted in one line instead.
    unanswered = frozenset(() if assessment.level == "emergency" else assessment.unanswered)

    activity_of = activity_questions(content.scores)

    def label(question: Question) -> str:
        activity = rated_activity(activity_of.get(question.id), answers)
        if activity is None:
            return question.label
        return content.text("activity_score_label", label=question.label, activity=_shown(activity))

    views = []
    for question in content.questions:
        answer = answers.get(question.id)  # an answer is never None
        if answer is not None or question.id in unanswered:
            shown = question.format_answer(answer, none_label=none_label, missing=missing)
            views.append(AnswerView(label(question), _shown(shown)))
    return tuple(views)
