"""Many saved screenings (issue 15 item 4): compare reads only the two it compares,
history lists the latest first up to a limit and says how many more there are, and a
``--ref`` filter passes over other people's files without opening them.

Every test points the XDG folders at a temporary folder: nothing touches the real home.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from needlecheck import out
from needlecheck.cli import app
from needlecheck.commands import history as history_command
from needlecheck.interview.cursor import Snapshot
from needlecheck.interview.drafts import DraftStore, state_directory
from needlecheck.loading.content import load_content
from needlecheck.progress.history import load_saved, save, screenings_folder
from needlecheck.progress.saved_names import SAVED_NAME

RUNNER = CliRunner()


pytestmark = pytest.mark.usefixtures("data_home")


def run(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(app, list(args), env={"COLUMNS": "160"})


def report(leg_pain: int, ref: str | None = None, day: int = 2) -> dict[str, Any]:
    saved: dict[str, Any] = {
        "created": f"2026-03-{day:02}T09:00:00+00:00",
        "outcome": {"level": "may_suit"},
        "scores": {"leg_pain": leg_pain},
    }
    if ref is not None:
        saved["ref"] = ref
    return saved


def leg_pains(output: str) -> list[str]:
    """The leg pain of each history entry, in the order listed."""
    return [part.split("/")[0] for part in output.split("Leg pain ")[1:]]


@contextmanager
def files_opened(folder: Path) -> Iterator[list[Path]]:
    """Every file inside ``folder`` that is opened meanwhile, however it is opened."""
    opened: list[Path] = []
    real_os_open, real_open = os.open, io.open

    def note(path: Any) -> None:
        if isinstance(path, str | os.PathLike) and Path(path).parent == folder:
            opened.append(Path(path))

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        note(path)
        return real_os_open(path, *args, **kwargs)

    def spy_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        note(path)
        return real_open(path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", spy_os_open)
        patch.setattr(io, "open", spy_open)
        patch.setattr(builtins, "open", spy_open)
        yield opened


def old_style(saved: dict[str, Any], stamp: str, random_part: str) -> Path:
    """A screening saved under the names needlecheck gave before names said whose."""
    path = screenings_folder() / f"{stamp}-{random_part}.json"
    path.write_text(json.dumps(saved), "utf-8")
    path.chmod(0o600)
    return path


# ── compare


@pytest.mark.parametrize("extra", [[], ["--from-first"], ["--ref", "AB12"]])
def test_compare_opens_only_the_two_screenings_it_compares(extra: list[str]) -> None:
    paths = [save(report(pain, ref="AB12")) for pain in range(10)]
    expected = {paths[0] if extra == ["--from-first"] else paths[-2], paths[-1]}
    with files_opened(screenings_folder()) as opened:
        result = run("compare", *extra)
    assert result.exit_code == 0, result.output
    assert set(opened) == expected
    first = 0 if extra == ["--from-first"] else 8
    assert f"Leg pain {first} 9" in " ".join(result.stdout.split())


def test_compare_passes_over_an_unreadable_latest_and_names_it() -> None:
    for pain in range(4):
        save(report(pain))
    damaged = screenings_folder() / "20991231T000000000000Z-deadbeef-noref.json"
    damaged.write_text("{", "utf-8")
    damaged.chmod(0o600)
    result = run("compare")
    assert result.exit_code == 0, result.output
    assert damaged.name in result.stderr and "skipped" in result.stderr
    assert "Leg pain 2 3" in " ".join(result.stdout.split())


# ── history: the latest first, a limit, and how many more


def test_history_lists_the_latest_first_up_to_the_limit_and_says_how_many_more() -> None:
    for pain in range(5):
        save(report(pain))
    result = run("history", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert leg_pains(result.stdout) == ["4", "3"]
    assert result.stdout.splitlines()[-1] == (
        "3 earlier screening(s) not shown; add --limit 0 to see them all."
    )
    every = run("history", "--limit", "0")
    assert leg_pains(every.stdout) == ["4", "3", "2", "1", "0"]
    assert "not shown" not in every.stdout


def test_history_opens_only_the_screenings_it_lists() -> None:
    paths = [save(report(pain % 10)) for pain in range(30)]
    with files_opened(screenings_folder()) as opened:
        result = run("history", "--limit", "3")
    assert "27 earlier screening(s) not shown" in result.stdout
    assert sorted(opened) == paths[-3:]


def test_history_numbers_each_screening_in_the_order_saved() -> None:
    for pain in range(5):
        save(report(pain))
    lines = run("history", "--limit", "2").stdout.splitlines()
    assert lines[1].split()[0] == "5" and lines[3].split()[0] == "4"


def test_history_in_a_pipe_shows_twenty_and_the_rest_in_spanish_too() -> None:
    for pain in range(23):
        save(report(pain % 10))
    result = run("history")
    assert len(leg_pains(result.stdout)) == 20
    assert "3 earlier screening(s) not shown" in result.stdout
    spanish = run("history", "--lang", "es")
    assert "Hay 3 cribado(s) anterior(es) que no se muestran" in spanish.stdout
    assert "añada --limit 0" in spanish.stdout


@pytest.mark.parametrize(("lines", "expected"), [(None, 20), (24, 7), (60, 19), (4, 1)])
def test_history_shows_a_screenful_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, lines: int | None, expected: int
) -> None:
    monkeypatch.setattr(out, "height", lambda: lines)
    assert history_command.default_limit() == expected


def test_history_limit_takes_whole_numbers_only() -> None:
    result = run("history", "--limit", "-1")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_history_plot_draws_the_screenings_listed() -> None:
    for pain in (8, 7, 6, 5, 4):
        save(report(pain, ref="AB12"))
    result = run("history", "--plot", "--limit", "3")
    assert result.exit_code == 0, result.output
    chart = result.stdout.split("Leg pain (0 to 10", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[-1] for line in chart.splitlines()[1:]] == ["6", "5", "4"]


def test_a_folder_among_the_saved_screenings_is_passed_over_without_a_word() -> None:
    save(report(3))
    (screenings_folder() / "20991231T000000000000Z-deadbeef-noref.json").mkdir()
    result = run("history")
    assert result.exit_code == 0, result.output
    assert leg_pains(result.stdout) == ["3"] and result.stderr == ""


# ── --ref: other people's files are never opened


@pytest.mark.parametrize(
    "command",
    [
        ["history", "--ref", "AB12"],
        ["history", "--ref", "AB12", "--plot"],
        ["compare", "--ref", "AB12"],
        ["forget", "--ref", "AB12", "--yes"],
    ],
)
def test_a_ref_filter_never_opens_another_references_file(command: list[str]) -> None:
    theirs = [save(report(pain, ref="AB12")) for pain in (7, 5, 3)]
    for pain in range(6):
        save(report(pain, ref="CD34"))
        save(report(pain, ref="ab12"))  # another reference: case matters
        save(report(pain))
    with files_opened(screenings_folder()) as opened:
        result = run(*command)
    assert result.exit_code == 0, result.output
    assert opened and set(opened) <= set(theirs)
    assert "CD34" not in result.output


def test_history_ref_shows_only_that_references_screenings() -> None:
    save(report(7, ref="AB12"))
    save(report(2, ref="CD34"))
    save(report(5, ref="AB12"))
    save(report(9))
    assert leg_pains(run("history", "--ref", "AB12").stdout) == ["5", "7"]
    assert leg_pains(run("history", "--ref", "CD34").stdout) == ["2"]


@pytest.mark.parametrize(
    "ref",
    ["a/b", "../../etc", "AB.12", "ab12", "AB12", "x" * 300, "Zoë-7", "con", "a\\b:c*"],
)
def test_any_reference_is_kept_in_a_safe_file_name(ref: str) -> None:
    path = save(report(4, ref=ref))
    assert path.parent == screenings_folder()
    assert SAVED_NAME.fullmatch(path.name)
    after_the_time = path.name.split("Z-", 1)[1]
    assert len(path.name.encode()) < 200 and after_the_time == after_the_time.lower()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    save(report(1, ref=ref.swapcase() if ref.swapcase() != ref else ref + "0"))
    save(report(2))
    assert leg_pains(run("history", "--ref", ref).stdout) == ["4"]


def test_a_file_renamed_to_another_references_name_is_never_shown_as_theirs() -> None:
    mine = save(report(7, ref="AB12"))
    other = save(report(2, ref="CD34"))
    renamed = other.with_name(mine.name.replace(mine.name[:8], "20990101"))
    other.rename(renamed)
    result = run("history", "--ref", "AB12")
    assert leg_pains(result.stdout) == ["7"]
    assert renamed.name in result.stderr and "skipped" in result.stderr
    run("forget", "--ref", "AB12", "--yes")
    assert renamed.exists() and not mine.exists()


# ── names from before: still read, and forgotten by reference


def test_old_style_names_are_still_listed_compared_and_forgotten() -> None:
    folder = screenings_folder()
    save(report(9, ref="CD34"))  # makes the private folder
    old_ab12 = old_style(report(8, ref="AB12", day=1), "20260301T090000000000Z", "0badcafe")
    old_mine = old_style(report(6, day=1), "20260301T100000000000Z", "0badf00d")
    new_ab12 = save(report(4, ref="AB12"))
    assert leg_pains(run("history").stdout) == ["4", "9", "6", "8"]
    assert leg_pains(run("history", "--ref", "AB12").stdout) == ["4", "8"]
    compared = run("compare", "--ref", "AB12")
    assert "Leg pain improved meaningfully: 8 → 4" in compared.stdout
    assert [saved.path.name for saved in load_saved().screenings][:2] == [
        old_ab12.name,
        old_mine.name,
    ]
    result = run("forget", "--ref", "AB12", "--yes")
    assert "removed 2 saved screening(s) with the reference AB12" in result.stderr
    assert not old_ab12.exists() and not new_ab12.exists() and old_mine.exists()
    assert len(list(folder.iterdir())) == 2


def test_forget_ref_removes_that_callers_drafts_and_screenings_only() -> None:
    ab12 = [save(report(pain, ref="AB12")) for pain in (3, 4)]
    others = [save(report(5, ref="CD34")), save(report(5, ref="ab12")), save(report(5))]
    drafts = DraftStore(state_directory())
    snapshot = Snapshot({"age": 50}, ("age",), reviewing=False)
    for ref in ("AB12", "CD34"):
        drafts.save(load_content(), "clinician", snapshot, ref)
    result = run("forget", "--ref", "AB12", "--yes")
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in ab12)
    assert all(path.exists() for path in others)
    assert not drafts.exists("clinician", "AB12") and drafts.exists("clinician", "CD34")
    interrupted = screenings_folder() / f".{others[0].name}.k1ll3d.tmp"  # a save cut short
    interrupted.write_text("{", "utf-8")
    everything = run("forget", "--yes")
    assert "removed 3 saved screening(s)" in everything.stderr
    assert not screenings_folder().exists()
