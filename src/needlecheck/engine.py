"""The screening engine: answers in, assessment out.

Pure functions only: no I/O, no user-interface imports. The interview and answers files
both end here, so there is one code path for the clinical logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from needlecheck.conditions import Context
from needlecheck.model import (
    SEVERITY,
    UNSURE_VALUES,
    Answer,
    Answers,
    Content,
    Contradiction,
    Feature,
    FeatureGroup,
    Level,
    Mode,
    Note,
    Question,
    Rule,
    Score,
)
from needlecheck.text_signs import TextMatch, matches_in

IgnoredReason = Literal["does_not_apply", "clinician_only"]


class Ignored(NamedTuple):
    """An answer that was given but not used, and why."""

    question_id: str
    reason: IgnoredReason


class Assessment(NamedTuple):
    mode: Mode
    level: Level
    #: Every rule that fired, most severe first (content order within a level).
    findings: tuple[Rule, ...]
    #: Present features, by feature group id.
    features: Mapping[str, tuple[Feature, ...]]
    #: Feature groups with enough features present for their summary.
    groups_met: tuple[FeatureGroup, ...]
    notes: tuple[Note, ...]
    #: Score id to value; None when an item it needs is unanswered.
    scores: Mapping[str, int | float | None]
    #: Score id to the items rated as bothersome (scores with ``bothersome_from``).
    bothersome: Mapping[str, tuple[str, ...]]
    #: Questions that apply but have no answer: cauda equina signs, other safety, rest.
    unanswered: tuple[str, ...]
    #: The safety questions among ``unanswered`` (they make the outcome ``incomplete``).
    missing_safety: tuple[str, ...]
    #: Safety questions answered "not sure" / "unsure" (principle 3: say so).
    unsure: tuple[str, ...]
    ignored: tuple[Ignored, ...]
    #: The answers used: those given, less the ignored ones.
    answers: Mapping[str, Answer]
    #: Words in free text that may describe a warning sign, from fired rules (spec 4.6).
    matches: tuple[TextMatch, ...] = ()
    #: Answers that disagree (spec 4.7): warnings, never a level.
    contradictions: tuple[Contradiction, ...] = ()

    @property
    def emergency(self) -> bool:
        return self.level == "emergency"


def applicable_answers(
    content: Content, answers: Answers, mode: Mode
) -> tuple[dict[str, Answer], list[Question], list[Ignored]]:
    """Walk the questions in order and decide which apply.

    Returns the answers that count, the questions that apply, and the answers ignored
    because their question does not apply (show-if false, or clinician-only).
    Show-ifs read only the answers that count, so a chain of hidden questions falls away.
    """
    used: dict[str, Answer] = {}
    applying: list[Question] = []
    ignored: list[Ignored] = []
    context = Context(mode, set())
    for question in content.questions:
        qid = question.id
        if mode not in question.modes:
            if qid in answers:
                ignored.append(Ignored(qid, "clinician_only"))
            continue
        if question.is_shown is not None and not question.is_shown(used, context):
            if qid in answers:
                ignored.append(Ignored(qid, "does_not_apply"))
            continue
        applying.append(question)
        if qid in answers:
            used[qid] = answers[qid]
    return used, applying, ignored


def fire_rules(content: Content, answers: Answers, mode: Mode) -> list[Rule]:
    """Every rule whose condition holds, in content order."""
    context = Context(mode, set())
    fired = []
    for rule in content.rules:
        if rule.test(answers, context):
            context.fired.add(rule.id)
            fired.append(rule)
    return fired


def assess(content: Content, answers: Answers, mode: Mode = "self") -> Assessment:
    """Assess one set of validated answers."""
    used, applying, ignored = applicable_answers(content, answers, mode)
    fired = fire_rules(content, used, mode)
    matches = _text_matches(fired, used)
    fired.sort(key=lambda rule: -SEVERITY[rule.level])  # stable: content order kept

    unanswered = [q for q in applying if q.id not in used]
    # The safety net's signs first, in its order (spec 2); then safety, then the rest.
    first = content.safety_net.questions
    unanswered.sort(
        key=lambda q: (first.index(q.id) if q.id in first else len(first), not q.safety)
    )
    missing_safety = tuple(q.id for q in unanswered if q.safety)
    # ``used`` is in question order and holds only questions that apply.
    by_id = content.question_by_id
    unsure = tuple(
        qid for qid, value in used.items() if value in UNSURE_VALUES and by_id[qid].safety
    )

    level: Level = fired[0].level if fired else "may_suit"
    if missing_safety and level != "emergency":
        level = "incomplete"

    context = Context(mode, set())
    present: dict[str, list[Feature]] = {group.id: [] for group in content.feature_groups}
    for feature in content.features:
        if feature.test(used, context):
            present[feature.group].append(feature)
    groups_met = tuple(g for g in content.feature_groups if len(present[g.id]) >= g.min_present)
    notes = tuple(note for note in content.notes if note.test(used, context))
    contradictions = tuple([c for c in content.contradictions if c.test(used, context)])

    scores: dict[str, int | float | None] = {}
    bothersome: dict[str, tuple[str, ...]] = {}
    for score in content.scores:
        scores[score.id] = compute_score(score, used)
        if score.bothersome_from is not None:
            threshold = score.bothersome_from
            bothersome[score.id] = tuple(
                item for item in score.items if _int(used.get(item), -1) >= threshold
            )

    return Assessment(
        mode=mode,
        level=level,
        findings=tuple(fired),
        features={group: tuple(items) for group, items in present.items()},
        groups_met=groups_met,
        notes=notes,
        scores=scores,
        bothersome=bothersome,
        unanswered=tuple(q.id for q in unanswered),
        missing_safety=missing_safety,
        unsure=unsure,
        ignored=tuple(ignored),
        answers=used,
        matches=matches,
        contradictions=contradictions,
    )


def _text_matches(fired: list[Rule], answers: Answers) -> tuple[TextMatch, ...]:
    """The words each fired free-text rule found, one per (sign, field), first found kept."""
    checks = [check for rule in fired if rule.text_checks for check in rule.text_checks]
    if not checks:  # nearly always: look no further
        return ()
    fired_ids = {rule.id for rule in fired}
    found = (
        m for check in checks for m in matches_in(check.signs, check.fields, answers, fired_ids)
    )
    return tuple({(m.question, m.field): m for m in found}.values())


def compute_score(score: Score, answers: Answers) -> int | float | None:
    """A score from its items (spec section 5)."""
    values = [answers.get(item) for item in score.items]
    if score.method == "mean":
        answered = [v for v in values if isinstance(v, int)]
        return round(sum(answered) / len(answered), 1) if answered else None
    if any(not isinstance(v, int) for v in values):
        return None
    return sum(_int(v, 0) for v in values)


def _int(value: Answer | None, default: int) -> int:
    return value if isinstance(value, int) else default
