"""Nothing leaves the machine: every command runs with the network blocked and audited.

Each command runs as a real process with ``tests/support/sitecustomize.py`` loaded, whose
audit hook refuses and records any name lookup or internet connection.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, GUARDED_PYTHONPATH, run_needlecheck

EXAMPLE = str(EXAMPLES / "runner-right-buttock.json")


def guarded_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": GUARDED_PYTHONPATH,
        "NEEDLECHECK_NETWORK_LOG": str(tmp_path / "network.log"),
    }


def test_the_guard_itself_catches_a_connection(tmp_path: Path) -> None:
    """The check can fail: a process that does reach for the network is recorded."""
    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError:\n    pass"
    subprocess.run([sys.executable, "-c", code], env=guarded_env(tmp_path), check=True)
    assert "socket.getaddrinfo" in (tmp_path / "network.log").read_text("utf-8")


COMMANDS = [
    ["--version"],
    ["--help"],
    ["screen", "--answers", EXAMPLE],
    ["screen", "--answers", EXAMPLE, "--format", "json"],
    ["screen", "--answers", EXAMPLE, "--format", "markdown"],
    ["screen", "--answers", EXAMPLE, "--clinician", "--ref", "AB1"],
    ["screen", "--answers", EXAMPLE, "--output", "{tmp}/report.md"],
    ["screen", "--answers", EXAMPLE, "--output", "{tmp}/report.json"],
    ["screen", "--answers", EXAMPLE, "--output", "{tmp}/report.txt"],
    ["screen", "--answers", EXAMPLE, "--output", "{tmp}/report.html"],
    ["screen", "--answers", EXAMPLE, "--output", "{tmp}/report.fhir.json"],
    ["screen", "--answers", str(EXAMPLES / "invalid.json")],
    ["about"],
    ["questions"],
    ["questions", "--format", "json"],
    ["questions", "--format", "fhir"],
    ["history"],
    ["compare"],
    ["forget", "--yes"],
]


def test_saving_listing_comparing_and_forgetting_make_no_network_connection(tmp_path: Path) -> None:
    env = guarded_env(tmp_path)
    steps = [
        ["screen", "--answers", EXAMPLE, "--format", "json", "--save"],
        [
            "screen",
            "--answers",
            str(EXAMPLES / "warfarin-diabetes.toml"),
            "--format",
            "json",
            "--save",
        ],
        ["screen", "--answers", EXAMPLE, "--format", "json", "--save"],
        ["history"],
        ["history", "--plot"],
        ["compare"],
        ["forget", "--yes"],
    ]
    for args in steps:
        result = run_needlecheck(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
    assert not (tmp_path / "network.log").exists(), (tmp_path / "network.log").read_text("utf-8")


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:4]) for c in COMMANDS])
def test_command_makes_no_network_connection(tmp_path: Path, args: list[str]) -> None:
    filled = (a.replace("{tmp}", str(tmp_path)) for a in args)
    result = run_needlecheck(*filled, env=guarded_env(tmp_path))
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "network.log").exists(), (tmp_path / "network.log").read_text("utf-8")
