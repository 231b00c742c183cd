"""Building the sources, sections and questions (with their options and show-ifs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from needlecheck.loading.problems import Collector
from needlecheck.model.answers import MODES, Mode
from needlecheck.model.condition_parser import Scope
from needlecheck.model.content import (
    QUESTION_TYPES,
    YES_NO_OPTIONS,
    Question,
    QuestionType,
    Section,
)
from needlecheck.model.wording import Source


class QuestionBuilder(Collector):
    """The questions and what they stand on."""

    def build_sources(self) -> dict[str, Source]:
        sources = {}
        for item in self.unique(self.items("sources", "[[sources]]"), "source"):
            citation = item.get("citation")
            if not isinstance(citation, str) or not citation:
                self.problem(f"source {item['id']!r}", "has no citation")
                continue
            sources[item["id"]] = Source(item["id"], citation, bool(item.get("lower_certainty")))
        return sources

    def build_sections(self) -> list[Section]:
        sections = []
        for item in self.unique(self.items("sections", "[[sections]]"), "section"):
            sid = item["id"]
            sections.append(
                Section(
                    id=sid,
                    always_asked=bool(item.get("always_asked")),
                    title=self.words("sections", sid, "title"),
                    title_clinician=self.words("sections", sid, "title_clinician"),
                    intro=self.words("sections", sid, "intro"),
                    intro_clinician=self.words("sections", sid, "intro_clinician"),
                )
            )
        return sections

    def build_questions(self, sections: Mapping[str, Section]) -> list[Question]:
        questions: list[Question] = []
        earlier: dict[str, Question] = {}
        section_order = list(sections)
        last_section = 0
        for item in self.unique(self.items("questions", "[[questions]]"), "question"):
            qid = item["id"]
            where = f"question {qid!r}"
            section = sections.get(item.get("section", ""))
            if section is None:
                self.problem(where, f"unknown section {item.get('section')!r}")
                continue
            # Questions are asked in file order, so a section may not start again later.
            position = section_order.index(section.id)
            if position < last_section:
                self.problem(where, "is out of section order")
            last_section = max(last_section, position)
            qtype = item.get("type")
            if qtype not in QUESTION_TYPES:
                self.problem(where, f"unknown type {qtype!r}")
                continue
            question = self.build_question(item, cast(QuestionType, qtype), section, earlier, where)
            questions.append(question)
            earlier[qid] = question
        if sum(q.report_notes for q in questions) > 1:
            self.problem("[[questions]]", "'report_notes' is true on more than one question")
        return questions

    def build_question(
        self,
        item: Mapping[str, Any],
        qtype: QuestionType,
        section: Section,
        earlier: Mapping[str, Question],
        where: str,
    ) -> Question:
        qid = item["id"]
        options: tuple[str, ...] = ()
        labels: dict[str, str] = {}
        if qtype == "yes_no":
            options = YES_NO_OPTIONS
            labels = {o: self.yes_no_label(o) for o in options}
        elif qtype in ("choice", "multi"):
            raw_options = item.get("options")
            if not isinstance(raw_options, list) or not raw_options:
                self.problem(where, "needs a list of options")
            elif len(set(raw_options)) != len(raw_options):
                self.problem(where, "has a duplicate option")
            else:
                options = tuple(raw_options)
            labels = self.option_labels(qid, options)
        low, high = item.get("min"), item.get("max")
        if qtype == "integer" and not (
            isinstance(low, int) and isinstance(high, int) and low <= high
        ):
            self.problem(where, "an integer question needs whole-number min <= max")
        modes = item.get("modes", list(MODES))
        if not isinstance(modes, list) or not modes or any(m not in MODES for m in modes):
            self.problem(where, f"modes must be a list of {', '.join(MODES)}")
            modes = list(MODES)
        shown = None
        if "show_if" in item:
            if section.always_asked:
                self.problem(where, f"section {section.id!r} is always asked: no show-if allowed")
            scope = Scope(questions=earlier, definitions={})
            shown = self.condition(item["show_if"], where + " show_if", scope, missing=True)
        if section.always_asked and not item.get("safety"):
            self.problem(
                where, f"every question in section {section.id!r} must be a safety question"
            )
        report_notes = item.get("report_notes", False)
        if report_notes is not False and not (report_notes is True and qtype == "text"):
            self.problem(where, "'report_notes' is true only on a text question")
        return Question(
            id=qid,
            section=section.id,
            type=qtype,
            label=self.words("questions", qid, "label"),
            prompt_self=self.words("questions", qid, "self"),
            prompt_clinician=self.words("questions", qid, "clinician"),
            help=self.words("questions", qid, "help", optional=True),
            options=options,
            shown_order=self.shown_order(item, qtype, options, where),
            option_labels=labels,
            min=low if qtype == "integer" else None,
            max=high if qtype == "integer" else None,
            safety=bool(item.get("safety")),
            modes=frozenset(cast(list[Mode], modes)),
            show_if=shown[0] if shown else None,
            is_shown=shown[1] if shown else None,
            report_notes=report_notes is True,
        )

    def shown_order(
        self, item: Mapping[str, Any], qtype: QuestionType, options: tuple[str, ...], where: str
    ) -> tuple[str, ...]:
        """The options in the order shown (spec 3, v2): the question's own ``shown_order``,
        else for a yes_no question the shared ``[shown_order] yes_no``, else file order."""
        raw = item.get("shown_order")
        if raw is None and qtype == "yes_no":
            shared = self.logic.get("shown_order", {})
            raw = shared.get("yes_no") if isinstance(shared, dict) else None
            where = "[shown_order] yes_no"
            if raw is None:
                self.problem(where, "is missing: the order yes_no options are shown in")
                return options
        if raw is None:
            order = options
        elif not isinstance(raw, list) or sorted(raw) != sorted(options):
            self.problem(where, f"shown_order must list {', '.join(options)}, each once")
            return options
        else:
            order = tuple(raw)
        # A habit formed on one question must hold on the next: No or None first.
        first = [value for value in order if value in ("no", "none")]
        if first and order[0] != first[0]:
            self.problem(where, f"{first[0]!r} must be shown first")
        return order

    def yes_no_label(self, option: str) -> str:
        label = self.text.get("option_sets", {}).get("yes_no", {}).get(option)
        if not isinstance(label, str) or not label:
            self.problem("[option_sets.yes_no]", f"no label for {option!r}", in_text=True)
            return option
        return label

    def option_labels(self, qid: str, options: tuple[str, ...]) -> dict[str, str]:
        entry = self.text.get("questions", {}).get(qid, {})
        labels = entry.get("options", {}) if isinstance(entry, dict) else {}
        where = f"[questions.{qid}.options]"
        for option in options:
            if not isinstance(labels.get(option), str) or not labels[option]:
                self.problem(where, f"no label for option {option!r}", in_text=True)
        for extra in set(labels) - set(options):
            self.problem(where, f"label for unknown option {extra!r}", in_text=True)
        return {option: labels.get(option, option) for option in options}
