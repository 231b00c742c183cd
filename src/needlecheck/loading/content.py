"""Load the screening content from its data files, check it, and build the typed model.

The way in for everything else: ``load_content`` (cached per language and reader) and
``build_content`` (two tables in, ``Content`` out, or a ``ContentError`` listing every
problem). The builders it combines each do one part (``questions``, ``logic``,
``wording``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from needlecheck.language import DEFAULT_LANGUAGE
from needlecheck.loading.files import CONTENT_DIR, LOGIC_FILE, ContentError, read_table
from needlecheck.loading.logic import LogicBuilder
from needlecheck.loading.questions import QuestionBuilder
from needlecheck.loading.scores import ScoreBuilder
from needlecheck.loading.translation import translation_gaps, worded_for_clinician
from needlecheck.loading.wording import WordingBuilder
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from needlecheck.model.emergency import build_emergency, check_emergency_texts, emergency_texts
from needlecheck.model.logic import LEVELS
from needlecheck.model.wording import Outcome

__all__ = ["CONTENT_DIR", "ContentError", "build_content", "load_content"]


@functools.cache
def load_content(
    language: str = DEFAULT_LANGUAGE,
    directory: Path = CONTENT_DIR,
    *,
    reader: Mode = "self",
    environment: tuple[tuple[str, str], ...] = (),
) -> Content:
    """The validated content in one language, worded for its ``reader``: in clinician
    mode every ``<field>_clinician`` text stands in for its ``<field>`` (spec 3.6 v2: what
    the PT reads speaks of "the caller"). Cached: loaded once per process.

    ``environment`` holds the variables that choose the region (``region.environment``);
    the emergency texts name that region's number and department. Without it the region
    is unknown and they give the general words for the local emergency number.
    """
    logic_path = directory / LOGIC_FILE
    text_path = directory / "text" / f"{language}.toml"
    text = read_table(text_path)
    if language != DEFAULT_LANGUAGE:
        english = read_table(directory / "text" / f"{DEFAULT_LANGUAGE}.toml")
        problems = list(translation_gaps(text, english, ""))
        if problems:
            raise ContentError([f"text/{text_path.name}: {problem}" for problem in problems])
    if reader == "clinician":
        text = worded_for_clinician(text)
    return build_content(
        read_table(logic_path),
        text,
        logic_path.name,
        f"text/{text_path.name}",
        environment=dict(environment),
    )


def build_content(
    logic: Mapping[str, Any],
    text: Mapping[str, Any],
    logic_name: str,
    text_name: str,
    *,
    environment: Mapping[str, str] | None = None,
) -> Content:
    """Check the two content tables against each other and build ``Content``, with the
    emergency words of the region ``environment`` names (spec §6a)."""
    return ContentBuilder(logic, text, logic_name, text_name).build(environment or {})


class ContentBuilder(QuestionBuilder, LogicBuilder, ScoreBuilder, WordingBuilder):
    """Builds the whole content, part by part, checking each part against the others."""

    def build(self, environment: Mapping[str, str]) -> Content:
        meta = self.logic.get("meta", {})
        version = meta.get("content_version") if isinstance(meta, dict) else None
        if not isinstance(version, str):
            self.problem("[meta]", "content_version is missing")
            version = ""
        text_meta = self.text.get("meta", {})
        if text_meta.get("content_version") != version:
            self.problem(
                "[meta]", f"content_version does not match {self.logic_name}", in_text=True
            )
        language = text_meta.get("language", "")

        sources = self.build_sources()
        self.known_sources = frozenset(sources)
        emergency = build_emergency(self, environment)
        self.emergency_words = {
            "emergency_go_now": emergency.go_now,
            "emergency_number": emergency.number_text,
            "emergency_department": emergency.department,
        }
        sections = self.build_sections()
        questions = self.build_questions({s.id: s for s in sections})
        by_id = {q.id: q for q in questions}
        definitions = self.build_definitions(by_id)
        text_signs = self.build_text_signs(by_id)
        rules = self.build_rules(by_id, definitions, text_signs)
        groups = self.build_feature_groups()
        features = self.build_features(by_id, definitions, {g.id for g in groups})
        notes = self.build_notes(by_id, definitions)
        contradictions = self.build_contradictions(by_id, definitions)
        scores = self.build_scores(by_id)
        outcomes: dict[str, Outcome] = {level: self.build_outcome(level) for level in LEVELS}
        safety_net = self.build_safety_net(by_id)
        fhir = self.build_fhir({s.id for s in scores})
        about = self.build_about()
        ui = self.build_ui()
        check_emergency_texts(
            self, emergency, emergency_texts(rules, outcomes["emergency"], safety_net)
        )
        self.check_unused_text()
        if self.problems:
            raise ContentError(self.problems)
        return Content(
            content_version=version,
            language=language,
            sections=tuple(sections),
            questions=tuple(questions),
            rules=tuple(rules),
            feature_groups=tuple(groups),
            features=tuple(features),
            notes=tuple(notes),
            scores=tuple(scores),
            sources=sources,
            outcomes=outcomes,
            safety_net=safety_net,
            fhir=fhir,
            about=about,
            emergency=emergency,
            ui=ui,
            question_by_id=by_id,
            section_by_id={s.id: s for s in sections},
            text_signs=text_signs,
            contradictions=contradictions,
        )
