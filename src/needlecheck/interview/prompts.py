"""The terminal side of the interview: the only module that imports questionary.

The flow talks to a ``Prompter``. ``TerminalPrompter`` is the real one, built on
questionary's choice list and prompt_toolkit; tests script a fake one, so the flow is
tested without a terminal.

Three kinds of prompt, each answered with Enter, so a habitual Enter cannot skip past a
question:

* ``select``: one answer from a list, by the arrow keys or the number shown. A question
  not answered before has no answer chosen: Enter asks the person to choose first.
  With ``at_once`` (a PT on the phone, a trained user) an answer's key (its number,
  ``n``, ``y``, ``u``, or ``b`` for Back) answers at once; Enter alone still answers
  nothing new.
* ``checkbox``: any number of answers; Space or the number ticks. Enter with nothing
  ticked asks once more before it means "none".
* ``text``: typed, and checked as typed by the caller's ``check`` (the reason is shown
  and the prompt stays until the answer is accepted). A key of ``at_once_keys`` typed
  on a line not yet edited is the whole answer, checked the same way.

Each can offer Back: a last "← Back" entry in lists, a word for typed answers. Ctrl-C
raises ``KeyboardInterrupt`` and Ctrl-D ``EOFError`` from every prompt; the flow saves
the draft and stops.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application, get_app, get_app_session
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.renderer import print_formatted_text as print_styled
from prompt_toolkit.styles import Style
from prompt_toolkit.validation import ValidationError, Validator
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl, create_inquirer_layout

from needlecheck import out

if TYPE_CHECKING:
    from prompt_toolkit.document import Document

    from needlecheck.model import Content


class Nav(enum.Enum):
    BACK = "back"


#: What a prompt returns when the person asks to go back.
BACK: Final = Nav.BACK
Back = Literal[Nav.BACK]

TextKind = Literal[
    "title", "heading", "plain", "muted", "progress", "emergency", "changed", "warning"
]


class Option(NamedTuple):
    value: str
    label: str


class Prompter(Protocol):
    """What the interview needs from a screen and a keyboard.

    Each prompt has a ``name`` that is never shown: the question id, or the wording key
    of an interface question ("review_question"). Scripts and tests go by it, since two
    questions can share their wording (the activity scores do).
    """

    def show(self, text: str, kind: TextKind = "plain") -> None:
        """Print a paragraph."""

    def show_lines(self, lines: Sequence[tuple[str, TextKind]]) -> None:
        """Print lines already laid out to ``screen_size`` (not wrapped again)."""

    def screen_size(self) -> tuple[int, int]:
        """(columns, rows) to lay text out in."""

    def page(self, text: str) -> None:
        """Show a long text (a rendered report) in a pager."""

    def select(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
        at_once: bool = False,
    ) -> str | Back:
        """One option's value; ``back`` is the label of a Back entry (None: no Back)."""

    def checkbox(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
    ) -> list[str] | Back:
        """The values ticked, in the options' order."""

    def text(
        self,
        name: str,
        message: str,
        *,
        check: Callable[[str], str | None],
        default: str = "",
        help_text: str = "",
        instruction: str = "",
        back_word: str | None = None,
        at_once_keys: str = "",
    ) -> str | Back:
        """Typed text that ``check`` accepted (it returns the reason for refusing, or None).

        Typing ``back_word`` alone goes back; it is never passed to ``check``.
        """


#: The key that moves to the Back entry of a list.
BACK_KEY = "b"
_BACK_VALUE = "\x00back"  # an option value no content option can have

STYLE = Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("help", ""),
        ("instruction", "fg:ansibrightblack"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("separator", "fg:ansibrightblack"),
        ("validation-toolbar", "fg:ansiyellow bold"),
        ("notice", "fg:ansiyellow bold"),
        # TextKind, for show()
        ("title", "bold"),
        ("heading", "fg:ansicyan bold"),
        ("plain", ""),
        ("muted", "fg:ansibrightblack"),
        ("progress", "fg:ansibrightblack"),
        ("emergency", "fg:ansired bold"),
        ("changed", "reverse"),
        ("warning", "fg:ansiyellow"),
    ]
)


class TerminalPrompter:
    """Prompts in a real terminal, with the interface wording of ``content``."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def show(self, text: str, kind: TextKind = "plain") -> None:
        # prompt_toolkit is loaded for the prompts anyway (rich would add to start-up), and
        # its low-level printer skips rebuilding the default styles on every call.
        output = get_app_session().output
        columns = _columns()
        text = out.wrap(text, columns)
        if kind == "emergency":  # framed, so it stands out without colour too
            rule = "━" * min(columns, 80)
            text = f"{rule}\n{text}\n{rule}"
        print_styled(output, FormattedText([(f"class:{kind}", text + "\n")]), STYLE)
        output.flush()

    def screen_size(self) -> tuple[int, int]:
        size = get_app_session().output.get_size()
        return _columns(), max(size.rows, 10)

    def page(self, text: str) -> None:
        # $PAGER (or $MANPAGER) if set, else less; rendered colours need less -R.
        import os
        import pydoc

        os.environ.setdefault("LESS", "-R")
        pydoc.pager(text)

    def show_lines(self, lines: Sequence[tuple[str, TextKind]]) -> None:
        output = get_app_session().output
        fragments = [(f"class:{kind}", line) for line, kind in lines]
        text = FormattedText([part for fragment in fragments for part in (fragment, ("", "\n"))])
        print_styled(output, text, STYLE)
        output.flush()

    def select(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
        at_once: bool = False,
    ) -> str | Back:
        choices: list[Choice] = []
        if default is None:
            # Nothing is chosen until the person chooses: the pointer starts on this line.
            choices.append(Separator(self.content.text("interview.placeholder")))
        choices += [Choice(option.label, value=option.value) for option in options]
        if back is not None:
            choices.append(Choice(back, value=_BACK_VALUE, shortcut_key=BACK_KEY))
        control = _WrappedList(
            choices,
            answer_keys(self.content),
            initial_choice=default,
            use_indicator=False,
            use_shortcuts=True,
        )
        if default is None:
            control.pointed_at = 0
        notice = _Notice()
        bindings = _list_bindings(control, notice, answers_at_once=at_once)

        @bindings.add(Keys.ControlM, eager=True)
        def submit(event: KeyPressEvent) -> None:
            if not control.is_selection_valid():
                key = "choose_first_at_once" if at_once else "choose_first"
                notice.text = self.content.text(f"interview.{key}")
                return
            control.is_answered = True
            event.app.exit(result=control.get_pointed_at().value)

        def answer_shown() -> str:
            return control.label(control.get_pointed_at())

        value = _run(control, notice, bindings, message, help_text, instruction, answer_shown)
        return BACK if value == _BACK_VALUE else str(value)

    def checkbox(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
    ) -> list[str] | Back:
        choices = [
            Choice(option.label, value=option.value, checked=option.value in checked)
            for option in options
        ]
        if back is not None:
            choices.append(Choice(back, value=_BACK_VALUE, shortcut_key=BACK_KEY))
        control = _WrappedList(
            choices, answer_keys(self.content), use_indicator=True, use_shortcuts=True
        )
        order = [option.value for option in options]
        labels = {option.value: option.label for option in options}
        notice = _Notice()
        bindings = _list_bindings(control, notice, toggles=True)
        empty_confirmed = False

        def ticked() -> list[str]:
            return [value for value in order if value in control.selected_options]

        @bindings.add(" ", eager=True)
        def toggle(event: KeyPressEvent) -> None:
            _toggle(control, notice)

        @bindings.add(Keys.ControlM, eager=True)
        def submit(event: KeyPressEvent) -> None:
            nonlocal empty_confirmed
            if control.get_pointed_at().value == _BACK_VALUE:
                control.is_answered = True
                event.app.exit(result=_BACK_VALUE)
                return
            if not ticked() and not empty_confirmed:
                empty_confirmed = True
                notice.text = self.content.text("interview.confirm_none")
                return
            control.is_answered = True
            event.app.exit(result=ticked())

        def answer_shown() -> str:
            if control.get_pointed_at().value == _BACK_VALUE and control.is_answered:
                return str(back)
            chosen = ticked()
            return (
                ", ".join(labels[v] for v in chosen)
                if chosen
                else self.content.text("interview.none")
            )

        result = _run(control, notice, bindings, message, help_text, instruction, answer_shown)
        return BACK if result == _BACK_VALUE else list(result)

    def text(
        self,
        name: str,
        message: str,
        *,
        check: Callable[[str], str | None],
        default: str = "",
        help_text: str = "",
        instruction: str = "",
        back_word: str | None = None,
        at_once_keys: str = "",
    ) -> str | Back:
        def is_back(typed: str) -> bool:
            return back_word is not None and typed.strip() == back_word

        class Checked(Validator):
            def validate(self, document: Document) -> None:
                if is_back(document.text):
                    return
                reason = check(document.text)
                if reason is not None:
                    raise ValidationError(cursor_position=len(document.text), message=reason)

        def tokens() -> FormattedText:
            parts = _question(message)
            if not get_app().is_done:
                parts += _guidance(help_text, instruction)
                parts.append(("class:pointer", "\n» "))
            return FormattedText(parts)

        bindings = KeyBindings()
        bindings.add(Keys.ControlQ, eager=True)(_interrupt)
        # Only on a line not yet edited: once the person types, the keys type as usual.
        untouched = Condition(lambda: get_app().current_buffer.text in ("", default))
        for key in at_once_keys:

            def answer_at_once(event: KeyPressEvent, key: str = key) -> None:
                event.current_buffer.text = key
                event.current_buffer.validate_and_handle()

            bindings.add(key, filter=untouched, eager=True)(answer_at_once)
        session: PromptSession[str] = PromptSession(
            tokens,
            validator=Checked(),
            validate_while_typing=False,
            style=STYLE,
            key_bindings=bindings,
        )
        _faults_end_the_prompt(session.app)
        typed = session.prompt(default=default)
        return BACK if is_back(typed) else typed


class AnswerKeys(NamedTuple):
    """Letters that choose an option wherever it exists (spec section 3: y for Yes, n for
    No or None, u for Not sure; a language adds its own, such as s for Sí). The first is
    the one named. In clinician mode the same letters answer at once."""

    letters: str
    values: tuple[str, ...]


def answer_keys(content: Content) -> tuple[AnswerKeys, ...]:
    """The letters for No (or None), Yes and Not sure in ``content``'s language."""
    return (
        AnswerKeys(content.text("interview.no_keys"), ("no", "none")),
        AnswerKeys(content.text("interview.yes_keys"), ("yes",)),
        AnswerKeys(content.text("interview.unsure_keys"), ("not_sure", "unsure")),
    )


class _WrappedList(InquirerControl):
    """questionary's list, with every option wrapped at words to the terminal's width
    (anew at each redraw, so a resized window re-wraps), and the letters for Yes and No
    kept for them rather than handed out as shortcuts."""

    def __init__(
        self, choices: Sequence[Choice], keys: Sequence[AnswerKeys], **options: Any
    ) -> None:
        self.keys = keys
        taken = {letter for key in keys for letter in key.letters}
        self.SHORTCUT_KEYS = [key for key in self.SHORTCUT_KEYS if key not in taken]
        super().__init__(choices, **options)
        self._labels = {id(choice): str(choice.title) for choice in self.choices}

    def label(self, choice: Choice) -> str:
        """The option's wording, unwrapped."""
        return self._labels[id(choice)]

    def _get_choice_tokens(self) -> Any:
        columns = _columns()
        for choice in self.choices:
            lead = 3  # the pointer
            if not isinstance(choice, Separator):
                shortcut = choice.get_shortcut_title()  # type: ignore[no-untyped-call]
                lead += len(shortcut) + (2 if self.use_indicator else 0)
            choice.title = out.wrap(self.label(choice), columns, indent=" " * lead)[lead:]
        return super()._get_choice_tokens()  # type: ignore[no-untyped-call]


class _Notice:
    """A line shown under a list until the next key, such as "choose an answer first".

    It is part of the prompt, not prompt_toolkit's bottom toolbar, which a terminal that
    does not report the cursor position never shows.
    """

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text: str | None = None


def _list_bindings(
    control: _WrappedList,
    notice: _Notice,
    *,
    toggles: bool = False,
    answers_at_once: bool = False,
) -> KeyBindings:
    """Moving in a list: arrow keys, and each entry's number (which also ticks, in a
    checkbox, or answers at once with ``answers_at_once``). Ctrl-C and Ctrl-D stop; any
    other key does nothing."""
    bindings = KeyBindings()
    bindings.add(Keys.ControlC, eager=True)(_interrupt)
    bindings.add(Keys.ControlQ, eager=True)(_interrupt)

    @bindings.add(Keys.ControlD, eager=True)
    def end_of_input(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    def move(step: int) -> None:
        notice.text = None
        control.pointed_at = (control.pointed_at + step) % control.choice_count
        while not control.is_selection_valid():
            control.pointed_at = (control.pointed_at + step) % control.choice_count

    bindings.add(Keys.Down, eager=True)(lambda event: move(1))
    bindings.add(Keys.Up, eager=True)(lambda event: move(-1))

    for index, choice in enumerate(control.choices):
        if isinstance(choice, Separator) or choice.shortcut_key is None:
            continue

        def jump(event: KeyPressEvent, index: int = index) -> None:
            notice.text = None
            control.pointed_at = index
            if toggles:
                _toggle(control, notice)
            elif answers_at_once:
                control.is_answered = True
                event.app.exit(result=control.get_pointed_at().value)

        bindings.add(str(choice.shortcut_key), eager=True)(jump)
        for key in control.keys:
            if choice.value in key.values:
                for letter in key.letters:
                    bindings.add(letter, eager=True)(jump)

    @bindings.add(Keys.Any)
    def ignore(event: KeyPressEvent) -> None:
        """Typing anything else does nothing."""

    return bindings


def _toggle(control: InquirerControl, notice: _Notice) -> None:
    value = control.get_pointed_at().value
    if value == _BACK_VALUE:
        return
    notice.text = None
    if value in control.selected_options:
        control.selected_options.remove(value)
    else:
        control.selected_options.append(value)


def _interrupt(event: KeyPressEvent) -> None:
    event.app.exit(exception=KeyboardInterrupt, style="class:aborting")


def _columns() -> int:
    """Columns to lay a prompt out in: one less than the terminal, whose last column
    would make some terminals wrap the line themselves. Asked at every redraw, so the
    text is wrapped anew when the window is resized."""
    return max(out.MIN_WIDTH, get_app_session().output.get_size().columns - 1)


def _question(message: str, answer: str = "") -> list[tuple[str, str]]:
    """The question, wrapped at words; once answered, with the answer after it."""
    columns = _columns()
    wrapped = out.wrap(message, columns, indent="  ")[2:]
    parts = [("class:qmark", "?"), ("class:question", f" {wrapped} ")]
    if answer:
        last_line = len(wrapped.rsplit("\n", 1)[-1]) + 2
        if last_line + 1 + len(answer) > columns:
            answer = "\n" + out.wrap(answer, columns, indent="  ")
        parts.append(("class:answer", answer))
    return parts


def _indented(style: str, text: str) -> tuple[str, str]:
    return (style, "\n" + out.wrap(text, _columns(), indent="  "))


def _guidance(help_text: str, instruction: str) -> list[tuple[str, str]]:
    parts = []
    if help_text:
        parts.append(_indented("class:help", help_text))
    if instruction:
        parts.append(_indented("class:instruction", instruction))
    return parts


def _run(
    control: InquirerControl,
    notice: _Notice,
    bindings: KeyBindings,
    message: str,
    help_text: str,
    instruction: str,
    answer_shown: Callable[[], str],
) -> Any:
    """Show a list prompt until it is answered; once answered, one line remains."""

    def tokens() -> list[tuple[str, str]]:
        if control.is_answered:
            return _question(message, answer_shown())
        parts = _question(message) + _guidance(help_text, instruction)
        if notice.text:
            parts.append(_indented("class:notice", notice.text))
        return parts

    application: Application[Any] = Application(
        layout=create_inquirer_layout(control, tokens),
        key_bindings=bindings,
        style=STYLE,
    )
    _faults_end_the_prompt(application)
    return application.run()


def _faults_end_the_prompt(application: Application[Any]) -> None:
    """A fault inside a callback of the prompt (a check, a key binding) ends the prompt
    with that fault, so that the CLI handles it as any other: one line, the traceback
    only with --debug. prompt_toolkit itself would print the traceback, with what was
    typed in it, and wait for Enter."""

    def end_with_fault(loop: Any, context: dict[str, Any]) -> None:
        fault = context.get("exception") or RuntimeError("a fault in the prompt")
        if application.future is not None and not application.future.done():
            application.exit(exception=fault)

    # The event loop's handler, which prompt_toolkit installs from this attribute.
    application._handle_exception = end_with_fault  # type: ignore[method-assign]
