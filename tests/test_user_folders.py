"""Where needlecheck keeps each user's own files: the folders platformdirs names, found
without importing it (its import was a fiftieth of the time to the first question).

Every platform's rule is checked here, each against what platformdirs says where it can
run (this machine's own platform), so a user's drafts and saved screenings stay where an
earlier version put them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from needlecheck.private_folders import user_folder


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("kind", ["data", "state"])
def test_the_folders_are_where_platformdirs_puts_them(
    home: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {"data": platformdirs.user_data_dir, "state": platformdirs.user_state_dir}[kind]
    assert user_folder(kind) == Path(expected("needlecheck", appauthor=False))  # type: ignore[arg-type]
    monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(home / "elsewhere"))
    assert user_folder(kind) == Path(expected("needlecheck", appauthor=False))  # type: ignore[arg-type]
    assert user_folder(kind) == home / "elsewhere" / "needlecheck"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "default"),
    [("data", ".local/share"), ("state", ".local/state"), ("cache", ".cache")],
)
def test_on_linux_the_xdg_variables_name_them_else_the_xdg_defaults(
    home: Path, kind: str, default: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert user_folder(kind) == home / default / "needlecheck"  # type: ignore[arg-type]
    monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", "relative/path")  # not absolute: ignored
    assert user_folder(kind) == home / default / "needlecheck"  # type: ignore[arg-type]
    monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(home / "x"))
    assert user_folder(kind) == home / "x" / "needlecheck"  # type: ignore[arg-type]


def test_on_macos_data_and_state_are_application_support(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    support = home / "Library" / "Application Support" / "needlecheck"
    assert user_folder("data") == user_folder("state") == support
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "x"))  # platformdirs reads XDG there too
    assert user_folder("state") == home / "x" / "needlecheck"


def test_on_windows_data_and_state_are_local_app_data_and_xdg_is_not_read(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "x"))
    local = home / "AppData" / "Local" / "needlecheck"
    assert user_folder("data") == user_folder("state") == local
