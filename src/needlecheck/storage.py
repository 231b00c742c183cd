"""Private, atomic files: everything needlecheck writes may hold health answers.

Files are created readable and writable by the user only (0600), in folders only the
user can enter (0700), and written whole or not at all (a temporary file in the same
folder, flushed to disk, then renamed into place), so a crash never leaves half a report
or a damaged draft. Temporary files are made beside their target (``mkstemp``: a random
name, ``O_EXCL|O_NOFOLLOW``) and removed on the way out; one a killed run left is removed
at the next start (``remove_stale_temporaries``). What needlecheck reads back of its own
must be the user's alone (``read_own_file``, ``own_folder``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from needlecheck.errors import OutputError
from needlecheck.private_folders import DIR_MODE, make_private_folders
from needlecheck.words import Words, reason, say

if TYPE_CHECKING:
    import re

FILE_MODE = 0o600


def write_private(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` atomically, private to the user.

    Raises ``OutputError`` if the file exists and ``overwrite`` is false, or if it
    cannot be written; an existing file is never left damaged.
    """
    try:
        is_folder, exists = path.is_dir(), path.exists()
    except OSError as error:  # e.g. a name too long, or a folder we may not look into
        raise OutputError(_cannot_write(path, error)) from None
    if is_folder:
        raise OutputError(say("files.is_folder", path=path))
    if exists and not _is_regular_file(path):
        # A device or a named pipe (say /dev/null, under root) is never replaced by a file.
        raise OutputError(say("files.not_regular", path=path))
    if not overwrite and exists:
        raise OutputError(say("files.exists", path=path))
    import tempfile  # only where a file is written: not on the way to a first question

    directory = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(_cannot_write(path, error)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), FILE_MODE)  # mkstemp gives 0600 already; be explicit
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        _move_into_place(temporary, path, overwrite=overwrite)
    except FileExistsError:
        raise OutputError(say("files.exists", path=path)) from None
    except OSError as error:
        raise OutputError(_cannot_write(path, error)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _move_into_place(temporary: str, path: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(temporary, path)
        return
    # A hard link never replaces an existing file, so a file created meanwhile is safe.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path``, which must be a regular file.

    Raises ``OSError`` (its ``strerror`` says why) for anything else: a named pipe would
    wait for a writer for ever, and a device or folder is no file of answers. The file is
    opened without waiting and checked once open, so it cannot be swapped in between.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(path)
    except OSError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as file:
        # Its size and one byte more (to see its end), not the limit: a buffer the size of
        # the limit costs several times the reading of a small file (a batch reads many).
        data = file.read(min(status.st_size, limit) + 1)
        # More than its size: it grew since (it is being written), so read on.
        grew = len(data) > status.st_size
        return data + file.read(limit + 1 - len(data)) if grew else data


class NotYours(Exception):
    """A file where needlecheck keeps its own is not the user's alone: never read,
    moved or deleted. ``kind``: ``symlink``, ``not_regular``, ``other_owner`` or
    ``others_write``; the message says it in words."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.kind = path, kind
        #: Why, worded when shown.
        self.words = say(f"interview.not_yours_{kind}")
        super().__init__(f"{path}: {self.words}")


def read_own_file(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path``, a regular file of the user's that nobody
    else may write. Raises ``NotYours`` for anything else (a symlink, a named pipe,
    another user's file, a file others may write), ``IsADirectoryError`` for a folder and
    ``OSError`` if it cannot be read. Checked on the open file: it cannot be swapped."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotYours(path, "symlink") from None
        raise
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotYours(path, "not_regular")
        if status.st_uid != os.geteuid():
            raise NotYours(path, "other_owner")
        if status.st_mode & 0o022:
            raise NotYours(path, "others_write")
        return file.read(limit + 1)


def own_folder(path: Path) -> bool:
    """True if ``path`` is a folder of the user's, not a symbolic link; False if there is
    nothing there. Raises ``NotYours`` otherwise."""
    try:
        status = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    if stat.S_ISLNK(status.st_mode):
        raise NotYours(path, "symlink")
    if not stat.S_ISDIR(status.st_mode):
        raise NotYours(path, "not_regular")
    if status.st_uid != os.geteuid():
        raise NotYours(path, "other_owner")
    return True


def remove_stale_temporaries(folder: Path, names: re.Pattern[str], older_than: float) -> None:
    """Remove the temporary files a killed run left in ``folder`` (``write_private``'s,
    whose names match ``names``), last changed more than ``older_than`` seconds ago."""
    import time

    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not names.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if (
                entry.is_file(follow_symlinks=False)
                and now - entry.stat(follow_symlinks=False).st_mtime > older_than
            ):
                os.unlink(entry.path)


def make_private_file(path: Path) -> None:
    """Make the regular file ``path`` 0600 (a symlink, folder or device is left as it is,
    and so is a file that cannot be opened)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, FILE_MODE)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def check_writable(folder: Path) -> None:
    """Raises ``OutputError`` unless a file can be created in ``folder`` (a read-only
    folder or file system says so here, not at the first save)."""
    import tempfile

    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".probe.", suffix=".tmp")
    except OSError as error:
        raise output_error("files.cannot_write_in", folder, error) from None
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def output_error(key: str, path: Path, error: OSError) -> OutputError:
    """``OutputError`` worded by the ``[ui]`` key ``key``, with ``{path}`` and ``{reason}``."""
    return OutputError(say(key, path=path, reason=reason(error)))


def remove_file(path: Path) -> bool:
    """Delete ``path``; False if there was nothing to delete. Raises ``OutputError``."""
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise OutputError(say("files.cannot_remove", path=path, reason=reason(error))) from None
    return True


def private_directory(path: Path) -> Path:
    """Create ``path`` if needed, and make it private to the user (0700): an existing
    folder loses what others may do in it, but a folder the user made read-only stays so.

    Missing parents (``~/.local/share`` on a fresh account) are created 0700 too,
    whatever the umask; parents that exist are not needlecheck's to change.
    """
    try:
        make_private_folders(path)
        own_folder(path)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:  # others' access taken away; the user's own never added
            path.chmod(mode & DIR_MODE)
    except OSError as error:
        raise OutputError(say("files.cannot_use_folder", path=path, reason=reason(error))) from None
    except NotYours as error:  # planted by someone else: nothing of ours goes in it
        raise OutputError(
            say("files.cannot_use_folder", path=error.path, reason=error.words)
        ) from None
    return path


def _cannot_write(path: Path, error: OSError) -> Words:
    return say("files.cannot_write", path=path, reason=reason(error))


class NotARegularFile(OSError):
    """A name that is a pipe, a device or a folder where a file was wanted."""

    reason_key = "reasons.not_regular"

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, str(say(self.reason_key)), str(path))
