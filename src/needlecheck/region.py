"""Which region's emergency number to give: ``NEEDLECHECK_REGION``, else the locale.

Spec §6a: the region is the first set, non-empty value of ``NEEDLECHECK_REGION``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that names a territory. ``NEEDLECHECK_REGION`` is an
ISO 3166 alpha-2 code in any case (``UK`` is read as ``GB``); a value that is not one of
the assigned codes (content data) is reported back in ``rejected`` (the CLI warns in one
line) and passed over. In a
locale the territory is the part after ``_``, cut at ``.`` or ``@``, when it is exactly
two ASCII letters: ``en_IE.UTF-8`` and ``en_IE@euro`` give ``IE``; ``C``, ``C.UTF-8``,
``POSIX``, ``en`` and ``es_419`` give none.

Pure: the environment comes in as a mapping, so the engine and tests never read
``os.environ`` themselves. Standard library only: the CLI imports this at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from needlecheck.records import Record

REGION_VARIABLE = "NEEDLECHECK_REGION"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
VARIABLES = (REGION_VARIABLE, *LOCALE_VARIABLES)
#: Codes people write that ISO 3166 spells differently.
ALIASES = {"UK": "GB"}

_CODE = re.compile(r"[A-Za-z]{2}")


class RegionChoice(Record):
    """The region to advise for, and where it came from."""

    #: ISO 3166 alpha-2 code, upper case; None when nothing names a territory.
    code: str | None = None
    #: True when the code came from the locale, which many machines leave at en_US.
    from_locale: bool = False
    #: A ``NEEDLECHECK_REGION`` value that is not a region code (passed over), or None.
    rejected: str | None = None


UNKNOWN = RegionChoice()


def region_code(value: str, territories: Collection[str]) -> str | None:
    """``value`` as an assigned upper-case alpha-2 code (``UK`` read as ``GB``), or None."""
    code = value.strip().upper()
    code = ALIASES.get(code, code)
    return code if _CODE.fullmatch(code) and code in territories else None


def locale_territory(value: str) -> str | None:
    """The territory a locale names (``en_IE.UTF-8`` → ``IE``), or None."""
    if "_" not in value:
        return None
    territory = re.split(r"[.@]", value.split("_", 1)[1], maxsplit=1)[0]
    return territory.upper() if _CODE.fullmatch(territory) else None


def environment(environ: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The variables that choose the region, as a hashable value (for the content cache)."""
    return tuple((name, environ[name]) for name in VARIABLES if environ.get(name))


def choose_region(environ: Mapping[str, str], territories: Collection[str]) -> RegionChoice:
    """The region the environment names (spec §6a); ``territories``: the assigned codes."""
    rejected = None
    given = environ.get(REGION_VARIABLE, "")
    if given:
        code = region_code(given, territories)
        if code is not None:
            return RegionChoice(code)
        rejected = given
    for name in LOCALE_VARIABLES:
        territory = locale_territory(environ.get(name, ""))
        if territory is not None:
            return RegionChoice(territory, from_locale=True, rejected=rejected)
    return RegionChoice(rejected=rejected)
