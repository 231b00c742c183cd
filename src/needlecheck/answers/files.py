"""Read an answers file (JSON or TOML, spec section 8) into validated answers.

Every problem in the file is reported together, and nothing is assessed until the file
is clean. A missing question is not a problem. A FHIR QuestionnaireResponse is an
answers file too, whatever its name ends in: it is recognised by its ``resourceType``
and mapped by ``answers.fhir`` before the same validation.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from needlecheck import out
from needlecheck.answers.fhir import answers_from_response, is_fhir_resource
from needlecheck.engine import assess
from needlecheck.errors import AnswersFileError
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content, Problem, validate_answers
from needlecheck.model.emergency import emergency_advice
from needlecheck.storage import read_regular_file
from needlecheck.words import Words, reason, say

STDIN = "-"
#: Far larger than any real answers file; a bigger one is a mistake, not a screening.
MAX_FILE_BYTES = 1_000_000
#: A file with more problems than this is not an answers file gone slightly wrong: the
#: first ones are enough to show what is amiss.
MAX_PROBLEMS_SHOWN = 60
FORMATS = {".json": "JSON", ".toml": "TOML"}
#: tomllib's time and memory grow with the square of the parts of a dotted key
#: (`a.b.c…`): 100,000 parts in 200 kB exhaust memory. Answers need no dotted keys, and
#: all their text answers together hold far fewer dots, so more is refused unparsed.
MAX_TOML_DOTS = 4_000


def read_answers(content: Content, source: str, mode: Mode = "self") -> dict[str, Answer]:
    """Validated answers from a file path, or from standard input (JSON) for ``-``.

    Spec 8 (v2), principles 2 and 9: when the valid answers of a file with problems fire
    an emergency rule, the error carries the emergency advice to show first; a file that
    cannot be parsed carries the short safety net to show last.
    """
    name: Words | str = say("answers.standard_input") if source == STDIN else source
    named_format = "JSON" if source == STDIN else FORMATS.get(Path(source).suffix.lower())
    # Any other name is refused before opening, unless it is a plain file (which may be a
    # FHIR response): a pipe such as <(command) would wait for its writer.
    if named_format is None and not Path(source).is_file():
        raise AnswersFileError(_suffix_message(name))
    return answers_from_bytes(
        content, read_source_bytes(source, name), name, named_format=named_format, mode=mode
    )


def answers_from_bytes(
    content: Content,
    data: bytes,
    name: Words | str,
    *,
    named_format: str | None = "JSON",
    mode: Mode = "self",
) -> dict[str, Answer]:
    """Validated answers from the bytes of one answers file (read already: a line of
    JSON Lines, say), as ``read_answers``. ``name`` names it in every problem;
    ``named_format`` is the format its name says (None: it must be a FHIR resource)."""
    file_format = named_format or "JSON"
    if file_format == "TOML" and data.lstrip().startswith(b"{"):
        file_format = "JSON"  # no TOML document starts with '{': a FHIR file misnamed
    try:
        raw = _parse(data, file_format, name, fhir_only=named_format is None)
    except AnswersFileError as error:
        raise AnswersFileError(
            error.message, error.detail_words, after=safety_net_lines(content)
        ) from None
    problems: list[Problem] = []
    if is_fhir_resource(raw):
        raw, problems = answers_from_response(content, raw, name)
    answers, more_problems = validate_answers(content, raw)
    problems += more_problems
    if problems:
        emergency = assess(content, answers, mode).level == "emergency"
        raise AnswersFileError(
            say("answers.has_one_problem", name=name)
            if len(problems) == 1
            else say("answers.has_problems", name=name, count=len(problems)),
            [p.words() for p in problems[:MAX_PROBLEMS_SHOWN]]
            + (
                [say("answers.more_problems", count=len(problems) - MAX_PROBLEMS_SHOWN)]
                if len(problems) > MAX_PROBLEMS_SHOWN
                else []
            ),
            before=emergency_advice(content) + "\n" if emergency else "",
        )
    return answers


def safety_net_lines(content: Content) -> list[str]:
    """The short safety net (spec 2): its title, each sign, what to do (with the number)."""
    net = content.safety_net
    return ["", net.title + ":", *(f"- {sign}" for sign in net.signs), net.action]


def _suffix_message(name: Words | str) -> Words:
    return say("answers.wrong_suffix", name=name, stdin=STDIN)


def read_source_bytes(source: str, name: Words | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an answers file, or of standard input for ``-``: at most ``limit``
    (more is an ``AnswersFileError``, as is a file that cannot be read)."""
    try:
        if source == STDIN:
            if sys.stdin.isatty():  # a person may not know that it waits for them
                out.status(str(say("answers.stdin_hint")))
            data = sys.stdin.buffer.read(limit + 1)
        else:
            data = read_regular_file(Path(source), limit)
    except OSError as error:
        raise AnswersFileError(
            say("answers.cannot_read", name=name, reason=reason(error))
        ) from None
    if len(data) > limit:
        raise too_large(name)
    return data


def too_large(name: Words | str) -> AnswersFileError:
    return AnswersFileError(say("answers.too_large", name=name, limit=MAX_FILE_BYTES))


def _parse(
    data: bytes, file_format: str, name: Words | str, *, fhir_only: bool = False
) -> dict[str, Any]:
    """The file's object; with ``fhir_only`` (a name that is neither .json nor .toml)
    anything but a FHIR resource gets the message about names."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersFileError(say("answers.not_utf8", name=name)) from None
    if not text.strip():
        raise AnswersFileError(say("answers.empty", name=name, format=file_format))
    if file_format == "TOML" and text.count(".") > MAX_TOML_DOTS:
        raise AnswersFileError(say("answers.too_many_dots", name=name, limit=MAX_TOML_DOTS))
    try:
        parsed = _parse_json(text) if file_format == "JSON" else _parse_toml(text)
        if fhir_only and not (isinstance(parsed, dict) and is_fhir_resource(parsed)):
            raise AnswersFileError(_suffix_message(name))
    except RecursionError:
        raise AnswersFileError(say("answers.too_deep", name=name)) from None
    except ValueError as error:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        if fhir_only:
            raise AnswersFileError(_suffix_message(name)) from None
        raise AnswersFileError(_not_valid(error, name, file_format)) from None
    if not isinstance(parsed, dict):
        raise AnswersFileError(
            say("answers.not_an_object", name=name, format=file_format, kind=type(parsed).__name__)
        )
    return parsed


class _AnsweredTwice(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _not_valid(error: ValueError, name: Words | str, file_format: str) -> Words:
    """Why a file is not JSON or TOML, in words: where the parser stopped (its own
    message is English only), or the question answered twice."""
    import re

    if isinstance(error, _AnsweredTwice):
        return say("answers.answered_twice_in", name=name, format=file_format, key=repr(error.key))
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if line is None:  # tomllib (3.11) says where only in its message
        where = re.search(r"at line (\d+), column (\d+)", str(error))
        line, column = (int(where[1]), int(where[2])) if where else (None, None)
    if line is None:
        return say("answers.not_valid", name=name, format=file_format)
    return say("answers.not_valid_at", name=name, format=file_format, line=line, column=column)


def _parse_json(text: str) -> Any:
    import json

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _AnsweredTwice(key)
            result[key] = value
        return result

    return json.loads(text, object_pairs_hook=no_duplicates)


def _parse_toml(text: str) -> Any:
    import tomllib

    return tomllib.loads(text)
