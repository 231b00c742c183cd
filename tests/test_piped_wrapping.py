"""Prose sent to a pipe is wrapped at word boundaries to 80 columns (issue 12, item 1):
``needlecheck screen --answers F | cat``, ``questions | cat`` and ``about | cat`` never
leave it to whatever shows the text to break a word in two. A line may be longer only
when it is a single word that cannot be broken (a web address)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

#: Lines that are one word after their indent and list marker: nothing to break at.
_LIST_MARKER = re.compile(r"^\s*(?:[-*] |\d+\. )?")


def _too_long(text: str, columns: int = 80) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if len(line) > columns and " " in _LIST_MARKER.sub("", line, count=1).strip()
    ]


def _piped(*args: str, env: dict[str, str], columns: str | None = None) -> str:
    """What needlecheck writes to a pipe (a real one: not a terminal, with ``COLUMNS``
    only if given)."""
    env = {key: value for key, value in env.items() if key not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = columns
    result = subprocess.run(
        [sys.executable, "-m", "needlecheck", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


ANSWERS = sorted(
    path
    for path in Path(EXAMPLES).iterdir()
    if path.suffix in (".json", ".toml") and path.stem != "invalid"
)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    "args",
    [
        *(["screen", "--answers", str(path)] for path in ANSWERS),
        ["screen", "--answers", str(EXAMPLES / "runner-right-buttock.json"), "--clinician"],
        ["questions"],
        ["questions", "--clinician"],
        ["about"],
        ["about", "--format", "text"],
    ],
    ids=lambda args: " ".join(Path(a).name for a in args),
)
def test_piped_prose_fits_80_columns(
    args: list[str], lang: str, isolated_env: dict[str, str]
) -> None:
    text = _piped("--lang", lang, *args, env=isolated_env)
    assert text.strip()
    assert _too_long(text) == []


def test_wrapping_moves_only_line_breaks(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    """The same words in the same order as the report written to a file, which is left
    unwrapped (a text file's paragraphs paste into clinical notes as one line each)."""
    answers = str(EXAMPLES / "emergency-bladder.json")
    piped = _piped("screen", "--answers", answers, env=isolated_env)
    written = tmp_path / "report.txt"
    _piped("screen", "--answers", answers, "--output", str(written), env=isolated_env)
    text = written.read_text("utf-8")
    assert _too_long(text) != []  # the file keeps its long lines…
    assert piped.split() == text.split()  # …and the pipe the same words


def test_columns_sets_the_width_of_a_pipe(isolated_env: dict[str, str]) -> None:
    """``COLUMNS``, as rich and the terminal layout read it, narrows or widens a pipe."""
    about = ["about", "--format", "text"]
    assert _too_long(_piped(*about, env=isolated_env), 60) != []
    narrow = _piped(*about, env=isolated_env, columns="60")
    assert _too_long(narrow, 60) == []


def test_list_items_hang_under_their_text_and_addresses_stay_whole() -> None:
    from needlecheck.out import wrap_lines

    address = "https://example.org/" + "a" * 80
    text = f"- {'word ' * 20}\n  12. {'more ' * 12}\n{address}\nshort\n\n- see {address}"
    assert wrap_lines(text, 40).split("\n") == [
        "- word word word word word word word",
        "  word word word word word word word",
        "  word word word word word word",
        "  12. more more more more more more more",
        "      more more more more more",
        address,
        "short",
        "",
        "- see",
        f"  {address}",
    ]


def test_history_and_compare_fit_80_columns_when_piped(isolated_env: dict[str, str]) -> None:
    """Their headings, lines and closing words are prose too (issue 12, item 1)."""
    # three, so that history --plot draws its chart
    for example in (
        "runner-right-buttock.json",
        "warfarin-diabetes.toml",
        "emergency-bladder.json",
    ):
        _piped("screen", "--answers", str(EXAMPLES / example), "--save", env=isolated_env)
    for args in (["compare"], ["history"], ["history", "--plot"]):
        text = _piped(*args, env=isolated_env)
        assert text.strip()
        assert _too_long(text) == [], args
    assert "█" in text  # the chart was drawn
