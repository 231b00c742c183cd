"""Clinician mode gives the PT no order meant for the caller (spec 3.6 v2, issue 14 item 2).

The PT reads the report for themselves, so "Get emergency care now" or "busque atención
urgente" would be an order to the PT. A report says what the caller needs instead ("The
caller needs emergency care now"). The rule checked here, in English and in Spanish:

- A sentence is looked at where it starts: after its stop, at a line, a JSON string, an
  HTML tag, a table cell, a list marker or a heading's marks, after a colon or
  semicolon, after any comma of an "If …"/"Si …" sentence ("If not, call…"), and after
  "then" ("…, then tell the PT", "después, cuente al fisioterapeuta").
- It gives an order when it starts with a verb in the imperative that the self-mode
  wording uses for the person screened (Get, Go, Call, Do not, …; Busque, Vaya, Llame,
  No espere, …). A question ("Keep this screening…?") is not an order.
- An order is allowed only when it is the PT's own about the call, which it shows by
  naming the caller in the same clause: "Ask the caller the missing questions",
  "Pregunte a la persona que llama…" (a clause ends at a comma). The caller named in
  another clause does not make an order the PT's: "Get emergency care, as the caller
  said yes" is still an order for the caller.
- How to pick an answer ("Choose every area that hurts", "Answer yes if…") is for
  whoever answers, in clinician mode the PT at the keyboard, and is not looked for.

Checked in every report format over many answer sets and over the most findings one
report can hold, and in every text the PT reads about the caller: each rule's title,
message and discussion point, each outcome, feature, note, contradiction and score, the
safety net, the report's own lines, and the interview's section titles and introductions,
help notes and the PT's own questions. The interview's lines on working needlecheck
itself ("Press Ctrl-C to stop") speak to the PT at the keyboard, as they should, and are
not checked.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content
from needlecheck.render import FORMATS
from needlecheck.report.build import build_report
from render_views import rendered
from strategies import answer_sets

ENGLISH = load_content(reader="clinician")
SPANISH = load_content("es", reader="clinician")
CLINICIAN = {"en": ENGLISH, "es": SPANISH}

#: Where a sentence or clause starts; the pieces between are each checked.
CLAUSE_END = re.compile(r"(?<=[.!?])\s+|[\n\"<>|:;]|\*\*")
#: List markers, numbers and heading marks before the first word.
LEADING_MARKS = re.compile(r"^[\s\-*•#>·–—¿¡(\[\d.)]*")
#: A sentence whose every clause may hold an order ("If not, call…").
CONDITION = re.compile(r"^(if|when|once|si|cuando|una vez)\b", re.IGNORECASE)
#: A word that opens an order after a comma ("…, then tell the PT").
THEN = re.compile(r"^(then|after that|luego|después|entonces)\b,?\s*", re.IGNORECASE)
#: Verbs in the imperative, English and Spanish (usted, with a pronoun after it too).
ENGLISH_ORDERS = (
    "get go call ask talk tell see stop seek contact phone dial keep bring check book make"
    " avoid show take wait speak visit arrange mention try let agree follow act"
)
SPANISH_ORDERS = (
    "busque vaya llame pida hable diga consulte pare acuda contacte marque traiga revise"
    " reserve pregunte muestre evite tome espere deje comente lleve avise conduzca cambie"
    " mencione acuerde haga vuelva dé dígale dígaselo pregúntele pregúntelo pregúnteselo"
    " coméntele cuéntele cuénteselo hágale"
)
#: After "No": the verbs the self-mode wording forbids with ("No conduzca").
SPANISH_FORBIDDEN = (
    "espere conduzca cambie deje tome vaya use haga intente olvide dude retrase acuda llame"
    " busque siga pare coma beba maneje cuente escriba incluya"
)
IMPERATIVE = {
    "en": re.compile(
        rf"^(do not|don't|{'|'.join(ENGLISH_ORDERS.split())})(?![\w-])", re.IGNORECASE
    ),
    "es": re.compile(
        rf"^(cuente(le)? al?|{'|'.join(SPANISH_ORDERS.split())}"
        rf"|no (se |lo |la |le |los |las )?({'|'.join(SPANISH_FORBIDDEN.split())}))(?![\w-])",
        re.IGNORECASE,
    ),
}
THE_CALLER = {
    "en": re.compile(r"\bthe callers?\b", re.IGNORECASE),
    "es": re.compile(r"\bla persona que llama\b", re.IGNORECASE),
}


def clause_starts(sentence: str) -> list[str]:
    """``sentence`` from its start, and from each comma after which it may give an order:
    every comma of an "If …" sentence, and a comma before or after "then"."""
    parts = sentence.split(",")
    starts = [sentence]
    for index in range(1, len(parts)):
        rest = ",".join(parts[index:]).strip()
        if CONDITION.search(sentence) or THEN.fullmatch(parts[index - 1].strip()):
            starts.append(rest)
        elif THEN.search(rest):
            starts.append(THEN.sub("", rest))
    return starts


def orders_to_reader(text: str, language: str) -> list[str]:
    """The clauses of ``text`` that order its reader about, not naming the caller.

    Read twice: with its lines joined, so a sentence wrapped over lines is whole; and line
    from each line's start, so a sentence after a heading with no stop is read from its
    own start (to its end, wrapped or not). A wrapped line may start with a lower-case
    verb in mid-sentence, so there only a line starting with a capital counts."""
    joined = " ".join(text.split())
    line_starts = []
    for line in text.splitlines():
        start = " ".join(LEADING_MARKS.sub("", line).split())
        if start[:1].isupper():
            line_starts.append(CLAUSE_END.split(joined[joined.find(start) :])[0])
    found = []
    for piece in [*CLAUSE_END.split(joined), *line_starts]:
        sentence = LEADING_MARKS.sub("", piece).strip()
        if not sentence or sentence.endswith("?") or sentence in found:
            continue
        if gives_an_order(sentence, language):
            found.append(sentence)
    return found


def gives_an_order(sentence: str, language: str) -> bool:
    clauses = [start.split(",")[0] for start in clause_starts(sentence)]

    def order(clause: str) -> bool:
        return bool(IMPERATIVE[language].search(clause))

    def names_the_caller(clause: str) -> bool:
        return bool(THE_CALLER[language].search(clause))

    return any(order(clause) and not names_the_caller(clause) for clause in clauses)


def test_the_check_finds_orders_to_the_reader() -> None:
    assert orders_to_reader("It is rare. Get emergency care now.", "en")
    assert orders_to_reader("- Do not wait for a PT appointment.", "en")
    assert orders_to_reader("## Next step\nCall 999 now.", "en")
    assert orders_to_reader('{"action": "Seek help today"}', "en")
    assert orders_to_reader("If they do not, tell the PT about them.", "en")
    assert orders_to_reader("<li>Talk to the PT first. The caller is 40.</li>", "en")
    assert orders_to_reader("Busque atención urgente ahora mismo.", "es")
    assert orders_to_reader("Es grave. No conduzca: pida que le lleven.", "es")
    assert orders_to_reader("| Acuda a urgencias |", "es")
    assert orders_to_reader("Si no es así, coméntele al fisioterapeuta.", "es")
    assert orders_to_reader("Primero, atención urgente; después, cuente al fisioterapeuta.", "es")
    assert orders_to_reader("Injury: get care first, then tell the PT what was found.", "en")
    assert orders_to_reader("Get emergency care, as the caller said yes.", "en")
    assert not orders_to_reader("The caller needs emergency care now.", "en")
    assert not orders_to_reader("The caller should rest, eat, and tell the PT.", "en")
    assert not orders_to_reader("Cuente solo las pastillas.", "es")
    assert not orders_to_reader("Ask the caller the missing questions.", "en")
    assert not orders_to_reader("Check these two answers with the caller.", "en")
    assert not orders_to_reader("Keep this screening on this computer?", "en")
    assert not orders_to_reader("Seeing a doctor: what the caller's GP found.", "en")
    assert not orders_to_reader("Follow-up means regular check-ups.", "en")
    assert not orders_to_reader("Pregunte a la persona que llama las preguntas.", "es")
    assert not orders_to_reader("La persona que llama no debe esperar.", "es")
    assert not orders_to_reader("No hay nada más que hacer.", "es")


def readable(output: str, file_format: str) -> str:
    """What a person reads of ``output``: a page's text without its style sheet, each of a
    JSON document's strings on a line of its own, the terminal's text without the frames
    a sentence wraps inside, other formats as they are."""
    if file_format == "terminal":
        return re.sub(r"[\u2500-\u257f]", " ", output)
    if file_format == "html":
        page = re.sub(r"<style.*?</style>", "", output, flags=re.DOTALL)
        return html.unescape(re.sub(r"<[^>]*>", "\n", page))
    if file_format == "jsonl":
        documents = [json.loads(line) for line in output.splitlines() if line.strip()]
        return "\n".join(strings(documents))
    if file_format in {"json", "fhir", "fhir-bundle"}:
        return "\n".join(strings(json.loads(output)))
    return output


def strings(document: object) -> list[str]:
    """Every string value of a JSON document, in order."""
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        document = list(document.values())
    if isinstance(document, list):
        return [text for item in document for text in strings(item)]
    return []


def every_text_read_about_the_caller(content: Content) -> list[str]:
    texts = [
        text
        for rule in content.rules
        for text in (rule.summary, *rule.summaries.values(), rule.message, rule.discuss)
    ]
    texts += [t for o in content.outcomes.values() for t in (o.title, o.advice, o.next_step)]
    texts += [t for g in content.feature_groups for t in (g.title, g.summary, g.favours)]
    texts += [f.text for f in content.features] + [n.text for n in content.notes]
    texts += [c.text for c in content.contradictions]
    texts += [t for score in content.scores for t in (score.label, score.meaning)]
    net = content.safety_net
    texts += [net.title, *net.signs, net.action]
    # The report's own lines are the [ui] keys of no area.
    texts += [content.text(key) for key in content.ui if "." not in key]
    texts += [
        t for s in content.sections for t in (s.title_for("clinician"), s.intro_for("clinician"))
    ]
    texts += [q.help for q in content.questions]
    texts += [q.prompt_clinician for q in content.questions if q.modes == {"clinician"}]
    return texts


@pytest.mark.parametrize("language", list(CLINICIAN))
def test_no_clinician_text_orders_its_reader(language: str) -> None:
    texts = every_text_read_about_the_caller(CLINICIAN[language])
    assert [order for t in texts for order in orders_to_reader(t, language)] == []


@pytest.mark.parametrize("language", list(CLINICIAN))
@pytest.mark.parametrize("file_format", list(FORMATS))
def test_every_finding_in_every_format_gives_no_order(language: str, file_format: str) -> None:
    """Every yes/no question answered with its last option (yes, or not sure): the most
    findings one report can hold, so every rule's clinician wording is shown."""
    content = CLINICIAN[language]
    risky = {q.id: q.options[-1] for q in content.questions if q.type == "yes_no"} | {"age": 70}
    report = build_report(content, assess(content, risky, "clinician"), ref="AB12")
    output = rendered(report, file_format, columns=1000)
    assert orders_to_reader(readable(output, file_format), language) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    language=st.sampled_from(list(CLINICIAN)),
    ref=st.sampled_from([None, "AB12"]),
)
def test_no_clinician_report_format_gives_an_order(
    data: st.DataObject, language: str, ref: str | None
) -> None:
    content = CLINICIAN[language]
    answers: dict[str, Answer] = data.draw(answer_sets(content, "clinician"))
    report = build_report(content, assess(content, answers, "clinician"), ref=ref)
    for file_format in FORMATS:
        output = rendered(report, file_format, columns=1000)
        assert orders_to_reader(readable(output, file_format), language) == [], file_format


def test_the_self_report_still_tells_the_person_what_to_do() -> None:
    """Only the clinician's reader changes: the person screening themselves is still told
    (spec section 2's titles)."""
    assert load_content().outcomes["emergency"].title == "Get emergency care now"
    assert load_content("es").outcomes["emergency"].title == "Busque atención urgente ahora"
    assert ENGLISH.outcomes["emergency"].title == "The caller needs emergency care now"
    assert SPANISH.outcomes["emergency"].title == (
        "La persona que llama necesita atención urgente ahora"
    )


@pytest.mark.parametrize("language", list(CLINICIAN))
def test_a_pt_s_progress_views_give_no_order(
    language: str, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """history and compare of a caller's saved screenings speak of the caller too: the
    PT reads them, as they read the reports."""
    from needlecheck.commands.compare import compare
    from needlecheck.commands.history import history
    from needlecheck.progress.history import save
    from needlecheck.report.json_contract import report_dict

    content = CLINICIAN[language]
    calm = safe_answers(content, "clinician")
    for answers in (calm, calm | {"bladder_change": "yes"}):
        assessment = assess(content, answers, "clinician")
        save(report_dict(build_report(content, assessment, ref="AB12")))
    compare([], ref="AB12", from_first=False, view_format="text", lang=language)
    history(plot=False, ref="AB12", limit=None, view_format="text", lang=language)
    shown = capsys.readouterr().out
    assert content.outcomes["emergency"].title in shown  # the caller's emergency is there
    assert orders_to_reader(shown, language) == []
