"""Emergency advice says where to go and how, for the person's region (spec §6a).

The region table is checked here against the spec's own table, written out below
independently of the content files, so a wrong number in the content fails a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_needlecheck, safe_answers, write_answers
from needlecheck.engine import assess
from needlecheck.loading.content import CONTENT_DIR, ContentError, build_content, load_content
from needlecheck.model.content import Content
from needlecheck.model.emergency import emergency_advice
from needlecheck.region import UNKNOWN, RegionChoice, choose_region, environment
from needlecheck.render import render
from needlecheck.report.build import build_report

EU_112 = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "NO",
    "IS",
    "LI",
    "CH",
]
#: Spec §6a: region to (the first number, every number the advice names, department).
SPEC_TABLE: dict[str, tuple[str, tuple[str, ...], str]] = {
    "US": ("911", ("911",), "emergency room (ER)"),
    "CA": ("911", ("911",), "emergency room (ER)"),
    "GB": ("999", ("999",), "A&E"),
    "IE": ("112", ("112", "999"), "emergency department (ED)"),
    "AU": ("000", ("000",), "emergency department"),
    "NZ": ("111", ("111",), "emergency department"),
    **dict.fromkeys(EU_112, ("112", ("112",), "emergency department")),
}
FALLBACK_NUMBERS = "911 in North America, 999 in the UK, 112 in most of Europe, 000 in Australia"
ELSEWHERE = "(or your local emergency number if you are elsewhere)"
TERRITORIES = load_content().emergency.territories


def content_for(**variables: str) -> Content:
    return load_content("en", environment=environment(variables))


def emergency_text(content: Content) -> str:
    answers = {**safe_answers(content), "bladder_change": "yes"}
    return render(build_report(content, assess(content, answers)), "text")


# ── choosing the region (pure) ────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"NEEDLECHECK_REGION": "GB"}, RegionChoice("GB")),
        ({"NEEDLECHECK_REGION": "gb"}, RegionChoice("GB")),
        ({"NEEDLECHECK_REGION": "UK"}, RegionChoice("GB")),
        ({"NEEDLECHECK_REGION": "uk"}, RegionChoice("GB")),
        ({"NEEDLECHECK_REGION": "JP"}, RegionChoice("JP")),  # assigned, no row: general words
        ({"NEEDLECHECK_REGION": "IE", "LANG": "en_US.UTF-8"}, RegionChoice("IE")),
        ({"LANG": "en_US.UTF-8"}, RegionChoice("US", from_locale=True)),
        ({"LANG": "en_IE.UTF-8"}, RegionChoice("IE", from_locale=True)),
        ({"LANG": "en_IE@euro"}, RegionChoice("IE", from_locale=True)),
        ({"LANG": "en_gb"}, RegionChoice("GB", from_locale=True)),
        ({"LANG": "C"}, UNKNOWN),
        ({"LANG": "C.UTF-8"}, UNKNOWN),
        ({"LANG": "POSIX"}, UNKNOWN),
        ({"LANG": "en"}, UNKNOWN),
        ({"LANG": "es_419"}, UNKNOWN),
        ({"LANG": "es_419.UTF-8"}, UNKNOWN),
        ({"LANG": "en_GBR"}, UNKNOWN),
        ({}, UNKNOWN),
        # Precedence: the first set, non-empty value that names a territory.
        (
            {"LC_ALL": "en_AU.UTF-8", "LC_MESSAGES": "en_NZ", "LANG": "en_US"},
            RegionChoice("AU", True),
        ),
        ({"LC_MESSAGES": "en_NZ", "LANG": "en_US"}, RegionChoice("NZ", True)),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_CA"}, RegionChoice("CA", True)),
        ({"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}, RegionChoice("DE", True)),
        ({"NEEDLECHECK_REGION": "", "LANG": "fr_FR"}, RegionChoice("FR", True)),
        # A value that is not a region code is passed over, and said back to be warned about.
        ({"NEEDLECHECK_REGION": "XX", "LANG": "en_GB"}, RegionChoice("GB", True, "XX")),
        ({"NEEDLECHECK_REGION": "Ireland"}, RegionChoice(rejected="Ireland")),
        ({"NEEDLECHECK_REGION": "USA", "LANG": "C"}, RegionChoice(rejected="USA")),
        ({"NEEDLECHECK_REGION": "ÉS"}, RegionChoice(rejected="ÉS")),
    ],
)
def test_the_region_is_chosen_as_spec_6a_says(
    variables: dict[str, str], expected: RegionChoice
) -> None:
    assert choose_region(variables, TERRITORIES) == expected


def test_the_territories_are_the_assigned_iso_codes() -> None:
    assert len(TERRITORIES) == 249
    assert "UK" not in TERRITORIES and "EU" not in TERRITORIES
    assert content_for(NEEDLECHECK_REGION="EU").emergency.rejected == "EU"
    for code in ("JP", "MX", "ZA", "IN", "BR"):
        assert content_for(NEEDLECHECK_REGION=code).emergency.region == code


# ── the table, row by row ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("code", sorted(SPEC_TABLE))
def test_every_region_of_the_table_names_its_number_and_department(code: str) -> None:
    first, numbers, department = SPEC_TABLE[code]
    content = content_for(NEEDLECHECK_REGION=code)
    assert (content.emergency.region, content.emergency.number) == (code, first)
    text = emergency_text(content)
    assert department in content.emergency.department
    assert f"Go to {content.emergency.department} now" in text
    for number in numbers:
        assert number in content.emergency.go_now
    assert ELSEWHERE not in text  # NEEDLECHECK_REGION was set on purpose
    assert FALLBACK_NUMBERS not in text


def test_a_region_from_the_locale_adds_the_elsewhere_words() -> None:
    content = content_for(LANG="en_GB.UTF-8")
    assert content.emergency.number == "999"
    assert f"999 {ELSEWHERE}" in content.emergency.go_now


@pytest.mark.parametrize(
    "variables", [{"LANG": "C"}, {}, {"NEEDLECHECK_REGION": "JP"}, {"LANG": "ja_JP.UTF-8"}]
)
def test_an_unknown_region_gets_the_general_words(variables: dict[str, str]) -> None:
    content = content_for(**variables)
    assert content.emergency.number is None
    assert FALLBACK_NUMBERS in content.emergency.go_now
    assert "Go to an emergency department now" in emergency_text(content)


def test_every_emergency_text_says_where_to_go_and_how() -> None:
    """Go now; do not drive; someone takes you or an ambulance on the local number."""
    for variables in ({"NEEDLECHECK_REGION": "US"}, {"LANG": "C"}):
        content = content_for(**variables)
        go_now = content.emergency.go_now
        assert "now" in go_now and "Do not drive yourself" in go_now
        assert "ask someone to take you" in go_now and "call an ambulance" in go_now
        texts = [r.message for r in content.rules if r.level == "emergency"]
        texts += [content.outcomes["emergency"].next_step, content.safety_net.action]
        texts.append(next(r.message for r in content.rules if r.id == "ces_sexual_private"))
        for text in texts:
            assert go_now in text, text
        assert go_now in emergency_advice(content)


def test_no_emergency_text_says_today_beside_now() -> None:
    """Spec §2 (v2): "now", as in every emergency text; a report never mixes them."""
    for language in ("en", "es"):
        content = load_content(language)
        for rule in content.rules:
            assert "today" not in rule.message and " hoy" not in rule.message, rule.id
        for outcome in content.outcomes.values():
            assert "today" not in outcome.next_step + outcome.advice
            assert " hoy" not in outcome.next_step + outcome.advice


def test_the_spanish_advice_names_the_number_too() -> None:
    content = load_content("es", environment=environment({"NEEDLECHECK_REGION": "ES"}))
    assert "112" in content.outcomes["emergency"].next_step
    assert "ahora" in content.emergency.go_now


# ── the table is content data, checked when loaded ────────────────────────────────


def _tables() -> tuple[dict, dict]:  # type: ignore[type-arg]
    import tomllib

    logic = tomllib.loads((CONTENT_DIR / "screening.toml").read_text("utf-8"))
    text = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))
    return logic, text


def _problems(logic: dict, text: dict) -> str:  # type: ignore[type-arg]
    with pytest.raises(ContentError) as raised:
        build_content(logic, text, "screening.toml", "text/en.toml")
    return "\n".join(raised.value.problems)


def test_a_region_code_that_is_not_a_territory_is_refused() -> None:
    logic, text = _tables()
    logic["emergency"]["regions"][0]["codes"].append("UK")
    assert "'UK' is not in 'territories'" in _problems(logic, text)


def test_a_number_that_is_not_digits_is_refused() -> None:
    logic, text = _tables()
    logic["emergency"]["regions"][0]["numbers"] = ["9-1-1"]
    assert "'numbers' must be a non-empty list" in _problems(logic, text)


def test_a_region_in_two_rows_is_refused() -> None:
    logic, text = _tables()
    logic["emergency"]["regions"][1]["codes"].append("US")
    assert "'US' is in two rows" in _problems(logic, text)


def test_a_region_without_its_department_words_is_refused() -> None:
    logic, text = _tables()
    del text["emergency"]["departments"]["ireland"]
    assert "[emergency.departments] ireland: missing" in _problems(logic, text)


def test_the_table_needs_its_source() -> None:
    logic, text = _tables()
    logic["emergency"]["sources"] = []
    assert "[emergency]: has no source" in _problems(logic, text)
    logic["emergency"]["sources"] = ["NO-SUCH-SOURCE"]
    assert "unknown source 'NO-SUCH-SOURCE'" in _problems(logic, text)


def test_an_emergency_text_without_the_how_is_refused() -> None:
    logic, text = _tables()
    text["rules"]["ces_bowel"]["message"] = "Go to an emergency department now."
    assert "[rules.ces_bowel] message: an emergency text must say where to go" in _problems(
        logic, text
    )


# ── through the real command line ─────────────────────────────────────────────────


def _json_outcome(
    tmp_path: Path, isolated_env: dict[str, str], **variables: str
) -> tuple[dict, str]:  # type: ignore[type-arg]
    content = load_content()
    answers = write_answers(tmp_path / "a.json", {**safe_answers(content), "bowel_change": "yes"})
    env = {
        key: value
        for key, value in isolated_env.items()
        if key not in ("NEEDLECHECK_REGION", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    result = run_needlecheck(
        "screen", "--answers", str(answers), "--format", "json", env={**env, **variables}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["outcome"], result.stderr


@pytest.mark.parametrize(
    ("variables", "region", "number"),
    [
        ({"LANG": "en_US.UTF-8"}, "US", "911"),
        ({"NEEDLECHECK_REGION": "GB"}, "GB", "999"),
        ({"NEEDLECHECK_REGION": "UK"}, "GB", "999"),
        ({"LANG": "en_IE.UTF-8"}, "IE", "112"),
        ({"LANG": "C"}, None, None),
    ],
)
def test_the_json_outcome_names_the_region_and_number(
    tmp_path: Path,
    isolated_env: dict[str, str],
    variables: dict[str, str],
    region: str,
    number: str,
) -> None:
    outcome, _ = _json_outcome(tmp_path, isolated_env, **variables)
    assert (outcome["region"], outcome["emergency_number"]) == (region, number)
    if number is None:
        assert FALLBACK_NUMBERS in outcome["next_step"]
    else:
        assert number in outcome["next_step"]


def test_an_unknown_region_variable_is_warned_about_in_one_line_and_ignored(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    outcome, stderr = _json_outcome(
        tmp_path, isolated_env, NEEDLECHECK_REGION="Narnia", LANG="en_NZ.UTF-8"
    )
    assert (outcome["region"], outcome["emergency_number"]) == ("NZ", "111")
    assert stderr.count("\n") == 1
    assert "NEEDLECHECK_REGION" in stderr and "'Narnia'" in stderr and "ignored" in stderr
