"""Batch screening through the real CLI: several answers files, a folder, JSON Lines on
standard input; one report per file in --output-dir or one JSON line each on standard
output; bad files named with their problems while the rest still run (issue 15 item 3)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from conftest import EXAMPLES, NEEDLECHECK, run_needlecheck, safe_answers, write_answers
from needlecheck.errors import ExitCode
from needlecheck.model.content import Content

RUNNER = EXAMPLES / "runner-right-buttock.json"
WARFARIN = EXAMPLES / "warfarin-diabetes.toml"
EMERGENCY = EXAMPLES / "emergency-bladder.json"
INVALID = EXAMPLES / "invalid.json"


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def without_time(report: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in report.items() if key not in {"created", "source"}}


def single_report(path: Path, env: dict[str, str]) -> dict[str, object]:
    result = run_needlecheck("screen", "--answers", str(path), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_several_files_give_one_json_line_each_equal_to_screening_each_alone(
    isolated_env: dict[str, str],
) -> None:
    files = [RUNNER, WARFARIN, EMERGENCY]
    result = run_needlecheck(
        "screen", "--answers", *map(str, files), "--format", "jsonl", env=isolated_env
    )
    assert result.returncode == ExitCode.OK, result.stderr
    lines = json_lines(result.stdout)
    assert [line["source"] for line in lines] == [str(path) for path in files]
    for line, path in zip(lines, files, strict=True):
        assert without_time(line) == without_time(single_report(path, isolated_env))
    # An emergency in a batch is named on standard error, not only inside its report.
    assert f"{EMERGENCY}: " in result.stderr


def test_a_bad_file_is_named_with_each_problem_on_a_line_and_the_rest_still_run(
    isolated_env: dict[str, str],
) -> None:
    result = run_needlecheck(
        "screen", "-a", str(RUNNER), str(INVALID), str(WARFARIN), "-f", "jsonl", env=isolated_env
    )
    assert result.returncode == ExitCode.USAGE
    assert [line["source"] for line in json_lines(result.stdout)] == [str(RUNNER), str(WARFARIN)]
    errors = result.stderr.splitlines()
    assert errors[0] == f"needlecheck: {INVALID} has 5 problems; nothing was assessed:"
    assert errors[1].startswith("  - age: 150 is out of range")
    assert len([line for line in errors if line.startswith("  - ")]) == 5
    assert (
        errors[-1]
        == "needlecheck: 1 of 3 answers files could not be assessed (each is named above)"
    )
    assert "Traceback" not in result.stderr


def test_an_unreadable_file_ends_the_batch_with_the_safety_net_once(
    tmp_path: Path, isolated_env: dict[str, str], content: Content
) -> None:
    broken = [tmp_path / "a.json", tmp_path / "b.json"]
    for path in broken:
        path.write_text("{not json", "utf-8")
    result = run_needlecheck(
        "screen", "-a", *map(str, broken), str(RUNNER), "-f", "jsonl", env=isolated_env
    )
    assert result.returncode == ExitCode.USAGE
    assert len(json_lines(result.stdout)) == 1
    assert result.stderr.count(content.safety_net.title) == 1
    assert result.stderr.rstrip().endswith(content.safety_net.action)


def test_an_emergency_shown_by_a_bad_file_comes_before_its_problems(
    tmp_path: Path, isolated_env: dict[str, str], content: Content
) -> None:
    answers = {**safe_answers(content), "bladder_change": "yes", "leg_pain": "seven"}
    bad = write_answers(tmp_path / "bad.json", answers)
    result = run_needlecheck("screen", "-a", str(bad), str(RUNNER), "-f", "jsonl", env=isolated_env)
    assert result.returncode == ExitCode.USAGE
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"needlecheck: {bad}: the answers that are valid already show")
    assert content.outcomes["emergency"].title in errors[0]
    assert errors[1] == f"needlecheck: {bad} has 1 problem; nothing was assessed:"


def test_a_folder_gives_one_private_report_per_file_in_the_output_folder(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for example in (RUNNER, WARFARIN, INVALID):
        (archive / example.name).write_bytes(example.read_bytes())
    (archive / "notes.txt").write_text("not an answers file", "utf-8")
    (archive / ".hidden.json").write_text("{}", "utf-8")
    (archive / "sub").mkdir()
    reports = tmp_path / "reports" / "march"
    result = subprocess.run(
        [str(NEEDLECHECK), "screen", "--answers", str(archive), "--output-dir", str(reports)],
        capture_output=True,
        text=True,
        env=isolated_env,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(0),
    )
    assert result.returncode == ExitCode.USAGE, result.stderr  # invalid.json
    assert result.stdout == ""
    assert sorted(path.name for path in reports.iterdir()) == [
        "runner-right-buttock.json",
        "warfarin-diabetes.json",
    ]
    for folder in (reports, reports.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for report, example in (
        ("runner-right-buttock.json", RUNNER),
        ("warfarin-diabetes.json", WARFARIN),
    ):
        assert stat.S_IMODE((reports / report).stat().st_mode) == 0o600
        saved = json.loads((reports / report).read_text("utf-8"))
        assert without_time(saved) == without_time(single_report(example, isolated_env))
    assert f"2 report(s) written to {reports}" in result.stderr
    assert "1 of 3 answers files could not be assessed" in result.stderr


def test_output_folder_reports_take_the_format_and_names_never_collide(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    same_name = other / RUNNER.name
    same_name.write_bytes(RUNNER.read_bytes())
    reports = tmp_path / "reports"
    result = run_needlecheck(
        "screen", "-a", str(RUNNER), str(same_name), "-O", str(reports), "-f", "markdown",
        env=isolated_env,
    )  # fmt: skip
    assert result.returncode == ExitCode.OK, result.stderr
    names = sorted(path.name for path in reports.iterdir())
    assert names == ["runner-right-buttock-2.md", "runner-right-buttock.md"]
    assert (reports / names[1]).read_text("utf-8").startswith("# ")


def test_existing_reports_are_kept_without_force_and_non_files_never_replaced(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "runner-right-buttock.json").write_text("mine", "utf-8")
    os.mkfifo(reports / "warfarin-diabetes.json")
    args = ("screen", "-a", str(RUNNER), str(WARFARIN), str(EMERGENCY), "-O", str(reports))
    result = run_needlecheck(*args, env=isolated_env)
    assert result.returncode == ExitCode.USAGE
    assert (reports / "runner-right-buttock.json").read_text("utf-8") == "mine"
    assert "already exists; use --force" in result.stderr
    assert "is not a regular file" in result.stderr
    assert json.loads((reports / "emergency-bladder.json").read_text("utf-8"))["outcome"]
    forced = run_needlecheck(*args, "--force", env=isolated_env)
    assert forced.returncode == ExitCode.USAGE  # the named pipe is still never replaced
    assert stat.S_ISFIFO((reports / "warfarin-diabetes.json").stat().st_mode)
    assert json.loads((reports / "runner-right-buttock.json").read_text("utf-8"))["outcome"]


def test_a_report_never_replaces_its_own_answers_file(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    answers = tmp_path / "a.json"
    answers.write_bytes(RUNNER.read_bytes())
    result = run_needlecheck(
        "screen", "-a", str(tmp_path), "-O", str(tmp_path), "--force", env=isolated_env
    )
    assert result.returncode == ExitCode.USAGE
    assert "would replace the answers file" in result.stderr
    assert answers.read_bytes() == RUNNER.read_bytes()


def test_json_lines_on_standard_input_give_a_report_per_line(
    isolated_env: dict[str, str],
) -> None:
    lines = [json.dumps(json.loads(path.read_text("utf-8"))) for path in (RUNNER, EMERGENCY)]
    stdin = "\n".join([lines[0], "{oops", "", lines[1]]) + "\n"
    result = run_needlecheck(
        "screen", "--answers", "-", "--format", "jsonl", env=isolated_env, stdin=stdin.encode()
    )
    assert result.returncode == ExitCode.USAGE
    reports = json_lines(result.stdout)
    assert [r["source"] for r in reports] == ["standard input, line 1", "standard input, line 4"]
    assert reports[1]["outcome"]["level"] == "emergency"  # type: ignore[index]
    assert "standard input, line 2 is not valid JSON" in result.stderr


def test_one_document_on_standard_input_is_screened_as_before(
    isolated_env: dict[str, str],
) -> None:
    pretty = RUNNER.read_bytes()  # one JSON object over many lines
    assert pretty.count(b"\n") > 2
    result = run_needlecheck("screen", "-a", "-", "-f", "json", env=isolated_env, stdin=pretty)
    assert result.returncode == ExitCode.OK, result.stderr
    assert without_time(json.loads(result.stdout)) == without_time(
        single_report(RUNNER, isolated_env)
    )
    assert result.stdout.startswith("{\n")  # the JSON report as one file, not JSON Lines


def test_one_file_keeps_the_one_file_behaviour(isolated_env: dict[str, str]) -> None:
    text = run_needlecheck("screen", "--answers", str(RUNNER), env=isolated_env)
    assert text.returncode == ExitCode.OK
    assert not text.stdout.startswith("{")  # the plain text report, to a pipe
    line = run_needlecheck("screen", "-a", str(RUNNER), "-f", "jsonl", env=isolated_env)
    assert line.stdout.count("\n") == 1
    assert "source" not in json.loads(line.stdout)


def test_fhir_questionnaire_responses_are_answers_files_in_a_batch(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    response = tmp_path / "visit.fhir.json"
    written = run_needlecheck(
        "screen", "-a", str(RUNNER), "--output", str(response), env=isolated_env
    )
    assert written.returncode == ExitCode.OK, written.stderr
    reports = tmp_path / "reports"
    result = run_needlecheck(
        "screen", "-a", str(response), str(WARFARIN), "-O", str(reports), env=isolated_env
    )
    assert result.returncode == ExitCode.OK, result.stderr
    report = json.loads((reports / "visit.json").read_text("utf-8"))
    assert without_time(report)["answers"] == single_report(RUNNER, isolated_env)["answers"]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ((), "write one report per file with --output-dir FOLDER"),
        (("--format", "json"), "or every report to standard output as JSON Lines"),
        (("-f", "jsonl", "--save"), "--save is for one answers file"),
        (("-f", "jsonl", "--output", "x.json"), "--output is for one answers file"),
        (("-f", "jsonl", "--clinician", "--ref", "AB12"), "--ref is for one answers file"),
        (("-O", "reports", "-f", "jsonl"), "--format jsonl writes every report to standard output"),
        (("-O", "reports", "-f", "terminal"), "--format terminal is for the screen"),
    ],
)
def test_options_a_batch_cannot_use_are_refused_in_one_line(
    tmp_path: Path, isolated_env: dict[str, str], extra: tuple[str, ...], fragment: str
) -> None:
    result = run_needlecheck(
        "screen", "-a", str(RUNNER), str(WARFARIN), *extra, env=isolated_env, cwd=tmp_path
    )
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and fragment in result.stderr
    assert not (tmp_path / "reports").exists()


def test_files_without_answers_and_empty_folders_are_one_line(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    stray = run_needlecheck("screen", "a.json", env=isolated_env)
    assert stray.returncode == ExitCode.USAGE
    assert "answers files follow --answers" in stray.stderr
    empty = run_needlecheck("screen", "-a", str(tmp_path), "-f", "jsonl", env=isolated_env)
    assert empty.returncode == ExitCode.USAGE
    assert (
        empty.stderr
        == f"needlecheck: {tmp_path} holds no answers files (names ending in .json or .toml)\n"
    )


def interrupted_batch(
    tmp_path: Path,
    env: dict[str, str],
    interrupts: signal.Handlers,
    count: int = 20_000,
    first: str = "",
) -> tuple[int, list[dict[str, object]], str]:
    """A batch of ``count`` answers (after the line ``first``, if given) sent SIGINT once
    its first reports are written, started with SIGINT at ``interrupts``: its exit code,
    the reports written and standard error.
    Set here, not inherited: a CI job started in the background (``&``) ignores SIGINT,
    and so does every process it starts."""
    line = json.dumps(json.loads(RUNNER.read_text("utf-8"))) + "\n"
    stdin = tmp_path / "many.jsonl"
    stdin.write_text(first + line * count, "utf-8")
    output = tmp_path / "reports.jsonl"
    with stdin.open("rb") as given, output.open("wb") as taken:
        process = subprocess.Popen(
            [str(NEEDLECHECK), "screen", "-a", "-", "-f", "jsonl"],
            stdin=given,
            stdout=taken,
            stderr=subprocess.PIPE,
            env=env,
            # Only this sets a signal's disposition for the new program; no thread runs.
            preexec_fn=lambda: signal.signal(signal.SIGINT, interrupts),  # noqa: PLW1509
        )
        deadline = time.monotonic() + 30
        while output.stat().st_size == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "finished before it could be interrupted"
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=120)
    return process.returncode, json_lines(output.read_text("utf-8")), errors.decode()


def test_interrupting_a_batch_keeps_every_report_written_whole(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    code, reports, errors = interrupted_batch(tmp_path, isolated_env, signal.SIG_DFL)
    assert code == ExitCode.INTERRUPTED, errors
    assert 0 < len(reports) < 20_000  # every line whole
    assert f"stopped after {len(reports)} of 20000 answers files" in errors


def test_a_batch_stopped_after_an_unreadable_file_still_ends_with_the_safety_net(
    tmp_path: Path, isolated_env: dict[str, str], content: Content
) -> None:
    # Spec 8: answers that could not be read at all end with the warning signs and the
    # number, however the batch ends.
    code, _, errors = interrupted_batch(tmp_path, isolated_env, signal.SIG_DFL, first="{not json\n")
    assert code == ExitCode.INTERRUPTED, errors
    assert errors.count(content.safety_net.title) == 1
    assert errors.rstrip().endswith(content.safety_net.action)


def test_a_batch_started_with_interrupts_ignored_runs_to_the_end(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    # As in every program (a background job of a script, say): SIGINT ignored stays so.
    code, reports, errors = interrupted_batch(tmp_path, isolated_env, signal.SIG_IGN, 3_000)
    assert code == ExitCode.OK, errors
    assert len(reports) == 3_000
    assert errors == ""


@pytest.mark.pty
def test_a_progress_bar_is_drawn_on_a_terminal_for_many_files(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(12):
        (archive / f"{number:02d}.json").write_bytes(RUNNER.read_bytes())
    child = pexpect.spawn(
        str(NEEDLECHECK),
        ["screen", "-a", str(archive), "-O", str(tmp_path / "reports")],
        env={**isolated_env, "TERM": "xterm", "COLUMNS": "80"},
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.OK
    drawn = str(child.before)
    assert "Screening" in drawn
    assert "12/12" in drawn
    assert len(list((tmp_path / "reports").iterdir())) == 12


def archive_of(tmp_path: Path, count: int) -> Path:
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(count):
        (archive / f"{number:02d}.json").write_bytes(RUNNER.read_bytes())
    return archive


def on_a_terminal(command: str, env: dict[str, str]) -> str:
    """What a terminal shows of ``command`` (run by a shell, for its redirections)."""
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        env={**env, "TERM": "xterm", "COLUMNS": "80", "NEEDLECHECK": str(NEEDLECHECK)},
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.OK, child.before
    return str(child.before)


@pytest.mark.pty
def test_a_few_files_on_a_terminal_get_no_progress_bar(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    archive = archive_of(tmp_path, 10)
    shown = on_a_terminal(f'"$NEEDLECHECK" screen -a {archive} -O {tmp_path / "r"}', isolated_env)
    assert "Screening" not in shown
    assert len(list((tmp_path / "r").iterdir())) == 10


@pytest.mark.pty
def test_the_progress_bar_stays_on_the_terminal_when_json_lines_go_to_a_file(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    archive, lines = archive_of(tmp_path, 12), tmp_path / "reports.jsonl"
    shown = on_a_terminal(f'"$NEEDLECHECK" screen -a {archive} -f jsonl > {lines}', isolated_env)
    assert "Screening" in shown
    assert "12/12" in shown
    written = lines.read_text("utf-8")
    assert "\x1b" not in written
    assert len(json_lines(written)) == 12


def test_no_progress_bar_when_standard_error_is_not_a_terminal(
    tmp_path: Path, isolated_env: dict[str, str], content: Content
) -> None:
    archive, reports = archive_of(tmp_path, 30), tmp_path / "reports"
    result = run_needlecheck("screen", "-a", str(archive), "-O", str(reports), env=isolated_env)
    assert result.returncode == ExitCode.OK, result.stderr
    written = content.text("batch.written", count=30, folder=str(reports))
    assert result.stderr == f"needlecheck: {written}\n"  # that line only
