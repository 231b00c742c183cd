"""The interview's command line: its options, their conflicts, and where it refuses to run.

Typer's CliRunner gives a standard input that is not a terminal, so every interview
asked for here stops before the first question, with one line and exit code 2.
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck import cli
from needlecheck.commands.screen import check_interview_options
from needlecheck.errors import NotATerminalError

RUNNER = CliRunner()
EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")


def one_line_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("needlecheck: ")
    assert result.stderr.count("\n") == 1
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.mark.parametrize("args", [[], ["screen"], ["--clinician"], ["--resume"], ["--no-draft"]])
def test_without_a_terminal_the_interview_points_to_answers(args: list[str]) -> None:
    one_line_error(RUNNER.invoke(cli.app, args), "--answers")


def test_options_before_any_command_are_the_interviews() -> None:
    result = RUNNER.invoke(
        cli.app, ["--clinician", "--ref", "AB12", "--answers", EXAMPLE, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mode"] == "clinician" and report["ref"] == "AB12"


def test_an_unknown_option_is_still_a_usage_error() -> None:
    result = RUNNER.invoke(cli.app, ["--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_root_help_and_version_stay_the_roots() -> None:
    assert "Commands" in RUNNER.invoke(cli.app, ["--help"]).stdout
    assert RUNNER.invoke(cli.app, ["--version"]).stdout.startswith("needlecheck ")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--resume", "--restart"], "--resume and --restart cannot be used together"),
        (["--restart", "--no-draft"], "--restart and --no-draft cannot be used together"),
        (["--answers", EXAMPLE, "--resume"], "--resume is for the questions, not for --answers"),
        (["--answers", EXAMPLE, "--no-draft"], "--no-draft is for the questions"),
    ],
)
def test_draft_options_that_cannot_go_together(args: list[str], fragment: str) -> None:
    one_line_error(RUNNER.invoke(cli.app, ["screen", *args]), fragment)


class _Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_output_that_is_not_a_terminal_points_to_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=True))
    monkeypatch.setattr(sys, "stdout", _Stream(terminal=False))
    with pytest.raises(NotATerminalError, match="--output FILE"):
        check_interview_options([], missing_only=False)
