"""The command line's choices and shared options, as Typer reads them: the formats and
languages each command accepts, and the options several commands declare alike.

Each help is a key of the text files' ``[ui.help]``, worded in the chosen language only
when help is shown (``cli_help``).

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


class ViewFormat(StrEnum):
    """The views of saved screenings: the terminal layout, on screen or piped, as always."""

    terminal = "terminal"
    text = "text"
    markdown = "markdown"


class AboutFormat(StrEnum):
    auto = "auto"
    terminal = "terminal"
    text = "text"
    markdown = "markdown"


LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="help.lang",
        show_default=False,
    ),
]

RefFilterOption = Annotated[str | None, typer.Option("--ref", help="help.ref_filter")]

ClinicianOption = Annotated[bool, typer.Option("--clinician", help="help.clinician")]

# The options of each command, in the order --help lists them.

AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help="help.answers",
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
        help="help.ask_missing",
    ),
]

ClinicianRefOption = Annotated[
    str | None,
    typer.Option(
        "--ref",
        help="help.clinician_ref",
    ),
]

ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="help.report_format")
]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="help.output",
    ),
]

OutputDirOption = Annotated[
    Path | None,
    typer.Option(
        "--output-dir",
        "-O",
        metavar="FOLDER",
        help="help.output_dir",
    ),
]

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="help.force"),
]

SaveOption = Annotated[
    bool,
    typer.Option(
        "--save",
        help="help.save",
    ),
]

ResumeOption = Annotated[
    bool,
    typer.Option("--resume", help="help.resume"),
]

RestartOption = Annotated[
    bool,
    typer.Option("--restart", help="help.restart"),
]

NoDraftOption = Annotated[
    bool,
    typer.Option("--no-draft", help="help.no_draft"),
]

PlotOption = Annotated[bool, typer.Option("--plot", help="help.plot")]

LimitOption = Annotated[
    int | None,
    typer.Option("--limit", metavar="N", min=0, show_default=False, help="help.limit"),
]

ReportFilesOption = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[OLD.json NEW.json]",
        help="help.report_files",
        show_default=False,
    ),
]

ViewFormatOption = Annotated[
    ViewFormat,
    typer.Option("--format", "-f", help="help.view_format"),
]

FromFirstOption = Annotated[
    bool,
    typer.Option("--from-first", help="help.from_first"),
]

YesOption = Annotated[bool, typer.Option("--yes", help="help.yes")]

ForgetRefOption = Annotated[
    str | None,
    typer.Option("--ref", help="help.forget_ref"),
]

QuestionsFormatOption = Annotated[
    QuestionsFormat,
    typer.Option(
        "--format",
        "-f",
        help="help.questions_format",
    ),
]

WordForClinicianOption = Annotated[
    bool,
    typer.Option("--clinician", help="help.word_for_clinician"),
]

AboutFormatOption = Annotated[
    AboutFormat,
    typer.Option("--format", "-f", help="help.about_format"),
]


def lang_value(lang: Language | None) -> str | None:
    """The language code given with --lang, if any."""
    return lang.value if lang else None
