"""One interview per draft: a lock file beside the draft, held while the interview runs.

The lock is ``flock`` on a small private file (``draft-….lock``) holding the pid of the
interview that has it. The kernel lets go of it when that process ends, however it ends
(``kill -9`` included), so a lock file left by a dead interview is simply taken over.
The file is removed when the lock is given up; a lock taken on a file that was removed or
replaced meanwhile is taken again on the file now there, so two interviews never both
hold one draft.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: The most of a lock file read for the pid: a few digits.
_MAX_PID_BYTES = 32


class DraftBusy(Exception):
    """Another running interview holds this draft."""

    def __init__(self, pid: int | None) -> None:
        super().__init__(pid)
        #: The other interview's process id, when its lock file says.
        self.pid = pid


class DraftLock:
    """The lock of one draft, held from ``acquire`` until ``release`` or the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def acquire(self) -> None:
        """Take the lock. Raises ``DraftBusy`` if another process holds it, ``OSError``
        if the lock file cannot be made (a read-only folder)."""
        import fcntl  # only on the interview path

        while self._descriptor is None:
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY
            descriptor = os.open(self.path, flags, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = _read_pid(descriptor)
                os.close(descriptor)
                raise DraftBusy(pid) from None
            except OSError:
                os.close(descriptor)
                raise
            if not _still_there(descriptor, self.path):  # given up and removed meanwhile
                os.close(descriptor)
                continue
            os.fchmod(descriptor, 0o600)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
            self._descriptor = descriptor

    def release(self) -> None:
        """Give the lock up and remove its file (nothing if it is not held)."""
        if self._descriptor is None:
            return
        with contextlib.suppress(OSError):  # a read-only folder: the kernel still lets go
            os.unlink(self.path)
        os.close(self._descriptor)
        self._descriptor = None


def _still_there(descriptor: int, path: Path) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _read_pid(descriptor: int) -> int | None:
    try:
        text = os.pread(descriptor, _MAX_PID_BYTES, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and len(text) < 12 else None
