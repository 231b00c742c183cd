"""The command line: a thin Typer layer over the engine, the interview and the renderers.

Start-up is what people feel, so this module imports only Typer and needlecheck's own
light modules at import time; everything else is imported inside the command that
uses it. ``tests/test_startup.py`` guards this.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from needlecheck import __version__
from needlecheck.errors import ExitCode, NeedlecheckError, NotATerminalError, OutputError

if TYPE_CHECKING:
    from needlecheck.model import Mode

BUG_REPORT_HINT = (
    "needlecheck stopped because of an unexpected problem in the program itself (not your "
    "answers). Nothing was sent anywhere. To report it, run the same command again with "
    "--debug and send the output to the maintainers after removing any personal details."
)


class ReportFormat(StrEnum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    json = "json"


#: File suffix to the format it implies when --format is not given.
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


class _Group(TyperGroup):
    """Turns errors a user can fix into one clear message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NeedlecheckError as error:
            print_error(error)
            ctx.exit(int(error.exit_code))


app = typer.Typer(
    cls=_Group,
    name="needlecheck",
    help=(
        "A self-screening questionnaire for sciatica-type pain: might dry needling suit you, "
        "and what should you discuss with a physical therapist? It screens; it never diagnoses. "
        "Run it with no command to start the questions."
    ),
    add_completion=False,
    invoke_without_command=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,  # tracebacks could hold answers: main() decides what to show
)


def print_error(error: NeedlecheckError) -> None:
    lines = [f"needlecheck: {error}", *(f"  - {detail}" for detail in error.details)]
    sys.stderr.write("\n".join(lines) + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"needlecheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show full details of an unexpected error (may include your answers)."
        ),
    ] = False,
) -> None:
    """A self-screening questionnaire for sciatica-type pain and dry needling."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(screen)


@app.command()
def screen(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Read answers from a JSON or TOML file ('-' reads JSON from standard input) instead of asking.",
        ),
    ] = None,
    clinician: Annotated[
        bool, typer.Option("--clinician", help="Clinician mode: a PT screening a caller.")
    ] = False,
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref",
            help="Clinician mode: initials or a record number for the report header (never a full name).",
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format", "-f", help="Report format; auto picks from --output's suffix, else text."
        ),
    ] = ReportFormat.auto,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (private to you) instead of the screen.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
) -> None:
    """Screen from an answers file, or ask the questions one at a time."""
    from needlecheck.engine import assess
    from needlecheck.loader import load_content
    from needlecheck.render import render
    from needlecheck.report import build_report

    mode: Mode = "clinician" if clinician else "self"
    checked_ref = _check_ref(ref, clinician)
    file_format = _choose_format(report_format, output)
    content = load_content()
    if answers is None:
        if not sys.stdin.isatty():
            raise NotATerminalError(
                "standard input is not a terminal, so the questions cannot be asked here; "
                "give the answers with --answers FILE (or --answers - for JSON on standard input)"
            )
        raise NotATerminalError(
            "the interactive interview is not available yet; use --answers FILE"
        )
    from needlecheck.answers_file import read_answers

    given = read_answers(content, answers)
    assessment = assess(content, given, mode)
    report = build_report(content, assessment, ref=checked_ref)
    _deliver(render(report, file_format), output, force=force)


def _check_ref(ref: str | None, clinician: bool) -> str | None:
    if ref is None:
        return None
    if not clinician:
        raise NeedlecheckError("--ref is for clinician mode: add --clinician")
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,19}", ref):
        raise NeedlecheckError(
            "--ref takes initials or a record number (letters, digits and . _ / -, no spaces, "
            "at most 20 characters), never a full name"
        )
    return ref


def _choose_format(requested: ReportFormat, output: Path | None) -> str:
    if requested is not ReportFormat.auto:
        return requested.value
    if output is not None:
        suffix = output.suffix.lower()
        if suffix not in SUFFIX_FORMATS:
            known = ", ".join(SUFFIX_FORMATS)
            raise OutputError(
                f"cannot tell the format from {output.name!r}: use a suffix ({known}) or --format"
            )
        return SUFFIX_FORMATS[suffix]
    return "text"


def _deliver(text: str, output: Path | None, *, force: bool) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from needlecheck.storage import write_private

    write_private(output, text, overwrite=force)
    sys.stderr.write(f"needlecheck: report written to {output} (readable only by you)\n")


def main() -> None:
    """Console entry point: no traceback for anything a user can cause or see."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("needlecheck: stopped.\n")
        sys.exit(ExitCode.INTERRUPTED)
    except Exception:
        if "--debug" in sys.argv[1:]:
            raise
        sys.stderr.write(f"needlecheck: {BUG_REPORT_HINT}\n")
        sys.exit(ExitCode.INTERNAL)
