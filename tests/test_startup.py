"""Start-up stays light: plain runs never import the interview, the heavier renderers or
rich, and the parsed content is cached.

These modules cost tens of milliseconds each, and a person feels every run. Timing
itself belongs in ``benchmarks/bench.py``; this guards the imports that would cost it.
Typer imports rich only to draw ``--help`` and its usage errors, so rich is on the list:
a plain run does not need it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import needlecheck
from conftest import bound_by_file_modes, safe_answers, write_answers
from needlecheck import __version__
from needlecheck.loading.content import CONTENT_DIR, load_content
from needlecheck.model.content import Content

#: Modules (with their submodules) that a plain run must not import.
HEAVY = (
    "questionary",
    "prompt_toolkit",
    "needlecheck.interview",
    "needlecheck.render.html",
    "needlecheck.render.fhir",
    "needlecheck.render.terminal",
    "rich",
    # Typer 0.29 converts option values through pydantic: about 100 ms at every start.
    "pydantic",
)

#: Runs the code given after it, then writes every module loaded to the file named in
#: argv[1] at exit, so a command that ends in sys.exit() is still seen whole.
PROBE = """
import atexit, json, runpy, sys

modules_file = sys.argv[1]

def write_modules():
    with open(modules_file, "w") as file:
        json.dump(sorted(sys.modules), file)

atexit.register(write_modules)
if sys.argv[2:] == ["--import-only"]:
    import needlecheck.cli
else:
    sys.argv = ["needlecheck", *sys.argv[2:]]
    runpy.run_module("needlecheck", run_name="__main__", alter_sys=True)
"""


def loaded_modules(
    arguments: list[str], tmp_path: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    modules_file = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(modules_file), *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    return result, set(json.loads(modules_file.read_text("utf-8")))


def heavy_among(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)}


def test_importing_the_cli_is_light(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    result, modules = loaded_modules(["--import-only"], tmp_path, isolated_env)
    assert result.returncode == 0, result.stderr
    assert "needlecheck.cli" in modules  # the probe saw the import
    assert heavy_among(modules) == set()


def test_version_is_light(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    result, modules = loaded_modules(["--version"], tmp_path, isolated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"needlecheck {__version__}\n"
    assert heavy_among(modules) == set()
    assert "typer" not in modules  # answered before the CLI is built


@pytest.mark.parametrize("file_format", ["json", "text", "markdown"])
def test_screening_a_file_is_light(
    content: Content, tmp_path: Path, isolated_env: dict[str, str], file_format: str
) -> None:
    answers = write_answers(tmp_path / "answers.json", safe_answers(content))
    arguments = ["screen", "--answers", str(answers), "--format", file_format]
    result, modules = loaded_modules(arguments, tmp_path, isolated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # a report was written, so the whole path ran
    assert heavy_among(modules) == set()


def test_command_annotations_are_objects_not_strings() -> None:
    """Typer reads every command's annotations at each start; string annotations (from
    ``from __future__ import annotations``) would be evaluated again every time."""
    import inspect

    from needlecheck.cli import app

    callbacks = [app.registered_callback.callback] if app.registered_callback else []
    callbacks += [command.callback for command in app.registered_commands]
    assert len(callbacks) > 1
    for callback in callbacks:
        assert callback is not None
        for parameter in inspect.signature(callback).parameters.values():
            assert not isinstance(parameter.annotation, str), (callback, parameter.name)


# ── The content cache ────────────────────────────────────────────────────────────────

#: load_content without its once-per-process memory, so each call reads the files.
read_content = load_content.__wrapped__


@pytest.fixture
def content_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the content, and a private cache folder for this test, in a run
    that may write bytecode (where a cache beside the content was once written)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def cache_files(directory: Path) -> dict[Path, Path]:
    """Each content file and where its parsed tables are kept: named by its SHA-256."""
    sources = [directory / "screening.toml", directory / "text" / "en.toml"]
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "needlecheck" / "content"
    return {s: folder / f"{hashlib.sha256(s.read_bytes()).hexdigest()}.json" for s in sources}


def test_cache_holds_exactly_what_the_toml_says(content_copy: Path) -> None:
    first = read_content(directory=content_copy)
    for source, cache in cache_files(content_copy).items():
        assert json.loads(cache.read_text("utf-8"))["table"] == tomllib.loads(source.read_text())
        assert cache.stat().st_mode & 0o777 == 0o600
    from_cache = read_content(directory=content_copy)
    assert from_cache.ui == first.ui
    assert [(q.id, q.label, q.options) for q in from_cache.questions] == [
        (q.id, q.label, q.options) for q in first.questions
    ]


def test_nothing_is_written_beside_the_content(content_copy: Path) -> None:
    read_content(directory=content_copy)
    assert not list(content_copy.rglob("__pycache__"))


def test_changed_content_is_read_again(content_copy: Path) -> None:
    question = read_content(directory=content_copy).questions[0]
    text_file = content_copy / "text" / "en.toml"
    label_line = f'label = "{question.label}"'
    text_file.write_text(text_file.read_text("utf-8").replace(label_line, 'label = "Changed"', 1))
    assert read_content(directory=content_copy).questions[0].label == "Changed"


def test_same_size_edit_with_the_old_mtime_is_read_again(content_copy: Path) -> None:
    question = read_content(directory=content_copy).questions[0]
    text_file = content_copy / "text" / "en.toml"
    before = text_file.stat()
    old = f'label = "{question.label}"'
    new = 'label = "' + "X" * len(question.label.encode()) + '"'
    text_file.write_text(text_file.read_text("utf-8").replace(old, new, 1), "utf-8")
    os.utime(text_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert text_file.stat().st_size == before.st_size
    assert read_content(directory=content_copy).questions[0].label == "X" * len(
        question.label.encode()
    )


def test_a_cache_left_in_pycache_is_never_read(content_copy: Path) -> None:
    expected = read_content(directory=content_copy).questions[0].label
    for source in cache_files(content_copy):
        old_cache = source.parent / "__pycache__" / f"{source.name}.json"
        old_cache.parent.mkdir(exist_ok=True)
        stamp = [source.stat().st_mtime_ns, source.stat().st_size]
        old_cache.write_text(json.dumps({"source": stamp, "table": {}}))
    for cache in cache_files(content_copy).values():
        cache.unlink()
    assert read_content(directory=content_copy).questions[0].label == expected


def test_damaged_cache_is_ignored_and_replaced(content_copy: Path) -> None:
    expected = read_content(directory=content_copy).ui
    for cache in cache_files(content_copy).values():
        cache.write_bytes(b"\xff not JSON")
    assert read_content(directory=content_copy).ui == expected
    for cache in cache_files(content_copy).values():
        assert json.loads(cache.read_text("utf-8"))["table"]


def tamper(cache: Path, label: str) -> None:
    """Change a question's label in a cached table, if the table holds it."""
    cache.write_text(cache.read_text("utf-8").replace(json.dumps(label), '"Tampered"'), "utf-8")


@pytest.mark.parametrize("fault", ["writable by others", "symlink", "folder open to others"])
def test_a_cache_others_could_write_is_not_trusted(content_copy: Path, fault: str) -> None:
    expected = read_content(directory=content_copy).questions[0].label
    caches = cache_files(content_copy).values()
    for cache in caches:
        tamper(cache, expected)
        if fault == "writable by others":
            cache.chmod(0o666)
        elif fault == "symlink":
            planted = cache.with_suffix(".planted")
            cache.rename(planted)
            cache.symlink_to(planted)
        else:
            cache.parent.chmod(0o777)
    assert any("Tampered" in cache.read_text("utf-8") for cache in caches)
    assert read_content(directory=content_copy).questions[0].label == expected


def test_cache_folders_are_private_whatever_the_umask(content_copy: Path) -> None:
    old = os.umask(0)
    try:
        read_content(directory=content_copy)
    finally:
        os.umask(old)
    cache_root = Path(os.environ["XDG_CACHE_HOME"])
    for folder in (cache_root, cache_root / "needlecheck", cache_root / "needlecheck" / "content"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_cache_kept_even_where_bytecode_may_not_be_written(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    read_content(directory=content_copy)
    assert all(cache.exists() for cache in cache_files(content_copy).values())


#: Loads the content in the folder named in argv[1] and prints how many questions it has.
LOAD_CONTENT = """
import sys
from pathlib import Path
from needlecheck.loading.content import load_content
print(len(load_content(directory=Path(sys.argv[1])).questions))
"""


def test_read_only_content_works_without_a_cache(
    content: Content, content_copy: Path, isolated_env: dict[str, str]
) -> None:
    folders = (content_copy, content_copy / "text")
    for folder in folders:
        folder.chmod(0o555)
    env = {k: v for k, v in isolated_env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    try:
        result = subprocess.run(
            bound_by_file_modes([sys.executable, "-c", LOAD_CONTENT, str(content_copy)]),
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(content.questions)}\n"
    assert not list(content_copy.rglob("__pycache__"))


def test_named_tuples_are_defined_without_string_annotations() -> None:
    """A NamedTuple turns each string annotation into a compiled ForwardRef when it is
    defined, at every start: under ``from __future__ import annotations`` that was a
    tenth of a millisecond per class on the way to the first question. Modules that
    define one evaluate their annotations (quoting only names not defined yet)."""
    import ast

    source_root = Path(needlecheck.__file__).parent
    offenders = []
    for path in sorted(source_root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        future = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and any(alias.name == "annotations" for alias in node.names)
            for node in tree.body
        )
        named_tuples = any(
            isinstance(node, ast.ClassDef)
            and any(getattr(base, "id", None) == "NamedTuple" for base in node.bases)
            for node in ast.walk(tree)
        )
        if future and named_tuples:
            offenders.append(str(path.relative_to(source_root)))
    assert offenders == []
