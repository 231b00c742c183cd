"""The parts of a report, each already in words: a finding, a feature group, a score
and an answer, as ``report.build_report`` decides them and every renderer lays them out.
"""

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from needlecheck.model.text_signs import TextMatch


class FindingView(NamedTuple):
    id: str
    level: str
    summary: str
    message: str
    discuss: str
    sources: tuple[str, ...]
    #: Its sources of lower certainty (spec 7: shown as such wherever cited).
    lower_certainty: tuple[str, ...] = ()
    #: Shown under "Act on this first" whatever its level.
    act_first: bool = False
    #: Free-text words it quotes (spec 4.6), terms made printable.
    matches: "tuple[TextMatch, ...]" = ()


class FeatureView(NamedTuple):
    id: str
    title: str
    present: tuple[str, ...]
    #: The group's summary when enough features are present, else None.
    summary: str | None


class ScoreView(NamedTuple):
    id: str
    label: str
    value: int | float | None
    #: The value as shown, e.g. "14/24", or the words for "not answered".
    shown: str
    meaning: str
    detail: str


class AnswerView(NamedTuple):
    label: str
    #: The answer in words, or the words for "not answered".
    answer: str
