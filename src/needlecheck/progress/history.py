"""Saved screenings: kept only when the person asks (``--save``), private to them.

Each screening is its JSON report (spec section 8) in a file of its own, in the user's
data folder, named by when it was saved and whose it is (``saved_names``). Many may
pile up over years of a clinic's work, so the names do the sorting and filtering: the
latest are read first and only as many as are shown, and a reference's filter never
opens another reference's file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from needlecheck import escaping
from needlecheck.errors import NotAReportError, OutputError
from needlecheck.private_folders import user_folder
from needlecheck.progress.saved_names import (
    SAVED_NAME,
    SUFFIX,
    TEMPORARY_NAME,
    Claim,
    claim,
    claimant,
    saved_name,
)
from needlecheck.report.json_contract import Screening, read_report
from needlecheck.storage import (
    NotYours,
    own_folder,
    private_directory,
    read_own_file,
    read_regular_file,
    remove_file,
    remove_stale_temporaries,
    write_private,
)
from needlecheck.words import Words, reason, say

SCREENINGS_FOLDER = "screenings"
#: Far larger than any report; a bigger file is not one of ours.
MAX_REPORT_BYTES = 1_000_000
#: A save takes milliseconds: a temporary file this old (seconds) is a killed run's.
STALE_AFTER = 600


@dataclass(frozen=True, slots=True)
class Saved:
    path: Path
    screening: Screening


@dataclass(frozen=True, slots=True)
class SavedScreenings:
    #: Oldest first.
    screenings: tuple[Saved, ...]
    #: One message per file that could not be read, saying which and why.
    skipped_words: tuple[Words, ...]
    #: Earlier saved screenings (of the reference asked for) that were not read.
    more: int = 0

    @property
    def skipped(self) -> tuple[str, ...]:
        """One line per file that could not be read, in the chosen language."""
        return tuple(str(line) for line in self.skipped_words)


def screenings_folder() -> Path:
    """Where saved screenings live (read each time, so tests can point it elsewhere)."""
    return user_folder("data") / SCREENINGS_FOLDER


def save(report: Mapping[str, Any]) -> Path:
    """Keep one JSON report dict (``report.json_contract.report_dict``); return its file.

    Call this only when the person has said yes to saving. Raises ``OutputError`` if
    the file cannot be written, and ``NotAReportError`` if ``report`` is not a report.
    """
    read_report(report)  # never keep a file that history could not read back
    folder = screenings_folder()
    private_directory(folder.parent)  # needlecheck's own data folder: nobody else's to read
    private_directory(folder)
    remove_stale_temporaries(folder, TEMPORARY_NAME, STALE_AFTER)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / saved_name(stamp, secrets.token_hex(4), report.get("ref"))
    document = escaping.json_text(json.dumps(report, indent=2, ensure_ascii=False))
    write_private(path, document + "\n", overwrite=False)
    return path


def latest_saved(ref: str | None, limit: int | None, *, count_more: bool = True) -> SavedScreenings:
    """The latest ``limit`` saved screenings (every one if None), oldest first, of
    ``ref`` only when it is given; damaged or foreign files among those read are skipped
    and named. Only the files needed are read: by their names, the latest first, and
    never one whose name says it is another reference's. ``count_more``: count the
    earlier ones too (an older file name, which does not say whose, is read for that)."""
    skipped: list[Words] = []
    earlier = iter(reversed(_candidates(ref)))
    newest_first = list(islice(_read_each(earlier, ref, skipped), limit))
    more = _count(list(earlier), ref, skipped) if count_more else 0
    return SavedScreenings(tuple(reversed(newest_first)), tuple(skipped), more)


def first_saved(ref: str | None) -> SavedScreenings:
    """The first saved screening (of ``ref`` only, when it is given), if there is one."""
    skipped: list[Words] = []
    first = next(_read_each(iter(_candidates(ref)), ref, skipped), None)
    return SavedScreenings(() if first is None else (first,), tuple(skipped))


def load_saved() -> SavedScreenings:
    """Every saved screening, oldest first; damaged or foreign files are skipped and named."""
    return latest_saved(None, None)


def read_screening(path: Path) -> Screening:
    """One report file. Raises ``NotAReportError`` naming the file and what is wrong."""
    return _read(path, own=False)


def _read(path: Path, *, own: bool) -> Screening:
    """The screening in a report file.
    ``own``: a saved screening, read only if it is a regular file of the user's that
    nobody else may write (a symlink, a pipe or a planted file is skipped, untouched)."""
    try:
        if own:
            data = read_own_file(path, MAX_REPORT_BYTES)
        else:
            data = read_regular_file(path, MAX_REPORT_BYTES)
    except NotYours as error:
        raise NotAReportError(say("saved.not_yours", path=error.path, reason=error.words)) from None
    except OSError as error:
        if own and isinstance(error, IsADirectoryError):
            raise  # a folder among the saved screenings: not one, and not worth a line
        raise NotAReportError(say("saved.cannot_read", path=path, reason=reason(error))) from None
    if len(data) > MAX_REPORT_BYTES:
        raise NotAReportError(say("saved.too_large", path=path))
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotAReportError(say("saved.not_json", path=path)) from None
    try:
        return read_report(parsed)
    except NotAReportError as error:
        raise NotAReportError(say("saved.in_file", path=path, problem=error.message)) from None


def _read_each(
    names: Iterator[tuple[str, Claim]], ref: str | None, skipped: list[Words]
) -> Iterator[Saved]:
    """The screenings in the files ``names`` (taken one at a time, so a caller that
    stops early leaves the rest unread) that are ``ref``'s, or anyone's if it is None."""
    folder = screenings_folder()
    for name, _ in names:
        path = folder / name
        try:
            screening = _read(path, own=True)
        except IsADirectoryError:
            continue
        except NotAReportError as error:
            skipped.append(say("saved.skipped", problem=error.message))
            continue
        if claim(name, screening.written_ref) == "others":  # renamed or copied: not theirs
            skipped.append(say("saved.skipped", problem=say("saved.name_mismatch", path=path)))
        elif ref is None or screening.written_ref == ref:
            yield Saved(path, screening)


def _count(names: list[tuple[str, Claim]], ref: str | None, skipped: list[Words]) -> int:
    """How many of ``names`` are saved screenings of ``ref`` (anyone's if None): told by
    the name where it can be, else by reading the file."""
    sure = sum(found == "theirs" for _, found in names)
    if ref is None:
        return sure
    unsure = ((name, found) for name, found in names if found == "unknown")
    return sure + sum(1 for _ in _read_each(unsure, ref, skipped))


def forget_saved(files: list[Path], *, every_one: bool) -> int:
    """Remove ``files`` (``saved_to_forget``'s, named to the person before) and return how
    many were removed; one saved since is not among them and stays. When ``every_one``
    was asked for, half-written files of an interrupted save go too, and the folder if
    nothing else is left in it."""
    removed = sum(remove_file(path) for path in files)
    folder = screenings_folder()
    if every_one and folder.is_dir():
        # Half-written files from an interrupted save (storage.write_private) hold answers.
        remove_stale_temporaries(folder, TEMPORARY_NAME, older_than=0)
        with contextlib.suppress(OSError):  # something else is in there: not ours to remove
            folder.rmdir()
    return removed


def saved_to_forget(ref: str | None = None) -> list[Path]:
    """The saved screenings ``forget`` would remove: every file named as ``save`` names
    them (readable or not), in a folder of the user's that is not a symbolic link
    (``OutputError`` otherwise); with ``ref``, only those that say inside that they are
    its (a file is only opened if its name may be; one that cannot be read is left,
    since whose it is cannot be told)."""
    folder = screenings_folder()
    try:
        for checked in (folder.parent, folder):
            if not own_folder(checked):
                return []
    except NotYours as error:
        raise OutputError(
            say("saved.removed_nothing", path=error.path, reason=error.words)
        ) from None
    ours = [(name, found) for name, found in _candidates(ref) if found != "foreign"]
    if ref is None:
        return [folder / name for name, _ in ours]
    return [saved.path for saved in _read_each(iter(ours), ref, [])]


def _candidates(ref: str | None) -> list[tuple[str, Claim]]:
    """The files that may hold a saved screening of ``ref`` (anyone's if None), oldest
    first, each with what its name says: every ``*.json`` in the screenings folder,
    symbolic links included (so that each is named when it is skipped), and with ``ref``
    none whose name says it is someone else's. (A folder is passed over when read.)"""
    try:
        names = sorted(name for name in os.listdir(screenings_folder()) if name.endswith(SUFFIX))
    except OSError:  # no folder yet, or one that cannot be listed: nothing saved to show
        return []
    if ref is None:  # everyone's: any name needlecheck gives is a screening to count
        return [
            (name, "foreign" if SAVED_NAME.fullmatch(name) is None else "theirs") for name in names
        ]
    claim_of = claimant(ref)
    return [(name, found) for name in names if (found := claim_of(name)) != "others"]
