"""Which language needlecheck speaks: ``--lang``, else the locale, else English.

A language is a text file ``content/text/<code>.toml``; the codes below are the ones
shipped. The locale is read the way gettext reads it for messages: the first set,
non-empty value of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, whose language part (before
``_``, ``.`` or ``@``) names a shipped language (``es_MX.UTF-8`` → ``es``). A locale in
another language (``fr_FR``), or ``C``/``POSIX``, gives English.

Standard library only: the CLI imports this at start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

#: Languages with a text file, English (the reference every translation follows) first.
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The shipped language the locale names, or English."""
    env = os.environ if environ is None else environ
    value = next((env[name] for name in LOCALE_VARIABLES if env.get(name)), "")
    code = re.split(r"[_.@]", value, maxsplit=1)[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def choose(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang`` when given, else the locale's language, else English."""
    return requested if requested is not None else from_locale(environ)


def from_arguments(arguments: list[str], environ: Mapping[str, str] | None = None) -> str:
    """The language the command-line arguments ask for (the last valid ``--lang``), else
    the locale's: the words of every message of a run, errors in the options included."""
    asked = None
    for index, argument in enumerate(arguments):
        value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else None
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        if value in LANGUAGES:
            asked = value
    return choose(asked, environ)
