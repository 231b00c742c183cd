"""Clinician notes of several lines (issue 14 item 3) in a real pseudo-terminal, read
through a terminal emulator: typed line by line and ended by Enter on an empty line,
Back with <, kept in the draft, shown line by line in the review; written in ``$EDITOR``
in a private temporary file, and nothing typed lost when the editor fails.

The answers file leaves out only the third activity and the notes, so these are the two
questions asked (``--ask-missing``), then the review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from screen_terminal import ScreenTerminal, flat
from test_pty_interview import (
    complete,
    deadline,  # noqa: F401  (the autouse fixture: every test has a time limit)
    example,
    shown_prompt,
)
from test_pty_screen import PASTE_END, PASTE_START

pytestmark = pytest.mark.pty

CLINICIAN = load_content(reader="clinician")  # what the PT reads
NOTES = "Called from work.", "Prefers mornings."
CTRL_E = "\x05"


@pytest.fixture
def partial(tmp_path: Path) -> Path:
    answers: dict[str, Answer] = complete(
        CLINICIAN, example(CLINICIAN, "runner-right-buttock.json"), "clinician"
    )
    answers |= {"consent_capacity": "yes"}
    for left_out in ("activity_3", "activity_3_score", "clinician_notes"):
        answers.pop(left_out, None)
    path = tmp_path / "partial.json"
    path.write_text(
        json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}),
        "utf-8",
    )
    return path


@pytest.fixture
def editor_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the editor's private folder is made (TMPDIR), to see that it is gone after."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def screening(home: Path, partial: Path, output: Path) -> ScreenTerminal:
    args = ["screen", "--answers", str(partial), "--ask-missing", "--output", str(output)]
    return ScreenTerminal(home, *args, "--clinician", "--ref", "AB12", "--force")


def to_the_notes(terminal: ScreenTerminal) -> None:
    """From the third activity, left out (Enter), to the notes."""
    terminal.see(shown_prompt(CLINICIAN.question_by_id["activity_3"], "clinician"))
    terminal.send("\r")
    terminal.see(shown_prompt(CLINICIAN.question_by_id["clinician_notes"], "clinician"))
    terminal.see(CLINICIAN.text("interview.notes_instruction"))


def confirm_review(terminal: ScreenTerminal) -> str:
    """Page through the review with Enter; the last page as shown."""
    while True:
        terminal.see(CLINICIAN.text("interview.review_question"))
        terminal.settle()
        if flat(CLINICIAN.text("interview.review_confirm")) in terminal.text():
            last_page = terminal.dump()
            terminal.send("\r")
            return last_page
        terminal.send("\r")


def finish(terminal: ScreenTerminal) -> int:
    """Not kept (the report went to its file, so no full report is offered)."""
    terminal.see(CLINICIAN.text("interview.keep_question_clinician").split("(")[0])
    terminal.send("\r")
    return terminal.finish()


def notes_in(output: Path) -> object:
    return json.loads(output.read_text("utf-8"))["answers"]["clinician_notes"]


def test_a_note_of_several_lines_goes_back_with_less_than_and_survives_a_stop(
    home: Path, partial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    output = tmp_path / "report.json"
    terminal = screening(home, partial, output)
    to_the_notes(terminal)
    assert "Ctrl-E" not in terminal.text()  # no $EDITOR, no editor offered
    terminal.send("<\r")  # Back, as at any typed question: the third activity again
    to_the_notes(terminal)
    terminal.send(f"{NOTES[0]}\r")
    terminal.see(f"» {NOTES[0]}")
    terminal.send(f"{NOTES[1]}\r")  # a second line: the note goes on
    terminal.see(NOTES[1])
    assert CLINICIAN.text("interview.review_question") not in terminal.text()
    terminal.send("\r")  # Enter on an empty line ends it
    terminal.see(CLINICIAN.text("interview.review_question"))
    terminal.send("\x03")
    assert terminal.finish() == 130

    terminal = screening(home, partial, output)
    terminal.see("unfinished clinician screening for reference AB12")
    terminal.send("\r")  # carry on
    last_page = confirm_review(terminal)
    assert finish(terminal) == 0
    assert notes_in(output) == "\n".join(NOTES)
    rows = last_page.split("\n")
    label = CLINICIAN.question_by_id["clinician_notes"].label
    (at,) = [i for i, row in enumerate(rows) if row.endswith(f"{label}: {NOTES[0]}")]
    assert rows[at + 1].strip() == NOTES[1]  # the note's second line under the first


def test_a_pasted_note_keeps_its_lines_blank_ones_too(
    home: Path, partial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    output = tmp_path / "report.json"
    terminal = screening(home, partial, output)
    to_the_notes(terminal)
    pasted = f"{NOTES[0]}\n\n{NOTES[1]}"
    terminal.send(PASTE_START + pasted + PASTE_END)  # as a terminal marks a paste
    terminal.see(NOTES[1])
    terminal.send("\r\r")
    confirm_review(terminal)
    assert finish(terminal) == 0
    assert notes_in(output) == pasted


def fake_editor(tmp_path: Path, body: str) -> Path:
    """An editor that logs its file's and folder's modes and paths, then runs ``body``."""
    script = tmp_path / "editor.sh"
    log = tmp_path / "editor.log"
    script.write_text(f'#!/bin/sh\nstat -c "%a %n" "$1" "$(dirname "$1")" > {log}\n{body}\n')
    script.chmod(0o700)
    return log


def test_ctrl_e_writes_the_note_in_the_editor_on_a_private_file_removed_after(
    home: Path,
    partial: Path,
    tmp_path: Path,
    editor_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs = tmp_path / "runs"
    log = fake_editor(tmp_path, f'echo ran >> {runs}; printf "{NOTES[1]}\\n" >> "$1"')
    monkeypatch.setenv("EDITOR", str(tmp_path / "editor.sh"))
    output = tmp_path / "report.json"
    terminal = screening(home, partial, output)
    to_the_notes(terminal)
    terminal.see(CLINICIAN.text("interview.notes_editor_instruction", editor="editor.sh"))
    # What is typed so far goes to the editor; a key pressed twice opens it once.
    terminal.send(NOTES[0] + CTRL_E + CTRL_E)
    confirm_review(terminal)
    assert finish(terminal) == 0
    assert notes_in(output) == "\n".join(NOTES)
    assert runs.read_text("utf-8") == "ran\n"
    (file_mode, file_path), (folder_mode, folder_path) = (
        line.split(" ", 1) for line in log.read_text("utf-8").splitlines()
    )
    assert (file_mode, folder_mode) == ("600", "700")
    assert Path(folder_path).parent == editor_folder and Path(file_path).parent == Path(folder_path)
    assert list(editor_folder.iterdir()) == []


@pytest.mark.parametrize(
    ("body", "reason", "kept"),
    [
        (f'printf "{NOTES[1]}\\n" >> "$1"; exit 3', "exit code 3", "\n".join(NOTES)),
        ("exec /no/such/editor", "exit code 127", NOTES[0]),
        ("sleep 30", "stopped by signal 2", NOTES[0]),  # Ctrl-C: the editor's, not ours
    ],
    ids=["fails after saving", "cannot start", "ctrl-c"],
)
def test_an_editor_that_fails_loses_nothing_typed_and_says_why_in_one_line(
    home: Path,
    partial: Path,
    tmp_path: Path,
    editor_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    reason: str,
    kept: str,
) -> None:
    log = fake_editor(tmp_path, body)
    monkeypatch.setenv("EDITOR", str(tmp_path / "editor.sh"))
    output = tmp_path / "report.json"
    terminal = screening(home, partial, output)
    to_the_notes(terminal)
    terminal.send(NOTES[0] + CTRL_E)
    if reason.startswith("stopped"):
        terminal.wait_until(log.exists, "the editor running")
        terminal.send("\x03")
    key = "interview.notes_editor_failed" + ("_saved" if kept != NOTES[0] else "")
    said = CLINICIAN.text(key, editor="editor.sh", reason=reason)
    terminal.see(said)
    assert CLINICIAN.text("interview.review_question") not in terminal.text()  # still the note
    terminal.see(*kept.split("\n"))
    terminal.send("\r\r")  # a new line, then Enter on it: the note as kept
    confirm_review(terminal)
    assert finish(terminal) == 0
    assert notes_in(output) == kept
    assert list(editor_folder.iterdir()) == []
