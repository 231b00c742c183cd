"""Emergency advice that says where to go and how (spec §6a), built from content data.

The region table (``[emergency]`` in ``screening.toml``: codes, numbers, sources) and its
words (``[emergency]`` in ``text/<language>.toml``: the department, the sentence that
says what to do) are loaded and checked here for the loading package, which then fills the
placeholders ``{emergency_go_now}``, ``{emergency_number}`` and
``{emergency_department}`` in every text, so every emergency text names the region's
number. :func:`emergency_advice` gives the whole advice in a few lines for the places
that show it outside a report (the interview's stop, an invalid answers file).

Pure: the environment comes in as a mapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from needlecheck.model.content import Content
from needlecheck.model.logic import Rule
from needlecheck.model.wording import EmergencyContact, EmergencyRegion, Outcome, SafetyNet
from needlecheck.region import choose_region

#: What a number may look like: digits only, as dialled.
_MAX_NUMBER_DIGITS = 6


class _Checks(Protocol):
    """The part of the content builder used here."""

    logic: Mapping[str, Any]
    text: Mapping[str, Any]

    def problem(self, where: str, message: str, *, in_text: bool = False) -> None: ...

    def source_ids(
        self, item: Mapping[str, Any], where: str, *, required: bool
    ) -> tuple[str, ...]: ...


def build_emergency(builder: _Checks, environment: Mapping[str, str]) -> EmergencyContact:
    """The region table, checked, and the words for the region ``environment`` names."""
    raw = builder.logic.get("emergency")
    words = builder.text.get("emergency")
    if not isinstance(raw, dict):
        builder.problem("[emergency]", "missing (spec 6a: the emergency-number table)")
        raw = {}
    if not isinstance(words, dict):
        builder.problem("[emergency]", "missing", in_text=True)
        words = {}
    sources = builder.source_ids(raw, "[emergency]", required=True)
    territories = _territories(builder, raw.get("territories"))
    regions = _regions(builder, raw.get("regions"), words, territories)
    phrases = {
        key: _phrase(builder, words, key)
        for key in ("go_now", "also_works", "elsewhere", "unknown_number", "unknown_department")
    }
    choice = choose_region(environment, territories)
    row = next((r for r in regions if choice.code in r.codes), None)
    if row is None:
        number, number_text, department = (
            None,
            phrases["unknown_number"],
            phrases["unknown_department"],
        )
    else:
        number, department = row.numbers[0], row.department
        number_text = number
        if len(row.numbers) > 1:
            others = ", ".join(row.numbers[1:])
            number_text = phrases["also_works"].format(number=number, other=others)
        if choice.from_locale:
            number_text = phrases["elsewhere"].format(number=number_text)
    return EmergencyContact(
        region=choice.code,
        number=number,
        number_text=number_text,
        department=department,
        go_now=phrases["go_now"].format(department=department, number=number_text),
        rejected=choice.rejected,
        regions=regions,
        territories=territories,
        sources=sources,
    )


def _territories(builder: _Checks, raw: object) -> frozenset[str]:
    if not isinstance(raw, list) or not raw:
        builder.problem("[emergency]", "'territories' must list the ISO 3166 alpha-2 codes")
        return frozenset()
    bad = [code for code in raw if not (isinstance(code, str) and code.isascii())]
    bad += [code for code in raw if isinstance(code, str) and not _is_code(code)]
    if bad:
        builder.problem("[emergency]", f"not alpha-2 codes in 'territories': {bad!r}")
    return frozenset(code for code in raw if isinstance(code, str))


def _is_code(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()


def _regions(
    builder: _Checks, raw: object, words: Mapping[str, Any], territories: frozenset[str]
) -> tuple[EmergencyRegion, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(r, dict) for r in raw):
        builder.problem("[emergency]", "'regions' must be a non-empty array of tables")
        return ()
    departments = words.get("departments", {})
    regions: list[EmergencyRegion] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, 1):
        rid = item.get("id")
        where = f"[[emergency.regions]] {rid!r}" if isinstance(rid, str) else f"#{index}"
        codes, numbers = item.get("codes"), item.get("numbers")
        if not isinstance(rid, str) or not rid:
            builder.problem(f"[[emergency.regions]] #{index}", "has no id")
            continue
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            builder.problem(where, "'codes' must be a non-empty list of region codes")
            continue
        for code in codes:
            if code not in territories:
                builder.problem(where, f"{code!r} is not in 'territories'")
            if code in seen:
                builder.problem(where, f"{code!r} is in two rows")
            seen.add(code)
        if (
            not isinstance(numbers, list)
            or not numbers
            or not all(
                isinstance(n, str) and n.isdigit() and len(n) <= _MAX_NUMBER_DIGITS for n in numbers
            )
        ):
            builder.problem(where, "'numbers' must be a non-empty list of numbers as text")
            continue
        department = departments.get(rid) if isinstance(departments, dict) else None
        if not isinstance(department, str) or not department.strip():
            builder.problem(f"[emergency.departments] {rid}", "missing", in_text=True)
            department = ""
        regions.append(EmergencyRegion(rid, tuple(codes), tuple(numbers), department))
    if isinstance(departments, dict):
        for rid in departments.keys() - {r.id for r in regions}:
            builder.problem(f"[emergency.departments] {rid}", "no such region", in_text=True)
    return tuple(regions)


def _phrase(builder: _Checks, words: Mapping[str, Any], key: str) -> str:
    value = words.get(key)
    if not isinstance(value, str) or not value.strip():
        builder.problem(f"[emergency] {key}", "missing or not text", in_text=True)
        return ""
    return value


def check_emergency_texts(
    builder: _Checks, emergency: EmergencyContact, texts: Sequence[tuple[str, str]]
) -> None:
    """Every emergency text says what to do, not only what not to do (spec §6a): each of
    ``texts`` (where, text) holds the whole sentence with the department and number."""
    for where, text in texts:
        if emergency.go_now not in text:
            builder.problem(
                where,
                "an emergency text must say where to go and how ({emergency_go_now})",
                in_text=True,
            )


def emergency_texts(
    rules: Sequence[Rule], outcome: Outcome, safety_net: SafetyNet
) -> list[tuple[str, str]]:
    """The texts that tell a person to get emergency care, named for error messages."""
    texts = [(f"[rules.{r.id}] message", r.message) for r in rules if r.level == "emergency"]
    texts.append(("[outcomes.emergency] next_step", outcome.next_step))
    texts.append(("[safety_net] action", safety_net.action))
    return texts


def emergency_advice(content: Content) -> str:
    """The emergency advice in three paragraphs (title, advice, next step with the local
    number), for the interview's "Stop here" and an invalid answers file. The content
    must come from ``load_content(..., environment=region.environment(os.environ))`` for
    the number to be the region's."""
    outcome = content.outcomes["emergency"]
    return "\n\n".join((outcome.title, outcome.advice, outcome.next_step))
