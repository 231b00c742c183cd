"""Clinician notes in ``$EDITOR`` (interview/notes.py): a private temporary file, removed
after, and nothing typed lost when the editor fails. The editors here are small shell
scripts that record what they were given."""

from __future__ import annotations

from pathlib import Path

import pytest

from needlecheck.interview.notes import EditorFailed, edit_privately, editor_command, instruction
from needlecheck.loading.content import load_content
from needlecheck.words import word


def fake_editor(tmp_path: Path, body: str) -> list[str]:
    """An editor that logs its file, that file's and its folder's modes, then runs
    ``body`` (``$1`` is the file)."""
    script = tmp_path / "editor.sh"
    log = tmp_path / "editor.log"
    script.write_text(
        f'#!/bin/sh\nstat -c "%a %n" "$1" "$(dirname "$1")" > {log}\ncat "$1" >> {log}\n{body}\n',
        "utf-8",
    )
    script.chmod(0o700)
    return [str(script)]


def logged(tmp_path: Path) -> tuple[list[str], str]:
    """What the editor logged: (mode and path of its file and folder, the text it got)."""
    lines = (tmp_path / "editor.log").read_text("utf-8").split("\n")
    return lines[:2], "\n".join(lines[2:])


@pytest.fixture(autouse=True)
def own_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The editor's folder is made here, so a test sees whether it is gone."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    return folder


def test_the_editor_gets_a_private_file_holding_the_note_and_it_is_removed_after(
    tmp_path: Path, own_temporary_folder: Path
) -> None:
    editor = fake_editor(tmp_path, 'printf "second line\\n\\n" >> "$1"')
    assert edit_privately("first line", editor) == "first line\nsecond line"
    modes, given = logged(tmp_path)
    (file_mode, file_path), (folder_mode, folder_path) = (line.split(" ", 1) for line in modes)
    assert (file_mode, folder_mode) == ("600", "700")
    assert Path(file_path).parent == Path(folder_path)
    assert Path(folder_path).parent == own_temporary_folder
    assert given.startswith("first line\n")
    assert list(own_temporary_folder.iterdir()) == []  # file, folder and all: gone


def test_an_editor_that_fails_after_saving_gives_back_what_it_saved(
    tmp_path: Path, own_temporary_folder: Path
) -> None:
    editor = fake_editor(tmp_path, 'printf "more\\n" >> "$1"; exit 3')
    with pytest.raises(EditorFailed) as failed:
        edit_privately("typed", editor)
    assert failed.value.saved == "typed\nmore"
    assert word(failed.value.why) == "exit code 3"
    assert list(own_temporary_folder.iterdir()) == []


def test_an_editor_that_cannot_start_says_why(tmp_path: Path, own_temporary_folder: Path) -> None:
    with pytest.raises(EditorFailed) as failed:
        edit_privately("typed", [str(tmp_path / "no-such-editor")])
    assert failed.value.saved is None
    assert word(failed.value.why) == "No such file or directory"
    assert list(own_temporary_folder.iterdir()) == []


def test_an_editor_killed_by_a_signal_is_named_so(tmp_path: Path) -> None:
    editor = fake_editor(tmp_path, "kill -TERM $$")
    with pytest.raises(EditorFailed) as failed:
        edit_privately("typed", editor)
    assert word(failed.value.why) == "stopped by signal 15"
    assert failed.value.saved == "typed"


def test_editor_options_are_kept_and_only_a_set_editor_is_offered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = load_content(reader="clinician")
    monkeypatch.delenv("EDITOR", raising=False)
    assert editor_command() == []
    assert instruction(content.text) == content.text("interview.notes_instruction")
    monkeypatch.setenv("EDITOR", "  ")
    assert editor_command() == []
    monkeypatch.setenv("EDITOR", "emacs -nw")
    assert editor_command() == ["emacs", "-nw"]
    assert content.text("interview.notes_editor_instruction", editor="emacs") in instruction(
        content.text
    )
    monkeypatch.setenv("EDITOR", "'vi")  # unbalanced: kept whole, and fails to start
    assert editor_command() == ["'vi"]
