"""The commands' use cases called directly, without Typer: what each decides (the
report's format, the reference, which screenings to compare, whether to save, what
forget asks) is plain Python with plain arguments."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

from needlecheck import words
from needlecheck.commands import common, compare, forget, screen
from needlecheck.errors import ExitCode, Interrupted, NeedlecheckError, OutputError
from needlecheck.model.answers import Mode
from needlecheck.progress.history import save, screenings_folder


class _Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def saved_report(created: str, ref: str | None = None) -> dict[str, Any]:
    report: dict[str, Any] = {
        "created": created,
        "outcome": {"level": "may_suit"},
        "scores": {"leg_pain": 5},
    }
    if ref is not None:
        report["ref"] = ref
    return report


# ── screen


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("r.json", "json"),
        ("r.fhir.json", "fhir"),  # the longest suffix wins
        ("R.BUNDLE.JSON", "fhir-bundle"),
        ("r.htm", "html"),
        ("notes.txt", "text"),
        ("r.markdown", "markdown"),
    ],
)
def test_the_format_follows_the_output_suffix(name: str, expected: str) -> None:
    assert screen.choose_format("auto", Path(name)) == expected


def test_a_format_given_wins_over_the_suffix() -> None:
    assert screen.choose_format("markdown", Path("r.json")) == "markdown"


def test_the_format_for_the_screen_depends_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _Stream(terminal=False))
    assert screen.choose_format("auto", None) == "text"
    monkeypatch.setattr(sys, "stdout", _Stream(terminal=True))
    assert screen.choose_format("auto", None) == "terminal"


def test_formats_that_cannot_be_chosen() -> None:
    with pytest.raises(OutputError, match="--format terminal is for the screen"):
        screen.choose_format("terminal", Path("r.txt"))
    with pytest.raises(OutputError, match="cannot tell the format from 'report'"):
        screen.choose_format("auto", Path("report"))


def test_a_reference_is_for_clinician_mode_and_never_a_name() -> None:
    assert common.check_ref(None, clinician=False) is None
    assert common.check_ref("AB12/3", clinician=True) == "AB12/3"
    with pytest.raises(NeedlecheckError, match="add --clinician"):
        common.check_ref("AB12", clinician=False)
    with pytest.raises(NeedlecheckError, match="never a full name"):
        common.check_ref("Ann Smith", clinician=True)


def test_draft_options_are_named_in_a_fixed_order() -> None:
    request = screen.ScreenRequest(no_draft=True, resume=True)
    assert request.draft_options == ["--resume", "--no-draft"]
    assert request.mode == "self"
    assert screen.ScreenRequest(clinician=True).mode == "clinician"


@pytest.mark.parametrize(
    ("request_", "fragment"),
    [
        (screen.ScreenRequest(ask_missing=True), "give the file with --answers FILE"),
        (screen.ScreenRequest(answers="a.json", restart=True), "--restart is for the questions"),
    ],
)
def test_interview_options_that_do_not_fit_an_answers_file(
    request_: screen.ScreenRequest, fragment: str
) -> None:
    with pytest.raises(NeedlecheckError, match=fragment):
        screen.check_answers_options(request_)


def test_interview_options_with_an_answers_file_and_ask_missing_are_fine() -> None:
    screen.check_answers_options(screen.ScreenRequest(answers="a.json", ask_missing=True))
    screen.check_answers_options(screen.ScreenRequest(answers="a.json"))


class _Finished:
    def __init__(self, keep: bool) -> None:
        self.keep = keep

    def wants_to_keep(self) -> bool:
        return self.keep


def test_nothing_is_saved_without_save_or_a_yes() -> None:
    plain = screen.ScreenRequest()
    assert not screen.should_save(plain, None)
    assert not screen.should_save(plain, _Finished(keep=False))  # type: ignore[arg-type]
    assert screen.should_save(plain, _Finished(keep=True))  # type: ignore[arg-type]
    assert screen.should_save(screen.ScreenRequest(save=True), None)


# ── compare


def test_compare_takes_the_two_latest_or_the_first_and_the_latest(data_home: Path) -> None:
    for day in ("02", "09", "16"):
        save(saved_report(f"2026-03-{day}T09:00:00+00:00"))
    before, after = compare.screenings_to_compare([], None, from_first=False)
    assert (before.created.day, after.created.day) == (9, 16)
    before, after = compare.screenings_to_compare([], None, from_first=True)
    assert (before.created.day, after.created.day) == (2, 16)


def test_compare_needs_two(data_home: Path) -> None:
    save(saved_report("2026-03-02T09:00:00+00:00"))
    with pytest.raises(NeedlecheckError, match="two saved screenings and 1 found"):
        compare.screenings_to_compare([], None, from_first=False)
    with pytest.raises(NeedlecheckError, match="give two report files"):
        compare.screenings_to_compare([Path("one.json")], None, from_first=False)
    with pytest.raises(NeedlecheckError, match="leave out the files"):
        compare.screenings_to_compare([Path("a"), Path("b")], "AB12", from_first=False)


def test_compare_never_pairs_two_references(data_home: Path) -> None:
    save(saved_report("2026-03-02T09:00:00+00:00", ref="AB12"))
    save(saved_report("2026-03-09T09:00:00+00:00"))
    before, after = compare.screenings_to_compare([], None, from_first=False)
    with pytest.raises(NeedlecheckError, match=r"different references \(AB12, none\)"):
        compare.check_same_person(before, after)


# ── forget


class _Confirm:
    """What forget asks with: gives ``reply`` to every question and keeps the questions."""

    def __init__(self, reply: bool) -> None:
        self.reply = reply
        self.asked: list[str] = []

    def __call__(self, question: str) -> bool:
        self.asked.append(question)
        return self.reply


def test_forget_asks_and_a_no_removes_nothing(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save(saved_report("2026-03-02T09:00:00+00:00"))
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=True))
    say_no = _Confirm(reply=False)
    forget.forget(yes=False, ref=None, confirm=say_no)
    assert say_no.asked == [f"Remove 1 saved screening(s) from {screenings_folder()}?"]
    assert path.exists()
    assert "nothing was removed" in capsys.readouterr().err

    forget.forget(yes=False, ref=None, confirm=lambda question: True)
    assert not path.exists()
    assert "removed 1 saved screening(s)" in capsys.readouterr().err


def _draft(ref: str | None = None) -> Path:
    """An unfinished interview on disk, as an interrupted one leaves it (a clinician's,
    with ``ref``)."""
    from needlecheck.interview.cursor import Snapshot
    from needlecheck.interview.drafts import DraftStore, state_directory
    from needlecheck.loading.content import load_content

    mode: Mode = "self" if ref is None else "clinician"
    store = DraftStore(state_directory())
    store.save(load_content(), mode, Snapshot({"age": 50}, ("age",), reviewing=False), ref)
    return store.path(mode, ref)


def test_forget_deletes_only_the_drafts_it_named(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One saved by another interview while the question waits was never named: it stays.
    named = _draft()
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=True))
    later: list[Path] = []

    def yes_while_another_interview_saves(question: str) -> bool:
        later.append(_draft("AB12"))
        return True

    forget.forget(yes=False, ref=None, confirm=yes_while_another_interview_saves)
    assert not named.exists()
    assert later[0].exists()


def test_forget_deletes_only_the_saved_screenings_it_counted(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # One saved while the question waits was not among those the question counted: it
    # stays, and the folder with it.
    counted = save(saved_report("2026-03-02T09:00:00+00:00"))
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=True))
    later: list[Path] = []

    def yes_while_another_screening_is_saved(question: str) -> bool:
        later.append(save(saved_report("2026-03-09T09:00:00+00:00")))
        return True

    forget.forget(yes=False, ref=None, confirm=yes_while_another_screening_is_saved)
    assert not counted.exists()
    assert later[0].exists()
    assert "removed 1 saved screening(s)" in capsys.readouterr().err


def test_forget_names_every_draft_it_deletes_and_asks_before_deleting_any(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save(saved_report("2026-03-02T09:00:00+00:00"))
    draft = _draft()
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=True))
    say_no = _Confirm(reply=False)
    forget.forget(yes=False, ref=None, confirm=say_no)
    assert say_no.asked == [
        f"Remove the unfinished answers in {draft} and 1 saved screening(s) "
        f"from {screenings_folder()}?"
    ]
    assert draft.exists() and path.exists()  # "nothing was removed" is true
    assert "nothing was removed" in capsys.readouterr().err

    forget.forget(yes=False, ref=None, confirm=lambda question: True)
    assert not draft.exists() and not path.exists()


def test_forget_asks_before_deleting_drafts_alone_and_needs_yes_without_a_terminal(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = _draft()
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=False))
    with pytest.raises(NeedlecheckError, match="add --yes"):
        forget.forget(yes=False, ref=None, confirm=lambda question: True)
    assert draft.exists()
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=True))
    say_yes = _Confirm(reply=True)
    forget.forget(yes=False, ref=None, confirm=say_yes)
    assert say_yes.asked == [f"Remove the unfinished answers in {draft}?"]
    assert not draft.exists()


def test_forget_asks_in_the_chosen_language_until_answered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("x\n  Sí \n"))
    with words.speaking("es"):
        assert forget.ask_yes_no("¿Borrar?") is True
    assert capsys.readouterr().out == (
        "¿Borrar? [s/N]: Error: respuesta no válida\n¿Borrar? [s/N]: "
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert forget.ask_yes_no("Remove?") is False  # Enter: no
    assert capsys.readouterr().out == "Remove? [y/N]: "


def test_forget_stops_at_the_end_of_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\n"))  # English: s is not yes
    with pytest.raises(Interrupted) as stopped:
        forget.ask_yes_no("Remove?")
    assert stopped.value.exit_code == ExitCode.INTERRUPTED


def test_forget_with_nothing_saved_asks_nothing(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def never(question: str) -> bool:
        raise AssertionError("asked with nothing to remove")

    forget.forget(yes=False, ref="AB12", confirm=never)
    assert "no saved screenings with the reference AB12" in capsys.readouterr().err


def test_forget_without_a_terminal_needs_yes(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save(saved_report("2026-03-02T09:00:00+00:00"))
    monkeypatch.setattr(sys, "stdin", _Stream(terminal=False))
    with pytest.raises(NeedlecheckError, match="add --yes"):
        forget.forget(yes=False, ref=None, confirm=lambda question: True)
    assert path.exists()
