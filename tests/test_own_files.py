"""Only the user's own files are trusted or touched (issue 13, item 4).

Drafts and saved reports are read only when they are regular files of the user's that
nobody else may write; anything else is named in one line and skipped, never deleted.
``forget`` removes only files whose names needlecheck writes, in folders that are not
symbolic links. Temporary files live in the target's private folder and do not outlive
a killed run past the next start. A second user (``setpriv``) cannot lead a root run
under umask 000 into writing where they choose.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import (
    AS_ROOT,
    DATA_FOLDER,
    EXAMPLES,
    NEEDLECHECK,
    STATE_FOLDER,
    home_variables,
    run_needlecheck,
    safe_answers,
)
from needlecheck.errors import ExitCode, Interrupted
from needlecheck.interview.drafts import DraftStore
from needlecheck.model.content import Content
from test_interview_flow import INTERRUPT, Script, interrupt_at, run

RUNNER_EXAMPLE = EXAMPLES / "runner-right-buttock.json"
NOBODY = 65534
needs_root = pytest.mark.skipif(not AS_ROOT, reason="only root can give a file to another user")


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "state" / "needlecheck")


def writable_by_others(path: Path) -> None:
    path.chmod(0o666)


def owned_by_another(path: Path) -> None:
    if not AS_ROOT:
        pytest.skip("only root can give a file to another user")
    os.chown(path, NOBODY, NOBODY)


def a_symlink(path: Path) -> None:
    real = path.with_name("elsewhere.json")
    path.rename(real)
    path.symlink_to(real)


def a_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


SPOILERS = [writable_by_others, owned_by_another, a_symlink, a_fifo]


@pytest.mark.parametrize("spoil", SPOILERS)
def test_a_draft_that_is_not_the_users_alone_is_skipped_in_one_line_and_kept(
    content: Content, store: DraftStore, spoil: Callable[[Path], None]
) -> None:
    interrupt_at(content, store, "weight_loss")
    path = store.path("self", None)
    spoil(path)
    before = path.lstat()
    script = Script(content, "self", safe_answers(content), [("weight_loss", INTERRUPT)])
    with pytest.raises(Interrupted) as stopped:
        run(content, script, store=store)
    assert "resume_question" not in script.asked  # never offered
    (line,) = [text for text, _ in script.shown if str(path) in text]
    assert "\n" not in line
    after = path.lstat()  # neither deleted, moved nor written over
    assert (after.st_ino, after.st_mtime_ns, after.st_mode) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_mode,
    )
    assert str(stopped.value) == content.text("interview.interrupted_not_saved")


def saved_home(tmp_path: Path, count: int = 2) -> tuple[Path, dict[str, str], list[Path]]:
    home = tmp_path / "home"
    env = {**os.environ, **home_variables(home)}
    for _ in range(count):
        result = run_needlecheck("screen", "--answers", str(RUNNER_EXAMPLE), "--save", env=env)
        assert result.returncode == 0, result.stderr
    return home, env, sorted((home / DATA_FOLDER / "screenings").glob("*.json"))


@pytest.mark.parametrize("spoil", SPOILERS)
def test_a_saved_report_that_is_not_the_users_alone_is_skipped_in_one_line_and_kept(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    _, env, (_, second) = saved_home(tmp_path)
    spoil(second)
    before = second.lstat()
    result = run_needlecheck("history", env=env)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if second.name in line]
    assert "skipped" in line
    assert result.stdout.count("Self-screen") == 1 or "1 " in result.stdout
    after = second.lstat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_forget_removes_only_the_files_needlecheck_writes(content: Content, tmp_path: Path) -> None:
    home, env, saved = saved_home(tmp_path)
    screenings = home / DATA_FOLDER / "screenings"
    state = home / STATE_FOLDER
    state.mkdir(parents=True, mode=0o700)
    drafts = DraftStore(state)
    interrupt_at(content, drafts, "weight_loss")
    theirs = [
        screenings / "notes.json",
        screenings / "README.txt",
        state / "draft-self.json.bak",
        state / "my-draft.json",
    ]
    for path in theirs:
        path.write_text("not needlecheck's", encoding="utf-8")
    result = run_needlecheck("forget", "--yes", env=env)
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in saved)
    assert not drafts.exists("self", None)
    assert all(path.read_text("utf-8") == "not needlecheck's" for path in theirs)


@pytest.mark.parametrize("folder", ["screenings", "state"])
def test_forget_touches_nothing_in_a_folder_that_is_a_symlink(
    content: Content, tmp_path: Path, folder: str
) -> None:
    home, env, _ = saved_home(tmp_path)
    state = home / STATE_FOLDER
    interrupt_at(content, DraftStore(state), "weight_loss")
    linked = home / DATA_FOLDER / "screenings" if folder == "screenings" else state
    real = tmp_path / "somewhere-else"
    linked.rename(real)
    linked.symlink_to(real)
    kept = sorted(real.iterdir())
    assert kept
    result = run_needlecheck("forget", "--yes", env=env)
    assert result.returncode in (ExitCode.OK, ExitCode.USAGE), result.stderr
    assert sorted(real.iterdir()) == kept
    assert any(str(linked) in line and "link" in line for line in result.stderr.splitlines())


# ── temporary files: never left behind ───────────────────────────────────────────────

SAVE_THEN_HANG = """
import os, sys, time
from pathlib import Path
from needlecheck.interview.cursor import Snapshot
from needlecheck.interview.drafts import DraftStore
from needlecheck.loading.content import load_content

store = DraftStore(Path(sys.argv[1]))
store.prepare()
store.lock("self", None)
def hang(descriptor):
    print("saving", flush=True)
    time.sleep(60)
os.fsync = hang
store.save(load_content(), "self", Snapshot({"age": 40}, ("age",), False), None)
"""


def test_kill_9_mid_save_leaves_no_temporary_file_after_the_next_start(
    content: Content, store: DraftStore
) -> None:
    store.directory.mkdir(parents=True)
    saving = subprocess.Popen(
        [sys.executable, "-c", SAVE_THEN_HANG, str(store.directory)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert saving.stdout is not None and saving.stdout.readline() == "saving\n"
    saving.send_signal(signal.SIGKILL)
    saving.wait()
    left = [path for path in store.directory.iterdir() if path.name.endswith(".tmp")]
    assert left, "the killed save left its temporary file, as kill -9 does"
    script = Script(content, "self", safe_answers(content), [("age", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store)
    assert not [path for path in store.directory.iterdir() if path.name.endswith(".tmp")]


def test_a_killed_report_save_leaves_no_temporary_file_after_the_next_start(
    tmp_path: Path,
) -> None:
    home, env, _ = saved_home(tmp_path, count=1)
    screenings = home / DATA_FOLDER / "screenings"
    leftover = screenings / ".20260101T000000000000Z-0badcafe.json.k3lx9.tmp"
    leftover.write_text('{"answers"', encoding="utf-8")
    an_hour_ago = time.time() - 3600  # a save takes milliseconds: this one was killed
    os.utime(leftover, (an_hour_ago, an_hour_ago))
    result = run_needlecheck("screen", "--answers", str(RUNNER_EXAMPLE), "--save", env=env)
    assert result.returncode == 0, result.stderr
    assert not [path for path in screenings.iterdir() if path.name.endswith(".tmp")]


# ── a second user on the same machine ────────────────────────────────────────────────


def as_nobody(script: str, *args: str) -> None:
    """Run a Python ``script`` as another user (``setpriv``), under umask 000."""
    setpriv = shutil.which("setpriv")
    if not AS_ROOT or setpriv is None:
        pytest.skip("a second user needs root and setpriv")
    subprocess.run(
        [
            setpriv,
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            "--",
            sys.executable,
            "-c",
            script,
            *args,
        ],
        check=True,
        timeout=30,
        preexec_fn=lambda: os.umask(0),
    )


PLANT = """
import os, sys
from pathlib import Path
shared, victim = Path(sys.argv[1]), Path(sys.argv[2])
theirs = shared / "theirs"
theirs.mkdir(mode=0o777)
# needlecheck's folders, made by someone else: a symlink to their own folder, and a
# folder of theirs with symlinked temporary-looking files in it pointing at the victim.
(shared / "state" / "needlecheck").symlink_to(theirs)
(shared / "share" / "needlecheck").mkdir(mode=0o777)
for name in ("draft-self.json", "screenings"):
    os.symlink(victim, shared / "share" / "needlecheck" / f".{name}.tmp")
"""


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="needlecheck-second-user-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_a_second_user_cannot_lead_a_root_run_under_umask_000(open_folder: Path) -> None:
    tmp_path = open_folder
    shared = tmp_path / "shared"
    for folder in (shared, shared / "state", shared / "share"):
        folder.mkdir()
        folder.chmod(0o777)  # what umask 000 made of the XDG parents before
    victim = tmp_path / "victim.txt"
    victim.write_text("root's own file", encoding="utf-8")
    as_nobody(PLANT, str(shared), str(victim))
    env = {
        **os.environ,
        **home_variables(tmp_path / "home"),
        "XDG_STATE_HOME": str(shared / "state"),
        "XDG_DATA_HOME": str(shared / "share"),
    }
    result = subprocess.run(
        [str(NEEDLECHECK), "screen", "--answers", str(RUNNER_EXAMPLE), "--save"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(0),
    )
    assert result.returncode == ExitCode.USAGE, result.stderr
    (line,) = result.stderr.splitlines()
    assert "needlecheck" in line
    assert victim.read_text("utf-8") == "root's own file"
    assert not list((shared / "theirs").iterdir())
    planted = shared / "share" / "needlecheck"
    assert sorted(p.name for p in planted.iterdir()) == [".draft-self.json.tmp", ".screenings.tmp"]
    assert stat.S_IMODE(planted.lstat().st_mode) == 0o777  # not ours: not changed either
    json.dumps(result.stdout)
