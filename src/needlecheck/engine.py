"""The screening engine: answers in, assessment out.

Pure functions only: no I/O, no user-interface imports. The interview and answers files
both end here, so there is one code path for the clinical logic.
"""

from collections.abc import Iterator, Mapping
from typing import Literal, NamedTuple, TypeVar

from needlecheck.model.answers import MODES, Answer, Answers, Mode
from needlecheck.model.conditions import Condition, Context, Predicate, guard_of
from needlecheck.model.content import UNSURE_VALUES, Content, Question
from needlecheck.model.logic import (
    SEVERITY,
    Contradiction,
    Feature,
    FeatureGroup,
    Level,
    Note,
    Rule,
    Score,
)
from needlecheck.model.text_signs import TextMatch, matches_in

_T = TypeVar("_T")

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


def _other_mode(answers: Answers, context: Context) -> bool:
    """The show-if of a question that does not apply in the mode walked (told apart by
    identity: its answer is ignored as clinician-only, not as not applying)."""
    return False


#: A question's place in one mode's walk: the question, and its show-if predicate, or
#: None when it always applies, or ``_other_mode`` when it never applies in that mode.
_Step = tuple[Question, Predicate | None]
#: A condition's guard (its question, or None when it has none; the values its answer
#: must be among), its predicate, and what holds when the condition does.
_Check = tuple[str | None, frozenset[object], Predicate, _T]


class _Plan(NamedTuple):
    """What an assessment needs from the content, worked out once per content.

    The content never changes after loading, so the engine reads these tuples rather
    than walking the content's questions, rules and scores for every answer set.
    """

    #: Per mode, every question in order.
    steps: Mapping[Mode, tuple[_Step, ...]]
    rules: tuple[_Check[Rule], ...]
    features: tuple[_Check[Feature], ...]
    notes: tuple[_Check[Note], ...]
    contradictions: tuple[_Check[Contradiction], ...]
    #: Where an unanswered question sorts: the safety net's signs first, in its order
    #: (spec 2); then the other safety questions, then the rest (stable within each).
    unanswered_rank: Mapping[str, tuple[int, bool]]
    #: Safety questions, in question order, whose answer can be "not sure" / "unsure".
    unsure_capable: tuple[str, ...]


#: Plans by ``id(content)``, each with its content so the id cannot be reused while the
#: plan is kept. Few contents are ever loaded in one process (one per language).
_PLANS: dict[int, tuple[Content, _Plan]] = {}
_PLANS_KEPT = 8


def _plan(content: Content) -> _Plan:
    kept = _PLANS.get(id(content))
    if kept is not None and kept[0] is content:
        return kept[1]
    if len(_PLANS) >= _PLANS_KEPT:
        _PLANS.pop(next(iter(_PLANS)))
    first = content.safety_net.questions
    plan = _Plan(
        steps={
            mode: tuple(
                (q, q.is_shown if mode in q.modes else _other_mode) for q in content.questions
            )
            for mode in MODES
        },
        rules=tuple(_check(rule.when, rule.test, rule) for rule in content.rules),
        features=tuple(_check(f.when, f.test, f) for f in content.features),
        notes=tuple(_check(note.when, note.test, note) for note in content.notes),
        contradictions=tuple(_check(c.when, c.test, c) for c in content.contradictions),
        unanswered_rank={
            q.id: (first.index(q.id) if q.id in first else len(first), not q.safety)
            for q in content.questions
        },
        unsure_capable=tuple(
            q.id
            for q in content.questions
            if q.safety and (q.type == "text" or not UNSURE_VALUES.isdisjoint(q.options))
        ),
    )
    _PLANS[id(content)] = (content, plan)
    return plan


def _check(condition: Condition, test: Predicate, item: _T) -> _Check[_T]:
    guard = guard_of(condition)
    return (None, frozenset(), test, item) if guard is None else (*guard, test, item)


def _holding(checks: tuple[_Check[_T], ...], answers: Answers, context: Context) -> Iterator[_T]:
    """The items whose condition holds, in order, each given before the next is tested
    (a rule may read which rules fired before it); a failed guard saves a predicate call."""
    for question, values, test, item in checks:
        if question is not None and answers.get(question) not in values:
            continue
        if test(answers, context):
            yield item


def _walk(
    content: Content, answers: Answers, mode: Mode
) -> tuple[dict[str, Answer], list[Question], list[Ignored]]:
    """The answers that count, the questions that apply without an answer, and the
    answers ignored; in question order (see ``applicable_answers``)."""
    used: dict[str, Answer] = {}
    unanswered: list[Question] = []
    ignored: list[Ignored] = []
    context = Context(mode, set())
    for question, is_shown in _plan(content).steps[mode]:
        qid = question.id
        if is_shown is not None:
            if is_shown is _other_mode:
                if qid in answers:
                    ignored.append(Ignored(qid, "clinician_only"))
                continue
            if not is_shown(used, context):
                if qid in answers:
                    ignored.append(Ignored(qid, "does_not_apply"))
                continue
        if qid in answers:
            used[qid] = answers[qid]
        else:
            unanswered.append(question)
    return used, unanswered, ignored


def applicable_answers(
    content: Content, answers: Answers, mode: Mode
) -> tuple[dict[str, Answer], list[Question], list[Ignored]]:
    """Walk the questions in order and decide which apply.

    Returns the answers that count, the questions that apply, and the answers ignored
    because their question does not apply (show-if false, or clinician-only).
    Show-ifs read only the answers that count, so a chain of hidden questions falls away.
    """
    used, unanswered, ignored = _walk(content, answers, mode)
    # A question applies when it has an answer that counts, or applies without one.
    missing = {q.id for q in unanswered}
    applying = [q for q in content.questions if q.id in used or q.id in missing]
    return used, applying, ignored


def fire_rules(content: Content, answers: Answers, mode: Mode) -> list[Rule]:
    """Every rule whose condition holds, in content order."""
    context = Context(mode, set())
    fired = []
    for rule in _holding(_plan(content).rules, answers, context):
        context.fired.add(rule.id)
        fired.append(rule)
    return fired


def assess(content: Content, answers: Answers, mode: Mode = "self") -> Assessment:
    """Assess one set of validated answers."""
    plan = _plan(content)
    used, unanswered, ignored = _walk(content, answers, mode)
    fired = fire_rules(content, used, mode)
    matches = _text_matches(fired, used)
    fired.sort(key=lambda rule: -SEVERITY[rule.level])  # stable: content order kept

    unanswered_ids = sorted([q.id for q in unanswered], key=plan.unanswered_rank.__getitem__)
    by_id = content.question_by_id
    missing_safety = tuple(qid for qid in unanswered_ids if by_id[qid].safety)
    # In question order, as ``used`` is.
    unsure = tuple(qid for qid in plan.unsure_capable if used.get(qid) in UNSURE_VALUES)

    level: Level = fired[0].level if fired else "may_suit"
    if missing_safety and level != "emergency":
        level = "incomplete"

    context = Context(mode, set())
    present: dict[str, list[Feature]] = {group.id: [] for group in content.feature_groups}
    for feature in _holding(plan.features, used, context):
        present[feature.group].append(feature)
    groups_met = tuple(g for g in content.feature_groups if len(present[g.id]) >= g.min_present)
    notes = tuple(_holding(plan.notes, used, context))
    contradictions = tuple(_holding(plan.contradictions, used, context))

    scores: dict[str, int | float | None] = {}
    bothersome: dict[str, tuple[str, ...]] = {}
    for score in content.scores:
        scores[score.id] = compute_score(score, used)
        if score.bothersome_from is not None:
            threshold = score.bothersome_from
            bothersome[score.id] = tuple(
                [item for item in score.items if _rating(used.get(item)) >= threshold]
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
        unanswered=tuple(unanswered_ids),
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
    total = 0
    for value in values:  # a plain loop: this runs for every score of every assessment
        if not isinstance(value, int):
            return None
        total += value
    return total


def _rating(value: Answer | None) -> int:
    """An item's rating; below every threshold when it is not a number."""
    return value if isinstance(value, int) else -1
