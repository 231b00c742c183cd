"""Private by construction: what needlecheck creates is the user's alone, whatever the
umask, and it never replaces what is not an ordinary file of the user's.

Run as a person runs it (the console script), under umask 000, the most open there is.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import AS_ROOT, EXAMPLES, NEEDLECHECK, home_variables
from needlecheck.errors import ExitCode

RUNNER_EXAMPLE = EXAMPLES / "runner-right-buttock.json"


def run_open_umask(*args: str, home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEEDLECHECK), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **home_variables(home)},
        cwd=cwd,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(0),
    )


def test_every_folder_created_for_a_save_is_0700_under_umask_000(tmp_path: Path) -> None:
    home = tmp_path / "home"  # not there yet: XDG_DATA_HOME's parents are created too
    result = run_open_umask(
        "screen", "--answers", str(RUNNER_EXAMPLE), "--save", home=home, cwd=tmp_path
    )
    assert result.returncode == ExitCode.OK, result.stderr
    created = [path for path in home.rglob("*") if path.is_dir()] + [home]
    assert created
    modes = {str(path.relative_to(tmp_path)): stat.S_IMODE(path.stat().st_mode) for path in created}
    assert set(modes.values()) == {0o700}, modes


def test_an_existing_parent_folder_keeps_its_mode(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".local").mkdir(parents=True)
    (home / ".local").chmod(0o755)
    result = run_open_umask(
        "screen", "--answers", str(RUNNER_EXAMPLE), "--save", home=home, cwd=tmp_path
    )
    assert result.returncode == ExitCode.OK, result.stderr
    assert stat.S_IMODE((home / ".local").stat().st_mode) == 0o755  # not needlecheck's
    assert stat.S_IMODE((home / ".local" / "share").stat().st_mode) == 0o700


def special_files(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    files = [fifo, tmp_path / "folder.txt"]
    files[1].mkdir()
    if AS_ROOT:  # only root may make a device node: a null device of our own
        device = tmp_path / "device.txt"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        files.append(device)
        link = tmp_path / "link-to-device.txt"
        link.symlink_to(device)
        files.append(link)
    return files


@pytest.mark.parametrize("force", [False, True])
def test_output_replaces_nothing_but_a_regular_file(tmp_path: Path, force: bool) -> None:
    home = tmp_path / "home"
    for target in special_files(tmp_path):
        kind = stat.S_IFMT(target.lstat().st_mode)
        args = ["screen", "--answers", str(RUNNER_EXAMPLE), "--output", str(target)]
        result = run_open_umask(*args, *(["--force"] if force else []), home=home, cwd=tmp_path)
        assert result.returncode == ExitCode.USAGE, (target, result.stderr)
        (line,) = result.stderr.splitlines()
        assert target.name in line
        assert stat.S_IFMT(target.lstat().st_mode) == kind  # untouched
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_force_still_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", "utf-8")
    args = ["screen", "--answers", str(RUNNER_EXAMPLE), "--output", str(target), "--force"]
    result = run_open_umask(*args, home=tmp_path / "home", cwd=tmp_path)
    assert result.returncode == ExitCode.OK, result.stderr
    assert target.read_text("utf-8") != "old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
