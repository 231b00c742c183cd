"""What the commands say, in the chosen language (issue 11, issue 17): with ``--lang es``
no English ``[ui]`` wording leaks into what screen, history, compare and forget print,
on their errors and on the lines that say what they did.

``test_error_words.py`` covers the errors of answers files and report files; this covers
the options that do not fit, and the commands' own lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from needlecheck.cli import app
from test_error_words import assert_no_english

RUNNER = CliRunner()
EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")


pytestmark = pytest.mark.usefixtures("home_without_locale")


def needlecheck(*args: str, code: int | None = None) -> str:
    """What one run in Spanish printed (standard output, then standard error)."""
    result = RUNNER.invoke(app, [*args, "--lang", "es"])
    if code is not None:
        assert result.exit_code == code, result.output
    return result.stdout + result.stderr


def _report(tmp_path: Path, name: str, *extra: str, created: str = "") -> str:
    """A JSON report of the example answers (made at ``created``, if given)."""
    path = tmp_path / name
    RUNNER.invoke(app, ["screen", "--answers", EXAMPLE, "--output", str(path), *extra])
    if created:
        report = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps({**report, "created": created}), "utf-8")
    return str(path)


def _later_first(tmp_path: Path) -> list[str]:
    """Two reports, the later one first."""
    return [
        _report(tmp_path, "b.json", created="2026-06-02T10:00:00+00:00"),
        _report(tmp_path, "a.json", created="2026-06-01T10:00:00+00:00"),
    ]


def _save(*extra: str) -> None:
    result = RUNNER.invoke(app, ["screen", "--answers", EXAMPLE, "--save", *extra])
    assert result.exit_code == 0, result.output


def _saved(run: Callable[[], str]) -> str:
    """What ``run`` shows once a screening is saved."""
    _save()
    return run()


#: Runs in Spanish whose every line must be Spanish: (name, the run).
RUNS: list[tuple[str, Callable[[Path], str]]] = [
    ("ref without clinician", lambda _: needlecheck("screen", "--ref", "AB12", code=2)),
    (
        "ref a full name",
        lambda _: needlecheck("screen", "--clinician", "--ref", "Ana Pérez", code=2),
    ),
    ("files without --answers", lambda _: needlecheck("screen", "a.json", code=2)),
    ("output-dir without --answers", lambda t: needlecheck("screen", "-O", str(t), code=2)),
    (
        "ask-missing with several files",
        lambda _: needlecheck("screen", "--ask-missing", "-a", EXAMPLE, EXAMPLE, code=2),
    ),
    ("ask-missing without a file", lambda _: needlecheck("screen", "--ask-missing", code=2)),
    (
        "a draft option with --answers",
        lambda _: needlecheck("screen", "-a", EXAMPLE, "--resume", code=2),
    ),
    (
        "draft options together",
        lambda _: needlecheck("screen", "--resume", "--restart", "--no-draft", code=2),
    ),
    ("questions without a terminal", lambda _: needlecheck("screen", code=2)),
    (
        "missing questions without a terminal",
        lambda _: needlecheck("screen", "-a", EXAMPLE, "--ask-missing", code=2),
    ),
    (
        "terminal format to a file",
        lambda t: needlecheck("screen", "-a", EXAMPLE, "-f", "terminal", "-o", f"{t}/r.md", code=2),
    ),
    (
        "an output without a suffix",
        lambda t: needlecheck("screen", "-a", EXAMPLE, "-o", f"{t}/report", code=2),
    ),
    ("report written", lambda t: needlecheck("screen", "-a", EXAMPLE, "-o", f"{t}/r.md", code=0)),
    (
        "report written, clinician",
        lambda t: needlecheck("screen", "--clinician", "-a", EXAMPLE, "-o", f"{t}/r.md", code=0),
    ),
    ("screening saved", lambda _: needlecheck("screen", "-a", EXAMPLE, "--save", code=0)),
    ("history, nothing saved", lambda _: needlecheck("history", code=0)),
    ("history of a reference", lambda _: _saved(lambda: needlecheck("history", "--ref", "XY9"))),
    ("compare, nothing saved", lambda _: needlecheck("compare", code=2)),
    ("compare one file", lambda t: needlecheck("compare", _report(t, "a.json"), code=2)),
    (
        "compare files and --from-first",
        lambda t: needlecheck(
            "compare", _report(t, "a.json"), _report(t, "b.json"), "--from-first", code=2
        ),
    ),
    (
        "compare two people",
        lambda t: needlecheck(
            "compare",
            _report(t, "a.json"),
            _report(t, "b.json", "--clinician", "--ref", "AB12"),
            code=2,
        ),
    ),
    (
        "compare the later first",
        lambda t: needlecheck("compare", *_later_first(t), code=0),
    ),
    ("forget, nothing saved", lambda _: needlecheck("forget", code=0)),
    ("forget a reference", lambda _: needlecheck("forget", "--ref", "AB12", code=0)),
    ("forget without a terminal", lambda _: _saved(lambda: needlecheck("forget", code=2))),
    ("forget --yes", lambda _: _saved(lambda: needlecheck("forget", "--yes", code=0))),
    ("a mistyped option", lambda _: needlecheck("history", "--plott", code=2)),
    ("an unknown option", lambda _: needlecheck("history", "--zzz", code=2)),
    ("a value not a choice", lambda _: needlecheck("questions", "--format", "xx", code=2)),
    ("a missing value", lambda _: needlecheck("screen", "--output", code=2)),
    ("a value for a flag", lambda _: needlecheck("history", "--plot=yes", code=2)),
    ("an extra argument", lambda _: needlecheck("history", "extra", code=2)),
    ("extra arguments", lambda _: needlecheck("forget", "a", "b", code=2)),
    ("an unknown command", lambda _: needlecheck("zzz", code=2)),
    ("a mistyped command", lambda _: needlecheck("histroy", code=2)),
    ("not a number", lambda _: needlecheck("history", "--limit", "x", code=2)),
    ("a number out of range", lambda _: needlecheck("history", "--limit", "-1", code=2)),
]


@pytest.mark.parametrize("run", [run for _, run in RUNS], ids=[name for name, _ in RUNS])
def test_what_a_command_says_is_spanish(tmp_path: Path, run: Callable[[Path], str]) -> None:
    assert_no_english(run(tmp_path), tmp_path=tmp_path)


def test_the_check_finds_an_english_line(tmp_path: Path) -> None:
    english = RUNNER.invoke(app, ["compare", "--lang", "en"])
    with pytest.raises(AssertionError):
        assert_no_english(english.stderr, tmp_path=tmp_path)


def test_the_runs_say_what_they_are_about(tmp_path: Path) -> None:
    # Each run above reaches the line it is named for (not an earlier, other error).
    assert "b.json es el cribado más reciente" in needlecheck("compare", *_later_first(tmp_path))
    assert "no se pueden usar a la vez" in needlecheck("screen", "--resume", "--restart")
    assert "informe escrito en" in needlecheck("screen", "-a", EXAMPLE, "-o", f"{tmp_path}/r.md")
    _save()
    assert "añada --yes" in needlecheck("forget")
    assert "se borraron 1 cribado(s)" in needlecheck("forget", "--yes")
    assert "No existe la opción --plott (opciones posibles: --plot)" in needlecheck(
        "history", "--plott"
    )
    assert "valores posibles: auto, terminal" in needlecheck("questions", "--format", "xx")
    assert "Sobra(n) argumento(s): extra" in needlecheck("about", "extra")
    assert "Sobra(n) argumento(s): a b" in needlecheck("forget", "a", "b")
    assert "No existe el comando zzz" in needlecheck("zzz")
    for limit in ("x", "-1", "2.5"):
        said = needlecheck("history", "--limit", limit)
        assert "Valor no válido para '--limit': indique un número entero, 0 o más" in said
    assert "No existe el comando histroy (comandos posibles: 'history')" in needlecheck("histroy")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["zzz"], "No such command 'zzz'."),
        (["histroy"], "No such command 'histroy' (possible commands: 'history')"),
        (["--debug", "scren"], "No such command 'scren' (possible commands: 'screen')"),
    ],
)
def test_an_unknown_command_in_english_names_the_close_ones(args: list[str], said: str) -> None:
    result = RUNNER.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == f"needlecheck: {said} (see `needlecheck --help`)\n"


@pytest.mark.parametrize("limit", ["x", "-1"])
def test_a_number_that_does_not_fit_says_what_fits(limit: str) -> None:
    result = RUNNER.invoke(app, ["history", "--limit", limit, "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == (
        "needlecheck: Invalid value for '--limit': give a whole number, 0 or more "
        "(see `needlecheck history --help`)\n"
    )


def test_extra_arguments_in_english_as_click_words_them() -> None:
    result = RUNNER.invoke(app, ["history", "a", "b", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == (
        "needlecheck: Got unexpected extra argument(s) (a b) (see `needlecheck history --help`)\n"
    )
