"""Free text that may describe a warning sign (spec 4.6): terms compiled to patterns.

A term is content data (``[[text_signs]]`` in ``screening.toml``): a word or a phrase,
matched as whole words whatever the case; ``*`` at the end of its last word matches any
word that starts with it; the words of a phrase may be separated by any run of
whitespace, hyphens or dashes; a vowel matches with or without an accent ("caido" and
"caído" alike), but no other letter is folded: ñ is a letter of its own, so "año" (year)
never matches a term "ano". Each sign's terms make one pattern, compiled the first time
a text is searched (``TermPattern``): every run loads the content, few read free text.
Pure functions: the engine uses them through the ``text_warning_sign`` condition, and the
interview can ask which signs a text matches (``signs_in``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping

from needlecheck.records import Record

#: Between the words of a phrase: any run of whitespace, hyphen-minus or the dashes
#: U+2010 to U+2015 ("foot-drop" and "foot — drop" both match "foot drop").
_SEPARATOR = r"[\s\-\u2010-\u2015]+"
#: One word of a term: letters or digits of any script, apostrophes inside.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
STEM = "*"
#: The accents a vowel may carry and still match the plain vowel (people type Spanish
#: with and without them). Only vowels: folding ñ to n or ç to c would make false
#: matches ("año", year, is not "ano").
_ACCENTED = {"a": "áàâä", "e": "éèêë", "i": "íìîï", "o": "óòôö", "u": "úùûü"}
_PLAIN = str.maketrans({a: plain for plain, accents in _ACCENTED.items() for a in accents})


def fold(term: str) -> str:
    """``term`` as the pattern sees it: lower case, vowels without accents. Two terms
    that fold the same match the same words."""
    return term.lower().translate(_PLAIN)


def searchable(text: str) -> str:
    """``text`` composed (NFC), so an accent typed as a separate combining mark is read
    as the accented letter ("n" + U+0303 is "ñ", never "n")."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class TermPattern:
    """The one pattern of some terms, compiled on first use: compiling every sign's terms
    costs more than the rest of loading the content, and most runs search no text."""

    __slots__ = ("_compiled", "terms")

    def __init__(self, terms: tuple[str, ...]) -> None:
        self.terms = terms
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = compile_terms(self.terms)
        return self._compiled.search(text)


class TextSign(Record):
    """The terms that may describe one warning sign, and the rule its own answer fires."""

    question: str
    #: The sign's emergency rule: when it fired, the words add nothing (spec 4.6).
    emergency_rule: str
    terms: tuple[str, ...]
    pattern: TermPattern

    def find(self, text: str) -> str | None:
        """The first matching words as written in ``text``; None when none match."""
        found = self.pattern.search(searchable(text))
        return found.group() if found else None


class TextMatch(Record):
    """Words in one free-text answer that may describe one warning sign."""

    question: str  # the warning sign's question id
    field: str  # the text question the words are in
    term: str  # the words as written in the answer


def term_problem(term: object) -> str | None:
    """Why a term cannot be used, or None when it can."""
    if not isinstance(term, str) or not term.strip():
        return f"term {term!r}: a term must be non-empty text"
    words = term.split()
    last = words[-1].removesuffix(STEM)
    if any(STEM in word for word in (*words[:-1], last)):
        return f"term {term!r}: '*' is allowed only at the end of the last word"
    if not all(_WORD.fullmatch(word) for word in (*words[:-1], last)):
        return f"term {term!r}: a term is whole words of letters or digits (and apostrophes)"
    return None


def compile_terms(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-blind pattern for terms that ``term_problem`` accepts.

    The terms are merged into a trie (shared beginnings written once), so at each word
    the pattern tests a few letters rather than every term. And re skips ahead fastest
    when a pattern begins with a plain set of characters (without IGNORECASE): so the
    first letter is a set of both its cases, checked to start a word, and the rest is
    matched ignoring case. Together about three times faster than a plain list of
    alternatives on ordinary text (``benchmarks/bench.py``).
    """
    trie: _Trie = {}
    for term in terms:
        node = trie
        for piece in _pieces(term):
            node = node.setdefault(piece, {})
        node[_END] = {}
    # A term starts with a letter or digit (a class of them for a vowel).
    first = {
        case
        for piece in trie
        for letter in piece.strip("[]")
        for case in (letter.lower(), letter.upper())
        if len(case) == 1
    }
    branches = "|".join(f"(?<={piece}){_pattern(rest)}" for piece, rest in trie.items())
    return re.compile(f"[{''.join(sorted(first))}](?<!\\w.)(?i:{branches})\\b")


_Trie = dict[str, "_Trie"]
_END = ""  # marks where a term ends; no piece is empty


def _pieces(term: str) -> list[str]:
    """A term as pattern pieces: one per letter (a vowel with its accents), a separator
    between words, a stem."""
    words = fold(term).split()
    stem = words[-1].endswith(STEM)
    words[-1] = words[-1].removesuffix(STEM)
    pieces: list[str] = []
    for number, word in enumerate(words):
        if number:
            pieces.append(_SEPARATOR)
        # A letter or digit is its own pattern (re.escape leaves it as it is).
        pieces.extend(
            f"[{letter}{_ACCENTED[letter]}]" if letter in _ACCENTED else letter for letter in word
        )
    if stem:
        pieces.append(r"\w*")
    return pieces


def _pattern(node: _Trie) -> str:
    # Longer continuations are tried first and the end of a term last, so the words
    # quoted are the fullest match at their place.
    branches = [piece + _pattern(child) for piece, child in node.items() if piece != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


def signs_in(signs: tuple[TextSign, ...], text: str) -> tuple[tuple[str, str], ...]:
    """Which warning signs ``text`` may describe: (sign question id, words as written),
    in the order of the signs. For the interview, which asks those questions again."""
    found = ((sign.question, sign.find(text)) for sign in signs)
    return tuple((question, words) for question, words in found if words is not None)


def texts(answers: Mapping[str, object], fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """The non-empty text answers among ``fields``, as (field, text)."""
    return [(f, t) for f in fields if isinstance(t := answers.get(f), str) and t]


def matches_in(
    signs: tuple[TextSign, ...],
    fields: tuple[str, ...],
    answers: Mapping[str, object],
    fired: Container[str],
) -> tuple[TextMatch, ...]:
    """One match per (sign, field), by sign then field, for signs whose emergency rule
    did not fire. ``answers`` hold only the answers that apply, in the current mode."""
    given = texts(answers, fields)
    if not given:
        return ()
    return tuple(
        TextMatch(sign.question, field, words)
        for sign in signs
        if sign.emergency_rule not in fired
        for field, text in given
        if (words := sign.find(text)) is not None
    )
