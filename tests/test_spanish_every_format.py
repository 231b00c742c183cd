"""``needlecheck screen --answers F --lang es`` is Spanish in every format (issue 17, Done
when): the terminal summary, text, Markdown, HTML, the JSON report and its one-line form,
the FHIR QuestionnaireResponse and Bundle. No English wording of the text files leaks,
neither a report's nor an interface line's, and in clinician mode no format speaks to
its reader (``test_clinician_wording_spanish``).

The JSON formats are checked on the text they carry (every string value but ids, codes,
addresses and times), so their field names, which are English in every language, are not
taken for a leak.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck.cli import app
from needlecheck.loading.content import CONTENT_DIR
from needlecheck.render import FORMATS
from test_clinician_wording_spanish import to_the_reader
from test_error_words import assert_no_english
from test_spanish import SPANISH_ACTIVITIES, _strings

RUNNER = CliRunner()
JSON_FORMATS = {"json", "jsonl", "fhir", "fhir-bundle"}
#: String values that are never words: an address, a uuid, a time, an id or a code.
NOT_WORDS = re.compile(r"^(\S+://\S*|urn:\S+|[\d:T.+-]+|[\w./|-]*)$")


def strings(value: object) -> Iterator[str]:
    """The words in a JSON document: its string values but those that are never words."""
    return (text for text in _strings(value) if not NOT_WORDS.match(text))


def shown_text(output: str, file_format: str) -> str:
    """What a person reads of ``output``: for the JSON formats, the words it carries."""
    if file_format not in JSON_FORMATS:
        return output
    documents = output.splitlines() if file_format == "jsonl" else [output]
    return "\n".join(text for document in documents for text in strings(json.loads(document)))


pytestmark = pytest.mark.usefixtures("home_without_locale")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the terminal summary, drawn wide: few wraps


def spanish_answers(tmp_path: Path, example: str) -> Path:
    """An example's answers with its activities typed in Spanish."""
    source = EXAMPLES / example
    text = source.read_text("utf-8")
    answers = tomllib.loads(text) if source.suffix == ".toml" else json.loads(text)
    path = tmp_path / "respuestas.json"
    path.write_text(json.dumps({**answers, **SPANISH_ACTIVITIES}, ensure_ascii=False), "utf-8")
    return path


def test_every_format_is_checked() -> None:
    assert set(FORMATS) == {"terminal", "text", "markdown", "html", *JSON_FORMATS}


@pytest.mark.parametrize("file_format", list(FORMATS))
@pytest.mark.parametrize(
    "example", ["runner-right-buttock.json", "emergency-bladder.json", "warfarin-diabetes.toml"]
)
@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_screen_with_lang_es_is_spanish_in_every_format(
    tmp_path: Path, file_format: str, example: str, mode: str
) -> None:
    clinician = ["--clinician", "--ref", "AB12"] if mode == "clinician" else []
    path = spanish_answers(tmp_path, example)
    args = ["screen", "--answers", str(path), "--format", file_format, *clinician, "--lang", "es"]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = shown_text(result.stdout, file_format)
    assert_no_english(text, tmp_path=tmp_path)
    if mode == "clinician":
        assert to_the_reader(text) == []


def test_the_check_finds_english_in_a_json_report(tmp_path: Path) -> None:
    path = spanish_answers(tmp_path, "runner-right-buttock.json")
    english = RUNNER.invoke(app, ["screen", "--answers", str(path), "--format", "fhir-bundle"])
    with pytest.raises(AssertionError):
        assert_no_english(shown_text(english.stdout, "fhir-bundle"), tmp_path=tmp_path)


def codings(value: object) -> Iterator[dict[str, str]]:
    """Every coding (a code with its system and display) in a FHIR document."""
    if isinstance(value, dict):
        if "system" in value and "display" in value:
            yield value
        for item in value.values():
            yield from codings(item)
    elif isinstance(value, list):
        for item in value:
            yield from codings(item)


#: Code systems not ours (LOINC, HL7's observation categories): a display is the code
#: system's own words for its code, so it is the same in every language.
OTHER_SYSTEMS = ("http://loinc.org", "http://terminology.hl7.org/")
SPANISH_WORDS = set(_strings(tomllib.loads((CONTENT_DIR / "text" / "es.toml").read_text("utf-8"))))


@pytest.mark.parametrize("file_format", ["fhir", "fhir-bundle"])
def test_every_fhir_display_of_needlechecks_own_codes_is_spanish(
    tmp_path: Path, file_format: str
) -> None:
    """One-word displays ("Sí", "Nalga") escape the phrase checks above: each display of
    needlecheck's code system is the Spanish one, never an English label."""
    displays: dict[str, dict[str, set[str]]] = {"en": {}, "es": {}}
    for example in ("runner-right-buttock.json", "emergency-bladder.json"):
        path = spanish_answers(tmp_path, example)
        for code in ("en", "es"):
            args = ["screen", "--answers", str(path), "--format", file_format, "--lang", code]
            result = RUNNER.invoke(app, args)
            assert result.exit_code == 0, result.output
            for coding in codings(json.loads(result.stdout)):
                ours = not coding["system"].startswith(OTHER_SYSTEMS)
                kind = displays[code].setdefault("ours" if ours else "other", set())
                kind.add(coding["display"])
    english_only = displays["en"]["ours"] - SPANISH_WORDS
    assert "Yes" in english_only and "Sí" in displays["es"]["ours"]
    assert displays["es"]["ours"] & english_only == set()
    assert displays["es"].get("other") == displays["en"].get("other")


@pytest.mark.parametrize("mode", ["self", "clinician"])
@pytest.mark.parametrize(("written", "read"), [("es", "en"), ("en", "es")])
def test_a_fhir_response_written_in_one_language_screens_the_same_in_the_other(
    tmp_path: Path, mode: str, written: str, read: str
) -> None:
    """End to end through the command line, as a clinic's forms tool would pass it on
    (``test_fhir.py`` checks the same over many answer sets, in-process)."""
    clinician = ["--clinician"] if mode == "clinician" else []
    response = tmp_path / "respuesta.fhir.json"
    for example in ("runner-right-buttock.json", "emergency-bladder.json"):
        answers = ["--answers", str(spanish_answers(tmp_path, example)), *clinician]
        args = ["screen", *answers, "-o", str(response), "--force", "--lang", written]
        assert RUNNER.invoke(app, args).exit_code == 0
        assert json.loads(response.read_text("utf-8"))["language"] == written
        reports = [
            json.loads(RUNNER.invoke(app, ["screen", *source, "-f", "json", "--lang", read]).stdout)
            for source in (answers, ["--answers", str(response), *clinician])
        ]
        direct, through_fhir = reports
        assert through_fhir["answers"] == direct["answers"]
        assert through_fhir["outcome"] == direct["outcome"]
        assert through_fhir["findings"] == direct["findings"]
