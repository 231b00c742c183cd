"""A text file against English, and the clinician's wording standing in for the reader's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CLINICIAN_SUFFIX = "_clinician"


def worded_for_clinician(table: dict[str, Any]) -> dict[str, Any]:
    """The text tree with each ``<field>_clinician`` value also standing as ``<field>``."""
    worded = {
        key: worded_for_clinician(value) if isinstance(value, dict) else value
        for key, value in table.items()
    }
    for key, value in table.items():
        field = key.removesuffix(CLINICIAN_SUFFIX)
        if field != key and field in table:
            worded[field] = value
    return worded


def translation_gaps(text: object, english: object, key: str) -> Iterator[str]:
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
            yield from translation_gaps(text[name], english[name], f"{key}.{name}".lstrip("."))
    elif isinstance(english, list):
        if not isinstance(text, list) or len(text) != len(english):
            yield f"{key}: must be a list of {len(english)} items, as in English"
            return
        for index, (item, original) in enumerate(zip(text, english, strict=True)):
            yield from translation_gaps(item, original, f"{key}[{index}]")
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
