"""The console entry point: answers ``needlecheck --version`` and starts the interview
before importing Typer.

Asking for the version is the one call scripts make often and that needs nothing but a
constant, so it should cost no more than starting Python. Starting the interview is the
call a person waits on, so when the arguments are only the interview's own it starts
without Typer (``fast_start``). Every other call goes to the CLI (``cli.main``).
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
                _version_unwritable(None)
            sys.stdout.write(f"needlecheck {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader left; what is still buffered goes nowhere, so exit stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(_BROKEN_PIPE)
        except OSError as error:  # closed, or a full disk (>/dev/full)
            _version_unwritable(error)
        return
    import gc

    # Start-up makes only objects that live as long as the run (modules, the content),
    # so the cyclic collector's frequent passes over them free nothing; rarer passes cut
    # about 2.5% of the instructions to the first question. Cycles are still collected.
    gc.set_threshold(50_000, 20, 20)
    from needlecheck.fast_start import interview_request

    arguments = sys.argv[1:]
    request = interview_request(arguments)
    if request is not None:
        from needlecheck.fast_start import run

        run(request, arguments)
        return
    from needlecheck.cli import main as cli_main

    cli_main()


def _version_unwritable(error: OSError | None) -> None:
    """One line on why, in the locale's language (the text file is read only now), and
    exit. Not annotated ``NoReturn``: importing ``typing`` would double this path's cost."""
    from needlecheck import language, words

    words.choose(language.from_locale())
    message = (
        words.say("cli.version_closed")
        if error is None
        else words.say("cli.version_unwritable", reason=words.reason(error))
    )
    sys.stderr.write(f"needlecheck: {message}\n")
    sys.exit(_USAGE)
