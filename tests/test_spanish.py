"""needlecheck in Spanish: every wording filled and Spanish, nothing English leaking into
Spanish output, and the safety principles on wording (5 and 6) in Spanish too."""

from __future__ import annotations

import json
import re
import string
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_needlecheck
from needlecheck.loading.content import CONTENT_DIR, load_content
from needlecheck.model.answers import Mode
from needlecheck.model.content import Content
from render_views import DOCUMENT_FORMATS, rendered, report_for

SPANISH = load_content("es")
ENGLISH = load_content("en")
NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
#: Answers in Spanish, as a Spanish speaker would type them.
SPANISH_ACTIVITIES = {"activity_1": "correr 5 km", "activity_2": "conducir más de una hora"}


def _strings(table: object) -> Iterator[str]:
    if isinstance(table, dict):
        for value in table.values():
            yield from _strings(value)
    elif isinstance(table, list):
        for value in table:
            yield from _strings(value)
    elif isinstance(table, str):
        yield table


def _english_phrases() -> set[str]:
    """Runs of three or more English words from en.toml that Spanish never shares.

    The parts of each template between its placeholders, so a filled-in line is found.
    """
    english = tomllib.loads((CONTENT_DIR / "text" / "en.toml").read_text("utf-8"))
    spanish = set(_strings(tomllib.loads((CONTENT_DIR / "text" / "es.toml").read_text("utf-8"))))
    phrases = set()
    for text in _strings(english):
        if text in spanish:
            continue
        for piece in re.split(r"\{[^}]*\}", text):
            part = piece.strip(" .,:;()'")
            if len(re.findall(r"[A-Za-z]+", part)) >= 3:
                phrases.add(" ".join(part.split()))
    return phrases


ENGLISH_PHRASES = _english_phrases()
#: Words that are English and not Spanish; any one in Spanish output is a leak.
ENGLISH_WORDS = re.compile(
    r"\b(the|your|you|and|with|not|question|answer|screening|needling|doctor|emergency)\b", re.I
)


#: Public ids (rule ids, levels, question ids and option values; a section id in brackets
#: in the question listing) are shown as they are in every language; citations of sources
#: keep their original titles.
_PUBLIC_IDS = {
    *(r.id for r in SPANISH.rules),
    *SPANISH.outcomes,
    *(q.id for q in SPANISH.questions),
    *(value for q in SPANISH.questions for value in q.options),
}
IDS = re.compile(
    r"\b("
    + "|".join(sorted(_PUBLIC_IDS, key=len)[::-1])
    + r")\b|\[("
    + "|".join(s.id for s in SPANISH.sections)
    + r")\]"
)
CITATIONS = [source.citation for source in SPANISH.sources.values()]


def assert_spanish(text: str) -> None:
    flat = " ".join(text.split())  # piped text is wrapped: a citation may span lines
    for citation in CITATIONS:
        flat = flat.replace(" ".join(citation.split()), "")
    flat = IDS.sub("", " ".join(flat.replace("\\_", "_").split()))  # Markdown escapes ids
    leaked = sorted(phrase for phrase in ENGLISH_PHRASES if phrase in flat)
    assert not leaked, leaked[:5]
    assert not ENGLISH_WORDS.findall(flat), sorted(set(ENGLISH_WORDS.findall(flat)))


def test_the_leak_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_spanish(f"Resumen. {ENGLISH.outcomes['may_suit'].advice}")
    with pytest.raises(AssertionError):
        assert_spanish("Siguiente paso: see your doctor")


# ── Every wording, filled in ───────────────────────────────────────────────────────────


def _filled(template: str) -> str:
    """The template with every placeholder filled, as the program fills it (numbers fit
    every format spec used)."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(names, 7))


def _every_wording(content: Content) -> Iterator[str]:
    for key in content.ui:
        yield _filled(content.ui[key])
    for question in content.questions:
        yield from (question.label, question.prompt("self"), question.prompt("clinician"))
        yield question.help
        yield from question.option_labels.values()
    for rule in content.rules:
        yield from (rule.summary, *rule.summaries.values(), rule.message, rule.discuss)
    for section in content.sections:
        yield from (section.title, section.title_clinician, section.intro, section.intro_clinician)
    for outcome in content.outcomes.values():
        yield from (outcome.title, outcome.advice, outcome.next_step)
    for score in content.scores:
        yield from (score.label, _filled(score.meaning))
    yield from (f.text for f in content.features)
    yield from (g.summary for g in content.feature_groups)
    yield from (n.text for n in content.notes)
    yield from (*content.safety_net.signs, content.safety_net.title, content.safety_net.action)


def test_every_rule_question_and_interface_line_is_spanish_and_filled() -> None:
    for text in _every_wording(SPANISH):
        assert "{" not in text and "}" not in text, text
        if text.strip():
            assert_spanish(text)


def test_clinician_wording_speaks_of_the_caller_in_spanish() -> None:
    for question in SPANISH.questions:
        prompt = question.prompt("clinician")
        assert (
            "la persona que llama" in prompt
            or "persona que llama" in prompt
            or (
                question.id in {"activity_1_score", "activity_2_score", "activity_3_score"}
                or "persona" in prompt
            )
        ), prompt


# ── Principles 5 and 6 hold in Spanish too ───────────────────────────────────────────

MEDICATION_ADVICE = re.compile(
    r"\b(deje|dejar|suspenda|suspender|reduzca|reducir|aumente|aumentar|baje|bajar|cambie|"
    r"cambiar|salte|empiece|empezar)\b[^.]{0,30}\b(medicamentos?|medicaci[oó]n|pastillas?|"
    r"dosis|warfarina|anticoagulantes?|drogas?)\b|\bdeje de tomar\b",
    re.I,
)
NEGATED = re.compile(r"\b(no|nunca|sin)\b", re.I)
NOT_NERVE = re.compile(
    r"muscular,? no (de )?nervio|no es (de )?(un )?nervio|no viene (de )?(un |del )?nervio"
    r"|solo (en el |del )?m[uú]sculo",
    re.I,
)


def test_the_spanish_wording_checks_can_fail() -> None:
    assert MEDICATION_ADVICE.search("Deje de tomar la warfarina dos días antes.")
    assert MEDICATION_ADVICE.search("Reduzca la dosis del anticoagulante.")
    assert NOT_NERVE.search("Su dolor es muscular, no de nervio.")


def test_no_spanish_wording_advises_a_medication_change_or_claims_muscle_not_nerve() -> None:
    for text in _every_wording(SPANISH):
        assert not NOT_NERVE.search(text), text
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert not (MEDICATION_ADVICE.search(sentence) and not NEGATED.search(sentence)), (
                sentence
            )
    anticoagulants = next(r for r in SPANISH.rules if r.id == "anticoagulants")
    assert "nombre y la dosis" in anticoagulants.message
    assert "recetó" in anticoagulants.message


def test_every_time_frame_of_a_rule_is_kept() -> None:
    """Now, today, same day and within days are the heart of the advice: each English
    rule and outcome's time frame has its Spanish counterpart."""
    frames = {  # English pattern: Spanish words ("now" as a time to act, not "cancer now")
        r"\bnow[.:]": "ahora",
        r"\btoday\b": "hoy",
        r"\bsame day\b": "mismo día",
        r"\bnext few days\b": "próximos días",
        r"\bstraight away\b": "de inmediato",
    }
    pairs = [(r.message, SPANISH.rules[i].message) for i, r in enumerate(ENGLISH.rules)]
    pairs += [
        (ENGLISH.outcomes[k].next_step, SPANISH.outcomes[k].next_step) for k in ENGLISH.outcomes
    ]
    for english, spanish in pairs:
        for frame, translated in frames.items():
            if re.search(frame, english):
                assert translated in spanish, (frame, spanish)


# ── Spanish output, every format and command ─────────────────────────────────────────


def _answers_file(tmp_path: Path, name: str) -> Path:
    answers = json.loads((EXAMPLES / name).read_text("utf-8"))
    answers.update(SPANISH_ACTIVITIES)
    path = tmp_path / "respuestas.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("file_format", DOCUMENT_FORMATS)
@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_every_report_format_is_spanish(file_format: str, mode: str) -> None:
    risky = {q.id: q.options[-1] for q in SPANISH.questions if q.type == "yes_no"}
    for answers in (risky, {}):
        report = report_for(SPANISH, answers, mode)  # type: ignore[arg-type]
        assert_spanish(rendered(report, file_format))


@pytest.mark.parametrize("file_format", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize(
    "example", ["runner-right-buttock.json", "emergency-bladder.json", "warfarin-diabetes.toml"]
)
def test_screen_with_lang_es_is_spanish_in_every_format(
    tmp_path: Path, isolated_env: dict[str, str], file_format: str, example: str
) -> None:
    if example.endswith(".toml"):
        answers = tomllib.loads((EXAMPLES / example).read_text("utf-8"))
        answers.update(SPANISH_ACTIVITIES)
        path = tmp_path / "respuestas.json"
        path.write_text(json.dumps(answers, ensure_ascii=False), "utf-8")
    else:
        path = _answers_file(tmp_path, example)
    env = {**isolated_env, **NO_LOCALE}
    args = ["screen", "--answers", str(path), "--format", file_format, "--lang", "es"]
    result = run_needlecheck(*args, env=env)
    assert result.returncode == 0, result.stderr
    if file_format == "json":
        report = json.loads(result.stdout)
        assert report["language"] == "es"
        texts = [report["outcome"]["title"], report["outcome"]["advice"]]
        texts += [f[key] for f in report["findings"] for key in ("summary", "message", "discuss")]
        texts += [*report["discuss_with_pt"], *report["safety_net"]["signs"], report["disclaimer"]]
        assert_spanish(" ".join(texts))
    else:
        assert_spanish(result.stdout)


@pytest.mark.parametrize(
    "args",
    [["questions"], ["questions", "--clinician"], ["about"]],
)
def test_questions_and_about_are_spanish(isolated_env: dict[str, str], args: list[str]) -> None:
    env = {**isolated_env, **NO_LOCALE, "LANG": "es_ES.UTF-8"}
    result = run_needlecheck(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert_spanish(result.stdout)


def test_history_and_compare_are_spanish(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    env = {**isolated_env, **NO_LOCALE}
    for example in ("runner-right-buttock.json", "emergency-bladder.json"):
        path = _answers_file(tmp_path, example)
        saved = run_needlecheck("screen", "--answers", str(path), "--save", "--lang", "es", env=env)
        assert saved.returncode == 0, saved.stderr
    for command in (["history", "--lang", "es"], ["compare", "--lang", "es"]):
        result = run_needlecheck(*command, env={**env, "COLUMNS": "200"})
        assert result.returncode == 0, result.stderr
        assert_spanish(result.stdout)


# ── The interview, in a real pseudo-terminal, with a Spanish locale ──────────────────


@pytest.mark.pty
def test_a_spanish_locale_runs_the_whole_interview_and_result_in_spanish(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_pty_interview import Terminal, complete, example

    for name, value in {**NO_LOCALE, "LANG": "es_ES.UTF-8"}.items():
        monkeypatch.setenv(name, value)
    answers = complete(SPANISH, example(SPANISH, "runner-right-buttock.json"))
    answers.update(SPANISH_ACTIVITIES)
    terminal = Terminal(SPANISH, home)
    terminal.see(SPANISH.text("interview.welcome_title"))
    terminal.see(SPANISH.sections[0].title + " · pregunta 1 de")
    terminal.answer_all(answers)
    terminal.confirm_review()
    code, screen = terminal.finish()
    assert code == 0
    assert SPANISH.outcomes["discuss_precautions"].title in " ".join(screen.split())
    assert_spanish(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", screen))


@pytest.mark.pty
@pytest.mark.parametrize("mode", ["self", "clinician"])
def test_everything_a_spanish_interview_shows_is_spanish(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: Mode
) -> None:
    """Every byte the terminal was sent, from the welcome to the last line (questions,
    options, help, the review, the result, the closing questions): no English wording
    of the text files, not even two words of an interface line."""
    from test_error_words import assert_no_english
    from test_pty_interview import Terminal, complete, example

    for name, value in {**NO_LOCALE, "LANG": "es_ES.UTF-8"}.items():
        monkeypatch.setenv(name, value)
    content = load_content("es", reader=mode)
    answers = complete(content, example(content, "runner-right-buttock.json"), mode)
    answers.update(SPANISH_ACTIVITIES)
    if mode == "clinician":  # the PT's own questions, and a note
        answers |= {"consent_capacity": "yes", "clinician_notes": "llamó por la tarde"}
    args = ("--clinician",) if mode == "clinician" else ()
    terminal = Terminal(SPANISH, home, *args, mode=mode)
    shown = tmp_path / "terminal.log"
    with shown.open("w", encoding="utf-8") as log:
        terminal.child.logfile_read = log
        terminal.answer_all(answers)
        terminal.confirm_review()
        assert terminal.finish()[0] == 0
    text = re.sub(
        r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-B]|\x1b[=>]", " ", shown.read_text("utf-8")
    )
    assert content.outcomes["discuss_precautions"].title in " ".join(text.split())
    assert_no_english(text, tmp_path=home)


@pytest.mark.pty
@pytest.mark.parametrize(
    ("code", "key", "chooses_yes"),
    [("es", "s", True), ("es", "y", True), ("en", "y", True), ("en", "s", False)],
)
def test_s_for_si_chooses_yes_in_spanish_and_y_in_every_language(
    home: Path, code: str, key: str, chooses_yes: bool
) -> None:
    import pexpect

    from test_pty_interview import Terminal

    content = load_content(code)
    terminal = Terminal(content, home, "--lang", code, "--no-draft")
    terminal.answer("age", 40)
    terminal.question("first_episode")
    named = content.text("interview.key_for", letter="s" if code == "es" else "y", label="")
    terminal.see(named + content.question_by_id["first_episode"].option_labels["yes"])
    terminal.child.send(key + "\r")
    if chooses_yes:
        terminal.question("saddle_numbness")
    else:
        terminal.see(content.text("interview.choose_first"))
    terminal.child.sendcontrol("c")
    terminal.child.expect(pexpect.EOF)
    terminal.child.close()


@pytest.mark.pty
@pytest.mark.parametrize(("key", "value"), [("s", "yes"), ("u", "not_sure")])
def test_in_spanish_clinician_mode_the_same_letters_answer_at_once(
    home: Path, key: str, value: str
) -> None:
    """One mechanism: the letters of [ui.interview] (s for Sí, u for No está seguro) are
    the keys clinician mode answers with at once, no Enter."""
    import pexpect

    from test_pty_interview import Terminal

    args = ("--lang", "es", "--clinician", "--no-draft")
    terminal = Terminal(SPANISH, home, *args, mode="clinician")
    terminal.answer("age", 40)
    terminal.question("first_episode")
    terminal.child.send(key)
    terminal.see(SPANISH.question_by_id["first_episode"].option_labels[value])
    terminal.question("saddle_numbness")
    terminal.child.sendcontrol("c")
    terminal.child.expect(pexpect.EOF)
    terminal.child.close()
