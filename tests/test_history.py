"""Saved screenings and the history, compare and forget commands.

Every test here points the XDG folders at a temporary folder: nothing touches the real home.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck.cli import app
from needlecheck.errors import NotAReportError
from needlecheck.interview.cursor import Snapshot
from needlecheck.interview.drafts import DraftStore, state_directory
from needlecheck.loading.content import load_content
from needlecheck.progress.history import (
    forget_saved,
    load_saved,
    save,
    saved_to_forget,
    screenings_folder,
)

RUNNER = CliRunner()
RUNNER_EXAMPLE = EXAMPLES / "runner-right-buttock.json"
EMERGENCY_EXAMPLE = EXAMPLES / "emergency-bladder.json"


pytestmark = pytest.mark.usefixtures("data_home")


def run(*args: str | Path, stdin: str | None = None):  # type: ignore[no-untyped-def]
    # Wide enough that every table row stays on one line.
    return RUNNER.invoke(app, [str(arg) for arg in args], input=stdin, env={"COLUMNS": "160"})


def table_row(output: str, label: str) -> str:
    """A table row, its cells separated by single spaces."""
    line = next(line for line in output.splitlines() if line.strip().startswith(label))
    return " ".join(line.split())


def answers_file(tmp_path: Path, name: str, **changes: Any) -> Path:
    """The runner example with some answers changed: one person at another session."""
    answers = {**json.loads(RUNNER_EXAMPLE.read_text("utf-8")), **changes}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(answers), "utf-8")
    return path


def screen_and_save(answers: Path, *extra: str, created: str | None = None) -> Path:
    """Screen with --save; ``created`` back-dates the report, as if from an earlier session."""
    result = run("screen", "--answers", answers, "--save", *extra)
    assert result.exit_code == 0, result.output
    path = Path(result.stderr.split("saved to ", 1)[1].split(" (readable", 1)[0])
    if created is not None:
        saved = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps({**saved, "created": created}), "utf-8")
    return path


def report(level: str = "may_suit", created: str = "2026-03-02T09:00:00+00:00") -> dict[str, Any]:
    return {"created": created, "outcome": {"level": level}, "scores": {"leg_pain": 5}}


# ── Consent and privacy


@pytest.mark.parametrize(
    "extra",
    [[], ["--format", "json"], ["--format", "markdown"], ["--output", "{tmp}/r.json"]],
)
def test_nothing_is_kept_without_save(tmp_path: Path, data_home: Path, extra: list[str]) -> None:
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in extra]
    result = run("screen", "--answers", RUNNER_EXAMPLE, *args)
    assert result.exit_code == 0, result.output
    assert not data_home.exists()
    assert "saved" not in result.stderr


def test_save_keeps_the_json_report_private(data_home: Path) -> None:
    path = screen_and_save(RUNNER_EXAMPLE)
    assert path.parent == screenings_folder()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700  # needlecheck's folder
    saved = json.loads(path.read_text("utf-8"))
    shown = json.loads(run("screen", "--answers", RUNNER_EXAMPLE, "--format", "json").stdout)
    assert {k: v for k, v in saved.items() if k != "created"} == {
        k: v for k, v in shown.items() if k != "created"
    }


def test_a_saved_screening_holds_no_raw_control_or_bidi_character(
    tmp_path: Path, data_home: Path
) -> None:
    # As every JSON needlecheck writes: the text as typed, but a C1 control (CSI) or a
    # bidi override written as a \u escape, so showing the file cannot drive a terminal.
    answers = json.loads(RUNNER_EXAMPLE.read_text("utf-8"))
    answers["activity_1"] = "run \x9b31m \u202eright"
    given = tmp_path / "answers.json"
    given.write_text(json.dumps(answers), "utf-8")
    path = screen_and_save(given)
    raw = path.read_text("utf-8")
    assert "\x9b" not in raw and "\u202e" not in raw
    assert json.loads(raw)["answers"]["activity_1"] == "run \x9b31m \u202eright"


def test_save_says_where_in_one_line_and_keeps_the_report_on_stdout() -> None:
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--save")
    assert result.exit_code == 0
    assert "needlecheck screening summary" in result.stdout
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("needlecheck: screening saved to ")
    assert "readable only by you" in result.stderr


def test_file_names_sort_by_time_and_never_collide() -> None:
    paths = [save(report()) for _ in range(50)]
    assert len(set(paths)) == 50
    assert sorted(paths) == paths
    assert [saved.path for saved in load_saved().screenings] == paths


def test_save_refuses_what_is_not_a_report() -> None:
    with pytest.raises(NotAReportError):
        save({"scores": {}})
    assert not screenings_folder().exists()


def test_saved_screenings_are_listed_in_the_order_they_were_saved() -> None:
    # By the file names (issue 15 item 4): many need not be opened to be put in order.
    first = save(report(created="2026-03-16T09:00:00+00:00"))
    second = save(report(created="2026-03-02T09:00:00+00:00"))
    assert [saved.path for saved in load_saved().screenings] == [first, second]


def test_damaged_and_foreign_files_are_skipped_with_one_line_each() -> None:
    good = save(report())
    folder = screenings_folder()
    (folder / "0-damaged.json").write_text('{"created": "2026-', "utf-8")
    (folder / "1-foreign.json").write_text('{"name": "left-pad"}', "utf-8")
    (folder / "2-deep.json").write_text("[" * 100_000, "utf-8")
    (folder / "3-binary.json").write_bytes(b"\xff\xfe\x00")
    (folder / "notes.txt").write_text("not ours to read", "utf-8")
    loaded = load_saved()
    assert [saved.path for saved in loaded.screenings] == [good]
    assert len(loaded.skipped) == 4
    assert all(line.startswith("skipped ") and "\n" not in line for line in loaded.skipped)

    result = run("history")
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert result.stderr.count("needlecheck: skipped ") == 4
    assert "1-foreign.json: not a needlecheck report (no outcome level)" in result.stderr
    assert "Leg pain 5/10" in result.stdout


# ── history


def test_history_with_nothing_saved() -> None:
    result = run("history")
    assert result.exit_code == 0
    assert "No saved screenings yet" in result.stdout


def test_history_lists_date_outcome_and_scores() -> None:
    screen_and_save(RUNNER_EXAMPLE)
    screen_and_save(EMERGENCY_EXAMPLE)
    result = run("history")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Saved screenings"
    assert "Get emergency care now" in lines[1]  # the latest first
    assert "May suit you, with precautions to discuss" in lines[3]
    assert "Leg pain 4/10" in result.stdout
    assert "Get emergency care now" in result.stdout


def test_history_plot_needs_three(tmp_path: Path) -> None:
    for n in range(2):
        screen_and_save(answers_file(tmp_path, f"s{n}", leg_pain=7 - n))
    result = run("history", "--plot")
    assert result.exit_code == 0
    assert "A chart needs at least three saved screenings; there are 2." in result.stderr
    assert "Scores over time" not in result.stdout

    screen_and_save(answers_file(tmp_path, "s2", leg_pain=4))
    result = run("history", "--plot")
    assert result.exit_code == 0, result.output
    chart = result.stdout.split("Scores over time", 1)[1]
    assert "Leg pain (0 to 10, lower is better)" in chart
    assert "██████████████······  7" in chart
    assert "████████············  4" in chart


# ── compare


def three_sessions(tmp_path: Path) -> None:
    """One person over a course of needling: leg pain and activities improve."""
    sessions = [
        {"leg_pain": 7, "back_pain": 5, "sbi_sitting": 5, "activity_1_score": 2},
        {"leg_pain": 5, "back_pain": 4, "sbi_sitting": 4, "activity_1_score": 4},
        {"leg_pain": 4, "back_pain": 4, "sbi_sitting": 3, "activity_1_score": 6},
    ]
    for n, changes in enumerate(sessions, 1):
        answers = answers_file(tmp_path, f"session{n}", **changes)
        screen_and_save(answers, created=f"2026-03-{7 * n:02}T09:00:00+00:00")


def test_compare_defaults_to_the_two_latest(tmp_path: Path) -> None:
    three_sessions(tmp_path)
    result = run("compare")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Progress from 2026-03-14 09:00 to 2026-03-21 09:00" in out
    assert "Outcome unchanged: May suit you, with precautions to discuss." in out
    assert table_row(out, "Leg pain") == "Leg pain 5 4 -1 2 points or 30% no meaningful change"
    assert table_row(out, "Activities") == (
        "Activities score (PSFS) 4.5 5.5 +1.0 2 points no meaningful change"
    )
    assert "- No score changed by a meaningful amount." in out


def test_compare_from_first_shows_the_course_in_one_command(tmp_path: Path) -> None:
    three_sessions(tmp_path)
    result = run("compare", "--from-first")
    assert result.exit_code == 0, result.output
    meaningful = result.stdout.split("What changed meaningfully", 1)[1]
    assert "- Leg pain improved meaningfully: 7 → 4" in meaningful
    assert "- Activities score (PSFS) improved meaningfully: 3.5 → 5.5" in meaningful
    assert "Back pain" not in meaningful  # 5 → 4: 1 point, 20%
    assert table_row(result.stdout, "Bothered by pain when sitting") == (
        "Bothered by pain when sitting 5 3 -2 better; no longer bothersome"
    )


def test_a_worse_outcome_is_shown_first_and_loudly() -> None:
    screen_and_save(RUNNER_EXAMPLE)
    screen_and_save(EMERGENCY_EXAMPLE)
    result = run("compare")
    assert result.exit_code == 0, result.output
    out = result.stdout
    first_line = out.splitlines()[0]
    assert "Act on this first" in first_line
    alert = out[: out.index("Progress from")]
    assert "New since" in alert and "bladder" in alert.lower()
    assert "The outcome is more serious than on" in alert
    assert "Get emergency care now" in alert
    assert "Next step: Go to an emergency department" in alert


def test_compare_two_files_including_an_older_content_version(tmp_path: Path) -> None:
    new = screen_and_save(RUNNER_EXAMPLE)
    old_report = json.loads(new.read_text("utf-8"))
    old_report["content_version"] = "0"
    old_report["created"] = "2026-01-05T10:00:00+00:00"
    old_report["scores"] = {"leg_pain": 8}  # psfs and sbi did not exist yet
    old = tmp_path / "old.json"
    old.write_text(json.dumps(old_report), "utf-8")
    result = run("compare", old, new)
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "different content versions (0 and 2)" in out
    assert "Leg pain improved meaningfully: 8 → 4" in out
    assert table_row(result.stdout, "Activities") == (
        "Activities score (PSFS) missing 3.5 2 points cannot compare"
    )


def test_compare_puts_files_in_date_order(tmp_path: Path) -> None:
    first = screen_and_save(answers_file(tmp_path, "a", leg_pain=8), created="2026-03-02T09:00")
    second = screen_and_save(answers_file(tmp_path, "b", leg_pain=3))
    result = run("compare", second, first)
    assert result.exit_code == 0, result.output
    assert "is the later screening" in result.stderr
    assert "Leg pain improved meaningfully: 8 → 3" in result.stdout


def test_compare_keeps_one_persons_screenings_apart(tmp_path: Path) -> None:
    screen_and_save(answers_file(tmp_path, "a", leg_pain=8), "--clinician", "--ref", "AB12")
    screen_and_save(answers_file(tmp_path, "b", leg_pain=2), "--clinician", "--ref", "CD34")
    screen_and_save(answers_file(tmp_path, "c", leg_pain=5), "--clinician", "--ref", "AB12")
    result = run("compare")
    assert result.exit_code == 2
    assert "different references (CD34, AB12)" in result.stderr
    result = run("compare", "--ref", "AB12")
    assert result.exit_code == 0, result.output
    assert "Leg pain improved meaningfully: 8 → 5" in result.stdout
    history = run("history", "--ref", "CD34")
    assert "Leg pain 2/10" in history.stdout and "Leg pain 8/10" not in history.stdout
    assert run("history", "--ref", "XY9").stdout.strip() == (
        "No saved screenings with the reference XY9."
    )


def test_compare_never_pairs_a_callers_screening_with_one_without_a_reference(
    tmp_path: Path,
) -> None:
    screen_and_save(answers_file(tmp_path, "a", leg_pain=8))
    screen_and_save(answers_file(tmp_path, "b", leg_pain=2), "--clinician", "--ref", "AB12")
    result = run("compare")
    assert result.exit_code == 2
    assert "different references (none, AB12)" in result.stderr


def test_history_plot_draws_each_reference_as_its_own_labelled_series(tmp_path: Path) -> None:
    for n, (ref, pain) in enumerate([("AB12", 8), ("CD34", 1), ("AB12", 6), ("AB12", 4)]):
        answers = answers_file(tmp_path, f"s{n}", leg_pain=pain)
        screen_and_save(answers, "--clinician", "--ref", ref, created=f"2026-03-0{n + 1}T09:00:00Z")
    for n in range(3):
        screen_and_save(answers_file(tmp_path, f"own{n}", leg_pain=9))
    result = run("history", "--plot")
    assert result.exit_code == 0, result.output
    assert "For reference CD34, a chart needs at least three saved screenings; there are 1." in (
        result.stderr
    )
    ab12 = result.stdout.split("Scores over time for reference AB12", 1)[1]
    ab12 = ab12.split("Scores over time for the screenings saved without a reference")[0]
    leg_pain = ab12.split("Leg pain (0 to 10", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[-1] for line in leg_pain.splitlines()[1:]] == ["8", "6", "4"]
    own = result.stdout.split("Scores over time for the screenings saved without a reference")[1]
    own_leg_pain = own.split("Leg pain (0 to 10", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[-1] for line in own_leg_pain.splitlines()[1:]] == ["9", "9", "9"]

    one = run("history", "--plot", "--ref", "AB12")
    assert "Scores over time for reference AB12" in one.stdout
    assert "without a reference" not in one.stdout + one.stderr and "CD34" not in one.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "compare needs two saved screenings and 1 found"),
        (["{good}"], "give two report files"),
        (["{good}", "{tmp}/missing.json"], "cannot read"),
        (["{good}", "{tmp}/foreign.json"], "foreign.json: not a needlecheck report"),
        (["{good}", "{good}", "--from-first"], "leave out the files"),
    ],
)
def test_compare_user_errors_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    good = screen_and_save(RUNNER_EXAMPLE)
    (tmp_path / "foreign.json").write_text('{"compilerOptions": {}}', "utf-8")
    filled = [a.replace("{good}", str(good)).replace("{tmp}", str(tmp_path)) for a in args]
    result = run("compare", *filled)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert result.stderr.startswith("needlecheck: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


# ── forget


def test_forget_yes_removes_every_saved_screening(data_home: Path) -> None:
    screen_and_save(RUNNER_EXAMPLE)
    screen_and_save(RUNNER_EXAMPLE)
    damaged = "20260101T000000000000Z-deadbeef.json"  # named as needlecheck names them
    (screenings_folder() / damaged).write_text("{", "utf-8")
    (screenings_folder() / f".{damaged}.abc.tmp").write_text("{", "utf-8")  # interrupted
    result = run("forget", "--yes")
    assert result.exit_code == 0, result.output
    assert "removed 3 saved screening(s)" in result.stderr
    assert not screenings_folder().exists()
    assert "No saved screenings yet" in run("history").stdout


def test_forget_ref_removes_only_that_callers_drafts_and_screenings(
    tmp_path: Path, data_home: Path
) -> None:
    ab12 = screen_and_save(RUNNER_EXAMPLE, "--clinician", "--ref", "AB12")
    cd34 = screen_and_save(RUNNER_EXAMPLE, "--clinician", "--ref", "CD34")
    own = screen_and_save(RUNNER_EXAMPLE)
    drafts = DraftStore(state_directory())
    content = load_content()
    snapshot = Snapshot({"age": 50}, ("age",), reviewing=False)
    for ref in ("AB12", "CD34", None):
        drafts.save(content, "clinician", snapshot, ref)
    drafts.save(content, "self", snapshot, None)

    result = run("forget", "--ref", "AB12", "--yes")
    assert result.exit_code == 0, result.output
    assert not ab12.exists() and cd34.exists() and own.exists()
    assert not drafts.exists("clinician", "AB12")
    assert drafts.exists("clinician", "CD34") and drafts.exists("clinician", None)
    assert drafts.exists("self", None)
    assert "removed 1 saved screening(s) with the reference AB12" in result.stderr
    again = run("forget", "--ref", "AB12", "--yes")
    assert "there are no saved screenings with the reference AB12 to remove" in again.stderr
    assert run("forget", "--ref", "no spaces", "--yes").exit_code == 2


def test_forget_refuses_without_a_terminal_or_yes() -> None:
    path = screen_and_save(RUNNER_EXAMPLE)
    result = run("forget", stdin="y\n")
    assert result.exit_code == 2
    assert "add --yes" in result.stderr and result.stderr.count("\n") == 1
    assert path.exists()


def test_forget_with_nothing_saved() -> None:
    result = run("forget")
    assert result.exit_code == 0
    assert "no saved screenings" in result.stderr


def test_forget_leaves_what_is_not_ours() -> None:
    save(report())
    (screenings_folder() / "notes.txt").write_text("mine", "utf-8")
    assert forget_saved(saved_to_forget(), every_one=True) == 1
    assert (screenings_folder() / "notes.txt").exists()


@pytest.mark.pty
@pytest.mark.parametrize(("reply", "kept"), [("n", True), ("y", False)])
def test_forget_asks_in_a_terminal(data_home: Path, reply: str, kept: bool) -> None:
    pexpect = pytest.importorskip("pexpect")
    path = save(report())
    child = pexpect.spawn(
        str(Path(sys.executable).parent / "needlecheck"),
        ["forget"],
        env=dict(os.environ),  # the fixture's temporary HOME and XDG folders
        encoding="utf-8",
        timeout=20,
    )
    child.expect(r"Remove 1 saved screening\(s\) from .*\? \[y/N\]")
    child.sendline(reply)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert path.exists() is kept
