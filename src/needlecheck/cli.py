"""The command line: a thin Typer layer that declares each command's options (their
types and help live in ``cli_options.py``) and calls its use case in ``commands/``.

Start-up is what people feel, so this module imports only Typer and needlecheck's own
light modules at import time; everything else is imported inside the command that
uses it. ``tests/test_startup.py`` guards this.

No ``from __future__ import annotations`` here: Typer reads every command's annotations
at each start, and as strings they would all be evaluated again (about 10 ms).
"""

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from needlecheck import __version__, escaping, language, out, running, words
from needlecheck import cli_options as opt
from needlecheck.cli_help import WordedHelp, unknown_command
from needlecheck.cli_options import Language, lang_value
from needlecheck.errors import ExitCode

__all__ = ["Language", "app", "main"]


class _Group(WordedHelp, TyperGroup):
    """Turns errors a user can fix into one clear message and an exit code; its help in
    the chosen language (``cli_help``)."""

    #: Options of needlecheck itself; any other option before a command is screen's.
    ROOT_OPTIONS = frozenset({"--version", "--debug", "--help"})

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The interview is the default command, so `needlecheck --clinician --resume`
        # means `needlecheck screen --clinician --resume`. --lang belongs to every command,
        # so `needlecheck --lang es questions` is `needlecheck questions --lang es`; it stays
        # off the root itself, whose options are all bools (see get_help_option).
        words.choose(language.from_arguments(args))  # errors from here on are worded in it
        lang, args = _take_lang(args)
        no_command = len(args) if lang else None  # `needlecheck --lang es` asks the questions
        first = next((i for i, arg in enumerate(args) if arg not in self.ROOT_OPTIONS), no_command)
        if first is not None:
            if first == len(args) or args[first].startswith("-"):
                args = [*args[:first], "screen", *args[first:]]
            args = [*args[: first + 1], *lang, *args[first + 1 :]]
        return list(super().parse_args(ctx, args))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        unknown_command(ctx, args, list(self.commands))  # worded, where Typer's is English
        return super().resolve_command(ctx, args)

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
        with words.speaking(language.from_locale()):  # until the arguments choose
            try:
                result = super().main(*args, **{**kwargs, "standalone_mode": False})
            except TyperException as error:  # Click's usage errors, vendored by Typer
                out.status(_usage_message(error))
                code = int(ExitCode.USAGE)
            except typer.Abort:
                out.status(words.say("cli.stopped"))
                code = int(ExitCode.INTERRUPTED)
            else:
                code = result if isinstance(result, int) else int(ExitCode.OK)
        if standalone_mode:
            sys.exit(code)
        return code

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with out.standard_output_faults():  # --version prints while arguments are parsed
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with running.errors_shown(ctx.exit):
            return super().invoke(ctx)


class _Command(WordedHelp, TyperCommand):
    """A command whose help is in the chosen language (``cli_help``)."""


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


app = typer.Typer(
    cls=_Group,
    name="needlecheck",
    help="help.app",
    add_completion=False,
    invoke_without_command=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,  # tracebacks could hold answers: main() decides what to show
)


def _usage_message(error: TyperException) -> str:
    """A usage error on one line, any value it quotes cut short."""
    from needlecheck.cli_usage import usage_problem

    context = getattr(error, "ctx", None)
    command = "needlecheck" if context is None else context.command_path
    problem = escaping.cut(words.word(usage_problem(error)))
    return words.word(words.say("cli.usage_error", problem=problem, command=command))


def _version(value: bool) -> None:
    if value:
        out.document(f"needlecheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="help.version"),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="help.debug"),
    ] = False,
) -> None:
    """A self-screening questionnaire for sciatica-type pain and dry needling."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(screen)


@app.command(cls=_Command, help="help.command_screen")
def screen(
    answers: opt.AnswersOption = None,
    more_answers: opt.MoreAnswersArgument = None,
    ask_missing: opt.AskMissingOption = False,
    clinician: opt.ClinicianOption = False,
    ref: opt.ClinicianRefOption = None,
    report_format: opt.ReportFormatOption = opt.ReportFormat.auto,
    output: opt.OutputOption = None,
    output_dir: opt.OutputDirOption = None,
    force: opt.ForceOption = False,
    save: opt.SaveOption = False,
    resume: opt.ResumeOption = False,
    restart: opt.RestartOption = False,
    no_draft: opt.NoDraftOption = False,
    lang: opt.LangOption = None,
) -> None:
    """Screen from an answers file, or ask the questions one at a time."""
    from needlecheck.commands.screen import ScreenRequest
    from needlecheck.commands.screen import screen as run

    run(
        ScreenRequest(
            answers=answers,
            more_answers=tuple(more_answers or ()),
            ask_missing=ask_missing,
            clinician=clinician,
            ref=ref,
            report_format=report_format.value,
            output=output,
            output_dir=output_dir,
            force=force,
            save=save,
            resume=resume,
            restart=restart,
            no_draft=no_draft,
            lang=lang_value(lang),
        )
    )


@app.command(cls=_Command, help="help.command_history")
def history(
    plot: opt.PlotOption = False,
    ref: opt.RefFilterOption = None,
    limit: opt.LimitOption = None,
    view_format: opt.ViewFormatOption = opt.ViewFormat.terminal,
    lang: opt.LangOption = None,
) -> None:
    """The history command (its help: ``help.command_history``)."""
    from needlecheck.commands.history import history as run

    run(plot=plot, ref=ref, limit=limit, view_format=view_format.value, lang=lang_value(lang))


@app.command(cls=_Command, help="help.command_compare")
def compare(
    files: opt.ReportFilesOption = None,
    ref: opt.RefFilterOption = None,
    from_first: opt.FromFirstOption = False,
    view_format: opt.ViewFormatOption = opt.ViewFormat.terminal,
    lang: opt.LangOption = None,
) -> None:
    """Compare two screenings: each score before and after, and which changed meaningfully."""
    from needlecheck.commands.compare import compare as run

    run(
        files or [],
        ref=ref,
        from_first=from_first,
        view_format=view_format.value,
        lang=lang_value(lang),
    )


@app.command(cls=_Command, help="help.command_forget")
def forget(
    yes: opt.YesOption = False,
    ref: opt.ForgetRefOption = None,
    lang: opt.LangOption = None,
) -> None:
    """The forget command (its help: ``help.command_forget``)."""
    from needlecheck.commands.forget import forget as run

    run(yes=yes, ref=ref)


@app.command(cls=_Command, help="help.command_questions")
def questions(
    list_format: opt.QuestionsFormatOption = opt.QuestionsFormat.auto,
    clinician: opt.WordForClinicianOption = False,
    lang: opt.LangOption = None,
) -> None:
    """List every question: its id, wording and the answers it accepts."""
    from needlecheck.commands.questions import questions as run

    run(list_format=list_format.value, clinician=clinician, lang=lang_value(lang))


@app.command(cls=_Command, help="help.command_about")
def about(
    about_format: opt.AboutFormatOption = opt.AboutFormat.auto,
    lang: opt.LangOption = None,
) -> None:
    """What dry needling is, its side effects, what the evidence shows, and who should not have it."""
    from needlecheck.commands.about import about as run

    run(about_format=about_format.value, lang=lang_value(lang))


def main() -> None:
    """Console entry point: no traceback for anything a user can cause or see."""
    running.run_program(app, sys.argv[1:])
