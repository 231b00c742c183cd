"""Usage errors in the chosen language: what is wrong with a command line, for the
mistakes of Click's and Typer's that a person meets (an unknown option or command, a
value not among the choices or not a whole number, a missing value, a value given to a
flag, arguments a command does not take). Imported only when one is made (start-up).
"""

from typer import _click as click  # Typer's own copy of Click
from typer._click.exceptions import UsageError
from typer.exceptions import TyperException

from needlecheck import words

#: How Click's parser ends its message for a value given to a flag (``--plot=yes``).
_TAKES_NO_VALUE = "does not take a value."


class WordedUsageError(UsageError):
    """A mistake in the command line that Click words in English only (arguments a
    command does not take, an unknown command), raised with its ``[ui]`` words."""

    def __init__(self, message: words.Words, ctx: click.Context) -> None:
        super().__init__(message.key, ctx)
        self.words = message


def unknown_command_error(name: str, commands: list[str], ctx: click.Context) -> WordedUsageError:
    """``name`` names none of a group's ``commands``: the error, with the close ones as
    Typer finds them."""
    from difflib import get_close_matches

    close = ", ".join(f"'{command}'" for command in get_close_matches(name, commands))
    key = "cli.no_such_command_close" if close else "cli.no_such_command"
    return WordedUsageError(words.say(key, command=name, close=close), ctx)


def usage_problem(error: TyperException) -> words.Words | str:
    """What is wrong with the command line, in words of the chosen language; Click's own
    (English) message for the rare errors not worded here."""
    from typer._click.exceptions import BadOptionUsage, BadParameter, NoSuchOption
    from typer._click.types import IntRange

    if isinstance(error, WordedUsageError):
        return error.words
    if isinstance(error, NoSuchOption):
        if error.possibilities:
            close = ", ".join(sorted(error.possibilities))
            return words.say("cli.no_such_option_close", option=error.option_name, close=close)
        return words.say("cli.no_such_option", option=error.option_name)
    if isinstance(error, BadOptionUsage):  # Click's parser says which of the two it is
        flag = error.message.endswith(_TAKES_NO_VALUE)
        return words.say(
            "cli.takes_no_value" if flag else "cli.needs_value", option=error.option_name
        )
    if type(error) is BadParameter and error.param is not None and error.ctx is not None:
        option = error.param.get_error_hint(error.ctx)
        choices = getattr(error.param.type, "choices", None)
        if choices:
            allowed = ", ".join(str(choice) for choice in choices)
            return words.say("cli.not_a_choice", option=option, allowed=allowed)
        if isinstance(error.param.type, IntRange) and error.param.type.max is None:
            minimum = error.param.type.min  # not a whole number, or one below it (--limit)
            return words.say("cli.not_a_whole_number", option=option, minimum=minimum)
    return error.format_message()
