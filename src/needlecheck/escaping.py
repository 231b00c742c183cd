"""Untrusted text is shown, never obeyed: the one rule for answers, loaded files, file
names and refs wherever they are shown or written.

:func:`visible` turns control characters (C0, DEL, C1), bidi controls and zero-width
characters into visible escapes such as ``\\x1b`` or ``\\u202e``; :func:`json_text` does
the same inside a JSON document, as ``\\u`` escapes; :func:`cut` keeps a hostile value
from filling a screen. Markup is the renderers' business; this is about the terminal
itself. Pure string functions (standard library only), so the report and the input
layers use them without the output module.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters that are printable to Python but change how a terminal shows the text
#: around them: bidi overrides and isolates, marks, and zero-width characters.
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _escape_char(char: str) -> str:
    # Python's own escapes (\\n, \\x1b, \\x85, \\u202e, \\ud800): familiar, and one line.
    return repr(char)[1:-1]


def _needs_escape(char: str, keep_newlines: bool) -> bool:
    if char == "\n":
        return not keep_newlines
    if char in _INVISIBLE:
        return True
    # Cc: C0, DEL and C1 controls; Cs: lone surrogates (cannot be encoded); Cf: other
    # format characters that are invisible on a terminal; Zl, Zp: line and paragraph
    # separators, which break a line as a newline does.
    return unicodedata.category(char) in {"Cc", "Cs", "Cf", "Zl", "Zp"}


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi and zero-width character shown as an escape.

    A newline is escaped too unless ``keep_newlines``: a value on one line stays on one
    line (an error message cannot be split in two by a crafted file name).
    """
    # The common case, without a loop in Python: every _INVISIBLE character is a format
    # character (Cf), which is not printable either.
    if text.isprintable():
        return text
    return "".join(
        _escape_char(char) if _needs_escape(char, keep_newlines) else char for char in text
    )


#: Where a JSON document may hold a character that :func:`visible` would escape.
_JSON_SUSPECT = re.compile(r"[^\x20-\x7e\n]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not _needs_escape(char, keep_newlines=True):
        return char
    code = ord(char)
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(document: str) -> str:
    """A JSON document (from ``json.dumps``) with every character :func:`visible` would
    escape (C1, DEL, bidi, zero-width) written as a ``\\u`` escape: the text is kept as
    typed, but nothing in the file can drive a terminal or a viewer that shows it."""
    if document.isascii() and "\x7f" not in document:  # the common case, without a scan
        return document
    return _JSON_SUSPECT.sub(_json_escape, document)


#: The most of one value (a word, a number, a name) a message quotes.
CUT_AT = 80


def cut(text: str, limit: int = CUT_AT) -> str:
    """``text`` with every run of more than ``limit`` characters without a space cut to
    its first ones and "…": a hostile value (a 4,000-digit number) cannot fill a screen."""
    if len(text) <= limit:
        return text
    return " ".join(
        word if len(word) <= limit else word[: limit - 1] + "…" for word in text.split(" ")
    )
