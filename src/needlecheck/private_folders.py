"""Folders only the user can enter (0700), made whatever the umask.

Standard library only: the content's cache (``loading.files``), which the words of every
message are read through, makes its folder with it, so it may import nothing that words.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700


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
