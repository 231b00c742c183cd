"""Clinician notes of several lines: how the typed prompt of the notes question reads them.

The notes question (``report_notes``) is typed on several lines. Enter starts a new line
and Enter on an empty last line ends the note, so Enter alone still leaves it blank; a
pasted note keeps its lines, blank ones too (the terminal marks a paste). The Back word
typed alone goes back, as at any typed question.

With ``$EDITOR`` set, Ctrl-E opens it on what is typed so far, in a private temporary
file (0600, in a 0700 folder of its own, both removed after); what the editor saves is
the note. Ctrl-C while it runs is the editor's, never the interview's. If the editor
cannot start or ends with an error, nothing typed is lost: the prompt keeps what it held,
or shows what the editor saved, to check, and one line says why.

The typed prompt (``prompts.TerminalPrompter.text``) takes these key bindings; this
module never imports the prompts.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from needlecheck import escaping
from needlecheck.model.content import MAX_TEXT_LENGTH
from needlecheck.storage import FILE_MODE, read_regular_file
from needlecheck.words import Words, reason, say

if TYPE_CHECKING:
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    from needlecheck.model.content import Content

#: The key that opens ``$EDITOR`` on the note (E for editor).
EDITOR_KEY = "c-e"
#: Read back from the editor's file at most: far more than a note may hold.
_READ_LIMIT = 64 * MAX_TEXT_LENGTH


def editor_command() -> list[str]:
    """``$EDITOR`` as a command (it may hold options, as in ``emacs -nw``); empty when it
    is unset or blank."""
    value = os.environ.get("EDITOR", "").strip()
    try:
        return shlex.split(value)
    except ValueError:  # unbalanced quotes: the whole value, which then fails to start
        return [value]


def instruction(words: Callable[..., str]) -> str:
    """How a note ends, and the editor's key when ``$EDITOR`` is set."""
    said = words("interview.notes_instruction")
    command = editor_command()
    if command:
        said += " " + words("interview.notes_editor_instruction", editor=_name(command))
    return said


def add_note_keys(bindings: KeyBindings, content: Content, back_word: str | None) -> None:
    """The keys of a note, added to a typed prompt's: Enter on an empty last line (or
    after the Back word alone) ends the note, any other Enter starts a new line; Ctrl-E
    opens ``$EDITOR``, when it is set. They win over the prompt's own Enter."""

    @bindings.add("enter", eager=True)
    def enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        at_empty_end = document.is_cursor_at_the_end and not document.current_line.strip()
        if at_empty_end or (back_word is not None and buffer.text.strip() == back_word):
            buffer.text = buffer.text.rstrip()
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=False)

    command = editor_command()
    if not command:
        return
    editing = False  # a second Ctrl-E before the editor starts opens no second one

    @bindings.add(EDITOR_KEY, eager=True)
    def open_editor(event: KeyPressEvent) -> None:
        nonlocal editing
        if editing:
            return
        editing = True

        async def edit_once() -> None:
            nonlocal editing
            try:
                await _edit(event.current_buffer, content, command)
            finally:
                editing = False

        event.app.create_background_task(edit_once())


class EditorFailed(Exception):
    """The editor could not start or ended with an error: ``why``, and the text it saved
    (None if it saved nothing readable)."""

    def __init__(self, why: Words | str, saved: str | None = None) -> None:
        super().__init__(str(why))
        self.why, self.saved = why, saved


def edit_privately(text: str, command: Sequence[str]) -> str:
    """Run the editor ``command`` on a private temporary file holding ``text``: the text
    it saved, without trailing blank lines. Raises ``EditorFailed``."""
    import shutil
    import subprocess
    import tempfile

    try:
        folder = Path(tempfile.mkdtemp(prefix="needlecheck-notes-"))  # 0700, a random name
    except OSError as error:
        raise EditorFailed(reason(error)) from None
    try:
        path = folder / "notes.txt"
        try:
            _write_new(path, text)
            editor = subprocess.Popen([*command, str(path)])
        except OSError as error:  # no such editor, or not allowed to run it
            raise EditorFailed(reason(error)) from None
        with _keyboard_is_the_editors():
            code = editor.wait()
        saved = _read(path)
        if code != 0:
            key = "interview.notes_editor_signal" if code < 0 else "interview.notes_editor_exit"
            raise EditorFailed(say(key, code=abs(code)), saved)
        if saved is None:
            raise EditorFailed(say("interview.notes_editor_no_file"))
        return saved
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _edit(buffer: Buffer, content: Content, command: Sequence[str]) -> None:
    """The note in the editor, in the terminal the prompt gives up meanwhile; saved, it
    is the answer (still checked as any typed answer). If the editor fails, one line
    above the prompt says why and the prompt stays, with what the editor saved if any."""
    from prompt_toolkit.application import run_in_terminal

    typed = buffer.text
    try:
        edited = await run_in_terminal(lambda: edit_privately(typed, command))
    except EditorFailed as failure:
        saved = failure.saved if failure.saved not in (None, "", typed.rstrip()) else None
        key = "interview.notes_editor_failed" + ("_saved" if saved is not None else "")
        said = content.text(key, editor=_name(command), reason=content.say(failure.why))
        await run_in_terminal(lambda: _say_above(said))
        if saved is not None:
            buffer.text = saved
            buffer.cursor_position = len(saved)
        return
    buffer.text = edited
    buffer.cursor_position = len(edited)
    buffer.validate_and_handle()


def _say_above(text: str) -> None:
    """One line above the prompt, wrapped to the terminal, as the prompts show warnings."""
    from needlecheck.interview import screen_text  # prompt_toolkit: only with a prompt

    screen_text.show(text, "warning")


def _name(command: Sequence[str]) -> str:
    """The editor as the instruction names it: its program's name."""
    return escaping.visible(Path(command[0]).name or command[0])


def _write_new(path: Path, text: str) -> None:
    """A new file of the user's alone (never one planted there, never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    with os.fdopen(os.open(path, flags, FILE_MODE), "w", encoding="utf-8") as file:
        file.write(text + "\n" if text else "")


def _read(path: Path) -> str | None:
    """What the editor saved (editors may replace the file), or None if there is none."""
    try:
        data = read_regular_file(path, _READ_LIMIT)
    except OSError:
        return None
    return data.decode("utf-8", errors="replace").rstrip()


@contextmanager
def _keyboard_is_the_editors() -> Iterator[None]:
    """Ctrl-C reaches the editor and the interview alike; while the editor runs it is
    ignored here (as git does), so it cannot stop the interview and lose the note."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
