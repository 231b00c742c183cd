"""The logic's types: outcome levels, rules, feature groups and features, notes,
contradictions and scores, as ``loading.logic`` builds them from ``screening.toml``
and the engine reads them. Each condition comes with its compiled predicate.

Records (``needlecheck.records``), for the same light start-up as ``model``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from needlecheck.records import Record

if TYPE_CHECKING:
    from needlecheck.model.conditions import Condition, Predicate, TextWarningSign

Level = Literal[
    "emergency", "incomplete", "urgent_review", "not_advised", "discuss_precautions", "may_suit"
]
#: Outcome levels, most severe first (spec section 2).
LEVELS: tuple[Level, ...] = (
    "emergency",
    "incomplete",
    "urgent_review",
    "not_advised",
    "discuss_precautions",
    "may_suit",
)
#: Higher is more severe.
SEVERITY: Mapping[str, int] = {level: len(LEVELS) - rank for rank, level in enumerate(LEVELS)}
#: Levels a rule can have: `incomplete` comes from unanswered questions, `may_suit` from none.
RULE_LEVELS = frozenset(LEVELS) - {"incomplete", "may_suit"}


class Rule(Record):
    id: str
    level: Level
    when: Condition
    test: Predicate
    sources: tuple[str, ...]
    summary: str
    message: str
    discuss: str
    #: Shown under "Act on this first" whatever its level (spec 4.4, 4.6).
    act_first: bool = False
    #: The free-text searches in its condition, whose matches a finding quotes.
    text_checks: tuple[TextWarningSign, ...] = ()
    #: The question its condition starts with, and a title for some of its answers that
    #: says that answer ("Takes blood-thinning medicine"), where ``summary`` names them
    #: all ("…, or unsure"). ``summary`` stays the rule's name (FHIR codes).
    summary_question: str | None = None
    summaries: Mapping[str, str] = MappingProxyType({})

    def summary_for(self, answers: Mapping[str, object]) -> str:
        """The title that says what was answered, else the rule's own."""
        if self.summary_question is None:
            return self.summary
        return self.summaries.get(str(answers.get(self.summary_question)), self.summary)


class FeatureGroup(Record):
    id: str
    min_present: int
    sources: tuple[str, ...]
    title: str
    summary: str
    #: Listed among what favours dry needling when the group is met (``favours = true``);
    #: empty for a group that does not.
    favours: str = ""


class Feature(Record):
    id: str
    group: str
    when: Condition
    test: Predicate
    text: str


class Note(Record):
    id: str
    favours: bool
    when: Condition
    test: Predicate
    sources: tuple[str, ...]
    text: str


class Contradiction(Record):
    """Answers that disagree (spec 4.7): a warning, never a level."""

    id: str
    when: Condition
    test: Predicate
    #: The questions it reads, so a review can mark both answers.
    questions: tuple[str, ...]
    text: str


ScoreMethod = Literal["sum", "value", "mean"]
#: Which way a score moves when things get better.
Better = Literal["lower", "higher"]
BETTER_DIRECTIONS: tuple[Better, ...] = ("lower", "higher")


class Score(Record):
    id: str
    method: ScoreMethod
    items: tuple[str, ...]
    max: int
    sources: tuple[str, ...]
    label: str
    meaning: str
    better: Better
    bothersome_from: int | None = None
    #: A change between screenings is meaningful from this many points,
    meaningful_change: float | None = None
    #: or from this percentage of the earlier value.
    meaningful_change_percent: float | None = None
    #: For each item, the text question naming the activity it rates (PSFS-style).
    activities: tuple[str, ...] = ()


def activity_questions(scores: Sequence[Score]) -> dict[str, str]:
    """Each rating question of a PSFS-style score, to the text question that names the
    activity it rates. Worked out once per report: looked up for every answer shown."""
    return {
        item: named_by
        for score in scores
        for item, named_by in zip(score.items, score.activities, strict=False)
    }


def rated_activity(named_by: str | None, answers: Mapping[str, object]) -> str | None:
    """The activity typed in the text question ``named_by`` (``activity_questions``),
    stripped; None when a question rates no activity or the activity was left blank."""
    typed = answers.get(named_by) if named_by is not None else None
    return typed.strip() if isinstance(typed, str) and typed.strip() else None
