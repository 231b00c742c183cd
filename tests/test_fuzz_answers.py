"""Bad input never crashes needlecheck, and never damages a file that is already there.

Whatever an answers file holds, the result is an assessment (exit 0) or one clear error
the person can fix (exit 2: a ``needlecheck: …`` line, then optional ``  - …`` detail
lines on standard error), never a traceback. Hypothesis drives the real CLI in-process
through Typer's CliRunner (fast); a handful of cases run the installed console script.
"""

from __future__ import annotations

import json
import math
import os
import stat
import traceback
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import home_variables, run_needlecheck, safe_answers, write_answers
from needlecheck import region
from needlecheck.answers.files import MAX_FILE_BYTES, safety_net_lines
from needlecheck.cli import app
from needlecheck.loading.content import load_content
from needlecheck.model.content import MAX_TEXT_LENGTH, Content
from needlecheck.model.emergency import emergency_advice
from needlecheck.model.logic import LEVELS
from strategies import answer_value

RUNNER = CliRunner()
#: Moderate example counts: the machine's cores are shared.
FUZZ = settings(max_examples=200, deadline=None)


@pytest.fixture(scope="module", autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """In-process runs use a throwaway home too."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in home_variables(tmp_path_factory.mktemp("home")).items():
            patch.setenv(name, value)
        yield


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every Hypothesis example (a function-scoped tmp_path is not reset
    between examples)."""
    return tmp_path_factory.mktemp("fuzz")


def screen(*arguments: str, stdin: bytes | None = None) -> Result:
    return RUNNER.invoke(app, ["screen", *arguments, "--format", "json"], input=stdin)


def screen_file(path: Path, data: bytes) -> Result:
    path.write_bytes(data)
    return screen("--answers", str(path))


def assert_clear_error(exit_code: int, stdout: str, stderr: str) -> None:
    """Exit 2, nothing on standard output, and one ``needlecheck:`` line plus details;
    before it only the emergency advice, after them only the short safety net (spec 8
    v2: valid answers that fire an emergency rule; a file that cannot be parsed)."""
    assert exit_code == 2, stderr
    assert stdout == ""
    assert stderr.endswith("\n")
    content = load_content(environment=region.environment(os.environ))
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("needlecheck: "))
    assert "\n".join(lines[:start]).strip() in ("", emergency_advice(content).strip()), stderr
    details = lines[start + 1 :]
    listed = next((i for i, line in enumerate(details) if not line.startswith("  - ")), None)
    if listed is not None:
        assert details[listed:] == safety_net_lines(content), stderr


def assert_assessed_or_clear_error(result: Result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert json.loads(result.stdout)["outcome"]["level"] in LEVELS
    else:
        assert_clear_error(result.exit_code, result.stdout, result.stderr)


# ── Strategies ───────────────────────────────────────────────────────────────────────

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
toml_values = st.recursive(
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.text()
    | st.dates()
    | st.datetimes()
    | st.times(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def answer_like(draw: st.DrawFn, content: Content, values: st.SearchStrategy[object]) -> object:
    """A table of real question ids and stray keys, holding good answers and junk, so
    validation and (when all is well) the engine and report are reached too."""
    ids = st.sampled_from([q.id for q in content.questions])
    table = {}
    for key in draw(st.lists(ids | st.text(max_size=12), max_size=12)):
        question = content.question_by_id.get(key)
        good = answer_value(question) if question else st.nothing()
        table[key] = draw(good | values)
    return table


def toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)  # a JSON string is a TOML basic string


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return toml_key(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    pairs = (f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
    return "{" + ", ".join(pairs) + "}"


def toml_document(table: dict[str, object]) -> str:
    return "".join(f"{toml_key(key)} = {toml_value(value)}\n" for key, value in table.items())


# ── Any content ──────────────────────────────────────────────────────────────────────


@FUZZ
@given(value=json_values)
def test_any_json_value(workspace: Path, value: object) -> None:
    data = json.dumps(value).encode()
    assert_assessed_or_clear_error(screen_file(workspace / "any.json", data))


@FUZZ
@given(data=st.data())
def test_any_json_table_of_answers_and_junk(
    content: Content, workspace: Path, data: st.DataObject
) -> None:
    table = data.draw(answer_like(content, json_values))
    encoded = json.dumps(table, ensure_ascii=data.draw(st.booleans())).encode()
    assert_assessed_or_clear_error(screen_file(workspace / "answers.json", encoded))


@FUZZ
@given(data=st.data())
def test_any_toml_document(content: Content, workspace: Path, data: st.DataObject) -> None:
    table = data.draw(answer_like(content, toml_values))
    assert isinstance(table, dict)
    document = toml_document(table).encode()
    assert_assessed_or_clear_error(screen_file(workspace / "answers.toml", document))


@FUZZ
@given(text=st.text(), suffix=st.sampled_from([".json", ".toml"]))
def test_any_text(workspace: Path, text: str, suffix: str) -> None:
    result = screen_file(workspace / f"text{suffix}", text.encode())
    assert_assessed_or_clear_error(result)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".json", ".toml"]))
def test_any_bytes(workspace: Path, data: bytes, suffix: str) -> None:
    assert_assessed_or_clear_error(screen_file(workspace / f"bytes{suffix}", data))


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_on_standard_input(data: bytes) -> None:
    assert_assessed_or_clear_error(screen("--answers", "-", stdin=data))


@FUZZ
@given(
    pairs=st.lists(
        st.tuples(st.sampled_from(["age", "leg_pain", "activity_1", "x"]), json_values),
        min_size=2,
        max_size=6,
    ).filter(lambda pairs: len({key for key, _ in pairs}) < len(pairs))
)
def test_a_key_given_twice_is_an_error(workspace: Path, pairs: list[tuple[str, object]]) -> None:
    as_json = "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in pairs) + "}"
    result = screen_file(workspace / "twice.json", as_json.encode())
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert "answered twice" in result.stderr


def test_a_toml_key_given_twice_is_an_error(tmp_path: Path) -> None:
    result = screen_file(tmp_path / "twice.toml", b"age = 40\nage = 41\n")
    assert_clear_error(result.exit_code, result.stdout, result.stderr)


@FUZZ
@given(text=st.text(max_size=MAX_TEXT_LENGTH))
def test_any_unicode_text_answer_is_screened(content: Content, workspace: Path, text: str) -> None:
    path = write_answers(workspace / "unicode.json", safe_answers(content) | {"activity_1": text})
    result = screen("--answers", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"]["activity_1"] == text
    as_text = RUNNER.invoke(app, ["screen", "--answers", str(path), "--format", "text"])
    assert as_text.exit_code == 0, as_text.output


def test_keys_cannot_break_lines_or_reach_the_terminal(tmp_path: Path) -> None:
    table = {"one\ntwo": 1, "\x1b[2Jwipe": 2, "\u2028": 3}
    result = screen_file(tmp_path / "keys.json", json.dumps(table).encode())
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert "\x1b" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 + len(table)


# ── Awkward files ────────────────────────────────────────────────────────────────────


def padded_to(size: int, content: Content) -> bytes:
    """A valid answers file of exactly ``size`` bytes (JSON allows trailing spaces)."""
    answers = json.dumps(safe_answers(content) | {"pain_areas": ["buttock"]}).encode()
    return answers + b" " * (size - len(answers))


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("empty.json", b"", "is empty"),
        ("blank.toml", b" \n\t\n", "is empty"),
        ("bom-only.json", "\ufeff".encode(), "is empty"),
        ("utf16.json", '{"age": 40}'.encode("utf-16"), "not UTF-8"),
        ("latin1.toml", 'activity_1 = "Straße"'.encode("latin-1"), "not UTF-8"),
        ("nul.json", b"\x00" * 10, "not valid JSON"),
        ("list.json", b"[]", "not list"),
        ("string.json", b'"age"', "not str"),
        ("null.json", b"null", "not NoneType"),
        ("number.toml", b"42", "not valid TOML"),
        ("table.toml", b"[age]\nvalue = 40\n", "age: expected a whole number"),
        ("answers.txt", b"{}", "must end in .json or .toml"),
        ("answers", b"{}", "must end in .json or .toml"),
        ("big.json", b" " * (MAX_FILE_BYTES + 1), "larger than"),
        ("huge.toml", b"#" * (5 * MAX_FILE_BYTES), "larger than"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        ("deep-value.json", b'{"age": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
        ("deep.toml", b"age = " + b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        ("deep-table.toml", b"age = " + b"{a = " * 5000 + b"1" + b"}" * 5000, "nested too deeply"),
        ("dotted-key.toml", b"age." + b"a." * 100_000 + b"a = 1", "dots"),
        ("dotted-header.toml", b"[" + b"a." * 100_000 + b"a]", "dots"),
        ("dotted-inline.toml", b"age = {" + b"a." * 100_000 + b"a = 1}", "dots"),
        ("dotted-quoted.toml", b"age." + b'"a".' * 100_000 + b"a = 1", "dots"),
    ],
)
def test_awkward_files(tmp_path: Path, name: str, data: bytes, fragment: str) -> None:
    result = screen_file(tmp_path / name, data)
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert fragment in result.stderr


@pytest.mark.parametrize("depth", [10, 100, 500, *range(950, 1000, 5)])
def test_nesting_near_the_recursion_limit(tmp_path: Path, depth: int) -> None:
    for key in ("pain_areas", "age", "unknown"):
        data = f'{{"{key}": {"[" * depth}{"]" * depth}}}'.encode()
        assert_assessed_or_clear_error(screen_file(tmp_path / "deep.json", data))


def test_largest_allowed_file_is_read(content: Content, tmp_path: Path) -> None:
    result = screen_file(tmp_path / "full.json", padded_to(MAX_FILE_BYTES, content))
    assert result.exit_code == 0, result.output
    too_big = screen_file(tmp_path / "full.json", padded_to(MAX_FILE_BYTES + 1, content))
    assert_clear_error(too_big.exit_code, too_big.stdout, too_big.stderr)


def test_text_answers_full_of_dots_are_read(content: Content, tmp_path: Path) -> None:
    texts = {q.id: "." * MAX_TEXT_LENGTH for q in content.questions if q.type == "text"}
    answers = safe_answers(content, "clinician") | texts
    document = toml_document(
        {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    )
    path = tmp_path / "dots.toml"
    path.write_text(document, "utf-8")
    result = RUNNER.invoke(
        app, ["screen", "--clinician", "--answers", str(path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output


def test_byte_order_mark_is_allowed(content: Content, tmp_path: Path) -> None:
    answers = json.dumps(safe_answers(content) | {"pain_areas": ["buttock"]})
    result = screen_file(tmp_path / "bom.json", "\ufeff".encode() + answers.encode())
    assert result.exit_code == 0, result.output


def test_too_much_on_standard_input() -> None:
    result = screen("--answers", "-", stdin=b"{" + b" " * (2 * MAX_FILE_BYTES) + b"}")
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert "larger than" in result.stderr


def test_file_that_is_not_there(tmp_path: Path) -> None:
    (tmp_path / "gone.json").symlink_to(tmp_path / "vanished.json")
    for path in (tmp_path / "never.json", tmp_path / "gone.json"):
        result = screen("--answers", str(path))
        assert_clear_error(result.exit_code, result.stdout, result.stderr)
        assert "cannot read" in result.stderr


def test_folder_given_as_answers_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()  # a folder of answers files (issue 15: batch), here an empty one
    result = screen("--answers", str(folder))
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert "holds no answers files" in result.stderr


def test_unreadable_file(content: Content, tmp_path: Path, isolated_env: dict[str, str]) -> None:
    path = write_answers(tmp_path / "locked.json", safe_answers(content))
    path.chmod(0)
    result = run_needlecheck(
        "screen", "--answers", str(path), env=isolated_env, file_modes_bind=True
    )
    assert_clear_error(result.returncode, result.stdout, result.stderr)
    assert "Permission denied" in result.stderr


# ── Where the report goes ────────────────────────────────────────────────────────────


@pytest.fixture
def answers_file(content: Content, tmp_path: Path) -> Path:
    return write_answers(tmp_path / "answers.json", safe_answers(content))


def screen_to(answers: Path, output: Path, *options: str) -> Result:
    return RUNNER.invoke(
        app, ["screen", "--answers", str(answers), "--output", str(output), *options]
    )


@pytest.mark.parametrize(
    "output",
    [
        "missing/folder/report.md",
        "answers.json/report.md",  # a file where a folder should be
        "folder",  # a folder where the file should be
        "a" * 300 + ".md",  # a name longer than the file system allows
    ],
)
def test_report_cannot_be_written(answers_file: Path, tmp_path: Path, output: str) -> None:
    (tmp_path / "folder").mkdir()
    result = screen_to(answers_file, tmp_path / output)
    assert_clear_error(result.exit_code, result.stdout, result.stderr)


def test_report_into_read_only_folder(
    answers_file: Path, tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_needlecheck(
            "screen",
            "--answers",
            str(answers_file),
            "--output",
            str(folder / "report.md"),
            env=isolated_env,
            file_modes_bind=True,
        )
    finally:
        folder.chmod(0o700)
    assert_clear_error(result.returncode, result.stdout, result.stderr)
    assert "Permission denied" in result.stderr
    assert list(folder.iterdir()) == []


@FUZZ
@given(existing=st.binary(max_size=200), suffix=st.sampled_from([".md", ".json", ".txt"]))
def test_existing_report_is_kept_without_force(
    content: Content, workspace: Path, existing: bytes, suffix: str
) -> None:
    answers = write_answers(workspace / "answers.json", safe_answers(content))
    target = workspace / f"report{suffix}"
    target.write_bytes(existing)
    target.chmod(0o644)
    result = screen_to(answers, target)
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert "--force" in result.stderr
    assert target.read_bytes() == existing
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_answers_file_is_not_overwritten_by_its_own_report(answers_file: Path) -> None:
    before = answers_file.read_bytes()
    result = screen_to(answers_file, answers_file)
    assert_clear_error(result.exit_code, result.stdout, result.stderr)
    assert answers_file.read_bytes() == before


# ── The real console script ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("random.json", bytes(range(256)) * 4),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000),
        ("latin1.json", '{"activity_1": "Straße"}'.encode("latin-1")),
        ("keys.json", b'{"one\\ntwo": 1, "\\u001b[2J": 2}'),
        ("-", b"{" + b" " * (2 * MAX_FILE_BYTES) + b"}"),  # standard input
    ],
)
def test_console_script_reports_bad_files_clearly(
    tmp_path: Path, isolated_env: dict[str, str], name: str, data: bytes
) -> None:
    if name != "-":
        (tmp_path / name).write_bytes(data)
    result = run_needlecheck(
        "screen",
        "--answers",
        name,
        "--format",
        "json",
        env=isolated_env,
        cwd=tmp_path,
        stdin=data if name == "-" else b"",
    )
    assert_clear_error(result.returncode, result.stdout, result.stderr)


def test_a_pipe_without_a_suffix_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    # What `--answers <(command)` passes: a pipe named /dev/fd/N. Opening it would wait.
    pipe = tmp_path / "answers"
    os.mkfifo(pipe)
    result = run_needlecheck("screen", "--answers", str(pipe), env=isolated_env, cwd=tmp_path)
    assert_clear_error(result.returncode, result.stdout, result.stderr)
    assert "'-' reads JSON from standard input" in result.stderr


def test_console_script_keeps_an_existing_report(
    answers_file: Path, tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"an earlier report\n")
    result = run_needlecheck(
        "screen",
        "--answers",
        str(answers_file),
        "--output",
        str(target),
        env=isolated_env,
        cwd=tmp_path,
    )
    assert_clear_error(result.returncode, result.stdout, result.stderr)
    assert target.read_bytes() == b"an earlier report\n"
