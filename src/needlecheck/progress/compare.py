"""Progress between two screenings: which scores changed, and by a meaningful amount.

Pure functions over saved JSON reports (spec section 8): no I/O, no user-interface
imports. Scores are matched by name, so reports from another content version still
compare; a score that one report lacks is shown as missing, never guessed. Thresholds and
the direction of improvement come from the content's scores, not from code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from needlecheck.model.content import Content
from needlecheck.model.logic import SEVERITY, Better, Score
from needlecheck.report.json_contract import SavedFinding, ScoreValue, Screening

#: Finding levels that are red flags: one that is new is shown before anything else.
RED_FLAG_LEVELS = frozenset({"emergency", "urgent_review"})

Verdict = Literal[
    # For a score with a meaningful-change threshold:
    "improved",  # better by at least the threshold
    "worsened",  # worse by at least the threshold
    "no_meaningful_change",  # a smaller change, or none
    # For a score without one: the direction only, never called meaningful.
    "better",
    "worse",
    "unchanged",
    # Either screening lacks the score.
    "missing",
]
MEANINGFUL: frozenset[Verdict] = frozenset({"improved", "worsened"})

#: An item crossing its score's "bothersome" cut-off (SBI items rated 4 to 6).
Crossing = Literal["became_bothersome", "no_longer_bothersome"]


@dataclass(frozen=True, slots=True)
class Threshold:
    """A meaningful change: at least ``points``, or at least ``percent`` % of the earlier value."""

    points: float | None
    percent: float | None

    @classmethod
    def of(cls, score: Score) -> Threshold | None:
        if score.meaningful_change is None and score.meaningful_change_percent is None:
            return None
        return cls(score.meaningful_change, score.meaningful_change_percent)

    def met_by(self, before: ScoreValue, after: ScoreValue) -> bool:
        # Exact decimals: in binary floating point 5.1 - 3.1 falls just short of 2.
        earlier = _exact(before)
        size = abs(_exact(after) - earlier)
        if size == 0:
            return False
        if self.points is not None and size >= _exact(self.points):
            return True
        # A percentage of nothing is undefined: from 0 only the points rule applies.
        return (
            self.percent is not None
            and earlier > 0
            and size * 100 >= _exact(self.percent) * earlier
        )


@dataclass(frozen=True, slots=True)
class ScoreChange:
    id: str
    label: str
    before: ScoreValue | None
    after: ScoreValue | None
    #: ``after - before``; None when either is missing.
    change: ScoreValue | None
    verdict: Verdict
    threshold: Threshold | None
    #: For an item row (an SBI item): the score it belongs to.
    item_of: str | None = None
    crossing: Crossing | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    before: Screening
    after: Screening
    #: Red-flag findings in the later screening that the earlier one did not have.
    new_red_flags: tuple[SavedFinding, ...]
    #: The content's scores in order, each followed by its items when it has a cut-off.
    scores: tuple[ScoreChange, ...]
    #: Score names in a report that this content does not define, so cannot judge.
    unknown_scores: tuple[str, ...]

    @property
    def level_raised(self) -> bool:
        return SEVERITY[self.after.level] > SEVERITY[self.before.level]

    @property
    def versions_differ(self) -> bool:
        return self.before.content_version != self.after.content_version

    @property
    def meaningful(self) -> tuple[ScoreChange, ...]:
        return tuple(change for change in self.scores if change.verdict in MEANINGFUL)


def compare(content: Content, before: Screening, after: Screening) -> Comparison:
    """Compare an earlier screening with a later one."""
    earlier_ids = {finding.id for finding in before.findings}
    new_red_flags = tuple(
        finding
        for finding in after.findings
        if finding.level in RED_FLAG_LEVELS and finding.id not in earlier_ids
    )
    rows: list[ScoreChange] = []
    for score in content.scores:
        rows.append(
            _change(
                score.id,
                score.label,
                score.better,
                Threshold.of(score),
                before.scores.get(score.id),
                after.scores.get(score.id),
            )
        )
        if score.bothersome_from is not None:
            rows.extend(_item_changes(content, score, score.bothersome_from, before, after))
    known = {score.id for score in content.scores}
    unknown = sorted((set(before.scores) | set(after.scores)) - known)
    return Comparison(before, after, new_red_flags, tuple(rows), tuple(unknown))


def _item_changes(
    content: Content, score: Score, cut_off: int, before: Screening, after: Screening
) -> list[ScoreChange]:
    """One row per item of a score whose items can be "bothersome" (the SBI)."""
    rows = []
    for item in score.items:
        earlier, later = _item_value(before, item), _item_value(after, item)
        # No published threshold for a single item: its direction is reported, and
        # crossing the cut-off, which is what makes an item bothersome (SBI).
        change = _change(
            item, content.question_by_id[item].label, score.better, None, earlier, later
        )
        crossing: Crossing | None = None
        if earlier is not None and later is not None:
            if earlier < cut_off <= later:
                crossing = "became_bothersome"
            elif later < cut_off <= earlier:
                crossing = "no_longer_bothersome"
        rows.append(replace(change, item_of=score.id, crossing=crossing))
    return rows


def _item_value(screening: Screening, item: str) -> int | None:
    value = screening.answers.get(item)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _change(
    score_id: str,
    label: str,
    better: Better,
    threshold: Threshold | None,
    before: ScoreValue | None,
    after: ScoreValue | None,
) -> ScoreChange:
    if before is None or after is None:
        return ScoreChange(score_id, label, before, after, None, "missing", threshold)
    delta = _exact(after) - _exact(before)
    change: ScoreValue = (
        int(delta) if isinstance(before, int) and isinstance(after, int) else float(delta)
    )
    verdict: Verdict
    if delta == 0:
        verdict = "unchanged" if threshold is None else "no_meaningful_change"
    else:
        got_better = (delta < 0) == (better == "lower")
        if threshold is None:
            verdict = "better" if got_better else "worse"
        elif not threshold.met_by(before, after):
            verdict = "no_meaningful_change"
        else:
            verdict = "improved" if got_better else "worsened"
    return ScoreChange(score_id, label, before, after, change, verdict, threshold)


def _exact(value: float) -> Decimal:
    """The decimal a number was written as (3.3, not 3.29999…)."""
    return Decimal(str(value))
