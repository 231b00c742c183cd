"""Dates in the chosen language wherever a person sees one (issue 17): the report's
header in every format, history, compare, and the offer to carry on an unfinished
interview. ``test_language.py`` checks how each language writes a date; these check the
places that show one use it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, safe_answers
from needlecheck.cli import app
from needlecheck.errors import Interrupted
from needlecheck.interview.drafts import DraftStore
from needlecheck.loading.content import load_content
from render_views import DOCUMENT_FORMATS
from test_interview_flow import INTERRUPT, Script, confirm, run

RUNNER = CliRunner()
EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")
SPANISH, ENGLISH = load_content("es"), load_content("en")
SHORT = {"es": r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", "en": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"}
MONTHS = "|".join(SPANISH.ui[f"dates.month_{month}"] for month in range(1, 13))


pytestmark = pytest.mark.usefixtures("home_without_locale")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def shown(*args: str) -> str:
    result = RUNNER.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
@pytest.mark.parametrize("code", ["es", "en"])
def test_the_reports_header_dates_it_as_the_language_does(file_format: str, code: str) -> None:
    content = load_content(code)
    header = content.text("header_date", date="DATE")
    text = shown("screen", "--answers", EXAMPLE, "--format", file_format, "--lang", code)
    pattern = re.escape(header).replace("DATE", SHORT[code])
    assert re.search(pattern, text), text[:300]


def _report(tmp_path: Path, name: str, created: str) -> str:
    path = tmp_path / name
    RUNNER.invoke(app, ["screen", "--answers", EXAMPLE, "--output", str(path)])
    report = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**report, "created": created}), "utf-8")
    return str(path)


def test_compare_dates_both_screenings_in_spanish(tmp_path: Path) -> None:
    before = _report(tmp_path, "a.json", "2026-01-02T10:00:00+00:00")
    after = _report(tmp_path, "b.json", "2026-03-07T09:05:00+00:00")
    assert "02/01/2026 10:00" in shown("compare", before, after, "--lang", "es")
    assert "07/03/2026 09:05" in shown("compare", before, after, "--lang", "es")
    assert "2026-03-07 09:05" in shown("compare", before, after, "--lang", "en")


def test_history_dates_each_screening_in_spanish() -> None:
    assert RUNNER.invoke(app, ["screen", "--answers", EXAMPLE, "--save"]).exit_code == 0
    assert re.search(r"1 " + SHORT["es"], shown("history", "--lang", "es"))
    assert re.search(r"1 " + SHORT["en"], shown("history", "--lang", "en"))


def test_the_offer_to_carry_on_dates_the_draft_in_spanish(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "state" / "needlecheck")
    stopped = Script(SPANISH, "self", safe_answers(SPANISH), [("weight_loss", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(SPANISH, stopped, store=store)
    again = Script(SPANISH, "self", confirm(safe_answers(SPANISH)), [("resume_question", "resume")])
    run(SPANISH, again, store=store)
    offer = again.messages["resume_question"]
    assert re.search(rf"del \d{{1,2}} de ({MONTHS}) de \d{{4}}, \d{{2}}:\d{{2}}", offer), offer
