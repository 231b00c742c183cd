"""The file names of saved screenings: when each was saved, and whose it is.

``20261204T175433632869Z-a4e1aa0b-ref-41423132.json``: the UTC time of saving, so names
sort by time; a random part, so two saves in the same instant never collide; then whose
the screening is, so that a ``--ref`` filter passes over other people's files without
opening them. ``-noref`` is a screening saved without a reference; ``-ref-`` is followed
by the reference's UTF-8 bytes in hex: a reference may hold any character ("/", "..",
":"), and two that differ only in case stay apart on a file system that ignores case. A
reference too long for a file name gets ``-refhash-`` and part of its SHA-256 instead;
such a file is opened to tell whose it is. Names saved before names said whose (no owner
part) are still read, and whose they are is known only from inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

#: A reference of up to this many bytes is in the name whole (as hex): the name stays
#: under 170 characters, and its temporary file's under 190, far below any limit.
MAX_NAMED_REF_BYTES = 64

# ASCII digits only ("\d" takes any script's), and "[0-9a-f][0-9a-f]" rather than
# "[0-9a-f]{2}": the same names, matched four times as fast (a folder may hold 10,000).
_TIME_AND_RANDOM = r"[0-9]{8}T[0-9]{12}Z-[0-9a-f]{8}"
_OWNER = rf"-noref|-ref-(?:[0-9a-f][0-9a-f]){{1,{MAX_NAMED_REF_BYTES}}}|-refhash-[0-9a-f]{{32}}"
#: The names ``history.save`` gives a screening (old ones without an owner part), and
#: their temporary files (``storage.write_private``): ``forget`` removes no other file.
SAVED_NAME = re.compile(rf"{_TIME_AND_RANDOM}(?P<owner>{_OWNER})?\.json")
TEMPORARY_NAME = re.compile(rf"\.{_TIME_AND_RANDOM}(?:{_OWNER})?\.json\.[A-Za-z0-9_]+\.tmp")
SUFFIX = ".json"

#: What a name says of a screening being one reference's: ``theirs``; ``others``;
#: ``unknown`` (an older name, or a hashed reference: only the file can tell); or
#: ``foreign``, a name needlecheck never gives (never removed; read to be named).
Claim = Literal["theirs", "others", "unknown", "foreign"]


def saved_name(stamp: str, random_part: str, ref: str | None) -> str:
    """The name for a screening saved at ``stamp`` with the reference ``ref``."""
    return f"{stamp}-{random_part}{owner_part(ref)}{SUFFIX}"


def owner_part(ref: str | None) -> str:
    if ref is None:
        return "-noref"
    # "surrogatepass": JSON may carry a lone surrogate, which is still someone's reference.
    raw = ref.encode("utf-8", "surrogatepass")
    if len(raw) <= MAX_NAMED_REF_BYTES:
        return f"-ref-{raw.hex()}"
    import hashlib  # only for a reference too long for a name: rare

    return f"-refhash-{hashlib.sha256(raw).hexdigest()[:32]}"


def claim(name: str, ref: str | None) -> Claim:
    """Whether the file ``name`` holds a screening of ``ref`` (None: saved without a
    reference), as far as the name can tell."""
    return claimant(ref)(name)


def claimant(ref: str | None) -> Callable[[str], Claim]:
    """``claim`` for one reference, worked out once for the many names of a folder."""
    expected = owner_part(ref)
    hashed = expected.startswith("-refhash-")

    def claim_of(name: str) -> Claim:
        match = SAVED_NAME.fullmatch(name)
        if match is None:
            return "foreign"
        owner = match.group("owner")
        if owner is None:
            return "unknown"
        if owner != expected:
            return "others"
        return "unknown" if hashed else "theirs"

    return claim_of
