"""``--help`` in the chosen language (issue 11, issue 17): with ``--lang es`` (before or
after the command) or a Spanish locale, every command's description, every option's
help and the headings around them are Spanish; in English, help is as it always was.

Each help is declared as a ``[ui.help]`` key and worded only while help is drawn
(``cli_help``), so these tests also guard that a key never shows as itself.
"""

from __future__ import annotations

import tomllib

import pytest
import typer.rich_utils
from typer.testing import CliRunner

from needlecheck.cli import app
from needlecheck.loading.content import CONTENT_DIR
from test_error_words import ENGLISH_PIECES
from test_spanish import assert_spanish

RUNNER = CliRunner()
COMMANDS = ["screen", "history", "compare", "forget", "questions", "about"]
HELP = {
    language: tomllib.loads((CONTENT_DIR / "text" / f"{language}.toml").read_text("utf-8"))["ui"][
        "help"
    ]
    for language in ("en", "es")
}
#: The English help wording that Spanish does not share: none of it may show in Spanish.
ENGLISH_ONLY = {value for key, value in HELP["en"].items() if value != HELP["es"][key]}
NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


@pytest.fixture(autouse=True)
def wide_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help drawn wide enough that no help text wraps, so each can be found whole."""
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 10_000)


def shown_help(args: list[str], monkeypatch: pytest.MonkeyPatch, lang: str = "C.UTF-8") -> str:
    for name, value in {**NO_LOCALE, "LANG": lang}.items():
        monkeypatch.setenv(name, value)
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def help_keys(command: str | None) -> list[str]:
    """The ``[ui.help]`` keys (without ``help.``) of a command's description and the
    help of each of its options and arguments, ``--help``'s own included."""
    group = typer.main.get_command(app)
    declared = group if command is None else group.commands[command]  # type: ignore[attr-defined]
    keys = [declared.help or ""] + [getattr(p, "help", None) or "" for p in declared.params]
    return [key.removeprefix("help.") for key in keys if key] + ["help"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
@pytest.mark.parametrize(
    ("where", "lang"),
    [("before", "C.UTF-8"), ("after", "C.UTF-8"), ("locale", "es_ES.UTF-8")],
)
def test_every_help_is_spanish(
    command: str | None, where: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = [] if command is None else [command]
    args = {
        "before": ["--lang", "es", *words, "--help"],
        "after": [*words, "--help", "--lang", "es"],
        "locale": [*words, "--help"],
    }[where]
    shown = shown_help(args, monkeypatch, lang)
    for key in help_keys(command):
        assert HELP["es"][key] in shown, key
    for heading in ("usage", "options", "metavar_options"):
        assert HELP["es"][heading] in shown
    leaked = sorted(text for text in ENGLISH_ONLY | ENGLISH_PIECES if text in shown)
    assert not leaked, leaked
    assert "help." not in shown  # no key shown as itself
    assert_spanish(shown)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_english_help_is_as_before(command: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = shown_help([*([] if command is None else [command]), "--help"], monkeypatch)
    for key in help_keys(command):
        assert HELP["en"][key] in shown, key
    assert "Usage: " in shown and "Options" in shown and "Show this message and exit." in shown
    assert "help." not in shown


def test_english_help_after_spanish_help_in_the_same_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The keys are put back after help is drawn, so the next run words them afresh.
    spanish = shown_help(["screen", "--help", "--lang", "es"], monkeypatch)
    english = shown_help(["screen", "--help"], monkeypatch)
    assert HELP["es"]["answers"] in spanish
    assert HELP["en"]["answers"] in english
    assert HELP["es"]["answers"] not in english


#: What Typer shows an option or argument takes when no metavar is declared: the type's
#: name (``<str>``, ``<path>``), worded in the chosen language; choices (``<en|es>``) are
#: the values typed, and a range (``[x>=0]``) is notation, so both stay as they are.
TYPE_LABELS = {"en": ("<str>", "<path>"), "es": ("<texto>", "<ruta>")}


@pytest.mark.parametrize(("language", "other"), [("es", "en"), ("en", "es")])
def test_what_an_option_takes_is_in_the_language(
    language: str, other: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, path = TYPE_LABELS[language]
    shown = {
        command: shown_help([command, "--help", "--lang", language], monkeypatch)
        for command in ("screen", "history", "compare", "forget")
    }
    assert all(f"--ref {text}" in help for help in shown.values()), shown
    assert f"{HELP[language]['metavar_reports']} {path}" in shown["compare"]
    assert "<en|es>" in shown["screen"] and "[x>=0]" in shown["history"]
    leaked = [label for label in TYPE_LABELS[other] for help in shown.values() if label in help]
    assert not leaked, leaked


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_says_what_it_does(command: str) -> None:
    group = typer.main.get_command(app)
    declared = group.commands[command]  # type: ignore[attr-defined]
    unexplained = [
        param.name
        for param in declared.params
        if not param.hidden and not getattr(param, "help", None)
    ]
    assert unexplained == []
