"""An unexpected fault shows no health data: one line on how to report it, exit code 1.

The fault is simulated in a real process (the engine raises), so what a person would
see is what is checked. Only ``--debug`` shows the traceback, and never local variables.
A reader that stops early (``| head``) is not a fault and says nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NEEDLECHECK, safe_answers, write_answers
from needlecheck.cli import app
from needlecheck.errors import ExitCode
from needlecheck.model.content import Content

SECRET = "SECRET-ACTIVITY-123"

#: Makes the engine fail with the answers in its locals, then runs needlecheck as the
#: console script does.
BROKEN_ENGINE = """
import sys

import needlecheck.engine


def failing_assess(content, answers, mode="self"):
    answers_in_a_local = dict(answers)
    raise RuntimeError("simulated fault in the engine")


needlecheck.engine.assess = failing_assess

from needlecheck.cli import main

sys.argv = ["needlecheck", *sys.argv[1:]]
main()
"""


def run_with_broken_engine(
    content: Content, tmp_path: Path, env: dict[str, str], *options: str
) -> subprocess.CompletedProcess[str]:
    answers = safe_answers(content) | {"activity_1": SECRET}
    answers_file = write_answers(tmp_path / "answers.json", answers)
    return subprocess.run(
        [sys.executable, "-c", BROKEN_ENGINE, *options, "screen", "--answers", str(answers_file)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_a_fault_prints_one_line_on_how_to_report_it(
    content: Content, tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    result = run_with_broken_engine(content, tmp_path, isolated_env)
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("needlecheck: ")
    assert "--debug" in line
    assert SECRET not in result.stderr
    assert "Traceback" not in result.stderr
    assert "simulated fault" not in result.stderr  # an error message may quote answers


def test_debug_shows_the_traceback_without_local_variables(
    content: Content, tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    result = run_with_broken_engine(content, tmp_path, isolated_env, "--debug")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: simulated fault in the engine" in result.stderr
    assert SECRET not in result.stdout + result.stderr  # locals hold the answers


def test_typer_pretty_exceptions_are_off_and_never_show_locals() -> None:
    # Typer's pretty tracebacks can print every local variable, answers included.
    assert app.pretty_exceptions_enable is False
    assert app.pretty_exceptions_show_locals is False


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],  # printed while the arguments are parsed
        ["about", "--format", "text"],  # smaller than a pipe holds: fails at the last flush
        ["questions", "--format", "fhir"],  # larger than a pipe holds: fails mid-write
    ],
)
def test_a_reader_that_stops_early_is_not_a_fault(
    tmp_path: Path, isolated_env: dict[str, str], args: list[str]
) -> None:
    # Output buffered as on any machine, so a closed pipe can show as late as exit.
    env = {k: v for k, v in isolated_env.items() if k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        [str(NEEDLECHECK), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # long before needlecheck has started, let alone written
    with process.stderr:
        errors = process.stderr.read()
    assert process.wait(timeout=60) == ExitCode.BROKEN_PIPE
    assert errors == b""


@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
def test_version_to_a_closed_or_full_output_is_one_line_and_exit_2(
    tmp_path: Path, isolated_env: dict[str, str], redirect: str
) -> None:
    result = subprocess.run(
        f"{NEEDLECHECK} --version {redirect}",
        shell=True,
        capture_output=True,
        text=True,
        env=isolated_env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.startswith("needlecheck: cannot write the version")
    assert len(result.stderr.splitlines()) == 1


#: Makes the check of a typed answer fail inside the prompt (a prompt_toolkit callback),
#: with the typed text in the error, then runs needlecheck's interview through the entry
#: point named by ENTRY: the console script's (which starts the interview before Typer,
#: ``fast_start``) or Typer's CLI.
BROKEN_PROMPT_CHECK = """
import sys

from needlecheck.interview.flow import Interview


def failing_check(self, question, typed):
    raise RuntimeError(f"simulated fault in a prompt callback: {typed}")


Interview._reason_refused = failing_check

from ENTRY import main

sys.argv = ["needlecheck", *sys.argv[1:]]
main()
"""


@pytest.mark.pty
@pytest.mark.parametrize("entry", ["needlecheck.entry", "needlecheck.cli"])
@pytest.mark.parametrize("debug", [False, True])
def test_a_fault_inside_a_prompt_is_one_line_without_debug(
    tmp_path: Path, isolated_env: dict[str, str], debug: bool, entry: str
) -> None:
    import pexpect

    env = {**isolated_env, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        [
            "-c",
            BROKEN_PROMPT_CHECK.replace("ENTRY", entry),
            *(["--debug"] if debug else []),
            "--no-draft",
        ],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )
    child.expect("How old are you")
    child.send(SECRET + "\r")
    child.expect(pexpect.EOF)
    child.close()
    after_typing = child.before
    assert after_typing is not None
    assert child.exitstatus == ExitCode.INTERNAL
    assert "Unhandled exception" not in after_typing  # prompt_toolkit's own report
    assert "Press ENTER" not in after_typing
    if debug:
        assert "Traceback (most recent call last)" in after_typing
    else:
        assert "--debug" in after_typing
        assert "Traceback" not in after_typing
        assert "simulated fault" not in after_typing
