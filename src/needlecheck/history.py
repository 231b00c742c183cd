"""Saved screenings: kept only when the person asks (``--save``), private to them.

Each screening is its JSON report (spec section 8) in a file of its own, in the user's
data folder. Names start with the UTC time of saving, so they sort by time, and end with
a random part, so two saves in the same instant never collide.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from needlecheck.errors import NotAReportError, OutputError
from needlecheck.report_json import Screening, read_report
from needlecheck.storage import (
    APP_NAME,
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
SUFFIX = ".json"
#: Far larger than any report; a bigger file is not one of ours.
MAX_REPORT_BYTES = 1_000_000


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

    @property
    def skipped(self) -> tuple[str, ...]:
        """One line per file that could not be read, in the chosen language."""
        return tuple(str(line) for line in self.skipped_words)


def screenings_folder() -> Path:
    """Where saved screenings live (read each time, so tests can point it elsewhere)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / SCREENINGS_FOLDER


#: The name ``save`` gives a screening (keep the two together), and its temporary files
#: (``storage.write_private``): ``forget`` removes no other file.
SAVED_NAME = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}\.json")
TEMPORARY_NAME = re.compile(r"\.\d{8}T\d{12}Z-[0-9a-f]{8}\.json\.[A-Za-z0-9_]+\.tmp")
#: A save takes milliseconds: a temporary file this old (seconds) is a killed run's.
STALE_AFTER = 600


def save(report: Mapping[str, Any]) -> Path:
    """Keep one JSON report dict (``render.json_report.report_dict``); return its file.

    Call this only when the person has said yes to saving. Raises ``OutputError`` if
    the file cannot be written, and ``NotAReportError`` if ``report`` is not a report.
    """
    read_report(report)  # never keep a file that history could not read back
    folder = screenings_folder()
    private_directory(folder.parent)  # needlecheck's own data folder: nobody else's to read
    private_directory(folder)
    remove_stale_temporaries(folder, TEMPORARY_NAME, STALE_AFTER)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{secrets.token_hex(4)}{SUFFIX}"
    write_private(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n", overwrite=False)
    return path


def load_saved() -> SavedScreenings:
    """Every saved screening, oldest first; damaged or foreign files are skipped and named."""
    loaded: list[Saved] = []
    skipped: list[Words] = []
    for path in _saved_files():
        try:
            loaded.append(Saved(path, read_screening(path, own=True)))
        except NotAReportError as error:
            skipped.append(say("saved.skipped", problem=error.message))
    loaded.sort(key=lambda saved: (saved.screening.created, saved.path.name))
    return SavedScreenings(tuple(loaded), tuple(skipped))


def read_screening(path: Path, *, own: bool = False) -> Screening:
    """One report file. Raises ``NotAReportError`` naming the file and what is wrong.
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


def count_saved(ref: str | None = None) -> int:
    """How many saved screenings there are (with ``ref`` only, when it is given)."""
    return len(_files_to_forget(ref))


def forget_saved(ref: str | None = None) -> int:
    """Remove saved screenings and return how many were removed: every one (readable or
    not), or with ``ref`` only that reference's (a file that cannot be read is then left,
    since whose it is cannot be told)."""
    if ref is not None:
        return sum(remove_file(path) for path in _files_to_forget(ref))
    folder = screenings_folder()
    removed = sum(remove_file(path) for path in _files_to_forget(None))
    if folder.is_dir():
        # Half-written files from an interrupted save (storage.write_private) go too.
        remove_stale_temporaries(folder, TEMPORARY_NAME, older_than=0)
        with contextlib.suppress(OSError):  # something else is in there: not ours to remove
            folder.rmdir()
    return removed


def _files_to_forget(ref: str | None) -> list[Path]:
    """The files ``forget`` may remove: named as ``save`` names them, in a folder of the
    user's that is not a symbolic link (``OutputError`` otherwise)."""
    folder = screenings_folder()
    try:
        for checked in (folder.parent, folder):
            if not own_folder(checked):
                return []
    except NotYours as error:
        raise OutputError(
            say("saved.removed_nothing", path=error.path, reason=error.words)
        ) from None
    if ref is None:
        return [path for path in _saved_files() if SAVED_NAME.fullmatch(path.name)]
    return [
        saved.path
        for saved in load_saved().screenings
        if saved.screening.ref == ref and SAVED_NAME.fullmatch(saved.path.name)
    ]


def _saved_files() -> list[Path]:
    """Every ``*.json`` in the screenings folder, symbolic links included (so that each
    is named when it is skipped), folders left out."""
    folder = screenings_folder()
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"*{SUFFIX}") if not path.is_dir())
