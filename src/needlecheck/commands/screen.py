"""The screen command: check the options, get the answers (a file, the interview, or
both), assess, and deliver the report; keep the screening only when asked to."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from needlecheck import out
from needlecheck.commands.common import check_ref, load, screen_format
from needlecheck.errors import NeedlecheckError, NotATerminalError, OutputError
from needlecheck.records import Record
from needlecheck.words import Words, say

if TYPE_CHECKING:
    from needlecheck.commands.batch import Source
    from needlecheck.interview.flow import Finished, Prefilled
    from needlecheck.model.answers import Mode
    from needlecheck.model.content import Content
    from needlecheck.report.build import Report

#: File suffix to the format it implies when --format is not given. The longest matching
#: suffix wins, so a .fhir.json file is FHIR, not needlecheck's own JSON.
SUFFIX_FORMATS = {
    ".fhir.json": "fhir",
    ".bundle.json": "fhir-bundle",
    ".json": "json",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


class ScreenRequest(Record):
    """The screen command's options, as given (a record: see ``needlecheck.records``)."""

    answers: str | None = None
    #: The files after the first in ``--answers F1 F2 …``.
    more_answers: tuple[str, ...] = ()
    ask_missing: bool = False
    clinician: bool = False
    ref: str | None = None
    report_format: str = "auto"
    output: Path | None = None
    output_dir: Path | None = None
    force: bool = False
    save: bool = False
    resume: bool = False
    restart: bool = False
    no_draft: bool = False
    lang: str | None = None

    @property
    def mode(self) -> Mode:
        return "clinician" if self.clinician else "self"

    @property
    def draft_options(self) -> list[str]:
        """The options about unfinished answers that were given, in a fixed order."""
        given = (("--resume", self.resume), ("--restart", self.restart))
        return [name for name, on in (*given, ("--no-draft", self.no_draft)) if on]


def screen(request: ScreenRequest) -> None:
    """Screen from an answers file, or ask the questions one at a time."""
    from needlecheck.engine import assess

    mode = request.mode
    checked_ref = check_ref(request.ref, request.clinician)
    file_format = choose_format(request.report_format, request.output)
    check_answers_options(request)
    content = load(request.lang, mode)
    finished = None
    if request.answers is not None and not request.ask_missing:
        from needlecheck.commands.batch import collect

        sources, many = collect(content, [request.answers, *request.more_answers])
        if many or request.output_dir is not None:
            screen_many(content, request, sources)
            return
        given = sources[0].answers(content, mode)
    else:
        check_interview_options(request.draft_options, missing_only=request.ask_missing)
        prefilled = None
        if request.answers is not None:
            from needlecheck.answers.files import read_answers
            from needlecheck.interview.flow import Prefilled

            prefilled = Prefilled(read_answers(content, request.answers), request.answers)
        finished = interview(content, mode, checked_ref, request.draft_options, prefilled)
        given, checked_ref = finished.answers, check_ref(finished.ref, request.clinician)
    # Imported only now, so that they do not delay the interview's first question.
    from needlecheck.render import render
    from needlecheck.report.build import build_report

    assessment = assess(content, given, mode)
    report = build_report(content, assessment, ref=checked_ref)
    output = request.output
    if finished is not None and output is None:
        # After the interview: the result on one screen, the full report (in the format
        # chosen, plain text wrapped as on the screen) in a pager.
        def full_report() -> str:
            text = render(report, file_format)
            return out.wrap_lines(text, out.width()) if file_format == "text" else text

        finished.show_result(report, full_report, None)
    else:
        deliver(content, render(report, file_format), file_format, output, force=request.force)
        if finished is not None and output is not None:
            finished.show_result(report, None, str(output))
    if should_save(request, finished):
        save_screening(report)
    if finished is not None:
        finished.discard_draft()


def screen_many(content: Content, request: ScreenRequest, sources: list[Source]) -> None:
    """Several answers files (or a folder, or JSON Lines): each assessed and delivered by
    ``commands.batch``; the options that belong to one screening are refused."""
    from needlecheck.commands.batch import check_destination, screen_all

    one_screening = {"--output": request.output is not None, "--save": request.save}
    refused = [
        name for name, given in {**one_screening, "--ref": bool(request.ref)}.items() if given
    ]
    if refused:
        raise NeedlecheckError(content.text("batch.not_with", option=refused[0]))
    file_format = check_destination(content, request.report_format, request.output_dir)
    screen_all(
        content,
        sources,
        mode=request.mode,
        file_format=file_format,
        output_dir=request.output_dir,
        force=request.force,
    )


def check_answers_options(request: ScreenRequest) -> None:
    """The options about the interview make sense with (or without) an answers file."""
    if request.answers is None and (request.more_answers or request.output_dir is not None):
        raise NeedlecheckError(
            say("screen.stray_file", name=repr(request.more_answers[0]))
            if request.more_answers
            else say("screen.output_dir_needs_answers")
        )
    if request.ask_missing and request.more_answers:
        raise NeedlecheckError(say("screen.ask_missing_one_file"))
    if request.ask_missing and request.answers is None:
        raise NeedlecheckError(say("screen.ask_missing_needs_answers"))
    draft_options = request.draft_options
    if request.answers is not None and draft_options and not request.ask_missing:
        raise NeedlecheckError(say("screen.draft_option_with_answers", option=draft_options[0]))


def check_interview_options(draft_options: list[str], *, missing_only: bool) -> None:
    """Before anything is read: the questions can be asked here, with these options.
    ``missing_only``: only the questions an answers file leaves out (--ask-missing)."""
    if len(draft_options) > 1:
        options: Words | str = draft_options[0]
        for option in draft_options[1:]:
            options = say("screen.option_and", first=options, second=option)
        raise NeedlecheckError(say("screen.options_together", options=options))
    if not sys.stdin.isatty():
        raise NotATerminalError(
            say(
                "screen.no_terminal_for_missing"
                if missing_only
                else "screen.no_terminal_for_questions"
            )
        )
    if not out.to_terminal():
        raise NotATerminalError(say("screen.no_terminal_to_show"))


def interview(
    content: Content,
    mode: Mode,
    ref: str | None,
    draft_options: list[str],
    prefilled: Prefilled | None,
) -> Finished:
    """Ask the questions in this terminal (needlecheck.interview is imported only here)."""
    from needlecheck.interview.flow import DraftPolicy, interview_in_terminal

    policies = {
        "--resume": DraftPolicy.RESUME,
        "--restart": DraftPolicy.RESTART,
        "--no-draft": DraftPolicy.OFF,
    }
    policy = policies[draft_options[0]] if draft_options else DraftPolicy.ASK
    return interview_in_terminal(content, mode, ref=ref, policy=policy, prefilled=prefilled)


def choose_format(requested: str, output: Path | None) -> str:
    """The report's format: the one asked for, else the output file's suffix's, else the
    screen's (``auto``)."""
    if requested == "terminal" and output is not None:
        raise OutputError(say("screen.terminal_to_file"))
    if requested != "auto":
        return requested
    if output is not None:
        name = output.name.lower()
        suffix = max((s for s in SUFFIX_FORMATS if name.endswith(s)), key=len, default=None)
        if suffix is None:
            known = ", ".join(SUFFIX_FORMATS)
            raise OutputError(say("screen.unknown_suffix", name=repr(output.name), suffixes=known))
        return SUFFIX_FORMATS[suffix]
    return screen_format()


def should_save(request: ScreenRequest, finished: Finished | None) -> bool:
    """Nothing is kept without --save, or a yes to the interview's last question."""
    return request.save or (finished is not None and finished.wants_to_keep())


def deliver(
    content: Content, text: str, file_format: str, output: Path | None, *, force: bool
) -> None:
    """The report to standard output (plain text wrapped to the width), or to a file
    private to the user, as it is."""
    if output is None:
        out.document(text, prose=file_format == "text")
        return
    from needlecheck.storage import write_private

    write_private(output, text, overwrite=force)
    out.status(content.text("screen.report_written", path=output))


def save_screening(report: Report) -> None:
    """Keep the screening for ``history`` and ``compare``."""
    from needlecheck.progress.history import save
    from needlecheck.report.json_contract import report_dict

    path = save(report_dict(report))
    out.status(report.content.text("screen.screening_saved", path=path))
