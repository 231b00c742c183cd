"""Building the scores (spec section 5): their items, method, direction, the cut-off for
"bothersome", meaningful-change thresholds and the activities an item rates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from needlecheck.loading.problems import Collector
from needlecheck.model.content import Question
from needlecheck.model.logic import BETTER_DIRECTIONS, Better, Score, ScoreMethod


def _integer_range(question: Question) -> range:
    """The whole numbers an integer question accepts."""
    return range(question.min or 0, (question.max or 0) + 1)


def _all_of_type(questions: Mapping[str, Question], ids: list[Any], question_type: str) -> bool:
    """Whether every id names a question of ``question_type``."""
    return all(getattr(questions.get(qid), "type", None) == question_type for qid in ids)


class ScoreBuilder(Collector):
    """The scores a report shows and a comparison follows."""

    def build_scores(self, questions: Mapping[str, Question]) -> list[Score]:
        scores = []
        for item in self.unique(self.items("scores", "[[scores]]"), "score"):
            sid = item["id"]
            where = f"score {sid!r}"
            method = item.get("method")
            items = item.get("items")
            if method not in ("sum", "value", "mean"):
                self.problem(where, f"unknown method {method!r}")
                continue
            if not isinstance(items, list) or not items or (method == "value" and len(items) != 1):
                self.problem(where, "needs a list of items (exactly one for method 'value')")
                continue
            if not _all_of_type(questions, items, "integer"):
                self.problem(where, "every item must be an integer question")
                continue
            better = item.get("better")
            if better not in BETTER_DIRECTIONS:
                self.problem(where, "'better' must be 'lower' or 'higher'")
                continue
            cut_off = item.get("bothersome_from")
            if cut_off is not None and not (
                isinstance(cut_off, int)
                and not isinstance(cut_off, bool)
                and all(cut_off in _integer_range(questions[q]) for q in items)
            ):
                self.problem(where, "'bothersome_from' must be a whole number its items can reach")
                cut_off = None
            activities = item.get("activities", [])
            if not isinstance(activities, list) or (
                activities
                and (
                    len(activities) != len(items) or not _all_of_type(questions, activities, "text")
                )
            ):
                self.problem(where, "'activities' must name a text question for each item")
                activities = []
            scores.append(
                Score(
                    id=sid,
                    method=cast(ScoreMethod, method),
                    items=tuple(items),
                    max=int(item.get("max", 0)),
                    sources=self.source_ids(item, where, required=True),
                    label=self.words("scores", sid, "label"),
                    meaning=self.words("scores", sid, "meaning"),
                    better=cast(Better, better),
                    bothersome_from=cut_off,
                    meaningful_change=self.threshold(item, "meaningful_change", where),
                    meaningful_change_percent=self.threshold(
                        item, "meaningful_change_percent", where
                    ),
                    activities=tuple(activities),
                )
            )
        return scores

    def threshold(self, item: Mapping[str, Any], key: str, where: str) -> float | None:
        """An optional meaningful-change threshold: a positive number when given."""
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.problem(where, f"'{key}' must be a positive number")
            return None
        return float(value)
