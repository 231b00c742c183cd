"""``needlecheck`` in a real pseudo-terminal, read through a terminal emulator (pyte).

pexpect runs the console script at a given size; every byte it prints goes through
pyte, so a test reads the screen a person would see (what was cut off at the right
edge, or scrolled away, is not there) rather than the stream of bytes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pexpect
import pyte

from conftest import GUARDED_PYTHONPATH, NEEDLECHECK, home_variables

WAIT = 15.0  # seconds for anything to appear on screen


def flat(text: str) -> str:
    """``text`` with every run of whitespace as one space: wrapped lines read as one."""
    return " ".join(text.split())


class ScreenTerminal:
    def __init__(
        self,
        home: Path,
        *args: str,
        columns: int = 80,
        rows: int = 24,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """``env``: variables set for this run only, after the ones every run gets."""
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.network_log = home.parent / "network.log"
        variables = {
            **os.environ,
            **home_variables(home),
            "TERM": "xterm",
            "NO_COLOR": "1",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "PYTHONPATH": GUARDED_PYTHONPATH,
            "NEEDLECHECK_NETWORK_LOG": str(self.network_log),
        }
        variables.pop("PAGER", None)
        variables.pop("MANPAGER", None)
        variables |= env or {}
        self.child: pexpect.spawn[bytes] = pexpect.spawn(
            str(NEEDLECHECK),
            list(args),
            env=variables,
            dimensions=(rows, columns),
            timeout=WAIT,
        )
        self.child.delaybeforesend = None
        #: Every byte printed, for messages when a test fails.
        self.printed = b""

    # ── reading the screen
    def _read(self, timeout: float) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            raise
        self.printed += data
        self.stream.feed(data)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        """The screen as one line of words."""
        return flat("\n".join(self.lines()))

    def dump(self) -> str:
        return "\n".join(self.lines())

    def wait_until(self, condition: Callable[[], bool], what: str, wait: float = WAIT) -> None:
        """Read output until ``condition`` holds for the screen (it may already)."""
        deadline = time.monotonic() + wait
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"not on screen within {wait} s: {what}\n{self.dump()}")
            try:
                self._read(0.1)
            except pexpect.EOF:
                if not condition():
                    raise AssertionError(f"ended before {what}:\n{self.dump()}") from None
                return

    def see(self, *texts: str) -> None:
        """Wait until every one of ``texts`` is on screen, each whole and in order."""
        wanted = [flat(text) for text in texts]
        self.wait_until(lambda: all(t in self.text() for t in wanted), " / ".join(wanted))

    def settle(self, quiet: float = 0.3) -> None:
        """Read until nothing has been printed for ``quiet`` seconds."""
        while True:
            before = len(self.printed)
            try:
                self._read(quiet)
            except pexpect.EOF:
                return
            if len(self.printed) == before:
                return

    # ── typing
    def send(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, columns: int, rows: int) -> None:
        """The window resized, as a person drags it (the program is told: SIGWINCH)."""
        self.settle()
        self.screen.resize(rows, columns)
        self.child.setwinsize(rows, columns)

    def finish(self) -> int:
        """Wait for the end; the exit code."""
        self.child.expect(pexpect.EOF, timeout=WAIT)
        self.stream.feed(self.child.before or b"")
        self.child.close()
        assert self.child.exitstatus is not None, "needlecheck was killed"
        assert b"Traceback" not in self.printed
        assert not self.network_log.exists()
        return self.child.exitstatus
