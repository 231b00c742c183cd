"""An invalid answers file still shows emergency advice (spec 8 v2, principles 2 and 9).

Through the real command: the valid answers of an invalid file that fire an emergency
rule print the emergency advice (with the local number) before the list of problems, on
the same stream; a file that cannot be parsed ends its problems with the short safety
net and the local number. The exit code stays 2 and standard output stays empty.
"""

from __future__ import annotations

import pytest

from conftest import run_needlecheck
from needlecheck.loading.content import load_content

EMERGENCY_WITH_A_PROBLEM = b'{"bladder_change": "yes", "age": 130}'


def _env(isolated_env: dict[str, str], region: str) -> dict[str, str]:
    env = {k: v for k, v in isolated_env.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return env | {"NEEDLECHECK_REGION": region, "LANG": "en_GB.UTF-8"}


@pytest.mark.parametrize("file_format", ["text", "json"])
def test_an_invalid_file_with_an_emergency_shows_the_advice_first(
    isolated_env: dict[str, str], file_format: str
) -> None:
    english = load_content()
    result = run_needlecheck(
        "screen",
        "--answers",
        "-",
        "--format",
        file_format,
        env=_env(isolated_env, "GB"),
        stdin=EMERGENCY_WITH_A_PROBLEM,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    errors = " ".join(result.stderr.split())
    assert "age: 130 is out of range" in errors
    title = english.outcomes["emergency"].title
    assert title in errors
    assert "999" in errors
    assert errors.index(title) < errors.index("age: 130")
    assert "Traceback" not in result.stderr


def test_an_invalid_file_without_an_emergency_shows_no_advice(
    isolated_env: dict[str, str],
) -> None:
    result = run_needlecheck(
        "screen",
        "--answers",
        "-",
        env=_env(isolated_env, "GB"),
        stdin=b'{"bladder_change": "no", "age": 130}',
    )
    assert result.returncode == 2
    assert load_content().outcomes["emergency"].title not in result.stderr


@pytest.mark.parametrize("data", [b"{bad", b"", b"\xff\xfe"])
def test_an_unparseable_file_ends_with_the_safety_net_and_number(
    isolated_env: dict[str, str], data: bytes
) -> None:
    english = load_content()
    result = run_needlecheck("screen", "--answers", "-", env=_env(isolated_env, "US"), stdin=data)
    assert result.returncode == 2
    assert result.stdout == ""
    errors = " ".join(result.stderr.split())
    assert english.safety_net.title in errors
    assert "911" in errors
    last = result.stderr.strip().splitlines()[-1]
    assert "911" in last
    assert "Traceback" not in result.stderr
