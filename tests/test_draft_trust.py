"""Drafts are never lost and never another's: an unusable draft is moved aside, not
deleted; a state folder that cannot be written means an interview without drafts (said
once), never no interview (issue 13, items 2 to 4).
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from conftest import STATE_FOLDER, safe_answers
from needlecheck.errors import Interrupted
from needlecheck.interview.drafts import DraftStore
from needlecheck.model import Content
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
    import os

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
