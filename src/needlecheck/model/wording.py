"""The wording that stands on its own: sources and the statements citing them, the
outcomes, the safety net, the FHIR identity, the emergency contact and the ``about``
course text, as ``loading.wording`` and ``emergency`` build them.

Records (``needlecheck.records``), for the same light start-up as ``model``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from needlecheck.records import Record

if TYPE_CHECKING:
    from needlecheck.model.logic import Level


class Source(Record):
    id: str
    citation: str
    lower_certainty: bool = False


class Outcome(Record):
    level: Level
    title: str
    advice: str
    next_step: str


class StandardCode(Record):
    """A code from a standard terminology (LOINC) that means exactly what a score means."""

    system: str
    code: str
    display: str


class FhirIdentity(Record):
    """How needlecheck names itself in FHIR: one canonical base for its Questionnaires
    and its one code system, and standard codes for scores that have one."""

    url: str
    score_codes: Mapping[str, StandardCode]


class SafetyNet(Record):
    questions: tuple[str, ...]
    sources: tuple[str, ...]
    title: str
    signs: tuple[str, ...]
    action: str


class EmergencyRegion(Record):
    """One row of the emergency-number table (spec §6a)."""

    id: str
    codes: tuple[str, ...]
    #: The number to call first, then any other that works there.
    numbers: tuple[str, ...]
    #: The emergency department as people there call it, with its article ("A&E").
    department: str


class EmergencyContact(Record):
    """Where to go and whom to call in an emergency, for the region needlecheck runs in.

    Emergency texts of the content carry placeholders for these words, filled in when the
    content is loaded, so every report, the interview and every error path say the same.
    """

    #: ISO 3166 alpha-2 code, or None when nothing names a territory.
    region: str | None
    #: The table's first number for the region, or None when it has no row.
    number: str | None
    #: The number as shown (with "also works" and "if you are elsewhere"), or the words
    #: for the local number when it is unknown.
    number_text: str
    department: str
    #: One sentence: go now, do not drive, ask someone to take you or call an ambulance.
    go_now: str
    #: A ``NEEDLECHECK_REGION`` value that is not a region code (passed over), or None.
    rejected: str | None
    regions: tuple[EmergencyRegion, ...]
    #: The assigned ISO 3166 alpha-2 codes, which ``NEEDLECHECK_REGION`` may name.
    territories: frozenset[str]
    sources: tuple[str, ...]


class Statement(Record):
    """One claim shown to people, with the sources behind it (principle 7)."""

    text: str
    sources: tuple[str, ...]


class AboutTable(Record):
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...]


class AboutPart(Record):
    title: str
    points: tuple[Statement, ...]
    table: AboutTable | None = None


class About(Record):
    """What ``needlecheck about`` says about dry needling (spec section 6)."""

    title: str
    intro: str
    parts: tuple[AboutPart, ...]
    closing: str
    sources_title: str
    sources_label: str
