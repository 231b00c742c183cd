"""Spanish words in free text that may describe a warning sign (spec 4.6): each sign has
Spanish terms, they match written with accents or without, and folding never makes a
false match (ñ is not n: "año", year, is never "ano"). Everyday Spanish that only looks
like a term (inglés, orinal, cambiar pañales, montar a caballo) does not fire.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, run_needlecheck, safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import ContentError, build_content, load_content
from needlecheck.model.text_signs import STEM, TermPattern, TextSign, fold, signs_in
from test_text_warning_sign import LOGIC, TEXT, _sign

CONTENT = load_content()
SPANISH = load_content("es")
RULE = "text_warning_sign"
NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def _sign_of(term: str) -> TextSign:
    return TextSign("q", "r", (term,), TermPattern((term,)))


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("me duele la ingle", "saddle_numbness"),
        ("hormigueo en los genitales", "saddle_numbness"),
        ("la entrepierna dormida", "saddle_numbness"),
        ("me duelen las ingles", "saddle_numbness"),
        ("noto raro alrededor del ano", "saddle_numbness"),
        ("me cuesta orinar", "bladder_change"),
        ("a veces no llego y me orino encima", "bladder_change"),
        ("miedo a orinarme en el autobús", "bladder_change"),
        ("INCONTINENCIA", "bladder_change"),
        ("la vejiga", "bladder_change"),
        ("llevo una sonda", "bladder_change"),
        ("ya uso pañales", "bladder_change"),
        ("sangre en las heces", "bowel_change"),
        ("el intestino no me funciona", "bowel_change"),
        ("problemas de erección", "sexual_change"),
        ("problemas de ereccion", "sexual_change"),  # no accent
        ("ERECCIÓN", "sexual_change"),  # capitals with the accent
        ("disfunción eréctil", "sexual_change"),
        ("tengo el pie caído", "leg_weakness"),
        ("tengo el pie caido", "leg_weakness"),  # no accent
        ("pie cai\u0301do", "leg_weakness"),  # the accent as a combining mark
        ("arrastro el pie al andar", "leg_weakness"),
        ("se me dobla la rodilla", "leg_weakness"),
        ("ahora en ambas piernas", "both_legs_recent"),
        ("me duelen las dos piernas", "both_legs_recent"),
        ("ya noto la otra pierna", "both_legs_recent"),
    ],
)
def test_spanish_words_describe_their_sign_and_fire_the_rule(text: str, sign: str) -> None:
    assert [question for question, _ in signs_in(CONTENT.text_signs, text)] == [sign]
    answers = safe_answers(CONTENT) | {"activity_1": text}
    assert RULE in {rule.id for rule in assess(CONTENT, answers).findings}


@pytest.mark.parametrize(
    "text",
    [
        "hace un año que corro",  # año (year) is not ano
        "HACE UN AÑO",
        "un an\u0303o entero",  # ñ written as n + combining tilde is still ñ
        "a principios del año",
        "clases de inglés",  # inglés folds to "ingles", which needs "las"/"mis"
        "vaciar el orinal",  # an object, not passing urine
        "cambiar pañales a mi nieto",  # child care
        "montar a caballo con silla de montar",  # riding is an activity
        "me duele la nalga al sentarme",  # buttock pain is sciatica, not a warning sign
        "un panal de abejas",  # n is not ñ either way
        "sondeo",
        "correr 5 km",
        "conducir más de una hora",
    ],
)
def test_everyday_spanish_does_not_fire(text: str) -> None:
    assert signs_in(CONTENT.text_signs, text) == ()
    answers = safe_answers(CONTENT) | {"activity_1": text}
    assert RULE not in {rule.id for rule in assess(CONTENT, answers).findings}


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("ano", "ano", True),
        ("ano", "ANO", True),
        ("ano", "año", False),
        ("ano", "AÑO", False),
        ("ano", "an\u0303o", False),
        ("año", "ano", False),
        ("año", "año", True),
        ("año", "AÑO", True),
        ("caído", "caido", True),
        ("caido", "caído", True),
        ("caido", "CAÍDO", True),
        ("caido", "caìdo", True),
        ("caido", "cai\u0301do", True),
        ("vergüenza", "verguenza", True),
        ("façade", "facade", False),  # only vowels fold
        ("eréctil*", "erectiles", True),
        ("pie caído", "pie-caido", True),
    ],
)
def test_a_vowel_folds_and_nothing_else_does(term: str, text: str, matches: bool) -> None:
    assert (_sign_of(term).find(text) is not None) is matches


def test_every_term_matches_with_its_accents_and_without() -> None:
    for sign in CONTENT.text_signs:
        for term in sign.terms:
            written = term.removesuffix(STEM)
            plain = fold(written)
            for text in {written, plain, written.upper()}:
                assert signs_in((sign,), f"x {text} x"), (sign.question, term, text)


def test_a_term_listed_twice_with_and_without_accents_fails_loudly_at_load() -> None:
    logic = copy.deepcopy(LOGIC)
    _sign(logic, "leg_weakness")["terms"].append("pie caido")
    with pytest.raises(ContentError) as raised:
        build_content(logic, TEXT, "screening.toml", "text/en.toml")
    assert any(
        "text sign 'leg_weakness': term 'pie caido': listed twice (with or without accents)" in p
        for p in raised.value.problems
    ), raised.value.problems


def _answers_with(tmp_path: Path, changes: dict[str, Any]) -> Path:
    answers = json.loads((EXAMPLES / "runner-right-buttock.json").read_text("utf-8"))
    path = tmp_path / "respuestas.json"
    path.write_text(json.dumps(answers | changes, ensure_ascii=False), "utf-8")
    return path


def test_a_spanish_text_answer_with_a_warning_word_fires_through_the_cli(
    tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    path = _answers_with(tmp_path, {"activity_1": "Correr, pero me orino un poco"})
    env = {**isolated_env, **NO_LOCALE}
    base = ["screen", "--answers", str(path), "--lang", "es"]
    result = run_needlecheck(*base, "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["id"] == RULE)
    assert finding["matches"] == [
        {"question": "bladder_change", "field": "activity_1", "term": "orino"}
    ]
    assert finding["summary"] == next(r.summary for r in SPANISH.rules if r.id == RULE)
    text = run_needlecheck(*base, env={**env, "COLUMNS": "200"})
    assert text.returncode == 0, text.stderr
    label = SPANISH.question_by_id["activity_1"].label
    assert f"«orino» en {label}" in " ".join(text.stdout.split())
    quiet = _answers_with(tmp_path, {"activity_1": "Correr desde hace un año"})
    result = run_needlecheck("screen", "--answers", str(quiet), "--format", "json", env=env)
    assert RULE not in {f["id"] for f in json.loads(result.stdout)["findings"]}
