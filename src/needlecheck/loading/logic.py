"""Building the logic: definitions, free-text signs, rules, features, notes and
contradictions, each condition parsed and compiled once (scores: ``scores.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from needlecheck.loading.problems import Collector
from needlecheck.loading.translation import CLINICIAN_SUFFIX
from needlecheck.model import conditions
from needlecheck.model.condition_parser import Scope
from needlecheck.model.conditions import Condition
from needlecheck.model.content import Question
from needlecheck.model.logic import (
    RULE_LEVELS,
    Contradiction,
    Feature,
    FeatureGroup,
    Level,
    Note,
    Rule,
)
from needlecheck.model.text_signs import TermPattern, TextSign, fold, term_problem


class LogicBuilder(Collector):
    """What the engine decides with."""

    def build_definitions(self, questions: Mapping[str, Question]) -> dict[str, Condition]:
        definitions: dict[str, Condition] = {}
        raw = self.logic.get("definitions", {})
        for name, body in raw.items():
            scope = Scope(questions=questions, definitions=definitions)
            parsed = self.condition(body, f"definition {name!r}", scope, missing=False)
            if parsed:
                definitions[name] = parsed[0]
        return definitions

    def build_text_signs(self, questions: Mapping[str, Question]) -> tuple[TextSign, ...]:
        """Terms of free text that may describe a warning sign (spec 4.6), each sign's
        compiled once into one pattern."""
        signs: list[TextSign] = []
        for number, item in enumerate(self.items("text_signs", "[[text_signs]]"), 1):
            qid = item.get("question")
            where = f"text sign {qid!r}" if isinstance(qid, str) else f"text sign #{number}"
            if not isinstance(qid, str) or qid not in questions or not questions[qid].safety:
                self.problem(where, "'question' must be a safety question")
                continue
            if any(sign.question == qid for sign in signs):
                self.problem(where, "listed twice")
            rule, terms = item.get("emergency_rule"), item.get("terms")
            if not isinstance(rule, str) or not rule:
                self.problem(where, "'emergency_rule' must name the sign's emergency rule")
                continue
            if not isinstance(terms, list) or not terms:
                self.problem(where, "'terms' must be a non-empty list of words or phrases")
                continue
            problems = [p for p in map(term_problem, terms) if p]
            written = [t for t in terms if isinstance(t, str)]
            folded = [fold(t) for t in written]
            problems += [
                f"term {t!r}: listed twice (with or without accents)"
                for t in dict.fromkeys(written)
                if folded.count(fold(t)) > 1
            ]
            for problem in problems:
                self.problem(where, problem)
            if not problems:
                signs.append(TextSign(qid, rule, tuple(terms), TermPattern(tuple(terms))))
        return tuple(signs)

    def check_text_signs(self, signs: tuple[TextSign, ...], rules: list[Rule]) -> None:
        """Each sign's emergency rule is an emergency rule that reads the sign's question:
        the words are quiet exactly when that answer has already raised the alarm."""
        by_id = {rule.id: rule for rule in rules}
        for sign in signs:
            rule = by_id.get(sign.emergency_rule)
            if rule is None or rule.level != "emergency":
                self.problem(
                    f"text sign {sign.question!r}", "'emergency_rule' is not an emergency rule"
                )
            elif sign.question not in set(conditions.questions_in(rule.when)):
                self.problem(
                    f"text sign {sign.question!r}",
                    f"rule {rule.id!r} does not read {sign.question!r}",
                )

    def build_rules(
        self,
        questions: Mapping[str, Question],
        definitions: Mapping[str, Condition],
        text_signs: tuple[TextSign, ...],
    ) -> list[Rule]:
        rules: list[Rule] = []
        for item in self.unique(self.items("rules", "[[rules]]"), "rule"):
            rid = item["id"]
            where = f"rule {rid!r}"
            level = item.get("level")
            if level not in RULE_LEVELS:
                self.problem(
                    where,
                    f"unknown level {level!r} (rules can be {', '.join(sorted(RULE_LEVELS))})",
                )
                continue
            earlier = frozenset(r.id for r in rules)
            scope = Scope(questions, definitions, earlier, allow_rules=True, text_signs=text_signs)
            parsed = self.condition(item.get("when"), where, scope, missing=False)
            sources = self.source_ids(item, where, required=True)
            act_first = item.get("act_first", False)
            if not isinstance(act_first, bool):
                self.problem(where, "'act_first' must be true or false")
            if parsed is None:
                continue
            summary_question, summaries = self.answer_summaries(rid, parsed[0], questions)
            rules.append(
                Rule(
                    id=rid,
                    level=cast(Level, level),
                    when=parsed[0],
                    test=parsed[1],
                    sources=sources,
                    summary=self.words("rules", rid, "summary"),
                    message=self.words("rules", rid, "message"),
                    discuss=self.words("rules", rid, "discuss"),
                    act_first=act_first is True,
                    text_checks=tuple(conditions.text_checks_in(parsed[0])),
                    summary_question=summary_question,
                    summaries=summaries,
                )
            )
        self.check_text_signs(text_signs, rules)
        return rules

    def answer_summaries(
        self, rid: str, when: Condition, questions: Mapping[str, Question]
    ) -> tuple[str | None, dict[str, str]]:
        """A rule's titles by answer (``summary_<option>`` in the text file), for the
        options of the question its condition starts with."""
        entry = self.text.get("rules", {}).get(rid)
        fields = [
            field
            for field in (entry if isinstance(entry, dict) else ())
            if field.startswith("summary_") and not field.endswith(CLINICIAN_SUFFIX)
        ]
        if not fields:
            return None, {}
        lead = questions.get(next(conditions.questions_in(when), ""))
        summaries = {}
        for field in fields:
            option = field.removeprefix("summary_")
            if lead is None or option not in lead.options:
                self.problem(
                    f"[rules.{rid}]",
                    f"'{field}': {option!r} is not an option of the question the "
                    "rule's condition starts with",
                    in_text=True,
                )
                continue
            summaries[option] = self.words("rules", rid, field)
        return (lead.id if lead else None), summaries

    def build_feature_groups(self) -> list[FeatureGroup]:
        groups = []
        for item in self.unique(
            self.items("feature_groups", "[[feature_groups]]"), "feature group"
        ):
            gid = item["id"]
            where = f"feature group {gid!r}"
            minimum = item.get("min_present")
            if not isinstance(minimum, int) or minimum < 1:
                self.problem(where, "min_present must be a whole number of at least 1")
                minimum = 1
            favours = item.get("favours", False)
            if not isinstance(favours, bool):
                self.problem(where, "'favours' must be true or false")
            groups.append(
                FeatureGroup(
                    id=gid,
                    min_present=minimum,
                    sources=self.source_ids(item, where, required=True),
                    title=self.words("feature_groups", gid, "title"),
                    summary=self.words("feature_groups", gid, "summary"),
                    favours=self.words("feature_groups", gid, "favours") if favours is True else "",
                )
            )
        return groups

    def build_features(
        self,
        questions: Mapping[str, Question],
        definitions: Mapping[str, Condition],
        groups: set[str],
    ) -> list[Feature]:
        features = []
        for item in self.unique(self.items("features", "[[features]]"), "feature"):
            fid = item["id"]
            where = f"feature {fid!r}"
            if item.get("group") not in groups:
                self.problem(where, f"unknown group {item.get('group')!r}")
                continue
            parsed = self.condition(
                item.get("when"), where, Scope(questions, definitions), missing=False
            )
            if parsed:
                features.append(
                    Feature(fid, item["group"], *parsed, self.words("features", fid, "text"))
                )
        return features

    def build_notes(
        self, questions: Mapping[str, Question], definitions: Mapping[str, Condition]
    ) -> list[Note]:
        notes = []
        for item in self.unique(self.items("notes", "[[notes]]"), "note"):
            nid = item["id"]
            where = f"note {nid!r}"
            parsed = self.condition(
                item.get("when"), where, Scope(questions, definitions), missing=False
            )
            sources = self.source_ids(item, where, required=False)
            if parsed:
                text = self.words("notes", nid, "text")
                notes.append(Note(nid, bool(item.get("favours")), *parsed, sources, text))
        return notes

    def build_contradictions(
        self, questions: Mapping[str, Question], definitions: Mapping[str, Condition]
    ) -> tuple[Contradiction, ...]:
        found = []
        for item in self.unique(
            self.items("contradictions", "[[contradictions]]"), "contradiction"
        ):
            cid = item["id"]
            where = f"contradiction {cid!r}"
            parsed = self.condition(
                item.get("when"), where, Scope(questions, definitions), missing=False
            )
            text = self.words("contradictions", cid, "text")
            if parsed:
                read = tuple(dict.fromkeys(conditions.questions_in(parsed[0])))
                found.append(Contradiction(cid, *parsed, read, text))
        return tuple(found)
