"""The console entry point: answers ``needlecheck --version`` before importing Typer.

Asking for the version is the one call scripts make often and that needs nothing but a
constant, so it should cost no more than starting Python; every other call goes to the
CLI (``cli.main``).
"""

import os
import sys

from needlecheck import __version__

#: 128 + SIGPIPE, as ``errors.ExitCode.BROKEN_PIPE`` (not imported: this path stays tiny).
_BROKEN_PIPE = 141
#: Something the user can fix, as ``errors.ExitCode.USAGE``.
_USAGE = 2


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        try:
            if sys.stdout is None:  # started with standard output closed (>&-)
                raise OSError("standard output is closed")
            sys.stdout.write(f"needlecheck {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader left; what is still buffered goes nowhere, so exit stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(_BROKEN_PIPE)
        except OSError as error:  # closed, or a full disk (>/dev/full)
            sys.stderr.write(f"needlecheck: cannot write the version: {error}\n")
            sys.exit(_USAGE)
        return
    from needlecheck.cli import main as cli_main

    cli_main()
