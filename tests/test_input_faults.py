"""Every fault a user, a file or the surroundings can cause is exit 2 with one clear line.

Exit 1 means a fault in needlecheck itself; nothing here is one. Each case is run as a
person runs it (the console script in a real process, with real file descriptors), since
closed or full standard streams and odd encodings exist only there.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, NEEDLECHECK, home_variables, run_needlecheck
from needlecheck.errors import ExitCode

RUNNER_EXAMPLE = EXAMPLES / "runner-right-buttock.json"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    variables = {**os.environ, **home_variables(home), "COLUMNS": "200"}
    variables.pop("PYTHONIOENCODING", None)
    return variables


def answers_with(tmp_path: Path, name: str = "answers.json", **changes: object) -> Path:
    answers = {**json.loads(RUNNER_EXAMPLE.read_text("utf-8")), **changes}
    path = tmp_path / name
    path.write_text(json.dumps(answers), "utf-8")  # \u escapes: a lone surrogate too
    return path


def assert_one_line_usage_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("needlecheck: ")
    return lines[0]


def run_shell(command: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command`` in a shell, so that standard streams can be closed (``<&-``)."""
    return subprocess.run(
        ["/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        env={**env, "NEEDLECHECK": str(NEEDLECHECK)},
        cwd=cwd,
        timeout=60,
        check=False,
    )


# ── Answers ──────────────────────────────────────────────────────────────────────────


def test_a_lone_surrogate_in_a_text_answer_is_a_problem_of_the_file(
    tmp_path: Path, env: dict[str, str]
) -> None:
    answers = answers_with(tmp_path, activity_1="walking \ud800")  # json.dumps writes \ud800
    result = run_needlecheck("screen", "--answers", str(answers), env=env)
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "activity_1" in result.stderr
    assert "walking" not in result.stderr  # the answer itself is never repeated


def test_a_fifo_named_like_an_answers_file_is_refused_without_waiting(
    tmp_path: Path, env: dict[str, str]
) -> None:
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    result = run_needlecheck("screen", "--answers", str(fifo), env=env)  # times out if it waits
    line = assert_one_line_usage_error(result)
    assert "not a regular file" in line


def test_a_folder_named_like_an_answers_file_is_a_folder_of_answers_files(
    tmp_path: Path, env: dict[str, str]
) -> None:
    # A folder is screened file by file (issue 15: batch), whatever its name; an empty
    # one is one line.
    folder = tmp_path / "x.json"
    folder.mkdir()
    line = assert_one_line_usage_error(
        run_needlecheck("screen", "--answers", str(folder), "--format", "jsonl", env=env)
    )
    assert "holds no answers files" in line


# ── Standard streams ─────────────────────────────────────────────────────────────────


def test_closed_standard_input_for_answers_from_it(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_shell('"$NEEDLECHECK" screen --answers - <&-', env, tmp_path)
    line = assert_one_line_usage_error(result)
    assert "standard input" in line


def test_closed_standard_input_for_the_interview(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_shell('"$NEEDLECHECK" <&-', env, tmp_path)
    line = assert_one_line_usage_error(result)
    assert "standard input" in line


@pytest.mark.parametrize("command", ["screen --answers {answers}", "about", "questions"])
@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
def test_closed_or_full_standard_output(
    tmp_path: Path, env: dict[str, str], command: str, redirect: str
) -> None:
    shown = command.format(answers=RUNNER_EXAMPLE)
    result = run_shell(f'"$NEEDLECHECK" {shown} {redirect}', env, tmp_path)
    line = assert_one_line_usage_error(result)
    assert "cannot write to standard output" in line


def test_a_report_to_a_file_needs_no_standard_output(tmp_path: Path, env: dict[str, str]) -> None:
    result = run_shell(
        f'"$NEEDLECHECK" screen --answers {RUNNER_EXAMPLE} --output report.txt >&-', env, tmp_path
    )
    assert result.returncode == ExitCode.OK, result.stderr
    assert (tmp_path / "report.txt").is_file()


def test_closed_standard_error_still_gives_the_exit_code(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = run_shell('"$NEEDLECHECK" screen --answers missing.json 2>&-', env, tmp_path)
    assert result.returncode == ExitCode.USAGE


def test_an_output_encoding_that_cannot_show_an_answer(tmp_path: Path, env: dict[str, str]) -> None:
    answers = answers_with(tmp_path, activity_1="Gärtnern")
    result = run_needlecheck(
        "screen", "--answers", str(answers), "--format", "text",
        env={**env, "PYTHONIOENCODING": "ascii"},
    )  # fmt: skip
    line = assert_one_line_usage_error(result)
    assert "cannot write to standard output" in line
    assert "ascii" in line
    assert "Gärtnern" not in result.stderr


# ── Saved reports ────────────────────────────────────────────────────────────────────


def saved_report(home: Path, name: str, **changes: object) -> Path:
    """A saved screening with some fields changed (by hand, or by someone hostile)."""
    folder = home / ".local" / "share" / "needlecheck" / "screenings"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    report = {
        "content_version": "2",
        "created": "2026-03-02T09:00:00+00:00",
        "outcome": {"level": "may_suit"},
        "scores": {"leg_pain": 4},
        "findings": [],
        "answers": {},
        **changes,
    }
    path = folder / name
    path.write_text(json.dumps(report), "utf-8")
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(
    "damage",
    [
        {"scores": {"leg_pain": 10**400}},
        {"created": "0001-01-01T00:00:00+00:00"},
        {"created": "0001-01-01T00:00:00"},
        {"created": "9999-12-31T23:59:59-12:00"},
        {"answers": {"sbi_numbness": 10**400}},
    ],
    ids=["401-digit score", "year 1", "year 1 local", "year 9999", "401-digit item"],
)
@pytest.mark.parametrize("command", ["history", "compare"])
def test_one_damaged_saved_report_is_skipped_with_one_line(
    env: dict[str, str], damage: dict[str, object], command: str
) -> None:
    home = Path(env["HOME"])
    saved_report(home, "20260301T090000000000Z-aaaaaaaa.json")
    saved_report(home, "20260302T090000000000Z-bbbbbbbb.json", created="2026-03-09T09:00:00+00:00")
    damaged = saved_report(home, "20260303T090000000000Z-cccccccc.json", **damage)
    result = run_needlecheck(command, env=env)
    assert result.returncode == ExitCode.OK, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("needlecheck: skipped ")
    assert damaged.name in line
    assert "0" * 100 not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "damage",
    [{"scores": {"leg_pain": 10**400}}, {"created": "0001-01-01T00:00:00+00:00"}],
    ids=["401-digit score", "year 1"],
)
def test_compare_of_a_damaged_report_file_is_exit_2(
    tmp_path: Path, env: dict[str, str], damage: dict[str, object]
) -> None:
    home = Path(env["HOME"])
    good = saved_report(home, "a.json")
    damaged = saved_report(home, "b.json", **damage)
    line = assert_one_line_usage_error(run_needlecheck("compare", str(good), str(damaged), env=env))
    assert "b.json" in line


# ── Options ──────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "args",
    [
        ["screen", "--format", "bogus"],
        ["screen", "--answers"],
        ["screen", "--no-such-option"],
        ["bogus"],
        ["history", "--lang", "xx"],
    ],
)
def test_an_option_error_is_one_line(env: dict[str, str], args: list[str]) -> None:
    line = assert_one_line_usage_error(run_needlecheck(*args, env=env))
    assert "--help" in line
    assert "╭" not in line


def test_a_hostile_option_value_is_cut_short(env: dict[str, str]) -> None:
    result = run_needlecheck("screen", "--format", "9" * 4000, env=env)
    line = assert_one_line_usage_error(result)
    assert "9" * 80 not in line
    assert len(line) < 400


def test_answers_from_a_terminal_say_what_they_wait_for(
    tmp_path: Path, env: dict[str, str]
) -> None:
    import pexpect

    child = pexpect.spawn(
        str(NEEDLECHECK), ["screen", "--answers", "-"], env=env, cwd=str(tmp_path), timeout=30
    )
    child.expect("Ctrl-D")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.USAGE  # nothing was typed: an empty file


def test_a_file_is_read_whole_up_to_one_byte_past_the_limit(tmp_path: Path) -> None:
    from needlecheck.storage import read_regular_file

    for size in (0, 1, 99, 100, 101, 5_000):
        path = tmp_path / f"{size}.json"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        assert read_regular_file(path, 100) == path.read_bytes()[:101], size


def test_a_file_that_grows_while_it_is_read_is_read_on_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from needlecheck import storage

    path = tmp_path / "growing.json"
    path.write_bytes(b"y" * 300)
    real_fstat = os.fstat

    def smaller(descriptor: int) -> os.stat_result:  # as it was before the last writes
        status = list(real_fstat(descriptor))
        status[stat.ST_SIZE] = 20
        return os.stat_result(status)

    monkeypatch.setattr(os, "fstat", smaller)
    assert storage.read_regular_file(path, 100) == b"y" * 101
    assert storage.read_regular_file(path, 1_000) == b"y" * 300
