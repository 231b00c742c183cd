"""Building the wording that stands on its own: outcomes, the safety net, the FHIR
identity, the ``about`` course text and the interface lines; and text for no id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from needlecheck.loading.problems import Collector
from needlecheck.model.content import Question
from needlecheck.model.logic import LEVELS, Level
from needlecheck.model.wording import (
    About,
    AboutPart,
    AboutTable,
    FhirIdentity,
    Outcome,
    SafetyNet,
    StandardCode,
    Statement,
)


class WordingBuilder(Collector):
    """The words outside the questions and rules."""

    def build_outcome(self, level: Level) -> Outcome:
        return Outcome(
            level=level,
            title=self.words("outcomes", level, "title"),
            advice=self.words("outcomes", level, "advice"),
            next_step=self.words("outcomes", level, "next_step"),
        )

    def build_fhir(self, score_ids: set[str]) -> FhirIdentity:
        """The FHIR canonical base (a real https address, never a reserved test host) and
        the standard codes of scores."""
        raw = self.logic.get("fhir", {})
        url = raw.get("url") if isinstance(raw, dict) else None
        host = url.removeprefix("https://").split("/")[0] if isinstance(url, str) else ""
        if not isinstance(url, str) or not url.startswith("https://") or url.endswith("/"):
            self.problem("[fhir]", "url must be an https address without a trailing '/'")
            url = ""
        elif host.rsplit(".", 1)[-1] in ("invalid", "example", "test", "localhost"):
            self.problem("[fhir]", f"url {url!r} is on a reserved host that can never resolve")
        codes = {}
        for sid, code in (raw.get("score_codes", {}) if isinstance(raw, dict) else {}).items():
            if sid not in score_ids:
                self.problem("[fhir.score_codes]", f"unknown score {sid!r}")
            elif not isinstance(code, dict) or sorted(code) != ["code", "display", "system"]:
                self.problem(f"[fhir.score_codes.{sid}]", "needs system, code and display")
            else:
                codes[sid] = StandardCode(**{key: str(value) for key, value in code.items()})
        return FhirIdentity(url=url, score_codes=codes)

    def build_safety_net(self, questions: Mapping[str, Question]) -> SafetyNet:
        raw = self.logic.get("safety_net", {})
        ids = raw.get("questions", [])
        for qid in ids:
            if not isinstance(qid, str) or qid not in questions or not questions[qid].safety:
                self.problem("[safety_net]", f"{qid!r} is not a safety question")
        words = self.text.get("safety_net", {})
        signs = words.get("signs")
        if not isinstance(signs, list) or not signs or not all(isinstance(s, str) for s in signs):
            self.problem("[safety_net]", "'signs' must be a non-empty list of text", in_text=True)
            signs = []
        for key in ("title", "action"):
            if not isinstance(words.get(key), str):
                self.problem("[safety_net]", f"'{key}' is missing", in_text=True)
        return SafetyNet(
            questions=tuple(ids),
            sources=self.source_ids(raw, "[safety_net]", required=True),
            title=str(words.get("title", "")),
            signs=tuple(signs),
            action=self.localise(str(words.get("action", ""))),
        )

    def build_about(self) -> About:
        """What ``needlecheck about`` says: every point and table names its sources."""
        raw = self.text.get("about")
        if not isinstance(raw, dict):
            self.problem("[about]", "missing", in_text=True)
            raw = {}
        raw_parts = raw.get("parts")
        if not isinstance(raw_parts, list) or not raw_parts:
            self.problem("[about]", "'parts' must be a non-empty array of tables", in_text=True)
            raw_parts = []
        parts = []
        for number, part in enumerate(raw_parts, 1):
            where = f"[[about.parts]] #{number}"
            points = tuple(
                Statement(
                    self.about_text(point, "text", f"{where} point #{index}"),
                    self.about_sources(point, f"{where} point #{index}"),
                )
                for index, point in enumerate(part.get("points", []), 1)
            )
            table = self.about_table(part["table"], where) if "table" in part else None
            if not points and table is None:
                self.problem(where, "needs points or a table", in_text=True)
            parts.append(AboutPart(self.about_text(part, "title", where), points, table))
        return About(
            title=self.about_text(raw, "title", "[about]"),
            intro=self.about_text(raw, "intro", "[about]"),
            parts=tuple(parts),
            closing=self.about_text(raw, "closing", "[about]"),
            sources_title=self.about_text(raw, "sources_title", "[about]"),
            sources_label=self.about_text(raw, "sources_label", "[about]"),
        )

    def about_table(self, raw: Mapping[str, Any], where: str) -> AboutTable:
        columns = raw.get("columns")
        rows = raw.get("rows")
        if not isinstance(columns, list) or len(columns) < 2:
            self.problem(where, "a table needs at least two columns", in_text=True)
            columns = []
        if not isinstance(rows, list) or not rows:
            self.problem(where, "a table needs rows", in_text=True)
            rows = []
        for row in rows:
            if not isinstance(row, list) or len(row) != len(columns):
                self.problem(where, f"every row needs {len(columns)} cells: {row!r}", in_text=True)
        cells = [*columns, *(cell for row in rows if isinstance(row, list) for cell in row)]
        if not all(isinstance(cell, str) for cell in cells):
            self.problem(where, "every table cell must be text", in_text=True)
        return AboutTable(
            columns=tuple(columns),
            rows=tuple(tuple(row) for row in rows),
            sources=self.about_sources(raw, f"{where} table"),
        )

    def about_text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"'{key}' is missing or not text", in_text=True)
            return ""
        return value

    def about_sources(self, table: Mapping[str, Any], where: str) -> tuple[str, ...]:
        """Principle 7 holds for the about text too: every claim names a known source."""
        raw = table.get("sources")
        if not isinstance(raw, list) or not raw:
            self.problem(
                where, "has no source (principle 7: no claim without a source)", in_text=True
            )
            return ()
        for source in raw:
            if source not in self.known_sources:
                self.problem(where, f"unknown source {source!r}", in_text=True)
        return tuple(raw)

    def build_ui(self) -> dict[str, str]:
        """Interface wording. A sub-table ``[ui.area]`` gives keys ``area.key``."""
        ui: dict[str, str] = {}
        pending: list[tuple[str, object]] = list(self.text.get("ui", {}).items())
        while pending:
            key, value = pending.pop()
            if isinstance(value, dict):
                pending.extend((f"{key}.{sub}", item) for sub, item in value.items())
            elif isinstance(value, str):
                ui[key] = self.localise(value)
            else:
                self.problem(f"[ui] {key}", "must be text", in_text=True)
        return ui

    def check_unused_text(self) -> None:
        """Text for an id the logic does not have is a typo or a leftover: say so.

        Ids are taken from the logic file as written, so an item that failed its own
        checks is not reported a second time here.
        """
        known: dict[str, set[str]] = {
            table: {
                str(item.get("id")) for item in self.logic.get(table, []) if isinstance(item, dict)
            }
            for table in (
                "sections",
                "questions",
                "rules",
                "feature_groups",
                "features",
                "notes",
                "scores",
                "contradictions",
            )
        }
        known["outcomes"] = set(LEVELS)
        for table, ids in known.items():
            for key in self.text.get(table, {}):
                if key not in ids:
                    self.problem(
                        f"[{table}.{key}]", f"no such id in {self.logic_name}", in_text=True
                    )
