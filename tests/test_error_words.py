"""Every error a person can cause is worded from the text files, in the chosen language:
with ``--lang es`` (or a Spanish locale) no English sentence of ``en.toml`` leaks into
what needlecheck prints, on any error path that can be triggered from outside."""

from __future__ import annotations

import json
import re
import string
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, home_variables, run_needlecheck
from needlecheck.cli import app
from needlecheck.loading.content import CONTENT_DIR
from test_spanish import assert_spanish

RUNNER = CliRunner()
RUNNER_EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")


def _english_pieces() -> set[str]:
    """Every run of two or more words between the placeholders of an English interface
    line that Spanish does not share: stricter than the three-word phrases of
    ``assert_spanish``, since an error line is short ("Permission denied")."""
    english = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))["ui"]
    spanish = tomllib.loads((CONTENT_DIR / "text" / "es.toml").read_text("utf-8"))["ui"]
    pieces: set[str] = set()

    def walk(en: object, es: object) -> None:
        if isinstance(en, dict) and isinstance(es, dict):
            for key, value in en.items():
                walk(value, es.get(key))
        elif isinstance(en, str) and en != es:
            for literal, *_ in string.Formatter().parse(en):
                part = " ".join(literal.strip(" .,:;()'`").split())
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= 2:
                    pieces.add(part)

    walk(english, spanish)
    return pieces


ENGLISH_PIECES = _english_pieces()


def assert_no_english(text: str, *, tmp_path: Path) -> None:
    text = text.replace(str(tmp_path), "F")  # a file's name is the person's, not ours
    assert text.strip(), "nothing was said"
    leaked = sorted(piece for piece in ENGLISH_PIECES if piece in text)
    assert not leaked, (leaked[:5], text)
    # A quoted name ('answer', a FHIR field; 'maybe', a value from the file) is shown as
    # it is in every language.
    assert_spanish(re.sub(r"'[A-Za-z_.-]+'", "", text))


def test_the_check_finds_an_english_error() -> None:
    with pytest.raises(AssertionError):
        assert_no_english(
            "needlecheck: cannot read F/a.json: Permission denied", tmp_path=Path("/x")
        )


# ── Answers files: every way one can be wrong ─────────────────────────────────────────

BAD_FILES: list[tuple[str, bytes]] = [
    ("empty.json", b""),
    ("broken.json", b'{"age": 4'),
    ("broken.toml", b"age = "),
    ("list.json", b"[1, 2]"),
    ("twice.json", b'{"age": 40, "age": 41}'),
    ("answers.yaml", b"age: 40"),
    ("latin1.toml", 'activity_1 = "Straße"'.encode("latin-1")),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("dots.toml", b"age." + b"a." * 5_000 + b"a = 1"),
    ("big.json", b" " * 1_000_001),
    (
        "values.json",
        json.dumps(
            {
                "age": 200,
                "agee": 40,
                "zzz_unknown": 1,
                "leg_pain": "x",
                "bladder_change": "maybe",
                "pain_areas": ["foot", "foot"],
                "treatments_tried": ["knee"],
                "goals": "run",
                "activity_1": 5,
                "activity_2": "x" * 501,
                "activity_3": "\ud800",
                "sbi_leg_pain": True,
                "sbi_numbness": 1.5,
                "sbi_weakness": None,
            }
        ).encode(),
    ),
    ("emergency.json", json.dumps({"bladder_change": "yes", "age": "old"}).encode()),
    ("many.json", json.dumps({f"unknown_{i}": 1 for i in range(70)}).encode()),
    ("patient.json", json.dumps({"resourceType": "Patient"}).encode()),
    (
        "other.json",
        json.dumps(
            {"resourceType": "QuestionnaireResponse", "questionnaire": "https://example.org/q"}
        ).encode(),
    ),
    (
        "fhir.json",
        json.dumps(
            {
                "resourceType": "QuestionnaireResponse",
                "item": [
                    {"answer": [{"valueInteger": 1}]},
                    {"linkId": "age", "answer": "x"},
                    {"linkId": "pain_side", "answer": [{"valueString": "left"}]},
                    {"linkId": "leg_pain", "answer": [{}]},
                    {"linkId": "duration", "answer": [{"valueCoding": {}}]},
                    {
                        "linkId": "bladder_change",
                        "answer": [{"valueCoding": {"system": "urn:x", "code": "no"}}],
                    },
                    {
                        "linkId": "cancer_history",
                        "answer": [
                            {"valueCoding": {"code": "no"}},
                            {"valueCoding": {"code": "no"}},
                        ],
                    },
                    {"linkId": "not_ours", "answer": [{"valueInteger": 1}]},
                    {"linkId": "back_pain", "answer": [{"valueInteger": 1}]},
                    {"linkId": "back_pain", "answer": [{"valueInteger": 2}]},
                    "not an item",
                ],
            }
        ).encode(),
    ),
]


@pytest.mark.parametrize(("name", "data"), BAD_FILES, ids=[name for name, _ in BAD_FILES])
def test_an_answers_file_error_is_spanish(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = RUNNER.invoke(app, ["screen", "--answers", str(path), "--lang", "es"])
    assert result.exit_code == 2, result.output
    assert_no_english(result.stderr, tmp_path=tmp_path)


def test_a_missing_answers_file_is_spanish(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["--lang", "es", "screen", "--answers", str(tmp_path / "a.json")])
    assert result.exit_code == 2, result.output
    assert_no_english(result.stderr, tmp_path=tmp_path)


def test_an_unreadable_answers_file_is_spanish_in_a_spanish_locale(tmp_path: Path) -> None:
    env = {**home_variables(tmp_path / "home"), "LANG": "es_ES.UTF-8", "PATH": "/usr/bin:/bin"}
    for name, data in [("a.json", b'{"age": 4'), ("folder.json", None)]:
        path = tmp_path / name
        path.mkdir() if data is None else path.write_bytes(data)
        result = run_needlecheck("screen", "--answers", str(path), env=env)
        assert result.returncode == 2, result.stderr
        assert_no_english(result.stderr, tmp_path=tmp_path)


# ── Writing the report, and reading saved ones back ────────────────────────────────────


def _output_in_folder(tmp_path: Path) -> list[str]:
    (tmp_path / "report.md").mkdir()
    return ["--output", str(tmp_path / "report.md")]


def _output_exists(tmp_path: Path) -> list[str]:
    (tmp_path / "report.md").write_text("", "utf-8")
    return ["--output", str(tmp_path / "report.md")]


def _output_nowhere(tmp_path: Path) -> list[str]:
    return ["--output", str(tmp_path / "missing" / "folder" / "report.md")]


@pytest.mark.parametrize("where", [_output_in_folder, _output_exists, _output_nowhere])
def test_a_report_that_cannot_be_written_is_spanish(
    tmp_path: Path, where: Callable[[Path], list[str]]
) -> None:
    args = ["screen", "--answers", RUNNER_EXAMPLE, "--lang", "es", *where(tmp_path)]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert_no_english(result.stderr, tmp_path=tmp_path)


@pytest.mark.parametrize(
    "data",
    [b"{", b"[]", b'{"outcome": {"level": "may_suit"}}', b'{"name": "left-pad"}'],
)
def test_a_damaged_report_to_compare_is_spanish(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "old.json").write_bytes(data)
    (tmp_path / "new.json").write_bytes(data)
    args = ["compare", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--lang", "es"]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert_no_english(result.stderr, tmp_path=tmp_path)


def test_a_damaged_saved_screening_is_skipped_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in home_variables(tmp_path / "home").items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "home" / ".local" / "share" / "needlecheck" / "screenings"
    folder.mkdir(parents=True, mode=0o700)
    (folder / "damaged.json").write_text('{"created": "2026-', "utf-8")
    result = RUNNER.invoke(app, ["history", "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert_no_english(result.stderr, tmp_path=tmp_path)
