"""Loaded at start-up by every Python process of a network-guarded test run.

An audit hook refuses, and records, anything that would reach the network: a name
lookup, or a connect/bind/send to an internet address. Local socket pairs (asyncio's
self-pipe, used by prompt_toolkit) are allowed, since they never leave the process.
"""

import os
import sys

_LOG = os.environ.get("NEEDLECHECK_NETWORK_LOG")
_LOOKUPS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
}
_ADDRESSED = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}


def _guard(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    reaches_network = event in _LOOKUPS or (
        event in _ADDRESSED and len(args) > 1 and isinstance(args[1], tuple)
    )
    if not reaches_network:
        return
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{event} {args[1:]!r}\n")
    raise OSError(f"network use blocked by the test: {event}")


if _LOG:
    sys.addaudithook(_guard)
