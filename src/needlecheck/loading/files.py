"""Reading the content's TOML files, with a private per-user cache of each parsed file.

Where the content lives, and how a file becomes a table; nothing here judges the content,
but a file that cannot be read or parsed is a ``ContentError``. The words of every
message are read through here (``words.interface``), so nothing here may word one.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from needlecheck.private_folders import make_private_folders, user_folder

CONTENT_DIR = Path(__file__).parent.parent / "content"
LOGIC_FILE = "screening.toml"


class ContentError(Exception):
    """The content files are broken. ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the needlecheck content:\n  " + "\n  ".join(problems)
        )


def read_table(path: Path) -> dict[str, Any]:
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([f"{path}: file not found"]) from None
    except OSError as error:
        raise ContentError([f"{path}: cannot be read: {error.strerror}"]) from None
    import hashlib

    digest = hashlib.sha256(source).hexdigest()
    cached = _cached_table(digest)
    if cached is not None:
        return cached
    import tomllib  # only when the cache cannot answer: even importing the parser costs

    try:
        table = tomllib.loads(source.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ContentError([f"{path}: not valid TOML: {error}"]) from None
    _cache_table(digest, table)
    return table


# Parsing the content's TOML took 15-20 ms of every run's start-up; the same tables
# read as JSON take under 1 ms. So each parsed file is kept as JSON in the user's own
# cache folder, named by the SHA-256 of the file's bytes: a changed file, whatever its
# size or modification time, is never answered by an old cache. Nothing is written
# inside the installed package. A cache is trusted only in a folder and a file that are
# the user's alone (not symlinks, owned by the user, writable by no one else), since
# whoever can write it could otherwise change the clinical rules.
CACHE_FORMAT = "1"
_OTHERS_MAY_WRITE = 0o022


def _cache_folder() -> Path | None:
    """The user's private cache folder for the content, created 0700; None if unsafe."""
    folder = user_folder("cache") / "content"
    try:
        make_private_folders(folder)
        status = os.lstat(folder)
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.geteuid():
        return None
    return folder if status.st_mode & 0o077 == 0 else None


def _cached_table(digest: str) -> dict[str, Any] | None:
    folder = _cache_folder()
    if folder is None:
        return None
    try:
        descriptor = os.open(folder / f"{digest}.json", os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_uid != os.geteuid()
            or status.st_mode & _OTHERS_MAY_WRITE
        ):
            return None
        try:
            cached = json.loads(file.read())
        except (OSError, ValueError):
            return None
    if isinstance(cached, dict) and cached.get("source") == [CACHE_FORMAT, digest]:
        table = cached.get("table")
        return table if isinstance(table, dict) else None
    return None


def _cache_table(digest: str, table: dict[str, Any]) -> None:
    folder = _cache_folder()
    if folder is None:
        return
    try:
        data = json.dumps({"source": [CACHE_FORMAT, digest], "table": table}, ensure_ascii=False)
        if json.loads(data)["table"] != table:  # a TOML date, say, which JSON cannot hold
            return
    except (TypeError, ValueError):
        return
    temporary = folder / f".{digest}.{os.getpid()}.{os.urandom(8).hex()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(data)
        os.replace(temporary, folder / f"{digest}.json")  # whole or not at all
    except OSError:
        return  # without a cache needlecheck is only slower
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
