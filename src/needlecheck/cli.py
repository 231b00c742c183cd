"""The command line: a thin Typer layer over the engine, the interview and the renderers.

Start-up is what people feel, so this module imports only Typer and needlecheck's own
light modules at import time; everything else is imported inside the command that
uses it. ``tests/test_startup.py`` guards this.

No ``from __future__ import annotations`` here: Typer reads every command's annotations
at each start, and as strings they would all be evaluated again (about 10 ms).
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from needlecheck import __version__, language, out, region
from needlecheck.errors import ExitCode, NeedlecheckError, NotATerminalError, OutputError

if TYPE_CHECKING:
    from needlecheck.interview.flow import Finished, Prefilled
    from needlecheck.model import Content, Mode
    from needlecheck.report import Report
    from needlecheck.report_json import Screening

BUG_REPORT_HINT = (
    "needlecheck stopped because of an unexpected problem in the program itself (not your "
    "answers). Nothing was sent anywhere. To report it, run the same command again with "
    "--debug and send the output to the maintainers after removing any personal details."
)


class ReportFormat(StrEnum):
    auto = "auto"
    terminal = "terminal"
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    fhir = "fhir"
    fhir_bundle = "fhir-bundle"


#: File suffix to the format it implies when --format is not given. The longest matching
#: suffix wins, so a .fhir.json file is FHIR, not needlecheck's own JSON.
SUFFIX_FORMATS = {
    ".fhir.json": "fhir",
    ".bundle.json": "fhir-bundle",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


class Language(StrEnum):
    """The languages of ``language.LANGUAGES``, as choices for ``--lang``."""

    en = "en"
    es = "es"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language: en or es. Without it, the locale's (LC_ALL, LC_MESSAGES, LANG), else en.",
        show_default=False,
    ),
]


def _content(lang: Language | None, mode: "Mode" = "self") -> "Content":
    """The content in the language asked for, or the locale's, worded for the mode's
    reader (in clinician mode, the PT: everything speaks of "the caller"), with the
    emergency number of the region the environment names (spec 6a)."""
    from needlecheck.loading.content import load_content

    content = load_content(
        language.choose(lang.value if lang else None),
        reader=mode,
        environment=region.environment(os.environ),
    )
    if content.emergency.rejected is not None:
        out.status(content.text("region_rejected", value=repr(content.emergency.rejected)))
    return content


class QuestionsFormat(StrEnum):
    text = "text"
    json = "json"
    fhir = "fhir"


class AboutFormat(StrEnum):
    auto = "auto"
    terminal = "terminal"
    text = "text"
    markdown = "markdown"


class _Group(TyperGroup):
    """Turns errors a user can fix into one clear message and an exit code."""

    #: Options of needlecheck itself; any other option before a command is screen's.
    ROOT_OPTIONS = frozenset({"--version", "--debug", "--help"})

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The interview is the default command, so `needlecheck --clinician --resume`
        # means `needlecheck screen --clinician --resume`. --lang belongs to every command,
        # so `needlecheck --lang es questions` is `needlecheck questions --lang es`; it stays
        # off the root itself, whose options are all bools (see get_help_option).
        lang, args = _take_lang(args)
        no_command = len(args) if lang else None  # `needlecheck --lang es` asks the questions
        first = next((i for i, arg in enumerate(args) if arg not in self.ROOT_OPTIONS), no_command)
        if first is not None:
            if first == len(args) or args[first].startswith("-"):
                args = [*args[:first], "screen", *args[first:]]
            args = [*args[: first + 1], *lang, *args[first + 1 :]]
        return list(super().parse_args(ctx, args))

    def get_help_option(self, ctx: Any) -> Any:
        # Typer converts an option whose value is not a bool through pydantic, whose import
        # costs a tenth of a second; an unused --help is None unless its default is False.
        # With this (and only bool options on the root), `needlecheck` reaches the first
        # question without that import.
        option = super().get_help_option(ctx)
        if option is not None:
            option.default = False
        return option

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        # Click's own handling would show a usage error as a five-line box quoting the
        # value whole, and an abandoned question as "Aborted!" with exit 1.
        try:
            result = super().main(*args, **{**kwargs, "standalone_mode": False})
        except TyperException as error:  # Click's usage errors, vendored by Typer
            out.status(_usage_message(error))
            code = int(ExitCode.USAGE)
        except typer.Abort:
            out.status("stopped.")
            code = int(ExitCode.INTERRUPTED)
        else:
            code = result if isinstance(result, int) else int(ExitCode.OK)
        if standalone_mode:
            sys.exit(code)
        return code

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _standard_output_faults():  # --version prints while arguments are parsed
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _standard_output_faults():
            try:
                return super().invoke(ctx)
            except NeedlecheckError as error:
                print_error(error)
                ctx.exit(int(error.exit_code))


def _take_lang(args: list[str]) -> tuple[list[str], list[str]]:
    """``--lang VALUE`` (or ``--lang=VALUE``) given before the command, and the other
    arguments. Only arguments before the first one that is not an option are looked at:
    after it they are the command's own."""
    for index, arg in enumerate(args):
        if not arg.startswith("-"):
            break
        if arg.startswith("--lang="):
            return [arg], [*args[:index], *args[index + 1 :]]
        if arg == "--lang":
            return args[index : index + 2], [*args[:index], *args[index + 2 :]]
    return [], args


@contextmanager
def _standard_output_faults() -> Iterator[None]:
    """A reader of standard output that stops early (``| head``) ends needlecheck with
    ``BROKEN_PIPE`` and no message; Click would exit 1, which means a fault here.
    Standard output closed (``>&-``), full (``>/dev/full``) or in an encoding that cannot
    show the report is the surroundings', not a fault: one line and exit 2."""
    try:
        try:
            yield
        finally:
            sys.stdout.flush()  # so a failure shows here, not in the interpreter's exit
    except BrokenPipeError:
        _discard_standard_output()
        sys.exit(ExitCode.BROKEN_PIPE)
    except UnicodeEncodeError as error:
        if not _is_standard_output_encoding(error.encoding):
            raise
        _discard_standard_output()
        out.status(
            f"cannot write to standard output: its encoding ({error.encoding}) cannot show "
            "all of the text; set PYTHONIOENCODING=utf-8, or write to a file with --output FILE"
        )
        sys.exit(ExitCode.USAGE)
    except OSError as error:
        if not _standard_output_fails():
            raise
        _discard_standard_output()
        out.status(f"cannot write to standard output: {error.strerror or type(error).__name__}")
        sys.exit(ExitCode.USAGE)


def _discard_standard_output() -> None:
    """What is still buffered goes nowhere, so the last flush at exit cannot fail."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def _standard_output_fails() -> bool:
    """Whether standard output is what failed (and not, say, a file being read)."""
    try:
        sys.stdout.write("")
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _is_standard_output_encoding(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == codecs.lookup(sys.stdout.encoding).name
    except (LookupError, TypeError):
        return False


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


def _usage_message(error: TyperException) -> str:
    """A usage error on one line, any value it quotes cut short."""
    context = getattr(error, "ctx", None)
    command = "needlecheck" if context is None else context.command_path
    return f"{out.cut(error.format_message())} (see `{command} --help`)"


def print_error(error: NeedlecheckError) -> None:
    if error.before:
        out.notice(error.before)
    out.status(str(error), error.details)
    if error.after:
        out.notice("\n".join(error.after))


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"needlecheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
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
    ask_missing: Annotated[
        bool,
        typer.Option(
            "--ask-missing",
            help=(
                "With --answers: ask in this terminal only the questions that apply and the "
                "file leaves unanswered, then show every answer to check."
            ),
        ),
    ] = False,
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
            "--format",
            "-f",
            help=(
                "Report format. auto: from --output's suffix (.html, .md, .txt, .json, "
                ".fhir.json, .bundle.json); on screen, the terminal summary, or plain text "
                "when piped. text is plain, for screen readers and notes; fhir is a FHIR R4 "
                "QuestionnaireResponse of the answers; fhir-bundle is a FHIR R4 Bundle of the "
                "answers, the outcome and findings (RiskAssessment) and the scores "
                "(Observations)."
            ),
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
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Keep this screening (private to you) to follow progress with `history` and `compare`.",
        ),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Carry on with saved unfinished answers without asking."),
    ] = False,
    restart: Annotated[
        bool,
        typer.Option(
            "--restart", help="Start the questions again, deleting saved unfinished answers."
        ),
    ] = False,
    no_draft: Annotated[
        bool,
        typer.Option(
            "--no-draft",
            help="Write nothing to disk while asking (stopping then loses the answers).",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Screen from an answers file, or ask the questions one at a time."""
    from needlecheck.engine import assess

    mode: Mode = "clinician" if clinician else "self"
    checked_ref = _check_ref(ref, clinician)
    file_format = _choose_format(report_format, output)
    draft_options = [
        name
        for name, given_option in (
            ("--resume", resume),
            ("--restart", restart),
            ("--no-draft", no_draft),
        )
        if given_option
    ]
    if ask_missing and answers is None:
        raise NeedlecheckError(
            "--ask-missing asks what an answers file leaves out: give the file with --answers FILE"
        )
    if answers is not None and draft_options and not ask_missing:
        raise NeedlecheckError(f"{draft_options[0]} is for the questions, not for --answers")
    content = _content(lang, mode)
    finished = None
    if answers is None or ask_missing:
        _check_interview_options(draft_options, missing_only=ask_missing)
        prefilled = None
        if answers is not None:
            from needlecheck.answers_file import read_answers
            from needlecheck.interview.flow import Prefilled

            prefilled = Prefilled(read_answers(content, answers), answers)
        finished = _interview(content, mode, checked_ref, draft_options, prefilled)
        given, checked_ref = finished.answers, _check_ref(finished.ref, clinician)
    else:
        from needlecheck.answers_file import read_answers

        given = read_answers(content, answers, mode)
    # Imported only now, so that they do not delay the interview's first question.
    from needlecheck.render import render
    from needlecheck.report import build_report

    assessment = assess(content, given, mode)
    report = build_report(content, assessment, ref=checked_ref)
    if finished is not None and output is None and file_format == "terminal":
        # After the interview: the result on one screen, the full report in a pager.
        finished.show_result(report, lambda: render(report, file_format), None)
    else:
        _deliver(render(report, file_format), output, force=force)
        if finished is not None and output is not None:
            finished.show_result(report, None, str(output))
    # Nothing is kept without --save, or a yes to the interview's last question.
    if save or (finished is not None and finished.wants_to_keep()):
        _save_screening(report)
    if finished is not None:
        finished.discard_draft()


def _check_interview_options(draft_options: list[str], *, missing_only: bool) -> None:
    """Before anything is read: the questions can be asked here, with these options.
    ``missing_only``: only the questions an answers file leaves out (--ask-missing)."""
    if len(draft_options) > 1:
        raise NeedlecheckError(f"{' and '.join(draft_options)} cannot be used together")
    if not sys.stdin.isatty():
        raise NotATerminalError(
            "standard input is not a terminal, so the missing questions cannot be asked here; "
            "leave out --ask-missing to screen the answers file as it is"
            if missing_only
            else "standard input is not a terminal, so the questions cannot be asked here; "
            "give the answers with --answers FILE (or --answers - for JSON on standard input)"
        )
    if not sys.stdout.isatty():
        raise NotATerminalError(
            "standard output is not a terminal, so the questions cannot be shown; "
            "to keep the report in a file, use --output FILE"
        )


def _interview(
    content: "Content",
    mode: "Mode",
    ref: str | None,
    draft_options: list[str],
    prefilled: "Prefilled | None",
) -> "Finished":
    """Ask the questions in this terminal (needlecheck.interview is imported only here)."""
    from needlecheck.interview.flow import DraftPolicy, interview_in_terminal

    policies = {
        "--resume": DraftPolicy.RESUME,
        "--restart": DraftPolicy.RESTART,
        "--no-draft": DraftPolicy.OFF,
    }
    policy = policies[draft_options[0]] if draft_options else DraftPolicy.ASK
    return interview_in_terminal(content, mode, ref=ref, policy=policy, prefilled=prefilled)


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
    if requested is ReportFormat.terminal and output is not None:
        raise OutputError(
            "--format terminal is for the screen; for a file use html, markdown, text, json, "
            "fhir or fhir-bundle"
        )
    if requested is not ReportFormat.auto:
        return requested.value
    if output is not None:
        name = output.name.lower()
        suffix = max((s for s in SUFFIX_FORMATS if name.endswith(s)), key=len, default=None)
        if suffix is None:
            known = ", ".join(SUFFIX_FORMATS)
            raise OutputError(
                f"cannot tell the format from {output.name!r}: use a suffix ({known}) or --format"
            )
        return SUFFIX_FORMATS[suffix]
    return _screen_format()


def _screen_format() -> str:
    """The rich summary for a person at a terminal; plain text for pipes and files."""
    return "terminal" if sys.stdout.isatty() else "text"


def _deliver(text: str, output: Path | None, *, force: bool) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from needlecheck.storage import write_private

    write_private(output, text, overwrite=force)
    out.status(f"report written to {output} (readable only by you)")


def _save_screening(report: "Report") -> None:
    from needlecheck.history import save
    from needlecheck.report_json import report_dict

    path = save(report_dict(report))
    out.status(f"screening saved to {path} (readable only by you)")


REF_FILTER_HELP = "Only the saved screenings with this clinician reference (--ref of screen)."


@app.command()
def history(
    plot: Annotated[
        bool, typer.Option("--plot", help="Also draw each score over time (three or more).")
    ] = False,
    ref: Annotated[str | None, typer.Option("--ref", help=REF_FILTER_HELP)] = None,
    lang: LangOption = None,
) -> None:
    """List saved screenings: date, outcome and scores."""
    from rich.console import Console

    from needlecheck.progress_view import (
        CHART_MINIMUM,
        print_chart,
        print_history,
        series_by_reference,
    )

    content = _content(lang)
    screenings = _saved_screenings(ref)
    console = Console()
    print_history(console, content, screenings, ref=ref)
    if not plot:
        return
    # One series per reference: one caller's course is never drawn with another's.
    for series in series_by_reference(screenings):
        if len(series.screenings) < CHART_MINIMUM:
            out.status(series.too_few(content))
        else:
            console.print()
            print_chart(console, content, series)


@app.command()
def compare(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[OLD.json NEW.json]",
            help="Two JSON reports to compare; without them, the two latest saved screenings.",
            show_default=False,
        ),
    ] = None,
    ref: Annotated[str | None, typer.Option("--ref", help=REF_FILTER_HELP)] = None,
    from_first: Annotated[
        bool,
        typer.Option(
            "--from-first",
            help="Compare the first saved screening with the latest (the course so far).",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Compare two screenings: each score before and after, and which changed meaningfully."""
    from rich.console import Console

    from needlecheck.progress import compare as compare_screenings
    from needlecheck.progress_view import print_comparison

    before, after = _screenings_to_compare(files or [], ref, from_first=from_first)
    if before.ref != after.ref:  # one saved without a reference is someone else's too
        refs = ", ".join(ref or "none" for ref in (before.ref, after.ref))
        raise NeedlecheckError(
            f"these screenings have different references ({refs}), so they "
            "may be of different people; compare one person's screenings (--ref picks them)"
        )
    content = _content(lang)
    print_comparison(Console(), content, compare_screenings(content, before, after))


def _screenings_to_compare(
    files: list[Path], ref: str | None, *, from_first: bool
) -> tuple["Screening", "Screening"]:
    """The earlier and the later screening, from two files or from the saved ones."""
    if files:
        if len(files) != 2:
            raise NeedlecheckError(
                "give two report files (OLD.json NEW.json), or none to compare the two latest "
                "saved screenings"
            )
        if ref is not None or from_first:
            raise NeedlecheckError(
                "--ref and --from-first pick saved screenings; leave out the files"
            )
        from needlecheck.history import read_screening

        old, new = read_screening(files[0]), read_screening(files[1])
        if new.created < old.created:
            out.status(f"{files[0]} is the later screening, so it is compared as the newer one")
            old, new = new, old
        return old, new
    saved = _saved_screenings(ref)
    if len(saved) < 2:
        raise NeedlecheckError(
            f"compare needs two saved screenings and {len(saved)} found; save one with "
            "`needlecheck screen --answers FILE --save`, or give two report files"
        )
    return saved[0] if from_first else saved[-2], saved[-1]


def _saved_screenings(ref: str | None) -> list["Screening"]:
    """Saved screenings, oldest first; each unreadable file is named in one line."""
    from needlecheck.history import load_saved

    loaded = load_saved()
    for line in loaded.skipped:
        out.status(line)
    return [
        saved.screening for saved in loaded.screenings if ref is None or saved.screening.ref == ref
    ]


@app.command()
def forget(
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking first.")] = False,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help="Only this clinician reference's draft and saved screenings."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Remove every unfinished interview (draft), then every saved screening (asks first)."""
    from needlecheck.history import count_saved, forget_saved, screenings_folder

    ref = _check_ref(ref, clinician=True)
    _forget_drafts(ref)
    count = count_saved(ref)
    whose = "" if ref is None else f" with the reference {ref}"
    if count == 0:
        out.status(f"there are no saved screenings{whose} to remove")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise NeedlecheckError(
                "forget asks before removing anything, and standard input is not a terminal; "
                "add --yes to remove without asking"
            )
        if not typer.confirm(
            f"Remove {count} saved screening(s){whose} from {screenings_folder()}?",
            default=False,
        ):
            out.status("nothing was removed")
            return
    removed = forget_saved(ref)
    out.status(f"removed {removed} saved screening(s){whose}")


def _forget_drafts(ref: str | None) -> None:
    """Drafts hold unfinished answers only: removed without asking, each one named (with
    ``ref``, only that reference's)."""
    from needlecheck.interview.drafts import DraftStore, state_directory

    for path in DraftStore(state_directory()).forget(ref):
        out.status(f"removed the unfinished answers in {path}")


@app.command()
def questions(
    list_format: Annotated[
        QuestionsFormat,
        typer.Option(
            "--format",
            "-f",
            help=(
                "text: for reading; json: for programs; fhir: a FHIR R4 Questionnaire for "
                "forms tools."
            ),
        ),
    ] = QuestionsFormat.text,
    clinician: Annotated[
        bool,
        typer.Option(
            "--clinician", help="Word the questions for a PT asking a caller (clinician mode)."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """List every question: its id, wording and the answers it accepts."""
    mode: Mode = "clinician" if clinician else "self"
    content = _content(lang, mode)
    if list_format is QuestionsFormat.fhir:
        from needlecheck.render.fhir_questionnaire import render_questionnaire

        sys.stdout.write(render_questionnaire(content, mode))
    elif list_format is QuestionsFormat.json:
        from needlecheck.question_bank import render_json

        sys.stdout.write(render_json(content))
    else:
        from needlecheck.question_bank import render_text

        sys.stdout.write(render_text(content, mode))


@app.command()
def about(
    about_format: Annotated[
        AboutFormat,
        typer.Option(
            "--format", "-f", help="auto: the terminal layout on screen, plain text when piped."
        ),
    ] = AboutFormat.auto,
    lang: LangOption = None,
) -> None:
    """What dry needling is, its side effects, what the evidence shows, and who should not have it."""
    from needlecheck.render import render_blocks
    from needlecheck.render.blocks import about_blocks

    file_format = _screen_format() if about_format is AboutFormat.auto else about_format.value
    sys.stdout.write(render_blocks(about_blocks(_content(lang)), file_format))


def main() -> None:
    """Console entry point: no traceback for anything a user can cause or see."""
    out.stand_in_for_closed_streams()
    try:
        app()
    except KeyboardInterrupt:
        out.status("stopped.")
        sys.exit(ExitCode.INTERRUPTED)
    except Exception:
        if "--debug" in sys.argv[1:]:
            raise
        out.status(BUG_REPORT_HINT)
        sys.exit(ExitCode.INTERNAL)
