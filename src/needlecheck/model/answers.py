"""What an answer is and who gives it: the types that the model, the conditions and
everything after them share. It imports nothing of needlecheck's, so any module may
use it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

#: Who is answering: the person themselves, or a clinician asking them.
Mode = Literal["self", "clinician"]
MODES: tuple[Mode, ...] = ("self", "clinician")

Answer = int | str | tuple[str, ...]

Answers = Mapping[str, Answer]
