"""Where needlecheck keeps each user's own files, and folders only the user can enter
(0700), made whatever the umask.

Standard library only: the content's cache (``loading.files``), which the words of every
message are read through, makes its folder with it, so it may import nothing that words.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

DIR_MODE = 0o700
APP_FOLDER = "needlecheck"

#: The XDG variable that names each kind of folder, and its default under the home.
_XDG = {
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "data": ("XDG_DATA_HOME", ".local/share"),
    "state": ("XDG_STATE_HOME", ".local/state"),
}


def user_folder(kind: Literal["cache", "data", "state"]) -> Path:
    """needlecheck's folder of ``kind`` for this user (not created here): drafts in
    ``state``, saved screenings in ``data``, the content's cache in ``cache``.

    Data and state are where platformdirs puts them (``tests/test_user_folders.py``
    holds the two together), found without importing it, whose import was a fiftieth
    of the time to the interview's first question: an XDG variable names the folder
    when it is an absolute path, except on Windows; else ``%LOCALAPPDATA%`` on Windows,
    ``~/Library/Application Support`` on macOS and the XDG default elsewhere. The cache
    follows the XDG rule on every platform.
    """
    variable, default = _XDG[kind]
    windows = sys.platform == "win32" and kind != "cache"
    named = os.environ.get(variable, "")
    if os.path.isabs(named) and not windows:
        return Path(named) / APP_FOLDER
    if windows:
        local = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(local) / APP_FOLDER
    if sys.platform == "darwin" and kind != "cache":
        return Path.home() / "Library" / "Application Support" / APP_FOLDER
    return Path.home() / default / APP_FOLDER


def make_private_folders(path: Path) -> None:
    """Create ``path`` and each missing parent 0700, whatever the umask. Raises
    ``OSError``; a folder that exists already is left as it is."""
    missing = [part for part in (path, *path.parents) if not os.path.lexists(part)]
    for part in reversed(missing):
        try:
            os.mkdir(part, DIR_MODE)
        except FileExistsError:  # made meanwhile by someone else: checked by the caller
            continue
        os.chmod(part, DIR_MODE)
