"""The command line through Typer's CliRunner: formats, files, and every kind of bad input."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck import __version__
from needlecheck.cli import app

RUNNER = CliRunner()
RUNNER_EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")
SPEC_KEYS = {
    "needlecheck_version",
    "content_version",
    "mode",
    "ref",
    "outcome",
    "findings",
    "features",
    "scores",
    "discuss_with_pt",
    "unanswered",
    "warnings",
    "answers",
}


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(app, list(args), input=stdin)


def assert_user_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith("needlecheck: ") or "Usage:" in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"needlecheck {__version__}"


def test_json_report_has_every_key_of_spec_section_8() -> None:
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= SPEC_KEYS
    assert report["mode"] == "self"
    assert report["ref"] is None
    assert report["outcome"]["level"] == "discuss_precautions"
    assert set(report["outcome"]) >= {"level", "title", "advice"}
    assert report["findings"][0]["id"] == "mild_needle_fear"
    assert set(report["findings"][0]) >= {"id", "level", "message", "discuss", "sources"}
    assert set(report["features"]) == {"nerve_root_features", "muscle_features"}
    assert report["scores"] == {"sbi_total": 7, "leg_pain": 4, "back_pain": 5, "psfs_average": 3.5}
    assert report["answers"]["pain_areas"] == ["lower_back", "buttock"]


def test_toml_answers_file() -> None:
    result = run(
        "screen", "--answers", str(EXAMPLES / "warfarin-diabetes.toml"), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    ids = [f["id"] for f in json.loads(result.stdout)["findings"]]
    assert ids == ["anticoagulants", "diabetes_controlled", "mild_needle_fear"]


def test_answers_from_standard_input() -> None:
    text = Path(RUNNER_EXAMPLE).read_text("utf-8")
    result = run("screen", "--answers", "-", "--format", "json", stdin=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"]["level"] == "discuss_precautions"


def test_text_is_the_default_when_not_a_terminal() -> None:
    result = run("screen", "--answers", str(EXAMPLES / "emergency-bladder.json"))
    assert result.exit_code == 0
    assert "Get emergency care now" in result.stdout
    assert "\x1b[" not in result.stdout


def test_markdown_format() -> None:
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# ")
    assert "## May suit you, with precautions to discuss" in result.stdout


def test_clinician_mode_with_reference() -> None:
    result = run(
        "screen", "--answers", RUNNER_EXAMPLE, "--clinician", "--ref", "AB12", "--format", "json"
    )
    report = json.loads(result.stdout)
    assert report["mode"] == "clinician"
    assert report["ref"] == "AB12"
    # consent_capacity is a clinician safety question the example does not answer.
    assert report["outcome"]["level"] == "incomplete"
    assert report["unanswered"][0] == "consent_capacity"


@pytest.mark.parametrize("ref", ["John Smith", "x" * 21, "", "a;b"])
def test_reference_must_not_be_a_name(ref: str) -> None:
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--clinician", "--ref", ref)
    assert_user_error(result, "--ref", "never a full name")


def test_reference_needs_clinician_mode() -> None:
    assert_user_error(run("screen", "--answers", RUNNER_EXAMPLE, "--ref", "AB12"), "--clinician")


def test_invalid_file_reports_every_problem_and_assesses_nothing() -> None:
    result = run("screen", "--answers", str(EXAMPLES / "invalid.json"), "--format", "json")
    assert_user_error(result, "5 problems", "nothing was assessed")
    details = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(details) == 5


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.json", "", "is empty"),
        ("a.json", "{", "not valid JSON"),
        ("a.json", "[1, 2]", "must hold one JSON object"),
        ("a.json", '"yes"', "must hold one JSON object"),
        ("a.json", '{"age": 40, "age": 41}', "answered twice"),
        ("a.toml", "age = ", "not valid TOML"),
        ("a.yaml", "age: 40", "must end in .json or .toml"),
        ("a.json", '{"age": true}', "age: expected a whole number"),
        ("a.json", '{"age": 40.0}', "age: expected a whole number"),
        ("a.json", '{"bladder_change": "maybe"}', "bladder_change: 'maybe' is not an option"),
        ("a.json", '{"pain_areas": ["foot", "foot"]}', "listed twice"),
        ("a.json", '{"pain_areas": ["knee"]}', "unknown option 'knee'"),
        ("a.json", '{"activity_1": 5}', "activity_1: expected text"),
        ("a.json", '{"activity_1": "' + "x" * 501 + '"}', "at most 500 characters"),
        ("a.json", '{"agee": 40}', "did you mean 'age'"),
    ],
)
def test_bad_answers_files(tmp_path: Path, name: str, data: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(data, "utf-8")
    assert_user_error(run("screen", "--answers", str(path)), expected)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b'{"activity_1": "\xff\xfe"}')
    assert_user_error(run("screen", "--answers", str(path)), "not UTF-8")


def test_missing_file() -> None:
    assert_user_error(run("screen", "--answers", "/nonexistent/answers.json"), "cannot read")


def test_no_answers_and_no_terminal_points_to_answers() -> None:
    result = run("screen", stdin="")
    assert_user_error(result, "--answers")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_format_is_a_usage_error() -> None:
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--format", "pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_output_file_is_private_and_format_follows_suffix(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text("utf-8"))["outcome"]["level"] == "discuss_precautions"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("keep me", "utf-8")
    assert_user_error(
        run("screen", "--answers", RUNNER_EXAMPLE, "--output", str(target)), "--force"
    )
    assert target.read_text("utf-8") == "keep me"
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--output", str(target), "--force")
    assert result.exit_code == 0
    assert target.read_text("utf-8").startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_output_with_unknown_suffix_needs_a_format(tmp_path: Path) -> None:
    assert_user_error(
        run("screen", "--answers", RUNNER_EXAMPLE, "--output", str(tmp_path / "r.pdf")), "--format"
    )


def test_output_into_missing_folder(tmp_path: Path) -> None:
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--output", str(tmp_path / "no" / "r.md"))
    assert_user_error(result, "cannot write")


def test_a_file_of_many_unknown_keys_is_refused_quickly_and_briefly(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({f"key_{n}": "yes" for n in range(20_000)}), "utf-8")
    result = run("screen", "--answers", str(path))
    assert_user_error(result, "20000 problems", "… and 19940 more")
    assert len(result.stderr.splitlines()) == 62


def test_a_file_name_with_control_characters_cannot_drive_the_terminal(tmp_path: Path) -> None:
    result = run("screen", "--answers", str(tmp_path / "a\x1b[2Jb\nc.json"))
    assert_user_error(result, "cannot read", "\\x1b[2Jb\\nc.json")
    assert "\x1b" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_written_file_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    output = tmp_path / "a\x1b]0;owned\x07\u202eb.md"
    result = run("screen", "--answers", RUNNER_EXAMPLE, "--output", str(output))
    assert result.exit_code == 0, result.stderr
    assert output.exists()
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b]0;owned\\x07\\u202eb.md" in result.stderr
