"""Choosing the language: --lang, else the locale (LC_ALL, LC_MESSAGES, LANG), else English;
and what a report says about its language (JSON ``language``, HTML ``lang``, dates)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_needlecheck
from needlecheck import language
from needlecheck.cli import Language
from needlecheck.loader import CONTENT_DIR, load_content

RUNNER_EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")
NO_LOCALE = dict.fromkeys(language.LOCALE_VARIABLES, "")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es_MX"}, "es"),
        ({"LANG": "es"}, "es"),
        ({"LANG": "es_419.UTF-8"}, "es"),
        ({"LANG": "ES_us.utf8"}, "es"),
        ({"LANG": "es_ES@euro"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "estonian"}, "en"),  # a code, not a prefix of a word
        ({"LC_MESSAGES": "es_AR.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "es_CL.UTF-8"}, "es"),  # empty is unset
    ],
)
def test_the_locale_chooses_a_shipped_language_or_english(
    environ: dict[str, str], expected: str
) -> None:
    assert language.from_locale(environ) == expected


def test_lang_wins_over_the_locale() -> None:
    assert language.choose("en", {"LANG": "es_ES.UTF-8"}) == "en"
    assert language.choose("es", {"LANG": "en_US.UTF-8"}) == "es"
    assert language.choose(None, {"LANG": "es_ES.UTF-8"}) == "es"


def test_every_shipped_language_has_a_text_file_and_a_lang_choice() -> None:
    files = {path.stem for path in (CONTENT_DIR / "text").glob("*.toml")}
    assert set(language.LANGUAGES) == files == {choice.value for choice in Language}
    for code in language.LANGUAGES:
        assert load_content(code).language == code


@pytest.mark.parametrize(
    "command", ["screen", "questions", "about", "history", "compare", "forget"]
)
def test_every_command_takes_lang(command: str, isolated_env: dict[str, str]) -> None:
    result = run_needlecheck(command, "--help", env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert "--lang" in result.stdout


def test_an_unknown_lang_is_a_usage_error(isolated_env: dict[str, str]) -> None:
    result = run_needlecheck("questions", "--lang", "fr", env=isolated_env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def _report(env: dict[str, str], *args: str) -> str:
    result = run_needlecheck("screen", "--answers", RUNNER_EXAMPLE, *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_locale_gives_a_spanish_report_and_lang_overrides_it(
    isolated_env: dict[str, str],
) -> None:
    spanish_locale = {**isolated_env, **NO_LOCALE, "LANG": "es_ES.UTF-8"}
    assert "Siguiente paso" in _report(spanish_locale)
    assert "Next step" in _report(spanish_locale, "--lang", "en")
    english_locale = {**isolated_env, **NO_LOCALE, "LANG": "en_US.UTF-8"}
    assert "Siguiente paso" in _report(english_locale, "--lang", "es")
    assert "Next step" in _report({**isolated_env, **NO_LOCALE})


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_the_json_report_names_its_language(code: str, isolated_env: dict[str, str]) -> None:
    report = json.loads(_report(isolated_env, "--format", "json", "--lang", code))
    assert report["language"] == code


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_the_html_report_declares_its_language(code: str, isolated_env: dict[str, str]) -> None:
    assert f'<html lang="{code}">' in _report(isolated_env, "--format", "html", "--lang", code)


def test_dates_are_written_as_each_language_writes_them() -> None:
    moment = datetime(2026, 3, 7, 9, 5)
    assert load_content("en").date(moment) == "2026-03-07 09:05"
    assert load_content("en").date(moment, long=True) == "7 March 2026, 09:05"
    assert load_content("es").date(moment) == "07/03/2026 09:05"
    assert load_content("es").date(moment, long=True) == "7 de marzo de 2026, 09:05"


def test_a_key_a_translation_lacks_falls_back_to_english(tmp_path: Path) -> None:
    import tomllib

    (tmp_path / "text").mkdir()
    (tmp_path / "screening.toml").write_bytes((CONTENT_DIR / "screening.toml").read_bytes())
    english = (CONTENT_DIR / "text" / "en.toml").read_text("utf-8")
    (tmp_path / "text" / "en.toml").write_text(english, "utf-8")
    spanish = tomllib.loads((CONTENT_DIR / "text" / "es.toml").read_text("utf-8"))
    lines = (CONTENT_DIR / "text" / "es.toml").read_text("utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("report_title = ")]
    (tmp_path / "text" / "es.toml").write_text("\n".join(kept) + "\n", "utf-8")
    content = load_content.__wrapped__("es", tmp_path)
    assert content.text("report_title") == "needlecheck screening summary"
    assert content.text("heading_answers") == spanish["ui"]["heading_answers"]
