"""forget's yes/no question in a real pseudo-terminal, in the chosen language: English
shows ``[y/N]`` and takes y or n; Spanish shows ``[s/N]`` and takes s (sí) or n, and y
too, so a person used to English answers is not asked again."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest

from conftest import DATA_FOLDER, EXAMPLES, home_variables, run_needlecheck
from needlecheck.model.content import Content
from test_pty_interview import Terminal, on_screen

pytestmark = pytest.mark.pty

EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")


def saved_files(home: Path) -> list[Path]:
    return [path for path in (home / DATA_FOLDER).rglob("*.json") if path.is_file()]


def forget_asking(content: Content, home: Path, lang: str) -> Terminal:
    """forget run in ``lang`` after one screening was saved, its question on screen."""
    env = {**os.environ, **home_variables(home)}
    assert run_needlecheck("screen", "-a", EXAMPLE, "--save", env=env).returncode == 0
    assert len(saved_files(home)) == 1
    terminal = Terminal(content, home, "forget", "--lang", lang)
    terminal.child.expect(r"\?")  # the question's own words are checked by each test
    return terminal


def ends(terminal: Terminal, said: str) -> None:
    terminal.see(said)
    terminal.child.expect(pexpect.EOF)
    terminal.child.close()
    assert terminal.child.exitstatus == 0


@pytest.mark.parametrize(
    ("lang", "choice", "yes", "removed"),
    [
        ("en", "[y/N]:", "y", "removed 1 saved screening(s)"),
        ("en", "[y/N]:", "yes", "removed 1 saved screening(s)"),
        ("es", "[s/N]:", "s", "se borraron 1 cribado(s) guardado(s)"),
        ("es", "[s/N]:", "sí", "se borraron 1 cribado(s) guardado(s)"),
        ("es", "[s/N]:", "SI", "se borraron 1 cribado(s) guardado(s)"),
        ("es", "[s/N]:", "y", "se borraron 1 cribado(s) guardado(s)"),
    ],
)
def test_forget_takes_the_languages_yes(
    content: Content, home: Path, lang: str, choice: str, yes: str, removed: str
) -> None:
    terminal = forget_asking(content, home, lang)
    terminal.see(choice)
    terminal.child.send(f"{yes}\r")
    ends(terminal, removed)
    assert saved_files(home) == []


@pytest.mark.parametrize(
    ("lang", "choice", "other", "invalid", "nothing_removed"),
    [
        ("en", "[y/N]:", "s", "Error: invalid input", "nothing was removed"),
        ("es", "[s/N]:", "x", "Error: respuesta no válida", "no se borró nada"),
    ],
)
def test_forget_asks_again_then_keeps_on_no(
    content: Content,
    home: Path,
    lang: str,
    choice: str,
    other: str,
    invalid: str,
    nothing_removed: str,
) -> None:
    terminal = forget_asking(content, home, lang)
    terminal.see(choice)
    terminal.child.send(f"{other}\r")
    terminal.see(invalid)
    terminal.child.expect(on_screen(choice))  # asked once more
    terminal.child.send("n\r")
    ends(terminal, nothing_removed)
    assert len(saved_files(home)) == 1


def test_forget_in_spanish_shows_no_english_choice(content: Content, home: Path) -> None:
    terminal = forget_asking(content, home, "es")
    terminal.see("[s/N]:")
    assert "[y/N]" not in str(terminal.child.before) + str(terminal.child.after)
    terminal.child.send("\r")  # Enter: the default, no
    ends(terminal, "no se borró nada")
    assert len(saved_files(home)) == 1
