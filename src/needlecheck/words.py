"""Messages not yet worded: a ``[ui]`` key of the text files and the values that fill it,
worded in the language chosen for this run only when they are shown.

Errors and problems carry ``Words``, never English sentences: the code decides what to
say, ``content/text/<language>.toml`` says it. ``str()`` of a ``Words`` gives it in the
chosen language (English until the CLI chooses), so a message is worded once, where it is
printed. A value that is itself ``Words`` is worded in the same language.

Standard library only, and light: a text file is read only when something is worded
without a loaded content at hand (an error before the content, a line after the report).
"""

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import NamedTuple

from needlecheck.language import DEFAULT_LANGUAGE

_NO_VALUES: Mapping[str, object] = MappingProxyType({})


class Words(NamedTuple):
    """A message as a key of ``[ui]`` (``area.key`` for ``[ui.area]``) and its values."""

    key: str
    values: Mapping[str, object] = _NO_VALUES

    def __str__(self) -> str:
        return word(self)


def say(key: str, /, **values: object) -> Words:
    """The message ``key`` with its ``{placeholders}``' values, worded when shown."""
    return Words(key, MappingProxyType(values) if values else _NO_VALUES)


#: The language of this run: the CLI sets it once it knows (``speaking``).
_chosen = [DEFAULT_LANGUAGE]


def chosen() -> str:
    return _chosen[-1]


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Word messages in ``language`` until the block ends (one CLI run)."""
    _chosen.append(language)
    try:
        yield
    finally:
        _chosen.pop()


def choose(language: str) -> None:
    """From now on in this run, word messages in ``language``."""
    _chosen[-1] = language


def word(message: Words | str, ui: Mapping[str, str] | None = None) -> str:
    """``message`` in words: with the interface wording ``ui`` (a loaded content's), else
    the chosen language's text file. Text is already worded and stays as it is."""
    if isinstance(message, str):
        return message
    table = interface(chosen()) if ui is None else ui
    template = table[message.key]
    if not message.values:
        return template
    values = {
        name: word(value, table) if isinstance(value, Words) else value
        for name, value in message.values.items()
    }
    return template.format(**values)


#: Why a file could not be read or written, by ``errno`` name (``[ui.reasons]``): the
#: system's own words are English only.
_REASONS = {
    "ENOENT": "reasons.not_found",
    "EACCES": "reasons.permission",
    "EPERM": "reasons.permission",
    "EISDIR": "reasons.is_folder",
    "ENOTDIR": "reasons.not_folder",
    "ENOSPC": "reasons.no_space",
    "EDQUOT": "reasons.no_space",
    "EROFS": "reasons.read_only",
    "ELOOP": "reasons.symlink",
    "ENAMETOOLONG": "reasons.name_too_long",
    "EBADF": "reasons.closed",
    "EIO": "reasons.io",
    "EEXIST": "reasons.exists",
    "ENOTEMPTY": "reasons.not_empty",
}


class WordedError(Exception):
    """An error raised as a ``[ui]`` key and its values: ``words``, worded when shown."""

    def __init__(self, key: str, /, **values: object) -> None:
        self.words = say(key, **values)
        super().__init__(self.words)

    def __str__(self) -> str:
        return word(self.words)


def reason(error: OSError) -> Words | str:
    """Why ``error`` happened, in words of the chosen language (the system's text, or
    the error's name, for one the text files do not word). An error of needlecheck's
    own may name its key as ``reason_key``."""
    import errno

    key = getattr(error, "reason_key", None) or _REASONS.get(
        errno.errorcode.get(error.errno or 0, "")
    )
    return say(key) if key else (error.strerror or type(error).__name__)


@functools.cache
def interface(language: str) -> Mapping[str, str]:
    """The ``[ui]`` wording of one language's text file, keyed ``area.key``."""
    from needlecheck.loading.files import CONTENT_DIR, read_table

    table = read_table(CONTENT_DIR / "text" / f"{language}.toml")
    flat: dict[str, str] = {}
    pending = list(table.get("ui", {}).items())
    while pending:
        key, value = pending.pop()
        if isinstance(value, dict):
            pending.extend((f"{key}.{sub}", item) for sub, item in value.items())
        elif isinstance(value, str):
            flat[key] = value
    return MappingProxyType(flat)
