"""Drafts: an unfinished interview kept on disk, so that no answer is ever lost.

A draft is one JSON file per mode and clinician reference (``--ref``, or none) in the
user's state folder
(``private_folders.user_folder("state")``), written whole or not at all and
readable by the user only (``storage``). Nothing is written anywhere else. A draft is
checked like an answers file when it is read back (``model.validate_answers``), and
reasons given for an unusable draft never repeat an answer. One caller's draft is never
offered under another reference: the file name and the record both carry the reference.

A draft that cannot be used is never deleted without asking: it is moved aside, kept
private, beside the drafts (``set_aside``), and the person is told where. A state folder
that cannot be written means an interview without drafts (``prepare`` says why).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from needlecheck import storage
from needlecheck.errors import OutputError
from needlecheck.interview.cursor import Snapshot
from needlecheck.interview.draft_lock import DraftBusy, DraftLock
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content, validate_answers
from needlecheck.private_folders import user_folder
from needlecheck.records import Record
from needlecheck.words import WordedError, reason, say

#: Bumped when the layout of a draft file changes; an older draft is then not used.
DRAFT_FORMAT = 1
#: Far larger than any real draft: a bigger file is not ours.
MAX_DRAFT_BYTES = 1_000_000
#: How the name of a draft moved aside (``DraftStore.set_aside``) begins.
SET_ASIDE_PREFIX = "unusable-"
#: The name of a draft (``DraftStore.path``), without its ``.json``.
_DRAFT = r"draft-(?:self|clinician)(?:-ref-[0-9a-f]+)?"


def _names(draft: str = _DRAFT) -> re.Pattern[str]:
    """Every name needlecheck writes for the draft ``draft`` (a pattern, or one name
    escaped): the draft, its lock, its copies moved aside, and ``write_private``'s
    temporary files ``.<name>.<random>.tmp``. ``forget`` removes nothing else."""
    return re.compile(
        rf"(?:{draft}\.(?:json|lock)"
        rf"|{SET_ASIDE_PREFIX}{draft}-\d{{8}}T\d{{6}}Z-[0-9a-f]{{6}}\.json"
        rf"|\.{draft}\.json\.[A-Za-z0-9_]+\.tmp)"
    )


def _temporaries(path: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(path.name)}\.[A-Za-z0-9_]+\.tmp")


#: ``storage.check_writable``'s probe files; one from a killed run goes after a minute.
_PROBES = re.compile(r"\.probe\.[A-Za-z0-9_]+\.tmp")


class DraftError(WordedError):
    """A draft exists but cannot be used. Its ``words`` (``[ui.drafts]``) are safe to
    show: no answers."""


class Draft(Record):
    mode: Mode
    snapshot: Snapshot
    ref: str | None
    saved_at: datetime


def state_directory() -> Path:
    """The user's private state folder for needlecheck (not created here)."""
    return user_folder("state")


class DraftStore:
    """The drafts in one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._locks: list[DraftLock] = []

    def path(self, mode: Mode, ref: str | None) -> Path:
        # A reference may hold "/" or ".", so its name part is the reference in hex.
        owner = "" if ref is None else f"-ref-{ref.encode('utf-8').hex()}"
        return self.directory / f"draft-{mode}{owner}.json"

    def lock_path(self, mode: Mode, ref: str | None) -> Path:
        return self.path(mode, ref).with_suffix(".lock")

    def lock(self, mode: Mode, ref: str | None) -> None:
        """Hold the draft for ``mode`` and ``ref`` for this interview (``unlock`` gives it
        up; so does the end of the process). Raises ``DraftBusy`` if another interview
        holds it, ``OutputError`` if the lock file cannot be made."""
        lock = DraftLock(self.lock_path(mode, ref))
        try:
            lock.acquire()
        except OSError as error:
            raise storage.output_error("files.cannot_lock", lock.path, error) from None
        self._locks.append(lock)
        # Only the holder of the lock writes this draft: any temporary file of it is
        # left from a run that was killed mid-save.
        storage.remove_stale_temporaries(self.directory, _temporaries(self.path(mode, ref)), 0)

    def unlock(self) -> None:
        """Give up every draft this store holds."""
        while self._locks:
            self._locks.pop().release()

    def exists(self, mode: Mode, ref: str | None) -> bool:
        return self.path(mode, ref).is_file()

    def prepare(self) -> None:
        """Make the folder ready for drafts: created private if needed, and writable.
        Raises ``OutputError`` if drafts cannot be kept there (a read-only folder)."""
        storage.private_directory(self.directory)
        storage.remove_stale_temporaries(self.directory, _PROBES, older_than=60)
        storage.check_writable(self.directory)

    def set_aside(self, mode: Mode, ref: str | None) -> Path:
        """Move the unusable draft for ``mode`` and ``ref`` aside, kept, and return where:
        ``unusable-<name>-<UTC time>-<random>.json`` in the same private folder, 0600.
        Raises ``OutputError`` if it cannot be moved (it is then left as it is)."""
        path = self.path(mode, ref)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = self.directory / f"{SET_ASIDE_PREFIX}{path.stem}-{stamp}-{secrets.token_hex(3)}.json"
        try:
            os.rename(path, kept)
        except OSError as error:
            raise storage.output_error("files.cannot_move_aside", path, error) from None
        storage.make_private_file(kept)
        return kept

    def save(self, content: Content, mode: Mode, snapshot: Snapshot, ref: str | None) -> None:
        """Write the draft atomically; raises ``OutputError`` if it cannot be written."""
        record = {
            "draft_format": DRAFT_FORMAT,
            "content_version": content.content_version,
            "mode": mode,
            "ref": ref,
            "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "reviewing": snapshot.reviewing,
            "history": list(snapshot.history),
            "answers": {
                qid: list(value) if isinstance(value, tuple) else value
                for qid, value in snapshot.answers.items()
            },
        }
        storage.private_directory(self.directory)
        storage.write_private(self.path(mode, ref), json.dumps(record, indent=1), overwrite=True)

    def load(self, content: Content, mode: Mode, ref: str | None) -> Draft | None:
        """The saved draft for ``mode`` and ``ref``, None if there is none; ``DraftError``
        if unusable; ``storage.NotYours`` if the file is not the user's alone (a symlink,
        a pipe, another user's, writable by others): then it is neither used nor touched."""
        path = self.path(mode, ref)
        try:
            data = storage.read_own_file(path, MAX_DRAFT_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise DraftError("drafts.cannot_read", reason=reason(error)) from None
        if len(data) > MAX_DRAFT_BYTES:
            raise DraftError("drafts.too_large")
        try:
            record = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise DraftError("drafts.damaged") from None
        return _draft_from(record, content, mode, ref)

    def delete(self, mode: Mode, ref: str | None) -> None:
        storage.remove_file(self.path(mode, ref))

    def forget(
        self, ref: str | None = None, *, named: Collection[Path] | None = None
    ) -> list[Path]:
        """Delete every draft, with its copies moved aside and any temporary file an
        interrupted save left; or with ``ref``, only that reference's; with ``named``,
        only those of them (what the person was asked about: one saved since stays).
        Only names needlecheck writes go, and nothing in a folder that is a symbolic link
        or not the user's (``OutputError``). A lock held by a running interview stays.
        Return the files removed."""
        removed = []
        for path in self._forgettable(ref):
            if path.suffix == ".lock":
                _free_lock(path)
            elif (named is None or path in named) and storage.remove_file(path):
                removed.append(path)
        return removed

    def forgettable(self, ref: str | None = None) -> list[Path]:
        """The files of unfinished answers ``forget`` would delete, to name them first."""
        return [path for path in self._forgettable(ref) if path.suffix != ".lock"]

    def _forgettable(self, ref: str | None) -> list[Path]:
        """What ``forget`` goes through: the drafts, their copies, temporary files and
        locks (a process id, no answers: never named)."""
        try:
            if not storage.own_folder(self.directory):
                return []
        except storage.NotYours as error:
            raise OutputError(
                say("saved.removed_nothing", path=error.path, reason=error.words)
            ) from None
        names = _names() if ref is None else _names(re.escape(self.path("clinician", ref).stem))
        return [path for path in sorted(self.directory.iterdir()) if names.fullmatch(path.name)]


def _free_lock(path: Path) -> None:
    """Remove the lock file ``path`` unless a running interview holds it."""
    lock = DraftLock(path)
    try:
        lock.acquire()
    except (DraftBusy, OSError):
        return
    lock.release()


def _draft_from(record: Any, content: Content, mode: Mode, wanted_ref: str | None) -> Draft:
    if not isinstance(record, dict) or record.get("draft_format") != DRAFT_FORMAT:
        raise DraftError("drafts.other_version")
    if record.get("content_version") != content.content_version:
        raise DraftError("drafts.questions_changed")
    if record.get("mode") != mode:
        raise DraftError("drafts.other_mode")
    raw_answers, history = record.get("answers"), record.get("history")
    ref, reviewing = record.get("ref"), record.get("reviewing")
    if (
        not isinstance(raw_answers, dict)
        or not isinstance(history, list)
        or not all(isinstance(qid, str) for qid in history)
        or not isinstance(ref, str | None)
        or not isinstance(reviewing, bool)
    ):
        raise DraftError("drafts.damaged")
    if ref != wanted_ref:  # a renamed or copied file: never another caller's answers
        raise DraftError("drafts.other_ref")
    answers, problems = validate_answers(content, raw_answers)
    if problems:
        raise DraftError("drafts.answers_do_not_fit")
    try:
        saved_at = datetime.fromisoformat(str(record.get("saved_at")))
    except ValueError:
        raise DraftError("drafts.damaged") from None
    # History entries are checked by the cursor, which keeps only answered questions.
    return Draft(mode, Snapshot(answers, tuple(history), reviewing), ref, saved_at)
