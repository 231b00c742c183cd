"""``--help`` in the chosen language (``--lang``, else the locale).

Typer reads every command's description and every option's help when the command line
is declared, at each start. So ``cli.py`` and ``cli_options.py`` declare each of them as
a key of the text files' ``[ui.help]`` table, and :class:`WordedHelp` puts in the words
of the chosen language only while help is drawn: a run that shows no help reads no text
file for it. Typer's own headings (Usage, Options, …) and the names of what options
take (FILE, or the type Typer shows when none is declared, ``<str>``) are worded there
too. Mistakes in the command line that Click words only in English are let through
Click and raised here, in words, by ``cli_usage`` (imported only then).

No ``from __future__ import annotations`` here (see ``cli.py``).
"""

import contextlib
from collections.abc import Iterator
from typing import Any

from typer import _click as click  # Typer's own copy of Click

from needlecheck import words

#: Typer's headings and markers (``typer.rich_utils``), each with its ``[ui.help]`` key.
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "help.arguments",
    "OPTIONS_PANEL_TITLE": "help.options",
    "COMMANDS_PANEL_TITLE": "help.commands",
    "REQUIRED_LONG_STRING": "help.required",
}

#: What an option takes, as ``cli_options.py`` declares it (and Click's usage line
#: writes the options and a group's command), and its ``[ui.help]`` key.
_METAVARS = {
    "[OPTIONS]": "help.metavar_options",
    "COMMAND [ARGS]...": "help.metavar_command",
    "FILE": "help.metavar_file",
    "[FILE]...": "help.metavar_files",
    "FOLDER": "help.metavar_folder",
    "[OLD.json NEW.json]": "help.metavar_reports",
}

#: The names of the types Typer shows (``<str>``) for what an option or argument takes
#: when it declares no metavar, and their ``[ui.help]`` keys. Choices (``<en|es>``) are
#: the values to type and a range (``[x>=0]``) is notation: both are left as they are.
_TYPE_NAMES = {
    "str": "help.type_str",
    "path": "help.type_path",
}

#: The ``[ui.help]`` key of the help of ``--help`` itself.
HELP_OPTION_KEY = "help.help"


def text(key: str) -> str:
    """The ``[ui.help]`` wording ``key`` in the chosen language."""
    return words.word(words.say(key))


def unknown_command(ctx: click.Context, args: list[str], commands: list[str]) -> None:
    """Raise a worded usage error (``cli_usage``) if the first of a group's ``args``
    names none of its ``commands``."""
    name = args[0] if args else ""
    if name and name not in commands and not name.startswith("-") and not ctx.resilient_parsing:
        from needlecheck.cli_usage import unknown_command_error

        raise unknown_command_error(name, commands, ctx)


class WordedHelp(click.Command):
    """A command (or, mixed in before ``TyperGroup``, a group) whose help texts are
    ``[ui]`` keys, worded in the chosen language when its help is shown."""

    def get_help_option(self, ctx: click.Context) -> Any:
        made = getattr(self, "_help_option", None) is None  # Click keeps the one it makes
        option = super().get_help_option(ctx)
        if option is not None and made:
            option.help = HELP_OPTION_KEY
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Click words arguments left over after parsing in an English sentence only, so
        # they are let through and raised here, in words (cli_usage).
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            extra = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if extra and not allowed and not ctx.resilient_parsing:
            from needlecheck.cli_usage import WordedUsageError

            raise WordedUsageError(words.say("cli.extra_arguments", arguments=" ".join(extra)), ctx)
        return extra

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = f"{text('help.usage')} "
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _worded(self, ctx):
            super().format_help(ctx, formatter)


@contextlib.contextmanager
def _worded(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """While help is drawn: the help of ``command``, of its options and arguments and of
    its subcommands, and Typer's headings, in the chosen language. The keys are put back
    after, so the next run in the same process (a test's) words them again."""
    import typer.rich_utils

    saved: list[tuple[Any, str, Any]] = []

    def put(target: Any, name: str, value: Any) -> None:
        saved.append((target, name, getattr(target, name)))
        setattr(target, name, value)

    subcommands = getattr(command, "commands", {}).values()
    for worded in (command, *subcommands):
        if worded.help:
            put(worded, "help", text(worded.help))
    for name in ("options_metavar", "subcommand_metavar"):
        if getattr(command, name, None) in _METAVARS:
            put(command, name, text(_METAVARS[getattr(command, name)]))
    for param in command.get_params(ctx):
        if getattr(param, "help", None):
            put(param, "help", text(param.help))  # type: ignore[attr-defined]
        if param.metavar in _METAVARS:
            put(param, "metavar", text(_METAVARS[param.metavar]))
        if param.type.name in _TYPE_NAMES:  # a type may be shared: each put is undone
            shown = text(_TYPE_NAMES[param.type.name])  # as Typer shows it: <str>
            put(param.type, "name", shown.removeprefix("<").removesuffix(">"))
    for name, key in _TYPER_WORDS.items():
        put(typer.rich_utils, name, text(key))
    put(typer.rich_utils, "DEFAULT_STRING", words.word(words.say("help.default", value="{}")))
    try:
        yield
    finally:
        for target, name, value in reversed(saved):
            setattr(target, name, value)
