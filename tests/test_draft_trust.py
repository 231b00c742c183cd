"""Drafts are never lost and never another's: an unusable draft is moved aside, not
deleted; a state folder that cannot be written means an interview without drafts (said
once), never no interview (issue 13, items 2 to 4).
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from conftest import STATE_FOLDER, safe_answers
from needlecheck.errors import ExitCode, Interrupted
from needlecheck.interview.drafts import DraftStore
from needlecheck.model.content import Content
from test_interview_flow import INTERRUPT, Script, confirm, interrupt_at, run


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "state" / "needlecheck")


def newer_format(record: dict[str, object]) -> bytes:
    return json.dumps(record | {"draft_format": 99}).encode()


def other_content(record: dict[str, object]) -> bytes:
    return json.dumps(record | {"content_version": "0.0-old"}).encode()


def truncated(record: dict[str, object]) -> bytes:
    return json.dumps(record).encode()[:40]


def not_utf8(record: dict[str, object]) -> bytes:
    return b"\xff\xfe" + json.dumps(record).encode()


@pytest.mark.parametrize("spoil", [newer_format, other_content, truncated, not_utf8])
def test_an_unusable_draft_is_moved_aside_and_kept_saying_where(
    content: Content, store: DraftStore, spoil: object
) -> None:
    interrupt_at(content, store, "weight_loss")
    path = store.path("self", None)
    assert callable(spoil)
    spoilt = spoil(json.loads(path.read_text("utf-8")))
    path.write_bytes(spoilt)
    path.chmod(0o644)
    script = Script(content, "self", {}, [("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    kept = [p for p in store.directory.iterdir() if p.name.startswith("unusable-")]
    assert len(kept) == 1, list(store.directory.iterdir())
    assert kept[0].read_bytes() == spoilt  # what the person typed, byte for byte
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    (message,) = [text for text, _ in script.shown if str(kept[0]) in text]
    assert "\n" not in message
    assert not path.exists()  # not offered again


def test_an_unreadable_draft_is_moved_aside_too(content: Content, store: DraftStore) -> None:
    store.path("self", None).mkdir(parents=True)  # a folder where the draft should be
    script = Script(content, "self", {}, [("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    kept = [p for p in store.directory.iterdir() if p.name.startswith("unusable-")]
    assert len(kept) == 1 and kept[0].is_dir()
    assert any(str(kept[0]) in text for text, _ in script.shown)


def test_an_unusable_draft_that_cannot_be_moved_is_left_where_it_is(
    content: Content, store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.directory.mkdir(parents=True)
    store.path("self", None).write_text("{not json", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    monkeypatch.setattr(os, "replace", refuse)
    script = Script(content, "self", confirm(safe_answers(content)))
    run(content, script, store=store)
    assert store.path("self", None).read_text("utf-8") == "{not json"
    assert "damaged" in script.text_shown()


def test_a_read_only_state_folder_means_no_drafts_said_once_and_still_the_result(
    content: Content, home: Path
) -> None:
    from test_pty_interview import Terminal, complete, example, on_screen

    folder = home / STATE_FOLDER
    folder.mkdir(parents=True)
    draft = folder / "draft-self.json"
    draft.write_text("{not json", encoding="utf-8")
    draft.chmod(0o600)
    folder.chmod(0o500)  # readable, not writable: a read-only state folder
    try:
        answers = complete(content, example(content, "runner-right-buttock.json"))
        terminal = Terminal(content, home, file_modes_bind=True)
        terminal.see(content.text("interview.draft_failed").split("(")[0])
        terminal.answer_all(answers)
        terminal.confirm_review()
        code, screen = terminal.finish()
    finally:
        folder.chmod(0o700)
    assert code == 0, screen
    assert re.search(on_screen(content.outcomes["discuss_precautions"].title), screen)
    assert draft.read_text("utf-8") == "{not json"  # never deleted
    assert sorted(p.name for p in folder.iterdir()) == ["draft-self.json"]


# ── one interview per draft ──────────────────────────────────────────────────────────

HOLD_LOCK = """
import sys, time
from pathlib import Path
from needlecheck.interview.drafts import DraftStore
DraftStore(Path(sys.argv[1])).lock("self", None)
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def other_interview(store: DraftStore) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of the self-screening draft, as a running
    interview does."""
    store.directory.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store.directory)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield holder
    holder.kill()
    holder.wait()


def test_a_second_interview_on_a_draft_names_the_one_running_and_may_stop(
    content: Content, store: DraftStore, other_interview: subprocess.Popen[str]
) -> None:
    interrupt_at(content, store, "weight_loss", mode="clinician")  # another draft: free
    draft = store.path("self", None)
    draft.write_text("the first interview's", encoding="utf-8")
    script = Script(content, "self", {}, [("draft_busy_question", "stop")])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    assert str(other_interview.pid) in script.messages["draft_busy_question"]
    assert "\n" not in str(stopped.value)
    assert draft.read_text("utf-8") == "the first interview's"  # untouched


def test_a_second_interview_may_go_on_without_a_draft(
    content: Content, store: DraftStore, other_interview: subprocess.Popen[str]
) -> None:
    draft = store.path("self", None)
    draft.write_text("the first interview's", encoding="utf-8")
    steps = [("draft_busy_question", "without"), ("weight_loss", INTERRUPT)]
    script = Script(content, "self", safe_answers(content), steps)
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    assert ("draft_busy_question", "stop") in script.defaults  # stopping is the default
    assert str(stopped.value) == content.text("interview.interrupted_not_saved")
    assert draft.read_text("utf-8") == "the first interview's"  # never written over


def test_the_lock_of_an_interview_that_died_is_taken_over(
    content: Content, store: DraftStore
) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    store.directory.mkdir(parents=True)
    lock = store.lock_path("self", None)
    lock.write_text(dead.stdout, encoding="utf-8")
    seen: list[str] = []
    steps = [("weight_loss", INTERRUPT)]
    script = Script(content, "self", safe_answers(content), steps)
    original_show = script.show

    def show(text: str, kind: str = "plain") -> None:  # while the interview runs
        seen.append(lock.read_text("utf-8").strip()) if lock.exists() else None
        original_show(text, kind)  # type: ignore[arg-type]

    script.show = show  # type: ignore[method-assign]
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert "draft_busy_question" not in script.asked
    assert str(os.getpid()) in seen
    assert store.exists("self", None)
    assert not lock.exists()  # given up when the interview ends


def test_two_interviews_at_once_in_terminals(content: Content, home: Path) -> None:
    from test_pty_interview import Terminal

    first = Terminal(content, home)
    first.answer("age", 40)
    first.question("first_episode")
    second = Terminal(content, home)
    second.see(str(first.child.pid))
    second.child.send("\r")  # the default: stop
    second.child.expect(pexpect.EOF)
    second.child.close()
    assert second.child.exitstatus == ExitCode.INTERRUPTED
    assert "Traceback" not in (second.child.before or "")
    first.child.sendintr()
    first.child.expect(pexpect.EOF)
    first.child.close()
    assert json.loads((home / STATE_FOLDER / "draft-self.json").read_text("utf-8"))["answers"] == {
        "age": 40
    }
