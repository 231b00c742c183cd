"""The command line's choices and shared options, as Typer reads them: the formats and
languages each command accepts, and the options several commands declare alike.

No ``from __future__ import annotations`` here (see ``cli.py``).
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ReportFormat(StrEnum):
    auto = "auto"
    terminal = "terminal"
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    fhir = "fhir"
    fhir_bundle = "fhir-bundle"


class Language(StrEnum):
    """The languages of ``language.LANGUAGES``, as choices for ``--lang``."""

    en = "en"
    es = "es"


class QuestionsFormat(StrEnum):
    auto = "auto"
    terminal = "terminal"
    text = "text"
    markdown = "markdown"
    json = "json"
    fhir = "fhir"


class AboutFormat(StrEnum):
    auto = "auto"
    terminal = "terminal"
    text = "text"
    markdown = "markdown"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language: en or es. Without it, the locale's (LC_ALL, LC_MESSAGES, LANG), else en.",
        show_default=False,
    ),
]

REF_FILTER_HELP = "Only the saved screenings with this clinician reference (--ref of screen)."

RefFilterOption = Annotated[str | None, typer.Option("--ref", help=REF_FILTER_HELP)]

ClinicianOption = Annotated[
    bool, typer.Option("--clinician", help="Clinician mode: a PT screening a caller.")
]

REPORT_FORMAT_HELP = (
    "Report format. auto: from --output's suffix (.html, .md, .txt, .json, "
    ".fhir.json, .bundle.json); on screen, the terminal summary, or plain text "
    "when piped. text is plain, for screen readers and notes; fhir is a FHIR R4 "
    "QuestionnaireResponse of the answers; fhir-bundle is a FHIR R4 Bundle of the "
    "answers, the outcome and findings (RiskAssessment) and the scores "
    "(Observations). jsonl is the JSON report on one line: with several answers files, "
    "one line per file on standard output."
)


# The options of each command, in the order --help lists them.

AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help=(
            "Read answers from a JSON or TOML file ('-' reads JSON from standard input) "
            "instead of asking. Several files, a folder of them, or JSON Lines on standard "
            "input are screened one after another (with --output-dir or --format jsonl)."
        ),
    ),
]

#: The files after the first of ``--answers F1 F2 …`` (Click options take one value).
MoreAnswersArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="[FILE]...", hidden=True, show_default=False),
]

AskMissingOption = Annotated[
    bool,
    typer.Option(
        "--ask-missing",
        help=(
            "With --answers: ask in this terminal only the questions that apply and the "
            "file leaves unanswered, then show every answer to check."
        ),
    ),
]

ClinicianRefOption = Annotated[
    str | None,
    typer.Option(
        "--ref",
        help="Clinician mode: initials or a record number for the report header (never a full name).",
    ),
]

ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help=REPORT_FORMAT_HELP)
]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (private to you) instead of the screen.",
    ),
]

OutputDirOption = Annotated[
    Path | None,
    typer.Option(
        "--output-dir",
        "-O",
        metavar="FOLDER",
        help=(
            "With --answers: write one report per answers file into FOLDER (private to you), "
            "named after the file, in the --format given (json by default)."
        ),
    ),
]

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Overwrite --output (or the reports in --output-dir) if there."),
]

SaveOption = Annotated[
    bool,
    typer.Option(
        "--save",
        help="Keep this screening (private to you) to follow progress with `history` and `compare`.",
    ),
]

ResumeOption = Annotated[
    bool,
    typer.Option("--resume", help="Carry on with saved unfinished answers without asking."),
]

RestartOption = Annotated[
    bool,
    typer.Option("--restart", help="Start the questions again, deleting saved unfinished answers."),
]

NoDraftOption = Annotated[
    bool,
    typer.Option(
        "--no-draft",
        help="Write nothing to disk while asking (stopping then loses the answers).",
    ),
]

PlotOption = Annotated[
    bool, typer.Option("--plot", help="Also draw each score over time (three or more).")
]

#: Worded in the history command's help (its docstring), as the other commands' are.
LimitOption = Annotated[int | None, typer.Option("--limit", metavar="N", min=0, show_default=False)]

ReportFilesOption = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[OLD.json NEW.json]",
        help="Two JSON reports to compare; without them, the two latest saved screenings.",
        show_default=False,
    ),
]

FromFirstOption = Annotated[
    bool,
    typer.Option(
        "--from-first",
        help="Compare the first saved screening with the latest (the course so far).",
    ),
]

YesOption = Annotated[bool, typer.Option("--yes", help="Remove without asking first.")]

ForgetRefOption = Annotated[
    str | None,
    typer.Option("--ref", help="Only this clinician reference's draft and saved screenings."),
]

QuestionsFormatOption = Annotated[
    QuestionsFormat,
    typer.Option(
        "--format",
        "-f",
        help=(
            "auto: the terminal layout on screen, plain text when piped; text and markdown: "
            "for reading; json: for programs; fhir: a FHIR R4 Questionnaire for forms tools."
        ),
    ),
]

WordForClinicianOption = Annotated[
    bool,
    typer.Option(
        "--clinician", help="Word the questions for a PT asking a caller (clinician mode)."
    ),
]

AboutFormatOption = Annotated[
    AboutFormat,
    typer.Option(
        "--format", "-f", help="auto: the terminal layout on screen, plain text when piped."
    ),
]


def lang_value(lang: Language | None) -> str | None:
    """The language code given with --lang, if any."""
    return lang.value if lang else None
