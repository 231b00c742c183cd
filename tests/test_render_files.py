"""Report files: the format follows the suffix, files are private (0600), written whole
or not at all, and an existing file is replaced only with --force."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck.cli import app

RUNNER = CliRunner()
EXAMPLE = str(EXAMPLES / "emergency-bladder.json")
TITLE = "Get emergency care now"


def _screen(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(app, ["screen", "--answers", EXAMPLE, *args])


def _is_html(text: str) -> bool:
    return text.startswith("<!DOCTYPE html>") and f'<h2 id="outcome">{TITLE}</h2>' in text


def _is_markdown(text: str) -> bool:
    return text.startswith("# ") and f"## {TITLE}" in text


def _is_text(text: str) -> bool:
    return text.split("\n\n")[1].startswith(TITLE) and "#" not in text


def _is_json(text: str) -> bool:
    level: str = json.loads(text)["outcome"]["level"]
    return level == "emergency"


def _is_fhir(text: str) -> bool:
    kind: str = json.loads(text)["resourceType"]
    return kind == "QuestionnaireResponse"


def _is_fhir_bundle(text: str) -> bool:
    bundle: dict[str, Any] = json.loads(text)
    kinds: tuple[str, str] = (
        bundle["resourceType"],
        bundle["entry"][1]["resource"]["resourceType"],
    )
    return kinds == ("Bundle", "RiskAssessment")


SUFFIXES: dict[str, Callable[[str], bool]] = {
    "report.html": _is_html,
    "report.htm": _is_html,
    "REPORT.HTML": _is_html,
    "report.md": _is_markdown,
    "report.markdown": _is_markdown,
    "report.txt": _is_text,
    "report.json": _is_json,
    "report.fhir.json": _is_fhir,  # the longer suffix wins over .json
    "Report.FHIR.json": _is_fhir,
    "report.bundle.json": _is_fhir_bundle,
}


@pytest.mark.parametrize(("name", "is_format"), SUFFIXES.items())
def test_format_follows_the_suffix_and_the_file_is_private(
    tmp_path: Path, name: str, is_format: Callable[[str], bool]
) -> None:
    target = tmp_path / name
    result = _screen("--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "readable only by you" in result.stderr
    assert is_format(target.read_text("utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [target]


def test_an_explicit_format_wins_over_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    assert _screen("--format", "html", "--output", str(target)).exit_code == 0
    assert _is_html(target.read_text("utf-8"))


@pytest.mark.parametrize(
    ("file_format", "is_format"),
    [("html", _is_html), ("fhir", _is_fhir), ("fhir-bundle", _is_fhir_bundle)],
)
def test_new_formats_go_to_standard_output_too(
    file_format: str, is_format: Callable[[str], bool]
) -> None:
    result = _screen("--format", file_format)
    assert result.exit_code == 0
    assert is_format(result.stdout)


def test_existing_file_is_kept_without_force_and_replaced_privately_with_it(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.html"
    target.write_text("keep me", "utf-8")
    target.chmod(0o644)
    refused = _screen("--output", str(target))
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"needlecheck: {target} already exists; use --force to replace it"
    ]
    assert target.read_text("utf-8") == "keep me"
    replaced = _screen("--output", str(target), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert _is_html(target.read_text("utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # not the old file's 0644
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_write_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    target = tmp_path / "report.fhir.json"
    if existing:
        target.write_text("old report", "utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = _screen("--output", str(target), "--force")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip() == f"needlecheck: cannot write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == ([target] if existing else [])
    if existing:
        assert target.read_text("utf-8") == "old report"


def test_terminal_format_is_not_for_files(tmp_path: Path) -> None:
    result = _screen("--format", "terminal", "--output", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert "--format terminal is for the screen" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_names_the_new_suffixes(tmp_path: Path) -> None:
    result = _screen("--output", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    for suffix in (".html", ".fhir.json", ".md", ".txt", ".json"):
        assert suffix in result.stderr
