"""The problem collector: every problem in the content is gathered, then raised at once.

A broken content file must fail loudly, naming the file and the item, before anyone is
screened with it. ``Collector`` holds the two tables being built and the typed getters
the builders share, each of which turns a malformed value into a problem, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from needlecheck.model import condition_parser, conditions
from needlecheck.model.condition_compiler import compile_condition
from needlecheck.model.condition_parser import Scope
from needlecheck.model.conditions import Condition, ConditionError


class Collector:
    """Collects every problem while building, then raises them together."""

    known_sources: frozenset[str] = frozenset()
    #: Placeholder name to the region's words (spec 6a), filled into emergency texts.
    emergency_words: Mapping[str, str] = {}

    def __init__(
        self, logic: Mapping[str, Any], text: Mapping[str, Any], logic_name: str, text_name: str
    ) -> None:
        self.logic, self.text = logic, text
        self.logic_name, self.text_name = logic_name, text_name
        self.problems: list[str] = []

    def problem(self, where: str, message: str, *, in_text: bool = False) -> None:
        self.problems.append(
            f"{self.text_name if in_text else self.logic_name}: {where}: {message}"
        )

    def words(self, table: str, key: str, field: str, *, optional: bool = False) -> str:
        """A string from the text file."""
        entry = self.text.get(table, {}).get(key)
        if not isinstance(entry, dict):
            self.problem(f"[{table}.{key}]", "missing", in_text=True)
            return ""
        value = entry.get(field, "" if optional else None)
        if not isinstance(value, str) or (not optional and not value.strip()):
            self.problem(f"[{table}.{key}]", f"'{field}' is missing or not text", in_text=True)
            return ""
        return self.localise(value)

    def localise(self, value: str) -> str:
        """``value`` with the emergency placeholders filled for the region."""
        if "{emergency_" not in value:
            return value
        for name, words in self.emergency_words.items():
            value = value.replace(f"{{{name}}}", words)
        return value

    def items(self, key: str, where: str) -> list[dict[str, Any]]:
        raw = self.logic.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.problem(where, f"'{key}' must be an array of tables")
            return []
        return raw

    def unique(self, items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
        seen: set[str] = set()
        kept = []
        for index, item in enumerate(items):
            item_id = item.get("id")
            if not isinstance(item_id, str) or not item_id:
                self.problem(f"{kind} #{index + 1}", "has no id")
            elif item_id in seen:
                self.problem(f"{kind} {item_id!r}", "duplicate id")
            else:
                seen.add(item_id)
                kept.append(item)
        return kept

    def condition(
        self, raw: object, where: str, scope: Scope, *, missing: bool
    ) -> tuple[Condition, conditions.Predicate] | None:
        try:
            condition = condition_parser.parse(raw, scope)
        except ConditionError as error:
            self.problem(where, f"condition {error}")
            return None
        return condition, compile_condition(condition, missing=missing)

    def source_ids(self, item: Mapping[str, Any], where: str, *, required: bool) -> tuple[str, ...]:
        raw = item.get("sources", [])
        if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
            self.problem(where, "'sources' must be a list of source ids")
            return ()
        if required and not raw:
            self.problem(where, "has no source (principle 7: no claim without a source)")
        for source in raw:
            if source not in self.known_sources:
                self.problem(where, f"unknown source {source!r}")
        return tuple(raw)
