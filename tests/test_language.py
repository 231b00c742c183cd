"""Choosing the language: --lang, else the locale (LC_ALL, LC_MESSAGES, LANG), else English;
and what a report says about its language (JSON ``language``, HTML ``lang``, dates)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_needlecheck
from needlecheck import language
from needlecheck.cli import Language
from needlecheck.loading.content import CONTENT_DIR, ContentError, load_content

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


@pytest.mark.parametrize(
    ("args", "spanish"),
    [
        (["--lang", "es", "questions"], "Preguntas del cribado"),
        (["--lang=es", "questions", "--format", "text"], "Preguntas del cribado"),
        (["--lang", "es", "about", "--format", "text"], "punción seca"),
        (["--debug", "--lang", "es", "screen", "--answers", RUNNER_EXAMPLE], "Siguiente paso"),
        (["--lang", "es", "--answers", RUNNER_EXAMPLE], "Siguiente paso"),  # screen's options
    ],
)
def test_lang_before_the_command_is_that_commands(
    args: list[str], spanish: str, isolated_env: dict[str, str]
) -> None:
    result = run_needlecheck(*args, env={**isolated_env, **NO_LOCALE})
    assert result.returncode == 0, result.stderr
    assert spanish in result.stdout


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


def _spanish_with(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A content folder whose es.toml is the real one changed by ``edit``."""
    (tmp_path / "text").mkdir()
    for name in ("screening.toml", "text/en.toml"):
        (tmp_path / name).write_bytes((CONTENT_DIR / name).read_bytes())
    spanish = (CONTENT_DIR / "text" / "es.toml").read_text("utf-8")
    edited = edit(spanish)
    assert edited != spanish
    (tmp_path / "text" / "es.toml").write_text(edited, "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (
            lambda t: t.replace('report_title = "', 'report_titel = "', 1),
            "ui.report_title: missing",
        ),
        (lambda t: t.replace('report_title = "', 'report_titel = "', 1), "ui.report_titel: not in"),
        (
            lambda t: t.replace("[questions.age]\n", "[questions.age]\nextra = 'x'\n", 1),
            "questions.age.extra: not in English",
        ),
        (
            lambda t: t.replace("{next_step}", "{siguiente}", 1),
            "ui.next_step_closing: placeholders",
        ),
        (lambda t: t.replace("{value}/{max}", "{value}", 1), "ui.score_value: placeholders"),
        (lambda t: t.replace('"Fuentes: {sources}"', '"Fuentes: {sources"', 1), "placeholders"),
        (
            lambda t: t.replace('signs = ["Adormecimiento', 'signs = ["Uno", "Adormecimiento', 1),
            "safety_net.signs: must be a list of 6 items",
        ),
        (
            lambda t: t.replace('title = "Efectos secundarios"\n', "", 1),
            "about.parts[2].title: missing",
        ),
    ],
)
def test_a_translation_that_is_not_whole_is_refused_naming_file_and_key(
    tmp_path: Path, edit: Callable[[str], str], named: str
) -> None:
    folder = _spanish_with(tmp_path, edit)
    with pytest.raises(ContentError) as refused:
        load_content.__wrapped__("es", folder)
    problems = refused.value.problems
    assert all(problem.startswith("text/es.toml: ") for problem in problems), problems
    assert any(named in problem for problem in problems), problems


def test_the_shipped_translation_is_whole() -> None:
    assert load_content("es").ui.keys() == load_content("en").ui.keys()


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_y_n_and_u_choose_yes_no_and_not_sure_in_every_language_and_no_letter_is_taken_twice(
    code: str,
) -> None:
    from needlecheck.interview.prompter import BACK_KEY, answer_keys

    no, yes, unsure = answer_keys(load_content(code))
    assert "n" in no.letters and "y" in yes.letters and "u" in unsure.letters
    letters = no.letters + yes.letters + unsure.letters
    assert len(set(letters)) == len(letters)
    assert BACK_KEY not in letters and not any(letter.isdigit() for letter in letters)
