"""Load the screening content from its data files, check it, and build the typed model.

A broken content file must fail loudly, naming the file and the item, before anyone is
screened with it. Every problem found is reported at once.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from needlecheck import conditions
from needlecheck.conditions import Condition, ConditionError, Scope
from needlecheck.language import DEFAULT_LANGUAGE
from needlecheck.model import (
    BETTER_DIRECTIONS,
    LEVELS,
    MODES,
    QUESTION_TYPES,
    RULE_LEVELS,
    YES_NO_OPTIONS,
    About,
    AboutPart,
    AboutTable,
    Better,
    Content,
    Contradiction,
    Feature,
    FeatureGroup,
    FhirIdentity,
    Level,
    Mode,
    Note,
    Outcome,
    Question,
    QuestionType,
    Rule,
    SafetyNet,
    Score,
    ScoreMethod,
    Section,
    Source,
    StandardCode,
    Statement,
)
from needlecheck.text_signs import TextSign, compile_terms, term_problem

CONTENT_DIR = Path(__file__).parent / "content"
LOGIC_FILE = "screening.toml"


def _integer_range(question: Question) -> range:
    """The whole numbers an integer question accepts."""
    return range(question.min or 0, (question.max or 0) + 1)


class ContentError(Exception):
    """The content files are broken. ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the needlecheck content:\n  " + "\n  ".join(problems)
        )


@functools.cache
def load_content(
    language: str = DEFAULT_LANGUAGE, directory: Path = CONTENT_DIR, *, reader: Mode = "self"
) -> Content:
    """The validated content in one language, worded for its ``reader``: in clinician
    mode every ``<field>_clinician`` text stands in for its ``<field>`` (spec 3.6 v2: what
    the PT reads speaks of "the caller"). Cached: loaded once per process."""
    logic_path = directory / LOGIC_FILE
    text_path = directory / "text" / f"{language}.toml"
    text = _read(text_path)
    if language != DEFAULT_LANGUAGE:
        english = _read(directory / "text" / f"{DEFAULT_LANGUAGE}.toml")
        problems = list(_translation_gaps(text, english, ""))
        if problems:
            raise ContentError([f"text/{text_path.name}: {problem}" for problem in problems])
    if reader == "clinician":
        text = _worded_for_clinician(text)
    return build_content(_read(logic_path), text, logic_path.name, f"text/{text_path.name}")


CLINICIAN_SUFFIX = "_clinician"


def _worded_for_clinician(table: dict[str, Any]) -> dict[str, Any]:
    """The text tree with each ``<field>_clinician`` value also standing as ``<field>``."""
    worded = {
        key: _worded_for_clinician(value) if isinstance(value, dict) else value
        for key, value in table.items()
    }
    for key, value in table.items():
        field = key.removesuffix(CLINICIAN_SUFFIX)
        if field != key and field in table:
            worded[field] = value
    return worded


def _translation_gaps(text: object, english: object, key: str) -> Iterator[str]:
    """Where a translation is not whole: a key missing or extra against English, a list
    of another length, or a {placeholder} that differs (the code fills English's)."""
    if isinstance(english, dict):
        if not isinstance(text, dict):
            yield f"{key}: must be a table, as in English"
            return
        for name in english.keys() - text.keys():
            yield f"{key}.{name}: missing (English has it)".lstrip(".")
        for name in text.keys() - english.keys():
            yield f"{key}.{name}: not in English, so nothing uses it".lstrip(".")
        for name in english.keys() & text.keys():
            yield from _translation_gaps(text[name], english[name], f"{key}.{name}".lstrip("."))
    elif isinstance(english, list):
        if not isinstance(text, list) or len(text) != len(english):
            yield f"{key}: must be a list of {len(english)} items, as in English"
            return
        for index, (item, original) in enumerate(zip(text, english, strict=True)):
            yield from _translation_gaps(item, original, f"{key}[{index}]")
    elif isinstance(english, str):
        if not isinstance(text, str):
            yield f"{key}: must be text"
        elif _placeholders(text) != _placeholders(english):
            expected = ", ".join(sorted(_placeholders(english))) or "none"
            yield f"{key}: placeholders differ from English (English has: {expected})"
    elif text != english:  # a number or a flag is not wording: as in English
        yield f"{key}: must be {english!r}, as in English"


def _placeholders(template: str) -> set[str]:
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:  # an unmatched brace: never equal to a well-formed template
        return {template}


def _read(path: Path) -> dict[str, Any]:
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([f"{path}: file not found"]) from None
    except OSError as error:
        raise ContentError([f"{path}: cannot be read: {error.strerror}"]) from None
    import hashlib

    digest = hashlib.sha256(source).hexdigest()
    cached = _cached_table(digest)
    if cached is not None:
        return cached
    import tomllib  # only when the cache cannot answer: even importing the parser costs

    try:
        table = tomllib.loads(source.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ContentError([f"{path}: not valid TOML: {error}"]) from None
    _cache_table(digest, table)
    return table


# Parsing the content's TOML took 15-20 ms of every run's start-up; the same tables
# read as JSON take under 1 ms. So each parsed file is kept as JSON in the user's own
# cache folder, named by the SHA-256 of the file's bytes: a changed file, whatever its
# size or modification time, is never answered by an old cache. Nothing is written
# inside the installed package. A cache is trusted only in a folder and a file that are
# the user's alone (not symlinks, owned by the user, writable by no one else), since
# whoever can write it could otherwise change the clinical rules.
CACHE_FORMAT = "1"
_PRIVATE = 0o700
_OTHERS_MAY_WRITE = 0o022


def _cache_folder() -> Path | None:
    """The user's private cache folder for the content, created 0700; None if unsafe."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    folder = root / "needlecheck" / "content"
    try:
        missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
        for part in reversed(missing):
            os.mkdir(part, _PRIVATE)
            os.chmod(part, _PRIVATE)  # whatever the umask
        status = os.lstat(folder)
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.geteuid():
        return None
    return folder if status.st_mode & 0o077 == 0 else None


def _cached_table(digest: str) -> dict[str, Any] | None:
    folder = _cache_folder()
    if folder is None:
        return None
    try:
        descriptor = os.open(folder / f"{digest}.json", os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_uid != os.geteuid()
            or status.st_mode & _OTHERS_MAY_WRITE
        ):
            return None
        try:
            cached = json.loads(file.read())
        except (OSError, ValueError):
            return None
    if isinstance(cached, dict) and cached.get("source") == [CACHE_FORMAT, digest]:
        table = cached.get("table")
        return table if isinstance(table, dict) else None
    return None


def _cache_table(digest: str, table: dict[str, Any]) -> None:
    folder = _cache_folder()
    if folder is None:
        return
    try:
        data = json.dumps({"source": [CACHE_FORMAT, digest], "table": table}, ensure_ascii=False)
        if json.loads(data)["table"] != table:  # a TOML date, say, which JSON cannot hold
            return
    except (TypeError, ValueError):
        return
    temporary = folder / f".{digest}.{os.getpid()}.{os.urandom(8).hex()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(data)
        os.replace(temporary, folder / f"{digest}.json")  # whole or not at all
    except OSError:
        return  # without a cache needlecheck is only slower
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def build_content(
    logic: Mapping[str, Any], text: Mapping[str, Any], logic_name: str, text_name: str
) -> Content:
    """Check the two content tables against each other and build ``Content``."""
    return _Builder(logic, text, logic_name, text_name).build()


class _Builder:
    """Collects every problem while building, then raises them together."""

    def __init__(
        self, logic: Mapping[str, Any], text: Mapping[str, Any], logic_name: str, text_name: str
    ) -> None:
        self.logic, self.text = logic, text
        self.logic_name, self.text_name = logic_name, text_name
        self.problems: list[str] = []

    # ── reporting helpers
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
            condition = conditions.parse(raw, scope)
        except ConditionError as error:
            self.problem(where, f"condition {error}")
            return None
        return condition, conditions.compile_condition(condition, missing=missing)

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

    # ── building
    def build(self) -> Content:
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
            ui=ui,
            question_by_id=by_id,
            section_by_id={s.id: s for s in sections},
            text_signs=text_signs,
            contradictions=contradictions,
        )

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
            return options
        if not isinstance(raw, list) or sorted(raw) != sorted(options):
            self.problem(where, f"shown_order must list {', '.join(options)}, each once")
            return options
        return tuple(raw)

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
            problems += [f"term {t!r}: listed twice" for t in set(terms) if terms.count(t) > 1]
            for problem in problems:
                self.problem(where, problem)
            if not problems:
                signs.append(TextSign(qid, rule, tuple(terms), compile_terms(tuple(terms))))
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
                )
            )
        self.check_text_signs(text_signs, rules)
        return rules

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
                    Feature(
                        fid,
                        item["group"],
                        parsed[0],
                        parsed[1],
                        self.words("features", fid, "text"),
                    )
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
                notes.append(
                    Note(
                        nid,
                        bool(item.get("favours")),
                        parsed[0],
                        parsed[1],
                        sources,
                        self.words("notes", nid, "text"),
                    )
                )
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
                found.append(Contradiction(cid, parsed[0], parsed[1], read, text))
        return tuple(found)

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
            if any(questions.get(q) is None or questions[q].type != "integer" for q in items):
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
                    len(activities) != len(items)
                    or any(
                        questions.get(q) is None or questions[q].type != "text" for q in activities
                    )
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
            action=str(words.get("action", "")),
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
                ui[key] = value
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
