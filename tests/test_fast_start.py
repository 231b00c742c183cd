"""The interview starts without Typer when the arguments are only the interview's own,
and reads them exactly as Typer would.

Typer's import is a sixth of the time to the first question, so ``fast_start`` reads the
few arguments that start an interview and hands anything else to Typer. These tests hold
the two readings together: wherever ``fast_start`` takes an argument list, Typer makes the
same request of it, and every way into the interview is taken.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import needlecheck.commands.screen
from needlecheck import cli, fast_start
from needlecheck.commands.screen import ScreenRequest

#: Arguments that start an interview, and some that look like them but do not.
WORDS = [
    "screen",
    "--clinician",
    "--resume",
    "--restart",
    "--no-draft",
    "--save",
    "--lang",
    "--lang=es",
    "--lang=en",
    "--lang=fr",
    "es",
    "en",
    "fr",
    "--ref",
    "--ref=A-1",
    "--ref=",
    "R-2",
    "",
    "-",
    "--ask-missing",
    "--answers",
    "--help",
    "-h",
    "history",
    "--format",
    "json",
    "--debug",
    "--version",
    "--clinician=1",
]


def typer_request(arguments: list[str]) -> ScreenRequest | None:
    """The request Typer's CLI makes of ``arguments``, or None if it makes none."""
    requests: list[ScreenRequest] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(needlecheck.commands.screen, "screen", requests.append)
        cli.app(args=arguments, prog_name="needlecheck", standalone_mode=False)
    return requests[0] if requests else None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_wherever_fast_start_takes_the_arguments_typer_makes_the_same_request(
    arguments: list[str],
) -> None:
    request = fast_start.interview_request(arguments)
    if request is not None:
        assert typer_request(arguments) == request


INTERVIEW_STARTS = [
    [],
    ["screen"],
    ["--clinician"],
    ["--resume"],
    ["--no-draft"],
    ["--restart"],
    ["screen", "--save"],
    ["--lang", "es"],
    ["--lang=es", "screen", "--clinician", "--ref", "A-17"],
    ["--clinician", "--ref=B 2", "--resume", "--lang", "en"],
]


@pytest.mark.parametrize("arguments", INTERVIEW_STARTS, ids=" ".join)
def test_every_way_into_the_interview_is_taken(arguments: list[str]) -> None:
    request = fast_start.interview_request(arguments)
    assert request is not None
    assert request == typer_request(arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["screen", "--help"],
        ["-h"],
        ["--version"],
        ["--debug"],
        ["history"],
        ["--answers", "a.json"],
        ["--format", "json"],
        ["--lang", "fr"],
        ["--lang"],
        ["--ref"],
        ["--ref", "--clinician"],  # Click reads "--clinician" as the reference
        ["--clinician", "screen"],  # "screen" here is an answers file
        ["screen", "screen"],
        ["--clinician=1"],
        ["--no-draft", "extra"],
    ],
    ids=" ".join,
)
def test_anything_else_is_left_to_typer(arguments: list[str]) -> None:
    assert fast_start.interview_request(arguments) is None


#: Runs needlecheck's entry point (or, with --typer, Typer's CLI) on the arguments after
#: it, and writes whether Typer was imported to the file named in argv[1] at exit.
PROBE = """
import atexit, json, sys

imported_file = sys.argv[1]

def write():
    with open(imported_file, "w") as file:
        json.dump("typer" in sys.modules, file)

atexit.register(write)
via_typer = sys.argv[2] == "--typer"
sys.argv = ["needlecheck", *sys.argv[3:]]
if via_typer:
    from needlecheck.cli import main
else:
    from needlecheck.entry import main
main()
"""


def run_probe(
    arguments: list[str], tmp_path: Path, env: dict[str, str], *, via_typer: bool
) -> tuple[subprocess.CompletedProcess[str], bool]:
    imported_file = tmp_path / "typer.json"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(imported_file),
            "--typer" if via_typer else "--entry",
            *arguments,
        ],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    return result, json.loads(imported_file.read_text("utf-8"))


@pytest.mark.parametrize("arguments", [["--clinician"], ["--lang", "es", "--resume"]])
def test_an_interview_without_a_terminal_fails_alike_without_typer(
    arguments: list[str], tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    """The same one-line message and exit code either way; only Typer's import differs."""
    fast, typer_imported = run_probe(arguments, tmp_path, isolated_env, via_typer=False)
    slow, typer_imported_slow = run_probe(arguments, tmp_path, isolated_env, via_typer=True)
    assert (typer_imported, typer_imported_slow) == (False, True)
    assert fast.returncode == slow.returncode == 2
    assert fast.stderr == slow.stderr
    assert fast.stderr.count("\n") == 1
    assert fast.stdout == slow.stdout == ""
