"""Every date and time a person reads is in their local time, in the chosen language:
a screening saved at a known UTC time reads the same in its report's header, in
``history`` and in ``compare``, whatever offset the saved report was written with."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from conftest import DATA_FOLDER, EXAMPLES, run_needlecheck, safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.report.build import build_report
from render_views import rendered, words

EXAMPLE = EXAMPLES / "runner-right-buttock.json"
NEW_YORK = "America/New_York"
#: Saved at 15:00 UTC on 1 March 2026: 10:00 in New York (EST, UTC-5).
SAVED_AT = "2026-03-01T15:00:00+00:00"
EARLIER = "2026-02-01T15:30:00+00:00"
#: 10:00 and 10:30 in New York, as each language writes a date.
LOCAL = {
    "en": ("2026-03-01 10:00", "2026-02-01 10:30"),
    "es": ("01/03/2026 10:00", "01/02/2026 10:30"),
}


@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's local time is New York's while the test runs."""
    monkeypatch.setenv("TZ", NEW_YORK)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("in_new_york")
@pytest.mark.parametrize("code", ["en", "es"])
def test_the_reports_header_shows_its_utc_time_as_local_time(code: str) -> None:
    content = load_content(code)
    created = datetime.fromisoformat(SAVED_AT)
    report = build_report(content, assess(content, safe_answers(content)), created=created)
    header = content.text("header_date", date=LOCAL[code][0])
    assert header in words(rendered(report, "text", columns=200))


def saved_at_utc(home: Path, env: dict[str, str]) -> None:
    """Two screenings saved, then their reports dated at known UTC times."""
    for _ in range(2):
        result = run_needlecheck("screen", "--answers", str(EXAMPLE), "--save", env=env)
        assert result.returncode == 0, result.stderr
    paths = sorted((home / DATA_FOLDER).rglob("*.json"))  # named by UTC time: oldest first
    assert len(paths) == 2
    for path, created in zip(paths, (EARLIER, SAVED_AT), strict=True):
        report = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps({**report, "created": created}), "utf-8")


@pytest.mark.parametrize("code", ["en", "es"])
def test_history_and_compare_show_the_saved_utc_time_as_local_time(
    isolated_env: dict[str, str], code: str
) -> None:
    env = {**isolated_env, "TZ": NEW_YORK, "COLUMNS": "200"}
    saved_at_utc(Path(env["HOME"]), env)
    later, earlier = LOCAL[code]
    for command in ("history", "compare"):
        result = run_needlecheck(command, "--lang", code, env=env)
        assert result.returncode == 0, result.stderr
        shown = words(result.stdout)
        assert later in shown and earlier in shown, (command, shown)
